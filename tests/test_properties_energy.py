"""Invariants of the chapter 8 benefits (measures 49, 51, 52) beyond those of tests/test_properties.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yantai_subsidy.engine import estimate
from yantai_subsidy.ruleset import RuleSet

AS_OF = "2024-06-01"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
quantities = st.decimals(min_value=0, max_value=Decimal("1e7"), places=2)
money = st.decimals(min_value=0, max_value=Decimal("1e6"), places=2)


@SETTINGS
@given(capacity=quantities)
def test_coal_closure_pays_more_for_an_earlier_closure(rules: RuleSet, capacity: Decimal) -> None:
    first = rules.benefits["coal-closure"].params["first_year"].value
    last = rules.benefits["coal-closure"].params["last_year"].value
    amounts = [
        estimate(rules, "coal-closure", {"capacity_kw": capacity, "year": year}, AS_OF).amount.low
        for year in range(first, last + 1)
    ]
    assert amounts == sorted(amounts, reverse=True)
    outside = [
        estimate(rules, "coal-closure", {"capacity_kw": capacity, "year": year}, AS_OF)
        for year in (first - 1, last + 1)
    ]
    assert all(r.status == "ineligible" and r.amount.high == 0 for r in outside)


@SETTINGS
@given(capacity=quantities, year=st.integers(2023, 2025), unit=quantities)
def test_coal_closure_is_capacity_times_the_years_rate(
    rules: RuleSet, capacity: Decimal, year: int, unit: Decimal
) -> None:
    inputs: dict[str, object] = {"capacity_kw": capacity, "year": year}
    if 0 < unit <= capacity:  # a largest unit of 0 kW is refused
        inputs["unit_kw"] = unit
    result = estimate(rules, "coal-closure", inputs, AS_OF)
    per_kw: Decimal = rules.benefits["coal-closure"].params[f"award_{year}"].value
    if result.status != "ineligible":
        assert (
            result.amount.low == result.amount.high == (capacity * per_kw).quantize(Decimal("0.01"))
        )
    else:
        assert unit > rules.benefits["coal-closure"].params["max_unit"].value


@SETTINGS
@given(capacity=quantities, day=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_pv_storage_is_exempt_until_the_end_of_2025(
    rules: RuleSet, capacity: Decimal, day: date
) -> None:
    params = rules.benefits["pv-storage"].params
    result = estimate(rules, "pv-storage", {"capacity_mw": capacity, "grid_date": day}, AS_OF)
    assert result.amount.unit == "MWh"
    if day <= params["exempt_until"].value:
        assert result.amount.basis == "exact"
        assert result.amount.low == result.amount.high == 0
    else:
        power, energy = (i for i in result.items if i.unit in ("MW", "MWh"))
        assert power.unit == "MW"
        assert energy.unit == "MWh"
        assert power.value == capacity * params["min_power_ratio"].value
        assert energy.value == power.value * params["duration"].value
        assert result.amount.basis == "at_least"
        assert result.amount.low == energy.value
        assert result.amount.high is None


@SETTINGS
@given(standard=money, capacity=quantities, months=st.integers(1, 120))
def test_storage_compensation_is_twice_the_standard_for_either_type(
    rules: RuleSet, standard: Decimal, capacity: Decimal, months: int
) -> None:
    inputs = {"standard": standard, "capacity_mw": capacity, "months": months}
    demo = estimate(rules, "storage-compensation", {**inputs, "type": "demo"}, AS_OF)
    long = estimate(rules, "storage-compensation", {**inputs, "type": "long-duration"}, AS_OF)
    multiple = rules.benefits["storage-compensation"].params["multiple"].value
    fen = Decimal("0.01")
    base = demo.items[0].value
    assert base == (standard * capacity * months).quantize(fen, rounding="ROUND_HALF_UP")
    exact = standard * multiple * capacity * months  # the amount from the standard, rounded once
    assert demo.amount.low == exact.quantize(fen, rounding="ROUND_HALF_UP")
    assert demo.amount == long.amount
    assert len(long.warnings) == len(demo.warnings) + 1
