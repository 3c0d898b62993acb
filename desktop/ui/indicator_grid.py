"""The 数值录入 page: the plan's indicators × periods, typed like a spreadsheet.

Built with a :class:`~desktop.services.value_entry.ValueEntry` and the main window's
QUndoStack (so Ctrl+Z / Ctrl+Y undo and redo edits and pastes); ``load(plan_id)`` shows a
plan. Refusals and problems go out through ``message`` for the status bar. The parts:
:mod:`desktop.ui.grid_model` (the model, sorting), :mod:`desktop.ui.grid_view` (keys,
clipboard), :mod:`desktop.ui.grid_commands` (undoable writes).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.services.history import History
from desktop.services.value_entry import CellKey, GridData, ValueEntry
from desktop.ui.grid_commands import GridEditor
from desktop.ui.grid_model import COL_NAME, COL_TARGET, COL_UNIT, FIXED_LEFT, IndicatorGridModel, paused_gc
from desktop.ui.grid_view import GridView
from desktop.ui.history_dialog import HistoryDialog

KIND_CHOICES = (("year", "年度"), ("half", "半年"), ("quarter", "季度"), ("month", "月度"))

NAME_WIDTH = 290
UNIT_WIDTH = 64
TARGET_WIDTH = 100
PERIOD_WIDTH = 92
MARKED_PERIOD_WIDTH = 116  # 2020年(基期)
COMPLETION_WIDTH = 76
STATUS_WIDTH = 96
MAX_SELECTED = 2_000  # cells selected after an undo/redo (a selection of ranges is slow beyond)


class IndicatorGridPage(QWidget):
    """Signals:
    message(str): a refusal or problem to show in the status bar (Chinese).
    """

    message = Signal(str)

    def __init__(self, entry: ValueEntry, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorGridPage")
        self.entry = entry
        self.undo_stack = undo_stack
        self.model = IndicatorGridModel(self)
        self.model.history = entry.cell_history
        self.editor = GridEditor(entry, undo_stack, self.model, self)
        self.model.submit_edits = self.editor.submit
        self.view = GridView()
        self.view.setModel(self.model)
        self.model.message.connect(self.message)
        self.view.message.connect(self.message)
        self.editor.message.connect(self.message)
        self.editor.replayed.connect(self._on_replayed)
        self.model.modelReset.connect(self._size_columns)
        # 修改记录 of the selected cell: context menu and Ctrl+H
        self.history_dialog: HistoryDialog | None = None
        self.history_action = QAction(self.tr("查看修改记录…"), self)
        self.history_action.setObjectName("cellHistoryAction")
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.history_action.triggered.connect(self.show_history)
        self.addAction(self.history_action)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)

        self.title = QLabel()
        self.title.setObjectName("gridTitle")
        self.title.setStyleSheet("QLabel#gridTitle { font-size: 12pt; font-weight: bold; color: #1f3b5c; }")
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("gridKind")
        for kind, label in KIND_CHOICES:
            self.kind_box.addItem(self.tr(label), kind)
        self.kind_box.setToolTip(self.tr("按年度、半年、季度或月度显示录入列"))
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        legend = QLabel(self.tr("状态：<b style='color:#1b7a33'>●</b> 已达标/正常　<b style='color:#8a5a00'>▲</b> 滞后　"
                                "<b style='color:#b3261e'>■</b> 严重滞后　<b style='color:#6b7280'>○</b> 无数据"))
        legend.setObjectName("gridLegend")
        self.hint = QLabel(self.tr("选中单元格直接输入即可覆盖；Enter 下移，Tab 右移，F2 修改，Delete 清除；"
                                   "可从 Excel/WPS 复制后 Ctrl+V 粘贴，Ctrl+Z 撤销。"))
        self.hint.setObjectName("gridHint")
        self.hint.setStyleSheet("color: #5b6571;")
        self.hint.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel(self.tr("期间：")))
        top.addWidget(self.kind_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    # --- public -------------------------------------------------------------------------------

    @property
    def plan_id(self) -> int | None:
        return self.model.plan_id

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def load(self, plan_id: int, kind: str | None = None) -> bool:
        """Show plan ``plan_id`` (periods of ``kind``: year | half | quarter | month)."""
        if kind is not None:
            row = self.kind_box.findData(kind)
            if row >= 0 and row != self.kind_box.currentIndex():
                self.kind_box.blockSignals(True)
                self.kind_box.setCurrentIndex(row)
                self.kind_box.blockSignals(False)
        try:
            with paused_gc():  # a big plan loads ~10⁶ objects; see paused_gc
                grid = self.entry.grid(plan_id, self.kind)
        except UserError as exc:
            self.message.emit(exc.message)
            return False
        self.show_grid(grid)
        return True

    def reload(self) -> None:
        """Read the plan again (after an import or a change of targets elsewhere)."""
        if self.plan_id is not None:
            current = self.view.currentIndex()
            key = self.model.cell_key(current) if current.isValid() else None
            self.load(self.plan_id)
            if key is not None:
                self.select_cell(key)

    def show_grid(self, grid: GridData) -> None:
        self.title.setText(grid.plan_name)
        self.model.set_grid(grid)
        first = next((r for r in range(self.model.rowCount()) if not self.model.row_at(r).is_group), None)
        if first is not None and self.model.columnCount() > FIXED_LEFT:
            start = self.model.index(first, FIXED_LEFT + self._first_open_period(grid))
            self.view.selectionModel().setCurrentIndex(start, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def select_cell(self, key: CellKey) -> None:
        index = self.model.index_of(key)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.view.scrollTo(index)

    # --- internals -----------------------------------------------------------------------------

    def _first_open_period(self, grid: GridData) -> int:
        """Put the cursor on the current year's column (the one the clerk is filling in)."""
        for i, column in enumerate(grid.columns):
            if column.kind == "year" and column.year >= grid.as_of.year - 1:
                return i
        return 0

    def _on_kind_changed(self, _row: int) -> None:
        if self.plan_id is not None:
            self.load(self.plan_id)

    def _on_replayed(self, plan_id: int, keys: list[CellKey]) -> None:
        """After undo/redo, select the cells it wrote, as a spreadsheet does."""
        if plan_id != self.plan_id or not keys:
            return
        if any(self.model.period_column(k[1]) is None for k in keys):
            self.reload()  # a period this grid has no column for (written in another view)
        indexes = [i for i in (self.model.index_of(k) for k in keys[:MAX_SELECTED]) if i.isValid()]
        if not indexes:
            return
        selection = QItemSelection()
        for index in indexes:
            selection.select(index, index)
        self.view.selectionModel().setCurrentIndex(indexes[0], QItemSelectionModel.SelectionFlag.NoUpdate)
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(indexes[0])

    def _size_columns(self) -> None:
        header = self.view.horizontalHeader()
        count = self.model.columnCount()
        if count == 0:
            return
        widths = {COL_NAME: NAME_WIDTH, COL_UNIT: UNIT_WIDTH, COL_TARGET: TARGET_WIDTH}
        widths[self.model.completion_column()] = COMPLETION_WIDTH
        widths[self.model.status_column()] = STATUS_WIDTH
        for col in range(count):
            period = self.model.period_at(col)
            wide = period is not None and (period.base or period.target)
            header.resizeSection(col, widths.get(col, MARKED_PERIOD_WIDTH if wide else PERIOD_WIDTH))

    def current_index(self) -> QModelIndex:
        return self.view.currentIndex()

    # --- history ----------------------------------------------------------------------------

    def context_menu(self, index: QModelIndex) -> QMenu:
        """The cell's context menu (made current first, as a right click selects in Excel)."""
        if index.isValid() and index != self.view.currentIndex():
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        menu = QMenu(self)
        menu.addAction(self.history_action)
        return menu

    def _on_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(self.view.indexAt(pos))
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def show_history(self) -> None:
        """Open the 修改记录 dialog of the current cell: its period, or the whole indicator."""
        index = self.view.currentIndex()
        if self.plan_id is None or not index.isValid():
            self.message.emit(self.tr("请先选择一个指标的单元格，再查看修改记录。"))
            return
        row = self.model.row_at(index.row())
        if row.is_group or row.indicator_id is None:
            self.message.emit(self.tr("分组行没有修改记录，请选择一个指标的单元格。"))
            return
        plan_id, indicator_id = self.plan_id, row.indicator_id
        column = self.model.period_at(index.column())
        period = column.key if column is not None else None
        label = self.tr("只看%s") % column.label if column is not None else None

        def load(narrow: bool) -> History:
            return self.entry.history(plan_id, indicator_id, period if narrow else None)

        self.history_dialog = HistoryDialog(load, self, narrow_label=label)
        self.history_dialog.open()
