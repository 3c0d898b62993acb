"""Schema migrations, run by the application when it opens a database.

The migration scripts live inside the package (db/migrations) so they ship in the frozen
build; the script location is computed here at run time, never read from an .ini file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    return current_revision(engine) != head_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` in one transaction.

    SQLite rebuilds a table to alter it (batch mode: create new, copy, drop old). With
    foreign keys on, dropping the old ``plan`` table would cascade-delete every indicator
    and task. So enforcement is switched off for the migration — on the raw connection,
    before the transaction, where the pragma takes effect — the references are checked
    with ``foreign_key_check`` before commit, and enforcement is switched on again.
    """
    _run(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Step the schema back (tests and emergency use), with the same safeguards."""
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
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=message, autogenerate=True)
