"""Renderers: every format renders every kind of result, from one shared estimate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy.catalogue import measures, search
from yantai_subsidy.engine import estimate
from yantai_subsidy.match import Match, match
from yantai_subsidy.render import FORMATS, renderer
from yantai_subsidy.result import Estimate
from yantai_subsidy.ruleset import RuleSet
from yantai_subsidy.vocabulary import vocabulary_for

KINDS = ("estimate", "measures", "measure", "search", "match", "facts")


@pytest.fixture(scope="module")
def result(rules: RuleSet) -> Estimate:
    return estimate(
        rules,
        "techreno",
        {"loan": "1000万", "investment": "5000万", "guarantee_fee_rate": "1.2%"},
        "2026-11-28",
        overrides=["yearly_cap=50万"],
    )


@pytest.fixture(scope="module")
def matched(rules: RuleSet) -> Match:
    """A match with something in every part: claimable, alternatives, others, needs, unstated."""
    return match(
        rules,
        {
            "kind": "person",
            "as_of": "2024-06-01",
            "facts": {
                "outpatient_level1": 1000,
                "children_in_care_second": 1,
                "local_homes": 0,
                "mortgage_balance": "30万",
                "mortgage_months_left": 60,
                "mortgage_rate": "4.9%",
                "mortgage_new_rate": "3.95%",
                "mortgage_method": ["annuity", "linear"],
                "home_sale_price": "200万",
                "home_purchase_price": "300万",
                "home_sale_tax_paid": "2万",
                "home_sale_date": "2023-01-01",
                "home_purchase_date": "2024-05-01",
            },
        },
    )


def test_every_format_renders_every_kind() -> None:
    """Adding a format or a kind of output without its renderer fails here (pip-audit's exhaustiveness test)."""
    for fmt in FORMATS:
        module = renderer(fmt)
        for kind in KINDS:
            assert callable(getattr(module, kind, None)), f"render/{module.__name__}: no {kind}()"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_renderers_return_strings(
    rules: RuleSet, result: Estimate, matched: Match, fmt: str, lang: str
) -> None:
    module = renderer(fmt)
    outputs = [
        module.estimate(result, lang=lang, unit="wan"),
        module.measures(rules, measures(rules), lang=lang),
        module.measure(rules, rules.measure("8"), lang=lang),
        module.search(search(rules, ["贷款"]), lang=lang),
        module.match(matched, lang=lang, unit="wan"),
        module.facts(rules, *vocabulary_for(rules), lang=lang),
    ]
    assert all(isinstance(out, str) and out for out in outputs)


@pytest.mark.parametrize("fmt", FORMATS)
def test_match_renders_every_part(matched: Match, fmt: str) -> None:
    assert [e.key for e in matched.claimable][:2] == [
        "mortgage [mortgage_method=annuity]",
        "mortgage [mortgage_method=linear]",
    ]
    assert matched.others
    assert matched.ineligible
    assert matched.needs
    assert matched.total.unstated
    out = renderer(fmt).match(matched, lang="en")
    for text in (
        "mortgage [mortgage_method=linear]",
        "childcare",
        "home-swap-refund",
        "nev-parking",
    ):
        assert text in out, (fmt, text)


def test_estimate_texts_in_both_languages(result: Estimate) -> None:
    en = renderer("table").estimate(result, lang="en", width=200)
    zh = renderer("table").estimate(result, lang="zh", width=200)
    assert "status: ineligible\n" in en
    assert "状态：不符合条件\n" in zh
    assert "no guarantee subsidy: the fee rate 1.2% is above 1%" in en
    assert "无担保补助：担保费率1.2%超过1%" in zh
    assert "override: yearly_cap set to 50万 with --set (the rule says 100万)" in en
    assert "warning: the last LPR known is that of 2025-05-20" in en


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        renderer("xml")


def test_colour_only_when_asked(result: Estimate) -> None:
    assert "\x1b[" not in renderer("table").estimate(result, color=False)
    assert "\x1b[" in renderer("table").estimate(result, color=True)


def test_json_renders_the_to_dict(result: Estimate) -> None:
    assert json.loads(renderer("json").estimate(result, lang="zh")) == result.to_dict("zh")


def test_csv_has_no_thousands_separators(result: Estimate) -> None:
    assert (
        renderer("csv").estimate(result).splitlines()[1]
        == "techreno,8,ineligible,0.00,0.00,exact,CNY,override"  # --set yearly_cap
    )


def test_fast_json_lines_are_the_json_of_the_estimate(rules: RuleSet) -> None:
    """ytsub batch writes jsonl_record (fragments cached from row to row): byte for byte json.dumps."""
    from tests.test_cases import all_cases, run_case
    from yantai_subsidy.errors import YtsubError
    from yantai_subsidy.render.json_ import estimate_line, jsonl_record

    checked = 0
    for param in all_cases():
        data, case = param.values
        try:
            est = run_case(rules, data, case)
        except YtsubError:
            continue
        for lang in ("en", "zh"):
            for _ in range(2):  # the second time from the caches
                compact = json.dumps(
                    {"row": 7, **est.to_dict(lang)}, ensure_ascii=False, separators=(",", ":")
                )
                assert jsonl_record(est, lang, 7) == (compact + "\n").encode("utf-8")
                assert estimate_line(est, lang) == json.dumps(
                    est.to_dict(lang), ensure_ascii=False, separators=(",", ":")
                )
        checked += 1
    assert checked > 300


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("subsidy", "subsidies"),
        ("loan", "loans"),
        ("tax", "taxes"),
        ("guarantee", "guaranteed"),
        ("guarantee", "guarantees"),
        ("rate", "rates"),
        ("apply", "applied"),
    ],
)
def test_english_word_forms_meet(one: str, other: str) -> None:
    from yantai_subsidy.catalogue import word_form

    assert word_form(one) == word_form(other)


@pytest.mark.parametrize(("one", "other"), [("tax", "taxi"), ("car", "carbon"), ("loan", "loam")])
def test_different_english_words_stay_apart(one: str, other: str) -> None:
    from yantai_subsidy.catalogue import word_form

    assert word_form(one) != word_form(other)


def test_a_titles_words_are_never_cut_in_the_table_heading(rules: RuleSet) -> None:
    """union-fee's title read 'Full refund of union fees fo…' (issue 12): a heading folds."""
    from tests.test_cases import case_files

    first_inputs = {
        data["benefit"]: next(
            c.get("inputs") or {} for c in data["cases"] if "error" not in c["expect"]
        )
        for data in case_files()
    }
    for benefit in rules.benefits.values():
        est = estimate(rules, benefit.id, first_inputs[benefit.id], "2024-06-01")
        heading = " ".join(renderer("table").estimate(est, width=100).splitlines()[:3])
        assert "…" not in heading
        for word in benefit.title.en.split():
            assert word in heading, (benefit.id, word)


# --- words from rule files are words, never rich markup -----------------------------------------


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["list"], "Loans [2024] for [/x] SMEs"),
        (["search", "SMEs"], "Loans [2024] for [/x] SMEs"),
        (["show", "48"], "Sci-tech [credit] loan subsidy [/b]"),
        (["facts"], "R&D [of] this year [/i]"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else None,
)
def test_brackets_in_rule_texts_are_shown_as_written_in_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], shown: str
) -> None:
    """rich reads a plain string as markup: ``[2024]`` vanished and ``[/x]`` was an internal
    error (exit 70). Every table shows the rule file's words as written."""
    from tests.conftest import RULES_DIR
    from yantai_subsidy.__main__ import run

    techloan = (RULES_DIR / "m48-techloan.yaml").read_text(encoding="utf-8")
    techloan = techloan.replace(
        'en: "Credit support for tech-based SMEs"', 'en: "Loans [2024] for [/x] SMEs"'
    ).replace(
        "en: Sci-tech credit loan subsidy (科信贷)", 'en: "Sci-tech [credit] loan subsidy [/b]"'
    )
    facts = (RULES_DIR / "facts.yaml").read_text(encoding="utf-8")
    facts = facts.replace("en: R&D expenses of this year}", 'en: "R&D [of] this year [/i]"}')
    (tmp_path / "m48-techloan.yaml").write_text(techloan, encoding="utf-8")
    (tmp_path / "facts.yaml").write_text(facts, encoding="utf-8")
    assert run([*args, "--rules", str(tmp_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert shown in " ".join(out.split())  # the words, however the table wraps them


# --- the plain grids of a match (render/table.py lays them out without rich's table) ------

#: words as rule files, profiles and messages give them: ASCII, Chinese (two columns each),
#: marks, long identifiers, runs of spaces, lines
GRID_TEXT = st.lists(
    st.sampled_from([*"abcxyz_-,.;:()0", " ", "  ", "\n", "烟台", "补贴", "✗", "—", "…", "é"]),
    max_size=40,
).map("".join)
GRID_WORD = st.from_regex(r"[a-z][a-z0-9_-]{0,40}|✗  [a-z-]{1,30}|[烟台补贴]{1,12}", fullmatch=True)


def _grids(rows: list[tuple[str, str]], width: int) -> tuple[str | None, str]:
    """What the plain layout prints (None: left to rich) and what rich's grid prints."""
    from yantai_subsidy.render import table

    cells = [(table.Text(left), table.Text(right)) for left, right in rows]
    console = table._console(False, width)
    console.print(table._listing(cells))
    return table._plain_listing(table._console(False, width), cells), table._output(console)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.tuples(GRID_WORD, GRID_TEXT), min_size=1, max_size=6),
    width=st.integers(min_value=8, max_value=220),
)
def test_the_plain_grid_is_what_rich_prints(rows: list[tuple[str, str]], width: int) -> None:
    plain, by_rich = _grids(rows, width)
    if plain is not None:
        assert plain.rstrip("\n") == by_rich


def test_the_plain_grid_is_used_where_a_match_shows_one() -> None:
    rows = [("orchard", "give orchard_area_mu"), ("small-taxes", "give one of " + "x_tax, " * 20)]
    for width in (40, 60, 80, 100, 120, 200):
        plain, by_rich = _grids(rows, width)
        assert plain is not None
        assert plain.rstrip("\n") == by_rich
    assert _grids([("x", "")], 80)[0] is None  # no line to show: rich gives the column a cell
    assert _grids([("x", "a\tb")], 80)[0] is None
    assert _grids([("a" * 30, "b")], 20)[0] is None  # no room left: rich shares the cut


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("profile", sorted(Path("examples/profiles").glob("*.yaml")))
def test_a_match_table_is_the_same_with_rich_grids(
    rules: RuleSet, profile: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yantai_subsidy.profile import read_profile
    from yantai_subsidy.render import table

    found = match(rules, read_profile(str(profile), rules), None)
    widths = (30, 50, 64, 80, 100, 132, 180)
    plain = [table.match(found, lang=lang, width=w) for w in widths]  # type: ignore[arg-type]
    monkeypatch.setattr(table, "PLAIN_LAYOUT", False)
    assert plain == [table.match(found, lang=lang, width=w) for w in widths]  # type: ignore[arg-type]


def _tables(
    spec: list[tuple[str, dict[str, object]]],
    rows: list[list[str]],
    width: int,
    setup: dict[str, Any],
) -> tuple[str | None, str]:
    """What the plain layout prints for a table (None: left to rich), and what rich prints.

    ``setup``: the table's box ("": none, a grid), edge, header, padding and expand;
    ``sections``: the rows a section ends after; ``strings``: cells given as plain strings,
    as rich takes them (markup)."""
    from yantai_subsidy.render import table

    def made() -> table.Table:
        made = table.Table(
            box=getattr(table.box, setup["box"]) if setup["box"] else None,
            header_style="bold",
            show_edge=setup["edge"],
            show_header=setup["header"],
            padding=setup["padding"],
            pad_edge=setup["pad_edge"],
            expand=setup["expand"],
        )
        for header, options in spec:
            made.add_column(header, **options)  # type: ignore[arg-type]
        for index, row in enumerate(rows):
            made.add_row(*(cell if setup["strings"] else table.Text(cell) for cell in row))
            if index in setup["sections"]:
                made.add_section()
        return made

    console = table._console(False, width)
    console.print(made())
    return table._plain_table(table._console(False, width), made()), table._output(console)


COLUMN = st.tuples(
    st.sampled_from(["#", "title", "type (unit)", "说明", "benefits", "金额 amount"]),
    st.fixed_dictionaries(
        {},
        optional={
            "justify": st.sampled_from(["left", "right", "center"]),
            "overflow": st.sampled_from(["fold", "ellipsis", "crop"]),
            "no_wrap": st.booleans(),
            "max_width": st.integers(min_value=1, max_value=40),
            "min_width": st.integers(min_value=1, max_value=20),
            "width": st.integers(min_value=1, max_value=30),
            "ratio": st.integers(min_value=1, max_value=3),
        },
    ),
)
SETUP = st.fixed_dictionaries(
    {
        "box": st.sampled_from(["SIMPLE_HEAD", "SQUARE", "ROUNDED", "HEAVY_HEAD", "MINIMAL", ""]),
        "edge": st.booleans(),
        "header": st.booleans(),
        "padding": st.sampled_from([(0, 1), (0, 1), 0, 0, (0, 2)]),  # (0, 2): rich's alone
        "pad_edge": st.sampled_from([True, True, True, False]),
        "expand": st.booleans(),
        "sections": st.sets(st.integers(min_value=0, max_value=4), max_size=2),
        "strings": st.booleans(),
    }
)


@settings(max_examples=300, deadline=None)
@given(
    spec=st.lists(COLUMN, min_size=1, max_size=5),
    cells=st.lists(st.lists(GRID_TEXT, min_size=5, max_size=5), max_size=5),
    width=st.integers(min_value=10, max_value=200),
    setup=SETUP,
)
def test_the_plain_table_is_what_rich_prints(
    spec: list[tuple[str, dict[str, object]]],
    cells: list[list[str]],
    width: int,
    setup: dict[str, Any],
) -> None:
    rows = [row[: len(spec)] for row in cells]
    plain, by_rich = _tables(spec, rows, width, setup)
    if plain is not None:
        assert plain.rstrip("\n") == by_rich


def test_markup_and_what_the_plain_table_does_not_draw_go_to_rich() -> None:
    setup = {"box": "SQUARE", "edge": True, "header": True, "padding": (0, 1), "pad_edge": True}
    setup |= {"expand": False, "sections": {0}, "strings": True}
    column: dict[str, object] = {}
    assert _tables([("a", column)], [["x y"], ["z"]], 40, setup)[0] is not None
    assert _tables([("a", column)], [["[b]x[/b]"], ["z"]], 40, setup)[0] is None
    assert _tables([("[b]a[/b]", column)], [["x"]], 40, setup)[0] is None
    assert _tables([("a", column)], [["x\ty"]], 40, setup)[0] is None
    assert _tables([("a", column)], [["x"]], 40, setup | {"padding": (0, 2)})[0] is None
    assert _tables([("a", column)], [], 40, setup | {"box": "", "header": False})[0] is None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", ["measures", "facts", "search"])
def test_list_facts_and_search_tables_are_the_same_laid_out_by_rich(
    rules: RuleSet, kind: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yantai_subsidy.render import table

    found, local = vocabulary_for(rules, None)
    arguments = {
        "measures": (rules, measures(rules, None, None)),
        "facts": (rules, found, local),
        "search": (search(rules, ["贷款"]),),
    }[kind]
    widths = (20, 40, 64, 80, 100, 132, 200)
    draw = getattr(table, kind)
    laid_out = []
    plain_table = table._plain_table

    def counted(console: object, drawn: object, widths: object = None) -> str | None:
        laid_out.append(plain_table(console, drawn, widths))  # type: ignore[arg-type]
        return laid_out[-1]

    monkeypatch.setattr(table, "_plain_table", counted)
    plain = [draw(*arguments, lang=lang, width=w) for w in widths]
    assert None not in laid_out[2:]  # laid out here from 64 columns on
    monkeypatch.setattr(table, "PLAIN_LAYOUT", False)
    assert plain == [draw(*arguments, lang=lang, width=w) for w in widths]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_estimate_table_is_the_same_laid_out_by_rich(
    rules: RuleSet, result: Estimate, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yantai_subsidy.render import table

    found = [result, estimate(rules, "techloan", {"amount": "300万"}, "2024-06-01")]
    found.append(estimate(rules, "small-taxes", {"taxpayer": "small-scale", "stamp_duty": "1万"}))
    widths = (24, 40, 64, 80, 100, 132, 200)
    plain = [table.estimate(e, lang=lang, width=w) for e in found for w in widths]  # type: ignore[arg-type]
    monkeypatch.setattr(table, "PLAIN_LAYOUT", False)
    assert plain == [table.estimate(e, lang=lang, width=w) for e in found for w in widths]  # type: ignore[arg-type]
