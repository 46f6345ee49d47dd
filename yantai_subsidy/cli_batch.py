"""``ytsub batch FILE|- [options]``: estimate every row of a file.

Parsed by :mod:`yantai_subsidy.cli_args` rather than Typer, like ``estimate``: a batch is
measured against a ten-line loop, and building the Typer app would cost more than a
thousand rows.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import IO, Any, NamedTuple

from . import shell
from .atomic import ends_cleanly
from .cli_args import Flag, parse_args
from .errors import Message, OutputError, UsageError, listing, os_reason
from .result import Lang


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
        "output format (default: --output's name, else jsonl)",
    ),
    Option(
        ("--output", "-o"),
        "output",
        "FILE",
        "write to FILE instead of stdout (it appears only when the batch is done)",
    ),
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
    Option(("--bom",), "bom", "", "CSV for Excel: a BOM, CRLF, and no cell read as a formula"),
    Option(
        ("--keep",),
        "keep",
        "COLUMNS",
        "input columns to carry into every result row (comma-separated: id,name)",
    ),
    Option(("--quiet", "-q"), "quiet", "", "no summary on stderr"),
    Option(
        ("--as-of",),
        "as_of",
        "DATE",
        "the date of the estimates (a row's as_of column wins; default today in Yantai)",
    ),
    Option(
        ("--jobs", "-j"),
        "jobs",
        "N",
        "worker processes, 1 to 32 (default: one per core for files over 1 MB)",
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
    " Exit 0 when every row succeeded, 1 when any failed, 2 when the input cannot be read"
    " or the output cannot be written."
)
SUMMARY_ZH = (
    "逐行估算 CSV、JSON lines 或 XLSX 文件（- 表示标准输入）：每个输入行对应一个结果，按输入顺序"
    "流式输出。每行在 `benefit`（或 `measure`）列写明补助，在以下划线命名的列中给出该补助的选项；"
    "`confirm`、`deny`（条件编号以 ; 分隔）、`set`（参数=值;…）和 `as_of` 列可选；空单元格表示"
    "“未给出”。无法估算的行成为错误行，其余照常进行。全部成功时退出码为0，有行失败为1，"
    "输入无法读取或结果无法写出为2。"
)


def help_text(width: int = 100, lang: Lang = "en") -> str:
    from .render.help import help_width, in_lang, paragraph, two_columns

    width = help_width(width)
    rows = [
        (
            ", ".join(sorted(o.flags, key=len)) + (f" {o.metavar}" if o.metavar else ""),
            in_lang(o.help, lang),
        )
        for o in OPTIONS
    ]
    head = (
        "用法：ytsub batch FILE|- [选项]" if lang == "zh" else "Usage: ytsub batch FILE|- [OPTIONS]"
    )
    options = "选项：" if lang == "zh" else "Options:"
    summary = SUMMARY_ZH if lang == "zh" else SUMMARY
    lines = [head, "", *paragraph(summary, width), "", options]
    return "\n".join(lines + two_columns(rows, width))


def run(args: Sequence[str]) -> int:
    return shell.guarded(lambda: _run(list(args)))


def _run(args: list[str]) -> int:
    parsed = parse_args(args, FLAGS)
    values = parsed.values
    if values.get("help"):
        lang_option = values.get("lang")
        language = shell.language(lang_option if isinstance(lang_option, str) else None)
        shell.emit(help_text(shell.terminal_width(), language))
        return 0
    if not parsed.positionals:
        raise UsageError("batch.which_file")
    if len(parsed.positionals) > 1:
        raise parsed.unexpected(1, Message("hint.one_file"))
    source = parsed.positionals[0]
    text = {key: value for key, value in values.items() if isinstance(value, str)}

    from . import batch as batching
    from . import batch_parallel as parallel
    from .loader import load_rules
    from .values import parse_date, today

    # Every option is checked before the input is opened or the output touched.
    output = stdout_if_dash(text.get("output"))
    fmt = output_format(text.get("format"), output)
    lang = shell.language(text.get("lang"))
    jobs = _jobs(text.get("jobs"))
    if jobs is not None:
        parallel.worker_count(jobs, None)
    encoding = text.get("encoding")
    if encoding is not None:
        batching.check_encoding(encoding)
    keep = _keep(text.get("keep"))
    quiet = bool(values.get("quiet"))
    # refused before any row, not once per row; the day an XLSX output is dated. Without
    # --as-of, today is fixed here once: a batch running across midnight (or its workers,
    # each with its own clock) would otherwise estimate rows on two days
    dated = today() if text.get("as_of") is None else parse_date(text["as_of"], "--as-of")
    as_of = text.get("as_of") or dated.isoformat()
    rules_dir = text.get("rules")
    rules = load_rules(rules_dir)
    kind = batching.input_format(source, text.get("input_format"))
    stream, seekable, size = batching.open_input(source)
    try:
        _refuse_writing_the_input(stream, source, output)
        if seekable and output is None and (kind == "csv" or (kind == "jsonl" and encoding)):
            # Results on stdout cannot be taken back: read to the end first, so that bytes
            # that are not the encoding, or a quote never closed, refuse the input before
            # anything is written. (--output is written beside and renamed: no need; and a
            # detected encoding has been checked on the whole file already.)
            encoding = batching.scan_input(stream, kind, encoding)
        # The header (or the first sheet row) is read now: an input refused as a whole
        # leaves stdout (or --output) untouched.
        source_rows: batching.Records | Iterable[batching.RowIn]
        hidden = batching.HiddenRead()  # read in this process, whatever --jobs
        if kind == "xlsx":
            xlsx = batching.read_rows(stream, kind, hidden=hidden)
            head = next(xlsx, None)
            source_rows = xlsx if head is None else itertools.chain([head], xlsx)
            if head is not None and head[1] is not None:
                _refuse_unknown_kept(keep, list(head[1]))
        else:
            source_rows = batching.read_records(stream, kind, encoding, seekable)
            if kind == "csv":
                _refuse_unknown_kept(keep, list(source_rows.names))
        workers = parallel.worker_count(jobs, size)

        def progress_bar() -> AbstractContextManager[Callable[..., None] | None]:
            """A bar on a terminal for a file over 1 MB, unless --quiet."""
            if size and size > parallel.PARALLEL_FROM_BYTES and sys.stderr.isatty() and not quiet:
                from .progress import bytes_read

                return bytes_read(stream, size)
            return contextlib.nullcontext()

        def go(writer: batching.Writer) -> batching.Summary:
            if workers > 1:
                return parallel.run_batch_parallel(
                    rules,
                    source_rows,
                    writer,
                    workers,
                    as_of,
                    progress_bar,
                    rules.overlays,
                    beside=where.folder,
                    leftovers=where.leftovers,
                )
            rows = (
                batching.rows_of(source_rows)
                if isinstance(source_rows, batching.Records)
                else source_rows
            )
            with progress_bar() as progress:
                return batching.run_batch(rules, rows, writer, as_of, progress)

        with ends_cleanly(), _destination(output, fmt) as where:
            out = where.stream
            if fmt == "csv":
                writer = batching.Writer(
                    fmt, text=out, lang=lang, bom=bool(values.get("bom")), keep=keep
                )
            else:
                writer = batching.Writer(fmt, binary=out, lang=lang, keep=keep, dated=dated)
            summary = go(writer)
    finally:
        if source != "-":
            stream.close()
    if not quiet:
        summary.as_of_given = text.get("as_of")  # a row's own as_of then says it overrode it
        summary.hidden = hidden
        shell.say(summary.line(lang))
        if fmt != "jsonl":  # a CSV or XLSX row has no room for them: each once, here
            for note in summary.note_lines(lang):
                shell.say(note)
    return 1 if summary.failed else 0


#: What an output file's name says of its format.
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
EXTENSIONS.update({".xlsx": "xlsx", ".xlsm": "xlsx", ".tsv": "", ".txt": ""})


def stdout_if_dash(output: str | None) -> str | None:
    """``-o -`` is standard output, as the input ``-`` is standard input (it wrote a file
    named "-" in the current folder, and nothing on stdout)."""
    return None if output == "-" else output


def output_format(option: str | None, output: str | None) -> str:
    """``--format``, else what ``--output``'s extension says, else JSON lines.

    ``-o out.xlsx`` writes a workbook; ``--format csv -o out.xlsx`` is refused, since one of
    the two is a mistake and Excel would open neither.
    """
    implied = None
    if output == "":  # would be refused only when written to, as "cannot write : …"
        raise UsageError("output.empty_name")
    if output is not None:
        suffix = os.path.splitext(output)[1].lower()
        implied = EXTENSIONS.get(suffix) or None
    fmt = shell.output_format(option if option is not None else implied, ("jsonl", "csv", "xlsx"))
    if option is not None and implied is not None and implied != fmt:
        raise UsageError("batch.format_contradicts_output", fmt=fmt, output=output, implied=implied)
    return fmt


def _refuse_writing_the_input(stream: IO[bytes], source: str, output: str | None) -> None:
    """Writing to the file being read would destroy it (or read the output back forever)."""
    from .atomic import same_file

    if output is not None:
        if same_file(stream, output):
            raise UsageError("batch.output_is_input", output=output)
        return
    try:
        target = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a test's captured stdout
        return
    with contextlib.suppress(OSError):
        mine, theirs = os.fstat(stream.fileno()), os.fstat(target)
        if stat.S_ISREG(mine.st_mode) and os.path.samestat(mine, theirs):
            raise UsageError("batch.stdout_is_input", source=source)


class Destination(NamedTuple):
    """Where results go: the stream, the folder for a parallel batch's parts (None: the
    temporary folder), and what to remove if the batch is killed (the half-written file)."""

    stream: IO[Any]
    folder: str | None = None
    leftovers: tuple[str, ...] = ()


@contextlib.contextmanager
def _destination(path: str | None, fmt: str) -> Iterator[Destination]:
    """Where the results go: stdout, or --output through a temporary file renamed on success.

    A failure to write (a full disk, a file-size limit) is a one-line error naming where, and
    --output is left as it was.
    """
    from .atomic import OutputFile

    if path is None:
        if fmt == "xlsx" and sys.stdout.isatty():
            raise UsageError("output.xlsx_needs_file")
        out: IO[Any] = sys.stdout
        if fmt != "csv":
            sys.stdout.flush()
            out = sys.stdout.buffer
        try:
            yield Destination(out)
            out.flush()
        except BrokenPipeError:
            _drop_stdout()
            raise OutputError("batch.stdout_closed") from None
        except OSError as err:
            _drop_stdout()
            raise OutputError("batch.cannot_write_stdout", reason=os_reason(err)) from None
        return
    target = OutputFile(path, binary=fmt != "csv")
    try:
        if target.temp is None:  # a device or FIFO, written directly
            yield Destination(target.stream)
        else:
            yield Destination(target.stream, os.path.dirname(target.temp), (target.temp,))
        target.commit()
    except BaseException as err:
        target.discard()
        if isinstance(err, OSError) and not isinstance(err, BrokenPipeError):
            raise OutputError(  # the work started: 1, as for every command (README, exit codes)
                "batch.cannot_write_output", path=path, reason=os_reason(err)
            ) from None
        raise


def _drop_stdout() -> None:
    """After stdout refused a write, point it at /dev/null: what is still buffered is dropped,
    and the interpreter's last flush does not fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _keep(raw: str | None, columns: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """``--keep id,name``: the columns, checked against the result's own (a batch's by default)."""
    from .batch import CSV_COLUMNS, column_name

    columns = CSV_COLUMNS if columns is None else columns
    if raw is None:
        return ()
    names = tuple(part.strip() for part in raw.split(","))
    if not all(names):
        raise UsageError("batch.keep_not_names", raw=raw)
    seen: set[str] = set()
    for name in names:
        key = column_name(name)
        if key in columns:
            raise UsageError("batch.keep_is_result_column", name=name)
        if key in seen:
            raise UsageError("batch.keep_twice", name=name)
        seen.add(key)
    return names


def _refuse_unknown_kept(keep: tuple[str, ...], columns: list[str]) -> None:
    from .batch import column_name

    for name in keep:
        if column_name(name) not in columns:
            listed = listing(c for c in columns if c)
            raise UsageError("batch.keep_no_such_column", name=name, listed=listed)


def _jobs(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not (raw.strip().isascii() and raw.strip().isdigit() and len(raw.strip()) <= 6):
        raise UsageError("batch.jobs_not_whole", raw=raw)
    return int(raw)
