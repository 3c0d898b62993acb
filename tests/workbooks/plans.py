"""Plan dumps of the bundled presets for the workbook tests (one temporary database each).

Kept out of conftest.py so report modules written in parallel can import it without
clashing fixtures: ``from tests.workbooks.plans import preset_plan``.
"""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from desktop.services.database import open_database
from desktop.services.plans import dump_plan
from desktop.services.presets import load_preset
from desktop.workbooks.styles import save_atomic

PRESETS = ("liaocheng-2018", "zibo-2022", "taian-2022", "zibo-14th-review", "zibo-taskforces-2022")

_CACHE: dict[str, dict] = {}


def preset_plan(folder: Path, name: str) -> dict:
    """The ``dump_plan`` dict of preset ``name``, loaded into a fresh database in ``folder``."""
    if name not in _CACHE:
        folder.mkdir(parents=True, exist_ok=True)
        database = open_database(folder / f"{name}.db")
        try:
            _CACHE[name] = dump_plan(database, load_preset(database, name))
        finally:
            close = getattr(database, "close", None)
            if close is not None:
                close()
    return copy.deepcopy(_CACHE[name])


def shown(ws: Worksheet, row: int, col: int) -> object:
    """The value a reader sees at (row, col): the top-left value of a merged block."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(rng.min_row, rng.min_col).value
    return ws.cell(row, col).value


def merged_range_at(ws: Worksheet, row: int, col: int):
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return rng
    return None


def edges(cell) -> str:
    """Border edges of a cell as 'lrtb' letters."""
    b = cell.border
    return "".join(
        k for k, side in (("l", b.left), ("r", b.right), ("t", b.top), ("b", b.bottom)) if side is not None and side.style
    )


def assert_boxed(ws: Worksheet, first_row: int, last_row: int, ncols: int) -> None:
    """Every table cell (merged or not) prints its outer edges."""
    for rng in ws.merged_cells.ranges:
        if rng.max_row < first_row or rng.min_row > last_row or rng.max_col > ncols:
            continue
        for c in range(rng.min_col, rng.max_col + 1):
            assert "t" in edges(ws.cell(rng.min_row, c)), (rng, c, "top")
            assert "b" in edges(ws.cell(rng.max_row, c)), (rng, c, "bottom")
        for r in range(rng.min_row, rng.max_row + 1):
            assert "l" in edges(ws.cell(r, rng.min_col)), (rng, r, "left")
            assert "r" in edges(ws.cell(r, rng.max_col)), (rng, r, "right")
    for r in range(first_row, last_row + 1):
        for c in range(1, ncols + 1):
            if merged_range_at(ws, r, c) is None:
                assert edges(ws.cell(r, c)) == "lrtb", (r, c)


def assert_print_setup(ws: Worksheet, header_rows: str) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_options.horizontalCentered is True
    assert ws.print_title_rows == header_rows
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.page_margins.left > 0.5 and ws.page_margins.top > 0.7


def assert_pages_keep_merges(ws: Worksheet) -> None:
    """No merged block crosses a manual page break (each page shows its group texts)."""
    starts = [b.id + 1 for b in ws.row_breaks.brk]  # Break.id = last row of the page
    for rng in ws.merged_cells.ranges:
        for s in starts:
            assert not (rng.min_row < s <= rng.max_row), (str(rng), s)


def saved(wb: Workbook, path: Path) -> Workbook:
    """Save through the real atomic writer and read the file back."""
    save_atomic(wb, path)
    return openpyxl.load_workbook(path)


def header_row(ws: Worksheet) -> int:
    for r in range(1, 8):
        if ws.cell(r, 1).value == "序号":
            return r
    raise AssertionError("no header row")


def fill_rgb(cell) -> str | None:  # type: ignore[no-untyped-def]
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return cell.fill.fgColor.rgb[-6:].upper()
