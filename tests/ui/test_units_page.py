"""The 单位 page through the real window and database: every edit one undo step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Indicator, Task, TaskUnit, Unit, UnitAlias, Value
from desktop.services.workspace import Workspace
from desktop.ui import plan_edit, units_page
from desktop.ui.units_page import UnitDetailsDialog, UnitsPage
from desktop.ui.application import create_application
from tests.ui.conftest import OpenWindow


@pytest.fixture
def env(window_on: OpenWindow) -> tuple[Any, Workspace, int, UnitsPage]:
    window, workspace, plan_id = window_on("liaocheng-2018", "units")
    page = window.current_page()
    assert isinstance(page, UnitsPage)
    return window, workspace, plan_id, page


def _unit(workspace: Workspace, unit_id: int) -> dict[str, Any] | None:
    with workspace.database.read() as s:
        u = s.get(Unit, unit_id)
        if u is None:
            return None
        return {"name": u.name, "kind": u.kind, "person": u.contact_person, "phone": u.contact_phone,
                "aliases": [a.alias for a in u.aliases]}


def _lead_unit(workspace: Workspace, plan_id: int) -> int:
    with workspace.database.read() as s:
        unit_id = s.scalar(select(TaskUnit.unit_id).join(Task, Task.id == TaskUnit.task_id)
                           .where(Task.plan_id == plan_id, TaskUnit.position == 0).order_by(Task.id))
        assert unit_id is not None
        return unit_id


def test_model_and_the_plan_units_come_first(env: Any, qtmodeltester: Any) -> None:
    _window, workspace, plan_id, page = env
    qtmodeltester.check(page.model)
    rows = [page.model.unit_at(r) for r in range(page.model.rowCount())]
    assert rows and all(r is not None for r in rows)
    in_plan = [r.in_plan for r in rows if r is not None]
    assert in_plan[0] and in_plan == sorted(in_plan, reverse=True)  # plan's units, then the others
    lead = _lead_unit(workspace, plan_id)
    row = page.model.row_of(lead)
    assert int(page.model.index(row, 6).data()) >= 1  # 牵头任务
    assert "本方案涉及" in page.summary.text()

    total = page.model.rowCount()
    page.only_plan.setChecked(True)
    assert 0 < page.model.rowCount() < total
    page.only_plan.setChecked(False)
    alias = next(r.aliases[0] for r in rows if r is not None and r.aliases)
    page.search.setText(alias)
    assert 1 <= page.model.rowCount() < total
    assert any(alias in page.model.index(r, 2).data() for r in range(page.model.rowCount()))


def test_add_unit_with_contact_then_undo_redo(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, _plan_id, page = env
    monkeypatch.setattr(units_page, "ask_unit_details",
                        lambda _p, unit: None if unit is not None else ("市新兴产业局", "department", "王科长", "0635-8888"))
    assert page.add_action.isEnabled()
    page.add_action.trigger()
    unit = page.current_unit()
    assert unit is not None and unit.name == "市新兴产业局"
    assert _unit(workspace, unit.id) == {"name": "市新兴产业局", "kind": "department", "person": "王科长",
                                         "phone": "0635-8888", "aliases": []}
    assert window.undo_stack.undoText() == "新增单位"

    window.undo_action.trigger()
    assert _unit(workspace, unit.id) is None
    assert page.model.row_of(unit.id) == -1
    window.redo_action.trigger()
    assert _unit(workspace, unit.id) is not None and _unit(workspace, unit.id)["person"] == "王科长"
    assert page.current_unit() is not None and page.current_unit().id == unit.id


def test_rename_and_contact_through_the_dialog(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    unit_id = _lead_unit(workspace, plan_id)
    old = _unit(workspace, unit_id)
    assert old is not None
    page.select_unit(unit_id)
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "市新名称局")
    page.rename_action.trigger()
    assert _unit(workspace, unit_id)["name"] == "市新名称局"
    assert page.current_unit().name == "市新名称局"

    def fill(parent: Any, unit: Any) -> Any:
        dialog = UnitDetailsDialog(parent, unit)
        qtbot.addWidget(dialog)
        assert dialog.name.isReadOnly() and dialog.name.text() == "市新名称局"
        dialog.person.setText("李主任")
        dialog.phone.setText("13800000000")
        dialog.kind.setCurrentIndex(dialog.kind.findData("county"))
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.values()

    monkeypatch.setattr(units_page, "ask_unit_details", fill)
    page.details_action.trigger()
    now = _unit(workspace, unit_id)
    assert (now["person"], now["phone"], now["kind"]) == ("李主任", "13800000000", "county")
    assert page.model.index(page.model.row_of(unit_id), 3).data() == "李主任"
    assert page.model.index(page.model.row_of(unit_id), 1).data() == "县（市、区）"

    window.undo_action.trigger()
    assert _unit(workspace, unit_id)["person"] == old["person"] and _unit(workspace, unit_id)["kind"] == old["kind"]
    window.undo_action.trigger()
    assert _unit(workspace, unit_id) == old
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert _unit(workspace, unit_id)["name"] == "市新名称局" and _unit(workspace, unit_id)["person"] == "李主任"


def test_new_unit_dialog_refuses_a_blank_name(qtbot: QtBot) -> None:
    create_application([])
    dialog = UnitDetailsDialog(None, None)
    qtbot.addWidget(dialog)
    dialog.name.setText("   ")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "不能为空" in dialog.error.text()


def test_add_and_remove_alias_with_undo(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    unit_id = _lead_unit(workspace, plan_id)
    old = _unit(workspace, unit_id)
    page.select_unit(unit_id)
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: "某某老名称")
    page.add_alias_action.trigger()
    assert _unit(workspace, unit_id)["aliases"] == old["aliases"] + ["某某老名称"]
    assert "某某老名称" in page.model.index(page.model.row_of(unit_id), 2).data()

    # an alias another unit already uses is refused, with the reason in the status line
    other = next(page.model.unit_at(r) for r in range(page.model.rowCount())
                 if page.model.unit_at(r).id != unit_id and page.model.unit_at(r).aliases)
    monkeypatch.setattr(plan_edit, "ask_text", lambda *_a, **_k: other.aliases[0])
    count = window.undo_stack.count()
    with qtbot.waitSignal(page.message) as blocker:
        page.add_alias_action.trigger()
    assert "冲突" in blocker.args[0] or "已经是" in blocker.args[0]
    assert window.undo_stack.count() == count

    offered: list[list[str]] = []

    def pick(_parent: Any, _title: str, _label: str, items: list[str], current: int = 0) -> str:
        offered.append(items)
        return "某某老名称"

    monkeypatch.setattr(plan_edit, "choose", pick)
    assert page.remove_alias_action.isEnabled()
    page.remove_alias_action.trigger()
    assert offered and "某某老名称" in offered[0]
    assert _unit(workspace, unit_id)["aliases"] == old["aliases"]
    window.undo_action.trigger()
    assert "某某老名称" in _unit(workspace, unit_id)["aliases"]
    window.undo_action.trigger()
    assert _unit(workspace, unit_id)["aliases"] == old["aliases"]
    with workspace.database.read() as s:
        assert s.scalar(select(UnitAlias).where(UnitAlias.alias == "某某老名称")) is None


def test_delete_unit_says_what_goes_and_undo_restores(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    unit_id = _lead_unit(workspace, plan_id)
    old = _unit(workspace, unit_id)
    with workspace.database.read() as s:
        links = sorted(s.execute(select(TaskUnit.task_id, TaskUnit.position).where(TaskUnit.unit_id == unit_id)).all())
    assert links
    page.select_unit(unit_id)
    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(plan_edit, "confirm", yes)
    page.delete_action.trigger()
    assert asked and f"{len(links)} 处任务责任单位" in asked[0] and old["name"] in asked[0]
    assert _unit(workspace, unit_id) is None
    assert page.model.row_of(unit_id) == -1
    with workspace.database.read() as s:
        assert not s.scalars(select(TaskUnit).where(TaskUnit.unit_id == unit_id)).all()

    window.undo_action.trigger()
    assert _unit(workspace, unit_id) == old
    with workspace.database.read() as s:
        assert sorted(s.execute(select(TaskUnit.task_id, TaskUnit.position)
                                .where(TaskUnit.unit_id == unit_id)).all()) == links
    assert page.current_unit() is not None and page.current_unit().id == unit_id
    window.redo_action.trigger()
    assert _unit(workspace, unit_id) is None


def test_delete_refused_when_figures_name_the_unit(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    unit_id = _lead_unit(workspace, plan_id)
    with workspace.database.write() as s:
        ind = s.scalars(select(Indicator).where(Indicator.plan_id == plan_id)).first()
        s.add(Value(indicator_id=ind.id, period="2019", value=Decimal("1"), source_unit_id=unit_id, origin="typed"))
    page.reload()
    page.select_unit(unit_id)
    monkeypatch.setattr(plan_edit, "confirm", lambda *_a: True)
    with qtbot.waitSignal(page.message) as blocker:
        page.delete_action.trigger()
    assert "不能删除" in blocker.args[0]
    assert _unit(workspace, unit_id) is not None
    assert window.undo_stack.count() == 0


def test_declined_delete_changes_nothing(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id, page = env
    unit_id = _lead_unit(workspace, plan_id)
    page.select_unit(unit_id)
    monkeypatch.setattr(plan_edit, "confirm", lambda *_a: False)
    page.delete_action.trigger()
    assert _unit(workspace, unit_id) is not None and window.undo_stack.count() == 0


def test_a_new_unit_hidden_by_the_filter_is_shown(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _window, workspace, _plan_id, page = env
    page.only_plan.setChecked(True)
    page.search.setText("市科技局")
    monkeypatch.setattr(units_page, "ask_unit_details", lambda *_a: ("市新设局", "other", "", ""))
    page.add_action.trigger()
    unit = page.current_unit()
    assert unit is not None and unit.name == "市新设局" and not unit.in_plan
    assert not page.only_plan.isChecked() and page.search.text() == ""
    assert _unit(workspace, unit.id) == {"name": "市新设局", "kind": "other", "person": None, "phone": None,
                                         "aliases": []}
