"""Column types shared by the models.

Figures are stored as the exact text of a ``Decimal`` on SQLite: a NUMERIC column there has
numeric affinity and turns '2.50' into the binary float 2.5, losing the digits the clerk typed
(and anything past 15 significant digits). On other databases the same type is a plain
NUMERIC, so the models stay portable.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from db.stored import stored_decimal


class ExactDecimal(TypeDecorator[Decimal]):
    """A Decimal that round-trips digit for digit."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(64))
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, float) or isinstance(value, bool):
            raise TypeError("figures must be Decimal, not float or bool")
        dec = value if isinstance(value, Decimal) else Decimal(value)
        if not dec.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        if dialect.name == "sqlite":
            return format(dec, "f")
        return dec

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return stored_decimal(value)
