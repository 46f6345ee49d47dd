"""``--format json``: the stable objects of DESIGN.md (scripts depend on them)."""

from __future__ import annotations

import json
from typing import Any

from yantai_subsidy.catalogue import Hit
from yantai_subsidy.result import DisplayUnit, Estimate, Lang
from yantai_subsidy.ruleset import Benefit, Measure, RuleSet, Text


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
