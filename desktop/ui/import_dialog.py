"""The import dialog: choose returned workbooks, read what would change, then write it.

The dialog talks to a narrow facade (the lead passes the services), never to the database:

``facade.preview(paths, options) -> ImportResult``   reads and compares; writes nothing.
``facade.commit(paths, options) -> ImportResult``    previews again and writes all or nothing.
``facade.sample(path) -> list[list[str]]``            optional: the first rows of the file's
                                                     first visible sheet, as text, shown in the
                                                     column-mapping step.

``options`` is a dict of :class:`desktop.services.importer.ImportOptions` fields: ``plan_id``,
``round_id``, ``unit``, ``period`` and ``mapping`` (``{'B': 'name', 'D': 'value:2024'}``).
Both calls run on the task runner's worker thread; their results come back as signals.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.periods import Period, PeriodError
from desktop.services.import_output import STATUS_LABELS
from desktop.ui.task_runner import BUSY, Cancelled, ProgressDialog, TaskRunner
from desktop.ui.banner import TONES, set_banner

if TYPE_CHECKING:
    from desktop.services.importer import Change, FilePreview, ImportResult

PathRole = Qt.ItemDataRole.UserRole + 1
RED = QColor("#c62828")
GREEN = QColor("#1b7f3b")
ORANGE = QColor("#b45309")
GREY = QColor("#7b8591")
DIALOG_STYLE = """
QLabel#banner { border-radius: 4px; padding: 6px 12px; font-weight: bold; }
QLabel#conflicts { background: #fdecea; color: #a31515; border: 1px solid #f1b0ab; border-radius: 4px;
                   padding: 6px 10px; }
QLabel#fileHead { font-weight: bold; color: #1f3b5c; }
QLabel#note { color: #5f6b77; }
QLabel#fileError { color: #a31515; }
QLabel#hint { color: #6b7580; }
QGroupBox { font-weight: bold; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 4px; }
QTableView { background: #ffffff; border: 1px solid #cfd5dc; alternate-background-color: #f7f9fb;
             gridline-color: #e6e9ed; }
QHeaderView::section { background: #eef1f4; border: none; border-right: 1px solid #dde1e6;
                       border-bottom: 1px solid #dde1e6; padding: 4px 6px; }
QPushButton:disabled { background: #f1f3f5; color: #9aa3ad; border-color: #d5dade; }
QLineEdit:disabled, QComboBox:disabled { background: #f1f3f5; color: #9aa3ad; }
""" + TONES

MAPPING_ROLES: tuple[tuple[str | None, str], ...] = (
    (None, "（自动识别）"),
    ("name", "指标名称"),
    ("value", "数值"),
    ("unit", "计量单位"),
    ("note", "备注"),
    ("ignore", "不导入"),
)
DEFAULT_MAPPING_COLUMNS = 8  # A–H when the facade cannot show the file's own columns


class ImportFacade(Protocol):
    def preview(self, paths: Sequence[Path], options: dict[str, Any]) -> ImportResult: ...
    def commit(self, paths: Sequence[Path], options: dict[str, Any]) -> ImportResult: ...


def period_label(text: str | None) -> str:
    if not text:
        return "未识别"
    try:
        return Period.parse(text).label
    except PeriodError:
        return text


def needs_mapping(f: FilePreview) -> bool:
    """A free-form file whose layout was not recognised: nothing read, rows left over."""
    return (
        f.template_id is None and f.already_imported is None and not f.errors and not f.changes
        and bool(f.not_understood or f.refused)
    )


def has_writes(result: ImportResult) -> bool:
    return any(
        f.already_imported is None and any(c.status != "unchanged" for c in f.changes) for f in result.files
    )


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_of(cell: str) -> str:
    return "".join(ch for ch in cell if ch.isascii() and ch.isalpha()).upper()


# --- worker-side functions (no widgets; run on the task runner's thread) ---------------------


def _preview_task(facade: ImportFacade, paths: list[Path], options: dict[str, Any], message: str,
                  cancelled: Callable[[], bool]) -> Generator[tuple[int, str], None, tuple[Any, dict[int, list[list[str]]]]]:
    yield BUSY, message
    result = facade.preview(paths, options)
    if cancelled():
        raise Cancelled
    samples: dict[int, list[list[str]]] = {}
    sample = getattr(facade, "sample", None)
    if sample is not None:
        for index, f in enumerate(result.files):
            if needs_mapping(f) and index < len(paths):
                if cancelled():
                    raise Cancelled
                samples[index] = sample(paths[index])
    return result, samples


def _commit_task(facade: ImportFacade, paths: list[Path], options: dict[str, Any],
                 message: str) -> Generator[tuple[int, str], None, Any]:
    yield BUSY, message
    return facade.commit(paths, options)


def _sample_task(facade: Any, index: int, path: Path) -> tuple[int, list[list[str]]]:
    return index, facade.sample(path)


# --- table models ------------------------------------------------------------------------------


class _PreviewTable(QAbstractTableModel):
    """Rows of one preview list under fixed headers; subclasses fill ``_rows`` and ``data``."""

    HEADERS: tuple[str, ...] = ()
    _rows: list[Any]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.HEADERS):
                return self.tr(self.HEADERS[section])
        return None


class ChangesModel(_PreviewTable):
    """Every value or progress entry a file would write (or found unchanged)."""

    HEADERS = ("状态", "指标/任务", "期间", "原值", "新值", "位置")
    COLORS = {"new": GREEN, "changed": ORANGE, "unchanged": GREY}

    def __init__(self, changes: Sequence[Change] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Change] = list(changes)
        self._rows: list[Change] = list(changes)
        self._hide_unchanged = False

    def set_hide_unchanged(self, hide: bool) -> None:
        self.beginResetModel()
        self._hide_unchanged = hide
        self._rows = [c for c in self._all if not (hide and c.status == "unchanged")]
        self.endResetModel()

    def change(self, row: int) -> Change:
        return self._rows[row]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts = (
                STATUS_LABELS.get(c.status, c.status), c.label, period_label(c.period),
                c.old if c.old is not None else "—", c.new if c.new is not None else "—", f"{c.sheet}!{c.cell}",
            )
            return texts[col] if 0 <= col < len(texts) else None
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QBrush(self.COLORS.get(c.status, GREY))
        if role == Qt.ItemDataRole.ForegroundRole and c.status == "unchanged":
            return QBrush(GREY)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class IssuesModel(_PreviewTable):
    """Refused cells (red, they block the import), rows not understood and warnings."""

    HEADERS = ("类型", "工作表", "位置", "内容", "原因 / 说明")

    def __init__(self, f: FilePreview | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str, str]] = []  # kind, sheet, where, text, reason
        if f is not None:
            for r in f.refused:
                self._rows.append(("拒绝", r.sheet, r.cell, r.text, r.reason))
            for n in f.not_understood:
                guess = (
                    f"没有对应的指标或任务；最接近“{n.best_guess}”（相似度 {n.score:.2f}）"
                    if n.best_guess and n.score is not None else "没有对应的指标或任务"
                )
                self._rows.append(("未识别", n.sheet, f"第 {n.row} 行", n.text, guess))
            for w in f.warnings:
                self._rows.append(("提示", w.sheet, w.cell, "", w.message))

    def kinds(self) -> list[str]:
        return [r[0] for r in self._rows]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[index.column()] if 0 <= index.column() < len(row) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row[0] == "拒绝":
                return QBrush(RED)
            if row[0] == "未识别":
                return QBrush(ORANGE)
        return None


def _table(model: QAbstractTableModel, stretch: int, widths: dict[int, int]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    view.setAcceptDrops(False)
    vh = view.verticalHeader()
    vh.setVisible(False)
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: no per-row measuring
    vh.setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setMinimumHeight(vh.defaultSectionSize() * 3 + 8)  # header and two rows: the splitter can squeeze
    hh = view.horizontalHeader()
    hh.setHighlightSections(False)
    hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column, width in widths.items():
        view.setColumnWidth(column, width)
    hh.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


# --- the column-mapping step -------------------------------------------------------------------


class ColumnMappingPanel(QGroupBox):
    """Say by hand which column holds the indicator names and which the values of which period.

    Signals:
        apply_requested(dict): the mapping, e.g. ``{'B': 'name', 'D': 'value:2024'}``.
    """

    apply_requested = Signal(dict)

    def __init__(self, hints: dict[str, str], columns: int, mapping: dict[str, str] | None,
                 several_files: bool, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("指定各列的含义"), parent)
        self.setObjectName("mappingPanel")
        text = self.tr(
            "程序没有认出这个表格的格式。请说明哪一列是指标名称、哪一列是哪个期间的数值，"
            "然后重新预览；导入后会按报送单位记住这个设置。"
        )
        if several_files:
            text += self.tr("<br><span style='color:#a31515'>注意：列的设置用于本次导入的所有文件；格式不同的文件请分开导入。</span>")
        intro = QLabel(text)
        intro.setWordWrap(True)
        intro.setObjectName("note")
        self.apply_button = QPushButton(self.tr("按此设置重新预览"))
        self.apply_button.setAutoDefault(False)
        self.apply_button.clicked.connect(self._apply)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        for col, text in enumerate((self.tr("列"), self.tr("内容示例"), self.tr("用途"), self.tr("期间（数值列）"))):
            head = QLabel(text)
            head.setObjectName("hint")
            grid.addWidget(head, 0, col)
        self.roles: dict[str, QComboBox] = {}
        self.periods: dict[str, QLineEdit] = {}
        self.samples: dict[str, QLabel] = {}
        existing = {k.upper(): v for k, v in (mapping or {}).items()}
        for row in range(1, columns + 1):
            letter = column_letter(row)
            grid.addWidget(QLabel(f"<b>{letter}</b>"), row, 0)
            sample = QLabel(hints.get(letter, ""))
            sample.setObjectName("note")
            sample.setToolTip(hints.get(letter, ""))
            sample.setMinimumWidth(200)
            sample.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(sample, row, 1)
            self.samples[letter] = sample
            role = QComboBox()
            role.setMinimumWidth(role.fontMetrics().horizontalAdvance("（自动识别）") + 48)
            for key, label in MAPPING_ROLES:
                role.addItem(self.tr(label), key)
            period = QLineEdit()
            period.setFixedWidth(220)
            period.setPlaceholderText(self.tr("如 2024；空着用报送期"))
            period.setAcceptDrops(False)
            role_text, _, period_text = existing.get(letter, "").partition(":")
            if role_text:
                role.setCurrentIndex(max(0, role.findData(role_text)))
                period.setText(period_text)
            period.setEnabled(role.currentData() == "value")
            role.currentIndexChanged.connect(self._on_role_changed)
            grid.addWidget(role, row, 2)
            grid.addWidget(period, row, 3)
            self.roles[letter] = role
            self.periods[letter] = period
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        scroll.setMinimumHeight(min(columns, 2) * (role.sizeHint().height() + 4) + 24)
        layout.addWidget(scroll, 1)

        self.error = QLabel()
        self.error.setObjectName("fileError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)

    def set_role(self, letter: str, role: str | None, period: str = "") -> None:
        combo = self.roles[letter.upper()]
        combo.setCurrentIndex(max(0, combo.findData(role)))
        self.periods[letter.upper()].setText(period)

    @Slot(int)
    def _on_role_changed(self, _index: int) -> None:
        sender = self.sender()
        for letter, combo in self.roles.items():
            if combo is sender:
                self.periods[letter].setEnabled(combo.currentData() == "value")
                if combo.currentData() == "name":  # one name column: the others step back
                    for other in self.roles.values():
                        if other is not combo and other.currentData() == "name":
                            other.setCurrentIndex(0)

    def mapping(self) -> dict[str, str]:
        """The mapping typed so far; raises ``ValueError`` (Chinese) for an unreadable period."""
        out: dict[str, str] = {}
        for letter, combo in self.roles.items():
            role = combo.currentData()
            if role is None:
                continue
            text = self.periods[letter].text().strip()
            if role == "value" and text:
                try:
                    text = str(Period.parse(text))
                except PeriodError as exc:
                    raise ValueError(self.tr("%s列的期间：%s") % (letter, exc)) from exc
                out[letter] = f"value:{text}"
            else:
                out[letter] = role
        return out

    @Slot()
    def _apply(self) -> None:
        try:
            mapping = self.mapping()
        except ValueError as exc:
            self._show_error(str(exc))
            return
        if "name" not in mapping.values():
            self._show_error(self.tr("请指定哪一列是指标名称。"))
            return
        if not any(v.startswith("value") for v in mapping.values()):
            self._show_error(self.tr("请至少指定一列数值。"))
            return
        self.error.hide()
        self.apply_requested.emit(mapping)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


# --- one file's preview ------------------------------------------------------------------------


class FilePreviewPage(QWidget):
    """What one file would change, what was refused or not understood, and how it was read."""

    mapping_requested = Signal(dict)
    sample_wanted = Signal(int)

    def __init__(self, index: int, f: FilePreview, sample: list[list[str]] | None, mapping: dict[str, str] | None,
                 several_files: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.preview = f
        self._mapping = mapping
        self._several = several_files
        self.mapping_panel: ColumnMappingPanel | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)

        kind = self.tr("报送模板") if f.template_id else self.tr("自由格式")
        head = QLabel(self.tr("%s　·　单位：%s　·　期间：%s") % (kind, f.unit or self.tr("未识别"), period_label(f.period)))
        head.setObjectName("fileHead")
        self.mapping_toggle = QPushButton(self.tr("指定各列的含义…"))
        self.mapping_toggle.setCheckable(True)
        self.mapping_toggle.setAutoDefault(False)
        self.mapping_toggle.setToolTip(self.tr("表格格式没有被认出时，说明哪一列是指标名称、哪一列是哪个期间的数值"))
        self.mapping_toggle.toggled.connect(self._toggle_mapping)
        self.mapping_toggle.setVisible(
            f.template_id is None and f.already_imported is None and not f.errors
            and bool(needs_mapping(f) or f.not_understood or f.refused or mapping)
        )
        head_row = QHBoxLayout()
        head_row.setSpacing(16)
        head_row.addWidget(head)
        self.head_row = head_row
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        if f.already_imported is not None:
            self.summary.setText(self.tr("与导入批次 %d 的文件完全相同，已导入过，本次不做任何修改。") % f.already_imported)
        else:
            self.summary.setText(self.tr("新增 %d 项，修改 %d 项，未变 %d 项；未识别 %d 行；拒绝 %d 项；提示 %d 条") % (
                f.count("new"), f.count("changed"), f.count("unchanged"), len(f.not_understood), len(f.refused),
                len(f.warnings)))
        head_row.addWidget(self.summary, 1)
        head_row.addWidget(self.mapping_toggle)
        layout.addLayout(head_row)
        for e in f.errors:
            label = QLabel(self.tr("错误：%s") % e)
            label.setObjectName("fileError")
            label.setWordWrap(True)
            layout.addWidget(label)
        if f.notes:
            notes = QLabel("\n".join(self.tr("说明：%s") % n for n in f.notes))
            notes.setObjectName("note")
            notes.setWordWrap(True)
            notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(notes)

        self._sample = sample

        self.changes_model = ChangesModel(f.changes, self)
        self.issues_model = IssuesModel(f, self)
        self.changes_view = _table(self.changes_model, 1, {0: 64, 2: 110, 3: 110, 4: 110, 5: 110})
        self.issues_view = _table(self.issues_model, 4, {0: 60, 1: 80, 2: 70, 3: 170})
        self.hide_unchanged = QCheckBox(self.tr("只显示新增和修改"))
        self.hide_unchanged.setVisible(f.count("unchanged") > 0)
        self.hide_unchanged.toggled.connect(self.changes_model.set_hide_unchanged)

        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        if f.changes:
            top = QWidget()
            top_layout = QVBoxLayout(top)
            top_layout.setContentsMargins(0, 4, 0, 0)
            bar = QHBoxLayout()
            bar.addWidget(QLabel(self.tr("<b>文件中读到的数据</b>（%d 项）") % len(f.changes)))
            bar.addStretch(1)
            bar.addWidget(self.hide_unchanged)
            top_layout.addLayout(bar)
            top_layout.addWidget(self.changes_view)
            splitter.addWidget(top)
            splitter.setStretchFactor(splitter.count() - 1, 3)
        if self.issues_model.rowCount():
            bottom = QWidget()
            bottom_layout = QVBoxLayout(bottom)
            bottom_layout.setContentsMargins(0, 4, 0, 0)
            kinds = self.issues_model.kinds()
            bottom_layout.addWidget(QLabel(self.tr("<b>需要处理的问题</b>（拒绝 %d，未识别 %d，提示 %d；"
                                                   "<span style='color:#c62828'>红色</span>的必须改正后才能导入）")
                                           % (kinds.count("拒绝"), kinds.count("未识别"), kinds.count("提示"))))
            bottom_layout.addWidget(self.issues_view)
            splitter.addWidget(bottom)
            splitter.setStretchFactor(splitter.count() - 1, 2)
        layout.addWidget(splitter, 1)
        splitter.setVisible(bool(splitter.count()))
        if not splitter.count():
            layout.addStretch(1)
        if needs_mapping(f):
            self.mapping_toggle.setChecked(True)

    def hints(self) -> dict[str, str]:
        """Text per column: the file's first rows when the facade gave them, else refused cells."""
        hints: dict[str, list[str]] = {}
        if self._sample:
            for row in self._sample[:8]:
                for col, text in enumerate(row, 1):
                    if text and str(text).strip():
                        hints.setdefault(column_letter(col), []).append(str(text).strip())
        else:
            for r in self.preview.refused:
                hints.setdefault(_column_of(r.cell), []).append(r.text)
        return {k: " / ".join(v[:3]) for k, v in hints.items()}

    def columns(self) -> int:
        width = max((len(r) for r in self._sample or []), default=0)
        if width:
            return min(width, 26)
        letters = [_column_of(r.cell) for r in self.preview.refused] + [_column_of(w.cell) for w in self.preview.warnings]
        numbers = [sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(s))) for s in letters if s]
        return min(max([DEFAULT_MAPPING_COLUMNS, *numbers]), 26)

    def set_sample(self, sample: list[list[str]]) -> None:
        self._sample = sample
        if self.mapping_panel is not None:
            self._rebuild_panel()

    @Slot(bool)
    def _toggle_mapping(self, on: bool) -> None:
        if on:
            if self._sample is None:
                self.sample_wanted.emit(self.index)
            self._rebuild_panel()
        elif self.mapping_panel is not None:
            self.mapping_panel.deleteLater()
            self.mapping_panel = None

    def _rebuild_panel(self) -> None:
        if self.mapping_panel is not None:
            self.mapping_panel.deleteLater()
        self.mapping_panel = ColumnMappingPanel(self.hints(), self.columns(), self._mapping, self._several, self)
        self.mapping_panel.apply_requested.connect(self.mapping_requested)
        # First in the splitter: the clerk can give it room, or the tables, as needed.
        self.splitter.insertWidget(0, self.mapping_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setVisible(True)
        # The panel as tall as it wants (the tables keep a few rows); proportions once shown.
        others = [min(w.sizeHint().height(), 140) for i in range(1, self.splitter.count())
                  if (w := self.splitter.widget(i)) is not None]
        self.splitter.setSizes([self.mapping_panel.sizeHint().height(), *others])


# --- the dialog --------------------------------------------------------------------------------


class ImportDialog(QDialog):
    """Import returned workbooks: add files, 预览, read the changes, 导入.

    Signals:
        imported(list): the batch ids just written (refresh views, offer undo).
    """

    imported = Signal(list)

    def __init__(self, facade: ImportFacade, plan_id: int, rounds: Sequence[Any] = (),
                 files: Sequence[Path | str] = (), parent: QWidget | None = None, *,
                 units: Sequence[str] = (), runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.facade = facade
        self.plan_id = plan_id
        self.setWindowTitle(self.tr("导入报送文件"))
        self.setObjectName("importDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.setAcceptDrops(True)
        screen = self.screen().availableGeometry() if self.screen() else None
        # Many office screens are 1366×768: fit there, use more room where there is some.
        self.resize(min(1180, screen.width() - 60) if screen else 1040, min(820, screen.height() - 60) if screen else 700)
        # Replaceable in tests: (parent, caption, directory, filter) -> (paths, chosen filter)
        self.ask_files: Callable[..., tuple[list[str], str]] = QFileDialog.getOpenFileNames
        self.result_data: ImportResult | None = None
        self.batch_ids: list[int] = []
        self.mapping: dict[str, str] | None = None
        self._samples: dict[int, list[list[str]]] = {}
        self._preview_paths: list[Path] = []
        self._committing = False

        self.runner = runner or TaskRunner(self)
        self.runner.finished.connect(self._on_task_finished)
        self.runner.failed.connect(self._on_task_failed)
        self.runner.cancelled.connect(self._on_task_cancelled)
        self.runner.ended.connect(self._update_buttons)
        self._task: str | None = None
        self.sample_runner = TaskRunner(self)
        self.sample_runner.finished.connect(self._on_sample)

        # files
        self.files_model = QStandardItemModel(self)
        self.files_view = QListView()
        self.files_view.setModel(self.files_model)
        self.files_view.setUniformItemSizes(True)
        self.files_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.files_view.setAcceptDrops(False)
        self.files_view.setFixedHeight(self.files_view.fontMetrics().height() * 3 + 22)
        self.add_button = QPushButton(self.tr("添加文件…"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(self.tr("移除所选"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        remove_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files_view)
        remove_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_shortcut.activated.connect(self.remove_selected)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_button)
        file_buttons.addWidget(self.remove_button)
        file_buttons.addStretch(1)
        self.drop_hint = drop_hint = QLabel(self.tr("也可以把文件直接拖到这个窗口（可一次拖入多个）。"))
        drop_hint.setObjectName("hint")
        files_box = QGroupBox(self.tr("要导入的文件"))
        files_grid = QGridLayout(files_box)
        files_grid.addWidget(self.files_view, 0, 0)
        files_grid.addLayout(file_buttons, 0, 1)
        files_grid.addWidget(drop_hint, 1, 0, 1, 2)

        # options
        self.round_combo = QComboBox()
        self.round_combo.addItem(self.tr("（不指定）"), None)
        self._round_periods: dict[int, str] = {}
        for r in rounds:
            self.round_combo.addItem(self.tr("%s（截止 %s）") % (r.period_label, r.due), r.id)
            self._round_periods[r.id] = r.period_label
        self.round_combo.currentIndexChanged.connect(self._on_round_changed)
        self.unit_edit = QComboBox()
        self.unit_edit.setEditable(True)
        self.unit_edit.addItem("")
        self.unit_edit.addItems(list(units))
        self.unit_edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_edit.setMinimumWidth(200)
        self.unit_edit.setAcceptDrops(False)
        unit_line = self.unit_edit.lineEdit()
        assert unit_line is not None
        unit_line.setPlaceholderText(self.tr("文件中未写明时使用"))
        unit_line.setAcceptDrops(False)
        self.unit_edit.currentTextChanged.connect(self._mark_stale)
        self.period_edit = QLineEdit()
        self.period_edit.setPlaceholderText(self.tr("如 2024、2024年上半年、2024-06"))
        self.period_edit.setToolTip(self.tr("文件中未写明期间时使用"))
        self.period_edit.setAcceptDrops(False)
        self.period_edit.setMinimumWidth(190)
        self.period_edit.textChanged.connect(self._mark_stale)
        options = QFormLayout()
        options.setContentsMargins(0, 0, 0, 0)
        options.setVerticalSpacing(6)
        if rounds:
            options.addRow(self.tr("报送轮次"), self.round_combo)
        else:
            self.round_combo.hide()
        options.addRow(self.tr("报送单位"), self.unit_edit)
        options.addRow(self.tr("报送期"), self.period_edit)
        self.mapping_label = QLabel()
        self.mapping_label.setObjectName("hint")
        self.clear_mapping_button = QPushButton(self.tr("清除列设置"))
        self.clear_mapping_button.setAutoDefault(False)
        self.clear_mapping_button.clicked.connect(self.clear_mapping)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.mapping_label)
        mapping_row.addWidget(self.clear_mapping_button)
        mapping_row.addStretch(1)
        options_hint = QLabel(self.tr("两项都可不填：只在文件中没有写明单位或期间时使用。"))
        options_hint.setObjectName("hint")
        options_box = QGroupBox(self.tr("导入选项"))
        options_layout = QVBoxLayout(options_box)
        options_layout.addLayout(options)
        options_layout.addWidget(options_hint)
        options_layout.addLayout(mapping_row)
        options_layout.addStretch(1)

        # results
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflicts_label = QLabel()
        self.conflicts_label.setObjectName("conflicts")
        self.conflicts_label.setWordWrap(True)
        self.conflicts_label.hide()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.tabs.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        # buttons
        self.buttons = QDialogButtonBox()
        self.preview_button = self.buttons.addButton(self.tr("预览"), QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = self.buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.preview_button.clicked.connect(self.run_preview)
        self.import_button.clicked.connect(self.run_commit)
        self.cancel_button.clicked.connect(self.reject)
        for b in (self.preview_button, self.import_button, self.cancel_button):
            b.setAutoDefault(False)
        self.preview_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(files_box, 3)
        top.addWidget(options_box, 4)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.conflicts_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self.progress_dialog = ProgressDialog(self.runner, self.tr("正在处理……"), self, title=self.tr("导入"))
        self._set_banner("info", self.tr("请添加要导入的文件，然后点“预览”查看将要写入的数据。导入前不会修改任何数据。"))
        self._update_mapping_label()
        self.add_files(files)

    # --- files ------------------------------------------------------------------------------

    def paths(self) -> list[Path]:
        return [Path(self.files_model.item(r).data(PathRole)) for r in range(self.files_model.rowCount())]

    def add_files(self, files: Sequence[Path | str]) -> int:
        """Add files not yet listed; returns how many were added."""
        known = {p.resolve() for p in self.paths()}
        added = 0
        for name in files:
            path = Path(name)
            if path.is_dir() or path.resolve() in known:
                continue
            known.add(path.resolve())
            item = QStandardItem(path.name)
            item.setToolTip(str(path))
            item.setData(str(path), PathRole)
            item.setEditable(False)
            self.files_model.appendRow(item)
            added += 1
        if added:
            self._mark_stale()
        self.drop_hint.setVisible(not self.files_model.rowCount())
        return added

    @Slot()
    def choose_files(self) -> None:
        start = str(self.paths()[-1].parent) if self.paths() else ""
        names, _filter = self.ask_files(self, self.tr("选择各单位报送的文件"), start, self.tr("Excel 文件 (*.xlsx *.xlsm *.xls *.et *.csv);;所有文件 (*)"))
        self.add_files(names)

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.files_view.selectionModel().selectedIndexes()}, reverse=True)
        for row in rows:
            self.files_model.removeRow(row)
        self.drop_hint.setVisible(not self.files_model.rowCount())
        if rows:
            self._mark_stale()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._busy():
            event.ignore()
            return
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls() and not self._busy():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._busy():
            event.ignore()
            return
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files(files)
        event.acceptProposedAction()

    # --- options ----------------------------------------------------------------------------

    @Slot(int)
    def _on_round_changed(self, _index: int) -> None:
        round_id = self.round_combo.currentData()
        if round_id is not None:
            self.period_edit.setText(self._round_periods.get(round_id, ""))
        self._mark_stale()

    def options(self) -> dict[str, Any]:
        """ImportOptions fields for the facade; raises ValueError (Chinese) for a bad period."""
        period = self.period_edit.text().strip() or None
        if period is not None:
            try:
                period = str(Period.parse(period))
            except PeriodError as exc:
                raise ValueError(self.tr("报送期无效：%s") % exc) from exc
        return {
            "plan_id": self.plan_id,
            "round_id": self.round_combo.currentData(),
            "unit": self.unit_edit.currentText().strip() or None,
            "period": period,
            "mapping": dict(self.mapping) if self.mapping else None,
        }

    @Slot()
    def clear_mapping(self) -> None:
        self.mapping = None
        self._update_mapping_label()
        self._mark_stale()

    def _update_mapping_label(self) -> None:
        if not self.mapping:
            self.mapping_label.hide()
            self.clear_mapping_button.hide()
            return
        names = dict((k, v) for k, v in MAPPING_ROLES if k)
        parts = []
        for col, target in self.mapping.items():
            role, _, period = target.partition(":")
            text = names.get(role, role)
            if role == "value" and period:
                text = f"{period_label(period)}数值"
            parts.append(f"{col}列＝{text}")
        self.mapping_label.setText(self.tr("已指定列：%s") % "，".join(parts))
        self.mapping_label.show()
        self.clear_mapping_button.show()

    # --- preview ----------------------------------------------------------------------------

    def _busy(self) -> bool:
        return self.runner.is_running()

    @Slot()
    def _mark_stale(self, *_args: Any) -> None:
        if self.result_data is not None and not self._busy():
            self.result_data = None
            self._set_banner("info", self.tr("文件或选项已改变，请重新点“预览”。"))
        self._update_buttons()

    @Slot()
    def run_preview(self) -> None:
        paths = self.paths()
        if not paths:
            self._set_banner("bad", self.tr("还没有添加文件。请点“添加文件…”或把文件拖到这个窗口。"))
            return
        try:
            options = self.options()
        except ValueError as exc:
            self._set_banner("bad", str(exc))
            return
        self._task = "preview"
        self._preview_paths = paths
        self.progress_dialog.set_cancellable(True)
        self.progress_dialog.setLabelText(self.tr("正在读取并比对 %d 个文件……") % len(paths))
        self._set_banner("info", self.tr("正在预览……"))
        self.runner.start(_preview_task, self.facade, paths, options, self.tr("正在读取并比对 %d 个文件……") % len(paths))
        self._update_buttons()

    @Slot()
    def run_commit(self) -> None:
        if not self.can_import():
            return
        try:
            options = self.options()
        except ValueError as exc:
            self._set_banner("bad", str(exc))
            return
        self._task = "commit"
        self._committing = True
        message = self.tr("正在写入数据库……（所有文件一起写入，请勿关闭程序）")
        self.progress_dialog.set_cancellable(False)  # one transaction: it runs to its end
        self.progress_dialog.setLabelText(message)
        self._set_banner("info", message)
        self.runner.start(_commit_task, self.facade, list(self._preview_paths), options, message)
        self._update_buttons()

    def can_import(self) -> bool:
        return (
            self.result_data is not None and not self.result_data.committed and not self.result_data.blocked
            and has_writes(self.result_data) and not self._busy()
        )

    @Slot(object)
    def _on_task_finished(self, payload: object) -> None:
        task, self._task = self._task, None
        if task == "preview":
            result, samples = cast("tuple[ImportResult, dict[int, list[list[str]]]]", payload)
            self._samples = dict(samples)
            self.show_result(result)
        elif task == "commit":
            self._committing = False
            self._show_commit(cast("ImportResult", payload))

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        task, self._task = self._task, None
        self._committing = False
        if task == "commit":
            self._set_banner("bad", self.tr("导入没有完成，未写入任何数据：%s") % message)
        else:
            self._set_banner("bad", message)

    @Slot()
    def _on_task_cancelled(self) -> None:
        self._task = None
        self._committing = False
        self._set_banner("info", self.tr("已取消预览。"))

    def show_result(self, result: ImportResult) -> None:
        self.result_data = result
        self._fill_tabs(result)
        conflicts = [
            self.tr("冲突：%s（%s）两个文件的数值不同：%s；%s") % (c.label, period_label(c.period), c.first, c.second)
            for c in result.conflicts
        ]
        if conflicts:
            shown = conflicts[:10] + ([self.tr("……另有 %d 项冲突") % (len(conflicts) - 10)] if len(conflicts) > 10 else [])
            self.conflicts_label.setText("\n".join(shown))
        self.conflicts_label.setVisible(bool(conflicts))
        new = sum(f.count("new") for f in result.files if f.already_imported is None)
        changed = sum(f.count("changed") for f in result.files if f.already_imported is None)
        warnings = sum(len(f.warnings) for f in result.files)
        if result.blocked:
            refused = sum(len(f.refused) for f in result.files)
            self._set_banner("bad", self.tr(
                "存在错误或冲突，不能导入（拒绝 %d 项，冲突 %d 项）。请按下面的说明修改文件后重新预览。"
            ) % (refused, len(result.conflicts)))
        elif not has_writes(result):
            self._set_banner("info", self.tr("没有需要写入的变化。"))
        else:
            text = self.tr("可以导入：新增 %d 项，修改 %d 项。核对无误后点“导入”。") % (new, changed)
            if warnings:
                text += self.tr("另有 %d 条提示，请留意。") % warnings
            self._set_banner("ok", text)
        self._update_buttons()

    def _fill_tabs(self, result: ImportResult) -> None:
        current = self.tabs.currentIndex()
        while self.tabs.count():
            old = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if old is not None:
                old.deleteLater()
        style = self.style()
        for index, f in enumerate(result.files):
            page = FilePreviewPage(index, f, self._samples.get(index), self.mapping, len(result.files) > 1)
            page.mapping_requested.connect(self.apply_mapping)
            page.sample_wanted.connect(self._fetch_sample)
            if f.blocked:
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
            elif needs_mapping(f) or f.not_understood or f.warnings:
                icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            else:
                icon = style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
            self.tabs.addTab(page, icon, f.file_name)
            self.tabs.setTabToolTip(index, str(self._preview_paths[index]) if index < len(self._preview_paths) else f.file_name)
        if 0 <= current < self.tabs.count():
            self.tabs.setCurrentIndex(current)
        else:
            first_bad = next((i for i, f in enumerate(result.files) if f.blocked or needs_mapping(f)), 0)
            self.tabs.setCurrentIndex(first_bad)

    def page(self, index: int) -> FilePreviewPage:
        page = self.tabs.widget(index)
        assert isinstance(page, FilePreviewPage)
        return page

    @Slot(dict)
    def apply_mapping(self, mapping: dict[str, str]) -> None:
        self.mapping = dict(mapping)
        self._update_mapping_label()
        self.result_data = None
        self.run_preview()

    @Slot(int)
    def _fetch_sample(self, index: int) -> None:
        if not hasattr(self.facade, "sample") or index >= len(self._preview_paths) or self.sample_runner.is_running():
            return
        self.sample_runner.start(_sample_task, self.facade, index, self._preview_paths[index])

    @Slot(object)
    def _on_sample(self, payload: object) -> None:
        index, sample = cast("tuple[int, list[list[str]]]", payload)
        self._samples[index] = sample
        if index < self.tabs.count():
            self.page(index).set_sample(sample)

    def _show_commit(self, result: ImportResult) -> None:
        if not result.committed:
            self.show_result(result)
            if not result.blocked:
                self._set_banner("info", self.tr("没有需要写入的变化。"))
            return
        self.result_data = result
        self.batch_ids = list(result.batch_ids)
        ids = "、".join(str(i) for i in result.batch_ids)
        new = sum(f.count("new") for f in result.files if f.already_imported is None)
        changed = sum(f.count("changed") for f in result.files if f.already_imported is None)
        self._set_banner("ok", self.tr("已导入，批次 %s：新增 %d 项，修改 %d 项。如需撤销，可按批次编号撤销。") % (ids, new, changed))
        self.cancel_button.setText(self.tr("关闭"))
        self._update_buttons()
        self.imported.emit(list(result.batch_ids))

    def _set_banner(self, tone: str, text: str) -> None:
        set_banner(self.banner, tone, text)

    def banner_text(self) -> str:
        return self.banner.text()

    @Slot()
    def _update_buttons(self) -> None:
        busy = self._busy()
        for w in (self.add_button, self.remove_button, self.round_combo, self.unit_edit, self.period_edit,
                  self.clear_mapping_button, self.tabs):
            w.setEnabled(not busy)
        self.preview_button.setEnabled(not busy and bool(self.files_model.rowCount()))
        self.import_button.setEnabled(self.can_import())
        self.cancel_button.setEnabled(not self._committing)
        default = (self.import_button if self.import_button.isEnabled()
                   else self.cancel_button if self.batch_ids else self.preview_button)
        default.setDefault(True)
        self.import_button.setToolTip(
            "" if self.import_button.isEnabled()
            else self.tr("先预览；有拒绝的单元格、冲突或没有需要写入的变化时不能导入。")
        )

    # --- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        if self._committing:
            return  # one transaction is being written: it finishes on its own in a moment
        if self._busy():
            self.runner.cancel()
        if self.batch_ids:
            self.accept()  # something was imported: the caller refreshes
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._committing:
            event.ignore()
            return
        super().closeEvent(event)

