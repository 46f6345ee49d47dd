"""What every command shares: language, colour, writing output, and turning errors into exit codes.

Kept free of typer and rich, so ``ytsub estimate … --format json`` imports neither.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from typing import TextIO

from .errors import (
    EXIT_INTERNAL,
    EXIT_OK,
    Message,
    OutputError,
    UsageError,
    YtsubError,
    listing,
    os_reason,
)
from .result import DisplayUnit, Lang

LANGS: tuple[Lang, ...] = ("zh", "en")
UNITS: tuple[DisplayUnit, ...] = ("yuan", "wan")
ENV_LANG = "YTSUB_LANG"


def language(option: str | None) -> Lang:
    """``--lang``, else ``YTSUB_LANG``, else the locale (zh_* → zh), else English.

    ``--lang ""`` is refused, not read as "not given": an empty option is never a silent default.
    """
    if option is not None:
        return _lang(option, "--lang")
    env = os.environ.get(ENV_LANG, "").strip()
    if env:
        return _lang(env, ENV_LANG)
    return _locale_language()


def _locale_language() -> Lang:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _lang(raw: str, where: str) -> Lang:
    value = raw.strip().lower()
    for lang in LANGS:
        if value == lang or value.startswith((lang + "_", lang + "-")):
            return lang
    raise UsageError("cli.lang_unknown", where=where, raw=raw)


#: The command line being run (:func:`hear`), read for the language of its messages.
_COMMAND_LINE: list[str] = []


def hear(args: list[str]) -> None:
    """Keep the command line, so that an error met before (or while) parsing it is told in its
    language."""
    _COMMAND_LINE[:] = args


def message_language() -> Lang:
    """The language of errors and messages on stderr: ``--lang`` as written anywhere on the
    command line (``--lang zh``, ``--lang=zh``: an error may come before parsing ends), else
    ``YTSUB_LANG``, else the locale. A ``--lang`` or ``YTSUB_LANG`` that names no language is
    passed over, so that its own error is told in the language of what comes next."""
    args = _COMMAND_LINE
    for index, word in enumerate(args):
        if word == "--lang" and index + 1 < len(args):
            written = args[index + 1]
        elif word.startswith("--lang="):
            written = word.partition("=")[2]
        else:
            continue
        try:
            return _lang(written, "--lang")
        except UsageError:
            continue
    try:
        return language(None)
    except UsageError:
        return _locale_language()


def error_line(err: YtsubError | Message | str) -> str:
    """``Error: …`` (``错误：…``) on one line, in :func:`message_language`."""
    lang = message_language()
    text = err if isinstance(err, str) else err.render(lang)
    return Message("error", message=" ".join(text.split())).render(lang)


def display_unit(option: str | None) -> DisplayUnit:
    value = ("yuan" if option is None else option).strip().lower()
    if value in ("yuan", "元"):
        return "yuan"
    if value in ("wan", "万"):
        return "wan"
    raise UsageError("cli.unit_unknown", option=option)


def output_format(option: str | None, allowed: tuple[str, ...]) -> str:
    value = (allowed[0] if option is None else option).strip().lower()
    if value not in allowed:
        raise UsageError("cli.format_unknown", option=option, listed=listing(allowed))
    return value


def wants_color(stream: TextIO | None = None) -> bool:
    """Colour on a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR forces it."""
    stream = stream or sys.stdout
    if stream is None:  # standard output closed (ytsub … >&-)
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM", "").strip().lower() == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


#: A table narrower than this cannot show its three columns; wider than this, a typo.
NARROWEST, WIDEST = 60, 1000


def terminal_width() -> int:
    """``COLUMNS`` when it is set, piped or not (as ``COLUMNS=120 ytsub … | less``); else the
    terminal's width; else 100, for pipes and files."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit():
        return min(WIDEST, max(NARROWEST, int(columns)))
    if sys.stdout is not None and sys.stdout.isatty():
        import shutil  # here, not at the top: pipes and files never need it (~2 ms at start-up)

        return min(WIDEST, max(NARROWEST, shutil.get_terminal_size((100, 24)).columns))
    return 100


#: What a legacy encoding of standard output lacks, written as it writes it: GBK (Chinese
#: Windows' code page 936, where ``ytsub … > result.txt`` writes) has no ¥, ✓, ✗, − or ².
LEGACY_FORMS = str.maketrans({"¥": "￥", "✓": "√", "✗": "×", "−": "－", "²": "^2"})


def for_stream(text: str, stream: TextIO, *, strict: bool) -> str:
    """``text`` as ``stream``'s encoding can hold it: unchanged in UTF-8 (or whenever it fits),
    else with :data:`LEGACY_FORMS`; what still does not fit is an OutputError when ``strict``
    (a result is never written with a character lost), else left to the stream's own errors
    handler (stderr's backslashreplace)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8") or text.isascii():
        return text
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    text = text.translate(LEGACY_FORMS)
    try:
        text.encode(encoding)
    except UnicodeEncodeError as err:
        if strict:
            char = err.object[err.start]
            raise OutputError(
                "output.cannot_encode", encoding=encoding, char=char, code=ord(char)
            ) from None
    except LookupError:
        pass
    return text


def emit(text: str) -> None:
    """Write a result to stdout, with a final newline; a failed write is an OutputError."""
    if sys.stdout is None:
        raise OutputError("output.stdout_closed")
    text = for_stream(text, sys.stdout, strict=True)
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # `| head` has read enough: guarded() ends quietly
    except OSError as err:
        raise output_error(err) from None


def output_error(err: OSError) -> OutputError:
    """``cannot write the result: No space left on device``; stdout is silenced first, so that
    Python's own flush at exit does not fail again with a traceback."""
    _silence_stdout()
    return OutputError("output.cannot_write", reason=os_reason(err))


#: Characters a message never passes to the terminal as they are: C0 and C1 controls but the
#: line's own ends (an ESC sequence colours, hides or retitles; a refused value quotes what was
#: written) and the bidirectional overrides and isolates, which show text reversed.
CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def shown(text: str) -> str:
    """``text`` with each control character written out as Python writes it (``\\x1b``)."""
    return CONTROL_CHARACTERS.sub(lambda found: ascii(found.group(0))[1:-1], text)


def written_out(path: str) -> str:
    """A file's path with its control characters and line breaks written out (``\\x1b``,
    ``\\n``): a profile's name may hold none, but a file's name may (a profile's heads the
    table; an overlay's are listed), and the terminal would obey an ESC sequence in it."""
    return shown(path).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def say(text: str) -> None:
    """A message for the person, not the pipe: stderr (if stderr cannot be written, nothing can)."""
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(for_stream(shown(text), sys.stderr, strict=False) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def guarded(action: Callable[[], int | None]) -> int:
    """Run a command; expected errors become ``Error: …`` and their exit code, never a traceback."""
    try:
        code = action()
        return EXIT_OK if code is None else code
    except YtsubError as err:
        say(error_line(err))
        return err.exit_code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130  # Ctrl-C: the user knows; end quietly
    except Exception as err:  # noqa: BLE001 - the one place unexpected errors become a message
        where = type(err).__name__
        try:
            say(Message("internal", kind=where, detail=_one_line(err)).render(message_language()))
        except Exception:  # noqa: BLE001 - the catalogue itself is broken: still one line
            say(f"Error: internal error ({where}: {_one_line(err)})")
        return EXIT_INTERNAL


def _one_line(err: BaseException) -> str:
    """An error's message on one line, whatever it holds: every error is one line on stderr."""
    return " ".join(str(err).split())


def _silence_stdout() -> None:
    """After ``| head`` closed the pipe, point stdout at /dev/null so exiting does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):
        pass
