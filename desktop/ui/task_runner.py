"""Run long work off the UI thread and report it back through signals.

A task is a plain callable from the services (or a small wrapper around one). It runs on a
worker thread of a ``QThreadPool``; if it returns a generator, every ``yield`` is progress
and the generator's ``return`` value is the result. Progress items may be ``percent``
(0–100, or -1 for "busy, no percentage"), ``"message"``, ``(percent, "message")`` or an
object with ``percent`` / ``message`` attributes.

If the callable has a ``cancelled`` parameter it receives a ``Callable[[], bool]`` to poll;
raising :class:`Cancelled` (or the runner noticing the flag between two yields of a
generator) ends the task with the ``cancelled`` signal instead of ``finished``.

Threads (DESIGN.md, notes §6): the worker never touches a widget. It emits the signals of a
small relay QObject created in the GUI thread; the relay's signals are connected to bound
slots of the ``TaskRunner`` (also a GUI-thread object), so Qt queues them into the GUI
thread. No lambdas are connected across threads. The relay is parented to the pool (which
waits for its jobs when destroyed), so it outlives a runner that is deleted mid-task and
deletes itself, in the GUI thread, after the last signal.

By default every runner shares one single-thread pool: tasks run one after another, which
serialises database writes (SQLite has one writer). Each task opens its own session — the
services do that already.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from desktop.errors import UserError

log = logging.getLogger(__name__)

SHOW_PROGRESS_AFTER_MS = 500
"""Fast tasks finish before the progress dialog appears, so nothing flickers."""

BUSY = -1
"""Progress percent meaning "working, no percentage known"."""

_shared_pool: QThreadPool | None = None


def shared_pool() -> QThreadPool:
    """The one-thread pool all runners use unless given another (created in the GUI thread)."""
    global _shared_pool
    if _shared_pool is None:
        _shared_pool = QThreadPool()
        _shared_pool.setMaxThreadCount(1)
        _shared_pool.setObjectName("innotrackTasks")
    return _shared_pool


class Cancelled(Exception):
    """Raised by a task (or for it) when the user cancelled; ends it without a result."""


def internal_error_message(exc: BaseException) -> str:
    return QCoreApplication.translate(
        "TaskRunner", "操作没有完成：程序内部出错（%s）。详细信息已记入日志，请把日志文件发给维护人员。"
    ) % type(exc).__name__


def _accepts_cancelled(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "cancelled" and p.kind is not inspect.Parameter.POSITIONAL_ONLY for p in params)


def _as_progress(item: Any) -> tuple[int, str]:
    if isinstance(item, bool):
        return BUSY, ""
    if isinstance(item, int):
        return item, ""
    if isinstance(item, str):
        return BUSY, item
    if isinstance(item, tuple) and len(item) == 2:
        return int(item[0]) if item[0] is not None else BUSY, str(item[1] or "")
    percent = getattr(item, "percent", None)
    message = getattr(item, "message", None)
    return int(percent) if percent is not None else BUSY, str(message or "")


class _Relay(QObject):
    """Signals the worker emits; lives in the GUI thread, so its receivers run there."""

    progress = Signal(int, int, str)  # job, percent, message
    done = Signal(int, str, object)  # job, outcome (finished|failed|cancelled), payload


class _Job:
    """One task. Not a QRunnable subclass: the pool is handed the bound ``run`` and wraps it
    in its own self-deleting runnable, so no Python-owned C++ object is deleted mid-call."""

    def __init__(self, job_id: int, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
                 relay: _Relay, flag: threading.Event) -> None:
        self.job_id = job_id
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.relay = relay
        self.flag = flag
        self.ended = threading.Event()

    def _emit_done(self, outcome: str, payload: object) -> None:
        try:
            self.relay.done.emit(self.job_id, outcome, payload)
        except RuntimeError:  # the relay is gone (application shutting down): nobody listens
            log.debug("task %s ended (%s) after its relay was deleted", self.job_id, outcome)

    def run(self) -> None:  # worker thread: no widgets here
        outcome: str
        payload: object
        try:
            outcome, payload = self._call()
        except BaseException as exc:  # noqa: BLE001 - whatever happens, the GUI must hear the end
            log.exception("task %s ended abnormally", self.job_id)
            outcome, payload = "failed", internal_error_message(exc)
        try:
            self._emit_done(outcome, payload)
        finally:
            self.ended.set()  # after the last signal is queued: wait() then means "all sent"

    def _call(self) -> tuple[str, object]:
        try:
            if self.flag.is_set():
                raise Cancelled
            result = self.fn(*self.args, **self.kwargs)
            if inspect.isgenerator(result):
                result = self._drain(result)
            return "finished", result
        except Cancelled:
            return "cancelled", None
        except UserError as exc:
            return "failed", exc.message
        except Exception as exc:  # a bug: the user gets a plain sentence, the log the traceback
            log.exception("task %s (%s) failed", self.job_id, getattr(self.fn, "__qualname__", self.fn))
            return "failed", internal_error_message(exc)

    def _drain(self, gen: Generator[Any, Any, Any]) -> Any:
        try:
            while True:
                item = next(gen)
                percent, message = _as_progress(item)
                try:
                    self.relay.progress.emit(self.job_id, percent, message)
                except RuntimeError:
                    self.flag.set()
                if self.flag.is_set():
                    gen.close()  # runs the generator's finally blocks
                    raise Cancelled
        except StopIteration as stop:
            return stop.value


class TaskRunner(QObject):
    """Runs one task at a time for its owner and turns the worker's news into signals.

    Signals:
        started(): a task was started.
        progress(int, str): percent (0–100, or -1 when unknown) and a Chinese message.
        finished(object): the task's result.
        failed(str): a Chinese message — a ``UserError``'s own text, or a generic sentence
            for a bug (whose traceback goes to the log).
        cancelled(): the task stopped because :meth:`cancel` was called.
        ended(): after any of finished / failed / cancelled.
    """

    started = Signal()
    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    ended = Signal()

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or shared_pool()
        self._job: _Job | None = None
        self._next_id = 0

    def is_running(self) -> bool:
        return self._job is not None

    def start(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        """Run ``fn(*args, **kwargs)`` (plus ``cancelled=`` when it takes one) on the pool."""
        if self._job is not None:
            raise RuntimeError("a task is already running on this runner")
        self._next_id += 1
        flag = threading.Event()
        if _accepts_cancelled(fn):
            kwargs = {**kwargs, "cancelled": flag.is_set}
        # Parented to the pool: C++ owns it, so it survives this runner and dies in the GUI thread.
        relay = _Relay(self._pool)
        relay.progress.connect(self._on_progress)
        relay.done.connect(self._on_done)
        relay.done.connect(relay.deleteLater)
        self._job = _Job(self._next_id, fn, args, kwargs, relay, flag)
        self.started.emit()
        self._pool.start(self._job.run)

    @Slot()
    def cancel(self) -> None:
        """Ask the running task to stop; ``cancelled`` follows once it has."""
        if self._job is not None:
            self._job.flag.set()

    def cancel_requested(self) -> bool:
        return self._job is not None and self._job.flag.is_set()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the worker has left the task (for shutdown and tests); True if it has.

        Its signals are then all queued; they arrive when the event loop next runs.
        """
        job = self._job
        return job is None or job.ended.wait(msecs / 1000)

    @Slot(int, int, str)
    def _on_progress(self, job_id: int, percent: int, message: str) -> None:
        if self._job is not None and job_id == self._job.job_id and not self._job.flag.is_set():
            self.progress.emit(percent, message)

    @Slot(int, str, object)
    def _on_done(self, job_id: int, outcome: str, payload: object) -> None:
        if self._job is None or job_id != self._job.job_id:
            return
        self._job = None
        if outcome == "finished":
            self.finished.emit(payload)
        elif outcome == "failed":
            self.failed.emit(str(payload))
        else:
            self.cancelled.emit()
        self.ended.emit()


class ProgressDialog(QProgressDialog):
    """A progress dialog bound to a runner: appears only if the task takes over 500 ms.

    Its 取消 button cancels the task (pass ``cancellable=False`` for a write that must run
    to its end, such as committing an import in one transaction). It hides itself when the
    task ends; the owner handles the result through the runner's own signals.
    """

    def __init__(self, runner: TaskRunner, label: str, parent: QWidget | None = None, *,
                 title: str | None = None, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(title or self.tr("请稍候"))
        self.setLabelText(label)
        self.setMinimumWidth(380)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.canceled.connect(self._on_cancel_clicked)
        self.set_cancellable(cancellable)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setRange(0, 0)
        self.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        # QProgressDialog shows itself after minimumDuration only while setValue() is being
        # called; a task that yields nothing would never appear. Our own timer shows it.
        self._show_timer = QTimer(self)
        self._show_timer.setSingleShot(True)
        self._show_timer.setInterval(SHOW_PROGRESS_AFTER_MS)
        self._show_timer.timeout.connect(self._show_if_running)
        runner.started.connect(self._on_started)
        runner.progress.connect(self._on_progress)
        runner.ended.connect(self._on_ended)
        if runner.is_running():
            self._on_started()
        else:
            self.reset()  # stops Qt's own show timer until a task starts

    def set_cancellable(self, cancellable: bool) -> None:
        """Show or remove the 取消 button (before starting the task it applies to)."""
        self._cancellable = cancellable
        if cancellable:
            self.setCancelButton(QPushButton(self.tr("取消")))
        else:
            self.setCancelButton(None)  # type: ignore[arg-type]

    def is_cancellable(self) -> bool:
        return self._cancellable

    @Slot()
    def _on_started(self) -> None:
        self.setRange(0, 0)
        self._show_timer.start()

    @Slot()
    def _show_if_running(self) -> None:
        if self.runner.is_running() and not self.runner.cancel_requested():
            self.show()

    @Slot(int, str)
    def _on_progress(self, percent: int, message: str) -> None:
        if message:
            self.setLabelText(message)
        if percent < 0:
            self.setRange(0, 0)
        else:
            self.setRange(0, 100)
            self.setValue(max(0, min(100, percent)))

    @Slot()
    def _on_cancel_clicked(self) -> None:
        if not self._cancellable:
            return
        self.setLabelText(self.tr("正在取消……"))
        self.runner.cancel()

    @Slot()
    def _on_ended(self) -> None:
        self._show_timer.stop()
        self.reset()  # also stops QProgressDialog's internal show timer
        self.hide()
