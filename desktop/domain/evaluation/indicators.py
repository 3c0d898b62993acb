"""Judging one indicator: target in force, completion, 序时进度, status, trend and score.

``evaluate_indicator`` is the single entry point the services call; the rules for each
step live in their own modules (targets, completion, expected, trend, scores) and are
re-exported here so callers need one import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from desktop.domain.evaluation._math import divide, round4
from desktop.domain.evaluation.completion import completion_of, cumulative_total, start_point
from desktop.domain.evaluation.expected import expected_ratio, expected_value
from desktop.domain.evaluation.results import IndicatorResult, Projection, Status
from desktop.domain.evaluation.scores import score
from desktop.domain.evaluation.series import covers_whole_year, yearly_values
from desktop.domain.evaluation.specs import (
    Direction,
    IndicatorSpec,
    Observation,
    TargetKind,
    TargetSpec,
    Thresholds,
)
from desktop.domain.evaluation.status import light_for, status_for
from desktop.domain.evaluation.targets import is_qualitative, lower_is_better, target_in_force
from desktop.domain.evaluation.trend import project
from desktop.domain.periods import Period

__all__ = ["completion_of", "evaluate_indicator", "expected_value", "target_in_force"]

_DEFAULT_THRESHOLDS = Thresholds()


def evaluate_indicator(
    spec: IndicatorSpec,
    observations: Sequence[Observation],
    as_of: dt.date,
    thresholds: Thresholds = _DEFAULT_THRESHOLDS,
) -> IndicatorResult:
    """Judge ``spec`` as it stood on ``as_of``.

    Observations of periods that had not begun on ``as_of`` are ignored, so re-running
    an evaluation for a past date gives the same answer (a figure for the year 2023 sent
    in during 2023 — an annual review's 目前完成数 — counts from the start of that year). The latest observation (by
    period, then data year) is judged against the target in force for its year; when
    even the last stage has passed, the value of that stage's year is judged if there
    is one. Where the time-expected value cannot be drawn (no baseline), the status
    compares the completion directly and ``note`` says so.
    """
    usable = [observation for observation in observations if observation.period.start <= as_of]
    if not usable:
        target = target_in_force(spec, as_of.year)
        if is_qualitative(spec, target):
            return _qualitative(spec, target, None, thresholds)
        return _empty(spec, target, Status.NO_DATA, f"截至{as_of.isoformat()}暂无数据")
    latest = max(usable, key=lambda observation: (observation.period, observation.year))
    target = target_in_force(spec, latest.year)
    if is_qualitative(spec, target):
        return _qualitative(spec, target, latest, thresholds)
    if target is None or target.value is None:
        return _empty(spec, target, Status.NO_DATA, "未设定目标值", latest)
    return _numeric(spec, target, target.value, latest, usable, thresholds)


def _numeric(
    spec: IndicatorSpec,
    target: TargetSpec,
    goal: Decimal,
    latest: Observation,
    usable: list[Observation],
    thresholds: Thresholds,
) -> IndicatorResult:
    notes: list[str] = []
    judged = latest
    if target.year < latest.year:
        stage_value = yearly_values(usable).get(target.year)
        if stage_value is not None:
            judged = stage_value
            notes.append(f"目标年份{target.year}年已过，按{target.year}年数值评价")
        else:
            notes.append(f"目标年份{target.year}年已过且无该年数值，按最新数值评价")
    completion = completion_of(spec, target, judged.value, judged.year, usable)
    actual: Decimal | None = judged.value
    if target.kind is TargetKind.CUMULATIVE:
        actual = cumulative_total(spec, judged.value, judged.year, usable)
        notes.append(_cumulative_note(spec, judged.year))
    if target.kind in (TargetKind.INCREASE_POINTS, TargetKind.GROWTH_RATE):
        notes.extend(_start_note(spec, judged.year, usable))
    lower = lower_is_better(spec, target)
    expected = expected_value(spec, target, _period_described(judged))
    ratio = None if actual is None else expected_ratio(actual, expected, lower)
    judging = ratio
    if ratio is None and completion is not None and completion < 1:
        share = _time_share(spec, target, judged.year)
        if share is not None:
            judging = divide(completion, share)
            notes.append(
                f"无基期值，按方案时间进度（{judged.year - (spec.plan_start_year or 0)}/"
                f"{target.year - (spec.plan_start_year or 0)}）比较完成率"
            )
        else:
            judging = completion
            notes.append(_direct_note(target.kind))
    status = status_for(judging, completion, thresholds)
    if completion is None and status is Status.NO_DATA:
        notes.append("无法计算完成率")
    return IndicatorResult(
        indicator_id=spec.id,
        status=status,
        light=light_for(status),
        target=goal,
        target_year=target.year,
        target_kind=target.kind,
        actual=actual,
        period=str(judged.period),
        data_year=judged.year,
        completion=completion,
        expected=expected,
        expected_ratio=ratio,
        projection=_projection(spec, target, usable, lower),
        score=score(spec, completion),
        note="；".join(notes) or None,
    )


def _time_share(spec: IndicatorSpec, target: TargetSpec, year: int) -> Decimal | None:
    """Share of the plan's years from its base year to the target year that have passed.

    Without a baseline the straight line cannot be drawn; measuring the completion against
    the time that has passed is the multi-year form of 时间过半、任务过半. None when the
    plan's start is unknown or the figure describes a year before it.
    """
    start = spec.plan_start_year
    if start is None or target.kind not in (TargetKind.LEVEL, TargetKind.CEILING):
        return None
    if not start < year <= target.year:
        return None
    return divide(Decimal(year - start), Decimal(target.year - start))


def _period_described(observation: Observation) -> Period:
    """The period whose end the figure is expected at: the data year for late reports.

    2021 data reported in the 2022 annual round describes the end of 2021, so it is
    measured against the line at the end of 2021.
    """
    if observation.year != observation.period.year:
        return Period.year_of(observation.year)
    return observation.period


def _projection(
    spec: IndicatorSpec, target: TargetSpec, usable: list[Observation], lower: bool
) -> Projection | None:
    """Trend towards the target, with the target expressed as a figure trends can meet.

    Flows only trend on whole years (a June year-to-date figure is not a year); a
    cumulative target trends on the running total; a pace target (points or % a year)
    is turned into the level it implies in the target year.
    """
    direction = Direction.LOWER if lower else Direction.HIGHER
    kind = target.kind
    if kind in (TargetKind.YEARLY_FLOW, TargetKind.CUMULATIVE):
        usable = [observation for observation in usable if covers_whole_year(observation)]
    if kind is TargetKind.CUMULATIVE:
        return project(_running_totals(spec, usable), target, direction)
    if kind in (TargetKind.INCREASE_POINTS, TargetKind.GROWTH_RATE):
        level = expected_value(spec, target, Period.year_of(target.year))
        return project(usable, TargetSpec(target.year, level, TargetKind.LEVEL), direction)
    return project(usable, target, direction)


def _running_totals(spec: IndicatorSpec, usable: list[Observation]) -> list[Observation]:
    """One observation per year after the base year carrying the total so far."""
    totals: list[Observation] = []
    running = Decimal(0)
    for year, observation in yearly_values(usable).items():
        if spec.baseline_year is not None and year <= spec.baseline_year:
            continue
        running += observation.value
        totals.append(Observation(Period.year_of(year), running))
    return totals


def _qualitative(
    spec: IndicatorSpec, target: TargetSpec | None, latest: Observation | None, thresholds: Thresholds
) -> IndicatorResult:
    """Hand-scored indicators: the status follows the share of the weight awarded."""
    if spec.hand_score is None:
        status, note = Status.NO_DATA, "定性指标，尚未评分"
    elif spec.weight is None or spec.weight <= 0:
        status, note = Status.ON_TRACK, "定性指标，无权重分值，已评分按正常处理"
    else:
        share = divide(min(max(spec.hand_score, Decimal(0)), spec.weight), spec.weight)
        share = None if share is None else round4(share)
        status, note = status_for(share, share, thresholds), "定性指标，按评分占权重的比例判断"
    return _empty(spec, target, status, note, latest)


def _empty(
    spec: IndicatorSpec,
    target: TargetSpec | None,
    status: Status,
    note: str,
    latest: Observation | None = None,
) -> IndicatorResult:
    """A result without completion: target info and, when there is one, the latest figure."""
    return IndicatorResult(
        indicator_id=spec.id,
        status=status,
        light=light_for(status),
        target=None if target is None else target.value,
        target_year=None if target is None else target.year,
        target_kind=None if target is None else target.kind,
        actual=None if latest is None else latest.value,
        period=None if latest is None else str(latest.period),
        data_year=None if latest is None else latest.year,
        completion=None,
        expected=None,
        expected_ratio=None,
        projection=None,
        score=score(spec, None),
        note=note,
    )


def _cumulative_note(spec: IndicatorSpec, year: int) -> str:
    if spec.baseline_year is None:
        return f"无基期年份，实际值为截至{year}年各年数值之和"
    if year <= spec.baseline_year:
        return "数据年份不晚于基期年份，无法累计"
    return f"实际值为{spec.baseline_year + 1}–{year}年累计数"


def _start_note(spec: IndicatorSpec, year: int, usable: list[Observation]) -> list[str]:
    start = start_point(spec, year, usable)
    if start is None:
        return ["无基期值且无此前年度数值，无法计算增幅"]
    if not start[2]:
        return [f"无基期值，按{start[1]}年数值计算增幅"]
    return []


def _direct_note(kind: TargetKind) -> str:
    if kind in (TargetKind.INCREASE_POINTS, TargetKind.GROWTH_RATE):
        return "无基期值，无法计算序时进度，按年均增幅与目标直接比较"
    if kind is TargetKind.CUMULATIVE:
        return "无基期年份，无法计算序时进度，按目标值直接比较"
    return "无基期值，按目标值直接比较"
