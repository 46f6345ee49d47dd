"""Invariants of the chapter 7 benefits (measures 45–48) beyond those of tests/test_properties.py."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yantai_subsidy.engine import estimate
from yantai_subsidy.ruleset import RuleSet

AS_OF = "2024-06-01"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
money = st.decimals(min_value=0, max_value=Decimal("1e10"), places=2)
rates = st.decimals(min_value=0, max_value=1, places=4)


def param(rules: RuleSet, benefit: str, name: str) -> Decimal:
    value: Decimal = rules.benefits[benefit].params[name].value
    return value


@SETTINGS
@given(loss=money)
def test_resultloan_shares_add_up_to_the_loss(rules: RuleSet, loss: Decimal) -> None:
    """Province, city and bank share the whole loss; the bank receives the two public shares."""
    result = estimate(rules, "resultloan-loss", {"loss": loss}, AS_OF)
    province, city, bank, total = (item.value for item in result.items)
    assert province is not None
    assert city is not None
    assert bank is not None
    # each share is shown to the fen (issue 12): together they are within a fen of the loss
    assert abs(province + city + bank - loss) <= Decimal("0.015")
    assert total == province + city
    assert result.amount.high is not None
    assert result.amount.high <= loss


@SETTINGS
@given(loss=money)
def test_resultloan_early_stage_ceiling_is_above_the_ordinary_split(
    rules: RuleSet, loss: Decimal
) -> None:
    ordinary = estimate(rules, "resultloan-loss", {"loss": loss}, AS_OF).amount
    early = estimate(rules, "resultloan-loss", {"loss": loss, "early_stage": True}, AS_OF).amount
    assert early.basis == "range"  # from the ordinary split up to the ceiling (issue 12)
    assert early.high is not None
    assert ordinary.high is not None
    assert early.low == ordinary.low
    assert ordinary.high <= early.high <= loss


@SETTINGS
@given(loss=money)
def test_techloan_loss_never_exceeds_its_share_of_the_loss(rules: RuleSet, loss: Decimal) -> None:
    amount = estimate(rules, "techloan-loss", {"loss": loss}, AS_OF).amount
    rate = param(rules, "techloan-loss", "compensation_rate")
    assert amount.low == 0
    assert amount.high is not None
    assert amount.high <= loss * rate + Decimal("0.005")


#: corporate income tax rates --cit-rate takes (at most 25%, the statutory rate: rules/m46-rd.yaml)
cit_rates = st.decimals(min_value=0, max_value=Decimal("0.25"), places=4)


@SETTINGS
@given(expensed=money, capitalized=money, a=cit_rates, b=cit_rates)
def test_rd_deduction_grows_with_the_tax_rate(
    rules: RuleSet, expensed: Decimal, capitalized: Decimal, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    inputs = {"expensed": expensed, "capitalized": capitalized}
    lower = estimate(rules, "rd-deduction", {**inputs, "cit_rate": f"{low * 100}%"}, AS_OF)
    higher = estimate(rules, "rd-deduction", {**inputs, "cit_rate": f"{high * 100}%"}, AS_OF)
    assert lower.amount.low <= higher.amount.low


@SETTINGS
@given(expensed=money, capitalized=money, years=st.integers(min_value=1, max_value=50))
def test_rd_deduction_is_the_extra_deduction_times_the_rate(
    rules: RuleSet, expensed: Decimal, capitalized: Decimal, years: int
) -> None:
    """Extra = expensed × 100% + capitalized × (200% − 100%) ÷ years; saving = extra × 25% (the defaults)."""
    inputs = {"expensed": expensed, "capitalized": capitalized, "amortization_years": years}
    result = estimate(rules, "rd-deduction", inputs, AS_OF)
    extra_rate = param(rules, "rd-deduction", "expensed_extra_rate")
    boost = param(rules, "rd-deduction", "intangible_amortization_rate")
    cit = param(rules, "rd-deduction", "cit_rate")
    fen = Decimal("0.01")

    def shown(value: Decimal) -> Decimal:  # each line to the fen, as it is shown (issue 12)
        return value.quantize(fen, rounding="ROUND_HALF_UP")

    extra = shown(expensed * extra_rate)
    if capitalized:
        extra += shown(capitalized * boost / years) - shown(capitalized / years)
    assert result.amount.low == shown(extra * cit)


@SETTINGS
@given(rd=money, last=money, threshold=st.one_of(st.none(), rates))
def test_rd_growth_is_all_or_nothing_up_to_the_cap(
    rules: RuleSet, rd: Decimal, last: Decimal, threshold: Decimal | None
) -> None:
    """Either ineligible (0) or up to the yearly cap; below the 20万 growth always ineligible."""
    inputs: dict[str, object] = {"rd": rd, "rd_last_year": last}
    if threshold is not None:
        inputs["growth_threshold"] = f"{threshold * 100}%"
    result = estimate(rules, "rd-growth", inputs, AS_OF)
    cap = param(rules, "rd-growth", "yearly_cap")
    if rd - last < param(rules, "rd-growth", "min_growth"):
        assert result.status == "ineligible"
    assert result.amount.high in (0, cap)


@SETTINGS
@given(kind=st.sampled_from(["innovation", "demonstration"]), years=st.integers(1, 10))
def test_sci_project_is_the_cap_times_at_most_three_years(
    rules: RuleSet, kind: str, years: int
) -> None:
    inputs = {"type": kind, "years": years}
    result = estimate(rules, "sci-project", inputs, AS_OF, confirm=["selected"])
    cap = param(rules, "sci-project", f"{kind}_cap")
    counted = min(years, rules.benefits["sci-project"].params["max_years"].value)
    assert result.amount.high == cap * counted
    assert (result.status == "eligible") == (years == 1)
    if years > 1:  # long_cycle gates the years after the first only: denied, one year remains
        denied = estimate(
            rules, "sci-project", inputs, AS_OF, confirm=["selected"], deny=["long_cycle"]
        )
        assert (denied.status, denied.amount.high) == ("eligible", cap)
