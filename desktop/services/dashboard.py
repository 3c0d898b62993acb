"""The overview (总览) of one plan: status counts, completion, tasks to chase, the last round.

Built from the same ``check_plan`` result as the command line and the reports, so the
numbers on the screen are the numbers on paper. ``trend`` gives one indicator's yearly
figures with its targets, the time-expected line and the projection, ready to draw.
Everything returned is plain frozen data; no Qt here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.evaluation.expected import expected_value
from desktop.domain.evaluation.indicators import evaluate_indicator
from desktop.domain.evaluation.results import Status, TaskStatus
from desktop.domain.evaluation.series import covers_whole_year, yearly_values
from desktop.domain.evaluation.specs import (
    Direction,
    IndicatorSpec,
    Observation,
    TargetKind,
    TargetSpec,
)
from desktop.domain.evaluation.targets import lower_is_better, target_in_force
from desktop.domain.periods import Period
from desktop.errors import NotFoundError
from desktop.services.evaluation import (
    PlanCheck,
    check_plan,
    read_indicator_specs,
    read_observations,
    read_plan_settings,
    thresholds_of,
)
from desktop.services.round_reads import RoundSummary, list_rounds
from desktop.services.sql_rows import RowSource

INDICATOR_STATUSES: tuple[Status, ...] = (
    Status.REACHED,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.SEVERELY_LAGGING,
    Status.NO_DATA,
)
TASK_STATUSES: tuple[TaskStatus, ...] = (
    TaskStatus.OVERDUE,
    TaskStatus.DUE_SOON,
    TaskStatus.NOT_REPORTED,
    TaskStatus.ON_TRACK,
    TaskStatus.ONGOING,
    TaskStatus.DONE,
)
_TASK_LIGHTS = {
    TaskStatus.OVERDUE: "red",
    TaskStatus.DUE_SOON: "yellow",
    TaskStatus.NOT_REPORTED: "yellow",
    TaskStatus.ON_TRACK: "green",
    TaskStatus.ONGOING: "green",
    TaskStatus.DONE: "green",
}
_INDICATOR_LIGHTS = {
    Status.REACHED: "green",
    Status.ON_TRACK: "green",
    Status.LAGGING: "yellow",
    Status.SEVERELY_LAGGING: "red",
    Status.NO_DATA: "grey",
}


@dataclass(frozen=True)
class StatusCount:
    status: str  # 已达标 / 正常 / … or 逾期 / 即将到期 / …
    light: str  # green / yellow / red / grey
    count: int


@dataclass(frozen=True)
class IndicatorCompletion:
    """One bar of the completion chart."""

    indicator_id: int
    number: str | None
    name: str
    unit: str | None
    status: str
    light: str
    completion: Decimal | None  # ratio: 0.9533 for 95.33 %; None without data or target
    actual: Decimal | None
    target: Decimal | None
    target_year: int | None


@dataclass(frozen=True)
class TaskDue:
    """A task to chase: overdue (days < 0) or due soon (days ≥ 0)."""

    task_id: int
    number: str
    title: str
    lead_unit: str
    deadline: dt.date
    days: int  # days left; negative when overdue

    @property
    def days_overdue(self) -> int:
        return max(-self.days, 0)


@dataclass(frozen=True)
class RoundPanel:
    """The latest collection round of the plan and who still owes it."""

    round_id: int
    period: str
    period_label: str
    due: dt.date
    state: str
    expected: int
    received: int
    late: int
    missing_units: tuple[str, ...]
    overdue: bool  # the due date has passed and some units have not reported


@dataclass(frozen=True)
class Dashboard:
    plan_id: int
    plan_name: str
    as_of: dt.date
    due_soon_days: int
    indicator_counts: tuple[StatusCount, ...]  # every indicator status, in fixed order
    task_counts: tuple[StatusCount, ...]  # every task status, in fixed order
    completions: tuple[IndicatorCompletion, ...]  # plan order
    overdue_tasks: tuple[TaskDue, ...]  # longest overdue first
    due_soon_tasks: tuple[TaskDue, ...]  # nearest deadline first
    latest_round: RoundPanel | None

    @property
    def indicator_total(self) -> int:
        return sum(c.count for c in self.indicator_counts)

    @property
    def task_total(self) -> int:
        return sum(c.count for c in self.task_counts)

    def indicator_count(self, status: str) -> int:
        return next((c.count for c in self.indicator_counts if c.status == status), 0)

    def task_count(self, status: str) -> int:
        return next((c.count for c in self.task_counts if c.status == status), 0)


@dataclass(frozen=True)
class TrendSeries:
    """One indicator over the years, with everything the trend chart draws."""

    indicator_id: int
    name: str
    unit: str | None
    values: tuple[tuple[int, Decimal], ...]  # (year the figure describes, value), by year
    value_label: str  # 实际值, or 累计值 for a cumulative target
    targets: tuple[tuple[int, Decimal], ...]  # every numeric stage, as a level in the unit
    expected: tuple[tuple[int, Decimal], ...]  # 序时进度: baseline → stages → target, yearly
    projection: tuple[tuple[int, Decimal], ...]  # last value → linear projection at the target year
    projection_growth: Decimal | None  # the average-growth reading at the target year
    target_year: int | None
    target: Decimal | None  # the target in force, as a level
    will_reach: bool | None
    status: str
    lower_is_better: bool


# --- dashboard -------------------------------------------------------------------------------


def dashboard(source: RowSource, plan_id: int, as_of: dt.date | None = None) -> Dashboard:
    check = check_plan(source, plan_id, as_of)
    with source.read_rows() as rows:
        indicator_numbers: dict[int, str | None] = dict(
            rows("SELECT id, number FROM indicator WHERE plan_id = ?", (plan_id,))
        )
        task_numbers: dict[int, str] = dict(rows("SELECT id, number FROM task WHERE plan_id = ?", (plan_id,)))
    return Dashboard(
        plan_id=plan_id,
        plan_name=check.plan_name,
        as_of=check.as_of,
        due_soon_days=check.thresholds.due_soon_days,
        indicator_counts=_indicator_counts(check),
        task_counts=_task_counts(check),
        completions=tuple(
            IndicatorCompletion(
                indicator_id=spec.id,
                number=indicator_numbers.get(spec.id),
                name=spec.name,
                unit=spec.unit,
                status=r.status.value,
                light=r.light.value,
                completion=r.completion,
                actual=r.actual,
                target=r.target,
                target_year=r.target_year,
            )
            for spec in check.indicators
            for r in (check.indicator_results[spec.id],)
        ),
        overdue_tasks=_tasks_due(check, task_numbers, overdue=True),
        due_soon_tasks=_tasks_due(check, task_numbers, overdue=False),
        latest_round=_latest_round(source, plan_id, check.as_of),
    )


def _indicator_counts(check: PlanCheck) -> tuple[StatusCount, ...]:
    statuses = [r.status for r in check.indicator_results.values()]
    return tuple(StatusCount(s.value, _INDICATOR_LIGHTS[s], statuses.count(s)) for s in INDICATOR_STATUSES)


def _task_counts(check: PlanCheck) -> tuple[StatusCount, ...]:
    statuses = [r.status for r in check.task_results.values()]
    return tuple(StatusCount(s.value, _TASK_LIGHTS[s], statuses.count(s)) for s in TASK_STATUSES)


def _tasks_due(check: PlanCheck, numbers: dict[int, str], *, overdue: bool) -> tuple[TaskDue, ...]:
    """Overdue tasks (deadline passed, not done), or tasks due within the plan's window.

    A task due soon stays in the due-soon list even when a missing monthly report gives it
    the status 未报送: its deadline is still near.
    """
    window = check.thresholds.due_soon_days
    rows = []
    for spec in check.tasks:
        r = check.task_results[spec.id]
        if spec.deadline is None or r.days_left is None or r.status is TaskStatus.DONE:
            continue
        if overdue and r.status is not TaskStatus.OVERDUE:
            continue
        if not overdue and not 0 <= r.days_left <= window:
            continue
        rows.append(
            TaskDue(
                task_id=spec.id,
                number=numbers.get(spec.id, ""),
                title=spec.name,
                lead_unit=spec.units[0] if spec.units else "",
                deadline=spec.deadline,
                days=r.days_left,
            )
        )
    rows.sort(key=lambda t: t.days)  # most overdue first; nearest deadline first
    return tuple(rows)


def _latest_round(source: RowSource, plan_id: int, as_of: dt.date) -> RoundPanel | None:
    rounds = list_rounds(source, plan_id)
    if not rounds:
        return None
    latest: RoundSummary = max(rounds, key=lambda r: (Period.parse(r.period), r.id))
    c = latest.completeness
    return RoundPanel(
        round_id=latest.id,
        period=latest.period,
        period_label=latest.period_label,
        due=latest.due,
        state=latest.state,
        expected=c.expected,
        received=c.received,
        late=c.late,
        missing_units=c.missing,
        overdue=bool(c.missing) and as_of > latest.due,
    )


# --- trend -----------------------------------------------------------------------------------


def trend(source: RowSource, plan_id: int, indicator_id: int, as_of: dt.date | None = None) -> TrendSeries:
    """One indicator's yearly figures, targets, 序时进度 line and projection as of ``as_of``.

    Only this indicator is read and judged (the same judgement as ``check_plan``), so
    picking indicators one after another stays quick in a big plan.
    """
    as_of = as_of or dt.date.today()
    with source.read_rows() as rows:
        plan = read_plan_settings(rows, plan_id)
        specs = read_indicator_specs(rows, plan_id, plan.base_year, indicator_id)
        if not specs:
            raise NotFoundError(f"方案中没有编号为 {indicator_id} 的指标。请刷新总览后重试。")
        spec = specs[0]
        thresholds = thresholds_of(plan)
        observations = read_observations(rows, plan_id, indicator_id).get(indicator_id, [])
    result = evaluate_indicator(spec, observations, as_of, thresholds)
    usable = [o for o in observations if o.period.start <= as_of]
    final = target_in_force(spec, result.target_year) if result.target_year is not None else None
    cumulative = final is not None and final.kind is TargetKind.CUMULATIVE
    values = _running_totals(spec, usable) if cumulative else _yearly(final, usable)
    projection: tuple[tuple[int, Decimal], ...] = ()
    p = result.projection
    if p is not None and p.linear is not None and values and p.year > values[-1][0]:
        projection = (values[-1], (p.year, p.linear))
    return TrendSeries(
        indicator_id=indicator_id,
        name=spec.name,
        unit=spec.unit,
        values=values,
        value_label="累计值" if cumulative else "实际值",
        targets=_target_points(spec),
        expected=_expected_line(spec),
        projection=projection,
        projection_growth=p.growth if p is not None else None,
        target_year=result.target_year,
        target=_as_level(spec, final) if final is not None else None,
        will_reach=p.will_reach if p is not None else None,
        status=result.status.value,
        lower_is_better=lower_is_better(spec, final),
    )


def _yearly(target: TargetSpec | None, usable: list[Observation]) -> tuple[tuple[int, Decimal], ...]:
    """The latest figure describing each year; flows only where the figure covers the year."""
    if target is not None and target.kind is TargetKind.YEARLY_FLOW:
        usable = [o for o in usable if covers_whole_year(o)]
    return tuple((year, o.value) for year, o in yearly_values(usable).items())


def _running_totals(spec: IndicatorSpec, usable: list[Observation]) -> tuple[tuple[int, Decimal], ...]:
    totals = []
    running = Decimal(0)
    for year, o in yearly_values([o for o in usable if covers_whole_year(o)]).items():
        if spec.baseline_year is not None and year <= spec.baseline_year:
            continue
        running += o.value
        totals.append((year, running))
    return tuple(totals)


def _as_level(spec: IndicatorSpec, target: TargetSpec) -> Decimal | None:
    """The figure the indicator must show in the target's year (a pace becomes a level)."""
    if target.value is None or target.kind is TargetKind.QUALITATIVE:
        return None
    if target.kind in (TargetKind.INCREASE_POINTS, TargetKind.GROWTH_RATE):
        return expected_value(spec, target, Period.year_of(target.year))
    return target.value


def _target_points(spec: IndicatorSpec) -> tuple[tuple[int, Decimal], ...]:
    points: dict[int, Decimal] = {}
    for target in sorted(spec.targets, key=lambda t: t.year):
        level = _as_level(spec, target)
        if level is not None and target.year not in points:  # the first of a year wins
            points[target.year] = level
    return tuple(sorted(points.items()))


def _expected_line(spec: IndicatorSpec) -> tuple[tuple[int, Decimal], ...]:
    """The time-expected value at the end of each year, from the start of the line to the last stage."""
    if spec.direction is Direction.QUALITATIVE or not spec.targets:
        return ()
    numeric = [t for t in spec.targets if t.value is not None and t.kind is not TargetKind.QUALITATIVE]
    if not numeric:
        return ()
    first_year = min(t.year for t in numeric)
    start = spec.baseline_year if spec.baseline_year is not None else spec.plan_start_year
    start = min(start, first_year) if start is not None else first_year
    last_year = max(t.year for t in numeric)
    points = []
    for year in range(start, last_year + 1):
        target = target_in_force(spec, year)
        if target is None or target.value is None or target.kind is TargetKind.YEARLY_FLOW:
            continue
        value = expected_value(spec, target, Period.year_of(year))
        if value is None and target.year == year and target.kind in (TargetKind.LEVEL, TargetKind.CEILING):
            value = target.value  # a first stage without a baseline: the line starts there
        if value is not None:
            points.append((year, value))
    return tuple(points) if len(points) >= 2 else ()
