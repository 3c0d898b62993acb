"""The Qt table model of the value-entry grid (指标 | 单位 | 目标 | periods… | 完成率 | 状态).

Rows are the plan's indicators in plan order under their 一级指标 group rows (the view
spans a group row across the table; it is never editable). Only the period cells of
indicator rows are editable; what the clerk types goes through
:func:`desktop.services.value_entry.parse_cell` and, when valid, to ``submit_edits`` (the
page's editor, which writes it as one undoable command); invalid text is refused with
the reason in ``message`` and the cell flashes red.

Sorting happens here, with Python key functions over the rows (a proxy model sorting
100,000 rows through ``data()`` takes seconds). While sorted, the table is **flattened**:
group rows are left out and every indicator is ranked across the plan — ranking the
worst 完成率 of the whole plan is what sorting is for; the group is still in each row's
tooltip. Rows without a value sort last in both directions. Clearing the sort (third
click on a header) brings back plan order with the group rows.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from operator import itemgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from desktop.errors import UserError
from desktop.services.value_entry import (
    CellChange,
    CellInfo,
    CellKey,
    GridData,
    GridRow,
    GridUpdate,
    PeriodColumn,
    RowStatus,
    format_value,
    parse_cell,
)

Index = QModelIndex | QPersistentModelIndex
Edit = tuple[int, str, Decimal | None]
RowRole = Qt.ItemDataRole.UserRole + 1
KeyRole = Qt.ItemDataRole.UserRole + 2  # (indicator_id, period) of an editable cell

COL_NAME, COL_UNIT, COL_TARGET = 0, 1, 2
FIXED_LEFT = 3
FIXED_RIGHT = 2  # 完成率, 状态

SYMBOLS = {"green": "●", "yellow": "▲", "red": "■", "grey": "○"}
"""Status symbols, so the light reads without colour."""
LIGHT_FOREGROUND = {"green": "#1b7a33", "yellow": "#8a5a00", "red": "#b3261e", "grey": "#6b7280"}
LIGHT_BACKGROUND = {"green": "#e6f4ea", "yellow": "#fff3d6", "red": "#fde4e2", "grey": "#f3f4f6"}
STATUS_RANK = {"严重滞后": 0, "滞后": 1, "正常": 2, "已达标": 3}
GROUP_BACKGROUND = QColor("#e8eef6")
GROUP_FOREGROUND = QColor("#1f3b5c")
READ_ONLY_BACKGROUND = QColor("#f7f8fa")
FLASH_BACKGROUND = QColor("#f6b8b3")
FLASH_MS = 1500

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector during one bulk step of the grid.

    Sorting, loading or writing 10⁵ rows allocates hundreds of thousands of small
    objects and no reference cycles; each allocation burst would otherwise trigger full
    collections that walk the whole heap (a big grid is ~10⁶ objects, ~0.1–0.5 s per walk).
    Refcounting still frees everything at once; the collector resumes afterwards.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def local_time(at: dt.datetime | None) -> str:
    """A stored UTC time as the clerk's local wall clock."""
    if at is None:
        return ""
    return at.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


def percent_text(ratio: Decimal | None) -> str:
    if ratio is None:
        return ""
    return f"{(ratio * 100).quantize(Decimal('0.1'))}%"


class IndicatorGridModel(QAbstractTableModel):
    """Indicators × periods of one plan.

    Signals:
        message(str): a refusal or problem for the status bar (Chinese).
    """

    message = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid: GridData | None = None
        self._plan_rows: list[GridRow] = []  # plan order, group rows included
        self._rows: list[GridRow] = []  # display order
        self._display_cache: dict[int, int] | None = None  # indicator id -> display row (lazy)
        self._plan_groups: list[int] = []  # rows of the group headers in plan order
        self._indicator_rows: list[GridRow] = []
        self._periods: list[PeriodColumn] = []
        self._period_col: dict[str, int] = {}
        self._cells: dict[CellKey, CellInfo] = {}
        self._statuses: dict[int, RowStatus] = {}
        self._flash: set[CellKey] = set()
        self._history: dict[CellKey, CellChange | None] = {}
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self._bold = QFont()
        self._bold.setBold(True)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._end_flash)
        self.last_refusal: str | None = None
        self.submit_edits: Callable[[list[Edit], str], bool] | None = None
        """Writes edits as one undoable command (set by the page); returns success."""
        self.history: Callable[[int, str], list[CellChange]] | None = None
        """The cell's change history for tooltips (set by the page)."""

    # --- contents -----------------------------------------------------------------------

    @property
    def grid(self) -> GridData | None:
        return self._grid

    @property
    def plan_id(self) -> int | None:
        return self._grid.plan_id if self._grid is not None else None

    @property
    def sorted(self) -> bool:
        return self._sort[0] >= 0

    def set_grid(self, grid: GridData | None) -> None:
        with paused_gc():
            self._set_grid(grid)

    def _set_grid(self, grid: GridData | None) -> None:
        self.beginResetModel()
        self._grid = grid
        self._plan_rows = list(grid.rows) if grid else []
        self._plan_groups = [i for i, r in enumerate(self._plan_rows) if r.kind == "group"]
        self._indicator_rows = [r for r in self._plan_rows if r.kind != "group"]
        self._periods = list(grid.columns) if grid else []
        self._period_col = {p.key: FIXED_LEFT + i for i, p in enumerate(self._periods)}
        self._cells = dict(grid.cells) if grid else {}
        self._statuses = dict(grid.statuses) if grid else {}
        self._flash.clear()
        self._history.clear()
        if self._sort[0] >= self.columnCount():
            self._sort = (-1, Qt.SortOrder.AscendingOrder)
        self._rows = self._ordered(*self._sort)
        self._reindex()
        self.endResetModel()

    def apply_update(self, update: GridUpdate) -> None:
        """Take fresh cells and statuses after a write; repaint only what changed."""
        touched: dict[int, list[int]] = {}
        for key, info in update.cells.items():
            if info is None:
                self._cells.pop(key, None)
            else:
                self._cells[key] = info
            self._history.pop(key, None)
            row = self._display().get(key[0])
            col = self.period_column(key[1])
            if row is not None and col is not None:
                touched.setdefault(row, []).append(col)
        self._statuses.update(update.statuses)
        for iid in update.statuses:
            row = self._display().get(iid)
            if row is not None:
                touched.setdefault(row, [])
        last = self.columnCount() - 1
        for row, cols in touched.items():
            if cols:
                self.dataChanged.emit(self.index(row, min(cols)), self.index(row, max(cols)))
            self.dataChanged.emit(self.index(row, last - 1), self.index(row, last))

    def row_at(self, row: int) -> GridRow:
        return self._rows[row]

    def period_at(self, column: int) -> PeriodColumn | None:
        i = column - FIXED_LEFT
        return self._periods[i] if 0 <= i < len(self._periods) else None

    def period_column(self, period: str) -> int | None:
        return self._period_col.get(period)

    def completion_column(self) -> int:
        return FIXED_LEFT + len(self._periods)

    def status_column(self) -> int:
        return FIXED_LEFT + len(self._periods) + 1

    def cell_key(self, index: Index) -> CellKey | None:
        """The (indicator, period) an index edits; None for anything not editable."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        period = self.period_at(index.column())
        if row.is_group or period is None or row.indicator_id is None:
            return None
        return (row.indicator_id, period.key)

    def index_of(self, key: CellKey) -> QModelIndex:
        row = self._display().get(key[0])
        col = self.period_column(key[1])
        return self.index(row, col) if row is not None and col is not None else QModelIndex()

    def cell(self, key: CellKey) -> CellInfo | None:
        return self._cells.get(key)

    def status(self, indicator_id: int) -> RowStatus | None:
        return self._statuses.get(indicator_id)

    def group_rows(self) -> list[int]:
        return [] if self.sorted else list(self._plan_groups)

    # --- reading and refusing what the clerk typed -------------------------------------------

    def parse(self, index: Index, text: str) -> Decimal | None:
        """The value ``text`` means in the cell at ``index``; raises UserError naming the cell."""
        row = self._rows[index.row()]
        period = self.period_at(index.column())
        try:
            return parse_cell(text, row.unit)
        except UserError as exc:
            where = f"{row.name}（{period.label if period else ''}）"
            raise UserError(f"{where}：{exc.message}") from exc

    def refuse(self, message: str, keys: Iterable[CellKey]) -> None:
        """Say why input was not stored (``message``) and flash the cells red."""
        self.message.emit(message)
        self.flash(keys)

    def take_refusal(self) -> str | None:
        refusal, self.last_refusal = self.last_refusal, None
        return refusal

    def flash(self, keys: Iterable[CellKey]) -> None:
        keys = list(keys)
        self._flash.update(keys)
        for key in keys:
            index = self.index_of(key)
            if index.isValid():
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.BackgroundRole])
        self._flash_timer.start(FLASH_MS)

    def flashing(self, key: CellKey) -> bool:
        return key in self._flash

    def _end_flash(self) -> None:
        keys, self._flash = self._flash, set()
        for key in keys:
            index = self.index_of(key)
            if index.isValid():
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.BackgroundRole])

    # --- Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self._grid is None:
            return 0
        return FIXED_LEFT + len(self._periods) + FIXED_RIGHT

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.cell_key(index) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._grid is None:
            return None
        period = self.period_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if period is not None:
                label = _header_label(period, self._grid.kind)
                if period.base:
                    return label + self.tr("(基期)")
                if period.target:
                    return label + self.tr("(目标)")
                return label
            return self._fixed_title(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            if period is not None:
                extra = self.tr("（基期）") if period.base else self.tr("（目标年）") if period.target else ""
                return self.tr("%s的实际值%s；直接输入即可录入") % (period.label, extra)
            return self._fixed_tooltip(section)
        return None

    def _fixed_title(self, section: int) -> str:
        if section == COL_NAME:
            return self.tr("指标")
        if section == COL_UNIT:
            return self.tr("单位")
        if section == COL_TARGET:
            return self.tr("目标")
        if section == self.completion_column():
            return self.tr("完成率")
        return self.tr("状态")

    def _fixed_tooltip(self, section: int) -> str:
        if section == COL_TARGET:
            return self.tr("评价所用的目标值（括号内为目标年份）")
        if section == self.completion_column():
            return self.tr("最新数值相对目标的完成比例")
        if section == self.status_column():
            return self.tr("● 已达标/正常　▲ 滞后　■ 严重滞后　○ 无数据")
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._grid is None:
            return None
        row = self._rows[index.row()]
        col = index.column()
        if row.is_group:
            return self._group_data(row, col, role)
        if role == RowRole:
            return row
        period = self.period_at(col)
        if period is not None:
            return self._cell_data(row, period, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._fixed_text(row, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_NAME:
                return LEFT
            return CENTER if col in (COL_UNIT, self.status_column()) else RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._fixed_tooltip_of(row, col)
        status = self._statuses.get(row.indicator_id or -1)
        if col == self.status_column() and status is not None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(LIGHT_FOREGROUND.get(status.light, "#333333"))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QColor(LIGHT_BACKGROUND.get(status.light, "#ffffff"))
        if role == Qt.ItemDataRole.BackgroundRole and col != COL_NAME:
            return READ_ONLY_BACKGROUND
        return None

    def _group_data(self, row: GridRow, col: int, role: int) -> Any:
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole and col == COL_NAME:
            return self.tr("%s（%d 项）") % (row.name, row.group_size)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return GROUP_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            return GROUP_FOREGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT
        return None

    def _fixed_text(self, row: GridRow, col: int) -> str:
        if col == COL_NAME:
            return f"{row.number}. {row.name}" if row.number else row.name
        if col == COL_UNIT:
            return row.unit or ""
        if col == COL_TARGET:
            if not row.target_label:
                return ""
            return f"{row.target_label}（{row.target_year}）" if row.target_year else row.target_label
        status = self._statuses.get(row.indicator_id or -1)
        if status is None:
            return ""
        if col == self.completion_column():
            return percent_text(status.completion)
        return f"{SYMBOLS.get(status.light, '')} {status.status}"

    def _fixed_tooltip_of(self, row: GridRow, col: int) -> str:
        lines = [row.name, self.tr("一级指标：%s") % row.group]
        status = self._statuses.get(row.indicator_id or -1)
        if col in (self.completion_column(), self.status_column()) and status is not None:
            unit = row.unit or ""
            lines.append(self.tr("状态：%s %s") % (SYMBOLS.get(status.light, ""), status.status))
            if status.actual is not None:
                lines.append(self.tr("评价所用数值：%s%s（%s）") % (format_value(status.actual), unit, status.period or ""))
            if status.expected is not None:
                lines.append(self.tr("序时进度：%s%s") % (format_value(status.expected), unit))
            if status.completion is not None:
                lines.append(self.tr("完成率：%s") % percent_text(status.completion))
            if status.note:
                lines.append(status.note)
        elif col == COL_TARGET and row.target_label:
            lines.append(self.tr("%d年目标：%s %s") % (row.target_year or 0, row.target_label, row.unit or ""))
        return "\n".join(lines)

    def _cell_data(self, row: GridRow, period: PeriodColumn, role: int) -> Any:
        assert row.indicator_id is not None
        key = (row.indicator_id, period.key)
        if role == Qt.ItemDataRole.DisplayRole:
            info = self._cells.get(key)
            return format_value(info.value, row.decimals) if info is not None else ""
        if role == Qt.ItemDataRole.EditRole:
            info = self._cells.get(key)
            return format_value(info.value) if info is not None else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self._flash:
                return FLASH_BACKGROUND
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tooltip(row, period, key)
        if role == KeyRole:
            return key
        return None

    def _cell_tooltip(self, row: GridRow, period: PeriodColumn, key: CellKey) -> str:
        assert self._grid is not None
        unit = row.unit or ""
        lines = [f"{row.name} · {period.label}"]
        if row.target_label:
            lines.append(self.tr("目标：%s %s（%d年）") % (row.target_label, unit, row.target_year or 0))
        else:
            lines.append(self.tr("目标：未设定"))
        expected = self._grid.expected_at(key[0], key[1])
        if expected is not None:
            lines.append(self.tr("序时进度：%s %s（%s末应达）") % (format_value(expected), unit, period.label))
        info = self._cells.get(key)
        if info is None:
            lines.append(self.tr("尚无数值"))
            return "\n".join(lines)
        lines.append(self.tr("来源：%s") % self._source_text(info))
        if info.data_year is not None and info.data_year != period.year:
            lines.append(self.tr("数据年份：%d年") % info.data_year)
        if info.note:
            lines.append(self.tr("备注：%s") % info.note)
        last = self._last_change(key)
        if last is not None:
            lines.append(self.tr("最近修改：%s，%s（%s）") % (last.who, local_time(last.at), last.reason))
        elif info.updated_at is not None:
            lines.append(self.tr("最近修改：%s") % local_time(info.updated_at))
        return "\n".join(lines)

    def _source_text(self, info: CellInfo) -> str:
        if info.origin == "import":
            text = self.tr("导入批次 %s") % (info.batch_id if info.batch_id is not None else "?")
        elif info.origin == "preset":
            text = self.tr("预置方案")
        else:
            text = self.tr("手工录入")
        if info.source_unit:
            text += f" / {info.source_unit}"
        return text

    def _last_change(self, key: CellKey) -> CellChange | None:
        if key not in self._history:
            history = self.history(key[0], key[1]) if self.history is not None else []
            self._history[key] = history[0] if history else None
        return self._history[key]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        key = self.cell_key(index)
        if key is None:
            return False
        text = "" if value is None else str(value)
        try:
            new = self.parse(index, text)
        except UserError as exc:
            self.last_refusal = exc.message  # the view keeps the cursor on this cell
            self.refuse(exc.message, [key])
            return False
        info = self._cells.get(key)
        old = info.value if info is not None else None
        if (old is None and new is None) or (old is not None and new is not None and format_value(old) == format_value(new)):
            return True  # nothing changes: no command, no audit line
        if self.submit_edits is None:
            return False
        row = self._rows[index.row()]
        period = self.period_at(index.column())
        label = period.label if period else key[1]
        description = self.tr("录入 %s %s") % (row.name, label) if new is not None else self.tr("清除 %s %s") % (row.name, label)
        return self.submit_edits([(key[0], key[1], new)], description)

    # --- sorting --------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._grid is None:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [(self._rows[i.row()].position, i.column()) for i in persistent]
        self._sort = (column if column < self.columnCount() else -1, order)
        self._rows = self._ordered(*self._sort)
        self._reindex()
        if persistent:
            where = {r.position: i for i, r in enumerate(self._rows)}
            after = [self.index(where[pos], col) if pos in where else QModelIndex() for pos, col in before]
            self.changePersistentIndexList(persistent, after)
        self.layoutChanged.emit()

    def _ordered(self, column: int, order: Qt.SortOrder) -> list[GridRow]:
        if column < 0:
            return list(self._plan_rows)
        with paused_gc():
            return self._ordered_rows(column, order)

    def _ordered_rows(self, column: int, order: Qt.SortOrder) -> list[GridRow]:
        period = self.period_at(column)
        present: list[tuple[Any, GridRow]] = []
        missing: list[GridRow] = []
        if period is not None:
            # The common case, inlined: one dict lookup per row (100,000 rows in ~0.1 s).
            get, p = self._cells.get, period.key
            for row in self._indicator_rows:
                info = get((row.indicator_id, p))  # type: ignore[arg-type]
                if info is None or info.value is None:
                    missing.append(row)
                else:
                    present.append((info.value, row))
        else:
            key = self._sort_key(column)
            for row in self._indicator_rows:
                k = key(row)
                if k is None:
                    missing.append(row)
                else:
                    present.append((k, row))
        present.sort(key=itemgetter(0), reverse=order == Qt.SortOrder.DescendingOrder)
        return [row for _k, row in present] + missing

    def _sort_key(self, column: int) -> Callable[[GridRow], Any]:
        statuses = self._statuses
        if column == COL_NAME:
            return lambda row: row.name
        if column == COL_UNIT:
            return lambda row: row.unit or None
        if column == COL_TARGET:
            return lambda row: row.target
        if column == self.completion_column():

            def completion(row: GridRow) -> Any:
                s = statuses.get(row.indicator_id or -1)
                return s.completion if s is not None else None

            return completion

        def rank(row: GridRow) -> Any:
            s = statuses.get(row.indicator_id or -1)
            return STATUS_RANK.get(s.status) if s is not None else None

        return rank

    def _reindex(self) -> None:
        self._display_cache = None

    def _display(self) -> dict[int, int]:
        # Built on first use after a reset or sort: 100,000 rows cost ~40 ms, not worth paying
        # on every sort when no cell is written before the next one.
        if self._display_cache is None:
            self._display_cache = {r.indicator_id: i for i, r in enumerate(self._rows) if r.indicator_id is not None}
        return self._display_cache


def _header_label(period: PeriodColumn, grid_kind: str) -> str:
    if period.kind == "year":
        # Among quarters or months the annual column says so: 2022年 / 全年.
        return f"{period.year}年" if grid_kind == "year" else f"{period.year}年\n全年"
    return period.label.replace(f"{period.year}年", f"{period.year}年\n", 1)

