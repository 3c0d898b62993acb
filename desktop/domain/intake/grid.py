"""A workbook as plain data: what every reader (.xlsx, .xls, .csv) produces.

Readers keep what the understanding needs and nothing else: the cell values as stored, the
number format (so 0.0302 shown as 3.02% can be read as 3.02 for a % indicator), merged
ranges (multi-row headers) and the sheet's visibility (a template's very hidden sheet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from decimal import Decimal

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | None


@dataclass(frozen=True, slots=True)
class GridCell:
    value: CellValue
    number_format: str | None = None  # 'General', '0.00%', … (None when the format has none: csv)


Row = Sequence[object]  # a row of plain values as a reader gives them ('' or None for an empty cell)


def plain(value: object) -> CellValue:
    """A stored value as the understanding reads it: '' is empty, a whole float is an int
    (Excel stores 5 as 5.0; openpyxl reads it as 5)."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value  # type: ignore[union-attr, call-overload, return-value]
    if kind is str and not value:
        return None
    return value  # type: ignore[return-value]


@dataclass(frozen=True, eq=False)
class SheetGrid:
    """One sheet: its values row by row, and the number formats of the cells that have one.

    Values are kept as the reader produced them (a fast reader hands over calamine's own
    lists, whole floats and '' included) and made plain only when a cell is asked for: a
    100,000-row sheet is a million cells, of which the understanding reads a few columns.
    A cell's format is ``formats[(row, col)]`` if present, else ``default_format``.
    """

    name: str
    values: Sequence[Row]  # row 1 first; rows may differ in length; trailing empty rows dropped
    formats: Mapping[tuple[int, int], str | None] = field(default_factory=dict)
    default_format: str | None = None
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first_row, first_col, last_row, last_col), 1-based
    state: str = "visible"  # visible | hidden | veryHidden
    formulas_without_value: tuple[str, ...] = ()  # A1 refs of formulas with no cached value

    @classmethod
    def from_cells(cls, name: str, rows: Sequence[Sequence[GridCell]], **kw: Any) -> SheetGrid:
        """A sheet from rows of cells (readers that see one cell at a time, tests)."""
        counts: dict[str | None, int] = {}
        for row in rows:
            for cell in row:
                counts[cell.number_format] = counts.get(cell.number_format, 0) + 1
        default = max(counts, key=counts.__getitem__) if counts else None
        formats = {
            (r, c): cell.number_format
            for r, row in enumerate(rows, start=1)
            for c, cell in enumerate(row, start=1)
            if cell.number_format != default
        }
        values = [tuple(cell.value for cell in row) for row in rows]
        return cls(name, values, formats, default, **kw)

    def __post_init__(self) -> None:
        values = self.values
        end = len(values)
        while end and not any(v is not None and v != "" for v in values[end - 1]):
            end -= 1
        if end != len(values):
            object.__setattr__(self, "values", values[:end])

    def cell(self, row: int, col: int) -> GridCell:
        """1-based access; outside the grid is an empty cell."""
        values = self.values
        if 1 <= row <= len(values):
            r = values[row - 1]
            if 1 <= col <= len(r):
                return GridCell(plain(r[col - 1]), self.formats.get((row, col), self.default_format))
        return GridCell(None)

    def row_cells(self, row: int) -> tuple[GridCell, ...]:
        """Row ``row`` (1-based) up to its last non-empty cell."""
        if not 1 <= row <= len(self.values):
            return ()
        r = self.values[row - 1]
        end = len(r)
        while end and plain(r[end - 1]) is None:
            end -= 1
        return tuple(self.cell(row, col) for col in range(1, end + 1))

    @property
    def rows(self) -> tuple[tuple[GridCell, ...], ...]:
        """Every row as cells, trailing empty cells dropped (for small sheets: builds every cell)."""
        return tuple(self.row_cells(row) for row in range(1, len(self.values) + 1))

    @property
    def max_row(self) -> int:
        return len(self.values)

    @cached_property
    def max_col(self) -> int:
        widest = 0
        for r in self.values:
            end = len(r)
            if end <= widest:
                continue
            while end > widest and (r[end - 1] is None or r[end - 1] == ""):
                end -= 1
            widest = end
        return widest


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
    return f"{_column_letters(col)}{row}"


@lru_cache(maxsize=1024)
def _column_letters(col: int) -> str:
    """3 → 'C', 28 → 'AB' (every value cell of a large sheet names its cell)."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


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
