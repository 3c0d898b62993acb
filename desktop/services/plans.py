"""Reading plans: the list, the whole plan as data (``dump``), and the outline the window shows.

Everything returned here is plain data (dicts, dataclasses, Decimal), detached from the
session, so the command line prints it and the window displays it without touching SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import (
    AuditLog,
    Indicator,
    IndicatorGroup,
    IndicatorUnit,
    Plan,
    Task,
    TaskForce,
    TaskGoal,
    TaskGroup,
    Unit,
)
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.os_user import current_user
from desktop.services.plan_list import PlanSummary, list_plans

def create_empty_plan(database: Database, name: str, target_year: int | None = None) -> int:
    name = name.strip()
    if not name:
        raise UserError("方案名称不能为空。")
    with database.write() as s:
        plan = Plan(name=name, target_year=target_year, review_months=[])
        s.add(plan)
        s.flush()
        s.add(
            AuditLog(
                os_user=current_user(), plan_id=plan.id, entity="plan", entity_id=plan.id,
                field=None, old=None, new=name, reason="新建空白方案",
            )
        )
        return plan.id


# --- dump ----------------------------------------------------------------------------


def _load_plan(s: Session, plan_id: int) -> Plan:
    plan = s.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.indicator_groups)
            .selectinload(IndicatorGroup.indicators)
            .options(
                selectinload(Indicator.units).selectinload(IndicatorUnit.unit),
                selectinload(Indicator.targets),
                selectinload(Indicator.values),
                selectinload(Indicator.task),
            ),
            selectinload(Plan.task_groups)
            .selectinload(TaskGroup.tasks)
            .options(
                selectinload(Task.units),
                selectinload(Task.goals).selectinload(TaskGoal.units),
                selectinload(Task.milestones),
                selectinload(Task.task_force),
            ),
            selectinload(Plan.task_forces).selectinload(TaskForce.people),
        )
    )
    if plan is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先用 plans 命令查看已有方案的编号。")
    return plan


def _iso(d: Any) -> str | None:
    return d.isoformat() if d is not None else None


def dump_plan(database: Database, plan_id: int) -> dict[str, Any]:
    """The whole plan in the shape of the command line's ``dump`` contract."""
    with database.read() as s:
        plan = _load_plan(s, plan_id)
        unit_ids: list[int] = []

        def names(rows: list[Any]) -> list[str]:
            for r in rows:
                if r.unit_id not in unit_ids:
                    unit_ids.append(r.unit_id)
            return [r.written_name for r in rows]

        tasks = []
        for g in plan.task_groups:
            for t in g.tasks:
                task_units = names(t.units)
                goal_rows = [
                    {
                        "text": goal.text,
                        "units": names(goal.units),
                        "deadline": _iso(goal.deadline),
                        "deadline_text": goal.deadline_text,
                    }
                    for goal in t.goals
                ]
                tasks.append(
                    {
                        "id": t.id,
                        "group": g.name,
                        "group_id": g.id,
                        "group_number": g.number,
                        "number": t.number,
                        "title": t.title,
                        "body": t.body,
                        "goals": [goal.text for goal in t.goals],
                        "goal_rows": goal_rows,
                        "units": task_units,
                        "deadline": _iso(t.deadline),
                        "deadline_text": t.deadline_text,
                        "ongoing": t.ongoing,
                        "task_force": t.task_force.name if t.task_force else None,
                        "milestones": [
                            {"period": m.period, "text": m.text, "due": _iso(m.due), "done": _iso(m.done_on)}
                            for m in t.milestones
                        ],
                    }
                )

        indicators = []
        for g in plan.indicator_groups:
            for i in g.indicators:
                ind_units = names(i.units)
                indicators.append(
                    {
                        "id": i.id,
                        "group": g.name,
                        "group_id": g.id,
                        "number": i.number,
                        "name": i.name,
                        "unit": i.unit_of_measure,
                        "direction": i.direction,
                        "weight": i.weight,
                        "key": i.key,
                        "scoring": i.scoring,
                        "hand_score": i.hand_score,
                        "decimals": i.decimals,
                        "units": ind_units,
                        "baseline": (
                            {"value": i.baseline_value, "year": i.baseline_year}
                            if i.baseline_value is not None or i.baseline_year is not None
                            else None
                        ),
                        "targets": [
                            {"year": t.year, "value": t.value, "kind": t.kind, "text": t.text}
                            for t in i.targets
                        ],
                        "values": [
                            {
                                "period": v.period,
                                "value": v.value,
                                "data_year": v.data_year,
                                "unit": v.source_unit.name if v.source_unit else None,
                                "note": v.note,
                            }
                            for v in i.values
                        ],
                        "task": i.task_id,
                        "task_number": i.task.number if i.task else None,
                        "source": i.source_text,
                    }
                )

        task_forces, leading_groups = [], []
        for tf in plan.task_forces:
            if tf.kind == "task_force":
                task_forces.append(
                    {
                        "name": tf.name,
                        "lead_leader": tf.lead_leader,
                        "assisting_leaders": tf.names("assisting_leader"),
                        "lead_person": tf.lead_person,
                        "members": tf.names("member"),
                        "goals": list(tf.goals),
                        "difficulties": list(tf.difficulties),
                        "deadline_text": tf.deadline_text,
                    }
                )
            else:
                leading_groups.append(
                    {
                        "name": tf.name,
                        "leader": tf.lead_leader,
                        "deputy_leaders": tf.names("deputy_leader"),
                        "members": tf.names("member"),
                        "office": tf.office,
                    }
                )

        units = s.scalars(
            select(Unit).where(Unit.id.in_(unit_ids)).options(selectinload(Unit.aliases))
        ).all()
        by_id = {u.id: u for u in units}
        return {
            "plan": {
                "id": plan.id,
                "name": plan.name,
                "doc_number": plan.doc_number,
                "issuer": plan.issuer,
                "issue_date": _iso(plan.issue_date),
                "city": plan.city,
                "base_year": plan.base_year,
                "target_year": plan.target_year,
                "reporting_day": plan.reporting_day,
                "review_months": list(plan.review_months),
                "indicator_notes": list(plan.indicator_notes),
                "lagging_threshold": plan.lagging_threshold,
                "severe_threshold": plan.severe_threshold,
                "due_soon_days": plan.due_soon_days,
                "preset": plan.preset,
            },
            "units": [
                {"name": by_id[uid].name, "kind": by_id[uid].kind, "aliases": [a.alias for a in by_id[uid].aliases]}
                for uid in unit_ids
            ],
            "indicators": indicators,
            "tasks": tasks,
            "task_forces": task_forces,
            "leading_groups": leading_groups,
        }
