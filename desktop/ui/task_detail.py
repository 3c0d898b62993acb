"""Rich text of the task detail pane: facts, goals, milestones and earlier reports."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QCoreApplication

from desktop.services.progress_entry import TaskDetail, TaskRow
from desktop.ui.task_model import LIGHT_COLOURS, percent_text, status_text

MUTED = "#5f6b78"
_CSS = (
    "<style>th{text-align:left;color:#5f6b78;font-weight:normal;padding:2px 12px 2px 0;"
    "vertical-align:top;white-space:nowrap}td{padding:2px 0;vertical-align:top}</style>"
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("TaskPage", text)


def _muted(text: str) -> str:
    return f"<span style='color:{MUTED}'>{html.escape(text)}</span>"


def facts_html(d: TaskDetail, row: TaskRow | None) -> str:
    """Group, units (lead in bold, the document's spelling beside today's name), task force,
    deadline with its original words, and the status judged for ``row``."""
    rows: list[tuple[str, str]] = [(_tr("任务类别"), html.escape(d.group))]
    if d.units:
        parts = []
        for i, (name, written) in enumerate(zip(d.units, d.written_units, strict=False)):
            text = html.escape(name)
            if written != name:
                text += _muted(_tr("（原文：%s）") % written)
            parts.append(f"<b>{text}</b>" if i == 0 else text)
        rows.append((_tr("责任单位"), "、".join(parts)))
    if d.task_force and d.task_force != d.group:
        rows.append((_tr("工作专班"), html.escape(d.task_force)))
    deadline = d.deadline.isoformat() if d.deadline else (_tr("持续推进") if d.ongoing else _tr("未定"))
    if d.deadline_text:
        deadline += _muted(_tr("（原文：%s）") % d.deadline_text)
    rows.append((_tr("完成时限"), deadline))
    if row is not None:
        colour = LIGHT_COLOURS.get(row.light, LIGHT_COLOURS["grey"])
        status = f"<span style='color:{colour};font-weight:bold'>{html.escape(status_text(row))}</span>"
        if row.days_left is not None and row.status in ("逾期", "即将到期"):
            days = row.days_left
            status += " " + _muted(_tr("已过期 %d 天") % -days if days < 0 else _tr("还剩 %d 天") % days)
        if row.percent is not None:
            status += "　" + html.escape(_tr("最近进度 %s（%s）") % (percent_text(row.percent), row.period or ""))
        if row.missing_units:
            status += "<br>" + _muted(_tr("未报送：%s") % "、".join(row.missing_units))
        rows.append((_tr("当前状态"), status))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"{_CSS}<table cellspacing='0'>{body}</table>"


def goals_html(d: TaskDetail) -> str:
    """建设目标 as a numbered list; a goal's own units and deadline only where they differ."""
    items = []
    for goal in d.goals:
        extra = []
        if goal.units and goal.units != d.written_units:
            extra.append(_tr("责任单位：%s") % "、".join(goal.units))
        if goal.deadline_text and goal.deadline_text != d.deadline_text:
            extra.append(_tr("时限：%s") % goal.deadline_text)
        note = "<br>" + _muted("；".join(extra)) if extra else ""
        items.append(f"<li>{html.escape(goal.text)}{note}</li>")
    return f"<ol style='margin:0 0 0 -20px'>{''.join(items)}</ol>" if items else ""


def milestone_html(text: str, done_on: dt.date | None) -> str:
    body = html.escape(text)
    if done_on is not None:
        return f"{body} <span style='color:{LIGHT_COLOURS['green']}'>{html.escape(_tr('（%s 完成）') % done_on.isoformat())}</span>"
    return body


def reports_html(d: TaskDetail) -> str:
    """Earlier reports, newest month first: month, unit, percent, status, then the texts."""
    lead = (d.unit_choices[0].name if d.unit_choices else None) or d.task_force or _tr("牵头单位")
    blocks = []
    for r in d.reports:
        head = [f"<b>{html.escape(r.period_label)}</b>", html.escape(r.unit or lead)]
        if r.percent is not None:
            head.append(percent_text(r.percent))
        if r.status:
            head.append(html.escape(r.status))
        line = "　".join(head)
        if r.reported_on:
            how = _tr("导入") if r.origin == "import" else _tr("填报")
            line += "　" + _muted(f"{r.reported_on.isoformat()} {how}")
        lines = [line]
        for title, text in ((_tr("工作进展"), r.progress_text), (_tr("存在问题"), r.problems),
                            (_tr("下步计划"), r.next_steps)):
            if text:
                lines.append(_muted(title + "：") + html.escape(text))
        blocks.append("<p style='margin:0 0 8px 0'>" + "<br>".join(lines) + "</p>")
    return "".join(blocks)
