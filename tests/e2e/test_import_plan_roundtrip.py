"""export → import-plan → export: the plan read back from its own attachments is the plan.

liaocheng-2018 is exported as 指标体系 (附件2) and 重点任务分工 (附件3), both files are read
with the workbook reader and understood by ``read_plan``; the result must carry what the
attachments carry of the bundled preset, and a plan loaded from it must export the same
two workbooks, cell for cell.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.intake.grid import WorkbookGrid
from desktop.domain.intake.plan_reader import read_plan
from desktop.resources import presets_dir
from desktop.services.database import open_database
from desktop.services.presets import load_plan_document, load_preset, preset_names
from desktop.services.reports import ExportRequest, export_report
from desktop.workbooks.readers import read_workbook

PRESET = "liaocheng-2018"
REPORTS = ("indicator-system", "task-division")


def _export_both(database: Any, plan_id: int, folder: Path) -> dict[str, WorkbookGrid]:
    folder.mkdir(parents=True, exist_ok=True)
    grids = {}
    for report in REPORTS:
        out = folder / f"{report}.xlsx"
        export_report(database, ExportRequest(report, plan_id, out))
        grids[report] = read_workbook(out)
    return grids


@pytest.fixture(scope="module")
def first_export(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, WorkbookGrid]]:
    folder = tmp_path_factory.mktemp("导出 一")
    db = open_database(folder / "原方案.db")
    try:
        plan_id = load_preset(db, PRESET)
        yield _export_both(db, plan_id, folder / "附件")
    finally:
        db.close()


@pytest.fixture(scope="module")
def doc(first_export: dict[str, WorkbookGrid]) -> dict[str, Any]:
    return read_plan([first_export["indicator-system"], first_export["task-division"]])


@pytest.fixture(scope="module")
def preset() -> dict[str, Any]:
    with open(presets_dir() / f"{PRESET}.json", encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def test_the_plan_read_back_carries_what_the_attachments_carry(doc: dict[str, Any], preset: dict[str, Any]) -> None:
    assert doc["format"] == 1
    assert doc["plan"]["name"] == preset["plan"]["name"]
    assert doc["plan"]["city"] == preset["plan"]["city"]
    assert doc["plan"]["indicator_notes"] == preset["plan"]["indicator_notes"]

    # 指标体系: the weighted indicators (the other targets of the plan are not in 附件2)
    def indicator_rows(document: dict[str, Any], weighted_only: bool) -> list[tuple]:
        return [
            (g["name"], str(i["number"]), i["name"], i["weight"], i["key"], i["units"])
            for g in document["indicator_groups"]
            for i in g["indicators"]
            if i["weight"] is not None or not weighted_only
        ]

    read, expected = indicator_rows(doc, False), indicator_rows(preset, True)
    assert len(read) == 13
    assert read == expected
    assert all(isinstance(i["weight"], Decimal) for g in doc["indicator_groups"] for i in g["indicators"])
    assert sum(1 for row in read if row[4]) == 3  # ※ marks

    # 重点任务分工: groups, numbers, titles, and every 建设目标 row with its own units and deadline
    assert [(g["number"], g["name"]) for g in doc["task_groups"]] == [
        (g["number"], g["name"]) for g in preset["task_groups"]
    ]

    def task_rows(document: dict[str, Any]) -> list[tuple]:
        return [
            (
                g["name"],
                t["number"],
                t["title"],
                [(goal["text"], goal["units"], goal["deadline_text"]) for goal in t["goals"]],
            )
            for g in document["task_groups"]
            for t in g["tasks"]
        ]

    read_tasks, expected_tasks = task_rows(doc), task_rows(preset)
    assert len(read_tasks) == 38
    assert read_tasks == expected_tasks
    for task in (t for g in doc["task_groups"] for t in g["tasks"]):
        units_in_rows = [u for goal in task["goals"] for u in goal["units"]]
        assert task["units"] == list(dict.fromkeys(units_in_rows))
        assert task["deadline_text"] in {goal["deadline_text"] for goal in task["goals"]}


def _cells(grid: WorkbookGrid) -> list[tuple]:
    return [
        (sheet.name, sheet.state, [[cell.value for cell in row] for row in sheet.rows], sorted(sheet.merged))
        for sheet in grid.sheets
    ]


def _import_and_export(doc: dict[str, Any], folder: Path) -> dict[str, WorkbookGrid]:
    db = open_database(folder / "导入的方案.db")
    try:
        loaded = load_plan_document(db, doc, source="indicator-system.xlsx、task-division.xlsx")
        plan_id, new_units = loaded if isinstance(loaded, tuple) else (loaded, [])
        assert new_units == []  # every name written in the attachments is a known unit
        return _export_both(db, plan_id, folder / "再次导出")
    finally:
        db.close()


def _assert_same(first: dict[str, WorkbookGrid], second: dict[str, WorkbookGrid]) -> None:
    for report in REPORTS:
        first_cells, second_cells = _cells(first[report]), _cells(second[report])
        assert second_cells == first_cells, report
        assert any(value is not None for _name, _state, rows, _merged in second_cells for row in rows for value in row)


def test_export_import_export_gives_the_same_workbooks(
    doc: dict[str, Any], first_export: dict[str, WorkbookGrid], tmp_path: Path
) -> None:
    _assert_same(first_export, _import_and_export(doc, tmp_path))


@pytest.mark.parametrize("name", [n for n in preset_names() if n != PRESET])
def test_every_other_bundled_plan_survives_the_round_trip(name: str, tmp_path: Path) -> None:
    db = open_database(tmp_path / "原方案.db")
    try:
        first = _export_both(db, load_preset(db, name), tmp_path / "附件")
    finally:
        db.close()
    document = read_plan([first["indicator-system"], first["task-division"]])
    _assert_same(first, _import_and_export(document, tmp_path))
