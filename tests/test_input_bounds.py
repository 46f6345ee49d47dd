"""Plausibility bounds on inputs, tested at, just below and just above each bound.

These are guards on what a user can mean, not figures of the document: a rate input's
``maximum:`` in its rule file (a bare 0.5 above it is read as 50% and refused), the yuan per
dollar --fx-rate takes (calc/investment.py), the misread workbook cells a sheet may hold
before it is refused as a whole (batch_read.SUSPECT_LIMIT), and a whole number's ``maximum:``
with the rule that sets it (a mortgage's 360 months).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yantai_subsidy import batch_read, values
from yantai_subsidy.__main__ import run
from yantai_subsidy.engine import estimate, parse_input
from yantai_subsidy.errors import InputError
from yantai_subsidy.loader import load_rules
from yantai_subsidy.ruleset import InputSpec

RULES = load_rules()
BOUNDED = [
    (benefit.id, spec)
    for benefit in RULES.benefits.values()
    for spec in benefit.inputs
    if spec.type == "rate" and spec.maximum is not None
]


def test_the_bounded_rate_inputs_are_the_ones_the_rule_files_name() -> None:
    assert sorted((b, s.name, s.maximum) for b, s in BOUNDED) == [
        ("mortgage", "current_rate", Decimal("0.2")),
        ("mortgage", "new_rate", Decimal("0.2")),
        ("rd-deduction", "cit_rate", Decimal("0.25")),
        ("techreno", "guarantee_fee_rate", Decimal("0.1")),
        ("techreno", "lpr", Decimal("0.2")),
    ]


@pytest.mark.parametrize(("benefit", "spec"), BOUNDED, ids=[f"{b}.{s.name}" for b, s in BOUNDED])
def test_a_rate_at_its_maximum_is_taken_and_just_above_it_refused(
    benefit: str, spec: InputSpec
) -> None:
    top = spec.maximum
    percent = values.format_rate(top)  # 20%
    for written in (percent, str(top), values.format_rate(top - Decimal("0.0001"))):
        assert parse_input(spec, written) <= top  # at the bound, and just below it
    for written in (values.format_rate(top + Decimal("0.0001")), str(top + Decimal("0.0001"))):
        with pytest.raises(InputError, match=f"^{spec.option}: .*above {percent}"):
            parse_input(spec, written)


FDI = {"type": "new", "paid_in_usd": "6000万"}


@pytest.mark.parametrize("fx", ["1", "1.0001", "7.1", "19.9999", "20"])
def test_an_exchange_rate_from_1_to_20_is_taken(fx: str) -> None:
    found = estimate(RULES, "fdi", {**FDI, "fx_rate": fx}, "2024-06-01")
    assert found.inputs["fx_rate"] == fx


@pytest.mark.parametrize(
    ("fx", "said"),
    [
        ("0.9999", "--fx-rate: 0.9999 is not yuan per US dollar (about 7 in 2024, e.g. 7.1)"),
        (
            "20.0001",
            "--fx-rate: 20.0001 is not yuan per US dollar (about 7 in 2024, e.g. 7.1): a rate"
            " quoted per 100 dollars (外汇牌价) is divided by 100",
        ),
    ],
)
def test_an_exchange_rate_just_outside_1_to_20_is_refused(fx: str, said: str) -> None:
    with pytest.raises(InputError) as refused:
        estimate(RULES, "fdi", {**FDI, "fx_rate": fx}, "2024-06-01")
    assert str(refused.value) == said


@pytest.mark.parametrize(("cells", "refused"), [(3, False), (4, False), (5, True)])
def test_a_sheet_is_refused_just_above_the_misread_cells_it_may_hold(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cells: int,
    refused: bool,
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    monkeypatch.setattr(batch_read, "SUSPECT_LIMIT", 4)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount"])
    for _ in range(cells):
        sheet.append(["techloan", "=3000000*1"])  # no stored result: each its row's error
    book.save(tmp_path / "b.xlsx")
    code = run(["batch", str(tmp_path / "b.xlsx"), "--as-of", "2024-06-01", "-q"])
    out = capsys.readouterr()
    if refused:
        assert (code, out.out) == (2, "")
        assert out.err.startswith("Error: the first sheet holds more than 4 formulas")
    else:
        assert code == 1
        assert len(out.out.splitlines()) == cells  # one error row for each, nothing lost


# --- a mortgage's remaining term -------------------------------------------------------------

MORTGAGE = ["estimate", "mortgage", "--balance", "100万", "--current-rate", "4.9%"]


@pytest.mark.parametrize("months", ["1", "359", "360"])
def test_a_mortgage_term_up_to_30_years_is_taken(
    capsys: pytest.CaptureFixture[str], months: str
) -> None:
    args = [*MORTGAGE, "--new-rate", "3.9%", "--months", months, "--as-of", "2024-06-01"]
    assert run([*args, "-f", "csv"]) == 0
    assert capsys.readouterr().out.count("\n") == 2


@pytest.mark.parametrize(
    ("months", "lang", "says"),
    [
        (
            "361",
            "en",
            "Error: --months: 361 is more than 360, the most it can be "
            "(个人住房贷款期限最长30年: a mortgage runs 30 years at most): check the figure",
        ),
        ("99999999", "en", "Error: --months: 99999999 is more than 360, the most it can be "),
        ("1万", "zh", "错误：--months：1万 超过其上限 360（个人住房贷款期限最长30年）：请核对"),
    ],
)
def test_a_mortgage_term_over_30_years_is_refused(
    capsys: pytest.CaptureFixture[str], months: str, lang: str, says: str
) -> None:
    """--months 99999999 saved ¥83,333,332,500.00 of interest on a loan of 100万, in silence."""
    args = [*MORTGAGE, "--new-rate", "3.9%", "--months", months, "--lang", lang]
    assert run(args) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(says)
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("lang", "months", "rate"),
    [
        ("en", "(a whole number) [at most 360]", "(a rate: 1.5% or 0.015) [at most 20%]"),
        ("zh", "(整数) [至多 360]", "(比例，如 1.5% 或 0.015) [至多 20%]"),
    ],
)
def test_an_inputs_maximum_is_said_in_its_help(
    capsys: pytest.CaptureFixture[str], lang: str, months: str, rate: str
) -> None:
    """A refusal at 361 months or a 21% rate should not be the first the user hears of it."""
    assert run(["estimate", "mortgage", "--help", "--lang", lang]) == 0
    lines = {
        line.split()[0]: " ".join(line.split())
        for line in capsys.readouterr().out.splitlines()
        if line.strip().startswith("--")
    }
    assert lines["--months"].endswith(months + (" [必填]" if lang == "zh" else " [required]"))
    assert rate in lines["--current-rate"]
