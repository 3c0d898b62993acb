"""Files that are text: HTML/XML "spreadsheets" (refused, with the way out) and CSV.

HTML saved as .xls (what web systems export) is refused, not parsed: the departments fill
our templates in Excel or WPS, an HTML table loses the number formats, and opening it in
Excel/WPS and saving as .xlsx takes the clerk ten seconds and gives a file the rest of the
pipeline understands fully.

CSV: UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode text"), else GB18030
(a superset of GBK). Delimiter: comma, tab or semicolon, whichever splits the first lines
most consistently, or the one an Excel-style first line ``sep=;`` names; the Chinese comma
"，" is text, never a delimiter. Every non-empty field
is a string (the understanding parses numbers itself); an empty field is None; number_format
is None throughout.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import PurePath

from desktop.domain.intake.grid import GridCell, SheetGrid
from desktop.workbooks.reading.common import (
    EXCEL_MAX_ROWS,
    RESAVE_ADVICE,
    BadFileError,
    CellBudget,
    fail,
    make_sheet,
    trim_row,
)

_MARKUP = re.compile(
    r"<\s*(?:!doctype|html|table|head|body|meta|style|div|tr|td|\?xml|workbook|ss:workbook|!--)",
    re.IGNORECASE,
)
_DELIMITERS = (",", "\t", ";")
_SAMPLE_LINES = 50
_EMPTY = GridCell(None)


def _strip_boms(head: bytes) -> str | None:
    """First 4 KB as text for sniffing markup, or None when it is not text in any of our encodings."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, errors="ignore")
    return head.decode("utf-8", errors="ignore") if b"\x00" not in head else None


def looks_like_markup(data: bytes) -> bool:
    """HTML, XML Spreadsheet 2003 or any markup: starts (after BOM and whitespace) with a tag."""
    text = _strip_boms(data[:4096])
    if text is None:
        return False
    stripped = text.lstrip()
    return stripped.startswith("<") and _MARKUP.match(stripped) is not None


def markup_error(file_name: str) -> BadFileError:
    return fail(
        file_name,
        "虽然名为 Excel 文件，实际是网页（HTML/XML）格式（常见于从网上业务系统导出的“xls”），"
        f"本系统不直接读取。{RESAVE_ADVICE}。",
        reason="html",
    )


def not_excel(file_name: str) -> BadFileError:
    return fail(
        file_name,
        "不是 Excel 文件，也不是逗号或制表符分隔的文本（CSV），无法导入。"
        "请确认是否发错了文件；如是表格，请在 Excel/WPS 中另存为 .xlsx 后重新导入。",
        reason="not_excel",
    )


def decode_text(data: bytes) -> str | None:
    """The file as text, or None when it is not text in UTF-8, UTF-16 (with BOM) or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8")
        except UnicodeDecodeError:
            return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _is_texty(text: str) -> bool:
    """No control characters other than tab, CR, LF and form feed (binary that happens to decode)."""
    sample = text[:65536]
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n\f")
    return bad == 0


def sniff_delimiter(text: str) -> str | None:
    lines = [ln for ln in text.splitlines()[:_SAMPLE_LINES] if ln.strip()]
    if not lines:
        return None
    best: tuple[float, str] | None = None
    sample = "\n".join(lines)
    for delim in _DELIMITERS:
        if delim not in sample:
            continue
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
        except csv.Error:
            continue
        multi = [w for w in widths if w > 1]
        if not multi:
            continue
        common = max(set(multi), key=multi.count)
        # share of lines that split into the most common width, then prefer the earlier delimiter
        score = multi.count(common) / len(widths) + (len(multi) / len(widths))
        if best is None or score > best[0] + 1e-9:
            best = (score, delim)
    return best[1] if best else None


def read_csv(data: bytes, file_name: str, budget: CellBudget) -> tuple[SheetGrid, ...]:
    text = decode_text(data)
    if text is None or not _is_texty(text):
        raise not_excel(file_name)
    first, _, rest = text.partition("\n")
    hint = first.rstrip("\r")
    if len(hint) == 5 and hint.lower().startswith("sep="):  # Excel's "sep=;" first line
        delim, text = hint[4], rest
    else:
        delim = sniff_delimiter(text)
    if delim is None:
        raise not_excel(file_name)
    sheet = PurePath(file_name).stem or file_name
    rows: list[tuple[GridCell, ...]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            if len(rows) >= EXCEL_MAX_ROWS:
                raise fail(
                    file_name,
                    f"超过 {EXCEL_MAX_ROWS:,} 行（Excel 的上限），已拒绝导入。请确认是否发错了文件。",
                    reason="too_many_cells",
                )
            budget.spend(max(len(record), 1), sheet)
            rows.append(trim_row([GridCell(v) if v != "" else _EMPTY for v in record]))
    except csv.Error as exc:
        raise fail(
            file_name,
            f"的第 {len(rows) + 1} 行无法按 CSV 读取（{exc}）。{RESAVE_ADVICE}。",
            reason="corrupt",
        ) from exc
    return (make_sheet(sheet, rows),)
