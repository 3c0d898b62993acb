"""Judging a key task (重点任务) against its deadline and the monthly reporting duty.

Order of precedence: a finished task is 已完成 whatever else; a passed deadline is 逾期;
a missing monthly report is 未报送 (the office chases it before anything else); then
即将到期, 持续推进 and 正常.
"""

from __future__ import annotations

import datetime as dt

from desktop.domain.evaluation.results import Light, TaskResult, TaskStatus
from desktop.domain.evaluation.specs import ProgressEntry, TaskSpec, Thresholds
from desktop.domain.periods import Period

DONE_WORD = "已完成"

_LIGHTS: dict[TaskStatus, Light] = {
    TaskStatus.DONE: Light.GREEN,
    TaskStatus.ON_TRACK: Light.GREEN,
    TaskStatus.ONGOING: Light.GREEN,
    TaskStatus.DUE_SOON: Light.YELLOW,
    TaskStatus.NOT_REPORTED: Light.YELLOW,
    TaskStatus.OVERDUE: Light.RED,
}

_DEFAULT_THRESHOLDS = Thresholds()


def evaluate_task(spec: TaskSpec, as_of: dt.date, thresholds: Thresholds = _DEFAULT_THRESHOLDS) -> TaskResult:
    """Judge ``spec`` as it stood on ``as_of``.

    A progress entry counts once its month has begun and, when its report date is
    known, once it has been reported (reports for month M are written during M, due on
    the reporting day). The latest entry decides 已完成 (status 已完成 or 100 %).
    """
    entries = [entry for entry in spec.progress if _visible(entry, as_of)]
    latest = _latest(spec, entries)
    days_left = None if spec.deadline is None else (spec.deadline - as_of).days
    done = latest is not None and _is_done(latest)
    missing = () if done or not spec.reports_expected else missing_reporters(spec, entries, as_of, thresholds)
    if done:
        status = TaskStatus.DONE
    elif days_left is not None and days_left < 0:
        status = TaskStatus.OVERDUE
    elif spec.reports_expected and missing is not None:
        status = TaskStatus.NOT_REPORTED
    elif days_left is not None and days_left <= thresholds.due_soon_days:
        status = TaskStatus.DUE_SOON
    elif spec.ongoing and spec.deadline is None:
        status = TaskStatus.ONGOING
    else:
        status = TaskStatus.ON_TRACK
    return TaskResult(
        task_id=spec.id,
        status=status,
        light=_LIGHTS[status],
        deadline=None if spec.deadline is None else spec.deadline.isoformat(),
        days_left=days_left,
        percent=None if latest is None else latest.percent,
        last_period=None if latest is None else str(latest.period),
        missing_units=missing or (),
    )


def report_due_month(as_of: dt.date, thresholds: Thresholds) -> Period:
    """The month whose progress report must be in by ``as_of``.

    Month M's report is due on the reporting day of M (the 27th): after that day the
    current month is owed, up to and including it the previous month is.
    """
    if as_of.day > thresholds.reporting_day:
        return Period.month(as_of.year, as_of.month)
    if as_of.month == 1:
        return Period.month(as_of.year - 1, 12)
    return Period.month(as_of.year, as_of.month - 1)


def missing_reporters(
    spec: TaskSpec, entries: list[ProgressEntry], as_of: dt.date, thresholds: Thresholds
) -> tuple[str, ...] | None:
    """Units (lead first) that owe the due month's report; None when nobody does.

    Every responsible unit reports; a task without units is reported by its task
    force. An entry without a unit, or written by the task force, stands for the lead.
    An empty tuple means a report is owed but no unit is named to owe it.
    """
    due = report_due_month(as_of, thresholds)
    month_units = {_reporter(spec, entry) for entry in entries if entry.period == due}
    if spec.units:
        expected: tuple[str, ...] = spec.units
    elif spec.task_force:
        expected = (spec.task_force,)
    else:
        return None if month_units else ()
    owing = tuple(unit for unit in dict.fromkeys(expected) if unit not in month_units)
    return owing or None


def _reporter(spec: TaskSpec, entry: ProgressEntry) -> str | None:
    lead = spec.units[0] if spec.units else spec.task_force
    if entry.unit is None or entry.unit == spec.task_force:
        return lead
    return entry.unit


def _visible(entry: ProgressEntry, as_of: dt.date) -> bool:
    """Known on ``as_of``: its month has begun and it was not reported later."""
    if entry.period.start > as_of:
        return False
    return entry.reported_on is None or entry.reported_on <= as_of


def _latest(spec: TaskSpec, entries: list[ProgressEntry]) -> ProgressEntry | None:
    """The latest month's entry: the lead unit's if it reported, else the last reported."""
    if not entries:
        return None
    last_period = max(entry.period for entry in entries)
    candidates = [entry for entry in entries if entry.period == last_period]
    lead = spec.units[0] if spec.units else None
    from_lead = [entry for entry in candidates if lead is not None and _reporter(spec, entry) == lead]
    pool = from_lead or candidates
    return max(enumerate(pool), key=lambda item: (item[1].reported_on or dt.date.min, item[0]))[1]


def _is_done(entry: ProgressEntry) -> bool:
    if entry.status is not None and entry.status.strip() == DONE_WORD:
        return True
    return entry.percent is not None and entry.percent >= 100
