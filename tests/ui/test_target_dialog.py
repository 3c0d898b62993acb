"""The 编辑目标 dialog opened from the 方案结构 page: staged targets, kinds, direction, undo."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.services.plans import dump_plan
from desktop.services.workspace import Workspace
from desktop.ui.plan_page import TARGET_LINK
from desktop.ui.target_dialog import TargetDialog, parse_target
from tests.ui.test_plan_edit import _current, _select
from tests.ui.conftest import OpenWindow


@pytest.fixture
def env(window_on: OpenWindow) -> tuple[Any, Workspace, int]:
    return window_on("liaocheng-2018", "structure")


def _indicator(workspace: Workspace, plan_id: int, unit: str, staged: bool = True) -> dict[str, Any]:
    return next(i for i in dump_plan(workspace.database, plan_id)["indicators"]
                if i["unit"] == unit and (len(i["targets"]) > 1) == staged)


def _targets(workspace: Workspace, plan_id: int, indicator_id: int) -> tuple[str, list[tuple[Any, ...]]]:
    i = next(i for i in dump_plan(workspace.database, plan_id)["indicators"] if i["id"] == indicator_id)
    return i["direction"], [(t["year"], t["value"], t["kind"], t["text"]) for t in i["targets"]]


def _drive(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, steps: Callable[[TargetDialog], None]) -> list[TargetDialog]:
    """Replace the dialog's exec: run ``steps`` on the real dialog instead of waiting for the clerk."""
    opened: list[TargetDialog] = []

    def fake_exec(self: TargetDialog) -> int:
        qtbot.addWidget(self)
        opened.append(self)
        steps(self)
        return self.result()

    monkeypatch.setattr(TargetDialog, "exec", fake_exec)
    return opened


def test_edit_staged_targets_and_direction_then_undo_redo(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    ind = _indicator(workspace, plan_id, "亿元")
    before = _targets(workspace, plan_id, ind["id"])
    assert len(before[1]) == 2
    _select(window, "indicator", ind["id"])
    actions = window.plan_page.edit_actions
    assert actions.edit_targets.isEnabled()

    def steps(dialog: TargetDialog) -> None:
        assert [r.year.value() for r in dialog.rows] == [2019, 2022]
        assert dialog.rows[1].value.text() == "20" and dialog.rows[0].unit.text() == "亿元"
        dialog.rows[0].value.setText("1,500万元")  # converted to the indicator's unit by the domain parser
        stage = dialog.add_stage()
        assert stage.year.value() == 2023
        stage.kind.setCurrentIndex(stage.kind.findData("growth_rate"))
        assert stage.unit.text() == "%"
        stage.value.setText("１５％")
        stage.text.setText("年均增长15%")
        dialog.direction.setCurrentIndex(dialog.direction.findData("lower"))
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted

    opened = _drive(monkeypatch, qtbot, steps)
    actions.edit_targets.trigger()
    assert len(opened) == 1
    direction, targets = _targets(workspace, plan_id, ind["id"])
    assert direction == "lower"
    assert targets == [(2019, Decimal("0.15"), "level", before[1][0][3]),
                       (2022, Decimal("20"), "level", before[1][1][3]),
                       (2023, Decimal("15"), "growth_rate", "年均增长15%")]
    assert window.undo_stack.undoText() == "修改指标目标"
    assert _current(window).id == ind["id"]
    assert "2023年目标" in dict(_current(window).details)

    window.undo_action.trigger()
    assert _targets(workspace, plan_id, ind["id"]) == before
    window.redo_action.trigger()
    assert _targets(workspace, plan_id, ind["id"]) == (direction, targets)


def test_invalid_value_is_refused_with_the_reason(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    ind = _indicator(workspace, plan_id, "%")
    before = _targets(workspace, plan_id, ind["id"])
    _select(window, "indicator", ind["id"])
    reasons: list[str] = []

    def steps(dialog: TargetDialog) -> None:
        dialog.rows[0].value.setText("2.3%以上")
        assert "界限" in dialog.error.text() and "第 1 行（2019年）" in dialog.error.text()
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted  # the dialog stays open
        dialog.rows[0].value.setText("约2.3")
        reasons.append(dialog.error.text())
        dialog.rows[0].value.setText("5亿元")
        reasons.append(dialog.error.text())
        dialog.rows[0].value.setText("")
        reasons.append(dialog.error.text())
        assert "border" in dialog.rows[0].value.styleSheet() and dialog.rows[1].value.styleSheet() == ""
        dialog.rows[0].value.setText("2.3")
        dialog.rows[0].year.setValue(2022)
        reasons.append(dialog.error.text())
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.reject()

    _drive(monkeypatch, qtbot, steps)
    actions = window.plan_page.edit_actions
    actions.edit_targets.trigger()
    assert "约数" in reasons[0]
    assert "亿元" in reasons[1] and "%" in reasons[1]
    assert "请填写目标值" in reasons[2]
    assert "第 2 行与第 1 行的年份和目标类型相同" in reasons[3]
    assert _targets(workspace, plan_id, ind["id"]) == before
    assert window.undo_stack.count() == 0


def test_qualitative_target_without_value_and_removing_a_stage(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    ind = _indicator(workspace, plan_id, "%")
    _select(window, "indicator", ind["id"])

    def steps(dialog: TargetDialog) -> None:
        dialog.remove_stage(dialog.rows[0])
        dialog.rows[0].kind.setCurrentIndex(dialog.rows[0].kind.findData("qualitative"))
        dialog.rows[0].value.setText("")
        dialog.rows[0].text.setText("明显提升")
        assert dialog.error.text() == ""
        dialog.accept()

    _drive(monkeypatch, qtbot, steps)
    window.plan_page.edit_actions.edit_targets.trigger()
    assert _targets(workspace, plan_id, ind["id"])[1] == [(2022, None, "qualitative", "明显提升")]


def test_double_click_and_detail_link_open_the_dialog(env: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    window, workspace, plan_id = env
    ind = _indicator(workspace, plan_id, "%", staged=False)
    assert ind["targets"] == []
    _select(window, "indicator", ind["id"])
    page = window.plan_page
    assert TARGET_LINK in page.detail.toHtml() and "未设定" in page.detail.toPlainText()

    def steps(dialog: TargetDialog) -> None:
        assert len(dialog.rows) == 1 and dialog.rows[0].value.text() == ""
        dialog.rows[0].year.setValue(2022)
        dialog.rows[0].value.setText("60")
        dialog.accept()

    opened = _drive(monkeypatch, qtbot, steps)
    page.tree.doubleClicked.emit(page.tree.currentIndex())
    assert len(opened) == 1
    assert _targets(workspace, plan_id, ind["id"])[1] == [(2022, Decimal("60"), "level", None)]

    opened.clear()
    monkeypatch.setattr(TargetDialog, "exec", lambda self: opened.append(self) or QDialog.DialogCode.Rejected)
    page.detail.anchorClicked.emit(QUrl(TARGET_LINK))
    assert len(opened) == 1 and opened[0].rows[0].value.text() == "60"
    assert window.undo_stack.count() == 1  # cancelled: nothing pushed


def test_parse_target_uses_the_unit_of_the_kind() -> None:
    assert parse_target("1.5个百分点", "increase_points", "%") == Decimal("1.5")
    assert parse_target("15%", "growth_rate", "亿元") == Decimal("15")
    assert parse_target("300万元", "level", "亿元") == Decimal("0.03")
    assert parse_target("", "qualitative", None) is None
