"""A figure on a terminal is never cut: what a reader copies off a narrow table is a figure the
estimate has, never ``12,345,678,9`` above ``01.00`` or ``925,925,917,217.…``."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy.engine import estimate
from yantai_subsidy.result import Estimate
from yantai_subsidy.ruleset import RuleSet

#: what a reader takes for one figure: a sign, ¥, digits with separators and decimals, and a
#: unit written against it (written apart from render/table.py's, on purpose)
FIGURE = re.compile(r"[-−]?¥?\d(?:[\d,.]*\d)?(?:万元|万|亿|元|%)?")

AMOUNTS = ("1000000000", "12345678901", "1234567890123", "9876543210987.65")
WIDTHS = (40, 60, 80)


def figures(shown: str) -> Counter[str]:
    """The figures a reader reads, line by line, off what is shown."""
    return Counter(f for line in shown.splitlines() for f in FIGURE.findall(line))


def _estimates(rules: RuleSet, amount: str) -> list[Estimate]:
    return [
        estimate(rules, "outpatient", {"level1": amount}, "2024-06-01"),
        estimate(rules, "techloan", {"amount": amount}, "2024-06-01"),
        estimate(rules, "techreno", {"loan": amount, "investment": "5000万"}, "2024-06-01"),
    ]


@pytest.mark.parametrize("unit", ["yuan", "wan"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("amount", AMOUNTS)
def test_a_narrow_estimate_table_shows_every_figure_whole(
    rules: RuleSet, amount: str, lang: str, unit: str
) -> None:
    from yantai_subsidy.render import table

    for found in _estimates(rules, amount):
        wide = figures(table.estimate(found, lang=lang, unit=unit, width=1000))  # type: ignore[arg-type]
        for width in WIDTHS:
            narrow = table.estimate(found, lang=lang, unit=unit, width=width)  # type: ignore[arg-type]
            assert figures(narrow) == wide, (found.benefit, width, narrow)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("amount", AMOUNTS[1:3])
def test_the_narrow_tables_are_the_same_laid_out_by_rich(
    rules: RuleSet, amount: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The figures kept whole, both ways of printing a table still print the same bytes."""
    from yantai_subsidy.render import table

    found = _estimates(rules, amount)
    shown = [
        table.estimate(e, lang=lang, unit=unit, width=w)  # type: ignore[arg-type]
        for e in found
        for w in (*WIDTHS, 100)
        for unit in ("yuan", "wan")
    ]
    monkeypatch.setattr(table, "PLAIN_LAYOUT", False)
    assert shown == [
        table.estimate(e, lang=lang, unit=unit, width=w)  # type: ignore[arg-type]
        for e in found
        for w in (*WIDTHS, 100)
        for unit in ("yuan", "wan")
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("columns", ["40", "60", "80"])
def test_the_issues_example_on_a_narrow_terminal(
    ytsub, monkeypatch: pytest.MonkeyPatch, columns: str, lang: str
) -> None:  # type: ignore[no-untyped-def]
    """``min(9,259,258,800.75, 2,300.00)`` was folded into ``min(9,259,258,800`` / ``.75, …``
    at 60 columns (COLUMNS=40 is read as 60, the narrowest table ytsub draws)."""
    monkeypatch.setenv("COLUMNS", columns)
    done = ytsub("estimate", "outpatient", "--level1", "12345678901", "--lang", lang)
    assert done.code == 0
    lines = done.out.splitlines()
    assert any("9,259,258,800.75," in line for line in lines), done.out
    assert any("9,876,542,960.80," in line for line in lines), done.out
    assert sum("12,345,678,901.00" in line for line in lines) == 2, done.out


# --- any text, any width: rich's own wrapping of what render/table.py hands it ---------------

FIGURES = st.sampled_from(
    [
        *("12,345,678,901.00", "9,876,543,210,987.65", "0.05万元", "98,765,431.19384万元"),
        *("75%", "-¥1,000.00", "¥100,000.00", "3.455%", "2024-06-01", "7", "500.00", "1.5亿"),
    ]
)
GLUE = st.sampled_from(["min(", ", ", " ", "  ", "（", "）", "烟台补贴", " × ", " − ", "abc", "\n"])


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.tuples(GLUE, FIGURES), min_size=1, max_size=8),
    width=st.integers(min_value=4, max_value=60),
)
def test_no_figure_is_cut_by_rich_wrapping_the_kept_text(
    parts: list[tuple[str, str]], width: int
) -> None:
    """A cell holding a figure is folded (render/table.py makes it so): an ellipsis or a crop
    cuts what passes the width, and no line break can help that."""
    from yantai_subsidy.render import table

    plain = "".join(glue + figure for glue, figure in parts)
    if max(table.cell_len(f) for _, f in parts) > width:
        return  # a figure wider than the column: the column is widened first (tested above)
    kept = table._whole_figures(table.Text(plain, style="bold"), width)
    assert kept.plain.replace("\n", "") == plain.replace("\n", "")  # only line breaks added
    lines = kept.wrap(table._console(False, width), width, overflow="fold")
    assert figures("\n".join(line.plain for line in lines)) == figures(plain)
    assert all(span.style == "bold" for line in lines for span in line.spans) or not kept.spans


def _joined(parts: list[tuple[str, str]]) -> str:
    return "".join(glue + figure for glue, figure in parts)


CELL = st.lists(st.tuples(GLUE, FIGURES), max_size=3).map(_joined)


@settings(max_examples=200, deadline=None)
@given(
    columns=st.lists(
        st.fixed_dictionaries(
            {
                "overflow": st.sampled_from(["fold", "ellipsis", "crop"]),
                "max_width": st.one_of(st.none(), st.integers(min_value=4, max_value=30)),
                "justify": st.sampled_from(["left", "right"]),
            }
        ),
        min_size=1,
        max_size=4,
    ),
    cells=st.lists(st.lists(CELL, min_size=4, max_size=4), min_size=1, max_size=4),
    width=st.integers(min_value=20, max_value=120),
    frame=st.sampled_from(["SQUARE", "SIMPLE_HEAD"]),
)
def test_any_table_shows_its_figures_whole_and_the_same_both_ways(
    columns: list[dict[str, Any]], cells: list[list[str]], width: int, frame: str
) -> None:
    """Whatever the columns, a figure is never cut, and rich and the plain layout agree."""
    from yantai_subsidy.render import table

    def made() -> table.Table:
        made = table.Table(box=getattr(table.box, frame), header_style="bold")
        for index, options in enumerate(columns):
            made.add_column("abcd"[index], **options)
        for row in cells:
            made.add_row(*(table.Text(cell) for cell in row[: len(columns)]))
        return made

    shown = []
    for plain in (True, False):
        console = table._console(False, width)
        table.PLAIN_LAYOUT = plain
        try:
            table._print_table(console, made(), False)
        finally:
            table.PLAIN_LAYOUT = True
        shown.append(table._output(console))
        assert console.width == width  # set back for what follows the table
    assert shown[0] == shown[1]
    written = Counter(
        f for row in cells for cell in row[: len(columns)] for f in FIGURE.findall(cell)
    )
    assert figures(shown[0]) == written


@pytest.mark.parametrize("unit", ["yuan", "wan"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("profile", sorted(Path("examples/profiles").glob("*.yaml")))
def test_a_narrow_match_shows_every_figure_whole(
    rules: RuleSet, profile: Path, lang: str, unit: str
) -> None:
    """The match table, its listings (paid to others, not eligible, facts to give) and its
    notes: at any width, the figures read off the screen are those of a line too wide to wrap."""
    from yantai_subsidy.match import match
    from yantai_subsidy.profile import read_profile
    from yantai_subsidy.render import table

    found = match(rules, read_profile(str(profile), rules), None)
    wide = figures(table.match(found, lang=lang, unit=unit, width=1000))  # type: ignore[arg-type]
    for width in (40, 60, 80):
        narrow = table.match(found, lang=lang, unit=unit, width=width)  # type: ignore[arg-type]
        assert figures(narrow) == wide, (width, narrow)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_narrow_measure_shows_every_figure_whole(rules: RuleSet, lang: str) -> None:
    """``ytsub show``: the clause's own text, the summaries and the parameters' quotes."""
    from yantai_subsidy.render import table

    for number in (8, 12, 48, 60):
        m = rules.measures[number]
        wide = figures(table.measure(rules, m, lang=lang, width=1000))  # type: ignore[arg-type]
        for width in (40, 60, 80):
            narrow = table.measure(rules, m, lang=lang, width=width)  # type: ignore[arg-type]
            assert figures(narrow) == wide, (number, width, narrow)
