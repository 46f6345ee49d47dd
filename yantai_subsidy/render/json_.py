"""``--format json``: the stable objects of DESIGN.md (scripts depend on them)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from yantai_subsidy.catalogue import Hit
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

if TYPE_CHECKING:  # the match module only when a match is rendered
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
    total = m.total
    profile = m.profile
    return dumps(
        {
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
                "to_confirm": total.to_confirm,
            },
            "rules_digest": m.rules_digest,
        }
    )


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
# encoded per row. The result is byte for byte json.dumps(to_dict(), separators=(",", ":"),
# ensure_ascii=False) with "row" first: tests/test_render.py holds it to that.

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_string = json.encoder.encode_basestring  # a str as a JSON string, without the encoder's dispatch
_LIMIT = 8192
_BY_CONTENT: dict[Any, str] = {}
_BY_IDENTITY: dict[tuple[int, Any], tuple[object, str]] = {}


def _by_content(key: Any, make: Callable[[], str]) -> str:
    """A fragment cached by the value it encodes (hashing the key)."""
    found = _BY_CONTENT.get(key)
    if found is None:
        if len(_BY_CONTENT) >= _LIMIT:
            _BY_CONTENT.clear()
        found = _BY_CONTENT[key] = make()
    return found


def _by_identity(obj: object, extra: Any, make: Callable[[], str]) -> str:
    """A fragment cached by the very object it encodes (the engine reuses them from row to row).

    The entry holds the object, so its id cannot be reused while the entry lives.
    """
    key = (id(obj), extra)
    found = _BY_IDENTITY.get(key)
    if found is not None and found[0] is obj:
        return found[1]
    text = make()
    if len(_BY_IDENTITY) >= _LIMIT:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[key] = (obj, text)
    return text


def _text(msg: Msg, lang: Lang) -> str:
    return _by_identity(msg, lang, lambda: _encode(msg.render(lang)))


def _texts(msgs: tuple[Msg, ...], lang: Lang) -> str:
    return "[" + ",".join([_text(m, lang) for m in msgs]) + "]"


def _condition(c: Condition, lang: Lang) -> str:
    reason = "" if c.reason is None else ',"reason":' + _encode(c.reason.render(lang))
    return f'{{"id":"{c.id}","status":"{c.status}","text":{_text(c.text, lang)}{reason}}}'


def _item(item: LineItem, lang: Lang) -> str:
    # A step's formula carries this row's numbers: encode it afresh; labels repeat.
    if item.kind == "step":
        formula = _string(item.formula.render(lang))
    else:
        formula = _by_content(
            ("msg", item.formula, lang), lambda: _encode(item.formula.render(lang))
        )
    label = _by_content(("msg", item.label, lang), lambda: _encode(item.label.render(lang)))
    value = "null" if item.value is None else '"' + amount_text(item.value, item.unit) + '"'
    return f'{{"label":{label},"formula":{formula},"value":{value},"unit":"{item.unit}"}}'


_NOTES: dict[tuple[int, int, int, str], tuple[object, object, object, str]] = {}


def _notes(est: Estimate, lang: Lang) -> str:
    """Warnings, assumptions and interpretations: usually the very tuples of the previous row."""
    w, a, i = est.warnings, est.assumptions, est.interpretations
    key = (id(w), id(a), id(i), lang)
    found = _NOTES.get(key)
    if found is not None and found[0] is w and found[1] is a and found[2] is i:
        return found[3]
    text = (
        f'"warnings":{_texts(w, lang)},"assumptions":{_texts(a, lang)},'
        f'"interpretations":{_texts(i, lang)},'
    )
    if len(_NOTES) >= _LIMIT:
        _NOTES.clear()
    _NOTES[key] = (w, a, i, text)
    return text


def estimate_line(est: Estimate, lang: Lang = "en", row: int | None = None, end: str = "") -> str:
    """The estimate as one compact JSON line (with ``"row"`` first when given), then ``end``."""
    head = _by_content(
        ("head", est.rules_digest, est.benefit, est.as_of, lang),
        lambda: _encode(
            {
                "schema": SCHEMA,
                "document": est.document,
                "measure": est.measure,
                "benefit": est.benefit,
                "title": est.title.render(lang),
                "as_of": est.as_of.isoformat(),
            }
        )[1:-1],
    )
    tail = _by_identity(
        est.quotes,
        (est.overrides, est.overlays, est.rules_digest, est.measure),
        lambda: _encode(
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
        )[1:],
    )
    amount = est.amount
    money = amount.unit == "CNY"  # the engine has rounded the amount to the fen already
    low = f"{amount.low:.2f}" if money else amount_text(amount.low, amount.unit)
    if amount.high is None:
        high = "null"
    else:
        high = (
            '"' + (f"{amount.high:.2f}" if money else amount_text(amount.high, amount.unit)) + '"'
        )
    return "".join(
        [
            "{" if row is None else '{"row":' + str(row) + ",",
            head,
            ',"inputs":{',
            ",".join([_string(k) + ":" + _string(v) for k, v in est.inputs.items()]),
            "}",
            ',"status":"',
            est.status,
            '","amount":{"low":"',
            low,
            '","high":',
            high,
            ',"basis":"',
            amount.basis,
            '","unit":"',
            amount.unit,
            '"},"conditions":',
            _by_identity(
                est.conditions,
                lang,
                lambda: "[" + ",".join([_condition(c, lang) for c in est.conditions]) + "]",
            ),
            ',"items":[',
            ",".join([_item(item, lang) for item in est.items]),
            "],",
            _notes(est, lang),
            tail,
            end,
        ]
    )
