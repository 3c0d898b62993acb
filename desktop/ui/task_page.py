"""Key tasks (重点任务): a filterable table, the selected task's details and the monthly form.

Keyboard first: Tab walks search box → filters → table → form; Enter in the table jumps to
the form; Ctrl+Enter saves. Filtering and sorting happen inside ``TaskTableModel``.
A form left unsaved when another task is selected is kept as a draft for this session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QDoubleSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.progress_entry import (
    REPORT_STATUSES,
    TASK_STATUSES,
    ProgressEntryService,
    ReportInfo,
    TaskDetail,
    TaskRow,
)
from desktop.ui.history_dialog import HistoryDialog
from desktop.ui.task_detail import facts_html, goals_html, milestone_html, reports_html
from desktop.ui.task_model import LIGHT_SYMBOLS, Column, TaskFilter, TaskRowRole, TaskTableModel

NO_PERCENT = -1  # the percent spin box's "not filled" value
_STATUS_LIGHTS = {"逾期": "red", "未报送": "yellow", "即将到期": "yellow"}

_STYLE = """
QTableView#taskTable { background: #ffffff; border: 1px solid #cfd5dc; border-radius: 4px;
    gridline-color: #edf0f3; selection-background-color: #dbe8f7; selection-color: #10243a; }
QHeaderView::section { background: #f1f3f6; border: none; border-right: 1px solid #dde1e6;
    border-bottom: 1px solid #dde1e6; padding: 4px 6px; color: #3d4650; }
QScrollArea#taskDetailScroll { background: #ffffff; border: 1px solid #cfd5dc; border-radius: 4px; }
QWidget#taskDetail { background: #ffffff; }
QLabel#taskTitle { font-size: 13pt; font-weight: bold; color: #1f3b5c; }
QLabel#sectionTitle { font-weight: bold; color: #1f3b5c; margin-top: 6px; }
QLabel#muted, QLabel#countLabel { color: #5f6b78; }
QGroupBox#progressForm { background: #ffffff; border: 1px solid #cfd5dc; border-radius: 4px;
    margin-top: 14px; padding: 10px 8px 8px 8px; font-weight: bold; color: #1f3b5c; }
QGroupBox#progressForm::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; }
QPlainTextEdit, QDoubleSpinBox, QDateEdit { background: #ffffff; border: 1px solid #cfd5dc;
    border-radius: 4px; padding: 3px 4px; font-weight: normal; color: #1d242c; }
QGroupBox#progressForm QLabel, QGroupBox#progressForm QComboBox { font-weight: normal; color: #1d242c; }
QLabel#formError { color: #c0261d; }
QLabel#formNote { color: #5f6b78; }
"""


class PercentSpinBox(QDoubleSpinBox):
    """0–100 % with one optional decimal (62.5%); the minimum, −1, reads 未填 (not filled)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(1)
        self.setRange(NO_PERCENT, 100)
        self.setSuffix("%")
        self.setSingleStep(5)
        self.setValue(NO_PERCENT)

    def textFromValue(self, value: float) -> str:
        text = f"{value:.1f}"
        return text[:-2] if text.endswith(".0") else text


class TaskPage(QWidget):
    """The key tasks of one plan and this month's progress entry.

    ``message`` carries a one-line Chinese message for the status bar (saved, or why
    not); ``progress_saved`` the id of a task whose progress or milestones changed.
    ``today`` is the clock statuses are judged by (injectable for tests).
    """

    message = Signal(str)
    progress_saved = Signal(int)

    def __init__(
        self,
        service: ProgressEntryService,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("taskPage")
        self.setStyleSheet(_STYLE)
        self._service = service
        self._today = today
        self._plan_id: int | None = None
        self._detail: TaskDetail | None = None
        self._snapshot: dict[str, Any] | None = None  # form values as loaded or saved
        self._drafts: dict[int, dict[str, Any]] = {}  # unsaved forms of other tasks
        self._loading = False
        self._due_label: str | None = None
        self._sized = False
        self.milestone_checks: dict[int, QCheckBox] = {}

        self.model = TaskTableModel(self)
        self._build_filters()
        self._build_table()
        self._build_detail()
        self._build_form()

        right = QSplitter(Qt.Orientation.Vertical)
        right.setChildrenCollapsible(False)
        right.addWidget(self.detail_scroll)
        right.addWidget(self.form)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 0)
        self.right_splitter = right

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(6)
        left_layout.addLayout(self.filter_bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

        for a, b in [
            (self.search, self.unit_filter),
            (self.unit_filter, self.task_force_filter),
            (self.task_force_filter, self.group_filter),
            (self.group_filter, self.status_filter),
            (self.status_filter, self.table),
            (self.table, self.month_edit),
            (self.month_edit, self.unit_combo),
            (self.unit_combo, self.percent_spin),
            (self.percent_spin, self.status_combo),
            (self.status_combo, self.progress_edit),
            (self.progress_edit, self.problems_edit),
            (self.problems_edit, self.next_steps_edit),
            (self.next_steps_edit, self.save_button),
        ]:
            QWidget.setTabOrder(a, b)
        self._show_detail(None)

    # --- construction -------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("taskSearch")
        self.search.setPlaceholderText(self.tr("查找任务"))
        self.search.setToolTip(self.tr("按序号、任务名称、单位或专班查找；多个词用空格分开。回车转到任务列表"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filter)
        self.search.returnPressed.connect(self.focus_table)

        def combo(name: str, tip: str) -> QComboBox:
            box = QComboBox()
            box.setObjectName(name)
            box.setToolTip(tip)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(7)
            box.view().setMinimumWidth(260)
            box.currentIndexChanged.connect(self._apply_filter)
            return box

        self.unit_filter = combo("unitFilter", self.tr("按责任单位筛选（含配合单位）"))
        self.task_force_filter = combo("taskForceFilter", self.tr("按工作专班筛选"))
        self.group_filter = combo("groupFilter", self.tr("按任务类别筛选"))
        self.status_filter = combo("statusFilter", self.tr("按状态筛选"))
        self.status_filter.setMinimumContentsLength(6)
        self.filter_bar = QHBoxLayout()
        self.filter_bar.setSpacing(6)
        self.filter_bar.addWidget(self.search, 4)
        for box in (self.unit_filter, self.task_force_filter, self.group_filter, self.status_filter):
            self.filter_bar.addWidget(box, 2)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")

    def _build_table(self) -> None:
        table = QTableView()
        table.setObjectName("taskTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table for the form
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # document order until a header is clicked
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setAlternatingRowColors(False)
        table.setShowGrid(False)
        vh = table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: fast for any size
        vh.setDefaultSectionSize(max(26, table.fontMetrics().height() + 10))
        hh = table.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        em = table.fontMetrics().horizontalAdvance("中")
        widths = {
            Column.NUMBER: em * 3,
            Column.UNITS: em * 7.5,
            Column.TASK_FORCE: em * 8,
            Column.DEADLINE: em * 8,
            Column.STATUS: em * 5.5,
            Column.PROGRESS: em * 3.5,
        }
        for col, width in widths.items():
            hh.resizeSection(col, int(width))
        hh.setMinimumSectionSize(em * 3)
        table.selectionModel().currentRowChanged.connect(self._on_current_row)
        table.doubleClicked.connect(lambda _index: self.focus_form())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.focus_form)
        self.table = table

    def _build_detail(self) -> None:
        content = QWidget()
        content.setObjectName("taskDetail")
        box = QVBoxLayout(content)
        box.setContentsMargins(14, 12, 14, 12)
        box.setSpacing(4)

        def label(name: str = "", rich: bool = True) -> QLabel:
            lab = QLabel()
            if name:
                lab.setObjectName(name)
            lab.setWordWrap(True)
            lab.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            return lab

        def section(text: str) -> QLabel:
            lab = QLabel(text)
            lab.setObjectName("sectionTitle")
            return lab

        self.title_label = label("taskTitle", rich=False)
        self.facts_label = label()
        self.body_title = section(self.tr("任务原文"))
        self.body_label = label(rich=False)
        self.goals_title = section(self.tr("建设目标"))
        self.goals_label = label()
        self.milestones_title = section(self.tr("推进计划（勾选表示已完成）"))
        self.milestone_grid = QGridLayout()
        self.milestone_grid.setContentsMargins(0, 0, 0, 0)
        self.milestone_grid.setHorizontalSpacing(8)
        self.milestone_grid.setColumnStretch(1, 1)
        self.reports_title = section(self.tr("以往进展"))
        self.reports_label = label()
        self.history_button = QPushButton(self.tr("修改记录…"))
        self.history_button.setObjectName("taskHistoryButton")
        self.history_button.setToolTip(self.tr("查看这项任务的进展、节点和内容的全部修改记录（Ctrl+H）"))
        self.history_button.clicked.connect(self.show_history)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(head)
        for w in (self.facts_label, self.goals_title, self.goals_label, self.milestones_title):
            box.addWidget(w)
        box.addLayout(self.milestone_grid)
        for w in (self.reports_title, self.reports_label, self.body_title, self.body_label):
            box.addWidget(w)  # the document's full text last: it can be long
        box.addStretch(1)

        scroll = QScrollArea()
        scroll.setObjectName("taskDetailScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        scroll.setMinimumHeight(160)
        self.detail_scroll = scroll
        self.history_dialog: HistoryDialog | None = None
        self.history_action = QAction(self.tr("修改记录…"), self)
        self.history_action.setObjectName("taskHistoryAction")
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.history_action.triggered.connect(self.show_history)
        self.addAction(self.history_action)

    def _build_form(self) -> None:
        form = QGroupBox(self.tr("填报进展"))
        form.setObjectName("progressForm")
        grid = QGridLayout(form)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)

        self.month_edit = QDateEdit()
        self.month_edit.setObjectName("monthEdit")
        self.month_edit.setDisplayFormat("yyyy年M月")
        self.month_edit.setMinimumDate(QDate(2000, 1, 1))
        self.month_edit.setCurrentSection(QDateTimeEdit.Section.MonthSection)
        self.month_edit.setMinimumWidth(self.month_edit.fontMetrics().horizontalAdvance("2022年12月") + 40)
        self.month_edit.setToolTip(self.tr("填报月份（上下方向键切换）"))
        self.month_edit.dateChanged.connect(self._on_key_changed)

        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        self.unit_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit_combo.setMinimumContentsLength(8)
        self.unit_combo.view().setMinimumWidth(240)
        self.unit_combo.currentIndexChanged.connect(self._on_key_changed)

        self.percent_spin = PercentSpinBox()
        self.percent_spin.setObjectName("percentSpin")
        self.percent_spin.setSpecialValueText(self.tr("未填"))
        self.percent_spin.setToolTip(self.tr("完成进度 0–100%；退到最小为“未填”"))

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.addItem(self.tr("（未填）"), "")
        for status in REPORT_STATUSES:
            self.status_combo.addItem(status, status)
        self.status_combo.setMinimumWidth(self.status_combo.fontMetrics().horizontalAdvance("（未填）") + 48)

        def text_edit(name: str, hint: str, lines: int) -> QPlainTextEdit:
            edit = QPlainTextEdit()
            edit.setObjectName(name)
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 14)
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.MinimumExpanding)
            return edit

        self.progress_edit = text_edit("progressEdit", self.tr("本月做了什么、取得了哪些成效"), 4)
        self.problems_edit = text_edit("problemsEdit", self.tr("难点堵点（没有可不填）"), 2)
        self.next_steps_edit = text_edit("nextStepsEdit", self.tr("下月打算怎么推进"), 2)

        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("保存本月进展（Ctrl+Enter）"))
        self.save_button.clicked.connect(self.save)
        self.form_note = QLabel()
        self.form_note.setObjectName("formNote")
        self.form_note.setWordWrap(True)
        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.form_error.hide()

        def caption(text: str, buddy: QWidget) -> QLabel:
            lab = QLabel(text)
            lab.setBuddy(buddy)
            return lab

        def right_aligned(lab: QLabel) -> QLabel:
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return lab

        first = QHBoxLayout()
        first.setSpacing(6)
        first.addWidget(self.month_edit)
        first.addSpacing(10)
        first.addWidget(caption(self.tr("单位(&U)"), self.unit_combo))
        first.addWidget(self.unit_combo, 1)
        second = QHBoxLayout()
        second.setSpacing(6)
        second.addWidget(self.percent_spin)
        second.addSpacing(10)
        second.addWidget(caption(self.tr("状态(&S)"), self.status_combo))
        second.addWidget(self.status_combo)
        second.addStretch(1)
        grid.addWidget(right_aligned(caption(self.tr("月份(&M)"), self.month_edit)), 0, 0)
        grid.addLayout(first, 0, 1)
        grid.addWidget(right_aligned(caption(self.tr("进度(&P)"), self.percent_spin)), 1, 0)
        grid.addLayout(second, 1, 1)
        for row, (text, edit) in enumerate(
            [(self.tr("工作进展"), self.progress_edit), (self.tr("存在问题"), self.problems_edit),
             (self.tr("下步计划"), self.next_steps_edit)],
            start=2,
        ):
            lab = caption(text, edit)
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            lab.setContentsMargins(0, 4, 0, 0)
            grid.addWidget(lab, row, 0)
            grid.addWidget(edit, row, 1)
        bottom = QHBoxLayout()
        notes = QVBoxLayout()
        notes.setSpacing(2)
        notes.addWidget(self.form_error)
        notes.addWidget(self.form_note)
        bottom.addLayout(notes, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        grid.addLayout(bottom, 5, 0, 1, 2)
        grid.setRowStretch(2, 4)
        grid.setRowStretch(3, 3)
        grid.setRowStretch(4, 3)
        grid.setColumnStretch(1, 1)

        for key in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(key), form)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.form = form

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # first show: the table gets most width, the form its minimum height
            self._sized = True
            width = self.splitter.width()
            self.splitter.setSizes([width * 11 // 20, width - width * 11 // 20])
            height = self.right_splitter.height()
            form = min(max(self.form.minimumSizeHint().height() + 40, height * 2 // 5), height * 3 // 5)
            self.right_splitter.setSizes([height - form, form])

    # --- public interface ---------------------------------------------------------------

    def load(self, plan_id: int) -> None:
        """Show the tasks of ``plan_id`` judged today, keeping the selected task (and an
        unsaved form) when it is the same plan; else the first task is selected."""
        same_plan = plan_id == self._plan_id
        keep = self.current_task_id() if same_plan else None
        self._stash_draft(announce=False)
        if not same_plan:
            self._drafts.clear()
        try:
            rows = self._service.tasks(plan_id, self._today())
            due = self._service.due_month(plan_id, self._today())
        except UserError as exc:
            self.message.emit(str(exc))
            return
        self._plan_id = plan_id
        self._due_label = due.label if due is not None else None
        today = self._today()
        self.month_edit.setMaximumDate(QDate(today.year, today.month, 1).addMonths(1).addDays(-1))
        self._show_detail(None)
        self._loading = True
        try:
            self.model.set_rows(rows)
            self._fill_filters()
        finally:
            self._loading = False
        self._apply_filter()
        self.table.setColumnHidden(Column.TASK_FORCE, not self.model.task_forces())
        self.table.setColumnHidden(Column.UNITS, not self.model.units())
        if keep is not None and self.select_task(keep):
            return
        if self.model.rowCount():
            self.select_task(self.model.task_at(0).id)  # type: ignore[union-attr]

    def refresh(self) -> None:
        """Read the plan again (after an import, say), keeping the selection and the form."""
        if self._plan_id is not None:
            self.load(self._plan_id)

    def current_task_id(self) -> int | None:
        return self._detail.id if self._detail is not None else None

    def show_history(self) -> None:
        """Open the 修改记录 dialog of the selected task (non-blocking)."""
        task_id = self.current_task_id()
        if task_id is None:
            self.message.emit(self.tr("请先在左侧选择一项任务，再查看修改记录。"))
            return
        self.history_dialog = HistoryDialog(lambda _narrow: self._service.history(task_id), self)
        self.history_dialog.open()

    def select_task(self, task_id: int) -> bool:
        """Select ``task_id`` in the table (False when the filter hides it)."""
        row = self.model.row_of(task_id)
        if row is None:
            return False
        index = self.model.index(row, Column.TITLE)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.select_task(self.model.task_at(0).id)  # type: ignore[union-attr]

    def focus_form(self) -> None:
        if self._detail is not None:
            self.month_edit.setFocus(Qt.FocusReason.TabFocusReason)
            self.month_edit.setCurrentSection(QDateTimeEdit.Section.MonthSection)

    def save(self) -> bool:
        """Save the form as the selected task's progress; True when it was written."""
        detail = self._detail
        if detail is None:
            return False
        values = self._form_values()
        self.form_error.hide()
        try:
            self._service.save_progress(
                detail.id,
                values["period"],
                values["unit"],
                None if values["percent"] == NO_PERCENT else Decimal(str(values["percent"])),
                values["status"] or None,
                values["progress_text"],
                values["problems"],
                values["next_steps"],
                reported_on=self._today(),
            )
            row = self._service.task(detail.id, self._today())
            new_detail = self._service.detail(detail.id)
        except UserError as exc:
            self.form_error.setText(str(exc))
            self.form_error.show()
            self.message.emit(str(exc))
            return False
        self.model.update_row(row)
        self._update_status_counts()
        self._drafts.pop(detail.id, None)
        self._show_detail(new_detail, keep_form=True)
        self._snapshot = self._form_values()
        month = self.month_edit.date()
        text = self.tr("已保存任务 %s %d年%d月的进展，当前状态：%s。") % (
            detail.number, month.year(), month.month(), row.status)
        self.form_note.setText(text)
        self.message.emit(text)
        self.progress_saved.emit(detail.id)
        return True

    # --- filters ------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        def fill(box: QComboBox, all_text: str, values: list[str]) -> None:
            previous = box.currentData()
            with QSignalBlocker(box):
                box.clear()
                box.addItem(all_text, None)
                for value in values:
                    box.addItem(value, value)
                row = box.findData(previous) if previous is not None else 0
                box.setCurrentIndex(max(row, 0))
            box.setVisible(len(values) > 1)

        fill(self.unit_filter, self.tr("全部单位"), self.model.units())
        fill(self.task_force_filter, self.tr("全部专班"), self.model.task_forces())
        fill(self.group_filter, self.tr("全部类别"), self.model.groups())
        if self.model.groups() == self.model.task_forces():  # 专班 plans: one group per task force
            self.group_filter.setVisible(False)
        fill(self.status_filter, self.tr("全部状态"), list(TASK_STATUSES))
        self.status_filter.setVisible(True)
        self._update_status_counts()

    def _update_status_counts(self) -> None:
        counts = self.model.status_counts()
        for i in range(1, self.status_filter.count()):
            status = self.status_filter.itemData(i)
            symbol = LIGHT_SYMBOLS[_STATUS_LIGHTS.get(status, "green")]
            self.status_filter.setItemText(i, f"{symbol} {status}（{counts.get(status, 0)}）")

    def _apply_filter(self, *_args: object) -> None:
        if self._loading:
            return
        current = self.current_task_id()
        self.model.set_filter(
            TaskFilter(
                text=self.search.text().strip(),
                unit=self.unit_filter.currentData(),
                task_force=self.task_force_filter.currentData(),
                group=self.group_filter.currentData(),
                status=self.status_filter.currentData(),
            )
        )
        shown, total = self.model.rowCount(), self.model.total_count()
        text = self.tr("共 %d 项任务") % total if shown == total else self.tr("显示 %d 项 / 共 %d 项任务") % (shown, total)
        today = self._today()
        text += self.tr("　·　状态按 %d年%d月%d日 计算") % (today.year, today.month, today.day)
        if self._due_label:
            text += self.tr("，应报送 %s 进展") % self._due_label
        self.count_label.setText(text)
        if current is not None and not self.select_task(current):
            self._stash_draft()
            self._show_detail(None)

    # --- selection and detail -------------------------------------------------------------

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row: TaskRow | None = current.data(TaskRowRole) if current.isValid() else None
        if row is None:
            return
        if self._detail is not None and self._detail.id == row.id:
            return
        self._stash_draft()
        try:
            detail = self._service.detail(row.id)
        except UserError as exc:
            self.message.emit(str(exc))
            return
        self._show_detail(detail)

    def _show_detail(self, detail: TaskDetail | None, keep_form: bool = False) -> None:
        self._detail = detail
        self.form.setEnabled(detail is not None)
        self.history_button.setEnabled(detail is not None)
        self._clear_milestones()
        if detail is None:
            self.title_label.setText(self.tr("请在左侧选择一项任务"))
            self.facts_label.setText("")
            for w in (self.body_title, self.body_label, self.goals_title, self.goals_label,
                      self.milestones_title, self.reports_title, self.reports_label):
                w.hide()
            self.form.setTitle(self.tr("填报进展"))
            self._snapshot = None
            return
        self.title_label.setText(f"{detail.number}　{detail.title}")
        self.facts_label.setText(facts_html(detail, next((r for r in self.model.all_rows() if r.id == detail.id), None)))
        show_body = bool(detail.body) and (detail.body or "").strip() != detail.title.strip()
        self.body_label.setText(detail.body or "")
        self.body_title.setVisible(show_body)
        self.body_label.setVisible(show_body)
        self.goals_label.setText(goals_html(detail))
        self.goals_title.setVisible(bool(detail.goals))
        self.goals_label.setVisible(bool(detail.goals))
        self.milestones_title.setVisible(bool(detail.milestones))
        for i, m in enumerate(detail.milestones):
            check = QCheckBox(m.period_label or self.tr("节点%d") % (i + 1))
            check.setObjectName(f"milestone{m.id}")
            check.setChecked(m.done_on is not None)
            check.toggled.connect(lambda checked, mid=m.id: self._on_milestone(mid, checked))
            text = QLabel()
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setText(milestone_html(m.text, m.done_on))
            text.setBuddy(check)
            self.milestone_grid.addWidget(check, i, 0, Qt.AlignmentFlag.AlignTop)
            self.milestone_grid.addWidget(text, i, 1)
            self.milestone_checks[m.id] = check
        self.reports_title.setText(self.tr("以往进展（%d 条）") % len(detail.reports))
        self.reports_title.show()
        self.reports_label.setText(reports_html(detail) or self.tr("尚无进展记录。"))
        self.reports_label.show()
        self.form.setTitle(self.tr("填报进展 — 任务 %s") % detail.number)
        if keep_form:
            self._fill_units(detail, keep=True)
            self._update_form_note()
            return
        self._loading = True
        try:
            self._fill_units(detail, keep=False)
            draft = self._drafts.pop(detail.id, None)
            if draft is not None:
                self._set_form(draft)
                self._snapshot = None  # a draft is unsaved by definition
                self.form_note.setText(self.tr("已恢复未保存的草稿。"))
            else:
                today = self._today()
                self.month_edit.setDate(QDate(today.year, today.month, 1))
                self._load_existing_report()
        finally:
            self._loading = False
        self.form_error.hide()

    def _clear_milestones(self) -> None:
        self.milestone_checks.clear()
        while self.milestone_grid.count():
            item = self.milestone_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _on_milestone(self, milestone_id: int, checked: bool) -> None:
        detail = self._detail
        if detail is None:
            return
        done_on = self._today() if checked else None
        try:
            self._service.set_milestone_done(milestone_id, done_on)
        except UserError as exc:
            self.message.emit(str(exc))
            check = self.milestone_checks.get(milestone_id)
            if check is not None:
                with QSignalBlocker(check):
                    check.setChecked(not checked)
            return
        m = next(m for m in detail.milestones if m.id == milestone_id)
        label = self.milestone_grid.itemAtPosition(detail.milestones.index(m), 1)
        if label is not None and isinstance(label.widget(), QLabel):
            label.widget().setText(milestone_html(m.text, done_on))  # type: ignore[union-attr]
        name = m.period_label or m.text[:12]
        self.message.emit(
            self.tr("已将“%s”标记为完成。") % name if checked else self.tr("已取消“%s”的完成标记。") % name
        )
        self.progress_saved.emit(detail.id)

    # --- the form -------------------------------------------------------------------------

    def _fill_units(self, detail: TaskDetail, keep: bool) -> None:
        previous = self.unit_combo.currentData() if keep else None
        with QSignalBlocker(self.unit_combo):
            self.unit_combo.clear()
            for choice in detail.unit_choices:
                self.unit_combo.addItem(choice.label, choice.name or "")
            row = self.unit_combo.findData(previous) if previous is not None else 0
            self.unit_combo.setCurrentIndex(max(row, 0))
        self.unit_combo.setEnabled(self.unit_combo.count() > 1)

    def _period(self) -> str:
        date = self.month_edit.date()
        return f"{date.year()}-{date.month():02d}"

    def _form_values(self) -> dict[str, Any]:
        return {
            "period": self._period(),
            "unit": self.unit_combo.currentData() or None,
            "percent": round(self.percent_spin.value(), 1),
            "status": self.status_combo.currentData() or "",
            "progress_text": self.progress_edit.toPlainText(),
            "problems": self.problems_edit.toPlainText(),
            "next_steps": self.next_steps_edit.toPlainText(),
        }

    def _content(self, values: dict[str, Any] | None) -> tuple[Any, ...] | None:
        if values is None:
            return None
        return tuple(values[k] for k in ("percent", "status", "progress_text", "problems", "next_steps"))

    def _is_dirty(self) -> bool:
        values = self._form_values()
        if self._snapshot is None:
            return self._content(values) != (NO_PERCENT, "", "", "", "")
        return self._content(values) != self._content(self._snapshot)

    def _set_form(self, values: dict[str, Any]) -> None:
        year, month = (int(p) for p in values["period"].split("-"))
        self.month_edit.setDate(QDate(year, month, 1))
        row = self.unit_combo.findData(values["unit"] or "")
        if row >= 0:
            self.unit_combo.setCurrentIndex(row)
        self._set_content(values)

    def _set_content(self, values: dict[str, Any]) -> None:
        self.percent_spin.setValue(values["percent"])
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(values["status"] or ""), 0))
        self.progress_edit.setPlainText(values["progress_text"])
        self.problems_edit.setPlainText(values["problems"])
        self.next_steps_edit.setPlainText(values["next_steps"])

    def _existing(self) -> ReportInfo | None:
        if self._detail is None:
            return None
        return self._detail.report_for(self._period(), self.unit_combo.currentData() or None)

    def _load_existing_report(self) -> None:
        """Fill the form with the saved report of the chosen month and unit, or blank it."""
        report = self._existing()
        values = self._form_values()
        if report is None:
            values |= {"percent": NO_PERCENT, "status": "", "progress_text": "", "problems": "", "next_steps": ""}
        else:
            values |= {
                "percent": float(report.percent) if report.percent is not None else NO_PERCENT,
                "status": report.status or "",
                "progress_text": report.progress_text or "",
                "problems": report.problems or "",
                "next_steps": report.next_steps or "",
            }
        self._set_content(values)
        self._snapshot = self._form_values()
        self._update_form_note()

    def _on_key_changed(self, *_args: object) -> None:
        """Month or unit changed: show that month's saved report unless the clerk is typing."""
        if self._loading or self._detail is None:
            return
        if self._is_dirty():
            self._update_form_note()
        else:
            self._load_existing_report()

    def _update_form_note(self) -> None:
        report = self._existing()
        if report is None:
            self.form_note.setText(self.tr("该月尚未填报，保存后新增一条进展。"))
        else:
            when = report.reported_on.isoformat() if report.reported_on else self.tr("日期不详")
            origin = self.tr("导入") if report.origin == "import" else self.tr("填报")
            self.form_note.setText(self.tr("该月已有进展（%s于 %s），保存将更新它，原值记入修改记录。") % (origin, when))

    def _stash_draft(self, announce: bool = True) -> None:
        if self._detail is not None and self._is_dirty():
            self._drafts[self._detail.id] = self._form_values()
            if announce:
                self.message.emit(self.tr("任务 %s 的进展尚未保存，已暂存为草稿，回到该任务时恢复。") % self._detail.number)
