"""Warnings, assumptions and interpretations reach the user in every format.

JSON carries them in the object; the table and Markdown print them below the amount; a CSV row
has no room for them, so ``estimate`` and ``match`` say them on stderr. Checked over every
golden case, in both languages, against the JSON object.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from tests.conftest import REPO
from tests.test_cases import all_cases, run_case
from yantai_subsidy import batch_parallel
from yantai_subsidy.__main__ import run
from yantai_subsidy.render import markdown, table
from yantai_subsidy.render.words import side_notes
from yantai_subsidy.result import Estimate
from yantai_subsidy.ruleset import RuleSet


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("data", "case"), all_cases())
def test_every_note_is_in_every_format(
    rules: RuleSet, data: dict[str, Any], case: dict[str, Any]
) -> None:
    if "error" in case["expect"]:
        return
    est = run_case(rules, data, case)
    assert isinstance(est, Estimate)
    for lang in ("en", "zh"):
        obj = est.to_dict(lang)
        notes = [*obj["warnings"], *obj["assumptions"], *obj["interpretations"]]
        outputs = {
            "table": flat(table.estimate(est, lang=lang, width=100)),
            "markdown": flat(markdown.estimate(est, lang=lang)),
            "csv stderr": flat("\n".join(side_notes(est, lang))),
        }
        for note in notes:
            for fmt, out in outputs.items():
                assert flat(note) in out, (fmt, lang, note)


def test_csv_says_a_passed_deadline_and_the_horizon_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["estimate", "travel-deposit", "--licensed-on", "2023-05-01", "--as-of", "2024-06-01"]
    assert run([*args, "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("benefit,measure,status")
    assert "warning: deadline passed" in err
    assert (
        run(["estimate", "techloan", "--amount", "5", "--format", "csv"]) == 0
    )  # no --as-of: today
    out, err = capsys.readouterr()
    assert "warning: the package was issued for 2024" in err


def test_match_csv_says_each_note_once_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    assert run(["match", "examples/profiles/tech-sme.yaml", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert "rd-deduction" in out
    lines = err.splitlines()
    assert any(line.startswith("assumption (rd-deduction): amortisation period") for line in lines)
    assert any(line.startswith("interpretation (techloan): 1.5% is read") for line in lines)
    assert len(lines) == len(set(lines))


def test_a_csv_batch_says_each_note_once_whatever_the_jobs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON lines carry each row's notes; a CSV batch says every one of them once, on stderr,
    the same with one worker or two."""
    monkeypatch.chdir(REPO)
    source = "examples/batch.csv"
    run(["batch", source, "-q", "-o", str(tmp_path / "out.jsonl")])
    capsys.readouterr()
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    notes = {
        note
        for line in lines
        for key in ("warnings", "assumptions", "interpretations")
        for note in json.loads(line).get(key, [])
    }
    assert notes
    said = {}
    with mock.patch.object(batch_parallel, "CHUNK_ROWS", 3):  # many chunks, over both workers
        for jobs in ("1", "2"):
            run(["batch", source, "-f", "csv", "-j", jobs, "-o", str(tmp_path / f"{jobs}.csv")])
            said[jobs] = capsys.readouterr().err
    assert said["1"] == said["2"]
    for note in notes:
        assert note in said["1"], note
    assert len(said["1"].splitlines()) == len(set(said["1"].splitlines()))
    run(["batch", source, "-f", "csv", "-q", "-o", str(tmp_path / "quiet.csv")])
    assert capsys.readouterr().err == ""  # --quiet: nothing
