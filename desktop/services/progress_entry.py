"""Key tasks and their monthly progress, as the task page shows and edits them.

The clerk picks a task, reads what it promises (goals, milestones, earlier reports) and
types this month's progress for one responsible unit. Each save is one transaction that
writes the (task, month, unit) report and an audit row with the values before and after,
so nothing typed is ever lost without a trace. Statuses come from the same domain
evaluation as ``check`` (``desktop.domain.evaluation.tasks``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import (
    AuditLog,
    Milestone,
    Plan,
    ProgressReport,
    Task,
    TaskGoal,
    TaskGoalUnit,
    TaskGroup,
    TaskUnit,
    Unit,
)
from desktop.domain.evaluation.specs import ProgressEntry, TaskSpec, Thresholds
from desktop.domain.evaluation.tasks import evaluate_task, report_due_month
from desktop.domain.periods import Period, PeriodError, PeriodKind
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.evaluation import thresholds_of
from desktop.services.os_user import current_user
from desktop.services.period_locks import ensure_unlocked
from desktop.services.units import unit_directory

if TYPE_CHECKING:
    from desktop.services.history import History

REPORT_STATUSES: tuple[str, ...] = ("未启动", "推进中", "已完成", "滞后")
"""The status words a progress report may carry (DESIGN.md, Domain: Progress report)."""

TASK_STATUSES: tuple[str, ...] = ("逾期", "未报送", "即将到期", "正常", "持续推进", "已完成")
"""Task statuses of evaluation, most urgent first (the order of the status filter and sort)."""

ORIGIN_TYPED = "typed"
REASON_TYPED = "typed"


@dataclass(frozen=True)
class TaskRow:
    """One key task as the task table shows it, judged on ``as_of``."""

    id: int
    order: int  # position in the document (group, then task)
    group: str
    number: str
    title: str
    units: tuple[str, ...]  # responsible units, lead first (current names)
    task_force: str | None
    deadline: dt.date | None
    deadline_text: str | None  # the document's own words: 2022年12月底前
    ongoing: bool
    status: str  # one of TASK_STATUSES
    light: str  # green | yellow | red | grey
    days_left: int | None  # negative when overdue
    percent: Decimal | None  # latest reported percent done
    period: str | None  # canonical month of that report (2022-07)
    missing_units: tuple[str, ...] = ()  # who still owes the due month's report


@dataclass(frozen=True)
class GoalInfo:
    text: str
    units: tuple[str, ...]  # as the document wrote them
    deadline_text: str | None


@dataclass(frozen=True)
class MilestoneInfo:
    id: int
    period: str | None  # canonical period (2022Q1) or None
    period_label: str | None  # 2022年第一季度
    text: str
    due: dt.date | None
    done_on: dt.date | None


@dataclass(frozen=True)
class ReportInfo:
    id: int
    period: str  # canonical month
    period_label: str  # 2022年7月
    unit: str | None  # None: reported for the lead / the task force
    percent: Decimal | None
    status: str | None
    progress_text: str | None
    problems: str | None
    next_steps: str | None
    reported_on: dt.date | None
    origin: str


@dataclass(frozen=True)
class UnitChoice:
    """A unit the clerk may report for; ``name`` None stands for the lead or task force."""

    name: str | None
    label: str


@dataclass(frozen=True)
class TaskDetail:
    id: int
    plan_id: int
    group: str
    number: str
    title: str
    body: str | None
    deadline: dt.date | None
    deadline_text: str | None
    ongoing: bool
    units: tuple[str, ...]  # current names, lead first
    written_units: tuple[str, ...]  # as the document wrote them, same order
    task_force: str | None
    goals: tuple[GoalInfo, ...]
    milestones: tuple[MilestoneInfo, ...]
    reports: tuple[ReportInfo, ...]  # newest month first
    unit_choices: tuple[UnitChoice, ...]  # lead first

    def report_for(self, period: str, unit: str | None) -> ReportInfo | None:
        """The existing report of ``period`` (canonical) by ``unit``, if any."""
        for report in self.reports:
            if report.period == period and report.unit == unit:
                return report
        return None


class ProgressEntryService:
    """Read tasks with their status; write monthly progress and milestone ticks (audited)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    # --- reading ----------------------------------------------------------------------

    def tasks(self, plan_id: int, as_of: dt.date | None = None) -> list[TaskRow]:
        """Every task of the plan in document order, judged on ``as_of`` (default today)."""
        as_of = as_of or dt.date.today()
        with self._db.read() as s:
            plan = s.get(Plan, plan_id)
            if plan is None:
                raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先在“当前方案”中选择一个已有方案。")
            thresholds = thresholds_of(plan)
            expected = plan.reporting_day is not None
            tasks = s.scalars(
                select(Task)
                .join(TaskGroup, Task.group_id == TaskGroup.id)
                .where(Task.plan_id == plan_id)
                .order_by(TaskGroup.position, Task.position, Task.id)
                .options(*_task_load_options())
            ).all()
            return [_row(t, order, as_of, thresholds, expected) for order, t in enumerate(tasks)]

    def due_month(self, plan_id: int, as_of: dt.date | None = None) -> Period | None:
        """The month whose progress report is owed on ``as_of``; None if the plan collects none."""
        as_of = as_of or dt.date.today()
        with self._db.read() as s:
            plan = s.get(Plan, plan_id)
            if plan is None or plan.reporting_day is None:
                return None
            return report_due_month(as_of, thresholds_of(plan))

    def task(self, task_id: int, as_of: dt.date | None = None) -> TaskRow:
        """One task's row, e.g. to refresh it after a save (``order`` is not meaningful)."""
        as_of = as_of or dt.date.today()
        with self._db.read() as s:
            t = s.scalar(select(Task).where(Task.id == task_id).options(*_task_load_options()))
            if t is None:
                raise NotFoundError(_NO_TASK.format(task_id))
            plan = t.plan
            return _row(t, 0, as_of, thresholds_of(plan), plan.reporting_day is not None)

    def detail(self, task_id: int) -> TaskDetail:
        with self._db.read() as s:
            t = s.scalar(
                select(Task)
                .where(Task.id == task_id)
                .options(
                    selectinload(Task.group),
                    selectinload(Task.task_force),
                    selectinload(Task.units).selectinload(TaskUnit.unit),
                    selectinload(Task.goals).selectinload(TaskGoal.units).selectinload(TaskGoalUnit.unit),
                    selectinload(Task.milestones),
                    selectinload(Task.progress_reports).selectinload(ProgressReport.unit),
                )
            )
            if t is None:
                raise NotFoundError(_NO_TASK.format(task_id))
            units = tuple(u.unit.name for u in t.units)
            goal_units = [u.unit.name for g in t.goals for u in g.units]
            choices: list[UnitChoice] = []
            for i, name in enumerate(dict.fromkeys([*units, *goal_units])):
                choices.append(UnitChoice(name, f"{name}（牵头）" if i == 0 and units else name))
            if not units:
                lead_label = f"{t.task_force.name}（专班）" if t.task_force else "牵头单位"
                choices.insert(0, UnitChoice(None, lead_label))
            reports = sorted(
                t.progress_reports,
                key=lambda r: (_period_key(r.period), r.updated_at or dt.datetime.min, r.id),
                reverse=True,
            )
            return TaskDetail(
                id=t.id,
                plan_id=t.plan_id,
                group=t.group.name,
                number=t.number,
                title=t.title,
                body=t.body,
                deadline=t.deadline,
                deadline_text=t.deadline_text,
                ongoing=t.ongoing,
                units=units,
                written_units=tuple(u.written_name for u in t.units),
                task_force=t.task_force.name if t.task_force else None,
                goals=tuple(
                    GoalInfo(g.text, tuple(u.written_name for u in g.units), g.deadline_text) for g in t.goals
                ),
                milestones=tuple(
                    MilestoneInfo(m.id, m.period, _period_label(m.period), m.text, m.due, m.done_on)
                    for m in t.milestones
                ),
                reports=tuple(_report_info(r) for r in reports),
                unit_choices=tuple(choices),
            )

    # --- writing ----------------------------------------------------------------------

    def save_progress(
        self,
        task_id: int,
        period: str,
        unit: str | None,
        percent: Decimal | None,
        status: str | None,
        progress_text: str | None,
        problems: str | None,
        next_steps: str | None,
        *,
        reported_on: dt.date | None = None,
    ) -> None:
        """Insert or update the report of (task, month, unit) in one audited transaction.

        ``unit`` None reports for the lead unit (or the task force of a task without
        units). Raises ``UserError`` with a Chinese message for a month that is not a
        month, a percent outside 0–100, an unknown status or unit, or an empty report.
        """
        month = _month(period)
        percent = _percent(percent)
        status = _clean(status)
        if status is not None and status not in REPORT_STATUSES:
            raise UserError(f"状态“{status}”无效，请选择{'、'.join(REPORT_STATUSES)}之一。")
        progress_text, problems, next_steps = _clean(progress_text), _clean(problems), _clean(next_steps)
        if percent is None and status is None and not (progress_text or problems or next_steps):
            raise UserError("进展内容为空：请至少填写完成进度、状态或工作进展中的一项，再保存。")
        reported_on = reported_on or dt.date.today()
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        new = {
            "percent": _fmt(percent),
            "status": status,
            "progress_text": progress_text,
            "problems": problems,
            "next_steps": next_steps,
        }
        with self._db.write() as s:
            task = s.get(Task, task_id)
            if task is None:
                raise NotFoundError(_NO_TASK.format(task_id))
            ensure_unlocked(s, task.plan_id, [str(month)], "填报该月的进展")
            unit_id = _unit_id(s, task, unit)
            row = s.scalar(
                select(ProgressReport).where(
                    ProgressReport.task_id == task_id,
                    ProgressReport.period == str(month),
                    ProgressReport.unit_id.is_(None) if unit_id is None else ProgressReport.unit_id == unit_id,
                )
            )
            if row is None:
                row = ProgressReport(task_id=task_id, period=str(month), unit_id=unit_id)
                s.add(row)
                old: dict[str, Any] | None = None
            else:
                old = {
                    "percent": _fmt(row.percent),
                    "status": row.status,
                    "progress_text": row.progress_text,
                    "problems": row.problems,
                    "next_steps": row.next_steps,
                }
                if old == new:
                    return  # nothing changed: no write, no audit noise
                old |= {"origin": row.origin, "reported_on": _iso(row.reported_on)}
            row.percent, row.status, row.progress_text = percent, status, progress_text
            row.problems, row.next_steps = problems, next_steps
            row.reported_on, row.origin, row.batch_id, row.updated_at = reported_on, ORIGIN_TYPED, None, now
            s.flush()
            s.add(
                AuditLog(
                    at=now,
                    os_user=current_user(),
                    plan_id=task.plan_id,
                    entity="progress_report",
                    entity_id=row.id,
                    field="progress",
                    old=_json(old),
                    new=_json(new | {"period": str(month), "unit": unit if unit_id is not None else None}),
                    reason=REASON_TYPED,
                )
            )

    def history(self, task_id: int) -> History:
        """The task's audit history (progress reports, milestones, edits), newest first."""
        from desktop.services.history import task_history

        with self._db.read() as s:
            task = s.get(Task, task_id)
            if task is None:
                raise NotFoundError(_NO_TASK.format(task_id))
            plan_id = task.plan_id
        return task_history(self._db, plan_id, task_id)

    def set_milestone_done(self, milestone_id: int, done_on: dt.date | None) -> None:
        """Tick off a milestone on ``done_on`` (None: not done); audited, no-op if unchanged."""
        with self._db.write() as s:
            m = s.get(Milestone, milestone_id)
            if m is None:
                raise NotFoundError(f"没有编号为 {milestone_id} 的推进计划节点，可能已被删除。请刷新后再试。")
            if m.done_on == done_on:
                return
            old = m.done_on
            m.done_on = done_on
            s.add(
                AuditLog(
                    os_user=current_user(),
                    plan_id=m.task.plan_id,
                    entity="milestone",
                    entity_id=m.id,
                    field="done_on",
                    old=_iso(old),
                    new=_iso(done_on),
                    reason=REASON_TYPED,
                )
            )


# --- helpers -----------------------------------------------------------------------------

_NO_TASK = "没有编号为 {} 的任务，可能已被删除。请刷新任务列表后再试。"


def _task_load_options() -> tuple[Any, ...]:
    return (
        selectinload(Task.group),
        selectinload(Task.task_force),
        selectinload(Task.units).selectinload(TaskUnit.unit),
        selectinload(Task.progress_reports).selectinload(ProgressReport.unit),
    )


def _row(t: Task, order: int, as_of: dt.date, thresholds: Thresholds, reports_expected: bool) -> TaskRow:
    units = tuple(u.unit.name for u in t.units)
    task_force = t.task_force.name if t.task_force else None
    spec = TaskSpec(
        id=t.id,
        name=t.title,
        deadline=t.deadline,
        ongoing=t.ongoing,
        units=units,
        task_force=task_force,
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
        reports_expected=reports_expected,
    )
    result = evaluate_task(spec, as_of, thresholds)
    return TaskRow(
        id=t.id,
        order=order,
        group=t.group.name,
        number=t.number,
        title=t.title,
        units=units,
        task_force=task_force,
        deadline=t.deadline,
        deadline_text=t.deadline_text,
        ongoing=t.ongoing,
        status=result.status.value,
        light=result.light.value,
        days_left=result.days_left,
        percent=result.percent,
        period=result.last_period,
        missing_units=result.missing_units,
    )


def _report_info(r: ProgressReport) -> ReportInfo:
    return ReportInfo(
        id=r.id,
        period=r.period,
        period_label=_period_label(r.period) or r.period,
        unit=r.unit.name if r.unit else None,
        percent=r.percent,
        status=r.status,
        progress_text=r.progress_text,
        problems=r.problems,
        next_steps=r.next_steps,
        reported_on=r.reported_on,
        origin=r.origin,
    )


def _unit_id(s: Session, task: Task, unit: str | None) -> int | None:
    """The unit row a report is for: one of the task's (or its goals') units, by name or alias."""
    unit = _clean(unit)
    if unit is None:
        return None
    allowed: dict[int, TaskUnit | TaskGoalUnit] = {u.unit_id: u for u in task.units}
    for goal in task.goals:
        for gu in goal.units:
            allowed.setdefault(gu.unit_id, gu)
    for ref in allowed.values():
        if unit in (ref.unit.name, ref.written_name):
            return ref.unit_id
    resolved = unit_directory(s).resolve(unit).name
    if resolved is not None:
        for ref in allowed.values():
            if ref.unit.name == resolved:
                return ref.unit_id
    if not allowed and resolved is not None:  # a task without units may name any known unit
        return s.scalar(select(Unit.id).where(Unit.name == resolved))
    names = "、".join(dict.fromkeys(ref.unit.name for ref in allowed.values())) or "（无）"
    raise UserError(f"“{unit}”不是任务 {task.number} 的责任单位。可选的单位：{names}。")


def _month(period: str) -> Period:
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        raise UserError(f"月份无效：{exc}") from exc
    if parsed.kind is not PeriodKind.MONTH:
        raise UserError(f"“{period}”不是一个月份。进展按月填报，请写成 2022-07 或 2022年7月。")
    return parsed


def _percent(value: Decimal | int | str | None) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = Decimal(str(value).strip().rstrip("%％"))
    except InvalidOperation:
        raise UserError(f"完成进度“{value}”不是数字，请填写 0 到 100 之间的百分数。") from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise UserError(f"完成进度 {value}% 超出范围，请填写 0 到 100 之间的百分数。")
    return number


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _fmt(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _json(fields: dict[str, Any] | None) -> str | None:
    return None if fields is None else json.dumps(fields, ensure_ascii=False, sort_keys=True)


def _period_key(text: str) -> tuple[dt.date, int]:
    """Later months first when reversed; unreadable periods sort last."""
    try:
        period = Period.parse(text)
    except PeriodError:
        return (dt.date.min, 0)
    return (period.end, -period.months)


def _period_label(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return Period.parse(text).label
    except PeriodError:
        return text


__all__ = [
    "REPORT_STATUSES",
    "TASK_STATUSES",
    "GoalInfo",
    "MilestoneInfo",
    "ProgressEntryService",
    "ReportInfo",
    "TaskDetail",
    "TaskRow",
    "UnitChoice",
]
