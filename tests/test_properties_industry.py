"""Invariants of chapter 2 (calc/industry.py), for inputs hypothesis makes up.

* union-fee: the refund never exceeds the fees paid, and is paid only below 1万 (低于: 1万 excluded);
* small-taxes: the relief is half of the taxes due, never more than they are;
* green-cit: the saving is the income times the difference of the two rates, never more than the tax;
* voucher: never more than the share of the purchase, nor the category's cap, nor the purchase;
* ic-sales and ic-rd: never more than 10% of the base; ic-sales never above its cap;
* doubling: a leading enterprise's maximum is never below a fast-growing one's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy.calc.industry import SMALL_TAXES
from yantai_subsidy.engine import estimate
from yantai_subsidy.loader import load_rules
from yantai_subsidy.values import to_fen

RULES = load_rules()
AS_OF = "2024-06-01"
SETTINGS = settings(max_examples=80, deadline=None)

money = st.decimals(
    min_value=0, max_value=Decimal("1e10"), places=2, allow_nan=False, allow_infinity=False
)
small_money = st.decimals(
    min_value=0, max_value=Decimal("20000"), places=2, allow_nan=False, allow_infinity=False
)


def param(benefit: str, name: str) -> Any:
    return RULES.benefits[benefit].params[name].value


@SETTINGS
@given(paid=small_money | money)
def test_union_fee_refund_never_exceeds_the_fees_paid(paid: Decimal) -> None:
    result = estimate(RULES, "union-fee", {"paid": paid}, AS_OF, confirm=["paid_in_full"])
    assert result.amount.high is not None
    assert result.amount.high <= paid
    if paid < param("union-fee", "small_fee_limit"):
        assert result.status == "eligible"
        assert result.amount.high == paid
    else:
        assert result.status == "ineligible"
        assert result.amount.high == 0


@SETTINGS
@given(
    taxpayer=st.sampled_from(["small-scale", "small-low-profit", "individual"]),
    taxes=st.dictionaries(st.sampled_from(SMALL_TAXES), money, min_size=1),
)
def test_small_taxes_relief_is_half_of_the_taxes_due(
    taxpayer: str, taxes: dict[str, Decimal]
) -> None:
    result = estimate(RULES, "small-taxes", {"taxpayer": taxpayer, **taxes}, AS_OF)
    due = sum(taxes.values(), Decimal(0))
    rate = param("small-taxes", "relief_rate")
    # each tax's relief is shown to the fen, and the total is their sum as shown (issue 12)
    assert result.amount.high == sum((to_fen(tax * rate) for tax in taxes.values()), Decimal(0))
    assert result.amount.high is not None
    assert result.amount.high <= due


@SETTINGS
@given(income=money)
def test_green_cit_saving_is_the_rate_difference(income: Decimal) -> None:
    result = estimate(RULES, "green-cit", {"taxable_income": income}, AS_OF)
    standard, reduced = param("green-cit", "standard_rate"), param("green-cit", "reduced_rate")
    assert result.amount.high == to_fen(income * (standard - reduced))
    assert result.amount.high is not None
    assert result.amount.high <= to_fen(income * standard)


CATEGORY_LIMITS = {
    "standard": ("voucher_rate", "voucher_cap"),
    "elite": ("voucher_rate", "upgraded_cap"),
    "dcmm": ("voucher_rate", "upgraded_cap"),
    "diagnosis": ("diagnosis_rate", "diagnosis_cap"),
}


@SETTINGS
@given(cost=money, category=st.sampled_from(sorted(CATEGORY_LIMITS)))
def test_voucher_within_share_cap_and_purchase(cost: Decimal, category: str) -> None:
    result = estimate(RULES, "voucher", {"cost": cost, "category": category}, AS_OF)
    rate, cap = (param("voucher", name) for name in CATEGORY_LIMITS[category])
    high = result.amount.high
    assert high is not None
    assert result.amount.basis == "up_to"
    assert high <= to_fen(cost * rate)
    assert high <= cap
    assert high <= cost
    assert high == to_fen(min(cost * rate, cap))


@SETTINGS
@given(sales=money)
def test_ic_sales_within_share_and_cap(sales: Decimal) -> None:
    result = estimate(RULES, "ic-sales", {"sales": sales}, AS_OF)
    high = result.amount.high
    assert high is not None
    assert high <= to_fen(sales * param("ic-sales", "award_rate"))
    assert high <= param("ic-sales", "enterprise_cap")


@SETTINGS
@given(rd=money)
def test_ic_rd_is_its_share(rd: Decimal) -> None:
    result = estimate(RULES, "ic-rd", {"rd": rd}, AS_OF)
    assert result.amount.high == to_fen(rd * param("ic-rd", "rd_rate"))


def test_doubling_leading_is_not_below_growth() -> None:
    leading = estimate(RULES, "doubling", {"type": "leading"}, AS_OF).amount.high
    growth = estimate(RULES, "doubling", {"type": "growth"}, AS_OF).amount.high
    assert leading is not None
    assert growth is not None
    assert leading >= growth > 0
