"""The fast way to read an ordinary .xlsx: python-calamine for the values, the styles for the formats.

openpyxl in read-only mode takes about 5× as long as calamine for a 100,000-row sheet and
12–18 ms for any workbook however small (calamine: under 2 ms); but calamine gives no
number formats, and the understanding needs them (0.0302 shown as 3.02% is 3.02 for a %
indicator). So the formats come from the stylesheet — parsed by openpyxl's own
``Stylesheet``, so that a style's format is exactly what openpyxl reports — and from the
``s`` attribute of the cells whose style has a format other than the default one, found by
a byte scan of the sheet XML. Everything else is what ``ooxml.read_xlsx`` produces with
openpyxl, cell for cell, with one exception: an empty cell that carries a default-format
style has number_format None (openpyxl: that format); nothing reads the format of an empty cell.

The grid must be the one openpyxl gives, so this reader answers None — and openpyxl reads the
file — whenever a sheet has anything it does not reproduce exactly:

* a non-standard layout: workbook part not at xl/workbook.xml, a sheet that is not a
  worksheet, the 1904 date system, no stylesheet, cells or rows without their ``r``
  reference first, prefixed (``x:c``) tags, a row or cell style that the scan cannot place;
* cells openpyxl turns into something else than calamine: dates (date-formatted styles in
  use, or a date from calamine), ISO-date cells (``t="d"``), error cells (``t="e"``, which
  openpyxl gives as '#DIV/0!' and calamine as ''), numbers written as ``3.0`` or ``1E+20``
  (openpyxl: float; calamine cannot tell them from ``3``, which openpyxl gives as int) and
  integers beyond 2**53;
* a sheet whose extent (rows × columns up to the last cell) exceeds the cell budget:
  calamine builds the whole rectangle in memory (and aborts the process when that cannot be
  allocated), so a sparse hostile sheet must never reach it.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import chain

from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE, is_date_format, is_timedelta_format
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.xml.functions import fromstring

from desktop.domain.intake.grid import SheetGrid
from desktop.workbooks.reading.common import EXCEL_MAX_COLS, EXCEL_MAX_ROWS, CellBudget

try:  # a dependency of the project; the openpyxl path stays the reference without it
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover
    CalamineWorkbook = None  # type: ignore[assignment,misc]

_WORKBOOK = "xl/workbook.xml"
_STYLES = "xl/styles.xml"
_REL_WORKSHEET = "/worksheet"

_FLOAT_SPELLINGS = (
    re.compile(rb"\.0*</v>"),  # 3.0, 3.  (openpyxl: float)
    re.compile(rb"E[+-]?[0-9]{1,3}</v>"),  # 1E+20, 1.5E7
    re.compile(rb"e[+-]?[0-9]{1,3}</v>"),
)
_UNUSUAL_SHAPES = (
    # literals are searched for with re, not ``in``: about twice as fast on a sheet's XML
    *(re.compile(re.escape(literal)) for literal in (b"<c>", b"<c/>", b"<row>", b' t="e"', b' t="d"')),
    re.compile(rb"<c (?!r=\")"),  # a cell or row without its r reference first
    re.compile(rb"<row (?!r=\")"),
    *_FLOAT_SPELLINGS,
)
"""What the fast reader does not reproduce (module docstring): empty tags, cells or rows without
their reference first, error and ISO-date cells, numbers written as floats."""
_WIDE_REFS = re.compile(rb"<c r=\"([A-Z]{2,3})[0-9]")
_STYLE_VALUES = re.compile(rb"\" s=\"([0-9]+)\"")
_HUGE_NUMBER = re.compile(rb"<v>-?[0-9]{16,}")


class _NotFast(Exception):
    """Something this reader does not reproduce exactly: openpyxl reads the file instead."""


def _column(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def has_formula_tag(xml: bytes) -> bool:
    """Any ``<f`` or ``<prefix:f`` tag (a superset of ooxml's ``_FORMULA_RE``; extra hits only cost time)."""
    return any(tag.search(xml) is not None for tag in _FORMULA_TAGS)


_FORMULA_TAGS = (re.compile(rb"<f[ \t\r\n\f\v>/]"), re.compile(rb":f[ \t\r\n\f\v>/]"))
"""``<f`` or ``:f`` followed by whitespace, ``>`` or ``/`` (one pattern each: a literal start
is searched for fast, a character class is tried at every byte)."""


class _Styles:
    """What openpyxl's read-only cells report for each style index: number format and date-ness."""

    def __init__(self, z: zipfile.ZipFile) -> None:
        if _STYLES not in z.NameToInfo:
            raise _NotFast
        root = fromstring(z.read(_STYLES))
        plain = _plain_number_formats(root)
        if plain is not None:
            formats, dates, timedelta = plain
        else:
            formats, dates, timedelta = _openpyxl_number_formats(root)
        self.formats = formats
        self.dates = dates | timedelta
        self.timedelta = timedelta
        if 0 in self.dates:
            raise _NotFast
        self.default = formats[0]
        # styles whose cells must be found one by one: another format than style 0, or dates
        self.special = {index for index, fmt in enumerate(formats) if fmt != self.default or index in self.dates}


def _openpyxl_number_formats(root) -> tuple[list[str], set[int], set[int]]:  # root: Element
    """(format of each cell style, date styles, duration styles) as openpyxl's ``Stylesheet`` reads them."""
    sheet = Stylesheet.from_tree(root)
    if not sheet.cell_styles:
        raise _NotFast
    custom = sheet.number_formats
    formats: list[str] = []
    for style in sheet.cell_styles:
        number = style.numFmtId
        if number < BUILTIN_FORMATS_MAX_SIZE:
            formats.append(BUILTIN_FORMATS.get(number, "General"))
        else:
            formats.append(custom[number - BUILTIN_FORMATS_MAX_SIZE])
    return formats, set(sheet.date_formats), set(sheet.timedelta_formats)


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _plain_number_formats(root) -> tuple[list[str], set[int], set[int]] | None:  # root: Element
    """``_openpyxl_number_formats`` for an ordinary stylesheet, from its numFmts and cellXfs
    only; None for anything less plain, which openpyxl then reads.

    openpyxl's ``Stylesheet`` builds every font, fill and border of the file (a millisecond
    for each of forty department files) and only the number formats are needed here. A
    style's format is its custom format when its numFmtId has one (openpyxl maps a custom
    code equal to a built-in one back to that built-in: the same text), else the built-in
    format of that id ("General" when unknown); dates and durations are told by openpyxl's
    own ``is_date_format`` / ``is_timedelta_format`` of that code (of None for an unknown
    built-in id, as openpyxl passes it).
    """
    if root.tag != f"{_MAIN}styleSheet":
        return None
    custom: dict[int, str] = {}
    listed = root.find(f"{_MAIN}numFmts")
    for element in () if listed is None else listed:
        number, code = element.get("numFmtId"), element.get("formatCode")
        if element.tag != f"{_MAIN}numFmt" or number is None or code is None or not number.isdigit():
            return None
        custom[int(number)] = code
    cell_xfs = root.find(f"{_MAIN}cellXfs")
    if cell_xfs is None or not len(cell_xfs):
        return None
    formats: list[str] = []
    dates: set[int] = set()
    timedelta: set[int] = set()
    for index, xf in enumerate(cell_xfs):
        number_text = xf.get("numFmtId", "0")
        if xf.tag != f"{_MAIN}xf" or not number_text.isdigit():
            return None
        number = int(number_text)
        if number in custom:
            fmt: str | None = custom[number]
        elif number < BUILTIN_FORMATS_MAX_SIZE:
            fmt = BUILTIN_FORMATS.get(number)
        else:
            return None  # a custom id the file does not define: openpyxl's own reading decides
        formats.append("General" if fmt is None else fmt)
        if is_date_format(fmt):
            dates.add(index)
        if is_timedelta_format(fmt):
            timedelta.add(index)
    return formats, dates, timedelta


def read_fast(
    data: bytes,
    z: zipfile.ZipFile,
    wb_part: str,
    parts: dict[str, str],
    file_name: str,
    budget: CellBudget,
    read_member,  # (z, name, file_name) -> bytes, with ooxml's error handling
    merged_of,  # (xml bytes) -> merged ranges, as ooxml's scan gives them
    formulas_without_value,  # ooxml's lxml pass, for sheets that have formulas
) -> tuple[SheetGrid, ...] | None:
    """The sheets as ``ooxml.read_xlsx`` gives them, or None when openpyxl must read the file."""
    if CalamineWorkbook is None or wb_part != _WORKBOOK:
        return None
    try:
        return _read(data, z, parts, file_name, budget, read_member, merged_of, formulas_without_value)
    except _NotFast:
        return None


def _workbook_sheets(z: zipfile.ZipFile, parts: dict[str, str], read_member, file_name: str) -> list[tuple[str, str, str]]:
    """(name, part, state) of every sheet in workbook order; _NotFast unless all are worksheets."""
    from desktop.workbooks.reading.ooxml import _local, _parse_xml, _relationships

    raw = read_member(z, _WORKBOOK, file_name)
    if b"date1904" in raw:
        raise _NotFast
    rels = _relationships(z, _WORKBOOK, file_name)
    out = []
    for el in _parse_xml(z, _WORKBOOK, file_name).iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
        name = el.get("name")
        if name is None or rid not in rels or not rels[rid][0].endswith(_REL_WORKSHEET) or parts.get(name) != rels[rid][1]:
            raise _NotFast
        if rels[rid][1] not in z.NameToInfo:
            raise _NotFast
        state = el.get("state") or "visible"
        out.append((name, rels[rid][1], state if state in ("visible", "hidden", "veryHidden") else "visible"))
    if not out:
        raise _NotFast
    return out


def _read(data, z, parts, file_name, budget, read_member, merged_of, formulas_without_value) -> tuple[SheetGrid, ...]:
    sheets = _workbook_sheets(z, parts, read_member, file_name)
    styles = _Styles(z)
    plans = []
    room = budget.limits.max_cells - budget.used
    for name, part, state in sheets:
        xml = read_member(z, part, file_name)
        if b"<sheetData" not in xml:
            raise _NotFast
        if any(pattern.search(xml) for pattern in _UNUSUAL_SHAPES):
            raise _NotFast
        if _HUGE_NUMBER.search(xml):  # beyond a float's exact integers: openpyxl reads the digits
            raise _NotFast
        rows, cols = _extent(xml, room)
        if rows > EXCEL_MAX_ROWS or cols > EXCEL_MAX_COLS or rows * cols > room:
            raise _NotFast
        room -= rows * cols
        formats = _cell_formats(xml, styles)
        merged = merged_of(xml)
        has_formula = has_formula_tag(xml)
        del xml
        plans.append((name, part, state, formats, merged, has_formula))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # whatever calamine cannot read, openpyxl reads or refuses with its message
        raise _NotFast from exc
    out: list[SheetGrid] = []
    for name, part, state, formats, merged, has_formula in plans:
        try:
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise _NotFast from exc
        rows, flat = _grid_values(values, formats)
        budget.spend(sum(map(len, rows)) + rows.count([]), name)  # an empty row counts as one cell
        missing = formulas_without_value(z, part, file_name, name) if has_formula else ()
        out.append(SheetGrid(name, rows, flat, styles.default, merged=tuple(merged), state=state,
                             formulas_without_value=missing))
    return tuple(out)


def _extent(xml: bytes, room: int) -> tuple[int, int]:
    """Upper bounds of the last row and column any cell can be in (what calamine will allocate).

    Rows: below 10**D where D is the number of digits of the last ``<row r=…>``, provided no
    reference anywhere has more digits; the exact largest D-digit reference when that bound
    is too coarse. Columns: 26 unless a reference has two or three letters.
    """
    last = xml.rfind(b'<row r="')
    if last == -1:
        return 0, 0
    end = xml.find(b'"', last + 8)
    digits = xml[last + 8 : end]
    if not digits.isdigit():
        raise _NotFast
    places = len(digits)
    if re.search(rb'r="[A-Z]{0,3}[0-9]{%d}' % (places + 1), xml):
        raise _NotFast  # a reference beyond the last row: not the usual order
    cols = 26
    if _WIDE_REFS.search(xml):
        cols = max([26, *(_column(letters) for letters in _WIDE_REFS.findall(xml))])
    rows = 10**places - 1
    if rows * cols > room:
        found = re.findall(rb'r="[A-Z]{0,3}([0-9]{%d})"' % places, xml)
        rows = max([10 ** (places - 1), *(int(number) for number in found)])
    return rows, cols


def _cell_formats(xml: bytes, styles: _Styles) -> dict[tuple[int, int], object]:
    """(row, col) → number format, for the cells whose style is not like style 0; for a
    date-styled number cell (number format, its value converted as openpyxl does)."""
    found = _STYLE_VALUES.findall(xml)  # every style attribute written after another attribute
    if not found:
        return {}
    used = {int(value) for value in set(found)}  # a sheet has a handful of distinct styles
    if max(used) >= len(styles.formats):
        raise _NotFast  # openpyxl fails on it: let it say so
    special = styles.special
    wanted = sorted(used & special)
    if not wanted:
        return {}
    pattern = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)" s="(' + b"|".join(b"%d" % index for index in wanted) + rb')"')
    cells = pattern.findall(xml)
    if len(cells) != sum(found.count(b"%d" % index) for index in wanted):
        raise _NotFast  # a row style, or a cell whose s does not follow r: cannot place every one
    fmt_of = {b"%d" % index: styles.formats[index] for index in wanted}
    column_of = {letters: _column(letters) for letters in {letters for letters, _, _ in cells}}
    out: dict[tuple[int, int], object] = {(int(row), column_of[letters]): fmt_of[style] for letters, row, style in cells}
    dated = [index for index in wanted if index in styles.dates]
    if dated:
        expected = sum(1 for _, _, style in cells if int(style) in styles.dates)
        out_dates = _date_cells(xml, dated, styles, expected)
        for at, value in out_dates.items():
            out[at] = (out[at], value)
    return out


_DATE_CELL = rb'<c r="([A-Z]{1,3})([0-9]+)" s="(%s)"( t="[a-zA-Z]+")?(/>|>.*?</c>)'
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _date_cells(xml: bytes, dated: list[int], styles: _Styles, expected: int) -> dict[tuple[int, int], object]:
    """Values of the cells with a date style, converted the way openpyxl's reader does.

    Only numbers are converted (``t`` absent or ``n``); for any other type the cell keeps
    calamine's value, which is not a date then (shared strings, booleans, inline strings).
    """
    from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel
    from openpyxl.worksheet._reader import _cast_number

    from desktop.workbooks.reading.common import plain_value

    pattern = re.compile(_DATE_CELL % b"|".join(b"%d" % index for index in dated), re.DOTALL)
    out: dict[tuple[int, int], object] = {}
    found_cells = pattern.findall(xml)
    if len(found_cells) != expected:
        raise _NotFast  # a date cell written in a shape the pattern does not read
    for letters, row, style, kind, body in found_cells:
        if kind not in (b"", b' t="n"'):
            continue
        found = _VALUE.search(body)
        text = found.group(1).decode("ascii", "replace") if found else ""
        if not text:
            out[(int(row), _column(letters))] = None
            continue
        index = int(style)
        try:
            value = from_excel(_cast_number(text), WINDOWS_EPOCH, timedelta=index in styles.timedelta)
        except (OverflowError, ValueError):
            value = "#VALUE!"
        out[(int(row), _column(letters))] = plain_value(value)
    return out


_PLAIN_KINDS = frozenset((str, float, int, bool))


def _grid_values(values: list[list[object]], formats: dict[tuple[int, int], object]) -> tuple[list[list[object]], dict[tuple[int, int], str]]:
    """calamine's rows kept as they are (SheetGrid makes a cell plain when it is read), the
    date-styled numbers converted as openpyxl converts them, and the formats of the cells
    whose style differs from style 0 (``formats`` itself, once the dates are taken out)."""
    plain_kinds = _PLAIN_KINDS
    flat = formats
    converted_at: dict[int, set[int]] = {}
    dated = [(at, fmt) for at, fmt in formats.items() if type(fmt) is tuple]
    for (number, col), (fmt, converted) in dated:  # a date-styled number, converted as openpyxl does
        row = values[number - 1] if number <= len(values) else None
        if row is not None and col <= len(row):
            row[col - 1] = converted
            converted_at.setdefault(number, set()).add(col)
        flat[(number, col)] = fmt
    if plain_kinds.issuperset(map(type, chain.from_iterable(values))):
        return values, flat  # the usual sheet: no dates anywhere, nothing to look at row by row
    for number, row in enumerate(values, start=1):
        if plain_kinds.issuperset(map(type, row)):
            continue
        done = converted_at.get(number, ())
        if any(type(value) not in plain_kinds and col not in done for col, value in enumerate(row, start=1)):
            raise _NotFast  # dates, times, durations: openpyxl's own conversion decides
    return values, flat
