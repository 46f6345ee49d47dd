"""Chapter 5 of the document, 持续恢复和扩大消费: consumption, housing and tourism."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy import values
from yantai_subsidy.errors import InputError
from yantai_subsidy.result import Money, Qty, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet


@calculator("nev-parking")
def nev_parking(sheet: Sheet) -> Outcome:
    """Measure 29: the first two hours of parking each day are free for new-energy cars.

    "对新能源号牌汽车，每日（连续24小时为1日）在实行政府定价管理的同一个公共停车场或道路泊位
    免收首个2小时停车费" — in one government-priced car park or street bay, a car with
    new-energy plates pays nothing for its first two hours of each day (a day being 24
    consecutive hours). The saving is the fee for the free hours (the hours parked, at most
    two) at the hourly rate, for each day parked.
    """
    hours: Decimal = sheet.input("hours")
    fee: Decimal = sheet.input("rate")
    days: int = sheet.input("days")
    day_hours = sheet.quantity("day_hours")
    if hours > day_hours:
        raise InputError(
            f"--hours: {values.format_quantity(hours)} hours is more than one day"
            f" (连续{values.format_quantity(day_hours)}小时为1日): give the hours of one day"
            " and the number of days with --days"
        )
    free_hours = sheet.quantity("free_hours")
    free = min(hours, free_hours)
    per_day = sheet.line(
        msg(
            "每日免收的停车费（首个{free}小时）",
            "parking fee waived each day (the first {free} hours)",
            free=Qty(free_hours),
        ),
        msg(
            "min({hours}, {free}) 小时 × {fee} 元/小时",
            "min({hours}, {free}) hours × {fee} yuan/hour",
            hours=Qty(hours),
            free=Qty(free_hours),
            fee=Money(fee),
        ),
        free * fee,
    )
    total = sheet.line(
        msg("{days}天合计", "over {days} day(s)", days=days),
        msg("{per_day} × {days}", "{per_day} × {days}", per_day=Money(per_day), days=days),
        primitives.per_unit(days, per_day),
    )
    return sheet.exact(total)
