"""Composition root: builds settings, the workspace and the main window, then runs Qt.

Nothing here runs at import time; tests build the same pieces through ``build_window``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

ORG_NAME = "InnoTrack"
APP_NAME = "InnoTrack"


def build_window(
    workspace: Workspace,
    settings: Any,
    switch_database: Callable[[Path], None] | None = None,
    shell: Any = None,
) -> Any:
    """The main window with every page, each handed only the services it needs.

    With ``shell`` (a ``MainWindow(None, settings)`` already on screen, see ``open_window``)
    the pages are attached to it instead of a new window being made.
    """
    from PySide6.QtGui import QUndoStack

    from desktop.services.progress_entry import ProgressEntryService
    from desktop.services.value_entry import ValueEntry
    from desktop.ui.dashboard_page import DashboardPage
    from desktop.ui.indicator_grid import IndicatorGridPage
    from desktop.ui.task_page import TaskPage
    from desktop.ui.main_window import MainWindow, PageSpec
    from desktop.ui.records_pages import BatchesPage, RoundsPage

    db = workspace.database

    # The rounds and import services (the importer pulls in the intake code) load when
    # their pages are first shown, not at start-up.
    def list_rounds(plan_id: int) -> Any:
        from desktop.services import rounds

        return rounds.list_rounds(db, plan_id)

    def list_batches(plan_id: int) -> Any:
        from desktop.services import importer

        return importer.list_batches(db, plan_id)

    def undo_batch(batch_id: int) -> Any:
        from desktop.services import importer

        return importer.undo_batch(db, batch_id)

    def round_actions() -> Any:
        from desktop.ui.records_pages import RoundActions

        def open_new(plan_id: int, period: str, due: Any) -> int:
            from desktop.services import rounds

            return rounds.open_round(db, plan_id, period, due)

        def set_state(round_id: int, state: str, reason: str | None) -> str:
            from desktop.services.period_locks import set_round_state

            return set_round_state(db, round_id, state, reason)

        return RoundActions(open_new, set_state, workspace.export_round_templates)

    rounds_page = RoundsPage(list_rounds, round_actions())
    batches_page = BatchesPage(list_batches, undo_batch)
    dashboard_page = DashboardPage(workspace)
    task_page = TaskPage(ProgressEntryService(db))
    undo_stack = QUndoStack()
    grid_page = IndicatorGridPage(ValueEntry(db), undo_stack)
    from desktop.services import units as units_service
    from desktop.services.plan_editing import PlanEditor, list_task_forces
    from desktop.ui.task_forces_page import TaskForcesPage
    from desktop.ui.units_page import UnitsPage

    editor = PlanEditor(db)
    units_page = UnitsPage(lambda plan_id: units_service.list_units(db, plan_id), editor, undo_stack)
    forces_page = TaskForcesPage(
        lambda plan_id: list_task_forces(db, plan_id), editor, undo_stack,
        unit_names=lambda: [u.name for u in units_service.list_units(db, None)],
    )
    pages = [
        PageSpec("dashboard", "总览", dashboard_page, dashboard_page.load),
        PageSpec("indicators", "指标数据", grid_page, grid_page.load),
        PageSpec("tasks", "重点任务", task_page, task_page.load),
        PageSpec("rounds", "报送轮次", rounds_page, rounds_page.load),
        PageSpec("batches", "导入记录", batches_page, batches_page.load),
        PageSpec("task_forces", "工作专班", forces_page, forces_page.load),
        PageSpec("units", "单位", units_page, units_page.load),
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

    wiring: dict[str, Any] = dict(
        pages=pages,
        undo_stack=undo_stack,
        open_import=open_import,
        open_export=open_export,
        switch_database=switch_database,
    )
    if shell is None:
        window = MainWindow(workspace, settings, **wiring)
    else:
        window = shell
        window.attach(workspace, **wiring)
    undo_stack.setParent(window)

    def reload_structure() -> None:
        plan_id = window.current_plan_id()
        if plan_id is not None:
            window.plan_page.show_outline(workspace.outline(plan_id))

    window.plan_page.set_editor(editor, undo_stack, reload_structure)
    return window


def run_gui(db_path: Path | None = None) -> int:
    from PySide6.QtCore import QSettings

    from desktop.logging_setup import setup_logging
    from desktop.ui.application import create_application
    from desktop.ui.crash_dialog import install_crash_dialog

    log_path = setup_logging()
    app = create_application(sys.argv)
    install_crash_dialog(app, log_path)
    windows: list[Any] = []  # the current window last; closed ones are kept until exit
    failures: list[int] = []

    def switch(path: Path) -> None:
        new_window = switch_to(windows[-1], path)
        if new_window is not None:
            windows.append(new_window)

    def fail(code: int) -> None:
        failures.append(code)
        app.exit(code)

    window = open_window(db_path, QSettings(ORG_NAME, APP_NAME), switch_database=switch, on_failure=fail)
    windows.append(window)
    _schedule_timing(app, window)
    window.show()
    _schedule_smoke_quit(app, window)
    try:
        code = app.exec()
        return failures[0] if failures else code
    finally:
        if windows[-1].workspace is not None:
            windows[-1].workspace.close()


def open_window(
    db_path: Path | None,
    settings: Any,
    switch_database: Callable[[Path], None] | None = None,
    on_failure: Callable[[int], None] | None = None,
) -> Any:
    """The main window at once, as a light shell; the database opens after its first paint.

    Start-up time: the shell needs only Qt, so it paints about as soon as a bare window
    would; SQLAlchemy, the services and the pages load afterwards, while the clerk already
    sees the window ("正在打开数据库…"). The window's ``attached`` signal says when the plan
    is shown. If the database cannot be opened the clerk is told why (a message box), the
    window closes and ``on_failure(2)`` is called (``on_failure(1)`` for an unexpected error).
    """
    from desktop.ui.main_window import MainWindow

    window = MainWindow(None, settings, switch_database=switch_database)

    def load() -> None:
        if window.workspace is not None:
            return
        from PySide6.QtWidgets import QMessageBox

        from desktop.errors import UserError

        try:
            from desktop.services.workspace import Workspace

            workspace = Workspace.open_for_window(db_path)
        except UserError as exc:
            QMessageBox.critical(window, "无法打开数据库", exc.message)
            _give_up(window, on_failure, 2)
            return
        except Exception as exc:  # noqa: BLE001 - say so rather than leave a frozen shell
            import traceback

            traceback.print_exc()
            QMessageBox.critical(window, "无法打开数据库", f"打开数据库时出错：{exc}")
            _give_up(window, on_failure, 1)
            return
        try:
            build_window(workspace, settings, switch_database=switch_database, shell=window)
        except Exception as exc:  # noqa: BLE001 - the clerk must see it, not a frozen shell
            import traceback

            traceback.print_exc()
            workspace.close()
            QMessageBox.critical(window, "程序出错", f"打开数据库后显示方案时出错：{exc}")
            _give_up(window, on_failure, 1)
            return
        _schedule_daily_backup(window)

    _after_first_paint(window, load)
    return window


def _give_up(window: Any, on_failure: Callable[[int], None] | None, code: int) -> None:
    window.close()
    if on_failure is not None:
        on_failure(code)


def _after_first_paint(window: Any, callback: Callable[[], None], fallback_ms: int = 300) -> None:
    """Call ``callback`` once, from the event loop, right after ``window`` first paints.

    A fallback timer calls it anyway if no paint arrives (a window that is not shown, or a
    platform that does not paint), so the database is always opened.
    """
    from PySide6.QtCore import QTimer

    done = False

    def run() -> None:
        nonlocal done
        if not done:
            done = True
            callback()

    window.first_painted.connect(lambda: QTimer.singleShot(0, window, run))
    QTimer.singleShot(fallback_ms, window, run)


def switch_to(window: Any, path: Path) -> Any:
    """Open the database at ``path`` in a new main window and close ``window`` and its database.

    Returns the new window, or None (after telling the clerk why) when the file cannot be
    opened; ``window`` then stays on its database.
    """
    from PySide6.QtWidgets import QMessageBox

    from desktop.errors import UserError
    from desktop.services.workspace import Workspace

    old_workspace = window.workspace
    reopening = old_workspace is not None and Path(old_workspace.path).resolve() == Path(path).resolve()
    if reopening:
        old_workspace.close()  # the same file again (after a restore): free its lock first
    try:
        workspace = Workspace.open_for_window(path)
    except UserError as exc:
        QMessageBox.warning(window, "无法打开数据库", exc.message)
        return None
    new_window = build_window(workspace, window.settings, switch_database=window.switch_database)
    new_window.show()
    window.close()
    if old_workspace is not None and not reopening:
        old_workspace.close()
    _schedule_daily_backup(new_window)
    return new_window


def _schedule_daily_backup(window: Any, delay_ms: int = 1500) -> None:
    """The day's automatic backup, a moment after the window is usable and off the UI thread
    (a large database takes a second to copy): not on the start-up path, never a frozen window."""
    from PySide6.QtCore import QTimer

    from desktop.ui.task_runner import TaskRunner

    def backup() -> None:
        workspace = window.workspace
        if workspace is None:
            return
        runner = TaskRunner(window)
        runner.finished.connect(lambda _made: window.refresh_backup_label())
        runner.failed.connect(lambda message: window.show_message(f"自动备份失败：{message}"))
        runner.ended.connect(runner.deleteLater)
        runner.start(workspace.daily_backup)

    QTimer.singleShot(delay_ms, window, backup)


def _schedule_smoke_quit(app: object, window: Any) -> None:
    """For start-up smoke tests (CI, the packaged build): quit by itself after N ms.

    Set INNOTRACK_SMOKE_QUIT_MS; the window's title is printed once the database is open
    and the window filled (``attached``), so the test knows the real window came up, not
    just the process; the N ms count from then.
    """
    delay = os.environ.get("INNOTRACK_SMOKE_QUIT_MS")
    if not delay:
        return
    from PySide6.QtCore import QTimer

    def attached() -> None:
        print(f"窗口已打开：{window.windowTitle()}", flush=True)
        QTimer.singleShot(int(delay), app.quit)  # type: ignore[attr-defined]

    window.attached.connect(attached)


def _schedule_timing(app: Any, window: Any) -> None:
    """For tests/bench/bench_startup.py: print start-up timings, then quit.

    Set INNOTRACK_TIMING=1 (and INNOTRACK_TIMING_T0 to the parent's ``time.time()`` just
    before it started the process): prints ``first-paint <s>`` from the main window's first
    paint (the shell, before the database is open) and ``usable <s>`` once the database is
    open, the current plan's first page shows its data and the event queue is idle.
    """
    if os.environ.get("INNOTRACK_TIMING") != "1":
        return
    import time

    from PySide6.QtCore import QTimer

    t0 = float(os.environ.get("INNOTRACK_TIMING_T0") or time.time())

    def first_painted() -> None:  # emitted after the window's first paintEvent, as the anchor
        print(f"first-paint {time.time() - t0:.4f}", flush=True)

    def usable() -> None:
        app.processEvents()
        print(f"usable {time.time() - t0:.4f}", flush=True)
        app.quit()

    window.first_painted.connect(first_painted)
    window.attached.connect(lambda: QTimer.singleShot(0, usable))
