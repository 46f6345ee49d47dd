"""Parsing and formatting of money, rates, counts, quantities and dates.

Users write money the way Chinese documents do (``3,000,000``, ``300万``,
``0.03亿``, full-width digits); rule files write it the way the document does
(``10万``, ``500万元``). Both go through the same parsers, so a rule file and a
command line agree on what ``10万`` means. Money is :class:`~decimal.Decimal`
end to end and is rounded half-up to the fen only when a result is stated.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InputError, Message

ZERO = Decimal(0)
ONE = Decimal(1)
FEN = Decimal("0.01")
WAN = Decimal(10_000)
#: Larger amounts are refused as absurd: no measure of the package comes near.
MONEY_LIMIT = Decimal(10) ** 15
#: A plain amount of this many digits or fewer is below MONEY_LIMIT: nothing to check.
PLAIN_YUAN_DIGITS = len(str(MONEY_LIMIT)) - 1

#: Units never counted in 万 or 亿: capacities are said in 万千瓦 (40万千瓦 is 400 MW), so 40万
#: in a field of megawatts is that slip, and would be read as 400,000 MW without a sign.
NO_WAN_UNITS = frozenset({"MW", "MWh"})

#: Quantities whose dots are read as money's are (see _DOT_THREE_RE): dollars, and units counted
#: whole, where three decimals are no one's precision but a European export's thousands (a
#: 30万 kW coal unit is 300.000 there). A measurement's decimals stay (1.125 MW, 12.345亩, 1.5 h).
FIGURE_UNITS = frozenset({"USD", "kW", "m²"})

_MULTIPLIERS = {
    "": 1,
    "元": 1,
    "万": 10_000,
    "万元": 10_000,
    "亿": 100_000_000,
    "亿元": 100_000_000,
}
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
# re.ASCII: \d is 0-9 only (Python's \d also matches ٣, ३, ๓ … and Decimal() reads them).
_MONEY_RE = re.compile(
    rf"^(?:¥|CNY)?\s*(?P<num>{_NUMBER})\s*(?P<mult>万元|亿元|万|亿|元)?$", re.ASCII
)
_PLAIN_RE = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<mult>万|亿)?$", re.ASCII)
_RATE_RE = re.compile(rf"^(?P<num>{_NUMBER})\s*(?P<pct>%)?$", re.ASCII)
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)
_ZH_DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$", re.ASCII)
#: year first, as Excel writes a date into a CSV on Chinese Windows (2024/3/31): never ambiguous,
#: unlike 03/31/2024 or 31/03/2024, which stay refused
_SLASH_DATE_RE = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$", re.ASCII)
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
#: 1.000 or 12.500 (a dot and exactly three digits, nothing else): a decimal point to ytsub and
#: to Chinese and English writers, a thousands separator to European spreadsheets, which write
#: one thousand 1.000. Money and counts in that form are refused, naming both readings.
_DOT_THREE_RE = re.compile(r"^(?:¥|CNY)?\s*([1-9]\d{0,2})\.(\d{3})\s*元?$", re.ASCII)
#: 1.000.000, 1.000,50: dots between thousands (and a comma before the decimals), which only
#: the European way reads (tried once the figure has failed to read as ours). A comma alone
#: (3,00) is no sign of it: a slip for 300 or 3,000 as likely, and refused as malformed.
_EUROPEAN_RE = re.compile(
    r"^(?:¥|CNY)?\s*(?:(?P<grouped>\d{1,3}(?:\.\d{3}){2,})(?:,(?P<cents>\d{1,2}))?"
    r"|(?P<whole>\d{1,3}(?:\.\d{3})+),(?P<decimals>\d{1,2}))\s*元?$",
    re.ASCII,
)
_MONEY_EXAMPLES = Message("value.money_examples")  # 3000000, 3,000,000, 300万 or 0.03亿
_NOT_FINITE = {"nan", "inf", "infinity", "+inf", "-inf", "+nan", "-nan", "-infinity"}


_DATES: dict[str, date] = {}


class DecimalText(str):
    """A plain YAML number with a fraction (``0.015``), kept as the text written, never a float.

    The parsers here read it as they read the same text on the command line; a rule file's
    parameter refuses it (write ``'1.5%'`` as the document does).
    """


class WrittenDecimal(Decimal):
    """A JSON number with a fraction or an exponent, read as the text written (``1e6``, not
    Python's ``1E+6``): the parsers read it as the same text in a CSV cell, and a refusal
    quotes what the line says."""

    __slots__ = ("written",)
    written: str

    def __new__(cls, written: str) -> WrittenDecimal:
        number = super().__new__(cls, written)
        number.written = written
        return number

    def __str__(self) -> str:
        return self.written

    def __reduce__(self) -> tuple[type[WrittenDecimal], tuple[str]]:
        return (type(self), (self.written,))


def normalize_text(raw: object) -> str:
    """NFKC (full-width digits, ％ and ，) and trimmed; ``None`` becomes ``""``."""
    if raw is None:
        return ""
    text = str(raw)
    if text.isascii():
        return text.strip()  # NFKC leaves ASCII as it is
    return unicodedata.normalize("NFKC", text).strip()


def foreign_digit(text: str) -> str | None:
    """The first character that stands for a digit but is neither 0–9 nor full-width ０–９.

    NFKC turns ``²`` and ``⑳`` into ``2`` and ``20``, so ``10²万`` would read as 102万; and
    ``int()`` and ``Decimal()`` read Arabic-Indic ``٣`` or Devanagari ``३`` as 3. People type
    ASCII digits, or full-width ones with a Chinese input method: anything else is refused.
    """
    if text.isascii():
        return None
    for char in text:
        if char.isascii() or char in _FULL_WIDTH_DIGITS:
            continue
        if unicodedata.digit(char, None) is not None:
            return char
        folded = unicodedata.normalize("NFKC", char)
        if any("0" <= part <= "9" for part in folded):
            return char
    return None


def refuse_foreign_digits(text: str, name: str | Message) -> None:
    """An InputError naming ``name`` when ``text`` holds a digit of another kind (see above)."""
    odd = foreign_digit(text)
    if odd is not None:
        raise InputError("value.foreign_digit", name=name, text=_shown(text.strip()), odd=odd)


def number_text(raw: object, name: str | Message) -> str:
    """Text of a number, normalised, once any digit that is not 0–9 or ０–９ is refused."""
    if isinstance(raw, (dict, list)):  # a JSON line's object or list: quoted as JSON writes it
        import json

        text = json.dumps(raw, ensure_ascii=False, default=str)
    else:
        text = "" if raw is None else str(raw)
    refuse_foreign_digits(text, name)
    return normalize_text(text)


def to_fen(amount: Decimal) -> Decimal:
    """Round half-up to 0.01 yuan (四舍五入到分)."""
    # positional: Decimal.quantize parses a keyword argument at nearly twice the cost
    return amount.quantize(FEN, ROUND_HALF_UP)


def _shown(text: str) -> str:
    """Text for a message: whole when short, else its first 40 characters (one readable line)."""
    return text if len(text) <= 60 else text[:40] + "…"


def _refuse_common(text: str, what: str, name: str | Message) -> None:
    """``what``: the catalogue id of what to give (a Message is made only for an error)."""
    if text == "":
        raise InputError("value.empty", name=name, what=Message(what))
    low = text.lower()
    if low in _NOT_FINITE or low.lstrip("+-").startswith(("nan", "inf")):
        raise InputError("value.not_finite", name=name, text=_shown(text), what=Message(what))
    if text.startswith(("-", "−")):
        raise InputError("value.negative", name=name, text=_shown(text))


def _decimal(num: str) -> Decimal:
    return Decimal(num.replace(",", ""))


def _refuse_dot_thousands(text: str, name: str | Message) -> None:
    """An InputError when a figure's dot may separate thousands (``1.000``: 1 or 1000)."""
    found = _DOT_THREE_RE.match(text)
    if found is not None:
        whole, fraction = found.groups()
        raise InputError(
            "value.dot_ambiguous",
            name=name,
            text=_shown(text),
            decimal=plain_number(Decimal(f"{whole}.{fraction}")),
            thousands=whole + fraction,
        )


def _refuse_european(text: str, name: str | Message) -> None:
    """An InputError saying what a figure written the European way means (``1.000,50``)."""
    found = _EUROPEAN_RE.match(text)
    if found is not None:
        whole = (found["grouped"] or found["whole"]).replace(".", "")
        decimals = found["cents"] or found["decimals"]
        meant = f"{whole}.{decimals}" if decimals else whole
        raise InputError("value.european", name=name, text=_shown(text), meant=meant)


def parse_money(raw: object, name: str | Message = "value") -> Decimal:
    """Yuan from ``3000000``, ``3,000,000``, ``300万``, ``300万元``, ``0.03亿``, ``¥3,000,000``."""
    if isinstance(raw, (bool, float)):
        raise InputError("value.money_wrong_type", name=name, kind=type(raw).__name__)
    if isinstance(raw, (int, Decimal)):
        raw = str(raw)
    if type(raw) is str and len(raw) <= PLAIN_YUAN_DIGITS and raw.isdigit() and raw.isascii():
        return Decimal(raw)  # the common case in a batch: plain yuan, nothing to normalise
    text = number_text(raw, name)
    _refuse_common(text, "value.what_money", name)
    match = _MONEY_RE.match(text)
    if not match:
        _refuse_european(text, name)
        raise InputError("value.not_money", name=name, text=_shown(text), examples=_MONEY_EXAMPLES)
    num = match["num"]
    if num[-4:-3] == "." and match["mult"] in (None, "元"):  # a dot and three digits: 1.000
        _refuse_dot_thousands(text, name)
    value = _decimal(num) * _MULTIPLIERS[match["mult"] or ""]
    if value > MONEY_LIMIT:
        raise InputError("value.money_too_large", name=name, text=_shown(text))
    return value


def refuse_dot_thousands(raw: object, name: str | Message) -> None:
    """Refuse a quantity of FIGURE_UNITS (dollars, kW, m²) where its dot may separate thousands
    (``60.000``), or that is written the European way (``60.000.000``), as money is refused."""
    if isinstance(raw, (str, int, Decimal)) and not isinstance(raw, bool):
        text = normalize_text(str(raw))
        if "." in text or "," in text:
            _refuse_dot_thousands(text, name)
            _refuse_european(text, name)


def parse_rate(
    raw: object, name: str | Message = "value", *, maximum: Decimal = Decimal(1)
) -> Decimal:
    """A fraction from ``1.5%`` or ``0.015``; a bare number of 1 or more is refused (write ``5%``)."""
    if isinstance(raw, (bool, float)):
        raise InputError("value.rate_wrong_type", name=name, kind=type(raw).__name__)
    text = number_text(raw, name)
    _refuse_common(text, "value.what_rate", name)
    match = _RATE_RE.match(text)
    if not match:
        raise InputError("value.not_rate", name=name, text=_shown(text))
    value = _decimal(match["num"])
    if match["pct"]:
        value = value / 100
    elif value > 1:
        raise InputError("value.rate_above_one", name=name, text=_shown(text))
    elif value == 1:
        # 1 is 100% to some writers and 1% to others: neither is guessed.
        raise InputError("value.rate_ambiguous", name=name, text=_shown(text))
    if value > maximum and not match["pct"]:  # 0.5 meant as 0.5%: say how it was read
        raise InputError(
            "value.rate_bare_above_maximum",
            name=name,
            text=_shown(text),
            value=format_rate(value),
            maximum=format_rate(maximum),
        )
    if value > maximum:
        raise InputError(
            "value.rate_above_maximum",
            name=name,
            value=format_rate(value),
            maximum=format_rate(maximum),
        )
    return value


def parse_count(raw: object, name: str = "value") -> int:
    """A whole number: ``4``, ``1,200``, ``4000万`` (parcels are counted in 万 in the document)."""
    if isinstance(raw, (bool, float)):
        raise InputError("value.count_wrong_type", name=name, kind=type(raw).__name__)
    if isinstance(raw, int):
        raw = str(raw)
    text = number_text(raw, name)
    _refuse_common(text, "value.what_count", name)
    match = _PLAIN_RE.match(text)
    if not match:
        _refuse_european(text, name)
        raise InputError("value.not_whole", name=name, text=_shown(text))
    if match["num"][-4:-3] == "." and match["mult"] is None:  # a dot and three digits: 4.000
        _refuse_dot_thousands(text, name)
    value = _decimal(match["num"]) * _MULTIPLIERS[match["mult"] or ""]
    if value != value.to_integral_value():
        raise InputError("value.not_whole", name=name, text=_shown(text))
    if value > MONEY_LIMIT:
        raise InputError("value.too_large", name=name, text=_shown(text))
    return int(value)


def parse_quantity(raw: object, name: str = "value") -> Decimal:
    """A non-negative number with an optional 万/亿 multiplier (kW, MW, hours, m², 亩)."""
    if isinstance(raw, (bool, float)):
        raise InputError("value.number_wrong_type", name=name, kind=type(raw).__name__)
    if isinstance(raw, (int, Decimal)):
        raw = str(raw)
    text = number_text(raw, name)
    _refuse_common(text, "value.what_number", name)
    match = _PLAIN_RE.match(text)
    if not match:
        raise InputError("value.not_number", name=name, text=_shown(text))
    value = _decimal(match["num"]) * _MULTIPLIERS[match["mult"] or ""]
    if value > MONEY_LIMIT:
        raise InputError("value.too_large", name=name, text=_shown(text))
    return value


#: Yantai's clock: China Standard Time, UTC+8 all year (no daylight saving since 1991).
YANTAI_TIME = timezone(timedelta(hours=8), "UTC+08:00")


def today(now: datetime | None = None) -> date:
    """Today in Yantai: the day of the estimate when none is given.

    The document's dates (2024年底前) are Yantai's days, and a machine elsewhere may be on
    another: at 20:00 on 31 December in Europe it is already 1 January in Yantai. ``now``
    (timezone-aware) stands for the clock, for tests.
    """
    return (now or datetime.now(YANTAI_TIME)).astimezone(YANTAI_TIME).date()


def parse_date(raw: object, name: str = "value") -> date:
    """A calendar date from ``2024-03-31``, ``2024年3月31日`` or ``2024/3/31`` (Excel's)."""
    if isinstance(raw, date):
        return raw
    if type(raw) is str:
        known = _DATES.get(raw)
        if known is not None:
            return known
    text = number_text(raw, name)
    if text == "":
        raise InputError("value.date_empty", name=name)
    match = _ISO_DATE_RE.match(text) or _ZH_DATE_RE.match(text) or _SLASH_DATE_RE.match(text)
    if not match:
        raise InputError("value.not_date", name=name, text=_shown(text))
    year, month, day = (int(part) for part in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise InputError("value.not_calendar_date", name=name, text=_shown(text)) from None
    if not 1900 <= year <= 2100:
        raise InputError("value.date_out_of_range", name=name, text=_shown(text))
    if type(raw) is str and len(_DATES) < 4096:
        _DATES[raw] = value  # a batch gives the same as-of date on every row
    return value


def parse_decimal_text(text: str) -> Decimal:
    """A Decimal from text that is known to be well formed (normalised rule data)."""
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - normalised data is always well formed
        raise InputError("value.not_a_number", text=text) from None


# --- formatting -------------------------------------------------------------


def unsigned_zero(value: Decimal) -> Decimal:
    """``value``, but a zero without its sign: ``-0.00`` reads as a loss of nothing."""
    return value if value else value.copy_abs()


def plain_number(value: Decimal) -> str:
    """``Decimal`` without exponent or trailing zeros: 0.015 → ``0.015``, 1E+5 → ``100000``."""
    return format(unsigned_zero(value).normalize(), "f")


def format_yuan(amount: Decimal) -> str:
    """``3,000,000.00``: yuan with thousands separators and two decimals."""
    return f"{unsigned_zero(to_fen(amount)):,.2f}"


def format_wan(amount: Decimal) -> str:
    """``4.5万``: the amount in 万 yuan, without trailing zeros; a figure finer than the fen (an
    input of 0.0049) with all its digits, as in yuan, never rounded away to ``0万``."""
    fen = to_fen(amount)
    if fen != amount:
        return f"{format(unsigned_zero(amount / WAN).normalize(), ',f')}万"
    text = f"{unsigned_zero(fen) / WAN:,.6f}".rstrip("0").rstrip(".")
    return f"{text}万"


def format_money(amount: Decimal, unit: str = "yuan", *, symbol: bool = False) -> str:
    """Money for display: ``¥45,000.00`` (yuan) or ``4.5万元`` (wan)."""
    if unit == "wan":
        return f"{format_wan(amount)}元"
    text = format_yuan(amount)
    if symbol:
        return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"
    return text


_RATE_TEXTS: dict[Decimal, str] = {}


def format_rate(rate: Decimal) -> str:
    """``1.5%`` from 0.015 (remembered: a rule has few rates, shown on every line of a batch)."""
    text = _RATE_TEXTS.get(rate)
    if text is None:
        text = f"{plain_number(rate * 100)}%"
        if len(_RATE_TEXTS) < 4096:
            _RATE_TEXTS[rate] = text
    return text


def format_quantity(value: Decimal) -> str:
    """``135,000`` or ``12.5``: thousands separators, no trailing zeros."""
    text = plain_number(value)
    sign = "-" if text.startswith("-") else ""  # kept apart: int("-0") of -0.5 has none
    whole, _, frac = text.removeprefix("-").partition(".")
    grouped = f"{sign}{int(whole):,}"
    return f"{grouped}.{frac}" if frac else grouped
