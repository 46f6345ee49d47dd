"""Invariants of chapter 1 (calc/agriculture.py), for inputs hypothesis makes up.

* rural-invest is eligible exactly when the new investment reaches 1亿 (以上: 1亿 included), and then
  pays 1% of it, never more than the cap per project;
* rural-zone pays the standard per zone for at most the zones the city creates;
* orchard never states an amount: unpublished when the area qualifies, 0 when it does not.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy.engine import estimate
from yantai_subsidy.loader import load_rules
from yantai_subsidy.values import to_fen

RULES = load_rules()
AS_OF = "2024-06-01"
SETTINGS = settings(max_examples=80, deadline=None)

money = st.decimals(
    min_value=0, max_value=Decimal("1e10"), places=2, allow_nan=False, allow_infinity=False
)


@SETTINGS
@given(investment=money)
def test_rural_invest_is_one_share_under_the_cap(investment: Decimal) -> None:
    params = RULES.benefits["rural-invest"].params
    result = estimate(RULES, "rural-invest", {"investment": investment}, AS_OF, confirm=["all"])
    if investment >= params["min_investment"].value:
        expected = min(investment * params["subsidy_rate"].value, params["project_cap"].value)
        assert result.status == "eligible"
        assert result.amount.low == result.amount.high == to_fen(expected)
    else:
        assert result.status == "ineligible"
        assert result.amount.high == 0


@SETTINGS
@given(zones=st.integers(min_value=1, max_value=60))
def test_rural_zone_counts_at_most_the_citys_zones(zones: int) -> None:
    params = RULES.benefits["rural-zone"].params
    result = estimate(RULES, "rural-zone", {"zones": zones}, AS_OF)
    counted = min(zones, params["zones_planned"].value)
    assert result.amount.high == params["per_zone"].value * counted
    assert result.amount.high <= params["per_zone"].value * params["zones_planned"].value


@SETTINGS
@given(
    area=st.decimals(
        min_value=0, max_value=Decimal("1e5"), places=2, allow_nan=False, allow_infinity=False
    )
)
def test_orchard_never_states_an_amount(area: Decimal) -> None:
    minimum = RULES.benefits["orchard"].params["min_area"].value
    result = estimate(RULES, "orchard", {"area_mu": area}, AS_OF, confirm=["all"])
    if area >= minimum:
        assert (result.status, result.amount.basis, result.amount.high) == (
            "eligible",
            "unpublished",
            None,
        )
    else:
        assert (result.status, result.amount.high) == ("ineligible", 0)
