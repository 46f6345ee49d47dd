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
