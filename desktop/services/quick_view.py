"""A read-only look at the database for the first second of the window's life.

Importing SQLAlchemy and the models costs about three bare Qt windows' start-up, so the
window shows the plan's overview from this view first — a bare sqlite3 connection read
with the same plain-SQL readers the services use (``sql_rows``) — while the storage stack
loads on a worker thread; then the real ``Workspace`` takes over (desktop/app.py).

The view never writes (``PRAGMA query_only``) and declines (``open`` returns None) anything
that is not a current InnoTrack database: a missing file, another program's file, an older
schema that needs migrating or a newer one. The full open then creates, migrates or
explains, exactly as without this view.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from db.migrate import HEAD_REVISION
from desktop.errors import UserError
from desktop.services.dashboard import Dashboard, TrendSeries, dashboard, trend
from desktop.services.plan_list import PlanSummary, list_plans
from desktop.services.sql_rows import Rows, sqlite_rows


class QuickView:
    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._connection = connection

    @classmethod
    def open(cls, path: Path) -> QuickView | None:
        """The view of the database at ``path``, or None when the full open must handle it."""
        if not path.is_file():
            return None
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=5, isolation_level=None,
                check_same_thread=False,  # opened on the GUI thread, closed there; never shared
            )
        except sqlite3.Error:
            return None
        try:
            connection.execute("PRAGMA query_only = 1")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            connection.close()
            return None
        if revision != [(HEAD_REVISION,)]:
            connection.close()
            return None
        return cls(path, connection)

    @contextmanager
    def read_rows(self) -> Iterator[Rows]:
        try:
            with sqlite_rows(self._connection) as rows:
                yield rows
        except sqlite3.Error as exc:  # a file damaged since it was opened
            raise UserError(f"读取数据库时出错：{exc}") from exc

    def close(self) -> None:
        self._connection.close()

    # --- what the start-up window shows ---------------------------------------------------

    def plans(self) -> list[PlanSummary]:
        return list_plans(self)

    def dashboard(self, plan_id: int) -> Dashboard:
        return dashboard(self, plan_id)

    def trend(self, plan_id: int, indicator_id: int) -> TrendSeries:
        return trend(self, plan_id, indicator_id)

    def export_round_templates(self, round_id: int, folder: Path) -> list[Path]:
        raise UserError("程序还在载入，请稍候片刻再导出报送模板。")

    def last_backup_time(self) -> dt.datetime | None:
        from desktop.services.backups import last_backup_time

        return last_backup_time(self.path)
