"""文件 menu: open, create and recently used databases, switching the whole window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.services.workspace import Workspace
from desktop.ui.application import create_application
from desktop.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def opened(qtbot: QtBot, tmp_path: Path, settings: QSettings) -> Iterator[tuple[MainWindow, list[Path]]]:
    create_application([])
    switched: list[Path] = []
    workspace = Workspace.open(tmp_path / "当前 数据库.db")
    win = desktop_app.build_window(workspace, settings, switch_database=switched.append)
    qtbot.addWidget(win)
    win.show()
    yield win, switched
    workspace.close()


def _file_action(window: MainWindow, text: str) -> Any:
    file_menu = window.menuBar().actions()[0].menu()
    for action in file_menu.actions():
        if action.text().startswith(text):
            return action
    raise AssertionError(f"文件菜单中没有 {text}")


def test_recent_list_records_the_opened_database(opened: tuple[MainWindow, list[Path]], settings: QSettings) -> None:
    window, _ = opened
    current = Path(window.workspace.path).resolve()
    assert window.recent_databases()[0] == current
    settings.sync()
    assert str(current) in list(settings.value("recent_databases", [], type=list))
    menu = _file_action(window, "最近打开的数据库").menu()
    assert menu is window.recent_menu
    texts = [a.text() for a in menu.actions()]
    assert any(str(current) in t for t in texts)


def test_recent_list_is_most_recent_first_and_drops_missing_files(
    qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    create_application([])
    older = Workspace.open(tmp_path / "旧.db")
    older.close()
    settings.setValue("recent_databases", [str(tmp_path / "已删除.db"), str((tmp_path / "旧.db").resolve())])
    workspace = Workspace.open(tmp_path / "新.db")
    try:
        win = MainWindow(workspace, settings, switch_database=lambda p: None)
        qtbot.addWidget(win)
        assert win.recent_databases() == [(tmp_path / "新.db").resolve(), (tmp_path / "旧.db").resolve()]
        actions = win.recent_menu.actions()
        assert len(actions) == 2
        assert not actions[0].isEnabled()  # the database already open
        assert actions[1].isEnabled()
    finally:
        workspace.close()


def test_open_database_action_calls_switch_database(
    opened: tuple[MainWindow, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, switched = opened
    other = tmp_path / "其他.db"
    monkeypatch.setattr(window, "ask_database_path", lambda: other)
    action = _file_action(window, "打开数据库")
    assert action.shortcut().toString() == "Ctrl+O"
    action.trigger()
    assert switched == [other]


def test_new_database_action_calls_switch_database(
    opened: tuple[MainWindow, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, switched = opened
    new = tmp_path / "新建.db"
    monkeypatch.setattr(window, "ask_new_database_path", lambda: new)
    _file_action(window, "新建数据库").trigger()
    assert switched == [new]


def test_switch_to_a_non_database_file_warns_and_stays(
    opened: tuple[MainWindow, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, _ = opened
    bogus = tmp_path / "不是数据库.db"
    bogus.write_text("这不是数据库", encoding="utf-8")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    before = window.workspace.path

    assert desktop_app.switch_to(window, bogus) is None

    assert len(warnings) == 1
    assert "不是 InnoTrack 数据库文件" in warnings[0]
    assert window.workspace.path == before
    assert window.isVisible()
    assert window.workspace.plans() == []  # its database is still open


def test_switch_to_a_real_database_replaces_the_window(
    opened: tuple[MainWindow, list[Path]], qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    window, _ = opened
    other = Workspace.open(tmp_path / "另一个.db")
    other.load_preset("liaocheng-2018")
    other.close()

    new_window = desktop_app.switch_to(window, tmp_path / "另一个.db")

    assert new_window is not None
    qtbot.addWidget(new_window)
    try:
        assert new_window.isVisible()
        assert not window.isVisible()
        assert new_window.workspace.path.resolve() == (tmp_path / "另一个.db").resolve()
        assert "聊城" in new_window.plan_switcher.currentText()
        assert new_window.switch_database is window.switch_database
        assert new_window.recent_databases()[:2] == [
            (tmp_path / "另一个.db").resolve(),
            Path(window.workspace.path).resolve(),
        ]
    finally:
        new_window.workspace.close()
