"""Shortcuts of the free-form detection give the answers of the plain definitions.

``_looks_numeric`` decides plain numbers and typed percentages without ``parse_value``;
``_View.word_cells`` leaves out the cells whose text is a plain number without working that
text out; ``filled_not_preamble`` is ``blank`` and ``preamble`` in one look.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from desktop.domain.intake.freeform import _looks_numeric, _View
from desktop.domain.intake.grid import SheetGrid
from desktop.domain.values import ValueParseError, parse_value

TEXTS = ["95.3%", "-5%", "+3.0%", "0%", "12", "1.5", "1e5", "3.", ".5%", "3%%", "约3%", "3 %", "３％", "%", "", "abc", "1,600"]


@pytest.mark.parametrize("text", TEXTS)
def test_looks_numeric_is_parse_value_accepting(text: str) -> None:
    try:
        parse_value(text)
    except ValueParseError:
        accepted = False
    else:
        accepted = True
    assert _looks_numeric.__wrapped__(text) is accepted


ROWS = [
    [1, "填报单位：市科技局", None, 2.5, "  "],
    [None, "", 3.0, 1e-5, 1e20, -0.0, math.nan, math.inf, True, dt.date(2024, 1, 5), Decimal("7.25")],
    ["指标名称", 0.5, 123456789012345.6, 1e15 + 0.5, "12", "95.3%"],
    [None, None, ""],
    ["单位：万元"],
]


def test_word_cells_leave_out_only_plain_numbers() -> None:
    view = _View(SheetGrid("表", [list(row) for row in ROWS]))
    other = _View(SheetGrid("表", [list(row) for row in ROWS]))
    for row in range(1, len(ROWS) + 1):
        words = view.word_cells(row)
        own = other.own_cells(row)
        assert set(words) <= set(own)
        assert all(_looks_numeric(text) for cell, text in own if (cell, text) not in words)


def test_filled_not_preamble_is_blank_and_preamble_together() -> None:
    view = _View(SheetGrid("表", [list(row) for row in ROWS]))
    other = _View(SheetGrid("表", [list(row) for row in ROWS]))
    for row in range(0, len(ROWS) + 2):
        assert view.filled_not_preamble(row) is (not other.blank(row) and not other.preamble(row))
