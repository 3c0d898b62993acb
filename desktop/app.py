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

PAGES = (
    ("dashboard", "总览"),
    ("indicators", "指标数据"),
    ("tasks", "重点任务"),
    ("rounds", "报送轮次"),
    ("batches", "导入记录"),
    ("task_forces", "工作专班"),
    ("units", "单位"),
)
"""The navigator's pages, in order (方案结构 follows, added by the window itself)."""


def build_window(
    workspace: Workspace,
    settings: Any,
    switch_database: Callable[[Path], None] | None = None,
    shell: Any = None,
    dashboard_page: Any = None,
) -> Any:
    """The main window with every page, each handed only the services it needs.

    With ``shell`` (a ``MainWindow(None, settings)`` already on screen, see ``open_window``)
    the pages are attached to it instead of a new window being made; ``dashboard_page`` is
    the overview it already shows (from the start-up view), which now reads the workspace.
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
    if dashboard_page is None:
        dashboard_page = DashboardPage(workspace)
    else:
        dashboard_page.source = workspace
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
    widgets = {
        "dashboard": dashboard_page, "indicators": grid_page, "tasks": task_page, "rounds": rounds_page,
        "batches": batches_page, "task_forces": forces_page, "units": units_page,
    }
    pages = [PageSpec(key, title, widgets[key], widgets[key].load) for key, title in PAGES]
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
    """The window. The log file and the crash dialog are set up right after the first paint
    (importing logging's handlers and the dialog is a sixth of a bare window's start-up) and
    before the database is opened; only the Qt shell is built before them, and an error
    there ends the program with its traceback on stderr."""
    from PySide6.QtCore import QSettings

    from desktop.ui.application import create_application

    app = create_application(sys.argv)

    def install_diagnostics() -> None:
        from desktop.logging_setup import setup_logging
        from desktop.ui.crash_dialog import install_crash_dialog

        install_crash_dialog(app, setup_logging())

    windows: list[Any] = []  # the current window last; closed ones are kept until exit
    failures: list[int] = []

    def switch(path: Path) -> None:
        new_window = switch_to(windows[-1], path)
        if new_window is not None:
            windows.append(new_window)

    def fail(code: int) -> None:
        failures.append(code)
        app.exit(code)

    window = open_window(
        db_path, QSettings(ORG_NAME, APP_NAME), switch_database=switch, on_failure=fail,
        first=install_diagnostics,
    )
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
    first: Callable[[], None] | None = None,
) -> Any:
    """The main window at once, as a light shell; the database opens after its first paint
    (``first``, when given, runs just before).

    Start-up time: the shell needs only Qt, so it paints about as soon as a bare window
    would. Then, when the file is a current InnoTrack database with a plan, the plan's
    overview is shown from a read-only view (``QuickView``: plain sqlite3) while SQLAlchemy,
    the models and the services load on a worker thread; the workspace and the other pages
    follow (``overview_shown``, then ``attached``). Otherwise the workspace opens directly
    (creating, migrating or explaining). If the database cannot be opened the clerk is told
    why (a message box), the window closes and ``on_failure(2)`` is called
    (``on_failure(1)`` for an unexpected error).
    """
    from desktop.ui.main_window import MainWindow

    window = MainWindow(None, settings, switch_database=switch_database)

    def fail(title: str, message: str, code: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, title, message)
        _give_up(window, on_failure, code)

    def open_workspace(lock: Any = None, dashboard_page: Any = None) -> None:
        from desktop.errors import UserError

        try:
            from desktop.services.workspace import Workspace

            workspace = Workspace.open_for_window(db_path, lock=lock)
        except UserError as exc:
            fail("无法打开数据库", exc.message, 2)
            return
        except Exception as exc:  # noqa: BLE001 - say so rather than leave a frozen shell
            import traceback

            traceback.print_exc()
            fail("无法打开数据库", f"打开数据库时出错：{exc}", 1)
            return
        try:
            build_window(
                workspace, settings, switch_database=switch_database, shell=window, dashboard_page=dashboard_page
            )
        except Exception as exc:  # noqa: BLE001 - the clerk must see it, not a frozen shell
            import traceback

            traceback.print_exc()
            workspace.close()
            fail("程序出错", f"打开数据库后显示方案时出错：{exc}", 1)
            return
        _schedule_daily_backup(window)

    def load() -> None:
        if window.workspace is not None or window.navigator is not None:
            return
        if first is not None:
            first()
        from desktop.errors import UserError

        try:
            shown = _show_overview_first(window, db_path, open_workspace)
        except UserError as exc:  # another window holds the database
            fail("无法打开数据库", exc.message, 2)
            return
        if not shown:
            open_workspace()

    _after_first_paint(window, load)
    return window


def _show_overview_first(window: Any, db_path: Path | None, open_workspace: Callable[..., None]) -> bool:
    """Show the overview from a ``QuickView`` and open the workspace once the storage stack
    has loaded off the UI thread. False (nothing done) when the view declines the file or
    it holds no plan. Raises ``DatabaseInUse`` when another window has the database."""
    from desktop.services.data_location import default_db_path
    from desktop.services.quick_view import QuickView

    path = Path(db_path) if db_path is not None else default_db_path()
    view = QuickView.open(path)
    if view is None:
        return False
    try:
        plans = view.plans()
    except Exception:  # noqa: BLE001 - let the full open explain a damaged file
        view.close()
        return False
    if not plans:
        view.close()
        return False
    from desktop.services.instance_lock import InstanceLock

    try:
        lock = InstanceLock(path).acquire()
    except BaseException:
        view.close()
        raise
    from PySide6.QtWidgets import QApplication

    from desktop.ui.dashboard_page import DashboardPage
    from desktop.ui.main_window import PageSpec
    from desktop.ui.task_runner import TaskRunner

    dashboard_page = DashboardPage(view)
    pages = [PageSpec("dashboard", PAGES[0][1], dashboard_page, dashboard_page.load)]
    pages += [PageSpec(key, title, _loading_placeholder(), lambda _plan_id: None) for key, title in PAGES[1:]]
    window.preview(plans, pages, path)

    def take_over(_result: object = None) -> None:
        view.close()
        if not window.isVisible():  # closed while loading: nothing to open it for
            lock.release()
            return
        open_workspace(lock=lock, dashboard_page=dashboard_page)

    # Paint the overview before the storage stack competes with it for the interpreter.
    QApplication.processEvents()
    runner = TaskRunner(window)
    runner.finished.connect(take_over)
    runner.failed.connect(take_over)  # the full open reports whatever went wrong
    runner.ended.connect(runner.deleteLater)
    runner.start(_load_storage_stack)
    return True


def _load_storage_stack() -> None:
    """Import what the workspace and its pages need (run on a worker thread: about a third
    of a second of SQLAlchemy and the models, while the overview is already on screen)."""
    import importlib

    for name in STORAGE_MODULES:
        importlib.import_module(name)
    from sqlalchemy.orm import configure_mappers

    configure_mappers()


STORAGE_MODULES = (
    "sqlalchemy.orm",
    "db.models",
    "desktop.services.database",
    "desktop.services.workspace",
    "desktop.services.value_entry",
    "desktop.services.progress_entry",
    "desktop.services.plan_editing",
    "desktop.services.units",
)


def _loading_placeholder() -> Any:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    label = QLabel("正在载入…")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


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
    paint (the shell, before the database is open), ``usable <s>`` once the current plan's
    overview shows its data with the navigator beside it and the event queue is idle, and
    ``ready <s>`` once the workspace is open and every page is in place.
    """
    if os.environ.get("INNOTRACK_TIMING") != "1":
        return
    import time

    from PySide6.QtCore import QTimer

    t0 = float(os.environ.get("INNOTRACK_TIMING_T0") or time.time())
    printed: set[str] = set()

    def report(name: str) -> None:
        if name not in printed:
            printed.add(name)
            print(f"{name} {time.time() - t0:.4f}", flush=True)

    def first_painted() -> None:  # emitted after the window's first paintEvent, as the anchor
        report("first-paint")

    def usable() -> None:
        app.processEvents()
        report("usable")

    def ready() -> None:
        usable()
        app.processEvents()
        report("ready")
        app.quit()

    window.first_painted.connect(first_painted)
    window.overview_shown.connect(lambda: QTimer.singleShot(0, usable))
    window.attached.connect(lambda: QTimer.singleShot(0, ready))
