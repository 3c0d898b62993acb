"""Plan editing: every operation is one audited transaction and undoes exactly."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from db.models import (
    AuditLog,
    Base,
    Indicator,
    IndicatorGroup,
    ProgressReport,
    Target,
    Task,
    TaskForce,
    TaskGroup,
    Unit,
    Value,
)
from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.plan_editing import PlanEditor, Undo
from desktop.services.plans import dump_plan
from desktop.services.presets import load_preset


@pytest.fixture
def plan(database: Database) -> int:
    return load_preset(database, "liaocheng-2018")


@pytest.fixture
def editor(database: Database) -> PlanEditor:
    return PlanEditor(database)


def db_state(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table but the audit log, ids included."""
    with database.read() as s:
        return {
            t.name: sorted(
                (tuple(sorted(dict(m).items())) for m in s.execute(select(t)).mappings()), key=repr
            )
            for t in Base.metadata.sorted_tables
            if t.name != "audit_log"
        }


def audit_count(database: Database) -> int:
    with database.read() as s:
        return s.scalar(select(func.count(AuditLog.id))) or 0


def check_undo_redo(database: Database, plan_id: int, do: Callable[[], Undo]) -> Undo:
    """Run ``do``; undo must restore the exact state, redo the exact changed state."""
    before, dump_before, audits = db_state(database), dump_plan(database, plan_id), audit_count(database)
    undo = do()
    assert audit_count(database) > audits
    with database.read() as s:
        rows = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert rows is not None and rows.reason == "方案编辑" and rows.os_user
    after = db_state(database)
    assert after != before
    redo = PlanEditor(database).undo(undo)
    assert db_state(database) == before
    assert dump_plan(database, plan_id) == dump_before
    again = PlanEditor(database).undo(redo)
    assert db_state(database) == after
    PlanEditor(database).undo(again)
    assert db_state(database) == before
    return undo


def first(database: Database, model: type, *where: Any) -> Any:
    with database.read() as s:
        obj = s.scalars(select(model).where(*where).order_by(model.id)).first()
        assert obj is not None
        s.expunge(obj)
        return obj


def positions(database: Database, model: type, *where: Any) -> list[int]:
    with database.read() as s:
        return list(s.scalars(select(model.position).where(*where).order_by(model.position)))


def add_value_and_report(database: Database, indicator_id: int, task_id: int) -> None:
    with database.write() as s:
        for period in ("2019", "2020"):
            s.add(Value(indicator_id=indicator_id, period=period, value=Decimal("1.50"), origin="typed"))
        s.add(ProgressReport(task_id=task_id, period="2019-06", progress_text="推进中", origin="typed"))


# --- groups ----------------------------------------------------------------------------


def test_indicator_group_operations_undo(database: Database, editor: PlanEditor, plan: int) -> None:
    undo = check_undo_redo(database, plan, lambda: editor.add_indicator_group(plan, "新分组", position=0))
    assert undo.result_id is not None
    g = first(database, IndicatorGroup, IndicatorGroup.plan_id == plan)
    check_undo_redo(database, plan, lambda: editor.rename_indicator_group(g.id, "改名"))
    check_undo_redo(database, plan, lambda: editor.move_indicator_group(g.id, 2))
    editor.move_indicator_group(g.id, 2)
    n = len(positions(database, IndicatorGroup, IndicatorGroup.plan_id == plan))
    assert positions(database, IndicatorGroup, IndicatorGroup.plan_id == plan) == list(range(n))

    add = editor.add_indicator_group(plan, "空分组", position=1)
    assert positions(database, IndicatorGroup, IndicatorGroup.plan_id == plan) == list(range(n + 1))
    check_undo_redo(database, plan, lambda: editor.delete_indicator_group(add.result_id))
    editor.delete_indicator_group(add.result_id)
    assert positions(database, IndicatorGroup, IndicatorGroup.plan_id == plan) == list(range(n))


def test_task_group_operations_undo(database: Database, editor: PlanEditor, plan: int) -> None:
    add = check_undo_redo(database, plan, lambda: editor.add_task_group(plan, "新任务分组"))
    add = editor.add_task_group(plan, "新任务分组", position=0)
    check_undo_redo(database, plan, lambda: editor.rename_task_group(add.result_id, "改名"))
    check_undo_redo(database, plan, lambda: editor.move_task_group(add.result_id, 3))
    check_undo_redo(database, plan, lambda: editor.delete_task_group(add.result_id))


def test_deleting_a_non_empty_group_is_refused(database: Database, editor: PlanEditor, plan: int) -> None:
    g = first(database, IndicatorGroup, IndicatorGroup.plan_id == plan)
    tg = first(database, TaskGroup, TaskGroup.plan_id == plan)
    before, audits = db_state(database), audit_count(database)
    with pytest.raises(UserError, match="个指标"):
        editor.delete_indicator_group(g.id)
    with pytest.raises(UserError, match="项任务"):
        editor.delete_task_group(tg.id)
    assert db_state(database) == before and audit_count(database) == audits
    assert editor.delete_counts("indicator_group", g.id).counts["indicators"] > 0


# --- indicators ------------------------------------------------------------------------


def test_indicator_operations_undo(database: Database, editor: PlanEditor, plan: int) -> None:
    g = first(database, IndicatorGroup, IndicatorGroup.plan_id == plan)
    add = check_undo_redo(
        database, plan,
        lambda: editor.add_indicator(g.id, "新指标", unit="%", weight=Decimal("2.5"), key=True, number="20"),
    )
    ind = first(database, Indicator, Indicator.plan_id == plan)
    check_undo_redo(
        database, plan,
        lambda: editor.update_indicator(ind.id, name="改名", weight=Decimal("3"), direction="lower",
                                        decimals=2, scoring="hand", hand_score=Decimal("1.5"), key=True),
    )
    other = first(database, IndicatorGroup, IndicatorGroup.plan_id == plan, IndicatorGroup.id != g.id)
    check_undo_redo(database, plan, lambda: editor.move_indicator(ind.id, other.id, 1))
    check_undo_redo(database, plan, lambda: editor.move_indicator(ind.id, g.id, 2))
    editor.move_indicator(ind.id, other.id, 0)
    for group in (g, other):
        n = len(positions(database, Indicator, Indicator.group_id == group.id))
        assert positions(database, Indicator, Indicator.group_id == group.id) == list(range(n))
    check_undo_redo(database, plan, lambda: editor.set_indicator_units(ind.id, ["市发展改革委", "市科技局"]))
    editor.set_indicator_units(ind.id, ["市发展改革委", "市科技局"])
    data = next(i for i in dump_plan(database, plan)["indicators"] if i["id"] == ind.id)
    assert data["units"] == ["市发展改革委", "市科技局"]
    assert add.result_id is not None


def test_unknown_unit_is_refused_with_its_name(database: Database, editor: PlanEditor, plan: int) -> None:
    ind = first(database, Indicator, Indicator.plan_id == plan)
    task = first(database, Task, Task.plan_id == plan)
    before = db_state(database)
    with pytest.raises(UserError, match="市火星局"):
        editor.set_indicator_units(ind.id, ["市科技局", "市火星局"])
    with pytest.raises(UserError, match="市火星局"):
        editor.set_task_units(task.id, ["市火星局"])
    assert db_state(database) == before


def test_delete_indicator_restores_values_targets_units(database: Database, editor: PlanEditor, plan: int) -> None:
    ind = first(database, Indicator, Indicator.plan_id == plan, Indicator.position == 1)
    task = first(database, Task, Task.plan_id == plan)
    add_value_and_report(database, ind.id, task.id)
    counts = editor.delete_counts("indicator", ind.id)
    with database.read() as s:
        n_targets = s.scalar(select(func.count(Target.id)).where(Target.indicator_id == ind.id))
    assert counts.counts == {"values": 2, "targets": n_targets}
    assert "将同时删除 2 个数值" in counts.message
    check_undo_redo(database, plan, lambda: editor.delete_indicator(ind.id))
    editor.delete_indicator(ind.id)
    n = len(positions(database, Indicator, Indicator.group_id == ind.group_id))
    assert positions(database, Indicator, Indicator.group_id == ind.group_id) == list(range(n))


def test_set_targets(database: Database, editor: PlanEditor, plan: int) -> None:
    ind = first(database, Indicator, Indicator.plan_id == plan, Indicator.position == 1)
    staged = [(2019, Decimal("10"), "level"), (2020, Decimal("12.5"), "level"), (2021, None, "qualitative")]
    check_undo_redo(database, plan, lambda: editor.set_targets(ind.id, staged))
    editor.set_targets(ind.id, staged)
    data = next(i for i in dump_plan(database, plan)["indicators"] if i["id"] == ind.id)
    assert [(t["year"], t["value"], t["kind"]) for t in data["targets"]] == staged
    with pytest.raises(UserError, match="目标类型"):
        editor.set_targets(ind.id, [(2020, Decimal("1"), "bogus")])


# --- tasks -----------------------------------------------------------------------------


def test_task_operations_undo(database: Database, editor: PlanEditor, plan: int) -> None:
    tg = first(database, TaskGroup, TaskGroup.plan_id == plan)
    add = check_undo_redo(
        database, plan,
        lambda: editor.add_task(tg.id, "99", "新任务", body="内容", deadline_text="2020年底前", units=["市科技局"]),
    )
    assert add.result_id is not None
    with pytest.raises(UserError, match="编号“1”"):
        editor.add_task(tg.id, "1", "重复编号")
    task = first(database, Task, Task.plan_id == plan, Task.number == "1")
    check_undo_redo(database, plan, lambda: editor.update_task(task.id, title="改名", deadline_text="长期坚持"))
    editor.update_task(task.id, deadline_text="2019年6月底前")
    data = next(t for t in dump_plan(database, plan)["tasks"] if t["id"] == task.id)
    assert data["deadline"] == "2019-06-30"
    other = first(database, TaskGroup, TaskGroup.plan_id == plan, TaskGroup.id != tg.id)
    check_undo_redo(database, plan, lambda: editor.move_task(task.id, other.id, 0))
    check_undo_redo(database, plan, lambda: editor.set_task_units(task.id, ["市发展改革委"]))
    check_undo_redo(
        database, plan,
        lambda: editor.set_goals(task.id, [("建成平台", ["市科技局"], "2020年底"), ("长期目标", [], None)]),
    )
    editor.set_goals(task.id, [("建成平台", ["市科技局"], "2020年底")])
    data = next(t for t in dump_plan(database, plan)["tasks"] if t["id"] == task.id)
    assert data["goal_rows"] == [
        {"text": "建成平台", "units": ["市科技局"], "deadline": "2020-12-31", "deadline_text": "2020年底"}
    ]


def test_delete_task_counts_and_undo(database: Database, editor: PlanEditor, plan: int) -> None:
    ind = first(database, Indicator, Indicator.plan_id == plan)
    task = first(database, Task, Task.plan_id == plan)
    add_value_and_report(database, ind.id, task.id)
    with database.write() as s:
        s.get(Indicator, ind.id).task_id = task.id
    with database.read() as s:
        linked = s.scalar(select(func.count(Indicator.id)).where(Indicator.task_id == task.id))
    counts = editor.delete_counts("task", task.id).counts
    assert counts["progress_reports"] == 1 and counts["linked_indicators"] == linked >= 1
    check_undo_redo(database, plan, lambda: editor.delete_task(task.id))
    editor.delete_task(task.id)
    n = len(positions(database, Task, Task.group_id == task.group_id))
    assert positions(database, Task, Task.group_id == task.group_id) == list(range(n))


# --- units -----------------------------------------------------------------------------


def test_unit_operations_undo(database: Database, editor: PlanEditor, plan: int) -> None:
    add = check_undo_redo(database, plan, lambda: editor.add_unit("市新兴产业局", "department"))
    add = editor.add_unit("市新兴产业局", "department")
    check_undo_redo(database, plan, lambda: editor.rename_unit(add.result_id, "市新兴产业发展局"))
    check_undo_redo(database, plan, lambda: editor.add_alias(add.result_id, "新兴局"))
    editor.add_alias(add.result_id, "新兴局")
    editor.add_alias(add.result_id, "新产局")
    check_undo_redo(database, plan, lambda: editor.remove_alias(add.result_id, "新兴局"))


def test_unit_name_clashes_are_refused(database: Database, editor: PlanEditor, plan: int) -> None:
    sci = first(database, Unit, Unit.name == "市科技局")
    other = first(database, Unit, Unit.name != "市科技局")
    before = db_state(database)
    with pytest.raises(UserError, match="市科技局"):
        editor.add_unit("市科技局", "department")
    with pytest.raises(UserError, match="市科技局"):
        editor.add_alias(other.id, "市科技局")
    with pytest.raises(UserError, match="市科技局"):
        editor.rename_unit(other.id, "市科技局")
    with pytest.raises(UserError, match="没有别名"):
        editor.remove_alias(sci.id, "不存在的别名")
    assert db_state(database) == before


# --- task forces -----------------------------------------------------------------------


def test_task_force_operations_undo(database: Database, editor: PlanEditor, plan: int) -> None:
    add = check_undo_redo(database, plan, lambda: editor.add_task_force(plan, "人才专班", "张副局长", "李科长"))
    add = editor.add_task_force(plan, "人才专班", "张副局长", "李科长")
    tf_id = add.result_id
    check_undo_redo(database, plan, lambda: editor.update_task_force(tf_id, name="人才工作专班", goals=["引进人才"]))
    check_undo_redo(database, plan, lambda: editor.set_task_force_people(tf_id, ["王副局长"], ["甲", "乙"]))
    editor.set_task_force_people(tf_id, ["王副局长"], ["甲", "乙"])
    data = dump_plan(database, plan)["task_forces"][0]
    assert data["assisting_leaders"] == ["王副局长"] and data["members"] == ["甲", "乙"]
    task = first(database, Task, Task.plan_id == plan)
    with database.write() as s:
        s.get(Task, task.id).task_force_id = tf_id
    assert editor.delete_counts("task_force", tf_id).counts == {"linked_tasks": 1}
    check_undo_redo(database, plan, lambda: editor.delete_task_force(tf_id))
    editor.delete_task_force(tf_id)
    assert positions(database, TaskForce, TaskForce.plan_id == plan) == list(
        range(len(positions(database, TaskForce, TaskForce.plan_id == plan)))
    )


def test_undo_after_a_later_change_is_refused(database: Database, editor: PlanEditor, plan: int) -> None:
    g = first(database, IndicatorGroup, IndicatorGroup.plan_id == plan)
    undo = editor.rename_indicator_group(g.id, "一")
    editor.rename_indicator_group(g.id, "二")
    with pytest.raises(UserError, match="无法撤销"):
        editor.undo(undo)


def test_audit_rows_name_the_change(database: Database, editor: PlanEditor, plan: int) -> None:
    g = first(database, IndicatorGroup, IndicatorGroup.plan_id == plan)
    editor.rename_indicator_group(g.id, "新名称")
    with database.read() as s:
        row = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert (row.entity, row.entity_id, row.field, row.old, row.new, row.reason) == (
            "indicator_group", g.id, "name", g.name, "新名称", "方案编辑"
        )
