"""Editing the plan structure from the 方案结构 page, through the real window and database."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from desktop.services.plans import dump_plan
from desktop.services.workspace import Workspace
from desktop.ui import plan_edit
from desktop.ui.outline_model import ItemRole
from tests.ui.conftest import OpenWindow


@pytest.fixture
def env(window_on: OpenWindow) -> tuple[Any, Workspace, int]:
    return window_on("liaocheng-2018", "structure")


def _select(window: Any, kind: str, id_: int) -> None:
    page = window.plan_page

    def walk(parent: QModelIndex) -> QModelIndex | None:
        for row in range(page.model.rowCount(parent)):
            index = page.model.index(row, 0, parent)
            item = index.data(ItemRole)
            if item.kind == kind and item.id == id_:
                return index
            found = walk(index)
            if found is not None:
                return found
        return None

    index = walk(QModelIndex())
    assert index is not None, (kind, id_)
    page.tree.setCurrentIndex(index)


def _current(window: Any) -> Any:
    return window.plan_page.tree.currentIndex().data(ItemRole)


def test_page_is_editable_and_read_only_without_editor(env: Any) -> None:
    window, workspace, plan_id = env
    assert window.plan_page.editor is not None
    from desktop.ui.plan_page import PlanPage

    page = PlanPage()
    page.show_outline(workspace.outline(plan_id))
    assert not page.edit_actions.rename.isEnabled()
    assert not page.edit_actions.toolbar.isVisibleTo(page)


def test_rename_indicator_then_undo(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    first = dump_plan(workspace.database, plan_id)["indicators"][0]
    _select(window, "indicator", first["id"])
    seen: list[str] = []

    def fake_ask(_parent: Any, _title: str, _label: str, text: str = "") -> str:
        seen.append(text)
        return "新的指标名称"

    monkeypatch.setattr(plan_edit, "ask_text", fake_ask)
    window.plan_page.edit_actions.rename.trigger()
    assert seen == [first["name"]]
    renamed = dump_plan(workspace.database, plan_id)["indicators"][0]
    assert renamed["id"] == first["id"] and renamed["name"] == "新的指标名称"
    assert _current(window).id == first["id"]
    assert "新的指标名称" in _current(window).title

    window.undo_action.trigger()
    assert dump_plan(workspace.database, plan_id)["indicators"][0]["name"] == first["name"]
    assert _current(window).id == first["id"]
    window.redo_action.trigger() if hasattr(window, "redo_action") else window.undo_stack.redo()
    assert dump_plan(workspace.database, plan_id)["indicators"][0]["name"] == "新的指标名称"


def test_delete_indicator_asks_then_undo_brings_it_back(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    before = dump_plan(workspace.database, plan_id)["indicators"]
    victim = before[1]
    _select(window, "indicator", victim["id"])
    asked: list[str] = []

    def fake_confirm(_parent: Any, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(plan_edit, "confirm", fake_confirm)
    window.plan_page.edit_actions.delete.trigger()
    assert len(asked) == 1 and asked[0].endswith("确定删除吗？")
    after = dump_plan(workspace.database, plan_id)["indicators"]
    assert victim["id"] not in [i["id"] for i in after]
    assert _current(window).kind == "group"

    window.undo_action.trigger()
    restored = dump_plan(workspace.database, plan_id)["indicators"]
    assert restored == before
    assert _current(window).id == victim["id"]


def test_delete_can_be_declined(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    before = dump_plan(workspace.database, plan_id)["tasks"]
    _select(window, "task", before[0]["id"])
    monkeypatch.setattr(plan_edit, "confirm", lambda *_a: False)
    window.plan_page.edit_actions.delete.trigger()
    assert dump_plan(workspace.database, plan_id)["tasks"] == before
    assert window.undo_stack.count() == 0


def test_move_task_down_and_back_up(env: Any) -> None:
    window, workspace, plan_id = env
    tasks = dump_plan(workspace.database, plan_id)["tasks"]
    first, second = tasks[0], tasks[1]
    assert first["group_id"] == second["group_id"]
    _select(window, "task", first["id"])
    actions = window.plan_page.edit_actions
    assert not actions.move_up.isEnabled()
    actions.move_down.trigger()
    ids = [t["id"] for t in dump_plan(workspace.database, plan_id)["tasks"]]
    assert ids[:2] == [second["id"], first["id"]]
    assert _current(window).id == first["id"]
    assert window.plan_page.tree.currentIndex().row() == 1

    actions.move_up.trigger()
    ids = [t["id"] for t in dump_plan(workspace.database, plan_id)["tasks"]]
    assert ids[:2] == [first["id"], second["id"]]
    window.undo_action.trigger()
    ids = [t["id"] for t in dump_plan(workspace.database, plan_id)["tasks"]]
    assert ids[:2] == [second["id"], first["id"]]


def test_add_indicator_in_group_and_errors_go_to_message(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    group_id = dump_plan(workspace.database, plan_id)["indicators"][0]["group_id"]
    _select(window, "group", group_id)
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "新指标")
    window.plan_page.edit_actions.add_indicator.trigger()
    names = [i["name"] for i in dump_plan(workspace.database, plan_id)["indicators"]]
    assert "新指标" in names
    assert _current(window).kind == "indicator" and "新指标" in _current(window).title

    _select(window, "group", group_id)
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "   ")
    count = window.undo_stack.count()
    with qtbot.waitSignal(window.plan_page.message) as blocker:
        window.plan_page.edit_actions.rename.trigger()
    assert "不能为空" in blocker.args[0]
    assert window.undo_stack.count() == count
