"""Time-expected progress (序时进度): where a figure should stand at a given period.

The plan draws a straight line from where it started (the baseline, at the end of the
baseline year) to the target (at the end of the target year); the figure is expected to
be on that line at the end of the period it describes. Amounts of one year follow the
rule 时间过半、任务过半: by the end of June half of the year's target is due.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.evaluation._math import HUNDRED, ONE, TWELVE, ZERO, divide, months_after_year_end, power, round4
from desktop.domain.evaluation.completion import ratio_towards
from desktop.domain.evaluation.specs import Direction, IndicatorSpec, TargetKind, TargetSpec
from desktop.domain.evaluation.targets import previous_stage
from desktop.domain.periods import Period


def expected_value(spec: IndicatorSpec, target: TargetSpec, period: Period) -> Decimal | None:
    """The value expected at the end of ``period`` on the way to ``target`` (4 decimals).

    - level / ceiling: the straight line from the previous stage of a staged target, or
      else from the baseline, to the target; held at the start before it and at the
      target after it. None without a baseline or a previous stage.
    - yearly_flow: target × (months of the year elapsed) ÷ 12 — 时间过半、任务过半.
    - cumulative: the straight line from 0 at the end of the base year to the target,
      which within a single year is the same 时间过半 rule. None without a base year.
    - increase_points / growth_rate: the baseline grown at the target pace for the time
      elapsed since the end of the baseline year (months ÷ 12, so a half-year figure is
      expected half a year's pace). None without a baseline.
    - qualitative: None.
    """
    if target.value is None:
        return None
    try:
        raw = _raw_expected(spec, target, target.value, period)
    except ArithmeticError:
        return None
    return None if raw is None else round4(raw)


def expected_ratio(actual: Decimal, expected: Decimal | None, lower_better: bool) -> Decimal | None:
    """Actual measured against the expected value (≥ 1: on track), 4 decimals.

    actual/expected when higher is better, expected/actual when lower is better. An
    expected value of zero (nothing due yet) is met by any actual at or beyond it.
    """
    if expected is None:
        return None
    if expected == 0 and not lower_better:
        return ONE if actual >= 0 else None
    ratio = ratio_towards(actual, expected, lower_better)
    return None if ratio is None else round4(ratio)


def _raw_expected(spec: IndicatorSpec, target: TargetSpec, goal: Decimal, period: Period) -> Decimal | None:
    kind = target.kind
    if kind is TargetKind.YEARLY_FLOW:
        return goal * Decimal(period.end_month) / TWELVE
    if kind is TargetKind.CUMULATIVE:
        if spec.baseline_year is None:
            return None
        return _line(ZERO, spec.baseline_year, goal, target.year, period)
    if kind in (TargetKind.LEVEL, TargetKind.CEILING):
        start = _line_start(spec, target)
        if start is None:
            return None
        return _line(start[0], start[1], goal, target.year, period)
    if kind in (TargetKind.INCREASE_POINTS, TargetKind.GROWTH_RATE):
        return _paced(spec, kind, goal, period)
    return None


def _line_start(spec: IndicatorSpec, target: TargetSpec) -> tuple[Decimal, int] | None:
    """The previous stage when there is one after the baseline, else the baseline.

    A staged plan says where it means to be at each stage, so the stretch towards the
    second stage starts from the first stage, not from the original baseline.
    """
    stage = previous_stage(spec, target)
    baseline_year = spec.baseline_year
    if stage is not None and stage.value is not None and (baseline_year is None or stage.year > baseline_year):
        return stage.value, stage.year
    if spec.baseline_value is None or baseline_year is None:
        return None
    return spec.baseline_value, baseline_year


def _line(start: Decimal, start_year: int, goal: Decimal, goal_year: int, period: Period) -> Decimal | None:
    """The straight line from (start, end of start_year) to (goal, end of goal_year)."""
    total = (goal_year - start_year) * 12
    if total <= 0:
        return goal
    elapsed = min(max(months_after_year_end(start_year, period), 0), total)
    share = divide(Decimal(elapsed), Decimal(total))
    return None if share is None else start + (goal - start) * share


def _paced(spec: IndicatorSpec, kind: TargetKind, goal: Decimal, period: Period) -> Decimal | None:
    """The baseline moved at the target pace (points or % a year) up to ``period``."""
    if spec.baseline_value is None or spec.baseline_year is None:
        return None
    years = divide(Decimal(max(months_after_year_end(spec.baseline_year, period), 0)), TWELVE)
    if years is None:
        return None
    sign = -1 if spec.direction is Direction.LOWER else 1
    if kind is TargetKind.INCREASE_POINTS:
        return spec.baseline_value + sign * goal * years
    factor = power(ONE + sign * goal / HUNDRED, years)
    return None if factor is None else spec.baseline_value * factor
