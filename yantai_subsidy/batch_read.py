"""Reading a batch's input: CSV, JSON lines or XLSX, as whole records and then as rows.

Here a file's encoding is chosen and held to its end, a CSV's records are found by the csv
module itself (so that a quote never closed refuses the input instead of swallowing rows),
JSON lines end at \\n alone, and a workbook is bounded before openpyxl reads it. A row that
cannot be read is an error row; an input that cannot be read on is refused as a whole.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import IO, Any, NamedTuple

from .engine import input_key
from .errors import InputError, Message, UsageError, YtsubError, install_hint, os_reason
from .values import WrittenDecimal

BENEFIT_COLUMNS = ("benefit", "measure")
PLAN_COLUMNS = (
    "benefit",
    "measure",
    "as_of",
    "confirm",
    "deny",
    "set",
)  # cells that choose the plan
SNIFF_BYTES = 1 << 20
#: What a header must name, and how its example reads: a batch's rows name their benefit; a
#: client list's (``ytsub match``) their kind.
BATCH_HEADER = (BENEFIT_COLUMNS, "benefit,amount,…")


RowIn = tuple[int, "dict[str, Any] | None", "Message | None"]


class BatchInputError(YtsubError):
    """The input cannot be read at all (missing file, undecodable text, no benefit column)."""

    exit_code = 2


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
    if isinstance(value, (dict, list)):  # a JSON line's object: quoted as JSON, not as Python
        return json.dumps(value, ensure_ascii=False, default=str)
    text = str(value).strip()
    return text or None


def _float_text(value: float, column: str) -> str | None:
    """A float cell as the figure written in it (see :func:`_cell`); NaN is an empty cell."""
    if value != value:  # NaN: pandas' empty cell
        return None
    where = Message("input.in_column", column=column) if column else ""
    if value in (float("inf"), float("-inf")):
        raise InputError("input.float_not_finite", where=where, value=value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    digits = text.split("e")[0].lstrip("-").replace(".", "").strip("0")
    if len(digits) > 15:
        raise InputError("input.float_not_exact", where=where, text=text)
    # as the sheet shows it: 0.00001 and 1e16 are floats that repr writes 1e-05 and 1e+16
    return format(Decimal(text), "f") if "e" in text else text


def _plan_cells_as_text(cells: dict[str, Any]) -> None:
    """The cells that choose a plan, as text: the plan cache compares them, and 8 == 8.0."""
    for name in PLAN_COLUMNS:
        value = cells.get(name)
        if value is not None and type(value) is not str:
            cells[name] = _cell(value, name)


# --- reading ---------------------------------------------------------------------------------


def input_format(name: str, explicit: str | None) -> str:
    if explicit:
        if explicit not in ("csv", "jsonl", "xlsx"):
            raise UsageError("input.input_format_unknown", explicit=explicit)
        return explicit
    lowered = name.lower()
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lowered.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "csv"


def detect_encoding(stream: IO[bytes], seekable: bool) -> str:
    """UTF-16 or UTF-32 when the input starts with its byte-order mark (LibreOffice's
    "Unicode" CSV: neither UTF-8 nor GB18030 can start so); else UTF-8 (with or without BOM)
    when the bytes decode as UTF-8, else GB18030 (Excel, Chinese Windows).

    A file is checked from start to end (then rewound); a pipe by what is buffered at its start.
    """
    if seekable:
        start = stream.read(4)
        stream.seek(0)
    else:
        peek = getattr(stream, "peek", None)
        start = peek(4)[:4] if peek else b""
    for name in ("utf-32", "utf-16"):  # UTF-32's little-endian mark begins with UTF-16's
        if start.startswith(BOM_ENCODINGS[name]):
            return name
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
        raise UsageError("input.encoding_unknown", name=name) from None
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_FILE_ENCODINGS:
        raise UsageError("input.encoding_not_text", name=name)
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
            raise UsageError("input.encoding_no_bom", chosen=chosen)
    return chosen


#: The largest row a batch reads, in characters: far above any real row, and it keeps one
#: hostile cell from holding the batch's memory. A longer row is an error row.
ROW_LIMIT = 1 << 20
#: The longest cell the csv module is allowed to collect before it gives up. A cell this long
#: is a quote never closed (it has swallowed the rows after it): the input is refused.
FIELD_LIMIT = 64 << 20


def end_of_input_mark() -> str:
    """A line fed to the csv reader after the input's last: it comes back as a row of its own,
    unless a quote left open swallowed it into a cell. Random for each read, so that no input
    can hold it and end itself early."""
    import secrets

    return f"\x00ytsub: end of input {secrets.token_hex(16)}\x00"


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
    stream: IO[bytes],
    fmt: str,
    encoding: str | None = None,
    seekable: bool = False,
    header: tuple[tuple[str, ...], str] = BATCH_HEADER,
) -> Records:
    """The header is read (and checked) now; the records as they are iterated.

    ``header``: the columns of which the header must name one, and an example header."""
    chosen = choose_encoding(stream, encoding, seekable)
    # JSON lines end at \n alone: a \r is JSON whitespace, not the end of a row.
    text = io.TextIOWrapper(stream, encoding=chosen, newline="\n" if fmt == "jsonl" else "")
    try:
        if fmt == "jsonl":
            return Records(fmt, (), _decoded(text, text, chosen))
        names, records = _csv_header(text, header)
        return Records(fmt, names, _decoded(records, text, chosen))
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
    return BatchInputError("input.wrong_encoding", chosen=chosen, reason=reason)


def rows_of(records: Records, first: int = 1) -> Iterator[RowIn]:
    """Records as rows (number, cells or None for a blank row, error for an unreadable row)."""
    if records.fmt == "jsonl":
        return _jsonl_rows(records.items, first)
    return _csv_body(records.items, list(records.names), first)


def read_rows(
    stream: IO[bytes],
    fmt: str,
    encoding: str | None = None,
    seekable: bool = False,
    header: tuple[tuple[str, ...], str] = BATCH_HEADER,
    hidden: HiddenRead | None = None,
) -> Iterator[RowIn]:
    """(row number, cells or None for a blank row, error for an unreadable row) for each input row.

    ``hidden``: where an XLSX sheet's hidden rows and columns that were read are counted."""
    if fmt == "xlsx":
        yield from _xlsx_rows(stream, header, hidden)
        return
    yield from rows_of(read_records(stream, fmt, encoding, seekable, header))


def scan_input(
    stream: IO[bytes],
    fmt: str,
    encoding: str | None,
    header: tuple[tuple[str, ...], str] = BATCH_HEADER,
) -> str:
    """Read a CSV or JSON-lines file to its end before any row is estimated; the encoding.

    What makes the whole input unreadable (bytes that are not its encoding, a quote never
    closed) is refused here, before anything is written. The stream is rewound.
    """
    chosen = choose_encoding(stream, encoding, True)
    for _ in read_records(stream, fmt, chosen, True, header).items:
        pass
    stream.seek(0)
    return chosen


def _csv_header(
    text: IO[str], header_spec: tuple[tuple[str, ...], str] = BATCH_HEADER
) -> tuple[tuple[str, ...], Iterator[list[str]]]:
    needed, example = header_spec
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    end = end_of_input_mark()
    reader = csv.reader(itertools.chain(text, (end,)))
    try:
        header = next(reader, None)
    except csv.Error as err:
        raise BatchInputError("input.header_unreadable", detail=err) from None
    if header is None or header == [end]:
        raise BatchInputError("input.csv_empty", example=example)
    if header[-1].endswith(end):
        raise BatchInputError("input.header_quote_unclosed")
    names = [column_name(name) for name in header]
    if not any(name in needed for name in names):
        raise BatchInputError("input.no_needed_column", **_columns(needed), listed=",".join(header))
    _refuse_twice(names, header)
    return tuple(names), _records(reader, end)


def _columns(needed: tuple[str, ...]) -> dict[str, str | Message]:
    """``'benefit' (or 'measure')``: the columns of which a header must name one."""
    first, *others = needed
    alternative = "" if not others else Message("input.or_column", name="', '".join(others))
    return {"name": first, "alternative": alternative}


def _records(reader: Iterator[list[str]], end: str) -> Iterator[list[str]]:
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
                "input.row_quote_unreadable", number=number + 1, detail=err
            ) from None
        number += 1
        if fields and fields[-1].endswith(end):
            if fields == [end]:
                return
            raise BatchInputError("input.row_quote_unclosed", number=number)
        yield fields


def _csv_body(
    reader: Iterator[list[str]], names: list[str], first: int
) -> Iterator[tuple[int, dict[str, Any] | None, Message | None]]:
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
            yield number, None, Message("input.row_too_wide", cells=len(fields), width=width)
        elif unnamed and any(i < len(fields) and fields[i].strip() for i in unnamed):
            index = next(i for i in unnamed if i < len(fields) and fields[i].strip())
            yield (
                number,
                None,
                Message("input.cell_unnamed", cell=index + 1),
            )
        else:
            yield number, dict(zip(names, fields, strict=False)), None


def _too_long(size: int) -> Message:
    return Message("input.row_too_long", size=size, limit=ROW_LIMIT)


def _refuse_twice(names: list[str], header: list[str]) -> None:
    """Two columns for one option would leave one of them silently unused."""
    seen: dict[str, str] = {}
    for name, written in zip(names, header, strict=True):
        if name and name in seen:
            raise BatchInputError("input.column_twice", name=name, first=seen[name], second=written)
        seen[name] = written


def _jsonl_rows(
    text: Iterable[str], first: int = 1
) -> Iterator[tuple[int, dict[str, Any] | None, Message | None]]:
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
                line, parse_float=WrittenDecimal, parse_constant=str, object_pairs_hook=_pairs
            )
            if "\\u" in line and _holds_surrogate(pairs):
                raise ValueError("a string holds a lone surrogate (\\ud800–\\udfff)")
        except RecursionError:
            yield number, None, Message("input.json_too_deep")
            continue
        except ValueError as err:
            detail = (  # the JSON decoder's own words (err.msg) stay English
                Message("input.json_error_at", error=err.msg, column=err.colno)
                if isinstance(err, json.JSONDecodeError)
                else Message("input.json_surrogate")
                if "surrogate" in str(err)
                else Message("text", text=str(err))  # Python's own: an integer of 4,300 digits
            )
            yield number, None, Message("input.not_json", detail=detail)
            continue
        if not isinstance(pairs, _Pairs):
            yield number, None, Message("input.json_not_object")
            continue
        cells: dict[str, Any] = {}
        twice = None
        for key, value in pairs:
            name = column_name(str(key))
            if name in cells:
                twice = Message("input.json_key_twice", name=name)
                break
            cells[name] = _json_cell(value)
        if twice:
            yield number, None, twice
            continue
        try:
            _plan_cells_as_text(cells)
        except YtsubError as err:
            yield number, None, Message("text", text=err)
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


class SheetSuspects(NamedTuple):
    """Cells of a workbook's first sheet whose value, as openpyxl reads it, is not what the
    sheet means: (row, column), both from 1."""

    #: a formula without a computed result (see _scan_first_sheet)
    uncomputed: frozenset[tuple[int, int]] = frozenset()
    #: a number shown with 万 or 亿 by its number format: the format code
    shown_in_wan: Mapping[tuple[int, int], str] = MappingProxyType({})
    #: merged cells: (first row, first column, last row, last column, reference), by first row
    merged: tuple[tuple[int, int, int, int, str], ...] = ()
    #: the rows the sheet hides (hidden, or 0 high), one bit each: row r is bit r % 8 of byte
    #: r // 8 (at most Excel's 1,048,576 rows: 128 KiB)
    hidden_rows: bytes = b""
    #: the columns the sheet hides (hidden, or 0 wide), by number
    hidden_columns: frozenset[int] = frozenset()


def check_workbook(stream: IO[bytes]) -> SheetSuspects:
    """Refuse a workbook that would cost unbounded memory or expand entities, before any row;
    the cells of its first sheet that openpyxl would misread (:class:`SheetSuspects`).

    Every XML part is decompressed once (which also checks each part's CRC: a truncated file
    is refused here) and must hold no DOCTYPE (no entities), no run of text longer than
    :data:`XLSX_TEXT_LIMIT`, and shared strings within :data:`XLSX_SHARED_STRINGS_LIMIT`.
    The first sheet is looked at again only when a worksheet holds a formula or merged cells,
    or a number format writes 万 or 亿.
    """
    import zipfile

    try:
        with zipfile.ZipFile(stream) as book:
            suspect = False
            for info in book.infolist():
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    suspect |= _check_part(book, info)
            found = _scan_first_sheet(book) if suspect else SheetSuspects()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as err:
        raise BatchInputError("input.workbook_unreadable", detail=err) from None
    except NotImplementedError as err:  # an unsupported compression method
        raise BatchInputError("input.workbook_unreadable", detail=err) from None
    stream.seek(0)
    return found


_WAN = ("万", "亿")
#: What a worksheet writes where it hides a row or a column (LibreOffice writes
#: ``hidden="false"`` on every row: that is no reason to look again). Attributes in single
#: quotes, which no spreadsheet writes, are looked at whatever they say: each marker costs a
#: pass over the sheet's bytes.
_HIDING = (b'hidden="1"', b'hidden="true"', b'ht="0"', b'width="0"', b"='")


def _scan_first_sheet(book: Any) -> SheetSuspects:
    """The cells of the first sheet that openpyxl would misread.

    **Formulas without a computed result.** A spreadsheet program stores each formula's last
    result beside it, and openpyxl reads that result. A workbook written by a program holds
    the formula with an empty result (openpyxl: read as an empty cell, an input silently not
    given) or a 0 in its place (xlsxwriter), and asks for every formula to be worked out when
    it is opened (``fullCalcOnLoad``): such results are not the formula's. A result of empty
    text is stored as such (``t="str"``) and is one.

    **Numbers shown with 万 or 亿.** A number format such as ``0"万"`` shows 300 as 300万:
    the sheet means 3,000,000 yuan, openpyxl reads 300. The accountants' format that moves
    the decimal point with a literal one (``0!.0000"万"``) shows the 3,000,000 it holds as
    300.0000万, which is what it holds: it is read.

    **Merged cells.** A merged cell shows its value across every row it covers; only its first
    cell holds the value, and openpyxl reads the others as empty (see _covered).

    **Hidden rows and columns.** A row hidden by hand, by a filter or in a collapsed group
    (``hidden="1"``, or 0 high), and a hidden column: openpyxl's read-only mode reads them as
    any other. They are read, and the summary says so (:class:`HiddenRead`).
    """
    from xml.etree.ElementTree import ParseError, iterparse

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def attribute(element: Any, name: str) -> str | None:  # r:id, whatever its prefix
        return next((v for k, v in element.attrib.items() if local(k) == name), None)

    try:
        first = None
        placeholders = False  # the stored results are to be recomputed on opening
        with book.open("xl/workbook.xml") as part:
            for _, element in iterparse(part):
                tag = local(element.tag)
                if tag == "sheet" and first is None:
                    first = element
                elif tag == "calcPr":
                    placeholders = element.get("fullCalcOnLoad") in ("1", "true")
        if first is None:
            return SheetSuspects()
        with book.open("xl/_rels/workbook.xml.rels") as part:
            target = next(
                (
                    e.get("Target", "")
                    for _, e in iterparse(part)
                    if local(e.tag) == "Relationship" and e.get("Id") == attribute(first, "id")
                ),
                "",
            )
        wan_styles = _styles_in_wan(book, iterparse, local)
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        uncomputed: set[tuple[int, int]] = set()
        shown_in_wan: dict[tuple[int, int], str] = {}
        merged: list[tuple[int, int, int, int, str]] = []
        hidden_rows = bytearray()
        column_edges: list[int] = []  # +1 where a hidden range of columns starts, -1 past its end
        row = column = 0
        with book.open(path) as part:
            for event, element in iterparse(part, events=("start", "end")):
                tag = local(element.tag)
                if event == "start":
                    if tag == "row":
                        row = int(element.get("r") or row + 1)
                        column = 0
                        if _hides(element, "ht") and 0 < row <= EXCEL_ROWS:
                            if len(hidden_rows) <= row >> 3:
                                hidden_rows.extend(bytes((row >> 3) + 1 - len(hidden_rows)))
                            hidden_rows[row >> 3] |= 1 << (row & 7)
                    elif tag == "col" and _hides(element, "width"):
                        # each <col> marks where its range starts and ends (a sheet of many
                        # wide ranges costs no more than one)
                        # (an odd bound skips this <col>, not the sheet's other checks)
                        first_column = max(_whole(element.get("min")) or 1, 1)
                        last_column = min(_whole(element.get("max")) or 0, EXCEL_COLUMNS)
                        if first_column <= last_column:
                            column_edges = column_edges or [0] * (EXCEL_COLUMNS + 2)
                            column_edges[first_column] += 1
                            column_edges[last_column + 1] -= 1
                    continue
                if tag == "c":
                    reference = element.get("r")
                    column = _column_number(reference) if reference else column + 1
                    children = {local(child.tag): child for child in element}
                    value = children.get("v")
                    if "f" in children and (
                        placeholders
                        or value is None
                        or (not value.text and element.get("t") != "str")
                    ):
                        uncomputed.add((row, column))
                        _within_limit(uncomputed, "input.sheet_many_uncomputed", row, column)
                    elif wan_styles and element.get("t", "n") == "n":
                        shown = wan_styles.get(element.get("s", "0"))
                        if shown is not None:
                            shown_in_wan[row, column] = shown
                            _within_limit(shown_in_wan, "input.sheet_many_in_wan", row, column)
                    element.clear()
                elif tag == "row":
                    element.clear()
                elif tag == "mergeCell":
                    reference = element.get("ref", "")
                    start, _, end = reference.partition(":")
                    if end:
                        top, left = _row_number(start), _column_number(start)
                        merged.append((top, left, _row_number(end), _column_number(end), reference))
                        _within_limit(merged, "input.sheet_many_merged", top, left)
    except (KeyError, ParseError, ValueError):  # parts missing or odd: openpyxl will say
        return SheetSuspects()
    return SheetSuspects(
        frozenset(uncomputed),
        MappingProxyType(shown_in_wan),
        tuple(sorted(merged)),
        bytes(hidden_rows),
        frozenset(
            number
            for number, covering in enumerate(itertools.accumulate(column_edges))
            if covering > 0
        ),
    )


#: The most rows and columns a sheet has in Excel: a row or column hidden past them is not
#: remembered (Excel would not open the sheet).
EXCEL_ROWS = 1 << 20
EXCEL_COLUMNS = 1 << 14


def _whole(text: str | None) -> int | None:
    """An attribute's whole number, or None."""
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _hides(element: Any, size: str) -> bool:
    """Does a ``<row>`` or ``<col>`` hide its cells: hidden, or 0 high (0 wide)?"""
    if element.get("hidden") in ("1", "true"):
        return True
    try:
        return element.get(size) is not None and float(element.get(size)) == 0
    except ValueError:
        return False


class HiddenRead:
    """The rows and columns a sheet hides that were read as any other, for the summary.

    A row filtered out or hidden in Excel is estimated (one output row per input row: hidden
    is not deleted) and its amount is in the total, which is then not the one the sheet
    shows: the summary says so. A hidden column's values are options nobody sees. Memory
    stays flat: the first :data:`LISTED` rows are named, the rest counted.
    """

    LISTED = 10

    def __init__(self) -> None:
        self.rows = 0
        self.named: list[int] = []  # sheet rows
        self.columns: dict[int, str] = {}  # column number → its header, in the order met

    def row(self, sheet_row: int) -> None:
        self.rows += 1
        if len(self.named) < self.LISTED:
            self.named.append(sheet_row)

    def parts(self, rows_key: str) -> list[Message]:
        """The summary's parts: ``rows_key`` says the rows (``summary.hidden_rows``)."""
        from .errors import listing

        parts = []
        if self.rows:
            named: list[object] = [*self.named, *(["…"] if self.rows > len(self.named) else [])]
            parts.append(Message(rows_key, count=self.rows, listed=listing(named)))
        if self.columns:
            columns = [
                Message("summary.hidden_column", name=name, letters=_column_letters(number))
                for number, name in sorted(self.columns.items())
            ]
            parts.append(Message("summary.hidden_columns", listed=listing(columns)))
        return parts


#: Misread cells a sheet may hold before it is refused as a whole: each is remembered while
#: the rows are read (memory stays flat), and past this many the sheet wants fixing anyway.
SUSPECT_LIMIT = 10_000


def _within_limit(found: Sized, key: str, row: int, column: int) -> None:
    if len(found) > SUSPECT_LIMIT:
        raise BatchInputError(key, limit=SUSPECT_LIMIT, cell=f"{_column_letters(column)}{row}")


def _moves_the_point(code: str) -> bool:
    """Does a number format show its value in 万 by a literal decimal point (``0!.0000"万"``,
    ``0"."0000"万"``, ``0\\.0000"万"``): the digits shown are the yuan it holds?"""
    return any(point in code for point in ("!.", '"."', "\\."))


def _styles_in_wan(book: Any, iterparse: Any, local: Callable[[str], str]) -> dict[str, str]:
    """The cell styles (their index, as a cell's ``s`` names it) whose number format writes
    万 or 亿, with the format's code."""
    try:
        part = book.open("xl/styles.xml")
    except KeyError:
        return {}
    codes: dict[str, str] = {}
    styles: dict[str, str] = {}
    within_cells = False
    index = 0
    with part:
        for event, element in iterparse(part, events=("start", "end")):
            tag = local(element.tag)
            if tag == "cellXfs":
                within_cells = event == "start"
            elif event == "end" and tag == "numFmt":
                code = element.get("formatCode", "")
                if any(word in code for word in _WAN) and not _moves_the_point(code):
                    codes[element.get("numFmtId", "")] = code
            elif event == "end" and tag == "xf" and within_cells:
                code = codes.get(element.get("numFmtId", "0"))
                if code is not None:
                    styles[str(index)] = code
                index += 1
    return styles


def _row_number(reference: str) -> int:
    """``C2`` → 2."""
    return int(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz$") or 0)


def _column_number(reference: str) -> int:
    """``C2`` → 3, ``AA10`` → 27."""
    number = 0
    for letter in reference:
        if not letter.isalpha():
            break
        number = number * 26 + ord(letter.upper()) - ord("A") + 1
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _check_part(book: Any, info: Any) -> bool:
    """Check one part (see :func:`check_workbook`); is it a worksheet holding a formula
    (``<f>``), or styles writing 万 or 亿?"""
    name = info.filename
    limit = XLSX_SHARED_STRINGS_LIMIT if name.endswith("sharedStrings.xml") else None
    size = 0
    run = 0  # bytes since the last '<'
    tail = b""
    suspect = False
    markers: tuple[bytes, ...] = ()
    if name.startswith("xl/worksheets/"):  # <f>, <f t="shared" …/>, or with a prefix: <x:f>
        markers = (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b"mergeCell ", *_HIDING)
    elif name == "xl/styles.xml":
        markers = tuple(word.encode() for word in _WAN)
    with book.open(info) as part:
        while chunk := part.read(1 << 20):
            size += len(chunk)
            if limit is not None and size > limit:
                raise BatchInputError(
                    "input.workbook_part_too_big", name=name, megabytes=limit >> 20
                )
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise BatchInputError("input.workbook_doctype", name=name)
            if markers and not suspect:
                suspect = any(marker in window for marker in markers)
            tail = chunk[-16:]
            pieces = chunk.split(b"<")
            run += len(pieces[0])
            longest = max(run, *(len(piece) for piece in pieces[1:])) if len(pieces) > 1 else run
            if longest > XLSX_TEXT_LIMIT:
                raise BatchInputError("input.workbook_text_run", name=name, limit=XLSX_TEXT_LIMIT)
            if len(pieces) > 1:
                run = len(pieces[-1])
    return suspect


def _xlsx_rows(
    stream: IO[bytes],
    header_spec: tuple[tuple[str, ...], str] = BATCH_HEADER,
    hidden: HiddenRead | None = None,
) -> Iterator[tuple[int, dict[str, Any] | None, Message | None]]:
    try:
        import openpyxl
    except ImportError:
        raise BatchInputError(
            "input.xlsx_needs_extra", install=install_hint("excel", "openpyxl")
        ) from None
    uncomputed, shown_in_wan, merged, hidden_rows, hidden_columns = check_workbook(stream)
    covering = _Merges(merged)
    try:
        book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise BatchInputError("input.workbook_unreadable", detail=type(err).__name__) from None
    if not book.worksheets:
        raise BatchInputError("input.workbook_no_sheet")
    sheet = book.worksheets[0]
    shown = book.active  # the sheet the workbook opens on
    if shown is not None and shown.title != sheet.title:
        # the first sheet is read; a workbook that opens on another (the first may be hidden)
        # would be estimated from a sheet its user did not see
        book.close()
        raise BatchInputError("input.sheet_not_first", shown=shown.title, first=sheet.title)
    rows = sheet.iter_rows(values_only=True)
    number = 0
    try:
        header = next(rows, None)
        if header is None:
            raise BatchInputError("input.sheet_empty")
        if uncomputed and (found := _uncomputed_cell(uncomputed, 1, len(header))):
            raise BatchInputError("input.formula_uncomputed_header", cell=found[1])
        covering.at(1, header)
        names = [column_name(str(name or "")) for name in header]
        if not any(name in header_spec[0] for name in names):
            raise BatchInputError("input.no_needed_column_sheet", **_columns(header_spec[0]))
        _refuse_twice(names, [str(name or "") for name in header])
        # the hidden columns a row's value can be in (past the header's, a value is an error)
        watched = tuple(c for c in sorted(hidden_columns) if c <= len(names) and names[c - 1])
        counting = hidden is not None and bool(hidden_rows or watched)
        for number, fields in enumerate(rows, start=1):
            # the header is the sheet's row 1 (read-only rows start there, filling gaps)
            if uncomputed and (found := _uncomputed_cell(uncomputed, number + 1, len(fields))):
                column, cell = found
                named = str(header[column - 1] or "") if column <= len(header) else ""
                yield number, None, Message("input.formula_uncomputed", column=named, cell=cell)
                continue
            if shown_in_wan and (
                problem := _shown_in_wan(shown_in_wan, number + 1, fields, header)
            ):
                yield number, None, problem
                continue
            if merged and (problem := covering.at(number + 1, fields, header)):
                yield number, None, problem
                continue
            try:
                cells = [
                    _xlsx_cell(value, name) for value, name in zip(fields, names, strict=False)
                ]
            except InputError as err:
                yield number, None, Message("text", text=err)
                continue
            unnamed = [i for i, name in enumerate(names) if not name and i < len(cells)]
            if any(cells[i] for i in unnamed):
                index = next(i for i in unnamed if cells[i])
                yield (
                    number,
                    None,
                    Message("input.cell_unnamed", cell=index + 1),
                )
            elif not any(cells):
                yield number, None, None
            else:
                if counting:
                    assert hidden is not None
                    _count_hidden(hidden, number + 1, hidden_rows, watched, cells, names)
                yield number, dict(zip(names, cells, strict=False)), None
    except YtsubError:
        raise
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds for a bad sheet
        raise BatchInputError(
            "input.sheet_unreadable", number=number, kind=type(err).__name__
        ) from None
    finally:
        book.close()


def _count_hidden(
    hidden: HiddenRead,
    row: int,
    hidden_rows: bytes,
    watched: tuple[int, ...],
    cells: list[str | None],
    names: list[str],
) -> None:
    """Count a row to be estimated that the sheet hides, and the hidden (named) columns it
    fills."""
    if row >> 3 < len(hidden_rows) and hidden_rows[row >> 3] >> (row & 7) & 1:
        hidden.row(row)
    for column in watched:
        if column <= len(cells) and cells[column - 1] and column not in hidden.columns:
            hidden.columns[column] = names[column - 1]


def _uncomputed_cell(
    uncomputed: frozenset[tuple[int, int]], row: int, width: int
) -> tuple[int, str] | None:
    """The row's first formula without a computed value: its column number and reference."""
    column = next((c for c in range(1, width + 1) if (row, c) in uncomputed), None)
    return None if column is None else (column, f"{_column_letters(column)}{row}")


class _Merges:
    """The merged cells over the rows as they are read: a merged cell whose first cell holds a
    value shows it in every cell it covers, which openpyxl reads as empty. A row with such a
    covered cell is that row's error. A merged cell that holds nothing shows nothing, as read.
    """

    def __init__(self, merged: tuple[tuple[int, int, int, int, str], ...]) -> None:
        self._waiting = list(reversed(merged))  # by first row, the next at the end
        self._open: list[tuple[int, int, int, int, str, str]] = []  # with the value shown

    def at(
        self, row: int, fields: tuple[object, ...], header: tuple[object, ...] = ()
    ) -> Message | None:
        while self._waiting and self._waiting[-1][0] <= row:
            top, left, bottom, right, reference = self._waiting.pop()
            if top == row and left <= len(fields) and fields[left - 1] not in (None, ""):
                shown = _xlsx_cell(fields[left - 1], "") or ""
                self._open.append((top, left, bottom, right, reference, shown))
        self._open = [m for m in self._open if m[2] >= row]
        for top, left, _bottom, right, reference, shown in self._open:
            column = left + 1 if row == top else left  # the first cell holds the value
            if column <= right:
                named = str(header[column - 1] or "") if column <= len(header) else ""
                return Message(
                    "input.cell_merged",
                    column=named,
                    cell=f"{_column_letters(column)}{row}",
                    merged=reference,
                    value=shown,
                    first=f"{_column_letters(left)}{top}",
                )
        return None


def _shown_in_wan(
    shown_in_wan: Mapping[tuple[int, int], str],
    row: int,
    fields: tuple[object, ...],
    header: tuple[object, ...],
) -> Message | None:
    """A number of the row shown with 万 or 亿 (SheetSuspects.shown_in_wan), as its error."""
    for column, value in enumerate(fields, start=1):
        code = shown_in_wan.get((row, column))
        if code is None or not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        named = str(header[column - 1] or "") if column <= len(header) else ""
        text = _xlsx_cell(value, named) or ""
        unit = next(word for word in _WAN if word in code)
        return Message(
            "input.number_shown_in_wan",
            column=named,
            cell=f"{_column_letters(column)}{row}",
            value=text,
            unit=unit,
            format=code,
        )
    return None


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


def open_input(path: str) -> tuple[IO[bytes], bool, int | None]:
    """The input as bytes, whether it can be re-read from the start, and its size when known.

    Only a regular file is read twice (a scan, then the rows): ``/dev/stdin``, a FIFO or a
    device is read once, as ``-`` is.
    """
    import stat
    import sys

    if path == "-":
        return sys.stdin.buffer, False, None
    if not path:  # open("") fails with "No such file", naming nothing
        raise BatchInputError("input.empty_name")
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller after streaming
        status = os.fstat(stream.fileno())
    except OSError as err:
        raise BatchInputError("input.cannot_read", path=path, reason=os_reason(err)) from None
    if not stat.S_ISREG(status.st_mode):
        return stream, False, None
    return stream, True, status.st_size
