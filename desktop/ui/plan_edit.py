"""Editing the plan's structure from the 方案结构 page: rename, add, delete and move
indicators and tasks, each one step on the window's shared undo stack."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLineEdit, QMenu, QMessageBox, QToolButton, QWidget

from desktop.errors import UserError
from desktop.services.outline import OutlineItem
from desktop.ui.outline_model import ItemRole

if TYPE_CHECKING:
    from desktop.services.plan_editing import PlanEditor, Undo
    from desktop.ui.plan_page import PlanPage

Key = tuple[str, int]  # (kind, id) of a tree node; groups are ("indicator_group" | "task_group", id)


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """The text the clerk typed, or None when cancelled (tests replace this)."""
    value, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return value if ok else None


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Whether the clerk said yes (tests replace this)."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class EditCommand(QUndoCommand):
    """One plan edit: the first redo runs the operation, later redos and undos replay its Undo."""

    def __init__(self, page: PlanPage, label: str, operation: Callable[[], Undo],
                 select_after: Callable[[Undo], Key | None], select_before: Key | None) -> None:
        super().__init__(label)
        self.page = page
        self.operation = operation
        self.select_after = select_after
        self.select_before = select_before
        self.undo_record: Undo | None = None
        self.after_key: Key | None = None

    def redo(self) -> None:
        editor = self.page.editor
        assert editor is not None
        try:
            if self.undo_record is None:
                self.undo_record = self.operation()
                self.after_key = self.select_after(self.undo_record)
            else:
                self.undo_record = editor.undo(self.undo_record)
        except UserError as exc:
            self.setObsolete(True)
            self.page.message.emit(exc.message)
            return
        self.page.reload_keeping(self.after_key)

    def undo(self) -> None:
        editor = self.page.editor
        if editor is None or self.undo_record is None:
            return
        try:
            self.undo_record = editor.undo(self.undo_record)
        except UserError as exc:
            self.page.message.emit(exc.message)
            return
        self.page.reload_keeping(self.select_before)


class ServiceCommand(QUndoCommand):
    """One edit of a page other than the tree (单位, 工作专班): the first redo runs ``operation``,
    later redos and undos replay its Undo through ``editor``; ``refresh`` shows the result and
    ``report`` tells the clerk why an edit or an undo was refused."""

    def __init__(self, label: str, editor: PlanEditor, operation: Callable[[], Undo],
                 refresh: Callable[[Undo | None], None], report: Callable[[str], None]) -> None:
        super().__init__(label)
        self.editor = editor
        self.operation = operation
        self.refresh = refresh
        self.report = report
        self.undo_record: Undo | None = None
        self.first: Undo | None = None  # what the operation itself returned (its result_id)

    def redo(self) -> None:
        try:
            if self.undo_record is None:
                self.undo_record = self.first = self.operation()
            else:
                self.undo_record = self.editor.undo(self.undo_record)
        except UserError as exc:
            self.setObsolete(True)
            self.report(exc.message)
            return
        self.refresh(self.first)

    def undo(self) -> None:
        if self.undo_record is None:
            return
        try:
            self.undo_record = self.editor.undo(self.undo_record)
        except UserError as exc:
            self.report(exc.message)
            return
        self.refresh(None)


def choose(parent: QWidget, title: str, label: str, items: list[str], current: int = 0) -> str | None:
    """One of ``items`` picked by the clerk, or None when cancelled (tests replace this)."""
    value, ok = QInputDialog.getItem(parent, title, label, items, current, False)
    return value if ok else None


def node_key(item: OutlineItem | None, parent: OutlineItem | None) -> Key | None:
    if item is None or item.id is None:
        return None
    if item.kind == "group":
        return (group_kind(parent) + "_group", item.id)
    return (item.kind, item.id)


def group_kind(section: OutlineItem | None) -> str:
    """'indicator' or 'task': which section a group is in."""
    return "indicator" if section is not None and section.title.startswith("指标") else "task"


class PlanEditActions(QObject):
    """The actions, their toolbar row and the tree's context menu."""

    def __init__(self, page: PlanPage) -> None:
        super().__init__(page)
        self.page = page
        tree = page.tree

        def make(text: str, slot: Callable[[], None], shortcut: Any = None) -> QAction:
            action = QAction(self.tr(text), page)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            tree.addAction(action)
            return action

        self.rename = make("重命名…", self.rename_selected, Qt.Key.Key_F2)
        self.edit_targets = make("编辑目标…", self.edit_targets_selected)
        self.add_group = make("新增分组…", self.add_group_in_section)
        self.add_indicator = make("新增指标…", self.add_indicator_in_group)
        self.add_task = make("新增任务…", self.add_task_in_group)
        self.delete = make("删除…", self.delete_selected, QKeySequence.StandardKey.Delete)
        self.move_up = make("上移", lambda: self.move_selected(-1), QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Up))
        self.move_down = make("下移", lambda: self.move_selected(1), QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Down))
        self.actions = [self.rename, self.edit_targets, self.add_group, self.add_indicator, self.add_task,
                        self.delete, self.move_up, self.move_down]

        self.toolbar = QWidget()
        row = QHBoxLayout(self.toolbar)
        row.setContentsMargins(0, 0, 0, 0)
        for action in self.actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            row.addWidget(button)
        row.addStretch(1)

        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._context_menu)
        self.update_enabled()

    # --- state ---------------------------------------------------------------------

    def _selected(self) -> tuple[OutlineItem | None, OutlineItem | None, QModelIndex]:
        index = self.page.tree.currentIndex()
        if not index.isValid():
            return None, None, index
        parent = index.parent()
        return index.data(ItemRole), (parent.data(ItemRole) if parent.isValid() else None), index

    @staticmethod
    def _section_kind(item: OutlineItem | None) -> str | None:
        """'indicator' or 'task' when ``item`` is the 指标 or 重点任务 section, else None."""
        if item is None or item.kind != "section":
            return None
        if item.title.startswith("指标"):
            return "indicator"
        if item.title.startswith("重点任务"):
            return "task"
        return None

    def _insert_point(self, wanted: str) -> tuple[int, int | None, Key | None] | None:
        """(group id, position, key to select on undo) for a new ``wanted`` ('indicator' | 'task')."""
        item, parent, index = self._selected()
        if item is None or item.id is None:
            return None
        if item.kind == "group" and group_kind(parent) == wanted:
            return item.id, None, node_key(item, parent)
        if item.kind == wanted and parent is not None and parent.id is not None:
            return parent.id, index.row() + 1, node_key(item, parent)
        return None

    def update_enabled(self) -> None:
        editable = self.page.editor is not None and self.page.undo_stack is not None
        self.toolbar.setVisible(editable)
        item, parent, index = self._selected()
        kind = item.kind if item is not None and item.id is not None else None
        gkind = group_kind(parent) if kind == "group" else None
        siblings = self.page.model.rowCount(index.parent()) if index.isValid() else 0
        self.rename.setEnabled(editable and kind in ("group", "indicator", "task"))
        self.edit_targets.setEnabled(editable and kind == "indicator")
        self.add_group.setEnabled(editable and self._section_kind(item) is not None)
        # a new indicator or task goes into the selected group, or after the selected one
        self.add_indicator.setEnabled(editable and (gkind == "indicator" or kind == "indicator"))
        self.add_task.setEnabled(editable and (gkind == "task" or kind == "task"))
        self.delete.setEnabled(editable and kind in ("indicator", "task", "group"))
        self.move_up.setEnabled(editable and kind in ("indicator", "task") and index.row() > 0)
        self.move_down.setEnabled(editable and kind in ("indicator", "task") and index.row() < siblings - 1)

    def _context_menu(self, pos: Any) -> None:
        if self.page.editor is None:
            return
        index = self.page.tree.indexAt(pos)
        if index.isValid():
            self.page.tree.setCurrentIndex(index)
        self.update_enabled()
        menu = QMenu(self.page.tree)
        for action in self.actions:
            if action.isEnabled():
                menu.addAction(action)
        if not menu.isEmpty():
            menu.exec(self.page.tree.viewport().mapToGlobal(pos))

    def _push(self, label: str, operation: Callable[[], Undo],
              select_after: Callable[[Undo], Key | None], select_before: Key | None) -> None:
        stack: QUndoStack | None = self.page.undo_stack
        if stack is None or self.page.editor is None:
            return
        stack.push(EditCommand(self.page, label, operation, select_after, select_before))

    # --- the actions ---------------------------------------------------------------

    def rename_selected(self) -> None:
        self.update_enabled()
        item, parent, _ = self._selected()
        editor = self.page.editor
        if not self.rename.isEnabled() or item is None or item.id is None or editor is None:
            return
        key = node_key(item, parent)
        details = dict(item.details)
        id_ = item.id
        if item.kind == "indicator":
            number = details.get("序号", "—")
            current = item.title[len(f"{number}. "):] if number != "—" and item.title.startswith(f"{number}. ") else item.title
            name = ask_text(self.page, self.tr("重命名指标"), self.tr("指标名称："), current)
            if name is None:
                return
            self._push(self.tr("重命名指标"), lambda: editor.update_indicator(id_, name=name), lambda _u: key, key)
        elif item.kind == "task":
            name = ask_text(self.page, self.tr("重命名任务"), self.tr("任务名称："), details.get("具体任务", item.title))
            if name is None:
                return
            self._push(self.tr("重命名任务"), lambda: editor.update_task(id_, title=name), lambda _u: key, key)
        else:
            current = re.sub(r"^[^、]{1,6}、", "", item.title)
            name = ask_text(self.page, self.tr("重命名分组"), self.tr("分组名称："), current)
            if name is None:
                return
            if group_kind(parent) == "indicator":
                op: Callable[[], Undo] = lambda: editor.rename_indicator_group(id_, name)  # noqa: E731
            else:
                op = lambda: editor.rename_task_group(id_, name)  # noqa: E731
            self._push(self.tr("重命名分组"), op, lambda _u: key, key)

    def add_group_in_section(self) -> None:
        self.update_enabled()
        item, _parent, _index = self._selected()
        editor, plan_id = self.page.editor, self.page.plan_id
        section = self._section_kind(item)
        if not self.add_group.isEnabled() or section is None or editor is None or plan_id is None:
            return
        what = self.tr("指标分组（一级指标）") if section == "indicator" else self.tr("任务分组")
        name = ask_text(self.page, self.tr("新增分组"), self.tr("%s名称：") % what)
        if name is None:
            return
        if section == "indicator":
            op: Callable[[], Undo] = lambda: editor.add_indicator_group(plan_id, name)  # noqa: E731
        else:
            op = lambda: editor.add_task_group(plan_id, name)  # noqa: E731
        self._push(self.tr("新增分组"), op,
                   lambda u: (f"{section}_group", u.result_id) if u.result_id is not None else None, None)

    def add_indicator_in_group(self) -> None:
        self.update_enabled()
        editor = self.page.editor
        point = self._insert_point("indicator")
        if not self.add_indicator.isEnabled() or point is None or editor is None:
            return
        name = ask_text(self.page, self.tr("新增指标"), self.tr("指标名称："))
        if name is None:
            return
        group_id, position, before = point
        self._push(self.tr("新增指标"), lambda: editor.add_indicator(group_id, name, position=position),
                   lambda u: ("indicator", u.result_id) if u.result_id is not None else None, before)

    def add_task_in_group(self) -> None:
        self.update_enabled()
        editor = self.page.editor
        point = self._insert_point("task")
        if not self.add_task.isEnabled() or point is None or editor is None:
            return
        number = ask_text(self.page, self.tr("新增任务"), self.tr("任务编号："), self.page.next_task_number())
        if number is None:
            return
        title = ask_text(self.page, self.tr("新增任务"), self.tr("任务名称："))
        if title is None:
            return
        group_id, position, before = point
        self._push(self.tr("新增任务"), lambda: editor.add_task(group_id, number, title, position=position),
                   lambda u: ("task", u.result_id) if u.result_id is not None else None, before)

    def edit_targets_selected(self) -> None:
        self.update_enabled()
        item, parent, _index = self._selected()
        editor = self.page.editor
        if not self.edit_targets.isEnabled() or item is None or item.id is None or editor is None:
            return
        from desktop.ui import target_dialog

        id_ = item.id
        try:
            info = editor.indicator_targets(id_)
        except UserError as exc:
            self.page.message.emit(exc.message)
            return
        answer = target_dialog.edit_targets(self.page, info)
        if answer is None:
            return
        targets, direction = answer
        key = node_key(item, parent)
        self._push(self.tr("修改指标目标"), lambda: editor.set_targets(id_, targets, direction=direction),
                   lambda _u: key, key)

    def delete_selected(self) -> None:
        self.update_enabled()
        item, parent, index = self._selected()
        editor = self.page.editor
        if not self.delete.isEnabled() or item is None or item.id is None or editor is None:
            return
        id_ = item.id
        count_kind = group_kind(parent) + "_group" if item.kind == "group" else item.kind
        try:
            counts = editor.delete_counts(count_kind, id_)
        except UserError as exc:
            self.page.message.emit(exc.message)
            return
        key = node_key(item, parent)
        if item.kind == "group":
            inside = counts.counts.get("indicators") or counts.counts.get("tasks")
            if inside:
                noun = self.tr("个指标") if count_kind == "indicator_group" else self.tr("项任务")
                self.page.message.emit(self.tr("分组“%s”下还有 %d %s，请先移走或删除它们再删除分组。")
                                       % (item.title, inside, noun))
                return
            if not confirm(self.page, self.tr("删除"), self.tr("确定删除空分组“%s”吗？") % item.title):
                return
            if count_kind == "indicator_group":
                gop: Callable[[], Undo] = lambda: editor.delete_indicator_group(id_)  # noqa: E731
            else:
                gop = lambda: editor.delete_task_group(id_)  # noqa: E731
            self._push(self.tr("删除分组"), gop, lambda _u: None, key)
            return
        text = counts.message + self.tr("，确定删除吗？") if counts.message else self.tr("确定删除“%s”吗？") % item.title
        if not confirm(self.page, self.tr("删除"), text):
            return
        grandparent = index.parent().parent()
        group_key = node_key(parent, grandparent.data(ItemRole) if grandparent.isValid() else None)
        if item.kind == "indicator":
            op: Callable[[], Undo] = lambda: editor.delete_indicator(id_)  # noqa: E731
            label = self.tr("删除指标")
        else:
            op = lambda: editor.delete_task(id_)  # noqa: E731
            label = self.tr("删除任务")
        self._push(label, op, lambda _u: group_key, key)

    def move_selected(self, step: int) -> None:
        self.update_enabled()
        action = self.move_up if step < 0 else self.move_down
        item, parent, index = self._selected()
        editor = self.page.editor
        if not action.isEnabled() or item is None or item.id is None or parent is None or parent.id is None:
            return
        assert editor is not None
        id_, group_id, position = item.id, parent.id, index.row() + step
        key = node_key(item, parent)
        if item.kind == "indicator":
            op: Callable[[], Undo] = lambda: editor.move_indicator(id_, group_id, position)  # noqa: E731
            label = self.tr("移动指标")
        else:
            op = lambda: editor.move_task(id_, group_id, position)  # noqa: E731
            label = self.tr("移动任务")
        self._push(label, op, lambda _u: key, key)


__all__ = ["EditCommand", "PlanEditActions", "ServiceCommand", "ask_text", "choose", "confirm"]
