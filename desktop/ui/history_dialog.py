"""The 修改记录 dialog: who changed a cell, an indicator or a task, when, why, from what to what.

Opened from the indicator grid (context menu or Ctrl+H on a cell) and from the 重点任务 page
(button or Ctrl+H on a task). It only reads: the history comes from a loader the page
passes in (a service call), so the dialog knows nothing about the database. ``load(narrow)``
gives the history of the cell's period (narrow) or of the whole indicator; pages without
such a choice pass ``narrow_label=None``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.history import History, HistoryEntry
from desktop.ui.table_model import ColumnSpec, RowTableModel

EMPTY = "（空）"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _value(text: str | None) -> str:
    return EMPTY if text is None or text == "" else text


def history_columns() -> list[ColumnSpec[HistoryEntry]]:
    return [
        ColumnSpec("时间", lambda e: f"{e.local_at:%Y-%m-%d %H:%M:%S}", sort_key=lambda e: (e.at, e.id)),
        ColumnSpec("操作人", lambda e: e.who),
        ColumnSpec("原因", lambda e: e.why),
        ColumnSpec("类别", lambda e: e.kind_label),
        ColumnSpec("内容", lambda e: e.subject, tooltip=lambda e: e.subject),
        ColumnSpec("原值", lambda e: _value(e.old), align=RIGHT, tooltip=lambda e: _value(e.old)),
        ColumnSpec("新值", lambda e: _value(e.new), align=RIGHT, tooltip=lambda e: _value(e.new)),
    ]


class HistoryModel(RowTableModel[HistoryEntry]):
    """The entries of one :class:`History`, newest first (sortable by any column)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(history_columns(), parent)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        value = super().headerData(section, orientation, role)
        return self.tr(value) if isinstance(value, str) else value


class HistoryDialog(QDialog):
    """Read-only list of changes; ``reload()`` asks the loader again (e.g. after an edit)."""

    def __init__(
        self,
        load: Callable[[bool], History],
        parent: QWidget | None = None,
        *,
        narrow_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(self.tr("修改记录"))
        self.resize(980, 460)
        self._load = load
        self.title = QLabel()
        self.title.setObjectName("historyTitle")
        self.title.setStyleSheet("QLabel#historyTitle { font-size: 12pt; font-weight: bold; color: #1f3b5c; }")
        self.title.setWordWrap(True)
        self.narrow = QCheckBox(self.tr(narrow_label) if narrow_label else "")
        self.narrow.setObjectName("historyNarrow")
        self.narrow.setChecked(narrow_label is not None)
        self.narrow.setVisible(narrow_label is not None)
        self.narrow.toggled.connect(lambda _on: self.reload())
        self.note = QLabel()
        self.note.setObjectName("historyNote")
        self.note.setStyleSheet("color: #5f6b78;")
        self.note.setWordWrap(True)

        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        em = self.table.fontMetrics().horizontalAdvance("中")
        for col, width in {0: 11, 1: 6, 2: 8, 3: 5, 5: 7, 6: 7}.items():
            header.resizeSection(col, int(em * width))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.narrow)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        try:
            history = self._load(self.narrow.isChecked())
        except UserError as exc:
            self.title.setText(self.tr("无法读取修改记录"))
            self.note.setText(exc.message)
            self.model.set_rows([])
            return
        self.title.setText(history.title)
        self.model.set_rows(history.entries)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        if history.entries:
            self.note.setText(self.tr("共 %d 条记录。审计记录只能追加，不能修改或删除；时间为本机时间。") % len(history.entries))
        else:
            self.note.setText(self.tr("还没有修改记录。"))
