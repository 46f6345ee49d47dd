"""``--format json``: the stable objects of DESIGN.md (scripts depend on them)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from yantai_subsidy.result import (
    SCHEMA,
    Condition,
    DisplayUnit,
    Estimate,
    Lang,
    LineItem,
    Msg,
    amount_text,
)
from yantai_subsidy.ruleset import Benefit, Measure, RuleSet, Text

from .words import word

if TYPE_CHECKING:  # the match and catalogue modules only when a match or search is rendered
    from yantai_subsidy.catalogue import Hit
    from yantai_subsidy.match import Entry, Match
    from yantai_subsidy.vocabulary import Fact


MATCH_SCHEMA = "ytsub.match/1"
FACTS_SCHEMA = "ytsub.facts/1"


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def estimate(est: Estimate, lang: Lang = "en", unit: DisplayUnit = "yuan", **_: Any) -> str:
    return dumps(est.to_dict(lang))


def measure_summary(rules: RuleSet, m: Measure, lang: Lang) -> dict[str, Any]:
    return {
        "measure": m.number,
        "chapter": m.chapter,
        "kind": m.kind,
        "title": m.title.zh if lang == "zh" else m.title.en,
        "benefits": list(m.benefits),
    }


def measures(rules: RuleSet, items: list[Measure], lang: Lang = "en", **_: Any) -> str:
    return dumps([measure_summary(rules, m, lang) for m in items])


def benefit_detail(b: Benefit, lang: Lang) -> dict[str, Any]:

    def pick(text: Text) -> str:
        return text.zh if lang == "zh" else text.en

    args = b.param_args()
    return {
        "id": b.id,
        "aliases": list(b.aliases),
        "title": pick(b.title),
        "summary": b.summary.fill(args).render(lang),
        "beneficiary": b.beneficiary,
        "period": b.period,
        "funding": b.funding,
        "options": [
            {
                "option": i.option,
                "type": i.type,
                "required": i.required,
                "default": i.default,
                "label": i.label.fill(args).render(lang),
                **({"choices": [c.value for c in i.choices]} if i.choices else {}),
            }
            for i in b.inputs
        ],
        "params": {
            name: {
                "value": p.written,
                "type": p.type,
                "quote": p.quote,
                "assumed": p.assumed,
                **({"basis": pick(p.basis)} if p.basis else {}),
                **({"boundary": p.boundary, "inclusive": p.includes_bound} if p.boundary else {}),
            }
            for name, p in b.params.items()
        },
        "conditions": [
            {
                "id": c.id,
                "text": c.text.fill(args).render(lang),
                "quote": c.quote,
                "decided_by": c.decided_by,
            }
            for c in b.conditions
        ],
        "interpretations": [t.fill(args).render(lang) for t in b.interpretations],
    }


def measure(rules: RuleSet, m: Measure, lang: Lang = "en", **_: Any) -> str:
    data = measure_summary(rules, m, lang)
    data["responsible"] = list(m.responsible)
    data["text"] = m.text
    data["benefits"] = [benefit_detail(rules.benefits[b], lang) for b in m.benefits]
    return dumps(data)


def search(hits: list[Hit], lang: Lang = "en", **_: Any) -> str:
    return dumps(
        [
            {
                "measure": h.measure.number,
                "title": h.measure.title.zh if lang == "zh" else h.measure.title.en,
                "snippet": h.snippet,
                "match": None if h.start is None else {"start": h.start, "length": h.length},
            }
            for h in hits
        ]
    )


# --- ytsub match and ytsub facts ------------------------------------------------------------


def _entry(entry: Entry, lang: Lang) -> dict[str, Any]:
    est = entry.estimate
    return {
        **est.to_dict(lang),
        "match": {
            "period": est.period,
            "beneficiary": est.beneficiary,
            "variant": dict(entry.variant) or None,
            "group": entry.group,
        },
    }


def _money(value: Decimal | None) -> str | None:
    return None if value is None else amount_text(value, "CNY")


def match(m: Match, lang: Lang = "en", **_: Any) -> str:
    """``{"schema": "ytsub.match/1", "claimable": [estimate…], …}`` (README, "Match a profile")."""
    return dumps(match_object(m, lang))


def match_object(m: Match, lang: Lang = "en") -> dict[str, Any]:
    """The object of :func:`match`, which a client list's JSON lines carry too (with ``row``)."""
    total = m.total
    profile = m.profile
    return {
        "schema": MATCH_SCHEMA,
        "document": m.document,
        "as_of": m.as_of.isoformat(),
        "profile": {
            "source": profile.source,
            "name": profile.name,
            "kind": profile.kind.id,
            "facts": {
                name: list(found) if len(found) > 1 else found[0]
                for name, found in profile.echo.items()
            },
        },
        "claimable": [_entry(e, lang) for e in m.claimable],
        "needs_facts": [
            {
                "benefit": n.benefit,
                "measure": n.measure,
                "title": n.title.zh if lang == "zh" else n.title.en,
                "beneficiary": n.beneficiary,
                "missing": list(n.missing),
                "one_of": list(n.one_of),
                "given": list(n.given),
                "started": n.started,
            }
            for n in m.needs
        ],
        "ineligible": [_entry(e, lang) for e in m.ineligible],
        "paid_to_others": [_entry(e, lang) for e in m.others],
        "total": {
            "low": _money(total.low),
            "high": _money(total.high),
            "unit": "CNY",
            "basis": "range",
            "note": word("total_note", lang),
            "by_period": [
                {
                    "period": p.period,
                    "low": _money(p.low),
                    "high": _money(p.high),
                    "benefits": list(p.benefits),
                }
                for p in total.periods
            ],
            "not_added": [
                {
                    "group": g.label,
                    "benefits": list(g.members),
                    "counted": g.counted,
                    "low": _money(g.low),
                    "high": _money(g.high),
                    "reasons": [r.render(lang) for r in g.reasons],
                }
                for g in total.groups
            ],
            "unstated": list(total.unstated),
            "not_money": list(total.not_money),
            "own_money": list(total.own_money),
            "to_confirm": total.to_confirm,
            "grounds": total.grounds,
        },
        "rules_digest": m.rules_digest,
    }


def facts(
    rules: RuleSet,
    items: list[Fact],
    local: dict[str, tuple[str, ...]],
    lang: Lang = "en",
    **_: Any,
) -> str:
    """``{"schema": "ytsub.facts/1", "facts": […], "local": {benefit: [input…]}}``."""

    def pick(text: Text) -> str:
        return text.zh if lang == "zh" else text.en

    return dumps(
        {
            "schema": FACTS_SCHEMA,
            "kinds": {
                k.id: {
                    "label": pick(k.label),
                    "receives": list(k.receives),
                    "on_behalf": list(k.on_behalf),
                }
                for k in rules.vocabulary().kinds.values()
            },
            "facts": [
                {
                    "fact": f.id,
                    "type": f.type,
                    "unit": f.unit,
                    "label": pick(f.label),
                    **({"help": pick(f.help)} if f.help else {}),
                    **({"choices": [c.value for c in f.choices]} if f.choices else {}),
                    "read_by": [f"{b}.{name}" for b, name in f.inputs],
                }
                for f in items
            ],
            "local": {b: list(names) for b, names in local.items()},
        }
    )


# --- one estimate per line, fast (ytsub batch) ---------------------------------------------
#
# A batch writes the same benefit thousands of times, and most of each object (title,
# conditions, warnings, quotes, digest) repeats from row to row. The line is assembled from
# JSON fragments cached by what they encode; only what varies (inputs, amount, formulas) is
# encoded per row. The fragments are UTF-8 bytes: the repeated part of a line holds Chinese
# text, and encoding it anew on every row would cost more than the rest of the line.
# The result is byte for byte json.dumps(to_dict(), separators=(",", ":"),
# ensure_ascii=False) with "row" first, in UTF-8: tests/test_render.py holds it to that.

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = json.encoder.encode_basestring  # a str as a JSON string, without the encoder's dispatch
# The caches are small: what repeats is a few texts per benefit, and an entry made for one
# row's own figures (a reason, a warning) is never met again. At 8,192 entries they held some
# 50 MB by the 500,000th row; at 512 they fill in the first rows and memory stays flat.
_LIMIT = 512
_HEADS: dict[tuple[str, str, object, Lang], bytes] = {}
_MESSAGES: dict[tuple[Msg, Lang], bytes] = {}
_LINES: dict[tuple[LineItem, Lang], bytes] = {}
_CONDITIONS: dict[tuple[int, Lang], tuple[object, bytes]] = {}
_CONDITION: dict[tuple[str, str, int, Lang], tuple[Msg, bytes]] = {}
_CLOSINGS: dict[tuple[Any, ...], tuple[tuple[object, ...], bytes]] = {}
_FRAMES: dict[tuple[Any, ...], tuple[tuple[object, ...], tuple[bytes, bytes, bytes]]] = {}


def _message(message: Msg, lang: Lang) -> bytes:
    """A message as a JSON string, cached by its content (a line's label repeats row after row).

    Content means tuple equality: Money(5) and Rate(5) are equal tuples, so one template must
    not take both kinds for one field. tests/test_render.py renders every golden case through
    these caches and compares with json.dumps, which would show such a mix-up.
    """
    key = (message, lang)
    found = _MESSAGES.get(key)
    if found is None:
        if len(_MESSAGES) >= _LIMIT:
            _MESSAGES.clear()
        found = _MESSAGES[key] = _encode(message.render(lang)).encode()
    return found


def _texts(msgs: tuple[Msg, ...], lang: Lang) -> str:
    return "[" + ",".join([_encode(m.render(lang)) for m in msgs]) + "]"


def _condition(c: Condition, lang: Lang) -> str:
    reason = "" if c.reason is None else ',"reason":' + _encode(c.reason.render(lang))
    return f'{{"id":"{c.id}","status":"{c.status}","text":{_encode(c.text.render(lang))}{reason}}}'


def _conditions(conditions: tuple[Condition, ...], lang: Lang) -> bytes:
    """The conditions: usually the very tuple of the previous row (engine.Plan keeps it).

    The entry holds the tuple, so its id cannot be reused while the entry lives.
    """
    key = (id(conditions), lang)
    found = _CONDITIONS.get(key)
    if found is not None and found[0] is conditions:
        return found[1]
    if not _shared(conditions):
        # a reason holds this row's figures: only that condition is encoded afresh
        return b"[" + b",".join([_one_condition(c, lang) for c in conditions]) + b"]"
    text = ("[" + ",".join([_condition(c, lang) for c in conditions]) + "]").encode()
    if len(_CONDITIONS) >= _LIMIT:
        _CONDITIONS.clear()
    _CONDITIONS[key] = (conditions, text)
    return text


def _one_condition(c: Condition, lang: Lang) -> bytes:
    """One condition; without a reason, cached by its id, status and the very text object (the
    plan's, the same on every row), which the entry holds so that its id is not reused."""
    if c.reason is not None:
        return _condition(c, lang).encode()
    key = (c.id, c.status, id(c.text), lang)
    found = _CONDITION.get(key)
    if found is None or found[0] is not c.text:
        if len(_CONDITION) >= _LIMIT:
            _CONDITION.clear()
        found = _CONDITION[key] = (c.text, _condition(c, lang).encode())
    return found[1]


def _shared(conditions: tuple[Condition, ...]) -> bool:
    """Conditions without a reason are the plan's own tuple, met again on the next rows; a
    reason holds the row's figures (engine._settled), so its tuple is this row's alone."""
    return all(c.reason is None for c in conditions)


def _item(item: LineItem, lang: Lang) -> bytes:
    """One line of the calculation. A step carries this row's numbers and is encoded afresh;
    a cap or a note is usually the line of the previous row, and is cached by its content."""
    if item.kind != "step":
        key = (item, lang)
        found = _LINES.get(key)
        if found is None:
            if len(_LINES) >= _LIMIT:
                _LINES.clear()
            found = _LINES[key] = _line(item, _message(item.formula, lang), lang)
        return found
    return _line(item, _string(item.formula.render(lang)).encode(), lang)


def _line(item: LineItem, formula: bytes, lang: Lang) -> bytes:
    value_text = "null" if item.value is None else '"' + amount_text(item.value, item.unit) + '"'
    return b"".join(
        [
            b'{"label":',
            _message(item.label, lang),
            b',"formula":',
            formula,
            f',"value":{value_text},"unit":"{item.unit}","grounds":"{item.grounds}"}}'.encode(),
        ]
    )


def _head(est: Estimate, lang: Lang) -> bytes:
    """From "schema" to "as_of": the same for every row of a benefit on a day."""
    key = (est.rules_digest, est.benefit, est.as_of, lang)
    found = _HEADS.get(key)
    if found is None:
        if len(_HEADS) >= _LIMIT:
            _HEADS.clear()
        found = _HEADS[key] = _encode(
            {
                "schema": SCHEMA,
                "document": est.document,
                "measure": est.measure,
                "benefit": est.benefit,
                "title": est.title.render(lang),
                "as_of": est.as_of.isoformat(),
            }
        )[1:-1].encode()
    return found


def _closing(est: Estimate, lang: Lang) -> bytes:
    """From "warnings" to the end: usually the very tuples of the previous row (engine.Plan)."""
    shared = (
        est.warnings,
        est.assumptions,
        est.interpretations,
        est.overrides,
        est.quotes,
        est.overlays,
        est.rules_digest,
        est.measure,
    )
    key = (id(est.warnings), id(est.assumptions), id(est.interpretations), id(est.quotes), lang)
    found = _CLOSINGS.get(key)
    # Tuples compare item by item, identity first: the same objects are equal at once, and
    # equal contents encode alike anyway.
    if found is not None and found[0] == shared:
        return found[1]
    text = (
        f'"warnings":{_texts(est.warnings, lang)},"assumptions":{_texts(est.assumptions, lang)},'
        f'"interpretations":{_texts(est.interpretations, lang)},'
    ) + _encode(
        {
            "overrides": [
                {"param": o.param, "rule_value": o.rule_value, "value": o.value, "by": o.by}
                for o in est.overrides
            ],
            "source": {
                "measure": est.measure,
                "quotes": list(est.quotes),
                "overlays": list(est.overlays),
            },
            "rules_digest": est.rules_digest,
        }
    )[1:]
    encoded = text.encode()
    if len(_CLOSINGS) >= _LIMIT:
        _CLOSINGS.clear()
    _CLOSINGS[key] = (shared, encoded)
    return encoded


def _frame(est: Estimate, lang: Lang) -> tuple[bytes, bytes, bytes]:
    """The head, the conditions and the closing of a line, in one lookup: on most rows they are
    those of the previous row (the same plan, so the very same objects)."""
    shared = (
        est.rules_digest,
        est.benefit,
        est.as_of,
        est.conditions,
        est.warnings,
        est.assumptions,
        est.interpretations,
        est.overrides,
        est.quotes,
        est.overlays,
    )
    key = (id(est.conditions), id(est.quotes), id(est.warnings), id(est.assumptions), lang)
    found = _FRAMES.get(key)
    if found is not None and found[0] == shared:  # identity first: see _closing
        return found[1]
    frame = (_head(est, lang), _conditions(est.conditions, lang), _closing(est, lang))
    if not _shared(est.conditions):
        return frame
    if len(_FRAMES) >= _LIMIT:
        _FRAMES.clear()
    _FRAMES[key] = (shared, frame)
    return frame


def jsonl_record(est: Estimate, lang: Lang = "en", row: int | None = None) -> bytes:
    """The estimate as one compact JSON line in UTF-8, ``"row"`` first when given, and a newline."""
    amount = est.amount
    if amount.unit == "CNY":  # the engine has rounded the amount to the fen (exponent -2)
        low = str(amount.low) if amount.low else "0.00"  # never "-0.00"
        high = (
            "null"
            if amount.high is None
            else '"' + (str(amount.high) if amount.high else "0.00") + '"'
        )
    else:
        low = amount_text(amount.low, amount.unit)
        high = "null" if amount.high is None else '"' + amount_text(amount.high, amount.unit) + '"'
    inputs = ",".join([_string(k) + ":" + _string(v) for k, v in est.inputs.items()])
    middle = (
        f',"inputs":{{{inputs}}},"status":"{est.status}","amount":{{"low":"{low}",'
        f'"high":{high},"basis":"{amount.basis}","unit":"{amount.unit}"}},'
        f'"grounds":"{est.grounds}","conditions":'
    )
    head, conditions, closing = _frame(est, lang)
    return b"".join(
        [
            b"{" if row is None else f'{{"row":{row},'.encode(),
            head,
            middle.encode(),
            conditions,
            b',"items":[',
            b",".join([_item(item, lang) for item in est.items]),
            b"],",
            closing,
            b"\n",
        ]
    )


def estimate_line(est: Estimate, lang: Lang = "en", row: int | None = None) -> str:
    """:func:`jsonl_record` as text, without the newline."""
    return jsonl_record(est, lang, row)[:-1].decode()
