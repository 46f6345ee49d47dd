"""Chapter 2 of the document, 推进新型工业化: new industrialisation."""

from __future__ import annotations

from decimal import Decimal

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
    total = sheet.line(
        msg("贴息合计（{years}年）", "interest subsidy over {years} year(s)", years=years),
        msg("{per_year} × {years}", "{per_year} × {years}", per_year=Money(per_year), years=years),
        per_year * years,
    )
    if years > 1:
        sheet.assume(
            msg(
                "各年均按全部贷款额贴息（假定贷款余额在贴息期内不变）",
                "the whole loan is taken as outstanding in every subsidised year",
            )
        )

    if sheet.given("guarantee_fee_rate"):
        fee: Decimal = sheet.input("guarantee_fee_rate")
        if sheet.meets(fee, "max_guarantee_fee_rate"):
            rate = sheet.rate("guarantee_subsidy_rate")
            total += sheet.line(
                msg(
                    "担保补助（{rate}/年，假设）",
                    "guarantee subsidy ({rate} a year, assumed)",
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
        else:
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
