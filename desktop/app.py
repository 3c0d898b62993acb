"""Composition root: builds settings, the workspace and the main window, then runs Qt.

Nothing here runs at import time; tests build the same pieces through ``build_window``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.errors import UserError
from desktop.services.workspace import Workspace

ORG_NAME = "InnoTrack"
APP_NAME = "InnoTrack"


def run_gui(db_path: Path | None = None) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.application import create_application
    from desktop.ui.main_window import MainWindow

    app = create_application(sys.argv)
    try:
        workspace = Workspace.open(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 2
    window = MainWindow(workspace, QSettings(ORG_NAME, APP_NAME))
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
