"""Qt table model over the key tasks of a plan: filtering and sorting happen in here.

Rows are plain ``TaskRow`` values precomputed by the service, so filtering and sorting are
Python list operations over them (DESIGN.md: no QSortFilterProxyModel calling ``data()``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.progress_entry import TASK_STATUSES, TaskRow

Index = QModelIndex | QPersistentModelIndex
TaskRowRole = Qt.ItemDataRole.UserRole + 1
"""Data role returning the whole ``TaskRow`` of an index."""
SortKeyRole = Qt.ItemDataRole.UserRole + 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("TaskTableModel", text)


class Column:
    NUMBER, TITLE, UNITS, TASK_FORCE, DEADLINE, STATUS, PROGRESS = range(7)


HEADERS = ("序号", "任务", "责任单位", "工作专班", "完成时限", "状态", "进度")

# Colour and a distinct shape per light, so the status reads without colour vision.
LIGHT_SYMBOLS = {"green": "●", "yellow": "▲", "red": "■", "grey": "○"}
LIGHT_COLOURS = {"green": "#1b7a36", "yellow": "#a86400", "red": "#c0261d", "grey": "#6b7480"}
_STATUS_RANK = {status: rank for rank, status in enumerate(TASK_STATUSES)}


def status_text(row: TaskRow) -> str:
    """Shape, then word: ● 正常, ▲ 未报送, ■ 逾期 (days are in the tooltip)."""
    return f"{LIGHT_SYMBOLS.get(row.light, '○')} {row.status}"


def deadline_text(row: TaskRow) -> str:
    """The document's own words without stray spaces (2022年12月底前), else the date."""
    if row.deadline_text:
        return "".join(row.deadline_text.split())
    if row.deadline:
        return row.deadline.isoformat()
    return _tr("持续推进") if row.ongoing else ""


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def units_text(units: tuple[str, ...]) -> str:
    if not units:
        return ""
    if len(units) == 1:
        return units[0]
    return _tr("%s 等%d家") % (units[0], len(units))


def _number_key(number: str) -> tuple[Any, ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.．、\s]+", number) if p)


@dataclass(frozen=True)
class TaskFilter:
    """What the clerk narrowed the table to; empty fields do not filter."""

    text: str = ""
    unit: str | None = None
    task_force: str | None = None
    group: str | None = None
    status: str | None = None

    def accepts(self, row: TaskRow) -> bool:
        if self.unit is not None and self.unit not in row.units:
            return False
        if self.task_force is not None and row.task_force != self.task_force:
            return False
        if self.group is not None and row.group != self.group:
            return False
        if self.status is not None and row.status != self.status:
            return False
        if self.text:
            haystack = " ".join((row.number, row.title, row.group, row.task_force or "", *row.units))
            return all(word in haystack for word in self.text.split())
        return True


class TaskTableModel(QAbstractTableModel):
    """All tasks of one plan; shows those the filter accepts, in the chosen order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[TaskRow] = []
        self._rows: list[TaskRow] = []
        self._filter = TaskFilter()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # --- content ----------------------------------------------------------------------

    def set_rows(self, rows: list[TaskRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = self._arranged()
        self.endResetModel()

    def set_filter(self, task_filter: TaskFilter) -> None:
        if task_filter == self._filter:
            return
        self.beginResetModel()
        self._filter = task_filter
        self._rows = self._arranged()
        self.endResetModel()

    @property
    def task_filter(self) -> TaskFilter:
        return self._filter

    def update_row(self, row: TaskRow) -> None:
        """Replace the row of ``row.id`` (e.g. after a save). It stays visible even if the
        filter would now hide it, so the clerk sees the change; the next filter applies."""
        for i, old in enumerate(self._all):
            if old.id == row.id:
                self._all[i] = replace(row, order=old.order)
                break
        for i, old in enumerate(self._rows):
            if old.id == row.id:
                self._rows[i] = self._all_by_id(row.id)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))
                break

    def _all_by_id(self, task_id: int) -> TaskRow:
        return next(r for r in self._all if r.id == task_id)

    def all_rows(self) -> list[TaskRow]:
        return list(self._all)

    def task_at(self, row: int) -> TaskRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, task_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.id == task_id:
                return i
        return None

    def total_count(self) -> int:
        return len(self._all)

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(TASK_STATUSES, 0)
        for row in self._all:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts

    def units(self) -> list[str]:
        """Every responsible unit, in order of first appearance (leads first)."""
        seen: dict[str, None] = {}
        for row in self._all:
            if row.units:
                seen.setdefault(row.units[0], None)
        for row in self._all:
            for unit in row.units:
                seen.setdefault(unit, None)
        return list(seen)

    def task_forces(self) -> list[str]:
        return list(dict.fromkeys(r.task_force for r in self._all if r.task_force))

    def groups(self) -> list[str]:
        return list(dict.fromkeys(r.group for r in self._all if r.group))

    # --- filtering and sorting ---------------------------------------------------------

    def _arranged(self) -> list[TaskRow]:
        rows = [r for r in self._all if self._filter.accepts(r)]
        if self._sort_column >= 0:
            key = _SORT_KEYS[self._sort_column]
            # Rows without a value (no deadline, no report) go last in either direction.
            present = [r for r in rows if key(r) is not None]
            absent = [r for r in rows if key(r) is None]
            present.sort(key=lambda r: (key(r), r.order),
                         reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
            rows = present + absent
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not -1 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [r.id for r in self._rows]
        persistent = self.persistentIndexList()
        self._sort_column, self._sort_order = column, order
        self._rows = self._arranged()
        new_pos = {r.id: i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent,
            [self.index(new_pos[old_ids[p.row()]], p.column()) for p in persistent],
        )
        self.layoutChanged.emit()

    # --- Qt interface -------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _tr(HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section == Column.STATUS:
                return _tr("● 正常、持续推进、已完成　▲ 未报送、即将到期　■ 逾期")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, col)
        if role == TaskRowRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == Column.STATUS:
            return QBrush(QColor(LIGHT_COLOURS.get(row.light, LIGHT_COLOURS["grey"])))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (Column.NUMBER, Column.PROGRESS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _tooltip(row, col) or _display(row, col)
        return None


def _display(row: TaskRow, col: int) -> str:
    if col == Column.NUMBER:
        return row.number
    if col == Column.TITLE:
        return row.title
    if col == Column.UNITS:
        return units_text(row.units)
    if col == Column.TASK_FORCE:
        return row.task_force or ""
    if col == Column.DEADLINE:
        return deadline_text(row)
    if col == Column.STATUS:
        return status_text(row)
    if col == Column.PROGRESS:
        return percent_text(row.percent)
    return ""


def _tooltip(row: TaskRow, col: int) -> str | None:
    if col == Column.TITLE:
        return f"{row.number} {row.title}\n{row.group}"
    if col == Column.UNITS and row.units:
        return _tr("牵头：%s") % row.units[0] + (
            ("\n" + _tr("配合：%s") % "、".join(row.units[1:])) if len(row.units) > 1 else ""
        )
    if col == Column.TASK_FORCE and row.task_force:
        return row.task_force
    if col == Column.DEADLINE and row.deadline:
        days = row.days_left
        when = (_tr("已过期%d天") % -days) if days is not None and days < 0 else (_tr("还有%d天") % (days or 0))
        return f"{row.deadline.isoformat()}（{when}）"
    if col == Column.STATUS:
        parts = [row.status]
        if row.days_left is not None and row.status in ("逾期", "即将到期"):
            parts[0] += _tr("（已过期%d天）") % -row.days_left if row.days_left < 0 else _tr("（还剩%d天）") % row.days_left
        if row.missing_units:
            parts.append(_tr("未报送：%s") % "、".join(row.missing_units))
        return "\n".join(parts)
    if col == Column.PROGRESS and row.period:
        return _tr("最近一次填报：%s") % row.period
    return None


_SORT_KEYS = {
    Column.NUMBER: lambda r: (_number_key(r.number), r.order),
    Column.TITLE: lambda r: r.title,
    Column.UNITS: lambda r: r.units[0] if r.units else None,
    Column.TASK_FORCE: lambda r: r.task_force,
    Column.DEADLINE: lambda r: r.deadline or (dt.date.max if r.ongoing else None),
    Column.STATUS: lambda r: (_STATUS_RANK.get(r.status, len(_STATUS_RANK)), r.days_left if r.days_left is not None else 0),
    Column.PROGRESS: lambda r: r.percent,
}
