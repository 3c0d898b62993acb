"""The fast reader's number formats: read from the stylesheet's numFmts and cellXfs alone, they
are exactly what openpyxl's whole ``Stylesheet`` gives; anything less plain is left to it."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.xml.functions import fromstring

from desktop.workbooks.reading.fastxlsx import _openpyxl_number_formats, _plain_number_formats

FORMATS = ("0.00%", "yyyy-mm-dd", "[h]:mm:ss", '#,##0.0"万元"', "0.00", "General", "mm:ss", "0%")


def _styles_xml() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, fmt in enumerate(FORMATS, start=1):
        ws.cell(row, 1, 0.5).number_format = fmt
    buffer = io.BytesIO()
    wb.save(buffer)
    return zipfile.ZipFile(buffer).read("xl/styles.xml")


def test_plain_stylesheet_reads_as_openpyxl_reads_it() -> None:
    raw = _styles_xml()
    plain = _plain_number_formats(fromstring(raw))
    assert plain is not None
    assert plain == _openpyxl_number_formats(fromstring(raw))
    formats, dates, durations = plain
    assert set(FORMATS) <= set(formats)
    assert {formats[index] for index in dates} >= {"yyyy-mm-dd", "[h]:mm:ss", "mm:ss"}
    assert {formats[index] for index in durations} >= {"[h]:mm:ss"}


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_a_custom_id_the_file_does_not_define_is_left_to_openpyxl() -> None:
    raw = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="170"/></cellXfs></styleSheet>'
    ).encode()
    assert _plain_number_formats(fromstring(raw)) is None


def test_ids_and_builtins_as_openpyxl_maps_them() -> None:
    raw = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.00%"/>'
        '<numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>'
        '<cellXfs count="5"><xf/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="60"/></cellXfs>'
        "</styleSheet>"
    ).encode()
    plain = _plain_number_formats(fromstring(raw))
    assert plain == _openpyxl_number_formats(fromstring(raw))
    assert plain is not None and plain[0] == ["General", "0.00%", 'yyyy"年"m"月"', "mm-dd-yy", "General"]
