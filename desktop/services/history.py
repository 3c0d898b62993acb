"""The history of a plan, an indicator (its values per period and its targets) or a task.

Everything comes from the append-only audit log (``db.models.AuditLog``). Its rows are
keyed in three ways, and this module puts them back together:

* a typed value, a plan edit or its undo is logged against the *cell*:
  ``entity='indicator_value'``, ``entity_id`` = indicator id, ``field`` = period;
* an import and its undo are logged against the *row*: ``entity='value'`` or
  ``'progress_report'`` with the row's id. SQLite reuses the id of a deleted row, so a
  row's entries only count from its latest creation on; the undo of an import names the
  cell in ``field`` (``"indicator@period"`` / ``"task@period"``) so an undone insert, whose
  row is gone, is still found;
* targets, structure and milestones by their own entity and id.

Each function returns a :class:`History`, newest entry first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditLog, ImportBatchItem, Indicator, Milestone, Plan, ProgressReport, Target, Task, Unit, Value
from desktop.domain.periods import Period, PeriodError
from desktop.errors import NotFoundError
from desktop.services.database import Database

KIND_LABELS = {
    "value": "数值",
    "target": "目标",
    "progress": "进展",
    "milestone": "推进节点",
    "structure": "方案结构",
    "round": "报送轮次",
    "plan": "方案",
}

_REASON_LABELS = {"typed": "手工录入", "preset": "载入预置方案"}

_CHUNK = 500
_SAME_ROW_REASONS = ("撤销方案编辑", "重做方案编辑")  # plan_editing.REASON_UNDO / REASON_REDO


@dataclass(frozen=True)
class HistoryEntry:
    id: int  # the audit row
    at: dt.datetime  # UTC, naive (as stored)
    who: str  # the OS user
    why: str  # 手工录入 / 导入批次 3 / 撤销导入批次 3 / 撤销 / 方案编辑 …
    kind: str  # value | target | progress | milestone | structure | round | plan
    subject: str  # what changed, in words: 高新技术企业数 2024年
    period: str | None  # canonical period of a value or progress entry
    field: str | None
    old: str | None
    new: str | None
    batch_id: int | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def local_at(self) -> dt.datetime:
        """When, in the computer's local time zone (stored as UTC)."""
        return self.at.replace(tzinfo=dt.timezone.utc).astimezone()

    def record(self) -> dict[str, Any]:
        """The entry as the JSON of ``innotrack history --json`` (``at``: ISO 8601 with offset)."""
        return {
            "id": self.id, "at": self.local_at.isoformat(timespec="seconds"), "who": self.who,
            "why": self.why, "kind": self.kind, "subject": self.subject, "period": self.period,
            "field": self.field, "old": self.old, "new": self.new, "batch_id": self.batch_id,
        }


@dataclass(frozen=True)
class History:
    title: str
    entries: tuple[HistoryEntry, ...]  # newest first

    def records(self) -> list[dict[str, Any]]:
        return [e.record() for e in self.entries]


def reason_label(reason: str) -> str:
    return _REASON_LABELS.get(reason, reason)


# --- the three views ---------------------------------------------------------------------------


def plan_history(database: Database, plan_id: int) -> History:
    """Every recorded change of the plan: values, targets, progress, structure, rounds."""
    with database.read() as s:
        plan = _plan(s, plan_id)
        rows = s.scalars(select(AuditLog).where(AuditLog.plan_id == plan_id).order_by(AuditLog.id)).all()
        names = {i: n for i, n in s.execute(select(Indicator.id, Indicator.name).where(Indicator.plan_id == plan_id))}
        tasks = {i: f"任务 {n}" for i, n in s.execute(select(Task.id, Task.number).where(Task.plan_id == plan_id))}
        value_cells = _value_cells(s, [r.entity_id for r in rows if r.entity == "value" and r.entity_id is not None])
        report_cells = _report_cells(s, [r.entity_id for r in rows if r.entity == "progress_report" and r.entity_id])
        undone = _undone_cells(rows)
        entries = [_entry(r, names, tasks, value_cells, report_cells, undone=undone) for r in rows]
    return History(f"方案“{plan.name}”的修改记录", _newest_first(entries))


def indicator_history(database: Database, plan_id: int, indicator_id: int, period: str | None = None) -> History:
    """An indicator's values (all periods, or only ``period``), targets and structure changes."""
    wanted = _canonical(period) if period is not None else None
    with database.read() as s:
        _plan(s, plan_id)
        indicator = s.get(Indicator, indicator_id)
        if indicator is None or indicator.plan_id != plan_id:
            raise NotFoundError(f"方案 {plan_id} 中没有编号为 {indicator_id} 的指标。请用 dump --plan {plan_id} 查看指标编号。")
        name = indicator.name
        cell_rows = s.scalars(
            select(AuditLog).where(AuditLog.entity == "indicator_value", AuditLog.entity_id == indicator_id)
        ).all()
        rows: list[AuditLog] = list(cell_rows)
        # rows of the value table that belong to the indicator now
        current = {i: p for i, p in s.execute(select(Value.id, Value.period).where(Value.indicator_id == indicator_id))}
        rows += _row_lives(s, "value", current, cell_rows, indicator_id)
        rows += _undone_inserts(s, "value", indicator_id)
        target_ids = list(s.scalars(select(Target.id).where(Target.indicator_id == indicator_id)))
        rows += s.scalars(
            select(AuditLog).where(AuditLog.entity == "indicator", AuditLog.entity_id == indicator_id)
        ).all()
        rows += _by_ids(s, "target", target_ids)
        value_cells = {vid: (indicator_id, p) for vid, p in current.items()}
        value_cells.update(_value_cells(s, [r.entity_id for r in rows if r.entity == "value" and r.entity_id not in current]))
        rows = _unique(rows)
        undone = _undone_cells(rows)
        entries = [_entry(r, {indicator_id: name}, {}, value_cells, {}, undone=undone) for r in rows]
    if wanted is not None:
        entries = [e for e in entries if e.kind != "value" or e.period == wanted]
    where = f" {Period.parse(wanted).label}" if wanted is not None else ""
    return History(f"指标“{name}”{where}的修改记录", _newest_first(entries))


def task_history(database: Database, plan_id: int, task_id: int) -> History:
    """A task's progress reports (typed and imported), milestones and structure changes."""
    with database.read() as s:
        _plan(s, plan_id)
        task = s.get(Task, task_id)
        if task is None or task.plan_id != plan_id:
            raise NotFoundError(f"方案 {plan_id} 中没有编号为 {task_id} 的任务。请用 dump --plan {plan_id} 查看任务编号。")
        label = f"任务 {task.number}"
        current = {
            i: p for i, p in s.execute(select(ProgressReport.id, ProgressReport.period).where(ProgressReport.task_id == task_id))
        }
        rows: list[AuditLog] = list(_row_lives(s, "progress_report", current, [], task_id))
        rows += _undone_inserts(s, "progress_report", task_id)
        rows += s.scalars(select(AuditLog).where(AuditLog.entity == "task", AuditLog.entity_id == task_id)).all()
        rows += _by_ids(s, "milestone", list(s.scalars(select(Milestone.id).where(Milestone.task_id == task_id))))
        report_cells = _report_cells(s, list(current))
        rows = _unique(rows)
        undone = _undone_cells(rows)
        entries = [_entry(r, {}, {task_id: label}, {}, report_cells, task_id, undone=undone) for r in rows]
        title = f"任务 {task.number}“{_short(task.title, 30)}”的修改记录"
    return History(title, _newest_first(entries))


# --- putting the rows together -----------------------------------------------------------------


def _plan(s: Session, plan_id: int) -> Plan:
    plan = s.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先用 plans 命令查看已有方案的编号。")
    return plan


def _canonical(period: str) -> str:
    try:
        return str(Period.parse(period))
    except PeriodError as exc:
        raise NotFoundError(f"期间“{period}”无效：{exc}。请写成 2024、2024Q2 或 2024-06。") from exc


def _by_ids(s: Session, entity: str, ids: Sequence[int]) -> list[AuditLog]:
    out: list[AuditLog] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        out += s.scalars(select(AuditLog).where(AuditLog.entity == entity, AuditLog.entity_id.in_(chunk))).all()
    return out


def _row_lives(s: Session, entity: str, current: dict[int, str], cell_rows: Sequence[AuditLog], owner: int) -> list[AuditLog]:
    """The entries about the rows ``current`` (id → period) since each row was last created.

    A row id can have belonged to an earlier, deleted row (SQLite reuses the largest id):
    what happened to that earlier row is not this row's history.
    """
    rows = _by_ids(s, entity, list(current))
    inserts: set[tuple[int | None, int | None]] = set()
    if entity == "value" and rows:
        batches = {r.batch_id for r in rows if r.batch_id is not None}
        if batches:
            inserts = {
                (b, r)
                for b, r in s.execute(
                    select(ImportBatchItem.batch_id, ImportBatchItem.record_id).where(
                        ImportBatchItem.kind == "value", ImportBatchItem.action == "insert",
                        ImportBatchItem.batch_id.in_(batches), ImportBatchItem.record_id.in_(list(current)),
                    )
                )
            }
    start: dict[int, int] = {}  # row id → audit id of its latest creation
    for r in sorted(rows, key=lambda r: r.id):
        created = (r.batch_id, r.entity_id) in inserts if entity == "value" else r.old is None
        if created and not r.reason.startswith("撤销"):
            start[r.entity_id] = r.id  # type: ignore[index]
    # a value row created by typing: its cell's latest "old None" line (an undone plan edit
    # puts rows back under their old ids, so their earlier lines still count)
    for r in cell_rows:
        if r.old is None and r.field is not None and r.reason not in _SAME_ROW_REASONS:
            for vid, period in current.items():
                if period == r.field and r.id > start.get(vid, 0):
                    start[vid] = r.id
    return [r for r in rows if r.id >= start.get(r.entity_id, 0)]  # type: ignore[arg-type]


def _undone_inserts(s: Session, entity: str, owner: int) -> list[AuditLog]:
    """Entries about rows an import inserted and its undo deleted (found by the undo's cell key)."""
    undos = s.scalars(
        select(AuditLog).where(AuditLog.entity == entity, AuditLog.field.like(f"{owner}@%"), AuditLog.new.is_(None))
    ).all()
    out: list[AuditLog] = []
    for undo in undos:
        out.append(undo)
        out += s.scalars(
            select(AuditLog).where(
                AuditLog.entity == entity, AuditLog.entity_id == undo.entity_id, AuditLog.batch_id == undo.batch_id,
                AuditLog.id < undo.id,
            )
        ).all()
    return out


def _value_cells(s: Session, ids: Iterable[int | None]) -> dict[int, tuple[int, str]]:
    wanted = sorted({i for i in ids if i is not None})
    out: dict[int, tuple[int, str]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for vid, iid, period in s.execute(select(Value.id, Value.indicator_id, Value.period).where(Value.id.in_(chunk))):
            out[vid] = (iid, period)
    return out


def _report_cells(s: Session, ids: Iterable[int | None]) -> dict[int, tuple[int, str, str | None]]:
    wanted = sorted({i for i in ids if i is not None})
    out: dict[int, tuple[int, str, str | None]] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        for rid, tid, period, unit in s.execute(
            select(ProgressReport.id, ProgressReport.task_id, ProgressReport.period, Unit.name)
            .outerjoin(Unit, Unit.id == ProgressReport.unit_id)
            .where(ProgressReport.id.in_(chunk))
        ):
            out[rid] = (tid, period, unit)
    return out


def _undone_cells(rows: Iterable[AuditLog]) -> dict[tuple[str, int | None, int | None], tuple[int, str]]:
    """(entity, row id, batch) → cell, from the lines of import undos, which name the cell.

    A batch wrote a row id once, so every line of that (row, batch) is about that cell —
    even when the row is gone or its id now belongs to another cell.
    """
    out: dict[tuple[str, int | None, int | None], tuple[int, str]] = {}
    for r in rows:
        key = _cell_key(r.field) if r.entity in ("value", "progress_report") else None
        if key is not None and r.batch_id is not None:
            out[(r.entity, r.entity_id, r.batch_id)] = key
    return out


def _cell_key(field: str | None) -> tuple[int, str] | None:
    """``"12@2024"`` (the field an import undo writes) → (12, "2024")."""
    if not field or "@" not in field:
        return None
    owner, _, period = field.partition("@")
    return (int(owner), period) if owner.isdigit() else None


def _entry(
    r: AuditLog,
    indicators: dict[int, str],
    tasks: dict[int, str],
    value_cells: dict[int, tuple[int, str]],
    report_cells: dict[int, tuple[int, str, str | None]],
    task_id: int | None = None,
    *,
    undone: dict[tuple[str, int | None, int | None], tuple[int, str]] | None = None,
) -> HistoryEntry:
    kind, subject, period = "structure", r.entity, None
    old, new = r.old, r.new
    exact = (undone or {}).get((r.entity, r.entity_id, r.batch_id)) if r.batch_id is not None else None
    if r.entity == "indicator_value":
        kind, period = "value", r.field
        subject = _join(indicators.get(r.entity_id or 0, f"指标 {r.entity_id}"), _label(period))
    elif r.entity == "value":
        kind = "value"
        cell = exact or value_cells.get(r.entity_id or 0) or _cell_key(r.field)
        if cell is not None:
            period = cell[1]
            subject = _join(indicators.get(cell[0], f"指标 {cell[0]}"), _label(period))
        else:
            subject = f"数值 #{r.entity_id}"
    elif r.entity == "progress_report":
        kind = "progress"
        cell = (exact[0], exact[1], None) if exact else report_cells.get(r.entity_id or 0)
        unit = cell[2] if cell else None
        if cell is None:
            key = _cell_key(r.field)
            cell = (key[0], key[1], None) if key else None
        if cell is None:
            period = _json_field(r.new, "period") or _json_field(r.old, "period")
            owner = task_id
        else:
            owner, period = cell[0], cell[1]
        task = tasks.get(owner or 0, f"任务 #{owner}" if owner else "任务")
        subject = _join(task, f"{_label(period)}进展" if period else "进展", f"（{unit}）" if unit else "")
        old, new = _progress_text(old), _progress_text(new)
    elif r.entity == "milestone":
        kind, subject = "milestone", "推进节点完成日期"
    elif r.entity == "indicator" and r.field in ("targets", "direction"):
        kind = "target"
        subject = _join(indicators.get(r.entity_id or 0, f"指标 {r.entity_id}"), "目标" if r.field == "targets" else "方向")
    elif r.entity == "target":
        kind, subject = "target", f"目标 #{r.entity_id}"
    elif r.entity == "collection_round":
        kind, subject = "round", "报送轮次"
    elif r.entity == "plan":
        kind, subject = "plan", "方案"
    else:
        owner_name = indicators.get(r.entity_id or 0) if r.entity == "indicator" else tasks.get(r.entity_id or 0)
        subject = _join(_ENTITY_LABELS.get(r.entity, r.entity), owner_name or "", _FIELD_LABELS.get(r.field or "", r.field or ""))
    return HistoryEntry(
        id=r.id, at=r.at, who=r.os_user, why=reason_label(r.reason), kind=kind, subject=subject.strip(),
        period=period, field=r.field, old=old, new=new, batch_id=r.batch_id,
    )


_ENTITY_LABELS = {
    "indicator": "指标", "indicator_group": "指标分组", "task": "任务", "task_group": "任务分组",
    "unit": "单位", "task_force": "工作专班", "plan_edit": "方案编辑", "indicator_unit": "指标责任单位",
    "task_unit": "任务责任单位", "task_goal": "建设目标", "task_goal_unit": "建设目标责任单位",
    "unit_alias": "单位别名", "task_force_member": "专班成员",
}
_FIELD_LABELS = {
    "name": "名称", "title": "名称", "number": "编号", "position": "位置", "units": "责任单位", "goals": "建设目标",
    "deadline_text": "完成时限", "body": "内容", "unit_of_measure": "计量单位", "weight": "权重", "key": "重点标记",
    "decimals": "小数位数", "scoring": "计分方式", "hand_score": "手工得分", "people": "成员", "alias": "别名",
}


def _label(period: str | None) -> str:
    if not period:
        return ""
    try:
        return Period.parse(period).label
    except PeriodError:
        return period


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _json_field(text: str | None, key: str) -> Any:
    data = _json(text)
    return data.get(key) if data is not None else None


def _json(text: str | None) -> dict[str, Any] | None:
    if not text or not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _progress_text(text: str | None) -> str | None:
    """A progress entry as one line: 60%，推进中，举办对接会3场（问题：…；下步：…）."""
    data = _json(text)
    if data is None:
        return text
    parts = []
    if data.get("percent") is not None:
        parts.append(f"{data['percent']}%")
    for key in ("status", "progress_text"):
        if data.get(key):
            parts.append(str(data[key]))
    extra = [f"{label}：{data[key]}" for key, label in (("problems", "问题"), ("next_steps", "下步")) if data.get(key)]
    line = "，".join(parts) or "（空）"
    return f"{line}（{'；'.join(extra)}）" if extra else line


def _unique(rows: Iterable[AuditLog]) -> list[AuditLog]:
    seen: dict[int, AuditLog] = {}
    for r in rows:
        seen.setdefault(r.id, r)
    return list(seen.values())


def _newest_first(entries: Iterable[HistoryEntry]) -> tuple[HistoryEntry, ...]:
    return tuple(sorted(entries, key=lambda e: (e.at, e.id), reverse=True))


__all__ = [
    "KIND_LABELS",
    "History",
    "HistoryEntry",
    "indicator_history",
    "plan_history",
    "reason_label",
    "task_history",
]
