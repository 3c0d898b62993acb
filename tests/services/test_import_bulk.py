"""Importing a large return: the bulk paths write what the row-by-row ones wrote.

A plan with more indicators than one SQL ``IN (…)`` list takes (the comparison and the
write go through one JSON array), values inserted and updated in bulk with their batch
items and audit rows, undo of such a batch, and the fast workbook reader (calamine values,
formats from the styles) giving the grid openpyxl gives.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest

from desktop.services.database import Database
from desktop.services.importer import ImportOptions, import_files, undo_batch
from desktop.workbooks.reading import ooxml
from desktop.workbooks.readers import read_workbook

N = 700  # more than importer._IN_LIST_LIMIT


def build_plan(path: Path, n: int = N) -> int:
    with closing(sqlite3.connect(path)) as conn, conn:
        plan_id = conn.execute(
            "insert into plan (name, review_months, indicator_notes, created_at, base_year, target_year)"
            " values ('大方案', '[]', '[]', '2024-01-01', 2020, 2025)"
        ).lastrowid
        conn.execute("insert into unit (name, kind) values ('市科技局', 'department')")
        gid = conn.execute("insert into indicator_group (plan_id, position, name) values (?, 0, '指标')", (plan_id,)).lastrowid
        conn.executemany(
            "insert into indicator (plan_id, group_id, position, number, name, unit_of_measure, direction, weight, key,"
            " baseline_value, baseline_year, scoring) values (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(plan_id, gid, k, str(k + 1), f"张店区研发投入指标{k + 1}", "%" if k % 2 else "家", "higher", "5", 0, "1",
              2020, "proportional") for k in range(n)],
        )
    return int(plan_id)


def workbook(path: Path, values: dict[int, float], *, percent_rows: set[int] = frozenset()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["2024年指标完成情况"])
    ws.merge_cells("A1:E1")
    ws.append(["填报单位：市科技局"])
    ws.append(["序号", "指标名称", "计量单位", "2024年完成", "完成率"])
    for k, value in values.items():
        ws.append([k, f"张店区研发投入指标{k}", "%" if (k - 1) % 2 else "家", value, 0.5])
        ws.cell(ws.max_row, 5).number_format = "0.00%"
        if k in percent_rows:
            ws.cell(ws.max_row, 4).number_format = "0.00%"
    ws.append(["填报人：张三"])
    wb.save(path)
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql).fetchall()


def test_a_large_return_is_written_in_bulk_and_undone(database: Database, db_path: Path, tmp_path: Path) -> None:
    plan = build_plan(db_path)
    first = {k: float(k) + 0.5 for k in range(1, N + 1)}
    first[2] = 0.0302  # a share shown as 3.02%
    f1 = workbook(tmp_path / "一.xlsx", first, percent_rows={2})
    result = import_files(database, [f1], ImportOptions(plan_id=plan, backup=False))
    assert result.committed and not result.blocked
    batch = result.batch_ids[0]
    stored = dict(rows(db_path, "select i.number, v.value from value v join indicator i on i.id = v.indicator_id"))
    assert len(stored) == N and stored["1"] == "1.5" and stored["2"] == "3.02"
    # every value has its batch item and audit row, naming the id it got
    items = rows(db_path, f"select record_id, action, old, new, sheet, cell from import_batch_item where batch_id = {batch} order by id")
    ids = [r[0] for r in rows(db_path, f"select id from value where batch_id = {batch} order by id")]
    assert [item[0] for item in items] == ids and {item[1] for item in items} == {"insert"}
    assert items[0][2] == "null" and json.loads(items[0][3]) == {"value": "1.5", "data_year": None, "note": None}
    assert items[0][4:] == ("指标", "D4")
    audits = rows(db_path, f"select entity_id, old, new, reason from audit_log where batch_id = {batch} order by id")
    assert [a[0] for a in audits] == ids and audits[0][1:] == (None, "1.5", f"导入批次 {batch}")

    second = {k: v + (1 if k % 3 == 0 else 0) for k, v in first.items()}
    f2 = workbook(tmp_path / "二.xlsx", second, percent_rows={2})
    result = import_files(database, [f2], ImportOptions(plan_id=plan, backup=False))
    changed = [c for c in result.files[0].changes if c.status == "changed"]
    assert result.committed and len(changed) == N // 3
    batch2 = result.batch_ids[0]
    updates = rows(db_path, f"select action, old, new from import_batch_item where batch_id = {batch2}")
    assert len(updates) == N // 3 and {u[0] for u in updates} == {"update"}
    assert json.loads(updates[0][1])["batch_id"] == batch and json.loads(updates[0][1])["origin"] == "import"
    assert rows(db_path, "select value from value v join indicator i on i.id = v.indicator_id where i.number = '3'") == [("4.5",)]

    assert undo_batch(database, batch2) == N // 3
    assert rows(db_path, "select value from value v join indicator i on i.id = v.indicator_id where i.number = '3'") == [("3.5",)]
    assert undo_batch(database, batch) == N
    assert rows(db_path, "select count(*) from value") == [(0,)]


def openpyxl_grid(path: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setattr(ooxml, "read_fast", lambda *args, **kw: None)
        return read_workbook(path)


def test_the_fast_reader_gives_the_grid_openpyxl_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["标题", None, None])
    ws.merge_cells("A1:C1")
    ws.append(["名称", "数值", "日期"])
    ws.append(["甲", 3, dt.datetime(2024, 6, 30)])
    ws.append(["乙", 0.0302, dt.datetime(2024, 6, 30, 12, 30)])
    ws.append([" 丙 ", 12.5, "=1+1"])
    ws.append([True, -7, None])
    ws["B4"].number_format = "0.00%"
    ws["B5"].number_format = "#,##0.00"
    ws["C3"].number_format = ws["C4"].number_format = "yyyy-mm-dd"
    ws["B6"].number_format = "0.00%"
    hidden = wb.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden["B2"] = "x"
    path = tmp_path / "样例.xlsx"
    wb.save(path)

    calls: list[object] = []
    original = ooxml.read_fast
    monkeypatch.setattr(ooxml, "read_fast", lambda *a, **k: calls.append(original(*a, **k)) or calls[-1])
    fast = read_workbook(path)
    assert calls and calls[0] is not None  # the fast path read it
    slow = openpyxl_grid(path, monkeypatch)
    assert [s.name for s in fast.sheets] == [s.name for s in slow.sheets] == ["数据", "隐藏"]
    for a, b in zip(fast.sheets, slow.sheets, strict=True):
        assert (a.merged, a.state, a.formulas_without_value) == (b.merged, b.state, b.formulas_without_value)
        assert len(a.rows) == len(b.rows)
        for ra, rb in zip(a.rows, b.rows, strict=True):
            assert [(c.value, type(c.value)) for c in ra] == [(c.value, type(c.value)) for c in rb]
            assert [c.number_format for c in ra if c.value is not None] == [c.number_format for c in rb if c.value is not None]
    sheet = fast.sheets[0]
    assert sheet.cell(4, 2).value == 0.0302 and sheet.cell(4, 2).number_format == "0.00%"
    assert sheet.cell(3, 2).value == 3 and type(sheet.cell(3, 2).value) is int
    assert sheet.cell(3, 3).value == dt.datetime(2024, 6, 30)
    assert sheet.formulas_without_value == ("C5",)


def test_a_sheet_reaching_far_out_is_never_given_to_calamine(tmp_path: Path) -> None:
    """calamine allocates the whole rectangle up to the last cell: such a sheet goes to openpyxl."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "指标名称"
    ws["XFD1048576"] = 1
    path = tmp_path / "远.xlsx"
    wb.save(path)
    grid = read_workbook(path)  # would abort the process if calamine read it
    assert grid.sheets[0].cell(1, 1).value == "指标名称"
