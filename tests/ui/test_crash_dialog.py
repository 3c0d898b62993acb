"""The crash dialog: Chinese text, the traceback shown, '复制详细信息' puts it on the
clipboard; an exception in a slot or in a worker thread opens it (in the GUI thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop import logging_setup
from desktop.ui.crash_dialog import CrashDialog, install_crash_dialog

DETAILS = 'InnoTrack 0.1.0\n\nTraceback (most recent call last):\n  File "x.py", line 1\nValueError: 坏的值'


@pytest.fixture
def log_path(tmp_path: Path) -> Iterator[Path]:
    path = logging_setup.setup_logging(tmp_path / "日志 文件夹")
    assert path is not None
    yield path
    logging_setup.uninstall_excepthook()
    logging_setup.close_logging()


@pytest.fixture
def shown_not_blocking(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """exec() would block the test: show the dialog instead and record where it was made."""
    made: list[Any] = []

    def fake_exec(self: CrashDialog) -> int:
        made.append((self, QThread.currentThread() is QApplication.instance().thread()))
        self.show()
        return 0

    monkeypatch.setattr(CrashDialog, "exec", fake_exec)
    return made


def test_dialog_shows_traceback_and_copies_it(qtbot: Any, log_path: Path) -> None:
    dialog = CrashDialog(DETAILS, log_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "程序出错"
    assert "意外错误" in dialog.message.text() and str(log_path) in dialog.message.text()
    assert "ValueError: 坏的值" in dialog.details_text()
    assert dialog.copy_button.text() == "复制详细信息"
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == DETAILS
    assert dialog.copy_button.text() == "已复制"


def test_dialog_without_a_log_file_says_so(qtbot: Any) -> None:
    dialog = CrashDialog(DETAILS, None)
    qtbot.addWidget(dialog)
    assert "日志文件未能创建" in dialog.message.text()
    assert dialog.open_folder_button is None


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_opens_the_dialog(qtbot: Any, qapp: QApplication, log_path: Path,
                                              shown_not_blocking: list[Any]) -> None:
    reporter = install_crash_dialog(qapp, log_path)

    def slot() -> None:
        raise ZeroDivisionError("槽函数出错")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible(), timeout=5000)
    assert "ZeroDivisionError: 槽函数出错" in reporter.dialog.details_text()
    assert "ZeroDivisionError: 槽函数出错" in log_path.read_text(encoding="utf-8")
    reporter.dialog.close()
    reporter.deleteLater()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_worker_thread_opens_the_dialog_in_the_gui_thread(
        qtbot: Any, qapp: QApplication, log_path: Path, shown_not_blocking: list[Any]) -> None:
    reporter = install_crash_dialog(qapp, log_path)

    def work() -> None:
        raise RuntimeError("后台任务出错")

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(shown_not_blocking), timeout=5000)
    dialog, in_gui_thread = shown_not_blocking[0]
    assert in_gui_thread
    assert "RuntimeError: 后台任务出错" in dialog.details_text() and "线程：worker" in dialog.details_text()
    dialog.close()
    reporter.deleteLater()


@pytest.mark.qt_no_exception_capture
def test_second_error_while_the_dialog_is_open_is_only_logged(
        qtbot: Any, qapp: QApplication, log_path: Path, shown_not_blocking: list[Any]) -> None:
    reporter = install_crash_dialog(qapp, log_path)
    reporter.report("第一个")
    reporter.report("第二个")
    assert len(shown_not_blocking) == 1
    shown_not_blocking[0][0].close()
    reporter.deleteLater()
