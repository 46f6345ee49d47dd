"""The ``ytsub`` command line (Typer): thin commands that parse, call the library, render, exit.

``estimate`` takes its options from the benefit's rule file, so it parses its
own arguments (:mod:`yantai_subsidy.cli_estimate`); ``python -m
yantai_subsidy`` and the ``ytsub`` script send it there directly, without
building this app, which keeps the most used command fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__, shell
from .errors import EXIT_BAD_INPUT, UsageError

app = typer.Typer(
    name="ytsub",
    help="Itemised, source-quoted estimates for Yantai's 2024 policy package 烟政发〔2024〕3号.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    help="Check the rule files, or print their JSON Schema.", no_args_is_help=True
)
app.add_typer(rules_app, name="rules")


KINDS = ("benefit", "informational", "target")


class OneValueCommand(typer.core.TyperCommand):
    """A command that refuses an option given twice, as ``estimate`` does.

    click lets the last of a repeated option win (``list --chapter 9 --chapter 10`` listed
    chapter 10): a mistake read as a choice. The arguments are parsed once more, on a copy,
    only to see how often each option was given.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        _, _, order = self.make_parser(ctx).parse_args(args=list(args))
        seen: set[str] = set()
        for param in order:
            if param.param_type_name != "option" or getattr(param, "multiple", False):
                continue
            name = max(param.opts, key=len)
            if name in seen:
                ctx.fail(f"{name} is given twice")
            seen.add(name)
        return super().parse_args(ctx, args)


FormatOpt = Annotated[
    str, typer.Option("--format", "-f", metavar="table|json|csv|markdown", help="output format")
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", metavar="zh|en", help="language (default: YTSUB_LANG, else the locale)"),
]
# Text, not Path: typer turns "" into Path("."), and --rules "" would overlay the current folder.
RulesOpt = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="overlay the rule files of DIR on the bundled ones (or YTSUB_RULES)",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ytsub {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    """Itemised, source-quoted estimates for Yantai's 2024 policy package 烟政发〔2024〕3号."""


def _finish(code: int) -> None:
    if code:
        raise typer.Exit(code)


def _render(fmt: str, kind: str, *args: object, lang: str | None, **extra: object) -> None:
    """Render with the module of ``--format`` (validated here, so the message is one line)."""
    from .render import FORMATS, renderer

    chosen = shell.output_format(fmt, FORMATS)
    language = shell.language(lang)
    options = (
        {"color": shell.wants_color(), "width": shell.terminal_width()} if chosen == "table" else {}
    )
    shell.emit(getattr(renderer(chosen), kind)(*args, lang=language, **options, **extra))


@app.command("list", cls=OneValueCommand)
def list_measures(
    chapter: Annotated[
        str | None, typer.Option("--chapter", metavar="N", help="only this chapter (1–10)")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="|".join(KINDS), help="only the measures of this kind"),
    ] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """All 62 measures: number, chapter, kind, title, and the benefits ytsub computes."""

    def action() -> None:
        from .catalogue import measures
        from .loader import load_rules

        if kind is not None and kind not in KINDS:
            raise UsageError(f"--kind: '{kind}' is not one of {', '.join(KINDS)}")
        rule_set = load_rules(rules)
        _render(fmt, "measures", rule_set, measures(rule_set, chapter, kind), lang=lang)

    _finish(shell.guarded(action))


@app.command(cls=OneValueCommand)
def show(
    what: Annotated[
        str,
        typer.Argument(
            metavar="MEASURE|BENEFIT", help="a measure number (50) or a benefit (techloan)"
        ),
    ],
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """A measure's text, responsible units, and each benefit's parameters with their quotes."""

    def action() -> None:
        from .loader import load_rules

        rule_set = load_rules(rules)
        _render(fmt, "measure", rule_set, rule_set.measure(what), lang=lang)

    _finish(shell.guarded(action))


@app.command(cls=OneValueCommand)
def search(
    words: Annotated[
        list[str], typer.Argument(metavar="WORD...", help="words that must all occur (贷款, loan)")
    ],
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """Measures whose text, titles or summaries contain every word, with a snippet.

    Exit 1 when nothing matches, as grep does: JSON and CSV still print an empty list (so a
    script's parser gets what it expects), the table and Markdown print nothing.
    """
    found_nothing = False

    def action() -> None:
        nonlocal found_nothing
        from .catalogue import search as find
        from .loader import load_rules
        from .render import FORMATS

        chosen = shell.output_format(fmt, FORMATS)
        hits = find(load_rules(rules), words)
        if not hits:
            found_nothing = True
            shell.say("No measure contains " + " and ".join(f"'{w}'" for w in words) + ".")
            if chosen in ("table", "markdown"):
                return
        _render(fmt, "search", hits, lang=lang)

    code = shell.guarded(action)
    _finish(code or (EXIT_BAD_INPUT if found_nothing else 0))


#: estimate and batch parse their own arguments (cli_estimate.py, cli_batch.py): Typer hands them on.
PASS_THROUGH: dict[str, Any] = {
    "context_settings": {
        "allow_extra_args": True,
        "ignore_unknown_options": True,
        "help_option_names": [],
    },
    "add_help_option": False,
}


@app.command(**PASS_THROUGH)
def estimate(ctx: typer.Context) -> None:
    """Estimate one benefit: ytsub estimate BENEFIT [options] (ytsub estimate --help lists them)."""
    from .cli_estimate import run

    _finish(run(ctx.args))


@app.command(**PASS_THROUGH)
def batch(ctx: typer.Context) -> None:
    """Estimate every row of a CSV, JSONL or XLSX file: ytsub batch FILE|- [options] (--help)."""
    from .cli_batch import run

    _finish(run(ctx.args))


@app.command("match", cls=OneValueCommand)
def match_profile(
    profile: Annotated[
        str,
        typer.Argument(
            metavar="PROFILE", help="a YAML or JSON profile (examples/profiles/); - reads stdin"
        ),
    ],
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", metavar="yuan|wan", help="show amounts in yuan or in 万"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="the date of the estimates (default: the profile's as_of, else today)",
        ),
    ] = None,
    rules: RulesOpt = None,
) -> None:
    """Every benefit a profile may claim: amounts, conditions to confirm, facts that would unlock more."""

    def action() -> None:
        from .loader import load_rules
        from .match import match
        from .profile import read_profile

        display = shell.display_unit(unit)
        shell.output_format(fmt, ("table", "json", "csv", "markdown"))
        rule_set = load_rules(rules)
        result = match(rule_set, read_profile(profile, rule_set), as_of)
        _render(fmt, "match", result, lang=lang, unit=display)

    _finish(shell.guarded(action))


@app.command("facts", cls=OneValueCommand)
def list_facts(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            metavar="enterprise|person|district",
            help="only the facts of an enterprise, a person or a district",
        ),
    ] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = None,
    rules: RulesOpt = None,
) -> None:
    """The facts a profile may state, with their units and the benefits that read them."""

    def action() -> None:
        from .loader import load_rules
        from .match import vocabulary_for

        rule_set = load_rules(rules)
        found, local = vocabulary_for(rule_set, kind)
        _render(fmt, "facts", rule_set, found, local, lang=lang)

    _finish(shell.guarded(action))


@rules_app.command("check", cls=OneValueCommand)
def rules_check(
    directory: Annotated[
        str | None,
        typer.Argument(metavar="[DIR]", help="a folder of rule files to overlay and check"),
    ] = None,
) -> None:
    """Validate the rule set (with DIR overlaid): every error as file:line: field: message."""

    def action() -> int:
        from .engine import missing_calculators
        from .loader import check_rules, load_rules

        if directory is not None and (directory.strip() == "" or not Path(directory).is_dir()):
            raise UsageError(f"'{directory}': not a folder")
        count, errors = check_rules(
            directory, named_as=None if directory is None else "rules check"
        )
        for error in errors:
            shell.say(str(error))
        if not errors:
            for problem in missing_calculators(load_rules(directory, use_cache=False)):
                errors.append(problem)  # type: ignore[arg-type]
                shell.say(problem)
        if errors:
            shell.say(f"{len(errors)} problem(s) in {count} rule files.")
            return 1
        shell.emit(f"{count} rule files: OK")
        return 0

    _finish(shell.guarded(action))


@rules_app.command("schema", cls=OneValueCommand)
def rules_schema() -> None:
    """Print the JSON Schema of a measure file, for editors."""

    def action() -> None:
        import json

        from .schema import json_schema

        shell.emit(json.dumps(json_schema(), ensure_ascii=False, indent=2))

    _finish(shell.guarded(action))
