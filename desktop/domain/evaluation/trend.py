"""Trend (趋势研判): where the yearly figures are heading by the target year.

Two readings are given because the documents use both: a straight line through the
years (steady additions, e.g. shares rising by points) and the average annual growth
rate carried forward (compounding counts such as 高新技术企业数). Whether the target will
be met is said from the straight line, the more cautious of the two for growing counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.domain.evaluation._math import divide, power, round4
from desktop.domain.evaluation.results import Projection
from desktop.domain.evaluation.series import yearly_values
from desktop.domain.evaluation.specs import Direction, Observation, TargetSpec


def project(
    observations: Sequence[Observation], target: TargetSpec | None, direction: Direction
) -> Projection | None:
    """Project the yearly values (latest observation describing each year) to ``target.year``.

    - linear: the least-squares line through (year, value), read at the target year;
    - growth: last value × (1 + average annual growth)^(years left), the growth being
      the compound rate from the first to the last yearly value;
    - will_reach: the linear projection meets the target in ``direction``.

    None without a target or without any observation; the projections and will_reach
    are None with fewer than two yearly values (and will_reach without a numeric
    target). Values are rounded to 4 decimals.
    """
    if target is None or not observations:
        return None
    points = [(year, observation.value) for year, observation in yearly_values(observations).items()]
    if len(points) < 2:
        return Projection(year=target.year, linear=None, growth=None, will_reach=None)
    linear = _least_squares_at(points, target.year)
    growth = _growth_at(points, target.year)
    return Projection(
        year=target.year,
        linear=None if linear is None else round4(linear),
        growth=None if growth is None else round4(growth),
        will_reach=_meets(linear, target.value, direction),
    )


def _least_squares_at(points: list[tuple[int, Decimal]], year: int) -> Decimal | None:
    """Ordinary least squares, computed exactly in Decimal around the mean year."""
    count = Decimal(len(points))
    mean_x = divide(Decimal(sum(x for x, _ in points)), count)
    mean_y = divide(sum((y for _, y in points), Decimal(0)), count)
    if mean_x is None or mean_y is None:
        return None
    sxx = sum(((Decimal(x) - mean_x) ** 2 for x, _ in points), Decimal(0))
    sxy = sum(((Decimal(x) - mean_x) * (y - mean_y) for x, y in points), Decimal(0))
    slope = divide(sxy, sxx)
    if slope is None:
        return None
    return mean_y + slope * (Decimal(year) - mean_x)


def _growth_at(points: list[tuple[int, Decimal]], year: int) -> Decimal | None:
    """last × (last / first) ^ ((year − last year) / (last year − first year))."""
    (first_year, first), (last_year, last) = points[0], points[-1]
    if first <= 0 or last < 0:
        return None
    growth = divide(last, first)
    exponent = divide(Decimal(year - last_year), Decimal(last_year - first_year))
    if growth is None or exponent is None:
        return None
    factor = power(growth, exponent)
    return None if factor is None else last * factor


def _meets(projected: Decimal | None, goal: Decimal | None, direction: Direction) -> bool | None:
    if projected is None or goal is None or direction is Direction.QUALITATIVE:
        return None
    if direction is Direction.LOWER:
        return projected <= goal
    return projected >= goal
