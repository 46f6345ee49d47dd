"""Writing a batch's results: JSON lines, CSV or XLSX, one row per input row.

Here a result becomes its output row (``flat_row``, a JSON line), ``--keep`` columns are
carried, and output meant for Excel is kept from running input text as a formula.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import IO, Any, NamedTuple

from .batch_read import column_name
from .errors import UsageError, install_hint
from .render.json_ import jsonl_record
from .result import SCHEMA, Estimate, Lang, record
from .values import today

#: grounds (how sure the amount is) comes after error: it was added when scripts already read
#: the columns by position; --keep columns follow it
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
        columns: tuple[str, ...] = CSV_COLUMNS,
        sheet: str = "estimates",
        dated: date | None = None,
    ) -> None:
        """``keep``: input columns (as written in --keep) carried into every output row;
        ``columns``: the result's own (a client list's differ), ``sheet``: the XLSX sheet's name;
        ``dated``: the day an XLSX workbook is dated (the run's as-of date; else today)."""
        self.fmt = fmt
        self.dated = dated
        self.keep = tuple((column_name(name), name) for name in keep)
        header = [*columns, *keep]
        self.amounts = tuple(columns.index(name) for name in ("low", "high") if name in columns)
        self.unit = columns.index("unit") if "unit" in columns else None
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
                raise UsageError("output.xlsx_needs_file")
            try:
                import openpyxl
            except ImportError:
                raise UsageError(
                    "output.xlsx_needs_extra", install=install_hint("excel", "openpyxl")
                ) from None
            self._book = openpyxl.Workbook(write_only=True)
            self._sheet = self._book.create_sheet(sheet)
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
        """Amounts as numbers (so SUM works), money with two decimals, a quantity with all of
        its own; text always as text, never a formula (openpyxl stores "=…" as one)."""
        from openpyxl.cell import WriteOnlyCell

        out: list[object] = list(cells)
        unit = None if self.unit is None or self.unit >= len(out) else out[self.unit]
        for index in self.amounts:
            if index < len(out) and out[index] not in ("", None):
                amount = Decimal(str(out[index]))
                if beyond_excel(amount):  # Excel would show another figure: keep the text
                    text = WriteOnlyCell(self._sheet, value=str(out[index]))
                    text.data_type = "s"
                    out[index] = text
                    continue
                number = WriteOnlyCell(self._sheet, value=amount)
                number.number_format = "#,##0.00" if unit in ("CNY", None) else _digits(amount)
                out[index] = number
        for index, value in enumerate(out):
            if type(value) is str and value.startswith("="):
                text = WriteOnlyCell(self._sheet, value=value)
                text.data_type = "s"
                out[index] = text
        return out

    def close(self) -> None:
        if self._book is not None:
            assert self.binary is not None
            save_workbook(self._book, self.binary, self.dated or today())


def save_workbook(book: Any, stream: IO[bytes], day: date) -> None:
    """Save an openpyxl workbook whose bytes depend on its cells and ``day`` alone.

    openpyxl stamps the moment of saving into the document's properties and into every zip
    entry, so two runs of one batch (or --jobs 1 and --jobs 2) never gave the same bytes; here
    the workbook is dated ``day``, at midnight, throughout.
    """
    import datetime
    import shutil
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    stamp = datetime.datetime.combine(max(day, ZIP_EPOCH), datetime.time())
    when = stamp.timetuple()[:6]

    class DatedZip(zipfile.ZipFile):
        """A zip whose entries are all dated ``when`` (ZipFile dates them by the clock or
        by the file written); openpyxl writes a workbook through ``writestr`` and ``write``."""

        def writestr(
            self,
            zinfo_or_arcname: str | zipfile.ZipInfo,
            data: Any,
            compress_type: int | None = None,
            compresslevel: int | None = None,
        ) -> None:
            entry = zinfo_or_arcname
            if not isinstance(entry, zipfile.ZipInfo):
                entry = self._entry(entry)
            super().writestr(entry, data, compress_type, compresslevel)

        def write(
            self,
            filename: Any,
            arcname: Any = None,
            compress_type: int | None = None,
            compresslevel: int | None = None,
        ) -> None:
            entry = self._entry(arcname or filename)
            if compress_type is not None:
                entry.compress_type = compress_type
            entry.file_size = os.path.getsize(filename)  # a large sheet is then written as zip64
            with open(filename, "rb") as source, self.open(entry, "w") as target:
                shutil.copyfileobj(source, target, 1 << 16)

        def _entry(self, name: str) -> zipfile.ZipInfo:
            entry = zipfile.ZipInfo(name, when)
            entry.compress_type = self.compression
            entry.external_attr = 0o600 << 16  # as ZipFile.writestr sets it
            return entry

    book.properties.created = book.properties.modified = stamp
    ExcelWriter(book, DatedZip(stream, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


#: The first day a zip entry can be dated (MS-DOS time).
ZIP_EPOCH = date(1980, 1, 1)


#: Where the amounts stand in a CSV/XLSX row.
AMOUNT_COLUMNS = (CSV_COLUMNS.index("low"), CSV_COLUMNS.index("high"))
#: What Excel reads as the start of a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: Text that Excel, opening a CSV, turns into something else: digits with a leading zero
#: (010000 → 10000), more than 15 digits (an 18-digit ID number → 3.70602E+17, its last digits
#: lost on saving), a date or a fraction (1-2, 3/4 → 2 January, 4 March), scientific notation
#: (1E5 → 100000).
EXCEL_CHANGES = re.compile(
    r"0\d+|\d{16,}|\d{1,4}[-/]\d{1,2}(?:[-/]\d{1,4})?|\d+(?:\.\d+)?[eE][+-]?\d+", re.ASCII
)


#: Excel keeps a number to 15 significant digits: 61728394506172.84 reads 61728394506172.8.
EXCEL_DIGITS = 15
_DECIMAL = re.compile(r"\d+\.\d+", re.ASCII)


def beyond_excel(value: Decimal) -> bool:
    """Whether Excel, holding ``value`` as a number, would show another figure."""
    return len(value.normalize().as_tuple().digits) > EXCEL_DIGITS


def excel_safe(cells: list[object]) -> list[object]:
    """A CSV row for Excel.

    A text cell that Excel would run as a formula gets a leading ' (Excel shows the rest as
    text; strip the ' to get the cell back). A text cell that Excel would turn into another
    number or a date (:data:`EXCEL_CHANGES`: a carried ID, postcode or code) is written as
    the formula ="…" of that very text, which Excel shows as the text. ytsub's own figures
    (0.00, 45000.00) are numbers to Excel, and stay as they are, unless Excel would show
    another figure (more than :data:`EXCEL_DIGITS` digits).
    """
    return [_excel_cell(value) if type(value) is str else value for value in cells]


def _excel_cell(value: str) -> str:
    if value.startswith(FORMULA_START):
        return "'" + value
    if value[:1].isdigit() and (
        EXCEL_CHANGES.fullmatch(value)
        or (_DECIMAL.fullmatch(value) and beyond_excel(Decimal(value)))
    ):
        return '="' + value + '"'
    return value


class _ExcelSafeWriter:
    """A csv writer whose rows pass through :func:`excel_safe`."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, cells: list[object]) -> Any:
        return self._writer.writerow(excel_safe(cells))

    def writerows(self, rows: Iterable[list[object]]) -> None:
        for cells in rows:
            self.writerow(cells)


def _digits(value: Decimal) -> str:
    """A number format showing every decimal of ``value``: a quantity (1.646 MWh) is no money,
    and two decimals would show it as another figure (1.65; 0.004 as 0.00)."""
    places = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return "#,##0." + "0" * places if places else "#,##0"


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
        text = str(int(value)) if value.is_integer() else repr(value)
        return format(Decimal(text), "f") if "e" in text else text  # 0.00001, never 1e-05
    return str(value).strip() or None


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
