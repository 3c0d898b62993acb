"""Plain-SQL reading for the read paths that must also work before SQLAlchemy is loaded.

The window shows a plan's overview from a bare sqlite3 connection while SQLAlchemy (about
a third of a second to import) is still loading (see ``quick_view``); the command line and
the pages read the same way through the open ``Database``. Both hand the readers a
``Rows`` function inside ``read_rows()``, so each read has one query and one mapping.

Stored formats are those the models write on SQLite: figures as the exact text of a
Decimal (db.types.ExactDecimal), dates as 'YYYY-MM-DD', timestamps as
'YYYY-MM-DD HH:MM:SS[.ffffff]', booleans as 0/1.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from db.stored import stored_decimal

Rows = Callable[..., list[tuple[Any, ...]]]
"""``rows(sql, params=())``: every row of one query, as tuples of stored values."""


class RowSource(Protocol):
    """Anything that can open a consistent read: the ``Database`` or the start-up view."""

    def read_rows(self) -> AbstractContextManager[Rows]: ...


@contextmanager
def sqlite_rows(connection: sqlite3.Connection) -> Iterator[Rows]:
    """One read transaction on a bare sqlite3 connection (all queries see one snapshot)."""

    def rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return connection.execute(sql, tuple(params)).fetchall()

    connection.execute("BEGIN")
    try:
        yield rows
    finally:
        connection.execute("ROLLBACK")


def marks(count: int) -> str:
    """``?, ?, ?`` for an IN list of ``count`` parameters."""
    return ", ".join("?" * count)


decimal = stored_decimal


def date(text: Any) -> dt.date | None:
    if text is None or isinstance(text, dt.date):
        return text
    return dt.date.fromisoformat(str(text)[:10])


def timestamp(text: Any) -> dt.datetime | None:
    if text is None or isinstance(text, dt.datetime):
        return text
    return dt.datetime.fromisoformat(str(text))
