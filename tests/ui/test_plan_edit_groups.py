"""Groups on the 方案结构 page: a new (empty) plan gets groups, and empty groups get their
first indicator or task; empty groups can be deleted; all undoable."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import IndicatorGroup, TaskGroup

from desktop.services.plans import dump_plan
from desktop.services.workspace import Workspace
from desktop.ui import plan_edit
from desktop.ui.outline_model import ItemRole
from tests.ui.test_plan_edit import _current, _select
from tests.ui.conftest import OpenWindow


@pytest.fixture
def env(window_on: OpenWindow) -> tuple[Any, Workspace, int]:
    return window_on(lambda workspace: workspace.create_empty_plan("空白方案", 2025), "structure")


def _section(window: Any, prefix: str) -> QModelIndex:
    model = window.plan_page.model
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ItemRole).title.startswith(prefix):
            return index
    raise AssertionError(prefix)


def _groups(workspace: Workspace, plan_id: int) -> tuple[list[str], list[str]]:
    with workspace.database.read() as s:
        ind = list(s.scalars(select(IndicatorGroup.name).where(IndicatorGroup.plan_id == plan_id)
                             .order_by(IndicatorGroup.position)))
        task = list(s.scalars(select(TaskGroup.name).where(TaskGroup.plan_id == plan_id).order_by(TaskGroup.position)))
        return ind, task


def test_first_indicator_into_an_empty_group(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    page, actions = window.plan_page, window.plan_page.edit_actions
    page.tree.setCurrentIndex(_section(window, "指标"))
    assert actions.add_group.isEnabled() and not actions.add_indicator.isEnabled()
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "创新投入")
    actions.add_group.trigger()
    assert _groups(workspace, plan_id) == (["创新投入"], [])
    group = _current(window)
    assert group.kind == "group" and group.title == "创新投入" and not group.children
    assert actions.add_indicator.isEnabled() and not actions.add_task.isEnabled()

    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "R&D经费支出占GDP比重")
    actions.add_indicator.trigger()
    indicators = dump_plan(workspace.database, plan_id)["indicators"]
    assert [(i["group"], i["name"]) for i in indicators] == [("创新投入", "R&D经费支出占GDP比重")]
    assert _current(window).kind == "indicator"

    # a second indicator added with the first selected goes right after it
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "高新技术企业数")
    actions.add_indicator.trigger()
    assert [i["name"] for i in dump_plan(workspace.database, plan_id)["indicators"]] == [
        "R&D经费支出占GDP比重", "高新技术企业数"]

    window.undo_action.trigger()
    window.undo_action.trigger()
    assert dump_plan(workspace.database, plan_id)["indicators"] == []
    assert _current(window).kind == "group"  # the empty group is still in the tree
    window.undo_action.trigger()
    assert _groups(workspace, plan_id) == ([], [])
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert [i["name"] for i in dump_plan(workspace.database, plan_id)["indicators"]] == ["R&D经费支出占GDP比重"]


def test_first_task_into_an_empty_group_and_delete_empty_group(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    actions = window.plan_page.edit_actions
    window.plan_page.tree.setCurrentIndex(_section(window, "重点任务"))
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "科技创新平台建设")
    actions.add_group.trigger()
    assert _groups(workspace, plan_id) == ([], ["科技创新平台建设"])
    group_id = _current(window).id
    assert actions.add_task.isEnabled()

    answers = iter(["1", "建设省级以上创新平台"])
    suggested: list[str] = []

    def ask(_parent: Any, _title: str, _label: str, text: str = "") -> str:
        suggested.append(text)
        return next(answers)

    monkeypatch.setattr(plan_edit, "ask_text", ask)
    actions.add_task.trigger()
    tasks = dump_plan(workspace.database, plan_id)["tasks"]
    assert [(t["group"], t["number"], t["title"]) for t in tasks] == [("科技创新平台建设", "1", "建设省级以上创新平台")]

    answers = iter(["", "x"])
    actions.add_task.trigger()  # blank number: refused by the service, nothing added
    assert suggested[-2] == "2"  # the next free number was offered
    assert len(dump_plan(workspace.database, plan_id)["tasks"]) == 1

    # a group that still holds a task is not deleted
    _select(window, "group", group_id)
    monkeypatch.setattr(plan_edit, "confirm", lambda *_a: True)
    with qtbot.waitSignal(window.plan_page.message) as blocker:
        actions.delete.trigger()
    assert "还有 1 项任务" in blocker.args[0]
    assert _groups(workspace, plan_id) == ([], ["科技创新平台建设"])

    window.undo_action.trigger()  # the task goes, the group is empty again
    _select(window, "group", group_id)
    actions.delete.trigger()
    assert _groups(workspace, plan_id) == ([], [])
    window.undo_action.trigger()
    assert _groups(workspace, plan_id) == ([], ["科技创新平台建设"])
