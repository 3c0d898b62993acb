"""Units (departments, counties, sections) and their aliases in the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.models import Indicator, IndicatorUnit, Task, TaskGoal, TaskGoalUnit, TaskUnit, Unit, UnitAlias
from desktop.domain.unit_names import UnitDirectory, UnitEntry
from desktop.services.database import Database

UNIT_KIND_LABELS = {
    "department": "市直部门",
    "county": "县（市、区）",
    "zone": "功能区",
    "section": "局内科室",
    "enterprise": "企业和院校",
    "other": "其他",
}


@dataclass(frozen=True)
class UnitRow:
    """One unit as the 单位 page lists it, with what it is responsible for in one plan."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...]
    contact_person: str | None
    contact_phone: str | None
    indicators: int  # indicators of the plan that name the unit
    lead_tasks: int  # tasks of the plan it leads (first responsible unit)
    tasks: int  # tasks of the plan it leads or cooperates on (task or goal rows)

    @property
    def in_plan(self) -> bool:
        return bool(self.indicators or self.tasks)

    @property
    def kind_label(self) -> str:
        return UNIT_KIND_LABELS.get(self.kind, self.kind)


def _pairs(result: Iterable[Any]) -> dict[int, int]:
    return {key: n for key, n in result}


def list_units(database: Database, plan_id: int | None) -> list[UnitRow]:
    """Every unit (units are shared by all plans) with its counts in plan ``plan_id``."""
    with database.read() as s:
        units = s.scalars(select(Unit).options(selectinload(Unit.aliases)).order_by(Unit.id)).all()
        indicators: dict[int, int] = {}
        lead: dict[int, int] = {}
        tasks: dict[int, set[int]] = {}
        if plan_id is not None:
            indicators = _pairs(
                s.execute(
                    select(IndicatorUnit.unit_id, func.count(func.distinct(IndicatorUnit.indicator_id)))
                    .join(Indicator, Indicator.id == IndicatorUnit.indicator_id)
                    .where(Indicator.plan_id == plan_id)
                    .group_by(IndicatorUnit.unit_id)
                )
            )
            lead = _pairs(
                s.execute(
                    select(TaskUnit.unit_id, func.count(func.distinct(TaskUnit.task_id)))
                    .join(Task, Task.id == TaskUnit.task_id)
                    .where(Task.plan_id == plan_id, TaskUnit.position == 0)
                    .group_by(TaskUnit.unit_id)
                )
            )
            pairs = list(s.execute(
                select(TaskUnit.unit_id, TaskUnit.task_id)
                .join(Task, Task.id == TaskUnit.task_id).where(Task.plan_id == plan_id)
            ).all()) + list(s.execute(
                select(TaskGoalUnit.unit_id, TaskGoal.task_id)
                .join(TaskGoal, TaskGoal.id == TaskGoalUnit.goal_id)
                .join(Task, Task.id == TaskGoal.task_id).where(Task.plan_id == plan_id)
            ).all())
            for unit_id, task_id in pairs:
                tasks.setdefault(unit_id, set()).add(task_id)
        return [
            UnitRow(
                id=u.id, name=u.name, kind=u.kind, aliases=tuple(a.alias for a in u.aliases),
                contact_person=u.contact_person, contact_phone=u.contact_phone,
                indicators=indicators.get(u.id, 0), lead_tasks=lead.get(u.id, 0),
                tasks=len(tasks.get(u.id, ())),
            )
            for u in units
        ]


def sync_unit_list(session: Session, entries: Iterable[UnitEntry]) -> None:
    """Add the bundled units and aliases the database does not have yet.

    Existing rows are left alone: the clerk may have renamed or merged units, and the
    bundled list must never undo that.
    """
    units = {u.name: u for u in session.scalars(select(Unit).options(selectinload(Unit.aliases)))}
    taken = set(units) | {a.alias for u in units.values() for a in u.aliases}
    for entry in entries:
        unit = units.get(entry.name)
        if unit is None:
            if entry.name in taken:
                continue
            unit = Unit(name=entry.name, kind=entry.kind)
            session.add(unit)
            units[entry.name] = unit
            taken.add(entry.name)
        for alias in entry.aliases:
            if alias not in taken:
                unit.aliases.append(UnitAlias(position=len(unit.aliases), alias=alias))
                taken.add(alias)
    session.flush()


def unit_directory(session: Session) -> UnitDirectory:
    units = session.scalars(select(Unit).options(selectinload(Unit.aliases)).order_by(Unit.id))
    return UnitDirectory(
        UnitEntry(u.name, u.kind, tuple(a.alias for a in u.aliases)) for u in units
    )
