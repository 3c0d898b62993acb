"""Start-up: the window paints first as a light shell, then opens the database and shows the plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.errors import UserError
from desktop.services.instance_lock import InstanceLock
from desktop.services.workspace import Workspace
from desktop.ui.application import create_application

REPO = Path(__file__).resolve().parents[2]


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def plan_db(tmp_path: Path) -> Path:
    path = tmp_path / "启动 方案.db"
    ws = Workspace.open(path)
    ws.load_preset("zibo-14th-review")
    ws.close()
    return path


def test_window_shows_first_then_the_plan_appears(qtbot: QtBot, tmp_path: Path, plan_db: Path) -> None:
    create_application([])
    window = desktop_app.open_window(plan_db, _settings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    # Shown, but nothing of the database yet: the shell says it is opening.
    assert window.workspace is None
    assert window.stack.currentWidget() is window.loading_page
    assert not window.plan_switcher.isEnabled()
    assert not window.import_action.isEnabled()

    with qtbot.waitSignal(window.attached, timeout=30000):
        pass
    try:
        assert window.workspace is not None and window.workspace.path == plan_db
        assert window.stack.currentWidget() is window.workarea
        assert window.current_plan_id() is not None
        assert "淄博" in window.plan_switcher.currentText()
        dashboard = window.current_page()
        assert dashboard is window.pages[0].widget and window.pages[0].key == "dashboard"
        qtbot.waitUntil(lambda: "淄博" in dashboard.title.text(), timeout=5000)
        assert window.import_action.isEnabled() and window.undo_action is not None
        assert window.undo_action.shortcut().toString()  # shortcuts set once attached
        assert str(plan_db) in window.db_label.text()
    finally:
        window.workspace.close()


def _open_recording_order(
    qtbot: QtBot, tmp_path: Path, path: Path, on_overview: Callable[[Any], None] | None = None
) -> tuple[Any, list[str]]:
    """``open_window`` on ``path``, shown and waited for until attached, with the order of its
    start-up signals (``on_overview(window)`` runs while the overview is shown)."""
    create_application([])
    order: list[str] = []

    def overview() -> None:
        order.append("overview")
        if on_overview is not None:
            on_overview(window)

    window = desktop_app.open_window(path, _settings(tmp_path))
    qtbot.addWidget(window)
    window.first_painted.connect(lambda: order.append("painted"))
    window.overview_shown.connect(overview)
    window.attached.connect(lambda: order.append("attached"))
    window.show()
    qtbot.waitUntil(lambda: "attached" in order, timeout=30000)
    return window, order


def test_the_overview_shows_before_the_workspace_opens(qtbot: QtBot, tmp_path: Path, plan_db: Path) -> None:
    """The plan's 总览 comes from the read-only start-up view; the workspace and the other
    pages follow, and the clerk stays on the same overview widget throughout."""
    seen: dict[str, object] = {}

    def overview(window: Any) -> None:
        page = window.current_page()
        seen.update(
            workspace=window.workspace, page=page, title=page.title.text(), bars=len(page.bar_chart.bars),
            rows=window.nav_model.rowCount(), import_enabled=window.import_action.isEnabled(),
            switcher=window.plan_switcher.currentText(), second=window.pages[1].widget,
            second_text=getattr(window.pages[1].widget, "text", lambda: "")(),
        )

    window, order = _open_recording_order(qtbot, tmp_path, plan_db, on_overview=overview)
    try:
        assert order == ["painted", "overview", "attached"]
        assert seen["workspace"] is None and not seen["import_enabled"]
        assert "淄博" in str(seen["title"]) and "淄博" in str(seen["switcher"])
        assert seen["bars"] == len(window.workspace.dashboard(window.current_plan_id()).completions) > 0
        assert seen["rows"] == len(desktop_app.PAGES)  # the navigator is there from the start
        assert seen["second_text"] == "正在载入…"

        assert window.current_page() is seen["page"]  # the same overview, now reading the workspace
        assert window.current_page().source is window.workspace
        assert [spec.key for spec in window.pages] == [key for key, _title in desktop_app.PAGES] + ["structure"]
        assert window.pages[1].widget is not seen["second"]  # the placeholders are replaced
        assert not isinstance(window.pages[1].widget, QLabel)
        assert window.nav_model.rowCount() == len(window.pages)
        window.show_page("indicators")
        assert window.current_page() is window.pages[1].widget
        assert window.import_action.isEnabled()
    finally:
        window.workspace.close()


def test_a_database_without_plans_opens_on_the_welcome_page(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "空.db"
    Workspace.open(path).close()
    window, order = _open_recording_order(qtbot, tmp_path, path)
    try:
        assert order == ["painted", "attached"]  # nothing to preview: the workspace opened directly
        assert window.stack.currentWidget() is window.welcome
    finally:
        window.workspace.close()


def test_a_database_open_in_another_window_is_refused_before_the_overview(
    qtbot: QtBot, tmp_path: Path, plan_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_application([])
    other = InstanceLock(plan_db).acquire()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text, *a: shown.append((title, text)))
    failures: list[int] = []
    window = desktop_app.open_window(plan_db, _settings(tmp_path), on_failure=failures.append)
    qtbot.addWidget(window)
    overviews: list[bool] = []
    window.overview_shown.connect(lambda: overviews.append(True))
    try:
        window.show()
        qtbot.waitUntil(lambda: bool(failures), timeout=30000)
        assert failures == [2] and not overviews
        assert shown and "另一个 InnoTrack 窗口" in shown[0][1]
        assert window.workspace is None
    finally:
        other.release()


def test_a_file_that_is_not_a_database_is_refused_in_chinese(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_application([])
    bogus = tmp_path / "不是数据库.db"
    bogus.write_text("随便写点什么", encoding="utf-8")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text, *a: shown.append((title, text)))
    failures: list[int] = []
    window = desktop_app.open_window(bogus, _settings(tmp_path), on_failure=failures.append)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(failures), timeout=30000)
    assert failures == [2]
    assert shown and shown[0][0] == "无法打开数据库"
    assert "不是 InnoTrack 数据库文件" in shown[0][1]
    assert not window.isVisible()
    assert window.workspace is None
    assert bogus.read_text(encoding="utf-8") == "随便写点什么"


def test_the_shell_paints_without_the_storage_stack(tmp_path: Path) -> None:
    """Nothing of SQLAlchemy, Alembic, openpyxl or our services is imported before the first paint."""
    code = f"""
import json, sys
from PySide6.QtCore import QSettings
from desktop.ui.application import create_application
from desktop import app as desktop_app
app = create_application([])
seen = {{}}
window = desktop_app.open_window({str(tmp_path / 'x.db')!r}, QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))
def painted():
    seen.update({{m: m in sys.modules for m in ("sqlalchemy", "alembic", "openpyxl", "desktop.services.workspace")}})
    app.quit()
window.first_painted.connect(painted)
window.show()
app.exec()
print(json.dumps(seen))
"""
    env_result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)},
    )
    assert env_result.returncode == 0, env_result.stderr
    seen = json.loads(env_result.stdout.strip().splitlines()[-1])
    assert seen == {"sqlalchemy": False, "alembic": False, "openpyxl": False, "desktop.services.workspace": False}


def test_build_window_still_builds_a_ready_window(qtbot: QtBot, tmp_path: Path, plan_db: Path) -> None:
    """Tests and switch_to build the window in one go: attached at once, no shell phase."""
    create_application([])
    ws = Workspace.open(plan_db)
    try:
        window = desktop_app.build_window(ws, _settings(tmp_path))
        qtbot.addWidget(window)
        assert window.workspace is ws
        assert window.current_plan_id() is not None
        assert window.stack.currentWidget() is window.workarea
    finally:
        ws.close()


def test_a_window_closed_while_loading_frees_its_database(qtbot: QtBot, tmp_path: Path, plan_db: Path) -> None:
    create_application([])
    window = desktop_app.open_window(plan_db, _settings(tmp_path))
    qtbot.addWidget(window)
    window.overview_shown.connect(window.close)  # the clerk closes it at once
    window.show()

    def free() -> bool:
        try:
            InstanceLock(plan_db).acquire().release()
        except UserError:
            return False
        return True

    qtbot.waitUntil(free, timeout=30000)
    qtbot.wait(50)
    assert window.workspace is None and not window.isVisible()


def test_the_window_writes_its_log_once_it_has_painted(tmp_path: Path, plan_db: Path) -> None:
    """run_gui sets up the log file (and the crash dialog) after the first paint, before the
    database opens: a real start writes the 'started' line."""
    env = {
        **os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "INNOTRACK_SMOKE_QUIT_MS": "50",
    }
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(plan_db)], cwd=REPO, capture_output=True, text=True,
        timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "窗口已打开" in result.stdout
    log = (tmp_path / "data" / "InnoTrack" / "logs" / "innotrack.log").read_text(encoding="utf-8")
    assert "started" in log and "Python" in log
