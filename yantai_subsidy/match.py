"""``ytsub match``: every benefit a profile may claim, what more it needs, and the total.

For each benefit a profile of its kind may claim (rules/facts.yaml, ``kinds``), the facts
and the benefit's own section give its inputs. A benefit runs when the profile says
something about it (a fact it reads, its section, one of its conditions) and gives every
input it requires; otherwise it is listed with the facts that would unlock it. The
amounts are the engine's, unchanged (its notes name facts where they named options). The
estimates are sorted into:

* claimable: eligible or conditional, largest maximum first;
* ineligible: a condition is unmet (the reason is the estimate's);
* paid to others: benefits paid to someone else on the profile's account (a childcare
  institution for a family's child): shown, never added to the profile's total.

The total is a range. Amounts of different periods (one-off, a year, months, …) are added
per period, and across periods only as an explicitly labelled sum of the amounts as
estimated. Benefits that may not be combined are counted once per group: the variants of
one benefit (a choice listed as alternatives, as measure 52's long-duration and
demonstration storage) and benefits the rules mark ``not_combinable_with`` each other.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from . import values
from .calc.sheet import figures_shown
from .engine import CONFIRM_ALL, echo_value, estimate, parse_input
from .errors import Edited, InputError, Message, YtsubError
from .profile import Profile, check_profile
from .records import NamedTuple
from .result import Condition, Estimate, Grounds, Msg, msg, weakest
from .ruleset import Benefit, RuleSet, Text
from .vocabulary import Vocabulary

ZERO = Decimal(0)

#: The order periods are totalled and shown in.
PERIODS = ("one_off", "yearly", "quarterly", "monthly", "multi_year", "per_event", "none")


class Entry(NamedTuple):
    """One estimate of the match, with the variant it was run for and its group, if any."""

    estimate: Estimate
    variant: tuple[tuple[str, str], ...] = ()  # (fact or benefits.b.input, value) of listed choices
    group: str | None = None  # the label of its group of alternatives ("A")

    @property
    def key(self) -> str:
        """``techloan``, or ``storage-compensation [storage_project_type=demo]`` for a variant."""
        if not self.variant:
            return self.estimate.benefit
        inner = ", ".join(f"{name}={value}" for name, value in self.variant)
        return f"{self.estimate.benefit} [{inner}]"


class Need(NamedTuple):
    """A benefit the profile cannot be matched against yet, and what it lacks."""

    benefit: str
    measure: int
    title: Text
    beneficiary: str
    missing: tuple[str, ...]  # facts (benefits.BENEFIT.INPUT for its own inputs), all required
    one_of: tuple[str, ...]  # facts of which any one would do
    given: tuple[str, ...]  # facts the profile already gives that it reads
    started: bool = False  # the profile gives one of its facts or names it (section, condition)


class Group(NamedTuple):
    """Estimates that may not be added together: only one of them counts in the total."""

    label: str
    members: tuple[str, ...]  # entry keys
    counted: str  # the entry whose amount counts: the largest maximum
    low: Decimal  # the largest minimum of the members: what choosing well secures
    high: Decimal | None  # the largest maximum (None when one is unstated)
    reasons: tuple[Msg, ...]


class PeriodTotal(NamedTuple):
    period: str
    low: Decimal
    high: Decimal
    benefits: tuple[str, ...]  # entry keys counted (a group by the member that counts)
    #: the weakest grounds of the amounts of this period (not of the whole total)
    grounds: Grounds = "document"


class Total(NamedTuple):
    """The claimable amounts added: per period, and over all periods, as a range in yuan."""

    low: Decimal
    high: Decimal
    periods: tuple[PeriodTotal, ...]
    groups: tuple[Group, ...]
    unstated: tuple[str, ...]  # no stated maximum (amount unpublished): their high is not added
    not_money: tuple[str, ...]  # amounts in other units (MW, MWh): not added
    own_money: tuple[str, ...]  # the claimant's own money (a provident fund withdrawal): not added
    to_confirm: int  # claimable estimates with conditions still to confirm
    #: the weakest grounds of the amounts added (result.GROUNDS): does any part rest on an
    #: assumption, a reading or changed rules?
    grounds: Grounds = "document"


class Match(NamedTuple):
    profile: Profile
    as_of: date
    document: str
    rules_digest: str
    claimable: tuple[Entry, ...]
    needs: tuple[Need, ...]
    ineligible: tuple[Entry, ...]
    others: tuple[Entry, ...]
    total: Total
    #: (``express-park.networks``, ``express_park_networks``): conditions still to confirm that a
    #: fact of the profile decides, and that fact: giving it settles them, checked against the
    #: clause's figure, where a bare ``confirm`` would take them on trust
    to_give: tuple[tuple[str, str], ...] = ()


def match(
    rules: RuleSet,
    profile: Profile | Mapping[str, object],
    as_of: date | str | None = None,
    *,
    today: date | None = None,
) -> Match:
    """Match a profile against every benefit (``as_of`` wins over the profile's own date).

    ``today``: the day when neither gives one (a run of many profiles fixes it once, so that
    a run across midnight matches every client on one day); else today in Yantai.
    """
    if not isinstance(profile, Profile):
        profile = check_profile(dict(profile), rules)
    day = values.parse_date(as_of, "--as-of") if as_of is not None else None
    day = day or profile.as_of or today or values.today()
    kind = profile.kind
    claimable: list[Entry] = []
    ineligible: list[Entry] = []
    others: list[Entry] = []
    needs: list[Need] = []
    for benefit in rules.benefits.values():
        receives = benefit.beneficiary in kind.receives
        if not receives and benefit.beneficiary not in kind.on_behalf:
            continue
        inputs, listed, given = _inputs(rules, profile, benefit)
        asked = bool(given) or profile.named(benefit.id)
        need = _need(rules, benefit, {*inputs, *listed}, given, asked)
        if need is not None:
            if receives or asked:
                needs.append(need)
            continue
        # a choice given as a list runs once per value (and per combination of such lists)
        variants = [
            tuple(zip(listed, chosen, strict=True))
            for chosen in itertools.product(*listed.values())
        ]
        for variant in variants:
            entry = Entry(_estimate(rules, profile, benefit, {**inputs, **dict(variant)}, day))
            if variant:
                entry = entry._replace(variant=_variant_names(rules, benefit, variant))
            if entry.estimate.status == "ineligible":
                ineligible.append(entry)
            elif receives:
                claimable.append(entry)
            else:
                others.append(entry)
    claimable, groups = _group(rules, claimable)
    claimable.sort(key=_largest_first)
    others.sort(key=_largest_first)
    needs.sort(key=_closest_first)
    return Match(
        profile=profile,
        as_of=day,
        document=rules.document.number,
        rules_digest=rules.digest,
        claimable=tuple(claimable),
        needs=tuple(needs),
        ineligible=tuple(ineligible),
        others=tuple(others),
        total=_total(claimable, groups, rules),
        to_give=_to_give(rules, (*claimable, *others)),
    )


def _to_give(rules: RuleSet, entries: Iterable[Entry]) -> tuple[tuple[str, str], ...]:
    """The unconfirmed conditions that a fact of the profile decides, with that fact (a benefit's
    own input, such as a threshold the document does not publish, is no fact: confirm those)."""
    vocabulary = rules.vocabulary()
    found: dict[str, str] = {}
    for entry in entries:
        benefit = rules.benefits[entry.estimate.benefit]
        decided = {c.id: c.decided_by for c in benefit.conditions if c.decided_by}
        # a fact that settles a condition it is not an input to (local_homes → no_home)
        settled = {s.condition: s.fact for s in vocabulary.settles.get(benefit.id, ())}
        for cond in entry.estimate.conditions:
            if cond.status != "unconfirmed":
                continue
            by = decided.get(cond.id)
            fact = settled.get(cond.id) if by is None else vocabulary.fact_of(benefit.id, by)
            if fact is not None:
                found.setdefault(f"{benefit.id}.{cond.id}", fact)
    return tuple(found.items())


# --- one benefit -----------------------------------------------------------------------------


def _inputs(
    rules: RuleSet, profile: Profile, benefit: Benefit
) -> tuple[dict[str, object], dict[str, tuple[object, ...]], tuple[str, ...]]:
    """The benefit's inputs from the profile, its choices given as lists, the facts it reads."""
    vocabulary = rules.vocabulary()
    inputs: dict[str, object] = {}
    listed: dict[str, tuple[object, ...]] = {}
    given: list[str] = []
    for spec in benefit.inputs:
        fact = vocabulary.fact_of(benefit.id, spec.name)
        if fact is not None and fact in profile.facts:
            found = profile.facts[fact]
            given.append(fact)
        elif fact is None and spec.name in profile.sections.get(benefit.id, {}):
            found = profile.sections[benefit.id][spec.name]
        elif (
            fact is not None
            and fact in vocabulary.implied
            and (stated := _implied(rules, vocabulary, profile, fact)) is not None
        ):
            inputs[spec.name] = stated.value
            continue
        else:
            continue
        if len(found) == 1:
            inputs[spec.name] = found[0]
        else:
            listed[spec.name] = found
    return inputs, listed, tuple(given)


def _confirmed(profile: Profile, benefit: str, condition: str) -> bool:
    """Does the profile confirm the condition (by its id, or all of its benefit's not denied)?"""
    confirmed = profile.confirm.get(benefit, ())
    if condition in confirmed:
        return True
    return CONFIRM_ALL in confirmed and condition not in profile.deny.get(benefit, ())


class Implied(NamedTuple):
    """A fact a confirmation states: the figure as written, the note that says so, and how sure
    it is (a reading of the confirmed condition; an override when the profile changed it)."""

    value: str
    note: Msg
    grounds: Grounds


def _implied(rules: RuleSet, vocabulary: Vocabulary, profile: Profile, fact: str) -> Implied | None:
    """A fact the profile states by confirming a condition (facts.yaml ``implies``: a confirmed
    pollution-control enterprise is taxed at measure 12's 15%), and the note that says so."""
    for link in vocabulary.implied.get(fact, ()):
        if not _confirmed(profile, link.benefit, link.condition):
            continue
        param = rules.benefits[link.benefit].params[link.param]
        written = profile.overrides.get(link.benefit, {}).get(link.param)
        value = param.written if written is None else str(written)
        arg = param.as_arg() if written is None else value
        grounds: Grounds = "interpretation" if written is None else "override"
        return Implied(value, Msg(link.note.zh, link.note.en, (("value", arg),)), grounds)
    return None


def _resting_on(est: Estimate, figure: Decimal, grounds: Grounds) -> Estimate:
    """The estimate with ``figure`` (a fact ytsub stated, not the user) at most as sure as
    ``grounds``: the amount, and every line from the first that shows the figure on (a later
    line may be computed from it without showing it), as a line resting on a reading is."""
    items = list(est.items)
    first = next((n for n, item in enumerate(items) if figure in figures_shown(item.formula)), None)
    if first is not None:
        for n in range(first, len(items)):
            items[n] = items[n]._replace(grounds=weakest(items[n].grounds, grounds))
    return est._replace(items=tuple(items), grounds=weakest(est.grounds, grounds))


def _settled(
    rules: RuleSet, vocabulary: Vocabulary, profile: Profile, benefit: Benefit
) -> tuple[dict[str, Msg | None], tuple[Msg, ...]]:
    """Conditions of the benefit a fact of the profile answers (facts.yaml ``settles``), unless
    the profile confirms or denies them itself: each id → None when met, its reason when unmet;
    and the readings of those met, to say on the estimate."""
    decided: dict[str, Msg | None] = {}
    notes: list[Msg] = []
    links = vocabulary.settles.get(benefit.id, ())
    if not links:
        return decided, ()
    said = {*profile.confirm.get(benefit.id, ()), *profile.deny.get(benefit.id, ())}
    for link in links:
        values_given = profile.facts.get(link.fact)
        if values_given is None or link.condition in said:
            continue
        fact = vocabulary.facts[link.fact]
        spec = rules.benefits[fact.inputs[0][0]].options[fact.inputs[0][1]]
        count = parse_input(spec, values_given[0])
        if count == link.met_when:
            decided[link.condition] = None
            notes.append(link.met.fill({}))
        else:
            decided[link.condition] = Msg(link.unmet.zh, link.unmet.en, (("value", count),))
    return decided, tuple(notes)


def _doubts(
    rules: RuleSet, vocabulary: Vocabulary, profile: Profile, benefit: Benefit
) -> tuple[Msg, ...]:
    """What the profile's facts say against a figure of the benefit (facts.yaml ``warns``: a
    small low-profit enterprise is not taxed at the standard 25%)."""
    found: list[Msg] = []
    for warn in vocabulary.warns.get(benefit.id, ()):  # few benefits have any
        if warn.unless_set is not None and warn.unless_set in profile.overrides.get(benefit.id, {}):
            continue
        if warn.unless is not None and (
            warn.unless in profile.facts
            or _implied(rules, vocabulary, profile, warn.unless) is not None
        ):
            continue
        if warn.condition is not None:
            if _confirmed(profile, *warn.condition):
                found.append(warn.note.fill({}))
            continue
        given = profile.facts.get(warn.fact or "")
        if given is None or warn.fact is None:
            continue
        fact = vocabulary.facts[warn.fact]
        spec = rules.benefits[fact.inputs[0][0]].options[fact.inputs[0][1]]
        chosen = [str(parse_input(spec, value)) for value in given]
        for value in chosen:
            if value in warn.values:
                found.append(Msg(warn.note.zh, warn.note.en, (("value", value),)))
                break
    return tuple(found)


def profile_name(rules: RuleSet, benefit: Benefit, name: str) -> str:
    """How a profile names a benefit's input: its fact, or ``benefits.BENEFIT.INPUT`` for its own."""
    return rules.vocabulary().fact_of(benefit.id, name) or f"benefits.{benefit.id}.{name}"


def _need(
    rules: RuleSet, benefit: Benefit, inputs: set[str], given: tuple[str, ...], asked: bool
) -> Need | None:
    """What the profile lacks for the benefit to run, or None when it can run."""
    missing = tuple(
        profile_name(rules, benefit, spec.name)
        for spec in benefit.inputs
        if spec.required and spec.name not in inputs
    )
    one_of: tuple[str, ...] = ()
    group = benefit.requires_one_of
    if group and not any(name in inputs for name in group):
        one_of = tuple(profile_name(rules, benefit, name) for name in group)
    if not missing and not one_of:
        if asked:
            return None
        # Nothing is required (tour-guide counts one guide by default): any of its facts says
        # that the profile is concerned; a benefit without inputs is named in the profile.
        one_of = tuple(
            fact
            for spec in benefit.inputs
            if (fact := rules.vocabulary().fact_of(benefit.id, spec.name)) is not None
        )
    return Need(
        benefit=benefit.id,
        measure=benefit.measure,
        title=benefit.title,
        beneficiary=benefit.beneficiary,
        missing=missing,
        one_of=one_of,
        given=given,
        started=asked,
    )


def _variant_names(
    rules: RuleSet, benefit: Benefit, variant: tuple[tuple[str, object], ...]
) -> tuple[tuple[str, str], ...]:
    named = []
    for name, value in variant:
        spec = benefit.options[name]
        named.append(
            (profile_name(rules, benefit, name), echo_value(spec, parse_input(spec, value)))
        )
    return tuple(named)


_OPTION = re.compile(r"--[a-z0-9][a-z0-9-]*")


class _ProfileWords:
    """Restates a benefit's ``--option`` in the profile's words: ``facts.rd``, ``benefits.techreno.years``."""

    def __init__(self, rules: RuleSet, benefit: Benefit) -> None:
        self.names = {
            spec.option: (
                f"facts.{fact}"
                if (fact := rules.vocabulary().fact_of(benefit.id, spec.name))
                else f"benefits.{benefit.id}.{spec.name}"
            )
            for spec in benefit.inputs
        }
        self.names |= {
            "--confirm": "confirm",
            "--deny": "deny",
            "--set": f"benefits.{benefit.id}.set",
        }

    def text(self, text: str) -> str:
        return _OPTION.sub(lambda found: self.names.get(found.group(0), found.group(0)), text)

    def columns(self, text: str) -> list[str]:
        """The columns of a client list's row an error names, in order (``rd`` for ``--rd``:
        a row's columns are the profile's key paths without ``facts.``)."""
        return [self.column_of(self.names[o]) for o in _OPTION.findall(text) if o in self.names]

    @staticmethod
    def column_of(path: str) -> str:
        return path.removeprefix("facts.")

    def msg(self, text: Msg) -> Msg:
        args = tuple(
            (name, self.msg(arg) if isinstance(arg, Msg) else arg) for name, arg in text.args
        )
        return Msg(self.text(text.zh), self.text(text.en), args)

    def msgs(self, texts: tuple[Msg, ...]) -> tuple[Msg, ...]:
        return tuple(self.msg(t) for t in texts)


class _RowWords:
    """An error of a benefit said of a client list's row: each option named as the column the
    user wrote (``column rd`` / ``列 rd``), in the language it is rendered in."""

    __slots__ = ("err", "words")

    def __init__(self, err: YtsubError, words: _ProfileWords) -> None:
        self.err, self.words = err, words

    def render(self, lang: str = "en") -> str:
        def column(found: re.Match[str]) -> str:
            path = self.words.names.get(found.group(0))
            if path is None:
                return found.group(0)
            return Message("client.column", column=self.words.column_of(path)).render(lang)

        return _OPTION.sub(column, self.err.render(lang))

    def __str__(self) -> str:
        return self.render("en")


class BenefitError(InputError):
    """An error met while estimating one benefit of a profile; ``columns``: for a client list's
    row, the columns it names, in order (the first is the result's ``column``)."""

    def __init__(self, message: Message, columns: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.columns = tuple(columns)


def _estimate(
    rules: RuleSet, profile: Profile, benefit: Benefit, inputs: Mapping[str, object], day: date
) -> Estimate:
    """The engine's estimate, its notes (and errors) restated in the profile's words."""
    words = _ProfileWords(rules, benefit)
    vocabulary = rules.vocabulary()
    settled, readings = _settled(rules, vocabulary, profile, benefit)
    implied: list[Msg] = []  # the notes of inputs a confirmed condition stated (facts.yaml implies)
    stated_figures: list[tuple[Decimal, Grounds]] = []
    for spec in benefit.inputs:
        fact = vocabulary.fact_of(benefit.id, spec.name)
        if fact is None or fact not in vocabulary.implied:
            continue
        if fact not in profile.facts and spec.name in inputs:
            stated = _implied(rules, vocabulary, profile, fact)
            if stated is not None:
                implied.append(stated.note)
                stated_figures.append((parse_input(spec, stated.value), stated.grounds))
    confirm = [*profile.confirm.get(benefit.id, ()), *(c for c, r in settled.items() if r is None)]
    deny = [*profile.deny.get(benefit.id, ()), *(c for c, r in settled.items() if r is not None)]
    try:
        est = estimate(
            rules,
            benefit.id,
            inputs,
            day,
            confirm=confirm,
            deny=deny,
            overrides=profile.overrides.get(benefit.id, {}),
        )
    except YtsubError as err:
        if profile.listed is not None:  # a client list's row: its columns, not key paths
            said: _RowWords | Edited = _RowWords(err, words)
            columns = words.columns(err.render("en"))
        else:
            said, columns = Edited(err, words.text), []
        message = Message(
            "match.benefit_error", source=profile.source, benefit=benefit.id, text=said
        )
        raise BenefitError(message, columns) from None
    denied = profile.deny.get(benefit.id, ())

    def reason(c: Condition) -> Msg | None:
        if c.id in denied and c.status == "unmet" and c.decided_by is None:
            return DENIED
        if c.status == "unmet" and settled.get(c.id) is not None:
            return settled[c.id]  # a fact of the profile answered it (facts.yaml settles)
        return None if c.reason is None else words.msg(c.reason)

    for figure, grounds in stated_figures:
        est = _resting_on(est, figure, grounds)
    return est._replace(
        conditions=tuple(c._replace(reason=reason(c)) for c in est.conditions),
        # the profile's key that changed a rule (benefits.techloan.set), not an option of estimate
        overrides=tuple(o._replace(by=words.names.get(o.by, o.by)) for o in est.overrides),
        # a figure a confirmation stated is heeded where the table shows it, as a warning
        warnings=(
            *implied,
            *_doubts(rules, vocabulary, profile, benefit),
            *words.msgs(est.warnings),
        ),
        assumptions=words.msgs(est.assumptions),
        interpretations=(*readings, *words.msgs(est.interpretations)),
    )


DENIED = msg("档案中以 deny 否定", "denied in the profile (deny)")


def _closest_first(need: Need) -> tuple[bool, bool, int, int, str]:
    """Benefits the profile has started on first, then those that need the fewest facts (and
    last those that need none but to be named)."""
    wanted = len(need.missing) + bool(need.one_of)
    return (not need.started, wanted == 0, wanted, need.measure, need.benefit)


def _largest_first(entry: Entry) -> tuple[bool, bool, Decimal, Decimal, int, str]:
    amount = entry.estimate.amount
    return (
        amount.unit != "CNY",
        amount.high is None,
        -(amount.high or ZERO),
        -amount.low,
        entry.estimate.measure,
        entry.key,
    )


# --- benefits that may not be combined -----------------------------------------------------------


VARIANTS = msg(
    "同一项补助只申领一次：各类型的估算互为替代",
    "one benefit, claimed once: its variants are alternatives",
)


def _not_combined(measure: int) -> Msg:
    return msg(
        "第{n}条规定不同时享受",
        "measure {n} says they may not be combined (不同时享受)",
        n=measure,
    )


def _group(rules: RuleSet, entries: list[Entry]) -> tuple[list[Entry], tuple[Group, ...]]:
    """Label the claimable entries that may not be added together, by groups (A, B, …)."""
    parent = {e.key: e.key for e in entries}
    reasons: dict[str, set[Msg]] = {}

    def root(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    def join(a: str, b: str, reason: Msg) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra
        reasons.setdefault(a, set()).add(reason)
        reasons.setdefault(b, set()).add(reason)

    for first, second in itertools.combinations(entries, 2):
        a, b = rules.benefits[first.estimate.benefit], rules.benefits[second.estimate.benefit]
        if b.id in a.not_combinable_with or a.id in b.not_combinable_with:
            # the rule marks it (a benefit naming itself: its variants, as measure 52 says)
            join(first.key, second.key, _not_combined(a.measure))
        elif a.id == b.id:
            join(first.key, second.key, VARIANTS)
    members: dict[str, list[Entry]] = {}
    for entry in entries:
        members.setdefault(root(entry.key), []).append(entry)
    groups: list[Group] = []
    labels: dict[str, str] = {}
    for found in members.values():
        if len(found) < 2:
            continue
        label = chr(ord("A") + len(groups))
        counted = min(found, key=_largest_first)
        highs = [e.estimate.amount.high for e in found]
        why = {r for e in found for r in reasons.get(e.key, set())}
        order = sorted(why, key=lambda r: (r != VARIANTS, r.en, r.args))
        groups.append(
            Group(
                label=label,
                members=tuple(e.key for e in sorted(found, key=_largest_first)),
                counted=counted.key,
                low=max(e.estimate.amount.low for e in found),
                high=None
                if any(h is None for h in highs)
                else max(h for h in highs if h is not None),
                reasons=tuple(order),
            )
        )
        for entry in found:
            labels[entry.key] = label
    return [e._replace(group=labels.get(e.key)) for e in entries], tuple(groups)


# --- the total --------------------------------------------------------------------------------------


def _total(entries: Iterable[Entry], groups: tuple[Group, ...], rules: RuleSet) -> Total:
    """The range over the claimable entries; a benefit whose amount is the claimant's own
    money (``own_money`` in its rule) is listed, never added."""
    sums: dict[str, list[Decimal]] = {}
    counted: dict[str, list[str]] = {}
    sure: dict[str, Grounds] = {}
    unstated: list[str] = []
    not_money: list[str] = []
    own: list[str] = []
    by_label = {g.label: g for g in groups}
    entries = list(entries)
    by_key = {e.key: e for e in entries}
    grounds: Grounds = "document"
    to_confirm = 0
    for entry in entries:
        est = entry.estimate
        if est.status == "conditional":
            to_confirm += 1
        if est.amount.unit != "CNY":
            not_money.append(entry.key)
            continue
        if rules.benefits[est.benefit].own_money:
            own.append(entry.key)
            continue
        group = by_label.get(entry.group or "")
        if group is not None and group.counted != entry.key:
            continue
        low = est.amount.low if group is None else group.low
        high = est.amount.high if group is None else group.high
        # a group's range is taken from all its members
        members = (entry.key,) if group is None else group.members
        used = weakest(*(by_key[k].estimate.grounds for k in members))
        grounds = weakest(grounds, used)
        if high is None:
            unstated.append(entry.key)
            if low == 0:
                continue  # nothing stated to add (an unpublished amount)
        period = est.period if est.period in PERIODS else "none"
        totals = sums.setdefault(period, [ZERO, ZERO])
        totals[0] += low
        totals[1] += high if high is not None else low
        counted.setdefault(period, []).append(entry.key)
        sure[period] = weakest(sure.get(period, "document"), used)
    periods = tuple(
        PeriodTotal(p, sums[p][0], sums[p][1], tuple(counted[p]), sure[p])
        for p in PERIODS
        if p in sums
    )
    return Total(
        low=sum((p.low for p in periods), ZERO),
        high=sum((p.high for p in periods), ZERO),
        periods=periods,
        groups=groups,
        unstated=tuple(unstated),
        not_money=tuple(not_money),
        own_money=tuple(own),
        to_confirm=to_confirm,
        grounds=grounds,
    )
