"""One window per database: a second one is refused; a crashed one's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.services.instance_lock import DatabaseInUse, InstanceLock, lock_path


def test_second_instance_is_refused_with_who_holds_it(db_path: Path) -> None:
    first = InstanceLock(db_path).acquire()
    try:
        with pytest.raises(DatabaseInUse) as caught:
            InstanceLock(db_path).acquire()
        message = str(caught.value)
        assert str(db_path) in message and "另一个 InnoTrack 窗口" in message
        assert "自" in message  # who and since when, from the lock file
    finally:
        first.release()
    again = InstanceLock(db_path).acquire()  # released: free again
    assert again.held
    again.release()


def test_lock_of_a_killed_instance_is_recovered(db_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from desktop.services.instance_lock import InstanceLock
            lock = InstanceLock(Path({str(db_path)!r})).acquire()
            print("held", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseInUse):
            InstanceLock(db_path).acquire()
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(10)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert lock_path(db_path).read_text(encoding="utf-8")  # the stale lock file is still there
    taken = InstanceLock(db_path).acquire()
    assert taken.held
    taken.release()
