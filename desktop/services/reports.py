"""Exporting the official report formats: gather the data, let a report module lay it out,
write the file atomically.

Each report module in ``desktop.workbooks.reports`` takes plain data and returns a workbook;
this module is the only place that knows where that data comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models import CollectionRound, Indicator, Plan, ProgressReport, RoundUnit, Task, TaskUnit, Unit
from desktop.domain.periods import Period, PeriodError
from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.evaluation import PlanCheck, check_plan
from desktop.services.plans import dump_plan
from desktop.services.report_catalog import REPORTS



@dataclass(frozen=True)
class ExportRequest:
    report: str
    plan_id: int
    out: Path
    period: str | None = None
    unit: str | None = None
    as_of: dt.date | None = None


def export_report(database: Database, request: ExportRequest) -> Path:
    """Write the requested report to ``request.out``; returns the path written."""
    try:
        exporter = _EXPORTERS[request.report]
    except KeyError:
        known = "、".join(REPORTS)
        raise UserError(f"没有名为“{request.report}”的报表。可用的报表：{known}。") from None
    return exporter(database, request)


# --- helpers -------------------------------------------------------------------------------


def _period(text: str | None, default: Period) -> Period:
    if text is None:
        return default
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise UserError(f"报送期“{text}”无效：{exc}") from exc


def _save(wb: Any, path: Path) -> Path:
    from desktop.workbooks.styles import save_atomic

    return save_atomic(wb, path)


def _check(database: Database, request: ExportRequest) -> PlanCheck:
    return check_plan(database, request.plan_id, request.as_of)


def _resolve_unit(database: Database, name: str | None) -> str | None:
    if name is None:
        return None
    from desktop.services.units import unit_directory

    with database.read() as s:
        resolution = unit_directory(s).resolve(name)
    if resolution.name is None:
        raise UserError(f"单位“{name}”不在单位名单中。请检查名称，或先在单位名单中添加它或它的别名。")
    return resolution.name


# --- the reports ---------------------------------------------------------------------------


def _indicator_system(database: Database, request: ExportRequest) -> Path:
    from desktop.workbooks.reports import indicator_system

    return _save(indicator_system.build(dump_plan(database, request.plan_id)), request.out)


def _task_division(database: Database, request: ExportRequest) -> Path:
    from desktop.workbooks.reports import task_division

    return _save(task_division.build(dump_plan(database, request.plan_id)), request.out)


def _indicator_status(database: Database, request: ExportRequest) -> Path:
    from desktop.workbooks.reports import indicator_status

    check = _check(database, request)
    plan = dump_plan(database, request.plan_id)
    return _save(indicator_status.build(plan, check.indicator_results), request.out)


def _evaluation(database: Database, request: ExportRequest) -> Path:
    from desktop.workbooks.reports import evaluation

    check = _check(database, request)
    plan = dump_plan(database, request.plan_id)
    return _save(evaluation.build(plan, check.indicator_results, check.summary), request.out)


def _default_month(as_of: dt.date) -> Period:
    return Period.month(as_of.year, as_of.month)


def _task_progress(database: Database, request: ExportRequest) -> Path:
    from desktop.workbooks.reports.task_progress import ProgressRow, build

    as_of = request.as_of or dt.date.today()
    month = _period(request.period, _default_month(as_of))
    unit_filter = _resolve_unit(database, request.unit)
    check = check_plan(database, request.plan_id, as_of)
    with database.read() as s:
        plan = s.get(Plan, request.plan_id)
        assert plan is not None  # check_plan raised otherwise
        tasks = s.scalars(
            select(Task)
            .where(Task.plan_id == request.plan_id)
            .options(
                selectinload(Task.units).selectinload(TaskUnit.unit),
                selectinload(Task.task_force),
                selectinload(Task.group),
                selectinload(Task.progress_reports).selectinload(ProgressReport.unit),
            )
        ).all()
        tasks = sorted(tasks, key=lambda t: (t.group.position, t.position))
        by_force = any(t.task_force is not None for t in tasks)
        rows = []
        for t in tasks:
            unit_names = [u.unit.name for u in t.units]
            if unit_filter is not None and unit_filter not in unit_names:
                continue
            reports = [r for r in t.progress_reports if r.period == str(month)]
            result = check.task_results[t.id]
            rows.append(
                ProgressRow(
                    number=t.number,
                    task=t.title,
                    units=tuple(u.written_name for u in t.units),
                    deadline_text=t.deadline_text,
                    progress=_joined(reports, "progress_text"),
                    problems=_joined(reports, "problems"),
                    next_steps=_joined(reports, "next_steps"),
                    status=result.status.value,
                    group=(t.task_force.name if t.task_force else "其他任务")
                    if by_force
                    else (t.units[0].unit.name if t.units else "未指定单位"),
                )
            )
        plan_name = plan.name
    wb = build(plan_name, month.label, rows, grouped_by="task_force" if by_force else "unit")
    return _save(wb, request.out)


def _joined(reports: list[ProgressReport], field: str) -> str | None:
    parts = []
    for r in reports:
        text = getattr(r, field)
        if text:
            parts.append(f"{r.unit.name}：{text}" if len(reports) > 1 and r.unit else text)
    return "\n".join(parts) or None


@dataclass(frozen=True)
class OwedItem:
    unit: str
    kind: str
    contact_person: str | None
    contact_phone: str | None
    owed: tuple[str, ...]
    late: bool


def owed_units(database: Database, plan_id: int, period: Period, as_of: dt.date) -> tuple[list[OwedItem], dt.date | None]:
    """Units that owe figures or progress for ``period``, and the due date when a round sets one.

    With a collection round for the period, the round's expected units and returns decide;
    without one, every lead unit owes the indicators it leads that have no value for the
    period and (when the plan collects monthly progress) the tasks it leads that have no
    progress report for the month.
    """
    with database.read() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise UserError(f"没有编号为 {plan_id} 的方案。")
        indicators = s.scalars(
            select(Indicator).where(Indicator.plan_id == plan_id).options(
                selectinload(Indicator.units), selectinload(Indicator.values)
            ).order_by(Indicator.id)
        ).all()
        tasks = s.scalars(
            select(Task).where(Task.plan_id == plan_id).options(
                selectinload(Task.units), selectinload(Task.progress_reports)
            ).order_by(Task.id)
        ).all()
        owed: dict[int, list[str]] = {}
        for i in indicators:
            if i.direction == "qualitative":  # scored by hand, not reported as a figure
                continue
            if i.units and not any(v.period == str(period) and v.value is not None for v in i.values):
                owed.setdefault(i.units[0].unit_id, []).append(f"指标：{i.name}")
        if plan.reporting_day is not None or period.kind.value == "month":
            for t in tasks:
                if t.units and not any(r.period == str(period) for r in t.progress_reports):
                    owed.setdefault(t.units[0].unit_id, []).append(f"任务 {t.number}")
        round_ = s.scalar(
            select(CollectionRound)
            .where(CollectionRound.plan_id == plan_id, CollectionRound.period == str(period))
            .order_by(CollectionRound.id.desc())
            .options(selectinload(CollectionRound.units).selectinload(RoundUnit.unit))
        )
        due = round_.due if round_ is not None else None
        late_ids: set[int] = set()
        if round_ is not None:
            expected = {ru.unit_id: ru for ru in round_.units}
            owed = {uid: items for uid, items in owed.items() if uid in expected}
            for uid, ru in expected.items():
                if ru.returned_at is None:
                    owed.setdefault(uid, ["本期报送表"])
                else:
                    owed.pop(uid, None)
                    if ru.returned_at.date() > round_.due:
                        late_ids.add(uid)
        units = {u.id: u for u in s.scalars(select(Unit).where(Unit.id.in_(set(owed) | late_ids)))}
        out = [
            OwedItem(units[uid].name, units[uid].kind, units[uid].contact_person, units[uid].contact_phone,
                     tuple(items), uid in late_ids)
            for uid, items in owed.items()
        ]
        out += [
            OwedItem(units[uid].name, units[uid].kind, units[uid].contact_person, units[uid].contact_phone,
                     ("已逾期报送",), True)
            for uid in sorted(late_ids - set(owed))
        ]
    return out, due


def _default_collection_period(database: Database, plan_id: int, as_of: dt.date) -> Period:
    with database.read() as s:
        plan = s.get(Plan, plan_id)
        monthly = plan is not None and plan.reporting_day is not None
        day = plan.reporting_day if plan is not None and plan.reporting_day else 27
    if monthly:
        month_start = as_of.replace(day=1)
        due_month = month_start if as_of.day > day else month_start - dt.timedelta(days=1)
        return Period.month(due_month.year, due_month.month)
    return Period.year_of(as_of.year - 1)


def _missing(database: Database, request: ExportRequest) -> Path:
    from desktop.workbooks.reports.missing import OwedUnit, build

    as_of = request.as_of or dt.date.today()
    period = _period(request.period, _default_collection_period(database, request.plan_id, as_of))
    unit_filter = _resolve_unit(database, request.unit)
    items, due = owed_units(database, request.plan_id, period, as_of)
    rows = [
        OwedUnit(i.unit, i.kind, i.contact_person, i.contact_phone, i.owed, i.late)
        for i in items
        if unit_filter is None or i.unit == unit_filter
    ]
    plan = dump_plan(database, request.plan_id)
    return _save(build(plan["plan"]["name"], period.label, due, rows, as_of), request.out)


def _bulletin(database: Database, request: ExportRequest) -> Path:
    from desktop.services.bulletin_facts import bulletin_facts
    from desktop.domain.bulletin import compose_bulletin
    from desktop.workbooks.reports.bulletin import write_docx, write_txt

    suffix = request.out.suffix.lower()
    if suffix not in (".docx", ".txt"):
        raise UserError(f"进展通报只能保存为 .docx 或 .txt 文件，而不是“{request.out.name}”。")
    as_of = request.as_of or dt.date.today()
    check = check_plan(database, request.plan_id, as_of)
    period = _period(request.period, _default_collection_period(database, request.plan_id, as_of))
    owed, due = owed_units(database, request.plan_id, period, as_of)
    facts = bulletin_facts(
        check,
        period,
        units_not_reported=[o.unit for o in owed if not o.late],
        units_late=[o.unit for o in owed if o.late],
        next_due=due,
    )
    title = f"{check.plan_name}进展通报（{period.label}）"
    writer = write_docx if suffix == ".docx" else write_txt
    return writer(title, compose_bulletin(facts), request.out)


_EXPORTERS: dict[str, Callable[[Database, ExportRequest], Path]] = {
    "indicator-system": _indicator_system,
    "task-division": _task_division,
    "indicator-status": _indicator_status,
    "task-progress": _task_progress,
    "evaluation": _evaluation,
    "missing": _missing,
    "bulletin": _bulletin,
}

