"""The baseline migration builds exactly the schema of the models; old databases upgrade."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
import pytest
from sqlalchemy import inspect, text

from db import migrate
from db.engine import create_sqlite_engine
from db.models import Base
from desktop.services.database import open_database


def test_migrated_schema_matches_models(tmp_path: Path) -> None:
    engine = create_sqlite_engine(tmp_path / "m.db")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
        tables = set(inspect(conn).get_table_names())
    engine.dispose()
    assert diff == []
    assert set(Base.metadata.tables) <= tables


EXTRA_REVISION = '''
"""a later schema change, for the test"""
import sqlalchemy as sa
from alembic import op

revision = "0099_test_later"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("later_table", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("later_table")
'''


def test_open_upgrades_an_older_database_after_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "旧 数据.db"
    db = open_database(path)
    with db.write() as s:
        s.execute(text("INSERT INTO plan (name, review_months, created_at) VALUES ('旧方案', '[]', '2024-01-01')"))
    db.close()
    previous_head = migrate.head_revision()

    # A newer release ships one more revision: copy the scripts and add it.
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts)
    (scripts / "versions" / "0099_test_later.py").write_text(
        EXTRA_REVISION.format(head=migrate.head_revision()), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0099_test_later")  # a release bumps both

    db = open_database(path)
    try:
        assert migrate.current_revision(db.engine) == "0099_test_later"
        with db.read() as s:
            assert s.execute(text("select name from plan")).scalars().all() == ["旧方案"]
            assert s.execute(text("select count(*) from later_table")).scalar() == 0
    finally:
        db.close()
    backups = list(tmp_path.glob("旧 数据.before-upgrade-*.db"))
    assert len(backups) == 1
    with closing(sqlite3.connect(backups[0])) as conn:
        assert conn.execute("select name from plan").fetchall() == [("旧方案",)]
        assert conn.execute("select version_num from alembic_version").fetchall() == [(previous_head,)]


def test_fresh_database_is_at_head(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        assert not migrate.needs_upgrade(db.engine)
    finally:
        db.close()
    assert not list(tmp_path.glob("*.before-upgrade-*"))


def test_upgrading_a_full_plan_keeps_every_row(tmp_path: Path) -> None:
    """Table rebuilds during a migration must not cascade-delete children (foreign keys)."""
    from desktop.services.presets import load_preset

    path = tmp_path / "full.db"
    db = open_database(path)
    load_preset(db, "liaocheng-2018")
    counts_before = _counts(path)
    # Step back to the first schema: the batch drop_column rebuilds plan, unit, indicator.
    migrate.downgrade(db.engine, "0001_baseline")
    db.close()
    assert _counts(path) == counts_before

    db = open_database(path)  # upgrades again, after a backup
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
    finally:
        db.close()
    assert _counts(path) == counts_before
    assert counts_before["task_goal"] > 60 and counts_before["indicator"] > 10


def _counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return {
            table: conn.execute(f'select count(*) from "{table}"').fetchone()[0]
            for table in ("plan", "indicator", "target", "task", "task_goal", "task_unit", "unit", "unit_alias")
        }
