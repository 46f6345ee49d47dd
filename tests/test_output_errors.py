"""A result that cannot be written is a one-line error with exit 1, not "a bug" (exit 70).

Every command but ``batch`` (whose own writes are tested in tests/test_batch.py) writes its
result through ``shell.emit``, and click prints help and the version itself; each is run with
standard output on /dev/full (ENOSPC) and closed (``>&-``). ``| head`` closing the pipe early
still ends quietly with exit 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from yantai_subsidy.__main__ import run

PROFILE = str(REPO / "examples" / "profiles" / "tech-sme.yaml")
COMMANDS = [
    ["list"],
    ["list", "--format", "json"],
    ["show", "48"],
    ["search", "贷款"],
    ["estimate", "techloan", "--amount", "5"],
    ["estimate", "techloan", "--amount", "5", "--format", "json"],
    ["estimate", "--help"],
    ["estimate", "techloan", "--help"],
    ["match", PROFILE],
    ["match", PROFILE, "--format", "csv"],
    ["facts"],
    ["rules", "check"],
    ["rules", "schema"],
    ["--version"],
    ["--help"],
    ["list", "--help"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_full_disk_is_a_one_line_error(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        monkeypatch.setattr(sys, "stdout", full)
        code = run(args)
        monkeypatch.undo()
    assert code == 1
    assert capsys.readouterr().err == "Error: cannot write the result: No space left on device\n"


@pytest.mark.parametrize("args", [a for a in COMMANDS if "--help" not in a and a[0][0] != "-"])
def test_a_closed_standard_output_is_a_one_line_error(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    code = run(args)
    monkeypatch.undo()
    assert code == 1
    assert capsys.readouterr().err == "Error: cannot write the result: standard output is closed\n"


def ytsub(args: list[str], **streams: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yantai_subsidy", *args],
        capture_output="stdout" not in streams,
        text=True,
        timeout=120,
        check=False,
        **streams,  # type: ignore[call-overload]
    )


def test_the_process_ends_cleanly_on_dev_full() -> None:
    """No second error when Python flushes stdout at exit (it would exit 120 with a traceback)."""
    with Path("/dev/full").open("w") as full:
        done = ytsub(["show", "48"], stdout=full, stderr=subprocess.PIPE)
    assert (done.returncode, done.stderr) == (
        1,
        "Error: cannot write the result: No space left on device\n",
    )


@pytest.mark.parametrize("args", ["rules schema", "--help", "list --help", "show 48"])
def test_a_pipe_closed_early_ends_quietly(args: str) -> None:
    done = subprocess.run(
        f"{sys.executable} -m yantai_subsidy {args} | (exec 0<&-; sleep 1);"
        " echo ${PIPESTATUS[0]} >&2",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stderr == "0\n"


def test_an_unwritable_stderr_does_not_turn_an_error_into_a_crash() -> None:
    with Path("/dev/full").open("w") as full:
        done = ytsub(
            ["estimate", "techloan", "--amount", "-5"], stdout=subprocess.PIPE, stderr=full
        )
    assert (done.returncode, done.stdout) == (1, "")


def test_match_with_standard_input_closed_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert run(["match", "-"]) == 2
    assert capsys.readouterr().err == (
        "Error: <stdin>: standard input is closed: give a profile file\n"
    )


# --- standard output in a legacy encoding -----------------------------------------------------
#
# Chinese Windows writes a redirected stdout (ytsub … > result.txt) in its code page, GBK, which
# has no ¥ (U+00A5), ✓, ✗, − or ²: every estimate was an internal error (exit 70). They are
# written as GBK writes them (￥ √ × － ^2); what an encoding cannot hold at all is one line.

LEGACY = [
    ["estimate", "techreno", "--loan", "1000万", "--investment", "2000万", "--as-of", "2024-06-01"],
    ["estimate", "techreno", "--loan", "1000万", "--investment", "2000万", "-f", "markdown"],
    ["estimate", "techreno", "--loan", "1000万", "--investment", "2000万", "--lang", "zh"],
    ["match", PROFILE],
    ["match", PROFILE, "--format", "markdown", "--lang", "zh"],
    ["show", "express-park"],
    ["facts"],
]


def in_encoding(args: list[str], encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {"PYTHONIOENCODING": encoding, "COLUMNS": "100", "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "yantai_subsidy", *args],
        capture_output=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("args", LEGACY, ids=lambda a: " ".join(a[:3]))
def test_a_gbk_stdout_gets_the_result_in_gbk(args: list[str]) -> None:
    done = in_encoding(args, "gbk")
    assert (done.returncode, done.stderr.decode("gbk")) == (0, "")
    text = done.stdout.decode("gbk")
    plain = in_encoding(args, "utf-8").stdout.decode("utf-8")
    swapped = {"¥": "￥", "✓": "√", "✗": "×", "−": "－", "²": "^2"}
    assert text == plain.translate(str.maketrans(swapped))  # nothing else changed


def test_the_gbk_table_shows_the_yen_sign_gbk_has() -> None:
    text = in_encoding(LEGACY[0], "gbk").stdout.decode("gbk")
    assert "￥120,750.00" in text
    assert "√  investment_band" in text


def test_an_encoding_that_cannot_hold_the_result_is_a_one_line_error() -> None:
    done = in_encoding(LEGACY[0], "ascii")
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode("ascii") == (
        "Error: cannot write the result in ascii, the encoding of standard output: it has no "
        "'\\u6280' (U+6280): set PYTHONIOENCODING=utf-8\n"
    )


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("\x1b[31mRED", "\\x1b[31mRED"),  # colours (or hides, or retitles) the terminal
        ("abc\rError: fake", "abc Error: fake"),  # a CR is whitespace: the line stays one
        ("5\u202e00", "5\\u202e00"),  # a right-to-left override would show the text reversed
    ],
    ids=["escape", "carriage return", "bidi override"],
)
def test_a_message_never_passes_a_control_character_to_the_terminal(
    capsys: pytest.CaptureFixture[str], written: str, shown: str
) -> None:
    """An error quotes the value it refuses: a hostile cell or argument could drive the
    terminal (ESC sequences) or disguise itself (a bidi override) in the quoted value."""
    assert run(["estimate", "techloan", "--amount", written]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"Error: --amount: not an amount of money: '{shown}' (write ")
    assert err.count("\n") == 1
