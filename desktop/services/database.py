"""Opening the clerk's database: where it lives, migrating it, checking it.

Every screen and command goes through :func:`open_database`, so a database is never used
before its schema is current and its safety pragmas are confirmed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import migrate
from db.backup import backup_file
from db.engine import DatabaseSetupError, create_sqlite_engine, make_session_factory
from desktop.errors import UserError
from desktop.services.data_location import APP_NAME, DB_FILE_NAME, data_dir, default_db_path
from desktop.services.sql_rows import Rows

@dataclass
class Database:
    """An open, migrated database: the engine and a session factory for one file."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session] = field(repr=False)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE); commits on success, rolls back on error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def read_rows(self) -> Iterator[Rows]:
        """One read transaction answering plain SQL (the readers in ``sql_rows``'s sense)."""
        with self.engine.connect() as connection:

            def rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
                return [tuple(r) for r in connection.exec_driver_sql(sql, tuple(params))]

            yield rows

    def close(self) -> None:
        self.engine.dispose()


def open_database(path: Path | str | None = None) -> Database:
    """Open (creating if needed) and migrate the database at ``path``.

    An existing database with an older schema is backed up beside itself before it is
    upgraded, so a failed migration never costs the clerk data. A database already at the
    head revision (the usual case) is opened without importing Alembic at all.
    """
    db_path = Path(path) if path is not None else default_db_path()
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建数据库所在文件夹 {db_path.parent}：{exc.strerror or exc}。请换一个位置。") from exc
    if db_path.exists() and db_path.stat().st_size > 0:
        _refuse_non_database(db_path)
    engine = create_sqlite_engine(db_path)
    try:
        if migrate.needs_upgrade(engine):
            if _has_tables(engine):
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                backup_file(db_path, db_path.with_name(f"{db_path.stem}.before-upgrade-{stamp}.db"))
            migrate.upgrade(engine)
    except DatabaseSetupError as exc:
        engine.dispose()
        raise UserError(str(exc)) from exc
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise UserError(f"无法打开数据库 {db_path}：{exc.orig}。请确认文件未被其他程序占用。") from exc
    except sqlite3.Error as exc:  # from the plain-sqlite3 revision check
        engine.dispose()
        raise UserError(f"无法打开数据库 {db_path}：{exc}。请确认文件未被其他程序占用。") from exc
    return Database(db_path, engine, make_session_factory(engine))


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def _refuse_non_database(path: Path) -> None:
    with open(path, "rb") as f:
        header = f.read(16)
    if header != b"SQLite format 3\x00":
        raise UserError(f"{path} 不是 InnoTrack 数据库文件（也不是 SQLite 文件），未作任何修改。请选择正确的 .db 文件。")


def verify(database: Database) -> list[str]:
    """Problems found by SQLite's integrity and foreign-key checks (empty: all good)."""
    with database.engine.connect() as conn:
        problems = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [
            f"{table} 第 {rowid} 行引用了不存在的 {parent} 记录"
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check")
        ]
    return problems


__all__ = [
    "Database",
    "data_dir",
    "default_db_path",
    "open_database",
    "verify",
]
