"""Bundled plans transcribed from the seed documents, and loading one into a database.

A preset is data (resources/presets/NAME.json, format in docs/preset-format.md), so a
corrected transcription needs no code change. Loading is one transaction: either the whole
plan is there afterwards or nothing is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import (
    AuditLog,
    Indicator,
    IndicatorGroup,
    IndicatorUnit,
    Milestone,
    Plan,
    Target,
    Task,
    TaskForce,
    TaskForceMember,
    TaskGoal,
    TaskGoalUnit,
    TaskGroup,
    TaskUnit,
    Unit,
    Value,
)
from desktop.domain.deadlines import parse_deadline
from desktop.domain.periods import Period
from desktop.domain.unit_names import UnitDirectory, UnitEntry
from desktop.errors import NotFoundError, UserError
from desktop.resources import presets_dir
from desktop.services.database import Database
from desktop.services.os_user import current_user
from desktop.services.units import sync_unit_list, unit_directory

UNITS_FILE = "units.json"
DIRECTIONS = {"higher", "lower", "qualitative"}
TARGET_KINDS = {
    "level",
    "ceiling",
    "increase_points",
    "growth_rate",
    "yearly_flow",
    "cumulative",
    "qualitative",
}


@dataclass(frozen=True)
class PresetInfo:
    name: str
    plan_name: str
    doc_number: str | None
    city: str | None
    target_year: int | None


def _read_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def preset_names() -> list[str]:
    return sorted(p.stem for p in presets_dir().glob("*.json") if p.name != UNITS_FILE)


def read_preset(name: str) -> dict[str, Any]:
    path = presets_dir() / f"{name}.json"
    if name == Path(UNITS_FILE).stem or not path.is_file():
        known = "、".join(preset_names())
        raise NotFoundError(f"没有名为“{name}”的预置方案。可用的预置方案：{known}。")
    return _read_json(path)


def list_presets() -> list[PresetInfo]:
    infos = []
    for name in preset_names():
        plan = read_preset(name)["plan"]
        infos.append(
            PresetInfo(name, plan["name"], plan.get("doc_number"), plan.get("city"), plan.get("target_year"))
        )
    return infos


def shared_unit_entries() -> list[UnitEntry]:
    return [
        UnitEntry(e["name"], e["kind"], tuple(e.get("aliases", ())))
        for e in _read_json(presets_dir() / UNITS_FILE)
    ]


def load_preset(database: Database, name: str) -> int:
    """Create the plan of preset ``name``; returns the new plan's id."""
    doc = read_preset(name)
    with database.write() as session:
        if session.scalar(select(Plan.id).where(Plan.preset == name)) is not None:
            raise UserError(
                f"预置方案“{name}”已经载入过，不能重复载入。如需重新开始，请新建一个数据库文件（--db）。"
            )
        plan_id, _new_units = _create_plan(session, doc, preset=name, reason=f"载入预置方案 {name}")
        return plan_id


def load_plan_document(database: Database, doc: dict[str, Any], *, source: str) -> tuple[int, list[str]]:
    """Create a plan from a document in the preset format (e.g. read from the plan's own
    Excel attachments); ``source`` names where it came from for the audit trail.

    Returns the plan id and the unit names that were not in the unit list and were added.
    """
    with database.write() as session:
        return _create_plan(session, doc, preset=None, reason=f"从 {source} 导入方案", create_units=True)


def _create_plan(
    session: Session, doc: dict[str, Any], *, preset: str | None, reason: str, create_units: bool = False
) -> tuple[int, list[str]]:
    sync_unit_list(session, shared_unit_entries())
    plan, new_units = _build_plan(session, doc, unit_directory(session), create_units=create_units)
    plan.preset = preset
    session.add(plan)
    session.flush()
    session.add(
        AuditLog(
            os_user=current_user(),
            plan_id=plan.id,
            entity="plan",
            entity_id=plan.id,
            field=None,
            old=None,
            new=plan.name,
            reason=reason,
        )
    )
    return plan.id, new_units


# --- building the plan from the document --------------------------------------------


class _UnitRefs:
    """Resolves written unit names to rows.

    Unknown names are collected and refused for a bundled preset (its names must all be in
    the shared list). For a plan the clerk imports from another city's attachments they
    are created as new units on request and reported back — never silently.
    """

    def __init__(self, session: Session, directory: UnitDirectory, *, create_unknown: bool = False) -> None:
        self._session = session
        self._directory = directory
        self._by_name = {u.name: u for u in session.scalars(select(Unit))}
        self._create = create_unknown
        self.unknown: list[str] = []

    def resolve(self, written: str) -> Unit | None:
        res = self._directory.resolve(written)
        if res.name is not None:
            return self._by_name[res.name]
        if written not in self.unknown:
            self.unknown.append(written)
        if not self._create:
            return None
        unit = self._by_name.get(written)
        if unit is None:
            unit = self._by_name[written] = Unit(name=written, kind="other")
            self._session.add(unit)
        return unit

    def rows(self, names: Iterable[str], row_type: type) -> list[Any]:
        out = []
        for pos, written in enumerate(names):
            unit = self.resolve(written)
            if unit is not None:
                out.append(row_type(position=pos, unit=unit, written_name=written))
        return out


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _build_plan(
    session: Session, doc: dict[str, Any], directory: UnitDirectory, *, create_units: bool = False
) -> tuple[Plan, list[str]]:
    p = doc["plan"]
    plan = Plan(
        name=p["name"],
        doc_number=p.get("doc_number"),
        issuer=p.get("issuer"),
        issue_date=_date(p.get("issue_date")),
        city=p.get("city"),
        base_year=p.get("base_year"),
        target_year=p.get("target_year"),
        reporting_day=p.get("reporting_day"),
        review_months=list(p.get("review_months") or []),
        indicator_notes=list(p.get("indicator_notes") or []),
        source=doc.get("seed"),
    )
    refs = _UnitRefs(session, directory, create_unknown=create_units)
    # '3月底完成' in a plan issued in March 2022 means March 2022, not the target year.
    default_year = plan.issue_date.year if plan.issue_date else p.get("target_year")

    task_forces: dict[str, TaskForce] = {}
    position = 0
    for tf in doc.get("task_forces", []):
        row = TaskForce(
            position=position,
            kind="task_force",
            name=tf["name"],
            lead_leader=tf.get("lead_leader"),
            lead_person=tf.get("lead_person"),
            goals=list(tf.get("goals") or []),
            difficulties=list(tf.get("difficulties") or []),
            deadline_text=tf.get("deadline_text"),
        )
        row.people = _people(
            [("assisting_leader", n) for n in tf.get("assisting_leaders", [])]
            + [("member", n) for n in tf.get("members", [])]
        )
        task_forces[row.name] = row
        plan.task_forces.append(row)
        position += 1
    for lg in doc.get("leading_groups", []):
        row = TaskForce(
            position=position,
            kind="leading_group",
            name=lg["name"],
            lead_leader=lg.get("leader"),
            office=lg.get("office"),
        )
        row.people = _people(
            [("deputy_leader", n) for n in lg.get("deputy_leaders", [])]
            + [("member", n) for n in lg.get("members", [])]
        )
        plan.task_forces.append(row)
        position += 1

    tasks_by_number: dict[str, Task] = {}
    for gpos, g in enumerate(doc.get("task_groups", [])):
        group = TaskGroup(position=gpos, number=g.get("number"), name=g["name"])
        for tpos, t in enumerate(g.get("tasks", [])):
            task = _build_task(t, tpos, refs, task_forces, default_year)
            task.plan = plan
            if task.number in tasks_by_number:
                raise UserError(f"预置方案中任务序号“{task.number}”重复。")
            tasks_by_number[task.number] = task
            group.tasks.append(task)
        plan.task_groups.append(group)

    for gpos, g in enumerate(doc.get("indicator_groups", [])):
        group = IndicatorGroup(position=gpos, name=g["name"])
        for ipos, i in enumerate(g.get("indicators", [])):
            ind = _build_indicator(i, ipos, refs, tasks_by_number)
            ind.plan = plan
            group.indicators.append(ind)
        plan.indicator_groups.append(group)

    if refs.unknown and not create_units:
        raise UserError(
            "预置方案中有无法识别的单位：" + "、".join(refs.unknown) + "。请在单位名单中补充名称或别名。"
        )
    return plan, refs.unknown


def _people(entries: list[tuple[str, str]]) -> list[TaskForceMember]:
    return [TaskForceMember(position=i, role=role, name=n) for i, (role, n) in enumerate(entries)]


def _build_task(
    t: dict[str, Any],
    position: int,
    refs: _UnitRefs,
    task_forces: dict[str, TaskForce],
    default_year: int | None,
) -> Task:
    goals = []
    for pos, g in enumerate(t.get("goals", [])):
        dl = parse_deadline(g.get("deadline_text"), default_year)
        goal = TaskGoal(
            position=pos,
            text=g["text"],
            deadline_text=g.get("deadline_text"),
            deadline=dl.date if dl else None,
            ongoing=bool(dl and dl.ongoing),
        )
        goal.units = refs.rows(g.get("units") or [], TaskGoalUnit)
        goals.append(goal)

    deadline_text = t.get("deadline_text")
    dl = parse_deadline(deadline_text, default_year)
    deadline = dl.date if dl else None
    ongoing = bool(dl and dl.ongoing)
    if deadline_text is None and goals:
        # A task whose rows each carry a deadline is due when its last row is.
        dates = [g.deadline for g in goals if g.deadline is not None]
        deadline = max(dates) if dates else None
        ongoing = any(g.ongoing for g in goals)

    tf_name = t.get("task_force")
    if tf_name is not None and tf_name not in task_forces:
        raise UserError(f"任务“{t['number']}”所属工作专班“{tf_name}”不存在。")
    task = Task(
        position=position,
        number=str(t["number"]),
        title=t["title"],
        body=t.get("body"),
        deadline_text=deadline_text,
        deadline=deadline,
        ongoing=ongoing,
        task_force=task_forces.get(tf_name) if tf_name else None,
    )
    task.units = refs.rows(t.get("units") or [], TaskUnit)
    task.goals = goals
    task.milestones = [
        Milestone(
            position=pos,
            period=m.get("period"),
            text=m["text"],
            due=Period.parse(m["period"]).end if m.get("period") else None,
        )
        for pos, m in enumerate(t.get("milestones", []))
    ]
    return task


def _build_indicator(
    i: dict[str, Any], position: int, refs: _UnitRefs, tasks: dict[str, Task]
) -> Indicator:
    direction = i.get("direction", "higher")
    if direction not in DIRECTIONS:
        raise UserError(f"指标“{i['name']}”的方向“{direction}”无效。")
    baseline = i.get("baseline") or {}
    task_number = i.get("task")
    if task_number is not None and str(task_number) not in tasks:
        raise UserError(f"指标“{i['name']}”关联的任务“{task_number}”不存在。")
    ind = Indicator(
        position=position,
        number=None if i.get("number") is None else str(i["number"]),
        name=i["name"],
        unit_of_measure=i.get("unit"),
        direction=direction,
        weight=_dec(i.get("weight")),
        key=bool(i.get("key", False)),
        baseline_value=_dec(baseline.get("value")),
        baseline_year=baseline.get("year"),
        task=tasks.get(str(task_number)) if task_number is not None else None,
        source_text=i.get("source"),
    )
    ind.units = refs.rows(i.get("units") or [], IndicatorUnit)
    for t in i.get("targets", []):
        if t["kind"] not in TARGET_KINDS:
            raise UserError(f"指标“{i['name']}”的目标类型“{t['kind']}”无效。")
        ind.targets.append(Target(year=t["year"], value=_dec(t.get("value")), kind=t["kind"], text=t.get("text")))
    for v in i.get("values", []):
        period = str(Period.parse(str(v["period"])))
        unit = refs.resolve(v["unit"]) if v.get("unit") else None
        ind.values.append(
            Value(
                period=period,
                value=_dec(v.get("value")),
                data_year=v.get("data_year"),
                source_unit=unit,
                origin="preset",
                note=v.get("note"),
            )
        )
    return ind


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise UserError(f"数值“{value}”无效。")
    return value if isinstance(value, Decimal) else Decimal(value)
