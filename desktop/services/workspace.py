"""The narrow face the window sees: one open database and the plan use cases over it.

The window holds a ``Workspace`` and never an engine or a session, so the UI layer stays
free of SQL and every action goes through the same services as the command line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.services import outline as outline_service
from desktop.services import plans, presets
from desktop.services.database import Database, open_database


class Workspace:
    def __init__(self, database: Database) -> None:
        self._db = database
        self._lock: Any = None  # the window's InstanceLock, when opened by open_for_window

    @classmethod
    def open(cls, path: Path | str | None = None) -> Workspace:
        return cls(open_database(path))

    @classmethod
    def open_for_window(cls, path: Path | str | None = None, lock: Any = None) -> Workspace:
        """``open`` for the window: one window per database (a lock file beside it, which a
        crashed instance leaves harmlessly behind); refused with ``DatabaseInUse`` otherwise.

        ``lock`` is the database's ``InstanceLock`` when the caller already holds it (the
        start-up overview takes it before the workspace opens); it is released on failure.
        """
        from desktop.services.database import default_db_path
        from desktop.services.instance_lock import InstanceLock

        db_path = Path(path) if path is not None else default_db_path()
        if lock is None:
            lock = InstanceLock(db_path).acquire()
        try:
            workspace = cls(open_database(db_path))
        except BaseException:
            lock.release()
            raise
        workspace._lock = lock
        return workspace

    @property
    def path(self) -> Path:
        return self._db.path

    @property
    def database(self) -> Database:
        """The open database, handed by the composition root to the services of each page."""
        return self._db

    def last_backup_time(self) -> dt.datetime | None:
        from desktop.services.backups import last_backup_time

        return last_backup_time(self._db.path)

    def placement_warning(self) -> str | None:
        """The banner text when the database is on a network share or in a synced folder."""
        from desktop.services.placement import placement_warning

        return placement_warning(self._db.path)

    def close(self) -> None:
        self._db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- backups ---------------------------------------------------------------------------

    def daily_backup(self) -> Path | None:
        """The day's automatic copy, if not made yet (and the rotation of old copies)."""
        from desktop.services.backups import daily_backup

        return daily_backup(self._db.path)

    def backup_to(self, target: Path) -> Path:
        from db.backup import backup_file
        from desktop.errors import UserError

        try:
            return backup_file(self._db.path, Path(target))
        except OSError as exc:
            raise UserError(f"无法备份到 {target}：{exc.strerror or exc}。请换一个位置。") from exc

    def backup_folder(self) -> Path:
        from desktop.services.backups import backup_folder

        return backup_folder(self._db.path)

    @staticmethod
    def restore(db_path: Path, source: Path) -> Path:
        """Replace the (closed) database at ``db_path`` with the backup ``source``; returns the
        copy of the replaced database. Checks ``source`` first; refuses while a window has it."""
        from desktop.services.backups import restore_database

        return restore_database(Path(db_path), Path(source))


    def presets(self) -> list[presets.PresetInfo]:
        return presets.list_presets()

    def load_preset(self, name: str) -> int:
        return presets.load_preset(self._db, name)

    def plans(self) -> list[plans.PlanSummary]:
        return plans.list_plans(self._db)

    def create_empty_plan(self, name: str, target_year: int | None = None) -> int:
        return plans.create_empty_plan(self._db, name, target_year)

    def create_sample_plan(self) -> int:
        from desktop.services.sample_data import create_sample_plan

        return create_sample_plan(self._db)

    def dashboard(self, plan_id: int):  # type: ignore[no-untyped-def]
        from desktop.services import dashboard

        return dashboard.dashboard(self._db, plan_id)

    def trend(self, plan_id: int, indicator_id: int):  # type: ignore[no-untyped-def]
        from desktop.services import dashboard

        return dashboard.trend(self._db, plan_id, indicator_id)

    def export_round_templates(self, round_id: int, folder: Path) -> list[Path]:
        from desktop.services.templates import export_round_templates

        return export_round_templates(self._db, round_id, folder)

    # --- import and export (the dialogs' facade) -------------------------------------

    def preview(self, paths: list[Path], options: dict[str, Any]):  # type: ignore[no-untyped-def]
        from desktop.services.importer import ImportOptions, preview_files

        return preview_files(self._db, paths, ImportOptions(**options))

    def commit(self, paths: list[Path], options: dict[str, Any]):  # type: ignore[no-untyped-def]
        from desktop.services.importer import ImportOptions, import_files

        return import_files(self._db, paths, ImportOptions(**options))

    def sample(self, path: Path, rows: int = 12) -> list[list[str]]:
        """The first rows of a file as text, for the column-mapping step."""
        from desktop.domain.intake.grid import cell_text
        from desktop.workbooks.readers import read_workbook

        grid = read_workbook(Path(path))
        sheet = next((sh for sh in grid.sheets if sh.state == "visible"), None)
        if sheet is None:
            return []
        return [[cell_text(c.value) for c in sheet.row_cells(row)] for row in range(1, min(rows, sheet.max_row) + 1)]

    def rounds(self, plan_id: int):  # type: ignore[no-untyped-def]
        from desktop.services.rounds import list_rounds

        return list_rounds(self._db, plan_id)

    def export(self, report: str, plan_id: int, out: Path, period: str | None, unit: str | None) -> Path:
        from desktop.services.reports import ExportRequest, export_report

        return export_report(self._db, ExportRequest(report, plan_id, Path(out), period, unit))

    def export_template(self, plan_id: int, unit: str, period: str, out: Path) -> Path:
        from desktop.services.templates import export_template

        return export_template(self._db, plan_id, unit, period, Path(out))

    def outline(self, plan_id: int) -> outline_service.OutlineItem:
        return outline_service.plan_outline(self._db, plan_id)
