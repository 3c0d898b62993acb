"""Composition root: builds settings, the workspace and the main window, then runs Qt.

Nothing here runs at import time; tests build the same pieces through ``build_window``.
"""

from __future__ import annotations

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
    try:
        return app.exec()
    finally:
        workspace.close()
