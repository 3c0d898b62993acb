"""Opening a database whose schema is already current never imports Alembic (start-up time)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from db import migrate
from desktop.services.database import open_database

REPO = Path(__file__).resolve().parents[2]


def test_head_constant_is_alembics_real_head() -> None:
    """A new migration must bump migrate.HEAD_REVISION; this test fails until it does."""
    assert migrate.HEAD_REVISION == migrate.head_revision()


def _open_in_fresh_process(path: Path) -> dict[str, object]:
    code = (
        "import json, sys\n"
        "from desktop.services.database import open_database\n"
        "from db.engine import read_pragmas\n"
        f"db = open_database({str(path)!r})\n"
        "pragmas = read_pragmas(db.engine)\n"
        "db.close()\n"
        "print(json.dumps({'alembic': 'alembic' in sys.modules, 'pragmas': pragmas}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_current_schema_opens_without_alembic(tmp_path: Path) -> None:
    path = tmp_path / "当前 结构.db"
    open_database(path).close()  # created and migrated to head (this process may use Alembic)
    seen = _open_in_fresh_process(path)
    assert seen["alembic"] is False
    # The safety pragmas are still applied and read back on the shortcut path.
    assert seen["pragmas"] == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "trusted_schema": 0,
    }
    assert not list(tmp_path.glob("*.before-upgrade-*"))


def test_old_schema_is_still_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "旧.db"
    db = open_database(path)
    migrate.downgrade(db.engine, "0001_baseline")
    db.close()

    seen = _open_in_fresh_process(path)
    assert seen["alembic"] is True  # an upgrade was needed, so Alembic ran

    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("select version_num from alembic_version").fetchall() == [(migrate.HEAD_REVISION,)]
    backups = list(tmp_path.glob("旧.before-upgrade-*.db"))
    assert len(backups) == 1
    with closing(sqlite3.connect(backups[0])) as conn:
        assert conn.execute("select version_num from alembic_version").fetchall() == [("0001_baseline",)]


@pytest.mark.parametrize("rows", [[], ["0001_baseline", "0003_import_batches"]])
def test_stored_revision_is_none_unless_exactly_one_row(tmp_path: Path, rows: list[str]) -> None:
    from db.engine import create_sqlite_engine

    path = tmp_path / "v.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("create table alembic_version (version_num varchar(32) not null)")
        conn.executemany("insert into alembic_version values (?)", [(r,) for r in rows])
        conn.commit()
    engine = create_sqlite_engine(path)
    try:
        assert migrate.stored_revision(engine) is None
        assert not migrate.is_current(engine)
    finally:
        engine.dispose()


def test_a_database_without_the_version_table_has_no_stored_revision(tmp_path: Path) -> None:
    from db.engine import create_sqlite_engine

    engine = create_sqlite_engine(tmp_path / "leer.db")
    try:
        assert migrate.stored_revision(engine) is None
    finally:
        engine.dispose()
