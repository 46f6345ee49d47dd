"""How sure each figure is (issue 12): `grounds` on every estimate and item, in every format.

The golden cases (tests/cases/*.yaml) state the grounds worked out by hand for every benefit;
these tests hold the mechanism: what makes a figure weaker than the document, and that every
format says so.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from yantai_subsidy.calc.sheet import Sheet
from yantai_subsidy.engine import estimate
from yantai_subsidy.errors import YtsubError
from yantai_subsidy.loader import load_rules
from yantai_subsidy.render import renderer
from yantai_subsidy.result import GROUNDS, weakest
from yantai_subsidy.ruleset import RuleSet

AS_OF = "2024-06-01"


def test_weakest_orders_the_grounds_surest_first() -> None:
    assert GROUNDS == ("document", "interpretation", "assumption", "override")
    assert weakest() == "document"
    assert weakest("document", "interpretation") == "interpretation"
    assert weakest("assumption", "interpretation") == "assumption"
    assert weakest("override", "document", "assumption") == "override"


def test_the_estimate_row_says_as_the_document_sets_it_only_for_document(rules: RuleSet) -> None:
    quoted = estimate(rules, "union-fee", {"paid": "5000"}, AS_OF)
    assumed = estimate(rules, "techreno", {"loan": "1000万"}, AS_OF)
    read = estimate(rules, "district-rank", {"rank": "3"}, AS_OF)
    changed = estimate(rules, "techloan", {"amount": "300万"}, AS_OF, overrides=["subsidy_rate=2%"])
    table, markdown = renderer("table"), renderer("markdown")
    assert quoted.grounds == "document"
    assert "as the document sets it" in table.estimate(quoted)
    for est, words_en, words_zh in (
        (assumed, "on an assumption (see assumptions)", "基于假设（见假设）"),
        (read, "on a reading of the text (see interpretation)", "按对条文的理解（见理解）"),
        (changed, "with changed rules (see override)", "按改动后的规则（见改动）"),
    ):
        for render in (table, markdown):  # wide enough that no phrase wraps
            out_en = render.estimate(est, lang="en", width=240)
            out_zh = render.estimate(est, lang="zh", width=240)
            assert "as the document sets it" not in out_en
            assert "the document sets a maximum" not in out_en
            assert words_en in out_en
            assert words_zh in out_zh
            assert "按文件标准计算" not in out_zh


def test_every_format_carries_the_grounds(rules: RuleSet) -> None:
    est = estimate(rules, "techreno", {"loan": "1000万"}, AS_OF)
    data = json.loads(renderer("json").estimate(est))
    assert data["grounds"] == "assumption"
    assert [i["grounds"] for i in data["items"] if i["value"] is not None] == [
        "assumption",  # the assumed band
        "document",  # the yearly cap of 100万 is quoted
        "assumption",  # the total is the assumed band's figure
    ]
    rows = list(csv.DictReader(io.StringIO(renderer("csv").estimate(est))))
    assert list(rows[0])[-1] == "grounds"
    assert rows[0]["grounds"] == "assumption"


def test_a_rules_overlay_makes_its_benefits_override(tmp_path: Path) -> None:
    shutil.copy(REPO / "rules" / "m48-techloan.yaml", tmp_path / "m48-techloan.yaml")
    overlaid = load_rules(tmp_path, use_cache=False)
    est = estimate(overlaid, "techloan", {"amount": "300万"}, AS_OF)
    assert est.grounds == "override"
    assert {i.grounds for i in est.items if i.value is not None} == {"override"}
    other = estimate(overlaid, "union-fee", {"paid": "5000"}, AS_OF)
    assert other.grounds == "document"  # its own file was not overlaid


def test_an_overlaid_lpr_table_and_lpr_option_make_the_lpr_override(tmp_path: Path) -> None:
    rules = load_rules(use_cache=False)
    tiers = {"loan": "1000万", "tiers": "0:35%LPR"}  # an LPR share that is not assumed
    assert estimate(rules, "techreno", tiers, AS_OF).grounds == "override"  # --tiers
    shutil.copy(REPO / "rules" / "lpr.yaml", tmp_path / "lpr.yaml")
    overlaid = load_rules(tmp_path, use_cache=False)
    est = estimate(overlaid, "techreno", {"loan": "1000万"}, AS_OF)
    assert est.grounds == "override"
    lpr = estimate(rules, "techreno", {"loan": "1000万", "lpr": "3%"}, AS_OF)
    assert lpr.grounds == "override"


def test_an_ineligible_estimate_rests_on_no_figure(rules: RuleSet) -> None:
    est = estimate(rules, "techreno", {"loan": "1000万", "investment": "100万"}, AS_OF)
    assert (est.status, est.grounds) == ("ineligible", "document")


def test_a_reading_must_be_one_the_rule_states(rules: RuleSet) -> None:
    spec = rules.benefit("district-rank")
    sheet = Sheet(spec, spec.params, {}, set(), rules.document.horizon.until or _day(), rules.lpr)
    sheet.reading("even_step")
    with pytest.raises(KeyError, match="no interpretation with id 'nosuch'"):
        sheet.reading("nosuch")


def _day():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2024, 6, 1)


def test_an_interpretation_names_only_parameters_of_its_benefit(tmp_path: Path) -> None:
    from yantai_subsidy.errors import RuleFileError

    text = (REPO / "rules" / "m26-fdi.yaml").read_text(encoding="utf-8")
    broken = text.replace("params: [total_cap]", "params: [no_such_param]", 1)
    assert broken != text
    (tmp_path / "m26-fdi.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError, match="no_such_param"):
        load_rules(tmp_path, use_cache=False)


def test_a_match_total_says_when_part_rests_on_assumptions(rules: RuleSet) -> None:
    from yantai_subsidy.match import match

    quoted = match(rules, {"kind": "enterprise", "facts": {"union_fees_paid": "5000"}}, AS_OF)
    assert quoted.total.grounds == "document"
    assumed = match(rules, {"kind": "enterprise", "facts": {"techreno_loan": "1000万"}}, AS_OF)
    assert assumed.total.grounds == "assumption"
    assert "part of it rests on assumptions or readings" in renderer("table").match(assumed)
    assert json.loads(renderer("json").match(assumed))["total"]["grounds"] == "assumption"
    rows = list(csv.DictReader(io.StringIO(renderer("csv").match(assumed))))
    assert {r["grounds"] for r in rows if r["section"] == "total"} == {"assumption"}


def test_an_lpr_check_cannot_predate_the_rates_it_saw(tmp_path: Path) -> None:
    from yantai_subsidy.errors import RuleFileError

    text = (REPO / "rules" / "lpr.yaml").read_text(encoding="utf-8")
    early = text.replace("  date: 2026-06-22", "  date: 2025-01-01", 1)
    assert early != text
    (tmp_path / "lpr.yaml").write_text(early, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"checked\.date is before the last rate"):
        load_rules(tmp_path, use_cache=False)


def test_the_lpr_table_is_stale_from_its_check_not_its_last_change(rules: RuleSet) -> None:
    from datetime import date

    assert rules.lpr.checked == date(2026, 6, 22)
    assert rules.lpr.rates[-1].start == date(2025, 5, 20)
    assert rules.lpr.rates[-1].one_year == Decimal("0.03")
    assert not rules.lpr.is_stale_on(date(2026, 9, 22))
    assert rules.lpr.is_stale_on(date(2026, 9, 23))


def test_a_measure_without_money_says_so_and_never_eligible_in_the_estimate_row(
    rules: RuleSet,
) -> None:
    """travel-deposit grants a deadline: 'no amount', and a conditional row says no 'eligible'."""
    est = estimate(rules, "travel-deposit", {}, AS_OF)
    assert (est.status, est.amount.basis) == ("conditional", "unpublished")
    for render in (renderer("table"), renderer("markdown")):
        out = render.estimate(est, lang="en", width=240)
        row = next(line for line in out.splitlines() if "estimate" in line.lower())
        assert "eligible" not in row
        assert "no amount" in row
        assert "amount not published" not in out
        assert "无金额" in render.estimate(est, lang="zh", width=240)


# --- the claimant's own figure in place of an assumed one is an input, not changed rules ---------

RD = {"expensed": "600万", "capitalized": "80万"}


def test_an_own_tax_rate_is_an_input_not_changed_rules(rules: RuleSet) -> None:
    """A high-tech enterprise's 15% stands in for the assumed 25%: the figure then rests on the
    enterprise's own fact, not on changed rules (it was labelled 'with changed rules')."""
    published = estimate(rules, "rd-deduction", RD, AS_OF)
    own_rate = estimate(rules, "rd-deduction", {**RD, "cit_rate": "15%"}, AS_OF)
    own_both = estimate(
        rules, "rd-deduction", {**RD, "cit_rate": "15%", "amortization_years": "10"}, AS_OF
    )
    # 600万 + 80万 × 200% ÷ 10 − 80万 ÷ 10 = 608万 extra deduction; × 15% = 91.2万 saved
    assert own_rate.amount.high == own_both.amount.high == Decimal("912000.00")
    assert own_rate.overrides == own_both.overrides == ()
    assert own_rate.rules_digest == own_both.rules_digest == published.rules_digest
    assert own_rate.grounds == "assumption"  # the amortisation period is still assumed
    assert own_both.grounds == "document"  # both figures are the enterprise's own
    assert {item.grounds for item in own_both.items} == {"document"}
    assert not any("cit_rate" in str(a) or "25%" in str(a) for a in own_rate.assumptions)


def test_setting_an_assumed_figure_is_still_a_change_of_rules(rules: RuleSet) -> None:
    """--set is a what-if on the rules: named, and worded as replacing an assumption."""
    changed = estimate(rules, "rd-deduction", RD, AS_OF, overrides=["cit_rate=15%"])
    assert changed.grounds == "override"
    table = renderer("table").estimate(changed)
    assert "cit_rate set to 15% with --set (in place of the assumed 25%)" in " ".join(table.split())


@pytest.mark.parametrize(
    ("benefit", "inputs", "changed", "status"),
    [
        # an override of a threshold decides the condition that lets the amount through
        (
            "hpf-rent",
            {"monthly_deposit": "1200", "months_deposited": "2"},
            "min_months=2",
            "conditional",
        ),
        (
            "express-township",
            {"investment": "20万", "networks": "4", "area_m2": "50"},
            "min_area=50",
            "conditional",
        ),
        (
            "fdi",
            {"type": "new", "paid_in_usd": "4000万", "fx_rate": "7"},
            "new_project_min=3000万",
            "conditional",
        ),
        (
            "fdi",
            {"type": "increase", "paid_in_usd": "2000万", "fx_rate": "7"},
            "increase_min=1000万",
            "conditional",
        ),
        (
            "techreno",
            {"loan": "1000万", "investment": "5500万"},
            "max_investment=6000万",
            "conditional",
        ),
        (
            "techreno",
            {"loan": "1000万", "guarantee_fee_rate": "1.5%"},
            "max_guarantee_fee_rate=2%",
            "conditional",
        ),
        # and one that shuts it out
        (
            "hpf-rent",
            {"monthly_deposit": "1200", "months_deposited": "3"},
            "min_months=4",
            "ineligible",
        ),
        (
            "express-township",
            {"investment": "20万", "networks": "4", "area_m2": "100"},
            "min_area=200",
            "ineligible",
        ),
    ],
)
def test_a_changed_threshold_makes_the_estimate_rest_on_changed_rules(
    rules: RuleSet, benefit: str, inputs: dict[str, str], changed: str, status: str
) -> None:
    """A threshold set with --set (or a profile's set:, or an overlay) decides whether the
    amount is due at all: the estimate rests on changed rules, never "as the document sets it"
    (hpf-rent at 2 months with min_months=2 was 'document', fdi's and techreno's thresholds
    left the grounds of the other figures)."""
    est = estimate(rules, benefit, inputs, AS_OF, overrides=[changed])
    assert (est.status, est.grounds) == (status, "override")
    table = " ".join(renderer("table").estimate(est, width=240).split())
    assert "as the document sets it" not in table
    if status != "ineligible":
        assert "with changed rules (see override)" in table


@pytest.mark.parametrize(
    ("benefit", "inputs", "changed"),
    [
        # the changed figure's line is 0, so no figure of the amount shows it
        ("techloan", {"amount": "300万", "received": "5万"}, "lifetime_cap=5万"),
        ("green-cit", {"taxable_income": "100万"}, "reduced_rate=30%"),
        ("outpatient", {"level2": "900", "level3": "1000"}, "new_deductible_level3=1200"),
        ("rd-deduction", RD, "intangible_amortization_rate=100%"),
        # a ceiling set below the floor: the amount is the floor's figures
        ("resultloan-loss", {"loss": "100万", "early_stage": "true"}, "early_stage_cap=45%"),
    ],
)
def test_a_changed_figure_that_no_line_shows_still_makes_the_estimate_changed_rules(
    rules: RuleSet, benefit: str, inputs: dict[str, str], changed: str
) -> None:
    """An amount that a --set changed rests on the changed rules even when the changed figure
    leaves no trace among the figures the amount is made of (a line of 0 is every line's 0):
    techloan with its cap set to what was received read "the document sets a maximum ¥0"."""
    published = estimate(rules, benefit, inputs, AS_OF)
    est = estimate(rules, benefit, inputs, AS_OF, overrides=[changed])
    assert est.amount != published.amount  # the change changed the answer
    assert est.grounds == "override"


def _changed_values(param: Any) -> list[str]:
    """Values other than the rule's, written as --set takes them."""
    if param.type in ("money", "quantity"):
        return [str(param.value * 2), str(param.value / 2)]
    if param.type == "rate":
        return [
            f"{param.value * 50}%",
            *([f"{param.value * 200}%"] if param.value < Decimal("0.5") else []),
        ]
    if param.type == "count":
        return [str(param.value + 1), str(max(param.value - 1, 1))]
    if param.type == "date":
        return [(param.value + timedelta(days=days)).isoformat() for days in (-400, 400)]
    return []


def test_any_change_of_rules_that_changes_an_answer_says_so(rules: RuleSet) -> None:
    """Every golden case, every parameter of its benefit set to other values: wherever the
    status or the amount changes, the estimate's grounds is ``override``."""
    from tests.test_cases import case_files

    checked, wrong = 0, []
    for data in case_files():
        benefit = rules.benefits[data["benefit"]]
        for case in data["cases"]:
            inputs = case.get("inputs") or {}
            kw = {k: case[k] for k in ("confirm", "deny") if case.get(k)}
            as_of = case.get("as_of", data.get("as_of"))
            try:
                published = estimate(rules, benefit.id, inputs, as_of, **kw)
            except YtsubError:
                continue  # a case of a refused input
            for name, param in benefit.params.items():
                for value in _changed_values(param):
                    try:
                        est = estimate(
                            rules, benefit.id, inputs, as_of, overrides=[f"{name}={value}"], **kw
                        )
                    except YtsubError:
                        continue  # a value the parameter refuses
                    if (est.status, est.amount) == (published.status, published.amount):
                        continue
                    checked += 1
                    if est.grounds != "override":
                        wrong.append((benefit.id, case["name"], f"{name}={value}", est.grounds))
    assert checked > 500
    assert wrong == []


def test_own_figure_must_replace_an_assumed_parameter(tmp_path: Path) -> None:
    """A rule file cannot call a figure the document gives the claimant's own."""
    from yantai_subsidy.errors import RuleFileError

    text = (REPO / "rules" / "m48-techloan.yaml").read_text(encoding="utf-8")
    anchor = "    inputs:\n"
    assert anchor in text
    text = text.replace(
        anchor,
        anchor
        + "      - {name: rate, type: rate, replaces: subsidy_rate, own_figure: true, label: {zh: 比例, en: rate}}\n",
        1,
    )
    (tmp_path / "m48-techloan.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rules(tmp_path, use_cache=False)
    assert "own_figure needs replaces naming an assumed parameter" in str(raised.value)
