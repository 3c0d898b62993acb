"""Zip containers: the safety checks, what kind of zip it is, and the .xlsx/.xlsm reader.

Order for an .xlsx: (1) ``zipfile`` central directory only — member count, declared total
size, per-member compression ratio (a zip bomb is refused here, before anything is
inflated); (2) the first 64 KB of every XML part is looked at for a DTD (OOXML never has
one; billion laughs needs one) — openpyxl's defusedxml parsing is the second line;
(3) openpyxl ``read_only=True, data_only=True`` and ``reset_dimensions()`` for the values
and number formats; (4) a byte scan of each sheet's XML for ``<mergeCell ref=…>`` (read-only
worksheets do not expose merged cells, and a second non-read-only load would hold the whole
sheet in memory) and for the presence of any ``<f>``; (5) only for sheets that have
formulas, an lxml pass that lists formula cells with no cached value.

CPython's ``zipfile`` stops a member at its declared size and then fails the CRC, so a
member lying about its size cannot inflate past what step (1) allowed.
"""

from __future__ import annotations

import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterable

import defusedxml
import defusedxml.ElementTree as SafeET
import openpyxl
from lxml import etree
from openpyxl.cell.read_only import EmptyCell
from openpyxl.utils.cell import range_boundaries

from desktop.domain.intake.grid import GridCell, SheetGrid, a1
from desktop.workbooks.reading.fastxlsx import has_formula_tag, read_fast
from desktop.workbooks.reading.common import (
    EXCEL_MAX_COLS,
    EXCEL_MAX_ROWS,
    RESAVE_ADVICE,
    BadFileError,
    CellBudget,
    ReadLimits,
    corrupt,
    empty_cell,
    fail,
    make_sheet,
    mb,
    plain_value,
    trim_row,
)

RATIO_FLOOR = 1024 * 1024  # the ratio check applies to members of at least 1 MiB (styles.xml can reach 100:1)
MAX_MEMBERS = 10_000
PROLOG_BYTES = 64 * 1024

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
REL_OFFICE_DOCUMENT = "/officeDocument"

_DTD_MARKERS = tuple(
    marker.encode(enc)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for enc in ("ascii", "utf-16-le", "utf-16-be")
)
_MERGE_RE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b[^>]{0,400}?\bref\s*=\s*[\"']([A-Za-z0-9:$]{1,40})[\"']")
_FORMULA_RE = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_SCAN_CHUNK = 1 << 20
_SCAN_OVERLAP = 1024  # longer than any match of the two patterns above


# ---------------------------------------------------------------------------- zip safety


def open_zip(data: bytes, file_name: str, limits: ReadLimits) -> zipfile.ZipFile:
    """Open the zip and refuse it from its central directory alone when it would inflate too far."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError("zip file version …"), OSError, ValueError …
        raise corrupt(file_name) from exc
    if len(infos) > MAX_MEMBERS:
        raise fail(
            file_name,
            f"内部有 {len(infos):,} 个组成部分（上限 {MAX_MEMBERS:,}），结构异常，已拒绝导入。"
            f"请让报送单位用 Excel/WPS 重新另存为 .xlsx 后发送。",
            reason="zip_bomb",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise fail(
            file_name,
            f"解压后共 {mb(total)} MB，超过上限 {mb(limits.max_uncompressed_bytes)} MB，"
            f"可能是恶意构造的文件（“压缩炸弹”），已拒绝导入。请确认是否发错了文件，"
            f"或让报送单位删去无关内容、用 Excel/WPS 重新另存后发送。",
            reason="zip_bomb",
        )
    for i in infos:
        if i.file_size >= RATIO_FLOOR and i.file_size > limits.max_compression_ratio * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise fail(
                file_name,
                f"结构异常：其中的“{i.filename}”解压后达 {mb(i.file_size)} MB（压缩比 {ratio:,}:1，"
                f"上限 {limits.max_compression_ratio}:1），可能是恶意构造的文件（“压缩炸弹”），已拒绝导入。"
                f"请让报送单位用 Excel/WPS 重新另存为 .xlsx 后发送。",
                reason="zip_bomb",
            )
    return z


def _read_member(z: zipfile.ZipFile, name: str, file_name: str, limit: int | None = None) -> bytes:
    try:
        with z.open(name) as f:
            return f.read() if limit is None else f.read(limit)
    except KeyError:
        raise
    except Exception as exc:  # BadZipFile (bad CRC), zlib.error, EOFError, NotImplementedError, RuntimeError
        raise corrupt(file_name, detail=f"“{name}”无法解压") from exc


def unsafe_xml(file_name: str, part: str | None) -> BadFileError:
    where = f"（位于“{part}”）" if part else ""
    return fail(
        file_name,
        f"包含不安全的内部结构（XML 实体/DTD 声明{where}），可能是恶意构造的文件，已拒绝导入。"
        f"请让报送单位用 Excel/WPS 重新另存为 .xlsx 后发送。",
        reason="unsafe_xml",
    )


def check_xml_prologs(z: zipfile.ZipFile, file_name: str) -> None:
    """Refuse any XML part that declares a DTD (Excel and WPS never write one)."""
    for info in z.infolist():
        lower = info.filename.lower()
        if info.is_dir() or not lower.endswith((".xml", ".rels", ".vml")):
            continue
        head = _read_member(z, info.filename, file_name, PROLOG_BYTES)
        if any(m in head for m in _DTD_MARKERS):
            raise unsafe_xml(file_name, info.filename)


# ---------------------------------------------------------------------------- what kind of zip


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse_xml(z: zipfile.ZipFile, name: str, file_name: str):  # -> Element
    raw = _read_member(z, name, file_name)
    try:
        return SafeET.fromstring(raw)
    except defusedxml.DefusedXmlException as exc:
        raise unsafe_xml(file_name, name) from exc
    except Exception as exc:  # ParseError, ValueError
        raise corrupt(file_name, detail=f"“{name}”不是有效的 XML") from exc


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def _rels_path(part: str) -> str:
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


def _relationships(z: zipfile.ZipFile, part: str, file_name: str) -> dict[str, tuple[str, str]]:
    """rId → (type, resolved target) of a part; {} when it has no .rels."""
    path = _rels_path(part)
    if path not in z.NameToInfo:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for el in _parse_xml(z, path, file_name).iter():
        if _local(el.tag) == "Relationship" and el.get("Id") and el.get("Target"):
            if el.get("TargetMode") == "External":
                continue
            out[el.get("Id")] = (el.get("Type", ""), _resolve(part, el.get("Target")))
    return out


def _content_types(z: zipfile.ZipFile, file_name: str) -> tuple[dict[str, str], dict[str, str]]:
    """([Content_Types].xml) → (overrides by part name without the leading '/', defaults by extension)."""
    if "[Content_Types].xml" not in z.NameToInfo:
        return {}, {}
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for el in _parse_xml(z, "[Content_Types].xml", file_name).iter():
        kind = _local(el.tag)
        if kind == "Override" and el.get("PartName"):
            overrides[el.get("PartName").lstrip("/")] = el.get("ContentType", "")
        elif kind == "Default" and el.get("Extension"):
            defaults[el.get("Extension").lower()] = el.get("ContentType", "")
    return overrides, defaults


def classify_zip(z: zipfile.ZipFile, file_name: str) -> tuple[str, str]:
    """→ (format, workbook part) for a workbook; refuses every other zip with its own message."""
    names = z.NameToInfo
    wb_part = "xl/workbook.xml"
    for rtype, target in _relationships(z, "", file_name).values():
        if rtype.endswith(REL_OFFICE_DOCUMENT):
            wb_part = target
            break
    overrides, defaults = _content_types(z, file_name)
    content_type = overrides.get(wb_part) or defaults.get(posixpath.splitext(wb_part)[1].lstrip(".").lower(), "")
    content_type = content_type.lower()
    if "sheet.binary" in content_type or wb_part.lower().endswith(".bin") or "xl/workbook.bin" in names:
        raise fail(
            file_name,
            f"是 Excel 二进制工作簿（.xlsb），本系统不读取这种格式。{RESAVE_ADVICE}。",
            reason="xlsb",
        )
    is_workbook = wb_part in names and (
        "spreadsheetml" in content_type
        or "ms-excel" in content_type
        or (not overrides and wb_part == "xl/workbook.xml")
    )
    if not is_workbook:
        if "mimetype" in names and _read_member(z, "mimetype", file_name, 200).startswith(
            b"application/vnd.oasis.opendocument.spreadsheet"
        ):
            raise fail(
                file_name,
                f"是 OpenDocument 表格（.ods），本系统不读取这种格式。{RESAVE_ADVICE}。",
                reason="ods",
            )
        raise fail(
            file_name,
            "不是 Excel 文件（它是一个压缩包或其他类型的文档，里面没有工作簿），无法导入。"
            "请确认是否发错了文件；如是表格，请在 Excel/WPS 中另存为 .xlsx 后重新导入。",
            reason="not_excel",
        )
    if STRICT_NS in _read_member(z, wb_part, file_name, PROLOG_BYTES):
        raise fail(
            file_name,
            f"是“Strict Open XML”格式的工作簿，本系统不读取这种格式。{RESAVE_ADVICE}。",
            reason="strict_ooxml",
        )
    macro = "macroenabled" in content_type or any(n.lower().endswith("vbaproject.bin") for n in names)
    return ("xlsm" if macro else "xlsx"), wb_part


def sheet_parts(z: zipfile.ZipFile, wb_part: str, file_name: str) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships."""
    rels = _relationships(z, wb_part, file_name)
    out: dict[str, str] = {}
    for el in _parse_xml(z, wb_part, file_name).iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        if el.get("name") is not None and rid in rels:
            out[el.get("name")] = rels[rid][1]
    return out


# ---------------------------------------------------------------------------- sheet XML scans


def scan_sheet(z: zipfile.ZipFile, part: str, file_name: str, sheet: str) -> tuple[list[tuple[int, int, int, int]], bool]:
    """Merged ranges and whether any formula occurs, by a streaming byte scan of the sheet XML."""
    refs: list[bytes] = []
    has_formula = False
    try:
        with z.open(part) as f:
            buf = b""
            while True:
                chunk = f.read(_SCAN_CHUNK)
                final = not chunk
                buf += chunk
                limit = len(buf) if final else len(buf) - _SCAN_OVERLAP
                if b"mergeCell" in buf:  # the regex is slow on the cell data; the name is a fast test
                    for m in _MERGE_RE.finditer(buf):
                        if m.start() < limit:
                            refs.append(m.group(1))
                if not has_formula:
                    # every _FORMULA_RE match is found by this (it may find more: only a gate)
                    has_formula = has_formula_tag(buf)
                if final:
                    break
                buf = buf[max(limit, 0):]
    except Exception as exc:
        raise corrupt(file_name, sheet=sheet) from exc
    return _merged_boxes(refs), has_formula


def merged_in(xml: bytes) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a whole sheet XML already in memory (as ``scan_sheet`` finds them)."""
    first = xml.find(b"mergeCell")
    if first == -1:
        return []
    # every match is a '<', an optional prefix without '<', then mergeCell: none starts before
    # the last '<' ahead of the first mergeCell (the scan skips the cell data, nearly all the XML)
    start = max(xml.rfind(b"<", 0, first), 0)
    return _merged_boxes([m.group(1) for m in _MERGE_RE.finditer(xml, start)])


def _merged_boxes(refs: list[bytes]) -> list[tuple[int, int, int, int]]:
    merged: list[tuple[int, int, int, int]] = []
    seen: set[tuple[int, int, int, int]] = set()
    for ref in refs:
        try:
            c0, r0, c1, r1 = range_boundaries(ref.decode("ascii").replace("$", ""))
        except (ValueError, TypeError):
            continue
        if None in (c0, r0, c1, r1):
            continue
        box = (min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1))
        if box[0] == box[2] and box[1] == box[3]:
            continue
        if box[2] > EXCEL_MAX_ROWS or box[3] > EXCEL_MAX_COLS or box in seen:
            continue
        seen.add(box)
        merged.append(box)
    return merged


_C = f"{{{MAIN_NS}}}c"
_ROW = f"{{{MAIN_NS}}}row"
_F = f"{{{MAIN_NS}}}f"
_V = f"{{{MAIN_NS}}}v"
_IS = f"{{{MAIN_NS}}}is"


def formulas_without_value(z: zipfile.ZipFile, part: str, file_name: str, sheet: str) -> tuple[str, ...]:
    """A1 refs of formula cells that have no cached result (never calculated).

    An empty ``<v/>`` under ``t="str"`` is a formula whose result is the empty string
    (=IF(…,"",…)): that has a value and is not listed.
    """
    out: list[str] = []
    row_no = 0
    col_no = 0
    try:
        with z.open(part) as f:
            parser = etree.iterparse(
                f,
                events=("start", "end"),
                tag=(_ROW, _C),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for event, el in parser:
                if el.tag == _ROW:
                    if event == "start":
                        r = el.get("r")
                        row_no = int(r) if r and r.isdigit() else row_no + 1
                        col_no = 0
                    else:
                        el.clear()
                        parent = el.getparent()
                        if parent is not None:
                            while el.getprevious() is not None:
                                del parent[0]
                    continue
                if event != "end":
                    continue
                ref = el.get("r")
                if ref:
                    try:
                        col_no, row_at = range_boundaries(ref)[:2]
                    except (ValueError, TypeError):
                        col_no, row_at = col_no + 1, row_no
                    else:
                        row_no = row_at or row_no
                else:
                    col_no += 1
                if el.find(_F) is not None:
                    v = el.find(_V)
                    kind = el.get("t", "n")
                    has_value = (v is not None and (bool(v.text) or kind == "str")) or el.find(_IS) is not None
                    if not has_value:
                        out.append(a1(row_no, col_no) if row_no and col_no else (ref or "?"))
                el.clear()
    except BadFileError:
        raise
    except Exception as exc:
        raise corrupt(file_name, sheet=sheet) from exc
    return tuple(out)


# ---------------------------------------------------------------------------- the reader


def _defused_in_chain(exc: BaseException | None) -> bool:
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, defusedxml.DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _values(ws, sheet: str, file_name: str, budget: CellBudget, progress: list[int]) -> list[tuple[GridCell, ...]]:
    """Rows of one read-only worksheet (dimensions already reset); ``progress[0]`` is the last row read."""
    rows: list[tuple[GridCell, ...]] = []
    empties: dict[str | None, GridCell] = {}
    fmt_of_style: dict[int, str] = {}
    n = 0
    for row in ws.iter_rows():
        n += 1
        if n > EXCEL_MAX_ROWS:
            raise corrupt(file_name, sheet=sheet, detail=f"行数超过 Excel 的上限 {EXCEL_MAX_ROWS:,}")
        budget.spend(max(len(row), 1), sheet)
        cells: list[GridCell] = []
        append = cells.append
        for c in row:
            if type(c) is EmptyCell:
                append(empty_cell(None, empties))
                continue
            style = c._style_id  # number_format is looked up once per style, not per cell
            fmt = fmt_of_style.get(style)
            if fmt is None:
                fmt = fmt_of_style[style] = c.number_format
            v = c.value
            if v is None or v == "":  # "" : a formula whose result is the empty string
                append(empty_cell(fmt, empties))
            else:
                append(GridCell(plain_value(v), fmt))
        rows.append(trim_row(cells) if cells else ())
        progress[0] = n
    return rows


def read_xlsx(data: bytes, file_name: str, limits: ReadLimits, budget: CellBudget) -> tuple[str, tuple[SheetGrid, ...]]:
    z = open_zip(data, file_name, limits)
    with z:
        fmt, wb_part = classify_zip(z, file_name)
        check_xml_prologs(z, file_name)
        parts = sheet_parts(z, wb_part, file_name)
        fast = read_fast(data, z, wb_part, parts, file_name, budget, _read_member, merged_in, formulas_without_value)
        if fast is not None:
            return fmt, fast
        sheet: str | None = None
        progress = [0]  # rows of the current sheet read so far, for the message
        wb = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
                sheets: list[SheetGrid] = []
                if not wb.worksheets:
                    raise fail(
                        file_name,
                        "里没有任何工作表（可能只有图表），无法导入。请确认是否发错了文件。",
                        reason="no_sheets",
                    )
                for ws in wb.worksheets:
                    sheet = ws.title
                    progress[0] = -1  # not in the rows yet
                    part = parts.get(sheet) or getattr(ws, "_worksheet_path", None)
                    merged: Iterable[tuple[int, int, int, int]] = ()
                    has_formula = False
                    if part is not None and part in z.NameToInfo:
                        merged, has_formula = scan_sheet(z, part, file_name, sheet)
                    ws.reset_dimensions()
                    progress[0] = 0
                    rows = _values(ws, sheet, file_name, budget, progress)
                    progress[0] = -1
                    missing = formulas_without_value(z, part, file_name, sheet) if has_formula else ()
                    state = ws.sheet_state if ws.sheet_state in ("visible", "hidden", "veryHidden") else "visible"
                    sheets.append(
                        make_sheet(sheet, rows, merged=tuple(merged), state=state, formulas_without_value=missing)
                    )
                    sheet = None
        except BadFileError:
            raise
        except Exception as exc:
            if _defused_in_chain(exc):
                raise unsafe_xml(file_name, None) from exc
            row = progress[0] + 1 if sheet is not None and progress[0] >= 0 else None
            raise corrupt(file_name, sheet=sheet, row=row) from exc
        finally:
            if wb is not None:
                wb.close()
    return fmt, tuple(sheets)
