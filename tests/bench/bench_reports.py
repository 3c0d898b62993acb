"""Benchmark: export the whole report set of the liaocheng-2018 preset through the real
service (``desktop.services.reports.export_report``), as the 报表 page does.

Reports: indicator-system, task-division, indicator-status, evaluation, task-progress,
missing (.xlsx) and bulletin (.docx), as of 2020-06-30, into a temp folder, from a temp
database loaded with the preset. Goal: the whole set under 1 s (best of ROUNDS).

Anchor, measured in the same run: openpyxl (normal mode) writing the same cell values —
read back from each exported .xlsx, every sheet — into plain workbooks without styles,
merges, row heights or page setup, and saving them into the same folder. The anchor
covers only the spreadsheets; ours also reads the database, evaluates the plan and
writes the .docx.

    python tests/bench/bench_reports.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

import openpyxl
from openpyxl import Workbook

from desktop.services.database import open_database
from desktop.services.presets import load_preset
from desktop.services.reports import ExportRequest, export_report

PRESET = "liaocheng-2018"
AS_OF = dt.date(2020, 6, 30)
ROUNDS = 3
REPORTS = (
    ("indicator-system", "xlsx"),
    ("task-division", "xlsx"),
    ("indicator-status", "xlsx"),
    ("evaluation", "xlsx"),
    ("task-progress", "xlsx"),
    ("missing", "xlsx"),
    ("bulletin", "docx"),
)

Sheets = list[tuple[str, list[list[object]]]]


def export_all(database, plan_id: int, folder: Path) -> dict[str, float]:
    """Export every report once; seconds per report."""
    times = {}
    for report, suffix in REPORTS:
        out = folder / f"{report}.{suffix}"
        start = time.perf_counter()
        export_report(database, ExportRequest(report, plan_id, out, period=None, unit=None, as_of=AS_OF))
        times[report] = time.perf_counter() - start
    return times


def read_values(path: Path) -> Sheets:
    """The cell values of every sheet of an exported workbook, row by row."""
    wb = openpyxl.load_workbook(path)
    return [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]


def anchor(books: dict[str, Sheets], folder: Path) -> float:
    """openpyxl writing the same values, unstyled, into plain workbooks."""
    start = time.perf_counter()
    for report, sheets in books.items():
        wb = Workbook()
        for i, (title, rows) in enumerate(sheets):
            ws = wb.active if i == 0 else wb.create_sheet()
            ws.title = title
            for row in rows:
                ws.append(row)
        wb.save(folder / f"plain-{report}.xlsx")
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = open_database(folder / "bench.db")
        try:
            plan_id = load_preset(database, PRESET)
            ours: list[float] = []
            per_report: dict[str, float] = {}
            plain: list[float] = []
            books: dict[str, Sheets] | None = None
            for _ in range(ROUNDS):
                times = export_all(database, plan_id, folder)
                ours.append(sum(times.values()))
                for report, seconds in times.items():
                    per_report[report] = min(seconds, per_report.get(report, seconds))
                if books is None:
                    books = {
                        report: read_values(folder / f"{report}.xlsx")
                        for report, suffix in REPORTS
                        if suffix == "xlsx"
                    }
                plain.append(anchor(books, folder))
        finally:
            close = getattr(database, "close", None)
            if close is not None:
                close()
    cells = sum(len(row) for sheets in books.values() for _, rows in sheets for row in rows)
    best, base = min(ours), min(plain)
    print(f"plan: {PRESET}, as of {AS_OF}; {len(REPORTS)} reports (best of {ROUNDS})")
    for report, suffix in REPORTS:
        print(f"  {report + '.' + suffix:<22} {per_report[report] * 1000:7.1f} ms")
    print(f"ours    export_report, all {len(REPORTS)} reports:          {best:.3f} s  (goal: under 1 s)")
    print(f"anchor  openpyxl, same values of the {len(books)} xlsx, no styles: {base:.3f} s  ({cells:,} cells)")
    print(f"ratio   {best / base:.1f}x")


if __name__ == "__main__":
    main()
