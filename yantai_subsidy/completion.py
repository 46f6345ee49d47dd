"""Shell completion: what a shell may offer after the words typed so far.

The scripts are Typer's: ``ytsub --install-completion`` installs one for the current shell,
``ytsub --show-completion`` prints it. Each runs ``ytsub`` with ``_YTSUB_COMPLETE`` set to
``complete_bash`` (the words in ``COMP_WORDS``/``COMP_CWORD``), ``complete_zsh``,
``complete_fish`` or ``complete_powershell`` (the command line in ``_TYPER_COMPLETE_ARGS``).
ytsub answers here, for every command, from the declarations its parsers read: the Typer
commands' click declaration, ``estimate``'s flags from the benefit's rule file, ``batch``'s
``OPTIONS``. Nothing is parsed, estimated or printed but the candidates; a normal run pays
for one environment lookup (in ``__main__``).
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .ruleset import RuleSet

ENV = "_YTSUB_COMPLETE"


class Candidate(NamedTuple):
    value: str
    help: str = ""


def answer(environ: Mapping[str, str] | None = None) -> tuple[str, int]:
    """(what to print, exit code) for the shell's request in ``environ``."""
    env = os.environ if environ is None else environ
    shell = env.get(ENV, "").removeprefix("complete_")
    args, incomplete = _typed(shell, env)
    try:
        found = [c for c in candidates(args, incomplete) if c.value.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a broken rule overlay must not print a traceback into the shell
        found = []
    return _formatted(shell, found, env)


def _split(line: str) -> list[str]:
    """Words as the shell would split them; an unclosed quote keeps its word, as click does."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def _typed(shell: str, env: Mapping[str, str]) -> tuple[list[str], str]:
    """The words before the cursor (without ``ytsub``) and the word being completed."""
    if shell == "bash":
        words = _split(env.get("COMP_WORDS", ""))
        cword = int(env.get("COMP_CWORD", "0") or 0)
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if shell in ("powershell", "pwsh"):
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (words[:-1] if incomplete else words), incomplete
    if words and not line.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def _formatted(shell: str, found: list[Candidate], env: Mapping[str, str]) -> tuple[str, int]:
    """The reply in the form Typer's script for ``shell`` reads."""
    if shell == "zsh":
        if not found:
            return "_files", 0

        def escape(text: str) -> str:
            for old, new in (('"', '""'), ("'", "''"), ("$", "\\$"), ("`", "\\`"), (":", r"\\:")):
                text = text.replace(old, new)
            return text

        items = "\n".join(
            f'"{escape(c.value)}":"{escape(c.help)}"' if c.help else f'"{escape(c.value)}"'
            for c in found
        )
        return f"_arguments '*: :(({items}))'", 0
    if shell == "fish":
        if env.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args":
            return "", 0 if found else 1  # 1: let fish offer file names
        return "\n".join(f"{c.value}\t{_one_line(c.help)}" if c.help else c.value for c in found), 0
    if shell in ("powershell", "pwsh"):
        return "\n".join(f"{c.value}:::{c.help or ' '}" for c in found), 0
    return "\n".join(c.value for c in found), 0  # bash: `complete -o default` offers files on none


def _one_line(text: str) -> str:
    return re.sub(r"\s", " ", text)


# --- what to offer ----------------------------------------------------------------------------


def candidates(args: list[str], incomplete: str) -> list[Candidate]:
    """Every word that may come next, before filtering by what is typed of it."""
    command, rest = _command(args)
    overlay = _typed_value(args, "--rules")
    if command is None:
        return _top_level(incomplete)
    if command == "estimate":
        return _estimate(rest, incomplete, overlay)
    if command == "batch":
        return _batch(rest, incomplete, overlay)
    return _typer_command(command, rest, incomplete, overlay)


def _typed_value(args: list[str], option: str) -> str | None:
    """The value of ``option`` on the line so far (``--rules DIR`` or ``--rules=DIR``)."""
    for index, word in enumerate(args):
        if word == option and index + 1 < len(args):
            return args[index + 1]
        if word.startswith(option + "="):
            return word.partition("=")[2]
    return None


def _command(args: list[str]) -> tuple[str | None, list[str]]:
    for index, word in enumerate(args):
        if not word.startswith("-"):
            return word, args[index + 1 :]
    return None, []


def _top_level(incomplete: str) -> list[Candidate]:
    group = _click_app()
    if incomplete.startswith("-"):
        return _click_options(group)
    return [
        Candidate(name, (command.get_short_help_str(limit=80) or ""))
        for name, command in group.commands.items()  # type: ignore[attr-defined]
    ]


def _click_app() -> object:
    """The click declaration Typer makes of ``ytsub``'s commands (typer.main.get_command)."""
    import typer.main

    from .cli import app

    return typer.main.get_command(app)


def _click_options(command: object) -> list[Candidate]:
    """The long options a click command declares, and --help (which click adds on its own)."""
    declared = [
        Candidate(opt, getattr(param, "help", None) or "")
        for param in command.params  # type: ignore[attr-defined]
        for opt in param.opts
        if opt.startswith("--") and not getattr(param, "hidden", False)
    ]
    return [*declared, Candidate("--help", "Show the help and exit.")]


def _typer_command(
    name: str, rest: list[str], incomplete: str, overlay: str | None
) -> list[Candidate]:
    group = _click_app()
    command = group.commands.get(name)  # type: ignore[attr-defined]
    if command is None:
        return []
    if name == "rules":
        sub, rest = _command(rest)
        if sub is None:
            return [
                Candidate(n, c.get_short_help_str(limit=80) or "")
                for n, c in command.commands.items()
            ]
        command = command.commands.get(sub)
        if command is None:
            return []
    previous = rest[-1] if rest else ""
    values = _option_values(name, previous, overlay)
    if values is not None:
        return values
    if incomplete.startswith("-"):
        return _click_options(command)
    if name == "show" and not [w for w in rest if not w.startswith("-")]:
        return _measures_and_benefits(overlay)
    return []  # files (match PROFILE, rules check DIR) are the shell's to offer


def _option_values(command: str, option: str, overlay: str | None) -> list[Candidate] | None:
    """The values an option takes, or None when ``option`` does not take one from a list."""
    from .commands import KINDS
    from .render import FORMATS
    from .shell import LANGS, UNITS

    if option in ("--format", "-f"):
        if command == "match":  # one profile's formats, then a client list's
            return [Candidate(f) for f in dict.fromkeys((*FORMATS, *BATCH_FORMATS))]
        return [Candidate(f) for f in (BATCH_FORMATS if command == "batch" else FORMATS)]
    if option == "--memo-format":
        return [Candidate(f) for f in ("markdown", "html")]
    if option == "--lang":
        return [Candidate(lang) for lang in LANGS]
    if option == "--unit":
        return [Candidate(unit) for unit in UNITS]
    if option == "--kind":
        kinds = PROFILE_KINDS if command == "facts" else KINDS
        return [Candidate(kind) for kind in kinds]
    if option == "--chapter":
        rules = _rules(overlay)
        return [Candidate(str(n), rules.document.chapters[n].en) for n in rules.document.chapters]
    if option == "--input-format":
        return [Candidate(f) for f in ("csv", "jsonl", "xlsx")]
    if option == "--encoding":
        return [Candidate(e) for e in ("utf-8", "utf-8-sig", "gb18030")]
    return None


BATCH_FORMATS = ("jsonl", "csv", "xlsx")
PROFILE_KINDS = ("enterprise", "person", "district")


def _rules(overlay: str | None) -> RuleSet:
    from .loader import load_rules

    return load_rules(overlay)


def _measures_and_benefits(overlay: str | None) -> list[Candidate]:
    rules = _rules(overlay)
    measures = [Candidate(str(n), m.title.en) for n, m in rules.measures.items()]
    return measures + _benefit_names(overlay)


def _benefit_names(overlay: str | None) -> list[Candidate]:
    rules = _rules(overlay)
    found = []
    for benefit in rules.benefits.values():
        found.append(Candidate(benefit.id, benefit.title.en))
        found += [Candidate(alias, benefit.title.en) for alias in benefit.aliases]
    return found


def _estimate(rest: list[str], incomplete: str, overlay: str | None) -> list[Candidate]:
    from .cli_estimate import COMMON, benefit_flags

    name = _first_positional(rest, COMMON)
    if name is None:
        previous = rest[-1] if rest else ""
        values = _option_values("estimate", previous, overlay)
        if values is not None:
            return values
        return _flags(COMMON) if incomplete.startswith("-") else _benefit_names(overlay)
    try:
        benefit = _rules(overlay).benefit(name)
    except Exception:  # noqa: BLE001 - an unknown benefit has nothing to offer
        return []
    flags = benefit_flags(benefit)
    previous = rest[-1] if rest else ""
    if previous in ("--confirm", "--deny"):
        head, _, _ = incomplete.rpartition(",")  # --confirm filed,on_t…: complete the last id
        prefix = head + "," if head else ""
        ids = [Candidate(c.id, c.text.en) for c in benefit.conditions if not c.decided_by]
        return [Candidate(prefix + c.value, c.help) for c in ids] + [Candidate("all")]
    if previous == "--set":
        return [Candidate(f"{param}=", p.written) for param, p in benefit.params.items()]
    spec = next((s for s in benefit.inputs if s.option == previous), None)
    if spec is not None:
        if spec.choices:
            return [Candidate(c.value, c.label.en) for c in spec.choices]
        return []
    values = _option_values("estimate", previous, overlay)
    if values is not None:
        return values
    if previous in flags and flags[previous].takes_value:
        return []
    inputs = {s.option: (s.help or s.label).en for s in benefit.inputs}
    return [Candidate(flag, inputs.get(flag, "")) for flag in flags if flag.startswith("--")]


def _first_positional(words: list[str], flags: Mapping[str, object]) -> str | None:
    """The benefit's name: the first word that is not an option or an option's value."""
    from .cli_args import Flag

    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        flag = flags.get(word.partition("=")[0])
        if word.startswith("-"):
            skip = isinstance(flag, Flag) and flag.takes_value and "=" not in word
            continue
        return word
    return None


def _flags(flags: Mapping[str, object]) -> list[Candidate]:
    return [Candidate(flag) for flag in flags if flag.startswith("--")]


def _batch(rest: list[str], incomplete: str, overlay: str | None) -> list[Candidate]:
    from .cli_batch import FLAGS, OPTIONS

    previous = rest[-1] if rest else ""
    values = _option_values("batch", previous, overlay)
    if values is not None:
        return values
    if previous in FLAGS and FLAGS[previous].takes_value:
        return []  # --output FILE, --as-of DATE, --jobs N, --rules DIR
    if incomplete.startswith("-"):
        return [Candidate(f, o.help) for o in OPTIONS for f in o.flags if f.startswith("--")]
    return []  # the input file: the shell's to offer
