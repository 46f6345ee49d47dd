"""``--format csv``: one header line, then rows, for spreadsheets and ``cut``/``awk``.

An estimate is one row with the columns the batch command writes (without
``row`` and ``error``), so single and batch results paste into the same sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from yantai_subsidy.result import DisplayUnit, Estimate, Lang, amount_text
from yantai_subsidy.ruleset import Measure, RuleSet

from .words import entry_name, waits_on

if TYPE_CHECKING:  # the match and catalogue modules only when a match or search is rendered
    from yantai_subsidy.catalogue import Hit
    from yantai_subsidy.match import Entry, Match
    from yantai_subsidy.vocabulary import Fact


#: ``grounds`` comes last: it was added after scripts had read the columns by position
ESTIMATE_COLUMNS = ("benefit", "measure", "status", "low", "high", "basis", "unit", "grounds")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def estimate_row(est: Estimate) -> list[object]:
    amount = est.amount.to_dict()
    return [
        est.benefit,
        est.measure,
        est.status,
        amount["low"],
        amount["high"] or "",
        amount["basis"],
        amount["unit"],
        est.grounds,
    ]


def estimate(est: Estimate, lang: Lang = "en", unit: DisplayUnit = "yuan", **_: Any) -> str:
    return table(ESTIMATE_COLUMNS, [estimate_row(est)])


def measures(rules: RuleSet, items: list[Measure], lang: Lang = "en", **_: Any) -> str:
    return table(
        ("measure", "chapter", "kind", "title", "benefits"),
        (
            (
                m.number,
                m.chapter,
                m.kind,
                m.title.zh if lang == "zh" else m.title.en,
                ";".join(m.benefits),
            )
            for m in items
        ),
    )


def measure(rules: RuleSet, m: Measure, lang: Lang = "en", **_: Any) -> str:
    """One row per parameter of the measure's benefits (a measure without benefits: its text)."""
    rows = [
        (b, name, p.written, p.type, "yes" if p.assumed else "no", p.quote or "")
        for b in m.benefits
        for name, p in rules.benefits[b].params.items()
    ]
    if not rows:
        return table(("measure", "kind", "text"), [(m.number, m.kind, m.text)])
    return table(("benefit", "param", "value", "type", "assumed", "quote"), rows)


def search(hits: list[Hit], lang: Lang = "en", **_: Any) -> str:
    return table(
        ("measure", "title", "snippet", "match_start", "match_length"),
        (
            (
                h.measure.number,
                h.measure.title.zh if lang == "zh" else h.measure.title.en,
                h.snippet,
                "" if h.start is None else h.start,
                "" if h.start is None else h.length,
            )
            for h in hits
        ),
    )


MATCH_COLUMNS = (
    "section",
    "benefit",
    "measure",
    "status",
    "low",
    "high",
    "basis",
    "unit",
    "period",
    "group",
    "facts_needed",
    "grounds",
)


def match(m: Match, lang: Lang = "en", **_: Any) -> str:
    """One row per benefit by section (claimable, ineligible, paid_to_others, needs_facts), then
    the totals by period and over all periods."""

    def row(section: str, entry: Entry) -> list[object]:
        est = entry.estimate
        return [
            section,
            entry_name(entry),
            *estimate_row(est)[1:-1],
            est.period,
            entry.group or "",
            "",
            est.grounds,
        ]

    rows: list[list[object]] = [row("claimable", e) for e in m.claimable]
    rows += [row("ineligible", e) for e in m.ineligible]
    rows += [row("paid_to_others", e) for e in m.others]
    for need in m.needs:
        wanted = list(need.missing) + ([" | ".join(need.one_of)] if need.one_of else [])
        rows.append(
            [
                "needs_facts",
                need.benefit,
                need.measure,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                ";".join(wanted),
                "",
            ]
        )
    total = m.total
    # each period's total as sure as what it adds (a client list's --totals rows say the same),
    # and conditional while any amount it adds waits on a condition still to confirm
    sums = [(p.period, p.low, p.high, p.grounds, p.benefits) for p in total.periods]
    every = tuple(key for p in total.periods for key in p.benefits)
    sums.append(("all", total.low, total.high, total.grounds, every))
    for period, low, high, grounds, counted in sums:
        low_text, high_text = amount_text(low, "CNY"), amount_text(high, "CNY")
        status = "conditional" if waits_on(m, counted) else "eligible"
        rows.append(
            [
                "total",
                "",
                "",
                status,
                low_text,
                high_text,
                "range",
                "CNY",
                period,
                "",
                "",
                grounds,
            ]
        )
    return table(MATCH_COLUMNS, rows)


def facts(
    rules: RuleSet,
    items: list[Fact],
    local: dict[str, tuple[str, ...]],
    lang: Lang = "en",
    **_: Any,
) -> str:
    return table(
        ("fact", "type", "unit", "label", "read_by"),
        (
            (
                f.id,
                f.type,
                "|".join(c.value for c in f.choices) if f.choices else f.unit or "",
                f.label.zh if lang == "zh" else f.label.en,
                ";".join(f"{b}.{name}" for b, name in f.inputs),
            )
            for f in items
        ),
    )
