"""Chapter 1 of the document, 推动农业高质量发展: agriculture."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy.result import Qty, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet


@calculator("orchard")
def orchard(sheet: Sheet) -> Outcome:
    """Measure 4, 苹果大果园: a one-off subsidy whose amount the document does not publish.

    "对应用主推新品种或新研发品种新改建500亩（含）以上的“苹果大果园”，给予一次性补贴。"
    An apple orchard of at least 500 mu (500 itself included), newly planted or rebuilt with
    promoted or newly bred varieties, gets a one-off subsidy; no amount is given, so the
    estimate says only whether the orchard qualifies.
    """
    area: Decimal = sheet.input("area_mu")
    sheet.check(
        "area",
        area,
        "min_area",
        what=msg("新改建果园面积（亩）", "area of the new or rebuilt orchard (mu)"),
        by="area_mu",
    )
    sheet.note(
        msg(
            "新改建面积：{area}；要求{min}（含）以上",
            "new or rebuilt area: {area}; the threshold is {min}, inclusive",
            area=Qty(area, "亩"),
            min=sheet.arg("min_area"),
        )
    )
    sheet.note(
        msg(
            "一次性补贴：文件未公布补贴标准",
            "one-off subsidy: the document publishes no amount",
        )
    )
    return sheet.unpublished()


@calculator("rural-invest")
def rural_invest(sheet: Sheet) -> Outcome:
    """Measure 5, 工商资本乡村振兴项目: 1% of the year's new investment, capped per project.

    "对工商资本年度实际新增投资1亿元以上的乡村振兴项目，由省市县联动按照实际新增投资额的1%
    给予补助，单个项目奖补金额不超过1000万元。" A rural revitalisation project whose
    commercial investors put in at least 1亿 of new money in the year (1亿 itself included)
    receives 1% of that new investment, paid jointly by province, city and county, and never
    more than 1000万 for one project.
    """
    investment: Decimal = sheet.input("investment")
    sheet.check(
        "investment_threshold",
        investment,
        "min_investment",
        what=msg("年度实际新增投资", "actual new investment in the year"),
        by="investment",
    )
    share = sheet.share(
        msg(
            "实际新增投资额的{rate}",
            "{rate} of the actual new investment",
            rate=sheet.arg("subsidy_rate"),
        ),
        investment,
        "subsidy_rate",
    )
    subsidy = sheet.cap(
        share, sheet.money("project_cap"), msg("单个项目奖补上限", "cap per project")
    )
    sheet.note(
        msg(
            "由省市县联动给予：省、市、县三级共同出资，分担比例文件未规定",
            "paid jointly by the province, the city and the county (省市县联动);"
            " the document does not say how the three share it",
        )
    )
    return sheet.exact(subsidy)


@calculator("rural-zone")
def rural_zone(sheet: Sheet) -> Outcome:
    """Measure 5, 衔接乡村振兴集中推进区: 500万 for each municipal zone, to its district.

    "2024年创建市级衔接乡村振兴集中推进区5个，市财政按照500万元/个的标准给予补助。"
    The city creates five such zones in 2024 and pays 500万 for each; a district receives
    500万 times the number of its zones, of which there can be no more than the five.
    """
    zones: int = sheet.input("zones")
    planned = sheet.count("zones_planned")
    if zones > planned:
        sheet.note(
            msg(
                "全市2024年共创建{planned}个：按{planned}个计算（输入{asked}个）",
                "the city creates {planned} zones in 2024 in all: {planned} counted ({asked} given)",
                planned=planned,
                asked=zones,
            )
        )
        zones = planned
    subsidy = sheet.line(
        msg(
            "市级集中推进区补助（{per_zone}/个）",
            "subsidy for the municipal zones ({per_zone} each)",
            per_zone=sheet.arg("per_zone"),
        ),
        msg(
            "{zones} × {per_zone}",
            "{zones} × {per_zone}",
            zones=zones,
            per_zone=sheet.arg("per_zone"),
        ),
        primitives.per_unit(zones, sheet.money("per_zone")),
    )
    return sheet.exact(subsidy)
