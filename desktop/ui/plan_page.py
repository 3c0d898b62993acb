"""The plan as a tree (groups → indicators / tasks) with a read-only detail pane."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLineEdit, QSplitter, QTextBrowser, QTreeView, QVBoxLayout, QWidget

from desktop.services.outline import OutlineItem
from desktop.ui.outline_model import ItemRole, OutlineModel
from desktop.ui.plan_edit import Key, PlanEditActions, node_key

if TYPE_CHECKING:
    from desktop.services.plan_editing import PlanEditor

TARGET_LINK = "edit-targets"


class PlanPage(QWidget):
    message = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        editor: PlanEditor | None = None,
        undo_stack: QUndoStack | None = None,
        reload: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        # editing needs all three; without them the page is read-only
        self.editor = editor
        self.undo_stack = undo_stack
        self.reload = reload
        self._pending: Key | None = None
        self.model = OutlineModel(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找指标或任务（回车跳到下一个）"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._find_next)
        self._hits: list[QModelIndex] = []
        self._hit = -1

        self.tree = QTreeView()
        self.tree.setObjectName("planTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setHeaderHidden(True)
        self.tree.selectionModel().selectionChanged.connect(self._on_selection)
        self.tree.doubleClicked.connect(self._on_double_click)

        self.detail = QTextBrowser()
        self.detail.setObjectName("detailPane")
        self.detail.setOpenLinks(False)
        self.detail.anchorClicked.connect(self._on_link)
        self.detail.document().setDocumentMargin(14)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.edit_actions = PlanEditActions(self)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.edit_actions.toolbar)
        left_layout.addWidget(self.tree)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)
        self._outline: OutlineItem | None = None

    def set_editor(
        self, editor: PlanEditor | None, undo_stack: QUndoStack | None, reload: Callable[[], None] | None
    ) -> None:
        self.editor, self.undo_stack, self.reload = editor, undo_stack, reload
        self.edit_actions.update_enabled()

    @property
    def plan_id(self) -> int | None:
        return self._outline.id if self._outline is not None and self._outline.kind == "plan" else None

    @property
    def editable(self) -> bool:
        return self.editor is not None and self.undo_stack is not None

    def next_task_number(self) -> str:
        """One more than the highest plain task number (a suggestion for a new task), else ''."""
        numbers: list[int] = []

        def walk(item: OutlineItem) -> None:
            for child in item.children:
                if child.kind == "task":
                    number = dict(child.details).get("序号", "")
                    if number.isdigit():
                        numbers.append(int(number))
                walk(child)

        if self._outline is not None:
            walk(self._outline)
        return str(max(numbers) + 1) if numbers else ""

    def _on_double_click(self, index: QModelIndex) -> None:
        item = index.data(ItemRole)
        if item is not None and item.kind == "indicator" and self.editable:
            self.edit_actions.edit_targets_selected()

    def _on_link(self, url: QUrl) -> None:
        if url.toString() == TARGET_LINK:
            self.edit_actions.edit_targets_selected()

    def _details(self, item: OutlineItem) -> str:
        return _details_html(item, targets_link=self.editable and item.kind == "indicator")

    def reload_keeping(self, key: Key | None) -> None:
        """Reload the outline after an edit, then select the node ``key`` if it is still there."""
        self._pending = key
        if self.reload is not None:
            self.reload()
        self._pending = None

    def _current_key(self) -> Key | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        parent = index.parent()
        return node_key(index.data(ItemRole), parent.data(ItemRole) if parent.isValid() else None)

    def _index_of(self, key: Key) -> QModelIndex:
        def walk(parent: QModelIndex) -> QModelIndex:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                item = index.data(ItemRole)
                if item.id is not None and node_key(item, parent.data(ItemRole) if parent.isValid() else None) == key:
                    return index
                found = walk(index)
                if found.isValid():
                    return found
            return QModelIndex()

        return walk(QModelIndex())

    def show_outline(self, outline: OutlineItem) -> None:
        keep = self._pending if self._pending is not None else self._current_key()
        self._outline = outline
        self.model.set_outline(outline)
        self.tree.expandToDepth(1)
        self.detail.setHtml(self._details(outline))
        index = self._index_of(keep) if keep is not None else QModelIndex()
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self.edit_actions.update_enabled()

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        item = indexes[0].data(ItemRole) if indexes else self._outline
        if item is not None:
            self.detail.setHtml(self._details(item))
        self.edit_actions.update_enabled()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _find_next(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        hits = self.model.find(text)
        if [h.internalPointer() for h in hits] != [h.internalPointer() for h in self._hits]:
            self._hits, self._hit = hits, -1
        if not self._hits:
            self.detail.setHtml(f"<p>{html.escape(self.tr('没有找到“%s”。') % text)}</p>")
            return
        self._hit = (self._hit + 1) % len(self._hits)
        self.tree.setCurrentIndex(self._hits[self._hit])
        self.tree.scrollTo(self._hits[self._hit])


def _details_html(item: OutlineItem, targets_link: bool = False) -> str:
    """The detail pane; with ``targets_link`` each target (or 未设定) links to the target dialog."""

    def cell(key: str, value: str) -> str:
        if targets_link and key.endswith("年目标"):
            return f"<a href='{TARGET_LINK}' title='编辑目标…'>{html.escape(value)}</a>"
        return html.escape(value)

    details = list(item.details)
    if targets_link and not any(k.endswith("年目标") for k, _v in details):
        at = next((n + 1 for n, (k, _v) in enumerate(details) if k == "基期值"), len(details))
        details.insert(at, ("目标", ""))
    rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>"
        + (f"<a href='{TARGET_LINK}'>未设定，点击设定…</a>" if targets_link and k == "目标" and not v else cell(k, v))
        + "</td></tr>"
        for k, v in details
    )
    if not rows and item.children:
        rows = "".join(
            f"<tr><th>{i}</th><td>{html.escape(c.title)}</td></tr>" for i, c in enumerate(item.children, 1)
        )
    return (
        "<style>th{text-align:left;color:#555;font-weight:normal;padding:4px 12px 4px 0;"
        "vertical-align:top;white-space:nowrap}td{padding:4px 0;vertical-align:top}"
        "h2{font-size:15pt;margin:0 0 10px 0}</style>"
        f"<h2>{html.escape(item.title)}</h2><table cellspacing='0'>{rows}</table>"
    )
