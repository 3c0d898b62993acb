"""`innotrack export`: every report for every preset, and the failures a clerk meets."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import docx
import openpyxl
import pytest

from desktop.errors import UserError
from desktop.services.database import Database, open_database
from desktop.services.presets import load_preset, preset_names
from desktop.services.report_catalog import REPORTS
from desktop.services.reports import ExportRequest, export_report
from tests.e2e.test_cli import run

XLSX_REPORTS = [r for r in REPORTS if r != "bulletin"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, dict[str, int]]:
    db = open_database(tmp_path_factory.mktemp("export") / "导出.db")
    ids = {name: load_preset(db, name) for name in preset_names()}
    yield db, ids
    db.close()


@pytest.mark.parametrize("preset", ["liaocheng-2018", "taian-2022", "zibo-14th-review", "zibo-2022",
                                    "zibo-taskforces-2022"])
def test_every_report_for_every_preset(loaded: tuple[Database, dict[str, int]], preset: str,
                                       tmp_path: Path) -> None:
    db, ids = loaded
    for report in XLSX_REPORTS:
        out = tmp_path / f"{report}.xlsx"
        assert export_report(db, ExportRequest(report, ids[preset], out, as_of=dt.date(2024, 6, 30))) == out
        wb = openpyxl.load_workbook(out)
        ws = wb.worksheets[0]
        assert ws.max_row >= 3, (preset, report)
        assert ws.page_setup.orientation == "landscape", (preset, report)
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows, (preset, report)
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        titles = [c.value for row in ws.iter_rows(max_row=3) for c in row if isinstance(c.value, str)]
        assert any(("情况" in t or "体系" in t or "分工" in t or "评分" in t or "清单" in t) for t in titles)
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (preset, report, cell.coordinate)  # values, never formulas
    for suffix in (".docx", ".txt"):
        out = tmp_path / f"通报{suffix}"
        export_report(db, ExportRequest("bulletin", ids[preset], out, as_of=dt.date(2024, 6, 30)))
        text = "\n".join(p.text for p in docx.Document(out).paragraphs) if suffix == ".docx" else \
            out.read_text(encoding="utf-8-sig")
        assert "一、总体情况" in text and "五、下步要求" in text


def test_task_division_is_the_seed_attachment(loaded: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, ids = loaded
    out = tmp_path / "附件3.xlsx"
    export_report(db, ExportRequest("task-division", ids["liaocheng-2018"], out))
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert cells[0][0] == "附件3"
    numbers = [r[1] for r in cells if isinstance(r[1], int)]
    assert sorted(set(numbers)) == list(range(1, 39))
    deadlines = {r[1]: r[5] for r in cells if isinstance(r[1], int) and r[5]}
    assert deadlines[1] == "2019 年 12 月底前" and deadlines[38] == "2022 年 12 月底前"


def test_cli_export_writes_the_file(loaded: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, ids = loaded
    out = tmp_path / "中文 目录" / "指标体系.xlsx"
    out.parent.mkdir()
    result = run("--db", db.path, "export", "indicator-system", "--plan", str(ids["liaocheng-2018"]),
                 "--out", out)
    assert "已导出" in result.stdout
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["A1"].value == "附件2"


def test_cli_refuses_a_read_only_target_and_keeps_it(loaded: tuple[Database, dict[str, int]],
                                                     tmp_path: Path) -> None:
    db, ids = loaded
    out = tmp_path / "只读.xlsx"
    out.write_bytes(b"old")
    out.chmod(stat.S_IRUSR)
    result = run("--db", db.path, "export", "evaluation", "--plan", str(ids["liaocheng-2018"]),
                 "--out", out, ok=False)
    assert result.returncode == 2
    assert result.stderr.startswith("错误：") and "只读.xlsx" in result.stderr
    assert "Traceback" not in result.stderr
    out.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert out.read_bytes() == b"old"


def test_cli_refuses_a_missing_folder(loaded: tuple[Database, dict[str, int]], tmp_path: Path) -> None:
    db, ids = loaded
    result = run("--db", db.path, "export", "task-division", "--plan", str(ids["liaocheng-2018"]),
                 "--out", tmp_path / "没有这个文件夹" / "x.xlsx", ok=False)
    assert result.returncode == 2 and "没有这个文件夹" in result.stderr


def test_unknown_report_bad_period_and_wrong_bulletin_suffix(loaded: tuple[Database, dict[str, int]],
                                                             tmp_path: Path) -> None:
    db, ids = loaded
    bad = run("--db", db.path, "export", "nonsense", "--plan", "1", "--out", tmp_path / "x.xlsx", ok=False)
    assert bad.returncode == 2 and "命令参数有误" in bad.stderr
    with pytest.raises(UserError, match="报送期"):
        export_report(db, ExportRequest("task-progress", ids["zibo-taskforces-2022"], tmp_path / "t.xlsx",
                                        period="2024年13月"))
    with pytest.raises(UserError, match=".docx 或 .txt"):
        export_report(db, ExportRequest("bulletin", ids["zibo-2022"], tmp_path / "t.xlsx"))
    with pytest.raises(UserError, match="不在单位名单中"):
        export_report(db, ExportRequest("missing", ids["zibo-2022"], tmp_path / "m.xlsx", unit="火星局"))
