"""One window per database: a lock file beside it, held with an operating-system lock.

Two InnoTrack windows on the same file would each keep their own view and undo history and
overwrite each other's edits without noticing. The lock is taken with ``msvcrt.locking`` on
Windows and ``fcntl.flock`` elsewhere, which the operating system releases when the process
ends — also when it crashes or is killed — so a stale lock file from a crashed instance is
simply taken over. The file's text (who, on which PC, since when) is only for the message.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from pathlib import Path
from typing import IO, Any

from desktop.errors import UserError
from desktop.services.os_user import current_user


class DatabaseInUse(UserError):
    """Another InnoTrack has the database open."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """Held while a window has the database open; ``release`` (or process exit) frees it."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._file: IO[Any] | None = None

    def acquire(self) -> InstanceLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            holder = _read_holder(self.path)
            handle.close()
            raise DatabaseInUse(_in_use_message(self.path, holder)) from None
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({
            "pid": os.getpid(), "user": current_user(), "host": socket.gethostname(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }, ensure_ascii=False))
        handle.flush()
        self._file = handle
        return self

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()
            _unlock(handle)
        except OSError:
            pass
        finally:
            handle.close()

    @property
    def held(self) -> bool:
        return self._file is not None


def _read_holder(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        found = json.loads(text) if text.strip() else {}
        return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return {}


def _in_use_message(path: Path, holder: dict[str, Any]) -> str:
    who = ""
    if holder:
        who = f"（{holder.get('user', '?')} 在 {holder.get('host', '?')} 上，自 {str(holder.get('since', '?')).replace('T', ' ')} 起）"
    database = path.with_name(path.name[: -len(".lock")])
    return (f"数据库 {database} 已在另一个 InnoTrack 窗口中打开{who}。"
            "同一个数据库只能在一个窗口中使用，请切换到那个窗口，或先将其关闭。")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows
    import msvcrt

    _REGION = 1 << 20  # a byte past the text, so another process can still read who holds it

    def _lock(handle: IO[Any]) -> None:
        handle.seek(_REGION)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[Any]) -> None:
        handle.seek(_REGION)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[Any]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[Any]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
