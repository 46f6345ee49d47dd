"""Chapter 4 of the document, 持续扩大有效投资: effective investment."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy import values
from yantai_subsidy.errors import InputError
from yantai_subsidy.result import Money, Qty, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet


@calculator("district-rank")
def district_rank(sheet: Sheet) -> Outcome:
    """Measure 21, 区市项目评比: 100万–500万 to each of the top five districts of the quarter.

    "每季度结合增量增速等指标，对评比前五名的区市分别给予100万元—500万元资金奖励，奖励资金全部用于
    项目建设专项管理经费，年底通过体制结算兑现。" The five best-ranked districts of each
    quarter are rewarded with 100万 to 500万 "respectively"; read by rank (an interpretation):
    the first gets 500万, the fifth 100万, and the ranks between step down evenly.
    """
    rank: int = sheet.input("rank")
    top = sheet.count("top_n")
    in_top = sheet.meets(rank, "top_n")
    sheet.decide(
        "top_five",
        in_top,
        None
        if in_top
        else msg(
            "第{rank}名，不在评比前{top}名之内",
            "rank {rank} is not among the top {top}",
            rank=rank,
            top=top,
        ),
        by="rank",
    )
    low, high = sheet.money("min_award"), sheet.money("max_award")
    sheet.note(
        msg(
            "文件：前{top}名分别给予{low}—{high}",
            "the document: {low} to {high} to the top {top}",
            top=top,
            low=sheet.param("min_award").as_written(),
            high=sheet.param("max_award").as_written(),
        )
    )
    if not in_top:
        return sheet.exact(primitives.ZERO)
    step = (high - low) / (top - 1) if top > 1 else primitives.ZERO
    if 1 < rank < top:  # the ends of the range are the document's; the ranks between a reading
        sheet.reading("even_step")
    award = sheet.line(
        msg(
            "第{rank}名的奖励（按名次等差递减）",
            "award for rank {rank} (even steps down the ranks)",
            rank=rank,
        ),
        msg(
            "{high} − ({rank} − 1) × ({high} − {low}) ÷ ({top} − 1)",
            "{high} − ({rank} − 1) × ({high} − {low}) ÷ ({top} − 1)",
            high=Money(high),
            low=Money(low),
            rank=rank,
            top=top,
        ),
        high - step * (rank - 1),
    )
    sheet.note(
        msg(
            "奖励资金全部用于项目建设专项管理经费，年底通过体制结算兑现",
            "the award must all go to project-construction management and is paid"
            " through the year-end fiscal settlement",
        )
    )
    return sheet.exact(award)


#: Yuan per US dollar that can be meant (not a figure of the policy: a guard on the input).
#: Below 1 is dollars per yuan written the other way round (0.14); above 20, a bank's board
#: rate per 100 dollars (外汇牌价 710.5): either would be off by 50 or 100 times, silently.
FX_PLAUSIBLE = (Decimal(1), Decimal(20))


@calculator("fdi")
def fdi(sheet: Sheet) -> Outcome:
    """Measure 26, 高质量外资项目: at least 3% of the spending of the paid-in capital, at most 1亿.

    "对符合产业政策导向，年度到账外资金额超过5000万美元的新设外资项目、年度到账外资金额超过3000万美元
    的增资项目，争取省财政按其到账外资实际支出金额2%的比例、市县两级财政按其到账外资实际支出金额
    不低于1%的比例予以支持，最高不超过1亿元人民币。" A new project with more than 5000万 USD paid
    in during the year, or a capital increase with more than 3000万 USD (超过: the threshold
    itself does not qualify), gets 2% of the actual spending of that capital from the province
    (which the city only helps to obtain) and at least 1% from the city and county: at least
    3% of the spending in yuan, and never more than 1亿 yuan in all.
    """
    kind: str = sheet.input("type")
    paid: Decimal = sheet.input("paid_in_usd")
    spent: Decimal = sheet.input("spent_usd") if sheet.given("spent_usd") else paid
    if spent > paid:
        raise InputError("calc.spent_above_paid_in")
    if not sheet.given("spent_usd"):
        # the clause pays on the spending (实际支出), which may be less than what was paid in:
        # the default stands in for a figure the user did not give, and every line rests on it
        sheet.assume(
            msg(
                "到账外资实际支出按年度到账外资全额{paid}计（未给 --spent-usd；实际支出较少时，支持相应减少）",
                "the actual spending is taken as the whole {paid} paid in"
                " (--spent-usd not given; if less was spent, the support is less)",
                paid=Qty(paid, "USD"),
            )
        )
    threshold = "new_project_min" if kind == "new" else "increase_min"
    above = sheet.meets(paid, threshold)
    sheet.decide(
        "paid_in_threshold",
        above,
        None
        if above
        else msg(
            "年度到账外资{paid}，未超过{min}（“超过”不含本数）",
            "the foreign capital paid in, {paid}, is not more than {min} (超过 excludes the number itself)",
            paid=Qty(paid, "USD"),
            min=sheet.arg(threshold),
        ),
        by="paid_in_usd",
    )
    fx: Decimal = sheet.input("fx_rate")
    if not FX_PLAUSIBLE[0] <= fx <= FX_PLAUSIBLE[1]:
        wrong = "calc.fx_rate_inverted" if fx < FX_PLAUSIBLE[0] else "calc.fx_rate_per_hundred"
        raise InputError(wrong, fx=values.plain_number(fx))
    base = sheet.line(
        msg("到账外资实际支出（折人民币）", "actual spending of the paid-in capital, in yuan"),
        msg(
            "{spent} × {fx}",
            "{spent} × {fx}",
            spent=Qty(spent, "USD"),
            fx=Qty(fx, "CNY/USD"),
        ),
        spent * fx,
    )
    province = sheet.share(
        msg(
            "省财政{rate}（争取，未必获批）",
            "province, {rate} (to be obtained: not assured)",
            rate=sheet.arg("province_rate"),
        ),
        base,
        "province_rate",
    )
    local = sheet.share(
        msg(
            "市县两级财政，不低于{rate}",
            "city and county, at least {rate}",
            rate=sheet.arg("local_rate"),
        ),
        base,
        "local_rate",
    )
    total = sheet.line(
        msg("支持合计（不低于）", "total support, at least"),
        msg(
            "{province} + {local}",
            "{province} + {local}",
            province=Money(province),
            local=Money(local),
        ),
        province + local,
    )
    cap = sheet.money("total_cap")
    floor = sheet.cap(
        total,
        cap,
        msg(
            "支持总额上限（最高不超过{cap}元人民币）",
            "cap on the total support ({cap})",
            cap=sheet.param("total_cap").as_written(),
        ),
    )
    sheet.warn(
        msg(
            "省级{rate}需争取：未获省财政支持时，市县部分不低于{local}",
            "the province's {rate} has to be obtained: without it, the city and county part is at least {local}",
            rate=sheet.arg("province_rate"),
            local=Money(min(local, cap)),
        )
    )
    return sheet.at_least(floor, cap)
