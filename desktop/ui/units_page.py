"""The 单位 page: every unit with its aliases, contact and what it does in the plan.

Units are shared by all plans (an alias added here resolves in every plan); the counts are
for the plan shown. Every edit goes through :class:`PlanEditor` and is one step on the
window's shared undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.units import UNIT_KIND_LABELS, UnitRow
from desktop.ui import plan_edit
from desktop.ui.plan_edit import ServiceCommand

if TYPE_CHECKING:
    from desktop.services.plan_editing import PlanEditor, Undo

RowRole = Qt.ItemDataRole.UserRole + 1
AnyIndex = QModelIndex | QPersistentModelIndex

COLUMNS = ("单位名称", "类别", "别名", "联系人", "联系电话", "负责指标", "牵头任务", "参与任务")


class UnitTableModel(QAbstractTableModel):
    """The units, filtered in Python by text and by whether the plan names them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[UnitRow] = []
        self._rows: list[UnitRow] = []
        self._text = ""
        self._only_plan = False

    def set_units(self, units: Sequence[UnitRow]) -> None:
        self.beginResetModel()
        # the plan's own units first, each part in the shared list's order
        self._all = sorted(units, key=lambda u: not u.in_plan)
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, text: str | None = None, only_plan: bool | None = None) -> None:
        if text is not None:
            self._text = text.strip()
        if only_plan is not None:
            self._only_plan = only_plan
        self.beginResetModel()
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[UnitRow]:
        rows = [u for u in self._all if u.in_plan] if self._only_plan else list(self._all)
        if self._text:
            t = self._text
            rows = [u for u in rows if t in u.name or any(t in a for a in u.aliases)
                    or t in (u.contact_person or "") or t in (u.contact_phone or "")]
        return rows

    @property
    def all_units(self) -> list[UnitRow]:
        return list(self._all)

    def unit_at(self, row: int) -> UnitRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, unit_id: int) -> int:
        return next((i for i, u in enumerate(self._rows) if u.id == unit_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        u = self._rows[index.row()]
        col = index.column()
        if role == RowRole:
            return u
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return u.name
            if col == 1:
                return u.kind_label
            if col == 2:
                return "、".join(u.aliases)
            if col == 3:
                return u.contact_person or ""
            if col == 4:
                return u.contact_phone or ""
            count = (u.indicators, u.lead_tasks, u.tasks)[col - 5]
            return str(count) if count else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 5:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class UnitDetailsDialog(QDialog):
    """A unit's name (only when adding), kind and contact."""

    def __init__(self, parent: QWidget | None, unit: UnitRow | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("新增单位") if unit is None else self.tr("编辑单位信息"))
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.name = QLineEdit(unit.name if unit else "")
        self.name.setPlaceholderText(self.tr("例如：市科技局"))
        if unit is not None:
            self.name.setReadOnly(True)
            self.name.setStyleSheet("background:#f3f3f3;color:#555")
            self.name.setToolTip(self.tr("改名请用“重命名…”"))
        self.kind = QComboBox()
        for key, label in UNIT_KIND_LABELS.items():
            self.kind.addItem(self.tr(label), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(unit.kind if unit else "department")))
        self.person = QLineEdit(unit.contact_person or "" if unit else "")
        self.person.setPlaceholderText(self.tr("姓名，可留空"))
        self.phone = QLineEdit(unit.contact_phone or "" if unit else "")
        self.phone.setPlaceholderText(self.tr("电话，可留空"))
        form.addRow(self.tr("单位名称："), self.name)
        form.addRow(self.tr("类别："), self.kind)
        form.addRow(self.tr("联系人："), self.person)
        form.addRow(self.tr("联系电话："), self.phone)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("单位名称不能为空。"))
            return
        super().accept()

    def values(self) -> tuple[str, str, str, str]:
        """(name, kind, contact person, contact phone)."""
        return (self.name.text().strip(), str(self.kind.currentData()), self.person.text().strip(),
                self.phone.text().strip())


def ask_unit_details(parent: QWidget, unit: UnitRow | None) -> tuple[str, str, str, str] | None:
    """The dialog's values when the clerk pressed OK, else None (tests replace this)."""
    dialog = UnitDetailsDialog(parent, unit)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class UnitsPage(QWidget):
    message = Signal(str)

    def __init__(
        self,
        list_units: Callable[[int], list[UnitRow]],
        editor: PlanEditor | None = None,
        undo_stack: QUndoStack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._list_units = list_units
        self.editor = editor
        self.undo_stack = undo_stack
        self.plan_id: int | None = None

        self.model = UnitTableModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("按名称、别名或联系人筛选"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda t: self._refilter(text=t))
        self.only_plan = QCheckBox(self.tr("只显示本方案涉及的单位"))
        self.only_plan.toggled.connect(lambda on: self._refilter(only_plan=on))
        self.summary = QLabel()
        self.summary.setObjectName("unitsSummary")

        self.table = QTableView()
        self.table.setObjectName("unitsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        widths = (200, 92, 300, 90, 130, 72, 72, 72)
        for col, width in enumerate(widths):
            header.resizeSection(col, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.update_enabled())
        self.table.doubleClicked.connect(lambda _i: self.edit_details())

        def make(text: str, slot: Callable[[], None], shortcut: Any = None) -> QAction:
            action = QAction(self.tr(text), self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
            return action

        self.add_action = make("新增单位…", self.add_unit)
        self.rename_action = make("重命名…", self.rename_unit, Qt.Key.Key_F2)
        self.details_action = make("编辑联系人…", self.edit_details)
        self.add_alias_action = make("添加别名…", self.add_alias)
        self.remove_alias_action = make("删除别名…", self.remove_alias)
        self.delete_action = make("删除单位…", self.delete_unit, QKeySequence.StandardKey.Delete)
        self.actions_ = [self.add_action, self.rename_action, self.details_action, self.add_alias_action,
                         self.remove_alias_action, self.delete_action]
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.toolbar = QWidget()
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(0, 0, 0, 0)
        for action in self.actions_:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            bar.addWidget(button)
        bar.addStretch(1)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.only_plan)
        hint = QLabel(self.tr("单位和别名为所有方案共用；计数为当前方案。"))
        hint.setStyleSheet("color:#666")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary)
        bottom.addStretch(1)
        bottom.addWidget(hint)
        layout.addLayout(bottom)
        self.update_enabled()

    # --- loading -----------------------------------------------------------------------

    def load(self, plan_id: int) -> None:
        self.plan_id = plan_id
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        current = self.current_unit()
        keep = select_id if select_id is not None else (current.id if current is not None else None)
        self.model.set_units(self._list_units(self.plan_id) if self.plan_id is not None else [])
        if keep is not None and self.model.row_of(keep) < 0 and any(u.id == keep for u in self.model.all_units):
            # the unit just added or edited is hidden by the filters: show everything again
            for widget in (self.search, self.only_plan):
                widget.blockSignals(True)
            self.search.clear()
            self.only_plan.setChecked(False)
            for widget in (self.search, self.only_plan):
                widget.blockSignals(False)
            self.model.set_filter("", False)
        self._update_summary()
        self.select_unit(keep)
        self.update_enabled()

    def _refilter(self, text: str | None = None, only_plan: bool | None = None) -> None:
        keep = self.current_unit()
        self.model.set_filter(text, only_plan)
        self._update_summary()
        self.select_unit(keep.id if keep else None)
        self.update_enabled()

    def _update_summary(self) -> None:
        units = self.model.all_units
        self.summary.setText(self.tr("共 %d 个单位，本方案涉及 %d 个，显示 %d 个")
                             % (len(units), sum(u.in_plan for u in units), self.model.rowCount()))

    def select_unit(self, unit_id: int | None) -> None:
        row = self.model.row_of(unit_id) if unit_id is not None else -1
        if row < 0:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)

    def current_unit(self) -> UnitRow | None:
        index = self.table.currentIndex()
        return self.model.unit_at(index.row()) if index.isValid() else None

    def update_enabled(self) -> None:
        editable = self.editor is not None and self.undo_stack is not None
        self.toolbar.setVisible(editable)
        unit = self.current_unit() if editable else None
        self.add_action.setEnabled(editable)
        for action in (self.rename_action, self.details_action, self.add_alias_action, self.delete_action):
            action.setEnabled(unit is not None)
        self.remove_alias_action.setEnabled(unit is not None and bool(unit.aliases))

    # --- edits -------------------------------------------------------------------------

    def _push(self, label: str, operation: Callable[[], Undo], select: Callable[[Undo | None], int | None]) -> None:
        if self.editor is None or self.undo_stack is None:
            return

        def refresh(undo: Undo | None) -> None:
            self.reload(select(undo))

        self.undo_stack.push(ServiceCommand(self.tr(label), self.editor, operation, refresh, self.message.emit))

    def add_unit(self) -> None:
        editor = self.editor
        if editor is None:
            return
        values = ask_unit_details(self, None)
        if values is None:
            return
        name, kind, person, phone = values
        self._push("新增单位", lambda: editor.add_unit(name, kind, person, phone),
                   lambda u: u.result_id if u is not None else None)

    def rename_unit(self) -> None:
        unit, editor = self.current_unit(), self.editor
        if unit is None or editor is None:
            return
        name = plan_edit.ask_text(self, self.tr("重命名单位"), self.tr("新的单位名称（旧名称可再添加为别名）："), unit.name)
        if name is None or name.strip() == unit.name:
            return
        unit_id = unit.id
        self._push("重命名单位", lambda: editor.rename_unit(unit_id, name), lambda _u: unit_id)

    def edit_details(self) -> None:
        unit, editor = self.current_unit(), self.editor
        if unit is None or editor is None:
            return
        values = ask_unit_details(self, unit)
        if values is None:
            return
        _name, kind, person, phone = values
        if (kind, person or None, phone or None) == (unit.kind, unit.contact_person, unit.contact_phone):
            return
        unit_id = unit.id
        self._push("修改单位信息",
                   lambda: editor.update_unit(unit_id, kind=kind, contact_person=person, contact_phone=phone),
                   lambda _u: unit_id)

    def add_alias(self) -> None:
        unit, editor = self.current_unit(), self.editor
        if unit is None or editor is None:
            return
        alias = plan_edit.ask_text(self, self.tr("添加别名"),
                                   self.tr("“%s”的别名（文件里出现的其他写法）：") % unit.name)
        if alias is None:
            return
        unit_id = unit.id
        self._push("添加单位别名", lambda: editor.add_alias(unit_id, alias), lambda _u: unit_id)

    def remove_alias(self) -> None:
        unit, editor = self.current_unit(), self.editor
        if unit is None or editor is None or not unit.aliases:
            return
        alias = plan_edit.choose(self, self.tr("删除别名"), self.tr("删除“%s”的别名：") % unit.name, list(unit.aliases))
        if alias is None:
            return
        unit_id = unit.id
        self._push("删除单位别名", lambda: editor.remove_alias(unit_id, alias), lambda _u: unit_id)

    def delete_unit(self) -> None:
        unit, editor = self.current_unit(), self.editor
        if unit is None or editor is None:
            return
        counts = editor.delete_counts("unit", unit.id).message
        text = self.tr("确定删除单位“%s”吗？") % unit.name
        if counts:
            text = counts + self.tr("（所有方案中）。") + text
        if not plan_edit.confirm(self, self.tr("删除单位"), text):
            return
        unit_id, row = unit.id, self.table.currentIndex().row()

        def after(undo: Undo | None) -> int | None:
            if undo is None:  # undone: the unit is back
                return unit_id
            neighbour = self.model.unit_at(row + 1) or self.model.unit_at(row - 1)
            return neighbour.id if neighbour else None

        self._push("删除单位", lambda: editor.delete_unit(unit_id), after)


__all__ = ["UnitDetailsDialog", "UnitTableModel", "UnitsPage", "ask_unit_details"]
