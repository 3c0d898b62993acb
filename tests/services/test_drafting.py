"""Drafting from files: .txt (UTF-8, GBK), .docx, text PDFs; scans refused; --json and --save."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

from desktop.errors import UserError
from desktop.services.database import open_database
from desktop.services.drafting import (
    draft_file,
    draft_to_dump,
    draft_to_plan_document,
    dump_to_plan_document,
    match_units,
    read_document_text,
    save_draft,
    save_draft_dump,
)
from desktop.services.plans import dump_plan, list_plans

DOCUMENT = """河源市人民政府
关于推进科技成果转化的实施方案
河政发〔2024〕9号
各县区人民政府，市直各部门：
一、主要目标
到2026年，技术合同成交额达到60亿元。
二、重点任务
（一）建强载体
1.建设概念验证中心。布局一批概念验证中心，2025年6月底前建成3家。（责任单位：市科技局、市发改委）
2.壮大技术经理人队伍。每年培训技术经理人150名以上。（责任单位：市科技局、市人社局）
（二）优化服务
1.完善技术交易市场。建设线上交易平台。（责任单位：市科技局、市技术转移促进会）
河源市人民政府
2024年2月6日
"""

EXPECTED_TASKS = [
    ("一.1", "建设概念验证中心", ["市科技局", "市发改委"]),
    ("一.2", "壮大技术经理人队伍", ["市科技局", "市人社局"]),
    ("二.1", "完善技术交易市场", ["市科技局", "市技术转移促进会"]),
]


def tasks_of(path: Path) -> list[tuple[str, str, list[str]]]:
    return [(t.number, t.title, [u.written for u in t.units]) for t in draft_file(path).draft.tasks]


def text_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF whose pages show the given lines through a Type0 font with a ToUnicode map."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange <0000> <FFFF> <0000> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    to_unicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descendant = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>"
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (descendant, to_unicode)
    )
    kids = []
    for lines in pages:
        ops = [b"BT /F1 12 Tf 14 TL 40 800 Td"]
        for line in lines:
            ops.append(b"<" + line.encode("utf-16-be").hex().encode() + b"> Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_obj, font, content)
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return pdf_file(objects, catalog)


def pdf_file(objects: list[bytes], root: int) -> bytes:
    """The PDF file of numbered objects (1, 2, …) with its cross-reference table; ``root`` the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)



def scanned_pdf() -> bytes:
    """A page that only draws (as a scan shows an image): no text layer."""
    stream = b"0 0 0 rg 50 50 200 200 re f"
    body = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return pdf_file(body, 1)


# --- reading ------------------------------------------------------------------------


def test_txt_utf8(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    assert tasks_of(path) == EXPECTED_TASKS


def test_txt_gbk(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_bytes(DOCUMENT.encode("gbk"))
    assert read_document_text(path) == DOCUMENT
    assert tasks_of(path) == EXPECTED_TASKS


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    for line in DOCUMENT.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标名称", "2026年目标值", "现状值"), ("高新技术企业（家）", "420", "300"),
                             ("研发经费投入强度（%）", "2.9", "2.4")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "方案.docx"
    document.save(str(path))
    text = read_document_text(path)
    assert "\t高新技术企业（家）" in text
    result = draft_file(path)
    assert [(t.number, t.title) for t in result.draft.tasks] == [(n, t) for n, t, _ in EXPECTED_TASKS]
    table_targets = [(i.name, i.targets[0].value, i.targets[0].year) for i in result.draft.indicators if i.group == "主要指标"]
    assert table_targets == [("高新技术企业", Decimal("420"), 2026), ("研发经费投入强度", Decimal("2.9"), 2026)]


def _numbered(document: Any) -> int:
    """Add a three-level automatic list (一、 / （一） / 1.) to the document; returns its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvl_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    return 91


def test_docx_automatic_list_numbers_are_read(tmp_path: Path) -> None:
    document = docx.Document()
    num_id = _numbered(document)
    document.add_paragraph("东山市人民政府关于建设创新强市的实施意见")
    items = [
        (0, "主要任务"),
        (1, "建设创新平台"),
        (2, "建设重点实验室。争创省级实验室。（责任单位：市科技局）"),
        (2, "建设中试基地。布局中试平台。（责任单位：市发改委）"),
        (1, "培育创新主体"),
        (2, "壮大高新技术企业。（责任单位：市科技局、市财政局）"),
    ]
    for level, text in items:
        paragraph = document.add_paragraph(text)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id
    path = tmp_path / "自动编号.docx"
    document.save(str(path))
    text = read_document_text(path)
    assert "一、主要任务\n（一）建设创新平台\n1.建设重点实验室" in text
    assert "（二）培育创新主体\n1.壮大高新技术企业" in text
    assert [(t.number, t.title) for t in draft_file(path).draft.tasks] == [
        ("一.1", "建设重点实验室"), ("一.2", "建设中试基地"), ("二.1", "壮大高新技术企业"),
    ]


def test_docx_task_division_table_in_an_attachment(tmp_path: Path) -> None:
    document = docx.Document()
    for line in DOCUMENT.splitlines():
        document.add_paragraph(line)
    document.add_paragraph("附件")
    document.add_paragraph("重点任务分工表")
    rows = [
        ("序号", "具体任务", "建设目标", "责任单位", "完成时限"),
        ("1", "建设概念验证中心", "建成首批概念验证中心。", "市科技局、市发改委", "2025年6月底前"),
        ("2", "壮大技术经理人队伍", "建立技术经理人培训体系。", "市科技局", "2024年12月底前"),
        ("3", "完善技术交易市场", "上线技术交易平台。", "市科技局", "2025年12月底前"),
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "分工.docx"
    document.save(str(path))
    draft = draft_file(path).draft
    assert [(t.number, t.title, t.deadline.text) for t in draft.tasks] == [
        ("1", "建设概念验证中心", "2025年6月底前"),
        ("2", "壮大技术经理人队伍", "2024年12月底前"),
        ("3", "完善技术交易市场", "2025年12月底前"),
    ]
    assert [(g.text, g.units) for g in draft.tasks[0].goals] == [("建成首批概念验证中心。", ("市科技局", "市发改委"))]


def test_pdf_with_a_text_layer(tmp_path: Path) -> None:
    lines = DOCUMENT.strip().splitlines()
    path = tmp_path / "方案.pdf"
    path.write_bytes(text_pdf([lines[:9], lines[9:]]))
    assert "建设概念验证中心" in read_document_text(path)
    assert tasks_of(path) == EXPECTED_TASKS


def test_scanned_pdf_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(UserError, match="没有可提取的文字.*扫描件"):
        read_document_text(path)


def test_broken_pdf_unknown_type_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not a pdf")
    with pytest.raises(UserError, match="无法读取 PDF"):
        read_document_text(broken)
    old = tmp_path / "旧.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UserError, match="另存为 .docx"):
        read_document_text(old)
    with pytest.raises(UserError, match="找不到文件"):
        read_document_text(tmp_path / "没有.txt")


def test_a_file_without_tasks_or_targets_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "通知.txt"
    path.write_text("请各单位于下周一前报送材料。", encoding="utf-8")
    with pytest.raises(UserError, match="未能从"):
        draft_file(path)


# --- the draft as data and saved ------------------------------------------------------


def _walk(value: Any):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def test_dump_shape_has_sources_and_confidence_and_no_ids(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    dump = draft_to_dump(draft_file(path))
    assert set(dump) == {"draft", "plan", "units", "indicators", "tasks", "task_forces", "leading_groups"}
    assert not any("id" in d for d in _walk(dump))
    assert dump["plan"]["doc_number"] == "河政发〔2024〕9号"
    assert dump["plan"]["sources"]["doc_number"]["source"] == "河政发〔2024〕9号"
    for task in dump["tasks"]:
        assert task["source"] and 0 < task["confidence"] <= 1
    for ind in dump["indicators"]:
        assert ind["source"] and ind["confidence"] > 0
        for target in ind["targets"]:
            assert target["text"] in target["source"]
    first = dump["tasks"][0]
    assert first["deadline"] == "2025-06-30" and first["deadline_text"] == "2025年6月底前"
    assert first["unit_matches"][1] == {"written": "市发改委", "name": "市发展改革委", "role": "responsible", "known": True}
    assert any(u["name"] == "市技术转移促进会" and not u["known"] for u in dump["units"])


def test_save_creates_the_plan_through_the_preset_loader(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    database = open_database(tmp_path / "t.db")
    try:
        plan_id, new_units = save_draft(database, draft_file(path), name="河源成果转化方案")
        assert new_units == ["市技术转移促进会"]
        plan = dump_plan(database, plan_id)
    finally:
        database.close()
    assert plan["plan"]["name"] == "河源成果转化方案"
    assert plan["plan"]["doc_number"] == "河政发〔2024〕9号"
    assert [(t["number"], t["title"], t["units"]) for t in plan["tasks"]] == EXPECTED_TASKS
    assert plan["tasks"][0]["deadline"] == "2025-06-30"
    targets = {(i["name"], t["value"], t["year"], t["kind"]) for i in plan["indicators"] for t in i["targets"]}
    assert ("技术合同成交额", Decimal("60"), 2026, "level") in targets
    assert ("技术经理人", Decimal("150"), 2026, "yearly_flow") in targets
    linked = [i for i in plan["indicators"] if i["task_number"] == "一.1"]
    assert linked and linked[0]["targets"][0]["year"] == 2025



# --- a draft edited in the review dialog ------------------------------------------------


def test_an_unedited_dump_gives_the_same_plan_document(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    result = draft_file(path)
    assert dump_to_plan_document(draft_to_dump(result)) == draft_to_plan_document(result)
    assert dump_to_plan_document(draft_to_dump(result), "另一个名称")["plan"]["name"] == "另一个名称"


def test_an_edited_dump_saves_what_the_clerk_changed(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    dump = draft_to_dump(draft_file(path))
    dump["plan"]["name"] = "成果转化方案（审核稿）"
    dump["tasks"][0]["title"] = "建设概念验证中心体系"
    dump["tasks"][0]["units"] = ["市发改委", "市科技局"]
    del dump["tasks"][1]  # left out by the clerk
    contract = next(i for i in dump["indicators"] if i["name"] == "技术合同成交额")
    contract["targets"][0]["value"] = Decimal("65")
    contract["targets"][0]["year"] = 2027
    linked = next(i for i in dump["indicators"] if i["task_number"] == "一.2")
    database = open_database(tmp_path / "t.db")
    try:
        plan_id, new_units = save_draft_dump(database, dump, source=path.name)
        plan = dump_plan(database, plan_id)
    finally:
        database.close()
    assert new_units == ["市技术转移促进会"]
    assert plan["plan"]["name"] == "成果转化方案（审核稿）"
    assert [(t["number"], t["title"], t["units"]) for t in plan["tasks"]] == [
        ("一.1", "建设概念验证中心体系", ["市发改委", "市科技局"]),
        ("二.1", "完善技术交易市场", ["市科技局", "市技术转移促进会"]),
    ]
    saved = next(i for i in plan["indicators"] if i["name"] == "技术合同成交额")
    assert [(t["value"], t["year"]) for t in saved["targets"]] == [(Decimal("65"), 2027)]
    # the target of the task that was left out is kept, without its task
    kept = next(i for i in plan["indicators"] if i["name"] == linked["name"])
    assert kept["task_number"] is None


def test_an_empty_dump_or_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    dump = draft_to_dump(draft_file(path))
    database = open_database(tmp_path / "t.db")
    try:
        with pytest.raises(UserError, match="方案名称"):
            save_draft_dump(database, {**dump, "plan": {**dump["plan"], "name": "  "}}, source=path.name)
        with pytest.raises(UserError, match="至少勾选"):
            save_draft_dump(database, {**dump, "tasks": [], "indicators": []}, source=path.name)
        assert list_plans(database) == []
    finally:
        database.close()


def test_units_typed_by_the_clerk_are_resolved_through_the_aliases() -> None:
    assert match_units(["市发改委", "某某促进中心"]) == [
        {"written": "市发改委", "name": "市发展改革委", "role": "responsible", "known": True},
        {"written": "某某促进中心", "name": None, "role": "responsible", "known": False},
    ]


# --- the command line -----------------------------------------------------------------


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8")


def test_cli_json_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_bytes(DOCUMENT.encode("gbk"))
    db = tmp_path / "cli.db"
    result = run("--db", db, "draft-plan", path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [t["number"] for t in data["tasks"]] == ["一.1", "一.2", "二.1"]
    assert data["tasks"][0]["confidence"] > 0 and data["tasks"][0]["source"]
    assert not db.exists()


def test_cli_save_then_plans(tmp_path: Path) -> None:
    path = tmp_path / "方案.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    db = tmp_path / "cli.db"
    result = run("--db", db, "draft-plan", path, "--save", "--name", "成果转化")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1\t")
    assert "市技术转移促进会" in result.stdout
    database = open_database(db)
    try:
        (summary,) = list_plans(database)
    finally:
        database.close()
    assert (summary.name, summary.tasks) == ("成果转化", 3)


def test_cli_scanned_pdf_error_is_one_chinese_line(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf())
    result = run("--db", tmp_path / "x.db", "draft-plan", path, "--save")
    assert result.returncode == 2
    assert result.stderr.startswith("错误：") and "扫描件" in result.stderr
    assert result.stderr.count("\n") == 1


def test_cli_needs_json_or_save(tmp_path: Path) -> None:
    result = run("draft-plan", tmp_path / "a.txt")
    assert result.returncode == 2
    assert "命令参数有误" in result.stderr
