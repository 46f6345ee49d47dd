"""``ytsub`` and ``python -m yantai_subsidy``.

``estimate`` and ``batch`` go straight to their own parser: building the Typer
app costs more than an estimate (Typer validates every parameter with pydantic).
Everything else goes through the Typer app in :mod:`yantai_subsidy.cli`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from .errors import Message
    from .result import Lang


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("_YTSUB_COMPLETE", "").startswith("complete_"):  # see completion.py
        from .completion import answer

        reply, code = answer()
        if reply:
            sys.stdout.write(reply + "\n")
        return code
    from .shell import hear

    hear(args)  # an error is told in the language of --lang, even one met before parsing ends
    if args[:1] == ["estimate"]:
        from .cli_estimate import run as run_estimate

        return run_estimate(args[1:])
    if args[:1] == ["batch"]:
        from .cli_batch import run as run_batch

        return run_batch(args[1:])
    if not _asks_for_help(args):
        from .declared import COMMANDS

        path = " ".join(args[:2]) if args[:1] == ["rules"] else " ".join(args[:1])
        if path in COMMANDS:
            return _run_declared(path, COMMANDS[path], args[len(path.split()) :])
    return guarded_app(args)


def guarded_app(args: list[str]) -> int:
    """The whole Typer app: help, completion scripts, ``--version``, and what it alone knows."""
    from .shell import guarded

    return guarded(lambda: _run_app(args))


def _run_declared(path: str, spec: dict[str, Any], args: list[str]) -> int:
    """A Typer-declared command, parsed from its declaration (:mod:`.declared`) without Typer.

    Building the Typer app and its pydantic adapters costs more than these commands' work
    (about 100 ms); the same declaration read as data parses alike, and
    tests/test_declared.py runs a corpus through both and compares every byte and exit code.
    """
    from . import commands
    from .cli_args import Flag, parse_args
    from .errors import Message, UsageError
    from .shell import guarded

    def parsed() -> dict[str, Any]:
        flags = {
            opt: Flag(name, takes_value=takes_value, multiple=multiple)
            for opt, (name, takes_value, multiple) in spec["options"].items()
        }
        flags["--help"] = flags["-h"] = Flag("help", takes_value=False)  # --help=x is refused
        found = parse_args(args, flags)
        values: dict[str, Any] = {**spec["defaults"], **found.values, **found.lists}
        position = 0
        for name, nargs, required, metavar in spec["arguments"]:
            taken = (
                found.positionals[position:]
                if nargs < 0
                else found.positionals[position : position + 1]
            )
            position += len(taken)
            if required and not taken:
                noun = metavar.lower().rstrip(".").replace("|", " or ")
                raise UsageError(
                    "cli.which_argument",
                    noun=Message("noun." + "_".join(noun.split())),
                    path=path,
                    metavar=metavar,
                )
            values[name] = taken if nargs < 0 else (taken[0] if taken else None)
        if position < len(found.positionals):
            raise found.unexpected(position, Message("hint.see_help", command=f"ytsub {path}"))
        return values

    return guarded(lambda: int(getattr(commands, spec["function"])(**parsed())))


def _run_app(args: list[str]) -> int:
    from .cli import app
    from .shell import error_line, say

    if _asks_for_help(args):
        return _help(args)

    usage_error = _click_usage_error()
    try:
        code = app(args=args, prog_name="ytsub", standalone_mode=False)
    except usage_error as raised:
        err = cast(_ClickUsageError, raised)
        if type(err).__name__ == "NoArgsIsHelpError":  # `ytsub` or `ytsub rules` alone
            from .render.help import declared
            from .shell import language, terminal_width

            say(declared(err.ctx.command, err.ctx.command_path, terminal_width(), language(None)))
            return err.exit_code
        say(error_line(_one_line(err)))
        return err.exit_code
    except SystemExit as done:
        code = done.code
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            return 0  # Typer met a closed pipe printing help (`| head`): quietly, as every command
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BrokenPipeError:
        raise
    except OSError as err:  # click printing help or the version to a full disk
        from .shell import output_error

        raise output_error(err) from None
    return code if isinstance(code, int) else 0


class _ClickUsageError(Protocol):
    """What ytsub reads of click's ``UsageError``: its message, exit code and context."""

    exit_code: int
    ctx: Any

    def format_message(self) -> str: ...


def _asks_for_help(args: list[str]) -> bool:
    options = args[: args.index("--")] if "--" in args else args
    return "--help" in options or "-h" in options


def _help(args: list[str]) -> int:
    """Help for ``ytsub`` or the Typer command named, in the layout estimate and batch use."""
    import typer.main

    from .cli import app
    from .render.help import declared
    from .shell import emit, terminal_width

    command = typer.main.get_command(app)
    path = "ytsub"
    for word in args:
        subcommands = getattr(command, "commands", {})
        if word == "--":
            break
        if word in subcommands:
            command, path = subcommands[word], f"{path} {word}"
    emit(declared(command, path, terminal_width(), _help_language(args)))
    return 0


def _help_language(args: list[str]) -> Lang:
    """``--lang`` as written anywhere on the line (help is asked before parsing), else the
    default; a value that is not a language is left for the command to refuse."""
    from .shell import language

    for index, word in enumerate(args[:-1]):
        if word == "--lang":
            with contextlib.suppress(Exception):
                return language(args[index + 1])
    for word in args:
        if word.startswith("--lang="):
            with contextlib.suppress(Exception):
                return language(word.partition("=")[2])
    return language(None)


def _one_line(err: _ClickUsageError) -> Message:
    """One line, in the words ``estimate`` and ``batch`` use, instead of click's usage block.

    click's exceptions are told apart by their class names and attributes (public in click, but
    Typer re-exports none of them); whatever click version formats the message, the user reads
    the same sentence from every command.
    """
    from .errors import Message, did_you_mean

    kind = type(err).__name__
    option = getattr(err, "option_name", None)
    where = err.ctx.command_path if err.ctx is not None else "ytsub"
    message = err.format_message()
    if re.fullmatch(r"-[\w-]+ is given twice", message):  # as the fast parser says it
        return Message("cli.given_twice", name=message.split()[0])
    if kind == "NoSuchOption" and isinstance(option, str):
        known = []
        if err.ctx is not None:
            known = [n for p in err.ctx.command.params for n in p.opts if n.startswith("--")]
        return Message("cli.no_such_option", name=option, hint=did_you_mean(option, known))
    if kind == "BadOptionUsage" and isinstance(option, str):
        if "does not take a value" in message:
            return Message("cli.takes_no_value", name=option)
        if "requires an argument" in message:
            return Message("cli.needs_value", name=option)
    param = getattr(err, "param", None)
    if kind == "MissingParameter" and param is not None and param.param_type_name == "argument":
        metavar = param.metavar or param.name.upper()
        noun = metavar.lower().rstrip(".").replace("|", " or ")
        path = where.removeprefix("ytsub ")
        return Message(
            "cli.which_argument",
            noun=Message("noun." + "_".join(noun.split())),
            path=path,
            metavar=metavar,
        )
    extra = re.search(r"extra argument(?:s|\(s\))? \((.+)\)", message)
    if extra:
        first = extra[1].split()[0]
        return Message(
            "cli.unexpected_argument", token=first, usual=Message("hint.see_help", command=where)
        )
    unknown = re.fullmatch(r"No such command '([^']*)'\.(?: Did you mean (.+)\?)?", message)
    if unknown:  # click's sentence, with Typer's suggestions ('list', 'facts') as it gives them
        hint = Message("hint.suggested", words=unknown[2]) if unknown[2] else ""
        return Message("cli.no_such_command", name=unknown[1], hint=hint, command=where)
    # what ytsub does not word itself (click's own sentence) stays as click says it
    return Message("cli.click_other", message=message.rstrip("."), command=where)


def _click_usage_error() -> type[Exception]:
    """click's ``UsageError``, reached through Typer's public ``BadParameter`` (a subclass of it).

    Typer re-exports no ``UsageError``; it vendors click as ``typer._click`` from 0.26 and
    imports ``click`` before that. Walking the public class's bases works with both, without
    importing a private module.
    """
    import typer

    for base in typer.BadParameter.__mro__:
        if base.__name__ == "UsageError":
            return base
    raise RuntimeError("typer.BadParameter is no longer a click UsageError")  # pragma: no cover


def main() -> None:
    # Every command but batch does a bounded piece of work and exits: the cyclic garbage
    # collector's passes over all the objects the imports made cost it ~5% of its start-up and
    # would free next to nothing. batch, whose work grows with its input, keeps the collector.
    if sys.argv[1:2] != ["batch"]:
        gc.disable()
    sys.exit(run())


if __name__ == "__main__":
    main()
