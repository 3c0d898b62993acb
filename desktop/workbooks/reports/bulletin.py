"""进展通报 files: the composed paragraphs as a Word document or a plain-text file.

The prose comes from ``desktop.domain.bulletin.compose_bulletin``; this module only lays
it out the way a 公文 is set (GB/T 9704-2012):

- A4 portrait, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (版心 156 × 225 mm);
- title centred in 方正小标宋简体 二号 (22 pt), a blank line under it;
- body in 仿宋_GB2312 三号 (16 pt), first line indented two characters, fixed 28 pt line
  spacing (about 22 lines a page); digits and Latin letters in Times New Roman, set
  tight against the Hanzi (Word's automatic CJK/Latin spacing off);
- section headings (一、总体情况) in 黑体 三号, indented like the body;
- page number 「— 1 —」 in 宋体 四号 centred in the footer.

On a PC without 方正小标宋简体 / 仿宋_GB2312, ``fallback_fonts=True`` uses 黑体 / 宋体.

The plain-text file is UTF-8 with a byte-order mark and CRLF line ends, so Notepad on
Windows (and WPS) opens it with the right encoding; paragraphs start with two ideographic
spaces, as typed text is indented in China.

Both files are written through ``styles.save_atomic`` (temp file in the same folder, then
moved into place), so a failed export leaves the old file untouched; failures raise
``ReportWriteError`` with a Chinese message.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop.domain.bulletin import is_heading
from desktop.workbooks.styles import (
    FONT_BODY,
    FONT_BODY_FALLBACK,
    FONT_HEADER,
    FONT_TITLE,
    FONT_TITLE_FALLBACK,
    ReportWriteError,
    save_atomic,
)

__all__ = ["TITLE_PT", "BODY_PT", "write_docx", "write_txt", "write_text"]

TITLE_PT = 22.0  # 二号
BODY_PT = 16.0  # 三号
PAGE_NUMBER_PT = 14.0  # 四号
LINE_PT = 28.0  # fixed line spacing of the body
LATIN_FONT = "Times New Roman"
PAGE_NUMBER_FONT = "宋体"
INDENT = "\u3000\u3000"
# children of w:pPr that the schema puts after w:autoSpaceDN (ECMA-376 CT_PPrBase order)
_PPR_AFTER_AUTOSPACE = (
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # two ideographic spaces: a paragraph's first-line indent in text


def _set_fonts(run_or_style, east_asian: str, latin: str, size: float, bold: bool = False) -> None:
    """Font of a run or style: East Asian face for Hanzi, ``latin`` for digits and letters."""
    font = run_or_style.font
    font.name = latin
    font.size = Pt(size)
    font.bold = bold
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    # “”、… are shared by both scripts: without the hint Word sets them in the Latin font
    fonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _indent_two_chars(paragraph, size: float) -> None:
    """First-line indent of two characters, stored as Word's character unit too."""
    paragraph.paragraph_format.first_line_indent = Pt(2 * size)
    ind = paragraph._p.get_or_add_pPr().find(qn("w:ind"))
    if ind is not None:
        ind.set(qn("w:firstLineChars"), "200")


def _no_autospace(ppr) -> None:
    """Turn off Word's extra space between Hanzi and digits (「2022 年」 → 「2022年」)."""
    tags = ("w:autoSpaceDE", "w:autoSpaceDN", *_PPR_AFTER_AUTOSPACE)
    for i, tag in enumerate(tags[:2]):
        if ppr.find(qn(tag)) is None:
            el = OxmlElement(tag)
            el.set(qn("w:val"), "0")
            ppr.insert_element_before(el, *tags[i + 1 :])


def _page_number_footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def text_run(text: str) -> None:
        run = paragraph.add_run(text)
        _set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)

    def field_char(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    text_run("— ")
    run = paragraph.add_run()
    _set_fonts(run, PAGE_NUMBER_FONT, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(field_char("begin"))
    run._r.append(instr)
    run._r.append(field_char("separate"))
    shown = OxmlElement("w:t")
    shown.text = "1"
    run._r.append(shown)
    run._r.append(field_char("end"))
    text_run(" —")


def build_docx(title: str, paragraphs: Sequence[str], *, fallback_fonts: bool = False):
    """The bulletin as a python-docx ``Document`` (not yet saved)."""
    title_font = FONT_TITLE_FALLBACK if fallback_fonts else FONT_TITLE
    body_font = FONT_BODY_FALLBACK if fallback_fonts else FONT_BODY

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)

    normal = doc.styles["Normal"]
    _set_fonts(normal, body_font, LATIN_FONT, BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    _no_autospace(normal.element.get_or_add_pPr())

    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = head.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_after = Pt(LINE_PT)  # the blank line between title and body
    for i, line in enumerate(str(title).strip().split("\n")):
        if i:
            head.add_run().add_break()
        _set_fonts(head.add_run(line), title_font, title_font, TITLE_PT)

    for text in paragraphs:
        text = str(text).strip()
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)
        fmt.widow_control = True
        _indent_two_chars(paragraph, BODY_PT)
        _no_autospace(paragraph._p.get_or_add_pPr())
        if is_heading(text):
            fmt.keep_with_next = True
            _set_fonts(paragraph.add_run(text), FONT_HEADER, LATIN_FONT, BODY_PT)
        else:
            _set_fonts(paragraph.add_run(text), body_font, LATIN_FONT, BODY_PT)

    _page_number_footer(section)
    doc.core_properties.title = str(title).strip()
    return doc


class _Bytes:
    """Something ``save_atomic`` can save: it writes fixed bytes to the temp file."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def save(self, fh: BinaryIO) -> None:
        fh.write(self.data)


def _save(document, path: Path, application: str) -> Path:
    try:
        return save_atomic(document, Path(path))
    except ReportWriteError as exc:
        # save_atomic speaks of spreadsheets being open in Excel; name the right program
        message = exc.message.replace("Excel 或 WPS", application)
        if message == exc.message:
            raise
        raise ReportWriteError(message) from exc.__cause__


def write_docx(
    title: str, paragraphs: Sequence[str], path: Path, *, fallback_fonts: bool = False
) -> Path:
    """Write the bulletin as a Word document to ``path`` (atomically); returns the path."""
    return _save(build_docx(title, paragraphs, fallback_fonts=fallback_fonts), path, "Word 或 WPS")


def text_of(title: str, paragraphs: Sequence[str]) -> str:
    """The bulletin as plain text with CRLF line ends (no byte-order mark)."""
    lines = [str(title).strip(), ""]
    lines += [INDENT + str(p).strip().replace("\r\n", "\n").replace("\n", "\r\n" + INDENT)
              for p in paragraphs]
    return "\r\n".join(lines) + "\r\n"


def write_txt(title: str, paragraphs: Sequence[str], path: Path) -> Path:
    """Write the bulletin as UTF-8 text with BOM and CRLF to ``path`` (atomically)."""
    data = text_of(title, paragraphs).encode("utf-8-sig")
    return _save(_Bytes(data), path, "记事本或其他程序")


write_text = write_txt  # the name the issue also uses for the text export
