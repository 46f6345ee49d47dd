"""Chapter 8 of the document, 加快能源绿色转型: green energy transition."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from yantai_subsidy.errors import InputError
from yantai_subsidy.result import Money, Qty, msg
from yantai_subsidy.values import format_quantity

from . import calculator, primitives
from .sheet import Outcome, Sheet


@calculator("coal-closure")
def coal_closure(sheet: Sheet) -> Outcome:
    """Measure 49, 小煤电关停: a provincial award per kW closed, by year of closure.

    "鼓励具备条件的30万千瓦以下煤电机组提前关停退出,对2023年—2025年关停退出小煤电机组的企业,
    争取省财政分别给予每千瓦40元、20元、10元资金奖励;未按国家规定承担政府性基金附加和交叉补贴的
    不予奖励。" — units of at most 300,000 kW (以下 includes the number) closed in 2023, 2024 or
    2025 earn 40, 20 or 10 yuan per kW of capacity closed, from provincial funds the city
    applies for; an enterprise that has not borne the government fund surcharges and
    cross-subsidies gets nothing (condition bore_surcharges).
    """
    capacity: Decimal = sheet.input("capacity_kw")
    year: int = sheet.input("year")
    first, last = sheet.count("first_year"), sheet.count("last_year")
    in_window = first <= year <= last  # 2023年—2025年: both end years included
    sheet.decide(
        "closure_year",
        in_window,
        None
        if in_window
        else msg(
            "{year}年关停不在{first}年—{last}年之内",
            "a closure in {year} is outside {first}–{last}",
            year=str(year),
            first=str(first),
            last=str(last),
        ),
        by="year",
    )
    if sheet.given("unit_kw"):
        unit: Decimal = sheet.input("unit_kw")
        if unit > capacity:
            raise InputError(
                "calc.unit_above_capacity",
                unit=format_quantity(unit),
                capacity=format_quantity(capacity),
            )
        sheet.check(
            "small_units", unit, "max_unit", what=msg("最大单机容量", "largest unit"), by="unit_kw"
        )
    award_name = f"award_{year}"
    if not in_window:
        sheet.note(
            msg("{year}年关停无奖励标准", "no award is set for a closure in {year}", year=str(year))
        )
        return sheet.exact(primitives.ZERO)
    if award_name not in sheet.benefit.params:
        raise InputError("calc.no_award_for_year", year=year)
    award = sheet.line(
        msg(
            "{year}年关停：每千瓦{rate}",
            "closure in {year}: {rate} per kW",
            year=str(year),
            rate=sheet.param(award_name).as_written(),
        ),
        msg(
            "{capacity} × {rate}",
            "{capacity} × {rate}",
            capacity=Qty(capacity, "kW"),
            rate=Money(sheet.money(award_name)),
        ),
        primitives.per_unit(capacity, sheet.money(award_name)),
    )
    return sheet.exact(award)


@calculator("pv-storage")
def pv_storage(sheet: Sheet) -> Outcome:
    """Measure 51, 海上光伏储能配置: the storage an offshore solar project must install.

    "2025年底前建成并网的海上光伏项目,免于配置储能设施;2025年以后建成并网的,原则上按照不低于
    20%、2小时比例配置储能设施" — a project connected to the grid on or before 31 December
    2025 needs no storage; one connected later needs storage power of at least 20% of its
    capacity (MW), lasting 2 hours (MWh). The result is a quantity in MWh, not money:
    *at least* that energy, with the power as its own line.
    """
    capacity: Decimal = sheet.input("capacity_mw")
    grid_date: date = sheet.input("grid_date")
    if sheet.meets(grid_date, "exempt_until"):
        sheet.note(
            msg(
                "{day}并网，在{until}前：免于配置储能设施",
                "connected on {day}, by {until}: no storage required",
                day=grid_date,
                until=sheet.arg("exempt_until"),
            )
        )
        return sheet.exact(primitives.ZERO, unit="MWh")
    sheet.note(
        msg(
            "{day}并网，在{until}以后：须配置储能设施",
            "connected on {day}, after {until}: storage required",
            day=grid_date,
            until=sheet.arg("exempt_until"),
        )
    )
    power = sheet.line(
        msg(
            "储能功率，不低于装机容量的{ratio}",
            "storage power, at least {ratio} of the capacity",
            ratio=sheet.arg("min_power_ratio"),
        ),
        msg(
            "{capacity} × {ratio}",
            "{capacity} × {ratio}",
            capacity=Qty(capacity, "MW"),
            ratio=sheet.arg("min_power_ratio"),
        ),
        primitives.share(capacity, sheet.rate("min_power_ratio")),
        unit="MW",
    )
    energy = sheet.line(
        msg(
            "储能容量，该功率持续{hours}",
            "storage energy, that power for {hours}",
            hours=sheet.arg("duration"),
        ),
        msg(
            "{power} × {hours}",
            "{power} × {hours}",
            power=Qty(power, "MW"),
            hours=sheet.arg("duration"),
        ),
        power * sheet.quantity("duration"),
        unit="MWh",
    )
    return sheet.at_least(energy, None, unit="MWh")


@calculator("storage-compensation")
def storage_compensation(sheet: Sheet) -> Outcome:
    """Measure 52, 储能容量补偿: twice the market's monthly capacity compensation standard.

    "对独立储能示范项目和列为试点的长时储能项目,参与电力市场的容量补偿费用暂按电力市场规则中
    月度可用容量补偿标准的2倍执行;其中,长时储能项目容量补偿不与独立储能示范项目等政策同时享受。"
    — a listed project's capacity compensation is, for now, the market rules' monthly standard
    (yuan per MW per month) times 2, times its available capacity and the months; a
    long-duration pilot may not also claim the demonstration policy (a warning).
    """
    standard: Decimal = sheet.input("standard")
    capacity: Decimal = sheet.input("capacity_mw")
    months: int = sheet.input("months")
    multiple = sheet.count("multiple")
    base = sheet.line(
        msg("按市场规则标准计算的补偿", "compensation at the market rules' standard"),
        msg(
            "{standard}/MW·月 × {capacity} × {months}个月",
            "{standard}/MW/month × {capacity} × {months} month(s)",
            standard=Money(standard),
            capacity=Qty(capacity, "MW"),
            months=months,
        ),
        standard * capacity * months,
    )
    # From the standard itself, not the rounded line above: the amount is rounded once.
    total = sheet.line(
        msg("按标准的{multiple}倍执行", "at {multiple} times the standard", multiple=multiple),
        msg(
            "{standard}/MW·月 × {multiple} × {capacity} × {months}个月",
            "{standard}/MW/month × {multiple} × {capacity} × {months} month(s)",
            standard=Money(standard),
            multiple=multiple,
            capacity=Qty(capacity, "MW"),
            months=months,
        ),
        standard * multiple * capacity * months,
    )
    sheet.line(
        msg("比市场规则标准多得", "more than at the market standard"),
        msg("{total} − {base}", "{total} − {base}", total=Money(total), base=Money(base)),
        total - base,
    )
    if sheet.input("type") == "long-duration":
        sheet.warn(
            msg(
                "长时储能项目容量补偿不与独立储能示范项目等政策同时享受：已按示范项目等政策享受的，不能再按此计算",
                "a long-duration project's capacity compensation may not be combined with the"
                " demonstration-project policy and the like: a project already paid under those cannot also claim this",
            )
        )
    return sheet.exact(total)
