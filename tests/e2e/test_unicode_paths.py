"""Paths with Chinese characters and spaces everywhere: the database, exported tables,
templates written to and read back from such folders (a clerk's Windows profile is often
C:\\Users\\张三\\桌面\\2024 数据\\...)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest


def run(*args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True,
                            text=True, encoding="utf-8", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("unicode") / "测试 数据" / "2024年 第二季度"


@pytest.fixture(scope="module")
def plan(folder: Path) -> tuple[Path, str]:
    db = folder / "科技局 指标库.db"
    run("--db", db, "init", "--preset", "liaocheng-2018")
    assert db.is_file()
    plan_id = run("--db", db, "plans").split()[0]
    return db, plan_id


def test_database_in_a_chinese_folder_with_spaces(plan: tuple[Path, str]) -> None:
    db, plan_id = plan
    assert "聊城" in run("--db", db, "plans")
    run("--db", db, "verify")


def test_export_to_a_chinese_folder_with_spaces(plan: tuple[Path, str], folder: Path) -> None:
    db, plan_id = plan
    out = folder / "导出 结果" / "附件2 指标体系.xlsx"
    out.parent.mkdir()
    run("--db", db, "export", "indicator-system", "--plan", plan_id, "--out", out)
    book = openpyxl.load_workbook(out)
    try:
        assert book.worksheets[0]["A3"].value == "一级指标"
    finally:
        book.close()
    docx = folder / "导出 结果" / "进展 通报.docx"
    run("--db", db, "export", "bulletin", "--plan", plan_id, "--out", docx)
    assert docx.stat().st_size > 0


def test_relative_paths_from_a_chinese_working_folder(plan: tuple[Path, str], folder: Path) -> None:
    db, plan_id = plan
    run("--db", db.name, "export", "task-division", "--plan", plan_id, "--out", "重点 任务.xlsx", cwd=folder)
    assert (folder / "重点 任务.xlsx").is_file()


def test_import_from_a_chinese_folder_with_spaces(plan: tuple[Path, str], folder: Path) -> None:
    db, plan_id = plan
    template = folder / "各单位 报送" / "市科技局 2024年 报送模板.xlsx"
    template.parent.mkdir()
    run("--db", db, "export", "template", "--plan", plan_id, "--unit", "市科技局", "--period", "2024",
        "--out", template)
    book = openpyxl.load_workbook(template)
    ws = book.worksheets[0]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    cols = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, cols["指标名称"]).value)
    ws.cell(row, cols["本期数值"]).value = 12.5
    book.save(template)
    book.close()
    out = run("--db", db, "import", template, "--plan", plan_id)
    assert template.name in out
    assert len(run("--db", db, "batches", "--plan", plan_id).strip().splitlines()) == 1
