"""Chapter 2 of the document, 推进新型工业化: new industrialisation."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy.errors import UsageError, listing
from yantai_subsidy.result import Money, Msg, Rate, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet


@calculator("techreno")
def techreno(sheet: Sheet) -> Outcome:
    """Measure 8, 技改贷: banded interest subsidy on the project loan, plus a guarantee subsidy.

    "对总投资200万元（含）以上、5000万元以下，由市级政府性融资担保机构担保支持的工业技改项目，
    市财政对项目贷款金额分档贴息，按超额累进比例计算，单个项目每年最高100万元，期限不超过3年。
    对市级政府性融资担保机构提供担保且担保费率不超过1%的，市财政对担保贷款额进行补助。"

    Each year's interest subsidy is the loan run through the progressive bands (each
    band's rate on the part of the loan inside it), capped per year; the total covers
    the years asked for, at most the document's limit. The guarantee subsidy is added
    when the fee rate is given and within its ceiling.
    """
    loan: Decimal = sheet.input("loan")
    if sheet.given("investment"):
        sheet.check(
            "investment_band",
            sheet.input("investment"),
            "min_investment",
            "max_investment",
            what=msg("项目总投资", "total investment"),
            by="investment",
        )

    years: int = sheet.input("years")
    max_years = sheet.count("max_years")
    if years > max_years:
        sheet.note(
            msg(
                "贴息期限不超过{max}年：按{max}年计算（要求{asked}年）",
                "subsidy period capped at {max} years ({asked} asked for)",
                max=max_years,
                asked=years,
            )
        )
        years = max_years

    bands = sheet.bands("bands")
    lpr = sheet.lpr_1y() if any(band.of for band in bands) else None
    per_year = primitives.ZERO
    for part in primitives.progressive(loan, bands, lpr):
        rate_text: Msg = (
            msg(
                "{share} × LPR {lpr}",
                "{share} × LPR {lpr}",
                share=Rate(part.band.rate),
                lpr=Rate(lpr),
            )
            if part.band.of and lpr is not None
            else msg("{rate}", "{rate}", rate=Rate(part.rate))
        )
        per_year += sheet.line(
            _band_label(part, whole=len(bands) == 1),
            msg(
                "{portion} × {rate}",
                "{portion} × {rate}",
                portion=Money(part.portion),
                rate=rate_text,
            ),
            part.value,
        )
    per_year = sheet.cap(
        per_year,
        sheet.money("yearly_cap"),
        msg("单个项目每年贴息上限", "yearly cap per project"),
    )
    if years > 1:
        sheet.assume(
            msg(
                "各年均按全部贷款额贴息（假定贷款余额在贴息期内不变）",
                "the whole loan is taken as outstanding in every subsidised year",
            )
        )
    total = sheet.line(
        msg("贴息合计（{years}年）", "interest subsidy over {years} year(s)", years=years),
        msg("{per_year} × {years}", "{per_year} × {years}", per_year=Money(per_year), years=years),
        per_year * years,
    )

    if sheet.given("guarantee_fee_rate"):
        fee: Decimal = sheet.input("guarantee_fee_rate")
        if sheet.meets(fee, "max_guarantee_fee_rate"):
            rate = sheet.rate("guarantee_subsidy_rate")
            # the analogue pays *up to* 0.5% (不超过): the guarantee part is a ceiling, so the
            # estimate is a range from the interest subsidy up to both together
            guarantee = sheet.line(
                msg(
                    "担保补助（最高{rate}/年，假设）",
                    "guarantee subsidy (up to {rate} a year, assumed)",
                    rate=Rate(rate),
                ),
                msg(
                    "{loan} × {rate} × {years}",
                    "{loan} × {rate} × {years}",
                    loan=Money(loan),
                    rate=Rate(rate),
                    years=years,
                ),
                primitives.share(loan, rate) * years,
            )
            if not guarantee:
                return sheet.exact(total)
            both = sheet.line(
                msg(
                    "贴息与担保补助合计（最高）", "interest and guarantee subsidy together, at most"
                ),
                msg(
                    "{interest} + {guarantee}",
                    "{interest} + {guarantee}",
                    interest=Money(total),
                    guarantee=Money(guarantee),
                ),
                total + guarantee,
            )
            return sheet.range(total, both)
        sheet.note(
            msg(
                "无担保补助：担保费率{fee}超过{max}",
                "no guarantee subsidy: the fee rate {fee} is above {max}",
                fee=Rate(fee),
                max=sheet.arg("max_guarantee_fee_rate"),
            )
        )
    return sheet.exact(total)


def _band_label(part: primitives.BandSlice, whole: bool) -> Msg:
    if whole:
        return msg("年贴息（全部贷款额）", "yearly interest subsidy on the whole loan")
    if part.end is None:
        return msg(
            "贷款额 {start} 以上部分的年贴息",
            "yearly interest subsidy on the loan above {start}",
            start=Money(part.start),
        )
    return msg(
        "贷款额 {start}–{end} 部分的年贴息",
        "yearly interest subsidy on the loan from {start} to {end}",
        start=Money(part.start),
        end=Money(part.end),
    )


@calculator("doubling")
def doubling(sheet: Sheet) -> Outcome:
    """Measure 6, 倍增培育企业: an award of up to 500万 or 300万, by type of enterprise.

    "对符合条件的龙头骨干型倍增培育企业、高成长创新型倍增培育企业分别给予最高500万元、300万元奖励"
    A qualifying leading backbone enterprise gets up to 500万, a fast-growing innovative
    one up to 300万 (分别: in the order listed); the document gives only the maximum.
    """
    cap = "leading_cap" if sheet.input("type") == "leading" else "growth_cap"
    award = sheet.line(
        msg(
            "{kind}倍增培育企业奖励（最高）",
            "award for a {kind} (maximum)",
            kind=_choice(sheet, "type"),
        ),
        msg("最高 {cap}", "up to {cap}", cap=sheet.arg(cap)),
        sheet.money(cap),
    )
    return sheet.up_to(award)


@calculator("voucher")
def voucher(sheet: Sheet) -> Outcome:
    """Measure 9, 创新服务券: a share of the services bought, within the voucher's cap.

    "单张服务券最高额度5万元，兑付比例不超过购买服务额度的30%。其中，对国家级专精特新“小巨人”、
    单项冠军等优质企业以及开展DCMM（数据管理能力成熟度）认证服务的企业，单张服务券额度可上浮至
    10万元；对开展数字化转型评测诊断试点的企业补贴比例可提高至100%，单张服务券额度最高10万元。"
    One voucher pays at most 30% of the purchase and at most 5万; elite enterprises and DCMM
    certification keep the 30% but may reach 10万; an assessment pilot may be paid up to 100%
    of the purchase, at most 10万. Every figure is a ceiling, so the estimate is *up to*.
    """
    cost: Decimal = sheet.input("cost")
    category = sheet.input("category")
    if category == "diagnosis":
        rate_name, cap_name = "diagnosis_rate", "diagnosis_cap"
    elif category in ("elite", "dcmm"):
        rate_name, cap_name = "voucher_rate", "upgraded_cap"
    else:
        rate_name, cap_name = "voucher_rate", "voucher_cap"
    share = sheet.line(
        msg(
            "兑付比例：购买服务额的{rate}（最高）",
            "up to {rate} of the services bought",
            rate=sheet.arg(rate_name),
        ),
        msg(
            "{cost} × {rate}",
            "{cost} × {rate}",
            cost=Money(cost),
            rate=sheet.arg(rate_name),
        ),
        primitives.share(cost, sheet.rate(rate_name)),
    )
    paid = sheet.cap(
        share,
        sheet.money(cap_name),
        msg(
            "单张服务券额度上限{cap}（{category}）",
            "cap per voucher, {cap} ({category})",
            cap=sheet.param(cap_name).as_written(),
            category=_choice(sheet, "category"),
        ),
    )
    return sheet.up_to(paid)


#: The six taxes and two fees of measure 12, as the options name them.
SMALL_TAXES = (
    "resource_tax",
    "city_maintenance_tax",
    "property_tax",
    "land_use_tax",
    "stamp_duty",
    "farmland_tax",
    "education_surcharge",
    "local_education_surcharge",
)


@calculator("small-taxes")
def small_taxes(sheet: Sheet) -> Outcome:
    """Measure 12, 六税两费减半: half of each of the six taxes and two fees due.

    "对增值税小规模纳税人、小型微利企业和个体工商户减半征收资源税(不含水资源税)、城市维护建设税、
    房产税、城镇土地使用税、印花税(不含证券交易印花税)、耕地占用税和教育费附加、地方教育附加。"
    A small-scale VAT taxpayer, small low-profit enterprise or individual business pays half
    of each of these; the relief is half of each amount due. Water resource tax and the
    securities transaction stamp duty are not halved. The halving is the national rule of
    2023–2027, which the measure applies.
    """
    given = [name for name in SMALL_TAXES if sheet.given(name)]
    if not given:
        options = listing("--" + name.replace("_", "-") for name in SMALL_TAXES)
        raise UsageError("calc.small_taxes_needs_one", options=options)
    rate = sheet.rate("relief_rate")
    relief = primitives.ZERO
    for name in given:
        due: Decimal = sheet.input(name)
        spec = sheet.benefit.input(name)
        assert spec is not None
        relief += sheet.line(
            msg(
                "{tax}：减半",
                "{tax}: halved",
                tax=Msg(spec.label.zh, spec.label.en),
            ),
            msg("{due} × {rate}", "{due} × {rate}", due=Money(due), rate=Rate(rate)),
            primitives.share(due, rate),
        )
    if "resource_tax" in given or "stamp_duty" in given:
        sheet.note(
            msg(
                "水资源税、证券交易印花税不减半：所填金额应不含二者",
                "water resource tax and securities transaction stamp duty are not halved:"
                " the amounts given should leave them out",
            )
        )
    start, until = sheet.day("national_from"), sheet.day("national_until")
    if not start <= sheet.as_of <= until:
        sheet.warn(
            msg(
                "{day}不在国家减半政策执行期（{start}至{until}）内：请核实是否仍有减半",
                "{day} is outside the national halving's term ({start} to {until}):"
                " check whether the halving still applies",
                day=sheet.as_of,
                start=start,
                until=until,
            )
        )
    return sheet.exact(relief)


@calculator("green-cit")
def green_cit(sheet: Sheet) -> Outcome:
    """Measure 12, 污染防治第三方企业: corporate income tax at 15% instead of the standard rate.

    "对符合条件的从事污染防治的第三方企业减按15%的税率征收企业所得税。"
    The saving is the taxable income times the difference between the standard rate
    (25%, from the Corporate Income Tax Law: an assumption, the document does not state it)
    and the reduced 15%.
    """
    income: Decimal = sheet.input("taxable_income")
    sheet.share(
        msg(
            "按法定税率{rate}的企业所得税",
            "tax at the standard {rate}",
            rate=sheet.arg("standard_rate"),
        ),
        income,
        "standard_rate",
    )
    sheet.share(
        msg("减按{rate}的企业所得税", "tax at the reduced {rate}", rate=sheet.arg("reduced_rate")),
        income,
        "reduced_rate",
    )
    # From the income and the two rates, not from the two taxes as shown (each rounded to the
    # fen): the saving is rounded once, and grows with the income fen by fen.
    saving = sheet.line(
        msg("节税额", "tax saved"),
        msg(
            "{income} × ({standard} − {reduced})",
            "{income} × ({standard} − {reduced})",
            income=Money(income),
            standard=sheet.arg("standard_rate"),
            reduced=sheet.arg("reduced_rate"),
        ),
        max(primitives.ZERO, income * (sheet.rate("standard_rate") - sheet.rate("reduced_rate"))),
    )
    if sheet.as_of > sheet.day("national_until"):
        sheet.warn(
            msg(
                "{day}已过国家优惠据信的截止日{until}：请核实是否仍然有效",
                "{day} is past {until}, when the national preference is believed to end:"
                " check that it still applies",
                day=sheet.as_of,
                until=sheet.day("national_until"),
            )
        )
    return sheet.exact(saving)


@calculator("union-fee")
def union_fee(sheet: Sheet) -> Outcome:
    """Measure 12, 工会经费返还: a small contributor gets back all the union fees it paid.

    "全年足额上缴工会经费低于1万元的小额缴费工会组织，享受工会经费全额返还支持政策。"
    A union organisation that paid the year's fees in full, and paid less than 1万
    (exactly 1万 is not less), is refunded the whole amount it paid.
    """
    paid: Decimal = sheet.input("paid")
    sheet.check(
        "small_payer",
        paid,
        "small_fee_limit",
        what=msg("全年上缴工会经费", "union fees paid for the year"),
        by="paid",
    )
    refund = sheet.line(
        msg("工会经费全额返还", "union fees refunded in full"),
        msg("全额：{paid}", "all of {paid}", paid=Money(paid)),
        paid,
    )
    return sheet.exact(refund)


@calculator("ic-sales")
def ic_sales(sheet: Sheet) -> Outcome:
    """Measure 13, 集成电路关键材料/专用设备: 10% of the year's sales, one-off, at most 500万.

    "对自主研发生产的集成电路关键材料或专用设备，争取省财政按照年度销售额的10%一次性给予单户企业
    最高500万元奖补。" For IC key materials or special equipment it develops and makes itself,
    an enterprise receives 10% of the year's sales once, never more than 500万; the money is
    provincial, which the city only helps to obtain (争取).
    """
    sales: Decimal = sheet.input("sales")
    share = sheet.share(
        msg("年度销售额的{rate}", "{rate} of the year's sales", rate=sheet.arg("award_rate")),
        sales,
        "award_rate",
    )
    award = sheet.cap(
        share, sheet.money("enterprise_cap"), msg("单户企业上限", "cap per enterprise")
    )
    return sheet.exact(award)


@calculator("ic-rd")
def ic_rd(sheet: Sheet) -> Outcome:
    """Measure 13, 集成电路研发投入后补助: 10% of the R&D investment, from provincial funds.

    "对于符合国家产业政策的集成电路领域科技型企业，争取省财政给予10%的研发投入后补助。"
    An IC tech enterprise that fits national industrial policy receives 10% of its R&D
    investment after the fact; the document gives no cap, and the money is provincial,
    which the city only helps to obtain (争取).
    """
    rd: Decimal = sheet.input("rd")
    subsidy = sheet.share(
        msg(
            "研发投入的{rate}（后补助）",
            "{rate} of the R&D investment (post-subsidy)",
            rate=sheet.arg("rd_rate"),
        ),
        rd,
        "rd_rate",
    )
    return sheet.exact(subsidy)


def _choice(sheet: Sheet, name: str) -> Msg:
    """The label of the choice given for input ``name`` (龙头骨干型 / leading backbone enterprise)."""
    spec = sheet.benefit.input(name)
    assert spec is not None
    assert spec.choices is not None
    value = sheet.input(name)
    for choice in spec.choices:
        if choice.value == value:
            return Msg(choice.label.zh, choice.label.en)
    return Msg(str(value), str(value))
