"""Chapter 7 of the document, 提升科技创新能力: science and technology innovation."""

from __future__ import annotations

from decimal import Decimal

from yantai_subsidy.result import Money, msg

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
    rate = sheet.rate("subsidy_rate")
    share = sheet.line(
        msg(
            "备案贷款本金的{rate}（最高）",
            "up to {rate} of the filed principal",
            rate=sheet.arg("subsidy_rate"),
        ),
        msg(
            "{principal} × {rate}",
            "{principal} × {rate}",
            principal=Money(principal),
            rate=sheet.arg("subsidy_rate"),
        ),
        primitives.share(principal, rate),
    )
    lifetime_cap = sheet.money("lifetime_cap")
    remaining = max(primitives.ZERO, lifetime_cap - received)
    subsidy = sheet.cap(
        share,
        remaining,
        msg(
            "单户企业累计上限（扣除已获补贴）",
            "lifetime cap per enterprise, less subsidies received",
        ),
        msg(
            "{cap} − 已获 {received}",
            "{cap} − {received} received",
            cap=Money(lifetime_cap),
            received=Money(received),
        ),
    )
    return sheet.up_to(subsidy)
