"""The 修改记录 dialog, opened from a grid cell (context menu, Ctrl+H) and from a task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from desktop.services.database import Database
from desktop.services.presets import load_preset
from desktop.services.progress_entry import ProgressEntryService
from desktop.services.value_entry import ValueEntry
from desktop.ui.application import create_application
from desktop.ui.history_dialog import HistoryDialog, HistoryModel
from desktop.ui.indicator_grid import IndicatorGridPage
from desktop.ui.task_page import TaskPage

RD = "R&D经费支出占GDP比重"


@pytest.fixture
def grid(qtbot: QtBot, database: Database) -> Iterator[IndicatorGridPage]:
    create_application([])
    plan_id = load_preset(database, "zibo-14th-review")
    entry = ValueEntry(database, user=lambda: "录入员", today=lambda: dt.date(2024, 6, 30))
    page = IndicatorGridPage(entry, QUndoStack())
    qtbot.addWidget(page)
    page.resize(1280, 720)
    assert page.load(plan_id)
    page.show()
    qtbot.waitExposed(page)
    yield page


def _cell(page: IndicatorGridPage, name: str, period: str):  # type: ignore[no-untyped-def]
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).name == name)
    col = page.model.period_column(period)
    assert col is not None
    return page.model.index(row, col)


def _texts(dialog: HistoryDialog) -> list[list[str]]:
    m = dialog.model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_cell_history_from_the_context_menu_and_ctrl_h(qtbot: QtBot, grid: IndicatorGridPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    plan_id = grid.plan_id
    assert plan_id is not None
    iid = grid.model.row_at(_cell(grid, RD, "2024").row()).indicator_id
    grid.entry.set_cells(plan_id, [(iid, "2024", Decimal("2.95"))])
    grid.entry.set_cells(plan_id, [(iid, "2024", Decimal("3.1"))])
    grid.entry.set_cells(plan_id, [(iid, "2023", Decimal("2.9"))])

    menu = grid.context_menu(_cell(grid, RD, "2024"))
    assert grid.view.currentIndex() == _cell(grid, RD, "2024")  # the right-clicked cell became current
    action = next(a for a in menu.actions() if a.objectName() == "cellHistoryAction")
    assert action.text() == "查看修改记录…"
    action.trigger()
    dialog = grid.history_dialog
    assert dialog is not None and dialog.isVisible()
    qtmodeltester.check(dialog.model)
    assert dialog.title.text() == f"指标“{RD}” 2024年的修改记录"
    rows = _texts(dialog)
    assert [(r[1], r[2], r[3], r[5], r[6]) for r in rows] == [
        ("录入员", "手工录入", "数值", "2.95", "3.1"),
        ("录入员", "手工录入", "数值", "（空）", "2.95"),
    ]
    assert dialog.narrow.isVisible() and dialog.narrow.text() == "只看2024年"
    # the whole indicator: the 2023 edit appears too
    dialog.narrow.setChecked(False)
    assert any(r[4] == f"{RD} 2023年" and r[6] == "2.9" for r in _texts(dialog))
    assert dialog.title.text() == f"指标“{RD}”的修改记录"
    dialog.close()

    # Ctrl+H on another cell, from the keyboard
    grid.view.selectionModel().setCurrentIndex(_cell(grid, RD, "2023"), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    grid.view.setFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert grid.history_dialog is not dialog and grid.history_dialog.isVisible()
    assert [(r[5], r[6]) for r in _texts(grid.history_dialog)] == [("2.86", "2.9")]  # the preset had 2.86


def test_group_row_has_no_history(qtbot: QtBot, grid: IndicatorGridPage) -> None:
    messages: list[str] = []
    grid.message.connect(messages.append)
    group = next(r for r in range(grid.model.rowCount()) if grid.model.row_at(r).is_group)
    grid.view.selectionModel().setCurrentIndex(grid.model.index(group, 5), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    grid.history_action.trigger()
    assert grid.history_dialog is None
    assert messages == ["分组行没有修改记录，请选择一个指标的单元格。"]


def test_task_history_from_the_task_page(qtbot: QtBot, database: Database) -> None:
    create_application([])
    plan_id = load_preset(database, "zibo-taskforces-2022")
    service = ProgressEntryService(database)
    page = TaskPage(service, today=lambda: dt.date(2022, 7, 28))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.load(plan_id)
    page.show()
    qtbot.waitExposed(page)
    task_id = page.current_task_id()
    assert task_id is not None and page.history_button.isEnabled()
    service.save_progress(task_id, "2022-07", None, Decimal(40), "推进中", "举办对接会3场", None, None)
    service.save_progress(task_id, "2022-07", None, Decimal(60), "推进中", "举办对接会5场", None, None)

    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    dialog = page.history_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.narrow.isVisible()
    assert dialog.title.text().startswith("任务 1.1“") and dialog.title.text().endswith("的修改记录")
    rows = _texts(dialog)
    assert [(r[2], r[3], r[5], r[6]) for r in rows] == [
        ("手工录入", "进展", "40%，推进中，举办对接会3场", "60%，推进中，举办对接会5场"),
        ("手工录入", "进展", "（空）", "40%，推进中，举办对接会3场"),
    ]
    assert "2022年7月进展" in rows[0][4]
    dialog.close()
    # Ctrl+H anywhere on the page (the action is the page's, WidgetWithChildrenShortcut)
    assert page.history_action.shortcut().toString() == "Ctrl+H" and page.history_action in page.actions()
    page.history_action.trigger()
    assert page.history_dialog is not dialog and page.history_dialog.isVisible()


def test_history_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    create_application([])
    model = HistoryModel()
    qtmodeltester.check(model)
