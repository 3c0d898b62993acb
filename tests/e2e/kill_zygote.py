"""A pre-warmed process that forks one worker per kill: the libraries are imported once, so
fifty kills cost fifty runs of the operation, not fifty interpreter start-ups.

Protocol (lines on stdin/stdout): the zygote prints ``ready``; for each ``go <scenario>
<json>`` it forks, prints ``pid <pid>``, and the worker prints ``started`` just before the
operation and ``finished`` after it; when the worker has ended (finished or killed by the
test) the zygote prints ``exit <status>``. ``quit`` ends the zygote. Qt is imported here
but its application is only created in a worker (a QApplication must not cross a fork).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import desktop.services.importer  # noqa: E402,F401  (imports paid once, before any fork)
import desktop.workbooks.readers  # noqa: E402,F401
from sqlalchemy.orm import configure_mappers  # noqa: E402

configure_mappers()


def _say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def run_import(spec: dict) -> None:
    from desktop.services import importer
    from desktop.services.database import open_database
    from desktop.services.importer import ImportOptions, import_files

    write_file = importer._write_file

    def observed(*args: object, **kwargs: object) -> object:  # says when the write transaction is under way
        _say("writing")
        return write_file(*args, **kwargs)  # type: ignore[arg-type]

    importer._write_file = observed  # type: ignore[assignment]
    database = open_database(Path(spec["db"]))
    _say("started")
    result = import_files(database, [Path(spec["file"])], ImportOptions(plan_id=spec["plan"], backup=True))
    assert result.committed
    _say("finished")
    database.close()


def run_migration(spec: dict) -> None:
    from desktop.services.database import open_database

    _say("started")
    open_database(Path(spec["db"])).close()  # upgrades the old schema (after its backup)
    _say("finished")


def run_paste(spec: dict) -> None:
    from PySide6.QtCore import QItemSelectionModel, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop.services.database import open_database
    from desktop.services.value_entry import ValueEntry
    from desktop.ui.application import create_application
    from desktop.ui.indicator_grid import IndicatorGridPage

    create_application([])
    database = open_database(Path(spec["db"]))
    page = IndicatorGridPage(ValueEntry(database), QUndoStack())
    assert page.load(spec["plan"])
    page.resize(1200, 700)
    page.show()
    QApplication.processEvents()
    model = page.model
    first = next(r for r in range(model.rowCount()) if model.row_at(r).indicator_id is not None)
    col = model.period_column(spec["period"])
    QApplication.clipboard().setText(spec["text"])
    page.view.setFocus()
    page.view.selectionModel().setCurrentIndex(model.index(first, col), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    _say("started")
    QTest.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    _say("finished")
    database.close()


SCENARIOS = {"import": run_import, "migration": run_migration, "paste": run_paste}


def main() -> None:
    _say("ready")
    for line in sys.stdin:
        command, _, rest = line.strip().partition(" ")
        if command == "quit":
            return
        scenario, _, payload = rest.partition(" ")
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                SCENARIOS[scenario](json.loads(payload))
            except BaseException as exc:  # noqa: BLE001  reported to the test, which fails
                _say(f"error {type(exc).__name__}: {exc}")
                code = 1
            os._exit(code)
        _say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        _say(f"exit {status}")


if __name__ == "__main__":
    main()
