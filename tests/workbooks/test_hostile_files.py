"""read_workbook on bad and hostile files: each is refused with a BadFileError whose Chinese
message names the file, quickly, and never with another exception.

Every hostile file is built here in tmp_path (nothing big or dangerous is committed)."""

from __future__ import annotations

import random
import re
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.intake.grid import WorkbookGrid
from desktop.workbooks.readers import BadFileError, ReadLimits, read_workbook
from desktop.workbooks.reading.common import REMOVE_PASSWORD_ADVICE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"
CJK = re.compile(r"[\u4e00-\u9fff]")
SST_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def refused(path: Path, reason: str, *, within: float = 2.0, **kwargs) -> BadFileError:
    """Read ``path``, expect BadFileError with ``reason``, a Chinese message naming the file, fast."""
    name = kwargs.get("display_name") or path.name
    t0 = time.perf_counter()
    with pytest.raises(BadFileError) as info:
        read_workbook(path, **kwargs)
    elapsed = time.perf_counter() - t0
    err = info.value
    assert err.reason == reason, (err.reason, err.message)
    assert f"“{name}”" in err.message
    assert CJK.search(err.message)
    assert "Traceback" not in err.message and "Error" not in err.message
    assert err.file_name == name
    assert elapsed < within, f"took {elapsed:.2f} s"
    return err


def small_xlsx(path: Path, rows: int = 3, cols: int = 2) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            ws.cell(r, c, f"文本{r}-{c}" if c == 1 else r * c)
    wb.save(path)
    return path


def rewrite_zip(src: Path, dst: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
    return dst


def billion_laughs(root: str, prolog_padding: int = 0) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    padding = f"<!--{'x' * prolog_padding}-->" if prolog_padding else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{padding}<!DOCTYPE {root} [{"".join(entities)}]>'
    ).encode() + root_body(root)


def root_body(root: str) -> bytes:
    if root == "sst":
        return f'<sst xmlns="{SST_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'.encode()
    return (
        f'<worksheet xmlns="{SST_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
        f"</row></sheetData></worksheet>"
    ).encode()


# ---------------------------------------------------------------------------- not a workbook


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    refused(path, "empty")
    blank = tmp_path / "空白.csv"
    blank.write_bytes(b"  \r\n\r\n")
    refused(blank, "empty")


def test_random_bytes(tmp_path: Path) -> None:
    rng = random.Random(20250101)
    for i, prefix in enumerate([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]):
        path = tmp_path / f"随机{i}.xlsx"
        path.write_bytes(prefix + rng.randbytes(20_000))
        refused(path, "not_excel" if not prefix else "corrupt")


def test_html_saved_as_xls(tmp_path: Path) -> None:
    page = (
        "\ufeff\r\n  <html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta charset=\"gb2312\"></head>"
        "<body><table><tr><td>指标</td><td>完成值</td></tr><tr><td>R&amp;D</td><td>3.02%</td></tr></table></body></html>"
    )
    path = tmp_path / "系统导出.xls"
    path.write_bytes(page.encode("utf-8"))
    err = refused(path, "html")
    assert "另存为" in err.message and ".xlsx" in err.message

    table = tmp_path / "表格.xls"
    table.write_bytes("<table border=1><tr><td>指标</td></tr></table>".encode("gbk"))
    refused(table, "html")

    xml2003 = tmp_path / "xml表格.xls"
    xml2003.write_text(
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>',
        encoding="utf-8",
    )
    refused(xml2003, "html")


def test_text_without_delimiters_and_binary_text(tmp_path: Path) -> None:
    prose = tmp_path / "说明.xls"
    prose.write_text("这是一段说明文字\n没有任何分隔符\n", encoding="utf-8")
    refused(prose, "not_excel")
    ctrl = tmp_path / "控制符.csv"
    ctrl.write_bytes(b"a,b\x01\x02\x03,c\n1,2,3\n")
    refused(ctrl, "not_excel")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "资料.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "这不是表格")
        z.writestr("photo.jpg", b"\xff\xd8\xff" + bytes(100))
    err = refused(path, "not_excel")
    assert "不是 Excel 文件" in err.message

    docx = tmp_path / "通知.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", "<w:document xmlns:w='x'/>")
    refused(docx, "not_excel")

    empty_zip = tmp_path / "空压缩包.xlsx"
    with zipfile.ZipFile(empty_zip, "w"):
        pass
    refused(empty_zip, "not_excel")


def test_xlsb_and_ods_are_named(tmp_path: Path) -> None:
    xlsb = tmp_path / "二进制.xlsx"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    assert ".xlsb" in refused(xlsb, "xlsb").message
    ods = tmp_path / "开放格式.xlsx"
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert ".ods" in refused(ods, "ods").message


def test_ole_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    data = (FIXTURES / "libreoffice.xls").read_bytes()
    name = "Workbook".encode("utf-16-le")
    assert name in data
    path = tmp_path / "文档.xls"
    path.write_bytes(data.replace(name, "Wordbook".encode("utf-16-le")))
    refused(path, "not_excel")


# ---------------------------------------------------------------------------- damaged


def test_truncated_xlsx(tmp_path: Path) -> None:
    data = small_xlsx(tmp_path / "src.xlsx", rows=200, cols=5).read_bytes()
    path = tmp_path / "下载一半.xlsx"
    path.write_bytes(data[: len(data) // 2])
    err = refused(path, "corrupt")
    assert "已损坏或不完整" in err.message


def test_truncated_xls(tmp_path: Path) -> None:
    data = (FIXTURES / "libreoffice.xls").read_bytes()
    path = tmp_path / "半个.xls"
    path.write_bytes(data[: len(data) // 2])
    refused(path, "corrupt")


def test_xls_with_a_cyclic_sector_chain_does_not_hang(tmp_path: Path) -> None:
    """Found by fuzzing: one byte of the SSAT changed makes xlrd's own compound-document reader
    loop forever (10 GB in seconds). The reader hands xlrd the bare stream read by olefile."""
    data = bytearray((FIXTURES / "libreoffice.xls").read_bytes())
    assert data[1688] == 39, "fixture changed: find the SSAT entry again"
    data[1688] = 17
    path = tmp_path / "循环.xls"
    path.write_bytes(bytes(data))
    refused(path, "corrupt")


def test_damaged_member_fails_its_checksum(tmp_path: Path) -> None:
    src = small_xlsx(tmp_path / "src.xlsx", rows=300, cols=5)
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 200, start + 260):
        data[i] ^= 0x5A
    path = tmp_path / "坏块.xlsx"
    path.write_bytes(bytes(data))
    refused(path, "corrupt")


def test_malformed_sheet_xml(tmp_path: Path) -> None:
    src = small_xlsx(tmp_path / "src.xlsx")
    bad = rewrite_zip(
        src, tmp_path / "坏XML.xlsx", {"xl/worksheets/sheet1.xml": b'<worksheet xmlns="' + SST_NS.encode() + b'"><sheetData><row>'}
    )
    refused(bad, "corrupt")
    wrong_index = rewrite_zip(
        src,
        tmp_path / "索引.xlsx",
        {
            "xl/worksheets/sheet1.xml": b'<worksheet xmlns="' + SST_NS.encode() + b'"><sheetData><row r="1">'
            b'<c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>'
        },
    )
    err = refused(wrong_index, "corrupt")
    assert "工作表“数据”（第 1 行附近）" in err.message
    assert (err.sheet, err.row) == ("数据", 1)


# ---------------------------------------------------------------------------- passwords


def _encrypt(src: Path, dst: Path, password: str) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with src.open("rb") as fin, dst.open("wb") as fout:
        OOXMLFile(fin).encrypt(password, fout)
    return dst


def test_encrypted_xlsx_without_and_with_wrong_password(tmp_path: Path) -> None:
    enc = _encrypt(small_xlsx(tmp_path / "plain.xlsx"), tmp_path / "有密码.xlsx", "abc123")
    err = refused(enc, "encrypted")
    assert REMOVE_PASSWORD_ADVICE in err.message
    assert REMOVE_PASSWORD_ADVICE == "请去掉文件密码后重新导入（在 Excel/WPS 中：文件 → 信息 → 用密码进行加密 → 清空）"
    wrong = refused(enc, "wrong_password", password="abc124")
    assert "密码不正确" in wrong.message
    assert read_workbook(enc, password="abc123").sheets[0].cell(1, 1).value == "文本1-1"


def test_encrypted_xls(tmp_path: Path) -> None:
    """Saved by LibreOffice with an open password (RC4 CryptoAPI); see make_encrypted_xls.py."""
    path = tmp_path / "旧格式加密.xls"
    shutil.copyfile(FIXTURES / "encrypted.xls", path)
    assert REMOVE_PASSWORD_ADVICE in refused(path, "encrypted").message
    refused(path, "wrong_password", password="xls-pw-2024")
    grid = read_workbook(path, password="xls-pw-2025")
    assert grid.format == "xls"
    assert grid.sheet("进度").cell(4, 3).value == 0.0302
    assert grid.sheet("进度").cell(4, 3).number_format == "0.00%"


def test_encrypted_package_that_holds_no_workbook(tmp_path: Path) -> None:
    junk = tmp_path / "junk.docx"
    with zipfile.ZipFile(junk, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", "<document>" + "文字" * 3000 + "</document>")  # msoffcrypto: > 4 KB
    enc = _encrypt(junk, tmp_path / "加密压缩包.xlsx", "pw")
    refused(enc, "not_excel", password="pw")


# ---------------------------------------------------------------------------- bombs and limits


def _zip_with_big_member(path: Path, size: int, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """A workbook (saved by LibreOffice, so it has sharedStrings.xml) with ``member`` replaced by zeros."""
    src = FIXTURES / "libreoffice_cached.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == member:
                with zout.open(member, "w", force_zip64=True) as out:
                    block = bytes(1024 * 1024)
                    for _ in range(size // len(block)):
                        out.write(block)
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    return path


def test_zip_bomb_300_mb_of_zeros(tmp_path: Path) -> None:
    path = _zip_with_big_member(tmp_path / "炸弹.xlsx", 300 * 1024 * 1024)
    assert path.stat().st_size < 2 * 1024 * 1024
    err = refused(path, "zip_bomb")
    assert "MB" in err.message


def test_zip_bomb_by_ratio_under_the_total_limit(tmp_path: Path) -> None:
    path = _zip_with_big_member(tmp_path / "高压缩比.xlsx", 20 * 1024 * 1024, member="xl/sharedStrings.xml")
    err = refused(path, "zip_bomb")
    assert "xl/sharedStrings.xml" in err.message and "压缩比" in err.message


def test_total_uncompressed_limit(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "小.xlsx")
    refused(path, "zip_bomb", limits=ReadLimits(max_uncompressed_bytes=1000))


def test_file_size_limit(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "大文件.xlsx")
    err = refused(path, "too_large", limits=ReadLimits(max_file_bytes=1000))
    assert "上限" in err.message


@pytest.mark.parametrize("member, root", [("xl/sharedStrings.xml", "sst"), ("xl/worksheets/sheet1.xml", "worksheet")])
def test_xml_entity_bomb(tmp_path: Path, member: str, root: str) -> None:
    src = FIXTURES / "libreoffice_cached.xlsx"  # has xl/sharedStrings.xml (openpyxl writes inline strings)
    path = rewrite_zip(src, tmp_path / "实体炸弹.xlsx", {member: billion_laughs(root)})
    err = refused(path, "unsafe_xml")
    assert member in err.message


@pytest.mark.parametrize("member, root", [("xl/sharedStrings.xml", "sst"), ("xl/worksheets/sheet1.xml", "worksheet")])
def test_xml_entity_bomb_behind_a_long_prolog_is_stopped_by_defusedxml(tmp_path: Path, member: str, root: str) -> None:
    """The 64 KB prolog check misses it; openpyxl's defusedxml parsing must still refuse it."""
    src = FIXTURES / "libreoffice_cached.xlsx"
    path = rewrite_zip(src, tmp_path / "长前言.xlsx", {member: billion_laughs(root, prolog_padding=100_000)})
    refused(path, "unsafe_xml")


def test_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f'<sst xmlns="{SST_NS}"><si><t>&x;</t></si></sst>'
    ).encode()
    path = rewrite_zip(FIXTURES / "libreoffice_cached.xlsx", tmp_path / "外部实体.xlsx", {"xl/sharedStrings.xml": xxe})
    refused(path, "unsafe_xml")


def test_huge_declared_dimension_reads_fast_and_exact(tmp_path: Path) -> None:
    src = small_xlsx(tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
    path = rewrite_zip(src, tmp_path / "大尺寸.xlsx", {"xl/worksheets/sheet1.xml": xml})
    t0 = time.perf_counter()
    sheet = read_workbook(path).sheets[0]
    assert time.perf_counter() - t0 < 2
    assert sheet.max_row == 3 and sheet.max_col == 2


def test_row_number_beyond_excel_is_refused_fast(tmp_path: Path) -> None:
    xml = (
        f'<worksheet xmlns="{SST_NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="900000000"><c r="A900000000"><v>2</v></c></row></sheetData></worksheet>'
    ).encode()
    path = rewrite_zip(small_xlsx(tmp_path / "src.xlsx"), tmp_path / "远行.xlsx", {"xl/worksheets/sheet1.xml": xml})
    refused(path, "corrupt", within=5.0)


def test_cell_limit(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "多单元格.xlsx", rows=40, cols=5)
    err = refused(path, "too_many_cells", limits=ReadLimits(max_cells=100))
    assert "工作表“数据”" in err.message and "100" in err.message
    csv = tmp_path / "多单元格.csv"
    csv.write_text("\n".join("a,b,c" for _ in range(100)), encoding="utf-8")
    refused(csv, "too_many_cells", limits=ReadLimits(max_cells=100))
    refused(FIXTURES / "libreoffice.xls", "too_many_cells", limits=ReadLimits(max_cells=5))


def test_chart_only_workbook(tmp_path: Path) -> None:
    src = small_xlsx(tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        workbook = z.read("xl/workbook.xml")
    workbook = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", workbook)
    path = rewrite_zip(src, tmp_path / "只有图表.xlsx", {"xl/workbook.xml": workbook})
    refused(path, "no_sheets")


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(BadFileError) as info:
        read_workbook(tmp_path / "不存在.xlsx")
    assert info.value.reason == "unreadable" and "“不存在.xlsx”" in info.value.message


def test_renamed_copies_keep_their_refusal(tmp_path: Path) -> None:
    enc = _encrypt(small_xlsx(tmp_path / "p.xlsx"), tmp_path / "e.xlsx", "pw")
    disguised = tmp_path / "看似旧格式.xls"
    shutil.copyfile(enc, disguised)
    refused(disguised, "encrypted")


# ---------------------------------------------------------------------------- fuzz


def _valid_files(tmp: Path) -> list[bytes]:
    return [
        small_xlsx(tmp / "f.xlsx", rows=8, cols=3).read_bytes(),
        (FIXTURES / "libreoffice.xls").read_bytes(),
        "指标,值\n甲,1\n乙,2\n".encode("gbk"),
    ]


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.integers(0, 2),
    cut=st.floats(0.05, 1.0),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)), max_size=6),
)
def test_mutated_files_give_a_grid_or_bad_file_error(tmp_path: Path, which: int, cut: float, flips) -> None:
    data = bytearray(_valid_files(tmp_path)[which])
    data = data[: max(1, int(len(data) * cut))]
    for pos, xor in flips:
        i = min(len(data) - 1, int(pos * len(data)))
        data[i] ^= xor
    path = tmp_path / "变异.xlsx"
    path.write_bytes(bytes(data))
    try:
        grid = read_workbook(path)
    except BadFileError as err:
        assert "“变异.xlsx”" in err.message
    else:
        assert isinstance(grid, WorkbookGrid)
