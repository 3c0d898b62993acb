"""Qt item model over the plan outline (groups → indicators / tasks)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.outline import OutlineItem

Index = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole.UserRole + 1


class _Node:
    __slots__ = ("item", "parent", "row", "children")

    def __init__(self, item: OutlineItem, parent: _Node | None, row: int) -> None:
        self.item = item
        self.parent = parent
        self.row = row
        self.children = [_Node(child, self, i) for i, child in enumerate(item.children)]


class OutlineModel(QAbstractItemModel):
    """Read-only tree; the whole outline is small (hundreds of nodes), so it is built at once."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._roots: list[_Node] = []

    def set_outline(self, outline: OutlineItem | None) -> None:
        self.beginResetModel()
        self._roots = [] if outline is None else [_Node(c, None, i) for i, c in enumerate(outline.children)]
        self.endResetModel()

    def _node(self, index: Index) -> _Node | None:
        return index.internalPointer() if index.isValid() else None  # type: ignore[no-any-return]

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        siblings = self._children(parent)
        if row >= len(siblings):
            return QModelIndex()
        return self.createIndex(row, 0, siblings[row])

    def _children(self, parent: Index) -> list[_Node]:
        node = self._node(parent)
        return self._roots if node is None else node.children

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        node = self._node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node = self._node(index)
        if node is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return node.item.title
        if role == Qt.ItemDataRole.ToolTipRole and node.item.kind in ("indicator", "task"):
            return dict(node.item.details).get("具体任务") or node.item.title
        if role == ItemRole:
            return node.item
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return self.tr("方案结构")
        return None

    def find(self, text: str) -> list[QModelIndex]:
        """Indexes of the nodes whose title contains ``text`` (depth first)."""
        found: list[QModelIndex] = []

        def walk(nodes: list[_Node]) -> None:
            for n in nodes:
                if text in n.item.title:
                    found.append(self.createIndex(n.row, 0, n))
                walk(n.children)

        walk(self._roots)
        return found
