"""The rule set as a whole: every measure and benefit the catalogue names, and nothing else."""

from __future__ import annotations

import subprocess
import sys

from yantai_subsidy.calc import CALCULATOR_MODULES, calculator_named, registry
from yantai_subsidy.engine import missing_calculators
from yantai_subsidy.ruleset import RuleSet

#: The benefits of ../shared/policy/MEASURES.md by measure: a contract (scripts use these names).
CATALOGUE = {
    4: ["orchard"],
    5: ["rural-invest", "rural-zone"],
    6: ["doubling"],
    8: ["techreno"],
    9: ["voucher"],
    12: ["small-taxes", "green-cit", "union-fee"],
    13: ["ic-sales", "ic-rd"],
    17: ["logistics"],
    18: ["express-park", "express-township"],
    21: ["district-rank"],
    26: ["fdi"],
    29: ["nev-parking"],
    32: ["mortgage"],
    33: ["first-home"],
    34: ["home-swap-refund"],
    35: ["hpf-rent"],
    36: ["tour-guide"],
    37: ["travel-deposit"],
    42: ["flight-intl", "flight-domestic", "overnight-aircraft"],
    45: ["sci-project"],
    46: ["rd-growth", "rd-deduction"],
    47: ["patent-product", "key-patent"],
    48: ["techloan", "techloan-loss", "resultloan-loss"],
    49: ["coal-closure"],
    51: ["pv-storage"],
    52: ["storage-compensation"],
    60: ["outpatient"],
    61: ["childcare", "childcare-demo"],
}
INFORMATIONAL = [3, 7, 10, 11, 14, 23, 27, 28, 30, 39, 40, 41, 43, 44, 50, 53, 55, 56, 57]
TARGET = [1, 2, 15, 16, 19, 20, 22, 24, 25, 31, 38, 54, 58, 59, 62]


def test_every_benefit_of_the_catalogue_and_no_other(rules: RuleSet) -> None:
    assert sum(len(ids) for ids in CATALOGUE.values()) == 40
    for number, ids in CATALOGUE.items():
        assert sorted(rules.measures[number].benefits) == sorted(ids), number
    assert sorted(rules.benefits) == sorted(b for ids in CATALOGUE.values() for b in ids)


def test_kinds_as_the_catalogue_classifies_them(rules: RuleSet) -> None:
    kinds = {n: m.kind for n, m in rules.measures.items()}
    assert sorted(n for n, k in kinds.items() if k == "informational") == INFORMATIONAL
    assert sorted(n for n, k in kinds.items() if k == "target") == TARGET
    assert sorted(n for n, k in kinds.items() if k == "benefit") == sorted(CATALOGUE)


def test_every_benefit_has_its_calculator(rules: RuleSet) -> None:
    assert missing_calculators(rules) == []
    used = {b.calculator for b in rules.benefits.values()}
    assert set(registry()) == used, "a calculator no rule uses is dead code"


def test_the_calculator_index_names_the_module_that_registers_each() -> None:
    """An estimate imports only the module the index names: it must be the one that registers
    the calculator, for every calculator there is, and name no other."""
    found = {name: func.__module__.rpartition(".")[2] for name, func in registry().items()}
    assert found == CALCULATOR_MODULES
    assert all(calculator_named(name) is registry()[name] for name in CALCULATOR_MODULES)
    assert calculator_named("no-such-calculator") is None


def test_an_estimate_imports_only_its_calculators_module() -> None:
    code = (
        "import sys; from yantai_subsidy import estimate, load_rules; "
        "estimate(load_rules(), 'techloan', {'amount': '300万'}); "
        "print(sorted(m for m in sys.modules if m.startswith('yantai_subsidy.calc.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [
        "['yantai_subsidy.calc.innovation',",
        "'yantai_subsidy.calc.primitives',",
        "'yantai_subsidy.calc.sheet']",
    ]


def test_every_measure_with_a_single_benefit_resolves_by_number(rules: RuleSet) -> None:
    for number, ids in CATALOGUE.items():
        if len(ids) == 1:
            assert rules.benefit(str(number)).id == ids[0]
