"""What every reader shares: the error, the limits and the sentences shown to the clerk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.intake.grid import CellValue, GridCell, SheetGrid
from desktop.errors import UserError

# Excel's own sheet size (support.microsoft.com, "Excel specifications and limits").
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384

# How to get rid of a password, as the brief and the clerk's manual say it.
REMOVE_PASSWORD_ADVICE = "请去掉文件密码后重新导入（在 Excel/WPS 中：文件 → 信息 → 用密码进行加密 → 清空）"
RESAVE_ADVICE = "请用 Excel 或 WPS 打开它，选择“文件 → 另存为 → Excel 工作簿（*.xlsx）”，再导入另存的文件"


class BadFileError(UserError):
    """A returned file that cannot be read: the message names the file (and the sheet or
    cell when known), says what is wrong and what to do, in Chinese.

    ``reason`` is a stable code for callers that react differently (the window asks for a
    password on ``encrypted``): empty, too_large, not_excel, html, xlsb, ods, strict_ooxml,
    corrupt, encrypted, wrong_password, zip_bomb, unsafe_xml, too_many_cells, encoding, unreadable.
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str = "bad_file",
        file_name: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        row: int | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.file_name = file_name
        self.sheet = sheet
        self.cell = cell  # A1 ref, when known
        self.row = row  # 1-based row, when only the row is known


@dataclass(frozen=True)
class ReadLimits:
    max_uncompressed_bytes: int = 200 * 1024 * 1024  # all parts of a zip together, as declared
    max_compression_ratio: int = 200  # per zip member of at least RATIO_FLOOR bytes
    max_cells: int = 5_000_000  # all sheets together (an empty row counts as one)
    max_file_bytes: int = 100 * 1024 * 1024


def mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}"


def fail(
    file_name: str,
    text: str,
    *,
    reason: str,
    sheet: str | None = None,
    cell: str | None = None,
    row: int | None = None,
) -> BadFileError:
    """``text`` continues the sentence after 「文件“…”」 (and 「的工作表“…”（B7 单元格附近）」 when known)."""
    where = f"文件“{file_name}”"
    if sheet is not None:
        where += f"的工作表“{sheet}”"
        if cell is not None:
            where += f"（{cell} 单元格附近）"
        elif row is not None:
            where += f"（第 {row} 行附近）"
    return BadFileError(where + text, reason=reason, file_name=file_name, sheet=sheet, cell=cell, row=row)


def corrupt(
    file_name: str, *, sheet: str | None = None, cell: str | None = None, row: int | None = None, detail: str = ""
) -> BadFileError:
    extra = f"（{detail}）" if detail else ""
    return fail(
        file_name,
        f"已损坏或不完整{extra}，无法读取（可能下载或拷贝没有完成）。"
        f"请让报送单位重新发送；如能在 Excel/WPS 中打开，可另存为 .xlsx 后再导入。",
        reason="corrupt",
        sheet=sheet,
        cell=cell,
        row=row,
    )


def too_many_cells(file_name: str, limits: ReadLimits, sheet: str | None) -> BadFileError:
    return fail(
        file_name,
        f"的单元格超过上限 {limits.max_cells:,} 个，已拒绝导入。"
        f"请确认是否发错了文件，或删去无关的行、列和工作表后另存再导入。",
        reason="too_many_cells",
        sheet=sheet,
    )


class CellBudget:
    """Counts cells (and empty rows) across all sheets of one file against ``max_cells``."""

    def __init__(self, file_name: str, limits: ReadLimits) -> None:
        self.file_name = file_name
        self.limits = limits
        self.used = 0

    def spend(self, n: int, sheet: str | None) -> None:
        self.used += n
        if self.used > self.limits.max_cells:
            raise too_many_cells(self.file_name, self.limits, sheet)


def plain_value(value: object) -> CellValue:
    """openpyxl and xlrd hand back a few types the grid does not carry: make them text."""
    if value is None or isinstance(value, (str, bool, int, float, dt.datetime, dt.date)):
        return value  # type: ignore[return-value]
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.timedelta):
        total = int(round(value.total_seconds()))
        sign = "-" if total < 0 else ""
        h, rest = divmod(abs(total), 3600)
        return f"{sign}{h}:{rest // 60:02d}:{rest % 60:02d}"
    return str(value)


_EMPTY = GridCell(None)


def empty_cell(number_format: str | None, cache: dict[str | None, GridCell]) -> GridCell:
    """Shared GridCell for an empty cell with a given format (a big sheet has many)."""
    cell = cache.get(number_format)
    if cell is None:
        cell = cache[number_format] = GridCell(None, number_format)
    return cell


def trim_row(cells: list[GridCell]) -> tuple[GridCell, ...]:
    """Drop trailing empty cells (styled empty cells reach far to the right in WPS files)."""
    end = len(cells)
    while end and cells[end - 1].value is None:
        end -= 1
    return tuple(cells[:end])


def trim_rows(rows: list[tuple[GridCell, ...]]) -> tuple[tuple[GridCell, ...], ...]:
    end = len(rows)
    while end and not rows[end - 1]:
        end -= 1
    del rows[end:]
    return tuple(rows)


def make_sheet(name: str, rows: list[tuple[GridCell, ...]], **kw: object) -> SheetGrid:
    return SheetGrid.from_cells(name, trim_rows(rows), **kw)
