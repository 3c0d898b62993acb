"""The audit log is append-only: triggers refuse UPDATE and DELETE, and no code path tries.

The triggers come from migration 0004. SQLite drops a table's triggers with the table, so
a later migration rebuilding ``audit_log`` would silently lose them: the tests run on a
database migrated to head, after a downgrade/upgrade round trip, and through both
SQLAlchemy and the raw sqlite3 driver.
"""

from __future__ import annotations

import ast
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import IntegrityError

from db import migrate
from db.models import AuditLog
from desktop.services.database import Database, open_database
from desktop.services.plans import create_empty_plan

MESSAGE = "审计记录不可修改或删除"
ROOT = Path(__file__).resolve().parents[2]


def _one_audit_row(database: Database) -> int:
    create_empty_plan(database, "审计测试方案")  # writes one audit row
    with database.read() as s:
        return s.scalars(select(AuditLog.id)).one()


def _rows(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("select id, old, new, reason from audit_log order by id").fetchall()


def test_update_and_delete_are_refused_through_sqlalchemy(database: Database, db_path: Path) -> None:
    audit_id = _one_audit_row(database)
    before = _rows(db_path)
    attempts = [
        update(AuditLog).where(AuditLog.id == audit_id).values(new="篡改"),
        delete(AuditLog).where(AuditLog.id == audit_id),
        text("DELETE FROM audit_log"),
    ]
    for statement in attempts:
        with pytest.raises(IntegrityError, match=MESSAGE):
            with database.write() as s:
                s.execute(statement)
    # through the ORM unit of work as well
    with pytest.raises(IntegrityError, match=MESSAGE):
        with database.write() as s:
            s.get(AuditLog, audit_id).reason = "改过"  # type: ignore[union-attr]
    with pytest.raises(IntegrityError, match=MESSAGE):
        with database.write() as s:
            s.delete(s.get(AuditLog, audit_id))
    assert _rows(db_path) == before


def test_update_and_delete_are_refused_through_raw_sqlite(database: Database, db_path: Path) -> None:
    _one_audit_row(database)
    database.close()
    before = _rows(db_path)
    with closing(sqlite3.connect(db_path)) as conn:
        for sql in ("UPDATE audit_log SET new = 'x'", "DELETE FROM audit_log", "UPDATE audit_log SET id = id + 100"):
            with pytest.raises(sqlite3.IntegrityError, match=MESSAGE):
                conn.execute(sql)
            conn.rollback()
        # appending is still allowed
        conn.execute(
            "INSERT INTO audit_log (at, os_user, entity, reason) VALUES ('2026-01-01 00:00:00', '测试', 'plan', '测试')"
        )
        conn.commit()
    after = _rows(db_path)
    assert after[: len(before)] == before and len(after) == len(before) + 1


def test_triggers_survive_the_whole_migration_chain(tmp_path: Path) -> None:
    """Migrating down to the baseline and up to head again (batch table rebuilds) keeps them."""
    path = tmp_path / "chain.db"
    db = open_database(path)
    assert _triggers(path) == {"audit_log_no_update", "audit_log_no_delete"}
    migrate.downgrade(db.engine, "0003_import_batches")
    assert _triggers(path) == set()
    migrate.downgrade(db.engine, "0001_baseline")
    migrate.upgrade(db.engine)
    db.close()
    assert _triggers(path) == {"audit_log_no_update", "audit_log_no_delete"}
    with closing(sqlite3.connect(path)) as conn, pytest.raises(sqlite3.IntegrityError, match=MESSAGE):
        conn.execute(
            "INSERT INTO audit_log (at, os_user, entity, reason) VALUES ('2026-01-01 00:00:00', '测试', 'plan', '测试')"
        )
        conn.execute("DELETE FROM audit_log")


def _triggers(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {
            name
            for (name,) in conn.execute("select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_log'")
        }


# --- no code path updates or deletes audit rows ------------------------------------------------


def _sources() -> list[Path]:
    return [p for p in (ROOT / "desktop").rglob("*.py")] + [
        p for p in (ROOT / "db").rglob("*.py") if "versions" not in p.parts
    ]


def _offenders(source: str, label: str) -> list[str]:
    """UPDATE/DELETE of the audit table in ``source``, in any spelling we can see statically."""
    found: list[str] = []
    lowered = source.lower()
    for needle in ("update audit_log", "delete from audit_log", 'update "audit_log"', 'delete from "audit_log"'):
        if needle in lowered:
            found.append(f"{label}: {needle}")
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in ("update", "delete"):
            continue
        args = [ast.unparse(a) for a in node.args]
        owner = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        # update(AuditLog) / delete(AUDIT) / AuditLog.__table__.delete() / session.delete(audit_row)
        if (
            any("AuditLog" in a or "AUDIT" in a or a.lower().startswith("audit") for a in args)
            or "AuditLog" in owner
            or owner in ("AUDIT", "audit_table")
        ):
            found.append(f"{label}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_code_updates_or_deletes_audit_rows() -> None:
    offenders = [o for path in _sources() for o in _offenders(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert offenders == []


@pytest.mark.parametrize(
    "bad",
    [
        "s.execute(delete(AuditLog).where(AuditLog.id == 1))",
        "s.execute(update(AuditLog).values(new='x'))",
        "conn.execute(AUDIT.delete())",
        "conn.execute(AuditLog.__table__.update().values(new='x'))",
        "s.delete(audit_row)",
        "conn.exec_driver_sql('DELETE FROM audit_log WHERE id = 1')",
        "conn.exec_driver_sql('update audit_log set new = 1')",
    ],
)
def test_the_scan_catches_each_spelling(bad: str) -> None:
    assert _offenders(bad, "bad.py") != []
