"""Benchmark: importing returned workbooks through ``desktop.services.importer.import_files``,
each against an anchor measured over the same files in the same run (notes/performance.md
§2.1–2.2: the bare pipeline "python-calamine parse + sqlite3 executemany in one transaction").

    python tests/bench/bench_import.py            # all goals
    python tests/bench/bench_import.py --rows 5000 --rounds 1   # a smaller goal 1

Goal 1: one 100,000-row × 10-column workbook (序号 | 指标名称 | 计量单位 | 2023年目标 |
2023年完成 | 完成率 | 同比 | 排名 | 备注 | 说明) against a plan of 100,000 indicators: the
whole import (read, understand, compare, write values + batch + batch items + audit rows,
``dry_run=False``; ``backup=False``, i.e. without the copy of the database file taken
before a real import) within 1.5× the bare pipeline.
Goal 2: 40 free-form department files of about 300 rows (title, 填报单位 line, two-row
merged header, footer; names written with unit brackets, full-width characters, numbering)
against a plan of 300 indicators: within 3× the bare pipeline and under 0.5 s.
Goal 3: peak memory (VmHWM of the child process, interpreter and libraries included)
of the goal-1 import under 300 MB.

Every measurement runs in a fresh interpreter (a child process), methods in turns per
round; library imports (and SQLAlchemy's one-time mapper configuration) are excluded from
the times, as in the notes. Figures are medians.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COUNTIES = ("张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县", "沂源县", "高新区", "经开区")
FIELDS = (
    "研发经费投入", "高新技术企业", "科技型中小企业", "技术合同成交额", "发明专利授权量", "省级创新平台",
    "孵化器面积", "规上工业研发活动企业", "高新技术产业产值", "科技人才引进", "成果转化项目", "科技金融贷款",
)
UNITS = ("%", "家", "亿元", "万元", "个", "人", "件", "项")
HEADER = ("序号", "指标名称", "计量单位", "2023年目标", "2023年完成", "完成率", "同比", "排名", "备注", "说明")
FREEFORM_FILES = 40
FREEFORM_INDICATORS = 300


# -- building the data ------------------------------------------------------------------------------


def big_names(n: int) -> list[tuple[str, str]]:
    """Distinct realistic names ('{county}{field}指标{n}') with their units."""
    out = []
    for i in range(n):
        county = COUNTIES[i % len(COUNTIES)]
        field = FIELDS[(i // len(COUNTIES)) % len(FIELDS)]
        out.append((f"{county}{field}指标{i + 1}", UNITS[i % len(UNITS)]))
    return out


def small_names() -> list[tuple[str, str]]:
    """300 plan indicators for the department files: '{county}{field}', '{county}{field}增长率'…"""
    out = []
    for county in COUNTIES:
        for field in FIELDS:
            for suffix in ("", "占比", "增长率"):
                unit = "%" if suffix in ("占比", "增长率") else UNITS[(len(out) % 6) + 1]
                out.append((f"{county}{field}{suffix}", unit))
    return out[:FREEFORM_INDICATORS]


def build_plan(path: Path, names: list[tuple[str, str]], units: list[str]) -> int:
    """A migrated database with one plan holding ``names``, written with plain SQL (fast)."""
    from desktop.services.database import open_database

    open_database(path).close()
    conn = sqlite3.connect(path)
    with conn:
        plan_id = conn.execute(
            "insert into plan (name, review_months, indicator_notes, created_at, base_year, target_year)"
            " values ('合成方案', '[]', '[]', '2024-01-01', 2020, 2025)"
        ).lastrowid
        conn.executemany("insert into unit (name, kind) values (?, 'department')", [(u,) for u in units])
        gid = conn.execute(
            "insert into indicator_group (plan_id, position, name) values (?, 0, '一级指标')", (plan_id,)
        ).lastrowid
        conn.executemany(
            "insert into indicator (plan_id, group_id, position, number, name, unit_of_measure, direction,"
            " weight, key, baseline_value, baseline_year, scoring) values (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (plan_id, gid, n, str(n + 1), name, unit, "higher", "5", 0, "100", 2020, "proportional")
                for n, (name, unit) in enumerate(names)
            ],
        )
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    return int(plan_id)


def write_big(path: Path, names: list[tuple[str, str]]) -> None:
    """Written as Excel writes it (shared strings): openpyxl's normal mode."""
    import openpyxl

    rng = random.Random(11)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标完成情况"
    ws.append(list(HEADER))
    for i, (name, unit) in enumerate(names):
        target = round(rng.uniform(10, 70 if unit == "%" else 1000), 2)
        done = round(target * rng.uniform(0.6, 1.3), 2)
        percent = unit == "%" and i % 5 == 0  # a share typed as a fraction, shown as 3.02%
        note = f"数据来源：{COUNTIES[i % 10]}统计局第{i % 5000}号" if i % 3 == 0 else None
        ws.append([i + 1, name, unit, target, round(done / 100, 4) if percent else done, round(done / target, 4),
                   round(rng.uniform(-5, 15), 1), i % 50 + 1, note, "已核实" if i % 2 else None])
        row = i + 2
        ws.cell(row, 6).number_format = "0.00%"
        if percent:
            ws.cell(row, 5).number_format = "0.00%"
    wb.save(path)


def write_department(path: Path, names: list[tuple[str, str]], unit: str, month: int, seed: int) -> None:
    """A department's own table: title, 填报单位 line, two-row merged header, footer."""
    import openpyxl

    rng = random.Random(seed)
    year, mon = 2021 + (month - 1) // 12, (month - 1) % 12 + 1
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([f"{year}年{mon}月创新型城市建设指标完成情况统计表"])
    ws.merge_cells("A1:G1")
    ws.append([f"填报单位：{unit}", None, None, None, None, "填报日期：2024年1月5日"])
    ws.append(["序号", "指标名称", "计量单位", f"{year}年{mon}月", None, "完成率", "备注"])
    ws.append([None, None, None, "目标", "完成", None, None])
    for ref in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4"):
        ws.merge_cells(ref)
    order = list(range(len(names)))
    rng.shuffle(order)
    n = 0
    for group in range(3):
        ws.append([f"{'一二三'[group]}、第{group + 1}类指标"])
        for index in order[group * 95 : (group + 1) * 95]:
            n += 1
            name, plan_unit = names[index]
            written = name
            if index % 4 == 1:
                written = f"{name}（{plan_unit}）"  # a unit in brackets
            elif index % 4 == 2:
                written = "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in f"{n}.{name}")
            target = round(rng.uniform(10, 80 if plan_unit == "%" else 500), 2)
            done = round(target * rng.uniform(0.7, 1.2), 2)
            ws.append([n, written, plan_unit, target, done, f"{done / target:.1%}", "已核实" if n % 7 == 0 else None])
            if plan_unit == "%" and index % 3 == 0:
                ws.cell(ws.max_row, 5).value = round(done / 100, 4)
                ws.cell(ws.max_row, 5).number_format = "0.00%"
    ws.append(["合计", None, None, None, None, None, None])
    ws.append([])
    ws.append(["填报人：王某", None, "联系电话：0533-1234567", None, "审核人：李某"])
    wb.save(path)


def prepare(work: Path, rows: int) -> dict:
    names = big_names(rows)
    big_db = work / "big.db"
    big_plan = build_plan(big_db, names, ["市科技局"])
    big_xlsx = work / "big.xlsx"
    shuffled = list(names)
    random.Random(5).shuffle(shuffled)
    write_big(big_xlsx, shuffled)
    small = small_names()
    units = [f"{county}科技局" for county in COUNTIES] + [f"市{dept}" for dept in (
        "发改委", "工信局", "财政局", "统计局", "市场监管局", "人社局", "教育局", "农业农村局", "商务局", "税务局",
        "卫健委", "生态环境局", "住建局", "交通局", "水利局", "自然资源局", "金融办", "大数据局", "文旅局", "应急局",
        "国资委", "民政局", "司法局", "审计局", "外办", "侨办", "气象局", "地震局", "供电公司", "通信管理局")]
    small_db = work / "small.db"
    small_plan = build_plan(small_db, small, units)
    files = []
    for k in range(FREEFORM_FILES):
        path = work / f"dept{k:02d}.xlsx"
        write_department(path, small, units[k], k + 1, seed=k)
        files.append(str(path))
    return {"big_db": str(big_db), "big_plan": big_plan, "big_xlsx": str(big_xlsx), "rows": rows,
            "small_db": str(small_db), "small_plan": small_plan, "files": files}


# -- the measured children --------------------------------------------------------------------------


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).replace(",", ""))


def bare_pipeline(paths: list[str], db: str) -> tuple[float, int]:
    """calamine parse, validate and normalise each row, sqlite3 executemany in one transaction."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    out = []
    for path in paths:
        rows = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
        for row in rows:
            if len(row) < 5 or not isinstance(row[1], str) or not row[1].strip():
                continue
            try:
                values = [_number(row[i]) if i < len(row) else None for i in (3, 4)]
            except ValueError:
                continue
            out.append((path, str(row[0]), row[1].strip(), str(row[2] or "") or None, *values,
                        *(str(row[i]) if i < len(row) and row[i] not in (None, "") else None for i in range(5, 10))))
    conn = sqlite3.connect(db)
    conn.execute("pragma journal_mode=wal")
    conn.execute("pragma synchronous=normal")
    conn.execute("create table rows (file text, seq text, name text, unit text, target real, done real,"
                 " rate text, yoy text, rank text, note text, remark text)")
    with conn:
        conn.executemany("insert into rows values (?,?,?,?,?,?,?,?,?,?,?)", out)
    conn.close()
    return time.perf_counter() - start, len(out)


def ours(paths: list[str], db: str, plan_id: int) -> tuple[float, dict]:
    from desktop.services.database import open_database
    from desktop.services.importer import ImportOptions, import_files

    database = open_database(db)
    start = time.perf_counter()
    result = import_files(database, [Path(p) for p in paths], ImportOptions(plan_id=plan_id, backup=False))
    elapsed = time.perf_counter() - start
    database.close()
    info = {
        "committed": result.committed,
        "values": sum(len(f.extraction.values) for f in result.files if f.extraction),
        "not_understood": sum(len(f.not_understood) for f in result.files),
        "refused": sum(len(f.refused) for f in result.files),
        "warnings": sum(len(f.warnings) for f in result.files),
        "conflicts": len(result.conflicts),
        "errors": [e for f in result.files for e in f.errors],
    }
    return elapsed, info


def peak_mb() -> float:
    """The process's peak resident memory: VmHWM (reset by exec, unlike ru_maxrss, which a child
    started from this big parent would inherit), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(spec: dict) -> None:
    import desktop.services.importer  # noqa: F401  library imports are not timed
    import desktop.workbooks.readers  # noqa: F401
    import python_calamine  # noqa: F401
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # once per process (the app does it at start), not per import
    base_rss = peak_mb()
    if spec["method"] == "bare":
        elapsed, count = bare_pipeline(spec["paths"], spec["db"])
        info: dict = {"rows": count}
    else:
        elapsed, info = ours(spec["paths"], spec["db"], spec["plan"])
    peak = peak_mb()
    print(json.dumps({"elapsed": elapsed, "peak_mb": peak, "base_mb": base_rss, **info}))


def run_child(spec: dict) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"child failed ({spec['method']}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(work: Path, data: dict, goal: str, rounds: int) -> tuple[list[dict], list[dict]]:
    ours_runs, bare_runs = [], []
    for r in range(rounds):
        for method in ("ours", "bare") if r % 2 == 0 else ("bare", "ours"):
            if goal == "big":
                paths, source, plan = [data["big_xlsx"]], data["big_db"], data["big_plan"]
            else:
                paths, source, plan = data["files"], data["small_db"], data["small_plan"]
            target = work / f"run-{goal}-{method}-{r}.db"
            if method == "ours":
                shutil.copy(source, target)
                ours_runs.append(run_child({"method": "ours", "paths": paths, "db": str(target), "plan": plan}))
            else:
                bare_runs.append(run_child({"method": "bare", "paths": paths, "db": str(target)}))
            target.unlink(missing_ok=True)
    return ours_runs, bare_runs


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=("big", "small"))
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        data = prepare(work, args.rows)
        print(f"(test data built in {time.perf_counter() - t0:.1f} s; every figure is the median of {args.rounds} "
              f"fresh child processes; backup=False: the copy of the database taken before a real import is not timed)")
        if args.only in (None, "big"):
            o, b = measure(work, data, "big", args.rounds)
            ratio = median(o, "elapsed") / median(b, "elapsed")
            print(f"goal 1, one {args.rows:,}-row x 10-column workbook, {args.rows:,}-indicator plan:")
            print(f"  import_files (read, understand, compare, write values/batch/items/audit): {median(o, 'elapsed'):.3f} s"
                  f"  [{o[0]['values']:,} values, {o[0]['not_understood']} not understood, {o[0]['refused']} refused,"
                  f" {o[0]['warnings']} warnings, committed={o[0]['committed']}]")
            print(f"  anchor, calamine parse + sqlite3 executemany in one transaction: {median(b, 'elapsed'):.3f} s"
                  f"  [{b[0]['rows']:,} rows]")
            print(f"  ratio: {ratio:.2f}x (goal <= 1.5x)")
            print(f"goal 3, peak memory of that import (peak resident set of the child, interpreter + libraries included):"
                  f" {median(o, 'peak_mb'):.0f} MB (after imports {median(o, 'base_mb'):.0f} MB; anchor {median(b, 'peak_mb'):.0f} MB;"
                  f" goal < 300 MB)")
        if args.only in (None, "small"):
            o, b = measure(work, data, "small", args.rounds)
            ratio = median(o, "elapsed") / median(b, "elapsed")
            print(f"goal 2, {FREEFORM_FILES} free-form department files ({b[0]['rows']:,} table rows), "
                  f"{FREEFORM_INDICATORS}-indicator plan:")
            print(f"  import_files: {median(o, 'elapsed'):.3f} s  [{o[0]['values']:,} values, {o[0]['not_understood']} not understood,"
                  f" {o[0]['refused']} refused, {o[0]['warnings']} warnings, {o[0]['conflicts']} conflicts,"
                  f" committed={o[0]['committed']}]")
            print(f"  anchor, calamine parse + sqlite3 executemany in one transaction: {median(b, 'elapsed'):.3f} s")
            print(f"  ratio: {ratio:.2f}x (goal <= 3x and under 0.5 s)")


if __name__ == "__main__":
    main()
