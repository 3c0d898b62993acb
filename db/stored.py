"""How figures are read back from their stored text; shared by the SQLAlchemy column type
(db.types) and the plain-SQL readers (desktop.services.sql_rows), without SQLAlchemy."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any


def stored_decimal(value: Any) -> Decimal | None:
    """The Decimal stored as ``value`` (exact text on SQLite); loud on anything else."""
    if value is None:
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:  # a hand-edited file; fail loudly, never guess
        raise ValueError(f"stored figure is not a number: {value!r}") from exc
