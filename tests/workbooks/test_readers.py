"""read_workbook on good files: every format, number formats, dates, merged ranges, sheet
states, formulas with and without cached values, lying dimensions, renamed files."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt

from desktop.domain.intake.grid import GridCell, WorkbookGrid
from desktop.workbooks.readers import BadFileError, ReadLimits, ensure_defused_xml, read_workbook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"


# ---------------------------------------------------------------------------- helpers


def rewrite_zip(src: Path, dst: Path, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> Path:
    """Copy a zip member by member, swapping or adding members."""
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def sheet_xml(path: Path, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(member)


def progress_workbook(path: Path) -> Path:
    """What a department returns: title, two-row merged header, a % column, a date, states."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "任务进度"
    ws["A1"] = "2025年重点任务进度"
    ws.merge_cells("A1:D1")
    ws["A2"], ws["B2"], ws["D2"] = "指标", "2025年", "截止日期"
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:C2")
    ws.merge_cells("D2:D3")
    ws["B3"], ws["C3"] = "目标值", "完成值"
    ws["A4"], ws["B4"], ws["C4"], ws["D4"] = "R&D经费投入强度", 0.035, 0.0302, dt.datetime(2025, 10, 31)
    ws["B4"].number_format = ws["C4"].number_format = "0.00%"
    ws["D4"].number_format = "yyyy-mm-dd"
    ws["A5"], ws["B5"], ws["C5"] = "高新技术企业（家）", 588, 600.5
    ws["A6"], ws["B6"] = "是否完成", True
    ws["F9"] = "  注：数据来源于统计局  "
    hidden = wb.create_sheet("备用")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "隐藏"
    meta = wb.create_sheet("_meta")
    meta.sheet_state = "veryHidden"
    meta["A1"], meta["B1"] = "template", "progress-v1"
    wb.save(path)
    return path


# ---------------------------------------------------------------------------- .xlsx


def test_xlsx_values_formats_dates_merged_states(tmp_path: Path) -> None:
    path = progress_workbook(tmp_path / "科技局 返回.xlsx")
    grid = read_workbook(path)

    assert isinstance(grid, WorkbookGrid)
    assert grid.format == "xlsx"
    assert grid.file_name == "科技局 返回.xlsx"
    assert grid.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [s.name for s in grid.sheets] == ["任务进度", "备用", "_meta"]
    assert [s.state for s in grid.sheets] == ["visible", "hidden", "veryHidden"]

    ws = grid.sheet("任务进度")
    assert ws is not None
    assert ws.cell(4, 3) == GridCell(0.0302, "0.00%")
    assert ws.cell(4, 2).number_format == "0.00%"
    assert ws.cell(4, 4).value == dt.datetime(2025, 10, 31)
    assert ws.cell(4, 4).number_format == "yyyy-mm-dd"
    assert ws.cell(5, 2).value == 588 and isinstance(ws.cell(5, 2).value, int)
    assert ws.cell(5, 3).value == 600.5
    assert ws.cell(6, 2).value is True
    assert ws.cell(9, 6).value == "  注：数据来源于统计局  "  # as stored, not stripped
    assert ws.cell(1, 1).value == "2025年重点任务进度"
    assert ws.cell(2, 3).value is None  # inside a merge: the grid does not fill it
    assert set(ws.merged) == {(1, 1, 1, 4), (2, 1, 3, 1), (2, 2, 2, 3), (2, 4, 3, 4)}
    assert ws.max_row == 9
    assert ws.formulas_without_value == ()
    assert grid.sheet("_meta").cell(1, 2).value == "progress-v1"


def test_display_name_is_used_for_file_name(tmp_path: Path) -> None:
    path = progress_workbook(tmp_path / "upload-3f2a.bin")
    grid = read_workbook(path, display_name="发改委.xlsx")
    assert grid.file_name == "发改委.xlsx"
    assert grid.format == "xlsx"


def test_trailing_empty_cells_and_rows_are_dropped_inner_ones_kept(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["C1"] = "a", "c"
    ws["E1"].number_format = "0.00%"  # styled, empty
    ws["A3"] = "x"
    ws["A10"].number_format = "0.0"  # styled empty cell far below
    wb.save(tmp_path / "t.xlsx")
    sheet = read_workbook(tmp_path / "t.xlsx").sheets[0]
    assert [len(r) for r in sheet.rows] == [3, 0, 1]
    assert sheet.cell(1, 2) == GridCell(None, "General") or sheet.cell(1, 2).value is None
    assert sheet.cell(2, 1).value is None


def test_formula_without_cached_value_is_listed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = 10, 20
    ws["A3"] = "=SUM(A1:A2)"
    ws["B1"] = "=A1*2"
    ws["C5"] = "=A1/A2"
    ws["C5"].number_format = "0.00%"
    other = wb.create_sheet("无公式")
    other["A1"] = 1
    wb.save(tmp_path / "f.xlsx")
    grid = read_workbook(tmp_path / "f.xlsx")
    sheet = grid.sheets[0]
    assert sheet.formulas_without_value == ("B1", "A3", "C5")
    assert sheet.cell(3, 1).value is None  # never computed: nothing to show
    assert sheet.cell(1, 1).value == 10
    assert grid.sheets[1].formulas_without_value == ()


def test_libreoffice_saved_file_has_cached_values() -> None:
    grid = read_workbook(FIXTURES / "libreoffice_cached.xlsx")
    sheet = grid.sheet("进度")
    assert grid.format == "xlsx"
    assert sheet.formulas_without_value == ()
    assert sheet.cell(6, 2).value == pytest.approx(588.035)  # =B4+B5, cached by LibreOffice
    assert sheet.cell(6, 3).value is None  # =IF(…,"",…): an empty-string result is a value, shown empty
    assert sheet.cell(4, 3) == GridCell(0.0302, "0.00%")
    assert sheet.cell(4, 4).value == dt.datetime(2025, 10, 31)
    assert set(sheet.merged) == {(1, 1, 1, 4), (2, 1, 3, 1), (2, 2, 2, 3), (2, 4, 3, 4)}
    assert grid.sheet("备用").state == "hidden"


def test_formula_with_empty_string_result_is_not_missing(tmp_path: Path) -> None:
    path = progress_workbook(tmp_path / "s.xlsx")
    xml = sheet_xml(path).replace(
        b'<c r="B6" t="b"><v>1</v></c>',
        b'<c r="B6" t="str"><f>IF(1,"","x")</f><v></v></c><c r="C6"><f>B5*2</f><v>1176</v></c>'
        b'<c r="E6" t="str"><f>"x"</f></c>',
    )
    assert b"IF(1" in xml
    out = rewrite_zip(path, tmp_path / "s2.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    sheet = read_workbook(out).sheets[0]
    assert sheet.formulas_without_value == ("E6",)
    assert sheet.cell(6, 3).value == 1176
    assert sheet.cell(6, 2).value is None


def test_xlsm_with_macro_part_reads_values_only(tmp_path: Path) -> None:
    path = progress_workbook(tmp_path / "src.xlsx")
    types = sheet_xml(path, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert b"macroEnabled" in types
    xlsm = rewrite_zip(
        path,
        tmp_path / "带宏.xlsm",
        replace={"[Content_Types].xml": types},
        add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)},
    )
    grid = read_workbook(xlsm)
    assert grid.format == "xlsm"
    assert grid.sheet("任务进度").cell(4, 3) == GridCell(0.0302, "0.00%")

    only_part = rewrite_zip(path, tmp_path / "b.xlsx", add={"xl/vbaProject.bin": b"x" * 100})
    assert read_workbook(only_part).format == "xlsm"


def test_lying_dimension_too_small_does_not_drop_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 51):
        ws.cell(r, 1, f"第{r}行")
        ws.cell(r, 3, r)
    wb.save(tmp_path / "src.xlsx")
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', sheet_xml(tmp_path / "src.xlsx"))
    assert b'<dimension ref="A1:A1"/>' in xml
    path = rewrite_zip(tmp_path / "src.xlsx", tmp_path / "wps.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    t0 = time.perf_counter()
    sheet = read_workbook(path).sheets[0]
    assert time.perf_counter() - t0 < 2
    assert sheet.max_row == 50
    assert sheet.max_col == 3
    assert sheet.cell(50, 1).value == "第50行" and sheet.cell(50, 3).value == 50


def test_lying_dimension_too_big_does_not_pad(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 4):
        ws.cell(r, 1, r)
        ws.cell(r, 2, "值")
    wb.save(tmp_path / "src.xlsx")
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:ZZ100000"/>', sheet_xml(tmp_path / "src.xlsx"))
    path = rewrite_zip(tmp_path / "src.xlsx", tmp_path / "big-dim.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    t0 = time.perf_counter()
    sheet = read_workbook(path).sheets[0]
    assert time.perf_counter() - t0 < 2
    assert sheet.max_row == 3
    assert [len(r) for r in sheet.rows] == [2, 2, 2]


def test_odd_values_become_grid_types(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = dt.time(8, 30)
    ws["A1"].number_format = "h:mm"
    ws["B1"] = "#DIV/0!"
    ws["C1"] = dt.date(2025, 1, 31)
    ws["D1"] = 4.30103e17
    wb.save(tmp_path / "odd.xlsx")
    sheet = read_workbook(tmp_path / "odd.xlsx").sheets[0]
    assert sheet.cell(1, 1).value == "08:30:00"
    assert sheet.cell(1, 2).value == "#DIV/0!"
    assert sheet.cell(1, 3).value == dt.datetime(2025, 1, 31)
    assert sheet.cell(1, 4).value == 4.30103e17


def test_cells_and_rows_without_r_attributes(tmp_path: Path) -> None:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = (
        f'<worksheet xmlns="{ns}"><sheetData>'
        '<row><c t="inlineStr"><is><t>甲</t></is></c><c><v>1</v></c></row>'
        '<row><c><v>2</v></c><c><f>A2*2</f></c><c r="D2"><f>A2</f><v>2</v></c></row>'
        '</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>'
    ).encode()
    path = rewrite_zip(progress_workbook(tmp_path / "s.xlsx"), tmp_path / "nor.xlsx", replace={"xl/worksheets/sheet1.xml": xml})
    sheet = read_workbook(path).sheets[0]
    assert sheet.cell(1, 1).value == "甲" and sheet.cell(2, 1).value == 2 and sheet.cell(2, 4).value == 2
    assert sheet.formulas_without_value == ("B2",)
    assert sheet.merged == ((1, 1, 1, 2),)


def test_garbage_collector_is_left_as_found(tmp_path: Path) -> None:
    import gc

    path = progress_workbook(tmp_path / "a.xlsx")
    assert gc.isenabled()
    read_workbook(path)
    assert gc.isenabled()
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04broken")
    with pytest.raises(BadFileError):
        read_workbook(tmp_path / "bad.xlsx")
    assert gc.isenabled()
    gc.disable()
    try:
        read_workbook(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---------------------------------------------------------------------------- .xls


def test_xls_saved_by_libreoffice() -> None:
    grid = read_workbook(FIXTURES / "libreoffice.xls")
    assert grid.format == "xls"
    sheet = grid.sheet("进度")
    assert sheet.cell(4, 3) == GridCell(0.0302, "0.00%")
    assert sheet.cell(4, 4).value == dt.datetime(2025, 10, 31)
    assert sheet.cell(5, 2).value == 588 and isinstance(sheet.cell(5, 2).value, int)
    assert sheet.cell(6, 2).value == pytest.approx(588.035)
    assert sheet.cell(6, 3).value is None  # "" result
    assert set(sheet.merged) == {(1, 1, 1, 4), (2, 1, 3, 1), (2, 2, 2, 3), (2, 4, 3, 4)}
    assert grid.sheet("备用").state == "hidden"
    assert grid.sheet("_meta").cell(1, 2).value == "progress-v1"


def _xlwt_file(path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("数据")
    ws.write_merge(0, 0, 0, 3, "2025年指标")
    ws.write(1, 0, "指标")
    ws.write(1, 1, 0.0302, xlwt.easyxf(num_format_str="0.00%"))
    ws.write(1, 2, dt.datetime(2025, 6, 30), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    ws.write(1, 3, 42)
    ws.write(2, 0, True)
    ws.write(2, 1, 3.5)
    hidden = book.add_sheet("隐藏表")
    hidden.write(0, 0, "h")
    hidden.visibility = 1
    very = book.add_sheet("_meta")
    very.write(0, 0, "m")
    very.visibility = 2
    book.save(str(path))
    return path


def test_xls_written_by_xlwt(tmp_path: Path) -> None:
    grid = read_workbook(_xlwt_file(tmp_path / "old.xls"))
    assert grid.format == "xls"
    sheet = grid.sheet("数据")
    assert sheet.cell(1, 1).value == "2025年指标"
    assert (1, 1, 1, 4) in sheet.merged
    assert sheet.cell(2, 2) == GridCell(0.0302, "0.00%")
    assert sheet.cell(2, 3).value == dt.datetime(2025, 6, 30)
    assert sheet.cell(2, 4).value == 42
    assert sheet.cell(3, 1).value is True
    assert sheet.cell(3, 2).value == 3.5
    assert [s.state for s in grid.sheets] == ["visible", "hidden", "veryHidden"]


# ---------------------------------------------------------------------------- renamed files


def test_xlsx_renamed_xls_is_read_as_xlsx(tmp_path: Path) -> None:
    path = progress_workbook(tmp_path / "src.xlsx")
    renamed = tmp_path / "改名.xls"
    shutil.copyfile(path, renamed)
    grid = read_workbook(renamed)
    assert grid.format == "xlsx"
    assert grid.file_name == "改名.xls"
    assert grid.sheet("任务进度").cell(4, 3) == GridCell(0.0302, "0.00%")


def test_xls_renamed_xlsx_is_read_as_xls(tmp_path: Path) -> None:
    renamed = tmp_path / "改名.xlsx"
    shutil.copyfile(FIXTURES / "libreoffice.xls", renamed)
    grid = read_workbook(renamed)
    assert grid.format == "xls"
    assert grid.sheet("进度").cell(4, 3) == GridCell(0.0302, "0.00%")


def test_xls_renamed_et_and_csv_renamed_xls(tmp_path: Path) -> None:
    et = tmp_path / "wps.et"
    shutil.copyfile(FIXTURES / "libreoffice.xls", et)
    assert read_workbook(et).format == "xls"
    csv_as_xls = tmp_path / "导出.xls"
    csv_as_xls.write_text("指标,完成值\nR&D,3.02%\n", encoding="utf-8")
    grid = read_workbook(csv_as_xls)
    assert grid.format == "csv"
    assert grid.sheets[0].cell(2, 2).value == "3.02%"


# ---------------------------------------------------------------------------- .csv


CSV_TEXT = "指标名称,单位,2025年目标,完成值\nR&D经费投入强度,%,3.5,3.02\n高新技术企业数,家,\"1,600\",588\n备注，含逗号,,,\n"


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b""), ("utf-16", b"")],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "utf16-bom"],
)
def test_csv_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "返回.csv"
    path.write_bytes(prefix + CSV_TEXT.encode(encoding))
    grid = read_workbook(path)
    assert grid.format == "csv"
    assert [s.name for s in grid.sheets] == ["返回"]
    sheet = grid.sheets[0]
    assert sheet.cell(1, 1) == GridCell("指标名称", None)  # no BOM left in the first cell
    assert sheet.cell(2, 4) == GridCell("3.02", None)  # strings: the understanding parses numbers
    assert sheet.cell(3, 3).value == "1,600"
    assert sheet.cell(4, 1).value == "备注，含逗号"  # the Chinese comma is not a delimiter
    assert sheet.cell(4, 2).value is None
    assert sheet.max_row == 4


def test_csv_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "tab.txt"
    path.write_text("指标\t完成值\t说明\nA,B\t1,600\t含逗号, 但用制表符分隔\n", encoding="utf-8")
    sheet = read_workbook(path).sheets[0]
    assert sheet.cell(2, 1).value == "A,B"
    assert sheet.cell(2, 2).value == "1,600"
    assert sheet.cell(2, 3).value == "含逗号, 但用制表符分隔"


def test_csv_quoted_newline_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes('名称,说明\r\n"多行\r\n文本","带""引号"""\r\n'.encode("gbk"))
    sheet = read_workbook(path).sheets[0]
    assert sheet.cell(2, 1).value == "多行\r\n文本"
    assert sheet.cell(2, 2).value == '带"引号"'
    assert sheet.max_row == 2


def test_csv_semicolon(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_text("a;b;c\n1,5;2;3\n", encoding="utf-8")
    sheet = read_workbook(path).sheets[0]
    assert sheet.cell(2, 1).value == "1,5"
    assert sheet.max_col == 3


def test_csv_with_excel_sep_line(tmp_path: Path) -> None:
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\n指标;值\nR&D;3,02\n", encoding="utf-8")
    sheet = read_workbook(path).sheets[0]
    assert sheet.cell(1, 1).value == "指标"
    assert sheet.cell(2, 2).value == "3,02"


# ---------------------------------------------------------------------------- passwords


def test_encrypted_xlsx_with_right_password(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = progress_workbook(tmp_path / "plain.xlsx")
    enc = tmp_path / "加密.xlsx"
    with plain.open("rb") as fin, enc.open("wb") as fout:
        OOXMLFile(fin).encrypt("正确密码1", fout)
    grid = read_workbook(enc, password="正确密码1")
    assert grid.format == "xlsx"
    assert grid.sheet("任务进度").cell(4, 3) == GridCell(0.0302, "0.00%")
    assert grid.sha256 == hashlib.sha256(enc.read_bytes()).hexdigest()  # of the file as received


# ---------------------------------------------------------------------------- the module


def test_defusedxml_is_active() -> None:
    assert openpyxl.DEFUSEDXML is True
    ensure_defused_xml()


def test_refuses_to_run_without_defusedxml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        read_workbook(progress_workbook(tmp_path / "a.xlsx"))


def test_limits_are_a_frozen_dataclass_with_the_agreed_defaults() -> None:
    limits = ReadLimits()
    assert (limits.max_uncompressed_bytes, limits.max_compression_ratio, limits.max_cells, limits.max_file_bytes) == (
        200 * 1024 * 1024,
        200,
        5_000_000,
        100 * 1024 * 1024,
    )
    with pytest.raises(AttributeError):
        limits.max_cells = 1  # type: ignore[misc]
    assert issubclass(BadFileError, Exception)
