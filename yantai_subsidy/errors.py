"""Typed errors, each with the exit code the command line gives it.

Library code raises these; only the command line turns them into
``Error: …`` on stderr and an exit code (DESIGN.md, "Exit codes").

Every error carries a message of the catalogue (:mod:`.messages`): an id and its parameters.
``str(err)`` is the English text; the command line prints ``err.render(lang)``, in Chinese
with ``--lang zh`` or a zh locale.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

#: The distribution's name on PyPI. The command is ``ytsub``, but ``ytsub`` on PyPI is an
#: unrelated project: every install command ytsub suggests names this one.
DISTRIBUTION = "yantai-subsidy"


def install_hint(extra: str, module: str) -> Message:
    """How to add an optional extra, for pip and for pipx users."""
    return Message("hint.install", distribution=DISTRIBUTION, extra=extra, module=module)


class Message:
    """A message of the catalogue (:mod:`.messages`) with its parameters, in either language.

    A parameter that is itself a :class:`Message` or a :class:`YtsubError` is rendered in the
    same language; any other is formatted as the template says (``{key!r}``, ``{size:,}``).
    ``str()`` gives the English text. The catalogue is imported only when a message is rendered.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params

    def render(self, lang: str = "en") -> str:
        from .messages import render

        return render(self.key, self.params, lang)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Message) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __reduce__(self) -> tuple[Any, ...]:  # a batch worker sends its row errors back
        return (_message, (self.key, self.params))


class Joined:
    """Parts of a message (messages, or text the same in both languages) joined by a separator
    that is written in each language (``"; "`` is ``"；"`` in Chinese)."""

    SEPARATORS: ClassVar[dict[str, str]] = {"; ": "；", ", ": "、", " and ": "、"}

    def __init__(self, separator: str, parts: Iterable[object]) -> None:
        self.separator = separator
        self.parts = list(parts)

    def render(self, lang: str = "en") -> str:
        separator = (
            self.SEPARATORS.get(self.separator, self.separator) if lang == "zh" else self.separator
        )
        return separator.join(
            part.render(lang) if isinstance(part, (Message, Joined)) else str(part)
            for part in self.parts
        )

    def __str__(self) -> str:
        return self.render("en")


class Edited:
    """A message rewritten after it is rendered, in whichever language (``match`` says an option
    as the profile's key: ``--rd`` → ``facts.rd``)."""

    def __init__(self, source: Message | YtsubError, edit: Callable[[str], str]) -> None:
        self.source, self.edit = source, edit

    def render(self, lang: str = "en") -> str:
        return self.edit(self.source.render(lang))

    def __str__(self) -> str:
        return self.render("en")


class OsReason:
    """Why the system refused: its own words (``strerror``) in English, the catalogue's
    (``os.<errno name>``) in Chinese when it has them."""

    def __init__(self, err: OSError) -> None:
        self.err = err

    def render(self, lang: str = "en") -> str:
        if lang == "zh" and self.err.errno is not None:
            from .messages import MESSAGES

            known = MESSAGES.get("os." + errno.errorcode.get(self.err.errno, ""))
            if known is not None:
                return known[1]
        return str(self.err.strerror or self.err)

    def __str__(self) -> str:
        return self.render("en")


def os_reason(err: OSError) -> OsReason:
    """``err.strerror`` (or the error) as a message part: ``reason=os_reason(err)``."""
    return OsReason(err)


def listing(items: Iterable[object]) -> Joined | Message:
    """A list in a message: ``a, b`` (``a、b`` in Chinese), or ``none`` (``无``) when empty."""
    parts = list(items)
    return Joined(", ", parts) if parts else Message("word.none")


def _message(key: str, params: dict[str, object]) -> Message:
    return Message(key, **params)


class YtsubError(Exception):
    """Base of every error ytsub expects; its message is one line for a user.

    Raised with a catalogue id and its parameters: ``InputError("value.not_a_number",
    name="--amount", text="abc")`` (tests/test_messages.py refuses a literal English text).
    """

    exit_code = EXIT_BAD_INPUT

    def __init__(self, key: str | Message, /, **params: object) -> None:
        self.message = key if isinstance(key, Message) else Message(key, **params)
        super().__init__(self.message.render("en"))

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (``str(err)`` is the English one, made when it was raised)."""
        return str(self) if lang == "en" and self.args else self._text(lang)

    def _text(self, lang: str) -> str:
        return self.message.render(lang)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.__dict__))


def _rebuilt(cls: type[YtsubError], state: dict[str, Any]) -> YtsubError:
    err = cls.__new__(cls)
    err.__dict__.update(state)
    Exception.__init__(err, err._text("en"))
    return err


class RuleValueError(ValueError):
    """A field of a rule file refused by ytsub's own check (schema.py), raised inside pydantic's
    validation: the loader finds its message in pydantic's error and reports it in the language
    of the command line (pydantic's own wording of other errors stays English)."""

    def __init__(self, key: str | Message | Edited, /, **params: object) -> None:
        self.message = Message(key, **params) if isinstance(key, str) else key
        super().__init__(self.message.render("en"))


class InputError(YtsubError):
    """A value given by the user (option, batch cell, profile fact) is not acceptable."""


class RuleFileError(YtsubError):
    """A rule file cannot be read or does not validate: ``file: field.path: message``."""

    def __init__(
        self, file: str, message: Message | str, path: str = "", line: int | None = None
    ) -> None:
        """``message``: a catalogue message, or a text that is the same in both languages
        (pydantic's own wording of a validation error stays English)."""
        self.file = file
        self.path = path
        self.line = line
        self.message = message if isinstance(message, Message) else Message("text", text=message)
        self.detail = str(message)
        Exception.__init__(self, self._text("en"))

    def _text(self, lang: str) -> str:
        """``file:line: field.path: message``: the framing is the same in both languages."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = self.message.render(lang)
        return f"{where}: {self.path}: {text}" if self.path else f"{where}: {text}"


class UsageError(YtsubError):
    """The command line itself is wrong: unknown benefit or option, missing option."""

    exit_code = EXIT_USAGE


class OutputError(YtsubError):
    """The result cannot be written: a full disk, /dev/full, standard output closed."""


class UnreadableInputError(InputError):
    """An input file (a profile) that cannot be opened, or read as a whole (not UTF-8, YAML, JSON).

    Exit 2, as for a batch input that cannot be read and as ``grep`` gives for a missing file:
    nothing was estimated. What a file that reads *says* wrongly is an InputError (exit 1).
    """

    exit_code = EXIT_USAGE


class RulesPathError(RuleFileError):
    """The rules folder named by ``--rules``, ``YTSUB_RULES`` or ``rules check DIR`` cannot be opened."""

    exit_code = EXIT_USAGE


def did_you_mean(word: str, candidates: Iterable[str]) -> Message | str:
    """`` (did you mean x?)`` when a close candidate exists, else an empty string."""
    import difflib  # here, not at the top: only a mistyped name pays for it (~1 ms at start-up)

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)
    return Message("hint.did_you_mean", word=close[0]) if close else ""
