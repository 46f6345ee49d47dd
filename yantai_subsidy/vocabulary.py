"""The vocabulary of profiles (rules/facts.yaml) as plain objects, for ``ytsub match`` and ``facts``.

Built from the validated file the rule set carries, on first use and once per rule set:
``ytsub estimate`` never imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import values
from .errors import UsageError, did_you_mean, listing
from .records import NamedTuple
from .ruleset import Benefit, Choice, RuleSet, Text


class Fact(NamedTuple):
    """A fact a profile may state (``rd``), and the benefit inputs that read it."""

    id: str
    type: str
    label: Text
    inputs: tuple[tuple[str, str], ...]  # (benefit, input)
    unit: str | None = None
    help: Text | None = None
    choices: tuple[Choice, ...] | None = None  # a choice fact's choices, from its inputs
    maximum: Mapping[str, int] | None = None  # kind → the most its profile may state; help: why


class Settle(NamedTuple):
    """A condition a count fact answers (facts.yaml ``settles``): met at ``met_when``, else unmet."""

    fact: str
    benefit: str
    condition: str
    met_when: int
    met: Text  # the reading, said on the estimate
    unmet: Text  # the reason; {value}: the count given


class Implied(NamedTuple):
    """A fact a confirmed condition states (facts.yaml ``implies``): its benefit's ``param``."""

    benefit: str
    condition: str
    fact: str
    param: str
    note: Text  # said on the estimate; {value}: the figure


class Warn(NamedTuple):
    """A choice of a fact, or a confirmed condition (benefit, id), under which a benefit's
    figure does not fit (facts.yaml ``warns``)."""

    fact: str | None
    values: frozenset[str]
    condition: tuple[str, str] | None
    unless: str | None
    unless_set: str | None
    note: Text


class ProfileKind(NamedTuple):
    """enterprise, person or district: which beneficiaries' benefits such a profile claims."""

    id: str
    label: Text
    receives: tuple[str, ...]
    on_behalf: tuple[str, ...] = ()


class Vocabulary(NamedTuple):
    """``rules/facts.yaml``: what a profile may say, each fact with one meaning."""

    facts: Mapping[str, Fact]
    kinds: Mapping[str, ProfileKind]
    local: Mapping[str, tuple[str, ...]]  # benefit → inputs given in its profile section
    by_input: Mapping[tuple[str, str], str]  # (benefit, input) → fact
    settles: Mapping[str, tuple[Settle, ...]] = {}  # benefit → the conditions facts answer
    implied: Mapping[str, tuple[Implied, ...]] = {}  # fact → the conditions that state it
    warns: Mapping[str, tuple[Warn, ...]] = {}  # benefit → the choices that doubt its figures

    def fact_of(self, benefit: str, name: str) -> str | None:
        """The fact an input reads, or None for an input local to its benefit."""
        return self.by_input.get((benefit, name))


_BUILT: dict[str, Vocabulary] = {}


def vocabulary_of(rules: RuleSet) -> Vocabulary:
    """The vocabulary of a rule set (its digest names its files' content, overlays included)."""
    found = _BUILT.get(rules.digest)
    if found is None:
        if len(_BUILT) > 16:
            _BUILT.clear()
        found = _BUILT[rules.digest] = build_vocabulary(rules.facts_file, rules.benefits)
    return found


def _input_ref(ref: str) -> tuple[str, str]:
    benefit, _, name = ref.partition(".")
    return benefit, name


def build_vocabulary(data: Mapping[str, Any], benefits: Mapping[str, Benefit]) -> Vocabulary:
    """The profile vocabulary from validated ``facts.yaml`` data (references already checked)."""
    facts: dict[str, Fact] = {}
    by_input: dict[tuple[str, str], str] = {}
    for fact_id, f in data["facts"].items():
        refs = tuple(_input_ref(ref) for ref in f["inputs"])
        first = benefits[refs[0][0]].input(refs[0][1])
        facts[fact_id] = Fact(
            id=fact_id,
            type=f["type"],
            label=Text(f["label"]["zh"], f["label"]["en"]),
            inputs=refs,
            unit=f.get("unit"),
            help=None if f.get("help") is None else Text(f["help"]["zh"], f["help"]["en"]),
            choices=None if first is None else first.choices,
            maximum=f.get("maximum"),
        )
        for ref in refs:
            by_input[ref] = fact_id
    kinds = {
        kind_id: ProfileKind(
            kind_id,
            Text(k["label"]["zh"], k["label"]["en"]),
            tuple(k["receives"]),
            tuple(k.get("on_behalf") or ()),
        )
        for kind_id, k in data["kinds"].items()
    }
    local = {benefit: tuple(names) for benefit, names in (data.get("local") or {}).items()}
    settles: dict[str, list[Settle]] = {}
    for link in data.get("settles") or ():
        benefit, condition = _input_ref(link["condition"])
        settles.setdefault(benefit, []).append(
            Settle(
                link["fact"],
                benefit,
                condition,
                link["met_when"],
                Text(link["met"]["zh"], link["met"]["en"]),
                Text(link["unmet"]["zh"], link["unmet"]["en"]),
            )
        )
    implied: dict[str, list[Implied]] = {}
    for link in data.get("implies") or ():
        benefit, condition = _input_ref(link["condition"])
        implied.setdefault(link["fact"], []).append(
            Implied(
                benefit,
                condition,
                link["fact"],
                link["param"],
                Text(link["note"]["zh"], link["note"]["en"]),
            )
        )
    warns: dict[str, list[Warn]] = {}
    for link in data.get("warns") or ():
        cause = link.get("condition")
        warn = Warn(
            link.get("fact"),
            frozenset(link.get("values") or ()),
            None if cause is None else _input_ref(cause),
            link.get("unless"),
            link.get("unless_set"),
            Text(link["note"]["zh"], link["note"]["en"]),
        )
        for benefit in link["benefits"]:
            warns.setdefault(benefit, []).append(warn)
    return Vocabulary(
        facts,
        kinds,
        local,
        by_input,
        {b: tuple(found) for b, found in settles.items()},
        {f: tuple(found) for f, found in implied.items()},
        {b: tuple(found) for b, found in warns.items()},
    )


def vocabulary_for(
    rules: RuleSet, kind: str | None = None
) -> tuple[list[Fact], dict[str, tuple[str, ...]]]:
    """The facts (and benefits' own inputs) a profile of ``kind`` may give; all without a kind.

    Here rather than in match.py, so that ``ytsub facts`` does not import the matcher (and
    with it the engine and the profile reader: ~4 ms of start-up).
    """
    vocabulary = rules.vocabulary()
    if kind is None:
        wanted = None
    else:
        key = values.normalize_text(kind).lower()
        if key not in vocabulary.kinds:
            listed = listing(vocabulary.kinds)
            hint = did_you_mean(key, vocabulary.kinds)
            raise UsageError("match.kind_unknown", kind=kind, listed=listed, hint=hint)
        found = vocabulary.kinds[key]
        wanted = {*found.receives, *found.on_behalf}

    def concerns(benefit: str) -> bool:
        return wanted is None or rules.benefits[benefit].beneficiary in wanted

    facts = [f for f in vocabulary.facts.values() if any(concerns(b) for b, _ in f.inputs)]
    local = {b: names for b, names in vocabulary.local.items() if concerns(b)}
    return facts, local
