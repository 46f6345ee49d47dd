"""``ytsub estimate BENEFIT [options]``: the options come from the benefit's rule file.

Each benefit declares its inputs in ``rules/`` (``--amount`` for ``amount``),
so this command parses its own arguments against that declaration instead of
a fixed function signature. It imports neither typer nor rich (unless a table
is asked for): the most used command starts at the speed of Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import shell
from .cli_args import Flag, parse_args
from .errors import Message, UsageError
from .render import FORMATS, renderer
from .result import Estimate
from .ruleset import Benefit, RuleSet

COMMON = {
    "--format": Flag("format"),
    "-f": Flag("format"),
    "--lang": Flag("lang"),
    "--unit": Flag("unit"),
    "--as-of": Flag("as_of"),
    "--rules": Flag("rules"),
    "--set": Flag("set", multiple=True),
    "--confirm": Flag("confirm", multiple=True),
    "--deny": Flag("deny", multiple=True),
    "--help": Flag("help", takes_value=False),
    "-h": Flag("help", takes_value=False),
}


def benefit_flags(benefit: Benefit) -> dict[str, Flag]:
    flags = dict(COMMON)
    for spec in benefit.inputs:
        is_flag = spec.type == "flag"
        flags[spec.option] = Flag(spec.name, takes_value=not is_flag, yes_no=is_flag)
    return flags


def run(args: Sequence[str]) -> int:
    """The whole command: parse, estimate, render, print; returns the exit code."""
    return shell.guarded(lambda: _run(list(args)))


def _run(args: list[str]) -> int:
    from .loader import load_rules

    # The benefit's options depend on the rule set, and --rules may come anywhere: peek at it
    # (and at --lang, for help) before parsing the rest against the benefit's declaration.
    head = parse_args(args, COMMON, stop_at_positional=True)
    rules = load_rules(_peek(args, "--rules"))
    if not head.positionals:
        if head.values.get("help"):
            from .render import help as help_text

            lang = shell.language(_peek(args, "--lang"))
            shell.emit(help_text.benefits(rules, lang, shell.terminal_width()))
            return 0
        raise UsageError("cli.which_benefit")
    name, rest = head.positionals[0], head.positionals[1:]
    benefit = rules.benefit(name)
    parsed = parse_args(rest, benefit_flags(benefit))
    for key in ("format", "lang", "unit", "as_of", "rules", "help"):
        if key in parsed.values and key in head.values:
            raise UsageError("cli.option_given_twice", option=key.replace("_", "-"))
    values = {**head.values, **parsed.values}
    lists = {
        key: head.lists.get(key, []) + parsed.lists.get(key, [])
        for key in ("set", "confirm", "deny")
    }
    if parsed.positionals:
        raise parsed.unexpected(0, Message("hint.options_written"))
    lang = shell.language(_text(values.get("lang")))
    if values.get("help"):
        from .render import help as help_text

        shell.emit(help_text.benefit(rules, benefit, lang, shell.terminal_width()))
        return 0
    fmt = shell.output_format(_text(values.get("format")), FORMATS)
    unit = shell.display_unit(_text(values.get("unit")))
    inputs = {key: value for key, value in values.items() if key not in _COMMON_NAMES}
    result = _estimate(rules, benefit, inputs, _text(values.get("as_of")), lists)
    render = renderer(fmt)
    options = (
        {"color": shell.wants_color(), "width": shell.terminal_width()} if fmt == "table" else {}
    )
    shell.emit(render.estimate(result, lang=lang, unit=unit, **options))
    if fmt == "csv":  # one row has no room for them: what the table says below it, on stderr
        from .render.words import side_notes

        for note in side_notes(result, lang):
            shell.say(note)
    return 0


def _peek(args: list[str], option: str) -> str | None:
    """The value of ``option`` wherever it stands (``--rules DIR`` or ``--rules=DIR``)."""
    for index, token in enumerate(args):
        if token == "--":
            break
        if token == option and index + 1 < len(args):
            return args[index + 1]
        if token.startswith(option + "="):
            return token.split("=", 1)[1]
    return None


_COMMON_NAMES = {flag.name for flag in COMMON.values()}


def _text(value: str | bool | None) -> str | None:
    return value if isinstance(value, str) else None


def _estimate(
    rules: RuleSet,
    benefit: Benefit,
    inputs: dict[str, str | bool],
    as_of: str | None,
    lists: dict[str, list[str]],
) -> Estimate:
    from .engine import estimate

    return estimate(
        rules,
        benefit.id,
        inputs,
        as_of,
        confirm=lists["confirm"],
        deny=lists["deny"],
        overrides=lists["set"],
    )
