"""The profile vocabulary, rules/facts.yaml: every input a fact's or local, one meaning per fact."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RULES_DIR
from yantai_subsidy.engine import estimate
from yantai_subsidy.errors import RuleFileError, UsageError
from yantai_subsidy.loader import check_rules, load_rules
from yantai_subsidy.ruleset import RuleSet

FACTS = (RULES_DIR / "facts.yaml").read_text(encoding="utf-8")


def test_every_input_is_a_fact_or_local_and_only_one(rules: RuleSet) -> None:
    vocabulary = rules.vocabulary()
    local = {(b, name) for b, names in vocabulary.local.items() for name in names}
    for benefit in rules.benefits.values():
        for spec in benefit.inputs:
            key = (benefit.id, spec.name)
            fact = vocabulary.fact_of(*key)
            assert (fact is None) != (key not in local), (
                f"{benefit.id}.{spec.name}: map it to a fact or declare it local in rules/facts.yaml"
            )


def test_every_fact_is_read_by_an_input_of_its_type(rules: RuleSet) -> None:
    assert rules.vocabulary().facts
    for fact in rules.vocabulary().facts.values():
        assert fact.inputs, fact.id
        for benefit, name in fact.inputs:
            spec = rules.benefits[benefit].input(name)
            assert spec is not None, f"{fact.id}: {benefit}.{name}"
            assert spec.type == fact.type, fact.id


def test_one_word_with_several_meanings_is_several_facts(rules: RuleSet) -> None:
    """--investment of measures 5, 8 and 18 (two benefits) are four different things."""
    fact_of = rules.vocabulary().fact_of
    investments = {
        fact_of(b, "investment")
        for b in ("rural-invest", "techreno", "express-park", "express-township")
    }
    assert investments == {
        "rural_investment",
        "techreno_investment",
        "express_park_investment",
        "express_township_investment",
    }
    assert fact_of("flight-intl", "round_trips") != fact_of("flight-domestic", "round_trips")
    assert fact_of("pv-storage", "capacity_mw") != fact_of("storage-compensation", "capacity_mw")
    assert fact_of("techloan-loss", "loss") != fact_of("resultloan-loss", "loss")
    assert fact_of("express-park", "networks") != fact_of("express-township", "networks")


def test_one_meaning_read_by_two_benefits_is_one_fact(rules: RuleSet) -> None:
    """Measure 46 measures its R&D-investment reward by the year's R&D expenses: one figure."""
    assert rules.vocabulary().fact_of("rd-growth", "rd") == "rd"
    assert rules.vocabulary().fact_of("ic-rd", "rd") == "rd"


def test_every_beneficiary_belongs_to_a_kind(rules: RuleSet) -> None:
    kinds = rules.vocabulary().kinds
    assert set(kinds) == {"enterprise", "person", "district"}
    covered = {b for k in kinds.values() for b in (*k.receives, *k.on_behalf)}
    assert {b.beneficiary for b in rules.benefits.values()} <= covered


def test_choice_facts_take_the_choices_of_their_input(rules: RuleSet) -> None:
    grade = rules.vocabulary().facts["logistics_grade"]
    assert grade.choices is not None
    assert [c.value for c in grade.choices] == ["3A", "4A", "5A"]


def overlay_facts(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "facts.yaml").write_text(text, encoding="utf-8")
    return folder


def refused_with(tmp_path: Path, old: str, new: str) -> RuleFileError:
    """The error of facts.yaml with ``old`` written ``new`` (``old`` must be there)."""
    assert old in FACTS
    folder = overlay_facts(tmp_path, FACTS.replace(old, new, 1))
    with pytest.raises(RuleFileError) as raised:
        load_rules(folder, use_cache=False)
    return raised.value


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "inputs: [rd-growth.rd_last_year]",
            "inputs: [rd-growth.rd_lastyear]",
            "facts.rd_last_year.inputs.0",
            "rd-growth has no input 'rd_lastyear' (its inputs: rd, rd_last_year, growth_threshold)",
        ),
        (
            "inputs: [union-fee.paid]",
            "inputs: [union-fees.paid]",
            "facts.union_fees_paid.inputs.0",
            "no benefit 'union-fees'",
        ),
        (
            "inputs: [techloan.received]",
            "inputs: [techloan.received, techloan-loss.loss]",
            "facts.techloan_received.inputs.1",
            "",
        ),
        (
            "    type: rate\n    label: {zh: 技改贷款的担保费率（年）",
            "    type: money\n    unit: CNY\n    label: {zh: 技改贷款的担保费率（年）",
            "facts.techreno_guarantee_fee_rate.inputs.0",
            "techreno.guarantee_fee_rate is a rate, the fact a money",
        ),
        (
            "  techreno: [years, tiers, lpr]",
            "  techreno: [years, tiers, lpr, rates]",
            "local.techreno.3",
            "techreno has no input 'rates' (its inputs: loan, investment, years,"
            " guarantee_fee_rate, tiers, lpr)",
        ),
    ],
)
def test_references_are_checked(
    tmp_path: Path, old: str, new: str, path: str, message: str
) -> None:
    error = refused_with(tmp_path, old, new)
    if message:
        assert error.path == path
        assert error.detail == message
    assert error.file.endswith("facts.yaml")


def test_a_choice_fact_has_one_set_of_choices(tmp_path: Path) -> None:
    text = FACTS.replace("inputs: [logistics.grade]", "inputs: [logistics.grade, voucher.category]")
    folder = overlay_facts(tmp_path, text.replace("  voucher: [category]", ""))
    with pytest.raises(RuleFileError) as raised:
        load_rules(folder, use_cache=False)
    assert raised.value.path == "facts.logistics_grade.inputs.1"
    assert raised.value.detail == "voucher.category has other choices than logistics.grade"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "inputs: [union-fee.paid]",
            "inputs: [union-fee.paid, rd-growth.rd]",
            "rd-growth.rd is read as two facts: rd and union_fees_paid",
        ),
        (
            "  voucher: [category]",
            "  voucher: [category, cost]",
            "voucher.cost is both local and the fact innovation_services_cost",
        ),
        ("    unit: years\n", "", "a count fact needs its unit"),
        (
            "inputs: [techloan.received]",
            "inputs: [techloan.received, techloan.amount]",
            "a fact feeds one input of a benefit, not two",
        ),
    ],
)
def test_one_meaning_per_input_is_checked(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in FACTS
    count, errors = check_rules(overlay_facts(tmp_path, FACTS.replace(old, new, 1)))
    assert count == 65
    assert len(errors) == 1
    assert message in str(errors[0])


def test_the_vocabulary_is_required(tmp_path: Path) -> None:
    folder = overlay_facts(tmp_path, "schema: 1\nkinds: {}\nfacts: {}\n")
    with pytest.raises(RuleFileError, match="kinds"):
        load_rules(folder, use_cache=False)


#: Inputs that satisfy each benefit's required options, to test its requires_one_of group.
REQUIRED = {"small-taxes": {"taxpayer": "small-scale"}, "outpatient": {}, "childcare": {}}


def test_requires_one_of_is_what_the_calculator_enforces(rules: RuleSet) -> None:
    grouped = {b.id: b.requires_one_of for b in rules.benefits.values() if b.requires_one_of}
    assert set(grouped) == set(REQUIRED)
    for benefit, group in grouped.items():
        with pytest.raises(UsageError):
            estimate(rules, benefit, REQUIRED[benefit], "2024-06-01")
        for name in group:
            done = estimate(rules, benefit, {**REQUIRED[benefit], name: "1000"}, "2024-06-01")
            assert done.benefit == benefit


def test_requires_one_of_names_optional_inputs(tmp_path: Path) -> None:
    text = (RULES_DIR / "m61-childcare.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "m61-childcare.yaml").write_text(
        text.replace("requires_one_of: [second, third]", "requires_one_of: [second, fourth]"),
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match="requires_one_of: 'fourth' is not an input"):
        load_rules(folder, use_cache=False)


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        (
            "    condition: hpf-rent.no_home\n",
            "    condition: hpf-rent.no_house\n",
            "settles.0.condition",
            "no condition hpf-rent.no_house",
        ),
        (
            "  - fact: local_homes\n",
            "  - fact: retired\n",
            "settles.0.fact",
            "no fact 'retired' (of type count)",
        ),
        (
            "  - fact: local_homes\n    condition: hpf-rent.no_home\n",
            "  - fact: hpf_months_deposited\n    condition: hpf-rent.no_home\n",
            "settles.0",
            "the benefit reads hpf_months_deposited as an input",
        ),
        (
            "    param: reduced_rate\n",
            "    param: reduce_rate\n",
            "implies.0.param",
            "green-cit has no parameter 'reduce_rate'",
        ),
        (
            "    fact: cit_rate\n",
            "    fact: cit\n",
            "implies.0.fact",
            "no fact 'cit' (of type any)",
        ),
        (
            "    values: [small-low-profit]\n    benefits: [rd-deduction]\n",
            "    values: [small-profit]\n    benefits: [rd-deduction]\n",
            "warns.0.values.0",
            "'small-profit' is not a choice of taxpayer",
        ),
        (
            "    benefits: [rd-deduction, green-cit]\n",
            "    benefits: [rd-deduction, green-tax]\n",
            "warns.2.benefits.1",
            "no benefit 'green-tax'",
        ),
        (
            "    unless: cit_rate\n",
            "    unless: cit\n",
            "warns.0.unless",
            "no fact 'cit'",
        ),
        (
            "  - condition: ic-rd.ic_tech_enterprise\n",
            "  - condition: ic-rd.ic_tech\n",
            "warns.3.condition",
            "no condition ic-rd.ic_tech",
        ),
        (
            "    unless_set: expensed_extra_rate\n",
            "    unless_set: extra_rate\n",
            "warns.3.unless_set",
            "rd-deduction has no parameter 'extra_rate'",
        ),
    ],
)
def test_settles_and_implies_are_checked(
    tmp_path: Path, old: str, new: str, path: str, message: str
) -> None:
    """A link of facts.yaml to a condition, fact or parameter that is not there is refused."""
    error = refused_with(tmp_path, old, new)
    assert error.path == path
    assert message in str(error)


def test_a_fact_that_settles_or_is_implied_says_so_in_its_help(rules: RuleSet) -> None:
    """`ytsub facts` lists the inputs a fact feeds; a condition it settles (local_homes →
    hpf-rent.no_home) or a confirmation that states it (green-cit → cit_rate) is said in its
    help, so that the vocabulary does not hide what the fact decides."""
    vocabulary = rules.vocabulary()
    links = [
        (s.fact, s.benefit, s.condition) for found in vocabulary.settles.values() for s in found
    ]
    links += [
        (i.fact, i.benefit, i.condition) for found in vocabulary.implied.values() for i in found
    ]
    assert links
    for fact, benefit, condition in links:
        text = vocabulary.facts[fact].help
        assert text is not None, fact
        assert benefit in text.en, (fact, text.en)
        assert condition in text.en, (fact, text.en)
        assert benefit in text.zh, (fact, text.zh)


@pytest.mark.parametrize(
    ("name", "old", "new", "says"),
    [
        ("m35-provident-fund.yaml", "      - id: no_home\n", "      - id: no_house\n", "no_home"),
        (
            "m12-business-costs.yaml",
            "          - value: small-low-profit\n",
            "          - value: small-profit\n",
            "'small-low-profit' is not a choice of taxpayer",
        ),
    ],
)
def test_an_overlay_that_drops_what_a_link_names_is_blamed(
    tmp_path: Path, name: str, old: str, new: str, says: str
) -> None:
    """A measure file of --rules that drops a condition or choice facts.yaml links to is the
    file the user changed: the error names it, not the bundled facts.yaml."""
    from tests.conftest import RULES_DIR

    text = (RULES_DIR / name).read_text(encoding="utf-8")
    assert old in text
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rules(folder, use_cache=False)
    assert str(folder / name) in str(raised.value), str(raised.value)
    assert says in str(raised.value)


def test_a_warning_has_one_cause() -> None:
    from yantai_subsidy.schema import Warns

    note = {"zh": "x", "en": "x"}
    Warns.model_validate({"condition": "ic-rd.x", "benefits": ["rd-deduction"], "note": note})
    Warns.model_validate(
        {"fact": "taxpayer", "values": ["x"], "benefits": ["rd-deduction"], "note": note}
    )
    for bad in (
        {"benefits": ["rd-deduction"], "note": note},
        {"fact": "taxpayer", "benefits": ["rd-deduction"], "note": note},
        {"fact": "t", "values": ["x"], "condition": "a.b", "benefits": ["c"], "note": note},
    ):
        with pytest.raises(Exception, match="give either fact and values, or condition"):
            Warns.model_validate(bad)
