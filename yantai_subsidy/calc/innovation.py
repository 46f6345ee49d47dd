"""Chapter 7 of the document, 提升科技创新能力: science and technology innovation."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy.result import Money, Rate, msg

from . import calculator, primitives
from .sheet import Outcome, Sheet


@calculator("techloan")
def techloan(sheet: Sheet) -> Outcome:
    """Measure 48, 科信贷: up to a share of the filed principal, within a lifetime cap.

    "对纳入“科信贷”备案并按时还本付息的科技企业，最高给予备案贷款本金1.5%的信贷补贴，
    单户企业累计不超过10万元" — the share is a maximum (最高), so the estimate is
    *up to* the smaller of the share and what is left of the enterprise's lifetime cap.
    """
    principal: Decimal = sheet.input("amount")
    received: Decimal = sheet.input("received")
    share = sheet.share(
        msg(
            "备案贷款本金的{rate}（最高）",
            "up to {rate} of the filed principal",
            rate=sheet.arg("subsidy_rate"),
        ),
        principal,
        "subsidy_rate",
    )
    lifetime_cap = sheet.money("lifetime_cap")
    remaining = max(primitives.ZERO, lifetime_cap - received)
    over = received > lifetime_cap
    if over:
        sheet.warn(
            msg(
                "已获补贴{received}已超过单户企业累计上限{cap}：不能再获补贴，请核对 --received",
                "the subsidies received, {received}, are more than the lifetime cap of {cap}:"
                " nothing is left to receive; check --received",
                received=Money(received),
                cap=Money(lifetime_cap),
            )
        )
    subsidy = sheet.cap(
        share,
        remaining,
        msg(
            "单户企业累计上限（扣除已获补贴）",
            "lifetime cap per enterprise, less subsidies received",
        ),
        msg(
            "max(0, {cap} − 已获 {received})" if over else "{cap} − 已获 {received}",
            "max(0, {cap} − {received} received)" if over else "{cap} − {received} received",
            cap=Money(lifetime_cap),
            received=Money(received),
        ),
    )
    return sheet.up_to(subsidy)


_PROJECT_KINDS = {
    "innovation": msg("重大科技创新工程项目", "major innovation project"),
    "demonstration": msg("示范工程项目", "demonstration project"),
}


@calculator("sci-project")
def sci_project(sheet: Sheet) -> Outcome:
    """Measure 45, 重大科技创新工程: up to a cap per project and year, for up to three years.

    "对单项重大科技创新工程项目最高支持500万元，单项示范工程项目最高支持1000万元；对研发周期长、
    研发投入大和事关产业核心竞争力的重大科技项目，可连续三年给予支持。" — a major innovation
    project receives at most one cap, a demonstration project at most the other, in each year
    of support; support in more than one year (at most three in a row) is only for long-cycle,
    high-spending projects that matter to an industry's competitiveness (condition long_cycle).
    The estimate is *up to* the cap times the years.
    """
    kind: str = sheet.input("type")
    cap_name = "innovation_cap" if kind == "innovation" else "demonstration_cap"
    years: int = sheet.input("years")
    max_years = sheet.count("max_years")
    if years > max_years:
        sheet.note(
            msg(
                "最多可连续支持{max}年：按{max}年计算（要求{asked}年）",
                "support for at most {max} consecutive years: {max} counted ({asked} asked for)",
                max=max_years,
                asked=years,
            )
        )
        years = max_years
    if years == 1:
        sheet.decide(
            "long_cycle",
            True,
            msg("只计一年支持，不需要此条件", "not needed for one year of support"),
            by="years",
        )
    cap = sheet.money(cap_name)
    per_year = sheet.line(
        msg(
            "单项{kind}每年最高支持",
            "yearly cap for a single {kind}",
            kind=_PROJECT_KINDS[kind],
        ),
        msg("{cap}", "{cap}", cap=sheet.arg(cap_name)),
        cap,
    )
    if years > 1 and sheet.asserted("long_cycle") is False:
        # long_cycle gates the years after the first, not the first (partial: true in the rule)
        sheet.note(
            msg(
                "不属于研发周期长、投入大的重大项目（long_cycle 不满足）："
                "只计第一年，以后各年的连续支持不计（要求{asked}年）",
                "not a long-cycle project (long_cycle unmet): only the first year counts; the"
                " consecutive years after it are not counted ({asked} asked for)",
                asked=years,
            )
        )
        years = 1
    if years > 1:
        sheet.reading("cap_per_year")
    total = sheet.line(
        msg("支持合计（{years}年）", "support over {years} year(s)", years=years),
        msg("{cap} × {years}", "{cap} × {years}", cap=Money(per_year), years=years),
        per_year * years,
    )
    return sheet.up_to(total)


@calculator("rd-growth")
def rd_growth(sheet: Sheet) -> Outcome:
    """Measure 46, 研发投入递增奖励: up to a yearly cap when R&D spending grows enough.

    "对建有研发准备金制度的规模以上工业企业、高新技术企业和科技型中小企业，年度研发费用增长
    20万元（含）以上且增幅不低于一定比例的，每年给予最高100万元补助。" — the growth over last
    year must reach 20万 (含: the amount itself is enough), and the growth rate must not be
    below a ratio the document does not give: that condition is decided only when the user
    gives the ratio (--growth-threshold; 不低于 includes it), else it stays unconfirmed.
    The estimate is *up to* the yearly cap.
    """
    rd: Decimal = sheet.input("rd")
    last: Decimal = sheet.input("rd_last_year")
    what = msg("研发费用增长额", "growth of R&D spending")
    growth = sheet.line(
        what,
        msg("{rd} − {last}", "{rd} − {last}", rd=Money(rd), last=Money(last)),
        rd - last,
    )
    sheet.check("growth_amount", growth, "min_growth", what=what, by="rd")
    if last > 0:
        rate = growth / last
        shown = round(rate, 4)  # for display only (≈ 12.35%); the test below is exact
        sheet.note(
            msg("增幅", "growth rate"),
            msg(
                "{growth} ÷ {last} {eq} {rate}",
                "{growth} ÷ {last} {eq} {rate}",
                growth=Money(growth),
                last=Money(last),
                eq="=" if shown == rate else "≈",
                rate=Rate(shown),
            ),
        )
        if sheet.given("growth_threshold"):
            threshold: Decimal = sheet.input("growth_threshold")
            met = growth >= last * threshold  # 不低于: a rate equal to the threshold is enough
            sheet.decide(
                "growth_rate",
                met,
                msg(
                    "增长额{growth}{relation}上年的{threshold}（{needed}）",
                    "the growth {growth} is {relation} {threshold} of last year's ({needed})",
                    growth=Money(growth),
                    relation=msg("不低于", "not below") if met else msg("低于", "below"),
                    threshold=Rate(threshold),
                    needed=Money(last * threshold),
                ),
                by="growth_threshold",
            )
    else:
        sheet.note(
            msg(
                "上年度研发费用为0，增幅无法计算：增幅条件待确认",
                "no R&D spending last year, so no growth rate: the growth-rate condition stays unconfirmed",
            )
        )
    cap = sheet.line(
        msg("每年最高补助", "yearly cap"),
        msg("{cap}", "{cap}", cap=sheet.arg("yearly_cap")),
        sheet.money("yearly_cap"),
        kind="cap",
    )
    return sheet.up_to(cap)


@calculator("rd-deduction")
def rd_deduction(sheet: Sheet) -> Outcome:
    """Measure 46, 研发费用加计扣除: the corporate income tax saved by the super-deduction.

    "企业开展研发活动中实际发生的研发费用，未形成无形资产计入当期损益的，在按规定据实扣除的基础上，
    再按照实际发生额的100%在税前加计扣除；形成无形资产的，按照无形资产成本的200%在税前摊销。"
    — R&D charged to the year is deducted once more in full; R&D that became an intangible
    asset is amortised on twice its cost, so this year's extra is the amortisation on the
    boosted base less the amortisation on cost (straight-line over the amortisation period).
    The tax saved is the extra deduction times the income tax rate (both the period and the
    rate come from outside the document: assumptions unless given).
    """
    expensed: Decimal = sheet.input("expensed")
    capitalized: Decimal = sheet.input("capitalized")
    extra = sheet.share(
        msg(
            "费用化研发费用加计扣除（{rate}）",
            "extra deduction on expensed R&D ({rate})",
            rate=sheet.arg("expensed_extra_rate"),
        ),
        expensed,
        "expensed_extra_rate",
    )
    if capitalized > 0:
        years = sheet.count("amortization_years")
        boosted = sheet.line(
            msg(
                "本年无形资产税前摊销（按成本的{rate}）",
                "this year's amortisation on {rate} of the intangible assets' cost",
                rate=sheet.arg("intangible_amortization_rate"),
            ),
            msg(
                "{cost} × {rate} ÷ {years}年",
                "{cost} × {rate} ÷ {years} years",
                cost=Money(capitalized),
                rate=sheet.arg("intangible_amortization_rate"),
                years=years,
            ),
            primitives.share(capitalized, sheet.rate("intangible_amortization_rate")) / years,
        )
        normal = sheet.line(
            msg("其中按成本据实摊销", "of which amortisation on cost"),
            msg(
                "{cost} ÷ {years}年",
                "{cost} ÷ {years} years",
                cost=Money(capitalized),
                years=years,
            ),
            capitalized / years,
        )
        amortised = sheet.line(
            msg("无形资产加计摊销", "extra amortisation"),
            msg(
                "{boosted} − {normal}",
                "{boosted} − {normal}",
                boosted=Money(boosted),
                normal=Money(normal),
            ),
            boosted - normal,
        )
        extra = sheet.line(
            msg("加计扣除合计", "total extra deduction"),
            msg(
                "{expensed} + {amortised}",
                "{expensed} + {amortised}",
                expensed=Money(extra),
                amortised=Money(amortised),
            ),
            extra + amortised,
        )
    saving = sheet.share(
        msg("少缴企业所得税", "corporate income tax saved"),
        extra,
        "cit_rate",
    )
    return sheet.exact(saving)


@calculator("patent-product")
def patent_product(sheet: Sheet) -> Outcome:
    """Measure 47, 专利密集型产品: a fixed award for each recognised product.

    "培育推广专利密集型产品……对通过认定的按政策每件给予2万元奖励。" — each product that passes
    recognition earns the same fixed award.
    """
    products: int = sheet.input("products")
    award = sheet.line(
        msg("每件{each}", "{each} per product", each=sheet.arg("per_product")),
        msg(
            "{n}件 × {each}",
            "{n} × {each}",
            n=products,
            each=sheet.arg("per_product"),
        ),
        primitives.per_unit(products, sheet.money("per_product")),
    )
    return sheet.exact(award)


@calculator("key-patent")
def key_patent(sheet: Sheet) -> Outcome:
    """Measure 47, 专利留烟计划: up to a cap per key patent, by performance.

    "对属于关键核心技术落户我市后产生较大经济效益的专利，根据绩效每项给予最高50万元资助。" —
    each qualifying patent receives at most the cap; the amount below it depends on performance
    and is not published, so the estimate is *up to* the cap times the patents.
    """
    patents: int = sheet.input("patents")
    grant = sheet.line(
        msg(
            "每项最高{cap}（根据绩效）",
            "up to {cap} per patent (by performance)",
            cap=sheet.arg("per_patent_cap"),
        ),
        msg(
            "{n}项 × {cap}",
            "{n} × {cap}",
            n=patents,
            cap=sheet.arg("per_patent_cap"),
        ),
        primitives.per_unit(patents, sheet.money("per_patent_cap")),
    )
    return sheet.up_to(grant)


@calculator("techloan-loss")
def techloan_loss(sheet: Sheet) -> Outcome:
    """Measure 48, 科信贷风险补偿: up to a share of the principal lost, paid to the bank.

    "（科信贷）所发生的贷款本金损失，市财政最高给予40%的风险补偿。" — the city compensates the
    lending bank for at most that share of the principal lost on a filed loan; the estimate
    is *up to* that share.
    """
    loss: Decimal = sheet.input("loss")
    compensation = sheet.share(
        msg(
            "市财政风险补偿（最高{rate}）",
            "city risk compensation (up to {rate})",
            rate=sheet.arg("compensation_rate"),
        ),
        loss,
        "compensation_rate",
    )
    sheet.note(
        msg("补偿付给贷款银行，不付给企业", "paid to the lending bank, not to the enterprise")
    )
    return sheet.up_to(compensation)


@calculator("resultloan-loss")
def resultloan_loss(sheet: Sheet) -> Outcome:
    """Measure 48, 成果贷风险分担: the province's and the city's shares of the principal lost.

    "对纳入“成果贷”备案的贷款所发生的贷款本金损失，省财政、市财政、贷款银行按照35%、35%、30%的
    比例给予风险分担，对早期、初创期科技型企业研发类信用贷款本金损失，省市风险补偿比例最高可达90%。"
    — the loss is split province / city / bank; the bank receives the two public shares. For
    an early-stage R&D credit loan (--early-stage) the split is the floor and 最高可达 the
    ceiling: the province and the city together pay from 35% + 35% up to 90%, a range.
    """
    loss: Decimal = sheet.input("loss")
    early = bool(sheet.input("early_stage"))
    parties = [
        ("province_share", msg("省财政分担", "province's share")),
        ("city_share", msg("市财政分担", "city's share")),
    ]
    if not early:  # an early-stage loan's bank bears what the public ceiling leaves (below)
        parties.append(
            ("bank_share", msg("贷款银行自担（不计入补偿）", "bank's own share (not compensated)"))
        )
    shares = {}
    for name, who in parties:
        shares[name] = sheet.line(
            msg("{who} {rate}", "{who} {rate}", who=who, rate=sheet.arg(name)),
            msg("{loss} × {rate}", "{loss} × {rate}", loss=Money(loss), rate=sheet.arg(name)),
            primitives.share(loss, sheet.rate(name)),
        )
    total = sheet.line(
        msg(
            "财政补偿合计（省＋市），付给贷款银行",
            "public compensation (province + city), paid to the bank",
        )
        if not early
        else msg(
            "省市补偿下限（按35%、35%的分担比例），付给贷款银行",
            "province and city together, at least (the 35% + 35% split), paid to the bank",
        ),
        msg(
            "{province} + {city}",
            "{province} + {city}",
            province=Money(shares["province_share"]),
            city=Money(shares["city_share"]),
        ),
        shares["province_share"] + shares["city_share"],
    )
    if not early:
        return sheet.exact(total)
    # 早期、初创期…研发类信用贷款: the split is the floor, 最高可达90% the ceiling: a range.
    ceiling = sheet.share(
        msg(
            "早期、初创期研发类信用贷款：省市补偿最高{rate}",
            "early-stage R&D credit loan: province and city together up to {rate}",
            rate=sheet.arg("early_stage_cap"),
        ),
        loss,
        "early_stage_cap",
    )
    sheet.line(
        msg("贷款银行至少自担", "borne by the bank, at least"),
        msg("{loss} − {ceiling}", "{loss} − {ceiling}", loss=Money(loss), ceiling=Money(ceiling)),
        loss - ceiling,
    )
    sheet.note(msg("补偿付给贷款银行", "the compensation is paid to the lending bank"))
    return sheet.range(total, max(total, ceiling))
