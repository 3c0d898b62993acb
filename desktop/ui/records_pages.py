"""The 报送轮次 and 导入记录 pages: who has reported, and every import batch (with undo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
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


STATE_LABELS = {"open": "报送中", "submitted": "已报送", "locked": "已锁定"}


@dataclass(frozen=True)
class RoundActions:
    """What the page can do to rounds (services, handed over by the composition root)."""

    open_round: Callable[[int, str, dt.date], int]  # plan id, period, due → round id
    set_state: Callable[[int, str, str | None], str]  # round id, state, reason → previous state
    export_templates: Callable[[int, Path], Sequence[Path]]  # round id, folder → files


class OpenRoundDialog(QDialog):
    """报送期 and 截止日期 of a new round; the units are every unit responsible in that period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("开启报送轮次"))
        self.period = QLineEdit()
        self.period.setPlaceholderText(self.tr("例如 2024、2024Q2、2024-06、2024年6月"))
        self.due = QDateEdit(QDate.currentDate().addDays(15))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(self.tr("报送期："), self.period)
        form.addRow(self.tr("截止日期："), self.due)
        note = QLabel(self.tr("应报单位：该期有指标或任务的全部责任单位。"))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开启"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def values(self) -> tuple[str, dt.date]:
        return self.period.text().strip(), self.due.date().toPython()  # type: ignore[return-value]


class RoundsPage(QWidget):
    """Collection rounds of the plan, and the units of the selected round: open a round,
    mark it submitted, lock or unlock its period (报送锁定), export its templates again."""

    message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        list_rounds: Callable[[int], Sequence[Any]],
        actions: RoundActions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._list_rounds = list_rounds
        self._actions = actions
        self._plan_id: int | None = None
        self.rounds = RowTableModel[Any]([
            ColumnSpec("编号", lambda r: str(r.id), lambda r: r.id, CENTER),
            ColumnSpec("报送期", lambda r: r.period_label, lambda r: r.period),
            ColumnSpec("截止日期", lambda r: r.due.isoformat(), lambda r: r.due, CENTER),
            ColumnSpec("已报/应报", lambda r: f"{r.completeness.received}/{r.completeness.expected}",
                       lambda r: r.completeness.received, CENTER),
            ColumnSpec("逾期", lambda r: str(r.completeness.late), lambda r: r.completeness.late, CENTER),
            ColumnSpec("状态", lambda r: STATE_LABELS.get(r.state, r.state)),
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
        self.open_button = QPushButton(self.tr("开启新轮次…"))
        self.submit_button = QPushButton(self.tr("标记为已报送"))
        self.lock_button = QPushButton(self.tr("锁定该期"))
        self.unlock_button = QPushButton(self.tr("解锁…"))
        self.templates_button = QPushButton(self.tr("导出本轮模板…"))
        self.lock_button.setToolTip(self.tr("锁定后，该期的数值和进展不能再修改或导入"))
        self.unlock_button.setToolTip(self.tr("解锁需要说明原因，原因记入修改记录"))
        buttons = QHBoxLayout()
        for button, slot in ((self.open_button, self.open_new), (self.submit_button, lambda: self.set_state("submitted")),
                             (self.lock_button, lambda: self.set_state("locked")),
                             (self.unlock_button, lambda: self.set_state("open")),
                             (self.templates_button, self.export_templates)):
            button.clicked.connect(slot)
            button.setEnabled(self._actions is not None)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self._update_buttons()

    def load(self, plan_id: int) -> None:
        self._plan_id = plan_id
        rows = list(self._list_rounds(plan_id))
        self.rounds.set_rows(rows)
        self.units.set_rows([])
        if rows:
            self.summary.setText(self.tr("共 %d 个报送轮次。选中一个轮次查看各单位的报送情况；锁定的期间不能再修改或导入。") % len(rows))
            self.round_view.selectRow(len(rows) - 1)
        self._update_buttons()

    def selected(self) -> Any | None:
        index = self.round_view.currentIndex()
        return self.rounds.row_at(index.row()) if index.isValid() else None

    def _show_units(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.units.set_rows(self.rounds.row_at(current.row()).units)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        able = self._actions is not None
        state = chosen.state if chosen is not None else None
        self.open_button.setEnabled(able and self._plan_id is not None)
        self.submit_button.setEnabled(able and state == "open")
        self.lock_button.setEnabled(able and state in ("open", "submitted"))
        self.unlock_button.setEnabled(able and state == "locked")
        self.templates_button.setEnabled(able and chosen is not None)

    # -- the actions (dialogs are methods, replaced in tests) --------------------------------

    def ask_new_round(self) -> tuple[str, dt.date] | None:
        dialog = OpenRoundDialog(self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_reason(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    def ask_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存模板的文件夹"))
        return Path(folder) if folder else None

    def open_new(self) -> None:
        if self._actions is None or self._plan_id is None:
            return
        answer = self.ask_new_round()
        if answer is None:
            return
        try:
            round_id = self._actions.open_round(self._plan_id, *answer)
        except UserError as exc:
            self.message.emit(exc.message)
            QMessageBox.warning(self, self.tr("无法开启报送轮次"), exc.message)
            return
        self.message.emit(self.tr("已开启报送轮次 %d。") % round_id)
        self.load(self._plan_id)
        self.changed.emit()

    def set_state(self, state: str) -> None:
        chosen = self.selected()
        if self._actions is None or chosen is None or self._plan_id is None:
            return
        reason: str | None = None
        if chosen.state == "locked":
            reason = self.ask_reason(self.tr("解锁报送轮次"), self.tr("解锁 %s 的原因（记入修改记录）：") % chosen.period_label)
            if reason is None:
                return
        try:
            self._actions.set_state(chosen.id, state, reason)
        except UserError as exc:
            self.message.emit(exc.message)
            return
        words = {"submitted": "已标记为已报送", "locked": "已锁定，该期不能再修改或导入", "open": "已解锁"}
        self.message.emit(self.tr("报送轮次 %d（%s）%s。") % (chosen.id, chosen.period_label, words[state]))
        self.load(self._plan_id)
        self.changed.emit()

    def export_templates(self) -> None:
        chosen = self.selected()
        if self._actions is None or chosen is None:
            return
        folder = self.ask_folder()
        if folder is None:
            return
        try:
            files = self._actions.export_templates(chosen.id, folder)
        except UserError as exc:
            self.message.emit(exc.message)
            return
        self.message.emit(self.tr("已导出 %d 个模板到 %s。") % (len(files), folder))


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
