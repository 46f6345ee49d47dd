"""Chapter 5 of the document, 持续恢复和扩大消费: consumption, housing and tourism."""

from __future__ import annotations

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
            f"--new-rate: {values.format_rate(new)} is above --current-rate"
            f" {values.format_rate(current)}: the measure lowers the rate, there is no interest to save"
        )
    method = msg("等额本金", "equal principal") if linear else msg("等额本息", "equal payments")
    schedule = _linear if linear else _annuity
    old_first, old_interest, old_how = schedule(principal, current, months)
    new_first, new_interest, new_how = schedule(principal, new, months)

    sheet.line(
        msg(
            "首月月供（现利率{rate}，{method}）",
            "first monthly payment at the current rate {rate} ({method})",
            rate=Rate(current),
            method=method,
        ),
        old_how[0],
        old_first,
    )
    sheet.line(
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
    sheet.line(
        msg(
            "剩余{months}期利息合计（现利率）",
            "interest over the remaining {months} months at the current rate",
            months=months,
        ),
        old_how[1],
        old_interest,
    )
    sheet.line(
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
    sheet.assume(
        msg(
            "两种利率在剩余期限内均保持不变（实际贷款按LPR定期重定价）",
            "both rates are held for the whole remaining term (a real loan reprices with the LPR)",
        )
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
    total = msg(
        "{payment} × {n} − {p}",
        "{payment} × {n} − {p}",
        payment=Money(payment),
        n=months,
        p=Money(principal),
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
