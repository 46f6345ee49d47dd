"""Batch estimates: rows in (CSV, JSONL, XLSX), one result out per row, streamed, in order.

A row names its benefit (column ``benefit``, or ``measure``), gives the
benefit's options in snake_case columns, and may hold ``confirm`` / ``deny``
(``;``-separated condition ids), ``set`` (``;``-separated PARAM=VALUE) and
``as_of``. An empty cell means "not given". A row that cannot be estimated
yields an error row with the message the single command would give, and the
batch goes on: no row is ever lost. Rows are read, computed and written one at
a time, so memory stays flat however long the input.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from .engine import Plan, input_key, plan
from .errors import InputError, UsageError, YtsubError
from .render.json_ import jsonl_record
from .result import SCHEMA, Estimate, Lang, record
from .ruleset import RuleSet

if TYPE_CHECKING:  # multiprocessing is imported only when a batch runs in parallel
    from multiprocessing.pool import Pool

BENEFIT_COLUMNS = ("benefit", "measure")
CONTROL_COLUMNS = ("confirm", "deny", "set", "as_of", "row")
PLAN_COLUMNS = (
    "benefit",
    "measure",
    "as_of",
    "confirm",
    "deny",
    "set",
)  # cells that choose the plan
#: grounds (how sure the amount is) comes after error: it was added when scripts already read
#: the columns by position
CSV_COLUMNS = (
    "row",
    "benefit",
    "measure",
    "status",
    "low",
    "high",
    "basis",
    "unit",
    "error",
    "grounds",
)
SNIFF_BYTES = 1 << 20


class RowError(NamedTuple):
    """A row that could not be estimated, with the message the single command would give."""

    row: int
    benefit: str | None
    message: str
    exit_code: int = 1

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        return {"row": self.row, "schema": SCHEMA, "benefit": self.benefit, "error": self.message}


class Result(NamedTuple):
    """One output row: the row number and its estimate or error."""

    row: int
    value: Estimate | RowError


class BatchInputError(YtsubError):
    """The input cannot be read at all (missing file, undecodable text, no benefit column)."""

    exit_code = 2


# --- estimating rows ----------------------------------------------------------------------


class RowEstimator:
    """Estimates rows against one rule set, preparing each benefit's plan once.

    Rows of a batch mostly share their benefit, date and confirmations: the prepared
    :class:`~yantai_subsidy.engine.Plan` is looked up by those cells as written.
    """

    def __init__(
        self, rules: RuleSet, as_of: date | str | None = None, columns: Iterable[str] | None = None
    ) -> None:
        """``columns``: the file's column names, when every row has the same (a CSV's header)."""
        self.rules = rules
        self.as_of = as_of
        self._plans: dict[tuple[object, ...], tuple[Plan, frozenset[str]]] = {}
        present = None if columns is None else set(columns)
        self._keys = tuple(c for c in PLAN_COLUMNS if present is None or c in present)

    def __call__(self, cells: Mapping[str, object]) -> Estimate:
        """A row whose column names are already normalised (``column_name``)."""
        key = tuple(map(cells.get, self._keys))
        try:
            prepared = self._plans.get(key)
        except TypeError:  # an unhashable cell (a list from JSON): prepare without remembering
            prepared = None
        if prepared is None:
            prepared = self._prepare(cells)
            with contextlib.suppress(TypeError):
                if len(self._plans) > 1024:
                    self._plans.clear()
                self._plans[key] = prepared
        prepared_plan, options = prepared
        inputs: dict[str, object] = {}
        for column, value in cells.items():
            if column in options:
                if type(value) is str:  # a CSV cell
                    text: object = value.strip() or None
                else:
                    text = value if isinstance(value, (bool, Decimal, int, date)) else _cell(value)
                if text is not None:
                    inputs[column] = text
            elif (
                column not in BENEFIT_COLUMNS
                and column not in CONTROL_COLUMNS
                and _cell(value) is not None
            ):
                spec = prepared_plan.spec
                listed = ", ".join(sorted(spec.options)) or "none"
                raise UsageError(
                    f"column '{column}' is not an option of {spec.id} (its options: {listed})"
                )
        return prepared_plan.run(inputs)

    def _prepare(self, cells: Mapping[str, object]) -> tuple[Plan, frozenset[str]]:
        benefit = _cell(cells.get("benefit")) or _cell(cells.get("measure"))
        if benefit is None:
            raise UsageError("no benefit: the row's benefit (or measure) cell is empty")
        prepared = plan(
            self.rules,
            benefit,
            _cell(cells.get("as_of")) or self.as_of,
            confirm=_list(cells.get("confirm")),
            deny=_list(cells.get("deny")),
            overrides=_list(cells.get("set")),
        )
        return prepared, frozenset(prepared.spec.options)


def estimate_row(
    rules: RuleSet,
    row: Mapping[str, object],
    as_of: date | str | None = None,
) -> Estimate:
    """One row: its benefit, options, conditions and overrides, as ``ytsub estimate`` takes them.

    Column names may be written ``guarantee-fee-rate`` or ``Guarantee_Fee_Rate``.
    """
    cells = {column_name(str(key)): value for key, value in row.items() if key is not None}
    return RowEstimator(rules, as_of)(cells)


def column_name(header: str) -> str:
    """``Guarantee-Fee-Rate`` → ``guarantee_fee_rate``: how a column names an option."""
    return input_key(header).lower()


def _cell(value: object) -> str | None:
    """A cell's text; empty cells (and None) are "not given"."""
    if value is None:
        return None
    if isinstance(value, float):
        raise InputError(f"a number cell holds {value!r} as a float: give it as text")
    text = str(value).strip()
    return text or None


def _list(value: object) -> list[str]:
    text = _cell(value)
    return [] if text is None else [part.strip() for part in text.split(";") if part.strip()]


def estimate_many(
    rules: RuleSet, rows: Iterable[Mapping[str, object]], as_of: date | str | None = None
) -> Iterator[Estimate | RowError]:
    """Estimate each row; a row that fails yields a :class:`RowError`, and the next row follows.

    ``rows`` are mappings of column names to cells, as ``csv.DictReader`` or
    ``DataFrame.to_dict("records")`` give them (None or "" for an empty cell).
    """
    estimator = RowEstimator(rules, as_of)
    for number, row in enumerate(rows, start=1):
        cells = {column_name(str(key)): value for key, value in row.items() if key is not None}
        yield _one(estimator, number, cells).value


def _one(estimator: RowEstimator, number: int, cells: Mapping[str, object]) -> Result:
    try:
        return record(Result, (number, estimator(cells)))
    except YtsubError as err:
        raw = cells.get("benefit") or cells.get("measure")
        return Result(
            number, RowError(number, None if raw is None else str(raw), str(err), err.exit_code)
        )


# --- reading ---------------------------------------------------------------------------------


def input_format(name: str, explicit: str | None) -> str:
    if explicit:
        if explicit not in ("csv", "jsonl", "xlsx"):
            raise UsageError(f"--input-format: '{explicit}' is not one of csv, jsonl, xlsx")
        return explicit
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lowered.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "csv"


def detect_encoding(stream: IO[bytes], seekable: bool) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as UTF-8, else GB18030 (Excel, Chinese Windows).

    A file is checked from start to end (then rewound); a pipe by what is buffered at its start.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        if seekable:
            while chunk := stream.read(SNIFF_BYTES):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            stream.seek(0)
        else:
            peek = getattr(stream, "peek", None)
            decoder.decode(peek(SNIFF_BYTES) if peek else b"")
    except UnicodeDecodeError:
        if seekable:
            stream.seek(0)
        return "gb18030"
    return "utf-8-sig"


def choose_encoding(stream: IO[bytes], encoding: str | None, seekable: bool) -> str:
    """``--encoding`` checked, else detected; UTF-8 read so that Excel's BOM is dropped."""
    chosen = encoding or detect_encoding(stream, seekable)
    try:
        codecs.lookup(chosen)
    except LookupError:
        raise UsageError(f"--encoding: unknown encoding '{chosen}'") from None
    if chosen.replace("-", "").replace("_", "").lower() == "utf8":
        chosen = "utf-8-sig"  # a BOM from Excel is not part of the first column's name
    return chosen


def header_names(path: str, encoding: str) -> list[str]:
    """The normalised column names of a CSV file's first line (already validated by read_rows)."""
    with open(path, encoding=encoding, newline="") as stream:
        return [column_name(name) for name in next(csv.reader(stream), [])]


def read_rows(
    stream: IO[bytes], fmt: str, encoding: str | None = None, seekable: bool = False
) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(row number, cells or None for a blank row, error for an unreadable row) for each input row."""
    if fmt == "xlsx":
        yield from _xlsx_rows(stream)
        return
    chosen = choose_encoding(stream, encoding, seekable)
    text = io.TextIOWrapper(stream, encoding=chosen, newline="")
    try:
        if fmt == "jsonl":
            yield from _jsonl_rows(text)
        else:
            yield from _csv_rows(text)
    except UnicodeDecodeError as err:
        raise BatchInputError(
            f"the input is not {chosen} ({err.reason}): name its encoding with --encoding"
        ) from None
    finally:
        with contextlib.suppress(ValueError):  # already closed: nothing to hand back
            text.detach()  # hand the byte stream back: closing it is the caller's business


def _csv_rows(text: IO[str]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    reader = csv.reader(text)
    header = next(reader, None)
    if header is None:
        raise BatchInputError("the input is empty: a CSV needs a header row (benefit,amount,…)")
    names = [column_name(name) for name in header]
    if not any(name in BENEFIT_COLUMNS for name in names):
        raise BatchInputError(
            f"no 'benefit' (or 'measure') column in the header: {','.join(header)}"
        )
    _refuse_twice(names, header)
    yield from _csv_body(reader, names, 1)


def _csv_body(
    reader: Iterator[list[str]], names: list[str], first: int
) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """The data rows of a CSV, numbered from ``first``."""
    width = len(names)
    for number, fields in enumerate(reader, start=first):
        joined = "".join(fields)
        if not joined or joined.isspace():
            yield number, None, None
        elif len(fields) > width and any(cell.strip() for cell in fields[width:]):
            yield number, None, f"row has {len(fields)} cells but the header names {width} columns"
        else:
            yield number, dict(zip(names, fields, strict=False)), None


def _refuse_twice(names: list[str], header: list[str]) -> None:
    """Two columns for one option would leave one of them silently unused."""
    seen: dict[str, str] = {}
    for name, written in zip(names, header, strict=True):
        if name and name in seen:
            raise BatchInputError(
                f"column '{name}' appears twice in the header ({seen[name]}, {written}): keep one"
            )
        seen[name] = written


def _jsonl_rows(
    text: Iterable[str], first: int = 1
) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    for number, line in enumerate(text, start=first):
        if not line.strip():
            yield number, None, None
            continue
        try:
            # NaN and Infinity stay text, so the option's parser refuses them by name.
            pairs = json.loads(
                line, parse_float=Decimal, parse_constant=str, object_pairs_hook=_pairs
            )
        except ValueError as err:
            detail = (
                f"{err.msg} (column {err.colno})"
                if isinstance(err, json.JSONDecodeError)
                else str(err)
            )
            yield number, None, f"not a JSON object: {detail}"
            continue
        if not isinstance(pairs, _Pairs):
            yield number, None, 'not a JSON object: each line must be {"benefit": …, …}'
            continue
        cells: dict[str, Any] = {}
        twice = None
        for key, value in pairs:
            name = column_name(str(key))
            if name in cells:
                twice = f"'{name}' is given twice in the object: keep one"
                break
            cells[name] = _json_cell(value)
        yield (number, None, twice) if twice else (number, cells, None)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object's (key, value) pairs in order, duplicates kept so they can be refused."""


def _pairs(items: list[tuple[str, Any]]) -> _Pairs:
    return _Pairs(items)


def _json_cell(value: Any) -> Any:
    if isinstance(value, _Pairs):
        return dict(value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    try:
        import openpyxl
    except ImportError:
        raise BatchInputError(
            "reading .xlsx needs the excel extra: pip install 'ytsub[excel]'"
        ) from None
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise BatchInputError(f"not a readable .xlsx workbook ({type(err).__name__})") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise BatchInputError("the workbook's first sheet is empty")
    names = [column_name(str(name or "")) for name in header]
    if not any(name in BENEFIT_COLUMNS for name in names):
        raise BatchInputError("no 'benefit' (or 'measure') column in the first row of the sheet")
    _refuse_twice(names, [str(name or "") for name in header])
    for number, fields in enumerate(rows, start=1):
        cells = [_xlsx_cell(value) for value in fields]
        if not any(cells):
            yield number, None, None
        else:
            yield number, dict(zip(names, cells, strict=False)), None
    book.close()


def _xlsx_cell(value: object) -> str | None:
    """Spreadsheet cells as text: 3000000.0 → '3000000', dates → ISO, floats by their shortest repr."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# --- writing ---------------------------------------------------------------------------------


class Writer:
    """Writes results one by one; ``close`` finishes the output (an XLSX file is saved then).

    JSONL goes to a binary stream (its lines are UTF-8 bytes) or a text one, CSV to a text
    stream, XLSX to a binary one.
    """

    def __init__(
        self,
        fmt: str,
        text: IO[str] | None = None,
        binary: IO[bytes] | None = None,
        lang: Lang = "en",
        bom: bool = False,
    ) -> None:
        self.fmt = fmt
        self.lang = lang
        self.text = text
        self.binary = binary
        self._csv: Any = None
        self._book: Any = None
        self._sheet: Any = None
        self.lineterminator = "\n"
        if fmt == "xlsx":
            if binary is None:
                raise UsageError("--format xlsx writes a binary file: give --output FILE.xlsx")
            try:
                import openpyxl
            except ImportError:
                raise UsageError(
                    "writing .xlsx needs the excel extra: pip install 'ytsub[excel]'"
                ) from None
            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet("estimates")
            self._sheet.append(list(CSV_COLUMNS))
            return
        if fmt == "jsonl":
            if text is None and binary is None:
                raise ValueError("JSONL is written to a binary or a text stream")
            return
        if text is None:
            raise ValueError("CSV is written to a text stream")
        if bom:
            text.write("\ufeff")
        self.lineterminator = "\r\n" if bom else "\n"
        self._csv = csv.writer(text, lineterminator=self.lineterminator)
        self._csv.writerow(CSV_COLUMNS)

    @property
    def stream(self) -> IO[Any]:
        """Where the text of JSONL or CSV goes (bytes for JSONL when there is a binary stream)."""
        stream = self.binary if self.fmt == "jsonl" and self.binary is not None else self.text
        assert stream is not None, "XLSX is not written as a stream of text"
        return stream

    def write(self, result: Result) -> None:
        self.emit(render_result(result, self.fmt, self.lang).payload)

    def emit_many(self, payload: bytes | str | list[list[object]]) -> None:
        """Write a chunk rendered by a worker: JSONL bytes, CSV text, or rows of XLSX cells."""
        if isinstance(payload, bytes):
            self.emit(payload)
        elif isinstance(payload, str):
            assert self.text is not None
            self.text.write(payload)
        else:
            for cells in payload:
                self._sheet.append(cells)

    def emit(self, payload: bytes | list[object]) -> None:
        """Write one rendered row: a JSON line (UTF-8), or the cells of a CSV/XLSX row."""
        if isinstance(payload, bytes):
            if self.binary is not None:
                self.binary.write(payload)
            else:
                assert self.text is not None
                self.text.write(payload.decode("utf-8"))
        elif self.fmt == "csv":
            self._csv.writerow(payload)
        else:
            self._sheet.append(payload)

    def close(self) -> None:
        if self._book is not None:
            self._book.save(self.binary)


def flat_row(result: Result) -> list[object]:
    """The CSV/XLSX columns of one result: row, benefit, measure, status, low, high, basis, unit,
    error, grounds."""
    value = result.value
    if isinstance(value, RowError):
        return [result.row, value.benefit or "", "", "error", "", "", "", "", value.message, ""]
    amount = value.amount.to_dict()
    return [
        result.row,
        value.benefit,
        value.measure,
        value.status,
        amount["low"],
        amount["high"] or "",
        amount["basis"],
        amount["unit"],
        "",
        value.grounds,
    ]


# --- the whole batch --------------------------------------------------------------------------


class Tally(NamedTuple):
    """What the summary needs of one row."""

    ok: bool
    unit: str
    low: Decimal
    high: Decimal | None
    overridden: bool = False


class Rendered(NamedTuple):
    """One row ready to write: its payload (a JSON line, or CSV/XLSX cells) and its tally."""

    payload: bytes | list[object]
    tally: Tally


_FAILED = Tally(False, "", Decimal(0), Decimal(0), False)


def render_result(result: Result, fmt: str, lang: Lang) -> Rendered:
    """Render a row's result for ``fmt`` (done in the worker processes of a parallel batch)."""
    value = result.value
    if isinstance(value, RowError):
        if fmt == "jsonl":
            line = json.dumps(value.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
            return Rendered(line.encode("utf-8"), _FAILED)
        return Rendered(flat_row(result), _FAILED)
    amount = value.amount
    tally = record(Tally, (True, amount.unit, amount.low, amount.high, bool(value.overrides)))
    if fmt == "jsonl":
        return record(Rendered, (jsonl_record(value, lang, result.row), tally))
    return record(Rendered, (flat_row(result), tally))


class Summary:
    """Counts and the total range, for the line on stderr."""

    def __init__(self) -> None:
        self.rows = 0
        self.ok = 0
        self.failed = 0
        self.blank = 0
        self.low = Decimal(0)
        self.high: Decimal | None = Decimal(0)
        self.other_units = 0
        self.overridden = 0  # rows estimated with --set (their `set` cell) or --tiers
        self.overlays: tuple[str, ...] = ()

    def merge(self, other: Summary) -> None:
        """Add the counts of a chunk summarised elsewhere (a worker process)."""
        self.rows += other.rows
        self.blank += other.blank
        self.ok += other.ok
        self.failed += other.failed
        self.other_units += other.other_units
        self.overridden += other.overridden
        self.low += other.low
        self.high = None if self.high is None or other.high is None else self.high + other.high

    def add(self, tally: Tally) -> None:
        self.rows += 1
        if not tally.ok:
            self.failed += 1
            return
        self.ok += 1
        if tally.overridden:
            self.overridden += 1
        if tally.unit != "CNY":
            self.other_units += 1
            return
        self.low += tally.low
        if self.high is not None:
            self.high = None if tally.high is None else self.high + tally.high

    def line(self) -> str:
        from .values import format_money

        total = f"¥{format_money(self.low)} – " + (
            "unbounded" if self.high is None else f"¥{format_money(self.high)}"
        )
        rows = "1 row" if self.rows == 1 else f"{self.rows} rows"
        text = f"{rows}: {self.ok} ok, {self.failed} failed; total {total} (CNY)"
        if self.other_units:
            text += f"; {self.other_units} in other units (MW, MWh) not summed"
        if self.blank:
            text += f"; {self.blank} blank row(s) skipped"
        if self.overridden:
            text += f"; {self.overridden} row(s) with changed parameters (set)"
        if self.overlays:
            text += f"; rule files overlaid: {', '.join(self.overlays)}"
        return text


RowIn = tuple[int, "dict[str, Any] | None", "str | None"]


def _estimate_rows(
    estimator: RowEstimator,
    rows: Iterable[RowIn],
    fmt: str,
    lang: Lang,
    emit: Callable[[Any], Any],
    progress: Any = None,
) -> Summary:
    """Estimate each row and hand its rendering to ``emit``, in order; the summary of them all.

    This loop runs once per row of every batch, serial or in a worker, so it does the work of
    ``render_result`` and ``Summary.add`` inline.
    """
    summary = Summary()
    jsonl = fmt == "jsonl"
    # The counts and totals live in locals while the loop runs (attribute updates on every row
    # cost more), and go into the summary at the end.
    ok = failed = blank = overridden = other_units = 0
    low: Decimal = Decimal(0)
    high: Decimal | None = Decimal(0)
    for number, cells, problem in rows:
        if cells is None:
            if problem is None:
                blank += 1
                continue
            error = RowError(number, None, problem)
        else:
            try:
                est = estimator(cells)
            except YtsubError as err:
                raw = cells.get("benefit") or cells.get("measure")
                error = RowError(number, None if raw is None else str(raw), str(err), err.exit_code)
            else:
                emit(jsonl_record(est, lang, number) if jsonl else flat_row(Result(number, est)))
                ok += 1
                if est.overrides:
                    overridden += 1
                amount = est.amount
                if amount.unit != "CNY":
                    other_units += 1
                else:
                    low += amount.low
                    if high is not None:
                        high = None if amount.high is None else high + amount.high
                if progress is not None:
                    progress(number)
                continue
        emit(render_result(Result(number, error), fmt, lang).payload)
        failed += 1
        if progress is not None:
            progress(number)
    summary.rows, summary.ok, summary.failed, summary.blank = ok + failed, ok, failed, blank
    summary.overridden, summary.other_units = overridden, other_units
    summary.low, summary.high = low, high
    return summary


def run_batch(
    rules: RuleSet,
    rows: Iterable[RowIn],
    writer: Writer,
    as_of: date | str | None = None,
    progress: Any = None,
) -> Summary:
    """Estimate and write each row as it is read, in this process; returns the summary."""
    emit: Callable[[Any], Any] = writer.emit
    if writer.fmt == "jsonl" and writer.binary is not None:
        emit = writer.binary.write  # a JSON line goes straight to the stream
    summary = _estimate_rows(
        RowEstimator(rules, as_of), rows, writer.fmt, writer.lang, emit, progress
    )
    summary.overlays = rules.overlays
    writer.close()
    return summary


# --- in parallel ------------------------------------------------------------------------------
#
# Estimating is CPU work and rows are independent, so a long batch spreads chunks of rows over
# worker processes and writes their results in input order as they come back. At most a few
# chunks are in flight: memory stays flat however long the input.

CHUNK_ROWS = 2000
_WORKER: dict[str, Any] = {}


def _start_worker(
    rules_dir: str | None, as_of: date | str | None, fmt: str, lang: Lang, lineterminator: str
) -> None:
    import signal

    from .loader import load_rules

    # Ctrl-C reaches the workers too; the main process alone answers it (it ends the pool),
    # so a worker must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(
        estimator=RowEstimator(load_rules(rules_dir), as_of),
        as_of=as_of,
        fmt=fmt,
        lang=lang,
        lineterminator=lineterminator,
    )


def _work(chunk: list[RowIn]) -> tuple[bytes | str | list[list[object]], Summary]:
    """A chunk rendered in a worker: JSONL as bytes, CSV as text, XLSX as rows of cells; its summary."""
    estimator, fmt, lang = _WORKER["estimator"], _WORKER["fmt"], _WORKER["lang"]
    payloads: list[Any] = []
    summary = _estimate_rows(estimator, chunk, fmt, lang, payloads.append)
    if fmt == "jsonl":
        return b"".join(payloads), summary
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text, lineterminator=_WORKER["lineterminator"]).writerows(payloads)
        return text.getvalue(), summary
    return payloads, summary


@contextlib.contextmanager
def _worker_pool(
    jobs: int, initializer: Callable[..., None], settings: tuple[Any, ...]
) -> Iterator[Pool]:
    """``jobs`` worker processes (forked where the platform can); closed and joined when the
    work is done, terminated when it fails or is interrupted."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = context.Pool(jobs, initializer, settings)
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def run_batch_parallel(
    rules_dir: str | None,
    rows: Iterable[RowIn],
    writer: Writer,
    jobs: int,
    as_of: date | str | None = None,
    progress: Any = None,
    overlays: tuple[str, ...] = (),
) -> Summary:
    """Like :func:`run_batch`, with ``jobs`` worker processes; the output is the same, row for row."""
    from collections import deque
    from multiprocessing.pool import AsyncResult

    summary = Summary()
    summary.overlays = overlays
    pending: deque[tuple[int, AsyncResult[tuple[bytes | str | list[list[object]], Summary]]]] = (
        deque()
    )

    def drain_one() -> None:
        last, task = pending.popleft()
        payload, counts = task.get()
        writer.emit_many(payload)
        summary.merge(counts)
        if progress is not None:
            progress(last)

    settings = (rules_dir, as_of, writer.fmt, writer.lang, writer.lineterminator)
    with _worker_pool(jobs, _start_worker, settings) as pool:
        chunk: list[RowIn] = []
        for row in rows:
            if row[1] is None and row[2] is None:
                summary.blank += 1
                continue
            chunk.append(row)
            if len(chunk) >= CHUNK_ROWS:
                pending.append((row[0], pool.apply_async(_work, (chunk,))))
                chunk = []
                while len(pending) > 2 * jobs:
                    drain_one()
        if chunk:
            pending.append((chunk[-1][0], pool.apply_async(_work, (chunk,))))
        while pending:
            drain_one()
    writer.close()
    return summary


PARALLEL_FROM_BYTES = 1_000_000


def worker_count(jobs: int | None, size: int | None) -> int:
    """``--jobs``, else one worker per core (at most 4) for a file over 1 MB, else 1."""
    if jobs is not None:
        if jobs < 1:
            raise UsageError(f"--jobs: give 1 or more, not {jobs}")
        return jobs
    if size is None or size < PARALLEL_FROM_BYTES:
        return 1
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )
    return max(1, min(cores, 4))


def open_input(path: str) -> tuple[IO[bytes], bool, int | None]:
    """The input as bytes, whether it can be re-read from the start, and its size when known."""
    import sys

    if path == "-":
        return sys.stdin.buffer, False, None
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller after streaming
    except OSError as err:
        raise BatchInputError(f"{path}: cannot read: {err.strerror or err}") from None
    return stream, True, os.fstat(stream.fileno()).st_size


# --- in parallel, by byte ranges ------------------------------------------------------------
#
# For a CSV or JSON-lines file on disk, each worker reads a byte range of the file itself and
# writes its rows to a temporary file; the main process only copies the finished parts to the
# output in order. Nothing crosses between processes but a range and a summary, so two cores
# do nearly twice the work of one. A range starts at a line boundary that is a row boundary:
# the file is split only when no newline stands inside a quoted CSV field (and no lone \r
# ends a line), so that counting lines counts rows.

SLICE_BYTES = 4 << 20
#: Encodings in which the bytes of a quote and a newline never occur inside another character.
SPLITTABLE = frozenset({"utf-8", "utf-8-sig", "utf8", "gb18030", "gbk", "gb2312", "ascii"})


class Slice(NamedTuple):
    """A byte range of the input, the number of its first row, and how to read it."""

    path: str
    encoding: str
    fmt: str
    begin: int
    end: int
    first: int
    names: tuple[str, ...]


def plan_slices(
    path: str, fmt: str, encoding: str, names: list[str], jobs: int
) -> list[Slice] | None:
    """Cut the file into ranges at row boundaries, or None when rows cannot be found by lines."""
    if fmt not in ("csv", "jsonl") or encoding.lower().replace("_", "-") not in SPLITTABLE:
        return None
    size = os.path.getsize(path)
    parts = max(jobs * 4, -(-size // SLICE_BYTES))
    targets = [size * i // parts for i in range(1, parts)]
    cuts: list[tuple[int, int]] = []  # (offset just after a newline, newlines before it)
    newlines = 0
    inside = False  # within a quoted CSV field
    body_start: int | None = 0 if fmt == "jsonl" else None
    offset = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(SNIFF_BYTES):
            if chunk.count(b"\r") != chunk.count(b"\r\n"):
                return None  # lone \r line ends, or a \r\n split across two chunks: stay safe
            if fmt == "csv" and b'"' in chunk:
                for index, segment in enumerate(chunk.split(b'"')):
                    if index:
                        inside = not inside
                    if inside and b"\n" in segment:
                        return None
            elif fmt == "csv" and inside and b"\n" in chunk:
                return None
            if body_start is None and b"\n" in chunk:
                body_start = offset + chunk.index(b"\n") + 1
            while targets and targets[0] < offset + len(chunk):
                at = chunk.find(b"\n", max(0, targets[0] - offset))
                if at < 0:
                    break
                cut = offset + at + 1
                cuts.append((cut, newlines + chunk.count(b"\n", 0, at + 1)))
                while targets and targets[0] < cut:
                    targets.pop(0)
            newlines += chunk.count(b"\n")
            offset += len(chunk)
    if body_start is None or body_start >= size:
        return None
    heads = [(body_start, 1 if fmt == "csv" else 0)] + [
        c for c in cuts if c[0] > body_start and c[0] < size
    ]
    header_lines = 1 if fmt == "csv" else 0
    slices = []
    for index, (begin, before) in enumerate(heads):
        end = heads[index + 1][0] if index + 1 < len(heads) else size
        first = before - header_lines + 1
        slices.append(Slice(path, encoding, fmt, begin, end, first, tuple(names)))
    return slices


def _work_slice(piece: Slice) -> tuple[str, Summary]:
    """Estimate the rows of one byte range into a temporary file: (its path, its summary)."""
    estimator, fmt, lang = _WORKER["estimator"], _WORKER["fmt"], _WORKER["lang"]
    with open(piece.path, "rb") as stream:
        stream.seek(piece.begin)
        data = stream.read(piece.end - piece.begin)
    lines = io.StringIO(data.decode(piece.encoding), newline="")
    del data
    if piece.fmt == "csv":
        estimator = RowEstimator(estimator.rules, estimator.as_of, piece.names)
        rows = _csv_body(csv.reader(lines), list(piece.names), piece.first)
    else:
        rows = _jsonl_rows(lines, piece.first)
    fd, part = tempfile.mkstemp(prefix="ytsub-part-", suffix=".txt", dir=_WORKER["tmpdir"])
    if fmt == "jsonl":  # lines of UTF-8 bytes
        with os.fdopen(fd, "wb") as binary:
            summary = _estimate_rows(estimator, rows, fmt, lang, binary.write)
    else:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            emit = csv.writer(out, lineterminator=_WORKER["lineterminator"]).writerow
            summary = _estimate_rows(estimator, rows, fmt, lang, emit)
    return part, summary


def run_batch_slices(
    rules_dir: str | None,
    slices: list[Slice],
    writer: Writer,
    jobs: int,
    as_of: date | str | None = None,
    progress: Any = None,
    overlays: tuple[str, ...] = (),
) -> Summary:
    """Estimate the slices of a file in ``jobs`` processes; parts are written in input order."""
    import shutil
    from collections import deque
    from multiprocessing.pool import AsyncResult

    output = writer.stream
    summary = Summary()
    summary.overlays = overlays
    tmpdir = tempfile.mkdtemp(prefix="ytsub-batch-")
    pending: deque[tuple[Slice, AsyncResult[tuple[str, Summary]]]] = deque()
    settings = (rules_dir, as_of, writer.fmt, writer.lang, writer.lineterminator, tmpdir)

    def drain_one() -> None:
        piece, task = pending.popleft()
        part, counts = task.get()
        _append_file(part, output)
        os.unlink(part)
        summary.merge(counts)
        if progress is not None:
            progress(piece.first, piece.end)

    try:
        with _worker_pool(jobs, _start_slice_worker, settings) as pool:
            for piece in slices:
                pending.append((piece, pool.apply_async(_work_slice, (piece,))))
                while len(pending) > 2 * jobs:
                    drain_one()
            while pending:
                drain_one()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    writer.close()
    return summary


def _append_file(part: str, output: IO[Any]) -> None:
    """Append a finished part (UTF-8) to the output: as bytes, by the kernel where it can."""
    import shutil

    output.flush()
    try:
        target = output.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's StringIO)
        binary = not isinstance(output, io.TextIOBase)
        with open(part, "rb") if binary else open(part, encoding="utf-8", newline="") as done:
            shutil.copyfileobj(done, output)
        return
    with open(part, "rb") as done:
        size = os.fstat(done.fileno()).st_size
        sent = 0
        try:
            while sent < size:
                count = os.sendfile(target, done.fileno(), sent, size - sent)
                if count == 0:
                    break
                sent += count
        except OSError:  # sendfile to this kind of output is not supported here
            done.seek(sent)
            with os.fdopen(os.dup(target), "wb", closefd=True) as raw:
                shutil.copyfileobj(done, raw)


def _start_slice_worker(
    rules_dir: str | None,
    as_of: date | str | None,
    fmt: str,
    lang: Lang,
    lineterminator: str,
    tmpdir: str,
) -> None:
    _start_worker(rules_dir, as_of, fmt, lang, lineterminator)
    _WORKER["tmpdir"] = tmpdir
