"""The 报送轮次 and 导入记录 pages: who has reported, and every import batch (with undo)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.ui.table_model import ColumnSpec, RowTableModel

CENTER = Qt.AlignmentFlag.AlignCenter


def _table(model: RowTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setAlternatingRowColors(True)
    return view


class RoundsPage(QWidget):
    """Collection rounds of the plan, and the units of the selected round."""

    message = Signal(str)

    def __init__(self, list_rounds: Callable[[int], Sequence[Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._list_rounds = list_rounds
        self.rounds = RowTableModel[Any]([
            ColumnSpec("编号", lambda r: str(r.id), lambda r: r.id, CENTER),
            ColumnSpec("报送期", lambda r: r.period_label, lambda r: r.period),
            ColumnSpec("截止日期", lambda r: r.due.isoformat(), lambda r: r.due, CENTER),
            ColumnSpec("已报/应报", lambda r: f"{r.completeness.received}/{r.completeness.expected}",
                       lambda r: r.completeness.received, CENTER),
            ColumnSpec("逾期", lambda r: str(r.completeness.late), lambda r: r.completeness.late, CENTER),
            ColumnSpec("状态", lambda r: {"open": "进行中", "submitted": "已报送", "locked": "已锁定"}.get(r.state, r.state)),
        ])
        self.units = RowTableModel[Any]([
            ColumnSpec("单位", lambda u: u.unit),
            ColumnSpec("报送情况", lambda u: "未报送" if u.returned_at is None else ("按时报送" if u.on_time else "逾期报送")),
            ColumnSpec("报送时间", lambda u: f"{u.returned_at:%Y-%m-%d %H:%M}" if u.returned_at else "—", None, CENTER),
            ColumnSpec("文件", lambda u: u.file_name or "—"),
        ])
        self.round_view = _table(self.rounds)
        self.unit_view = _table(self.units)
        self.round_view.selectionModel().currentRowChanged.connect(self._show_units)
        self.summary = QLabel(self.tr("尚未开启报送轮次。可在命令行用 round open 开启，或从“导入”对话框选择轮次。"))
        self.summary.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.round_view)
        split.addWidget(self.unit_view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def load(self, plan_id: int) -> None:
        rows = list(self._list_rounds(plan_id))
        self.rounds.set_rows(rows)
        self.units.set_rows([])
        if rows:
            self.summary.setText(self.tr("共 %d 个报送轮次。选中一个轮次查看各单位的报送情况。") % len(rows))
            self.round_view.selectRow(len(rows) - 1)

    def _show_units(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.units.set_rows(self.rounds.row_at(current.row()).units)


class BatchesPage(QWidget):
    """Every import batch of the plan; the selected one can be undone."""

    message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        list_batches: Callable[[int], Sequence[Any]],
        undo_batch: Callable[[int], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._list = list_batches
        self._undo = undo_batch
        self._plan_id: int | None = None
        self.model = RowTableModel[Any]([
            ColumnSpec("批次", lambda b: str(b.id), lambda b: b.id, CENTER),
            ColumnSpec("文件", lambda b: b.file_name),
            ColumnSpec("单位", lambda b: b.unit or "—"),
            ColumnSpec("报送期", lambda b: b.period or "—", None, CENTER),
            ColumnSpec("导入时间", lambda b: f"{b.imported_at:%Y-%m-%d %H:%M}", lambda b: b.imported_at, CENTER),
            ColumnSpec("数据项", lambda b: str(b.rows), lambda b: b.rows, CENTER),
            ColumnSpec("状态", lambda b: "已撤销" if b.state == "undone" else "有效", None, CENTER),
        ])
        self.view = _table(self.model)
        self.undo_button = QPushButton(self.tr("撤销所选批次…"))
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def load(self, plan_id: int) -> None:
        self._plan_id = plan_id
        self.model.set_rows(list(self._list(plan_id)))

    def confirm(self, text: str) -> bool:
        """Asks before undoing; replaced in tests."""
        answer = QMessageBox.question(self, self.tr("撤销导入批次"), text)
        return answer == QMessageBox.StandardButton.Yes

    def undo_selected(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid() or self._plan_id is None:
            self.message.emit(self.tr("请先选中一个导入批次。"))
            return
        batch = self.model.row_at(index.row())
        if batch.state == "undone":
            self.message.emit(self.tr("该批次已经撤销过了。"))
            return
        if not self.confirm(self.tr("撤销批次 %d（%s）将恢复它导入前的 %d 项数据。确定撤销吗？")
                            % (batch.id, batch.file_name, batch.rows)):
            return
        try:
            restored = self._undo(batch.id)
        except UserError as exc:
            self.message.emit(exc.message)
            return
        self.message.emit(self.tr("已撤销批次 %d，恢复 %d 项数据。") % (batch.id, restored))
        self.load(self._plan_id)
        self.changed.emit()
