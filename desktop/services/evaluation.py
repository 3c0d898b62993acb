"""Checking a plan against its targets and deadlines: the database side of evaluation.

Reads one plan into the plain specs of ``desktop.domain.evaluation`` and lets the domain
judge it. The command line (``check``), the reports and the window share this one result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import (
    Indicator,
    IndicatorGroup,
    IndicatorUnit,
    Plan,
    ProgressReport,
    Task,
    TaskGroup,
    TaskUnit,
    Value,
)
from desktop.domain.evaluation.indicators import evaluate_indicator
from desktop.domain.evaluation.results import IndicatorResult, ScoreSummary, TaskResult
from desktop.domain.evaluation.scores import summarise
from desktop.domain.evaluation.specs import (
    Direction,
    IndicatorSpec,
    Observation,
    ProgressEntry,
    Scoring,
    TargetKind,
    TargetSpec,
    TaskSpec,
    Thresholds,
)
from desktop.domain.evaluation.tasks import evaluate_task
from desktop.domain.periods import Period
from desktop.errors import NotFoundError
from desktop.services.database import Database


@dataclass(frozen=True)
class PlanCheck:
    """Everything evaluation says about one plan on one day."""

    plan_id: int
    plan_name: str
    as_of: dt.date
    thresholds: Thresholds
    reporting_day: int | None  # None when the plan collects no monthly progress
    indicators: tuple[IndicatorSpec, ...]
    tasks: tuple[TaskSpec, ...]
    task_titles: dict[int, str]
    indicator_results: dict[int, IndicatorResult]
    task_results: dict[int, TaskResult]
    summary: ScoreSummary


def thresholds_of(plan: Plan) -> Thresholds:
    default = Thresholds()
    return Thresholds(
        lagging=plan.lagging_threshold if plan.lagging_threshold is not None else default.lagging,
        severe=plan.severe_threshold if plan.severe_threshold is not None else default.severe,
        due_soon_days=plan.due_soon_days if plan.due_soon_days is not None else default.due_soon_days,
        reporting_day=plan.reporting_day if plan.reporting_day is not None else default.reporting_day,
    )


def check_plan(database: Database, plan_id: int, as_of: dt.date | None = None) -> PlanCheck:
    as_of = as_of or dt.date.today()
    with database.read() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先用 plans 命令查看已有方案的编号。")
        thresholds = thresholds_of(plan)
        specs, observations = _indicator_specs(s, plan_id, plan.base_year)
        tasks, titles = _task_specs(s, plan)
        plan_name = plan.name
        reporting_day = plan.reporting_day
    indicator_results = {
        spec.id: evaluate_indicator(spec, observations[spec.id], as_of, thresholds) for spec in specs
    }
    task_results = {spec.id: evaluate_task(spec, as_of, thresholds) for spec in tasks}
    return PlanCheck(
        plan_id=plan_id,
        plan_name=plan_name,
        as_of=as_of,
        thresholds=thresholds,
        reporting_day=reporting_day,
        indicators=tuple(specs),
        tasks=tuple(tasks),
        task_titles=titles,
        indicator_results=indicator_results,
        task_results=task_results,
        summary=summarise(specs, indicator_results),
    )


def _indicator_specs(s: Session, plan_id: int, plan_start_year: int | None) -> tuple[list[IndicatorSpec], dict[int, list[Observation]]]:
    groups = s.scalars(
        select(IndicatorGroup)
        .where(IndicatorGroup.plan_id == plan_id)
        .order_by(IndicatorGroup.position)
        .options(
            selectinload(IndicatorGroup.indicators).options(
                selectinload(Indicator.units).selectinload(IndicatorUnit.unit),
                selectinload(Indicator.targets),
            )
        )
    ).all()
    specs: list[IndicatorSpec] = []
    observations: dict[int, list[Observation]] = {}
    for g in groups:
        for i in g.indicators:
            specs.append(
                indicator_spec(i, g.name, plan_start_year, tuple(u.unit.name for u in i.units))
            )
            observations[i.id] = []
    # Values are the bulk (240,000 in a big plan): read four columns, not ORM objects, and
    # parse each distinct period once.
    periods: dict[str, Period] = {}
    rows = s.connection().execute(  # Core rows: no ORM bookkeeping per row
        select(Value.indicator_id, Value.period, Value.value, Value.data_year)
        .where(Value.indicator_id.in_(select(Indicator.id).where(Indicator.plan_id == plan_id)))
        .where(Value.value.is_not(None))
        .order_by(Value.id)
    )
    for indicator_id, period_text, value, data_year in rows:
        period = periods.get(period_text)
        if period is None:
            period = periods[period_text] = Period.parse(period_text)
        observations[indicator_id].append(Observation(period, value, data_year))
    return specs, observations


def indicator_spec(
    i: Indicator, group: str, plan_start_year: int | None, units: tuple[str, ...] = ()
) -> IndicatorSpec:
    """The evaluation's view of one stored indicator (its targets must be loaded)."""
    return IndicatorSpec(
        id=i.id,
        name=i.name,
        unit=i.unit_of_measure,
        direction=Direction(i.direction),
        targets=tuple(TargetSpec(t.year, t.value, TargetKind(t.kind)) for t in i.targets),
        weight=i.weight,
        baseline_value=i.baseline_value,
        baseline_year=i.baseline_year,
        scoring=Scoring(i.scoring),
        hand_score=i.hand_score,
        group=group,
        units=units,
        plan_start_year=plan_start_year,
    )


def _task_specs(s: Session, plan: Plan) -> tuple[list[TaskSpec], dict[int, str]]:
    groups = s.scalars(
        select(TaskGroup)
        .where(TaskGroup.plan_id == plan.id)
        .order_by(TaskGroup.position)
        .options(
            selectinload(TaskGroup.tasks).options(
                selectinload(Task.units).selectinload(TaskUnit.unit),
                selectinload(Task.task_force),
                selectinload(Task.progress_reports).selectinload(ProgressReport.unit),
            )
        )
    ).all()
    specs, titles = [], {}
    for g in groups:
        for t in g.tasks:
            titles[t.id] = f"{t.number} {t.title}"
            specs.append(
                TaskSpec(
                    id=t.id,
                    name=t.title,
                    deadline=t.deadline,
                    ongoing=t.ongoing,
                    units=tuple(u.unit.name for u in t.units),
                    task_force=t.task_force.name if t.task_force else None,
                    progress=tuple(
                        ProgressEntry(
                            period=Period.parse(r.period),
                            unit=r.unit.name if r.unit else None,
                            percent=r.percent,
                            status=r.status,
                            reported_on=r.reported_on,
                        )
                        for r in t.progress_reports
                    ),
                    reports_expected=plan.reporting_day is not None,
                )
            )
    return specs, titles


# --- the `check` contract ------------------------------------------------------------------


def check_records(check: PlanCheck) -> list[dict[str, Any]]:
    """One object per indicator and task, in the shape of `check --json`."""
    records: list[dict[str, Any]] = []
    for spec in check.indicators:
        r = check.indicator_results[spec.id]
        records.append(
            {
                "kind": "indicator",
                "id": spec.id,
                "name": spec.name,
                "group": spec.group,
                "unit": spec.unit,
                "status": r.status.value,
                "light": r.light.value,
                "target": r.target,
                "target_year": r.target_year,
                "target_kind": r.target_kind.value if r.target_kind else None,
                "actual": r.actual,
                "period": r.period,
                "data_year": r.data_year,
                "completion": _ratio(r.completion),
                "expected": r.expected,
                "projection": r.projection.linear if r.projection else None,
                "will_reach": r.projection.will_reach if r.projection else None,
                "score": r.score,
                "note": r.note,
            }
        )
    for spec in check.tasks:
        t = check.task_results[spec.id]
        records.append(
            {
                "kind": "task",
                "id": spec.id,
                "name": check.task_titles[spec.id],
                "units": list(spec.units),
                "status": t.status.value,
                "light": t.light.value,
                "target": None,
                "target_year": None,
                "actual": t.percent,
                "period": t.last_period,
                "completion": _ratio(t.percent / 100) if t.percent is not None else None,
                "expected": None,
                "projection": None,
                "score": None,
                "deadline": t.deadline,
                "days_left": t.days_left,
                "missing_units": list(t.missing_units),
            }
        )
    return records


def _ratio(value: Decimal | None) -> Decimal | None:
    return value.quantize(Decimal("0.0001")) if value is not None else None
