"""The crash dialog: an unexpected error is shown in Chinese, with its details to copy.

``install_crash_dialog(app, log_path)`` makes every uncaught exception (main thread, slots,
worker threads) write the log and open ``CrashDialog``; the program keeps running, so the
clerk can go on or close it — never a silent exit. Exceptions from other threads reach the
dialog through a queued signal, so the widget is always made in the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.logging_setup import install_excepthook


class CrashDialog(QDialog):
    def __init__(self, details: str, log_path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("程序出错"))
        self.resize(640, 420)
        self._log_path = log_path
        where = (
            self.tr("详细信息已写入日志文件：{0}").format(log_path)
            if log_path is not None
            else self.tr("日志文件未能创建，请务必复制下面的详细信息。")
        )
        self.message = QLabel(
            self.tr(
                "程序遇到了一个意外错误，刚才的操作可能没有完成；已经保存的数据不受影响。\n"
                "请点击“复制详细信息”，把内容发给技术支持人员。"
            )
            + "\n"
            + where
        )
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.details.setFont(mono)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("复制详细信息"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button: QPushButton | None = None
        if log_path is not None:
            self.open_folder_button = QPushButton(self.tr("打开日志文件夹"))
            self.open_folder_button.clicked.connect(self.open_log_folder)
            buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def details_text(self) -> str:
        return self.details.toPlainText()

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText(self.tr("已复制"))

    @Slot()
    def open_log_folder(self) -> None:
        if self._log_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._log_path.parent)))


class CrashReporter(QObject):
    """Receives crash details from any thread and shows them in the GUI thread.

    While a crash dialog is open, further errors (a paint handler failing on every repaint)
    are only logged, so the clerk is not buried under dialogs.
    """

    crashed = Signal(str)

    def __init__(self, log_path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialog: CrashDialog | None = None
        self.crashed.connect(self._show)  # queued when emitted from another thread

    def report(self, details: str) -> None:
        self.crashed.emit(details)

    @Slot(str)
    def _show(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        parent = QApplication.activeWindow()
        self.dialog = CrashDialog(details, self.log_path, parent)
        self.dialog.exec()


def install_crash_dialog(app: QApplication, log_path: Path | None) -> CrashReporter:
    """Log every uncaught exception and show it in a ``CrashDialog`` (see module doc)."""
    reporter = CrashReporter(log_path, app)
    install_excepthook(reporter.report)
    return reporter
