"""``ytsub batch FILE|- [options]``: estimate every row of a file.

Parsed by :mod:`yantai_subsidy.cli_args` rather than Typer, like ``estimate``: a batch is
measured against a ten-line loop, and building the Typer app would cost more than a
thousand rows.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Sequence
from typing import IO, Any, NamedTuple

from . import shell
from .cli_args import Flag, parse_args
from .errors import UsageError


class Option(NamedTuple):
    """One option of ``ytsub batch``: the one declaration, for parsing, --help and completion."""

    flags: tuple[str, ...]
    name: str
    metavar: str  # "" for a switch, which takes no value
    help: str


OPTIONS: tuple[Option, ...] = (
    Option(
        ("--format", "-f"),
        "format",
        "jsonl|csv|xlsx",
        "output format (default: from -o's name, else jsonl)",
    ),
    Option(("--output", "-o"), "output", "FILE", "write to FILE instead of stdout"),
    Option(
        ("--encoding",),
        "encoding",
        "NAME",
        "input encoding (default: UTF-8, else GB18030, detected)",
    ),
    Option(
        ("--input-format",),
        "input_format",
        "csv|jsonl|xlsx",
        "input format (default: from the file name)",
    ),
    Option(("--bom",), "bom", "", "start CSV output with a BOM, for Excel"),
    Option(("--quiet", "-q"), "quiet", "", "no summary on stderr"),
    Option(
        ("--as-of",),
        "as_of",
        "DATE",
        "the date of the estimates (a row's as_of column wins; default today)",
    ),
    Option(
        ("--jobs", "-j"),
        "jobs",
        "N",
        "worker processes (default: one per core for files over 1 MB)",
    ),
    Option(("--lang",), "lang", "zh|en", "language (default: YTSUB_LANG, else the locale)"),
    Option(
        ("--rules",),
        "rules",
        "DIR",
        "overlay the rule files of DIR on the bundled ones (or YTSUB_RULES)",
    ),
    Option(("--help", "-h"), "help", "", "show this help"),
)
FLAGS = {
    flag: Flag(option.name, takes_value=bool(option.metavar))
    for option in OPTIONS
    for flag in option.flags
}

SUMMARY = (
    "Estimate every row of a CSV, JSON-lines or XLSX file (- reads stdin): one result per"
    " input row, in input order, streamed. A row names its benefit in a `benefit` (or `measure`)"
    " column and gives the benefit's options in snake_case columns; `confirm`, `deny` (ids"
    " separated by ;), `set` (PARAM=VALUE;…) and `as_of` columns are optional; an empty cell is"
    ' "not given". A row that cannot be estimated becomes an error row and the batch goes on.'
    " Exit 0 when every row succeeded, 1 when any failed, 2 when the input cannot be read."
)


def help_text(width: int = 100) -> str:
    from .render.help import help_width, paragraph, two_columns

    width = help_width(width)
    rows = [
        (", ".join(sorted(o.flags, key=len)) + (f" {o.metavar}" if o.metavar else ""), o.help)
        for o in OPTIONS
    ]
    lines = ["Usage: ytsub batch FILE|- [OPTIONS]", "", *paragraph(SUMMARY, width), "", "Options:"]
    return "\n".join(lines + two_columns(rows, width))


def run(args: Sequence[str]) -> int:
    return shell.guarded(lambda: _run(list(args)))


def _run(args: list[str]) -> int:
    parsed = parse_args(args, FLAGS)
    values = parsed.values
    if values.get("help"):
        shell.emit(help_text(shell.terminal_width()))
        return 0
    if not parsed.positionals:
        raise UsageError("which file? ytsub batch FILE|- [options] (ytsub batch --help)")
    if len(parsed.positionals) > 1:
        raise parsed.unexpected(1, "give one file, or - for standard input")
    source = parsed.positionals[0]
    text = {key: value for key, value in values.items() if isinstance(value, str)}

    from . import batch as batching
    from .loader import load_rules
    from .values import parse_date

    fmt = shell.output_format(text.get("format"), ("jsonl", "csv", "xlsx"))
    lang = shell.language(text.get("lang"))
    jobs = _jobs(text.get("jobs"))
    quiet = bool(values.get("quiet"))
    as_of = text.get("as_of")
    if as_of is not None:
        parse_date(as_of, "--as-of")  # refused before any row, not once per row
    rules_dir = text.get("rules")
    rules = load_rules(rules_dir)
    kind = batching.input_format(source, text.get("input_format"))
    stream, seekable, size = batching.open_input(source)
    try:
        # Read the header (or first line) before writing anything: an input refused as a whole
        # leaves stdout (or --output) untouched.
        rows = batching.read_rows(stream, kind, text.get("encoding"), seekable)
        first = next(rows, None)
        if first is not None:
            rows = itertools.chain([first], rows)
        out = _output(text.get("output"), fmt)
        try:
            if fmt == "csv":
                writer = batching.Writer(fmt, text=out, lang=lang, bom=bool(values.get("bom")))
            else:
                writer = batching.Writer(fmt, binary=out, lang=lang)
            workers = batching.worker_count(jobs, size)
            slices = None
            if workers > 1 and seekable and fmt != "xlsx" and kind in ("csv", "jsonl"):
                stream.seek(0)
                encoding = batching.choose_encoding(stream, text.get("encoding"), True)
                names = batching.header_names(source, encoding) if kind == "csv" else []
                slices = batching.plan_slices(source, kind, encoding, names, workers)

            def go(progress: Any = None) -> batching.Summary:
                overlays = rules.overlays
                if slices is not None:
                    return batching.run_batch_slices(
                        rules_dir, slices, writer, workers, as_of, progress, overlays
                    )
                if workers > 1:
                    return batching.run_batch_parallel(
                        rules_dir, rows, writer, workers, as_of, progress, overlays
                    )
                return batching.run_batch(rules, rows, writer, as_of, progress)

            if size and size > batching.PARALLEL_FROM_BYTES and sys.stderr.isatty() and not quiet:
                from .progress import bytes_read

                with bytes_read(stream, size) as advance:
                    summary = go(advance)
            else:
                summary = go()
        finally:
            if "output" in text:
                out.close()
            else:
                out.flush()
    finally:
        if source != "-":
            stream.close()
    if not quiet:
        shell.say(summary.line())
    return 1 if summary.failed else 0


def _jobs(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not (raw.strip().isascii() and raw.strip().isdigit() and len(raw.strip()) <= 6):
        raise UsageError(f"--jobs: give a whole number of worker processes, not '{raw}'")
    return int(raw)


def _output(path: str | None, fmt: str) -> IO[Any]:
    """Text for CSV; bytes for XLSX and for JSONL (its lines are assembled as UTF-8)."""
    if path is None:
        if fmt == "xlsx" and sys.stdout.isatty():
            raise UsageError("--format xlsx writes a binary file: give --output FILE.xlsx")
        if fmt == "csv":
            return sys.stdout
        sys.stdout.flush()
        return sys.stdout.buffer
    try:
        if fmt == "csv":
            return open(path, "w", encoding="utf-8", newline="")
        return open(path, "wb")
    except OSError as err:
        raise UsageError(f"--output: cannot write {path}: {err.strerror or err}") from None
