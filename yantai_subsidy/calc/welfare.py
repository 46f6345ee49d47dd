"""Chapter 10 of the document, 强化民生保障: livelihoods and welfare."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy.errors import UsageError
from yantai_subsidy.result import Money, Msg, Rate, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet

#: The hospital levels of measure 60, as the options name them.
LEVELS: dict[str, Msg] = {
    "level1": msg("一级及以下", "level 1 and below"),
    "level2": msg("二级", "level 2"),
    "level3": msg("三级", "level 3"),
}
SCHEMES: dict[str, Msg] = {"old": msg("旧办法", "old scheme"), "new": msg("新办法", "new scheme")}
# What outpatient writes the same on every row, made once: its parameters' names and the labels
# that show no figure (outpatient is the costliest benefit of a mixed batch, up to 11 lines a row).
_LEVEL_PARAMS = {
    (scheme, level): (f"{scheme}_deductible_{level}", f"{scheme}_ratio_{level}")
    for level in LEVELS
    for scheme in SCHEMES
}
_BONUS_PARAM = {"old": "old_retiree_bonus", "new": "retiree_bonus"}
_CAP_LABELS = {
    (scheme, retired): msg(
        "{scheme}{label}",
        "{scheme}: {label}",
        scheme=SCHEMES[scheme],
        label=msg("年度最高支付限额", "yearly cap")
        if scheme == "old"
        else msg("退休人员年度最高支付限额", "yearly cap, retired")
        if retired
        else msg("在职职工年度最高支付限额", "yearly cap, in service"),
    )
    for scheme in SCHEMES
    for retired in (False, True)
}
_PAID_LABELS = {
    scheme: msg("{scheme}报销额", "{scheme}: reimbursement", scheme=SCHEMES[scheme])
    for scheme in SCHEMES
}


@calculator("outpatient")
def outpatient(sheet: Sheet) -> Outcome:
    """Measure 60, 职工医保普通门诊: the year's reimbursement, new scheme beside the old.

    "将参保职工在一级及以下、二级、三级定点医疗机构普通门诊医疗费用的起付标准由500元、800元、800元
    降低至200元、400元、600元。将在职职工报销比例由75%、65%、55%提高至80%、70%、60%,退休人员在
    上述基础上再提高5个百分点。将在职职工、退休人员年度医保最高支付限额由2300元分别提高至5000元、
    6000元。" — at each hospital level the part of the year's expenses above that level's
    deductible is reimbursed at that level's ratio (retirees: 5 points more); the sum is capped
    by the yearly limit (new: higher for retirees). Both schemes are computed; the amount is
    the new one, and the gain over the old is its own line.
    """
    given = [level for level in LEVELS if sheet.given(level)]
    if not given:
        raise UsageError("calc.outpatient_needs_one")
    retired: bool = sheet.input("retired")
    lines: dict[str, list[Decimal]] = {"old": [], "new": []}
    for level in given:
        expense: Decimal = sheet.input(level)
        for scheme in ("old", "new"):
            deductible_param, ratio_param = _LEVEL_PARAMS[scheme, level]
            deductible = sheet.money(deductible_param)
            base_ratio = sheet.rate(ratio_param)
            bonus = sheet.rate(_BONUS_PARAM[scheme]) if retired else primitives.ZERO
            ratio = base_ratio + bonus
            ratio_text = (
                msg("({r} + {b})", "({r} + {b})", r=Rate(base_ratio), b=Rate(bonus))
                if retired
                else msg("{r}", "{r}", r=Rate(base_ratio))
            )
            over = expense - deductible
            if len(given) > 1:  # one deductible per level or one for the year: same for one level
                sheet.reading("deductible_per_level")
            lines[scheme].append(
                sheet.line(
                    msg(
                        "{level} · {scheme}：起付{deductible}，比例{ratio}",
                        "{level} · {scheme}: deductible {deductible}, ratio {ratio}",
                        level=LEVELS[level],
                        scheme=SCHEMES[scheme],
                        deductible=Money(deductible),
                        ratio=Rate(ratio),
                    ),
                    msg(
                        "{max}{expense} − {deductible}{close} × {ratio}",
                        "{max}{expense} − {deductible}{close} × {ratio}",
                        max="(" if over >= 0 else "max(0, ",
                        close=")",
                        expense=Money(expense),
                        deductible=Money(deductible),
                        ratio=ratio_text,
                    ),
                    max(primitives.ZERO, over) * ratio,
                )
            )
    sums = {scheme: sheet.sum(found) for scheme, found in lines.items()}
    caps = {"old": "old_cap", "new": "new_cap_retired" if retired else "new_cap_in_service"}
    paid = {}
    for scheme in ("old", "new"):
        cap = sheet.money(caps[scheme])
        paid[scheme] = sheet.cap(
            sums[scheme], cap, _CAP_LABELS[scheme, retired], msg("{cap}", "{cap}", cap=Money(cap))
        )
    for scheme in ("old", "new"):
        sheet.line(
            _PAID_LABELS[scheme],
            msg(
                "min({total}, {cap})",
                "min({total}, {cap})",
                total=Money(sums[scheme]),
                cap=Money(sheet.money(caps[scheme])),
            ),
            paid[scheme],
        )
    sheet.line(
        msg("新办法比旧办法多报销", "gain under the new scheme"),
        msg("{new} − {old}", "{new} − {old}", new=Money(paid["new"]), old=Money(paid["old"])),
        paid["new"] - paid["old"],
    )
    return sheet.exact(paid["new"])


@calculator("childcare")
def childcare(sheet: Sheet) -> Outcome:
    """Measure 61, 普惠托育保育费补助: a monthly subsidy per second and third child, to the institution.

    "对托育服务机构按照当地政府普惠指导价招收3岁以下婴幼儿的,依据实际收托数,对二孩、三孩保育费
    分档补助每人每月300元、400元。" — an institution charging the affordable guide price for
    children aged three or under receives, for each second child enrolled, 300 yuan a month, and for
    each third child 400 yuan a month, by the children actually enrolled.
    """
    if not (sheet.given("second") or sheet.given("third")):
        raise UsageError("calc.childcare_needs_child")
    months: int = sheet.input("months")
    per_month = primitives.ZERO
    for name, param, who in (
        ("second", "second_monthly", msg("二孩", "second children")),
        ("third", "third_monthly", msg("三孩", "third children")),
    ):
        if not sheet.given(name):
            continue
        children: int = sheet.input(name)
        per_month += sheet.line(
            msg(
                "{who}每人每月{each}",
                "{who}: {each} each a month",
                who=who,
                each=sheet.param(param).as_written(),
            ),
            msg(
                "{n}人 × {each}",
                "{n} × {each}",
                n=children,
                each=Money(sheet.money(param)),
            ),
            primitives.per_unit(children, sheet.money(param)),
        )
    total = sheet.line(
        msg(
            "补助合计（{months}个月），付给托育机构",
            "subsidy over {months} month(s), paid to the institution",
            months=months,
        ),
        msg(
            "{per_month} × {months}",
            "{per_month} × {months}",
            per_month=Money(per_month),
            months=months,
        ),
        per_month * months,
    )
    return sheet.exact(total)


@calculator("childcare-demo")
def childcare_demo(sheet: Sheet) -> Outcome:
    """Measure 61, 市级示范性托育机构: a one-off award to each selected institution.

    "每年从备案机构中评选10家市级示范性托育机构,每家给予5万元一次性奖励。" — an institution
    selected as a municipal model receives the fixed award once.
    """
    award = sheet.line(
        msg("市级示范性托育机构一次性奖励", "one-off award to a model institution"),
        msg("{award}", "{award}", award=sheet.arg("award")),
        sheet.money("award"),
    )
    return sheet.exact(award)
