"""The plan as the window's tree: 指标 and 重点任务 by group, 工作专班, 责任单位.

Built from :func:`dump_plan`, so the window shows exactly what the command line dumps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from db.models import IndicatorGroup, TaskGroup
from desktop.domain.unit_names import UnitDirectory, UnitEntry
from desktop.services.database import Database
from desktop.services.plans import dump_plan
from desktop.services.units import UNIT_KIND_LABELS

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
class OutlineItem:
    """One node of the plan tree: a heading, an indicator or a task, with its details."""

    kind: str  # section | group | indicator | task | task_force
    title: str
    details: tuple[tuple[str, str], ...] = ()
    children: tuple[OutlineItem, ...] = field(default_factory=tuple)
    id: int | None = None  # database id of an indicator, task or group


def _fmt(value: Decimal | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    text = format(value, "f")
    return f"{text}{unit or ''}" if unit in (None, "%") else f"{text} {unit}"


def plan_outline(database: Database, plan_id: int) -> OutlineItem:
    """The plan as the window's tree: 指标 and 重点任务 by group, then 工作专班."""
    data = dump_plan(database, plan_id)
    p = data["plan"]
    # groups in order, empty ones too (the dump lists groups only through their members)
    with database.read() as s:
        all_ind_groups = s.execute(select(IndicatorGroup.id, IndicatorGroup.name).where(
            IndicatorGroup.plan_id == plan_id).order_by(IndicatorGroup.position, IndicatorGroup.id)).all()
        all_task_groups = s.execute(select(TaskGroup.id, TaskGroup.name, TaskGroup.number).where(
            TaskGroup.plan_id == plan_id).order_by(TaskGroup.position, TaskGroup.id)).all()
    tasks_by_id = {t["id"]: t for t in data["tasks"]}

    ind_groups: dict[int, list[OutlineItem]] = {}
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
        ind_groups.setdefault(i["group_id"], []).append(OutlineItem("indicator", title, tuple(details), id=i["id"]))

    task_groups: dict[int, list[OutlineItem]] = {}
    for t in data["tasks"]:
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
        task_groups.setdefault(t["group_id"], []).append(
            OutlineItem("task", f"{t['number']}. {_short(t['title'])}", tuple(details), id=t["id"])
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
            children=tuple(
                OutlineItem("group", name, children=tuple(ind_groups.get(gid, ())), id=gid)
                for gid, name in all_ind_groups
            ),
        ),
        OutlineItem(
            "section",
            f"重点任务（{len(data['tasks'])}）",
            children=tuple(
                OutlineItem("group", f"{number}、{name}" if number else name,
                            children=tuple(task_groups.get(gid, ())), id=gid)
                for gid, name, number in all_task_groups
            ),
        ),
    ]
    if forces:
        sections.append(OutlineItem("section", f"工作专班与领导小组（{len(forces)}）", children=tuple(forces)))
    units = _unit_items(data)
    sections.append(OutlineItem("section", f"责任单位（{len(units)}）", children=tuple(units)))
    plan_details = (
        ("方案名称", p["name"]),
        ("文号", p["doc_number"] or "—"),
        ("发文单位", p["issuer"] or "—"),
        ("发文日期", p["issue_date"] or "—"),
        ("基期年", str(p["base_year"] or "—")),
        ("目标年", str(p["target_year"] or "—")),
        ("单位数", str(len(data["units"]))),
    )
    return OutlineItem("plan", p["name"], plan_details, tuple(sections), id=p["id"])


def _unit_items(data: dict[str, Any]) -> list[OutlineItem]:
    """Each unit of the plan with what it leads and what it cooperates on."""
    directory = UnitDirectory(UnitEntry(u["name"], u["kind"], tuple(u["aliases"])) for u in data["units"])
    leads: dict[str, list[str]] = {u["name"]: [] for u in data["units"]}
    helps: dict[str, list[str]] = {u["name"]: [] for u in data["units"]}
    indicators: dict[str, list[str]] = {u["name"]: [] for u in data["units"]}
    for t in data["tasks"]:
        for pos, written in enumerate(t["units"]):
            name = directory.resolve(written).name
            if name is not None:
                (leads if pos == 0 else helps)[name].append(t["number"])
    for i in data["indicators"]:
        for written in i["units"]:
            name = directory.resolve(written).name
            if name is not None:
                indicators[name].append(i["number"] or i["name"])
    items = []
    for u in data["units"]:
        details = (
            ("类别", UNIT_KIND_LABELS.get(u["kind"], u["kind"])),
            ("别名", "、".join(u["aliases"]) or "—"),
            ("牵头任务", "、".join(leads[u["name"]]) or "—"),
            ("配合任务", "、".join(helps[u["name"]]) or "—"),
            ("负责指标", "、".join(indicators[u["name"]]) or "—"),
        )
        items.append(OutlineItem("unit", u["name"], details))
    return items


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
