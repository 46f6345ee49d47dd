"""Whatever stands between “ ” in any output is the document's own text (issue 12).

Compared after removing whitespace and NFKC (as the quote checks of tests/test_provenance.py
do). A substituted or converted value (10万 written as 100,000.00, a date as 2024-03-31)
stands outside the quotes. The title of another document, 《…》, may hold quotes of its own
(《省级“技改专项贷”贴息和担保补助管理实施细则》): it is a title, not a quote of this one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DOCUMENT, REPO
from tests.test_cases import case_files, run_case
from yantai_subsidy.engine import normalize_quote
from yantai_subsidy.match import match
from yantai_subsidy.profile import read_profile
from yantai_subsidy.render import renderer
from yantai_subsidy.ruleset import RuleSet

TEXT = normalize_quote(DOCUMENT.read_text(encoding="utf-8"))
TITLE = re.compile(r"《[^》]*》")
PROFILES = sorted((REPO / "examples" / "profiles").glob("*.yaml"))


def quoted(output: str) -> list[str]:
    """The outermost “…” spans of ``output`` (a quote may hold quotes: “对纳入“科信贷”备案…”)."""
    text = TITLE.sub("", output)
    spans, opened = [], []
    for index, char in enumerate(text):
        if char == "“":
            opened.append(index)
        elif char == "”" and opened:
            start = opened.pop()
            if not opened:
                spans.append(text[start + 1 : index])
    return spans


def not_in_the_document(output: str) -> list[str]:
    return [span for span in quoted(output) if normalize_quote(span) not in TEXT]


def outputs(est: Any) -> list[str]:
    found = []
    for lang in ("en", "zh"):
        found.append(renderer("table").estimate(est, lang=lang, width=4000))  # nothing wraps
        found.append(renderer("markdown").estimate(est, lang=lang))
        found.append(
            json.dumps(json.loads(renderer("json").estimate(est, lang=lang)), ensure_ascii=False)
        )
    return found


def golden() -> list[Any]:
    return [
        pytest.param(data, case, id=f"{data['benefit']}: {case['name']}")
        for data in case_files()
        for case in data["cases"]
        if "error" not in case["expect"]
    ]


@pytest.mark.parametrize(("data", "case"), golden())
def test_every_quote_of_an_estimate_is_the_documents_text(
    rules: RuleSet, data: dict[str, Any], case: dict[str, Any]
) -> None:
    est = run_case(rules, data, case)
    for output in outputs(est):
        assert not_in_the_document(output) == []


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: Path(p).stem)
def test_every_quote_of_a_match_is_the_documents_text(rules: RuleSet, path: Path) -> None:
    found = match(rules, read_profile(str(path), rules))
    for lang in ("en", "zh"):
        for fmt in ("table", "markdown", "json"):
            kwargs = {"width": 4000} if fmt == "table" else {}
            output = renderer(fmt).match(found, lang=lang, **kwargs)
            if fmt == "json":
                output = json.dumps(json.loads(output), ensure_ascii=False)
            assert not_in_the_document(output) == []


def test_the_check_finds_a_converted_value_between_quotes() -> None:
    """The issue's examples: a reason quoting 500以上 for 500亩（含）以上, a date converted."""
    assert not_in_the_document("(the document: “500以上”)") == ["500以上"]
    assert not_in_the_document("补足期限“延至2024-03-31”含当日") == ["延至2024-03-31"]
    assert not_in_the_document("“延至 2024 年 3 月 31 日”") == []  # whitespace is not text
    assert not_in_the_document("source: “对纳入“科信贷”备案并按时还本付息的科技企业”") == []
    assert not_in_the_document("《省级“技改专项贷”贴息和担保补助管理实施细则》") == []
