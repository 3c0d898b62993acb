"""Gathering the facts of a 进展通报 from one evaluation of the plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from desktop.domain.bulletin import BulletinFacts, LaggingIndicator, OverdueTask, UnitOverdue
from desktop.domain.evaluation.results import Status, TaskStatus
from desktop.domain.periods import Period
from desktop.services.evaluation import PlanCheck


def bulletin_facts(
    check: PlanCheck,
    period: Period,
    units_not_reported: Sequence[str],
    units_late: Sequence[str] = (),
    units_expected: int | None = None,
    next_due: dt.date | None = None,
) -> BulletinFacts:
    lagging = []
    for spec in check.indicators:
        r = check.indicator_results[spec.id]
        if r.status in (Status.LAGGING, Status.SEVERELY_LAGGING):
            lagging.append(
                LaggingIndicator(
                    name=spec.name, actual=r.actual, expected=r.expected, unit=spec.unit,
                    status=r.status, units=spec.units,
                )
            )
    overdue: dict[str, list[OverdueTask]] = {}
    for spec in check.tasks:
        t = check.task_results[spec.id]
        if t.status is TaskStatus.OVERDUE:
            number, _, title = check.task_titles[spec.id].partition(" ")
            lead = spec.units[0] if spec.units else "未指定单位"
            overdue.setdefault(lead, []).append(
                OverdueTask(number=number, title=title, days_overdue=-t.days_left if t.days_left is not None else None)
            )
    return BulletinFacts(
        plan_name=check.plan_name,
        period_label=period.label,
        as_of=check.as_of,
        indicator_counts=Counter(r.status for r in check.indicator_results.values()),
        lagging=tuple(lagging),
        task_counts=Counter(t.status for t in check.task_results.values()),
        overdue=tuple(UnitOverdue(unit, tuple(tasks)) for unit, tasks in overdue.items()),
        units_not_reported=tuple(units_not_reported),
        units_late=tuple(units_late),
        units_expected=units_expected,
        reporting_day=check.reporting_day,
        next_due=next_due,
    )
