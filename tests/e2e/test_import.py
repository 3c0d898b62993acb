"""Importing returned workbooks end to end: preview, commit, no-op re-import, conflicts, undo."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.test_cli import run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "导入.db"
    run("--db", path, "init", "--preset", "zibo-14th-review")  # plan 1: 8 main indicators, 2025 targets
    return path


def freeform(path: Path, rows: list[tuple[str, object]], *, unit: str = "市科技局", year: str = "2024年") -> Path:
    """A department's own layout: title, 填报单位 line, a two-row merged header, a footer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["淄博市科技创新主要指标完成情况表"])
    ws.merge_cells("A1:D1")
    ws.append([f"填报单位：{unit}", None, "填报日期：2025年1月10日"])
    ws.append(["序号", "指标名称", year, None])
    ws.append([None, None, "目标", "完成"])
    ws.merge_cells("C3:D3")
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    for n, (name, value) in enumerate(rows, 1):
        ws.append([n, name, None, value])
    ws.append([])
    ws.append(["填报人：张三", None, "联系电话：0533-1234567"])
    wb.save(path)
    return path


def values(db: Path) -> dict[tuple[str, str], str]:
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "select i.name, v.period, v.value from value v join indicator i on i.id = v.indicator_id"
            " where v.origin = 'import'"
        ).fetchall()
    return {(name, period): value for name, period, value in rows}


def test_preview_commit_reimport_and_undo(db: Path, tmp_path: Path) -> None:
    f = freeform(tmp_path / "科技局2024.xlsx", [("高新技术企业数", "1,600家"), ("R&D经费支出占GDP比重", "３.０２％")])

    dry = run("--db", db, "import", f, "--plan", "1", "--dry-run").stdout
    assert "新增 2 项" in dry and "未写入任何数据" in dry
    assert values(db) == {}

    done = run("--db", db, "import", f, "--plan", "1").stdout
    assert "已导入，批次 1" in done
    assert values(db) == {("高新技术企业", "2024"): "1600", ("R&D经费支出占GDP比重", "2024"): "3.02"}

    again = run("--db", db, "import", f, "--plan", "1").stdout
    assert "已导入过" in again
    assert run("--db", db, "batches", "--plan", "1").stdout.startswith("1\t科技局2024.xlsx")

    g = freeform(tmp_path / "科技局2024更正.xlsx", [("高新技术企业数", 1650)])
    changed = run("--db", db, "import", g, "--plan", "1").stdout
    assert "修改 1 项" in changed and "1600 → 1650" in changed
    assert values(db)[("高新技术企业", "2024")] == "1650"

    undo = run("--db", db, "undo-batch", "2").stdout
    assert "恢复 1 项" in undo
    assert values(db)[("高新技术企业", "2024")] == "1600"
    run("--db", db, "undo-batch", "1")
    assert values(db) == {}
    assert "已撤销" in run("--db", db, "batches", "--plan", "1").stdout
    twice = run("--db", db, "undo-batch", "1", ok=False)
    assert twice.returncode == 2 and "已经撤销过" in twice.stderr


def test_conflicting_files_write_nothing(db: Path, tmp_path: Path) -> None:
    a = freeform(tmp_path / "a.xlsx", [("高新技术企业数", 1600)])
    b = freeform(tmp_path / "b.xlsx", [("高新技术企业数", 1700)], unit="市统计局")
    result = run("--db", db, "import", a, b, "--plan", "1", ok=False)
    assert result.returncode == 2
    assert "冲突：高新技术企业" in result.stdout
    assert values(db) == {}


def test_a_refused_cell_blocks_every_file(db: Path, tmp_path: Path) -> None:
    good = freeform(tmp_path / "good.xlsx", [("高新技术企业数", 1600)])
    bad = freeform(tmp_path / "bad.xlsx", [("科技型中小企业", "约两千家")], unit="市统计局")
    result = run("--db", db, "import", good, bad, "--plan", "1", ok=False)
    assert result.returncode == 2
    assert "拒绝：工作表“主要指标”" in result.stdout and "约两千家" in result.stdout
    assert values(db) == {}


def test_unknown_rows_are_reported_not_guessed(db: Path, tmp_path: Path) -> None:
    f = freeform(tmp_path / "x.xlsx", [("高新技术企业数", 1600), ("农业机械化率", "85%")])
    out = run("--db", db, "import", f, "--plan", "1").stdout
    assert "未识别：工作表“主要指标”" in out and "农业机械化率" in out
    assert values(db) == {("高新技术企业", "2024"): "1600"}


@pytest.mark.parametrize("content,expected", [
    (b"", "空"),
    (b"PK\x03\x04 truncated", "损坏"),
    (b"<html><table><tr><td>1</td></tr></table></html>", "网页"),
])
def test_bad_files_are_refused_cleanly(db: Path, tmp_path: Path, content: bytes, expected: str) -> None:
    f = tmp_path / "坏文件.xls"
    f.write_bytes(content)
    result = run("--db", db, "import", f, "--plan", "1", ok=False)
    assert result.returncode == 2
    assert "坏文件.xls" in result.stderr and "Traceback" not in result.stderr
    assert values(db) == {}


def test_import_plan_from_the_official_attachments(tmp_path: Path) -> None:
    source = tmp_path / "源.db"
    run("--db", source, "init", "--preset", "liaocheng-2018")
    system, division = tmp_path / "附件2.xlsx", tmp_path / "附件3.xlsx"
    run("--db", source, "export", "indicator-system", "--plan", "1", "--out", system)
    run("--db", source, "export", "task-division", "--plan", "1", "--out", division)
    target = tmp_path / "新城市.db"
    out = run("--db", target, "import-plan", system, division, "--name", "某市创新型城市建设推进方案").stdout
    assert out.startswith("1\t")
    assert run("--db", target, "plans").stdout.startswith("1\t某市创新型城市建设推进方案\t指标 13 项\t任务 38 项")
    not_a_plan = tmp_path / "随便.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(not_a_plan)
    bad = run("--db", target, "import-plan", not_a_plan, ok=False)
    assert bad.returncode == 2 and "随便.xlsx" in bad.stderr


def test_template_round_trip_through_a_round(tmp_path: Path) -> None:
    """Open a round, send the templates, a department fills and re-sorts one, import it."""
    db = tmp_path / "模板.db"
    run("--db", db, "init", "--preset", "liaocheng-2018")
    run("--db", db, "round", "open", "--plan", "1", "--period", "2020", "--due", "2021-01-31",
        "--units", "市科技局", "市经信委")
    folder = tmp_path / "模板"
    folder.mkdir()
    out = run("--db", db, "export", "templates", "--round", "1", "--out", folder).stdout
    assert "共 2 个单位的报送模板" in out
    path = next(folder.glob("2020_市科技局*.xlsx"))

    wb = openpyxl.load_workbook(path)
    ws = wb["指标数据"]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    cols = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    rows = [r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, cols["指标名称"]).value]
    by_name = {ws.cell(r, cols["指标名称"]).value: r for r in rows}
    ws.cell(by_name["高新技术企业数量（家）"], cols["本期数值"]).value = "1,600"
    ws.cell(by_name["全社会 R&D 经费支出占 GDP 比重及增幅(%)"], cols["本期数值"]).value = 2.31
    # re-sort: swap the first and last data rows, key column included
    first, last = rows[0], rows[-1]
    for c in range(1, ws.max_column + 1):
        a, b = ws.cell(first, c), ws.cell(last, c)
        a.value, b.value = b.value, a.value
    tasks = wb["任务进展"]
    t_header = next(r for r in range(1, 10) if tasks.cell(r, 1).value == "序号")
    t_cols = {tasks.cell(t_header, c).value: c for c in range(1, tasks.max_column + 1)}
    row = t_header + 1
    tasks.cell(row, t_cols["完成百分比\n（%）"]).value = 60
    tasks.cell(row, t_cols["状态"]).value = "推进中"
    text_cell = tasks.cell(row, t_cols["工作进展"])
    text_cell.value = "=已完成园区规划编制"  # typed as text (Excel: a leading apostrophe)
    text_cell.data_type = "s"
    wb.save(path)

    result = run("--db", db, "import", path, "--plan", "1", "--round", "1").stdout
    assert "报送模板" in result and "新增 3 项" in result
    assert values(db) == {("高新技术企业数量（家）", "2020"): "1600",
                          ("全社会 R&D 经费支出占 GDP 比重及增幅(%)", "2020"): "2.31"}
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("select percent, status, progress_text from progress_report").fetchall() == [
            ("60", "推进中", "=已完成园区规划编制")]
    status = run("--db", db, "round", "status", "1").stdout
    assert "应报 2，已报 1" in status
    assert "\t市科技局\t" in status and "未报送\t市工业和信息化局" in status


def test_a_hand_mapping_is_remembered_for_the_unit(db: Path, tmp_path: Path) -> None:
    """A sheet whose value column the detection cannot place: mapped once, reused next time."""
    def odd(path: Path, value: object) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["填报单位：市科技局"])
        ws.append(["项目", "数据"])
        ws.append(["高新技术企业", value])
        wb.save(path)
        return path

    first = odd(tmp_path / "一.xlsx", 1500)
    unmapped = run("--db", db, "import", first, "--plan", "1", "--dry-run", ok=False)
    assert "新增 1 项" not in unmapped.stdout  # no period anywhere: the column cannot be placed
    mapped = run("--db", db, "import", first, "--plan", "1", "--map", "A=name", "--map", "B=value:2024").stdout
    assert "新增 1 项" in mapped
    second = odd(tmp_path / "二.xlsx", 1550)
    again = run("--db", db, "import", second, "--plan", "1", "--unit", "市科技局").stdout
    assert "修改 1 项" in again and "1500 → 1550" in again
