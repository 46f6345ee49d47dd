"""``--format markdown``: for a consultant's memo or a ticket."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from yantai_subsidy.catalogue import Hit, marked
from yantai_subsidy.result import DisplayUnit, Estimate, Lang, Msg
from yantai_subsidy.ruleset import Measure, RuleSet

from .words import (
    MARKS,
    amount_phrase,
    aside,
    basis_note,
    beneficiary,
    colon,
    entry_name,
    fact_unit,
    grounds_some_key,
    label,
    money,
    money_range,
    need_text,
    notes,
    override_text,
    pending,
    profile_source,
    to_give,
    unconfirmed_ids,
    unmet_reasons,
    word,
    written_out,
)

if TYPE_CHECKING:  # the match module only when a match is rendered
    from yantai_subsidy.match import Entry, Match
    from yantai_subsidy.vocabulary import Fact


def _one_line(text: str) -> str:
    """``text`` on one line: a line break (a spreadsheet cell's Alt+Enter, ``\r`` or ``\n``)
    would end a heading or a table row, and a next line starting with "|" read as a row."""
    return " ".join(text.splitlines())


def _cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


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
        overlays = ", ".join(f"`{written_out(path)}`" for path in est.overlays)
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
        lines.append(f"| {h.measure.number} | {_cell(title)} | {_cell(marked(h))} |")
    return "\n".join(lines)


def _heading(key: str, lang: Lang) -> str:
    text = word(key, lang)
    return text[:1].upper() + text[1:]


def _clause(est: Estimate, lang: Lang) -> str:
    """``第48条 “…” … “…”``: the measure and the sentences behind the figure."""
    quoted = " … ".join(f"“{q}”" for q in est.quotes)
    return f"{word('measure', lang, n=est.measure)} {quoted}".strip()


def _conditions(est: Estimate, lang: Lang, unit: DisplayUnit) -> str:
    waiting = [c for c in est.conditions if c.status == "unconfirmed"]
    if not waiting:  # nothing to confirm: a dash, as in the table
        return "—" if est.status == "eligible" else word(est.status, lang)
    return "<br>".join(f"`{c.id}` {c.text.render(lang, unit)}" for c in waiting)


def _entry_row(entry: Entry, lang: Lang, unit: DisplayUnit) -> str:
    est = entry.estimate
    name = f"{est.title.render(lang, unit)} (`{entry_name(entry)}`)"
    if entry.group:
        name += f" ({entry.group})"
    amount = amount_phrase(est, lang, unit)
    if est.grounds != "document" and est.status != "ineligible":
        amount += ("，" if lang == "zh" else ", ") + word("grounds_" + est.grounds, lang)
    cells = [
        name,
        amount,
        word("period_" + est.period, lang),
        _conditions(est, lang, unit),
        _clause(est, lang),
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def match(m: Match, lang: Lang = "en", unit: DisplayUnit = "yuan", **_: Any) -> str:
    profile = m.profile
    kind = profile.kind.label.zh if lang == "zh" else profile.kind.label.en
    who = _one_line(profile.name or profile_source(profile, lang))
    head = (
        f"| {word('benefit_col', lang)} | {word('amount', lang)} | {word('period', lang)} |"
        f" {word('to_confirm', lang)} | {word('clause', lang)} |"
    )
    where = _one_line(profile_source(profile, lang, "`"))
    lines = [
        f"### {who} · {m.document}",
        "",
        f"{kind} · {word('as_of', lang)} {m.as_of.isoformat()} · {word('profile', lang)} {where}",
        "",
        f"#### {_heading('claimable', lang)}",
        "",
    ]
    if m.claimable:
        lines += [head, "|---|---:|---|---|---|"]
        lines += [_entry_row(e, lang, unit) for e in m.claimable]
        total = m.total
        lines += [
            "",
            f"| {word('total', lang)} | {word('amount', lang)} |",
            "|---|---:|",
        ]
        for period in total.periods:
            lines.append(
                f"| {word('total_' + period.period, lang)} | {money_range(period.low, period.high, unit, lang)} |"
            )
        lines += [
            f"| **{word('total_all', lang)}** | **{money_range(total.low, total.high, unit, lang)}** |",
            "",
            f"*{word('total_note', lang)}{_stop(lang)}*",
        ]
        if total.grounds != "document":
            lines += ["", f"*{word(grounds_some_key(total.grounds), lang)}{_stop(lang)}*"]
        extra = []
        for group in total.groups:
            reasons = "; ".join(r.render(lang, unit) for r in group.reasons)
            members = ", ".join(f"`{k}`" for k in group.members)
            extra.append(
                f"- {word('not_added', lang)}{aside(group.label, lang)}{colon(lang)}{members} — {reasons};"
                f" {word('group_counted', lang, name=f'`{group.counted}`')}"
            )
        if total.unstated:
            extra.append(
                "- " + word("unstated", lang, ids=", ".join(f"`{k}`" for k in total.unstated))
            )
        if total.not_money:
            extra.append(
                "- " + word("not_money", lang, ids=", ".join(f"`{k}`" for k in total.not_money))
            )
        if total.own_money:
            extra.append(
                "- " + word("own_money", lang, ids=", ".join(f"`{k}`" for k in total.own_money))
            )
        if extra:
            lines += ["", *extra]
    else:
        lines.append(word("none_claimable", lang))
    waiting = pending(m)
    if waiting:
        lines += ["", f"{label('confirm_in_profile', lang)}`confirm: [{', '.join(waiting)}]`"]
    facts = to_give(m)
    if facts:
        lines += ["", label("give_in_profile", lang) + ", ".join(f"`{f}`" for f in facts)]
    if m.others:
        lines += [
            "",
            f"#### {_heading('paid_to_others', lang)}",
            "",
            head,
            "|---|---:|---|---|---|",
        ]
        for entry in m.others:
            who_gets = word("paid_to", lang, who=beneficiary(entry.estimate.beneficiary, lang))
            row = _entry_row(entry, lang, unit)
            lines.append(row.replace(" (`", f" — {who_gets} (`", 1))
    if m.ineligible:
        lines += ["", f"#### {_heading('ineligible_list', lang)}", ""]
        for entry in m.ineligible:
            est = entry.estimate
            lines.append(
                f"- {MARKS['unmet']} {est.title.render(lang, unit)} (`{entry_name(entry)}`,"
                f" {word('measure', lang, n=est.measure)}): {unmet_reasons(est, lang, unit)}"
            )
    if m.needs:
        lines += ["", f"#### {_heading('needs_facts', lang)}", ""]
        for need in m.needs:
            title = need.title.zh if lang == "zh" else need.title.en
            lines.append(
                f"- `{need.benefit}` {title}{aside(word('measure', lang, n=need.measure), lang)}"
                f"{colon(lang)}{need_text(need, lang)}"
            )
    found = notes(m, lang, unit, interpretations=True)
    if found:
        lines += ["", f"#### {_heading('notes', lang)}", ""]
        for key, text, ids in found:
            names = ", ".join(f"`{i}`" for i in ids)
            lines.append(f"- **{word(key, lang)}**{aside(names, lang)}{colon(lang)}{text}")
    return "\n".join(lines)


def facts(
    rules: RuleSet,
    items: list[Fact],
    local: dict[str, tuple[str, ...]],
    lang: Lang = "en",
    **_: Any,
) -> str:
    columns = ("fact", "type", "unit", "meaning", "read_by")
    lines = ["| " + " | ".join(word(c, lang) for c in columns) + " |", "|---|---|---|---|---|"]
    for fact in items:
        meaning = fact.label.zh if lang == "zh" else fact.label.en
        readers = ", ".join(f"`{b}.{name}`" for b, name in fact.inputs)
        cells = [f"`{fact.id}`", word("type_" + fact.type, lang), fact_unit(fact), meaning, readers]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if local:
        lines += ["", f"**{word('local_inputs', lang)}**", ""]
        lines += [f"- `{b}`: {', '.join(names)}" for b, names in local.items()]
    return "\n".join(lines)


def _stop(lang: Lang) -> str:
    """The end of a sentence: 。 in Chinese."""
    return "。" if lang == "zh" else "."
