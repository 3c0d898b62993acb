"""Text that looks like a formula (= + - @ first) is stored as text and exported as text.

A plan whose names, units, task texts and progress reports all start like formulas goes
through every Excel report and a collection template; the written sheet XML must hold no
``<f>`` element and every such cell must be a string with Excel's quote prefix.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import openpyxl
from sqlalchemy import select

from db.models import Indicator, Task, Unit
from desktop.services.database import Database
from desktop.services.plan_editing import PlanEditor
from desktop.services.presets import load_preset
from desktop.services.progress_entry import ProgressEntryService
from desktop.services.report_catalog import REPORTS
from desktop.services.reports import ExportRequest, export_report
from desktop.services.templates import export_template

FORMULA_START = ("=", "+", "-", "@", "\t")
EVIL = {
    "indicator": '=HYPERLINK("http://example.com","点我")',
    "task": "=1+1推进创新平台建设",
    "unit": "@SUM(A1)科技局",
    "progress": "+86 0533-1234567 已对接",
    "problems": "-5家企业未申报",
    "next": "=cmd|' /C calc'!A0",
}


def _sheets_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def _check_file(path: Path) -> set[str]:
    """No formula anywhere; every formula-like cell is quoted text. Returns the texts seen."""
    for name, xml in _sheets_xml(path).items():
        assert "<f>" not in xml and "<f " not in xml, f"{path.name} {name} holds a formula"
    seen: set[str] = set()
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    assert cell.data_type == "s", (path.name, ws.title, cell.coordinate)
                    assert cell.quotePrefix, (path.name, ws.title, cell.coordinate)
                    seen.add(cell.value)
                if isinstance(cell.value, str):
                    seen.update(v for v in EVIL.values() if v in cell.value)
    return seen


def test_formula_like_text_is_stored_and_exported_as_text(database: Database, db_path: Path, tmp_path: Path) -> None:
    review = load_preset(database, "zibo-14th-review")
    forces = load_preset(database, "zibo-taskforces-2022")
    editor = PlanEditor(database)
    with database.read() as s:
        indicator = s.scalars(select(Indicator.id).where(Indicator.plan_id == review).order_by(Indicator.id)).first()
        task = s.scalars(select(Task).where(Task.plan_id == forces).order_by(Task.id)).first()
        unit = s.scalars(select(Unit.id).where(Unit.name == "市科技局")).one()
    editor.update_indicator(indicator, name=EVIL["indicator"])
    editor.update_task(task.id, title=EVIL["task"])
    editor.rename_unit(unit, EVIL["unit"])
    ProgressEntryService(database).save_progress(
        task.id, "2022-06", None, Decimal(50), "推进中", EVIL["progress"], EVIL["problems"], EVIL["next"],
    )
    # stored as the clerk typed it, as text
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("select name from indicator where id = ?", (indicator,)).fetchone()[0] == EVIL["indicator"]
        stored = conn.execute("select progress_text, problems, next_steps, typeof(progress_text) from progress_report").fetchall()
    assert stored == [(EVIL["progress"], EVIL["problems"], EVIL["next"], "text")]

    seen: set[str] = set()
    files = 0
    # the indicator reports over the plan with the renamed indicator, the task reports over
    # the plan with the task and progress; between them every Excel report
    jobs = [(review, "2024", r) for r in ("indicator-system", "indicator-status", "evaluation")]
    jobs += [(forces, "2022-06", r) for r in ("task-division", "task-progress", "missing")]
    assert {r for _p, _q, r in jobs} == set(REPORTS) - {"bulletin"}
    for plan_id, period, report in jobs:
        if True:
            out = tmp_path / f"{plan_id}-{report}.xlsx"
            export_report(database, ExportRequest(report, plan_id, out, period=period, as_of=dt.date(2022, 7, 28)))
            seen |= _check_file(out)
            files += 1
    template = export_template(database, review, EVIL["unit"], "2024", tmp_path / "模板.xlsx")
    seen |= _check_file(template)
    assert files == len(REPORTS) - 1
    # the texts did reach the files (so the checks above were not vacuous)
    assert {EVIL["indicator"], EVIL["task"], EVIL["progress"], EVIL["problems"], EVIL["next"]} <= seen
    assert any(EVIL["unit"] in text for text in seen)


def test_imported_formula_like_text_is_stored_and_exported_as_text(database: Database, db_path: Path,
                                                                   tmp_path: Path) -> None:
    from desktop.services.importer import ImportOptions, import_files
    from tests.services.test_import_properties import GOOD

    plan = load_preset(database, "zibo-14th-review")
    returned = tmp_path / "科技局报送.xlsx"
    returned.write_bytes(GOOD)  # 备注 cells: '=1+1 不是公式' and '+86 0533', typed as text
    assert import_files(database, [returned], ImportOptions(plan_id=plan, backup=False)).committed
    with closing(sqlite3.connect(db_path)) as conn:
        notes = dict(conn.execute("select value, note from value where batch_id is not null").fetchall())
        types = {t for (t,) in conn.execute("select typeof(note) from value where batch_id is not null")}
    assert notes == {"3.02": "=1+1 不是公式", "1600": "+86 0533"} and types == {"text"}
    # no report prints a value's 备注 (the first test covers every text a report prints);
    # the report over the imported values still holds no formula
    _check_file(export_report(database, ExportRequest("indicator-status", plan, tmp_path / "完成情况.xlsx",
                                                      as_of=dt.date(2025, 1, 31))))
