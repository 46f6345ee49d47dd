"""Typed errors, each with the exit code the command line gives it.

Library code raises these; only the command line turns them into
``Error: …`` on stderr and an exit code (DESIGN.md, "Exit codes").
"""

from __future__ import annotations

from collections.abc import Iterable

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

#: The distribution's name on PyPI. The command is ``ytsub``, but ``ytsub`` on PyPI is an
#: unrelated project: every install command ytsub suggests names this one.
DISTRIBUTION = "yantai-subsidy"


def install_hint(extra: str, module: str) -> str:
    """How to add an optional extra, for pip and for pipx users."""
    return f"pip install '{DISTRIBUTION}[{extra}]' (with pipx: pipx inject {DISTRIBUTION} {module})"


class YtsubError(Exception):
    """Base of every error ytsub expects; its message is one line for a user."""

    exit_code = EXIT_BAD_INPUT


class InputError(YtsubError):
    """A value given by the user (option, batch cell, profile fact) is not acceptable."""


class RuleFileError(YtsubError):
    """A rule file cannot be read or does not validate: ``file: field.path: message``."""

    def __init__(self, file: str, message: str, path: str = "", line: int | None = None):
        self.file = file
        self.path = path
        self.line = line
        self.detail = message
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {path}: {message}" if path else f"{where}: {message}")


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


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean x?)`` when a close candidate exists, else an empty string."""
    import difflib  # here, not at the top: only a mistyped name pays for it (~1 ms at start-up)

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.7)
    return f" (did you mean {close[0]}?)" if close else ""
