"""Batch with bad rows: every row is answered, in order, and a bad row says what the command would.

A row that cannot be estimated becomes an error row carrying the message ``ytsub estimate``
gives for the same values; the rows after it are estimated as usual; the batch exits 1 when
any row failed, and the summary on stderr counts them. Blank rows are skipped and counted.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yantai_subsidy import batch
from yantai_subsidy.__main__ import run
from yantai_subsidy.batch import RowError, estimate_many
from yantai_subsidy.loader import load_rules
from yantai_subsidy.result import Estimate
from yantai_subsidy.ruleset import RuleSet

AS_OF = "2024-06-01"
HEADER = "benefit,amount,loan,received,confirm,deny,set,as_of"

#: (CSV row after the header, the error it gives or None, the `ytsub estimate` words it stands for)
ROWS: list[tuple[str, str | None, list[str]]] = [
    ("techloan,3000000,,,,,,", None, ["techloan", "--amount", "3000000"]),
    ("techloan,-5,,,,,,", "--amount: must not be negative: '-5'", ["techloan", "--amount", "-5"]),
    (
        "techloan,abc,,,,,,",
        "--amount: not an amount of money: 'abc'",
        ["techloan", "--amount", "abc"],
    ),
    (
        "techloan,nan,,,,,,",
        "--amount: 'nan' is not a finite number",
        ["techloan", "--amount", "nan"],
    ),
    ("techloan,1e400,,,,,,", "not an amount of money: '1e400'", ["techloan", "--amount", "1e400"]),
    (
        "techloan,12345678901234567890,,,,,,",
        "more than 10^15 yuan",
        ["techloan", "--amount", "12345678901234567890"],
    ),
    ("techloan,3万万,,,,,,", "not an amount of money: '3万万'", ["techloan", "--amount", "3万万"]),
    ("nosuch,5,,,,,,", "unknown benefit 'nosuch'", ["nosuch", "--amount", "5"]),
    ("techloan,,,,,,,", "techloan needs --amount", ["techloan"]),
    (
        "techloan,5,,,fild,,,",
        "--confirm: techloan has no condition 'fild' (did you mean filed?)",
        ["techloan", "--amount", "5", "--confirm", "fild"],
    ),
    (
        "techloan,5,,,filed,filed,,",
        "--confirm and --deny both name 'filed'",
        ["techloan", "--amount", "5", "--confirm", "filed", "--deny", "filed"],
    ),
    (
        "techloan,5,,,,,rate=2%,",
        "--set: techloan has no parameter 'rate'",
        ["techloan", "--amount", "5", "--set", "rate=2%"],
    ),
    (
        "techloan,5,,,,,subsidy_rate=345,",
        "--set subsidy_rate: '345' is not a rate",
        ["techloan", "--amount", "5", "--set", "subsidy_rate=345"],
    ),
    (
        "techloan,5,,,,,,2024-02-30",
        "--as-of: not a calendar date: '2024-02-30'",
        ["techloan", "--amount", "5", "--as-of", "2024-02-30"],
    ),
    (
        "techloan,5,,-1,,,,",
        "--received: must not be negative",
        ["techloan", "--amount", "5", "--received", "-1"],
    ),
    ("50,5,,,,,,", "measure 50 has no amount to estimate", ["50"]),
    ("techreno,,10万,,,,,", None, ["techreno", "--loan", "10万"]),
    ("techreno,,-10万,,,,,", "--loan: must not be negative", ["techreno", "--loan", "-10万"]),
    ("techreno,,10万,5,,,,", "column 'received' is not an option of techreno", []),
    (",5,,,,,,", "no benefit: the row's benefit (or measure) cell is empty", []),
    ("techloan,5,,,,,,,extra", "row has 9 cells but the header names 8 columns", []),
    (
        "techloan,3000000,,,filed;on_time,,,",
        None,
        ["techloan", "--amount", "3000000", "--confirm", "filed,on_time"],
    ),
]


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


def run_batch(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(["batch", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def bad_csv(tmp_path: Path) -> Path:
    """The rows above, with a blank row after the first."""
    lines = [HEADER, ROWS[0][0], "", *(row for row, _, _ in ROWS[1:])]
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_row_is_answered_in_order_as_csv(
    bad_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_batch(str(bad_csv), "--format", "csv", "--as-of", AS_OF, capsys=capsys)
    assert code == 1
    records = list(csv.DictReader(io.StringIO(out)))
    # Data row 2 is blank: skipped and counted, so row numbers jump from 1 to 3.
    assert [int(r["row"]) for r in records] == [1, *range(3, len(ROWS) + 2)]
    for record, (_, error, _) in zip(records, ROWS, strict=True):
        if error is None:
            assert record["status"] in ("eligible", "conditional", "ineligible"), record
            assert record["error"] == ""
        else:
            assert record["status"] == "error", record
            assert error in record["error"], record
    failed = sum(1 for _, error, _ in ROWS if error is not None)
    assert err.startswith(f"{len(ROWS)} rows: {len(ROWS) - failed} ok, {failed} failed;")
    summary, *notes = err.splitlines()  # then each note the rows met, once (CSV has no room)
    assert summary.endswith("1 blank row(s) skipped")
    assert all(n.startswith(("assumption (", "interpretation (", "warning (")) for n in notes)


def test_every_row_is_answered_in_order_as_jsonl(
    bad_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_batch(str(bad_csv), "--as-of", AS_OF, "--quiet", capsys=capsys)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == len(ROWS)
    for line, (_, error, _) in zip(lines, ROWS, strict=True):
        assert line["schema"] == "ytsub.estimate/1"
        if error is None:
            assert "error" not in line
            assert line["amount"]["high"] is not None
        else:
            assert set(line) == {"row", "schema", "benefit", "error"}
            assert error in line["error"]


@pytest.mark.parametrize(
    ("row", "words"),
    [(row, words) for row, error, words in ROWS if error is not None and words],
    ids=[row for row, error, words in ROWS if error is not None and words],
)
def test_a_bad_row_says_what_the_command_says(
    rules: RuleSet, row: str, words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The error of a row is the message `ytsub estimate` prints for the same values."""
    [result] = estimate_many(rules, csv.DictReader(io.StringIO(f"{HEADER}\n{row}\n")), AS_OF)
    assert isinstance(result, RowError)
    as_of = [] if "--as-of" in words else ["--as-of", AS_OF]
    code = run(["estimate", *words, *as_of])
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Error: {result.message}\n"
    assert code == result.exit_code


def test_a_batch_without_bad_rows_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "good.csv"
    path.write_text(f"{HEADER}\ntechloan,3000000,,,,,,\ntechreno,,10万,,,,,\n", encoding="utf-8")
    code, out, err = run_batch(str(path), "--format", "csv", "--as-of", AS_OF, capsys=capsys)
    assert code == 0
    assert len(out.splitlines()) == 3
    assert err.splitlines()[0] == "2 rows: 2 ok, 0 failed; total ¥1,207.50 – ¥46,207.50 (CNY)"


JSONL_ROWS: list[tuple[str, str | None]] = [
    ('{"benefit": "techloan", "amount": "3000000"}', None),
    ('{"benefit": "techloan", "amount": 3000000}', None),
    ('{"benefit": "techloan", "amount": 30000.5}', None),
    ("not json", "not a JSON object: Expecting value (column 1)"),
    ("[1, 2]", 'not a JSON object: each line must be {"benefit": …, …}'),
    ('"techloan"', "not a JSON object"),
    ('{"benefit": "techloan", "amount": NaN}', "--amount: 'NaN' is not a finite number"),
    ('{"benefit": "techloan", "amount": Infinity}', "--amount: 'Infinity' is not a finite number"),
    # refused values are quoted as written, not as Python formats them (1E+400, {'a': 1})
    ('{"benefit": "techloan", "amount": 1e400}', "--amount: not an amount of money: '1e400'"),
    ('{"benefit": "techloan", "amount": 1e6}', "--amount: not an amount of money: '1e6'"),
    ('{"benefit": "techloan", "amount": 0.5E-3}', "--amount: not an amount of money: '0.5E-3'"),
    ('{"benefit": "techloan", "amount": -1}', "--amount: must not be negative: '-1'"),
    (
        '{"benefit": "techloan", "amount": true}',
        "--amount: give money as text, an integer or a Decimal",
    ),
    (
        '{"benefit": "techloan", "amount": {"a": 1, "b": "x"}}',
        """--amount: not an amount of money: '{"a": 1, "b": "x"}'""",
    ),
    ('{"benefit": "techloan", "amount": null}', "techloan needs --amount"),
    (
        '{"benefit": "techloan", "amount": "5", "amount": "3000000"}',
        "'amount' is given twice in the object",
    ),
    (
        '{"benefit": "techloan", "amount": "5", "Amount": "3000000"}',
        "'amount' is given twice in the object",
    ),
    ('{"benefit": 123, "amount": "5"}', "unknown benefit '123'"),
    (
        '{"benefit": "techloan", "amount": "5", "set": {"subsidy_rate": "2%"}}',
        """--set: write PARAM=VALUE (e.g. subsidy_rate=2%), not '{"subsidy_rate": "2%"}'""",
    ),
    (
        '{"benefit": "techloan", "amount": "5", "as_of": 20240601}',
        "--as-of: not a date: '20240601'",
    ),
    (
        '{"benefit": "techloan", "amount": "5", "confirm": ["filed", "nosuch"]}',
        "has no condition 'nosuch'",
    ),
    ('{"amount": "5"}', "no benefit: the row's benefit (or measure) cell is empty"),
    ('{"benefit": "techloan", "amount": "3000000", "confirm": ["filed", "on_time"]}', None),
]


def test_jsonl_bad_lines_are_answered_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(line for line, _ in JSONL_ROWS) + "\n", encoding="utf-8")
    code, out, err = run_batch(str(path), "--format", "csv", "--as-of", AS_OF, capsys=capsys)
    assert code == 1
    records = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["row"]) for r in records] == list(range(1, len(JSONL_ROWS) + 1))
    for record, (line, error) in zip(records, JSONL_ROWS, strict=True):
        if error is None:
            assert record["status"] != "error", (line, record)
        else:
            assert record["status"] == "error", line
            assert error in record["error"], (line, record["error"])
    failed = sum(1 for _, error in JSONL_ROWS if error)
    assert err.startswith(f"{len(JSONL_ROWS)} rows: {len(JSONL_ROWS) - failed} ok, {failed} failed")


def test_a_refused_input_leaves_the_output_file_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "twice.csv"
    source.write_text("benefit,amount,AMOUNT\ntechloan,5,6\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    target.write_text("yesterday's results\n", encoding="utf-8")
    code, out, err = run_batch(str(source), "--format", "csv", "-o", str(target), capsys=capsys)
    assert (code, out) == (2, "")
    assert err == "Error: column 'amount' appears twice in the header (amount, AMOUNT): keep one\n"
    assert target.read_text(encoding="utf-8") == "yesterday's results\n"


def test_the_library_goes_on_after_a_bad_row(rules: RuleSet) -> None:
    rows = [{"benefit": "techloan", "amount": "-5"}, {"benefit": "techloan", "amount": "3000000"}]
    bad, good = estimate_many(rules, rows, AS_OF)
    assert isinstance(bad, RowError)
    assert bad.row == 1
    assert bad.message == "--amount: must not be negative: '-5'"
    assert isinstance(good, Estimate)
    assert good.amount.high == 45000


# --- any rows, good or bad: one answer each, in order -----------------------------------------------

CELLS = st.sampled_from(
    ["", " ", "5", "300万", "-5", "abc", "nan", "1e400", "12345678901234567890", "3万万", "0", "2%"]
)
BENEFITS = st.sampled_from(
    ["techloan", "techreno", "techloan-loss", "nosuch", "", "50", "8", "科信贷"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(BENEFITS, CELLS, CELLS, st.sampled_from(["", "filed", "fild", "filed;on_time"])),
        max_size=25,
    )
)
def test_every_row_gets_one_answer_whatever_it_holds(
    rules: RuleSet, rows: list[tuple[str, str, str, str]]
) -> None:
    text = "benefit,amount,loan,confirm\n" + "".join(",".join(row) + "\n" for row in rows)
    out = io.StringIO()
    writer = batch.Writer("csv", text=out)
    summary = batch.run_batch(
        rules, batch.read_rows(io.BytesIO(text.encode()), "csv"), writer, AS_OF
    )
    records = list(csv.DictReader(io.StringIO(out.getvalue())))
    blank = [n for n, row in enumerate(rows, start=1) if not "".join(row).strip()]
    assert [int(r["row"]) for r in records] == [
        n for n in range(1, len(rows) + 1) if n not in blank
    ]
    assert summary.rows == len(records)
    assert summary.blank == len(blank)
    assert summary.failed == sum(1 for r in records if r["status"] == "error")
    assert all(r["error"] for r in records if r["status"] == "error")


def test_json_numbers_are_read_and_quoted_as_written_alike_under_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Worker processes get the rows as written: 1e6 stays 1e6 (pickled as its text)."""
    import pickle
    from decimal import Decimal

    from yantai_subsidy.values import WrittenDecimal

    number = pickle.loads(pickle.dumps(WrittenDecimal("1e6")))
    assert (str(number), number) == ("1e6", Decimal(1000000))
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(line for line, _ in JSONL_ROWS) + "\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.csv"
        run_batch(str(path), "--as-of", AS_OF, "--jobs", jobs, "-o", str(out), capsys=capsys)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"'1e6'" in outputs[0]
