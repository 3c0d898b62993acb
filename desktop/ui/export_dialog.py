"""The export dialog: pick an official report (or a unit's collection template), where to
save it, and write it on the worker thread; then open the file or its folder.

The dialog talks to a narrow facade (the lead passes the services):

``facade.export(report, plan_id, out, period, unit) -> Path``     a report of ``REPORTS``
``facade.export_template(plan_id, unit, period, out) -> Path``    one unit's 报送模板
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.report_catalog import REPORTS
from desktop.ui.task_runner import BUSY, ProgressDialog, TaskRunner
from desktop.ui.banner import TONES, set_banner

TEMPLATE = "template"
# How every message of a failed write begins (desktop.workbooks.styles.save_atomic's
# ReportWriteError): the export can be tried again at another path.
WRITE_FAILED = "无法保存"
TEMPLATE_DESCRIPTION = "单位报送模板（发给一个单位填写后交回）"
ReportRole = Qt.ItemDataRole.UserRole + 1

# What each report asks for: (period label, period required), (unit label, unit required)
PERIOD_FIELDS: dict[str, tuple[str, bool]] = {
    "task-progress": ("月份", False),
    "missing": ("报送期", False),
    "bulletin": ("报送期", False),
    TEMPLATE: ("报送期", True),
}
PERIOD_HINTS = {
    "task-progress": "空着为本月；如 2024-06、2024年6月",
    "missing": "空着为上一报送期；如 2024、2024-06",
    "bulletin": "空着为上一报送期；如 2024、2024-06",
    TEMPLATE: "必填，如 2024、2024年上半年、2024-06",
}
UNIT_FIELDS: dict[str, tuple[str, bool]] = {
    "task-progress": ("责任单位", False),
    "missing": ("单位", False),
    TEMPLATE: ("报送单位", True),
}
DIALOG_STYLE = """
QLabel#banner { border-radius: 4px; padding: 8px 12px; }
QLabel#hint { color: #6b7580; }
QListView#reportList::item { padding: 6px 4px; }
QGroupBox { font-weight: bold; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 4px; }
QPushButton:disabled { background: #f1f3f5; color: #9aa3ad; border-color: #d5dade; }
""" + TONES


class ExportFacade(Protocol):
    def export(self, report: str, plan_id: int, out: Path, period: str | None, unit: str | None) -> Path: ...
    def export_template(self, plan_id: int, unit: str, period: str, out: Path) -> Path: ...


def short_title(description: str) -> str:
    """'指标体系（聊城 附件2 格式）' → '指标体系' (for file names)."""
    return re.split(r"[（(]", description, maxsplit=1)[0].strip() or description


def safe_file_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", name).strip(" .") or "导出"


def suffix_for(report: str) -> str:
    return ".docx" if report == "bulletin" else ".xlsx"


def _export_task(facade: ExportFacade, report: str, plan_id: int, out: Path, period: str | None,
                 unit: str | None, message: str) -> Generator[tuple[int, str], None, Path]:
    """Runs on the worker: no widgets here."""
    yield BUSY, message
    if report == TEMPLATE:
        assert unit is not None and period is not None
        return Path(facade.export_template(plan_id, unit, period, out))
    return Path(facade.export(report, plan_id, out, period, unit))


class ExportDialog(QDialog):
    """Export an official report or a collection template.

    Signals:
        exported(object): the Path written.
    """

    exported = Signal(object)

    def __init__(self, facade: ExportFacade, plan_id: int, plan_name: str, parent: QWidget | None = None, *,
                 units: Sequence[str] = (), periods: Sequence[str] = (), directory: Path | str | None = None,
                 report: str | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.facade = facade
        self.plan_id = plan_id
        self.plan_name = plan_name
        self.setWindowTitle(self.tr("导出报表"))
        self.setObjectName("exportDialog")
        self.setStyleSheet(DIALOG_STYLE)
        self.resize(900, 460)
        # Replaceable in tests.
        self.ask_save_path: Callable[..., tuple[str, str]] = QFileDialog.getSaveFileName
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.confirm_overwrite: Callable[[Path], bool] = self._confirm_overwrite
        self.ask_other_path: Callable[[str], bool] = self._ask_other_path
        self.written: Path | None = None
        self._overwrite_ok: Path | None = None  # a path the clerk already agreed to replace
        self._auto_name = True
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.directory = Path(directory) if directory else Path(docs or Path.home())

        self.runner = runner or TaskRunner(self)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.ended.connect(self._update_buttons)
        self.progress_dialog = ProgressDialog(self.runner, self.tr("正在导出……"), self, title=self.tr("导出"),
                                              cancellable=False)

        # the reports
        self.model = QStandardItemModel(self)
        for name, description in [*REPORTS.items(), (TEMPLATE, TEMPLATE_DESCRIPTION)]:
            item = QStandardItem(self.tr(description))
            item.setData(name, ReportRole)
            item.setToolTip(description)
            item.setEditable(False)
            self.model.appendRow(item)
        self.list = QListView()
        self.list.setObjectName("reportList")
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        longest = max([*REPORTS.values(), TEMPLATE_DESCRIPTION], key=len)
        self.list.setMinimumWidth(self.list.fontMetrics().horizontalAdvance(longest) + 40)
        self.list.setStyleSheet("QListView::item { padding: 5px 4px; }")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.selectionModel().currentChanged.connect(self._on_report_changed)
        reports_box = QGroupBox(self.tr("报表"))
        QVBoxLayout(reports_box).addWidget(self.list)

        # the choices
        self.description = QLabel()  # the kind of file written
        self.description.setWordWrap(True)
        self.period_label = QLabel(self.tr("报送期"))
        self.period_combo = QComboBox()
        self.period_combo.setEditable(True)
        self.period_combo.addItem("")
        self.period_combo.addItems(list(periods))
        self.period_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.period_combo.currentTextChanged.connect(self._on_choice_changed)
        self.unit_label = QLabel(self.tr("单位"))
        self.unit_combo = QComboBox()
        self.unit_combo.setEditable(True)
        self.unit_combo.addItem("")
        self.unit_combo.addItems(list(units))
        self.unit_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.unit_combo.currentTextChanged.connect(self._on_choice_changed)
        self.out_edit = QLineEdit()
        self.out_edit.textEdited.connect(self._on_path_edited)
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.browse_button.setAutoDefault(False)
        self.browse_button.clicked.connect(self.choose_path)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("文件格式"), self.description)
        form.addRow(self.period_label, self.period_combo)
        form.addRow(self.unit_label, self.unit_combo)
        form.addRow(self.tr("保存到"), out_row)
        choices_box = QGroupBox(self.tr("导出设置"))
        choices_layout = QVBoxLayout(choices_box)
        choices_layout.addLayout(form)
        choices_layout.addStretch(1)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file_button = QPushButton(self.tr("打开文件"))
        self.open_file_button.setAutoDefault(False)
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_folder_button.setAutoDefault(False)
        self.open_folder_button.clicked.connect(self.open_folder)
        after = QHBoxLayout()
        after.addWidget(self.open_file_button)
        after.addWidget(self.open_folder_button)
        after.addStretch(1)
        choices_layout.addWidget(self.banner)
        choices_layout.addLayout(after)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("导出"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.run_export)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        self.export_button.setDefault(True)

        top = QHBoxLayout()
        top.addWidget(reports_box, 2)
        top.addWidget(choices_box, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.addLayout(top, 1)
        layout.addWidget(self.buttons)

        self._set_banner("info", self.tr("选择报表和保存位置，然后点“导出”。"))
        self.select_report(report or next(iter(REPORTS)))

    # --- choices ----------------------------------------------------------------------------

    def report(self) -> str:
        index = self.list.currentIndex()
        return str(index.data(ReportRole)) if index.isValid() else next(iter(REPORTS))

    def select_report(self, name: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.item(row).data(ReportRole) == name:
                self.list.setCurrentIndex(self.model.index(row, 0))
                return
        raise KeyError(name)

    def set_out_path(self, path: Path | str) -> None:
        self.out_edit.setText(str(path))
        self._auto_name = False

    def default_file_name(self) -> str:
        report = self.report()
        title = short_title(TEMPLATE_DESCRIPTION if report == TEMPLATE else REPORTS[report])
        parts = [self.plan_name, title]
        unit = self.unit_combo.currentText().strip()
        period = self.period_combo.currentText().strip()
        if report in UNIT_FIELDS and unit:
            if report == TEMPLATE:
                parts.insert(1, unit)
            else:
                parts.append(unit)
        if report in PERIOD_FIELDS and period:
            parts.append(period)
        return safe_file_name("-".join(parts)) + suffix_for(report)

    @Slot()
    def _on_report_changed(self, *_args: Any) -> None:
        report = self.report()
        if report == "bulletin":
            self.description.setText(self.tr("Word 文档（.docx），也可保存为文本文件（.txt）"))
        elif report == TEMPLATE:
            self.description.setText(self.tr("Excel 工作簿（.xlsx），只含该单位的指标和任务，填写处已解锁"))
        else:
            self.description.setText(self.tr("Excel 工作簿（.xlsx），版式同正式附件，可直接打印报送"))
        period = PERIOD_FIELDS.get(report)
        self.period_label.setVisible(period is not None)
        self.period_combo.setVisible(period is not None)
        if period is not None:
            self.period_label.setText(self.tr(period[0]) + ("＊" if period[1] else ""))
            line = self.period_combo.lineEdit()
            if line is not None:
                line.setPlaceholderText(self.tr(PERIOD_HINTS[report]))
        unit = UNIT_FIELDS.get(report)
        self.unit_label.setVisible(unit is not None)
        self.unit_combo.setVisible(unit is not None)
        if unit is not None:
            self.unit_label.setText(self.tr(unit[0]) + ("＊" if unit[1] else ""))
            line = self.unit_combo.lineEdit()
            if line is not None:
                line.setPlaceholderText(self.tr("必填：选择或输入单位名称") if unit[1] else self.tr("空着为全部单位"))
        self._on_choice_changed()

    @Slot()
    def _on_choice_changed(self, *_args: Any) -> None:
        if self._auto_name:
            self.out_edit.setText(str(self.directory / self.default_file_name()))
        else:  # keep the clerk's folder and name, but the right kind of file
            path = Path(self.out_edit.text().strip())
            wanted = suffix_for(self.report())
            if path.name and path.suffix.lower() not in ({".docx", ".txt"} if wanted == ".docx" else {".xlsx"}):
                self.out_edit.setText(str(path.with_suffix(wanted)))
        self._update_buttons()

    @Slot(str)
    def _on_path_edited(self, _text: str) -> None:
        self._auto_name = False
        self._update_buttons()

    @Slot()
    def choose_path(self) -> None:
        report = self.report()
        filters = (self.tr("Word 文档 (*.docx);;文本文件 (*.txt)") if report == "bulletin"
                   else self.tr("Excel 工作簿 (*.xlsx)"))
        name, _filter = self.ask_save_path(self, self.tr("保存为"), self.out_edit.text(), filters)
        if name:
            path = Path(name)
            if not path.suffix:
                path = path.with_suffix(suffix_for(report))
            self.set_out_path(path)
            self.directory = path.parent
            self._overwrite_ok = path  # the file dialog has already asked

    # --- exporting --------------------------------------------------------------------------

    def _problem(self) -> str | None:
        report = self.report()
        if not self.out_edit.text().strip():
            return self.tr("请选择保存位置。")
        if report == TEMPLATE:
            if not self.unit_combo.currentText().strip():
                return self.tr("导出报送模板需要选择报送单位。")
            if not self.period_combo.currentText().strip():
                return self.tr("导出报送模板需要填写报送期，例如 2024 或 2024-06。")
        return None

    @Slot()
    def run_export(self) -> None:
        if self.runner.is_running():
            return
        problem = self._problem()
        if problem:
            self._set_banner("bad", problem)
            return
        report = self.report()
        out = Path(self.out_edit.text().strip())
        if not out.suffix:
            out = out.with_suffix(suffix_for(report))
        if not out.parent.is_dir():
            problem = self.tr("无法保存“%s”：文件夹“%s”不存在。") % (out.name, out.parent)
            self._set_banner("bad", problem + self.tr("请选择其他保存位置。"))
            self._offer_other_path(problem)
            return
        if out.exists() and self._overwrite_ok != out and not self.confirm_overwrite(out):
            return
        period = (self.period_combo.currentText().strip() or None) if report in PERIOD_FIELDS else None
        unit = (self.unit_combo.currentText().strip() or None) if report in UNIT_FIELDS else None
        self.written = None
        message = self.tr("正在导出“%s”……") % short_title(TEMPLATE_DESCRIPTION if report == TEMPLATE else REPORTS[report])
        self.progress_dialog.setLabelText(message)
        self._set_banner("info", message)
        self.runner.start(_export_task, self.facade, report, self.plan_id, out, period, unit, message)
        self._update_buttons()

    def _confirm_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self, self.tr("文件已存在"), self.tr("%s 已经存在。要用新导出的文件替换它吗？") % path.name,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot(object)
    def _on_finished(self, path: object) -> None:
        self.written = Path(str(path))
        self._overwrite_ok = self.written
        self._set_banner("ok", self.tr("已导出：%s") % self.written)
        self._update_buttons()
        self.exported.emit(self.written)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._set_banner("bad", self.tr("导出没有完成：%s") % message)
        if message.startswith(WRITE_FAILED):
            # the file could not be written there (open in Excel/WPS, read-only, no such
            # folder, no permission, disk full): nothing was half-written, so let the clerk
            # pick another place and export again
            QTimer.singleShot(0, lambda: self._offer_other_path(message))

    def _offer_other_path(self, problem: str) -> None:
        if self.runner.is_running() or not self.ask_other_path(problem):
            return
        before = self.out_edit.text()
        self.choose_path()
        if self.out_edit.text() != before:
            self.run_export()

    def _ask_other_path(self, problem: str) -> bool:
        answer = QMessageBox.question(
            self, self.tr("无法保存"), problem + "\n\n" + self.tr("要另选一个保存位置再导出吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def open_file(self) -> None:
        if self.written is not None:
            self.open_url(QUrl.fromLocalFile(str(self.written)))

    @Slot()
    def open_folder(self) -> None:
        if self.written is not None:
            self.open_url(QUrl.fromLocalFile(str(self.written.parent)))

    def _set_banner(self, tone: str, text: str) -> None:
        set_banner(self.banner, tone, text)

    def banner_text(self) -> str:
        return self.banner.text()

    @Slot()
    def _update_buttons(self) -> None:
        busy = self.runner.is_running()
        for w in (self.list, self.period_combo, self.unit_combo, self.out_edit, self.browse_button):
            w.setEnabled(not busy)
        self.export_button.setEnabled(not busy and bool(self.out_edit.text().strip()))
        self.export_button.setDefault(True)  # disabling it while busy lost the default
        done = self.written is not None and not busy
        self.open_file_button.setEnabled(done)
        self.open_folder_button.setEnabled(done)
        self.close_button.setEnabled(not busy)

    def reject(self) -> None:
        if self.runner.is_running():
            return  # the file is being written; the dialog closes after
        super().reject()
