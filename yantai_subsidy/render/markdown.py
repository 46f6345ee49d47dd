"""``--format markdown``: for a consultant's memo or a ticket."""

from __future__ import annotations

from typing import Any

from yantai_subsidy.catalogue import Hit
from yantai_subsidy.result import DisplayUnit, Estimate, Lang, Msg
from yantai_subsidy.ruleset import Measure, RuleSet

from .words import (
    MARKS,
    amount_phrase,
    basis_note,
    label,
    money,
    override_text,
    unconfirmed_ids,
    word,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def estimate(est: Estimate, lang: Lang = "en", unit: DisplayUnit = "yuan", **_: Any) -> str:
    def r(text: Msg) -> str:
        return text.render(lang, unit)

    lines = [
        f"### {est.title.zh} · {est.title.en}",
        "",
        f"{word('measure', lang, n=est.measure)} · {est.document}",
        "",
        f"| {word('item', lang)} | {word('formula', lang)} | {word('amount', lang)} |",
        "|---|---|---:|",
    ]
    for item in est.items:
        value = "" if item.value is None else money(item.value, item.unit, unit, symbol=False)
        lines.append(f"| {_cell(r(item.label))} | {_cell(r(item.formula))} | {value} |")
    lines.append(
        f"| **{word('estimate', lang)}** | {basis_note(est, lang)} | **{_cell(amount_phrase(est, lang, unit))}** |"
    )
    lines += ["", f"**{label('status', lang).strip()}** {word(est.status, lang)}"]
    pending = unconfirmed_ids(est)
    if pending and est.status == "conditional":
        lines[-1] += f" — {word('confirm_with', lang, ids=','.join(pending))}"
    lines.append("")
    for c in est.conditions:
        reason = f" — {r(c.reason)}" if c.reason else ""
        lines.append(f"- {MARKS[c.status]} `{c.id}` {r(c.text)} ({word(c.status, lang)}){reason}")
    for override in est.overrides:
        lines.append(f"- **{label('override', lang).strip()}** {override_text(override, lang)}")
    for key, group in (
        ("warning", est.warnings),
        ("assumption", est.assumptions),
        ("interpretation", est.interpretations),
    ):
        for note in group:
            lines.append(f"- **{label(key, lang).strip()}** {r(note)}")
    if est.overlays:
        overlays = ", ".join(f"`{path}`" for path in est.overlays)
        lines.append(f"- **{label('rules_overlay', lang).strip()}** {overlays}")
    if est.quotes:
        quoted = " … ".join(f"“{q}”" for q in est.quotes)
        lines += [
            "",
            f"> {word('source', lang)}: {est.document} {word('measure', lang, n=est.measure)} {quoted}",
        ]
    return "\n".join(lines)


def measures(rules: RuleSet, items: list[Measure], lang: Lang = "en", **_: Any) -> str:
    lines = [
        f"| # | {word('chapter', lang)} | {word('kind', lang)} | {word('title', lang)} | {word('benefits', lang)} |",
        "|---:|---:|---|---|---|",
    ]
    for m in items:
        title = m.title.zh if lang == "zh" else m.title.en
        lines.append(
            f"| {m.number} | {m.chapter} | {word('kind_' + m.kind, lang)} | {_cell(title)} | {', '.join(m.benefits)} |"
        )
    return "\n".join(lines)


def measure(rules: RuleSet, m: Measure, lang: Lang = "en", **_: Any) -> str:
    title = m.title.zh if lang == "zh" else m.title.en
    lines = [
        f"### {word('measure', lang, n=m.number)} · {title}",
        "",
        f"> {m.text}",
        "",
        f"**{word('responsible', lang)}:** {'、'.join(m.responsible)}",
    ]
    for b in m.benefits:
        benefit = rules.benefits[b]
        args = benefit.param_args()
        lines += [
            "",
            f"#### `{b}` · {benefit.title.zh} · {benefit.title.en}",
            "",
            benefit.summary.fill(args).render(lang),
            "",
        ]
        for name, p in benefit.params.items():
            origin = f"“{p.quote}”" if p.quote else f"*{word('assumed', lang)}*"
            lines.append(f"- `{name}` = {p.written} — {origin}")
    return "\n".join(lines)


def search(hits: list[Hit], lang: Lang = "en", **_: Any) -> str:
    lines = [f"| # | {word('title', lang)} | {word('snippet', lang)} |", "|---:|---|---|"]
    for h in hits:
        title = h.measure.title.zh if lang == "zh" else h.measure.title.en
        lines.append(f"| {h.measure.number} | {_cell(title)} | {_cell(h.snippet)} |")
    return "\n".join(lines)
