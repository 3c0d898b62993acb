"""Benchmark: load every bundled preset into a fresh database and dump it again.

Anchor, measured in the same run: inserting the same number of rows with plain sqlite3
under the same pragmas (WAL, synchronous=FULL) in one transaction — the floor any ORM
load of that much data stands on. Prints seconds and the ratio to the anchor.

    python tests/bench/bench_presets.py
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path


from db.models import Base
from desktop.services import presets
from desktop.services.database import open_database
from desktop.services.plans import dump_plan

ROUNDS = 3


def _rows(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        names = [t for t in Base.metadata.tables]
        return sum(conn.execute(f'select count(*) from "{n}"').fetchone()[0] for n in names)


def _ours(folder: Path, n: int) -> tuple[float, int]:
    path = folder / f"ours{n}.db"
    db = open_database(path)
    start = time.perf_counter()
    for name in presets.preset_names():
        plan_id = presets.load_preset(db, name)
        dump_plan(db, plan_id)
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, _rows(path)


def _anchor(folder: Path, n: int, rows: int) -> float:
    conn = sqlite3.connect(folder / f"anchor{n}.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("create table t (id integer primary key, a text, b text, c integer)")
    start = time.perf_counter()
    for _ in presets.preset_names():  # one transaction per plan, as ours
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("insert into t (a, b, c) values (?, ?, ?)",
                         ((f"名称{i}", "市科技局", i) for i in range(rows // 5)))
        conn.execute("COMMIT")
        conn.execute("select * from t").fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours, anchor, rows = [], [], 0
        for n in range(ROUNDS):
            seconds, rows = _ours(folder, n)
            ours.append(seconds)
            anchor.append(_anchor(folder, n, rows))
    best_ours, best_anchor = min(ours), min(anchor)
    print(f"rows written for all five presets: {rows}")
    print(f"load + dump all five presets (best of {ROUNDS}): {best_ours:.3f} s")
    print(f"anchor, plain sqlite3 inserts of the same row count: {best_anchor:.3f} s")
    print(f"ratio ours / anchor: {best_ours / best_anchor:.1f}x")


if __name__ == "__main__":
    main()
