"""Money, rates, counts and dates as users and the document write them."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yantai_subsidy import values
from yantai_subsidy.errors import InputError


@pytest.mark.parametrize(
    ("raw", "yuan"),
    [
        ("3000000", "3000000"),
        ("3,000,000", "3000000"),
        ("300万", "3000000"),
        ("300万元", "3000000"),
        ("0.03亿", "3000000"),
        ("0.03亿元", "3000000"),
        ("３００万", "3000000"),  # full-width digits
        ("３，０００，０００", "3000000"),  # full-width commas
        ("¥3,000,000", "3000000"),
        ("￥3000000", "3000000"),
        ("3000000元", "3000000"),
        (" 45000.5 ", "45000.5"),
        ("1.5万", "15000"),
        ("0", "0"),
        (".5", "0.5"),
        (3000000, "3000000"),
        (Decimal("12.34"), "12.34"),
        ("1000000000000000", "1000000000000000"),  # 10^15 exactly is allowed
    ],
)
def test_money_forms(raw: object, yuan: str) -> None:
    assert values.parse_money(raw, "--amount") == Decimal(yuan)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-5", "--amount: must not be negative: '-5'"),
        ("−5", "--amount: must not be negative"),
        ("", "--amount: empty value"),
        ("   ", "--amount: empty value"),
        ("nan", "--amount: 'nan' is not a finite number"),
        ("NaN", "is not a finite number"),
        ("inf", "is not a finite number"),
        ("-inf", "is not a finite number"),
        ("Infinity", "is not a finite number"),
        ("1e400", "--amount: not an amount of money: '1e400'"),
        ("1e6", "not an amount of money"),
        ("1000000000000001", "--amount: 1000000000000001 is more than 10^15 yuan"),
        ("99999999999999999999", "more than 10^15 yuan"),
        ("3,00", "not an amount of money"),
        ("1.2.3", "not an amount of money"),
        ("万", "not an amount of money"),
        ("3000000元元", "not an amount of money"),
        ("300 万 万", "not an amount of money"),
        ("abc", "not an amount of money: 'abc' (write 3000000, 3,000,000, 300万 or 0.03亿)"),
        ("0x10", "not an amount of money"),
        (1.5, "not float"),
        (True, "not bool"),
    ],
)
def test_money_refused(raw: object, message: str) -> None:
    with pytest.raises(InputError) as raised:
        values.parse_money(raw, "--amount")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("raw", "rate"),
    [
        ("1.5%", "0.015"),
        ("0.015", "0.015"),
        ("１．５％", "0.015"),
        ("100%", "1"),
        ("0.99", "0.99"),
        ("0", "0"),
        ("3.45 %", "0.0345"),
    ],
)
def test_rate_forms(raw: str, rate: str) -> None:
    assert values.parse_rate(raw, "--lpr") == Decimal(rate)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("345", "--lpr: '345' is not a rate: write it with a per-cent sign (3.45%)"),
        ("1.01", "is not a rate"),
        ("1", "--lpr: '1' is ambiguous as a rate: write 100% or 1%, or a fraction below 1"),
        ("1.00", "'1.00' is ambiguous as a rate"),
        ("１", "'1' is ambiguous as a rate"),
        ("150%", "--lpr: 150% is above 100%"),
        ("-1%", "must not be negative"),
        ("abc", "--lpr: not a rate: 'abc'"),
        ("", "empty value"),
        ("nan%", "not a finite number"),
        ("1.5%%", "not a rate"),
    ],
)
def test_rate_refused(raw: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        values.parse_rate(raw, "--lpr")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2024-03-31", date(2024, 3, 31)),
        ("2024-3-1", date(2024, 3, 1)),
        ("2024年3月31日", date(2024, 3, 31)),
        ("２０２４年３月３１日", date(2024, 3, 31)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2024/3/31", date(2024, 3, 31)),  # a CSV from Excel on Chinese Windows
        ("2024/03/01", date(2024, 3, 1)),
    ],
)
def test_date_forms(raw: str, day: date) -> None:
    assert values.parse_date(raw, "--as-of") == day


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2024-02-30", "--as-of: not a calendar date: '2024-02-30'"),
        ("2023-02-29", "not a calendar date"),
        ("2024-13-01", "not a calendar date"),
        ("2024-00-10", "not a calendar date"),
        ("03/31/2024", "--as-of: not a date: '03/31/2024' (write 2024-03-31 or 2024年3月31日)"),
        ("31/03/2024", "not a date"),  # day or month first: ambiguous, refused
        ("2024/2/30", "--as-of: not a calendar date: '2024/2/30'"),
        ("2024/03-31", "not a date"),
        ("31.03.2024", "not a date"),
        ("", "empty value"),
        ("1800-01-01", "outside the years 1900–2100"),
    ],
)
def test_date_refused(raw: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        values.parse_date(raw, "--as-of")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("raw", "count"), [("4", 4), ("1,200", 1200), ("4000万", 40_000_000), ("０", 0)]
)
def test_count_forms(raw: str, count: int) -> None:
    assert values.parse_count(raw, "--parcels") == count


@pytest.mark.parametrize(
    ("raw", "message"),
    [("4.5", "not a whole number"), ("-1", "must not be negative"), ("1e3", "not a whole number")],
)
def test_count_refused(raw: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        values.parse_count(raw, "--parcels")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("amount", "fen"),
    [
        ("0.005", "0.01"),
        ("0.0049", "0.00"),
        ("2.675", "2.68"),
        ("15000.015", "15000.02"),
        ("99999.9999", "100000.00"),
    ],
)
def test_half_up_to_the_fen(amount: str, fen: str) -> None:
    assert values.to_fen(Decimal(amount)) == Decimal(fen)


def test_formatting() -> None:
    assert values.format_money(Decimal("45000"), symbol=True) == "¥45,000.00"
    assert values.format_money(Decimal("45000"), "wan") == "4.5万元"
    assert values.format_money(Decimal("100000"), "wan") == "10万元"
    assert values.format_money(Decimal("123456789.12"), "wan") == "12,345.678912万元"
    assert values.format_rate(Decimal("0.015")) == "1.5%"
    assert values.format_rate(Decimal("0.35")) == "35%"
    assert values.format_quantity(Decimal("135000")) == "135,000"
    assert values.plain_number(Decimal("1E+5")) == "100000"


@given(st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, places=6))
def test_a_rounded_amount_reads_the_same_with_str(amount: Decimal) -> None:
    """The JSON writers use str() of an amount rounded to the fen: the text of '.2f', faster."""
    fen = values.to_fen(amount)
    assert str(fen) == f"{fen:.2f}"


# --- digits of other kinds: ASCII and full-width only ----------------------------------------

#: Digits that NFKC, int() or Decimal() would read, and what they would have read as.
FOREIGN_DIGITS = [
    ("10²万", "²"),  # superscript: NFKC gives 102万
    ("10³", "³"),
    ("⑳万", "⑳"),  # circled twenty: NFKC gives 20万
    ("½万", "½"),  # NFKC gives 1⁄2
    ("٣٠٠", "٣"),  # Arabic-Indic: Decimal("٣٠٠") is 300
    ("3٠0", "٠"),  # mixed scripts
    ("۳۰۰", "۳"),  # Extended Arabic-Indic (Persian)
    ("३००", "३"),  # Devanagari
    ("๓๐๐", "๓"),  # Thai
    ("𝟑𝟎𝟎", "𝟑"),  # mathematical bold digits
    ("₃₀₀", "₃"),  # subscripts
    ("⒊", "⒊"),  # "3." with a full stop
]
NUMBER_PARSERS = [
    (values.parse_money, ""),
    (values.parse_count, ""),
    (values.parse_quantity, ""),
    (values.parse_rate, "%"),
]


@pytest.mark.parametrize(("raw", "odd"), FOREIGN_DIGITS)
@pytest.mark.parametrize(("parser", "suffix"), NUMBER_PARSERS)
def test_digits_of_other_kinds_are_refused_naming_the_option(
    parser: object, suffix: str, raw: str, odd: str
) -> None:
    with pytest.raises(InputError) as raised:
        parser(raw + suffix, "--opt")  # type: ignore[operator]
    assert str(raised.value) == (
        f"--opt: '{raw + suffix}' holds '{odd}', which ytsub does not read as a digit:"
        " write 0–9 (or full-width ０–９)"
    )


@pytest.mark.parametrize("raw", ["2024-06-1²", "２０２４-06-0١", "2024年6月①日", "٢٠٢٤-06-01"])
def test_dates_with_digits_of_other_kinds_are_refused(raw: str) -> None:
    with pytest.raises(InputError) as raised:
        values.parse_date(raw, "--as-of")
    assert "which ytsub does not read as a digit" in str(raised.value)


def test_full_width_digits_are_read_everywhere() -> None:
    assert values.parse_money("３００万", "x") == Decimal(3_000_000)
    assert values.parse_count("１２", "x") == 12
    assert values.parse_rate("１．５％", "x") == Decimal("0.015")
    assert values.parse_date("２０２４年６月１日", "x") == date(2024, 6, 1)


DIGIT_CHARACTERS = [
    chr(code)
    for code in range(0x80, 0x30000)
    if (unicodedata.digit(chr(code), None) is not None or unicodedata.numeric(chr(code), None))
    and not 0xFF10 <= code <= 0xFF19
    and chr(code) not in "万亿"  # the multipliers, which the document writes
]


@given(
    before=st.sampled_from(["", "1", "１", "3,"]),
    odd=st.sampled_from(DIGIT_CHARACTERS),
    after=st.sampled_from(["", "0", "万", "%"]),
)
def test_no_parser_reads_a_digit_of_another_script(before: str, odd: str, after: str) -> None:
    """Each number parser refuses, or at least never reads, a digit that is not 0–9 or ０–９."""
    raw = before + odd + after
    for parser in (values.parse_money, values.parse_count, values.parse_quantity):
        with pytest.raises(InputError):
            parser(raw, "--opt")
    with pytest.raises(InputError):
        values.parse_rate(raw, "--opt")


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_the_ascii_fast_path_of_normalize_text_is_nfkc(text: str) -> None:
    """normalize_text skips NFKC for ASCII text: NFKC leaves ASCII as it is."""
    assert values.normalize_text(text) == unicodedata.normalize("NFKC", text).strip()
    assert values.foreign_digit(text) is None


@given(st.text())
def test_normalize_text_is_nfkc_then_trimmed(text: str) -> None:
    assert values.normalize_text(text) == unicodedata.normalize("NFKC", text).strip()
