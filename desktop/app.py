"""Composition root: builds settings, the workspace and the main window, then runs Qt.

Nothing here runs at import time; tests build the same pieces through ``build_window``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.services.workspace import Workspace

ORG_NAME = "InnoTrack"
APP_NAME = "InnoTrack"


def build_window(workspace: Workspace, settings: Any) -> Any:
    """The main window with every page, each handed only the services it needs."""
    from desktop.services import importer, rounds
    from PySide6.QtGui import QUndoStack

    from desktop.services.progress_entry import ProgressEntryService
    from desktop.services.value_entry import ValueEntry
    from desktop.ui.dashboard_page import DashboardPage
    from desktop.ui.indicator_grid import IndicatorGridPage
    from desktop.ui.task_page import TaskPage
    from desktop.ui.main_window import MainWindow, PageSpec
    from desktop.ui.records_pages import BatchesPage, RoundsPage

    db = workspace.database
    rounds_page = RoundsPage(lambda plan_id: rounds.list_rounds(db, plan_id))
    batches_page = BatchesPage(
        lambda plan_id: importer.list_batches(db, plan_id), lambda batch_id: importer.undo_batch(db, batch_id)
    )
    dashboard_page = DashboardPage(workspace)
    task_page = TaskPage(ProgressEntryService(db))
    undo_stack = QUndoStack()
    grid_page = IndicatorGridPage(ValueEntry(db), undo_stack)
    pages = [
        PageSpec("dashboard", "总览", dashboard_page, dashboard_page.load),
        PageSpec("indicators", "指标数据", grid_page, grid_page.load),
        PageSpec("tasks", "重点任务", task_page, task_page.load),
        PageSpec("rounds", "报送轮次", rounds_page, rounds_page.load),
        PageSpec("batches", "导入记录", batches_page, batches_page.load),
    ]
    window: Any = None

    def open_import(paths: list[Path]) -> None:
        from desktop.ui.import_dialog import ImportDialog

        plan_id = window.current_plan_id()
        dialog = ImportDialog(workspace, plan_id, rounds=workspace.rounds(plan_id), files=paths, parent=window)
        dialog.exec()

    def open_export() -> None:
        from desktop.ui.export_dialog import ExportDialog

        plan_id = window.current_plan_id()
        dialog = ExportDialog(workspace, plan_id, window.plan_switcher.currentText(), parent=window)
        dialog.exec()

    window = MainWindow(
        workspace, settings, pages=pages, undo_stack=undo_stack, open_import=open_import, open_export=open_export
    )
    undo_stack.setParent(window)
    return window


def run_gui(db_path: Path | None = None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.application import create_application

    app = create_application(sys.argv)
    try:
        workspace = Workspace.open(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 2
    window = build_window(workspace, QSettings(ORG_NAME, APP_NAME))
    window.show()
    _schedule_smoke_quit(app, window.windowTitle())
    try:
        return app.exec()
    finally:
        workspace.close()


def _schedule_smoke_quit(app: object, title: str) -> None:
    """For start-up smoke tests (CI, the packaged build): quit by itself after N ms.

    Set INNOTRACK_SMOKE_QUIT_MS; the window's title is printed once it is shown, so the
    test knows the real window came up, not just the process.
    """
    delay = os.environ.get("INNOTRACK_SMOKE_QUIT_MS")
    if not delay:
        return
    from PySide6.QtCore import QTimer

    print(f"窗口已打开：{title}", flush=True)
    QTimer.singleShot(int(delay), app.quit)  # type: ignore[attr-defined]
