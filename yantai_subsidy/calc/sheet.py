"""The worksheet a calculator fills in.

The engine prepares a :class:`Sheet` with the benefit's parameters (after any
``--set``), the parsed inputs and the as-of date; the calculator reads them,
writes its lines, decides the conditions that follow from its inputs, and
returns an :class:`Outcome`. The sheet remembers which parameters were used,
so the estimate quotes exactly the sentences (and lists exactly the
assumptions) behind its figure.

It also decides, in this one place, the *grounds* of every line (how sure its
figure is, result.GROUNDS): a line is as weak as the weakest of the parameters
read for it, the readings applied to it (:meth:`Sheet.reading`) and the figures
it shows that came from weaker lines or parameters. Every line recomputes from
the figures it shows, so following the figures follows the calculation. Only
figures that are not ``document`` are remembered, so a benefit without
assumptions, readings or overrides pays nothing for this.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NamedTuple

from yantai_subsidy.result import (
    GROUNDS,
    Amount,
    Basis,
    Grounds,
    LineItem,
    Money,
    Msg,
    Qty,
    Rate,
    msg,
    record,
    weakest,
)
from yantai_subsidy.ruleset import Band, Benefit, LprTable, Param
from yantai_subsidy.values import to_fen

ZERO = Decimal(0)
#: The key of the LPR table in a sheet's ``grounds`` (``override`` when lpr.yaml was overlaid).
LPR_TABLE = "(lpr.yaml)"


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
    grounds: Grounds = "document"


class Sheet:
    """Parameters and inputs in; lines, decisions and notes out.

    Decisions and notes are rare on a row: until a calculator writes one, they are the empty
    values of the class, so a sheet costs a batch row fewer allocations.
    """

    _decisions: Mapping[str, Decision] = MappingProxyType({})
    _warnings: tuple[Msg, ...] = ()
    _assumptions: tuple[Msg, ...] = ()
    _interpretations: tuple[Msg, ...] = ()
    _pending: Grounds = "document"  # read for the next line
    _floor: Grounds = "document"  # what every later line rests on (an assumption stated)
    _grounds: Grounds = "document"  # the weakest of every line with a value
    #: the weakest a figure on this sheet can be: of _grounds and every remembered figure
    _figures_floor: Grounds = "document"
    #: a parameter changed from the rule's was read: the answer is the changed rules', even
    #: where no figure shows it (a line of 0, a cap below the floor, a condition it decided)
    _changed: bool = False

    def __init__(
        self,
        benefit: Benefit,
        params: Mapping[str, Param],
        inputs: Mapping[str, Any],
        given: AbstractSet[str],
        as_of: date,
        lpr: LprTable,
        args: Mapping[str, Any] | None = None,
        grounds: Mapping[str, Grounds] | None = None,
        asserted: Mapping[str, bool] | None = None,
        clean_params: AbstractSet[Any] | None = None,
    ) -> None:
        """``args``: the parameters as message arguments, when prepared beforehand (engine.Plan).

        ``grounds``: the parameters that are not ``document``, with their grounds
        (engine.param_grounds); none given means every parameter is quoted from the clause.
        ``clean_params``: :func:`clean_params` of these, when prepared beforehand.
        """
        self.benefit = benefit
        self.as_of = as_of
        self._params = params
        self._inputs = inputs
        self._given = given
        self._lpr = lpr
        self._items: list[LineItem] = []
        self._used: dict[str, None] = {}
        self._args = args or {}
        self._param_grounds = grounds or {}
        self._asserted = asserted or {}
        #: figures (by value) that rest on something weaker than the document
        #: figures that rest on something weaker than the document, by _figure_key
        self._weak: dict[Any, tuple[Any, Grounds]] = {}
        self._values: list[Decimal] = []  # the values of the lines quoted from the clause
        self._derived: list[Decimal] = []  # sums of document figures (Sheet.sum)
        self._clean_keys: set[Any] | None = None  # see _clean
        self._clean_params = clean_params

    # --- parameters (each read is remembered for quotes and assumptions) ---------

    def param(self, name: str) -> Param:
        self._used[name] = None  # an ordered set of the names read
        if name in self._param_grounds:
            self._weigh(name)
        return self._params[name]

    def _weigh(self, name: str) -> None:
        """Parameter ``name`` is weaker than the document: so are its figure and the next line."""
        grounds = self._param_grounds[name]
        self._pending = _weaker(self._pending, grounds)
        self._changed = self._changed or grounds == "override"
        param = self._params[name]
        figures = [band.rate for band in param.value] if param.type == "bands" else [param.value]
        for figure in figures:
            self._remember(figure, grounds)

    def _remember(self, figure: Any, grounds: Grounds) -> None:
        if grounds != "document" and isinstance(figure, (Decimal, int)) and figure:
            key = _figure_key(figure)
            known = self._weak.get(key)
            self._weak[key] = (figure, grounds if known is None else _weaker(known[1], grounds))
            self._figures_floor = _weaker(self._figures_floor, grounds)

    def sum(self, figures: list[Decimal]) -> Decimal:
        """The sum of figures (lines' values), as sure as the least sure of them.

        A figure computed in the calculator without a line of its own is otherwise taken
        to rest on every line before it; a sum says exactly which lines it adds.
        """
        total = sum(figures, ZERO)
        if self._weak:
            self._remember(total, weakest(*(self.grounds_of(f) for f in figures)))
            if _figure_key(total) not in self._weak:
                self._derived.append(total)
                if self._clean_keys is not None:
                    self._clean_keys.add(_figure_key(total))
        return total

    def reading(self, reading: str) -> None:
        """The next line rests on the stated reading ``reading`` (an interpretation's id)."""
        if reading not in self.benefit.readings:
            raise KeyError(f"{self.benefit.id} has no interpretation with id {reading!r}")
        self._pending = _weaker(self._pending, "interpretation")

    def grounds_of(self, figure: Any) -> Grounds:
        """How sure a figure shown on this sheet is.

        A figure that rests on something weaker was remembered as such; an input, a parameter
        or a line's value that is quoted from the clause is ``document``; any other figure was
        derived in the calculator from earlier lines (a sum of bands, say) and is taken to
        rest on all of them.
        """
        if not self._weak:
            return "document"
        key = _figure_key(figure)
        found = self._weak.get(key)
        if found is not None:
            return found[1]
        if self._grounds == "document" or not figure:
            return "document"
        if self._clean_params is None:
            self._clean_params = clean_params(self._params, self._param_grounds)
        if key in self._clean_params or key in self._clean():
            return "document"
        return self._grounds

    def _clean(self) -> set[Any]:
        """The figures known to be the document's or the user's: inputs and lines (parameters:
        :func:`clean_params`).

        Built when first needed (only a sheet with a weaker figure asks), then kept up to date.
        """
        if self._clean_keys is None:
            clean: set[Any] = {_figure_key(value) for value in (*self._values, *self._derived)}
            for value in self._inputs.values():
                if isinstance(value, (Decimal, int)):
                    clean.add(_figure_key(value))
            self._clean_keys = clean
        return self._clean_keys

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
        if name in self._param_grounds:
            self._weigh(name)
        found = self._args.get(name)
        return self._params[name].as_arg() if found is None else found  # type: ignore[return-value]

    def _typed(self, name: str, kind: str) -> Any:
        self._used[name] = None
        if name in self._param_grounds:
            self._weigh(name)
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

    def asserted(self, condition: str) -> bool | None:
        """What the user said of a condition (--confirm: True, --deny: False), None if nothing.

        For a condition that limits only part of the amount (``partial: true``), whose part the
        calculator must leave out when it is denied.
        """
        return self._asserted.get(condition)

    # --- threshold tests ------------------------------------------------------------

    def meets(self, value: Decimal | int | date, name: str) -> bool:
        """Does ``value`` satisfy the bound of parameter ``name`` (以上, 以下, 超过, 低于, 前 …)?

        A date is compared with a date parameter (``2025年底前``: on or before 2025-12-31).
        """
        self._used[name] = None  # a threshold decides a condition, not a figure: no grounds,
        if self._param_grounds.get(name) == "override":  # unless changed: the answer rests on it
            self._weigh(name)
        param = self._params[name]
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
        """Write one line of the calculation and return its value as shown.

        Money is rounded half-up to the fen here, on the line, and the calculation goes on
        from the rounded figure: every line recomputes by hand from the figures it shows,
        and a total is the sum of its items as shown (docs/promises.md, promise 1).
        """
        if value is not None and unit == "CNY":
            value = to_fen(value)
        grounds = self._line_grounds(formula)
        self._items.append(record(LineItem, (label, formula, value, unit, kind, grounds)))
        if value is None:
            return ZERO
        if grounds != "document":
            self._grounds = _weaker(self._grounds, grounds)
            self._figures_floor = _weaker(self._figures_floor, grounds)
            self._remember(value, grounds)
        else:
            self._values.append(value)
            if self._clean_keys is not None:
                self._clean_keys.add(_figure_key(value))
        return value

    def _line_grounds(self, formula: Msg) -> Grounds:
        """The weakest of what was read for this line and of the figures its formula shows."""
        if not self._weak and self._pending == "document" and self._floor == "document":
            return "document"  # the common case: nothing weaker than the document so far
        grounds = _weaker(self._pending, self._floor)
        self._pending = "document"
        # no figure can be weaker than _figures_floor: when the line already is, its figures
        # need not be looked at (a line resting on a reading, on every level of outpatient)
        if self._weak and grounds != _weaker(grounds, self._figures_floor):
            grounds = weakest(grounds, *(self.grounds_of(f) for f in figures_shown(formula)))
        return grounds

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
        shown = formula or Msg("", "")
        grounds = _weaker(self._pending, self._floor)  # what was read is still for the next line
        if self._weak and formula is not None:
            grounds = weakest(grounds, *(self.grounds_of(f) for f in figures_shown(formula)))
        self._items.append(LineItem(label, shown, None, "", "note", grounds))

    def cap(self, value: Decimal, cap: Decimal, label: Msg, formula: Msg | None = None) -> Decimal:
        """``min(value, cap)``; the cap is written as its own line, marked when it binds."""
        binds = value > cap
        shown = formula or msg("{cap}", "{cap}", cap=Money(cap))
        if binds:
            shown = record(Msg, (shown.zh + "（已封顶）", shown.en + " (applied)", shown.args))
        grounds = self._line_grounds(shown)
        self._items.append(record(LineItem, (label, shown, cap, "CNY", "cap", grounds)))
        kept = cap if binds else value
        if grounds != "document" or self._weak:
            # min(value, cap) rests on both: the cap line's figure and the value it caps
            both = _weaker(grounds, self.grounds_of(value))
            self._grounds = _weaker(self._grounds, grounds)
            self._figures_floor = _weaker(self._figures_floor, grounds)
            self._remember(kept, both)
        return kept

    def warn(self, text: Msg) -> None:
        self._warnings += (text,)

    def assume(self, text: Msg) -> None:
        """An assumption of the calculation: every line written after it rests on it."""
        self._assumptions += (text,)
        self._floor = _weaker(self._floor, "assumption")

    def interpret(self, text: Msg) -> None:
        self._interpretations += (text,)

    # --- the LPR --------------------------------------------------------------------------

    def lpr_1y(self, override_input: str = "lpr") -> Decimal:
        """The 1-year LPR: ``--lpr`` when given, else the rate in force on the as-of date."""
        if self.given(override_input):
            rate: Decimal = self.input(override_input)
            self._pending = _weaker(self._pending, "override")
            self._remember(rate, "override")
            self.note(
                msg(
                    "1年期LPR（--lpr 给定）：{r}",
                    "1-year LPR (given with --lpr): {r}",
                    r=Rate(rate),
                )
            )
            return rate
        entry = self._lpr.on(self.as_of)
        table_grounds = self._param_grounds.get(LPR_TABLE)
        if table_grounds is not None:
            self._pending = _weaker(self._pending, table_grounds)
            self._remember(entry.one_year if entry else self._lpr.rates[0].one_year, table_grounds)
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
                    "已知LPR为{start}起的1年期{r}，最后核对于{checked}；{day}的利率可能已调整，请用 --lpr 给出",
                    "the last LPR known is that of {start} (1-year {r}), last checked against the"
                    " published rates on {checked}; it may have changed by {day}: give the current"
                    " rate with --lpr",
                    start=entry.start,
                    r=Rate(entry.one_year),
                    checked=self._lpr.known_until,
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
        # The amount is as sure as the figures it is: a line's value, or a figure derived from
        # the lines (taken as resting on all of them), and whatever was read for it unshown.
        grounds = "override" if self._changed else _weaker(self._pending, self._floor)
        if self._weak:
            grounds = _weaker(grounds, self.grounds_of(low))
            if high is not None:
                grounds = _weaker(grounds, self.grounds_of(high))
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
                grounds,
            ),
        )


def clean_params(params: Mapping[str, Param], grounds: Mapping[str, Grounds]) -> frozenset[Any]:
    """The figures of the parameters quoted from the clause (by :func:`_figure_key`): the same
    objects on every row of a plan, so engine.Plan works them out once."""
    return frozenset(
        _figure_key(param.value)
        for name, param in params.items()
        if name not in grounds and isinstance(param.value, (Decimal, int))
    )


_RANK = {name: rank for rank, name in enumerate(GROUNDS)}


def _weaker(one: Grounds, other: Grounds) -> Grounds:
    """``weakest`` of two, without packing them into a tuple (on every line of a batch)."""
    return one if _RANK[one] >= _RANK[other] else other


def _figure_key(figure: Any) -> Any:
    """A Decimal is followed as the very object a line or parameter handed on (two parameters
    may both be 5%, one quoted and one assumed); a count (years, a rank) by its value."""
    return id(figure) if type(figure) is Decimal else figure


def figures_shown(text: Msg) -> list[Any]:
    """Every number a message shows (money, rates, quantities, counts), nested ones too."""
    found: list[Any] = []
    for _, arg in text.args:
        if isinstance(arg, (Money, Rate, Qty)):
            found.append(arg.value)
        elif isinstance(arg, (Decimal, int)) and not isinstance(arg, bool):
            found.append(arg)
        elif isinstance(arg, Msg):
            found.extend(figures_shown(arg))
    return found


def bound_reason(what: Msg, value: Money | Qty, param: Param) -> Msg:
    """``total investment 50,000,000.00 is not less than 50,000,000.00 (5000万元以下, read as exclusive)``."""
    relation_zh, relation_en = {
        ("min", True): ("不低于", "at least"),
        ("min", False): ("高于", "more than"),
        ("max", True): ("不高于", "at most"),
        ("max", False): ("低于", "less than"),
    }[(param.direction or "min", param.includes_bound)]
    word = param.boundary or ""
    # The document's own words, verbatim between quotes (its quote); a bound the rule file or
    # the user wrote without a quote is shown as written, outside quotes: 以上/以下/以内/前
    # follow the number (200万元以上), 超过/低于/不满 … precede it (低于1万元).
    if param.quote:
        phrase = f"“{param.quote}”"
    else:
        phrase = (
            f"{param.written}{word}" if word in WORDS_AFTER_THE_NUMBER else f"{word}{param.written}"
        )
    return msg(
        "{what}{value}，未达到" + relation_zh + "{bound}的要求（文件：{phrase}）",
        "{what} {value} is not " + relation_en + " {bound} (the document: {phrase})",
        what=what,
        value=value,
        bound=param.as_arg(),
        phrase=phrase,
    )


WORDS_AFTER_THE_NUMBER = frozenset({"以上", "以下", "以内", "以后", "以前", "前", "内", ""})
