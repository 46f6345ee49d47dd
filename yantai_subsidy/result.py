"""What an estimate says: plain immutable records (NamedTuple), rendered by ``render/``.

NamedTuple rather than frozen dataclasses: building a dataclass costs about a
millisecond at import, and thirty of them would double the start-up time of
``ytsub estimate`` (DESIGN.md, "Performance").

Texts are bilingual :class:`Msg` templates whose arguments keep their type
(money, rate, quantity), so one estimate renders in Chinese or English, in
yuan or in 万, without being computed again.
"""

# NamedTuple is :mod:`.records`' (typing's checks each annotation as the class is made).

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, Protocol, TypeAlias, TypeVar, cast

from .records import NamedTuple
from .values import (
    FEN,
    format_money,
    format_quantity,
    format_rate,
    format_yuan,
    plain_number,
    to_fen,
    unsigned_zero,
)

Lang = Literal["zh", "en"]
DisplayUnit = Literal["yuan", "wan"]
Basis = Literal["exact", "up_to", "at_least", "range", "unpublished"]
Status = Literal["eligible", "conditional", "ineligible"]
ConditionState = Literal["met", "unmet", "unconfirmed"]
#: How sure a figure is, surest first: quoted from the clause; resting on a stated reading of
#: ambiguous wording; on an ``assumed: true`` parameter; on a value the user changed.
Grounds = Literal["document", "interpretation", "assumption", "override"]
GROUNDS: tuple[Grounds, ...] = ("document", "interpretation", "assumption", "override")
_GROUNDS_RANK = {name: rank for rank, name in enumerate(GROUNDS)}


def weakest(*grounds: Grounds) -> Grounds:
    """The least sure of ``grounds`` (``document`` when none is given)."""
    worst: Grounds = "document"
    worst_rank = 0
    for found in grounds:  # a loop: max(key=…) costs twice as much on every line of a batch
        rank = _GROUNDS_RANK[found]
        if rank > worst_rank:
            worst, worst_rank = found, rank
    return worst


SCHEMA = "ytsub.estimate/1"


class Money(NamedTuple):
    """An amount in yuan inside a message; shown in yuan or 万 as the reader asks."""

    value: Decimal


class Rate(NamedTuple):
    """A fraction inside a message, shown as a percentage."""

    value: Decimal


class Qty(NamedTuple):
    """A number with a unit (kW, MW, months, 亩) inside a message."""

    value: Decimal
    unit: str = ""


class Written(NamedTuple):
    """A figure as the document writes it (``10万``, ``1.5%``); English adds the yuan.

    Used in prose (summaries, conditions, interpretations), where the reader
    should recognise the document's own words.
    """

    text: str
    yuan: Decimal | None = None


Arg: TypeAlias = "Money | Rate | Qty | Written | Decimal | int | str | date | Msg"


def render_arg(arg: Arg, lang: Lang, unit: DisplayUnit) -> str:
    render = _RENDERERS.get(type(arg))
    if render is not None:
        return render(arg, lang, unit)
    return _plain(arg)


def _plain(arg: object) -> str:
    return arg.isoformat() if isinstance(arg, date) else str(arg)


def _written(arg: Written, lang: Lang, unit: DisplayUnit) -> str:
    if lang == "en" and arg.yuan is not None and any(ch in arg.text for ch in "万亿"):
        return f"{arg.text} (¥{format_quantity(arg.yuan)})"
    return arg.text


def _money(value: Decimal, unit: DisplayUnit) -> str:
    """Money in yuan (or 万); a figure finer than the fen (an input of 0.0025) shows all its
    digits, so that a line recomputes from what it shows."""
    if to_fen(value) != value:
        digits = format(unsigned_zero(value).normalize(), ",f")
        return digits if unit == "yuan" else format_money(value, unit)
    return format_yuan(value) if unit == "yuan" else format_money(value, unit)


def _money_arg(arg: Money, lang: Lang, unit: DisplayUnit) -> str:
    """:func:`_money` of a message's Money, rounding once instead of three times and without the
    calls between: outpatient shows ~14 a row, and this saves 4% of its instructions (2% of a
    mixed row's, callgrind). tests/test_batch_mixed.py holds it to :func:`_money`."""
    value = arg.value
    fen = value.quantize(FEN, ROUND_HALF_UP)
    if unit == "yuan":
        if not fen:
            return "0.00" if fen == value else format(unsigned_zero(value).normalize(), ",f")
        return f"{fen:,.2f}" if fen == value else format(value.normalize(), ",f")
    return format_money(value, unit)


def _qty(arg: Qty, lang: Lang, unit: DisplayUnit) -> str:
    text = format_quantity(arg.value)
    return f"{text} {arg.unit}" if arg.unit else text


class Msg(NamedTuple):
    """A bilingual text; ``{name}`` fields are filled from typed ``args`` when rendered."""

    zh: str
    en: str
    args: tuple[tuple[str, Arg], ...] = ()

    def render(self, lang: Lang = "en", unit: DisplayUnit = "yuan") -> str:
        template = self.zh if lang == "zh" else self.en
        if not self.args:
            return template
        filled = {}
        renderers = _RENDERERS  # render_arg, inlined: a batch renders a few arguments per row
        for name, arg in self.args:
            render = renderers.get(type(arg))
            filled[name] = _plain(arg) if render is None else render(arg, lang, unit)
        return template.format_map(filled)


#: How each kind of argument is shown (dispatch on the exact type: it is on every line of a batch).
_RENDERERS: dict[type, Callable[[Any, Lang, DisplayUnit], str]] = {
    Msg: lambda arg, lang, unit: arg.render(lang, unit),
    Written: _written,
    Money: _money_arg,
    Rate: lambda arg, lang, unit: format_rate(arg.value),
    Qty: _qty,
    Decimal: lambda arg, lang, unit: format_quantity(arg),
}


def msg(zh: str, en: str, **args: Arg) -> Msg:
    """Shorthand for a :class:`Msg`: ``msg("最高{cap}", "up to {cap}", cap=Money(x))``."""
    return record(Msg, (zh, en, tuple(args.items()) if args else ()))


_Record = TypeVar("_Record", bound=tuple)  # type: ignore[type-arg]


class _RecordMaker(Protocol):
    def __call__(self, cls: type[_Record], fields: tuple[Any, ...], /) -> _Record: ...


#: ``record(LineItem, (label, formula, value, unit, kind))`` builds a record without calling the
#: Python-level ``__new__`` that NamedTuple generates: on the path of every batch row (messages,
#: lines, amounts) that call is a large share of the cost. Fields go in their declared order.
record = cast(_RecordMaker, tuple.__new__)


class Amount(NamedTuple):
    """The interval ``[low, high]`` the document lets us state, with its basis."""

    low: Decimal
    high: Decimal | None
    basis: Basis
    unit: str = "CNY"

    def to_dict(self) -> dict[str, Any]:
        return {
            "low": amount_text(self.low, self.unit),
            "high": None if self.high is None else amount_text(self.high, self.unit),
            "basis": self.basis,
            "unit": self.unit,
        }


def amount_text(value: Decimal, unit: str) -> str:
    if unit == "CNY":
        # str() of a Decimal with exponent -2 is plain notation with two decimals, as
        # f"{…:.2f}" would write it, and several times cheaper (on every line of a batch).
        # A zero is written without a sign: "-0.00" is no amount a reader can take as it is.
        fen = to_fen(value)
        return str(fen) if fen else "0.00"
    return plain_number(value)


class LineItem(NamedTuple):
    """One line of the itemised calculation: what, how, how much."""

    label: Msg
    formula: Msg
    value: Decimal | None
    unit: str = "CNY"
    kind: Literal["step", "cap", "note"] = "step"
    grounds: Grounds = "document"


class Condition(NamedTuple):
    """A condition of the benefit and what is known about it."""

    id: str
    text: Msg
    status: ConditionState
    reason: Msg | None = None
    decided_by: str | None = (
        None  # the input that decided it, for conditions that follow from inputs
    )


class Override(NamedTuple):
    """A parameter the user replaced (``--set`` or an option such as ``--tiers``).

    ``own_figure``: the claimant's own figure in place of an assumed one (``--cit-rate``), an
    input rather than a change of rules: the estimate neither lists it among its overrides
    nor rests on changed rules for it.
    """

    param: str
    rule_value: str
    value: str
    by: str
    own_figure: bool = False
    assumed: bool = False  # the value replaced was an assumption, not the document's


class Estimate(NamedTuple):
    """The answer for one benefit: an interval, how it was reached, and on what it rests."""

    document: str
    measure: int
    benefit: str
    title: Msg
    as_of: date
    inputs: dict[str, str]
    status: Status
    amount: Amount
    conditions: tuple[Condition, ...]
    items: tuple[LineItem, ...]
    warnings: tuple[Msg, ...] = ()
    assumptions: tuple[Msg, ...] = ()
    interpretations: tuple[Msg, ...] = ()
    overrides: tuple[Override, ...] = ()
    quotes: tuple[str, ...] = ()
    rules_digest: str = ""
    period: str = "one_off"
    beneficiary: str = "enterprise"
    overlays: tuple[str, ...] = ()  # rule files that came from --rules / YTSUB_RULES
    grounds: Grounds = "document"  # the weakest grounds of the figures the amount used

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The stable JSON object of DESIGN.md ("JSON of one estimate")."""

        def render(text: Msg) -> str:
            return text.render(lang)

        return {
            "schema": SCHEMA,
            "document": self.document,
            "measure": self.measure,
            "benefit": self.benefit,
            "title": render(self.title),
            "as_of": self.as_of.isoformat(),
            "inputs": dict(self.inputs),
            "status": self.status,
            "amount": self.amount.to_dict(),
            "grounds": self.grounds,
            "conditions": [
                {
                    "id": c.id,
                    "status": c.status,
                    "text": render(c.text),
                    **({"reason": render(c.reason)} if c.reason else {}),
                }
                for c in self.conditions
            ],
            "items": [
                {
                    "label": render(i.label),
                    "formula": render(i.formula),
                    "value": None if i.value is None else amount_text(i.value, i.unit),
                    "unit": i.unit,
                    "grounds": i.grounds,
                }
                for i in self.items
            ],
            "warnings": [render(w) for w in self.warnings],
            "assumptions": [render(a) for a in self.assumptions],
            "interpretations": [render(i) for i in self.interpretations],
            "overrides": [
                {"param": o.param, "rule_value": o.rule_value, "value": o.value, "by": o.by}
                for o in self.overrides
            ],
            "source": {
                "measure": self.measure,
                "quotes": list(self.quotes),
                "overlays": list(self.overlays),
            },
            "rules_digest": self.rules_digest,
        }
