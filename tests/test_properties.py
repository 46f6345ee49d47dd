"""Invariants of every benefit, for inputs hypothesis makes up.

* 0 ≤ low ≤ high (high may be unbounded); an ineligible estimate is exactly 0;
* money is stated to the fen;
* never above a cap the case file names (``caps: [param, …]``);
* monotone in the inputs the case file names (``monotone_in: [input, …]``), where the clause is.
Inputs the engine refuses (a date before another, say) must be refused with a YtsubError,
never with another exception.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.test_cases import case_files
from yantai_subsidy.calc.investment import FX_PLAUSIBLE
from yantai_subsidy.engine import estimate, parse_input
from yantai_subsidy.errors import YtsubError
from yantai_subsidy.loader import load_rules
from yantai_subsidy.result import Estimate
from yantai_subsidy.ruleset import Benefit, InputSpec

RULES = load_rules()
CASES = {data["benefit"]: data for data in case_files()}
AS_OF = "2024-06-01"

money = st.decimals(
    min_value=0, max_value=Decimal("1e10"), places=2, allow_nan=False, allow_infinity=False
)
rates = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)
quantities = st.decimals(
    min_value=0, max_value=Decimal("1e7"), places=2, allow_nan=False, allow_infinity=False
)
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 12, 31))


def value_strategy(spec: InputSpec) -> st.SearchStrategy[Any]:
    if spec.type == "money":
        return money.map(str)
    if spec.type == "rate":
        return rates.map(lambda r: f"{r * 100}%")
    if spec.type == "count":
        return st.integers(min_value=spec.minimum or 0, max_value=60).map(str)
    if spec.type == "quantity" and spec.unit == "CNY/USD":  # yuan per dollar that can be meant
        lo, hi = FX_PLAUSIBLE
        return st.decimals(min_value=lo, max_value=hi, places=4, allow_nan=False).map(str)
    if spec.type == "quantity":
        return quantities.map(str)
    if spec.type == "date":
        return days.map(date.isoformat)
    if spec.type == "choice":
        assert spec.choices is not None
        return st.sampled_from([c.value for c in spec.choices])
    if spec.type == "flag":
        return st.booleans()
    return st.nothing()  # bands: covered by the golden cases


def inputs_strategy(benefit: Benefit) -> st.SearchStrategy[dict[str, Any]]:
    required = {s.name: value_strategy(s) for s in benefit.inputs if s.required}
    optional = {
        s.name: value_strategy(s) for s in benefit.inputs if not s.required and s.type != "bands"
    }
    return st.fixed_dictionaries(required, optional=optional)


def run(benefit: str, inputs: dict[str, Any], **kwargs: Any) -> Estimate | None:
    try:
        return estimate(RULES, benefit, inputs, AS_OF, **kwargs)
    except YtsubError:
        return None


BENEFITS = sorted(RULES.benefits)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("benefit", BENEFITS)
def test_interval_is_sound(benefit: str) -> None:
    spec = RULES.benefits[benefit]
    caps = [spec.params[name].value for name in CASES.get(benefit, {}).get("caps", [])]

    @SETTINGS
    @given(inputs=inputs_strategy(spec), confirm_all=st.booleans())
    def check(inputs: dict[str, Any], confirm_all: bool) -> None:
        result = run(benefit, inputs, confirm=["all"] if confirm_all else [])
        assume(result is not None)
        assert result is not None
        amount = result.amount
        assert amount.low >= 0
        if amount.high is not None:
            assert amount.low <= amount.high
            for cap in caps:
                assert amount.high <= cap
        if result.status == "ineligible":
            assert amount.low == amount.high == 0
        if amount.unit == "CNY":
            for value in (amount.low, amount.high):
                assert value is None or value == value.quantize(Decimal("0.01"))

    check()


MONOTONE = [(b, name) for b in BENEFITS for name in CASES.get(b, {}).get("monotone_in", [])]


@pytest.mark.parametrize(("benefit", "name"), MONOTONE)
def test_monotone(benefit: str, name: str) -> None:
    spec = RULES.benefits[benefit]
    input_spec = spec.input(name)
    assert input_spec is not None, f"{benefit} has no input {name}"

    @SETTINGS
    @given(inputs=inputs_strategy(spec), a=value_strategy(input_spec), b=value_strategy(input_spec))
    def check(inputs: dict[str, Any], a: str, b: str) -> None:
        try:
            small, large = sorted((a, b), key=lambda raw: parse_input(input_spec, raw))
        except YtsubError:
            assume(False)  # a value the option refuses (e.g. 0 where more than 0 is required)
        lower = run(benefit, {**inputs, name: small})
        higher = run(benefit, {**inputs, name: large})
        assume(lower is not None and higher is not None)
        assert lower is not None
        assert higher is not None
        assert lower.amount.low <= higher.amount.low + tolerance
        if lower.amount.high is not None and higher.amount.high is not None:
            assert lower.amount.high <= higher.amount.high + tolerance

    # a difference of two lines each rounded to the fen as shown may step back a fen (issue 12)
    tolerance = Decimal(CASES[benefit].get("monotone_tolerance", "0"))
    check()


def test_every_benefit_declares_something_monotone_or_says_why() -> None:
    for benefit in BENEFITS:
        data = CASES.get(benefit, {})
        assert "monotone_in" in data, (
            f"tests/cases/{benefit}.yaml: say monotone_in (an empty list if none)"
        )
