"""Invariants of the chapter 5 benefits that the shared property tests cannot state.

* home-swap-refund: the refund never exceeds the income tax paid on the sale, whatever the
  prices and dates, and with every condition confirmed;
* mortgage: the interest saved is zero when the two rates are equal, and grows with the rate
  cut (a lower new rate, or a higher current one, never saves less), for both repayment methods;
* nev-parking: the saving grows with the hours parked, within the 24 hours of one day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yantai_subsidy.engine import estimate
from yantai_subsidy.loader import load_rules
from yantai_subsidy.result import Estimate

RULES = load_rules()
AS_OF = "2024-06-01"
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

money = st.decimals(
    min_value=Decimal("0.01"),
    max_value=Decimal("1e9"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
tax = st.decimals(
    min_value=0, max_value=Decimal("1e8"), places=2, allow_nan=False, allow_infinity=False
)
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))
#: Annual rates in hundredths of a per cent, 0% to 20%.
basis_points = st.integers(min_value=0, max_value=2000)
methods = st.sampled_from(["annuity", "linear"])


def pct(points: int) -> str:
    return f"{Decimal(points) / 100}%"


def mortgage(balance: Decimal, months: int, current: int, new: int, method: str) -> Estimate:
    return estimate(
        RULES,
        "mortgage",
        {
            "balance": str(balance),
            "months": str(months),
            "current_rate": pct(current),
            "new_rate": pct(new),
            "method": method,
        },
        AS_OF,
    )


@SETTINGS
@given(sale=money, purchase=money, paid=tax, sold_on=days, bought_on=days)
def test_refund_never_exceeds_the_tax_paid(
    sale: Decimal, purchase: Decimal, paid: Decimal, sold_on: date, bought_on: date
) -> None:
    paid = min(paid, sale)  # more tax than the sale price is refused (tests/test_bad_input.py)
    result = estimate(
        RULES,
        "home-swap-refund",
        {
            "sale_price": str(sale),
            "purchase_price": str(purchase),
            "tax_paid": str(paid),
            "sale_date": sold_on.isoformat(),
            "purchase_date": bought_on.isoformat(),
        },
        AS_OF,
        confirm=["all"],
    )
    assert result.amount.high is not None
    assert Decimal(0) <= result.amount.low <= result.amount.high <= paid


@SETTINGS
@given(
    balance=money,
    months=st.integers(min_value=1, max_value=360),
    rate=basis_points,
    method=methods,
)
def test_mortgage_saves_nothing_when_the_rates_are_equal(
    balance: Decimal, months: int, rate: int, method: str
) -> None:
    result = mortgage(balance, months, rate, rate, method)
    assert result.amount.low == result.amount.high == 0


@SETTINGS
@given(
    balance=money,
    months=st.integers(min_value=1, max_value=360),
    rates=st.lists(basis_points, min_size=3, max_size=3, unique=True).map(sorted),
    method=methods,
)
def test_mortgage_saving_grows_with_the_rate_cut(
    balance: Decimal, months: int, rates: list[int], method: str
) -> None:
    low, middle, high = rates
    small_cut = mortgage(balance, months, high, middle, method).amount.low
    big_cut = mortgage(balance, months, high, low, method).amount.low
    from_lower_rate = mortgage(balance, months, middle, low, method).amount.low
    assert 0 <= small_cut <= big_cut
    assert 0 <= from_lower_rate <= big_cut
    if balance >= 10_000:
        # a cut of 0.01 point on 1万 for one month is 1万 × 0.01% ÷ 12 ≈ 0.08 yuan at least
        assert big_cut > 0


@SETTINGS
@given(
    hours=st.lists(
        st.decimals(min_value=0, max_value=24, places=2, allow_nan=False, allow_infinity=False),
        min_size=2,
        max_size=2,
    ).map(sorted),
    fee=st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
    days_parked=st.integers(min_value=1, max_value=366),
)
def test_parking_saving_grows_with_the_hours(
    hours: list[Decimal], fee: Decimal, days_parked: int
) -> None:
    shorter, longer = (
        estimate(
            RULES,
            "nev-parking",
            {"hours": str(h), "rate": str(fee), "days": str(days_parked)},
            AS_OF,
        ).amount.low
        for h in hours
    )
    assert 0 <= shorter <= longer
