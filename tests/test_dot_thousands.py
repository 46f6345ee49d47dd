"""A dot between thousands: ``1.000`` is one yuan here and one thousand in a European export.

ytsub reads a dot as the decimal point (3,000,000.50). European spreadsheets write the same
figure 3.000.000,50, so a money cell ``1.000`` or ``12.500`` is 1 and 12.5 yuan to one reader
and 1,000 and 12,500 to another: a thousandfold slip without a sign. Such a figure (a dot and
exactly three digits, nothing else) is refused, naming the option and both readings; the
unambiguous European forms (``1.000.000``, ``1.000,50``) are refused saying what they mean.
Rates (``0.015``) and measurements (MW, 亩, hours: 1.125 MW is a natural figure) are read as
before; counts, dollars, kW and m² (counted whole: 300.000 kW is a 30万 kW unit abroad) are
figures like money.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from yantai_subsidy import values
from yantai_subsidy.__main__ import run
from yantai_subsidy.errors import InputError
from yantai_subsidy.match import match
from yantai_subsidy.ruleset import RuleSet

DAY = "2024-06-01"


@pytest.mark.parametrize(
    ("text", "decimal", "thousands"),
    [
        ("1.000", "1", "1000"),
        ("12.500", "12.5", "12500"),
        ("300.000", "300", "300000"),
        ("¥1.000", "1", "1000"),
        ("1.000元", "1", "1000"),
        ("１.０００", "1", "1000"),  # full-width, as a Chinese input method types it
    ],
)
def test_a_dot_and_three_digits_is_refused_naming_both_readings(
    text: str, decimal: str, thousands: str
) -> None:
    with pytest.raises(InputError) as raised:
        values.parse_money(text, "--amount")
    said = str(raised.value)
    assert said.startswith("--amount: "), said
    assert f"{decimal} with a decimal point" in said, said
    assert f"{thousands} with a dot between thousands" in said, said
    assert "\n" not in said
    zh = raised.value.render("zh")
    assert f"按小数点读是 {decimal}，" in zh, zh
    assert f"按千位分隔点（欧洲表格的写法）读是 {thousands}：" in zh, zh


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("1.000.000", "1000000"),
        ("1.000,50", "1000.50"),
        ("1.000.000,5", "1000000.5"),
        ("¥12.500,50", "12500.50"),
    ],
)
def test_european_notation_is_refused_saying_what_it_means(text: str, meant: str) -> None:
    with pytest.raises(InputError) as raised:
        values.parse_money(text, "--amount")
    said = str(raised.value)
    assert said.startswith("--amount: "), said
    assert f"write {meant}" in said, said
    assert meant in raised.value.render("zh")


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("1,000", "1000"),  # a comma between thousands, as Chinese and English write it
        ("1,000.50", "1000.50"),
        ("1,000.500", "1000.500"),  # commas say the dot is a decimal point
        ("1000.000", "1000.000"),  # four digits before the dot: no thousands group
        ("0.500", "0.500"),  # 0.500 is never a European thousand
        ("1.00", "1.00"),
        ("1.5", "1.5"),
        ("1.0000", "1.0000"),
        ("1.500万", "15000"),  # 万 is Chinese notation: the dot is a decimal point
        ("0.015亿", "1500000"),
    ],
)
def test_money_that_reads_one_way_is_read(text: str, yuan: str) -> None:
    assert values.parse_money(text, "--amount") == Decimal(yuan)


def test_a_comma_alone_is_no_sign_of_the_european_way() -> None:
    """3,00 may be a slip for 300 or 3,000 as well as 3.00: refused as malformed, no guess."""
    with pytest.raises(InputError) as raised:
        values.parse_money("3,00", "--amount")
    assert str(raised.value) == (
        "--amount: not an amount of money: '3,00' (write 3000000, 3,000,000, 300万 or 0.03亿)"
    )


def test_counts_are_figures_as_money_is() -> None:
    """4.000 parcels was read as 4; 4.000 from a European export means 4,000."""
    with pytest.raises(InputError) as raised:
        values.parse_count("4.000", "--parcels")
    assert "4 with a decimal point" in str(raised.value)
    assert "4000 with a dot between thousands" in str(raised.value)
    with pytest.raises(InputError) as raised:
        values.parse_count("40.000.000", "--parcels")
    assert "write 40000000" in str(raised.value)
    assert values.parse_count("4,000", "--parcels") == 4000


def test_rates_and_measured_quantities_keep_their_decimals() -> None:
    assert values.parse_rate("0.015", "--lpr") == Decimal("0.015")
    assert values.parse_quantity("1.125", "--capacity-mw") == Decimal("1.125")
    assert values.parse_quantity("12.345", "--area-mu") == Decimal("12.345")
    assert values.parse_quantity("7.125", "--fx-rate") == Decimal("7.125")


# --- every place a money figure is read ------------------------------------------------------


def test_estimate_refuses_it_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["estimate", "techloan", "--amount", "1.000", "--as-of", DAY]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (
        "Error: --amount: '1.000' is 1 with a decimal point but 1000 with a dot between"
        " thousands (as European spreadsheets write it): write 1 or 1000"
    )


def test_kilowatts_and_square_metres_are_counted_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """A 30万 kW coal unit is 300.000 kW in a European export: read as 300 kW, measure 49's
    20 yuan per kW (2024) paid 6,000 instead of 6,000,000, and the unit passed “30万千瓦以下”."""
    args = ["estimate", "coal-closure", "--year", "2024", "--as-of", DAY]
    assert run([*args, "--capacity-kw", "300.000"]) == 1
    assert (
        "--capacity-kw: '300.000' is 300 with a decimal point but 300000" in capsys.readouterr().err
    )
    assert run([*args, "--capacity-kw", "300000", "--unit-kw", "300.000"]) == 1
    assert "--unit-kw: '300.000' is 300" in capsys.readouterr().err
    town = ["estimate", "express-township", "--investment", "10万", "--networks", "4"]
    assert run([*town, "--area-m2", "1.000.000", "--as-of", DAY]) == 1
    assert "--area-m2: '1.000.000' is written the European way" in capsys.readouterr().err
    assert run([*town, "--area-m2", "120.5", "--as-of", DAY, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["inputs"]["area_m2"] == "120.5"


def test_dollars_are_figures_as_money_is(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["estimate", "fdi", "--type", "new", "--fx-rate", "7.125", "--as-of", DAY]
    assert run([*args, "--paid-in-usd", "60.000"]) == 1
    assert "--paid-in-usd: '60.000' is 60 with a decimal point" in capsys.readouterr().err
    assert run([*args, "--paid-in-usd", "6000万", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["inputs"]["fx_rate"] == "7.125"


def test_a_batch_cell_is_its_rows_error_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text("benefit,amount\ntechloan,1.000\ntechloan,1000\n", encoding="utf-8")
    assert run(["batch", str(source), "--format", "jsonl", "--as-of", DAY, "-q"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["row"] for r in rows] == [1, 2]
    assert "'1.000' is 1 with a decimal point but 1000" in rows[0]["error"]
    assert rows[1]["inputs"]["amount"] == "1000"


def test_a_jsonl_cell_and_an_xlsx_text_cell_read_as_a_csv_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(
        '{"benefit": "techloan", "amount": "12.500"}\n{"benefit": "techloan", "amount": 12.500}\n',
        encoding="utf-8",
    )
    assert run(["batch", str(jsonl), "--format", "jsonl", "--as-of", DAY, "-q"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all("'12.500' is 12.5 with a decimal point" in r["error"] for r in rows), rows
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["benefit", "amount"])
    sheet.append(["techloan", "1.000.000"])  # text: a number cell holds no separators
    sheet.append(["techloan", 1000.0])  # a number cell: one reading
    xlsx = tmp_path / "in.xlsx"
    book.save(xlsx)
    assert run(["batch", str(xlsx), "--format", "jsonl", "--as-of", DAY, "-q"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "write 1000000" in rows[0]["error"]
    assert rows[1]["inputs"]["amount"] == "1000"


def test_a_profile_fact_and_a_client_list_column(
    rules: RuleSet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(InputError) as raised:
        match(rules, {"kind": "enterprise", "facts": {"techloan_principal": "1.000"}})
    assert str(raised.value).startswith(
        "<profile>: facts.techloan_principal: '1.000' is 1 with a decimal point"
    ), str(raised.value)
    profile = tmp_path / "p.yaml"
    profile.write_text("kind: enterprise\nfacts:\n  techloan_principal: 1.000\n", encoding="utf-8")
    assert run(["match", str(profile), "--as-of", DAY]) == 1
    assert "facts.techloan_principal: '1.000' is 1 with a decimal point" in capsys.readouterr().err
    clients = tmp_path / "c.csv"
    clients.write_text("kind,name,techloan_principal\nenterprise,A,1.000\n", encoding="utf-8")
    assert run(["match", str(clients), "--format", "jsonl", "--as-of", DAY, "-q"]) == 1
    row = json.loads(capsys.readouterr().out)
    assert "column techloan_principal: '1.000' is 1 with a decimal point" in row["error"], row
