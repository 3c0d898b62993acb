"""Checking a plan against its targets and deadlines: the database side of evaluation.

Reads one plan with plain SQL (``sql_rows``: it also serves the start-up overview, before
SQLAlchemy is loaded) into the plain specs of ``desktop.domain.evaluation`` and lets the domain
judge it. The command line (``check``), the reports and the window share this one result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
from desktop.services import sql_rows
from desktop.services.sql_rows import RowSource, Rows


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


@dataclass(frozen=True)
class PlanSettings:
    """The plan's own row, as far as evaluation needs it."""

    id: int
    name: str
    base_year: int | None
    reporting_day: int | None
    lagging_threshold: Decimal | None
    severe_threshold: Decimal | None
    due_soon_days: int | None


def thresholds_of(plan: Any) -> Thresholds:
    """The plan's thresholds (``PlanSettings`` or the stored ``Plan``), defaults where unset."""
    default = Thresholds()
    return Thresholds(
        lagging=plan.lagging_threshold if plan.lagging_threshold is not None else default.lagging,
        severe=plan.severe_threshold if plan.severe_threshold is not None else default.severe,
        due_soon_days=plan.due_soon_days if plan.due_soon_days is not None else default.due_soon_days,
        reporting_day=plan.reporting_day if plan.reporting_day is not None else default.reporting_day,
    )


def check_plan(source: RowSource, plan_id: int, as_of: dt.date | None = None) -> PlanCheck:
    as_of = as_of or dt.date.today()
    with source.read_rows() as rows:
        plan = read_plan_settings(rows, plan_id)
        thresholds = thresholds_of(plan)
        specs = read_indicator_specs(rows, plan_id, plan.base_year)
        observations = read_observations(rows, plan_id)
        tasks, titles = _task_specs(rows, plan)
    indicator_results = {
        spec.id: evaluate_indicator(spec, observations.get(spec.id, []), as_of, thresholds) for spec in specs
    }
    task_results = {spec.id: evaluate_task(spec, as_of, thresholds) for spec in tasks}
    return PlanCheck(
        plan_id=plan_id,
        plan_name=plan.name,
        as_of=as_of,
        thresholds=thresholds,
        reporting_day=plan.reporting_day,
        indicators=tuple(specs),
        tasks=tuple(tasks),
        task_titles=titles,
        indicator_results=indicator_results,
        task_results=task_results,
        summary=summarise(specs, indicator_results),
    )


def read_plan_settings(rows: Rows, plan_id: int) -> PlanSettings:
    found = rows(
        "SELECT id, name, base_year, reporting_day, lagging_threshold, severe_threshold, due_soon_days"
        " FROM plan WHERE id = ?",
        (plan_id,),
    )
    if not found:
        raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先用 plans 命令查看已有方案的编号。")
    id_, name, base_year, reporting_day, lagging, severe, due_soon_days = found[0]
    return PlanSettings(
        id_, name, base_year, reporting_day, sql_rows.decimal(lagging), sql_rows.decimal(severe), due_soon_days
    )


def read_indicator_specs(
    rows: Rows, plan_id: int, plan_start_year: int | None, indicator_id: int | None = None
) -> list[IndicatorSpec]:
    """The plan's indicators in plan order (group, then position), or only ``indicator_id``."""
    only = " AND i.id = ?" if indicator_id is not None else ""
    params: tuple[int, ...] = (plan_id, indicator_id) if indicator_id is not None else (plan_id,)
    units: dict[int, list[str]] = {}
    for owner, name in rows(
        "SELECT iu.indicator_id, u.name FROM indicator_unit iu JOIN unit u ON u.id = iu.unit_id"
        f" JOIN indicator i ON i.id = iu.indicator_id WHERE i.plan_id = ?{only}"
        " ORDER BY iu.indicator_id, iu.position",
        params,
    ):
        units.setdefault(owner, []).append(name)
    targets: dict[int, list[TargetSpec]] = {}
    for owner, year, value, kind in rows(
        "SELECT t.indicator_id, t.year, t.value, t.kind FROM target t JOIN indicator i ON i.id = t.indicator_id"
        f" WHERE i.plan_id = ?{only} ORDER BY t.indicator_id, t.year, t.id",
        params,
    ):
        targets.setdefault(owner, []).append(TargetSpec(year, sql_rows.decimal(value), TargetKind(kind)))
    return [
        IndicatorSpec(
            id=id_,
            name=name,
            unit=unit,
            direction=Direction(direction),
            targets=tuple(targets.get(id_, ())),
            weight=sql_rows.decimal(weight),
            baseline_value=sql_rows.decimal(baseline_value),
            baseline_year=baseline_year,
            scoring=Scoring(scoring),
            hand_score=sql_rows.decimal(hand_score),
            group=group,
            units=tuple(units.get(id_, ())),
            plan_start_year=plan_start_year,
        )
        for id_, group, name, unit, direction, weight, baseline_value, baseline_year, scoring, hand_score in rows(
            "SELECT i.id, g.name, i.name, i.unit_of_measure, i.direction, i.weight, i.baseline_value,"
            " i.baseline_year, i.scoring, i.hand_score"
            " FROM indicator i JOIN indicator_group g ON g.id = i.group_id"
            f" WHERE g.plan_id = ?{only} ORDER BY g.position, g.id, i.position, i.id",
            params,
        )
    ]


def read_observations(rows: Rows, plan_id: int, indicator_id: int | None = None) -> dict[int, list[Observation]]:
    """Every stored figure of the plan (or of one indicator), in the order it was stored.

    Values are the bulk (240,000 in a big plan): four columns per row, and each distinct
    period parsed once.
    """
    only = " AND v.indicator_id = ?" if indicator_id is not None else ""
    params: tuple[int, ...] = (plan_id, indicator_id) if indicator_id is not None else (plan_id,)
    periods: dict[str, Period] = {}
    observations: dict[int, list[Observation]] = {}
    for owner, period_text, value, data_year in rows(
        "SELECT v.indicator_id, v.period, v.value, v.data_year FROM value v"
        f" WHERE v.indicator_id IN (SELECT id FROM indicator WHERE plan_id = ?){only}"
        " AND v.value IS NOT NULL ORDER BY v.id",
        params,
    ):
        period = periods.get(period_text)
        if period is None:
            period = periods[period_text] = Period.parse(period_text)
        figure = sql_rows.decimal(value)
        if figure is not None:  # the query keeps only stored figures; this tells the type checker
            observations.setdefault(owner, []).append(Observation(period, figure, data_year))
    return observations


def _task_specs(rows: Rows, plan: PlanSettings) -> tuple[list[TaskSpec], dict[int, str]]:
    units: dict[int, list[str]] = {}
    for owner, name in rows(
        "SELECT tu.task_id, u.name FROM task_unit tu JOIN unit u ON u.id = tu.unit_id"
        " JOIN task t ON t.id = tu.task_id WHERE t.plan_id = ? ORDER BY tu.task_id, tu.position",
        (plan.id,),
    ):
        units.setdefault(owner, []).append(name)
    progress: dict[int, list[ProgressEntry]] = {}
    for owner, period, unit, percent, status, reported_on in rows(
        "SELECT r.task_id, r.period, u.name, r.percent, r.status, r.reported_on FROM progress_report r"
        " JOIN task t ON t.id = r.task_id LEFT JOIN unit u ON u.id = r.unit_id"
        " WHERE t.plan_id = ? ORDER BY r.task_id, r.id",
        (plan.id,),
    ):
        progress.setdefault(owner, []).append(
            ProgressEntry(
                period=Period.parse(period),
                unit=unit,
                percent=sql_rows.decimal(percent),
                status=status,
                reported_on=sql_rows.date(reported_on),
            )
        )
    specs, titles = [], {}
    for id_, number, title, deadline, ongoing, task_force in rows(
        "SELECT t.id, t.number, t.title, t.deadline, t.ongoing, f.name"
        " FROM task t JOIN task_group g ON g.id = t.group_id LEFT JOIN task_force f ON f.id = t.task_force_id"
        " WHERE g.plan_id = ? ORDER BY g.position, g.id, t.position, t.id",
        (plan.id,),
    ):
        titles[id_] = f"{number} {title}"
        specs.append(
            TaskSpec(
                id=id_,
                name=title,
                deadline=sql_rows.date(deadline),
                ongoing=bool(ongoing),
                units=tuple(units.get(id_, ())),
                task_force=task_force,
                progress=tuple(progress.get(id_, ())),
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
    for task in check.tasks:
        t = check.task_results[task.id]
        records.append(
            {
                "kind": "task",
                "id": task.id,
                "name": check.task_titles[task.id],
                "units": list(task.units),
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
