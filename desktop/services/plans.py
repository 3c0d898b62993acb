"""Reading plans: the list, the whole plan as data (``dump``), and the outline the window shows.

Everything returned here is plain data (dicts, dataclasses, Decimal), detached from the
session, so the command line prints it and the window displays it without touching SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
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

DIRECTION_LABELS = {"higher": "越大越好", "lower": "越小越好", "qualitative": "定性"}
TARGET_KIND_LABELS = {
    "level": "达到",
    "ceiling": "不高于",
    "increase_points": "每年提高（百分点）",
    "growth_rate": "年均增长（%）",
    "yearly_flow": "每年",
    "cumulative": "累计",
    "qualitative": "定性",
}


@dataclass(frozen=True)
class PlanSummary:
    id: int
    name: str
    doc_number: str | None
    preset: str | None
    base_year: int | None
    target_year: int | None
    indicators: int
    tasks: int


def list_plans(database: Database) -> list[PlanSummary]:
    with database.read() as s:
        plans = s.scalars(select(Plan).order_by(Plan.id)).all()
        out = []
        for p in plans:
            n_ind = len(s.scalars(select(Indicator.id).where(Indicator.plan_id == p.id)).all())
            n_task = len(s.scalars(select(Task.id).where(Task.plan_id == p.id)).all())
            out.append(
                PlanSummary(p.id, p.name, p.doc_number, p.preset, p.base_year, p.target_year, n_ind, n_task)
            )
        return out


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
                        "number": i.number,
                        "name": i.name,
                        "unit": i.unit_of_measure,
                        "direction": i.direction,
                        "weight": i.weight,
                        "key": i.key,
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


# --- outline for the window ----------------------------------------------------------


@dataclass(frozen=True)
class OutlineItem:
    """One node of the plan tree: a heading, an indicator or a task, with its details."""

    kind: str  # section | group | indicator | task | task_force
    title: str
    details: tuple[tuple[str, str], ...] = ()
    children: tuple[OutlineItem, ...] = field(default_factory=tuple)


def _fmt(value: Decimal | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    text = format(value, "f")
    return f"{text}{unit or ''}" if unit in (None, "%") else f"{text} {unit}"


def plan_outline(database: Database, plan_id: int) -> OutlineItem:
    """The plan as the window's tree: 指标 and 重点任务 by group, then 工作专班."""
    data = dump_plan(database, plan_id)
    p = data["plan"]
    tasks_by_id = {t["id"]: t for t in data["tasks"]}

    ind_groups: dict[str, list[OutlineItem]] = {}
    for i in data["indicators"]:
        details = [
            ("所属一级指标", i["group"]),
            ("序号", i["number"] or "—"),
            ("计量单位", i["unit"] or "—"),
            ("方向", DIRECTION_LABELS.get(i["direction"], i["direction"])),
            ("权重分值", _fmt(i["weight"])),
            ("考核重点（※）", "是" if i["key"] else "否"),
            ("责任单位", "、".join(i["units"]) or "—"),
            ("基期值", f"{_fmt(i['baseline']['value'], i['unit'])}（{i['baseline']['year']}年）" if i["baseline"] else "—"),
        ]
        for t in i["targets"]:
            label = TARGET_KIND_LABELS.get(t["kind"], t["kind"])
            details.append((f"{t['year']}年目标", f"{label} {_fmt(t['value'], i['unit'])}"))
        for v in i["values"]:
            year = f"（{v['data_year']}年数据）" if v["data_year"] else ""
            details.append((f"实际值 {v['period']}", f"{_fmt(v['value'], i['unit'])}{year}"))
        if i["task"] is not None:
            t = tasks_by_id[i["task"]]
            details.append(("所属任务", f"{t['number']} {t['title']}"))
        if i["source"]:
            details.append(("原文", i["source"]))
        title = f"{i['number']}. {i['name']}" if i["number"] else i["name"]
        ind_groups.setdefault(i["group"], []).append(OutlineItem("indicator", title, tuple(details)))

    task_groups: dict[str, list[OutlineItem]] = {}
    for t in data["tasks"]:
        group_title = f"{t['group_number']}、{t['group']}" if t["group_number"] else t["group"]
        details = [
            ("所属任务组", t["group"]),
            ("序号", t["number"]),
            ("具体任务", t["title"]),
            ("责任单位", "、".join(t["units"]) or "—"),
            ("完成时限", t["deadline_text"] or "—"),
            ("截止日期", t["deadline"] or ("持续推进" if t["ongoing"] else "—")),
        ]
        if t["task_force"]:
            details.append(("工作专班", t["task_force"]))
        for n, row in enumerate(t["goal_rows"], 1):
            extra = []
            if row["units"]:
                extra.append("、".join(row["units"]))
            if row["deadline_text"]:
                extra.append(row["deadline_text"])
            suffix = f"（{'；'.join(extra)}）" if extra else ""
            details.append((f"建设目标 {n}", row["text"] + suffix))
        for m in t["milestones"]:
            details.append((f"推进计划 {m['period'] or ''}".strip(), m["text"]))
        if t["body"]:
            details.append(("全文", t["body"]))
        task_groups.setdefault(group_title, []).append(
            OutlineItem("task", f"{t['number']}. {_short(t['title'])}", tuple(details))
        )

    forces = []
    for tf in data["task_forces"]:
        details = [
            ("牵头局领导", tf["lead_leader"] or "—"),
            ("协助局领导", "、".join(tf["assisting_leaders"]) or "—"),
            ("牵头人员", tf["lead_person"] or "—"),
            ("配合人员", "、".join(tf["members"]) or "—"),
            ("完成时限", tf["deadline_text"] or "—"),
        ] + [("工作目标", g) for g in tf["goals"]]
        forces.append(OutlineItem("task_force", tf["name"], tuple(details)))
    for lg in data["leading_groups"]:
        details = [
            ("组长", lg["leader"] or "—"),
            ("副组长", "、".join(lg["deputy_leaders"]) or "—"),
            ("成员", "、".join(lg["members"]) or "—"),
            ("办公室", lg["office"] or "—"),
        ]
        forces.append(OutlineItem("task_force", lg["name"], tuple(details)))

    sections = [
        OutlineItem(
            "section",
            f"指标（{len(data['indicators'])}）",
            children=tuple(OutlineItem("group", name, children=tuple(items)) for name, items in ind_groups.items()),
        ),
        OutlineItem(
            "section",
            f"重点任务（{len(data['tasks'])}）",
            children=tuple(OutlineItem("group", name, children=tuple(items)) for name, items in task_groups.items()),
        ),
    ]
    if forces:
        sections.append(OutlineItem("section", f"工作专班与领导小组（{len(forces)}）", children=tuple(forces)))
    plan_details = (
        ("方案名称", p["name"]),
        ("文号", p["doc_number"] or "—"),
        ("发文单位", p["issuer"] or "—"),
        ("发文日期", p["issue_date"] or "—"),
        ("基期年", str(p["base_year"] or "—")),
        ("目标年", str(p["target_year"] or "—")),
        ("单位数", str(len(data["units"]))),
    )
    return OutlineItem("plan", p["name"], plan_details, tuple(sections))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
