"""进展通报 files: the .docx re-opened with python-docx, the .txt read back as bytes."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop.domain.bulletin import (
    BulletinFacts,
    LaggingIndicator,
    OverdueTask,
    UnitOverdue,
    compose_bulletin,
    is_heading,
)
from desktop.domain.evaluation.results import Status, TaskStatus
from desktop.workbooks.reports import bulletin
from desktop.workbooks.styles import (
    FONT_BODY,
    FONT_BODY_FALLBACK,
    FONT_HEADER,
    FONT_TITLE,
    FONT_TITLE_FALLBACK,
    ReportWriteError,
)

TITLE = "关于2022年6月创新型城市建设进展情况的通报"


@pytest.fixture
def paragraphs() -> list[str]:
    facts = BulletinFacts(
        plan_name="组建科技创新“五个工作专班”实施方案",
        period_label="2022年6月",
        as_of=dt.date(2022, 6, 29),
        indicator_counts={Status.ON_TRACK: 2, Status.LAGGING: 1, Status.NO_DATA: 1},
        lagging=(LaggingIndicator("新增省级以上创新平台", Decimal("4"), Decimal("5"), "家"),),
        task_counts={TaskStatus.ONGOING: 20, TaskStatus.OVERDUE: 1, TaskStatus.NOT_REPORTED: 4},
        overdue=(
            UnitOverdue(
                "人才与成果科",
                (OverdueTask("1.4", "出台《淄博市关于推进国家创新型城市建设实施意见》", "3月底完成", 90),),
            ),
        ),
        units_not_reported=("科技合作科", "外国专家服务科"),
        units_expected=12,
        reporting_day=27,
        next_due=dt.date(2022, 7, 4),
    )
    return compose_bulletin(facts)


def east_asian_font(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


# --- docx ---------------------------------------------------------------------------------


def test_docx_has_the_title_and_every_paragraph(paragraphs: list[str], tmp_path: Path) -> None:
    path = bulletin.write_docx(TITLE, paragraphs, tmp_path / "通报.docx")
    assert path == tmp_path / "通报.docx"
    doc = docx.Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    assert texts == [TITLE, *paragraphs]
    assert doc.core_properties.title == TITLE


def test_docx_title_is_centred_in_the_title_font(paragraphs: list[str], tmp_path: Path) -> None:
    doc = docx.Document(str(bulletin.write_docx(TITLE, paragraphs, tmp_path / "b.docx")))
    title = doc.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(east_asian_font(r) == FONT_TITLE for r in title.runs)
    assert all(r.font.size == Pt(22) for r in title.runs)
    assert title.paragraph_format.first_line_indent is None


def test_docx_body_is_fangsong_sanhao_indented_two_characters(paragraphs: list[str], tmp_path: Path) -> None:
    doc = docx.Document(str(bulletin.write_docx(TITLE, paragraphs, tmp_path / "b.docx")))
    body = doc.paragraphs[1:]
    for p in body:
        fmt = p.paragraph_format
        assert fmt.first_line_indent == Pt(32)  # two characters of 16 pt
        assert p._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
        assert fmt.line_spacing == Pt(28)
        for run in p.runs:
            assert run.font.size == Pt(16)
            assert run.font.name == "Times New Roman"  # digits and Latin letters
            expected = FONT_HEADER if is_heading(p.text) else FONT_BODY
            assert east_asian_font(run) == expected
    headings = [p.text for p in body if east_asian_font(p.runs[0]) == FONT_HEADER]
    assert headings == ["一、总体情况", "二、指标进展", "三、任务推进", "四、报送情况", "五、下步要求"]


def test_docx_page_is_a4_with_official_margins_and_page_numbers(paragraphs: list[str], tmp_path: Path) -> None:
    doc = docx.Document(str(bulletin.write_docx(TITLE, paragraphs, tmp_path / "b.docx")))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(37)) < Mm(0.5)
    assert abs(section.left_margin - Mm(28)) < Mm(0.5)
    footer = section.footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    xml = footer._p.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_docx_with_fallback_fonts(paragraphs: list[str], tmp_path: Path) -> None:
    doc = docx.Document(str(bulletin.write_docx(TITLE, paragraphs, tmp_path / "b.docx", fallback_fonts=True)))
    assert east_asian_font(doc.paragraphs[0].runs[0]) == FONT_TITLE_FALLBACK
    assert east_asian_font(doc.paragraphs[1].runs[0]) == FONT_BODY_FALLBACK


def test_docx_keeps_text_that_looks_like_a_formula(tmp_path: Path) -> None:
    odd = ["=SUM(A1:A3)不是公式。", "+3家企业获批省级工程技术研究中心。", "@市财政局请于7月4日前补报。"]
    doc = docx.Document(str(bulletin.write_docx(TITLE, odd, tmp_path / "b.docx")))
    assert [p.text for p in doc.paragraphs[1:]] == odd


def test_docx_replaces_an_existing_file_atomically(paragraphs: list[str], tmp_path: Path) -> None:
    path = tmp_path / "b.docx"
    path.write_bytes(b"old")
    bulletin.write_docx(TITLE, paragraphs, path)
    assert docx.Document(str(path)).paragraphs[0].text == TITLE
    assert sorted(os.listdir(tmp_path)) == ["b.docx"]  # no temp file left behind


def test_docx_into_a_missing_folder_is_a_user_error(paragraphs: list[str], tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError) as caught:
        bulletin.write_docx(TITLE, paragraphs, tmp_path / "没有这个文件夹" / "b.docx")
    assert "文件夹" in caught.value.message and "不存在" in caught.value.message


def test_docx_locked_file_names_word(paragraphs: list[str], tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "b.docx"
    path.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReportWriteError) as caught:
        bulletin.write_docx(TITLE, paragraphs, path)
    message = caught.value.message
    assert "b.docx" in message and "Word 或 WPS" in message and "Excel" not in message
    assert isinstance(caught.value.__cause__, PermissionError)
    assert path.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["b.docx"]


# --- txt ----------------------------------------------------------------------------------


def test_txt_is_utf8_with_bom_and_crlf(paragraphs: list[str], tmp_path: Path) -> None:
    path = bulletin.write_txt(TITLE, paragraphs, tmp_path / "通报.txt")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line end is CRLF
    assert data.endswith(b"\r\n")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == TITLE
    assert lines[1] == ""
    assert lines[2:-1] == ["\u3000\u3000" + p for p in paragraphs]


def test_txt_turns_line_breaks_inside_a_paragraph_into_crlf(tmp_path: Path) -> None:
    path = bulletin.write_txt("标题", ["第一行\n第二行"], tmp_path / "t.txt")
    assert path.read_bytes().decode("utf-8-sig") == "标题\r\n\r\n\u3000\u3000第一行\r\n\u3000\u3000第二行\r\n"


def test_txt_into_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError):
        bulletin.write_txt(TITLE, ["正文。"], tmp_path / "missing" / "t.txt")


def test_write_text_is_the_same_as_write_txt() -> None:
    assert bulletin.write_text is bulletin.write_txt
