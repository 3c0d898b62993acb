"""The 起草方案 dialog: review a plan drafted from a policy document before saving it.

The file is read and drafted on the task runner's worker thread
(``desktop.services.drafting.draft_file``); a ``UserError`` (a scanned PDF, an unknown
format) is shown in Chinese and the dialog closes. Then the document text is shown on the
left and the draft on the right, in three tabs: 方案信息, 指标目标 and 重点任务. Selecting an
item highlights the sentence it came from in the text and scrolls to it. Items below the
extractor's confidence threshold carry a warning icon, a tint and the words "待核";
responsible units missing from the unit list carry "（名录外）".

The clerk edits cells (double-click or F2), unchecks items to leave them out or deletes
them (Delete). Nothing is written until 保存为新方案: then the edited draft goes to
``save_draft_dump`` (one transaction, on the worker thread) and the dialog reports the new
plan and the units that were added. 取消 writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont, QIcon, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.drafting import draft_file, draft_to_dump, save_draft_dump
from desktop.services.outline import DIRECTION_LABELS, TARGET_KIND_LABELS
from desktop.ui.banner import TONES, set_banner
from desktop.ui.draft_model import (
    DIRECTIONS,
    KINDS,
    PLAN_FIELDS,
    DraftEdits,
    SourceIndex,
    confidence_text,
    value_text,
)
from desktop.ui.task_runner import Cancelled, ProgressDialog, TaskRunner

ItemRole = Qt.ItemDataRole.UserRole + 1
FILE_FILTER = "政策文件 (*.docx *.txt *.pdf);;所有文件 (*)"

LOW_BACKGROUND = QColor("#fff1d6")
LOW_FOREGROUND = QColor("#8a4b00")
UNKNOWN_FOREGROUND = QColor("#a34700")
HIGHLIGHT = QColor("#ffe066")
GROUP_BACKGROUND = QColor("#eef3f9")
MUTED = QColor("#5f6b77")

STYLE = """
QLabel#banner { border-radius: 4px; padding: 6px 10px; }
QLabel#draftWarnings { background: #fff6e5; color: #7a4100; border: 1px solid #f0cf94; border-radius: 4px;
                       padding: 4px 10px; }
QLabel#editError { color: #a31515; font-weight: bold; }
QLabel#paneTitle { font-weight: bold; color: #1f3b5c; }
QLabel#hint { color: #5f6b77; }
QPlainTextEdit#documentText { background: #fcfcfa; border: 1px solid #cfd5dc; }
QTreeWidget { border: 1px solid #cfd5dc; alternate-background-color: #f7f9fb; }
QHeaderView::section { background: #eef1f4; border: none; border-right: 1px solid #dde1e6;
                       border-bottom: 1px solid #dde1e6; padding: 4px 6px; }
""" + TONES

# columns
P_FIELD, P_VALUE, P_CONF = range(3)
I_NAME, I_VALUE, I_UNIT, I_YEAR, I_DIRECTION, I_KIND, I_CONF, I_TASK = range(8)
T_NUMBER, T_TITLE, T_UNITS, T_DEADLINE, T_CONF = range(5)


def _read(path: Path, cancelled: Callable[[], bool]) -> tuple[str, dict[str, Any]]:
    """Worker thread: the document text and the draft dump."""
    result = draft_file(path)
    if cancelled():
        raise Cancelled
    return result.text, draft_to_dump(result)


def _display_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16(text: str, pos: int) -> int:
    """A Python index as a QTextDocument position (UTF-16 code units)."""
    return pos + sum(1 for ch in text[:pos] if ord(ch) > 0xFFFF)


class _Delegate(QStyledItemDelegate):
    """Editors for the draft trees: the raw value in a line edit, or a list for direction/kind.

    The edited value is not written into the tree: it goes to the dialog, which refuses it
    with a reason or applies it to the working copy and redraws the row.
    """

    def __init__(self, dialog: DraftDialog, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.dialog = dialog
        self.tree = tree

    def createEditor(  # type: ignore[override]
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget | None:
        item = self.tree.itemFromIndex(index)
        kind = self.dialog.editor_kind(item, index.column()) if item is not None else None
        if kind is None:
            return None
        if kind in ("direction", "kind"):
            combo = QComboBox(parent)
            if kind == "direction":
                for key in DIRECTIONS:
                    combo.addItem(DIRECTION_LABELS[key], key)
            else:
                for key in KINDS:
                    combo.addItem(TARGET_KIND_LABELS[key], key)
            return combo
        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        item = self.tree.itemFromIndex(index)
        raw = self.dialog.edit_value(item, index.column())
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(raw)))
        elif isinstance(editor, QLineEdit):
            editor.setText(raw or "")

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if not shiboken6.isValid(self.dialog):
            return  # an editor still open while the application shuts down
        item = self.tree.itemFromIndex(index)
        if isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        self.dialog.commit_edit(item, index.column(), value)


class DraftDialog(QDialog):
    """Review, edit and save a plan drafted from the policy document at ``path``."""

    def __init__(self, path: Path, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.database = database
        self.edits: DraftEdits | None = None
        self.index: SourceIndex | None = None
        self.saved_plan_id: int | None = None
        self.new_units: list[str] = []
        self.error_message: str | None = None
        self._rendering = False
        self._saving = False
        self._closed = False

        self.setWindowTitle(self.tr("从政策文件起草方案 — %s") % self.path.name)
        self.setObjectName("draftDialog")
        self.setStyleSheet(STYLE)
        self.resize(1320, 820)
        self.setSizeGripEnabled(True)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        set_banner(self.banner, "info", self.tr("正在读取《%s》并识别任务和指标……") % self.path.name)
        self.warnings = QLabel()
        self.warnings.setObjectName("draftWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.hide()

        # left: the document
        self.document_view = QPlainTextEdit()
        self.document_view.setObjectName("documentText")
        self.document_view.setReadOnly(True)
        self.document_view.setPlaceholderText(self.tr("正在读取文件……"))
        self.document_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = self.document_view.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.document_view.setFont(font)
        self.source_label = QLabel(self.tr("在右侧选中一个条目，原文中对应的句子会高亮显示。"))
        self.source_label.setObjectName("hint")
        self.source_label.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_title = QLabel(self.tr("原文：%s") % self.path.name)
        left_title.setObjectName("paneTitle")
        left_layout.addWidget(left_title)
        left_layout.addWidget(self.document_view, 1)
        left_layout.addWidget(self.source_label)

        # right: the draft
        self.plan_tree = self._tree([self.tr("项目"), self.tr("内容"), self.tr("可信度")], [110, 380, 110], P_VALUE)
        self.indicator_tree = self._tree(
            [self.tr("指标"), self.tr("目标值"), self.tr("单位"), self.tr("年份"), self.tr("方向"),
             self.tr("目标类型"), self.tr("可信度"), self.tr("任务")],
            [260, 64, 70, 52, 72, 112, 84, 40], I_NAME)
        self.task_tree = self._tree(
            [self.tr("编号"), self.tr("任务"), self.tr("责任单位（按顺序）"), self.tr("完成时限"), self.tr("可信度")],
            [116, 190, 260, 120, 84], T_UNITS)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plan_tree, self.tr("方案信息"))
        self.tabs.addTab(self.indicator_tree, self.tr("指标目标"))
        self.tabs.addTab(self.task_tree, self.tr("重点任务"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_title = QLabel(self.tr("草稿（勾选要保存的条目；双击单元格或按 F2 修改；Delete 删除）"))
        right_title.setObjectName("paneTitle")
        right_layout.addWidget(right_title)
        right_layout.addWidget(self.tabs, 1)
        self.edit_error = QLabel()
        self.edit_error.setObjectName("editError")
        self.edit_error.setWordWrap(True)
        right_layout.addWidget(self.edit_error)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([460, 840])
        self.splitter.setChildrenCollapsible(False)

        self.delete_button = QPushButton(self.tr("删除所选"))
        self.delete_button.setToolTip(self.tr("从草稿中删除选中的任务、指标或阶段目标（Delete）"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.counts = QLabel()
        self.counts.setObjectName("hint")
        self.save_button = QPushButton(self.tr("保存为新方案"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)
        for widget in (self.delete_button, self.save_button, self.tabs):
            widget.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.counts)
        buttons.addSpacing(12)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.warnings)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

        for tree in (self.plan_tree, self.indicator_tree, self.task_tree):
            shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.delete_selected)

        self.runner = TaskRunner(self)
        self.progress = ProgressDialog(self.runner, self.tr("正在读取文件并识别任务和指标……"), self,
                                       title=self.tr("起草方案"))
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.start(_read, self.path)

    def _tree(self, headers: list[str], widths: list[int], stretch: int) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(headers)
        tree.setAlternatingRowColors(True)
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        tree.setItemDelegate(_Delegate(self, tree))
        for column, width in enumerate(widths):
            tree.setColumnWidth(column, width)
        tree.header().setStretchLastSection(False)
        tree.header().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        tree.header().setMinimumSectionSize(40)
        tree.setRootIsDecorated(stretch != P_VALUE)  # the plan fields are a flat list
        tree.currentItemChanged.connect(self._on_current_item_changed)
        tree.itemChanged.connect(self._on_item_changed)
        return tree

    # --- hooks (tests replace them) -------------------------------------------------------

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    # --- reading --------------------------------------------------------------------------

    def is_ready(self) -> bool:
        return self.edits is not None

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        if self._closed:
            return
        if self._saving:
            self._on_saved(result)
            return
        raw_text, dump = cast(tuple[str, dict[str, Any]], result)
        text = _display_text(raw_text)
        self.index = SourceIndex(text)
        self.document_view.setPlainText(text)
        self.edits = DraftEdits(dump)
        self._show_summary(dump)
        self.rebuild()
        for widget in (self.delete_button, self.save_button, self.tabs):
            widget.setEnabled(True)
        self.tabs.setCurrentWidget(self.task_tree if self.edits.tasks else self.indicator_tree)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if self._closed:
            return
        if self._saving:
            self._saving = False
            self.save_button.setEnabled(True)
            self.cancel_button.setEnabled(True)
            set_banner(self.banner, "bad", self.tr("未保存：%s") % message)
            self.warn(self.tr("无法保存方案"), message)
            return
        self.error_message = message
        set_banner(self.banner, "bad", message)
        self.warn(self.tr("无法读取文件"), message)
        self.reject()

    @Slot()
    def _on_cancelled(self) -> None:
        if not self._saving:
            self.reject()

    def _show_summary(self, dump: dict[str, Any]) -> None:
        assert self.edits is not None
        tasks, indicators = len(self.edits.tasks), len(self.edits.indicators)
        review = self.edits.review_count()
        text = self.tr("从《%s》识别出 %d 项重点任务、%d 项指标。") % (self.path.name, tasks, indicators)
        if review:
            text += self.tr("其中 %d 项可信度较低，已标为“待核”（黄底、警告图标），请对照原文核对。") % review
        text += self.tr("核对、修改后点“保存为新方案”；在此之前不会写入数据库。")
        set_banner(self.banner, "info", text)
        warnings = list(dump.get("draft", {}).get("warnings", []))
        if warnings:
            self.warnings.setText(self.tr("提示：") + "；".join(w.rstrip("。") for w in warnings) + "。")
            self.warnings.show()

    # --- showing the draft -----------------------------------------------------------------

    def rebuild(self) -> None:
        """Redraw the three trees from the working copy (after loading or a deletion)."""
        assert self.edits is not None
        self._rendering = True
        try:
            self._build_plan()
            self._build_indicators()
            self._build_tasks()
        finally:
            self._rendering = False
        self.tabs.setTabText(1, self.tr("指标目标（%d）") % len(self.edits.indicators))
        self.tabs.setTabText(2, self.tr("重点任务（%d）") % len(self.edits.tasks))
        self._update_counts()

    def _build_plan(self) -> None:
        assert self.edits is not None
        self.plan_tree.clear()
        for field, label in PLAN_FIELDS:
            item = QTreeWidgetItem([self.tr(label), "", ""])
            item.setData(0, ItemRole, ("plan", field))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(P_FIELD, self.tr("双击“内容”修改"))
            if field == "name":
                bold = QFont(item.font(P_VALUE))
                bold.setBold(True)
                item.setFont(P_FIELD, bold)
                item.setFont(P_VALUE, bold)
                item.setToolTip(P_FIELD, self.tr("新方案的名称，保存前可修改"))
            self.plan_tree.addTopLevelItem(item)
            self._render(item)

    def _add_group(self, tree: QTreeWidget, text: str, payload: tuple[Any, ...]) -> QTreeWidgetItem:
        """A bold, tristate group row spanning the columns, added at the top level of ``tree``."""
        columns = tree.columnCount()
        item = QTreeWidgetItem([text] + [""] * (columns - 1))
        item.setData(0, ItemRole, payload)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                      | Qt.ItemFlag.ItemIsAutoTristate)
        bold = QFont(item.font(0))
        bold.setBold(True)
        item.setFont(0, bold)
        for column in range(columns):
            item.setBackground(column, QBrush(GROUP_BACKGROUND))
        tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        return item

    def _add_included(self, parent: QTreeWidgetItem, columns: int, kind: str, key: Any) -> QTreeWidgetItem:
        """A checkable row for the draft item ``key`` (checked when it is included), under ``parent``."""
        assert self.edits is not None
        item = QTreeWidgetItem([""] * columns)
        item.setData(0, ItemRole, (kind, key))
        item.setFlags(self._leaf_flags(True))
        item.setCheckState(0, Qt.CheckState.Checked if self.edits.is_included(key) else Qt.CheckState.Unchecked)
        parent.addChild(item)
        self._render(item)
        return item

    def _leaf_flags(self, checkable: bool) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if checkable else flags

    def _build_indicators(self) -> None:
        assert self.edits is not None
        tree = self.indicator_tree
        tree.clear()
        for name, indicators in self.edits.indicator_groups():
            group = self._add_group(tree, name, ("igroup", name))
            for ind in indicators:
                item = self._add_included(group, tree.columnCount(), "indicator", ind["_key"])
                if len(ind["targets"]) > 1:
                    for j in range(len(ind["targets"])):
                        child = QTreeWidgetItem([""] * tree.columnCount())
                        child.setData(0, ItemRole, ("target", ind["_key"], j))
                        child.setFlags(self._leaf_flags(False))
                        item.addChild(child)
                        self._render(child)
        tree.expandAll()

    def _build_tasks(self) -> None:
        assert self.edits is not None
        tree = self.task_tree
        tree.clear()
        for n, (number, name, tasks) in enumerate(self.edits.task_groups()):
            label = f"{number}、{name}" if number and name else (name or number or self.tr("（未分组）"))
            group = self._add_group(tree, label, ("tgroup", n))
            for task in tasks:
                self._add_included(group, tree.columnCount(), "task", task["_key"])
        tree.expandAll()

    def _mark_confidence(self, item: QTreeWidgetItem, column: int, confidence: float | None,
                         notes: list[str] | None = None) -> None:
        assert self.edits is not None
        item.setText(column, confidence_text(confidence, self.edits.threshold))
        low = self.edits.is_low(confidence)
        warn_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        tip = self.tr("可信度 %.2f") % confidence if confidence is not None else ""
        if low:
            tip += self.tr("（低于 %.2f，请对照原文核对）") % self.edits.threshold
        if notes:
            tip += "\n" + "\n".join(notes)
        item.setToolTip(column, tip)
        if low:
            item.setIcon(column, warn_icon)
            item.setBackground(column, QBrush(LOW_BACKGROUND))
            item.setForeground(column, QBrush(LOW_FOREGROUND))
        else:
            item.setIcon(column, QIcon())
            item.setBackground(column, QBrush())
            item.setForeground(column, QBrush())

    def _render(self, item: QTreeWidgetItem) -> None:
        """Write one row's texts, markers and tooltips from the working copy."""
        assert self.edits is not None
        payload = item.data(0, ItemRole)
        was = self._rendering
        self._rendering = True
        try:
            kind = payload[0]
            if kind == "plan":
                field = payload[1]
                source, confidence = self.edits.plan_source(field)
                item.setText(P_VALUE, self.edits.plan_value_text(field))
                if source:
                    item.setToolTip(P_VALUE, self.tr("原文：%s") % source)
                self._mark_confidence(item, P_CONF, confidence)
            elif kind == "indicator":
                self._render_indicator(item, self.edits.indicator(payload[1]))
            elif kind == "target":
                ind = self.edits.indicator(payload[1])
                self._render_target(item, ind, ind["targets"][payload[2]], child=True)
            elif kind == "task":
                self._render_task(item, self.edits.task(payload[1]))
        finally:
            self._rendering = was

    def _render_indicator(self, item: QTreeWidgetItem, ind: dict[str, Any]) -> None:
        item.setText(I_NAME, ind["name"])
        item.setToolTip(I_NAME, self.tr("原文：%s") % ind["source"])
        item.setText(I_UNIT, ind.get("unit") or "")
        item.setText(I_DIRECTION, DIRECTION_LABELS.get(ind["direction"], ind["direction"]))
        item.setText(I_TASK, ind.get("task_number") or "")
        if ind.get("task_number"):
            item.setToolTip(I_TASK, self.tr("写在第 %s 项任务中") % ind["task_number"])
        targets = ind["targets"]
        if len(targets) == 1:
            self._render_target(item, ind, targets[0], child=False)
        else:
            years = [str(t["year"]) for t in targets if t.get("year") is not None]
            item.setText(I_VALUE, self.tr("%d 个阶段") % len(targets))
            item.setForeground(I_VALUE, QBrush(MUTED))
            item.setToolTip(I_VALUE, self.tr("分阶段目标（%s），见下方各行") % "、".join(years))
            item.setText(I_YEAR, "")
            item.setText(I_KIND, "")
        self._mark_confidence(item, I_CONF, ind.get("confidence"))

    def _render_target(self, item: QTreeWidgetItem, ind: dict[str, Any], target: dict[str, Any], *, child: bool) -> None:
        if child:
            item.setText(I_NAME, target.get("text") or "")
            item.setForeground(I_NAME, QBrush(MUTED))
            item.setToolTip(I_NAME, self.tr("原文：%s") % target["source"])
            item.setText(I_UNIT, target.get("unit") or ind.get("unit") or "")
            self._mark_confidence(item, I_CONF, target.get("confidence"))
        value = value_text(target.get("value"))
        qualifier = target.get("qualifier")
        item.setText(I_VALUE, value)
        item.setForeground(I_VALUE, QBrush())
        item.setToolTip(I_VALUE, self.tr("原文表述：%s") % target.get("text") + (f"（{qualifier}）" if qualifier else ""))
        year = target.get("year")
        item.setText(I_YEAR, str(year) if year is not None else self.tr("（无）"))
        if target.get("year_from") not in (None, "sentence") and year is not None:
            why = {"plan": self.tr("句中未写年份，取方案目标年"), "deadline": self.tr("句中未写年份，取任务完成时限")}
            item.setToolTip(I_YEAR, why.get(target["year_from"], ""))
        item.setText(I_KIND, TARGET_KIND_LABELS.get(target["kind"], target["kind"]))

    def _render_task(self, item: QTreeWidgetItem, task: dict[str, Any]) -> None:
        assert self.edits is not None
        item.setText(T_NUMBER, task["number"])
        item.setText(T_TITLE, task["title"])
        item.setToolTip(T_TITLE, task.get("body") or task["title"])
        unknown = set(self.edits.unknown_units(task))
        units = "、".join(u + (self.tr("（名录外）") if u in unknown else "") for u in task["units"])
        item.setText(T_UNITS, units or self.tr("（未写明）"))
        if unknown:
            item.setIcon(T_UNITS, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            item.setForeground(T_UNITS, QBrush(UNKNOWN_FOREGROUND))
            item.setToolTip(T_UNITS, self.tr("不在单位名单中：%s。保存时将作为新单位添加；若是简称或笔误，请改为规范名称。")
                            % "、".join(sorted(unknown)))
        else:
            item.setIcon(T_UNITS, QIcon())
            item.setForeground(T_UNITS, QBrush() if task["units"] else QBrush(MUTED))
            item.setToolTip(T_UNITS, "、".join(task["units"]))
        deadline = task.get("deadline_text") or ""
        item.setText(T_DEADLINE, deadline or (self.tr("持续推进") if task.get("ongoing") else ""))
        if task.get("deadline"):
            item.setToolTip(T_DEADLINE, self.tr("按 %s 计") % task["deadline"])
        self._mark_confidence(item, T_CONF, task.get("confidence"), task.get("notes"))

    def _update_counts(self) -> None:
        assert self.edits is not None
        tasks, indicators = self.edits.included_counts()
        self.counts.setText(self.tr("将保存 %d 项任务、%d 项指标") % (tasks, indicators))

    # --- the source sentence -----------------------------------------------------------

    def source_of(self, item: QTreeWidgetItem | None) -> str | None:
        if item is None or self.edits is None:
            return None
        payload = item.data(0, ItemRole)
        kind = payload[0]
        if kind == "plan":
            return self.edits.plan_source(payload[1])[0]
        if kind == "indicator":
            return self.edits.indicator(payload[1])["source"]  # type: ignore[no-any-return]
        if kind == "target":
            return self.edits.indicator(payload[1])["targets"][payload[2]]["source"]  # type: ignore[no-any-return]
        if kind == "task":
            return self.edits.task(payload[1])["source"]  # type: ignore[no-any-return]
        if kind == "tgroup":
            return item.text(0)
        return None

    def show_source(self, source: str | None) -> bool:
        """Highlight ``source`` in the document text and scroll to it; False if not found."""
        view = self.document_view
        found = self.index.find(source) if self.index is not None else None
        if found is None:
            view.setExtraSelections([])
            self.source_label.setText(self.tr("未在原文中找到这一条的出处。") if source else
                                      self.tr("在右侧选中一个条目，原文中对应的句子会高亮显示。"))
            return False
        text = self.index.text  # type: ignore[union-attr]
        start, end = _utf16(text, found[0]), _utf16(text, found[1])
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor  # type: ignore[attr-defined]
        selection.format.setBackground(QBrush(HIGHLIGHT))  # type: ignore[attr-defined]
        selection.format.setFontUnderline(True)  # type: ignore[attr-defined]
        view.setExtraSelections([selection])
        moving = QTextCursor(view.document())
        moving.setPosition(end)
        view.setTextCursor(moving)
        moving.setPosition(start)
        view.setTextCursor(moving)
        view.centerCursor()
        line = text.count("\n", 0, found[0]) + 1
        self.source_label.setText(self.tr("出处：原文第 %d 行（已用黄色底纹标出）") % line)
        return True

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_current_item_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if not self._rendering:
            self.show_source(self.source_of(current))

    @Slot(int)
    def _on_tab_changed(self, _index: int) -> None:
        tree = self.tabs.currentWidget()
        if isinstance(tree, QTreeWidget) and self.edits is not None:
            self.show_source(self.source_of(tree.currentItem()))

    # --- editing ------------------------------------------------------------------------------

    def editor_kind(self, item: QTreeWidgetItem | None, column: int) -> str | None:
        """What editor a cell gets: 'text', 'direction', 'kind', or None (not editable)."""
        if item is None or self.edits is None:
            return None
        payload = item.data(0, ItemRole)
        kind = payload[0]
        if kind == "plan":
            return "text" if column == P_VALUE else None
        if kind == "task":
            return "text" if column in (T_TITLE, T_UNITS, T_DEADLINE) else None
        if kind == "indicator":
            single = len(self.edits.indicator(payload[1])["targets"]) == 1
            if column in (I_NAME, I_UNIT):
                return "text"
            if column == I_DIRECTION:
                return "direction"
            if single and column in (I_VALUE, I_YEAR):
                return "text"
            if single and column == I_KIND:
                return "kind"
            return None
        if kind == "target":
            if column in (I_VALUE, I_YEAR):
                return "text"
            return "kind" if column == I_KIND else None
        return None

    def _target_of(self, payload: tuple[Any, ...]) -> tuple[int, int]:
        return (payload[1], payload[2]) if payload[0] == "target" else (payload[1], 0)

    def edit_value(self, item: QTreeWidgetItem | None, column: int) -> str | None:
        """The raw value an editor starts from (a key for the lists)."""
        if item is None or self.edits is None:
            return None
        payload = item.data(0, ItemRole)
        kind = payload[0]
        if kind == "plan":
            return self.edits.plan_value_text(payload[1])
        if kind == "task":
            task = self.edits.task(payload[1])
            return {T_TITLE: task["title"], T_UNITS: "、".join(task["units"]),
                    T_DEADLINE: task.get("deadline_text") or ""}.get(column)
        ind = self.edits.indicator(payload[1])
        if column == I_NAME and kind == "indicator":
            return ind["name"]  # type: ignore[no-any-return]
        if column == I_UNIT:
            return ind.get("unit") or ""
        if column == I_DIRECTION:
            return ind["direction"]  # type: ignore[no-any-return]
        key, j = self._target_of(payload)
        target = ind["targets"][j]
        if column == I_VALUE:
            return value_text(target.get("value"))
        if column == I_YEAR:
            return str(target["year"]) if target.get("year") is not None else ""
        if column == I_KIND:
            return target["kind"]  # type: ignore[no-any-return]
        return None

    def commit_edit(self, item: QTreeWidgetItem, column: int, value: str) -> bool:
        """Apply what the clerk typed in a cell; refused input keeps the old value and says why."""
        assert self.edits is not None
        if self.editor_kind(item, column) is None:
            return False
        payload = item.data(0, ItemRole)
        kind = payload[0]
        edits = self.edits
        try:
            if kind == "plan":
                edits.set_plan_field(payload[1], value)
            elif kind == "task":
                {T_TITLE: edits.set_task_title, T_UNITS: edits.set_task_units,
                 T_DEADLINE: edits.set_task_deadline}[column](payload[1], value)
            elif column == I_NAME:
                edits.set_indicator_name(payload[1], value)
            elif column == I_UNIT:
                edits.set_indicator_unit(payload[1], value)
            elif column == I_DIRECTION:
                edits.set_direction(payload[1], value)
            else:
                key, j = self._target_of(payload)
                {I_VALUE: edits.set_target_value, I_YEAR: edits.set_target_year,
                 I_KIND: edits.set_target_kind}[column](key, j, value)
        except UserError as exc:
            self.edit_error.setText(self.tr("未修改：%s") % exc.message)
            return False
        self.edit_error.clear()
        self._render(item)
        parent = item.parent()
        if kind == "target" and parent is not None:
            self._render(parent)
        if kind == "indicator":
            for child in [item.child(n) for n in range(item.childCount())]:
                if child is not None:
                    self._render(child)
        return True

    @Slot(QTreeWidgetItem, int)
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._rendering or self.edits is None or column != 0:
            return
        payload = item.data(0, ItemRole)
        if payload and payload[0] in ("task", "indicator"):
            self.edits.set_included(payload[1], item.checkState(0) == Qt.CheckState.Checked)
            self._update_counts()

    def set_checked(self, item: QTreeWidgetItem, checked: bool) -> None:
        """Check or uncheck an item as the clerk's click does (a group: all of its items)."""
        item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    @Slot()
    def delete_selected(self) -> None:
        tree = self.tabs.currentWidget()
        if self.edits is None or not isinstance(tree, QTreeWidget):
            return
        item = tree.currentItem()
        if item is None:
            return
        payload = item.data(0, ItemRole)
        kind = payload[0]
        if kind == "plan":
            self.edit_error.setText(self.tr("方案信息不能删除；不需要的内容可以清空。"))
            return
        parent = item.parent()
        siblings = [parent.child(n) for n in range(parent.childCount())] if parent is not None else [
            tree.topLevelItem(n) for n in range(tree.topLevelItemCount())]
        siblings = [x for x in siblings if x is not None]
        at = siblings.index(item)
        after = siblings[at + 1] if at + 1 < len(siblings) else (siblings[at - 1] if at > 0 else None)
        wanted = [x.data(0, ItemRole) for x in (after, parent) if x is not None]
        if kind == "target" and after is not None and at + 1 < len(siblings):
            wanted[0] = ("target", payload[1], payload[2])  # the next stage moves up into this place
        children = [item.child(n) for n in range(item.childCount())]
        if kind == "task":
            self.edits.delete_task(payload[1])
        elif kind == "indicator":
            self.edits.delete_indicator(payload[1])
        elif kind == "target":
            self.edits.delete_target(payload[1], payload[2])
        elif kind == "tgroup":
            for child in children:
                if child is not None:
                    self.edits.delete_task(child.data(0, ItemRole)[1])
        elif kind == "igroup":
            for child in children:
                if child is not None:
                    self.edits.delete_indicator(child.data(0, ItemRole)[1])
        self.edit_error.clear()
        self.rebuild()
        for target in wanted:
            found = self._find(tree, lambda x: bool(x.data(0, ItemRole) == target))  # noqa: B023
            if found is not None:
                tree.setCurrentItem(found)
                break

    # --- finding rows (for the caller and tests) ----------------------------------------

    @staticmethod
    def _find(tree: QTreeWidget, match: Callable[[QTreeWidgetItem], bool]) -> QTreeWidgetItem | None:
        iterator = QTreeWidgetItemIterator(tree)
        while (item := iterator.value()) is not None:
            if match(item):
                return item
            iterator += 1
        return None

    def task_item(self, number: str) -> QTreeWidgetItem:
        found = self._find(self.task_tree, lambda x: x.data(0, ItemRole)[0] == "task" and x.text(T_NUMBER) == number)
        if found is None:
            raise KeyError(number)
        return found

    def indicator_item(self, name: str) -> QTreeWidgetItem:
        found = self._find(self.indicator_tree,
                           lambda x: x.data(0, ItemRole)[0] == "indicator" and x.text(I_NAME) == name)
        if found is None:
            raise KeyError(name)
        return found

    def plan_item(self, field: str) -> QTreeWidgetItem:
        found = self._find(self.plan_tree, lambda x: x.data(0, ItemRole) == ("plan", field))
        if found is None:
            raise KeyError(field)
        return found

    def highlighted_text(self) -> str:
        """The text of the highlighted source sentence ('' when none)."""
        selections = self.document_view.extraSelections()
        if not selections:
            return ""
        return selections[0].cursor.selectedText().replace("\u2029", "\n")  # type: ignore[attr-defined]

    # --- saving -------------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        if self.edits is None or self.runner.is_running():
            return
        focus = self.focusWidget()
        if isinstance(focus, QLineEdit | QComboBox) and focus.parent() is not None:
            focus.clearFocus()  # an open cell editor commits its value first
        tasks, indicators = self.edits.included_counts()
        if not tasks and not indicators:
            self.edit_error.setText(self.tr("没有勾选任何任务或指标，无法保存。"))
            return
        dump = self.edits.edited_dump()
        if not (dump["plan"].get("name") or "").strip():
            self.edit_error.setText(self.tr("请在“方案信息”中填写方案名称。"))
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.progress.setLabelText(self.tr("正在保存方案……"))
        self.progress.set_cancellable(False)
        set_banner(self.banner, "info", self.tr("正在保存方案……"))
        self.runner.start(save_draft_dump, self.database, dump, source=self.path.name)

    def _on_saved(self, result: object) -> None:
        self._saving = False
        plan_id, new_units = cast(tuple[int, list[str]], result)
        self.saved_plan_id = int(plan_id)
        self.new_units = list(new_units)
        assert self.edits is not None
        tasks, indicators = self.edits.included_counts()
        text = self.tr("已保存为新方案“%s”（编号 %d）：%d 项重点任务、%d 项指标。") % (
            self.edits.plan["name"], self.saved_plan_id, tasks, indicators)
        if self.new_units:
            text += self.tr("\n新增单位 %d 个：%s。") % (len(self.new_units), "、".join(self.new_units))
        set_banner(self.banner, "ok", text)
        self.inform(self.tr("方案已保存"), text)
        self.accept()

    def reject(self) -> None:
        if self._saving:
            return  # the write runs to its end; the dialog closes when it reports
        self._closed = True
        if self.runner.is_running():
            self.runner.cancel()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving:
            event.ignore()
            return
        super().closeEvent(event)


def open_draft_dialog(parent: QWidget | None, database: Database, path: Path | None = None) -> int | None:
    """Ask for a policy document, review its draft; the new plan's id, or None if nothing was saved."""
    if path is None:
        name, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("DraftDialog", "选择政策文件"), "", FILE_FILTER)
        if not name:
            return None
        path = Path(name)
    dialog = DraftDialog(path, database, parent)
    try:
        dialog.exec()
        return dialog.saved_plan_id
    finally:
        dialog.deleteLater()


__all__ = ["DraftDialog", "open_draft_dialog"]
