"""A figure is shown as the figure the calculation used: never a sign on a zero, never an
exponent, never a non-zero amount rounded away in 万 (the figures here are worked out by hand)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy import result
from yantai_subsidy.result import Money
from yantai_subsidy.values import format_money, format_quantity, format_rate, format_yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0.0049", "0.00000049万元"),  # was 0万元: a non-zero input shown as zero
        ("0.005", "0.0000005万元"),  # was 0.000001万元: rounded to the fen, then shown
        ("1000.005", "0.1000005万元"),  # was 0.100001万元
        ("0.01", "0.000001万元"),
        ("99999.99", "9.999999万元"),  # never 10万元
        ("100000", "10万元"),
        ("-0", "0万元"),
        ("-0.00", "0万元"),
    ],
)
def test_money_in_wan_shows_the_figure_the_line_used(value: str, shown: str) -> None:
    assert result._money(Decimal(value), "wan") == shown
    assert result._money_arg(Money(Decimal(value)), "zh", "wan") == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [("-0", "0.00"), ("-0.00", "0.00"), ("0E+3", "0.00"), ("-0E-5", "0.00")],
)
def test_no_zero_is_shown_with_a_sign(value: str, shown: str) -> None:
    assert format_yuan(Decimal(value)) == shown
    assert format_money(Decimal(value), symbol=True) == "¥" + shown
    assert result._money(Decimal(value), "yuan") == shown
    assert result._money_arg(Money(Decimal(value)), "en", "yuan") == shown
    assert format_quantity(Decimal(value)) == "0"
    assert format_rate(Decimal(value)) == "0%"
    assert format_money(Decimal(value), "wan") == "0万元"


def test_a_loss_under_half_a_fen_rounds_to_an_unsigned_zero() -> None:
    """-0.004 rounds half-up to the fen as 0.00, not -0.00; shown as a figure a line used, it
    keeps its digits (and its sign: it is not zero)."""
    assert format_yuan(Decimal("-0.004")) == "0.00"
    assert format_money(Decimal("-0.004"), symbol=True) == "¥0.00"
    assert result._money(Decimal("-0.004"), "yuan") == "-0.004"
    assert result._money_arg(Money(Decimal("-0.004")), "en", "yuan") == "-0.004"


def test_a_sub_fen_input_reads_the_same_in_yuan_and_in_wan(ytsub) -> None:  # type: ignore[no-untyped-def]
    """1,000.005 × 1.5% = 15.000075 → 15.00: the formula shows the input the line used."""
    yuan = ytsub("estimate", "techloan", "--amount", "1000.005", "-f", "markdown").out
    wan = ytsub("estimate", "techloan", "--amount", "1000.005", "-f", "markdown", "--unit", "wan")
    assert "| 1,000.005 × 1.5% | 15.00 |" in yuan
    assert "| 0.1000005万元 × 1.5% | 0.0015万元 |" in wan.out


@pytest.mark.parametrize("zero", ["-0", "-0.00", "-0E+2"])
def test_no_output_format_writes_a_signed_zero(rules, zero: str) -> None:  # type: ignore[no-untyped-def]
    """JSON, JSON lines, CSV (and so XLSX, which reads the CSV's texts) write a zero as 0.00."""
    import json

    from yantai_subsidy.engine import estimate
    from yantai_subsidy.render import csv_, json_
    from yantai_subsidy.result import Amount, amount_text

    assert amount_text(Decimal(zero), "CNY") == "0.00"
    assert amount_text(Decimal(zero), "MW") == "0"
    assert amount_text(Decimal("-0.001"), "CNY") == "0.00"  # rounded half-up to the fen
    found = estimate(rules, "techloan", {"amount": "300万"}, "2024-06-01")
    signed = found._replace(amount=Amount(Decimal(zero), Decimal(zero), "range"))
    record = json.loads(json_.jsonl_record(signed))
    assert (record["amount"]["low"], record["amount"]["high"]) == ("0.00", "0.00")
    assert json.loads(json_.estimate(signed))["amount"]["low"] == "0.00"
    assert "-0" not in csv_.estimate(signed)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("-0.5", "-0.5"),  # was 0.5: the sign of "-0" was lost in grouping the whole part
        ("-0.05", "-0.05"),
        ("-1.5", "-1.5"),
        ("-1234.5", "-1,234.5"),
        ("1234567.25", "1,234,567.25"),
        ("1E+3", "1,000"),
        ("0.000", "0"),
    ],
)
def test_a_quantity_keeps_its_sign_and_digits(value: str, shown: str) -> None:
    assert format_quantity(Decimal(value)) == shown
    assert result.render_arg(Decimal(value), "en", "yuan") == shown


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=4)
)
def test_a_figure_in_wan_reads_back_as_the_figure(value: Decimal) -> None:
    """万 is never rounded: what is shown, times 10,000, is the figure (to the fen where the
    figure is a whole fen, with all its digits where it is finer), so nothing non-zero reads
    as 0万 and 99,999.99 never as 10万."""
    shown = result._money(value, "wan")
    assert shown.endswith("万元")
    read = Decimal(shown.removesuffix("万元").replace(",", "")) * 10_000
    assert read == value
    if value:
        assert read != 0


@pytest.mark.parametrize(
    ("value", "beyond"),
    [
        ("12345678901234.5", False),  # 15 significant digits: Excel holds it
        ("1234567890123.45", False),  # 15, with the fen
        ("123456789012345.6", True),  # 16: Excel shows …345.0
        ("12345678901234.56", True),  # 16, with the fen
        ("1000000000000000.00", False),  # 10^15 with two zero decimals: one significant digit
        ("0.01", False),
    ],
)
def test_excel_keeps_fifteen_significant_digits_and_no_more(value: str, beyond: bool) -> None:
    """At, just below and just above Excel's 15 significant digits (batch_write.EXCEL_DIGITS)."""
    from yantai_subsidy.batch_write import beyond_excel

    assert beyond_excel(Decimal(value)) is beyond
