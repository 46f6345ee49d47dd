"""Shared arithmetic of the measures: shares, progressive bands, per-unit amounts, dates.

Pure functions over Decimal; the threshold tests by boundary word (以上, 超过 …)
live on the sheet (:meth:`Sheet.meets`) because they read a parameter.
"""

from datetime import date
from decimal import Decimal

from yantai_subsidy.records import NamedTuple
from yantai_subsidy.ruleset import Band

ZERO = Decimal(0)


def share(base: Decimal, rate: Decimal) -> Decimal:
    """``base × rate``, unrounded (rounding happens once, on the stated result)."""
    return base * rate


def per_unit(count: int | Decimal, each: Decimal) -> Decimal:
    """``count × each``: 500万元/个, 2万元 per product, 40元 per kW."""
    return Decimal(count) * each


class BandSlice(NamedTuple):
    """The part of an amount that falls in one band, and what it earns there."""

    band: Band
    start: Decimal
    end: Decimal | None
    portion: Decimal
    rate: Decimal  # the rate applied (a share of the LPR already multiplied out)
    value: Decimal


def progressive(
    amount: Decimal, bands: tuple[Band, ...], lpr: Decimal | None = None
) -> list[BandSlice]:
    """超额累进: each band's rate applies only to the part of ``amount`` above its start.

    A band whose ``of`` names the LPR applies ``rate × lpr``; ``lpr`` must then be given.
    Bands with no part of the amount are left out.
    """
    slices = []
    for index, band in enumerate(bands):
        end = bands[index + 1].start if index + 1 < len(bands) else None
        if amount <= band.start:
            break
        top = amount if end is None else min(amount, end)
        portion = top - band.start
        if band.of is not None:
            if lpr is None:
                raise ValueError("a band linked to the LPR needs the LPR")
            rate = band.rate * lpr
        else:
            rate = band.rate
        slices.append(BandSlice(band, band.start, end, portion, rate, portion * rate))
    return slices


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
