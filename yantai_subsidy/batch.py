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
import itertools
import json
import os
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
CSV_COLUMNS = ("row", "benefit", "measure", "status", "low", "high", "basis", "unit", "error")
SNIFF_BYTES = 1 << 20


RowIn = tuple[int, "dict[str, Any] | None", "str | None"]


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
        self,
        rules: RuleSet,
        as_of: date | str | None = None,
        columns: Iterable[str] | None = None,
        keep: Iterable[str] = (),
    ) -> None:
        """``columns``: the file's column names, when every row has the same (a CSV's header);
        ``keep``: columns carried into the output (``--keep``), not options of any benefit."""
        self.rules = rules
        self.as_of = as_of
        self._keep = frozenset(keep)
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
                elif isinstance(value, (bool, Decimal, int)) or (
                    isinstance(value, date) and not isinstance(value, datetime)
                ):
                    text = value
                else:
                    text = _cell(value, column)
                if text is not None:
                    inputs[column] = text
            elif (
                column not in BENEFIT_COLUMNS
                and column not in CONTROL_COLUMNS
                and column not in self._keep
                and _cell(value, column) is not None
            ):
                spec = prepared_plan.spec
                listed = ", ".join(sorted(spec.options)) or "none"
                raise UsageError(
                    f"column '{column}' is not an option of {spec.id} (its options: {listed});"
                    f" to carry it into the results, name it in --keep"
                )
        return prepared_plan.run(inputs)

    def _prepare(self, cells: Mapping[str, object]) -> tuple[Plan, frozenset[str]]:
        benefit, measure = _cell(cells.get("benefit")), _cell(cells.get("measure"))
        if benefit is None and measure is None:
            raise UsageError("no benefit: the row's benefit (or measure) cell is empty")
        prepared = plan(
            self.rules,
            benefit or measure or "",
            _cell(cells.get("as_of")) or self.as_of,
            confirm=_list(cells.get("confirm")),
            deny=_list(cells.get("deny")),
            overrides=_list(cells.get("set")),
        )
        if benefit is not None and measure is not None:
            named = self.rules.measure(measure).number
            if named != prepared.spec.measure:
                raise InputError(
                    f"the row's benefit '{benefit}' is measure {prepared.spec.measure},"
                    f" but its measure cell says {measure}: correct one, or leave measure empty"
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


def _cell(value: object, column: str = "") -> str | None:
    """A cell's text; empty cells (None, and NaN as pandas gives them) are "not given".

    A float (pandas, a spreadsheet) is read by its shortest decimal form: 3000000.0 is
    ``3000000``, 0.015 is ``0.015``. A float that needs 16 or more significant digits
    (0.1 + 0.2) is the result of arithmetic, not a figure anyone wrote: it is refused.
    """
    if value is None:
        return None
    if isinstance(value, float):
        return _float_text(value, column)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
        return None
    text = str(value).strip()
    return text or None


def _float_text(value: float, column: str) -> str | None:
    """A float cell as the figure written in it (see :func:`_cell`); NaN is an empty cell."""
    if value != value:  # NaN: pandas' empty cell
        return None
    where = f"column '{column}': " if column else ""
    if value in (float("inf"), float("-inf")):
        raise InputError(f"{where}{value} is not a finite number")
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    digits = text.split("e")[0].lstrip("-").replace(".", "").strip("0")
    if len(digits) > 15:
        raise InputError(
            f"{where}the float {text} is not an exact figure (arithmetic on floats):"
            " give it as text, or round it"
        )
    return text


def _list(value: object) -> list[str]:
    text = _cell(value)
    return [] if text is None else [part.strip() for part in text.split(";") if part.strip()]


def estimate_many(
    rules: RuleSet, rows: Iterable[Mapping[str, object]], as_of: date | str | None = None
) -> Iterator[Estimate | RowError]:
    """Estimate each row; a row that fails yields a :class:`RowError`, and the next row follows.

    ``rows`` are mappings of column names to cells, as ``csv.DictReader`` or
    ``DataFrame.to_dict("records")`` give them (None, "" or NaN for an empty cell; a float
    is read as the figure written, see :func:`_cell`).
    """
    estimator = RowEstimator(rules, as_of)
    for number, row in enumerate(rows, start=1):
        cells = {column_name(str(key)): value for key, value in row.items() if key is not None}
        yield _one(estimator, number, cells).value


def _plan_cells_as_text(cells: dict[str, Any]) -> None:
    """The cells that choose a plan, as text: the plan cache compares them, and 8 == 8.0."""
    for name in PLAN_COLUMNS:
        value = cells.get(name)
        if value is not None and type(value) is not str:
            cells[name] = _cell(value, name)


def _one(estimator: RowEstimator, number: int, cells: dict[str, Any]) -> Result:
    try:
        _plan_cells_as_text(cells)
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


#: Codecs Python lists as text encodings that are not how a file's text is stored.
NOT_FILE_ENCODINGS = frozenset(
    {"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape", "utf-7"}
)
#: Encodings whose byte order is read from a BOM at the start of the input.
BOM_ENCODINGS = {
    "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
    "utf-32": (
        codecs.BOM_UTF32_LE,
        codecs.BOM_UTF32_BE,
    ),
}


def check_encoding(name: str) -> str:
    """``--encoding`` as a codec that decodes a file's bytes into text, or a usage error naming it."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a name holding a NUL
        raise UsageError(f"--encoding: unknown encoding '{name}'") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_FILE_ENCODINGS:
        raise UsageError(
            f"--encoding: '{name}' is not a text encoding of a file"
            " (give one such as utf-8, gb18030, utf-16-le)"
        )
    if info.name.replace("_", "-").lower() == "utf-8":
        return "utf-8-sig"  # a BOM from Excel is not part of the first column's name
    return name


def choose_encoding(stream: IO[bytes], encoding: str | None, seekable: bool) -> str:
    """``--encoding`` checked, else detected; UTF-8 read so that Excel's BOM is dropped."""
    if encoding is None:
        return check_encoding(detect_encoding(stream, seekable))
    chosen = check_encoding(encoding)
    marks = BOM_ENCODINGS.get(codecs.lookup(chosen).name)
    if marks is not None:
        peek = getattr(stream, "peek", None)
        start = peek(4)[:4] if peek is not None else b""
        if not start.startswith(marks):
            raise UsageError(
                f"--encoding: the input does not start with a {chosen} byte-order mark:"
                f" name the byte order ({chosen}-le or {chosen}-be)"
            )
    return chosen


#: The largest row a batch reads, in characters: far above any real row, and it keeps one
#: hostile cell from holding the batch's memory. A longer row is an error row.
ROW_LIMIT = 1 << 20
#: The longest cell the csv module is allowed to collect before it gives up. A cell this long
#: is a quote never closed (it has swallowed the rows after it): the input is refused.
FIELD_LIMIT = 64 << 20
#: Fed to the csv reader after the last line: it comes back as a row of its own, unless a
#: quote left open swallowed it into a cell.
END_OF_INPUT = "\x00ytsub: end of input\x00"


class Records(NamedTuple):
    """An input's rows as whole records, not yet made into cells: the csv module's lists of
    fields (after the header, whose names are ``names``), or JSON lines.

    Records are what a parallel batch hands its workers: the main process finds where each
    row ends (the csv module's own boundaries), the workers do the rest.
    """

    fmt: str
    names: tuple[str, ...]
    items: Iterator[Any]


def read_records(
    stream: IO[bytes], fmt: str, encoding: str | None = None, seekable: bool = False
) -> Records:
    """The header is read (and checked) now; the records as they are iterated."""
    chosen = choose_encoding(stream, encoding, seekable)
    # JSON lines end at \n alone: a \r is JSON whitespace, not the end of a row.
    text = io.TextIOWrapper(stream, encoding=chosen, newline="\n" if fmt == "jsonl" else "")
    try:
        if fmt == "jsonl":
            return Records(fmt, (), _decoded(text, text, chosen))
        names, reader = _csv_header(text)
        return Records(fmt, names, _decoded(_records(reader), text, chosen))
    except UnicodeError as err:
        raise _not_encoded(err, chosen) from None


def _decoded(items: Iterator[Any], text: io.TextIOWrapper, chosen: str) -> Iterator[Any]:
    """``items``, with an undecodable byte anywhere refusing the input, and the byte stream
    handed back to the caller (who closes it) at the end."""
    try:
        yield from items
    except UnicodeError as err:
        raise _not_encoded(err, chosen) from None
    finally:
        with contextlib.suppress(ValueError):  # already closed: nothing to hand back
            text.detach()


def _not_encoded(err: UnicodeError, chosen: str) -> BatchInputError:
    reason = err.reason if isinstance(err, UnicodeDecodeError) else str(err)
    return BatchInputError(
        f"the input is not {chosen} ({reason}): name its encoding with --encoding"
    )


def rows_of(records: Records, first: int = 1) -> Iterator[RowIn]:
    """Records as rows (number, cells or None for a blank row, error for an unreadable row)."""
    if records.fmt == "jsonl":
        return _jsonl_rows(records.items, first)
    return _csv_body(records.items, list(records.names), first)


def read_rows(
    stream: IO[bytes], fmt: str, encoding: str | None = None, seekable: bool = False
) -> Iterator[RowIn]:
    """(row number, cells or None for a blank row, error for an unreadable row) for each input row."""
    if fmt == "xlsx":
        yield from _xlsx_rows(stream)
        return
    yield from rows_of(read_records(stream, fmt, encoding, seekable))


def scan_input(stream: IO[bytes], fmt: str, encoding: str | None) -> str:
    """Read a CSV or JSON-lines file to its end before any row is estimated; the encoding.

    What makes the whole input unreadable (bytes that are not its encoding, a quote never
    closed) is refused here, before anything is written. The stream is rewound.
    """
    chosen = choose_encoding(stream, encoding, True)
    for _ in read_records(stream, fmt, chosen, True).items:
        pass
    stream.seek(0)
    return chosen


def _csv_header(text: IO[str]) -> tuple[tuple[str, ...], Iterator[list[str]]]:
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(itertools.chain(text, (END_OF_INPUT,)))
    header = next(reader, None)
    if header is None or header == [END_OF_INPUT]:
        raise BatchInputError("the input is empty: a CSV needs a header row (benefit,amount,…)")
    if header[-1].endswith(END_OF_INPUT):
        raise BatchInputError("the header row opens a quote that is never closed")
    names = [column_name(name) for name in header]
    if not any(name in BENEFIT_COLUMNS for name in names):
        raise BatchInputError(
            f"no 'benefit' (or 'measure') column in the header: {','.join(header)}"
        )
    _refuse_twice(names, header)
    return tuple(names), reader


def _records(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The csv reader's records up to the end-of-input mark; an unreadable rest is refused.

    A quote that is never closed swallows every line after it into one cell: that cell
    either ends with the mark or outgrows :data:`FIELD_LIMIT`. Either way the rows after it
    cannot be read, so the input is refused, naming the row where the quote opened.
    """
    number = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise BatchInputError(
                f"row {number + 1}: {err}: a quote opened in this row is never closed"
                " (every row after it would be read as one cell)"
            ) from None
        number += 1
        if fields and fields[-1].endswith(END_OF_INPUT):
            if fields == [END_OF_INPUT]:
                return
            raise BatchInputError(
                f"row {number}: a quote opened in this row is never closed"
                " (the rest of the input would be read as one cell)"
            )
        yield fields


def _csv_body(
    reader: Iterator[list[str]], names: list[str], first: int
) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """The data rows of a CSV, numbered from ``first``."""
    width = len(names)
    unnamed = [index for index, name in enumerate(names) if not name]
    for number, fields in enumerate(reader, start=first):
        joined = "".join(fields)
        if not joined or joined.isspace():
            yield number, None, None
        elif len(joined) > ROW_LIMIT:
            yield number, None, _too_long(len(joined))
        elif len(fields) > width and any(cell.strip() for cell in fields[width:]):
            yield number, None, f"row has {len(fields)} cells but the header names {width} columns"
        elif unnamed and any(i < len(fields) and fields[i].strip() for i in unnamed):
            index = next(i for i in unnamed if i < len(fields) and fields[i].strip())
            yield (
                number,
                None,
                f"cell {index + 1} holds a value but its column has no name in the header",
            )
        else:
            yield number, dict(zip(names, fields, strict=False)), None


def _too_long(size: int) -> str:
    return f"the row holds {size:,} characters; a batch reads rows of at most {ROW_LIMIT:,}"


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
        if len(line) > ROW_LIMIT:
            yield number, None, _too_long(len(line.rstrip("\r\n")))
            continue
        try:
            # NaN and Infinity stay text, so the option's parser refuses them by name.
            pairs = json.loads(
                line, parse_float=Decimal, parse_constant=str, object_pairs_hook=_pairs
            )
            if "\\u" in line and _holds_surrogate(pairs):
                raise ValueError("a string holds a lone surrogate (\\ud800–\\udfff)")
        except RecursionError:
            yield number, None, "not a JSON object: nested too deeply"
            continue
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
        if twice:
            yield number, None, twice
            continue
        try:
            _plan_cells_as_text(cells)
        except YtsubError as err:
            yield number, None, str(err)
            continue
        yield number, cells, None


def _holds_surrogate(value: Any) -> bool:
    """Whether a parsed JSON value holds text that is not Unicode (an escaped lone surrogate)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, (list, tuple)):
        return any(_holds_surrogate(item) for item in value)
    return False


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


#: Limits on a workbook's parts, read before openpyxl sees it (its read-only mode streams a
#: sheet's rows, but holds every shared string in memory, and expat expands entities).
XLSX_SHARED_STRINGS_LIMIT = 32 << 20  # bytes of xl/sharedStrings.xml, uncompressed
XLSX_TEXT_LIMIT = ROW_LIMIT  # bytes of text between two tags (a cell's text, or whitespace)


def check_workbook(stream: IO[bytes]) -> None:
    """Refuse a workbook that would cost unbounded memory or expand entities, before any row.

    Every XML part is decompressed once (which also checks each part's CRC: a truncated file
    is refused here) and must hold no DOCTYPE (no entities), no run of text longer than
    :data:`XLSX_TEXT_LIMIT`, and shared strings within :data:`XLSX_SHARED_STRINGS_LIMIT`.
    """
    import zipfile

    try:
        with zipfile.ZipFile(stream) as book:
            for info in book.infolist():
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_part(book, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as err:
        raise BatchInputError(f"not a readable .xlsx workbook ({err})") from None
    except NotImplementedError as err:  # an unsupported compression method
        raise BatchInputError(f"not a readable .xlsx workbook ({err})") from None
    stream.seek(0)


def _check_part(book: Any, info: Any) -> None:
    name = info.filename
    limit = XLSX_SHARED_STRINGS_LIMIT if name.endswith("sharedStrings.xml") else None
    size = 0
    run = 0  # bytes since the last '<'
    tail = b""
    with book.open(info) as part:
        while chunk := part.read(1 << 20):
            size += len(chunk)
            if limit is not None and size > limit:
                raise BatchInputError(
                    f"the workbook's {name} is over {limit >> 20} MB: a batch reads shared"
                    " strings of at most that size (save the sheet as CSV instead)"
                )
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise BatchInputError(
                    f"the workbook's {name} declares a DOCTYPE: refused (entities are not read)"
                )
            tail = chunk[-16:]
            pieces = chunk.split(b"<")
            run += len(pieces[0])
            longest = max(run, *(len(piece) for piece in pieces[1:])) if len(pieces) > 1 else run
            if longest > XLSX_TEXT_LIMIT:
                raise BatchInputError(
                    f"the workbook's {name} holds a run of over {XLSX_TEXT_LIMIT:,} bytes of"
                    " text: refused (a cell that long is not a row of a client list)"
                )
            if len(pieces) > 1:
                run = len(pieces[-1])


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    try:
        import openpyxl
    except ImportError:
        raise BatchInputError(
            "reading .xlsx needs the excel extra: pip install 'ytsub[excel]'"
        ) from None
    check_workbook(stream)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise BatchInputError(f"not a readable .xlsx workbook ({type(err).__name__})") from None
    if not book.worksheets:
        raise BatchInputError("the workbook has no sheet")
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    number = 0
    try:
        header = next(rows, None)
        if header is None:
            raise BatchInputError("the workbook's first sheet is empty")
        names = [column_name(str(name or "")) for name in header]
        if not any(name in BENEFIT_COLUMNS for name in names):
            raise BatchInputError(
                "no 'benefit' (or 'measure') column in the first row of the sheet"
            )
        _refuse_twice(names, [str(name or "") for name in header])
        for number, fields in enumerate(rows, start=1):
            try:
                cells = [
                    _xlsx_cell(value, name) for value, name in zip(fields, names, strict=False)
                ]
            except InputError as err:
                yield number, None, str(err)
                continue
            unnamed = [i for i, name in enumerate(names) if not name and i < len(cells)]
            if any(cells[i] for i in unnamed):
                index = next(i for i in unnamed if cells[i])
                yield (
                    number,
                    None,
                    f"cell {index + 1} holds a value but its column has no name in the header",
                )
            elif not any(cells):
                yield number, None, None
            else:
                yield number, dict(zip(names, cells, strict=False)), None
    except YtsubError:
        raise
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a bad sheet
        raise BatchInputError(
            f"the workbook's first sheet cannot be read after row {number}"
            f" ({type(err).__name__}): save it again, or as CSV"
        ) from None
    finally:
        book.close()


def _xlsx_cell(value: object, column: str) -> str | None:
    """Spreadsheet cells as text: 3000000.0 → '3000000', dates → ISO, floats as :func:`_cell`."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _float_text(value, column)
    return str(value).strip() or None


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
        keep: tuple[str, ...] = (),
    ) -> None:
        """``keep``: input columns (as written in --keep) carried into every output row."""
        self.fmt = fmt
        self.keep = tuple((column_name(name), name) for name in keep)
        header = [*CSV_COLUMNS, *keep]
        self.lang = lang
        self.text = text
        self.binary = binary
        self._csv: Any = None
        self._book: Any = None
        self._sheet: Any = None
        self.lineterminator = "\n"
        self.excel = False
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
            self._sheet.append(header)
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
        self.excel = bom  # a CSV with a BOM is meant for Excel: no cell may read as a formula
        self._csv = csv.writer(text, lineterminator=self.lineterminator)
        self._csv.writerow(header)
        if bom:
            self._csv = _ExcelSafeWriter(self._csv)

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
                self._sheet.append(self._xlsx_cells(cells))

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
            self._sheet.append(self._xlsx_cells(payload))

    def _xlsx_cells(self, cells: list[object]) -> list[object]:
        """Amounts as numbers shown with two decimals (so SUM works); text always as text,
        never a formula (openpyxl stores a string starting with = as one)."""
        from openpyxl.cell import WriteOnlyCell

        out: list[object] = list(cells)
        for index in AMOUNT_COLUMNS:
            if index < len(out) and out[index] not in ("", None):
                number = WriteOnlyCell(self._sheet, value=Decimal(str(out[index])))
                number.number_format = "#,##0.00"
                out[index] = number
        for index, value in enumerate(out):
            if type(value) is str and value.startswith("="):
                text = WriteOnlyCell(self._sheet, value=value)
                text.data_type = "s"
                out[index] = text
        return out

    def close(self) -> None:
        if self._book is not None:
            self._book.save(self.binary)


#: Where the amounts stand in a CSV/XLSX row.
AMOUNT_COLUMNS = (CSV_COLUMNS.index("low"), CSV_COLUMNS.index("high"))
#: What Excel reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(cells: list[object]) -> list[object]:
    """A CSV row for Excel: a text cell that Excel would run as a formula gets a leading '
    (Excel shows the rest as text; strip the ' to get the cell back)."""
    return [
        "'" + value if type(value) is str and value.startswith(FORMULA_START) else value
        for value in cells
    ]


class _ExcelSafeWriter:
    """A csv writer whose rows pass through :func:`excel_safe`."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, cells: list[object]) -> Any:
        return self._writer.writerow(excel_safe(cells))

    def writerows(self, rows: Iterable[list[object]]) -> None:
        for cells in rows:
            self.writerow(cells)


def with_kept(
    payload: bytes | list[object],
    cells: Mapping[str, Any] | None,
    keep: tuple[tuple[str, str], ...],
) -> bytes | list[object]:
    """A rendered row with the ``--keep`` columns' cells: after the result's columns in CSV and
    XLSX, as ``"keep": {column as named in --keep: text or null}`` closing a JSON line. A row
    that could not be read at all carries nothing (null)."""
    values = [None if cells is None else _kept_text(cells.get(key)) for key, _ in keep]
    if isinstance(payload, bytes):
        labels = [label for _, label in keep]
        kept = json.dumps(
            dict(zip(labels, values, strict=True)), ensure_ascii=False, separators=(",", ":")
        )
        return payload[:-2] + b',"keep":' + kept.encode("utf-8") + b"}\n"
    return [*payload, *("" if value is None else value for value in values)]


def _kept_text(value: object) -> str | None:
    """A carried cell as text, as the input had it (a float by its shortest form, NaN empty)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip() or None


def flat_row(result: Result) -> list[object]:
    """The CSV/XLSX columns of one result: row, benefit, measure, status, low, high, basis, unit, error."""
    value = result.value
    if isinstance(value, RowError):
        return [result.row, value.benefit or "", "", "error", "", "", "", "", value.message]
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
        #: The total of the highs; a row whose high the document does not state adds its low.
        self.high = Decimal(0)
        #: Benefits with no stated maximum (unpublished, at least …): listed, not added, as
        #: ``match`` does. (Their sum would otherwise read "unbounded".)
        self.unstated: set[str] = set()
        self.unstated_rows = 0
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
        self.high += other.high
        self.unstated |= other.unstated
        self.unstated_rows += other.unstated_rows

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
        if tally.high is None:
            self.unstated_rows += 1
            self.high += tally.low
        else:
            self.high += tally.high

    def line(self) -> str:
        from .values import format_money

        total = f"¥{format_money(self.low)} – ¥{format_money(self.high)}"
        rows = "1 row" if self.rows == 1 else f"{self.rows} rows"
        text = f"{rows}: {self.ok} ok, {self.failed} failed; total {total} (CNY)"
        if self.unstated_rows:
            text += (
                f"; {self.unstated_rows} row(s) whose amount the document does not state"
                f" (not added): {', '.join(sorted(self.unstated))}"
            )
        if self.other_units:
            text += f"; {self.other_units} in other units (MW, MWh) not summed"
        if self.blank:
            text += f"; {self.blank} blank row(s) skipped"
        if self.overridden:
            text += f"; {self.overridden} row(s) with changed parameters (set)"
        if self.overlays:
            text += f"; rule files overlaid: {', '.join(self.overlays)}"
        return text


def _estimate_rows(
    estimator: RowEstimator,
    rows: Iterable[RowIn],
    fmt: str,
    lang: Lang,
    emit: Callable[[Any], Any],
    progress: Any = None,
    keep: tuple[tuple[str, str], ...] = (),
) -> Summary:
    """Estimate each row and hand its rendering to ``emit``, in order; the summary of them all.

    ``keep``: input columns carried into every output row, as (normalised name, label).

    This loop runs once per row of every batch, serial or in a worker, so it does the work of
    ``render_result`` and ``Summary.add`` inline.
    """
    summary = Summary()
    jsonl = fmt == "jsonl"
    # The counts and totals live in locals while the loop runs (attribute updates on every row
    # cost more), and go into the summary at the end.
    ok = failed = blank = overridden = other_units = 0
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
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
                payload = (
                    jsonl_record(est, lang, number) if jsonl else flat_row(Result(number, est))
                )
                emit(with_kept(payload, cells, keep) if keep else payload)
                ok += 1
                if est.overrides:
                    overridden += 1
                amount = est.amount
                if amount.unit != "CNY":
                    other_units += 1
                else:
                    low += amount.low
                    if amount.high is not None:
                        high += amount.high
                    else:  # no stated maximum: listed, not added (its low is)
                        high += amount.low
                        summary.unstated_rows += 1
                        summary.unstated.add(est.benefit)
                if progress is not None:
                    progress(number)
                continue
        payload = render_result(Result(number, error), fmt, lang).payload
        emit(with_kept(payload, cells, keep) if keep else payload)
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
    keep = writer.keep
    estimator = RowEstimator(rules, as_of, keep=[key for key, _ in keep])
    summary = _estimate_rows(estimator, rows, writer.fmt, writer.lang, emit, progress, keep)
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
    rules_dir: str | None,
    as_of: date | str | None,
    fmt: str,
    lang: Lang,
    lineterminator: str,
    excel: bool = False,
    keep: tuple[tuple[str, str], ...] = (),
) -> None:
    import signal

    from .loader import load_rules

    # Ctrl-C reaches the workers too; the main process alone answers it (it ends the pool),
    # so a worker must not print a traceback of its own. SIGTERM (how the pool ends a worker)
    # does its default, whatever handler the main process had when it forked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):  # the main process is gone: end silently, not with a traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    _end_with_the_parent()
    _WORKER.update(
        estimator=RowEstimator(load_rules(rules_dir), as_of, keep=[key for key, _ in keep]),
        keep=keep,
        as_of=as_of,
        fmt=fmt,
        lang=lang,
        lineterminator=lineterminator,
        excel=excel,
    )


def _end_with_the_parent() -> None:
    """A worker whose main process died (SIGKILL, a crash) ends too, instead of waiting on
    its pipe forever and printing tracebacks later."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="ytsub-parent-watch", daemon=True).start()


class Chunk(NamedTuple):
    """Whole records for a worker: their format (``rows`` when already read into cells, as an
    XLSX sheet's are), the CSV header's names, the number of the first, and the records."""

    fmt: str
    names: tuple[str, ...]
    first: int
    items: list[Any]


def _work(chunk: Chunk) -> tuple[bytes | str | list[list[object]], Summary]:
    """A chunk rendered in a worker: JSONL as bytes, CSV as text, XLSX as rows of cells; its summary."""
    estimator, fmt, lang = _WORKER["estimator"], _WORKER["fmt"], _WORKER["lang"]
    payloads: list[Any] = []
    if chunk.fmt == "rows":
        rows: Iterable[RowIn] = chunk.items
    else:
        rows = rows_of(Records(chunk.fmt, chunk.names, iter(chunk.items)), chunk.first)
    summary = _estimate_rows(estimator, rows, fmt, lang, payloads.append, keep=_WORKER["keep"])
    if fmt == "jsonl":
        return b"".join(payloads), summary
    if fmt == "csv":
        text = io.StringIO()
        rows_out: Any = csv.writer(text, lineterminator=_WORKER["lineterminator"])
        if _WORKER["excel"]:
            rows_out = _ExcelSafeWriter(rows_out)
        rows_out.writerows(payloads)
        return text.getvalue(), summary
    return payloads, summary


def _chunks(source: Records | Iterable[RowIn]) -> Iterator[Chunk]:
    """Whole records in chunks of :data:`CHUNK_ROWS`, numbered in input order."""
    if isinstance(source, Records):
        fmt, names, items = source.fmt, source.names, source.items
    else:
        fmt, names, items = "rows", (), iter(source)
    first = 1
    while batch := list(itertools.islice(items, CHUNK_ROWS)):
        yield Chunk(fmt, names, first, batch)
        first += len(batch)


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
    source: Records | Iterable[RowIn],
    writer: Writer,
    jobs: int,
    as_of: date | str | None = None,
    progress: Any = None,
    overlays: tuple[str, ...] = (),
) -> Summary:
    """Like :func:`run_batch`, with ``jobs`` worker processes; the output is the same, byte
    for byte. ``source``: the input's :class:`Records` (or rows already read, from XLSX)."""
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

    settings = (
        rules_dir,
        as_of,
        writer.fmt,
        writer.lang,
        writer.lineterminator,
        writer.excel,
        writer.keep,
    )
    with _worker_pool(jobs, _start_worker, settings) as pool:
        for chunk in _chunks(source):
            last = chunk.first + len(chunk.items) - 1
            pending.append((last, pool.apply_async(_work, (chunk,))))
            while len(pending) > 2 * jobs:
                drain_one()
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
    """The input as bytes, whether it can be re-read from the start, and its size when known.

    Only a regular file is read twice (a scan, then the rows): ``/dev/stdin``, a FIFO or a
    device is read once, as ``-`` is.
    """
    import stat
    import sys

    if path == "-":
        return sys.stdin.buffer, False, None
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller after streaming
        status = os.fstat(stream.fileno())
    except OSError as err:
        raise BatchInputError(f"{path}: cannot read: {err.strerror or err}") from None
    if not stat.S_ISREG(status.st_mode):
        return stream, False, None
    return stream, True, status.st_size
