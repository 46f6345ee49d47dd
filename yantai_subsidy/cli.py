"""The ``ytsub`` command line (Typer): thin commands that parse, call the library, render, exit.

``estimate`` takes its options from the benefit's rule file, so it parses its
own arguments (:mod:`yantai_subsidy.cli_estimate`); ``python -m
yantai_subsidy`` and the ``ytsub`` script send it there directly, without
building this app, which keeps the most used command fast.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from . import __version__, commands
from .commands import KINDS

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
    _finish(commands.list_measures(chapter, kind, fmt, lang, rules))


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
    _finish(commands.show(what, fmt, lang, rules))


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
    _finish(commands.search(words, fmt, lang, rules))


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
            metavar="PROFILE",
            help="a YAML or JSON profile (examples/profiles/); - reads stdin; or a client list:"
            " a .csv, .jsonl or .xlsx file, or a folder of profiles",
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="table|json|csv|markdown",
            help="output format (default: table; a client list: jsonl|csv|xlsx, by --output's name)",
        ),
    ] = None,
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
            help="the date of the estimates (default: the profile's as_of, else today in Yantai)",
        ),
    ] = None,
    rules: RulesOpt = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="a client list: write to FILE (it appears only when every client is done)",
        ),
    ] = None,
    keep: Annotated[
        str | None,
        typer.Option(
            "--keep",
            metavar="COLUMNS",
            help="a client list: columns to carry into every result row (comma-separated: id,phone)",
        ),
    ] = None,
    totals: Annotated[
        bool,
        typer.Option(
            "--totals", help="a client list: a total row per client and period (CSV, XLSX)"
        ),
    ] = False,
    memo: Annotated[
        str | None,
        typer.Option(
            "--memo",
            metavar="DIR",
            help="a client list: one memo per client into the new folder DIR",
        ),
    ] = None,
    memo_format: Annotated[
        str | None,
        typer.Option(
            "--memo-format", metavar="markdown|html", help="the memos' format (default: markdown)"
        ),
    ] = None,
    jobs: Annotated[
        str | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="a client list: worker processes, 1 to 32 (default: one per core for files over 1 MB)",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="a client list: no summary on stderr")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="a client list's encoding (default: UTF-8, else GB18030, detected)",
        ),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            metavar="csv|jsonl|xlsx",
            help="read PROFILE (or -) as a client list of this format",
        ),
    ] = None,
    bom: Annotated[
        bool,
        typer.Option("--bom", help="a client list's CSV for Excel: a BOM, CRLF, no cell a formula"),
    ] = False,
) -> None:
    """Every benefit a profile may claim: amounts, conditions to confirm, facts that would unlock more.

    A client list (one profile per row: kind, name, fact columns, confirm, deny) gives one
    result per client, in order: a row that cannot be matched becomes an error row naming its
    column, the others go on, and the exit code is then 1.
    """
    _finish(
        commands.match_profile(
            profile,
            fmt,
            lang,
            unit,
            as_of,
            rules,
            output=output,
            keep=keep,
            totals=totals,
            memo=memo,
            memo_format=memo_format,
            jobs=jobs,
            quiet=quiet,
            encoding=encoding,
            input_format=input_format,
            bom=bom,
        )
    )


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
    _finish(commands.list_facts(kind, fmt, lang, rules))


@rules_app.command("check", cls=OneValueCommand)
def rules_check(
    directory: Annotated[
        str | None,
        typer.Argument(metavar="[DIR]", help="a folder of rule files to overlay and check"),
    ] = None,
) -> None:
    """Validate the rule set (with DIR overlaid): every error as file:line: field: message."""
    _finish(commands.rules_check(directory))


@rules_app.command("schema", cls=OneValueCommand)
def rules_schema() -> None:
    """Print the JSON Schema of a measure file, for editors."""
    _finish(commands.rules_schema())


def declaration() -> dict[str, dict[str, Any]]:
    """The Typer commands above as plain data, for the fast parser (:mod:`.declared`).

    Each Typer command calls the function of :mod:`.commands` that has its name.
    ``tests/test_declared.py`` checks that ``declared.COMMANDS`` equals this, so the data
    cannot drift from the declaration; running ytsub never calls it.
    """
    import typer.main

    found: dict[str, dict[str, Any]] = {}
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        leaves = getattr(command, "commands", None) or {None: command}
        for sub, leaf in leaves.items():
            function = leaf.callback.__name__
            if not hasattr(commands, function):
                continue  # estimate and batch: their own parsers
            found[name if sub is None else f"{name} {sub}"] = {
                "function": function,
                "options": {
                    opt: [param.name, not param.is_flag, bool(param.multiple)]
                    for param in leaf.params
                    if param.param_type_name == "option"
                    for opt in param.opts
                },
                "arguments": [
                    [param.name, param.nargs, bool(param.required), param.metavar]
                    for param in leaf.params
                    if param.param_type_name == "argument"
                ],
                "defaults": {param.name: param.default for param in leaf.params},
            }
    return found
