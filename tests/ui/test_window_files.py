"""The window's 文件 and 帮助 actions: sample plan, backup, restore, one window per database,
the network-share banner and the about box — on real files, through the real window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.services.instance_lock import DatabaseInUse
from desktop.services.workspace import Workspace
from desktop.ui.application import create_application


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def opened(qtbot: QtBot, tmp_path: Path) -> Any:
    """The window as run_gui opens it (shell, then the database, locked), with switching."""
    create_application([])
    windows: list[Any] = []

    def switch(path: Path) -> None:
        new = desktop_app.switch_to(windows[-1], path)
        if new is not None:
            qtbot.addWidget(new)
            windows.append(new)

    def open_at(path: Path) -> Any:
        window = desktop_app.open_window(path, _settings(tmp_path), switch_database=switch)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        with qtbot.waitSignal(window.attached, timeout=30000):
            pass
        return window

    yield open_at, windows
    for window in windows:
        if window.workspace is not None:
            window.workspace.close()


def test_sample_data_from_the_welcome_page(opened: Any, tmp_path: Path) -> None:
    open_at, _ = opened
    window = open_at(tmp_path / "试用.db")
    assert window.stack.currentWidget() is window.welcome
    window.welcome.sample_button.click()
    assert "示例数据" in window.plan_switcher.currentText()
    assert any(p.name.endswith("（示例数据）") for p in window.workspace.plans())


def test_a_second_window_on_the_same_database_is_refused(opened: Any, tmp_path: Path) -> None:
    open_at, _ = opened
    window = open_at(tmp_path / "独占.db")
    with pytest.raises(DatabaseInUse, match="另一个 InnoTrack 窗口"):
        Workspace.open_for_window(window.workspace.path)
    window.workspace.close()  # closing frees it
    Workspace.open_for_window(tmp_path / "独占.db").close()


def test_backup_then_restore_from_the_menu(opened: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_at, windows = opened
    path = tmp_path / "数据 文件夹" / "innotrack.db"
    window = open_at(path)
    window.workspace.load_preset("taian-2022")
    window.refresh_plans()
    window_plans = window.workspace.plans()
    target = tmp_path / "U盘" / "备份.db"
    monkeypatch.setattr(window, "ask_backup_target", lambda: target)
    window.backup_action.trigger()
    assert target.is_file() and "已备份到" in window.statusBar().currentMessage()

    window.workspace.load_preset("zibo-2022")
    assert len(window.workspace.plans()) == 2
    monkeypatch.setattr(window, "ask_backup_source", lambda: target)
    monkeypatch.setattr(window, "confirm_restore", lambda _source: True)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: shown.append(text))
    window.restore_action.trigger()
    restored = windows[-1]
    assert restored is not window and restored.workspace is not None
    assert [p.name for p in restored.workspace.plans()] == [p.name for p in window_plans]
    assert shown and "恢复前的数据库已另存为" in shown[0]
    kept = Path(shown[0].split("另存为 ")[1].rstrip("。"))
    assert kept.is_file()
    with pytest.raises(DatabaseInUse):  # the new window holds the lock again
        Workspace.open_for_window(path)


def test_restore_of_a_bad_file_keeps_the_database(opened: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_at, windows = opened
    path = tmp_path / "innotrack.db"
    window = open_at(path)
    window.workspace.load_preset("taian-2022")
    junk = tmp_path / "坏的备份.db"
    junk.write_bytes(b"not sqlite at all")
    monkeypatch.setattr(window, "ask_backup_source", lambda: junk)
    monkeypatch.setattr(window, "confirm_restore", lambda _source: True)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    window.restore_action.trigger()
    assert warnings and "不是 InnoTrack 数据库文件" in warnings[0]
    assert len(windows[-1].workspace.plans()) == 1  # reopened, unchanged


def test_banner_for_a_database_in_a_synced_folder(opened: Any, tmp_path: Path) -> None:
    open_at, _ = opened
    window = open_at(tmp_path / "OneDrive" / "科技局" / "innotrack.db")
    assert window.placement_banner.isVisibleTo(window)
    assert "OneDrive" in window.placement_banner.text()
    local = open_at(tmp_path / "本机" / "innotrack.db")
    assert not local.placement_banner.isVisibleTo(local)


def test_about_says_where_everything_is(opened: Any, tmp_path: Path) -> None:
    open_at, _ = opened
    window = open_at(tmp_path / "关于.db")
    text = window.about_text()
    assert str(tmp_path / "关于.db") in text
    assert "备份文件夹" in text and "数据文件夹" in text and "日志文件" in text
    assert window.draft_plan_action.isEnabled() and window.guide_action.isEnabled()


def test_the_days_backup_is_made_after_start_up(opened: Any, tmp_path: Path, qtbot: QtBot) -> None:
    open_at, _ = opened
    path = tmp_path / "每日" / "innotrack.db"
    window = open_at(path)
    assert window.backup_label.text() == "最近备份：无"  # not on the start-up path
    qtbot.waitUntil(lambda: window.backup_label.text() != "最近备份：无", timeout=15000)
    made = sorted((path.parent / "backups").glob("innotrack.daily-*.db"))
    assert len(made) == 1 and made[0].stat().st_size > 0
