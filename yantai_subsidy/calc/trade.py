"""Chapter 6 of the document, 加快培育内外贸新动能: domestic and foreign trade."""

from __future__ import annotations

from yantai_subsidy.result import Money, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet


@calculator("flight-intl")
def flight_intl(sheet: Sheet) -> Outcome:
    """Measure 42: a subsidy per round trip on new or denser international (regional) routes.

    "对新开、加密国际（地区）客货运航线，市财政给予单个航班每班往返最高6万元—100万元补贴" — each
    round trip of such a flight gets at most a cap that lies between 6万 and 100万 by route.
    Which route gets which cap is not published, so the estimate is up to 100万 per round trip;
    the total at the lowest cap is shown beside it for reference.
    """
    trips: int = sheet.input("round_trips")
    low_cap = sheet.money("cap_low")
    high_cap = sheet.money("cap_high")
    sheet.line(
        msg(
            "按最低一档上限（供参考）",
            "at the lowest cap (for reference)",
        ),
        msg(
            "{trips} 班次往返 × {cap}",
            "{trips} round trip(s) × {cap}",
            trips=trips,
            cap=Money(low_cap),
        ),
        primitives.per_unit(trips, low_cap),
    )
    high = sheet.line(
        msg(
            "按最高一档上限（各航线适用哪一档未公布）",
            "at the highest cap (which route gets which cap is not published)",
        ),
        msg(
            "{trips} 班次往返 × {cap}",
            "{trips} round trip(s) × {cap}",
            trips=trips,
            cap=Money(high_cap),
        ),
        primitives.per_unit(trips, high_cap),
    )
    return sheet.up_to(high)


@calculator("flight-domestic")
def flight_domestic(sheet: Sheet) -> Outcome:
    """Measure 42: a subsidy per round trip on new or denser domestic routes.

    "对新开、加密国内客货运航线，市财政给予单个航班每班往返最高5万元补贴" — at most 5万 for each
    round trip of such a flight.
    """
    trips: int = sheet.input("round_trips")
    cap = sheet.money("cap")
    high = sheet.line(
        msg("每班往返最高补贴合计", "up to the cap for each round trip"),
        msg(
            "{trips} 班次往返 × {cap}",
            "{trips} round trip(s) × {cap}",
            trips=trips,
            cap=Money(cap),
        ),
        primitives.per_unit(trips, cap),
    )
    return sheet.up_to(high)


@calculator("overnight-aircraft")
def overnight_aircraft(sheet: Sheet) -> Outcome:
    """Measure 42: 100万 to 400万 a year for each additional aircraft based overnight.

    "增加过夜飞机引进，每架每年给予100万元—400万元补贴" — each aircraft added to those staying
    overnight earns between 100万 and 400万 each year; the document does not say where in the
    range an aircraft falls, so the estimate is the range, per aircraft, for each year given.
    """
    aircraft: int = sheet.input("aircraft")
    years: int = sheet.input("years")
    per_low = sheet.money("per_aircraft_low")
    per_high = sheet.money("per_aircraft_high")
    low = sheet.line(
        msg("区间下限", "low end of the range"),
        msg(
            "{aircraft} 架 × {years} 年 × {per}",
            "{aircraft} aircraft × {years} year(s) × {per}",
            aircraft=aircraft,
            years=years,
            per=Money(per_low),
        ),
        primitives.per_unit(aircraft * years, per_low),
    )
    high = sheet.line(
        msg("区间上限", "high end of the range"),
        msg(
            "{aircraft} 架 × {years} 年 × {per}",
            "{aircraft} aircraft × {years} year(s) × {per}",
            aircraft=aircraft,
            years=years,
            per=Money(per_high),
        ),
        primitives.per_unit(aircraft * years, per_high),
    )
    return sheet.range(low, high)
