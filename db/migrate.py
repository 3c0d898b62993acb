"""Schema migrations, run by the application when it opens a database.

The migration scripts live inside the package (db/migrations) so they ship in the frozen
build; the script location is computed here at run time, never read from an .ini file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Alembic costs ~0.15 s to import: only loaded when a schema must change
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# The newest revision in db/migrations/versions. Opening a database whose alembic_version
# already says this skips Alembic entirely (start-up time). A new migration must update it;
# tests/db/test_fast_open.py asserts it equals Alembic's real head, so it cannot drift.
HEAD_REVISION = "0004_audit_append_only"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    """The head revision as Alembic computes it from the scripts (imports Alembic)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in ``alembic_version``, read with plain sqlite3 (no Alembic).

    None for a database without the table (new or not ours) or with several rows (branches).
    """
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if raw is None:  # pragma: no cover - a fresh pooled connection always has one
            return None
        found = raw.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        rows = raw.execute("SELECT version_num FROM alembic_version").fetchall() if found else []
    return str(rows[0][0]) if len(rows) == 1 else None


def is_current(engine: Engine) -> bool:
    """True when the schema is at :data:`HEAD_REVISION`; cheap, never imports Alembic."""
    return stored_revision(engine) == HEAD_REVISION


def needs_upgrade(engine: Engine) -> bool:
    """Whether Alembic has work to do; asks Alembic only when the cheap check says not current."""
    if is_current(engine):
        return False
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` in one transaction.

    SQLite rebuilds a table to alter it (batch mode: create new, copy, drop old). With
    foreign keys on, dropping the old ``plan`` table would cascade-delete every indicator
    and task. So enforcement is switched off for the migration — on the raw connection,
    before the transaction, where the pragma takes effect — the references are checked
    with ``foreign_key_check`` before commit, and enforcement is switched on again.
    """
    from alembic import command

    _run(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Step the schema back (tests and emergency use), with the same safeguards."""
    from alembic import command

    _run(engine, lambda cfg: command.downgrade(cfg, revision))


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    cfg = _config()
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if raw is None:  # pragma: no cover - a fresh pooled connection always has one
            raise MigrationError("数据库连接不可用，无法升级。")
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                step(cfg)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationError(f"升级后发现 {len(broken)} 处引用不一致，已撤销升级。")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


class MigrationError(RuntimeError):
    """A migration would leave the database inconsistent; it was rolled back."""


def autogenerate(engine: Engine, message: str) -> None:
    """Developer helper: write a new revision from the models' difference to ``engine``."""
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
