"""``estimate(rules, benefit, inputs, as_of)``: from raw inputs to an :class:`Estimate`.

The engine parses and checks the inputs against the benefit's rule, applies
``--set`` overrides, runs the benefit's calculator on a fresh sheet, settles
the conditions (from the inputs, ``--confirm`` and ``--deny``), and adds what
the reader must know: warnings (deadlines, provincial funds, stale LPR, the
document's 2024 horizon), assumptions, interpretations, overrides, the quotes
behind the figure, and the digest of the rules used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from decimal import Decimal
from typing import Any

from . import values
from .calc import calculator_named, registry
from .calc.sheet import LPR_TABLE, Decision, Sheet, clean_params
from .errors import InputError, Message, RuleFileError, UsageError, did_you_mean, listing
from .records import NamedTuple
from .result import Amount, Condition, Estimate, Grounds, Msg, Override, Status, msg, record
from .ruleset import Benefit, InputSpec, Param, RuleSet, format_bands, parse_bands, parse_value

CONFIRM_ALL = "all"
_TRUE = {"true", "yes", "y", "1", "on", "是", "对"}
_FALSE = {"false", "no", "n", "0", "off", "否", "不"}


def estimate(
    rules: RuleSet,
    benefit: str,
    inputs: Mapping[str, object] | None = None,
    as_of: date | str | None = None,
    *,
    confirm: Iterable[str] = (),
    deny: Iterable[str] = (),
    overrides: Mapping[str, object] | Iterable[str] = (),
) -> Estimate:
    """Estimate one benefit.

    ``inputs`` maps option names (``amount``, ``guarantee_fee_rate`` or
    ``guarantee-fee-rate``) to values as a user writes them (``"300万"``,
    ``"1.5%"``) or as Decimal/int/date; ``None`` means "not given".
    ``overrides`` maps parameter names to values (or is a list of
    ``PARAM=VALUE``). Raises :class:`InputError` or :class:`UsageError`.
    """
    return plan(rules, benefit, as_of, confirm=confirm, deny=deny, overrides=overrides).run(
        inputs or {}
    )


class Plan:
    """All of estimating a benefit that does not depend on the inputs, worked out once.

    A batch estimates the same benefit, as of the same day, with the same confirmations,
    thousands of times: the rule, the overrides, the calculator, the texts filled from the
    parameters and the conditions the inputs do not decide are prepared here; :meth:`run`
    does the rest for each set of inputs.
    """

    def __init__(
        self,
        rules: RuleSet,
        spec: Benefit,
        day: date,
        confirm: list[str],
        deny: list[str],
        pairs: list[tuple[str, object]],
    ) -> None:
        calculator = calculator_named(spec.calculator)
        if calculator is None:
            raise RuleFileError(
                rules.measures[spec.measure].file,
                Message("estimate.no_calculator", calculator=spec.calculator),
                path=f"benefits.{spec.id}.calculator",
            )
        self.rules = rules
        self.spec = spec
        self.day = day
        self.confirm = confirm
        self.deny = deny
        self.pairs = pairs
        self.calculator = calculator
        params, applied = apply_overrides(spec, pairs, {}, set())
        #: the parameters of the rule with --set applied, and what follows from them
        self.own = _prepared(rules, spec, params, tuple(applied))
        self._own_figures: dict[tuple[tuple[str, str], ...], _Params] = {}
        self.defaults = input_defaults(spec)
        self.replacing = tuple(i for i in spec.inputs if i.replaces)
        conditions = settle_conditions(spec, self.own.static.condition_texts, {}, confirm, deny)
        self.undecided = (conditions, _status(spec, conditions))
        #: what --confirm/--deny say of the conditions that limit part of the amount
        self.asserted = {
            c.id: c.id not in deny
            for c in spec.conditions
            if c.partial and (c.id in deny or c.id in confirm or CONFIRM_ALL in confirm)
        }
        self._joins: dict[tuple[int, tuple[Msg, ...]], tuple[tuple[Msg, ...], tuple[Msg, ...]]] = {}

    def run(self, inputs: Mapping[str, object]) -> Estimate:
        spec, rules = self.spec, self.rules
        parsed, given, echo = parse_inputs(spec, inputs, self.defaults)
        rules_now = self.own
        if self.replacing and any(i.name in given for i in self.replacing):
            rules_now = self._with_own_figures(parsed, given)
        params, applied, static = rules_now.params, rules_now.applied, rules_now.static
        outcome = self.calculator(
            Sheet(
                spec,
                params,
                parsed,
                given,
                self.day,
                rules.lpr,
                rules_now.args,
                rules_now.grounds,
                self.asserted,
                rules_now.clean_params,
            )
        )
        if outcome.decisions or rules_now is not self.own:
            conditions, status = _settled(spec, static, outcome.decisions, self.confirm, self.deny)
        else:
            conditions, status = self.undecided
        amount = outcome.amount
        grounds: Grounds = outcome.grounds
        if status == "ineligible":
            amount = Amount(Decimal(0), Decimal(0), "exact", amount.unit)
            # nothing is paid because a condition fails: the zero rests on no figure, only on
            # the rules (changed or not)
            grounds = "override" if changed_rules(applied) else "document"
        amount = _rounded(amount)
        notes = rules_now.notes.get(outcome.used)
        if notes is None:
            notes = rules_now.notes[outcome.used] = _notes(
                rules, spec, params, static, outcome.used, self.day
            )
        # The notes' tuples are shared from one estimate to the next unless the calculator adds
        # to them; renderers may rely on that to encode them once (render/json_.py).
        return record(
            Estimate,
            (
                rules.document.number,
                spec.measure,
                spec.id,
                static.title,
                self.day,
                echo,
                status,
                amount,
                conditions,
                outcome.items,
                self._joined(notes.warnings, outcome.warnings)
                if outcome.warnings
                else notes.warnings,
                self._joined(notes.assumptions, outcome.assumptions)
                if outcome.assumptions
                else notes.assumptions,
                self._joined(notes.interpretations, outcome.interpretations)
                if outcome.interpretations
                else notes.interpretations,
                changed_rules(applied),
                notes.quotes,
                static.digest,
                spec.period,
                spec.beneficiary,
                rules.overlays,
                grounds,
            ),
        )

    def _with_own_figures(self, parsed: Mapping[str, Any], given: AbstractSet[str]) -> _Params:
        """The parameters with the row's replacing inputs (``--tiers``, ``--cit-rate``) in place,
        prepared once for each set of such figures: a batch of enterprises repeats a few rates
        (rd-deduction with --cit-rate on every row paid for its parameters on every row).

        Keyed by each figure's ``repr``: 0.15 and 0.150 are equal Decimals, but are echoed
        differently.
        """
        own = tuple((i.name, repr(parsed[i.name])) for i in self.replacing if i.name in given)
        found = self._own_figures.get(own)
        if found is None:
            params, replaced = apply_overrides(self.spec, self.pairs, parsed, given)
            found = _prepared(self.rules, self.spec, params, tuple(replaced))
            if len(self._own_figures) >= _PER_PLAN_LIMIT:
                self._own_figures.clear()
            self._own_figures[own] = found
        return found

    def _joined(self, common: tuple[Msg, ...], added: tuple[Msg, ...]) -> tuple[Msg, ...]:
        """The plan's notes and those the calculator wrote for this row, as the very tuple of
        an earlier row with the same texts: a calculator that writes a note on every row (the
        LPR's age, an assumption of the years) would otherwise defeat the renderers' caches,
        which know a repeated tuple by its identity (render/json_.py: techreno's JSON line
        cost 35 µs, 25 of them encoding its notes again)."""
        key = (id(common), added)
        try:
            found = self._joins.get(key)
        except TypeError:  # an unhashable argument in a note: join without remembering
            return common + added
        if found is None or found[0] is not common:
            if len(self._joins) >= _PER_PLAN_LIMIT:
                self._joins.clear()
            found = self._joins[key] = (common, common + added)
        return found[1]


#: Joined notes and own figures a plan remembers: a few repeat; those holding one row's own
#: figures do not, and the bound keeps them from filling memory.
_PER_PLAN_LIMIT = 64

_PLANS: dict[tuple[Any, ...], Plan] = {}


def plan(
    rules: RuleSet,
    benefit: str,
    as_of: date | str | None = None,
    *,
    confirm: Iterable[str] = (),
    deny: Iterable[str] = (),
    overrides: Mapping[str, object] | Iterable[str] = (),
) -> Plan:
    """The prepared :class:`Plan` for a benefit as of a day (cached: batches reuse it row after row)."""
    spec = rules.benefit(benefit)
    day = values.today() if as_of is None else values.parse_date(as_of, "--as-of")
    confirm_ids, deny_ids = _ids(confirm, "--confirm"), _ids(deny, "--deny")
    pairs = _override_pairs(overrides)
    key = (
        rules.digest,
        rules.overlays,
        spec.id,
        day,
        tuple(confirm_ids),
        tuple(deny_ids),
        tuple(pairs),
    )
    try:
        found = _PLANS.get(key)
    except TypeError:  # an unhashable override value: prepare without caching
        return Plan(rules, spec, day, confirm_ids, deny_ids, pairs)
    if found is None or found.rules is not rules:
        found = Plan(rules, spec, day, confirm_ids, deny_ids, pairs)
        if len(_PLANS) >= _CACHE_LIMIT:
            _PLANS.clear()
        _PLANS[key] = found
    return found


def missing_calculators(rules: RuleSet) -> list[Message]:
    """Benefits whose rule names a calculator that does not exist (for ``ytsub rules check``)."""
    known = registry()
    return [
        Message(
            "rulefile.calculator_missing",
            file=rules.measures[b.measure].file,
            benefit=b.id,
            calculator=b.calculator,
        )
        for b in rules.benefits.values()
        if b.calculator not in known
    ]


# --- inputs --------------------------------------------------------------------------


def input_key(name: str) -> str:
    """``--guarantee-fee-rate`` and ``guarantee-fee-rate`` are ``guarantee_fee_rate``."""
    return name.strip().removeprefix("--").replace("-", "_")


def parse_inputs(
    spec: Benefit, raw: Mapping[str, object], defaults: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], AbstractSet[str], dict[str, str]]:
    """Parsed values (defaults filled in), the names given, and the given values echoed.

    ``defaults``: what :func:`input_defaults` gives (a Plan prepares them once).
    """
    by_name = spec.options
    parsed: dict[str, Any] = dict(input_defaults(spec) if defaults is None else defaults)
    echo: dict[str, str] = {}  # its keys are the names given
    for key, value in raw.items():
        name = key if key in by_name else input_key(key)
        if name not in by_name:
            options = [i.option for i in spec.inputs]
            hint = did_you_mean("--" + name.replace("_", "-"), options)
            raise UsageError(
                "estimate.no_such_option",
                benefit=spec.id,
                option=name.replace("_", "-"),
                hint=hint,
                listed=listing(options),
            )
        if value is None:
            continue
        if name in echo:
            raise UsageError("estimate.given_twice", option=by_name[name].option)
        input_spec = by_name[name]
        if (
            input_spec.type == "money"
            and type(value) is str
            and len(value) <= values.PLAIN_YUAN_DIGITS
            and value.isdigit()
            and value.isascii()
        ):
            # the common case in a batch: plain yuan (parse_money's own first case, without the
            # call), echoed as written when already canonical
            number = parsed[name] = Decimal(value)
            if input_spec.positive and number == 0:
                raise InputError("estimate.not_positive", name=input_spec.option)
            echo[name] = (
                value if value[0] != "0" or value == "0" else echo_value(input_spec, number)
            )
        elif type(value) is str and (plain := _plain_number(input_spec, value)) is not None:
            # a plain figure (12, 3.5, 85062.50): what parse_input makes of it, without the
            # normalising and the regular expression (tests/test_batch_mixed.py compares them)
            parsed[name] = plain
            echo[name] = echo_value(input_spec, plain)
        else:
            parsed[name] = parse_input(input_spec, value)
            echo[name] = echo_value(input_spec, parsed[name])
    for name in spec.required:
        if name not in echo:
            missing = by_name[name]
            raise UsageError(
                "estimate.needs_option",
                benefit=spec.id,
                option=missing.option,
                label=missing.label.fill({}),
            )
    return parsed, echo.keys(), echo


def _plain_number(spec: InputSpec, text: str) -> Decimal | int | None:
    """``text`` as :func:`parse_input` reads it when it is ASCII digits with at most one
    fraction (a count has none) and within the bounds: else None, for the plain path (which
    also gives the message of a bound not met)."""
    kind = spec.type
    if kind not in ("money", "count", "quantity") or not text.isascii():
        return None
    whole, dot, fraction = text.partition(".")
    if not whole.isdigit() or len(whole) > values.PLAIN_YUAN_DIGITS:
        return None
    if dot and (kind == "count" or not fraction.isdigit() or len(fraction) == 3):
        return None  # 1.000 may be one thousand (values._DOT_THREE_RE): the plain path decides
    number: Decimal | int = int(whole) if kind == "count" else Decimal(text)
    if (spec.positive and number == 0) or (spec.minimum is not None and number < spec.minimum):
        return None
    if kind == "count" and spec.maximum is not None and number > spec.maximum:
        return None
    return number


def input_defaults(spec: Benefit) -> dict[str, Any]:
    """The value of each input that has one when not given: its default, parsed; a flag is off."""
    return {
        i.name: False if i.type == "flag" else _default(i)
        for i in spec.inputs
        if i.type == "flag" or i.default is not None
    }


_DEFAULTS: dict[tuple[str, str, str], Any] = {}


def _default(spec: InputSpec) -> Any:
    """An input's default, parsed once (defaults are rule data, the same on every row)."""
    assert spec.default is not None
    key = (spec.type, spec.option, spec.default)
    if key not in _DEFAULTS:
        _DEFAULTS[key] = parse_input(spec, spec.default)
    return _DEFAULTS[key]


def parse_input(spec: InputSpec, raw: object) -> Any:
    """One input value, checked as its type says; the message names the option."""
    name = spec.option
    if spec.type == "flag":
        return _flag(raw, name)
    if spec.type == "choice":
        return _choice(spec, raw)
    if spec.type == "bands":
        return parse_bands(raw, name)
    if spec.type == "rate":
        value: Any = values.parse_rate(raw, name, maximum=spec.maximum or values.ONE)
    elif spec.type == "date":
        value = values.parse_date(raw, name)
    else:
        if spec.unit in values.FIGURE_UNITS:
            values.refuse_dot_thousands(raw, name)
        value = parse_value(spec.type, raw, name)
        if spec.unit in values.NO_WAN_UNITS and isinstance(raw, str) and _in_wan(raw):
            raise InputError("value.megawatts_in_wan", name=name, text=raw.strip(), value=value)
    if spec.type in ("money", "count", "quantity"):
        if spec.positive and value == 0:
            raise InputError("estimate.not_positive", name=name)
        if spec.type == "count" and spec.maximum is not None and value > spec.maximum:
            raise InputError(
                "estimate.above_maximum",
                name=name,
                text=str(raw).strip(),
                maximum=values.plain_number(spec.maximum),
                basis=spec.maximum_basis.fill({}) if spec.maximum_basis else "",
            )
        if spec.minimum is not None and value < spec.minimum:
            raise InputError(
                "estimate.below_minimum",
                name=name,
                minimum=spec.minimum,
                value=values.plain_number(Decimal(value)),
            )
    elif spec.type == "rate" and spec.positive and value == 0:
        raise InputError("estimate.rate_not_positive", name=name)
    return value


def _in_wan(text: str) -> bool:
    return "万" in text or "亿" in text


def _flag(raw: object, name: str) -> bool:
    if isinstance(raw, bool):
        return raw
    text = values.number_text(raw, name).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError("estimate.flag_not_yes_no", name=name, text=text)


def _choice(spec: InputSpec, raw: object) -> str:
    assert spec.choices is not None
    text = values.number_text(raw, spec.option)
    for choice in spec.choices:
        names = {choice.value, choice.label.zh, *choice.aliases}
        if text in names or text.lower() in {n.lower() for n in names}:
            return choice.value
    allowed = listing(c.value for c in spec.choices)
    hint = did_you_mean(text, [c.value for c in spec.choices])
    raise InputError(
        "estimate.choice_unknown", option=spec.option, text=text, allowed=allowed, hint=hint
    )


def echo_value(spec: InputSpec, value: Any) -> str:
    """How an input is echoed in the estimate: yuan as plain digits, rates as %, dates ISO."""
    if spec.type == "rate":
        return values.format_rate(value)
    if spec.type == "date":
        return str(value.isoformat())
    if spec.type == "flag":
        return "true" if value else "false"
    if spec.type == "bands":
        return format_bands(value)
    if isinstance(value, Decimal):
        return values.plain_number(value)
    return str(value)


# --- overrides -------------------------------------------------------------------------


def _override_pairs(overrides: Mapping[str, object] | Iterable[str]) -> list[tuple[str, object]]:
    if isinstance(overrides, Mapping):
        return list(overrides.items())
    pairs: list[tuple[str, object]] = []
    for item in overrides:
        name, sep, value = str(item).partition("=")
        if not sep or not name.strip():
            raise InputError("estimate.set_not_param_value", item=item)
        pairs.append((name.strip(), value.strip()))
    return pairs


def apply_overrides(
    spec: Benefit,
    pairs: list[tuple[str, object]],
    parsed: Mapping[str, Any],
    given: AbstractSet[str],
) -> tuple[Mapping[str, Param], list[Override]]:
    """The benefit's parameters with ``--set`` values and replacing inputs (``--tiers``) applied."""
    if not pairs and not any(i.replaces and i.name in given for i in spec.inputs):
        return spec.params, []  # the common case: the rule as it stands
    params = dict(spec.params)
    applied: list[Override] = []
    seen: set[str] = set()
    for name, raw in pairs:
        if name not in params:
            hint = did_you_mean(name, params)
            listed = listing(params)
            raise InputError(
                "estimate.set_no_such_param", benefit=spec.id, name=name, hint=hint, listed=listed
            )
        if name in seen:
            raise InputError("estimate.set_twice", name=name)
        seen.add(name)
        old = params[name]
        value = parse_value(old.type, raw, f"--set {name}")
        written = format_bands(value) if old.type == "bands" else values.normalize_text(raw)
        params[name] = old._replace(
            value=value, written=written, quote=None, assumed=False, basis=None
        )
        applied.append(Override(name, old.written, written, "--set", False, old.assumed))
    for input_spec in spec.inputs:
        if input_spec.replaces and input_spec.name in given:
            target = input_spec.replaces
            if target in seen:
                raise InputError("estimate.set_and_option", option=input_spec.option, target=target)
            old = params[target]
            value = parsed[input_spec.name]
            written = echo_value(input_spec, value)
            params[target] = old._replace(
                value=value, written=written, quote=None, assumed=False, basis=None
            )
            applied.append(
                Override(
                    target,
                    old.written,
                    written,
                    input_spec.option,
                    input_spec.own_figure,
                    old.assumed,
                )
            )
    return params, applied


def param_grounds(
    rules: RuleSet, spec: Benefit, params: Mapping[str, Param], applied: tuple[Override, ...]
) -> dict[str, Grounds]:
    """The parameters that are not quoted from the clause, each with its grounds.

    ``override``: changed by ``--set``, an option such as ``--tiers``, or a ``--rules`` file
    (the benefit's own, or lpr.yaml for the LPR table); ``assumption``: ``assumed: true``;
    ``interpretation``: named by a reading that changes the amount (an interpretation's
    ``params``). An assumed *date* (a national rule's term) bounds when a benefit applies,
    which the warnings say, not how much: it does not weaken the figures. The calculator's
    sheet follows these into every line (calc/sheet.py).
    """
    key = ("grounds", rules.digest, rules.overlays, spec.id, applied)
    found = _CACHE.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    overlaid = {name.replace("\\", "/").rsplit("/", 1)[-1] for name in rules.overlays}
    own_file = rules.measures[spec.measure].file in overlaid
    changed = {o.param for o in applied if not o.own_figure}  # an own figure is an input
    grounds: dict[str, Grounds] = {}
    for name, param in params.items():
        if param.type == "date" and name not in changed and not own_file:
            continue  # a date bounds when a benefit applies (a condition, warned of), not how much
        if own_file or name in changed:
            grounds[name] = "override"
        elif param.assumed:
            grounds[name] = "assumption"
        elif name in spec.interpreted:
            grounds[name] = "interpretation"
    if "lpr.yaml" in overlaid:
        grounds[LPR_TABLE] = "override"
    return _remember(key, grounds)  # type: ignore[no-any-return]


def changed_rules(applied: tuple[Override, ...]) -> tuple[Override, ...]:
    """What an estimate lists as its overrides: ``applied`` without the claimant's own figures."""
    if not any(o.own_figure for o in applied):
        return applied
    return tuple(o for o in applied if not o.own_figure)


def _digest(base: str, applied: list[Override]) -> str:
    """The rules digest, changed by every override so that mixed rule sets never look alike
    (a claimant's own figure is an input: the rules are the same)."""
    applied = [o for o in applied if not o.own_figure]
    if not applied:
        return base
    import hashlib  # only here: loading OpenSSL costs ~2 ms of every start-up

    seed = base + "".join(f"\0{o.param}={o.value}" for o in applied)
    return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()


# --- conditions ------------------------------------------------------------------------------


def _ids(raw: Iterable[str], option: str) -> list[str]:
    if isinstance(raw, str):
        raw = [raw]
    ids: list[str] = []
    for item in raw:
        parts = [part.strip() for part in str(item).replace(";", ",").split(",")]
        if not any(parts):
            raise InputError("estimate.empty_condition", option=option)
        ids.extend(part for part in parts if part)
    return ids


def settle_conditions(
    spec: Benefit,
    texts: Mapping[str, Msg],
    decisions: Mapping[str, Decision],
    confirm: list[str],
    deny: list[str],
) -> tuple[Condition, ...]:
    """Each condition met, unmet or unconfirmed: from the inputs first, then --confirm/--deny."""
    known = [c.id for c in spec.conditions]
    for option, ids in (("--confirm", confirm), ("--deny", deny)):
        for cid in ids:
            if cid == CONFIRM_ALL and option == "--confirm":
                continue
            if cid not in known:
                listed = listing(known)
                hint = did_you_mean(cid, known)
                raise InputError(
                    "estimate.no_such_condition",
                    option=option,
                    benefit=spec.id,
                    cid=cid,
                    hint=hint,
                    listed=listed,
                )
    both = sorted(set(confirm) & set(deny))
    if both:
        raise InputError("estimate.confirm_and_deny", both=both[0])
    confirm_all = CONFIRM_ALL in confirm
    settled = []
    for cond in spec.conditions:
        text = texts[cond.id]
        decision = decisions.get(cond.id)
        if decision is not None:
            asserted = cond.id in confirm or cond.id in deny
            if asserted and (cond.id in confirm) != decision.met:
                source = f"--{(decision.decided_by or 'input').replace('_', '-')}"
                word = "--confirm" if cond.id in confirm else "--deny"
                raise InputError(
                    "estimate.condition_decided", word=word, cond=cond.id, source=source
                )
            status = "met" if decision.met else "unmet"
            settled.append(Condition(cond.id, text, status, decision.reason, decision.decided_by))  # type: ignore[arg-type]
        elif cond.id in deny:
            reason = msg("以 --deny {id} 否定", "denied with --deny {id}", id=cond.id)
            settled.append(Condition(cond.id, text, "unmet", reason))
        elif cond.id in confirm or confirm_all:
            settled.append(Condition(cond.id, text, "met"))
        else:
            settled.append(Condition(cond.id, text, "unconfirmed"))
    return tuple(settled)


def _settled(
    spec: Benefit,
    static: _Static,
    decisions: Mapping[str, Decision],
    confirm: list[str],
    deny: list[str],
) -> tuple[tuple[Condition, ...], Status]:
    """The conditions and the status, cached when the inputs decided nothing row-specific."""
    cacheable = all(d.reason is None for d in decisions.values())
    key = (
        ("settled", static.key, tuple(confirm), tuple(deny), tuple(decisions.items()))
        if cacheable
        else None
    )
    found = None if key is None else _CACHE.get(key)
    if found is None:
        conditions = settle_conditions(spec, static.condition_texts, decisions, confirm, deny)
        found = (conditions, _status(spec, conditions))
        if key is not None:
            _remember(key, found)
    return found


def _status(spec: Benefit, conditions: tuple[Condition, ...]) -> Status:
    """Ineligible if a condition is unmet, unless it limits only part of the amount (partial:
    the calculator has removed that part); conditional if one is unconfirmed."""
    partial = {c.id for c in spec.conditions if c.partial}
    if any(c.status == "unmet" and c.id not in partial for c in conditions):
        return "ineligible"
    if any(c.status == "unconfirmed" for c in conditions):
        return "conditional"
    return "eligible"


def _rounded(amount: Amount) -> Amount:
    if amount.unit != "CNY":
        return amount
    high = None if amount.high is None else values.to_fen(amount.high)
    return record(Amount, (values.to_fen(amount.low), high, amount.basis, amount.unit))


# --- what stays the same from one estimate of a benefit to the next --------------------
#
# A batch estimates the same benefit thousands of times: the texts filled from the
# parameters, the warnings of an as-of date and the quotes behind a set of parameters are
# computed once per rule set (its digest), benefit and overrides, and reused.

_CACHE: dict[tuple[Any, ...], Any] = {}
_CACHE_LIMIT = 4096


def _remember(key: tuple[Any, ...], value: Any) -> Any:
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = value
    return value


class _Static(NamedTuple):
    title: Msg
    args: dict[str, Any]
    condition_texts: dict[str, Msg]
    digest: str
    key: tuple[Any, ...]


class _Params(NamedTuple):
    """A benefit's parameters as a calculation uses them, and what is worked out from them once."""

    params: Mapping[str, Param]
    applied: tuple[Override, ...]
    static: _Static
    grounds: dict[str, Grounds]  # param_grounds
    clean_params: frozenset[Any]
    args: dict[str, Any]  # the parameters as message arguments
    notes: dict[tuple[str, ...], _Notes]  # by the parameters a calculation used


def _prepared(
    rules: RuleSet, spec: Benefit, params: Mapping[str, Param], applied: tuple[Override, ...]
) -> _Params:
    grounds = param_grounds(rules, spec, params, applied)
    return _Params(
        params,
        applied,
        _static(rules, spec, params, applied),
        grounds,
        clean_params(params, grounds),
        {name: param.as_arg() for name, param in params.items()},
        {},
    )


class _Notes(NamedTuple):
    warnings: tuple[Msg, ...]
    assumptions: tuple[Msg, ...]
    interpretations: tuple[Msg, ...]
    quotes: tuple[str, ...]


def _static(
    rules: RuleSet, spec: Benefit, params: Mapping[str, Param], applied: tuple[Override, ...]
) -> _Static:
    key = (rules.digest, spec.id, applied)
    found = _CACHE.get(key)
    if found is None:
        args = spec.param_args(params)
        found = _remember(
            key,
            _Static(
                title=spec.title.fill({}),
                args=args,
                condition_texts={c.id: c.text.fill(args) for c in spec.conditions},
                digest=_digest(rules.digest, list(applied)),
                key=key,
            ),
        )
    return found  # type: ignore[no-any-return]


def _notes(
    rules: RuleSet,
    spec: Benefit,
    params: Mapping[str, Param],
    static: _Static,
    used_names: tuple[str, ...],
    day: date,
) -> _Notes:
    """Warnings, assumptions, interpretations and quotes: they depend on the parameters used."""
    # the digest is of the rules' content; who can write the overlay is not in it
    risks = tuple(str(risk) for risk in rules.overlay_risks)
    key = (*static.key, day, used_names, risks)
    found = _CACHE.get(key)
    if found is None:
        used = [params[name] for name in used_names]
        overridden = {o.param for o in static.key[2]}
        found = _remember(
            key,
            _Notes(
                warnings=tuple(_warnings(rules, spec, params, day)),
                assumptions=tuple(_assumptions(used)),
                interpretations=tuple(_interpretations(spec, params, used)),
                quotes=_quotes(rules, spec, used, overridden),
            ),
        )
    return found  # type: ignore[no-any-return]


# --- what the reader must know ------------------------------------------------------------------


def _warnings(rules: RuleSet, spec: Benefit, params: Mapping[str, Param], day: date) -> list[Msg]:
    found = []
    window = spec.effective
    if window is not None:
        label = window.label.fill({}) if window.label else spec.title.fill({})
        if window.until is not None and day > window.until:
            found.append(
                msg(
                    "已过期限：{label}截至{until}，{day}已过",
                    "deadline passed: {label} ran until {until}; {day} is after it",
                    label=label,
                    until=window.until,
                    day=day,
                )
            )
        if window.start is not None and day < window.start:
            found.append(
                msg(
                    "尚未生效：{label}自{start}起适用",
                    "not yet in force: {label} applies from {start}",
                    label=label,
                    start=window.start,
                )
            )
    if spec.funding == "provincial":
        found.append(
            msg(
                "资金来自省财政：市里协助争取，是否获批由省级决定",
                "provincial funds: the city only helps to apply for them (争取省财政); the province decides",
            )
        )
    elif spec.funding == "province_and_city":
        found.append(
            msg(
                "部分为省级资金：省级部分按省级规则确定，其余由条文所列的本级财政承担（市财政或市县两级财政）",
                "provincial funds for part of it: the province's share is decided under provincial rules,"
                " the rest comes from the local budgets the clause names (the city's, or the city and"
                " county budgets, 市县两级财政)",
            )
        )
    horizon = rules.document.horizon
    if horizon.start is not None and day < horizon.start:
        found.append(
            msg(
                "本文件为{year}年制定的政策措施，自{start}起适用；{day}时尚未适用",
                "the package was issued for {year} and applies from {start}; on {day} it did not apply yet",
                year=str(horizon.start.year),
                start=horizon.start,
                day=day,
            )
        )
    if horizon.until is not None and day > horizon.until:
        found.append(
            msg(
                "本文件为{year}年制定的政策措施；请核实该措施在{day}是否仍然适用",
                "the package was issued for {year}; check that the measure still applies on {day}",
                year=str(horizon.until.year),
                day=day,
            )
        )
    args = spec.param_args(params)
    found.extend(w.fill(args) for w in spec.warnings)
    # an overlay others can write: said on every answer, as the overlay's files are named
    found.extend(msg(risk.render("zh"), risk.render("en")) for risk in rules.overlay_risks)
    return found


def _assumptions(used: list[Param]) -> list[Msg]:
    notes = []
    for param in used:
        if param.assumed and param.basis is not None:
            label = param.label.fill({}) if param.label else Msg(param.name, param.name)
            notes.append(
                msg(
                    "{label}：{value}——文件未规定，为假设（{basis}）",
                    "{label}: {value} is an assumption, not in the document ({basis})",
                    label=label,
                    value=param.written,
                    basis=param.basis.fill({}),
                )
            )
    return notes


def _interpretations(spec: Benefit, params: Mapping[str, Param], used: list[Param]) -> list[Msg]:
    args = spec.param_args(params)
    notes = [text.fill(args) for text in spec.interpretations]
    notes += [p.interpretation.fill(args) for p in used if p.interpretation is not None]
    return notes


def normalize_quote(text: str) -> str:
    """Quotes are compared after NFKC and with every whitespace removed (the text came from a PDF)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _quotes(
    rules: RuleSet, spec: Benefit, used: list[Param], overridden: set[str]
) -> tuple[str, ...]:
    """The sentences behind the figure, in the order of the measure's text, none inside another."""
    quotes = [p.quote for p in used if p.quote and p.name not in overridden]
    quotes += [c.quote for c in spec.conditions if c.quote]
    text = normalize_quote(rules.measures[spec.measure].text)
    unique: list[str] = []
    for quote in quotes:
        if quote not in unique:
            unique.append(quote)
    kept = [
        q
        for q in unique
        if not any(q != other and normalize_quote(q) in normalize_quote(other) for other in unique)
    ]
    return tuple(sorted(kept, key=lambda q: text.find(normalize_quote(q))))
