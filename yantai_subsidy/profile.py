"""Profiles for ``ytsub match``: what one enterprise, person or district states about itself.

A profile is a YAML or JSON file::

    kind: enterprise                  # enterprise | person | district (rules/facts.yaml)
    name: 烟台某科技有限公司            # optional, shown in the output
    as_of: 2024-06-01                 # optional: the date of the estimates
    facts:                            # the vocabulary of ``ytsub facts``
      rd: 680万
      rd_last_year: 520万
    confirm: [techloan.filed]         # conditions, as BENEFIT.ID (or an ID only one benefit has)
    deny: [ic-rd.ic_tech_enterprise]
    benefits:                         # inputs that only make sense for one benefit
      voucher: {category: dcmm}       # (and confirm, deny, set: {PARAM: VALUE} as --set does)

Everything is checked against the rule set, with the messages the command line gives
(a value names its fact, an unknown name is suggested: "did you mean rd_last_year?"); a
value that no benefit of the profile's kind would read is refused, never ignored.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from . import values
from .engine import CONFIRM_ALL, echo_value, parse_input
from .errors import (
    InputError,
    Joined,
    Message,
    RuleFileError,
    UnreadableInputError,
    YtsubError,
    did_you_mean,
    listing,
    os_reason,
)
from .records import NamedTuple
from .result import Msg
from .ruleset import Benefit, InputSpec, RuleSet, parse_value
from .vocabulary import Fact, ProfileKind

MAX_PROFILE_BYTES = 1_000_000
TOP_KEYS = ("kind", "name", "as_of", "facts", "confirm", "deny", "benefits")
CONDITION_KEYS = ("confirm", "deny")
SECTION_KEYS = (*CONDITION_KEYS, "set")
STDIN = "-"

#: How a beneficiary is named in a message: "outpatient is for a person".
BENEFICIARY_WORDS = {
    "enterprise": "an enterprise",
    "person": "a person",
    "district": "a district",
    "bank": "a lending bank",
    "institution": "an institution",
    "project": "a project",
}


def _who(kind: str) -> Message | str:
    """A beneficiary in a message, in its language (``who.*`` of the catalogue)."""
    return Message("who." + kind) if kind in BENEFICIARY_WORDS else kind


class _Reworded:
    """An option's error said of a profile's key, in either language: the option's name (and
    its colon) dropped from the front, and the option written elsewhere in it replaced by the key
    path (``--amount: not a number`` → ``facts.amount: not a number``)."""

    def __init__(self, err: YtsubError, prefixes: Sequence[str], option: str = "", path: str = ""):
        self.err, self.prefixes, self.option, self.path = err, prefixes, option, path

    def render(self, lang: str = "en") -> str:
        message = self.err.render(lang)
        for prefix in self.prefixes:
            message = message.removeprefix(prefix + ": ").removeprefix(prefix + "：")
        return message.replace(self.option, self.path) if self.option else message

    def __str__(self) -> str:
        return self.render("en")


#: Where a value stands, from its key path (``["facts", "rd"]``): the start of an error.
Locate = Callable[[Sequence[str | int]], Message]


class Profile(NamedTuple):
    """A validated profile: raw values as written (the engine parses them as options)."""

    source: str
    kind: ProfileKind
    name: str | None
    as_of: date | None
    #: fact → its values: one, or several for a choice listed as alternatives
    facts: Mapping[str, tuple[object, ...]]
    #: fact → the values as echoed in the output (``3000000``, ``1.5%``, ``2024-06-01``)
    echo: Mapping[str, tuple[str, ...]]
    #: benefit → local input → its values
    sections: Mapping[str, Mapping[str, tuple[object, ...]]]
    confirm: Mapping[str, tuple[str, ...]]
    deny: Mapping[str, tuple[str, ...]]
    #: benefit → parameter → value: a rule's figure replaced, as ``--set`` does
    overrides: Mapping[str, Mapping[str, object]] = {}
    #: (the client list's name, "" for rows from Python; the row) when the profile is a row of
    #: a client list: ``source`` then reads ``LIST, row N``, the form JSON keeps in any
    #: language, while a memo says the row in its own (render/words.py ``profile_source``)
    listed: tuple[str, int] | None = None

    def named(self, benefit: str) -> bool:
        """Does the profile name this benefit (a section, or one of its conditions)?"""
        return any(benefit in part for part in (self.sections, self.confirm, self.deny))


# --- reading ---------------------------------------------------------------------------


def read_profile(path: str, rules: RuleSet) -> Profile:
    """Read and check a profile file (``-`` reads stdin); raises :class:`InputError`."""
    source = "<stdin>" if path == STDIN else path
    raw = _read(path, source)
    text = _decode(raw, source)
    if path.lower().endswith(".json") or (path == STDIN and text.lstrip().startswith("{")):
        data, node = _parse_json(text, source), None
    else:
        data, node = _parse_yaml(raw, source)
    return check_profile(data, rules, source=source, node=node)


def _read(path: str, source: str) -> bytes:
    if path == STDIN:
        if sys.stdin is None:
            raise UnreadableInputError("profile.stdin_closed")
        try:
            raw = sys.stdin.buffer.read(MAX_PROFILE_BYTES + 1)
        except OSError as err:
            raise UnreadableInputError("profile.stdin_unreadable", reason=os_reason(err)) from None
    else:
        if not path:  # read as the current folder, it was called "a folder", naming nothing
            raise UnreadableInputError("profile.empty_name")
        target = path  # os.path, not pathlib: ~4 ms of start-up
        try:
            if os.path.isdir(target):
                raise UnreadableInputError("profile.is_a_folder", source=source)
            with open(target, "rb") as stream:
                raw = stream.read(MAX_PROFILE_BYTES + 1)
        except OSError as err:
            raise UnreadableInputError(
                "profile.cannot_read", source=source, reason=os_reason(err)
            ) from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise UnreadableInputError("profile.too_big", source=source)
    return raw


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise UnreadableInputError("profile.not_utf8", source=source, start=err.start) from None


def _parse_json(text: str, source: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in pairs:
            if key in found:
                raise UnreadableInputError("profile.duplicate_key", source=source, key=key)
            found[key] = value
        return found

    try:
        data = json.loads(
            text,
            parse_float=_plain,
            parse_int=_whole,
            parse_constant=str,
            object_pairs_hook=no_duplicates,
        )
    except json.JSONDecodeError as err:
        raise UnreadableInputError(
            "profile.bad_json", source=source, lineno=err.lineno, msg=err.msg
        ) from None
    except RecursionError:
        raise UnreadableInputError("profile.too_deep", source=source) from None
    surrogate = _lone_surrogate(data)
    if surrogate is not None:
        raise UnreadableInputError("profile.lone_surrogate", source=source, code=ord(surrogate))
    return data


def _lone_surrogate(data: Any) -> str | None:
    """A text (key or value) holding a lone UTF-16 surrogate, which JSON's \\ud800 can spell."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and not item.isascii():
            for char in item:
                if "\ud800" <= char <= "\udfff":
                    return char
    return None


def _parse_yaml(raw: bytes, source: str) -> tuple[Any, Any]:
    from .loader import parse_yaml

    try:
        data, node = parse_yaml(raw, source)
    except RuleFileError as err:
        raise UnreadableInputError(Message("text", text=err)) from None
    return data, node


def _whole(text: str) -> int | str:
    """An integer, or its text when too long for int() (4,300 digits): refused as absurd later."""
    return int(text) if len(text) <= 30 else text


def _plain(text: str) -> str:
    """A number with a fraction as plain digits (``1.5e5`` → ``150000``), never a float."""
    return format(Decimal(text), "f")


# --- checking ----------------------------------------------------------------------------


class _Checker:
    """Checks one profile; every error names the file, line and key path."""

    def __init__(
        self, rules: RuleSet, source: str, node: Any, locate: Locate | None = None
    ) -> None:
        self.rules = rules
        self.vocabulary = rules.vocabulary()
        self.source = source
        self.node = node
        self.locate = locate

    def fail(self, loc: Sequence[str | int], message: Message | _Reworded) -> InputError:
        from .loader import line_of

        if self.locate is not None:  # a client list's row: its cells name where, not key paths
            return InputError(Message("text.at_file", where=self.locate(loc), message=message))
        line = None if self.node is None else line_of(self.node, loc)
        where = self.source if line is None else f"{self.source}:{line}"
        path = ".".join(str(part) for part in loc)
        return InputError(
            Message("text.at", where=where, path=path, message=message)
            if path
            else Message("text.at_file", where=where, message=message)
        )

    # --- the profile's kind, and the benefits it may claim ---------------------------------

    def kind(self, raw: Any) -> ProfileKind:
        kinds = self.vocabulary.kinds
        listed = listing(kinds)
        if raw is None:
            raise self.fail(["kind"], Message("profile.kind_missing", listed=listed))
        text = values.normalize_text(raw).lower()
        if text not in kinds:
            hint = did_you_mean(text, kinds)
            raise self.fail(
                ["kind"], Message("profile.kind_unknown", text=text, listed=listed, hint=hint)
            )
        return kinds[text]

    def considered(self, kind: ProfileKind) -> dict[str, Benefit]:
        """The benefits a profile of this kind may claim, or see paid on its account."""
        wanted = (*kind.receives, *kind.on_behalf)
        return {b.id: b for b in self.rules.benefits.values() if b.beneficiary in wanted}

    def not_for(self, benefit: Benefit, kind: ProfileKind) -> Message:
        return Message(
            "profile.not_for", benefit=benefit.id, who=_who(benefit.beneficiary), kind=_who(kind.id)
        )

    # --- values --------------------------------------------------------------------------

    def value(self, loc: list[str | int], raw: Any, specs: Sequence[InputSpec]) -> object:
        """One value, checked as every input that reads it checks it (messages name ``loc``)."""
        path = ".".join(str(part) for part in loc)
        if raw is None:
            raise self.fail(loc, Message("profile.empty_value"))
        if isinstance(raw, (dict, list)):
            raise self.fail(loc, Message("profile.not_single"))
        for spec in specs:
            try:
                parse_input(spec, raw)
            except InputError as err:
                message = _Reworded(err, (spec.option, "--" + spec.name), spec.option, path)
                raise self.fail(loc, message) from None
        return raw

    def one_or_more(
        self, loc: list[str | int], raw: Any, specs: Sequence[InputSpec]
    ) -> tuple[object, ...]:
        """A value, or for a choice a list of alternatives (each estimated, never added)."""
        if isinstance(raw, list) and specs and all(s.type == "choice" for s in specs):
            if not raw:
                raise self.fail(loc, Message("profile.empty_list"))
            found = tuple(self.value([*loc, i], item, specs) for i, item in enumerate(raw))
            echoed = [echo_value(specs[0], parse_input(specs[0], item)) for item in found]
            if len(set(echoed)) != len(echoed):
                raise self.fail(loc, Message("profile.choice_twice"))
            return found
        if isinstance(raw, list):
            raise self.fail(loc, Message("profile.list_not_choice"))
        return (self.value(loc, raw, specs),)

    # --- the parts of a profile --------------------------------------------------------------

    def facts(
        self, raw: Any, kind: ProfileKind, benefits: Mapping[str, Benefit]
    ) -> tuple[dict[str, tuple[object, ...]], dict[str, tuple[str, ...]]]:
        if raw is None:
            return {}, {}
        if not isinstance(raw, dict):
            raise self.fail(["facts"], Message("profile.facts_not_mapping"))
        known = self.vocabulary.facts
        found: dict[str, tuple[object, ...]] = {}
        echo: dict[str, tuple[str, ...]] = {}
        for key, value in raw.items():
            name = str(key)
            loc: list[str | int] = ["facts", name]
            fact = known.get(name)
            if fact is None:
                hint = did_you_mean(name, known)
                if hint:
                    raise self.fail(loc, Message("profile.unknown_fact_hint", hint=hint))
                raise self.fail(loc, Message("profile.unknown_fact"))
            readers = [self.rules.benefits[b] for b, _ in fact.inputs]
            if not any(b.id in benefits for b in readers):
                raise self.fail(
                    loc,
                    Message(
                        "profile.fact_read_by_none",
                        who=_who(kind.id),
                        listed=Joined("; ", [self.not_for(b, kind) for b in readers]),
                    ),
                )
            specs = [self.rules.benefits[b].options[i] for b, i in fact.inputs]
            found[name] = self.one_or_more(loc, value, specs)
            most = (fact.maximum or {}).get(kind.id)
            if most is not None:
                self.at_most(loc, fact, most, [parse_input(specs[0], v) for v in found[name]])
            echo[name] = tuple(echo_value(specs[0], parse_input(specs[0], v)) for v in found[name])
        return found, echo

    def at_most(self, loc: list[str | int], fact: Fact, most: int, counts: Sequence[int]) -> None:
        """A count above what one profile can state (a person is one guide), refused with why."""
        why = Msg(fact.help.zh, fact.help.en) if fact.help is not None else ""  # the schema's
        for count in counts:
            if count > most:
                raise self.fail(
                    loc, Message("profile.fact_above_maximum", value=count, maximum=most, why=why)
                )

    def sections(
        self, raw: Any, kind: ProfileKind, benefits: Mapping[str, Benefit]
    ) -> tuple[
        dict[str, dict[str, tuple[object, ...]]],
        dict[str, list[str]],
        dict[str, list[str]],
        dict[str, dict[str, object]],
    ]:
        sections: dict[str, dict[str, tuple[object, ...]]] = {}
        confirm: dict[str, list[str]] = {}
        deny: dict[str, list[str]] = {}
        overrides: dict[str, dict[str, object]] = {}
        if raw is None:
            return sections, confirm, deny, overrides
        if not isinstance(raw, dict):
            raise self.fail(["benefits"], Message("profile.benefits_not_mapping"))
        for key, section in raw.items():
            benefit = self.benefit(["benefits", str(key)], str(key), kind, benefits)
            inputs: dict[str, tuple[object, ...]] = {}
            if section is not None and not isinstance(section, dict):
                raise self.fail(["benefits", benefit.id], Message("profile.section_not_mapping"))
            local = [
                i.name
                for i in benefit.inputs
                if self.vocabulary.fact_of(benefit.id, i.name) is None
            ]
            for name, value in (section or {}).items():
                loc: list[str | int] = ["benefits", benefit.id, str(name)]
                if name in CONDITION_KEYS:
                    target = confirm if name == "confirm" else deny
                    for item in self.id_list(loc, value):
                        target.setdefault(benefit.id, []).append(self.condition(loc, benefit, item))
                    continue
                if name == "set":
                    overrides[benefit.id] = self.overrides(loc, benefit, value)
                    continue
                fact = self.vocabulary.fact_of(benefit.id, str(name))
                if fact is not None:
                    raise self.fail(
                        loc,
                        Message("profile.input_is_fact", benefit=benefit.id, name=name, fact=fact),
                    )
                spec = benefit.input(str(name))
                if spec is None:
                    hint = did_you_mean(str(name), [*local, *SECTION_KEYS])
                    listed = listing(local)
                    raise self.fail(
                        loc,
                        Message(
                            "profile.no_such_input",
                            benefit=benefit.id,
                            name=name,
                            hint=hint,
                            listed=listed,
                        ),
                    )
                inputs[spec.name] = self.one_or_more(loc, value, [spec])
            sections[benefit.id] = inputs
        return sections, confirm, deny, overrides

    def overrides(self, loc: list[str | int], benefit: Benefit, raw: Any) -> dict[str, object]:
        """``set: {subsidy_rate: 2%}``: parameters replaced, checked as ``--set`` checks them."""
        if not isinstance(raw, dict):
            raise self.fail(loc, Message("profile.set_not_mapping"))
        found: dict[str, object] = {}
        for key, value in raw.items():
            name = str(key)
            param = benefit.params.get(name)
            if param is None:
                hint = did_you_mean(name, benefit.params)
                listed = listing(benefit.params)
                raise self.fail(
                    [*loc, name],
                    Message(
                        "profile.no_such_param",
                        benefit=benefit.id,
                        name=name,
                        hint=hint,
                        listed=listed,
                    ),
                )
            if value is None or isinstance(value, (dict, list)):
                raise self.fail([*loc, name], Message("profile.param_not_single"))
            try:
                parse_value(param.type, value, "value")
            except InputError as err:
                raise self.fail([*loc, name], _Reworded(err, ("value",))) from None
            found[name] = value
        return found

    def benefit(
        self, loc: list[str | int], name: str, kind: ProfileKind, benefits: Mapping[str, Benefit]
    ) -> Benefit:
        found = self.rules.benefits.get(name)
        if found is None:
            hint = did_you_mean(name, self.rules.benefits)
            raise self.fail(loc, Message("profile.unknown_benefit", name=name, hint=hint))
        if found.id not in benefits:
            raise self.fail(loc, self.not_for(found, kind))
        return found

    def id_list(self, loc: list[str | int], raw: Any) -> list[str]:
        if isinstance(raw, str):
            raw = raw.replace(";", ",").split(",")
        if not isinstance(raw, list):
            raise self.fail(loc, Message("profile.ids_not_list"))
        items = []
        for index, item in enumerate(raw):
            text = values.normalize_text(item)
            if not isinstance(item, str) or not text:
                raise self.fail([*loc, index], Message("profile.not_an_id"))
            items.append(text)
        return items

    def condition(self, loc: list[str | int], benefit: Benefit, cid: str) -> str:
        known = [c.id for c in benefit.conditions]
        if cid != CONFIRM_ALL and cid not in known:
            hint = did_you_mean(cid, known)
            raise self.fail(
                loc,
                Message(
                    "profile.no_such_condition",
                    benefit=benefit.id,
                    cid=cid,
                    hint=hint,
                    listed=listing(known),
                ),
            )
        return cid

    def conditions(
        self, key: str, raw: Any, kind: ProfileKind, benefits: Mapping[str, Benefit]
    ) -> dict[str, list[str]]:
        """``confirm: [techloan.filed, on_time]``: ids by benefit; a bare id only one benefit has."""
        found: dict[str, list[str]] = {}
        if raw is None:
            return found
        for index, item in enumerate(self.id_list([key], raw)):
            loc: list[str | int] = [key, index]
            if "." in item:
                name, _, cid = item.partition(".")
                benefit = self.benefit(loc, name, kind, benefits)
            else:
                having = [b for b in benefits.values() if item in {c.id for c in b.conditions}]
                if not having:
                    every = sorted({c.id for b in benefits.values() for c in b.conditions})
                    hint = did_you_mean(item, every)
                    raise self.fail(
                        loc,
                        Message(
                            "profile.no_benefit_has_condition",
                            who=_who(kind.id),
                            item=item,
                            hint=hint,
                        ),
                    )
                if len(having) > 1:
                    names = ", ".join(f"{b.id}.{item}" for b in having)
                    raise self.fail(
                        loc, Message("profile.condition_ambiguous", item=item, names=names)
                    )
                benefit, cid = having[0], item
            found.setdefault(benefit.id, []).append(self.condition(loc, benefit, cid))
        return found


def _control_character(text: str) -> str | None:
    """The first C0 or C1 control character or bidirectional control of ``text``, if any."""
    from .shell import CONTROL_CHARACTERS

    found = CONTROL_CHARACTERS.search(text)
    if found is not None:
        return found.group(0)
    return next((char for char in text if char in "\t\n\r"), None)


def _where_denied(data: Mapping[str, Any], benefit: str, cid: str) -> list[str | int]:
    """The key path of the deny that names ``benefit.cid`` (top-level, or the benefit's own),
    so that a refusal points at it rather than at the profile's first line."""
    places: list[tuple[list[str | int], Any, tuple[str, ...]]] = [
        (["deny"], data.get("deny"), (f"{benefit}.{cid}", cid))
    ]
    section = data.get("benefits")
    if isinstance(section, dict) and isinstance(section.get(benefit), dict):
        places.append((["benefits", benefit, "deny"], section[benefit].get("deny"), (cid,)))
    for path, items, names in places:
        if isinstance(items, list):
            for index, item in enumerate(items):
                if str(item).strip() in names:
                    return [*path, index]
        elif isinstance(items, str) and any(
            part.strip() in names for part in items.replace(";", ",").split(",")
        ):
            return path
    return []


def check_profile(
    data: Any,
    rules: RuleSet,
    *,
    source: str = "<profile>",
    node: Any = None,
    locate: Locate | None = None,
) -> Profile:
    """A profile from its data (a mapping as YAML or JSON gives it); raises :class:`InputError`.

    ``locate``: how an error names where a value stands, from its key path (a client list
    names its row's column: see :mod:`.client_list`); by default the source, line and path.
    """
    checker = _Checker(rules, source, node, locate)
    if not isinstance(data, dict):
        raise checker.fail([], Message("profile.not_a_mapping"))
    for key in data:
        if key not in TOP_KEYS:
            name = str(key)
            if name in rules.vocabulary().facts:
                raise checker.fail([name], Message("profile.fact_at_top"))
            if name in rules.benefits:
                raise checker.fail([name], Message("profile.benefit_at_top"))
            hint = did_you_mean(name, TOP_KEYS)
            raise checker.fail(
                [name], Message("profile.unknown_key", hint=hint, listed=listing(TOP_KEYS))
            )
    kind = checker.kind(data.get("kind"))
    benefits = checker.considered(kind)
    label = data.get("name")
    if isinstance(label, (dict, list)):
        raise checker.fail(["name"], Message("profile.name_not_single"))
    if label is not None and (control := _control_character(values.normalize_text(label))):
        # shown in the table's heading and a memo's: it would drive the terminal (ESC) or show
        # the text reversed (a bidi override); a YAML profile cannot hold one at all
        raise checker.fail(["name"], Message("profile.name_control", code=ord(control)))
    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = values.parse_date(data["as_of"], "as_of")
        except InputError as err:
            raise checker.fail(["as_of"], _Reworded(err, ("as_of",))) from None
    facts, echo = checker.facts(data.get("facts"), kind, benefits)
    sections, confirm, deny, overrides = checker.sections(data.get("benefits"), kind, benefits)
    for key, target in (("confirm", confirm), ("deny", deny)):
        for benefit, ids in checker.conditions(key, data.get(key), kind, benefits).items():
            target.setdefault(benefit, []).extend(ids)
    for benefit, ids in confirm.items():
        both = sorted(set(ids) & set(deny.get(benefit, ())))
        if both:
            raise checker.fail(
                _where_denied(data, benefit, both[0]),
                Message("profile.confirm_and_deny", benefit=benefit, both=both[0]),
            )
    return Profile(
        source=source,
        kind=kind,
        name=None if label is None else values.normalize_text(label),
        as_of=as_of,
        facts=facts,
        echo=echo,
        sections=sections,
        confirm={b: tuple(ids) for b, ids in confirm.items()},
        deny={b: tuple(ids) for b, ids in deny.items()},
        overrides=overrides,
    )
