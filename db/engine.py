"""Engine and session setup for the embedded SQLite file.

The wiring follows the measured traps of Python's sqlite3 driver: in its default
transaction mode pragmas set in a connect listener only stick when the driver emits no
BEGIN of its own, so we take over (``isolation_level = None``) and begin every transaction
with ``BEGIN IMMEDIATE`` ourselves — a read-then-write transaction can then never fail to
upgrade its lock. The pragmas are read back and the database refused if any did not take.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000

_PRAGMAS = (
    ("journal_mode", "WAL", "wal"),
    ("synchronous", "FULL", 2),
    ("foreign_keys", "ON", 1),
    ("busy_timeout", str(BUSY_TIMEOUT_MS), BUSY_TIMEOUT_MS),
    ("trusted_schema", "OFF", 0),
)


class DatabaseSetupError(RuntimeError):
    """The database could not be opened with the safety settings we require."""


def _apply_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # the driver never emits BEGIN; the begin hook does
    cur = dbapi_conn.cursor()
    try:
        for name, setting, _expected in _PRAGMAS:
            cur.execute(f"PRAGMA {name}={setting}")
        for name, _setting, expected in _PRAGMAS:
            got = cur.execute(f"PRAGMA {name}").fetchone()[0]
            if isinstance(expected, str):
                got = str(got).lower()
            if got != expected:
                raise DatabaseSetupError(
                    f"数据库安全设置未生效（PRAGMA {name} = {got!r}，应为 {expected!r}），已拒绝打开。"
                )
    finally:
        cur.close()


def _begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_sqlite_engine(path: Path | str) -> Engine:
    """An engine on the file at ``path`` (created if missing) with our pragmas applied."""
    connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    if sys.version_info >= (3, 12):  # pin the mode whose behaviour we measured
        connect_args["autocommit"] = sqlite3.LEGACY_TRANSACTION_CONTROL
    engine = create_engine(f"sqlite:///{Path(path)}", connect_args=connect_args)
    event.listen(engine, "connect", _apply_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def read_pragmas(engine: Engine) -> dict[str, Any]:
    """The pragmas as a fresh pooled connection reports them (for tests and `verify`)."""
    with engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name, _s, _e in _PRAGMAS
        }


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
