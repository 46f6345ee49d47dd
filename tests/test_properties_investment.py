"""Invariants of chapter 4 (calc/investment.py), for inputs hypothesis makes up.

* fdi: eligible exactly when the paid-in capital is more than the threshold (超过: the threshold
  itself fails); then at least the provincial plus local share of the spending in yuan, capped, and
  at most the cap; the floor never exceeds the ceiling;
* district-rank: within the published range for the top five, falling with the rank; 0 below them.
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
FDI = RULES.benefits["fdi"].params

usd = st.decimals(
    min_value=0, max_value=Decimal("1e9"), places=2, allow_nan=False, allow_infinity=False
)
fx = st.decimals(
    min_value=Decimal(1),  # yuan per dollar that can be meant (calc.investment.FX_PLAUSIBLE)
    max_value=Decimal(20),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)
ratios = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)
#: The thresholds themselves are drawn often: 超过 must refuse them.
thresholds = st.sampled_from([FDI["new_project_min"].value, FDI["increase_min"].value])


@SETTINGS
@given(kind=st.sampled_from(["new", "increase"]), paid=usd | thresholds, ratio=ratios, rate=fx)
def test_fdi_floor_and_ceiling(kind: str, paid: Decimal, ratio: Decimal, rate: Decimal) -> None:
    spent = min((paid * ratio).quantize(Decimal("0.01")), paid)
    result = estimate(
        RULES,
        "fdi",
        {"type": kind, "paid_in_usd": paid, "spent_usd": spent, "fx_rate": rate},
        AS_OF,
    )
    threshold = FDI["new_project_min" if kind == "new" else "increase_min"].value
    cap = FDI["total_cap"].value
    if paid > threshold:
        # each line as shown (issue 12): the base in yuan, each share of it, then their sum
        base = to_fen(spent * rate)
        shares = to_fen(base * FDI["province_rate"].value) + to_fen(base * FDI["local_rate"].value)
        assert result.amount.basis == "at_least"
        assert result.amount.low == min(shares, cap)
        assert result.amount.high == cap
        assert result.amount.low <= result.amount.high
    else:
        assert result.status == "ineligible"
        assert result.amount.high == 0


@SETTINGS
@given(rank=st.integers(min_value=1, max_value=40))
def test_district_rank_within_the_range_and_falling(rank: int) -> None:
    params = RULES.benefits["district-rank"].params
    result = estimate(RULES, "district-rank", {"rank": rank}, AS_OF)
    high = result.amount.high
    assert high is not None
    if rank <= params["top_n"].value:
        assert params["min_award"].value <= high <= params["max_award"].value
        if rank > 1:
            better = estimate(RULES, "district-rank", {"rank": rank - 1}, AS_OF).amount.high
            assert better is not None
            assert better > high
    else:
        assert result.status == "ineligible"
        assert high == 0
