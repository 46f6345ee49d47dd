"""``--format table``: the readable statement on a terminal. The only importer of rich.

Words from rule files, profiles and the command line go to rich as ``Text``, never as a plain
string, which rich reads as markup: ``Loans [2024]`` would lose its brackets and ``[/x]`` stop
the command (and reading markup costs start-up time: ~1 ms for the 62 rows of ``ytsub list``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.table import Table
from rich.text import Span, Text

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

if TYPE_CHECKING:  # the match and catalogue modules only when a match or search is rendered
    from yantai_subsidy.catalogue import Hit
    from yantai_subsidy.match import Match
    from yantai_subsidy.vocabulary import Fact


STATUS_STYLE = {"eligible": "bold green", "conditional": "bold yellow", "ineligible": "bold red"}
CONDITION_STYLE = {"met": "green", "unmet": "red", "unconfirmed": "yellow"}


def _longest(words: list[str]) -> int:
    """The widest of ``words`` on a terminal (a Chinese character takes two columns)."""
    return max((cell_len(w) for w in words), default=0)


def _console(color: bool, width: int) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )


def _output(console: Console) -> str:
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue().rstrip("\n")


def estimate(
    est: Estimate,
    lang: Lang = "en",
    unit: DisplayUnit = "yuan",
    color: bool = False,
    width: int = 100,
    **_: Any,
) -> str:
    console = _console(color, width)

    def r(text: Msg) -> str:
        return text.render(lang, unit)

    heading = Table.grid(expand=True)
    heading.add_column(ratio=3)
    heading.add_column(justify="right", ratio=2)
    heading.add_row(
        # fold, not ellipsis: a title must never lose letters ("fo…" for "for")
        Text(f"{est.title.zh} · {est.title.en}", style="bold", overflow="fold"),
        Text(f"{word('measure', lang, n=est.measure)} · {est.document}", style="dim"),
    )
    _print_table(console, heading, color)

    items = Table(
        box=box.SQUARE, show_header=True, header_style="bold", expand=False, show_lines=False
    )
    items.add_column(word("item", lang), overflow="fold", max_width=max(30, width * 9 // 20))
    items.add_column(word("formula", lang), overflow="fold", max_width=max(24, width * 2 // 5))
    items.add_column(word("amount", lang), justify="right", max_width=32)
    for item in est.items:
        value = "" if item.value is None else money(item.value, item.unit, unit, symbol=False)
        style = "dim" if item.kind == "note" else "italic" if item.kind == "cap" else ""
        items.add_row(Text(r(item.label), style=style), Text(r(item.formula), style=style), value)
    items.add_section()
    items.add_row(
        Text(word("estimate", lang), style="bold"),
        Text(basis_note(est, lang), style="dim"),
        Text(amount_phrase(est, lang, unit), style="bold"),
    )
    _print_table(console, items, color)

    status = Text(label("status", lang))
    status.append(word(est.status, lang), style=STATUS_STYLE[est.status])
    pending = unconfirmed_ids(est)
    if pending and est.status == "conditional":
        status.append(" — " + word("confirm_with", lang, ids=",".join(pending)))
    _say(console, status)
    width_id = max((len(c.id) for c in est.conditions), default=0)
    for c in est.conditions:
        line = Text("  ")
        line.append(MARKS[c.status], style=CONDITION_STYLE[c.status])
        line.append(f"  {c.id.ljust(width_id)}  {r(c.text)}")
        if c.reason:
            line.append(f" — {r(c.reason)}", style=CONDITION_STYLE[c.status])
        _say(console, line)
    for override in est.overrides:
        _say(
            console, Text(label("override", lang) + override_text(override, lang), style="magenta")
        )
    for key, group, style in (
        ("assumption", est.assumptions, "magenta"),
        ("interpretation", est.interpretations, "cyan"),
        ("warning", est.warnings, "yellow"),
    ):
        for note in group:
            _say(console, Text(label(key, lang) + r(note), style=style))
    if est.overlays:
        listed = ", ".join(map(written_out, est.overlays))
        _say(console, Text(label("rules_overlay", lang) + listed, style="magenta"))
    if est.quotes:
        quoted = " … ".join(f"“{q}”" for q in est.quotes)
        _say(
            console,
            Text(
                label("source", lang) + f"{word('measure', lang, n=est.measure)} {quoted}",
                style="dim",
            ),
        )
    return _output(console)


def measures(
    rules: RuleSet,
    items: list[Measure],
    lang: Lang = "en",
    color: bool = False,
    width: int = 100,
    **_: Any,
) -> str:
    console = _console(color, width)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
    table.add_column("#", justify="right")
    table.add_column(word("chapter", lang), justify="right")
    table.add_column(word("kind", lang))
    table.add_column(word("title", lang), overflow="fold")
    table.add_column(word("benefits", lang), overflow="fold")
    for m in items:
        title = m.title.zh if lang == "zh" else m.title.en
        kind_style = "green" if m.kind == "benefit" else "dim"
        table.add_row(
            Text(str(m.number)),
            Text(str(m.chapter)),
            Text(word("kind_" + m.kind, lang), style=kind_style),
            Text(title),
            Text(", ".join(m.benefits)),
        )
    _print_table(console, table, color)
    return _output(console)


def measure(
    rules: RuleSet, m: Measure, lang: Lang = "en", color: bool = False, width: int = 100, **_: Any
) -> str:
    console = _console(color, width)
    chapter = rules.document.chapters[m.chapter]
    _say(
        console,
        Text(f"{word('measure', lang, n=m.number)} · {m.title.zh} · {m.title.en}", style="bold"),
    )
    _say(
        console,
        Text(
            f"{rules.document.number} · {chapter.zh if lang == 'zh' else chapter.en} · {word('kind_' + m.kind, lang)}",
            style="dim",
        ),
    )
    console.print()
    _say(console, Text(m.text))
    console.print()
    _say(console, Text(label("responsible", lang) + "、".join(m.responsible)))
    for b in m.benefits:
        benefit = rules.benefits[b]
        args = benefit.param_args()
        console.print()
        _say(
            console,
            Text(f"ytsub estimate {b}  ·  {benefit.title.zh} · {benefit.title.en}", style="bold"),
        )
        _say(console, Text(benefit.summary.fill(args).render(lang, "yuan")))
        params = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
        params.add_column(word("parameters", lang))
        params.add_column("", justify="right")
        params.add_column(word("source", lang), overflow="fold")
        for name, p in benefit.params.items():
            if p.quote:
                origin = Text(f"“{p.quote}”")
            else:
                basis = "" if p.basis is None else p.basis.zh if lang == "zh" else p.basis.en
                origin = Text(label("assumed", lang) + basis, style="magenta")
            params.add_row(Text(name), Text(p.written), origin)
        _print_table(console, params, color)
        for c in benefit.conditions:
            line = Text("  " + label("conditions", lang))
            line.append(c.id, style="bold")
            line.append(f"  {c.text.fill(args).render(lang)}")
            _say(console, line)
    return _output(console)


def search(
    hits: list[Hit], lang: Lang = "en", color: bool = False, width: int = 100, **_: Any
) -> str:
    from yantai_subsidy.catalogue import marked

    console = _console(color, width)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False)
    table.add_column("#", justify="right")
    table.add_column(word("title", lang), overflow="fold")
    table.add_column(word("snippet", lang), overflow="fold")
    for h in hits:
        title = h.measure.title.zh if lang == "zh" else h.measure.title.en
        table.add_row(Text(str(h.measure.number)), Text(title), Text(marked(h)))
    _print_table(console, table, color)
    return _output(console)


def match(
    m: Match,
    lang: Lang = "en",
    unit: DisplayUnit = "yuan",
    color: bool = False,
    width: int = 100,
    **_: Any,
) -> str:
    console = _console(color, width)
    profile = m.profile
    kind = profile.kind.label.zh if lang == "zh" else profile.kind.label.en
    heading = Table.grid(expand=True)
    heading.add_column(ratio=3)
    heading.add_column(justify="right", ratio=2)
    heading.add_row(
        Text(
            f"{profile.name or profile_source(profile, lang)} · {kind}",
            style="bold",
            overflow="fold",
        ),
        Text(f"{word('as_of', lang)} {m.as_of.isoformat()} · {m.document}", style="dim"),
    )
    _print_table(console, heading, color)

    if not m.claimable:
        _say(console, Text(word("none_claimable", lang), style="bold"))
    else:
        # Identifiers are what a user types back (--confirm growth_rate): their columns are
        # never narrower than the longest identifier, so none is split mid-word (growth_rat|e).
        # The amount column gives way first: it may wrap after "up to" or at a range's dash.
        confirm = word("to_confirm", lang)
        confirm_width = _longest(
            [confirm, word("eligible", lang)]
            + [f"{name}," for entry in m.claimable for name in unconfirmed_ids(entry.estimate)]
        )
        amounts = (
            [amount_phrase(entry.estimate, lang, unit) for entry in m.claimable]
            + [money_range(p.low, p.high, unit, lang) for p in m.total.periods]
            + [money_range(m.total.low, m.total.high, unit, lang)]
        )
        names_width = _longest([entry_name(entry) for entry in m.claimable])
        spare = width - 16 - 2 - 11 - confirm_width - names_width  # borders and padding: 16
        amount_width = max(
            min(_longest(amounts), spare), _longest([f for a in amounts for f in a.split()])
        )
        # Narrower than its identifiers and figures, the table runs past the width rather than
        # have rich crop an identifier.
        console.width = max(width, 16 + 2 + 11 + names_width + amount_width + confirm_width)
        table = Table(box=box.SQUARE, header_style="bold", expand=True)
        table.add_column(word("claimable", lang), overflow="fold", ratio=1, min_width=names_width)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column(word("period", lang), overflow="fold", max_width=11)
        table.add_column(word("amount", lang), justify="right", overflow="fold", width=amount_width)
        table.add_column(confirm, overflow="fold", width=confirm_width)
        for entry in m.claimable:
            est = entry.estimate
            name = Text(entry_name(entry), style="bold")
            if entry.group:
                name.append(f" ({entry.group})", style="magenta")
            name.append("\n" + est.title.render(lang, unit))
            if est.grounds != "document":
                name.append("\n" + word("grounds_" + est.grounds, lang), style="dim")
            table.add_row(
                name,
                str(est.measure),
                word("period_" + est.period, lang),
                amount_phrase(est, lang, unit),
                Text(
                    ", ".join(unconfirmed_ids(est)) or "—",
                    style="yellow" if est.status == "conditional" else "green",
                ),
            )
        table.add_section()
        total = m.total
        for period in total.periods:
            table.add_row(
                word("total_" + period.period, lang),
                "",
                "",
                money_range(period.low, period.high, unit, lang),
                "",
            )
        table.add_row(
            Text(word("total_all", lang), style="bold"),
            "",
            "",
            Text(money_range(total.low, total.high, unit, lang), style="bold"),
            "",
        )
        _print_table(console, table, color)
        _say(console, Text(word("total_note", lang), style="dim"))
        if total.grounds != "document":
            _say(console, Text(word(grounds_some_key(total.grounds), lang), style="magenta"))
        for group in total.groups:
            _say(
                console,
                Text(
                    f"{word('not_added', lang)}{aside(group.label, lang)}{colon(lang)}"
                    f"{', '.join(group.members)}"
                    f" — {'; '.join(r.render(lang, unit) for r in group.reasons)};"
                    f" {word('group_counted', lang, name=group.counted)}",
                    style="magenta",
                ),
            )
        if total.unstated:
            _say(console, Text(word("unstated", lang, ids=", ".join(total.unstated))))
        if total.not_money:
            _say(console, Text(word("not_money", lang, ids=", ".join(total.not_money))))
        if total.own_money:
            _say(console, Text(word("own_money", lang, ids=", ".join(total.own_money))))
    waiting = pending(m)
    if waiting:
        _say(console, Text(label("confirm_in_profile", lang) + f"confirm: [{', '.join(waiting)}]"))
    facts = to_give(m)
    if facts:
        _say(console, Text(label("give_in_profile", lang) + ", ".join(facts)))

    if m.others:
        console.print()
        _say(console, Text(word("paid_to_others", lang), style="bold"))
        rows = []
        for entry in m.others:
            est = entry.estimate
            who = word("paid_to", lang, who=beneficiary(est.beneficiary, lang))
            sep = ", " if lang == "en" else "，"
            rows.append(
                (
                    Text(entry_name(entry)),
                    Text(
                        amount_phrase(est, lang, unit)
                        + aside(f"{word('period_' + est.period, lang)}{sep}{who}", lang)
                        + colon(lang)
                        + est.title.render(lang)
                    ),
                )
            )
        _print_listing(console, rows, color)
    if m.ineligible:
        console.print()
        _say(console, Text(word("ineligible_list", lang), style="bold"))
        _print_listing(
            console,
            [
                (
                    Text(MARKS["unmet"] + "  " + entry_name(entry), style="red"),
                    Text(unmet_reasons(entry.estimate, lang, unit)),
                )
                for entry in m.ineligible
            ],
            color,
        )
    if m.needs:
        console.print()
        _say(console, Text(word("needs_facts", lang), style="bold"))
        _print_listing(
            console, [(Text(need.benefit), Text(need_text(need, lang))) for need in m.needs], color
        )
    found = notes(m, lang, unit, interpretations=False)
    if found:
        console.print()
        for key, text, ids in found:
            style = "magenta" if key in ("assumption", "override") else "yellow"
            line = f"{word(key, lang)}{aside(', '.join(ids), lang)}{colon(lang)}{text}"
            _say(console, Text(line, style=style))
    _say(console, Text(word("details", lang), style="dim"))
    return _output(console)


def _listing(rows: Iterable[tuple[Text, Text]]) -> Table:
    """Two columns without borders, the second wrapping under itself."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for left, right in rows:
        grid.add_row(Text("  ") + left, right)
    return grid


#: A figure as a reader takes it in: a date, or a sign, ¥, digits with their separators and
#: decimals, and a unit written against them. A line may never break inside one: ``12,345,678,9``
#: above ``01.00`` reads as two other numbers, ``0.05`` above ``万元`` as 0.05 yuan.
FIGURE = re.compile(
    r"\d{4}-\d{2}-\d{2}|[-−]?[¥$]?\d+(?:,\d{3})*(?:\.\d+)?(?:万元|亿元|万|亿|元|%|‰|亩|倍|号|条)?"
)
#: the narrowest a column gives way to let another show its figures whole
_GIVES_WAY_TO = 8


_WORD = re.compile(r"\s*\S+\s*")  # a word as rich's wrapping takes it, with its spaces


def _folds(line: str, width: int) -> Iterable[int]:
    """Where rich's ``Text.wrap`` folds ``line`` inside a word: a word wider than ``width``
    (its trailing spaces aside) is chopped at the last cell that fits, again and again."""
    for found in _WORD.finditer(line):
        if cell_len(found.group().rstrip()) > width:
            at = found.start()
            for piece in chop_cells(found.group(), width)[:-1]:
                at += len(piece)
                yield at


def _figure_breaks(line: str, width: int) -> list[int]:
    """Where to break ``line`` so that rich, wrapping it at ``width``, cuts no figure.

    rich breaks between words, and folds a word longer than the width at the last cell that
    fits, which may be inside a figure (``min(12,345,678,901.00,``). Each such fold is moved
    back to the start of the figure, so the figure begins the next line. A figure wider than
    the width itself is left to rich (the columns are made wide enough first).
    """
    breaks: list[int] = []
    base = 0
    while True:
        rest = line[base:]
        if cell_len(rest) <= width:
            return breaks
        spans = [m.span() for m in FIGURE.finditer(rest)]
        cut = next(
            (start for at in _folds(rest, width) for start, end in spans if start < at < end),
            None,
        )
        if not cut:
            return breaks  # nothing cut, or a figure wider than the line
        breaks.append(base + cut)
        base += cut


def _whole_figures(text: Text, width: int) -> Text:
    """``text`` with a line break before each figure that rich would cut at ``width``, as
    ``overflow="fold"`` wraps (an ``ellipsis`` or ``crop`` line loses what passes the width)."""
    plain = text.plain
    if width < 1 or not any(c.isdigit() for c in plain):
        return text
    breaks: list[int] = []
    start = 0
    for line in plain.split("\n"):
        breaks.extend(start + at for at in _figure_breaks(line, width))
        start += len(line) + 1
    if not breaks:
        return text
    pieces = [plain[i:j] for i, j in zip([0, *breaks], [*breaks, len(plain)], strict=True)]
    kept = text.blank_copy("\n".join(pieces))

    def moved(at: int, end: bool) -> int:
        return at + sum(1 for b in breaks if (b < at if end else b <= at))

    kept.spans = [Span(moved(s.start, False), moved(s.end, True), s.style) for s in text.spans]
    return kept


def _say(console: Console, text: Text) -> None:
    """Print a paragraph, no figure of it cut at the end of a line (a Chinese one has no
    spaces: rich folds it at the width, wherever that falls)."""
    console.print(_whole_figures(text, console.width))


def _cell_text(cell: object) -> Text | None:
    """A cell as the Text rich shows (a string without "[" is its own text), or None."""
    if isinstance(cell, Text):
        return cell
    if isinstance(cell, str) and "[" not in cell:
        return Text(cell)
    return None


def _fit_figures(console: Console, table: Table) -> list[int] | None:
    """Lay ``table`` out so that no figure in it is cut, as both ways of printing it will;
    return rich's widths of its columns when they stand as measured (the plain layout needs
    them, and measuring twice doubled the time ``ytsub list`` takes), else None.

    A column is made at least as wide as its widest figure, the others giving way down to
    their own figures (and a few cells); where that is not enough the console is widened for
    the table (the caller sets it back): a table past the terminal's edge beats a wrong number.
    Then each cell that rich would fold inside a figure gets a line break before the figure,
    and the columns keep the widths they were laid out at, which the break would change.
    """
    if not hasattr(table, "_calculate_column_widths"):
        return None  # pragma: no cover - every rich ytsub supports has it
    columns = table.columns
    pads = [table._get_padding_width(i) for i in range(len(columns))]
    cells = [[_cell_text(cell) for cell in column.cells] for column in columns]
    floors = [
        pad + max((cell_len(f) for t in texts if t for f in FIGURE.findall(t.plain)), default=0)
        for texts, pad in zip(cells, pads, strict=True)
    ]

    def laid_out() -> list[int]:
        options = console.options.update_width(console.width - table._extra_width)
        return table._calculate_column_widths(console, options)

    widths = laid_out()
    measured = True
    if any(w < f for w, f in zip(widths, floors, strict=True)):
        measured = False
        target = [max(w, f) for w, f in zip(widths, floors, strict=True)]
        over = sum(target) - (console.width - table._extra_width)
        short = {i for i, (w, f) in enumerate(zip(widths, floors, strict=True)) if w < f}
        while over > 0:
            room = [
                0
                if i in short or column.no_wrap or column.width is not None
                else target[i] - max(floors[i], pads[i] + _GIVES_WAY_TO)
                for i, column in enumerate(columns)
            ]
            widest = max(range(len(columns)), key=room.__getitem__)
            if room[widest] <= 0:
                console.width += over
                break
            target[widest] -= 1
            over -= 1
        for column, width, pad in zip(columns, target, pads, strict=True):
            column.width = width - pad
        widths = laid_out()
    broken = False
    for column, texts, width, pad in zip(columns, cells, widths, pads, strict=True):
        if column.no_wrap:
            continue
        for index, text in enumerate(texts):
            if text is None or not any(c.isdigit() for c in text.plain):
                continue
            kept = text
            if (text.overflow or column.overflow) != "fold" and any(
                cell_len(line) > width - pad for line in text.plain.split("\n")
            ):
                # an ellipsis cuts what passes the width, a figure too: "925,925,917,217.…"
                # (rich 13.8 to 15 even cut a Chinese line that only a space makes too long)
                kept = text.copy()
                kept.overflow = "fold"
            kept = _whole_figures(kept, width - pad)
            if kept is not text:
                column._cells[index] = kept
                broken = True
    if broken:
        for column, width, pad in zip(columns, widths, pads, strict=True):
            if column.ratio is None:
                column.width = width - pad
    return widths if measured and not broken else None


#: Off in tests/test_render.py, which compares what both ways print.
PLAIN_LAYOUT = True


def _print_listing(console: Console, rows: list[tuple[Text, Text]], color: bool) -> None:
    """Print :func:`_listing`'s grid; without colour, laid out by :func:`_plain_listing`.

    No figure of the second column is cut: it wraps at what the first leaves of the width."""
    left_width = max((cell_len(left.plain) + 2 for left, _ in rows), default=0)
    rows = [(left, _whole_figures(right, console.width - left_width - 2)) for left, right in rows]
    plain = _plain_listing(console, rows) if PLAIN_LAYOUT and not color else None
    if plain is None:
        console.print(_listing(rows))
    else:
        _write(console, plain)


def _write(console: Console, text: str) -> None:
    out = console.file
    assert isinstance(out, io.StringIO)  # console.print has written all before it: no buffer
    out.write(text)


def _print_table(console: Console, table: Table, color: bool) -> None:
    """Print a table, no figure in it cut (:func:`_fit_figures`); without colour, laid out by
    :func:`_plain_table` where it can."""
    width = console.width
    widths = _fit_figures(console, table)
    plain = _plain_table(console, table, widths) if PLAIN_LAYOUT and not color else None
    if plain is None:
        console.print(table)
    else:
        _write(console, plain)
    console.width = width


def _plain_table(console: Console, table: Table, widths: list[int] | None = None) -> str | None:
    """A table (boxed, with a header; or a grid without padding, as a heading) as rich prints
    it without colour, or None where that is not sure. ``widths``: rich's, when measured.

    rich takes ~20 ms to draw the 62 rows of ``ytsub list`` (as long for the facts, ~3 ms for
    a match's table), most of it passing each cell through its layers of renderables. Here
    the columns' widths are rich's own (``Table._calculate_column_widths``, which measures
    the cells) and each cell is wrapped by rich's ``Text.wrap`` as its column says, padded
    one space each side; only the joining, with the box's own lines, is done here. A table
    set up otherwise (title, footer, row styles, …), markup in a cell or header, anything
    unprintable and an ASCII console go to rich. tests/test_render.py compares both.
    """
    frame = table.box
    pad = 0 if table.padding == (0, 0, 0, 0) else 1  # a grid's cells, or one space each side
    plain_setup = (
        (frame is None or table.show_header)
        and not (table.show_footer or table.show_lines or table.leading)
        and (pad == 0 or (table.padding == (0, 1, 0, 1) and not table.collapse_padding))
        and (pad == 0 or table.pad_edge)
        and table.width is None
        and not (table.title or table.caption or table.row_styles)
    )
    if not plain_setup or not hasattr(table, "_calculate_column_widths"):
        return None
    columns = table.columns
    if console.options.ascii_only or any(c.vertical != "top" for c in columns):
        return None
    # a string is read as markup: without "[" it is its own text
    cells = [
        [
            Text(cell) if isinstance(cell, str) and "[" not in cell else cell
            for cell in ([column.header] if table.show_header else []) + list(column.cells)
        ]
        for column in columns
    ]
    texts = [[cell for cell in column if isinstance(cell, Text)] for column in cells]
    if any(len(found) != table.row_count + table.show_header for found in texts):
        return None
    if not all(line.isprintable() for c in texts for t in c for line in t.plain.split("\n")):
        return None
    edges = 2 if frame is not None and table.show_edge else 0
    dividers = 0 if frame is None else len(columns) - 1
    if widths is None:
        widths = table._calculate_column_widths(
            console, console.options.update_width(console.width - edges - dividers)
        )
    if sum(widths) + edges + dividers > console.width or min(widths, default=0) <= 2 * pad:
        return None
    printed: list[str] = [frame.get_top(widths)] if frame is not None and table.show_edge else []
    rows = list(zip(*texts, strict=True))
    if not rows:
        return None
    header = 0 if table.show_header else -1  # the index of the header row
    for index, row in enumerate(rows):
        rendered = []
        for column, cell, width in zip(columns, row, widths, strict=True):
            lines = [
                line.plain
                for line in cell.wrap(
                    console,
                    width - 2 * pad,
                    justify=cell.justify or column.justify,
                    overflow=cell.overflow or column.overflow,
                    no_wrap=column.no_wrap if cell.no_wrap is None else cell.no_wrap,
                )
            ]
            if not lines or any(cell_len(line) > width - 2 * pad for line in lines):
                return None
            space = " " * pad
            rendered.append(
                [
                    f"{space}{line}{' ' * (width - 2 * pad - cell_len(line))}{space}"
                    for line in lines
                ]
            )
        height = max(len(lines) for lines in rendered)
        for lines, width in zip(rendered, widths, strict=True):
            blank = [" " * width] * (height - len(lines))
            lines[:] = blank + lines if index == header else lines + blank  # header: at the bottom
        if frame is None:
            printed.extend("".join(p) for p in zip(*rendered, strict=True))
            continue
        left, vertical, right = (
            (frame.head_left, frame.head_vertical, frame.head_right)
            if index == 0
            else (frame.foot_left, frame.foot_vertical, frame.foot_right)
            if index == len(rows) - 1
            else (frame.mid_left, frame.mid_vertical, frame.mid_right)
        )
        if not table.show_edge:
            left = right = ""
        printed.extend(left + vertical.join(p) + right for p in zip(*rendered, strict=True))
        if index == 0:
            printed.append(frame.get_row(widths, "head", edge=table.show_edge))
        elif index < len(rows) - 1 and table.rows[index - 1].end_section:
            printed.append(frame.get_row(widths, "row", edge=table.show_edge))
    if frame is not None and table.show_edge:
        printed.append(frame.get_bottom(widths))
    return "\n".join(printed) + "\n"


def _plain_listing(console: Console, rows: list[tuple[Text, Text]]) -> str | None:
    """:func:`_listing`'s grid as rich prints it without colour, or None where that is not sure.

    rich's table takes ~2 ms for the ~20 rows of a match's "facts that would unlock more";
    laid out here, with the second column folded by rich's own ``Text.wrap``, ~0.3 ms. The
    layout is rich's for this grid: the first column as wide as its widest cell, two spaces,
    the second as wide as its widest line or what is left of the console's width. Cells with
    no line to show, a tab or another unprintable character, a first column with two lines or
    one leaving no room go to rich. tests/test_render.py checks both print the same bytes.
    """
    lefts = [Text("  ") + left for left, _ in rows]
    if not rows or not all(left.plain.isprintable() for left in lefts):
        return None
    right_lines = [right.plain.split("\n") for _, right in rows]
    if not all(line.isprintable() for lines in right_lines for line in lines):
        return None
    left_width = max(cell_len(left.plain) for left in lefts)
    right_width = min(
        max(cell_len(line) for lines in right_lines for line in lines),
        console.width - left_width - 2,
    )
    if right_width < 1:
        return None
    blank = " " * (left_width + 2)
    printed: list[str] = []
    for left, (_, right) in zip(lefts, rows, strict=True):
        lines = right.wrap(console, right_width, justify="left", overflow="fold")
        head = left.plain + " " * (left_width - cell_len(left.plain) + 2)
        printed.extend((head if i == 0 else blank) + line.plain for i, line in enumerate(lines))
    return "\n".join(printed) + "\n"


def facts(
    rules: RuleSet,
    items: list[Fact],
    local: dict[str, tuple[str, ...]],
    lang: Lang = "en",
    color: bool = False,
    width: int = 100,
    **_: Any,
) -> str:
    console = _console(color, width)
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False, expand=True)
    table.add_column(word("fact", lang), no_wrap=True, style="bold")
    table.add_column(f"{word('type', lang)} ({word('unit', lang)})", overflow="fold", max_width=18)
    table.add_column(word("meaning", lang), overflow="fold", ratio=1)
    table.add_column(word("read_by", lang), overflow="fold", max_width=22)
    for fact in items:
        unit = fact_unit(fact)
        table.add_row(
            Text(fact.id),
            Text(word("type_" + fact.type, lang) + (f" ({unit})" if unit else "")),
            Text(fact.label.zh if lang == "zh" else fact.label.en),
            Text(", ".join(dict.fromkeys(b for b, _ in fact.inputs))),
        )
    _print_table(console, table, color)
    if local:
        _say(console, Text(word("local_inputs", lang), style="bold"))
        for benefit, names in local.items():
            _say(console, Text(f"  {benefit}: {', '.join(names)}"))
    return _output(console)
