"""Invariants of chapter 3 (calc/services.py), for inputs hypothesis makes up.

* express-park and express-township: up to the smaller of 30% of the investment and the cap, never
  more than the investment; ineligible as soon as an input-decided threshold is missed;
* logistics: a higher grade never earns less.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy.engine import estimate
from yantai_subsidy.loader import load_rules
from yantai_subsidy.values import to_fen

RULES = load_rules()
AS_OF = "2024-06-01"
SETTINGS = settings(max_examples=80, deadline=None)

money = st.decimals(
    min_value=0, max_value=Decimal("1e9"), places=2, allow_nan=False, allow_infinity=False
)
CAPS = {"express-park": "park_cap", "express-township": "center_cap"}


@pytest.mark.parametrize("benefit", sorted(CAPS))
def test_express_up_to_share_and_cap(benefit: str) -> None:
    params = RULES.benefits[benefit].params

    @SETTINGS
    @given(investment=money, networks=st.integers(min_value=0, max_value=12))
    def check(investment: Decimal, networks: int) -> None:
        result = estimate(RULES, benefit, {"investment": investment, "networks": networks}, AS_OF)
        if networks < params["min_networks"].value:
            assert result.status == "ineligible"
            assert result.amount.high == 0
            return
        high = result.amount.high
        assert high is not None
        assert result.amount.basis == "up_to"
        assert high == to_fen(
            min(investment * params["subsidy_rate"].value, params[CAPS[benefit]].value)
        )
        assert high <= investment

    check()


def test_logistics_higher_grades_earn_more() -> None:
    awards = [
        estimate(RULES, "logistics", {"grade": g}, AS_OF).amount.high for g in ("3A", "4A", "5A")
    ]
    assert awards == sorted(awards)
    assert len(set(awards)) == 3
