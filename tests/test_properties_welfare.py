"""Invariants of the chapter 10 benefits (measures 60, 61) beyond those of tests/test_properties.py."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yantai_subsidy.engine import estimate
from yantai_subsidy.result import Estimate
from yantai_subsidy.ruleset import RuleSet

AS_OF = "2024-06-01"
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
expense = st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("1e5"), places=2))
LEVELS = ("level1", "level2", "level3")


def old_and_new(result: Estimate) -> tuple[Decimal, Decimal]:
    """The two reimbursement lines (old, new), as the calculator writes them."""
    paid = [i.value for i in result.items if i.label.en.endswith(": reimbursement")]
    assert len(paid) == 2
    old, new = paid
    assert old is not None
    assert new is not None
    return old, new


@SETTINGS
@given(levels=st.tuples(expense, expense, expense), retired=st.booleans())
def test_outpatient_new_scheme_never_pays_less(
    rules: RuleSet, levels: tuple[Decimal | None, ...], retired: bool
) -> None:
    inputs: dict[str, object] = dict(zip(LEVELS, levels, strict=True))
    if all(v is None for v in levels):
        return
    result = estimate(rules, "outpatient", {**inputs, "retired": retired}, AS_OF)
    old, new = old_and_new(result)
    assert 0 <= old <= new
    params = rules.benefits["outpatient"].params
    assert old <= params["old_cap"].value
    assert new <= params["new_cap_retired" if retired else "new_cap_in_service"].value
    assert result.amount.low == new.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


@SETTINGS
@given(levels=st.tuples(expense, expense, expense))
def test_outpatient_retirees_never_get_less(
    rules: RuleSet, levels: tuple[Decimal | None, ...]
) -> None:
    inputs: dict[str, object] = dict(zip(LEVELS, levels, strict=True))
    if all(v is None for v in levels):
        return
    active = estimate(rules, "outpatient", inputs, AS_OF).amount.low
    retired = estimate(rules, "outpatient", {**inputs, "retired": True}, AS_OF).amount.low
    assert active <= retired


@SETTINGS
@given(second=st.integers(0, 500), third=st.integers(0, 500), months=st.integers(1, 36))
def test_childcare_is_linear_in_children_and_months(
    rules: RuleSet, second: int, third: int, months: int
) -> None:
    params = rules.benefits["childcare"].params
    result = estimate(
        rules, "childcare", {"second": second, "third": third, "months": months}, AS_OF
    )
    expected = (
        second * params["second_monthly"].value + third * params["third_monthly"].value
    ) * months
    assert result.amount.low == result.amount.high == expected
