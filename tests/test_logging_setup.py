"""The log file is written (also under a folder with Chinese characters and spaces), and
uncaught exceptions of the main thread and of worker threads reach the log and the report."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import logging_setup


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "用户 数据" / "logs"
    yield folder
    logging_setup.uninstall_excepthook()
    logging_setup.close_logging()


def _raise_and_hook(message: str) -> None:
    try:
        raise ValueError(message)
    except ValueError:
        sys.excepthook(*sys.exc_info())  # what the interpreter (or PySide6 for a slot) does


def test_log_file_is_written(log_folder: Path) -> None:
    path = logging_setup.setup_logging(log_folder)
    assert path == log_folder / "innotrack.log" == logging_setup.log_path()
    logging.getLogger("innotrack.test").warning("导入了 3 个文件")
    text = path.read_text(encoding="utf-8")
    assert "InnoTrack" in text and "started" in text and "SQLite" in text
    assert "WARNING" in text and "导入了 3 个文件" in text


def test_log_rotates(log_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_setup, "MAX_BYTES", 2000)
    path = logging_setup.setup_logging(log_folder)
    assert path is not None
    for i in range(100):
        logging.getLogger("innotrack.test").info("第 %d 行 %s", i, "x" * 50)
    assert path.stat().st_size <= 2000
    assert (log_folder / "innotrack.log.1").is_file()


def test_default_folder_is_in_the_user_data_folder() -> None:
    import platformdirs

    data = Path(platformdirs.user_data_dir("InnoTrack", appauthor=False, roaming=False))
    assert logging_setup.default_log_dir() == data / "logs"


def test_unwritable_folder_does_not_stop_the_program(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert logging_setup.setup_logging(blocker / "logs") is None
    assert "无法写日志文件" in capsys.readouterr().err


def test_uncaught_exception_is_logged_and_reported(log_folder: Path) -> None:
    path = logging_setup.setup_logging(log_folder)
    reports: list[str] = []
    logging_setup.install_excepthook(reports.append)
    _raise_and_hook("坏的值")
    assert len(reports) == 1
    assert "Traceback (most recent call last)" in reports[0]
    assert "ValueError: 坏的值" in reports[0]
    assert f"日志文件：{path}" in reports[0]
    text = path.read_text(encoding="utf-8")
    assert "CRITICAL" in text and "ValueError: 坏的值" in text


def test_worker_thread_exception_is_logged_and_reported(log_folder: Path) -> None:
    path = logging_setup.setup_logging(log_folder)
    reports: list[str] = []
    logging_setup.install_excepthook(reports.append)

    def work() -> None:
        raise RuntimeError("线程里出错")

    thread = threading.Thread(target=work, name="导入线程")
    thread.start()
    thread.join()
    assert len(reports) == 1 and "RuntimeError: 线程里出错" in reports[0]
    assert "线程：导入线程" in reports[0]
    assert "in thread 导入线程" in path.read_text(encoding="utf-8")


def test_a_failing_report_still_leaves_the_details(log_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = logging_setup.setup_logging(log_folder)

    def broken(details: str) -> None:
        raise OSError("no display")

    logging_setup.install_excepthook(broken)
    _raise_and_hook("原来的错误")
    assert "ValueError: 原来的错误" in capsys.readouterr().err
    text = path.read_text(encoding="utf-8")
    assert "ValueError: 原来的错误" in text and "could not be shown" in text
