"""JSON text with Decimals written as numbers with exactly their digits.

The standard encoder would need floats (2.3 → 2.2999999999999998 risks, 2.50 → 2.5);
the contract says numbers keep their exact decimal digits, so we write them ourselves.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def to_json(value: Any, indent: int | None = 2) -> str:
    return "".join(_encode(value, indent, 0))


def _encode(value: Any, indent: int | None, level: int) -> list[str]:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as JSON")
        return [format(value, "f")]
    if isinstance(value, dict):
        if not value:
            return ["{}"]
        items = [
            json.dumps(str(k), ensure_ascii=False) + ": " + "".join(_encode(v, indent, level + 1))
            for k, v in value.items()
        ]
        return [_join(items, "{", "}", indent, level)]
    if isinstance(value, (list, tuple)):
        if not value:
            return ["[]"]
        items = ["".join(_encode(v, indent, level + 1)) for v in value]
        return [_join(items, "[", "]", indent, level)]
    return [json.dumps(value, ensure_ascii=False)]


def _join(items: list[str], open_: str, close: str, indent: int | None, level: int) -> str:
    if indent is None:
        return open_ + ", ".join(items) + close
    pad = "\n" + " " * (indent * (level + 1))
    return open_ + pad + ("," + pad).join(items) + "\n" + " " * (indent * level) + close
