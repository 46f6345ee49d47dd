"""Chapter 5 of the document, 持续恢复和扩大消费: consumption, housing and tourism."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from yantai_subsidy import values
from yantai_subsidy.errors import InputError
from yantai_subsidy.result import Money, Msg, Qty, Rate, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet

#: Months in a year: a mortgage's monthly rate is its annual rate ÷ 12 (a calendar fact,
#: not a figure of the policy).
MONTHS_PER_YEAR = 12


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
            "calc.hours_over_a_day",
            hours=values.format_quantity(hours),
            day_hours=values.format_quantity(day_hours),
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


@calculator("mortgage")
def mortgage(sheet: Sheet) -> Outcome:
    """Measure 32: the interest saved when an existing first-home mortgage gets a lower rate.

    "存量首套住房商业性个人住房贷款的借款人可向承贷金融机构提出申请，由该金融机构新发放贷款置换
    存量首套住房商业性个人住房贷款，亦可申请协商变更合同约定的利率水平，在贷款市场报价利率（LPR）
    上的加点幅度，不得低于原贷款发放时烟台市首套住房商业性个人住房贷款利率政策下限" — the borrower
    may have the loan refinanced or its rate renegotiated, within the floor of the spread.

    The document names no rate: the borrower gives the current and the new one. The amount is
    the interest saved over the remaining term: the sum of the payments at the current rate
    less the sum at the new rate, for equal monthly payments (等额本息, annuity) or equal
    principal repayments (等额本金, linear), from the unrounded schedule.
    """
    principal: Decimal = sheet.input("balance")
    months: int = sheet.input("months")
    current: Decimal = sheet.input("current_rate")
    new: Decimal = sheet.input("new_rate")
    linear = sheet.input("method") == "linear"
    if new > current:
        raise InputError(
            "calc.new_rate_above_current",
            new=values.format_rate(new),
            current=values.format_rate(current),
        )
    method = msg("等额本金", "equal principal") if linear else msg("等额本息", "equal payments")
    schedule = _linear if linear else _annuity
    old_first, old_interest, old_how = schedule(principal, current, months)
    new_first, new_interest, new_how = schedule(principal, new, months)

    # Each line goes on from the figures shown above it (rounded to the fen), so it recomputes.
    sheet.reading("monthly_rate")
    old_first = sheet.line(
        msg(
            "首月月供（现利率{rate}，{method}）",
            "first monthly payment at the current rate {rate} ({method})",
            rate=Rate(current),
            method=method,
        ),
        old_how[0],
        old_first,
    )
    sheet.reading("monthly_rate")
    new_first = sheet.line(
        msg(
            "首月月供（新利率{rate}，{method}）",
            "first monthly payment at the new rate {rate} ({method})",
            rate=Rate(new),
            method=method,
        ),
        new_how[0],
        new_first,
    )
    sheet.line(
        msg("首月少还（此后逐月递减）", "saved in the first month (less each month after)")
        if linear
        else msg("每月少还（各月相同）", "saved each month (the same every month)"),
        msg(
            "{old} − {new}",
            "{old} − {new}",
            old=Money(old_first),
            new=Money(new_first),
        ),
        old_first - new_first,
    )
    # The totals over the term rest on the rates staying as they are (the first month's do not).
    sheet.assume(
        msg(
            "两种利率在剩余期限内均保持不变（实际贷款按LPR定期重定价）",
            "both rates are held for the whole remaining term (a real loan reprices with the LPR)",
        )
    )
    old_interest = sheet.line(
        msg(
            "剩余{months}期利息合计（现利率）",
            "interest over the remaining {months} months at the current rate",
            months=months,
        ),
        old_how[1],
        old_interest,
    )
    new_interest = sheet.line(
        msg(
            "剩余{months}期利息合计（新利率）",
            "interest over the remaining {months} months at the new rate",
            months=months,
        ),
        new_how[1],
        new_interest,
    )
    saved = sheet.line(
        msg("节省利息合计", "interest saved over the remaining term"),
        msg(
            "{old} − {new}",
            "{old} − {new}",
            old=Money(old_interest),
            new=Money(new_interest),
        ),
        old_interest - new_interest,
    )
    return sheet.exact(saved)


Schedule = tuple[Decimal, Decimal, tuple[Msg, Msg]]


def _annuity(principal: Decimal, annual: Decimal, months: int) -> Schedule:
    """等额本息: the same payment every month, ``P·r / (1 − (1 + r)^−n)``, r = annual ÷ 12."""
    rate = annual / MONTHS_PER_YEAR
    if rate == 0:
        payment = principal / months
        how = msg("{p} ÷ {n}（零利率）", "{p} ÷ {n} (no interest)", p=Money(principal), n=months)
    else:
        payment = principal * rate / (1 - (1 + rate) ** -months)
        how = msg(
            "{p} × r ÷ (1 − (1 + r)^−{n})，r = {annual} ÷ {year}",
            "{p} × r ÷ (1 − (1 + r)^−{n}), r = {annual} ÷ {year}",
            p=Money(principal),
            n=months,
            annual=Rate(annual),
            year=MONTHS_PER_YEAR,
        )
    interest = payment * months - principal
    # Written from the balance, the term and the rate, not from the payment as shown (rounded to
    # the fen): "6,544.44 × 240 − 1,000,000.00" would not give the interest the line states.
    total = (
        msg(
            "{p} ÷ {n} × {n} − {p}（零利率）",
            "{p} ÷ {n} × {n} − {p} (no interest)",
            p=Money(principal),
            n=months,
        )
        if rate == 0
        else msg(
            "{n} × {p} × r ÷ (1 − (1 + r)^−{n}) − {p}，r = {annual} ÷ {year}",
            "{n} × {p} × r ÷ (1 − (1 + r)^−{n}) − {p}, r = {annual} ÷ {year}",
            n=months,
            p=Money(principal),
            annual=Rate(annual),
            year=MONTHS_PER_YEAR,
        )
    )
    return payment, interest, (how, total)


def _linear(principal: Decimal, annual: Decimal, months: int) -> Schedule:
    """等额本金: principal ÷ n each month plus interest on what is left.

    The first payment is ``P/n + P·r``; the interest over the term is the sum of
    ``r·(P − (k−1)·P/n)`` for k = 1 … n, which is ``r·P·(n + 1)/2``.
    """
    rate = annual / MONTHS_PER_YEAR
    first = principal / months + principal * rate
    interest = rate * principal * (months + 1) / 2
    how = msg(
        "{p} ÷ {n} + {p} × {annual} ÷ {year}",
        "{p} ÷ {n} + {p} × {annual} ÷ {year}",
        p=Money(principal),
        n=months,
        annual=Rate(annual),
        year=MONTHS_PER_YEAR,
    )
    total = msg(
        "{p} × {annual} ÷ {year} × ({n} + 1) ÷ 2",
        "{p} × {annual} ÷ {year} × ({n} + 1) ÷ 2",
        p=Money(principal),
        annual=Rate(annual),
        year=MONTHS_PER_YEAR,
        n=months,
    )
    return first, interest, (how, total)


@calculator("first-home")
def first_home(sheet: Sheet) -> Outcome:
    """Measure 33, 认房不认贷: first-home credit terms for a household without a local home.

    "居民家庭（包括借款人、配偶及未成年子女）申请贷款购买商品住房时，家庭成员在当地名下无成套住房的，
    不论是否已利用贷款购买过住房，银行金融机构均按首套住房执行住房信贷政策" — when no member of the
    household (borrower, spouse, minor children) owns a complete home locally, the bank treats
    the purchase as a first home, however many mortgages the household has had. No amount.
    """
    homes: int = sheet.input("local_homes")
    if homes == 0:  # 无成套住房: none at all
        sheet.decide("no_local_home", True, by="local_homes")
        sheet.note(
            msg(
                "按首套住房执行住房信贷政策，不论家庭此前是否已利用贷款购买过住房",
                "first-home credit terms apply, whatever mortgages the household has had before",
            )
        )
    else:
        sheet.decide(
            "no_local_home",
            False,
            msg(
                "家庭成员在当地名下有{n}套成套住房",
                "the household owns {n} complete home(s) locally",
                n=homes,
            ),
            by="local_homes",
        )
        sheet.note(
            msg(
                "本条不适用：家庭在当地已有成套住房，不按“认房不认贷”认定为首套",
                "this measure does not apply: the household already owns a complete home locally",
            )
        )
    return sheet.unpublished()


@calculator("home-swap-refund")
def home_swap_refund(sheet: Sheet) -> Outcome:
    """Measure 34: refund of the income tax paid on selling a home, when another is bought.

    "在烟出售自有住房并在现住房出售后1年内重新在烟购买住房的纳税人,符合规定的在2025年12月31日前
    可申请退还出售现住房已缴纳的个人所得税" — a taxpayer who sells their home in Yantai and buys
    another there within one year of the sale may apply, by 31 December 2025, for a refund of
    the income tax paid on the sale.

    The one year is counted by calendar and includes its last day. How much is refunded comes
    from the national rule the measure applies (an assumption the estimate lists): all the tax
    when the new home costs at least the sale price, else the tax × new price ÷ sale price.
    """
    sale: Decimal = sheet.input("sale_price")
    purchase: Decimal = sheet.input("purchase_price")
    tax: Decimal = sheet.input("tax_paid")
    sold_on: date = sheet.input("sale_date")
    bought_on: date = sheet.input("purchase_date")
    if tax > sale:
        raise InputError(
            "calc.tax_above_price", tax=values.format_yuan(tax), price=values.format_yuan(sale)
        )

    years = sheet.count("swap_window_years")
    last_day = primitives.add_years(sold_on, years)
    if bought_on < sold_on:
        sheet.decide(
            "bought_within_year",
            False,
            msg(
                "购房日{bought}早于售房日{sold}：须在出售现住房后重新购买",
                "the purchase on {bought} came before the sale on {sold}: the new home must be bought after the sale",
                bought=bought_on,
                sold=sold_on,
            ),
            by="purchase_date",
        )
    elif _day_meets(sheet, bought_on, "swap_window_years", last_day):
        sheet.decide("bought_within_year", True, by="purchase_date")
    else:
        sheet.decide(
            "bought_within_year",
            False,
            msg(
                "购房日{bought}晚于售房后{years}年期限的最后一日{last}",
                "the purchase on {bought} is after {last}, the last day of the {years} year(s) after the sale",
                bought=bought_on,
                last=last_day,
                years=years,
            ),
            by="purchase_date",
        )
    sheet.note(
        msg(
            "可重新购房的最后一日：{last}（售房日{sold}起{years}年）",
            "last day to buy the new home: {last} (the sale on {sold} plus {years} calendar year(s))",
            last=last_day,
            sold=sold_on,
            years=years,
        )
    )

    full = sheet.rate("refund_share_cap")
    if purchase >= sale:
        refund = sheet.line(
            msg(
                "新购住房价格不低于出售价格：全额退还",
                "the new home costs at least the sale price: the whole tax is refunded",
            ),
            msg("{tax} × {full}", "{tax} × {full}", tax=Money(tax), full=Rate(full)),
            primitives.share(tax, full),
        )
    else:
        refund = sheet.line(
            msg(
                "新购住房价格低于出售价格：按比例退还",
                "the new home costs less than the sale price: proportional refund",
            ),
            msg(
                "{tax} × {purchase} ÷ {sale}",
                "{tax} × {purchase} ÷ {sale}",
                tax=Money(tax),
                purchase=Money(purchase),
                sale=Money(sale),
            ),
            tax * purchase / sale,
        )

    apply_by = sheet.day("apply_by")
    if not _day_meets(sheet, sheet.as_of, "apply_by"):
        sheet.warn(
            msg(
                "已过申请期限：文件规定在{apply_by}前申请退税，估算日{day}已过"
                "（全国规定如有延期，请用 --set apply_by=… 或规则目录给出）",
                "deadline passed: the refund had to be applied for by {apply_by}; {day} is after it"
                " (if the national rule was extended, give the new date with --set apply_by=… or a rules dir)",
                apply_by=apply_by,
                day=sheet.as_of,
            )
        )
    if not _day_meets(sheet, bought_on, "apply_by"):
        # 在2025年12月31日前可申请退还 is a condition: no application can precede the purchase
        sheet.decide(
            "applied_in_time",
            False,
            msg(
                "购房日{bought}在申请截止日{apply_by}之后：已不能按本条申请退税",
                "the purchase on {bought} is after {apply_by}, the last day to apply under this measure",
                bought=bought_on,
                apply_by=apply_by,
            ),
            by="purchase_date",
        )
    national_from = sheet.day("national_from")
    if sold_on < national_from:
        sheet.warn(
            msg(
                "售房日{sold}早于全国换购住房退税政策的起始日{start}（假设）：可能不在政策范围内，请向税务机关核实",
                "the sale on {sold} is before {start}, when the national refund rule starts (assumed):"
                " it may fall outside it; check with the tax office",
                sold=sold_on,
                start=national_from,
            )
        )
    return sheet.exact(refund)


@calculator("hpf-rent")
def hpf_rent(sheet: Sheet) -> Outcome:
    """Measure 35: renters may withdraw their monthly provident fund deposit.

    "新市民、青年人连续足额缴存住房公积金满3个月,本人及配偶在缴存城市无自有住房且租赁住房的,
    可按照上月本人住房公积金月缴存额度提取住房公积金" — a new resident or young person who has
    paid in full for at least three consecutive months, owns no home in the city (nor does the
    spouse) and rents, may withdraw each month last month's own deposit. The total is that
    amount times the months asked for.
    """
    deposit: Decimal = sheet.input("monthly_deposit")
    paid_months: int = sheet.input("months_deposited")
    months: int = sheet.input("months")
    if sheet.meets(paid_months, "min_months"):
        sheet.decide("deposited_three_months", True, by="months_deposited")
    else:
        sheet.decide(
            "deposited_three_months",
            False,
            msg(
                "连续足额缴存{n}个月，未满{min}个月",
                "{n} consecutive month(s) paid in full, fewer than the {min} required",
                n=paid_months,
                min=sheet.count("min_months"),
            ),
            by="months_deposited",
        )
    per_month = sheet.line(
        msg("每月可提取额（上月本人月缴存额）", "withdrawal each month (last month's own deposit)"),
        msg("{deposit}", "{deposit}", deposit=Money(deposit)),
        deposit,
    )
    total = sheet.line(
        msg("{months}个月合计", "over {months} month(s)", months=months),
        msg("{per} × {months}", "{per} × {months}", per=Money(per_month), months=months),
        primitives.per_unit(months, per_month),
    )
    if months > 1:
        sheet.assume(
            msg(
                "各月的上月缴存额均为{deposit}（缴存额变化时，每月可提取额随之变化）",
                "last month's deposit is {deposit} in every month (if the deposit changes, so does the withdrawal)",
                deposit=Money(deposit),
            )
        )
    return sheet.exact(total)


@calculator("tour-guide")
def tour_guide(sheet: Sheet) -> Outcome:
    """Measure 36: a one-off award for each newly selected national gold-medal tour guide.

    "依据《加快文旅融合突破发展三年行动方案(2023—2025年)》，对新入选的国家金牌导游给予一次性奖励
    1万元" — 1万 once for each guide newly selected, under the city's 2023–2025 action plan.
    """
    guides: int = sheet.input("guides")
    award = sheet.money("award")
    total = sheet.line(
        msg("一次性奖励", "one-off award"),
        msg(
            "{guides} 人 × {award}",
            "{guides} guide(s) × {award}",
            guides=guides,
            award=Money(award),
        ),
        primitives.per_unit(guides, award),
    )
    last_year = sheet.count("plan_last_year")
    if sheet.as_of.year > last_year:
        sheet.warn(
            msg(
                "奖励依据的三年行动方案截至{year}年；请核实{day}是否仍有此项奖励",
                "the award rests on an action plan that ran until {year}: check that it is still paid on {day}",
                year=str(last_year),
                day=sheet.as_of,
            )
        )
    return sheet.exact(total)


@calculator("travel-deposit")
def travel_deposit(sheet: Sheet) -> Outcome:
    """Measure 37: travel agencies may top up their quality deposit as late as 31 March 2024.

    "享受暂退或暂缓交纳保证金政策的旅行社,补足保证金期限延至2024年3月31日。2023年4月1日（含当日）
    以后取得旅行社业务经营许可证的旅行社，可申请暂缓交纳保证金，补足保证金期限为2024年3月31日" —
    an agency on the refund or deferral policy, or licensed on or after 1 April 2023, has until
    31 March 2024 to top up its deposit. It is a deadline, not an amount.
    """
    top_up_by = sheet.day("top_up_by")
    sheet.note(
        msg("补足保证金的期限：{day}", "deadline to top up the deposit: {day}", day=top_up_by)
    )
    if sheet.given("licensed_on"):
        licensed: date = sheet.input("licensed_on")
        licensed_from = sheet.day("licensed_from")
        if not _day_meets(sheet, licensed, "licensed_from"):
            sheet.note(
                msg(
                    "{licensed}取得许可证，早于{start}：仅在已享受暂退或暂缓交纳保证金政策时适用，"
                    "请用 --confirm 或 --deny covered_agency 说明",
                    "licensed on {licensed}, before {start}: covered only if already on the refund or"
                    " deferral policy; say so with --confirm or --deny covered_agency",
                    licensed=licensed,
                    start=licensed_from,
                )
            )
        elif licensed > top_up_by:  # the deadline includes its day (interpretation of top_up_by)
            sheet.decide(
                "covered_agency",
                False,
                msg(
                    "{licensed}才取得许可证，已在补足期限{deadline}之后，无可暂缓的期间",
                    "licensed on {licensed}, after the top-up deadline {deadline}: there is nothing left to defer",
                    licensed=licensed,
                    deadline=top_up_by,
                ),
                by="licensed_on",
            )
        else:
            sheet.decide("covered_agency", True, by="licensed_on")
    if sheet.as_of > top_up_by:
        sheet.warn(
            msg(
                "已过期限：补足保证金的期限为{deadline}，估算日{day}已过",
                "deadline passed: the deposit had to be topped up by {deadline}; {day} is after it",
                deadline=top_up_by,
                day=sheet.as_of,
            )
        )
    return sheet.unpublished()


def _day_meets(sheet: Sheet, day: date, name: str, bound: date | None = None) -> bool:
    """Is ``day`` on the side of ``bound`` that the boundary word of parameter ``name`` allows?

    ``bound`` is the parameter's own date unless given (a window counted from an input date,
    as "出售后1年内"). 以后 means on or after; 前 and 内 mean on or before (the day itself counts).
    """
    param = sheet.param(name)
    limit: date = param.value if bound is None else bound
    if param.direction == "min":
        return day >= limit if param.includes_bound else day > limit
    if param.direction == "max":
        return day <= limit if param.includes_bound else day < limit
    raise TypeError(f"parameter {name} of {sheet.benefit.id} has no boundary word")
