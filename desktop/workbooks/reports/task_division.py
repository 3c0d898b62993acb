"""重点任务分工 — the layout of 聊城 附件3 (聊政发〔2018〕61号).

    附件3
          聊城市创新型城市建设推进工作重点任务分工
    ┌──────────┬────┬──────────┬──────────────────┬──────────┬──────────┐
    │重点任务  │序号│具体任务  │建设目标          │责任单位  │完成时限  │
    ├──────────┼────┼──────────┼──────────────────┼──────────┼──────────┤
    │一、构建区│ 1  │有序推进…│完善高新区…      │市科技局、│2019 年 12│
    │域创新发展│    │          │                  │…        │月底前    │
    │新格局    ├────┼──────────┼──────────────────┼──────────┼──────────┤
    │          │ 3  │推进农业… │实施农业科技园区…│…        │          │
    │          │    │          ├──────────────────┼──────────┤ (merged  │
    │          │    │          │开展山东聊城…    │…        │ when the │
    └──────────┴────┴──────────┴──────────────────┴──────────┴ same)────┘

One row per 建设目标 row (``goal_rows``); a task without goal rows gets one row per text
in ``goals``, or one row with an empty 建设目标. The 重点任务 cell is merged down its
group, 序号 and 具体任务 down the task's rows, 责任单位 and 完成时限 when every row of the
task has the same value. Deadlines are printed exactly as the document wrote them.
Input is the dict of ``dump_plan`` (``innotrack dump``).
"""

from __future__ import annotations

import re

from openpyxl import Workbook

from desktop.workbooks.styles import SIZE_BODY_DENSE, Column, SheetWriter

SHEET_TITLE = "重点任务分工"

_CJK_NUMERALS = set("〇零一二三四五六七八九十百")


def title_for(plan: dict) -> str:
    """The 附件3 title: 聊城市创新型城市建设推进方案 → 聊城市创新型城市建设推进工作重点任务分工."""
    info = plan.get("plan") or {}
    city = (info.get("city") or "").strip()
    base = (info.get("name") or "").strip()
    if base.startswith("关于"):
        base = base[2:]
    for suffix in ("的实施意见", "的意见", "实施意见", "意见", "实施方案", "工作方案", "方案"):
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    if base.endswith("推进"):
        base += "工作"
    short = city[:-1] if city.endswith(("市", "县", "区")) else city
    if city and not base.startswith(short or city):
        base = city + base
    return f"{base or '创新型城市建设'}重点任务分工"


def group_label(task: dict) -> str:
    """「一、构建区域创新发展新格局」: the group with its number as the document prints it."""
    group = (task.get("group") or "").strip()
    number = str(task.get("group_number") or "").strip()
    if not number or group.startswith(number):
        return group
    if all(ch in _CJK_NUMERALS for ch in number):
        return f"{number}、{group}"
    return f"{number}.{group}"


def _number(value: object) -> object:
    text = "" if value is None else str(value).strip()
    return int(text) if text.isdigit() else (text or None)


def _units(units: object) -> str:
    return "、".join(str(u).strip() for u in (units or []) if u and str(u).strip())


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def task_rows(task: dict) -> list[tuple[str, str, str]]:
    """(建设目标, 责任单位, 完成时限) of each row of ``task``, with the task's fallbacks."""
    task_units = _units(task.get("units"))
    task_deadline = _text(task.get("deadline_text"))
    rows = task.get("goal_rows") or [{"text": g} for g in (task.get("goals") or []) if g]
    if not rows:
        rows = [{"text": ""}]
    out = []
    for row in rows:
        units = _units(row.get("units")) or task_units
        deadline = _text(row.get("deadline_text")) or task_deadline
        out.append((_text(row.get("text")), units, deadline))
    return out


def _title(task: dict) -> str:
    title = _text(task.get("title"))
    if title:
        return title
    body = _text(task.get("body"))
    return re.split(r"[。；]", body, maxsplit=1)[0] if body else ""


def build(plan: dict) -> Workbook:
    """The 重点任务分工 workbook of ``plan`` (a ``dump_plan`` dict)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    columns = [
        Column("重点任务", align="center"),
        Column("序号", kind="int", align="center"),
        Column("具体任务", align="left"),
        Column("建设目标", align="left"),
        Column("责任单位", align="left"),
        Column("完成时限", align="center"),
    ]
    w = SheetWriter(ws, columns, body_size=SIZE_BODY_DENSE)
    w.attachment_label("附件3")
    w.title(title_for(plan))
    w.header()

    group_runs: list[list[int]] = []  # [first_row, last_row]
    previous_group: object = object()
    for task in plan.get("tasks") or []:
        rows = task_rows(task)
        label = group_label(task)
        number = _number(task.get("number"))
        title = _title(task)
        written = [w.row([label, number, title, text, units, deadline]) for text, units, deadline in rows]
        first, last = written[0], written[-1]
        if label == previous_group and group_runs:
            group_runs[-1][1] = last
        else:
            group_runs.append([first, last])
        previous_group = label
        if last > first:
            w.merge_down(2, first, last)
            w.merge_down(3, first, last)
            if len({units for _, units, _ in rows}) == 1:
                w.merge_down(5, first, last)
            if len({deadline for _, _, deadline in rows}) == 1:
                w.merge_down(6, first, last)
    for first, last in group_runs:
        w.merge_down(1, first, last)
    w.finish()
    return wb
