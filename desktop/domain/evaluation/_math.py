"""Exact Decimal arithmetic shared by the evaluation modules.

Evaluation divides and takes fractional powers (average annual growth). Doing that with
one explicit context, instead of whatever context the calling thread happens to have,
keeps results identical between the window, the command line and the tests; and every
helper returns ``None`` instead of raising, because a judgement that cannot be made is
shown as 无数据, never as a crash.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

from desktop.domain.periods import Period

CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
"""The one context for divisions and powers (28 digits, the Decimal default)."""

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
TWELVE = Decimal(12)

_FOUR_PLACES = Decimal("0.0001")
_TWO_PLACES = Decimal("0.01")


def divide(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator``, or None when the denominator is zero."""
    if denominator == 0:
        return None
    try:
        return CONTEXT.divide(numerator, denominator)
    except ArithmeticError:
        return None


def power(base: Decimal, exponent: Decimal) -> Decimal | None:
    """``base ** exponent`` for a non-negative base, None where it has no real value."""
    if base < 0:
        return None
    if base == 0:
        return ZERO if exponent > 0 else None
    try:
        return CONTEXT.power(base, exponent)
    except ArithmeticError:
        return None


def round4(value: Decimal) -> Decimal:
    """Four decimals, half up: ratios are shown as percentages with two decimals."""
    return _quantize(value, _FOUR_PLACES)


def round2(value: Decimal) -> Decimal:
    """Two decimals, half up: how scores are printed in 考核评分 tables."""
    return _quantize(value, _TWO_PLACES)


def _quantize(value: Decimal, places: Decimal) -> Decimal:
    """Round half up; a value too long for 28 digits (absurd input) is kept as it is."""
    try:
        return value.quantize(places, rounding=ROUND_HALF_UP, context=CONTEXT)
    except ArithmeticError:
        return value


def median(values: Sequence[Decimal]) -> Decimal:
    """The median of a non-empty sequence (mean of the two middle values when even)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def months_after_year_end(year: int, period: Period) -> int:
    """Months from the end of ``year`` to the end of ``period`` (negative when earlier).

    Time-expected progress is measured in whole months because every reporting period
    ends at a month end; counting months keeps the straight line exact (2022-06 is
    half a year after the end of 2021, not 181/365 of it).
    """
    return (period.year - year) * 12 + period.end_month - 12
