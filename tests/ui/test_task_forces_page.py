"""The 工作专班 page through the real window and database: every edit one undo step."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Task, TaskForce
from desktop.services.workspace import Workspace
from desktop.ui import plan_edit, task_forces_page
from desktop.ui.task_forces_page import LeadersDialog, MemberDialog, TaskForcesPage
from desktop.ui.application import create_application
from tests.ui.conftest import OpenWindow


@pytest.fixture
def env(window_on: OpenWindow) -> tuple[Any, Workspace, int, TaskForcesPage]:
    window, workspace, plan_id = window_on("zibo-taskforces-2022", "task_forces")
    page = window.current_page()
    assert isinstance(page, TaskForcesPage)
    return window, workspace, plan_id, page


def _forces(workspace: Workspace, plan_id: int) -> list[dict[str, Any]]:
    with workspace.database.read() as s:
        return [
            {"id": f.id, "kind": f.kind, "name": f.name, "lead_leader": f.lead_leader, "lead_person": f.lead_person,
             "deadline_text": f.deadline_text, "people": [(p.role, p.name) for p in f.people]}
            for f in s.scalars(select(TaskForce).where(TaskForce.plan_id == plan_id).order_by(TaskForce.position))
        ]


def _select(page: TaskForcesPage, force_id: int) -> None:
    row = page.model.row_of(force_id)
    assert row >= 0
    page.table.setCurrentIndex(page.model.index(row, 0))


def test_lists_forces_and_people(env: Any, qtmodeltester: Any) -> None:
    _window, workspace, plan_id, page = env
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.people_model)
    forces = _forces(workspace, plan_id)
    assert page.model.rowCount() == len(forces) > 1
    first = forces[0]
    assert page.current_force().id == first["id"]
    assert page.title.text().startswith(first["name"])
    assert page.people_model.rowCount() == len(first["people"])
    assert page.people_model.index(0, 0).data() == "协助局领导"
    assert page.people_model.index(len(first["people"]) - 1, 0).data() == "配合人员"
    assert "关联任务" in page.info.text()
    group = next(f for f in forces if f["kind"] == "leading_group")
    _select(page, group["id"])
    assert page.title.text().endswith("（领导小组）")
    assert page.people_model.index(0, 0).data() == "副组长"


def test_add_rename_delete_force_with_undo(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    before = _forces(workspace, plan_id)
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "数字经济专班")
    page.add_force_action.trigger()
    after = _forces(workspace, plan_id)
    assert [f["name"] for f in after] == [f["name"] for f in before] + ["数字经济专班"]
    new_id = after[-1]["id"]
    assert after[-1]["kind"] == "task_force"
    assert page.current_force().id == new_id

    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "数字经济工作专班")
    page.rename_action.trigger()
    assert _forces(workspace, plan_id)[-1]["name"] == "数字经济工作专班"

    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "科技创新领导小组")
    page.add_group_action.trigger()
    assert _forces(workspace, plan_id)[-1]["kind"] == "leading_group"
    assert window.undo_stack.undoText() == "新增领导小组"

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _forces(workspace, plan_id)[-1]["name"] == "数字经济专班"
    window.undo_action.trigger()
    assert _forces(workspace, plan_id) == before
    window.redo_action.trigger()
    assert _forces(workspace, plan_id)[-1]["id"] == new_id


def test_delete_force_unlinks_tasks_and_undo_relinks(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    with workspace.database.read() as s:
        linked = s.execute(select(Task.id, Task.task_force_id).where(Task.plan_id == plan_id,
                                                                     Task.task_force_id.is_not(None))).all()
    assert linked
    force_id = linked[0][1]
    tasks = sorted(t for t, f in linked if f == force_id)
    before = _forces(workspace, plan_id)
    people = next(f for f in before if f["id"] == force_id)["people"]
    _select(page, force_id)
    asked: list[str] = []
    monkeypatch.setattr(plan_edit, "confirm", lambda _p, _t, text: asked.append(text) or True)
    page.delete_action.trigger()
    assert asked and f"{len(people)} 名成员" in asked[0] and f"{len(tasks)} 项任务" in asked[0]
    assert force_id not in [f["id"] for f in _forces(workspace, plan_id)]
    with workspace.database.read() as s:
        assert all(s.get(Task, t).task_force_id is None for t in tasks)
    assert page.current_force() is not None and page.current_force().id != force_id

    window.undo_action.trigger()
    assert _forces(workspace, plan_id) == before
    with workspace.database.read() as s:
        assert all(s.get(Task, t).task_force_id == force_id for t in tasks)
    assert page.current_force().id == force_id


def test_edit_leaders_through_the_dialog(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    first = _forces(workspace, plan_id)[0]

    def fill(parent: Any, force: Any) -> Any:
        dialog = LeadersDialog(parent, force)
        qtbot.addWidget(dialog)
        assert dialog.lead_leader.text() == (first["lead_leader"] or "")
        dialog.lead_person.setText("新牵头人")
        dialog.deadline_text.setText("2024年底前")
        dialog.accept()
        return dialog.values()

    monkeypatch.setattr(task_forces_page, "ask_leaders", fill)
    page.leaders_action.trigger()
    now = _forces(workspace, plan_id)[0]
    assert (now["lead_person"], now["deadline_text"]) == ("新牵头人", "2024年底前")
    assert "新牵头人" in page.info.text()
    window.undo_action.trigger()
    assert _forces(workspace, plan_id)[0] == first


def test_add_and_remove_members_with_undo(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    first = _forces(workspace, plan_id)[0]
    leaders = [p for p in first["people"] if p[0] != "member"]

    def fill(parent: Any, kind: str, unit_names: Any) -> Any:
        dialog = MemberDialog(parent, kind, unit_names)
        qtbot.addWidget(dialog)
        assert "市科技局" in unit_names
        dialog.role.setCurrentIndex(dialog.role.findData("assisting_leader"))
        dialog.name.setText("张三 副局长")
        dialog.unit.setCurrentText("市科技局")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.values()

    monkeypatch.setattr(task_forces_page, "ask_member", fill)
    page.add_member_action.trigger()
    people = _forces(workspace, plan_id)[0]["people"]
    # a new leader goes after the other leaders, before the members
    assert people[len(leaders)] == ("assisting_leader", "张三 副局长（市科技局）")
    assert len(people) == len(first["people"]) + 1
    assert page.people_model.index(len(leaders), 1).data() == "张三 副局长（市科技局）"
    assert page.current_person_row() == len(leaders)

    page.people.setCurrentIndex(page.people_model.index(0, 0))
    assert page.remove_member_action.isEnabled()
    page.remove_member_action.trigger()
    assert _forces(workspace, plan_id)[0]["people"] == people[1:]

    window.undo_action.trigger()
    assert _forces(workspace, plan_id)[0]["people"] == people
    window.undo_action.trigger()
    assert _forces(workspace, plan_id)[0]["people"] == first["people"]
    window.redo_action.trigger()
    assert _forces(workspace, plan_id)[0]["people"] == people


def test_member_dialog_needs_a_name_or_unit(qtbot: QtBot) -> None:
    create_application([])
    dialog = MemberDialog(None, "leading_group", ["市科技局"])
    qtbot.addWidget(dialog)
    assert dialog.role.itemText(0) == "成员" and dialog.role.itemText(1) == "副组长"
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error.text()
    dialog.unit.setCurrentText("市科技局")
    assert dialog.values() == ("member", "市科技局")
