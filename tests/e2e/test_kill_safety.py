"""Kill tests: an import, a paste in the window and a migration are killed (SIGKILL) at random
moments; after every kill the database passes ``verify`` and holds either all of the work or
none of it.

POSIX only (the workers are forked; CI runs on Linux). Each operation runs in a worker forked from a pre-warmed process (tests/e2e/kill_zygote.py).
The first run of each scenario is not killed: it gives the expected result and how long
the operation takes; the kills then land uniformly over that time (from just after the
worker says it is starting to just before it would finish).
"""

from __future__ import annotations

import json
import os
import queue
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from desktop.services.database import open_database, verify

ZYGOTE = Path(__file__).with_name("kill_zygote.py")
KILLS = {"import": 50, "paste": 25, "migration": 25}


class Zygote:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(ZYGOTE)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        assert self._next(60) == "ready"

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put("eof")

    def _next(self, timeout: float = 60) -> str:
        line = self.lines.get(timeout=timeout)
        assert not line.startswith("error"), line
        assert line != "eof", "the zygote ended"
        return line

    def run(self, scenario: str, spec: dict[str, Any], kill_after: float | None) -> tuple[bool, float, float]:
        """Run once; kill ``kill_after`` seconds after the start. Returns (finished, seconds,
        seconds until the write transaction began — 0 when the worker does not say)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {scenario} {json.dumps(spec)}\n")
        self.proc.stdin.flush()
        # the zygote's "pid" and the worker's lines share one pipe: they may come in either order
        pid: int | None = None
        started = finished = ended = False
        while pid is None or not started:
            line = self._next()
            if line.startswith("pid "):
                pid = int(line.split()[1])
            started = started or line == "started"
            finished = finished or line == "finished"
            ended = ended or line.startswith("exit")
        start = time.perf_counter()
        if kill_after is not None and not finished:
            time.sleep(kill_after)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        elapsed = writing = 0.0
        while not ended:
            line = self._next(120)
            if line == "finished":
                finished = True
                elapsed = time.perf_counter() - start
            elif line == "writing":
                writing = time.perf_counter() - start
            ended = line.startswith("exit")
        return finished, (elapsed if finished else time.perf_counter() - start), writing

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
            self.proc.wait(10)


@pytest.fixture(scope="module")
def zygote() -> Iterator[Zygote]:
    z = Zygote()
    yield z
    z.close()


def _fresh(pristine: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copy(pristine, target)


def _counts(path: Path, tables: tuple[str, ...]) -> tuple[int, ...]:
    database = open_database(path)  # recovers the WAL a killed writer left behind
    try:
        assert verify(database) == []
    finally:
        database.close()
    with closing(sqlite3.connect(path)) as conn:
        return tuple(conn.execute(f"select count(*) from {table}").fetchone()[0] for table in tables)


def _kill_many(zygote: Zygote, scenario: str, spec: dict[str, Any], pristine: Path, target: Path,
               tables: tuple[str, ...], seed: int, changes: bool = True) -> tuple[set[tuple[int, ...]], int]:
    """The set of outcomes (row counts) seen over the kills, and how many kills landed mid-work."""
    _fresh(pristine, target)
    before = _counts(target, tables)
    _fresh(pristine, target)
    finished, duration, writing = zygote.run(scenario, spec, None)
    assert finished
    after = _counts(target, tables)
    assert (after != before) == changes, "an import or paste changes rows; a migration only the schema"
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    interrupted = 0
    for n in range(KILLS[scenario]):
        _fresh(pristine, target)
        # every other kill within the write transaction (reading a workbook takes most of an import)
        done, _, _ = zygote.run(scenario, spec, rng.uniform(writing if n % 2 else 0, duration))
        outcome = _counts(target, tables)
        assert outcome in (before, after), f"{scenario}: a partial result after a kill: {outcome}"
        interrupted += not done
        seen.add(outcome)
    print(f"{scenario}: {KILLS[scenario]} kills, {interrupted} while it worked; outcomes (rows) {sorted(seen)}")
    return seen, interrupted


def test_import_killed_fifty_times_is_all_or_nothing(zygote: Zygote, tmp_path: Path) -> None:
    from tests.bench.bench_import import big_names, build_plan, write_big

    names = big_names(3000)
    pristine = tmp_path / "pristine.db"
    plan = build_plan(pristine, names, ["市科技局"])
    book = tmp_path / "部门报送.xlsx"
    write_big(book, names)
    target = tmp_path / "导入.db"
    seen, interrupted = _kill_many(zygote, "import", {"db": str(target), "file": str(book), "plan": plan},
                                   pristine, target, ("import_batch", "import_batch_item", "value", "audit_log"), 1)
    assert interrupted >= KILLS["import"] // 2  # most kills really landed while it worked


def test_paste_in_the_window_killed_is_all_or_nothing(zygote: Zygote, tmp_path: Path) -> None:
    from tests.bench.bench_import import big_names, build_plan

    pristine = tmp_path / "pristine.db"
    plan = build_plan(pristine, big_names(1200), ["市科技局"])
    block = "\r\n".join("\t".join(f"{row + col}.5" for col in range(3)) for row in range(1000)) + "\r\n"
    target = tmp_path / "粘贴.db"
    seen, interrupted = _kill_many(zygote, "paste", {"db": str(target), "plan": plan, "period": "2021", "text": block},
                                   pristine, target, ("value", "audit_log"), 2)
    assert interrupted >= KILLS["paste"] // 2
    assert len(seen) >= 1


def test_migration_killed_is_all_or_nothing(zygote: Zygote, tmp_path: Path) -> None:
    from db import migrate
    from desktop.services.presets import load_preset
    from desktop.services.sample_data import create_sample_plan

    pristine = tmp_path / "pristine.db"
    database = open_database(pristine)
    for name in ("liaocheng-2018", "taian-2022", "zibo-2022", "zibo-taskforces-2022"):
        load_preset(database, name)
    create_sample_plan(database)
    migrate.downgrade(database.engine, "0001_baseline")
    database.close()
    target = tmp_path / "升级.db"
    tables = ("plan", "indicator", "target", "value", "task", "unit")
    seen, interrupted = _kill_many(zygote, "migration", {"db": str(target)}, pristine, target, tables, 3, changes=False)
    # a migration changes no rows: every outcome, killed or not, has the same data, at head
    assert len(seen) == 1
    assert interrupted >= KILLS["migration"] // 2
