"""Whatever stands between “ ” in any output is the document's own text (issue 12).

Compared after removing whitespace and NFKC (as the quote checks of tests/test_provenance.py
do). A substituted or converted value (10万 written as 100,000.00, a date as 2024-03-31)
stands outside the quotes. The title of another document, 《…》, may hold quotes of its own
(《省级“技改专项贷”贴息和担保补助管理实施细则》): it is a title, not a quote of this one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DOCUMENT, REPO, Result
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


# --- a figure the reader may change never stands between quotes -----------------------------
#
# A rule's text names a parameter as {name}: it is filled with the value in use, which --set,
# --tiers or an overlay may change. Inside “ ” it would put a changed figure in the document's
# mouth (“2%” where the document says 1.5%), so a placeholder stands outside the quotes.

RULE_FILES = sorted((REPO / "rules").glob("*.yaml")) + sorted(
    (REPO / "examples" / "rules-overlay").glob("*.yaml")
)
PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")


def texts_in(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every {zh, en} pair of a rule file, with where it is."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("zh"), str) and isinstance(node.get("en"), str):
            found.append((path, node))
        for key, value in node.items():
            found += texts_in(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += texts_in(value, f"{path}.{index}")
    return found


def rule_texts() -> list[Any]:
    return [
        pytest.param(pair, id=f"{path.stem}{where}")
        for path in RULE_FILES
        for where, pair in texts_in(yaml.safe_load(path.read_text(encoding="utf-8")))
        if PLACEHOLDER.search(pair["zh"] + pair["en"])
    ]


@pytest.mark.parametrize("pair", rule_texts())
def test_no_placeholder_stands_between_quotes(pair: dict[str, Any]) -> None:
    for text in (pair["zh"], pair["en"]):
        assert [span for span in quoted(text) if PLACEHOLDER.search(span)] == []


@pytest.mark.parametrize("pair", rule_texts())
def test_both_languages_name_the_same_figures(pair: dict[str, Any]) -> None:
    """A figure named in one language only would stay the rule's in the other under --set."""
    assert set(PLACEHOLDER.findall(pair["zh"])) == set(PLACEHOLDER.findall(pair["en"]))


@pytest.mark.parametrize(
    "args",
    [
        [
            "techloan",
            "--amount",
            "300万",
            "--set",
            "subsidy_rate=1.7%",
            "--set",
            "lifetime_cap=17万",
        ],
        [
            "coal-closure",
            "--capacity-kw",
            "50万",
            "--year",
            "2024",
            "--unit-kw",
            "10万",
            "--set",
            "max_unit=17万",
        ],
        ["coal-closure", "--capacity-kw", "50万", "--year", "2024", "--set", "award_2024=25元"],
        ["fdi", "--type", "new", "--paid-in-usd", "6000万", "--fx-rate", "7.1"],
        [
            "fdi",
            "--type",
            "new",
            "--paid-in-usd",
            "6000万",
            "--fx-rate",
            "7.1",
            "--set",
            "total_cap=2亿",
        ],
        ["rural-invest", "--investment", "2亿", "--set", "project_cap=300万"],
        ["union-fee", "--paid", "8000", "--set", "small_fee_limit=2万"],
    ],
    ids=lambda args: " ".join(args[:1] + args[-1:]),
)
@pytest.mark.parametrize("fmt", ["markdown", "table", "json", "csv"])
def test_a_changed_figure_is_never_quoted(
    ytsub: Callable[..., Result], args: list[str], fmt: str
) -> None:
    """The issue's kind of case: --set subsidy_rate=2% printed “2%” in the Chinese reading."""
    for lang in ("zh", "en"):
        result = ytsub("estimate", *args, "--as-of", "2024-06-01", "--lang", lang, "-f", fmt)
        assert result.code == 0, result.err
        output = result.out + result.err
        if fmt == "json":
            output = json.dumps(json.loads(result.out), ensure_ascii=False) + result.err
        assert not_in_the_document(output) == []


def test_a_changed_figure_reads_alike_in_both_languages(ytsub: Callable[..., Result]) -> None:
    """measure 49's reading of 以下 said 30万千瓦 in English whatever max_unit was."""
    args = ["coal-closure", "--capacity-kw", "50万", "--year", "2024", "--unit-kw", "10万"]
    args += ["--set", "max_unit=17万"]
    en = ytsub("estimate", *args, "--as-of", "2024-06-01", "-f", "csv", "--lang", "en").err
    zh = ytsub("estimate", *args, "--as-of", "2024-06-01", "-f", "csv", "--lang", "zh").err
    assert "a unit of exactly 17万 kW qualifies" in en
    assert "30万千瓦" not in en
    assert "单机17万千瓦的机组也在其内" in zh
    assert "30万千瓦以下”按" not in zh
