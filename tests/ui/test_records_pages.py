"""The 报送轮次 and 导入记录 pages in the real window, over a real database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop.app import build_window
from desktop.services.importer import ImportOptions, import_files
from desktop.services.plans import dump_plan
from desktop.services.rounds import open_round
from desktop.services.workspace import Workspace
from desktop.ui.application import create_application


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path):  # type: ignore[no-untyped-def]
    create_application([])
    ws = Workspace.open(tmp_path / "记录.db")
    plan_id = ws.load_preset("zibo-14th-review")
    open_round(ws.database, plan_id, "2024", dt.date.today() + dt.timedelta(days=30), ["市科技局", "市统计局"])
    book = tmp_path / "市科技局2024.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["填报单位：市科技局"])
    wb.active.append(["指标名称", "2024年"])
    wb.active.append(["高新技术企业", 1600])
    wb.save(book)
    result = import_files(ws.database, [book], ImportOptions(plan_id=plan_id))
    assert result.committed
    win = build_window(ws, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    yield win, ws, plan_id
    ws.close()


def test_rounds_page_shows_who_has_reported(window) -> None:  # type: ignore[no-untyped-def]
    win, _ws, _plan = window
    win.show_page("rounds")
    page = win.current_page()
    assert page.rounds.rowCount() == 1
    assert page.rounds.data(page.rounds.index(0, 3)) == "1/2"
    units = {page.units.data(page.units.index(r, 0)): page.units.data(page.units.index(r, 1))
             for r in range(page.units.rowCount())}
    assert units == {"市科技局": "按时报送", "市统计局": "未报送"}


def test_batches_page_undoes_the_selected_batch(window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    win, ws, plan_id = window
    win.show_page("batches")
    page = win.current_page()
    assert page.model.rowCount() == 1
    page.view.selectRow(0)
    monkeypatch.setattr(page, "confirm", lambda _text: True)
    page.undo_selected()
    assert "已撤销批次 1" in win.statusBar().currentMessage()
    assert page.model.data(page.model.index(0, 6)) == "已撤销"
    values = [v for i in dump_plan(ws.database, plan_id)["indicators"] for v in i["values"] if v["period"] == "2024"]
    assert values == []


def test_navigator_lists_the_pages(window) -> None:  # type: ignore[no-untyped-def]
    win, _ws, _plan = window
    titles = [win.nav_model.item(r).text() for r in range(win.nav_model.rowCount())]
    assert titles == ["总览", "指标数据", "重点任务", "报送轮次", "导入记录", "工作专班", "单位", "方案结构"]
    assert "最近备份：" in win.backup_label.text() and "无" not in win.backup_label.text()


def test_dropping_a_file_on_the_window_imports_it_through_the_dialog(
    window, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    from desktop.ui.import_dialog import ImportDialog

    win, ws, plan_id = window
    book = tmp_path / "市统计局2024.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["填报单位：市统计局"])
    wb.active.append(["指标名称", "2024年"])
    wb.active.append(["科技型中小企业", "2,100家"])
    wb.save(book)
    batches: list[list[int]] = []

    def run(dialog: ImportDialog) -> int:  # what the clerk does: preview, check, import
        with qtbot.waitSignal(dialog.runner.ended, timeout=20_000):
            dialog.run_preview()
        assert dialog.can_import()
        with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
            dialog.run_commit()
        batches.append(blocker.args[0])
        return 1

    monkeypatch.setattr(ImportDialog, "exec", run)
    win.request_import([book])
    assert batches == [[2]]
    values = {(i["name"], v["period"]): v["value"] for i in dump_plan(ws.database, plan_id)["indicators"]
              for v in i["values"]}
    assert str(values[("科技型中小企业", "2024")]) == "2100"


def test_typing_in_the_grid_and_ctrl_z_in_the_window(window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelectionModel, Qt

    win, ws, plan_id = window
    win.show_page("indicators")
    page = win.current_page()
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).name == "省级以上创新平台")
    index = model.index(row, model.period_column("2024"))
    page.view.setFocus()
    page.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClicks(page.view, "460")
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.state() != page.view.State.EditingState)

    def stored() -> list[str]:
        return [str(v["value"]) for i in dump_plan(ws.database, plan_id)["indicators"]
                if i["name"] == "省级以上创新平台" for v in i["values"] if v["period"] == "2024"]

    assert stored() == ["460"]
    win.undo_action.trigger()  # Edit → 撤销 (Ctrl+Z)
    assert stored() == []
    win.redo_action.trigger()
    assert stored() == ["460"]
