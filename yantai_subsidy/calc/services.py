"""Chapter 3 of the document, 推动服务业突破发展: services."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy.result import Qty, msg

from . import calculator
from .sheet import Outcome, Sheet

#: The award parameter of each national logistics grade (measure 17).
GRADE_AWARDS = {"3A": "award_3a", "4A": "award_4a", "5A": "award_5a"}


@calculator("logistics")
def logistics(sheet: Sheet) -> Outcome:
    """Measure 17, 物流企业评级: a one-off award for a first national 3A, 4A or 5A rating.

    "对首次被评定为国家3A、4A、5A级物流企业且纳入规模以上服务业企业统计的，分别给予一次性奖励
    15万元、20万元和50万元。" A logistics enterprise rated 3A, 4A or 5A for the first time,
    and counted among the services enterprises above the designated size, gets 15万, 20万
    or 50万 once (分别: in the order listed).
    """
    grade: str = sheet.input("grade")
    name = GRADE_AWARDS[grade]
    award = sheet.line(
        msg(
            "首次评定为国家{grade}级物流企业的一次性奖励",
            "one-off award for a first national {grade} rating",
            grade=grade,
        ),
        msg("{award}", "{award}", award=sheet.arg(name)),
        sheet.money(name),
    )
    return sheet.exact(award)


def _shared_by_networks(sheet: Sheet) -> None:
    """``networks`` decides the condition of the same name: 4个以上（含4个）."""
    if sheet.given("networks"):
        sheet.check(
            "networks",
            sheet.input("networks"),
            "min_networks",
            what=msg("共用的快递网络数", "express networks sharing"),
            by="networks",
        )


def _up_to_share(sheet: Sheet, cap: str) -> Outcome:
    """不超过企业投资额的30%, 最高不超过 the cap: up to the smaller of the two."""
    investment: Decimal = sheet.input("investment")
    share = sheet.share(
        msg(
            "企业投资额的{rate}（不超过）",
            "up to {rate} of the enterprise's investment",
            rate=sheet.arg("subsidy_rate"),
        ),
        investment,
        "subsidy_rate",
    )
    subsidy = sheet.cap(share, sheet.money(cap), msg("补贴最高额", "maximum subsidy"))
    return sheet.up_to(subsidy)


@calculator("express-park")
def express_park(sheet: Sheet) -> Outcome:
    """Measure 18, 区市级快递园区: up to 30% of the investment, at most 100万.

    "2024年，对4个以上（含4个）快递网络共用、年处理快件量4000万件以上、使用智能分拣设备分拨到乡镇的
    区市级快递园区，竣工验收后按照不超过企业投资额的30%给予补贴，最高不超过100万元。"
    A district express park shared by at least 4 networks (4 included), handling at least
    4000万 parcels a year and sorting to the townships by machine, gets, once accepted on
    completion, up to 30% of the enterprise's investment and never more than 100万.
    """
    _shared_by_networks(sheet)
    if sheet.given("parcels"):
        sheet.check(
            "parcels",
            sheet.input("parcels"),
            "min_parcels",
            what=msg("年处理快件量（件）", "parcels handled a year"),
            by="parcels",
        )
    return _up_to_share(sheet, "park_cap")


@calculator("express-township")
def express_township(sheet: Sheet) -> Outcome:
    """Measure 18, 乡镇快递共配中心: up to 30% of the investment, at most 10万.

    "对4个以上（含4个）快递网络共用、同一场地操作分拣、共同配送进村、面积不低于100平方米、达到
    分支机构验收标准的乡镇快递共配中心，按照不超过企业投资额的30%给予补贴，最高不超过10万元。"
    A township centre shared by at least 4 networks (4 included), sorting on one site,
    delivering jointly to the villages, of at least 100 m² (100 included) and up to a branch's
    acceptance standard, gets up to 30% of the enterprise's investment, never more than 10万.
    """
    _shared_by_networks(sheet)
    if sheet.given("area_m2"):
        area: Decimal = sheet.input("area_m2")
        met = sheet.meets(area, "min_area")
        sheet.decide(
            "area",
            met,
            None
            if met
            else msg(
                "面积{area}，低于{min}（文件：“{quote}”，含本数）",
                "the floor area {area} is less than {min} (the document: “{quote}”, at least)",
                area=Qty(area, "m²"),
                min=sheet.arg("min_area"),
                quote=sheet.param("min_area").quote or "",
            ),
            by="area_m2",
        )
    return _up_to_share(sheet, "center_cap")
