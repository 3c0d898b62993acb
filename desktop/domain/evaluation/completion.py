"""Completion rate (完成率): how far an actual figure has come towards its target.

Every target kind has its own meaning of "how far" (DESIGN.md, Evaluation); they are
kept side by side here so the rules can be read and compared in one place. Results are
ratios rounded to four decimals (0.9533 for 95.33 %), the figure the reports print, so a
score computed from it adds up on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.domain.evaluation._math import HUNDRED, ONE, divide, power, round4
from desktop.domain.evaluation.series import yearly_values
from desktop.domain.evaluation.specs import Direction, IndicatorSpec, Observation, TargetKind, TargetSpec
from desktop.domain.evaluation.targets import lower_is_better


def completion_of(
    spec: IndicatorSpec,
    target: TargetSpec,
    actual: Decimal,
    actual_year: int,
    observations: Sequence[Observation],
) -> Decimal | None:
    """Completion of ``target`` by ``actual`` (a figure describing ``actual_year``).

    - level: actual/target, or target/actual when lower is better;
    - ceiling: target/actual (an actual of 0 or below is within any ceiling ≥ 0: 1);
    - increase_points: points gained per year since the baseline (or since the nearest
      earlier year's value when there is no baseline) ÷ target points per year;
    - growth_rate: average annual growth rate (%) over the same span ÷ target rate (%);
    - yearly_flow: the year's value ÷ target;
    - cumulative: sum of the yearly values after the base year (``actual`` standing for
      its own year) ÷ target;
    - qualitative: None (scored by hand).

    None whenever it cannot be computed (no target value, division by zero, no starting
    point); it never raises.
    """
    if target.value is None:
        return None
    try:
        raw = _raw_completion(spec, target, target.value, actual, actual_year, observations)
    except ArithmeticError:
        return None
    return None if raw is None else round4(raw)


def start_point(
    spec: IndicatorSpec, actual_year: int, observations: Sequence[Observation]
) -> tuple[Decimal, int, bool] | None:
    """Where increase and growth are measured from: (value, year, is_baseline).

    The plan's baseline when it is complete and earlier than ``actual_year``; otherwise
    the nearest earlier year's value among the observations (normally last year's).
    """
    if spec.baseline_value is not None and spec.baseline_year is not None and spec.baseline_year < actual_year:
        return spec.baseline_value, spec.baseline_year, True
    earlier = [year for year in yearly_values(observations) if year < actual_year]
    if not earlier:
        return None
    year = max(earlier)
    return yearly_values(observations)[year].value, year, False


def cumulative_total(
    spec: IndicatorSpec, actual: Decimal, actual_year: int, observations: Sequence[Observation]
) -> Decimal | None:
    """Sum of the yearly values after the base year up to ``actual_year``.

    The base year's own figure is the starting point, not part of the plan's work, so it
    is left out; without a base year every earlier year counts. ``actual`` stands for
    ``actual_year`` (it may be a year-to-date figure). None for data of the base year
    or earlier.
    """
    first_year = spec.baseline_year + 1 if spec.baseline_year is not None else None
    if first_year is not None and actual_year < first_year:
        return None
    total = actual
    for year, observation in yearly_values(observations).items():
        if year < actual_year and (first_year is None or year >= first_year):
            total += observation.value
    return total


def ratio_towards(value: Decimal, goal: Decimal, lower_better: bool) -> Decimal | None:
    """``value`` measured against ``goal``: value/goal, or goal/value when lower is better.

    Ratios need positive numbers to mean anything. When lower is better, a value of zero
    or below sits under any goal ≥ 0, which counts as exactly met (1).
    """
    if lower_better:
        if goal < 0:
            return None
        if value <= 0:
            return ONE
        return divide(goal, value)
    if goal <= 0:
        return None
    return divide(value, goal)


def _raw_completion(
    spec: IndicatorSpec,
    target: TargetSpec,
    goal: Decimal,
    actual: Decimal,
    actual_year: int,
    observations: Sequence[Observation],
) -> Decimal | None:
    kind = target.kind
    lower = lower_is_better(spec, target)
    if kind in (TargetKind.LEVEL, TargetKind.CEILING, TargetKind.YEARLY_FLOW):
        return ratio_towards(actual, goal, lower)
    if kind is TargetKind.CUMULATIVE:
        total = cumulative_total(spec, actual, actual_year, observations)
        return None if total is None else ratio_towards(total, goal, lower)
    if kind is TargetKind.INCREASE_POINTS:
        return _increase_completion(spec, goal, actual, actual_year, observations)
    if kind is TargetKind.GROWTH_RATE:
        return _growth_completion(spec, goal, actual, actual_year, observations)
    return None  # qualitative


def _increase_completion(
    spec: IndicatorSpec, goal: Decimal, actual: Decimal, actual_year: int, observations: Sequence[Observation]
) -> Decimal | None:
    """Points gained per year (dropped, when lower is better) ÷ points required per year."""
    start = start_point(spec, actual_year, observations)
    if start is None or goal <= 0:
        return None
    value, year, _ = start
    gained = value - actual if spec.direction is Direction.LOWER else actual - value
    per_year = divide(gained, Decimal(actual_year - year))
    return None if per_year is None else divide(per_year, goal)


def _growth_completion(
    spec: IndicatorSpec, goal: Decimal, actual: Decimal, actual_year: int, observations: Sequence[Observation]
) -> Decimal | None:
    """Average annual growth (CAGR, in %) ÷ the required rate (in %).

    CAGR = (actual / start) ^ (1 / years) − 1. When lower is better the target is an
    annual decline (年均下降), so the decline 1 − factor is compared instead.
    """
    start = start_point(spec, actual_year, observations)
    if start is None or goal <= 0:
        return None
    value, year, _ = start
    if value <= 0 or actual < 0:
        return None
    growth_factor = divide(actual, value)
    exponent = divide(ONE, Decimal(actual_year - year))
    if growth_factor is None or exponent is None:
        return None
    factor = power(growth_factor, exponent)
    if factor is None:
        return None
    rate = (ONE - factor if spec.direction is Direction.LOWER else factor - ONE) * HUNDRED
    return divide(rate, goal)
