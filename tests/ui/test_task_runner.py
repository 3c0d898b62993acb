"""The task runner: results, errors and cancellation reach the GUI thread as signals."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.errors import UserError
from desktop.ui.task_runner import SHOW_PROGRESS_AFTER_MS, Cancelled, ProgressDialog, TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    owner = QWidget()
    qtbot.addWidget(owner)
    r = TaskRunner(owner)
    yield r
    r.cancel()
    assert r.wait(5000)


def add(a: int, b: int) -> int:
    return a + b


def counting(n: int) -> Iterator[tuple[int, str]]:
    for i in range(n):
        yield (i + 1) * 100 // n, f"第 {i + 1} 步"
    return "完成"  # type: ignore[return-value]


def test_plain_function_result_arrives_as_finished(runner: TaskRunner, qtbot: QtBot) -> None:
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start(add, 2, 3)
    assert blocker.args == [5]
    assert not runner.is_running()


def test_generator_yields_become_progress_and_its_return_value_the_result(runner: TaskRunner, qtbot: QtBot) -> None:
    seen: list[tuple[int, str]] = []
    threads: list[bool] = []
    app = QCoreApplication.instance()
    assert app is not None

    def on_progress(percent: int, message: str) -> None:
        seen.append((percent, message))
        threads.append(QThread.currentThread() is app.thread())

    runner.progress.connect(on_progress)
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start(counting, 4)
    assert blocker.args == ["完成"]
    assert seen == [(25, "第 1 步"), (50, "第 2 步"), (75, "第 3 步"), (100, "第 4 步")]
    assert threads and all(threads)  # delivered in the GUI thread


def test_user_error_becomes_failed_with_its_message(runner: TaskRunner, qtbot: QtBot) -> None:
    def bad_file() -> None:
        raise UserError("文件 a.xlsx 无法读取：请在 Excel 中另存为 .xlsx 后重新导入。")

    with qtbot.assertNotEmitted(runner.finished), qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.start(bad_file)
    assert blocker.args == ["文件 a.xlsx 无法读取：请在 Excel 中另存为 .xlsx 后重新导入。"]


def test_a_bug_becomes_a_generic_message_and_a_logged_traceback(
    runner: TaskRunner, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def buggy() -> None:
        raise ZeroDivisionError("division by zero")

    with caplog.at_level(logging.ERROR, logger="desktop.ui.task_runner"):
        with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
            runner.start(buggy)
    message = blocker.args[0]
    assert "程序内部出错" in message and "ZeroDivisionError" in message and "日志" in message
    assert "division by zero" not in message
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_cancel_stops_a_generator_between_yields(runner: TaskRunner, qtbot: QtBot) -> None:
    state = {"steps": 0, "cleaned_up": False}

    def endless() -> Iterator[int]:
        try:
            while True:
                state["steps"] += 1
                time.sleep(0.01)
                yield -1
        finally:
            state["cleaned_up"] = True

    runner.start(endless)
    qtbot.waitUntil(lambda: state["steps"] >= 3, timeout=5000)
    with qtbot.assertNotEmitted(runner.finished), qtbot.waitSignal(runner.cancelled, timeout=5000):
        runner.cancel()
    assert state["cleaned_up"]
    assert not runner.is_running()


def test_cancelled_flag_is_passed_to_a_function_that_asks_for_it(runner: TaskRunner, qtbot: QtBot) -> None:
    started = threading.Event()

    def polling(limit: float, cancelled: Callable[[], bool]) -> str:
        started.set()
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if cancelled():
                raise Cancelled
            time.sleep(0.01)
        return "ran to the end"

    runner.start(polling, 10.0)
    assert started.wait(5)
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        runner.cancel()


def test_one_task_at_a_time_per_runner(runner: TaskRunner, qtbot: QtBot) -> None:
    gate = threading.Event()
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(gate.wait, 5)
        with pytest.raises(RuntimeError):
            runner.start(add, 1, 1)
        gate.set()


def test_progress_dialog_appears_only_for_slow_tasks(runner: TaskRunner, qtbot: QtBot) -> None:
    owner = runner.parent()
    assert isinstance(owner, QWidget)
    owner.show()
    dialog = ProgressDialog(runner, "正在读取……", owner)
    assert dialog.labelText() == "正在读取……"

    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start(add, 1, 2)
    qtbot.wait(SHOW_PROGRESS_AFTER_MS + 150)
    assert not dialog.isVisible()  # fast: never shown

    gate = threading.Event()
    runner.start(gate.wait, 10)
    qtbot.wait(100)
    assert not dialog.isVisible()
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.windowTitle() == "请稍候"
    with qtbot.waitSignal(runner.ended, timeout=5000):
        gate.set()
    assert not dialog.isVisible()


def test_progress_dialog_cancel_button_cancels_the_task(runner: TaskRunner, qtbot: QtBot) -> None:
    dialog = ProgressDialog(runner, "正在读取……")
    qtbot.addWidget(dialog)

    def slow(cancelled: Callable[[], bool]) -> Iterator[tuple[int, str]]:
        for i in range(500):
            time.sleep(0.01)
            yield i // 5, "读取中"

    runner.start(slow)
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        dialog.canceled.emit()
    assert not dialog.isVisible()


def test_a_runner_deleted_mid_task_does_not_take_the_worker_down(qtbot: QtBot) -> None:
    gate = threading.Event()
    done = threading.Event()

    def work() -> int:
        gate.wait(5)
        done.set()
        return 1

    r = TaskRunner()
    r.start(work)
    r.deleteLater()
    del r
    qtbot.wait(50)
    gate.set()
    assert done.wait(5)
    qtbot.wait(100)  # the relay's queued signals find no runner; nothing crashes

    # the shared pool is free again for the next task
    r2 = TaskRunner()
    with qtbot.waitSignal(r2.finished, timeout=5000) as blocker:
        r2.start(add, 20, 22)
    assert blocker.args == [42]
