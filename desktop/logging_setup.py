"""The log file and the last line of defence against uncaught exceptions.

``setup_logging()`` writes to a rotating file in the user data folder
(``%LOCALAPPDATA%\\InnoTrack\\logs\\innotrack.log`` on Windows,
``~/.local/share/InnoTrack/logs/`` on Linux): 1 MiB per file, five old files kept.

``install_excepthook(report)`` routes every uncaught exception — of the main thread
(``sys.excepthook``, which PySide6 also calls for an exception raised in a slot or a
virtual method) and of any other thread (``threading.excepthook``) — to the log, then to
``report(details)``; the window passes a function that shows the crash dialog
(desktop/ui/crash_dialog.py). No Qt here: the command line can use the same log.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import platformdirs

APP_NAME = "InnoTrack"  # the same folder as desktop/services/database.py::data_dir
LOG_FILE_NAME = "innotrack.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
LOG_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"

log = logging.getLogger("innotrack")

Report = Callable[[str], None]

_handler: logging.Handler | None = None
_log_path: Path | None = None


def default_log_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False)) / "logs"


def log_path() -> Path | None:
    """The file ``setup_logging`` writes to (None before it ran)."""
    return _log_path


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send the ``innotrack`` loggers (and warnings) to a rotating UTF-8 file.

    Calling it again moves the log to the new folder. Returns the log file's path, or None
    when the folder cannot be created (read-only profile): the program runs on without a
    log rather than refusing to start.
    """
    global _handler, _log_path
    folder = folder or default_log_dir()
    path = folder / LOG_FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        print(f"无法写日志文件 {path}：{exc}", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    logging.captureWarnings(True)
    _handler, _log_path = handler, path
    log.info("InnoTrack %s started; %s", _version(), environment_summary())
    return path


def environment_summary() -> str:
    """One line for the log and the crash details: versions that matter for a bug report."""
    import pyexpat
    import sqlite3

    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    return (
        f"Python {platform.python_version()} ({frozen}), {platform.platform()}, "
        f"SQLite {sqlite3.sqlite_version}, expat {pyexpat.EXPAT_VERSION}"
    )


def format_details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                   thread_name: str | None = None) -> str:
    """The text the clerk copies to the support person: versions, log path, traceback."""
    lines = [
        f"InnoTrack {_version()}",
        environment_summary(),
        f"日志文件：{_log_path}" if _log_path else "日志文件：（未能创建）",
    ]
    if thread_name:
        lines.append(f"线程：{thread_name}")
    lines.append("")
    lines.append("".join(traceback.format_exception(exc_type, exc, tb)).rstrip())
    return "\n".join(lines)


def install_excepthook(report: Report | None = None) -> None:
    """Log every uncaught exception, then hand its details to ``report`` (if given).

    ``report`` is called in the thread where the exception happened; a Qt dialog must be
    shown through a queued signal (desktop/ui/crash_dialog.py does). If ``report`` itself
    fails, that is logged and the details go to stderr — the original error is never lost.
    """

    def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
               thread_name: str | None = None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("uncaught exception%s", f" in thread {thread_name}" if thread_name else "",
                     exc_info=(exc_type, exc, tb))
        details = format_details(exc_type, exc, tb, thread_name)
        if report is None:
            print(details, file=sys.stderr)
            return
        try:
            report(details)
        except Exception:  # noqa: BLE001 - the crash handler must not crash
            log.exception("the crash report could not be shown")
            print(details, file=sys.stderr)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else None
        handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    sys.excepthook = handle
    threading.excepthook = thread_hook


def close_logging() -> None:
    """Detach and close the log file (tests; the next ``setup_logging`` opens it again)."""
    global _handler, _log_path
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
    _handler, _log_path = None, None


def uninstall_excepthook() -> None:
    """Back to Python's own hooks (tests)."""
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__


def _version() -> str:
    from desktop import __version__

    return __version__
