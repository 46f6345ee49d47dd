"""The worksheet a calculator fills in.

The engine prepares a :class:`Sheet` with the benefit's parameters (after any
``--set``), the parsed inputs and the as-of date; the calculator reads them,
writes its lines, decides the conditions that follow from its inputs, and
returns an :class:`Outcome`. The sheet remembers which parameters were used,
so the estimate quotes exactly the sentences (and lists exactly the
assumptions) behind its figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from yantai_subsidy.result import Amount, Basis, LineItem, Money, Msg, Qty, Rate, msg, record
from yantai_subsidy.ruleset import Band, Benefit, LprTable, Param

ZERO = Decimal(0)


class Decision(NamedTuple):
    """A condition settled by the inputs: met or not, and why."""

    met: bool
    reason: Msg | None
    decided_by: str | None


class Outcome(NamedTuple):
    """What a calculator returns: the amount and everything written on the sheet."""

    amount: Amount
    items: tuple[LineItem, ...]
    decisions: Mapping[str, Decision]
    used: tuple[str, ...]
    warnings: tuple[Msg, ...]
    assumptions: tuple[Msg, ...]
    interpretations: tuple[Msg, ...]


class Sheet:
    """Parameters and inputs in; lines, decisions and notes out.

    Decisions and notes are rare on a row: until a calculator writes one, they are the empty
    values of the class, so a sheet costs a batch row fewer allocations.
    """

    _decisions: Mapping[str, Decision] = MappingProxyType({})
    _warnings: tuple[Msg, ...] = ()
    _assumptions: tuple[Msg, ...] = ()
    _interpretations: tuple[Msg, ...] = ()

    def __init__(
        self,
        benefit: Benefit,
        params: Mapping[str, Param],
        inputs: Mapping[str, Any],
        given: AbstractSet[str],
        as_of: date,
        lpr: LprTable,
        args: Mapping[str, Any] | None = None,
    ) -> None:
        """``args``: the parameters as message arguments, when prepared beforehand (engine.Plan)."""
        self.benefit = benefit
        self.as_of = as_of
        self._params = params
        self._inputs = inputs
        self._given = given
        self._lpr = lpr
        self._items: list[LineItem] = []
        self._used: dict[str, None] = {}
        self._args = args or {}

    # --- parameters (each read is remembered for quotes and assumptions) ---------

    def param(self, name: str) -> Param:
        self._used[name] = None  # an ordered set of the names read
        return self._params[name]

    def money(self, name: str) -> Decimal:
        return self._typed(name, "money")  # type: ignore[no-any-return]

    def rate(self, name: str) -> Decimal:
        return self._typed(name, "rate")  # type: ignore[no-any-return]

    def count(self, name: str) -> int:
        return self._typed(name, "count")  # type: ignore[no-any-return]

    def quantity(self, name: str) -> Decimal:
        return self._typed(name, "quantity")  # type: ignore[no-any-return]

    def day(self, name: str) -> date:
        return self._typed(name, "date")  # type: ignore[no-any-return]

    def bands(self, name: str) -> tuple[Band, ...]:
        return self._typed(name, "bands")  # type: ignore[no-any-return]

    def arg(self, name: str) -> Money | Rate | Qty | date | str:
        """A parameter as a message argument: ``{cap}`` shows 100,000.00 or 10万元."""
        self._used[name] = None
        found = self._args.get(name)
        return self._params[name].as_arg() if found is None else found  # type: ignore[return-value]

    def _typed(self, name: str, kind: str) -> Any:
        self._used[name] = None
        param = self._params[name]
        if param.type != kind:
            raise TypeError(
                f"parameter {name} of {self.benefit.id} is a {param.type}, not a {kind}"
            )
        return param.value

    # --- inputs ------------------------------------------------------------------

    def input(self, name: str) -> Any:
        """The parsed value of an input (its default when not given; None without one)."""
        return self._inputs.get(name)

    def given(self, name: str) -> bool:
        return name in self._given

    # --- threshold tests ------------------------------------------------------------

    def meets(self, value: Decimal | int | date, name: str) -> bool:
        """Does ``value`` satisfy the bound of parameter ``name`` (以上, 以下, 超过, 低于, 前 …)?

        A date is compared with a date parameter (``2025年底前``: on or before 2025-12-31).
        """
        param = self.param(name)
        bound = param.value
        if param.direction == "min":
            return bool(value >= bound if param.includes_bound else value > bound)
        if param.direction == "max":
            return bool(value <= bound if param.includes_bound else value < bound)
        raise TypeError(f"parameter {name} of {self.benefit.id} has no boundary word")

    def check(self, condition: str, value: Decimal | int, *bounds: str, what: Msg, by: str) -> bool:
        """Decide ``condition`` from ``value`` against each bound; the reason names the failed one."""
        arg: Money | Qty = (
            Money(Decimal(value)) if self.param(bounds[0]).type == "money" else Qty(Decimal(value))
        )
        for name in bounds:
            if not self.meets(value, name):
                param = self.param(name)
                self.decide(condition, False, bound_reason(what, arg, param), by=by)
                return False
        self.decide(condition, True, None, by=by)
        return True

    def decide(
        self, condition: str, met: bool, reason: Msg | None = None, *, by: str | None = None
    ) -> None:
        """Settle a condition from the inputs (``by`` names the input that settles it)."""
        if condition not in {c.id for c in self.benefit.conditions}:
            raise KeyError(f"{self.benefit.id} has no condition {condition!r}")
        self._decisions = {**self._decisions, condition: Decision(met, reason, by)}

    # --- lines and notes ----------------------------------------------------------------

    def line(
        self, label: Msg, formula: Msg, value: Decimal | None, unit: str = "CNY", kind: str = "step"
    ) -> Decimal:
        """Write one line of the calculation and return its (unrounded) value."""
        self._items.append(record(LineItem, (label, formula, value, unit, kind)))
        return ZERO if value is None else value

    def share(self, label: Msg, base: Decimal, rate: str) -> Decimal:
        """A line ``base × rate`` for the rate parameter ``rate``: ``3,000,000.00 × 1.5%``."""
        arg = self.arg(rate)
        formula = record(
            Msg,
            (
                "{base} × {rate}",
                "{base} × {rate}",
                (("base", record(Money, (base,))), ("rate", arg)),
            ),
        )
        return self.line(label, formula, base * self.rate(rate))

    def note(self, label: Msg, formula: Msg | None = None) -> None:
        """A line without a value: a step of reasoning the reader should see."""
        self._items.append(LineItem(label, formula or Msg("", ""), None, "", "note"))

    def cap(self, value: Decimal, cap: Decimal, label: Msg, formula: Msg | None = None) -> Decimal:
        """``min(value, cap)``; the cap is written as its own line, marked when it binds."""
        binds = value > cap
        shown = formula or msg("{cap}", "{cap}", cap=Money(cap))
        if binds:
            shown = record(Msg, (shown.zh + "（已封顶）", shown.en + " (applied)", shown.args))
        self._items.append(record(LineItem, (label, shown, cap, "CNY", "cap")))
        return cap if binds else value

    def warn(self, text: Msg) -> None:
        self._warnings += (text,)

    def assume(self, text: Msg) -> None:
        self._assumptions += (text,)

    def interpret(self, text: Msg) -> None:
        self._interpretations += (text,)

    # --- the LPR --------------------------------------------------------------------------

    def lpr_1y(self, override_input: str = "lpr") -> Decimal:
        """The 1-year LPR: ``--lpr`` when given, else the rate in force on the as-of date."""
        if self.given(override_input):
            rate: Decimal = self.input(override_input)
            self.note(
                msg(
                    "1年期LPR（--lpr 给定）：{r}",
                    "1-year LPR (given with --lpr): {r}",
                    r=Rate(rate),
                )
            )
            return rate
        entry = self._lpr.on(self.as_of)
        if entry is None:
            first = self._lpr.rates[0]
            self.warn(
                msg(
                    "{day}早于已知最早的LPR（{first}）：按该值计算，请用 --lpr 给出当时的利率",
                    "{day} is before the earliest LPR known ({first}): using it; give the rate with --lpr",
                    day=self.as_of,
                    first=first.start,
                )
            )
            entry = first
        elif self._lpr.is_stale_on(self.as_of):
            self.warn(
                msg(
                    "已知LPR截至{start}（1年期{r}）；{day}的利率可能已调整，请用 --lpr 给出",
                    "the last LPR known is that of {start} (1-year {r}); it may have changed by {day}:"
                    " give the current rate with --lpr",
                    start=entry.start,
                    r=Rate(entry.one_year),
                    day=self.as_of,
                )
            )
        self.note(
            msg(
                "1年期LPR：{r}（{start}起执行）",
                "1-year LPR: {r} (in force from {start})",
                r=Rate(entry.one_year),
                start=entry.start,
            )
        )
        return entry.one_year

    # --- results -----------------------------------------------------------------------------

    def exact(self, value: Decimal, unit: str = "CNY") -> Outcome:
        return self._outcome(value, value, "exact", unit)

    def up_to(self, high: Decimal, unit: str = "CNY") -> Outcome:
        """The document gives a maximum (最高, 不超过): the amount is anywhere up to it."""
        return self._outcome(ZERO, high, "up_to", unit)

    def at_least(self, low: Decimal, high: Decimal | None, unit: str = "CNY") -> Outcome:
        """The document gives a floor (不低于): at least ``low``, at most ``high`` when capped."""
        return self._outcome(low, high, "at_least", unit)

    def range(self, low: Decimal, high: Decimal, unit: str = "CNY") -> Outcome:
        """The document gives a range (100万元—400万元)."""
        return self._outcome(low, high, "range", unit)

    def unpublished(self) -> Outcome:
        """Eligible, but the document names no amount."""
        return self._outcome(ZERO, None, "unpublished", "CNY")

    def _outcome(self, low: Decimal, high: Decimal | None, basis: Basis, unit: str) -> Outcome:
        return record(
            Outcome,
            (
                record(Amount, (low, high, basis, unit)),
                tuple(self._items),
                self._decisions,
                tuple(self._used),
                self._warnings,
                self._assumptions,
                self._interpretations,
            ),
        )


def bound_reason(what: Msg, value: Money | Qty, param: Param) -> Msg:
    """``total investment 50,000,000.00 is not less than 50,000,000.00 (5000万元以下, read as exclusive)``."""
    relation_zh, relation_en = {
        ("min", True): ("不低于", "at least"),
        ("min", False): ("高于", "more than"),
        ("max", True): ("不高于", "at most"),
        ("max", False): ("低于", "less than"),
    }[(param.direction or "min", param.includes_bound)]
    word = param.boundary or ""
    # 以上/以下/以内/前 follow the number (200万元以上); 超过/低于/不满 … precede it (低于1万元).
    phrase = (
        f"{param.written}{word}" if word in WORDS_AFTER_THE_NUMBER else f"{word}{param.written}"
    )
    return msg(
        "{what}{value}，未达到“" + relation_zh + "{bound}”的要求（文件：{phrase}）",
        "{what} {value} is not " + relation_en + " {bound} (the document: {phrase})",
        what=what,
        value=value,
        bound=param.as_arg(),
        phrase=phrase,
    )


WORDS_AFTER_THE_NUMBER = frozenset({"以上", "以下", "以内", "以后", "以前", "前", "内", ""})
