"""audit log is append-only: triggers refuse UPDATE and DELETE

Revision ID: 0004_audit_append_only
Revises: 0003_import_batches
Create Date: 2026-11-29 17:20:00

SQLite drops a table's triggers with the table. A later migration that rebuilds
``audit_log`` (``batch_alter_table`` copies it into a new table and drops the old one)
must therefore create these triggers again; tests/db/test_audit_append_only.py checks that
they exist on a database migrated to head.
"""
from __future__ import annotations

from typing import Sequence, Union

from alembic import op


revision: str = '0004_audit_append_only'
down_revision: Union[str, None] = '0003_import_batches'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

MESSAGE = "审计记录不可修改或删除"
TRIGGERS = {
    "audit_log_no_update": "UPDATE",
    "audit_log_no_delete": "DELETE",
}


def upgrade() -> None:
    for name, event in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
