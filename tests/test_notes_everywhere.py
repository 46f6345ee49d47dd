"""Warnings, assumptions and interpretations reach the user in every format.

JSON carries them in the object; the table and Markdown print them below the amount; a CSV row
has no room for them, so ``estimate`` and ``match`` say them on stderr. Checked over every
golden case, in both languages, against the JSON object.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_cases import all_cases, run_case
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
