"""Benchmark: evaluate a synthetic plan of 2,000 indicators × 10 years × 12 months
(240,000 values) and 500 tasks, against one plain SQL aggregate over the same rows in the
same run (goal: under 2 s and within 5× of the aggregate).

    python tests/bench/bench_evaluation.py
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from desktop.services.database import open_database
from desktop.services.evaluation import check_plan

INDICATORS = 2_000
YEARS = range(2015, 2025)
TASKS = 500
ROUNDS = 3


def build(path: Path) -> int:
    """Write the synthetic plan with plain SQL (fast) into a migrated database."""
    open_database(path).close()
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    with conn:
        cur = conn.execute(
            "insert into plan (name, review_months, indicator_notes, created_at, base_year, target_year)"
            " values ('合成方案', '[]', '[]', '2024-01-01', 2014, 2025)"
        )
        plan_id = cur.lastrowid
        conn.execute("insert into unit (name, kind) values ('市科技局', 'department')")
        for g in range(10):
            gid = conn.execute(
                "insert into indicator_group (plan_id, position, name) values (?, ?, ?)", (plan_id, g, f"一级指标{g}")
            ).lastrowid
            for n in range(INDICATORS // 10):
                direction = "lower" if n % 7 == 0 else "higher"
                iid = conn.execute(
                    "insert into indicator (plan_id, group_id, position, number, name, unit_of_measure, direction,"
                    " weight, key, baseline_value, baseline_year, scoring) values (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (plan_id, gid, n, str(n), f"指标{g}-{n}", "%", direction, "5", 0, "100", 2014, "proportional"),
                ).lastrowid
                conn.execute("insert into indicator_unit (indicator_id, position, unit_id, written_name) values (?,0,1,'市科技局')", (iid,))
                conn.execute("insert into target (indicator_id, year, value, kind) values (?, 2020, '120', 'level')", (iid,))
                conn.execute("insert into target (indicator_id, year, value, kind) values (?, 2025, '150', 'level')", (iid,))
                level = 100.0
                rows = []
                for year in YEARS:
                    for month in range(1, 13):
                        level *= 1 + rng.uniform(-0.002, 0.01)
                        rows.append((iid, f"{year}-{month:02d}", f"{level:.2f}", year, "import", "2024-01-01"))
                conn.executemany(
                    "insert into value (indicator_id, period, value, data_year, origin, updated_at) values (?,?,?,?,?,?)",
                    rows,
                )
        tgid = conn.execute("insert into task_group (plan_id, position, name) values (?, 0, '任务')", (plan_id,)).lastrowid
        for n in range(TASKS):
            deadline = dt.date(2024, 1, 1) + dt.timedelta(days=n)
            tid = conn.execute(
                "insert into task (plan_id, group_id, position, number, title, deadline, ongoing) values (?,?,?,?,?,?,0)",
                (plan_id, tgid, n, str(n + 1), f"任务{n + 1}", deadline.isoformat()),
            ).lastrowid
            conn.execute("insert into task_unit (task_id, position, unit_id, written_name) values (?,0,1,'市科技局')", (tid,))
    conn.close()
    return int(plan_id)


def aggregate(path: Path) -> float:
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    conn.execute(
        "select indicator_id, count(*), max(period), avg(cast(value as real)) from value group by indicator_id"
    ).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        plan_id = build(path)
        db = open_database(path)
        ours, anchor = [], []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            check = check_plan(db, plan_id, dt.date(2024, 12, 31))
            ours.append(time.perf_counter() - start)
            anchor.append(aggregate(path))
        db.close()
    assert len(check.indicator_results) == INDICATORS and len(check.task_results) == TASKS
    best, base = min(ours), min(anchor)
    print(f"values: {INDICATORS * len(YEARS) * 12:,}; tasks: {TASKS}")
    print(f"evaluate the plan (check_plan, best of {ROUNDS}): {best:.3f} s")
    print(f"anchor, one SQL aggregate over the same rows: {base:.3f} s")
    print(f"ratio ours / anchor: {best / base:.1f}x (goal: under 2 s and within 5x)")


if __name__ == "__main__":
    main()
