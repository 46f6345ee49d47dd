"""The batch's fast paths answer as the plain paths do, on the mixed file of bench/batch.py.

A batch row goes through shortcuts the single estimate does not take: cells skipped by a
test of the text alone (RowEstimator), plain figures read without the regular expressions
(engine._plain_number), plans and JSON fragments remembered from row to row. Each is held
here to the plain path: the same objects, the same bytes, for every --jobs and format.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import random
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yantai_subsidy import engine, result
from yantai_subsidy.__main__ import run
from yantai_subsidy.batch_read import _cell
from yantai_subsidy.calc.sheet import Sheet, _weaker, figures_shown
from yantai_subsidy.errors import InputError
from yantai_subsidy.loader import load_rules
from yantai_subsidy.render import json_
from yantai_subsidy.result import GROUNDS, Grounds, Money, Msg, weakest
from yantai_subsidy.ruleset import InputSpec, Text

AS_OF = "2024-06-01"
ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    """bench/batch.py, whose generator writes the mixed file the figures are measured on."""
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mixed") / "mixed.csv"
    BENCH.make_mixed(path, 600)
    return path


def _plain(row: dict[str, str], lang: str) -> str:
    """One row estimated as ``ytsub estimate`` would, with nothing remembered from before."""
    engine._PLANS.clear()
    engine._CACHE.clear()
    inputs = {
        key: value
        for key, value in row.items()
        if key not in ("benefit", "confirm", "deny") and value.strip()
    }
    est = engine.estimate(
        load_rules(),
        row["benefit"],
        inputs,
        AS_OF,
        confirm=[row["confirm"]] if row["confirm"] else [],
        deny=[row["deny"]] if row["deny"] else [],
    )
    return json.dumps(est.to_dict(lang), ensure_ascii=False, separators=(",", ":"))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_mixed_batch_writes_what_each_estimate_says(
    mixed: Path, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "out.jsonl"
    args = ["batch", str(mixed), "--as-of", AS_OF, "-q", "-j", "1", "--lang", lang, "-o", str(out)]
    assert run(args) == 0
    with mixed.open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(rows)
    for number, (row, line) in enumerate(zip(rows, lines, strict=True), start=1):
        assert line == f'{{"row":{number},' + _plain(row, lang)[1:], f"row {number}: {row}"


def test_the_mixed_file_spreads_caps_and_conditions(mixed: Path, tmp_path: Path) -> None:
    """The file exercises what the fast paths must get right: every benefit, every status."""
    out = tmp_path / "out.jsonl"
    assert run(["batch", str(mixed), "--as-of", AS_OF, "-q", "-j", "1", "-o", str(out)]) == 0
    found = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {e["benefit"] for e in found} == set(BENCH.MIXED)
    assert {e["status"] for e in found} == {"eligible", "conditional", "ineligible"}
    assert {e["grounds"] for e in found} >= {"document", "assumption"}
    # rd-deduction's rows giving the enterprise's own --cit-rate replace an assumption: an input
    own = [e for e in found if e["benefit"] == "rd-deduction" and "cit_rate" in e["inputs"]]
    assert own
    assert all(e["overrides"] == [] for e in own)
    assert any(c.get("reason") for e in found for c in e["conditions"])


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "csv --bom"])
def test_the_mixed_batch_is_the_same_on_two_workers(mixed: Path, tmp_path: Path, fmt: str) -> None:
    out = {jobs: tmp_path / f"out{jobs}" for jobs in ("1", "2")}
    for jobs, path in out.items():
        args = ["batch", str(mixed), "--as-of", AS_OF, "-q", "-j", jobs, "-o", str(path)]
        assert run([*args, "-f", *fmt.split()]) == 0
    assert out["1"].read_bytes() == out["2"].read_bytes()


def test_the_loop_of_the_bench_computes_what_ytsub_does(mixed: Path, tmp_path: Path) -> None:
    """The baseline the figures are measured against does the same work (bench/batch.py)."""
    import subprocess
    import sys

    loop, ours, mine = tmp_path / "loop.py", tmp_path / "loop.jsonl", tmp_path / "ours.jsonl"
    loop.write_text(BENCH.MIXED_BASELINE, encoding="utf-8")
    subprocess.run([sys.executable, str(loop), str(mixed), str(ours)], check=True)
    assert run(["batch", str(mixed), "--as-of", AS_OF, "-q", "-j", "1", "-o", str(mine)]) == 0
    BENCH.check_baseline(mine, ours)
    broken = tmp_path / "broken.jsonl"
    lines = ours.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["amount"]["high"] = "0.01"
    broken.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="row 1"):
        BENCH.check_baseline(mine, broken)


# --- the cell test of RowEstimator -----------------------------------------------------------


@given(st.text(alphabet=" \t\r\n\u3000\xa0\u2028\x0bx0", max_size=6))
def test_an_empty_csv_cell_is_what_cell_says_is_empty(text: str) -> None:
    """RowEstimator skips a CSV cell when ``not text or text.isspace()``: _cell's "not given"."""
    assert (not text or text.isspace()) == (_cell(text) is None)


# --- plain figures read without the regular expressions ------------------------------------

FIGURES = st.one_of(
    st.text(alphabet="0123456789.", min_size=1, max_size=18),
    st.text(alphabet="0123456789.,万 ٣０-", min_size=1, max_size=8),
    st.integers(0, 10**16).map(str),
)


def _spec(kind: str, positive: bool, minimum: int | None) -> InputSpec:
    return InputSpec("x", "--x", kind, Text("x", "x"), positive=positive, minimum=minimum)


@settings(max_examples=300)
@given(
    FIGURES,
    st.sampled_from(["money", "count", "quantity", "rate"]),
    st.booleans(),
    st.sampled_from([None, 1, 3]),
)
def test_a_plain_figure_reads_as_parse_input_reads_it(
    text: str, kind: str, positive: bool, minimum: int | None
) -> None:
    spec = _spec(kind, positive, minimum)
    fast = engine._plain_number(spec, text)
    try:
        plain = engine.parse_input(spec, text)
    except InputError:
        assert fast is None  # the plain path gives the message
        return
    if fast is not None:
        assert type(fast) is type(plain)
        assert str(fast) == str(plain)  # the same digits and exponent: 85062.50 stays so
        assert engine.echo_value(spec, fast) == engine.echo_value(spec, plain)


def test_plain_figures_take_the_fast_path() -> None:
    """The test above is not vacuous: the figures of a batch do go the fast way."""
    assert engine._plain_number(_spec("money", False, None), "85062.50") == Decimal("85062.50")
    assert engine._plain_number(_spec("count", False, 1), "12") == 12
    assert engine._plain_number(_spec("count", False, 1), "0") is None
    assert engine._plain_number(_spec("quantity", True, None), "0.0") is None


# --- memory ----------------------------------------------------------------------------------


def test_rows_with_their_own_reasons_leave_nothing_in_the_json_caches(tmp_path: Path) -> None:
    """A condition whose reason holds the row's figure is that row's alone: remembering its
    encoding grew a serial batch's memory row after row (issue 16)."""
    source = tmp_path / "fees.csv"
    pick = random.Random(1)
    body = "".join(f"union-fee,{pick.randint(10_000, 10_000_000)}\n" for _ in range(700))
    source.write_text("benefit,paid\n" + body, encoding="utf-8")
    for cache in (json_._FRAMES, json_._CONDITIONS, json_._CONDITION):
        cache.clear()
    out = tmp_path / "out.jsonl"
    assert run(["batch", str(source), "--as-of", AS_OF, "-q", "-j", "1", "-o", str(out)]) == 0
    assert '"status":"ineligible"' in out.read_text(encoding="utf-8").splitlines()[-1]
    assert len(json_._FRAMES) == len(json_._CONDITIONS) == 0
    # only the conditions without a reason are kept, one entry each
    union_fee = load_rules().benefit("union-fee")
    assert len(json_._CONDITION) < len(union_fee.conditions)


# --- the grounds of a line, without looking at figures that cannot change them ---------------


def _line_grounds_looking_at_every_figure(self: Sheet, formula: Msg) -> Grounds:
    """Sheet._line_grounds as it was before its shortcut: every figure the formula shows."""
    if not self._weak and self._pending == "document" and self._floor == "document":
        return "document"
    grounds = weakest(self._pending, self._floor)
    self._pending = "document"
    if self._weak:
        grounds = weakest(grounds, *(self.grounds_of(f) for f in figures_shown(formula)))
    return grounds


def _batch(source: Path, out: Path, *extra: str) -> bytes:
    engine._PLANS.clear()
    engine._CACHE.clear()
    assert (
        run(["batch", str(source), "--as-of", AS_OF, "-q", "-j", "1", "-o", str(out), *extra]) == 0
    )
    return out.read_bytes()


@pytest.mark.parametrize("extra", [(), ("--lang", "zh")])
def test_the_grounds_shortcuts_answer_as_looking_at_everything(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]
) -> None:
    """Sheet._line_grounds skips the figures when none can be weaker than the line already is,
    and engine.Plan hands the sheet the parameters' figures worked out once: the plain way
    (every figure looked at, the parameters' figures on each sheet) writes the same bytes."""
    fast = _batch(mixed, tmp_path / "fast.jsonl", *extra)
    monkeypatch.setattr(Sheet, "_line_grounds", _line_grounds_looking_at_every_figure)
    monkeypatch.setattr(engine, "clean_params", lambda params, grounds: None)
    assert _batch(mixed, tmp_path / "plain.jsonl", *extra) == fast
    assert b'"grounds":"interpretation"' in fast
    assert b'"grounds":"assumption"' in fast


@pytest.mark.parametrize("one", GROUNDS)
@pytest.mark.parametrize("other", GROUNDS)
def test_the_weaker_of_two_is_the_weakest(one: Grounds, other: Grounds) -> None:
    assert _weaker(one, other) == weakest(one, other)


# --- the texts of a line, prepared with fewer steps --------------------------------------------


def _fresh_json_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty caches of encoded texts, so that the plain run encodes every text itself."""
    for name in (
        "_HEADS",
        "_MESSAGES",
        "_LINES",
        "_CONDITIONS",
        "_CONDITION",
        "_CLOSINGS",
        "_FRAMES",
    ):
        monkeypatch.setattr(json_, name, {})


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_money_shortcut_writes_what_the_plain_money_text_writes(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, fmt: str
) -> None:
    """result._money_arg (one rounding, no calls between) against result._money, the whole file."""
    extra = ("--lang", lang, "-f", fmt)
    fast = _batch(mixed, tmp_path / "fast", *extra)
    _fresh_json_caches(monkeypatch)
    monkeypatch.setitem(
        result._RENDERERS, Money, lambda arg, lang, unit: result._money(arg.value, unit)
    )
    assert _batch(mixed, tmp_path / "plain", *extra) == fast
    if fmt == "jsonl":  # CSV holds no texts: there, the amounts and grounds stay the same
        assert b"00.00 \xc3\x97 " in fast  # money shown with its fen, in a formula


@settings(max_examples=300)
@given(
    st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
        st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12),
        st.sampled_from([Decimal("-0"), Decimal("0E+3"), Decimal("1E+5"), Decimal("0.005")]),
    ),
    st.sampled_from(["yuan", "wan"]),
    st.sampled_from(["en", "zh"]),
)
def test_a_money_text_is_the_plain_money_text(value: Decimal, unit: str, lang: str) -> None:
    """The same text, or the same refusal (a figure too long for the fen's precision)."""
    assert _said(result._money_arg, Money(value), lang, unit) == _said(result._money, value, unit)


def _said(function: Any, *args: Any) -> object:
    try:
        return function(*args)
    except ArithmeticError as err:
        return type(err)


# --- notes a calculator writes on every row ---------------------------------------------------


def test_a_note_written_on_every_row_is_the_same_tuple_row_after_row() -> None:
    """techreno warns of the LPR's age on every row: the estimate's warnings are the very tuple
    of the row before, so the JSON line's closing is encoded once (render/json_._closing)."""
    prepared = engine.plan(load_rules(), "techreno", "2026-11-01")  # after the last LPR checked
    first, second = (prepared.run({"loan": loan}) for loan in ("3000000", "4500000"))
    assert any("the last LPR known" in w.render("en") for w in first.warnings)
    assert second.warnings is first.warnings
    assert second.items != first.items


def test_joined_notes_stay_few_when_every_row_writes_its_own() -> None:
    prepared = engine.plan(load_rules(), "techreno", AS_OF)
    common = (result.msg("a", "a"),)
    joined = [
        prepared._joined(common, (result.msg("{n}", "{n}", n=Decimal(n)),)) for n in range(500)
    ]
    assert [j[1].render("en") for j in joined] == [str(n) for n in range(500)]
    assert all(j[0] is common[0] for j in joined)
    assert len(prepared._joins) <= engine._PER_PLAN_LIMIT


@pytest.mark.parametrize("extra", [(), ("--lang", "zh"), ("-f", "csv")])
def test_joined_notes_write_what_joining_afresh_writes(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]
) -> None:
    fast = _batch(mixed, tmp_path / "fast", *extra)
    _fresh_json_caches(monkeypatch)
    monkeypatch.setattr(engine.Plan, "_joined", lambda self, common, added: common + added)
    assert _batch(mixed, tmp_path / "plain", *extra) == fast


# --- an enterprise's own figures, prepared once for each set of them --------------------------


def test_own_figures_are_prepared_once_for_each_set_of_them() -> None:
    prepared = engine.plan(load_rules(), "rd-deduction", AS_OF)
    rows = [{"expensed": "1000000", "cit_rate": rate} for rate in ("15%", "15%", "0.150", "20%")]
    found = [prepared.run(row) for row in rows]
    assert len(prepared._own_figures) == 3  # 15% twice is one set; 0.150 is written otherwise
    assert [e.inputs["cit_rate"] for e in found] == ["15%", "15%", "15%", "20%"]
    assert [e.amount.high for e in found] == [Decimal("150000.00")] * 3 + [Decimal("200000.00")]
    # the rate is the enterprise's own, and no amortisation period is read without capitalised R&D
    assert all(e.grounds == "document" and not e.overrides for e in found)


@pytest.mark.parametrize("extra", [(), ("-f", "csv")])
def test_own_figures_prepared_once_write_what_preparing_afresh_writes(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]
) -> None:
    with mixed.open(encoding="utf-8", newline="") as rows:
        assert any(row["cit_rate"] for row in csv.DictReader(rows))  # an enterprise's own rate
    fast = _batch(mixed, tmp_path / "fast", *extra)
    _fresh_json_caches(monkeypatch)

    def afresh(self: engine.Plan, parsed: Any, given: Any) -> Any:
        params, replaced = engine.apply_overrides(self.spec, self.pairs, parsed, given)
        return engine._prepared(self.rules, self.spec, params, tuple(replaced))

    monkeypatch.setattr(engine.Plan, "_with_own_figures", afresh)
    assert _batch(mixed, tmp_path / "plain", *extra) == fast
