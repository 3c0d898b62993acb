"""Units, task forces and targets as the window edits them: reads, and undoable edits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import Indicator, Task, TaskUnit, Unit, Value
from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.outline import plan_outline
from desktop.services.plan_editing import PlanEditor, list_task_forces
from desktop.services.plans import create_empty_plan, dump_plan
from desktop.services.presets import load_preset
from desktop.services.units import list_units
from tests.services.test_plan_editing import check_undo_redo, db_state
from tests.services.test_plan_editing import editor, plan  # noqa: F401, F811  (fixtures: liaocheng-2018, its editor)


def _unit_with_tasks(database: Database, plan: int) -> Unit:
    with database.read() as s:
        unit = s.scalars(
            select(Unit).join(TaskUnit, TaskUnit.unit_id == Unit.id).join(Task, Task.id == TaskUnit.task_id)
            .where(Task.plan_id == plan, TaskUnit.position == 0).order_by(Unit.id)
        ).first()
        assert unit is not None
        s.expunge(unit)
        return unit


def test_list_units_counts_what_each_unit_does_in_the_plan(database: Database, plan: int) -> None:
    rows = {r.id: r for r in list_units(database, plan)}
    data = dump_plan(database, plan)
    unit = _unit_with_tasks(database, plan)
    row = rows[unit.id]
    assert row.lead_tasks >= 1 and row.tasks >= row.lead_tasks and row.in_plan
    leads = [t for t in data["tasks"] if t["units"] and t["units"][0] in (unit.name, *row.aliases)]
    assert row.lead_tasks == len(leads)
    assert sum(r.indicators for r in rows.values()) >= len([i for i in data["indicators"] if i["units"]])
    assert all(r.kind_label for r in rows.values())
    # a unit of the shared list no plan names is listed, but not as part of the plan
    assert any(not r.in_plan for r in rows.values())


def test_update_unit_contact_undoes(database: Database, editor: PlanEditor, plan: int) -> None:
    unit = _unit_with_tasks(database, plan)
    check_undo_redo(database, plan, lambda: editor.update_unit(unit.id, contact_person=" 王科长 ",
                                                              contact_phone="0635-1234567"))
    editor.update_unit(unit.id, contact_person="王科长", contact_phone="0635-1234567", kind="county")
    row = next(r for r in list_units(database, plan) if r.id == unit.id)
    assert (row.contact_person, row.contact_phone, row.kind) == ("王科长", "0635-1234567", "county")
    editor.update_unit(unit.id, contact_phone="  ")
    assert next(r for r in list_units(database, plan) if r.id == unit.id).contact_phone is None
    with pytest.raises(UserError, match="单位类别"):
        editor.update_unit(unit.id, kind="bogus")


def test_delete_unit_takes_it_off_tasks_and_undo_restores(database: Database, editor: PlanEditor, plan: int) -> None:
    unit = _unit_with_tasks(database, plan)
    counts = editor.delete_counts("unit", unit.id)
    assert counts.counts["task_units"] >= 1 and "处任务责任单位" in counts.message
    before = db_state(database)
    undo = check_undo_redo(database, plan, lambda: editor.delete_unit(unit.id))
    assert undo.label == "删除单位"
    editor.delete_unit(unit.id)
    with database.read() as s:
        assert s.get(Unit, unit.id) is None
        assert not s.scalars(select(TaskUnit).where(TaskUnit.unit_id == unit.id)).all()
        # the remaining units of each task are numbered 0..n-1 again
        for task in s.scalars(select(Task).where(Task.plan_id == plan)):
            assert [u.position for u in task.units] == list(range(len(task.units)))
    assert db_state(database) != before


def test_delete_unit_refused_while_figures_name_it(database: Database, editor: PlanEditor, plan: int) -> None:
    unit = _unit_with_tasks(database, plan)
    with database.write() as s:
        ind = s.scalars(select(Indicator).where(Indicator.plan_id == plan)).first()
        assert ind is not None
        s.add(Value(indicator_id=ind.id, period="2020", value=Decimal(1), source_unit_id=unit.id, origin="typed"))
    with pytest.raises(UserError, match="不能删除"):
        editor.delete_unit(unit.id)


def test_task_forces_list_add_leading_group_and_people(database: Database, editor: PlanEditor) -> None:
    plan = load_preset(database, "zibo-taskforces-2022")
    forces = list_task_forces(database, plan)
    assert forces and forces[0].kind == "task_force" and forces[0].people
    assert forces[0].members == [n for r, n in forces[0].people if r == "member"]
    add = check_undo_redo(database, plan, lambda: editor.add_task_force(plan, "科技创新领导小组", kind="leading_group"))
    assert add.label == "新增领导小组"
    undo = editor.add_task_force(plan, "科技创新领导小组", "市长", kind="leading_group")
    assert undo.result_id is not None
    editor.set_task_force_people(undo.result_id, ["副市长"], ["市科技局"])
    group = next(f for f in list_task_forces(database, plan) if f.id == undo.result_id)
    assert group.kind == "leading_group" and group.people == (("deputy_leader", "副市长"), ("member", "市科技局"))
    with pytest.raises(UserError, match="已有名为"):
        editor.add_task_force(plan, "科技创新领导小组")


def test_set_targets_with_text_and_direction_is_one_step(database: Database, editor: PlanEditor, plan: int) -> None:
    with database.read() as s:
        ind_id = s.scalars(select(Indicator.id).where(Indicator.plan_id == plan).order_by(Indicator.id)).first()
    staged = [(2020, Decimal("2.3"), "level", "达到2.3%"), (2022, Decimal("2.5"), "level", None)]
    undo = check_undo_redo(database, plan, lambda: editor.set_targets(ind_id, staged, direction="lower"))
    assert {c.table for c in undo.changes} == {"indicator", "target"}
    editor.set_targets(ind_id, staged, direction="lower")
    info = editor.indicator_targets(ind_id)
    assert info.direction == "lower"
    assert [(t.year, t.value, t.kind, t.text) for t in info.targets] == staged
    with pytest.raises(UserError, match="缺少目标值"):
        editor.set_targets(ind_id, [(2022, None, "level")])


def test_outline_shows_empty_groups(database: Database, editor: PlanEditor) -> None:
    plan = create_empty_plan(database, "空白方案")
    editor.add_indicator_group(plan, "创新投入")
    editor.add_task_group(plan, "科技创新平台", number="一")
    sections = plan_outline(database, plan).children
    assert [g.title for g in sections[0].children] == ["创新投入"]
    assert [g.title for g in sections[1].children] == ["一、科技创新平台"]
    assert all(g.id is not None and not g.children for g in sections[0].children + sections[1].children)
