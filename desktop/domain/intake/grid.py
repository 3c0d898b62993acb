"""A workbook as plain data: what every reader (.xlsx, .xls, .csv) produces.

Readers keep what the understanding needs and nothing else: the cell values as stored, the
number format (so 0.0302 shown as 3.02% can be read as 3.02 for a % indicator), merged
ranges (multi-row headers) and the sheet's visibility (a template's very hidden sheet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | None


@dataclass(frozen=True, slots=True)
class GridCell:
    value: CellValue
    number_format: str | None = None  # 'General', '0.00%', … (None when the format has none: csv)


@dataclass(frozen=True)
class SheetGrid:
    name: str
    rows: tuple[tuple[GridCell, ...], ...]  # row 1 first; rows may differ in length
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first_row, first_col, last_row, last_col), 1-based
    state: str = "visible"  # visible | hidden | veryHidden
    formulas_without_value: tuple[str, ...] = ()  # A1 refs of formulas with no cached value

    def cell(self, row: int, col: int) -> GridCell:
        """1-based access; outside the grid is an empty cell."""
        if 1 <= row <= len(self.rows):
            r = self.rows[row - 1]
            if 1 <= col <= len(r):
                return r[col - 1]
        return GridCell(None)

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_col(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class WorkbookGrid:
    file_name: str  # as the user named it (for messages)
    format: str  # xlsx | xlsm | xls | csv
    sha256: str  # of the file's bytes
    sheets: tuple[SheetGrid, ...] = field(default_factory=tuple)

    def sheet(self, name: str) -> SheetGrid | None:
        return next((s for s in self.sheets if s.name == name), None)


def a1(row: int, col: int) -> str:
    """1-based (row, col) → 'B7'."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def cell_text(value: CellValue, *, chinese_dates: bool = False) -> str:
    """The text a cell shows, for names, texts and messages.

    Numbers lose a trailing .0 (Excel stores 5 as 5.0) and float noise; dates read as ISO
    or, where a deadline is expected, as 2024年6月30日.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(round(value, 9))
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return str(value)
    if isinstance(value, dt.datetime):
        if not chinese_dates:
            return value.isoformat(sep=" ")
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日" if chinese_dates else value.isoformat()
    return str(value).strip()
