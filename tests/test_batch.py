"""ytsub batch and estimate_many: one result per input row, in order, nothing lost.

The expected amounts of examples/batch.csv are worked out by hand from the clauses (as of 2024-06-01):
 1 techloan 300万                 1.5% × 3,000,000 = 45,000 (up to)
 2 techloan 500万, 6万 received   min(1.5% × 5,000,000 = 75,000, 10万 − 6万 = 40,000) = 40,000 (up to)
 3 科信贷 100万, both confirmed    1.5% × 1,000,000 = 15,000, eligible
 4 techreno 1000万, invest 2000万 1000万 × 35% × LPR 3.45% = 120,750 (exact)
 5 techreno, invest 5000万         5000万元以下 excludes 5000万: ineligible, 0
 6 voucher 40万, elite              min(30% × 400,000 = 120,000, 10万) = 100,000 (up to)
 7 logistics 4A                     20万 (exact)
 8 outpatient level 2, 3000         (3000 − 400) × 70% = 1,820 ≤ 5000 cap
 9 outpatient level 2, retired      (3000 − 400) × 75% = 1,950 ≤ 6000 cap
10 coal-closure, surcharges denied  未按国家规定承担…不予奖励: ineligible, 0
11 techloan −5                      refused: --amount must not be negative
12 nosuch                           refused: unknown benefit
13 childcare, 2 second children     300 × 2 × 12 months = 7,200
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import REPO
from yantai_subsidy import batch as batching
from yantai_subsidy import batch_parallel
from yantai_subsidy.__main__ import run
from yantai_subsidy.batch import RowError, estimate_many
from yantai_subsidy.errors import InputError, UsageError
from yantai_subsidy.result import Estimate
from yantai_subsidy.ruleset import RuleSet
from yantai_subsidy.values import to_fen

EXAMPLES = REPO / "examples"
EXPECTED = [
    (1, "techloan", "conditional", "0.00", "45000.00", "up_to"),
    (2, "techloan", "conditional", "0.00", "40000.00", "up_to"),
    (3, "techloan", "eligible", "0.00", "15000.00", "up_to"),
    (4, "techreno", "conditional", "120750.00", "120750.00", "exact"),
    (5, "techreno", "ineligible", "0.00", "0.00", "exact"),
    (6, "voucher", "conditional", "0.00", "100000.00", "up_to"),
    (7, "logistics", "conditional", "200000.00", "200000.00", "exact"),
    (8, "outpatient", "eligible", "1820.00", "1820.00", "exact"),
    (9, "outpatient", "eligible", "1950.00", "1950.00", "exact"),
    (10, "coal-closure", "ineligible", "0.00", "0.00", "exact"),
    (13, "childcare", "conditional", "7200.00", "7200.00", "exact"),
]
ERRORS = {11: "--amount: must not be negative: '-5'", 12: "unknown benefit 'nosuch'"}


def ytsub(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def check_jsonl(text: str) -> None:
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["row"] for line in lines] == list(range(1, 14))
    by_row = {line["row"]: line for line in lines}
    for row, benefit, status, low, high, basis in EXPECTED:
        line = by_row[row]
        assert line["benefit"] == benefit
        assert line["schema"] == "ytsub.estimate/1"
        assert (
            line["status"],
            line["amount"]["low"],
            line["amount"]["high"],
            line["amount"]["basis"],
        ) == (
            status,
            low,
            high,
            basis,
        ), row
    for row, message in ERRORS.items():
        assert message in by_row[row]["error"]
        assert "amount" not in by_row[row]


def test_example_csv_to_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = ytsub(capsys, "batch", str(EXAMPLES / "batch.csv"))
    assert code == 1  # two rows failed; every row is still written
    check_jsonl(out)
    assert err == "13 rows: 11 ok, 2 failed; total ¥331,720.00 – ¥531,720.00 (CNY)\n"


def test_gb18030_gives_the_same_results(capsys: pytest.CaptureFixture[str]) -> None:
    assert (EXAMPLES / "batch-gbk.csv").read_bytes().decode("gb18030")  # really GB18030
    with pytest.raises(UnicodeDecodeError):
        (EXAMPLES / "batch-gbk.csv").read_bytes().decode("utf-8")
    _, utf8, _ = ytsub(capsys, "batch", str(EXAMPLES / "batch.csv"), "--format", "csv")
    _, gbk, _ = ytsub(capsys, "batch", str(EXAMPLES / "batch-gbk.csv"), "--format", "csv")
    assert gbk == utf8


def test_utf8_with_bom(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "batch.csv").read_bytes())
    code, out, _ = ytsub(capsys, "batch", str(path))
    assert code == 1
    check_jsonl(out)


def test_csv_output_columns(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = ytsub(capsys, "batch", str(EXAMPLES / "batch.csv"), "--format", "csv", "--quiet")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
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
    ]
    assert rows[1] == [
        "1",
        "techloan",
        "48",
        "conditional",
        "0.00",
        "45000.00",
        "up_to",
        "CNY",
        "",
        "document",
    ]
    assert rows[11] == [
        "11",
        "techloan",
        "",
        "error",
        "",
        "",
        "",
        "",
        "--amount: must not be negative: '-5'",
        "",  # an error row has no amount, so no grounds
    ]
    assert len(rows) == 14


def test_bom_for_excel(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = ytsub(
        capsys, "batch", str(EXAMPLES / "batch.csv"), "--format", "csv", "--bom", "-q"
    )
    assert out.startswith("\ufeffrow,benefit")
    assert "\r\n" in out


def test_jsonl_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = ytsub(capsys, "batch", str(EXAMPLES / "batch.jsonl"), "--format", "csv", "-q")
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert code == 0
    # worked by hand: 45,000; min(75,000, 40,000) confirmed; mortgage as its golden case;
    # refund 20,000 × 1,500,000 ÷ 2,000,000 = 15,000; storage 20% × 500 MW × 2 h = 200 MWh; 0.1 yuan × 1.5% → 0.00
    assert [r[3:8] for r in rows] == [
        ["conditional", "0.00", "45000.00", "up_to", "CNY"],
        ["eligible", "0.00", "40000.00", "up_to", "CNY"],
        ["conditional", "122628.33", "122628.33", "exact", "CNY"],
        ["conditional", "15000.00", "15000.00", "exact", "CNY"],
        ["eligible", "200", "", "at_least", "MWh"],
        ["conditional", "0.00", "0.00", "up_to", "CNY"],
    ]


def test_row_errors_are_the_single_commands_messages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cases = [
        (["techloan", "abc"], ["estimate", "techloan", "--amount", "abc"]),
        (["techloan", ""], ["estimate", "techloan"]),
        (["techlon", "5"], ["estimate", "techlon", "--amount", "5"]),
        (["50", "5"], ["estimate", "50", "--amount", "5"]),
    ]
    path = tmp_path / "bad.csv"
    path.write_text(
        "benefit,amount\n" + "".join(f"{b},{a}\n" for (b, a), _ in cases), encoding="utf-8"
    )
    _, out, _ = ytsub(capsys, "batch", str(path), "-q")
    errors = [json.loads(line)["error"] for line in out.splitlines()]
    for error, (_, single) in zip(errors, cases, strict=True):
        _, _, err = ytsub(capsys, *single)
        assert err == f"Error: {error}\n"


def test_unknown_column_for_the_rows_benefit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "benefit,amount,loan\ntechloan,5,\ntechloan,5,7\ntechreno,,1000万\n", encoding="utf-8"
    )
    code, out, _ = ytsub(capsys, "batch", str(path), "-q", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert code == 1
    assert rows[0][3] == "conditional"  # an empty cell in another benefit's column is fine
    assert (
        rows[1][8] == "column 'loan' is not an option of techloan (its options: amount, received);"
        " to carry it into the results, name it in --keep"
    )
    assert rows[2][3] == "conditional"


def test_blank_rows_keep_the_numbering(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text("benefit,amount\ntechloan,1\n\n,\ntechloan,2\n", encoding="utf-8")
    code, out, err = ytsub(capsys, "batch", str(path))
    assert code == 0
    assert [json.loads(line)["row"] for line in out.splitlines()] == [1, 4]
    assert "2 blank row(s) skipped" in err


def test_extra_cells_are_an_error_for_that_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("benefit,amount\ntechloan,1,oops\ntechloan,2\n", encoding="utf-8")
    code, out, _ = ytsub(capsys, "batch", str(path), "-q")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert lines[0] == {
        "row": 1,
        "schema": "ytsub.estimate/1",
        "benefit": None,
        "error": "row has 3 cells but the header names 2 columns",
    }
    assert lines[1]["amount"]["high"] == "0.03"


def test_malformed_jsonl_line_is_an_error_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(
        '{"benefit": "techloan", "amount": "1"}\n{"benefit": \n[1, 2]\n', encoding="utf-8"
    )
    code, out, _ = ytsub(capsys, "batch", str(path), "-q")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [line["row"] for line in lines] == [1, 2, 3]
    assert lines[1]["error"].startswith("not a JSON object: Expecting value")
    assert lines[2]["error"].startswith("not a JSON object: each line must be")


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("amount\n5\n", [], "no 'benefit' (or 'measure') column in the header: amount"),
        ("", [], "the input is empty"),
        (
            "benefit,amount\n科信贷,5\n".encode("gb18030"),
            ["--encoding", "utf-8"],
            "the input is not utf-8-sig",
        ),
        (
            "benefit,amount\ntechloan,5\n",
            ["--encoding", "klingon"],
            "--encoding: unknown encoding 'klingon'",
        ),
        (
            "benefit,amount\ntechloan,5\n",
            ["--format", "xml"],
            "--format: 'xml' is not one of jsonl, csv, xlsx",
        ),
        ("benefit,amount\ntechloan,5\n", ["--jobs", "0"], "--jobs: give 1 or more, not 0"),
    ],
)
def test_unreadable_input_exits_2(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    content: str | bytes,
    args: list[str],
    message: str,
) -> None:
    path = tmp_path / "in.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, _, err = ytsub(capsys, "batch", str(path), *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = ytsub(capsys, "batch", str(tmp_path / "none.csv"))
    assert code == 2
    assert "cannot read: No such file or directory" in err


def test_stdin(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "yantai_subsidy", "batch", "-", "--as-of", "2024-06-01"],
        input="benefit,amount\ntechloan,300万\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0
    assert json.loads(out.stdout)["amount"]["high"] == "45000.00"
    assert out.stderr == "1 row: 1 ok, 0 failed; total ¥0.00 – ¥45,000.00 (CNY)\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_closed_pipe_is_one_line_saying_rows_were_not_written(tmp_path: Path, jobs: str) -> None:
    """A batch's results are a record of every row: a reader that stops early (| head) is
    told, in one line, that the rest was not written; never a traceback, never exit 70."""
    path = tmp_path / "many.csv"
    path.write_text("benefit,amount\n" + "techloan,1000000\n" * 20000, encoding="utf-8")
    command = (
        f"set -o pipefail; {sys.executable} -m yantai_subsidy batch {path} -j {jobs} | head -n 1"
    )
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False)
    assert out.stdout.count("\n") == 1
    assert out.returncode == 1
    assert out.stderr == (
        "Error: stdout was closed before the run ended (| head?): not every row was written\n"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT are POSIX")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_ends_a_batch_quietly_leaving_no_output(tmp_path: Path, jobs: str) -> None:
    """Ctrl-C reaches every process of the terminal's group, the workers included; the
    output file is never created (it is renamed into place only when the batch ends)."""
    import os
    import signal
    import time

    path = tmp_path / "many.csv"
    path.write_text("benefit,amount\n" + "techloan,1000000\n" * 200_000, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "yantai_subsidy", "batch", str(path), "-j", jobs]
    with subprocess.Popen(
        [*command, "--output", str(output)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell gives a foreground job
    ) as job:
        deadline = time.monotonic() + 120  # a loaded machine starts slowly
        while time.monotonic() < deadline and not any(
            part.stat().st_size for part in tmp_path.glob(".out.jsonl.*")
        ):
            time.sleep(0.05)
        os.killpg(job.pid, signal.SIGINT)
        _, err = job.communicate(timeout=120)
    assert job.returncode == 130
    assert err == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many.csv"]  # no output, no temp file


def test_parallel_output_is_the_serial_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = (EXAMPLES / "batch.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "long.csv"
    path.write_text(
        "\n".join([source[0], *(source[1:] * 400)]) + "\n", encoding="utf-8"
    )  # 5,200 rows
    outputs = {}
    for fmt in ("jsonl", "csv"):
        for jobs in ("1", "2"):
            code, out, err = ytsub(capsys, "batch", str(path), "--format", fmt, "--jobs", jobs)
            assert code == 1
            outputs[fmt, jobs] = (out, err)
        assert outputs[fmt, "1"] == outputs[fmt, "2"]
    assert outputs["jsonl", "1"][1].startswith("5200 rows: 4400 ok, 800 failed")


def test_xlsx_in_and_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount", "as_of"])
    sheet.append(["techloan", 3000000, "2024-06-01"])  # a number cell, as Excel stores it
    sheet.append(["techloan", 3000000.0, None])
    sheet.append(["techloan", 1.5, None])
    source = tmp_path / "in.xlsx"
    book.save(source)
    target = tmp_path / "out.xlsx"
    code, out, _ = ytsub(
        capsys, "batch", str(source), "--format", "xlsx", "--output", str(target), "-q"
    )
    assert (code, out) == (0, "")
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0] == (
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
    # amounts are numbers shown with two decimals, so that SUM works on them
    assert rows[1][5] == 45000
    assert rows[2][5] == 45000
    assert rows[3][5] == 0.02  # 1.5 yuan × 1.5% = 0.0225 → 0.02
    cell = next(openpyxl.load_workbook(target).active.iter_rows(min_row=2))[5]
    assert (cell.data_type, cell.number_format) == ("n", "#,##0.00")
    assert rows[1][9] == "document"


def test_estimate_many_library(rules: RuleSet) -> None:
    records = [
        {"benefit": "techloan", "amount": "300万", "received": None},
        {"benefit": "techloan", "amount": "-1", "received": None},
        {"benefit": "techreno", "loan": "1000万", "amount": None},
    ]
    results = list(estimate_many(rules, records, as_of="2024-06-01"))
    assert isinstance(results[0], Estimate)
    assert results[0].amount.high == 45000
    assert isinstance(results[1], RowError)
    assert results[1].to_dict() == {
        "row": 2,
        "schema": "ytsub.estimate/1",
        "benefit": "techloan",
        "error": "--amount: must not be negative: '-1'",
    }
    assert isinstance(results[2], Estimate)
    assert results[2].to_dict()["amount"]["high"] == "120750.00"


def test_worker_count() -> None:
    assert batch_parallel.worker_count(3, None) == 3
    assert batch_parallel.worker_count(None, None) == 1  # stdin: size unknown, serial
    assert batch_parallel.worker_count(None, 10) == 1
    assert 1 <= batch_parallel.worker_count(None, 10_000_000) <= 4
    # at most 32, tested at, just below and just above
    assert batch_parallel.worker_count(31, None) == 31
    assert batch_parallel.worker_count(32, None) == 32
    with pytest.raises(UsageError, match="--jobs: give at most 32 worker processes, not 33"):
        batch_parallel.worker_count(33, None)


@pytest.mark.parametrize(
    ("amount", "echo", "error"),
    [
        ("999999999999999", "999999999999999", None),  # 15 digits: read directly
        ("1000000000000000", "1000000000000000", None),  # 10^15 itself is allowed
        (
            "1000000000000001",
            None,
            "--amount: 1000000000000001 is more than 10^15 yuan: check the figure",
        ),
        ("000300", "300", None),  # leading zeros: echoed as the number
        ("0", "0", None),
    ],
)
def test_plain_amounts_read_as_the_single_command_reads_them(
    rules: RuleSet, amount: str, echo: str | None, error: str | None
) -> None:
    """A batch reads a cell of plain digits on a fast path; it must agree with values.parse_money."""
    row = {"benefit": "techloan", "amount": amount}
    if error is None:
        est = batching.estimate_row(rules, row, "2024-06-01")
        assert est.inputs == {"amount": echo}
        share = Decimal(amount) * Decimal("0.015")
        assert est.items[0].value == to_fen(share)  # a line shows its value to the fen
    else:
        with pytest.raises(InputError) as caught:
            batching.estimate_row(rules, row, "2024-06-01")
        assert str(caught.value) == error


def test_jsonl_writer_takes_a_binary_or_a_text_stream(rules: RuleSet) -> None:
    """The CLI writes JSON lines as UTF-8 bytes; a library caller may hand a text stream."""
    source = (EXAMPLES / "batch.csv").read_bytes()
    binary, text = io.BytesIO(), io.StringIO()
    for writer in (batching.Writer("jsonl", binary=binary), batching.Writer("jsonl", text=text)):
        rows = batching.read_rows(io.BytesIO(source), "csv")
        batching.run_batch(rules, rows, writer, "2024-06-01")
    assert binary.getvalue().decode("utf-8") == text.getvalue()
    lines = text.getvalue().splitlines()
    assert [json.loads(line)["row"] for line in lines] == list(range(1, 14))
    assert "科信贷" in lines[0]  # UTF-8, not \u escapes
