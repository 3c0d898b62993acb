"""Screenshots of the main window's pages, to look at and for the README.

Not a test (no ``test_`` prefix). Run offscreen (fonts-noto-cjk installed):

    QT_QPA_PLATFORM=offscreen python tests/screenshots.py [OUT_DIR]

Writes OUT_DIR/{dashboard,indicators,tasks,structure}.png (default docs/screenshots) from a
temporary database with the zibo-14th-review and zibo-taskforces-2022 plans loaded.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window
    from desktop.services.workspace import Workspace
    from desktop.ui.application import create_application

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "示例.db")
        ws.load_preset("zibo-taskforces-2022")
        plan_id = ws.load_preset("zibo-14th-review")
        window = build_window(ws, QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1366, 768)
        window.show()
        window.refresh_plans(select_id=plan_id)
        for key in ("dashboard", "indicators", "tasks", "structure"):
            window.show_page(key)
            for _ in range(5):
                app.processEvents()
            path = out / f"{key}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
        ws.close()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
