"""Editing a plan's structure: groups, indicators, targets, tasks, units and task forces.

Every operation is one write transaction with audit rows, and returns an :class:`Undo`:
the rows it touched as they were before and after (a row-level diff). ``PlanEditor.undo``
puts the "before" rows back exactly — same ids, same values — and returns the Undo that
redoes the change, so the window can wrap each operation in a QUndoCommand.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from db.models import (
    AuditLog,
    Base,
    Indicator,
    IndicatorGroup,
    IndicatorUnit,
    ImportBatch,
    Milestone,
    Plan,
    ProgressReport,
    RoundUnit,
    Target,
    Task,
    TaskForce,
    TaskForceMember,
    TaskGoal,
    TaskGoalUnit,
    TaskGroup,
    TaskUnit,
    Unit,
    UnitAlias,
    UnitMapping,
    Value,
)
from desktop.domain.deadlines import parse_deadline
from desktop.domain.unit_names import UnitDirectory, UnitEntry
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.os_user import current_user
from desktop.services.presets import TARGET_KINDS
from desktop.services.units import unit_directory

REASON = "方案编辑"
UNDO_REASON = "方案编辑（撤销/重做）"  # the summary line of an undo or redo
REASON_UNDO = "撤销方案编辑"
REASON_REDO = "重做方案编辑"
_QUIET_FIELDS = frozenset({"updated_at"})  # bookkeeping, not something the clerk changed
DIRECTIONS = ("higher", "lower", "qualitative")
SCORINGS = ("proportional", "all_or_nothing", "hand")
UNIT_KINDS_DEFAULT = "other"
UNIT_KINDS = ("department", "county", "zone", "section", "enterprise", "other")
TASK_FORCE_KINDS = ("task_force", "leading_group")

Row = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class TableChange:
    """One table's touched rows, before and after the operation (keyed by id)."""

    table: str
    before: tuple[Row, ...]
    after: tuple[Row, ...]


@dataclass(frozen=True)
class Undo:
    """What reverses one operation: apply ``changes`` backwards (after → before)."""

    label: str
    plan_id: int | None
    changes: tuple[TableChange, ...]
    result_id: int | None = None  # id of the row the operation created, if any
    redo: bool = False  # applying this Undo redoes the operation (it was inverted once)

    def inverted(self) -> Undo:
        return Undo(
            self.label,
            self.plan_id,
            tuple(TableChange(c.table, c.after, c.before) for c in self.changes),
            self.result_id,
            not self.redo,
        )


@dataclass(frozen=True)
class DeleteCounts:
    """What goes with a deletion, so the window can ask first."""

    counts: dict[str, int]

    @property
    def message(self) -> str:
        labels = {
            "indicators": "个指标", "tasks": "项任务", "values": "个数值", "targets": "个目标值",
            "progress_reports": "条进展", "goals": "条建设目标", "milestones": "个推进节点",
            "linked_indicators": "个指标与该任务的关联", "linked_tasks": "项任务与该专班的关联",
            "aliases": "个别名", "indicator_units": "处指标责任单位", "task_units": "处任务责任单位",
            "goal_units": "处建设目标责任单位", "unit_mappings": "条导入列设置",
        }
        parts = [f"{n} {labels.get(k, k)}" for k, n in self.counts.items() if n]
        return "将同时删除 " + "、".join(parts) if parts else ""


@dataclass(frozen=True)
class TargetRow:
    year: int
    value: Decimal | None
    kind: str
    text: str | None = None


@dataclass(frozen=True)
class IndicatorTargets:
    """An indicator as the target dialog needs it."""

    indicator_id: int
    name: str
    number: str | None
    unit: str | None
    direction: str
    base_year: int | None
    target_year: int | None
    baseline_value: Decimal | None
    baseline_year: int | None
    targets: tuple[TargetRow, ...]


_TABLES: dict[str, Table] = {t.name: t for t in Base.metadata.sorted_tables}
_ORDER = [t.name for t in Base.metadata.sorted_tables]  # parents before children

Scope = tuple[Any, ColumnElement[bool]]  # (Table, where clause)


def _row(mapping: Any) -> Row:
    return tuple(sorted(dict(mapping).items()))


class _Recorder:
    """Snapshots the rows in some scopes before and after an operation."""

    def __init__(self, session: Session, scopes: Sequence[Scope]) -> None:
        self.session = session
        self.scopes = list(scopes)
        self.before: dict[str, dict[int, Row]] = {}
        for table, clause in self.scopes:
            rows = self.before.setdefault(table.name, {})
            for m in session.execute(select(table).where(clause)).mappings():
                rows[m["id"]] = _row(m)

    def changes(self) -> tuple[TableChange, ...]:
        self.session.flush()
        after: dict[str, dict[int, Row]] = {}
        for table, clause in self.scopes:
            rows = after.setdefault(table.name, {})
            for m in self.session.execute(select(table).where(clause)).mappings():
                rows[m["id"]] = _row(m)
        for name, rows in self.before.items():
            table = _TABLES[name]
            missing = [i for i in rows if i not in after[name]]
            if missing:
                for m in self.session.execute(select(table).where(table.c.id.in_(missing))).mappings():
                    after[name][m["id"]] = _row(m)
        out = []
        for name in _ORDER:
            if name not in self.before:
                continue
            b, a = self.before[name], after[name]
            ids = sorted(set(b) | set(a))
            changed = [i for i in ids if b.get(i) != a.get(i)]
            if changed:
                out.append(
                    TableChange(
                        name,
                        tuple(b[i] for i in changed if i in b),
                        tuple(a[i] for i in changed if i in a),
                    )
                )
        return tuple(out)


def _apply(session: Session, changes: Sequence[TableChange]) -> None:
    """Turn the ``after`` rows of ``changes`` back into the ``before`` rows."""
    by_name = {c.table: c for c in changes}
    # the state must still be what the operation left, or undo would clobber later edits
    for c in changes:
        table = _TABLES[c.table]
        ids = [dict(r)["id"] for r in c.after] + [dict(r)["id"] for r in c.before]
        current = {
            m["id"]: _row(m) for m in session.execute(select(table).where(table.c.id.in_(ids))).mappings()
        }
        expected = {dict(r)["id"]: r for r in c.after}
        for i in set(ids):
            if current.get(i) != expected.get(i):
                raise UserError("方案在这次修改之后又被改动过，无法撤销或重做这一步。")
    for name in reversed(_ORDER):  # children first
        change = by_name.get(name)
        if change is None:
            continue
        table = _TABLES[name]
        before_ids = {dict(r)["id"] for r in change.before}
        gone = [dict(r)["id"] for r in change.after if dict(r)["id"] not in before_ids]
        if gone:
            session.execute(table.delete().where(table.c.id.in_(gone)))
    # then parents first: updates (unique positions parked first), then inserts
    for name in _ORDER:
        change = by_name.get(name)
        if change is None:
            continue
        table = _TABLES[name]
        after_ids = {dict(r)["id"] for r in change.after}
        updates = [dict(r) for r in change.before if dict(r)["id"] in after_ids]
        if "position" in table.c and updates:
            for r in updates:
                session.execute(
                    table.update().where(table.c.id == r["id"]).values(position=-1 - r["id"])
                )
        for r in updates:
            session.execute(table.update().where(table.c.id == r["id"]).values(**r))
        new = [dict(r) for r in change.before if dict(r)["id"] not in after_ids]
        if new:
            session.execute(table.insert(), new)
    session.flush()
    session.expire_all()


def _field_changes(changes: Sequence[TableChange]) -> list[tuple[str, int | None, str | None, str | None, str | None]]:
    """What applying ``changes`` (after → before) does, field by field, as audit lines.

    A value row is logged against its cell (``indicator_value``, indicator id, period) like
    a typed edit, so the cell's history shows it; other rows by table and id. A whole row
    that appears or disappears is one line (old or new None) carrying its main text.
    """
    out: list[tuple[str, int | None, str | None, str | None, str | None]] = []
    for change in changes:
        now = {dict(r)["id"]: dict(r) for r in change.after}
        then = {dict(r)["id"]: dict(r) for r in change.before}
        for row_id in sorted(set(now) | set(then)):
            old_row, new_row = now.get(row_id), then.get(row_id)
            if change.table == "target":  # targets are logged against their indicator, like set_targets
                row = new_row or old_row or {}
                if old_row is None or new_row is None or old_row != new_row:
                    out.append(("indicator", row.get("indicator_id"), "targets", _row_text(old_row), _row_text(new_row)))
                continue
            if change.table == "value":
                row = new_row or old_row or {}
                old_v = None if old_row is None else _text(old_row.get("value"))
                new_v = None if new_row is None else _text(new_row.get("value"))
                if old_row is None or new_row is None or old_v != new_v:
                    out.append(("indicator_value", row.get("indicator_id"), row.get("period"), old_v, new_v))
                continue
            if old_row is None or new_row is None:
                out.append((change.table, row_id, None, _row_text(old_row), _row_text(new_row)))
                continue
            for field, value in new_row.items():
                if field in _QUIET_FIELDS or field == "id" or old_row.get(field) == value:
                    continue
                out.append((change.table, row_id, field, _text(old_row.get(field)), _text(value)))
    return out


def _row_text(row: dict[str, Any] | None) -> str | None:
    if row is None:
        return None
    if "year" in row and "kind" in row and "indicator_id" in row:  # a target
        return _target_text(row["year"], row.get("value"), row["kind"], row.get("text"))
    for field in ("name", "title", "text", "progress_text", "alias", "written_name"):
        if row.get(field):
            return _text(row[field])
    return f"#{row.get('id')}"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return format(value, "f")  # 100, not 1E+2: the way the grid writes values
    return str(value)


def _renumber(items: Sequence[Any]) -> None:
    for pos, item in enumerate(items):
        if item.position != pos:
            item.position = pos


def _name(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise UserError(f"{what}不能为空。")
    return value


class PlanEditor:
    """The editing operations of the plan window; each returns an :class:`Undo`."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # --- plumbing ------------------------------------------------------------------

    @contextmanager
    def _op(self, label: str, plan_id: int | None, scopes: Sequence[Scope]) -> Iterator[_Op]:
        with self.database.write() as s:
            op = _Op(s, label, plan_id, _Recorder(s, scopes))
            yield op
            op.finish()

    def undo(self, undo: Undo) -> Undo:
        """Restore the state before ``undo``'s operation; returns the Undo that redoes it."""
        word, reason = ("重做", REASON_REDO) if undo.redo else ("撤销", REASON_UNDO)
        user = current_user()
        with self.database.write() as s:
            _apply(s, undo.changes)
            s.add(
                AuditLog(
                    os_user=user, plan_id=undo.plan_id, entity="plan_edit", entity_id=None,
                    field=None, old=None, new=f"{word}：{undo.label}", reason=UNDO_REASON,
                )
            )
            # one line per field the undo changed back, with old and new, like the edit itself
            s.add_all(
                AuditLog(os_user=user, plan_id=undo.plan_id, entity=entity, entity_id=entity_id, field=field,
                         old=old, new=new, reason=reason)
                for entity, entity_id, field, old, new in _field_changes(undo.changes)
            )
        return undo.inverted()

    redo = undo

    @staticmethod
    def _get(s: Session, model: Any, id_: int, what: str) -> Any:
        obj = s.get(model, id_)
        if obj is None:
            raise NotFoundError(f"没有编号为 {id_} 的{what}，它可能已被删除。")
        return obj

    def _plan_id_of(self, model: Any, id_: int, what: str) -> int:
        with self.database.read() as s:
            obj = self._get(s, model, id_, what)
            return obj.plan_id

    # --- counts ---------------------------------------------------------------------

    def delete_counts(self, kind: str, id_: int) -> DeleteCounts:
        """How many rows go with deleting an ``indicator``, ``task``, group or task force."""
        with self.database.read() as s:

            def count(col: Any, *where: Any) -> int:
                return s.scalar(select(func.count(col)).where(*where)) or 0

            if kind == "indicator":
                self._get(s, Indicator, id_, "指标")
                c = {"values": count(Value.id, Value.indicator_id == id_),
                     "targets": count(Target.id, Target.indicator_id == id_)}
            elif kind == "task":
                self._get(s, Task, id_, "任务")
                c = {"progress_reports": count(ProgressReport.id, ProgressReport.task_id == id_),
                     "goals": count(TaskGoal.id, TaskGoal.task_id == id_),
                     "milestones": count(Milestone.id, Milestone.task_id == id_),
                     "linked_indicators": count(Indicator.id, Indicator.task_id == id_)}
            elif kind == "indicator_group":
                self._get(s, IndicatorGroup, id_, "指标分组")
                c = {"indicators": count(Indicator.id, Indicator.group_id == id_)}
            elif kind == "task_group":
                self._get(s, TaskGroup, id_, "任务分组")
                c = {"tasks": count(Task.id, Task.group_id == id_)}
            elif kind == "task_force":
                self._get(s, TaskForce, id_, "工作专班")
                c = {"linked_tasks": count(Task.id, Task.task_force_id == id_)}
            elif kind == "unit":
                self._get(s, Unit, id_, "单位")
                c = {"aliases": count(UnitAlias.id, UnitAlias.unit_id == id_),
                     "indicator_units": count(IndicatorUnit.id, IndicatorUnit.unit_id == id_),
                     "task_units": count(TaskUnit.id, TaskUnit.unit_id == id_),
                     "goal_units": count(TaskGoalUnit.id, TaskGoalUnit.unit_id == id_),
                     "unit_mappings": count(UnitMapping.id, UnitMapping.unit_id == id_)}
            else:
                raise ValueError(f"unknown kind {kind!r}")
            return DeleteCounts(c)

    # --- groups ---------------------------------------------------------------------

    def add_indicator_group(self, plan_id: int, name: str, position: int | None = None) -> Undo:
        return self._add_group(IndicatorGroup, plan_id, name, position, "指标分组")

    def add_task_group(self, plan_id: int, name: str, position: int | None = None, number: str | None = None) -> Undo:
        return self._add_group(TaskGroup, plan_id, name, position, "任务分组", number=number)

    def _add_group(self, model: Any, plan_id: int, name: str, position: int | None, what: str, **extra: Any) -> Undo:
        name = _name(name, f"{what}名称")
        t = model.__table__
        with self._op(f"新增{what}", plan_id, [(t, t.c.plan_id == plan_id)]) as op:
            plan = self._get(op.s, Plan, plan_id, "方案")
            groups = list(plan.indicator_groups if model is IndicatorGroup else plan.task_groups)
            group = model(plan_id=plan_id, name=name, position=len(groups), **extra)
            pos = len(groups) if position is None else max(0, min(position, len(groups)))
            groups.insert(pos, group)
            op.s.add(group)
            _renumber(groups)
            op.s.flush()
            op.result_id = group.id
            op.audit(model.__tablename__, group.id, "name", None, name)
        return op.undo

    def rename_indicator_group(self, group_id: int, name: str) -> Undo:
        return self._rename_group(IndicatorGroup, group_id, name, "指标分组")

    def rename_task_group(self, group_id: int, name: str) -> Undo:
        return self._rename_group(TaskGroup, group_id, name, "任务分组")

    def _rename_group(self, model: Any, group_id: int, name: str, what: str) -> Undo:
        name = _name(name, f"{what}名称")
        plan_id = self._plan_id_of(model, group_id, what)
        t = model.__table__
        with self._op(f"重命名{what}", plan_id, [(t, t.c.id == group_id)]) as op:
            g = self._get(op.s, model, group_id, what)
            op.audit(model.__tablename__, group_id, "name", g.name, name)
            g.name = name
        return op.undo

    def move_indicator_group(self, group_id: int, new_position: int) -> Undo:
        return self._move_group(IndicatorGroup, group_id, new_position, "指标分组")

    def move_task_group(self, group_id: int, new_position: int) -> Undo:
        return self._move_group(TaskGroup, group_id, new_position, "任务分组")

    def _move_group(self, model: Any, group_id: int, new_position: int, what: str) -> Undo:
        plan_id = self._plan_id_of(model, group_id, what)
        t = model.__table__
        with self._op(f"移动{what}", plan_id, [(t, t.c.plan_id == plan_id)]) as op:
            g = self._get(op.s, model, group_id, what)
            groups = list(op.s.scalars(select(model).where(model.plan_id == plan_id).order_by(model.position, model.id)))
            old = groups.index(g)
            groups.remove(g)
            groups.insert(max(0, min(new_position, len(groups))), g)
            _renumber(groups)
            op.audit(model.__tablename__, group_id, "position", old, g.position)
        return op.undo

    def delete_indicator_group(self, group_id: int) -> Undo:
        return self._delete_group(IndicatorGroup, Indicator, group_id, "指标分组", "个指标")

    def delete_task_group(self, group_id: int) -> Undo:
        return self._delete_group(TaskGroup, Task, group_id, "任务分组", "项任务")

    def _delete_group(self, model: Any, child: Any, group_id: int, what: str, noun: str) -> Undo:
        plan_id = self._plan_id_of(model, group_id, what)
        t = model.__table__
        with self._op(f"删除{what}", plan_id, [(t, t.c.plan_id == plan_id)]) as op:
            g = self._get(op.s, model, group_id, what)
            n = op.s.scalar(select(func.count(child.id)).where(child.group_id == group_id)) or 0
            if n:
                raise UserError(f"{what}“{g.name}”下还有 {n} {noun}，请先移走或删除它们再删除分组。")
            op.audit(model.__tablename__, group_id, None, g.name, None)
            op.s.delete(g)
            op.s.flush()
            _renumber(list(op.s.scalars(select(model).where(model.plan_id == plan_id).order_by(model.position, model.id))))
        return op.undo

    # --- indicators -----------------------------------------------------------------

    @staticmethod
    def _indicator_scopes(plan_id: int, indicator_id: int | None = None) -> list[Scope]:
        i, u, tg, v = (Indicator.__table__, IndicatorUnit.__table__, Target.__table__, Value.__table__)
        scopes: list[Scope] = [(i, i.c.plan_id == plan_id)]
        if indicator_id is not None:
            scopes += [(u, u.c.indicator_id == indicator_id), (tg, tg.c.indicator_id == indicator_id),
                       (v, v.c.indicator_id == indicator_id)]
        return scopes

    def add_indicator(
        self, group_id: int, name: str, unit: str | None = None, direction: str = "higher",
        weight: Decimal | None = None, key: bool = False, number: str | None = None,
        position: int | None = None,
    ) -> Undo:
        name = _name(name, "指标名称")
        _check_direction(direction)
        plan_id = self._plan_id_of(IndicatorGroup, group_id, "指标分组")
        with self._op("新增指标", plan_id, self._indicator_scopes(plan_id)) as op:
            g = self._get(op.s, IndicatorGroup, group_id, "指标分组")
            items = list(g.indicators)
            ind = Indicator(plan_id=plan_id, group_id=group_id, position=len(items), name=name,
                            unit_of_measure=unit, direction=direction, weight=weight, key=key, number=number)
            items.insert(len(items) if position is None else max(0, min(position, len(items))), ind)
            op.s.add(ind)
            _renumber(items)
            op.s.flush()
            op.result_id = ind.id
            op.audit("indicator", ind.id, "name", None, name)
        return op.undo

    _INDICATOR_FIELDS = ("name", "unit_of_measure", "direction", "weight", "key", "number",
                         "decimals", "scoring", "hand_score")

    def update_indicator(self, indicator_id: int, **fields: Any) -> Undo:
        bad = set(fields) - set(self._INDICATOR_FIELDS)
        if bad:
            raise ValueError(f"cannot update indicator fields {sorted(bad)}")
        if "name" in fields:
            fields["name"] = _name(fields["name"], "指标名称")
        if "direction" in fields:
            _check_direction(fields["direction"])
        if "scoring" in fields and fields["scoring"] not in SCORINGS:
            raise UserError(f"计分方式“{fields['scoring']}”无效，应为：{'、'.join(SCORINGS)}。")
        for f in ("weight", "hand_score"):
            if fields.get(f) is not None:
                fields[f] = Decimal(str(fields[f]))
        if fields.get("decimals") is not None and not (0 <= int(fields["decimals"]) <= 10):
            raise UserError("小数位数应在 0 到 10 之间。")
        plan_id = self._plan_id_of(Indicator, indicator_id, "指标")
        t = Indicator.__table__
        with self._op("修改指标", plan_id, [(t, t.c.id == indicator_id)]) as op:
            ind = self._get(op.s, Indicator, indicator_id, "指标")
            for f, new in fields.items():
                old = getattr(ind, f)
                if old != new:
                    op.audit("indicator", indicator_id, f, old, new)
                    setattr(ind, f, new)
        return op.undo

    def move_indicator(self, indicator_id: int, group_id: int, position: int) -> Undo:
        plan_id = self._plan_id_of(Indicator, indicator_id, "指标")
        with self._op("移动指标", plan_id, self._indicator_scopes(plan_id)) as op:
            ind = self._get(op.s, Indicator, indicator_id, "指标")
            target = self._get(op.s, IndicatorGroup, group_id, "指标分组")
            if target.plan_id != plan_id:
                raise UserError("不能把指标移到另一个方案的分组中。")
            _move_into_group(op, "indicator", ind, target, position, "indicators")
        return op.undo

    def set_indicator_units(self, indicator_id: int, names: Sequence[str]) -> Undo:
        plan_id = self._plan_id_of(Indicator, indicator_id, "指标")
        u = IndicatorUnit.__table__
        with self._op("修改指标责任单位", plan_id, [(u, u.c.indicator_id == indicator_id)]) as op:
            ind = self._get(op.s, Indicator, indicator_id, "指标")
            _replace_units(op, "indicator", ind, names, IndicatorUnit)
        return op.undo

    def delete_indicator(self, indicator_id: int) -> Undo:
        plan_id = self._plan_id_of(Indicator, indicator_id, "指标")
        with self._op("删除指标", plan_id, self._indicator_scopes(plan_id, indicator_id)) as op:
            ind = self._get(op.s, Indicator, indicator_id, "指标")
            group = ind.group
            op.audit("indicator", indicator_id, None, ind.name, None)
            for v in ind.values:  # the values go with it: each cell's history says so
                op.audit("indicator_value", indicator_id, v.period, v.value, None)
            if ind.targets:
                op.audit("indicator", indicator_id, "targets",
                         [_target_text(t.year, t.value, t.kind, t.text) for t in ind.targets], None)
            op.s.delete(ind)
            op.s.flush()
            op.s.refresh(group)
            _renumber(list(group.indicators))
        return op.undo

    # --- targets --------------------------------------------------------------------

    def set_targets(
        self, indicator_id: int, targets: Sequence[tuple[Any, ...]], direction: str | None = None,
    ) -> Undo:
        """Replace the indicator's targets: ``(year, value, kind)`` or ``(year, value, kind, text)``.

        ``direction``, when given, is changed in the same step (the target dialog edits both).
        """
        rows = []
        for target in targets:
            year, value, kind = target[0], target[1], target[2]
            text = target[3] if len(target) > 3 else None
            if kind not in TARGET_KINDS:
                raise UserError(f"目标类型“{kind}”无效，应为：{'、'.join(sorted(TARGET_KINDS))}。")
            if not isinstance(year, int) or not 1900 <= year <= 2200:
                raise UserError(f"目标年份“{year}”无效。")
            if value is None and kind != "qualitative":
                raise UserError(f"{year}年目标缺少目标值（只有定性目标可以不填数值）。")
            text = (text or "").strip() or None
            rows.append((year, None if value is None else Decimal(str(value)), kind, text))
        if direction is not None:
            _check_direction(direction)
        plan_id = self._plan_id_of(Indicator, indicator_id, "指标")
        t, i = Target.__table__, Indicator.__table__
        with self._op("修改指标目标", plan_id, [(i, i.c.id == indicator_id), (t, t.c.indicator_id == indicator_id)]) as op:
            ind = self._get(op.s, Indicator, indicator_id, "指标")
            old = [_target_text(x.year, x.value, x.kind, x.text) for x in ind.targets]
            ind.targets.clear()
            op.s.flush()
            for year, value, kind, text in rows:
                ind.targets.append(Target(year=year, value=value, kind=kind, text=text))
            op.audit("indicator", indicator_id, "targets", old, [_target_text(*r) for r in rows])
            if direction is not None and direction != ind.direction:
                op.audit("indicator", indicator_id, "direction", ind.direction, direction)
                ind.direction = direction
        return op.undo

    def indicator_targets(self, indicator_id: int) -> IndicatorTargets:
        """What the target dialog shows: the indicator, its unit, direction and targets in order."""
        with self.database.read() as s:
            ind = self._get(s, Indicator, indicator_id, "指标")
            plan = ind.plan
            return IndicatorTargets(
                indicator_id=ind.id, name=ind.name, number=ind.number, unit=ind.unit_of_measure,
                direction=ind.direction, base_year=plan.base_year, target_year=plan.target_year,
                baseline_value=ind.baseline_value, baseline_year=ind.baseline_year,
                targets=tuple(TargetRow(t.year, t.value, t.kind, t.text) for t in ind.targets),
            )

    # --- tasks ----------------------------------------------------------------------

    @staticmethod
    def _task_scopes(plan_id: int, task_id: int | None = None) -> list[Scope]:
        t = Task.__table__
        scopes: list[Scope] = [(t, t.c.plan_id == plan_id)]
        if task_id is not None:
            tu, g, gu, m, p, i = (TaskUnit.__table__, TaskGoal.__table__, TaskGoalUnit.__table__,
                                  Milestone.__table__, ProgressReport.__table__, Indicator.__table__)
            scopes += [
                (tu, tu.c.task_id == task_id),
                (g, g.c.task_id == task_id),
                (gu, gu.c.goal_id.in_(select(g.c.id).where(g.c.task_id == task_id))),
                (m, m.c.task_id == task_id),
                (p, p.c.task_id == task_id),
                (i, i.c.task_id == task_id),
            ]
        return scopes

    def _default_year(self, s: Session, plan_id: int) -> int | None:
        plan = self._get(s, Plan, plan_id, "方案")
        return plan.issue_date.year if plan.issue_date else plan.target_year

    def _check_number(self, s: Session, plan_id: int, number: str, task_id: int | None = None) -> str:
        number = _name(str(number), "任务编号")
        clash = s.scalar(select(Task).where(Task.plan_id == plan_id, Task.number == number))
        if clash is not None and clash.id != task_id:
            raise UserError(f"编号“{number}”已被任务“{clash.title}”使用，请换一个编号。")
        return number

    def add_task(
        self, group_id: int, number: str, title: str, body: str | None = None,
        deadline_text: str | None = None, units: Sequence[str] = (), position: int | None = None,
    ) -> Undo:
        title = _name(title, "任务名称")
        plan_id = self._plan_id_of(TaskGroup, group_id, "任务分组")
        tu = TaskUnit.__table__
        scopes = self._task_scopes(plan_id) + [(tu, tu.c.task_id.in_(select(Task.id).where(Task.group_id == group_id)))]
        with self._op("新增任务", plan_id, scopes) as op:
            number = self._check_number(op.s, plan_id, number)
            g = self._get(op.s, TaskGroup, group_id, "任务分组")
            dl = parse_deadline(deadline_text, self._default_year(op.s, plan_id))
            items = list(g.tasks)
            task = Task(plan_id=plan_id, group_id=group_id, position=len(items), number=number, title=title,
                        body=body, deadline_text=deadline_text, deadline=dl.date if dl else None,
                        ongoing=bool(dl and dl.ongoing))
            task.units = _unit_rows(op.s, units, TaskUnit)
            items.insert(len(items) if position is None else max(0, min(position, len(items))), task)
            op.s.add(task)
            _renumber(items)
            op.s.flush()
            op.result_id = task.id
            op.audit("task", task.id, "title", None, title)
        return op.undo

    def update_task(self, task_id: int, **fields: Any) -> Undo:
        bad = set(fields) - {"number", "title", "body", "deadline_text"}
        if bad:
            raise ValueError(f"cannot update task fields {sorted(bad)}")
        plan_id = self._plan_id_of(Task, task_id, "任务")
        t = Task.__table__
        with self._op("修改任务", plan_id, [(t, t.c.id == task_id)]) as op:
            task = self._get(op.s, Task, task_id, "任务")
            if "number" in fields:
                fields["number"] = self._check_number(op.s, plan_id, fields["number"], task_id)
            if "title" in fields:
                fields["title"] = _name(fields["title"], "任务名称")
            for f, new in fields.items():
                old = getattr(task, f)
                if old != new:
                    op.audit("task", task_id, f, old, new)
                    setattr(task, f, new)
            if "deadline_text" in fields:
                dl = parse_deadline(task.deadline_text, self._default_year(op.s, plan_id))
                task.deadline = dl.date if dl else None
                task.ongoing = bool(dl and dl.ongoing)
        return op.undo

    def move_task(self, task_id: int, group_id: int, position: int) -> Undo:
        plan_id = self._plan_id_of(Task, task_id, "任务")
        with self._op("移动任务", plan_id, self._task_scopes(plan_id)) as op:
            task = self._get(op.s, Task, task_id, "任务")
            target = self._get(op.s, TaskGroup, group_id, "任务分组")
            if target.plan_id != plan_id:
                raise UserError("不能把任务移到另一个方案的分组中。")
            _move_into_group(op, "task", task, target, position, "tasks")
        return op.undo

    def set_task_units(self, task_id: int, names: Sequence[str]) -> Undo:
        plan_id = self._plan_id_of(Task, task_id, "任务")
        u = TaskUnit.__table__
        with self._op("修改任务责任单位", plan_id, [(u, u.c.task_id == task_id)]) as op:
            task = self._get(op.s, Task, task_id, "任务")
            _replace_units(op, "task", task, names, TaskUnit)
        return op.undo

    def set_goals(self, task_id: int, goals: Sequence[tuple[str, Sequence[str], str | None]]) -> Undo:
        plan_id = self._plan_id_of(Task, task_id, "任务")
        scopes = [s for s in self._task_scopes(plan_id, task_id)
                  if s[0].name in ("task_goal", "task_goal_unit")]
        with self._op("修改建设目标", plan_id, scopes) as op:
            task = self._get(op.s, Task, task_id, "任务")
            year = self._default_year(op.s, plan_id)
            new = []
            for pos, (text, units, deadline_text) in enumerate(goals):
                dl = parse_deadline(deadline_text, year)
                goal = TaskGoal(position=pos, text=_name(text, "建设目标"), deadline_text=deadline_text,
                                deadline=dl.date if dl else None, ongoing=bool(dl and dl.ongoing))
                goal.units = _unit_rows(op.s, units, TaskGoalUnit)
                new.append(goal)
            old = [g.text for g in task.goals]
            task.goals.clear()
            op.s.flush()
            task.goals.extend(new)
            op.audit("task", task_id, "goals", old, [g.text for g in new])
        return op.undo

    def delete_task(self, task_id: int) -> Undo:
        plan_id = self._plan_id_of(Task, task_id, "任务")
        with self._op("删除任务", plan_id, self._task_scopes(plan_id, task_id)) as op:
            task = self._get(op.s, Task, task_id, "任务")
            group = task.group
            op.audit("task", task_id, None, f"{task.number} {task.title}", None)
            for r in task.progress_reports:  # the progress reports go with it
                op.audit("progress_report", r.id, "progress", f"{r.period} {r.progress_text or ''}".strip(), None)
            op.s.delete(task)
            op.s.flush()
            op.s.refresh(group)
            _renumber(list(group.tasks))
        return op.undo

    # --- units ----------------------------------------------------------------------

    @staticmethod
    def _unit_scopes(unit_id: int | None = None) -> list[Scope]:
        u, a = Unit.__table__, UnitAlias.__table__
        if unit_id is None:
            return [(u, u.c.id == u.c.id)]
        return [(u, u.c.id == unit_id), (a, a.c.unit_id == unit_id)]

    def add_unit(self, name: str, kind: str = UNIT_KINDS_DEFAULT, contact_person: str | None = None,
                 contact_phone: str | None = None) -> Undo:
        name = _name(name, "单位名称")
        if kind not in UNIT_KINDS:
            raise UserError(f"单位类别“{kind}”无效，应为：{'、'.join(UNIT_KINDS)}。")
        with self._op("新增单位", None, self._unit_scopes()) as op:
            entries = list(unit_directory(op.s).entries)
            _check_directory(entries + [UnitEntry(name, kind)], name)
            unit = Unit(name=name, kind=kind, contact_person=(contact_person or "").strip() or None,
                        contact_phone=(contact_phone or "").strip() or None)
            op.s.add(unit)
            op.s.flush()
            op.result_id = unit.id
            op.audit("unit", unit.id, "name", None, name)
        return op.undo

    def rename_unit(self, unit_id: int, name: str) -> Undo:
        name = _name(name, "单位名称")
        with self._op("重命名单位", None, self._unit_scopes(unit_id)) as op:
            unit = self._get(op.s, Unit, unit_id, "单位")
            entries = [e for e in unit_directory(op.s).entries if e.name != unit.name]
            _check_directory(entries + [UnitEntry(name, unit.kind, tuple(a.alias for a in unit.aliases))], name)
            op.audit("unit", unit_id, "name", unit.name, name)
            unit.name = name
        return op.undo

    def add_alias(self, unit_id: int, alias: str) -> Undo:
        alias = _name(alias, "别名")
        with self._op("新增单位别名", None, self._unit_scopes(unit_id)) as op:
            unit = self._get(op.s, Unit, unit_id, "单位")
            if alias == unit.name or alias in [a.alias for a in unit.aliases]:
                raise UserError(f"“{alias}”已经是“{unit.name}”的名称或别名。")
            entries = [e for e in unit_directory(op.s).entries if e.name != unit.name]
            entries.append(UnitEntry(unit.name, unit.kind, tuple(a.alias for a in unit.aliases) + (alias,)))
            _check_directory(entries, alias)
            unit.aliases.append(UnitAlias(position=len(unit.aliases), alias=alias))
            op.audit("unit", unit_id, "alias", None, alias)
        return op.undo

    def remove_alias(self, unit_id: int, alias: str) -> Undo:
        with self._op("删除单位别名", None, self._unit_scopes(unit_id)) as op:
            unit = self._get(op.s, Unit, unit_id, "单位")
            row = next((a for a in unit.aliases if a.alias == alias), None)
            if row is None:
                raise UserError(f"“{unit.name}”没有别名“{alias}”。")
            unit.aliases.remove(row)
            op.s.flush()
            _renumber(list(unit.aliases))
            op.audit("unit", unit_id, "alias", alias, None)
        return op.undo

    UNIT_FIELDS = ("kind", "contact_person", "contact_phone")

    def update_unit(self, unit_id: int, **fields: Any) -> Undo:
        """Change a unit's kind or contact (联系人, 联系电话); blank text clears a field."""
        bad = set(fields) - set(self.UNIT_FIELDS)
        if bad:
            raise ValueError(f"cannot update unit fields {sorted(bad)}")
        if "kind" in fields and fields["kind"] not in UNIT_KINDS:
            raise UserError(f"单位类别“{fields['kind']}”无效，应为：{'、'.join(UNIT_KINDS)}。")
        for f in ("contact_person", "contact_phone"):
            if f in fields:
                fields[f] = (fields[f] or "").strip() or None
        if len(fields.get("contact_person") or "") > 100 or len(fields.get("contact_phone") or "") > 50:
            raise UserError("联系人不能超过 100 个字，联系电话不能超过 50 个字。")
        with self._op("修改单位信息", None, self._unit_scopes(unit_id)) as op:
            unit = self._get(op.s, Unit, unit_id, "单位")
            for f, new in fields.items():
                old = getattr(unit, f)
                if old != new:
                    op.audit("unit", unit_id, f, old, new)
                    setattr(unit, f, new)
        return op.undo

    def delete_unit(self, unit_id: int) -> Undo:
        """Delete a unit with its aliases, and take it off every indicator, task and goal.

        Refused while figures, progress reports, collection rounds or import batches name the
        unit: those are records of what happened and must keep pointing to it.
        """
        with self.database.read() as s:
            unit = self._get(s, Unit, unit_id, "单位")
            history = {
                "个数值": s.scalar(select(func.count(Value.id)).where(Value.source_unit_id == unit_id)),
                "条进展": s.scalar(select(func.count(ProgressReport.id)).where(ProgressReport.unit_id == unit_id)),
                "个报送轮次": s.scalar(select(func.count(RoundUnit.id)).where(RoundUnit.unit_id == unit_id)),
                "个导入批次": s.scalar(select(func.count(ImportBatch.id)).where(ImportBatch.unit_id == unit_id)),
            }
            used = "、".join(f"{n} {label}" for label, n in history.items() if n)
            if used:
                raise UserError(f"单位“{unit.name}”已有 {used}记录在案，不能删除；"
                                "如果是同一单位换了名称，请重命名，并把旧名称添加为别名。")
            ind_ids = list(s.scalars(select(IndicatorUnit.indicator_id).where(IndicatorUnit.unit_id == unit_id)))
            task_ids = list(s.scalars(select(TaskUnit.task_id).where(TaskUnit.unit_id == unit_id)))
            goal_ids = list(s.scalars(select(TaskGoalUnit.goal_id).where(TaskGoalUnit.unit_id == unit_id)))
        iu, tu, gu, um = (IndicatorUnit.__table__, TaskUnit.__table__, TaskGoalUnit.__table__,
                          UnitMapping.__table__)
        scopes = self._unit_scopes(unit_id) + [
            (iu, iu.c.indicator_id.in_(ind_ids)), (tu, tu.c.task_id.in_(task_ids)),
            (gu, gu.c.goal_id.in_(goal_ids)), (um, um.c.unit_id == unit_id),
        ]
        with self._op("删除单位", None, scopes) as op:
            unit = self._get(op.s, Unit, unit_id, "单位")
            op.audit("unit", unit_id, None, unit.name, None)
            for model, owner_col, owners in ((IndicatorUnit, IndicatorUnit.indicator_id, ind_ids),
                                             (TaskUnit, TaskUnit.task_id, task_ids),
                                             (TaskGoalUnit, TaskGoalUnit.goal_id, goal_ids)):
                for row in op.s.scalars(select(model).where(model.unit_id == unit_id)):
                    op.s.delete(row)
                op.s.flush()
                for owner in set(owners):
                    _renumber(list(op.s.scalars(select(model).where(owner_col == owner)
                                                .order_by(model.position, model.id))))
                op.s.flush()
            for row in op.s.scalars(select(UnitMapping).where(UnitMapping.unit_id == unit_id)):
                op.s.delete(row)
            op.s.delete(unit)
        return op.undo

    # --- task forces ----------------------------------------------------------------

    @staticmethod
    def _tf_scopes(plan_id: int, tf_id: int | None = None) -> list[Scope]:
        f, m, t = TaskForce.__table__, TaskForceMember.__table__, Task.__table__
        scopes: list[Scope] = [(f, f.c.plan_id == plan_id)]
        if tf_id is not None:
            scopes += [(m, m.c.task_force_id == tf_id), (t, t.c.task_force_id == tf_id)]
        return scopes

    def add_task_force(self, plan_id: int, name: str, lead_leader: str | None = None,
                       lead_person: str | None = None, kind: str = "task_force") -> Undo:
        if kind not in TASK_FORCE_KINDS:
            raise ValueError(f"unknown task force kind {kind!r}")
        name = _name(name, "专班名称" if kind == "task_force" else "领导小组名称")
        label = "新增工作专班" if kind == "task_force" else "新增领导小组"
        with self._op(label, plan_id, self._tf_scopes(plan_id)) as op:
            plan = self._get(op.s, Plan, plan_id, "方案")
            if name in [tf.name for tf in plan.task_forces]:
                raise UserError(f"已有名为“{name}”的工作专班或领导小组。")
            tf = TaskForce(plan_id=plan_id, position=len(plan.task_forces), kind=kind, name=name,
                           lead_leader=lead_leader, lead_person=lead_person, goals=[], difficulties=[])
            op.s.add(tf)
            op.s.flush()
            op.result_id = tf.id
            op.audit("task_force", tf.id, "name", None, name)
        return op.undo

    def update_task_force(self, task_force_id: int, **fields: Any) -> Undo:
        allowed = {"name", "lead_leader", "lead_person", "goals", "difficulties", "deadline_text", "office"}
        bad = set(fields) - allowed
        if bad:
            raise ValueError(f"cannot update task force fields {sorted(bad)}")
        if "name" in fields:
            fields["name"] = _name(fields["name"], "专班名称")
        plan_id = self._plan_id_of(TaskForce, task_force_id, "工作专班")
        f = TaskForce.__table__
        with self._op("修改工作专班", plan_id, [(f, f.c.id == task_force_id)]) as op:
            tf = self._get(op.s, TaskForce, task_force_id, "工作专班")
            for k, new in fields.items():
                if k in ("goals", "difficulties"):
                    new = list(new)
                old = getattr(tf, k)
                if old != new:
                    op.audit("task_force", task_force_id, k, old, new)
                    setattr(tf, k, new)
        return op.undo

    def set_task_force_people(self, task_force_id: int, assisting_leaders: Sequence[str],
                              members: Sequence[str]) -> Undo:
        plan_id = self._plan_id_of(TaskForce, task_force_id, "工作专班")
        m = TaskForceMember.__table__
        with self._op("修改专班人员", plan_id, [(m, m.c.task_force_id == task_force_id)]) as op:
            tf = self._get(op.s, TaskForce, task_force_id, "工作专班")
            first_role = "deputy_leader" if tf.kind == "leading_group" else "assisting_leader"
            old = [f"{p.role}:{p.name}" for p in tf.people]
            people = [(first_role, n.strip()) for n in assisting_leaders if n.strip()]
            people += [("member", n.strip()) for n in members if n.strip()]
            tf.people.clear()
            op.s.flush()
            tf.people.extend(TaskForceMember(position=i, role=r, name=n) for i, (r, n) in enumerate(people))
            op.audit("task_force", task_force_id, "people", old, [f"{r}:{n}" for r, n in people])
        return op.undo

    def delete_task_force(self, task_force_id: int) -> Undo:
        plan_id = self._plan_id_of(TaskForce, task_force_id, "工作专班")
        with self._op("删除工作专班", plan_id, self._tf_scopes(plan_id, task_force_id)) as op:
            tf = self._get(op.s, TaskForce, task_force_id, "工作专班")
            op.audit("task_force", task_force_id, None, tf.name, None)
            for t in op.s.scalars(select(Task).where(Task.task_force_id == task_force_id)):
                t.task_force_id = None
            op.s.delete(tf)
            op.s.flush()
            _renumber(list(op.s.scalars(select(TaskForce).where(TaskForce.plan_id == plan_id)
                                        .order_by(TaskForce.position, TaskForce.id))))
        return op.undo


class _Op:
    """One operation in progress: its session, audit rows and resulting Undo."""

    def __init__(self, s: Session, label: str, plan_id: int | None, recorder: _Recorder) -> None:
        self.s = s
        self.label = label
        self.plan_id = plan_id
        self.recorder = recorder
        self.result_id: int | None = None
        self.undo: Undo = Undo(label, plan_id, ())
        self._audits: list[AuditLog] = []

    def audit(self, entity: str, entity_id: int | None, field: str | None, old: Any, new: Any) -> None:
        self._audits.append(
            AuditLog(os_user=current_user(), plan_id=self.plan_id, entity=entity, entity_id=entity_id,
                     field=field, old=_text(old), new=_text(new), reason=REASON)
        )

    def finish(self) -> None:
        self.undo = Undo(self.label, self.plan_id, self.recorder.changes(), self.result_id)
        self.s.add_all(self._audits)


def _target_text(year: int, value: Any, kind: str, text: str | None) -> str:
    """One target in an audit line: 2025:3.5:level, plus its wording when it has one."""
    return f"{year}:{value}:{kind}" + (f"（{text}）" if text else "")


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise UserError(f"指标方向“{direction}”无效，应为 higher（越大越好）、lower（越小越好）或 qualitative（定性）。")


def _check_directory(entries: list[UnitEntry], name: str) -> None:
    try:
        UnitDirectory(entries)
    except ValueError as exc:
        raise UserError(f"“{name}”与已有单位的名称或别名冲突：{exc}。") from exc


def _unit_rows(s: Session, names: Sequence[str], row_type: Any) -> list[Any]:
    directory = unit_directory(s)
    by_name = {u.name: u for u in s.scalars(select(Unit))}
    rows: list[Any] = []
    unknown: list[str] = []
    for written in (n.strip() for n in names):
        if not written:
            continue
        res = directory.resolve(written)
        if res.name is None:
            unknown.append(written)
        else:
            rows.append(row_type(position=len(rows), unit=by_name[res.name], written_name=written))
    if unknown:
        raise UserError(f"不认识的单位：{'、'.join(unknown)}。请先在单位管理中添加该单位或别名。")
    return rows


@dataclass(frozen=True)
class TaskForceRow:
    """One 工作专班 or 领导小组 as the 工作专班 page lists it."""

    id: int
    kind: str  # task_force | leading_group
    name: str
    lead_leader: str | None
    lead_person: str | None
    deadline_text: str | None
    office: str | None
    people: tuple[tuple[str, str], ...]  # (role, name) in order
    goals: tuple[str, ...]
    tasks: int  # tasks assigned to it

    @property
    def leaders(self) -> list[str]:
        return [n for r, n in self.people if r != "member"]

    @property
    def members(self) -> list[str]:
        return [n for r, n in self.people if r == "member"]


def list_task_forces(database: Database, plan_id: int) -> list[TaskForceRow]:
    """The plan's task forces and leading groups in order, with their people."""
    with database.read() as s:
        forces = s.scalars(select(TaskForce).where(TaskForce.plan_id == plan_id)
                           .order_by(TaskForce.position, TaskForce.id)).all()
        counts = {tf_id: n for tf_id, n in s.execute(
            select(Task.task_force_id, func.count(Task.id))
            .where(Task.plan_id == plan_id, Task.task_force_id.is_not(None)).group_by(Task.task_force_id))}
        return [
            TaskForceRow(
                id=tf.id, kind=tf.kind, name=tf.name, lead_leader=tf.lead_leader, lead_person=tf.lead_person,
                deadline_text=tf.deadline_text, office=tf.office,
                people=tuple((p.role, p.name) for p in tf.people), goals=tuple(tf.goals or ()),
                tasks=counts.get(tf.id, 0),
            )
            for tf in forces
        ]


__all__ = ["DeleteCounts", "IndicatorTargets", "PlanEditor", "TableChange", "TargetRow", "TaskForceRow",
           "Undo", "list_task_forces"]


def _move_into_group(op: Any, entity: str, item: Any, target: Any, position: int, children: str) -> None:
    """Move an indicator or task to ``position`` in group ``target``; both groups stay 0..n-1."""
    old_group, old_pos = item.group, item.position
    old_items = [x for x in getattr(old_group, children) if x is not item]
    new_items = [x for x in getattr(target, children) if x is not item]
    new_items.insert(max(0, min(position, len(new_items))), item)
    item.group = target
    _renumber(old_items)
    _renumber(new_items)
    op.audit(entity, item.id, "position", f"{old_group.name}#{old_pos}", f"{target.name}#{item.position}")


def _replace_units(op: Any, entity: str, owner: Any, names: Sequence[str], row_type: type) -> None:
    """Replace the responsible units of an indicator or task (lead first), with audit."""
    rows = _unit_rows(op.s, names, row_type)
    old = [r.written_name for r in owner.units]
    owner.units.clear()
    op.s.flush()
    owner.units.extend(rows)
    op.audit(entity, owner.id, "units", old, [r.written_name for r in rows])
