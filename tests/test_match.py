"""Profiles and ``match``: what runs, what is missing, what is added and what never is."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RULES_DIR
from yantai_subsidy.errors import InputError, UsageError
from yantai_subsidy.loader import load_rules
from yantai_subsidy.match import Match, match
from yantai_subsidy.profile import check_profile
from yantai_subsidy.ruleset import RuleSet
from yantai_subsidy.vocabulary import vocabulary_for

DAY = "2024-06-01"


def run(rules: RuleSet, **profile: Any) -> Match:
    return match(rules, {"as_of": DAY, **profile})


def refused(rules: RuleSet, **profile: Any) -> str:
    with pytest.raises(InputError) as raised:
        match(rules, profile)
    return str(raised.value)


def keys(entries: Any) -> list[str]:
    return [e.key for e in entries]


# --- profiles: every problem named, nothing ignored --------------------------------------------


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (
            {"kind": "enterprise", "facts": {"rd_lastyear": "520万"}},
            "<profile>: facts.rd_lastyear: unknown fact (did you mean rd_last_year?):"
            " ytsub facts lists them",
        ),
        (
            {"kind": "enterprise", "facts": {"turnover": "1亿"}},
            "<profile>: facts.turnover: unknown fact: ytsub facts lists them",
        ),
        ({}, "<profile>: kind: say what the profile is: one of enterprise, person, district"),
        (
            {"kind": "company"},
            "<profile>: kind: 'company' is not one of enterprise, person, district",
        ),
        (
            {"kind": "person", "facts": {"rd": "5万"}},
            "<profile>: facts.rd: no benefit a person may claim reads it (rd-growth is for an"
            " enterprise, not a person; ic-rd is for an enterprise, not a person)",
        ),
        (
            {"kind": "enterprise", "facts": {"techloan_principal": "-5"}},
            "<profile>: facts.techloan_principal: must not be negative: '-5'",
        ),
        (
            {"kind": "enterprise", "facts": {"logistics_grade": "6A"}},
            "<profile>: facts.logistics_grade: '6A' is not one of 3A, 4A, 5A",
        ),
        (
            {"kind": "enterprise", "facts": {"rd": None}},
            "<profile>: facts.rd: empty value: give a value, or leave the key out",
        ),
        (
            {"kind": "enterprise", "facts": {"rd": ["5万", "6万"]}},
            "<profile>: facts.rd: a single value: only a choice may list alternatives",
        ),
        (
            {"kind": "enterprise", "facts": {"logistics_grade": ["4A", "4a"]}},
            "<profile>: facts.logistics_grade: a choice is listed twice",
        ),
        ({"kind": "enterprise", "rd": "5万"}, "<profile>: rd: a fact: put it under facts"),
        (
            {"kind": "enterprise", "fact": {}},
            "<profile>: fact: unknown key (did you mean facts?): a profile has kind, name, as_of,"
            " facts, confirm, deny, benefits",
        ),
        (
            {"kind": "enterprise", "techreno": {"years": 3}},
            "<profile>: techreno: a benefit's own inputs go under benefits",
        ),
        (
            {"kind": "enterprise", "benefits": {"techreno": {"yeras": 3}}},
            "<profile>: benefits.techreno.yeras: techreno has no input 'yeras' to give here (did"
            " you mean years?): its own inputs are years, tiers, lpr (and confirm, deny, set)",
        ),
        (
            {"kind": "enterprise", "benefits": {"techreno": {"loan": "1000万"}}},
            "<profile>: benefits.techreno.loan: techreno.loan is the fact techreno_loan:"
            " give it under facts",
        ),
        (
            {"kind": "enterprise", "benefits": {"mortgage": {}}},
            "<profile>: benefits.mortgage: mortgage is for a person, not an enterprise",
        ),
        (
            {"kind": "enterprise", "benefits": {"techlon": {}}},
            "<profile>: benefits.techlon: unknown benefit 'techlon' (did you mean techloan?):"
            " ytsub list shows them",
        ),
        (
            {"kind": "enterprise", "confirm": ["filed"]},
            "<profile>: confirm.0: 'filed' is a condition of several benefits: write"
            " techloan.filed, techloan-loss.filed, resultloan-loss.filed",
        ),
        (
            {"kind": "enterprise", "confirm": ["techloan.fild"]},
            "<profile>: confirm.0: techloan has no condition 'fild' (did you mean filed?):"
            " its conditions are filed, on_time",
        ),
        (
            {"kind": "enterprise", "confirm": ["on_tme"]},
            "<profile>: confirm.0: no benefit an enterprise may claim has a condition 'on_tme'"
            " (did you mean on_time?): write BENEFIT.ID (techloan.filed)",
        ),
        (
            {"kind": "enterprise", "confirm": ["techloan.filed"], "deny": ["techloan.filed"]},
            "<profile>: deny.0: confirm and deny both name techloan.filed",
        ),
        (
            {"kind": "enterprise", "benefits": {"techloan": {"set": {"subsidy_rat": "2%"}}}},
            "<profile>: benefits.techloan.set.subsidy_rat: techloan has no parameter"
            " 'subsidy_rat' (did you mean subsidy_rate?): its parameters are subsidy_rate,"
            " lifetime_cap",
        ),
        (
            {"kind": "person", "name": ["a", "b"]},
            "<profile>: name: a name, not a list or a mapping",
        ),
        (
            {"kind": "person", "as_of": "2024-13-01"},
            "<profile>: as_of: not a calendar date: '2024-13-01'",
        ),
    ],
)
def test_a_bad_profile_is_refused_naming_the_problem(
    rules: RuleSet, profile: dict[str, Any], message: str
) -> None:
    assert refused(rules, **profile) == message


def test_a_condition_only_one_benefit_has_needs_no_benefit_name(rules: RuleSet) -> None:
    profile = check_profile({"kind": "enterprise", "confirm": ["on_time"]}, rules)
    assert profile.confirm == {"techloan": ("on_time",)}


def test_an_estimate_error_is_restated_in_the_profile_words(rules: RuleSet) -> None:
    facts = {
        "mortgage_balance": "30万",
        "mortgage_months_left": 60,
        "mortgage_rate": "3.5%",
        "mortgage_new_rate": "4%",
    }
    assert refused(rules, kind="person", facts=facts) == (
        "<profile>: mortgage: facts.mortgage_new_rate: 4% is above facts.mortgage_rate 3.5%:"
        " the measure lowers the rate, there is no interest to save"
    )


# --- what runs and what is missing -------------------------------------------------------------


def test_a_started_benefit_names_the_facts_it_still_needs_first(rules: RuleSet) -> None:
    result = run(rules, kind="enterprise", facts={"rd": "100万"})
    first = result.needs[0]
    assert (first.benefit, first.missing, first.given) == ("rd-growth", ("rd_last_year",), ("rd",))
    assert keys(result.claimable) == ["ic-rd"]  # rd is all it needs: 10% of 100万
    assert result.claimable[0].estimate.amount.high == Decimal("100000.00")


def test_one_of_several_facts(rules: RuleSet) -> None:
    result = run(rules, kind="enterprise", facts={"taxpayer": "small-scale"})
    need = next(n for n in result.needs if n.benefit == "small-taxes")
    assert need.missing == ()
    assert need.one_of[:2] == ("resource_tax", "city_maintenance_tax")
    assert need.given == ("taxpayer",)
    result = run(rules, kind="enterprise", facts={"taxpayer": "small-scale", "stamp_duty": 1000})
    assert keys(result.claimable) == ["small-taxes"]
    assert result.claimable[0].estimate.amount.low == Decimal("500.00")  # 1,000 × 50%


def test_a_benefit_the_profile_does_not_concern_is_not_run(rules: RuleSet) -> None:
    """tour-guide counts one guide by default: it runs only when the profile speaks of guides."""
    result = run(rules, kind="person", facts={"outpatient_level1": 1000})
    assert keys(result.claimable) == ["outpatient"]
    need = next(n for n in result.needs if n.benefit == "tour-guide")
    assert (need.missing, need.one_of) == ((), ("gold_medal_guides",))
    assert keys(run(rules, kind="person", facts={"gold_medal_guides": 1}).claimable) == [
        "tour-guide"
    ]


def test_a_benefit_without_inputs_runs_when_the_profile_names_it(rules: RuleSet) -> None:
    result = run(rules, kind="enterprise", facts={"union_fees_paid": 5000})
    demo = next(n for n in result.needs if n.benefit == "childcare-demo")
    assert (demo.missing, demo.one_of, demo.given) == ((), (), ())
    assert result.needs[-1] is demo  # nothing to give: listed last
    named = run(rules, kind="enterprise", benefits={"childcare-demo": {"confirm": ["selected"]}})
    assert keys(named.claimable) == ["childcare-demo"]
    assert named.claimable[0].estimate.status == "eligible"
    assert named.claimable[0].estimate.amount.low == Decimal("50000.00")


def test_only_benefits_of_the_profiles_kind(rules: RuleSet) -> None:
    person = run(rules, kind="person", facts={"local_homes": 0})
    assert {n.beneficiary for n in person.needs} == {"person"}
    district = run(rules, kind="district", facts={"district_rank": 1})
    assert keys(district.claimable) == ["district-rank"]
    assert [n.benefit for n in district.needs] == ["rural-zone"]


def test_paid_to_others_is_shown_and_never_added(rules: RuleSet) -> None:
    result = run(rules, kind="person", facts={"children_in_care_third": 1})
    assert keys(result.claimable) == []
    assert keys(result.others) == ["childcare"]
    assert result.others[0].estimate.amount.low == Decimal("4800.00")  # 400 × 12 months
    assert result.total.low == result.total.high == 0
    enterprise = run(rules, kind="enterprise", facts={"children_in_care_third": 1})
    assert keys(enterprise.claimable) == ["childcare"]  # an institution's own subsidy


def test_a_denied_condition_makes_it_ineligible_in_the_profiles_words(rules: RuleSet) -> None:
    result = run(rules, kind="enterprise", facts={"rd": "100万"}, deny=["ic-rd.ic_tech_enterprise"])
    assert keys(result.claimable) == []
    [entry] = result.ineligible
    [unmet] = [c for c in entry.estimate.conditions if c.status == "unmet"]
    assert unmet.reason is not None
    assert unmet.reason.render() == "denied in the profile (deny)"


def test_notes_name_the_facts_not_the_options(rules: RuleSet) -> None:
    result = run(rules, kind="enterprise", facts={"rd_expensed": "100万"})
    [assumption] = result.claimable[0].estimate.assumptions
    assert assumption.render().endswith("Give the applicable rate with facts.cit_rate)")
    given = run(rules, kind="enterprise", facts={"rd_expensed": "100万", "cit_rate": "15%"})
    assert given.claimable[0].estimate.assumptions == ()
    assert given.claimable[0].estimate.amount.low == Decimal("150000.00")  # 100万 × 100% × 15%


def test_a_section_sets_a_parameter_as_set_does(rules: RuleSet) -> None:
    result = run(
        rules,
        kind="enterprise",
        facts={"techloan_principal": "300万"},
        benefits={"techloan": {"set": {"subsidy_rate": "2%"}}},
    )
    est = result.claimable[0].estimate
    assert est.amount.high == Decimal("60000.00")
    assert [o.param for o in est.overrides] == ["subsidy_rate"]


def test_the_as_of_date_given_wins_over_the_profiles(rules: RuleSet) -> None:
    profile = {"kind": "enterprise", "as_of": DAY, "facts": {"techloan_principal": "300万"}}
    assert match(rules, profile).as_of.isoformat() == DAY
    assert match(rules, profile, "2024-09-01").as_of.isoformat() == "2024-09-01"


# --- the total: a range, periods labelled, alternatives counted once ---------------------------


def test_periods_are_added_apart_and_then_together_as_labelled(rules: RuleSet) -> None:
    result = run(
        rules,
        kind="enterprise",
        facts={"patent_intensive_products": 1, "union_fees_paid": 3000, "key_patents": 1},
    )
    total = result.total
    by_period = {p.period: (p.low, p.high, p.benefits) for p in total.periods}
    assert by_period == {
        "one_off": (Decimal("20000.00"), Decimal("520000.00"), ("key-patent", "patent-product")),
        "yearly": (Decimal("3000.00"), Decimal("3000.00"), ("union-fee",)),
    }
    assert (total.low, total.high) == (Decimal("23000.00"), Decimal("523000.00"))


def test_unstated_and_other_units_are_listed_not_added(rules: RuleSet) -> None:
    facts = {"orchard_area_mu": 600, "offshore_pv_mw": 100, "offshore_pv_grid_date": "2026-03-01"}
    result = run(rules, kind="enterprise", facts=facts)
    assert keys(result.claimable) == ["orchard", "pv-storage"]
    assert result.total.unstated == ("orchard",)
    assert result.total.not_money == ("pv-storage",)
    assert result.total.periods == ()
    assert result.total.low == result.total.high == 0


def test_variants_of_one_benefit_are_not_added(rules: RuleSet) -> None:
    """Measure 52: 长时储能项目容量补偿不与独立储能示范项目等政策同时享受."""
    assert rules.benefits["storage-compensation"].not_combinable_with == ("storage-compensation",)
    result = run(
        rules,
        kind="enterprise",
        facts={"storage_project_type": ["demo", "long-duration"], "storage_available_mw": 100},
        benefits={"storage-compensation": {"standard": 1000, "months": 12}},
    )
    assert keys(result.claimable) == [
        "storage-compensation [storage_project_type=demo]",
        "storage-compensation [storage_project_type=long-duration]",
    ]
    [group] = result.total.groups
    assert group.members == tuple(keys(result.claimable))
    assert group.counted == "storage-compensation [storage_project_type=demo]"
    assert [r.render() for r in group.reasons] == [
        "measure 52 says they may not be combined (不同时享受)"
    ]
    each = Decimal("2400000.00")  # 1,000 × 2 × 100 MW × 12 months
    assert [e.estimate.amount.low for e in result.claimable] == [each, each]
    assert (result.total.low, result.total.high) == (each, each)  # once, not twice
    assert {e.group for e in result.claimable} == {"A"}


def test_variants_of_a_choice_are_alternatives(rules: RuleSet) -> None:
    result = run(rules, kind="enterprise", facts={"logistics_grade": ["3A", "5A"]})
    assert keys(result.claimable) == [
        "logistics [logistics_grade=5A]",
        "logistics [logistics_grade=3A]",
    ]
    [group] = result.total.groups
    assert [r.render() for r in group.reasons] == [
        "one benefit, claimed once: its variants are alternatives"
    ]
    assert (result.total.low, result.total.high) == (Decimal("500000.00"), Decimal("500000.00"))


def test_benefits_marked_not_combinable_are_counted_once(tmp_path: Path) -> None:
    """A rule overlay marks two benefits 不同时享受: the larger counts, with the larger low."""
    text = (RULES_DIR / "m47-patents.yaml").read_text(encoding="utf-8")
    marked = text.replace(
        "  - id: key-patent\n", "  - id: key-patent\n    not_combinable_with: [patent-product]\n"
    )
    assert marked != text
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "m47-patents.yaml").write_text(marked, encoding="utf-8")
    rules = load_rules(folder, use_cache=False)
    result = run(
        rules,
        kind="enterprise",
        facts={"patent_intensive_products": 3, "key_patents": 1, "union_fees_paid": 100},
    )
    [group] = result.total.groups
    assert group.members == ("key-patent", "patent-product")
    assert group.counted == "key-patent"
    assert (group.low, group.high) == (Decimal("60000.00"), Decimal("500000.00"))
    [one_off, _] = result.total.periods
    assert (one_off.low, one_off.high, one_off.benefits) == (
        Decimal("60000.00"),
        Decimal("500000.00"),
        ("key-patent",),
    )


# --- the vocabulary ---------------------------------------------------------------------------


def test_vocabulary_for_a_kind(rules: RuleSet) -> None:
    facts, local = vocabulary_for(rules, "district")
    assert [f.id for f in facts] == ["rural_zones", "district_rank"]
    assert local == {}
    person, _ = vocabulary_for(rules, "person")
    assert "children_in_care_second" in {f.id for f in person}  # paid to the institution
    assert "rd" not in {f.id for f in person}
    everything, local = vocabulary_for(rules)
    assert len(everything) == len(rules.vocabulary().facts)
    assert local["techreno"] == ("years", "tiers", "lpr")
    with pytest.raises(UsageError, match="--kind: 'firm' is not one of enterprise"):
        vocabulary_for(rules, "firm")


def test_a_benefit_named_in_the_profile_is_listed_first_when_it_needs_more(
    rules: RuleSet,
) -> None:
    result = run(rules, kind="enterprise", benefits={"voucher": {"category": "elite"}})
    first = result.needs[0]
    assert (first.benefit, first.missing, first.given, first.started) == (
        "voucher",
        ("innovation_services_cost",),
        (),
        True,
    )
