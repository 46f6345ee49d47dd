"""A batch gives the same bytes whatever --jobs says: rows are never invented or lost.

The main process finds each row's end with the csv module (or at each JSON line's \\n) and
hands workers whole records; the bytes a worker writes are the bytes the serial loop writes.
The property test writes CSVs with quoted cells, stray quotes, newlines and CRs inside
cells, a BOM and CRLF line ends, in chunks small enough that each file spans several workers.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yantai_subsidy import batch_parallel
from yantai_subsidy.__main__ import run

AS_OF = "2024-06-01"

#: Cells a client file holds, and the kinds of text that have broken row-splitting before.
BENEFITS = st.sampled_from(["techloan", "voucher", "科信贷", "48", 'x"y', '"q"', "", "nosuch"])
AMOUNT_TEXT = st.text(alphabet='0123456789万,." \n\r', max_size=8)
AMOUNTS = st.one_of(st.integers(0, 20_000_000).map(str), AMOUNT_TEXT)


def write_csv(path: Path, rows: list[tuple[str, str]], quoting: str, bom: bool, crlf: bool) -> None:
    """``quoting``: 'csv' writes as the csv module would; 'raw' joins cells as they are, so a
    quote inside an unquoted cell stays (legal to Python's csv module), and a cell holding
    a newline ends a line where it stands."""
    end = "\r\n" if crlf else "\n"
    if quoting == "csv":
        text = io.StringIO()
        writer = csv.writer(text, lineterminator=end)
        writer.writerow(["benefit", "amount"])
        writer.writerows(rows)
        body = text.getvalue()
    else:
        body = end.join(["benefit,amount", *(f"{b},{a}" for b, a in rows)]) + end
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8"))


def batch_bytes(
    source: Path, out: Path, fmt: str, jobs: str, *extra: str
) -> tuple[int, bytes | None]:
    args = ["batch", str(source), "--as-of", AS_OF, "-q", "-f", fmt, "-j", jobs, "-o", str(out)]
    code = run([*args, *extra])
    data = out.read_bytes() if out.exists() else None
    if out.exists():
        out.unlink()
    return code, data


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.lists(st.tuples(BENEFITS, AMOUNTS), min_size=1, max_size=40),
    quoting=st.sampled_from(["csv", "raw"]),
    bom=st.booleans(),
    crlf=st.booleans(),
    fmt=st.sampled_from(["jsonl", "csv", "csv --bom"]),
)
def test_any_jobs_writes_the_serial_bytes(
    tmp_path: Path,
    rows: list[tuple[str, str]],
    quoting: str,
    bom: bool,
    crlf: bool,
    fmt: str,
) -> None:
    source = tmp_path / "in.csv"
    write_csv(source, rows, quoting, bom, crlf)
    fmt, *extra = fmt.split()  # "csv --bom": CSV for Excel, its cells made formula-safe
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 3):  # many chunks, over both workers
        serial = batch_bytes(source, tmp_path / f"one.{fmt}", fmt, "1", *extra)
        parallel = batch_bytes(source, tmp_path / f"two.{fmt}", fmt, "2", *extra)
    assert parallel == serial
    code, data = serial
    if code == 2:  # refused as a whole (a quote never closed): nothing written, both ways
        assert data is None
        return
    # One output row per record the csv module itself finds, blank records aside.
    text = source.read_bytes().decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))[1:]
    answered = [n for n, r in enumerate(records, start=1) if "".join(r).strip()]
    assert data is not None
    if fmt == "jsonl":
        numbers = [json.loads(line)["row"] for line in data.decode("utf-8").splitlines()]
    else:
        written = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
        numbers = [int(r[0]) for r in written]
    assert numbers == answered


def test_a_stray_quote_before_a_multiline_cell_invents_no_row(tmp_path: Path) -> None:
    """The issue's reproduction, small: a quote inside an unquoted cell, then a quoted cell
    over two lines. The byte-range split once wrote ten times the rows."""
    lines = ["benefit,amount,note"]
    for n in range(1, 1001):
        lines.append(f'techloan,{n},x"y' if n % 100 == 1 else f"techloan,{n},")
    lines.append('techloan,5,"two\nlines"')
    source = tmp_path / "in.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 64):
        for jobs in ("1", "2"):
            code, data = batch_bytes(source, tmp_path / "out.jsonl", "jsonl", jobs)
            assert data is not None
            rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
            assert [r["row"] for r in rows] == list(range(1, 1002)), jobs
            assert code == 1  # 'note' is no option of techloan, where a row fills it


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_jsonl_input_in_parallel_keeps_the_numbering(tmp_path: Path, fmt: str) -> None:
    """A \\r inside a JSON line is whitespace, not a line end: numbering is the same either way."""
    lines = [f'{{"benefit": "techloan",\r "amount": "{n}"}}' for n in range(1, 31)]
    lines[4] = ""
    lines[9] = "[not an object"
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 4):
        serial = batch_bytes(source, tmp_path / f"one.{fmt}", fmt, "1")
        parallel = batch_bytes(source, tmp_path / f"two.{fmt}", fmt, "2")
    assert serial == parallel
    assert serial[0] == 1  # row 10 failed
    assert serial[1] is not None
    text = serial[1].decode("utf-8")
    count = len(text.splitlines()) - (1 if fmt == "csv" else 0)
    assert count == 29  # 30 lines, one blank


def test_an_xlsx_output_has_the_same_bytes_for_any_jobs_and_any_time(tmp_path: Path) -> None:
    """openpyxl dates a workbook, and each entry of its zip, by the clock: two runs never gave
    the same bytes. The workbook is now dated by the batch's as-of day, throughout."""
    openpyxl = pytest.importorskip("openpyxl")
    import zipfile

    source = tmp_path / "in.csv"
    write_csv(source, [("techloan", str(n * 1000)) for n in range(40)], "csv", False, False)
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 7):
        serial = batch_bytes(source, tmp_path / "one.xlsx", "xlsx", "1")
        parallel = batch_bytes(source, tmp_path / "two.xlsx", "xlsx", "2")
    assert serial[0] == 0
    assert serial == parallel
    assert serial[1] is not None
    book = io.BytesIO(serial[1])
    with zipfile.ZipFile(book) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2024, 6, 1, 0, 0, 0)}
    workbook = openpyxl.load_workbook(book)
    assert str(workbook.properties.created) == str(workbook.properties.modified)
    assert str(workbook.properties.created) == "2024-06-01 00:00:00"
    rows = list(workbook.active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == list(range(1, 41))  # every row, in order
