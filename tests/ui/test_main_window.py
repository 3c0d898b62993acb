"""The first window, driven through its real widgets offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.workspace import Workspace
from desktop.ui.application import create_application
from desktop.ui.main_window import MainWindow
from desktop.ui.outline_model import ItemRole, OutlineModel


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    create_application([])
    workspace = Workspace.open(tmp_path / "界面.db")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = MainWindow(workspace, settings)
    qtbot.addWidget(win)
    win.show()
    yield win
    workspace.close()


def _texts(model: OutlineModel, parent=None) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append(index.data())
        out.extend(_texts(model, index))
    return out


def test_empty_database_offers_the_five_presets(window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    model = window.welcome.model
    names = [model.item(r).text() for r in range(model.rowCount())]
    assert len(names) == 5
    assert any("聊城市创新型城市建设推进方案" in n for n in names)
    assert window.welcome.empty_button.isVisible()


def test_loading_a_preset_shows_its_indicators_in_the_tree(window: MainWindow, qtbot: QtBot) -> None:
    welcome = window.welcome
    for row in range(welcome.model.rowCount()):
        if welcome.model.item(row).data(Qt.ItemDataRole.UserRole + 1) == "liaocheng-2018":
            welcome.list.setCurrentIndex(welcome.model.index(row, 0))
    qtbot.mouseClick(welcome.load_button, Qt.MouseButton.LeftButton)

    assert window.stack.currentWidget() is window.workarea
    assert window.current_page() is window.plan_page
    texts = _texts(window.plan_page.model)
    assert "指标（19）" in texts[0] or texts[0].startswith("指标（")
    assert any("科技进步贡献率" in t for t in texts)
    assert any(t.startswith("38.") for t in texts)
    assert window.plan_switcher.count() == 1
    assert "聊城" in window.plan_switcher.currentText()


def test_selecting_an_indicator_shows_its_details(window: MainWindow, qtbot: QtBot) -> None:
    window.load_preset("zibo-14th-review")
    page = window.plan_page
    hits = page.model.find("R&D经费支出占GDP比重")
    assert hits
    page.tree.setCurrentIndex(hits[0])
    html = page.detail.toPlainText()
    assert "2025年目标" in html
    assert "2.86" in html
    assert hits[0].data(ItemRole).kind == "indicator"


def test_search_box_jumps_to_matches(window: MainWindow, qtbot: QtBot) -> None:
    window.load_preset("zibo-taskforces-2022")
    page = window.plan_page
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page.search.setText("实验室建设工作专班")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert "实验室建设工作专班" in page.tree.currentIndex().data()


def test_loading_the_same_preset_twice_warns(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    window.load_preset("taian-2022")
    window.load_preset("taian-2022")
    assert len(shown) == 1 and "已经载入过" in shown[0]
    assert window.plan_switcher.count() == 1


def test_empty_plan_can_be_created(window: MainWindow) -> None:
    window.welcome.empty_plan_requested.emit("我的方案")
    assert window.plan_switcher.currentText() == "我的方案"
    assert window.stack.currentWidget() is window.workarea
    assert window.current_page() is window.plan_page


def test_outline_model_passes_the_model_tester(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window.load_preset("zibo-2022")
    qtmodeltester.check(window.plan_page.model)
