"""``ytsub match`` read fact by fact: what a fact means is what the input it feeds means.

Each test states, from the clause, what a profile's fact stands for and what the benefit
reading it must then say; the expectations are worked out by hand from the document.
"""

from __future__ import annotations

from typing import Any

from yantai_subsidy.match import Entry, Match, match
from yantai_subsidy.ruleset import RuleSet

DAY = "2024-06-01"


def run(rules: RuleSet, **profile: Any) -> Match:
    return match(rules, {"as_of": DAY, **profile})


def entry(m: Match, key: str) -> Entry:
    found = [e for e in (*m.claimable, *m.ineligible, *m.others) if e.key == key]
    assert found, f"{key} not matched: {[e.key for e in m.claimable]}"
    return found[0]


# --- defaults the profile never gave ------------------------------------------------------------


def test_fdi_spending_left_out_is_said_to_be_the_paid_in_capital(rules: RuleSet) -> None:
    """Measure 26 pays on 到账外资实际支出金额 (the actual spending), not on what was paid in. A
    profile that gives only fdi_paid_in_usd gets the paid-in amount as its base, 6000万 USD ×
    7.1 × 3% = 12,780,000: that must be said, naming the fact that would correct it."""
    m = run(
        rules,
        kind="enterprise",
        facts={"fdi_project_type": "new", "fdi_paid_in_usd": "6000万"},
        benefits={"fdi": {"fx_rate": "7.1"}},
    )
    est = entry(m, "fdi").estimate
    assert est.amount.low == 12_780_000
    assert est.grounds == "assumption"
    said = [a.en for a in est.assumptions]
    assert any("facts.fdi_spent_usd not given" in a for a in said), said
    given = run(
        rules,
        kind="enterprise",
        facts={"fdi_project_type": "new", "fdi_paid_in_usd": "6000万", "fdi_spent_usd": "5000万"},
        benefits={"fdi": {"fx_rate": "7.1"}},
    )
    est = entry(given, "fdi").estimate
    # 5000万 × 7.1 = 355,000,000; × 3% = 10,650,000: the document's figures and the cap's reading
    assert est.amount.low == 10_650_000
    assert est.assumptions == ()
    assert est.grounds == "interpretation"
