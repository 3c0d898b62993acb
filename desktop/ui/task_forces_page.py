"""The 工作专班 page: the plan's task forces and leading groups with their people.

Left the list of 工作专班 and 领导小组, right the selected one's leaders, members and what
it is linked to. Every edit goes through :class:`PlanEditor` and is one step on the
window's shared undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.plan_editing import TaskForceRow
from desktop.ui import plan_edit
from desktop.ui.plan_edit import ServiceCommand

if TYPE_CHECKING:
    from desktop.services.plan_editing import PlanEditor, Undo

AnyIndex = QModelIndex | QPersistentModelIndex
KIND_LABELS = {"task_force": "工作专班", "leading_group": "领导小组"}
# per kind: (leader, first role, its label, member label)
ROLE_LABELS = {
    "task_force": {"lead": "牵头局领导", "assisting_leader": "协助局领导", "member": "配合人员"},
    "leading_group": {"lead": "组长", "deputy_leader": "副组长", "member": "成员"},
}
FORCE_COLUMNS = ("名称", "类别", "牵头局领导/组长", "人数", "关联任务")
PEOPLE_COLUMNS = ("角色", "姓名及单位")


def role_label(kind: str, role: str) -> str:
    return ROLE_LABELS.get(kind, ROLE_LABELS["task_force"]).get(role, role)


class TaskForceModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TaskForceRow] = []

    def set_forces(self, rows: Sequence[TaskForceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def force_at(self, row: int) -> TaskForceRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, force_id: int) -> int:
        return next((i for i, f in enumerate(self._rows) if f.id == force_id), -1)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(FORCE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(FORCE_COLUMNS):
            return self.tr(FORCE_COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        f = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (f.name, KIND_LABELS.get(f.kind, f.kind), f.lead_leader or "", str(len(f.people)),
                      str(f.tasks) if f.tasks else "")
            return values[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class PeopleModel(QAbstractTableModel):
    """The selected group's people in order: (role, name)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kind = "task_force"
        self._people: list[tuple[str, str]] = []

    def set_people(self, kind: str, people: Sequence[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.kind = kind
        self._people = list(people)
        self.endResetModel()

    def person_at(self, row: int) -> tuple[str, str] | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(PEOPLE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(PEOPLE_COLUMNS):
            return self.tr(PEOPLE_COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        r, name = self._people[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return role_label(self.kind, r) if index.column() == 0 else name
        return None


class MemberDialog(QDialog):
    """A new person of a task force or leading group: role, name, unit (any may be blank but not all)."""

    def __init__(self, parent: QWidget | None, kind: str, unit_names: Sequence[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加成员"))
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.role = QComboBox()
        first = "deputy_leader" if kind == "leading_group" else "assisting_leader"
        self.role.addItem(self.tr(role_label(kind, "member")), "member")
        self.role.addItem(self.tr(role_label(kind, first)), first)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("姓名及职务，如：刘玉栋 科长"))
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItem("")
        self.unit.addItems(list(unit_names))
        self.unit.setCurrentIndex(0)
        line = self.unit.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("所在单位，可留空"))
        form.addRow(self.tr("角色："), self.role)
        form.addRow(self.tr("姓名："), self.name)
        form.addRow(self.tr("单位："), self.unit)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def member_text(self) -> str:
        """How the person is written: 姓名（单位）, or just one of them."""
        name, unit = self.name.text().strip(), self.unit.currentText().strip()
        if name and unit:
            return f"{name}（{unit}）"
        return name or unit

    def accept(self) -> None:
        if not self.member_text():
            self.error.setText(self.tr("请填写姓名或单位。"))
            return
        super().accept()

    def values(self) -> tuple[str, str]:
        return str(self.role.currentData()), self.member_text()


def ask_member(parent: QWidget, kind: str, unit_names: Sequence[str]) -> tuple[str, str] | None:
    """(role, text) of the new person, or None when cancelled (tests replace this)."""
    dialog = MemberDialog(parent, kind, unit_names)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class LeadersDialog(QDialog):
    """牵头局领导 / 组长, 牵头人员, 完成时限 (工作专班) or 办公室 (领导小组)."""

    def __init__(self, parent: QWidget | None, force: TaskForceRow) -> None:
        super().__init__(parent)
        self.kind = force.kind
        self.setWindowTitle(self.tr("编辑负责人 — %s") % force.name)
        self.setMinimumWidth(480)
        form = QFormLayout(self)
        self.lead_leader = QLineEdit(force.lead_leader or "")
        self.lead_person = QLineEdit(force.lead_person or "")
        self.deadline_text = QLineEdit(force.deadline_text or "")
        self.office = QLineEdit(force.office or "")
        if force.kind == "leading_group":
            form.addRow(self.tr("组长："), self.lead_leader)
            form.addRow(self.tr("办公室："), self.office)
        else:
            form.addRow(self.tr("牵头局领导："), self.lead_leader)
            form.addRow(self.tr("牵头人员："), self.lead_person)
            form.addRow(self.tr("完成时限："), self.deadline_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, str | None]:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        if self.kind == "leading_group":
            return {"lead_leader": text(self.lead_leader), "office": text(self.office)}
        return {"lead_leader": text(self.lead_leader), "lead_person": text(self.lead_person),
                "deadline_text": text(self.deadline_text)}


def ask_leaders(parent: QWidget, force: TaskForceRow) -> dict[str, str | None] | None:
    """The changed fields' values, or None when cancelled (tests replace this)."""
    dialog = LeadersDialog(parent, force)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class TaskForcesPage(QWidget):
    message = Signal(str)

    def __init__(
        self,
        list_forces: Callable[[int], list[TaskForceRow]],
        editor: PlanEditor | None = None,
        undo_stack: QUndoStack | None = None,
        unit_names: Callable[[], list[str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._list_forces = list_forces
        self._unit_names = unit_names or (lambda: [])
        self.editor = editor
        self.undo_stack = undo_stack
        self.plan_id: int | None = None

        self.model = TaskForceModel(self)
        self.table = QTableView()
        self.table.setObjectName("taskForceTable")
        self._setup_table(self.table, self.model)
        header = self.table.horizontalHeader()
        for col, width in enumerate((240, 76, 130, 52, 70)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.people_model = PeopleModel(self)
        self.people = QTableView()
        self.people.setObjectName("peopleTable")
        self._setup_table(self.people, self.people_model)
        self.people.horizontalHeader().resizeSection(0, 110)
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people.selectionModel().currentRowChanged.connect(lambda *_: self.update_enabled())

        self.title = QLabel()
        self.title.setObjectName("taskForceTitle")
        self.title.setStyleSheet("font-size:14pt;font-weight:bold")
        self.title.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        def make(text: str, slot: Callable[[], None], owner: QWidget, shortcut: Any = None) -> QAction:
            action = QAction(self.tr(text), self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            owner.addAction(action)
            return action

        self.add_force_action = make("新增工作专班…", lambda: self.add_force("task_force"), self.table)
        self.add_group_action = make("新增领导小组…", lambda: self.add_force("leading_group"), self.table)
        self.rename_action = make("重命名…", self.rename_force, self.table, Qt.Key.Key_F2)
        self.leaders_action = make("编辑负责人…", self.edit_leaders, self.table)
        self.delete_action = make("删除…", self.delete_force, self.table, QKeySequence.StandardKey.Delete)
        self.add_member_action = make("添加成员…", self.add_member, self.people)
        self.remove_member_action = make("移除成员", self.remove_member, self.people, QKeySequence.StandardKey.Delete)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.people.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.toolbar = self._bar([self.add_force_action, self.add_group_action, self.rename_action,
                                  self.leaders_action, self.delete_action])
        self.member_bar = self._bar([self.add_member_action, self.remove_member_action])

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.toolbar)
        left_layout.addWidget(self.table, 1)

        right = QWidget()
        right_layout = QGridLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.title, 0, 0)
        right_layout.addWidget(self.info, 1, 0)
        right_layout.addWidget(self.member_bar, 2, 0)
        right_layout.addWidget(self.people, 3, 0)
        right_layout.setRowStretch(3, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self._show_current()

    @staticmethod
    def _setup_table(table: QTableView, model: QAbstractTableModel) -> None:
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)

    @staticmethod
    def _bar(actions: list[QAction]) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
        row.addStretch(1)
        return bar

    # --- loading -----------------------------------------------------------------------

    def load(self, plan_id: int) -> None:
        self.plan_id = plan_id
        self.reload()

    def reload(self, select_id: int | None = None, member_row: int | None = None) -> None:
        current = self.current_force()
        keep = select_id if select_id is not None else (current.id if current else None)
        self.model.set_forces(self._list_forces(self.plan_id) if self.plan_id is not None else [])
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectRow(row)
        self._show_current()
        if member_row is not None and self.people_model.rowCount():
            member_row = max(0, min(member_row, self.people_model.rowCount() - 1))
            self.people.setCurrentIndex(self.people_model.index(member_row, 0))
            self.people.selectRow(member_row)
        self.update_enabled()

    def current_force(self) -> TaskForceRow | None:
        index = self.table.currentIndex()
        return self.model.force_at(index.row()) if index.isValid() else None

    def current_person_row(self) -> int:
        index = self.people.currentIndex()
        return index.row() if index.isValid() and self.people_model.person_at(index.row()) else -1

    def _show_current(self) -> None:
        f = self.current_force()
        if f is None:
            self.title.setText(self.tr("（本方案还没有工作专班或领导小组）") if self.plan_id is not None else "")
            self.info.setText("")
            self.people_model.set_people("task_force", [])
        else:
            labels = ROLE_LABELS.get(f.kind, ROLE_LABELS["task_force"])
            lines = [f"{labels['lead']}：{f.lead_leader or '—'}"]
            if f.kind == "leading_group":
                lines.append(self.tr("办公室：%s") % (f.office or "—"))
            else:
                lines.append(self.tr("牵头人员：%s") % (f.lead_person or "—"))
                lines.append(self.tr("完成时限：%s") % (f.deadline_text or "—"))
                lines.append(self.tr("关联任务：%d 项") % f.tasks)
            self.title.setText(f"{f.name}（{KIND_LABELS.get(f.kind, f.kind)}）")
            self.info.setText("\n".join(lines))
            self.people_model.set_people(f.kind, f.people)
        self.update_enabled()

    def update_enabled(self) -> None:
        editable = self.editor is not None and self.undo_stack is not None
        self.toolbar.setVisible(editable)
        self.member_bar.setVisible(editable)
        force = self.current_force() if editable else None
        self.add_force_action.setEnabled(editable and self.plan_id is not None)
        self.add_group_action.setEnabled(editable and self.plan_id is not None)
        for action in (self.rename_action, self.leaders_action, self.delete_action, self.add_member_action):
            action.setEnabled(force is not None)
        self.remove_member_action.setEnabled(force is not None and self.current_person_row() >= 0)

    # --- edits -------------------------------------------------------------------------

    def _push(self, label: str, operation: Callable[[], Undo], select: Callable[[Undo | None], int | None],
              member_row: Callable[[Undo | None], int | None] = lambda _u: None) -> None:
        if self.editor is None or self.undo_stack is None:
            return

        def refresh(undo: Undo | None) -> None:
            self.reload(select(undo), member_row(undo))

        self.undo_stack.push(ServiceCommand(self.tr(label), self.editor, operation, refresh, self.message.emit))

    def add_force(self, kind: str) -> None:
        editor, plan_id = self.editor, self.plan_id
        if editor is None or plan_id is None:
            return
        what = KIND_LABELS[kind]
        name = plan_edit.ask_text(self, self.tr("新增%s") % what, self.tr("%s名称：") % what)
        if name is None:
            return
        self._push(f"新增{what}", lambda: editor.add_task_force(plan_id, name, kind=kind),
                   lambda u: u.result_id if u is not None else None)

    def rename_force(self) -> None:
        force, editor = self.current_force(), self.editor
        if force is None or editor is None:
            return
        name = plan_edit.ask_text(self, self.tr("重命名"), self.tr("新的名称："), force.name)
        if name is None or name.strip() == force.name:
            return
        force_id = force.id
        self._push("重命名工作专班", lambda: editor.update_task_force(force_id, name=name), lambda _u: force_id)

    def edit_leaders(self) -> None:
        force, editor = self.current_force(), self.editor
        if force is None or editor is None:
            return
        values = ask_leaders(self, force)
        if values is None:
            return
        changed = {k: v for k, v in values.items() if getattr(force, k) != v}
        if not changed:
            return
        force_id = force.id
        self._push("修改专班负责人", lambda: editor.update_task_force(force_id, **changed), lambda _u: force_id)

    def delete_force(self) -> None:
        force, editor = self.current_force(), self.editor
        if force is None or editor is None:
            return
        counts = editor.delete_counts("task_force", force.id).counts
        parts = []
        if force.people:
            parts.append(self.tr("%d 名成员") % len(force.people))
        if counts.get("linked_tasks"):
            parts.append(self.tr("%d 项任务与它的关联（任务本身保留）") % counts["linked_tasks"])
        text = self.tr("确定删除“%s”吗？") % force.name
        if parts:
            text = self.tr("将同时删除 ") + "、".join(parts) + self.tr("。") + text
        if not plan_edit.confirm(self, self.tr("删除"), text):
            return
        force_id, row = force.id, self.table.currentIndex().row()

        def after(undo: Undo | None) -> int | None:
            if undo is None:
                return force_id
            neighbour = self.model.force_at(row + 1) or self.model.force_at(row - 1)
            return neighbour.id if neighbour else None

        label = "删除领导小组" if force.kind == "leading_group" else "删除工作专班"
        self._push(label, lambda: editor.delete_task_force(force_id), after)

    def _set_people(self, label: str, force: TaskForceRow, people: list[tuple[str, str]],
                    member_row: int | None) -> None:
        editor = self.editor
        assert editor is not None
        leaders = [n for r, n in people if r != "member"]
        members = [n for r, n in people if r == "member"]
        force_id = force.id
        self._push(label, lambda: editor.set_task_force_people(force_id, leaders, members), lambda _u: force_id,
                   lambda u: member_row if u is not None else None)

    def add_member(self) -> None:
        force = self.current_force()
        if force is None or self.editor is None:
            return
        answer = ask_member(self, force.kind, self._unit_names())
        if answer is None:
            return
        role, text = answer
        people = list(force.people)
        if role == "member":
            people.append((role, text))
            row = len(people) - 1
        else:
            row = sum(1 for r, _n in people if r != "member")
            people.insert(row, (role, text))
        self._set_people("添加专班成员", force, people, row)

    def remove_member(self) -> None:
        force, row = self.current_force(), self.current_person_row()
        if force is None or row < 0 or self.editor is None:
            return
        people = list(force.people)
        del people[row]
        self._set_people("移除专班成员", force, people, row)


__all__ = ["LeadersDialog", "MemberDialog", "PeopleModel", "TaskForceModel", "TaskForcesPage", "ask_leaders",
           "ask_member"]
