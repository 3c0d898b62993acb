"""Shared layout of the official submission tables (附件N spreadsheets).

Every report module lays out one sheet top-down with a :class:`SheetWriter`::

    w = SheetWriter(ws, [Column("一级指标"), Column("序号", align="center"), ...])
    w.attachment_label("附件2")
    w.title("聊城市创新型城市建设指标体系")
    w.header()
    first = w.row(["创新要素集聚能力", 1, "科技进步贡献率", 10, "市科技局"])
    ...
    w.merge_down(1, first, last)
    w.note("注：……")
    w.finish()
    save_atomic(wb, path)

Facts behind the choices (fonts and 字号, borders on merged cells, widths of CJK text,
explicit row heights, print setup) are in the shared notes "official-formats.md":

- 字号 → pt: 二号 22 (title), 小二 18 (long title), 三号 16 (附件N label), 小四 12
  (header and body), 五号 10.5 (dense body, notes).
- openpyxl never measures text, so column widths and row heights are estimated here from
  a character budget (CJK characters are one em wide in every CJK font; the ASCII of the
  GB2312-era fonts is half an em) and written explicitly. LibreOffice does not auto-fit
  rows and Excel never auto-fits merged cells.
- Borders are set on every cell before merging, so merged blocks print all four edges.
"""

from __future__ import annotations

import datetime as _dt
import errno
import math
import os
import pathlib
import re
import stat
import tempfile
import unicodedata
from bisect import bisect_right as _bisect_right
from collections.abc import Sequence
from copy import copy as _copy
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate as _accumulate

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as _Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from desktop.errors import UserError

__all__ = [
    "FONT_TITLE",
    "FONT_TITLE_FALLBACK",
    "FONT_HEADER",
    "FONT_BODY",
    "FONT_BODY_FALLBACK",
    "SIZE_LABEL",
    "SIZE_TITLE",
    "SIZE_TITLE_LONG",
    "SIZE_HEADER",
    "SIZE_BODY",
    "SIZE_BODY_DENSE",
    "SIZE_NOTE",
    "FOOTER_TEXT",
    "Column",
    "SheetWriter",
    "ReportWriteError",
    "write_text",
    "text_width",
    "row_height_for",
    "lines_needed",
    "number_format_for",
    "save_atomic",
    "set_alignment",
]

# --- fonts and sizes ----------------------------------------------------------------

FONT_TITLE = "方正小标宋简体"
FONT_TITLE_FALLBACK = "黑体"
FONT_HEADER = "黑体"
FONT_BODY = "仿宋_GB2312"
FONT_BODY_FALLBACK = "宋体"

SIZE_LABEL = 16.0  # 三号: 「附件N」 in 黑体
SIZE_TITLE = 22.0  # 二号: title in 方正小标宋简体
SIZE_TITLE_LONG = 18.0  # 小二: a title too long for the table width at 二号
SIZE_HEADER = 12.0  # 小四: header row(s) in 黑体
SIZE_BODY = 12.0  # 小四: body in 仿宋_GB2312
SIZE_BODY_DENSE = 11.0  # dense tables (重点任务分工)
SIZE_NOTE = 12.0  # 注 lines and captions

FOOTER_TEXT = "第 &P 页 共 &N 页"

GB2312_CHARSET = 134  # what WPS writes for Chinese fonts; helps substitution when missing

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NO_BORDER = Border()

# Column width unit: openpyxl's Normal style is Calibri 11, maximum digit width 7 px.
_MDW_PX = 7.0
_CELL_PAD_PX = 12.0  # room around the text when sizing a column (both sides together)
_TEXT_PAD_PX = 6.0  # what Excel really leaves around the text (both sides together)
_INDENT_PX = 10.0  # indent=1 on left-aligned text
_MAX_ROW_HEIGHT = 409.0  # Excel's limit in points
_MIN_ROW_HEIGHT = 18.0

# Printable width of A4 with the margins below, in px at 96 dpi. LibreOffice draws
# columns about 6 % wider than Excel, so keep a little slack.
_MARGIN_LR_CM = 1.8
_MARGIN_TOP_CM = 2.0
_MARGIN_BOTTOM_CM = 2.2
_MARGIN_HEADER_CM = 0.8
_MARGIN_FOOTER_CM = 1.0
_SLACK = 0.94


def _printable_px(landscape: bool) -> float:
    paper_mm = 297.0 if landscape else 210.0
    mm = paper_mm - 2 * _MARGIN_LR_CM * 10
    return mm / 25.4 * 96 * _SLACK


# --- text helpers -------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t")


def _clean_text(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def write_text(cell, value: object) -> None:
    """Write ``value`` as text, never as a formula.

    Characters openpyxl refuses (C0 controls other than tab and newlines) are dropped; a
    text starting with = + - @ or a tab is stored as a string with a quote prefix, as
    Excel does for ``'=SUM(A1)``.
    """
    _set_text(cell, _clean_text(value))


def _set_text(cell, text: str) -> None:
    """Store cleaned ``text`` as openpyxl's ``cell.value = text`` would, typed as text.

    The text has been through :func:`_clean_text` (no illegal characters left), so what
    openpyxl's value setter would still do is the 32,767-character cut; the type is
    always "s" (never a formula or an error code).
    """
    if text == "":
        cell._value = None
        cell.data_type = "n"
        return
    cell._value = text[:32767]
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _char_units(ch: str) -> float:
    if ch in "\n\r":
        return 0.0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in "WF":
        return 2.0
    if eaw == "A" and ord(ch) >= 0x2000:  # “”‘’…—※ are full width in CJK fonts
        return 2.0
    if unicodedata.combining(ch):
        return 0.0
    return 1.1


class _UnitCache(dict):
    def __missing__(self, ch):
        units = self[ch] = _char_units(ch)
        return units


_UNITS = _UnitCache()


def text_width(text: str) -> float:
    """Width of one line of ``text`` in half-width units (CJK/full-width 2, others 1.1)."""
    return sum(map(_UNITS.__getitem__, str(text)))


def _px_per_unit(font_pt: float) -> float:
    """Pixels of one half-width unit at ``font_pt`` (an em is pt × 96/72 px)."""
    return font_pt * 96.0 / 72.0 / 2.0


def _units_per_line(width_px: float, font_pt: float, indent: bool) -> float:
    """Half-width units that fit on one line of a cell ``width_px`` wide.

    Excel leaves about 2–3 px on each side and ``indent=1`` moves left-aligned text by
    about one character of the Normal font; one unit (half a character) is kept as slack
    for line-breaking rules (禁则) and screen hinting.
    """
    usable = width_px - _TEXT_PAD_PX - (_INDENT_PX if indent else 0.0)
    return usable / _px_per_unit(font_pt) - 1.0


def _px_for_units(units: float, font_pt: float, indent: bool) -> float:
    """Column width in px that shows ``units`` half-width units on one line, with some air."""
    return (units + 1.0) * _px_per_unit(font_pt) + _CELL_PAD_PX + (_INDENT_PX if indent else 0.0)


def lines_needed(text: str, width_px: float, font_pt: float, *, indent: bool = False) -> int:
    """Lines ``text`` takes when wrapped in a cell ``width_px`` wide (explicit breaks kept)."""
    per_line = max(2.0, _units_per_line(width_px, font_pt, indent))
    total = 0
    for part in str(text).split("\n"):
        total += max(1, _wrap_count(part, per_line))
    return total


_PLAIN_CJK = re.compile(r"[^A-Za-z0-9.,%()\-+/\s]*")
_TOKEN = re.compile(r"[A-Za-z0-9.,%()\-+/]+|\s+|.")
_EPS = 1e-9


class _TokenUnitCache(dict):
    """Widths of the tokens of :func:`_wrap_count` (words, runs of spaces, single characters)."""

    def __missing__(self, tok):
        if len(self) > 100_000:  # words of free text: keep the cache bounded
            self.clear()
        units = self[tok] = text_width(tok)
        return units


_TOKEN_UNITS = _TokenUnitCache()


def _wrap_count(line: str, per_line: float) -> int:
    """Greedy line count: CJK breaks anywhere, runs of ASCII break as words.

    The greedy fill is done a line at a time: prefix sums of the widths and a binary
    search find where each line ends, so the cost follows the number of lines rather
    than the number of characters. All widths are multiples of 0.1 and the line widths
    rationals with small denominators, so the 1e-9 tolerance decides every comparison
    exactly as a character-by-character sum does.
    """
    if not line:
        return 1
    limit = per_line + _EPS
    widths = list(map(_UNITS.__getitem__, line))
    total = sum(widths)
    if total <= limit:
        return 1
    if _PLAIN_CJK.fullmatch(line):  # every character is its own token
        n = len(line)
        if total == 2.0 * n:  # all full width (the usual Chinese sentence): arithmetic
            return -(-n // int(limit // 2.0))
        prefix = list(_accumulate(widths, initial=0.0))
        lines, i = 0, 0
        while i < n:
            lines += 1
            j = _bisect_right(prefix, prefix[i] + limit, i + 1) - 1
            i = j if j > i else i + 1
        return lines
    tokens = _TOKEN.findall(line)
    tw = list(map(_TOKEN_UNITS.__getitem__, tokens))
    prefix = list(_accumulate(tw, initial=0.0))
    n = len(tokens)
    lines, used, i = 1, 0.0, 0
    while i < n:
        # tokens i..j-1 still fit on the current line
        j = _bisect_right(prefix, prefix[i] - used + limit, i) - 1
        if j > i:
            used += prefix[j] - prefix[i]
            i = j
            if i >= n:
                break
        tok, w = tokens[i], tw[i]
        if used + w <= limit:  # rounding at the edge of the search: take it one by one
            used += w
        elif tok.isspace():
            used = per_line  # the break falls here
        elif w > per_line:  # a long word is broken anywhere
            remaining = used + w
            while remaining > limit:
                remaining -= per_line
                lines += 1
            used = remaining
        else:
            lines += 1
            used = w
        i += 1
    return lines


def row_height_for(lines: int, font_pt: float) -> float:
    """Row height in points for ``lines`` wrapped lines at ``font_pt``."""
    return min(_MAX_ROW_HEIGHT, max(_MIN_ROW_HEIGHT, round(lines * font_pt * 1.25 + 5.0, 1)))


def number_format_for(decimals: int | None, percent: bool = False) -> str:
    """Number format with ``decimals`` places; ``percent`` = percentage points (3.2 → 3.2%).

    Values of percent indicators are stored as percentage points (2.5 for 2.5 %), so the
    percent sign is a literal and nothing is scaled. ``None`` decimals = General.
    """
    if decimals is None:
        return 'General"%"' if percent else "General"
    decimals = max(0, int(decimals))
    body = "#,##0" + ("." + "0" * decimals if decimals else "")
    if percent:
        return "0" + ("." + "0" * decimals if decimals else "") + '"%"'
    return body


def _decimals_of(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


# --- columns and the sheet writer ----------------------------------------------------

_KINDS = ("text", "number", "int", "percent", "date")


@dataclass(frozen=True)
class Column:
    """One column of an official table.

    ``width`` is in Excel character units (None = computed from the content); ``kind`` is
    one of "text", "number", "int", "percent", "date"; ``number_format`` overrides the
    kind's format; ``align`` is the horizontal alignment of body cells.
    """

    header: str
    width: float | None = None
    kind: str = "text"
    number_format: str | None = None
    align: str = "left"

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")
        if self.align not in ("left", "center", "right"):
            raise ValueError(f"unknown alignment {self.align!r}")


@dataclass
class _Fonts:
    title: str
    header: str
    body: str


_OFFICIAL = _Fonts(FONT_TITLE, FONT_HEADER, FONT_BODY)
_FALLBACK = _Fonts(FONT_TITLE_FALLBACK, FONT_HEADER, FONT_BODY_FALLBACK)


def _font(name: str, size: float, bold: bool = False) -> Font:
    return Font(name=name, size=size, bold=bold, charset=GB2312_CHARSET)


class SheetWriter:
    """Lays out one official table on one worksheet, top-down, in a single pass.

    Call in order: ``attachment_label`` / ``title`` / ``caption`` (any, optional),
    ``header``, ``row`` (and ``merge_down``), ``note``, then ``finish``.

    ``body_size`` (default 小四 12 pt; 11 for dense tables), ``landscape`` (default True)
    and ``fallback_fonts`` (use 黑体/宋体 instead of 方正小标宋简体/仿宋_GB2312 for
    machines without the official fonts) are optional keyword arguments.
    """

    def __init__(
        self,
        ws,
        columns: Sequence[Column],
        *,
        body_size: float = SIZE_BODY,
        header_size: float = SIZE_HEADER,
        landscape: bool = True,
        fallback_fonts: bool = False,
    ) -> None:
        if not columns:
            raise ValueError("a table needs at least one column")
        self.ws = ws
        self.columns = list(columns)
        self.ncols = len(self.columns)
        self.body_size = float(body_size)
        self.header_size = float(header_size)
        self.landscape = landscape
        self.fonts = _FALLBACK if fallback_fonts else _OFFICIAL
        self._next = 1
        self._label_rows: list[int] = []
        self._title_rows: list[int] = []
        self._caption_rows: list[int] = []
        self._note_rows: list[int] = []
        self._header_first: int | None = None
        self._header_last: int | None = None
        self._body_rows: list[int] = []
        self._spacer_rows: set[int] = set()
        self._vmerges: list[tuple[int, int, int]] = []  # (col, first_row, last_row), pending
        self.page_breaks: list[int] = []  # first rows of pages 2, 3, … (set by finish)
        self._finished = False
        self._protos = {}
        self._measured: dict[tuple, float] = {}  # (text, width, size, wrap, indent) → points
        self._keep_rows: set[int] = set()  # rows printed on the same page as the next row
        self._break_costs: dict[int, int] | None = None  # set by finish
        # text columns without a number format: str values take the fast path in row()
        self._plain_text_cols = [col.kind == "text" and not col.number_format for col in self.columns]

    # -- rows above the table ---------------------------------------------------------

    @property
    def next_row(self) -> int:
        """The sheet row the next call writes to."""
        return self._next

    def skip(self, rows: int = 1) -> None:
        """Leave ``rows`` empty rows (e.g. to put the title on the third line)."""
        for _ in range(rows):
            self.ws.row_dimensions[self._next].height = 12
            self._spacer_rows.add(self._next)
            self._next += 1

    def attachment_label(self, text: str) -> int:
        """「附件N」 top-left in 黑体 三号, no border."""
        r = self._next
        cell = self.ws.cell(r, 1)
        write_text(cell, text)
        cell.font = _font(FONT_HEADER, SIZE_LABEL)
        cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=False)
        self._label_rows.append(r)
        self._next += 1
        return r

    def title(self, text: str) -> int:
        """The table title, merged across all columns and centred (size fixed in finish)."""
        r = self._merged_line(text, _font(self.fonts.title, SIZE_TITLE), "center")
        self._title_rows.append(r)
        return r

    def caption(self, text: str, align: str = "left") -> int:
        """A line such as 「单位：亿元」 or 「填报单位：…」, merged across, no border."""
        r = self._merged_line(text, _font(self.fonts.body, SIZE_NOTE), align)
        self._caption_rows.append(r)
        return r

    def _merged_line(self, text: str, font: Font, align: str) -> int:
        r = self._next
        for c in range(1, self.ncols + 1):
            cell = self.ws.cell(r, c)
            cell.font = font
            cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        write_text(self.ws.cell(r, 1), text)
        if self.ncols > 1:
            self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=self.ncols)
        self._next += 1
        return r

    # -- the table ---------------------------------------------------------------------

    def header(
        self,
        rows: Sequence[Sequence[str | None]] | None = None,
        merges: Sequence[tuple[int, int, int, int]] = (),
    ) -> tuple[int, int]:
        """Header row(s) in 黑体, centred, boxed; print titles and freeze below them.

        ``rows`` defaults to one row of the column headers. ``merges`` are
        (first_row, first_col, last_row, last_col), 1-based within the header block.
        Returns the first and last sheet rows of the header.
        """
        if rows is None:
            rows = [[col.header for col in self.columns]]
        first = self._next
        font = _font(FONT_HEADER, self.header_size)
        align = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, values in enumerate(rows):
            r = first + i
            for c in range(1, self.ncols + 1):
                cell = self.ws.cell(r, c)
                value = values[c - 1] if c - 1 < len(values) else None
                write_text(cell, value)
                cell.font = font
                cell.alignment = align
                cell.border = _BOX
        last = first + len(rows) - 1
        for r0, c0, r1, c1 in merges:
            if not (1 <= r0 <= r1 <= len(rows) and 1 <= c0 <= c1 <= self.ncols):
                raise ValueError(f"header merge {(r0, c0, r1, c1)} outside the header block")
            if (r0, c0) != (r1, c1):
                self.ws.merge_cells(
                    start_row=first + r0 - 1,
                    start_column=c0,
                    end_row=first + r1 - 1,
                    end_column=c1,
                )
        self._header_first, self._header_last = first, last
        self._next = last + 1
        return first, last

    def row(
        self,
        values: Sequence[object],
        *,
        fill: str | None = None,
        bold: bool = False,
        font_size: float | None = None,
        keep_with_next: bool = False,
    ) -> int:
        """A boxed body row; returns its sheet row number.

        Text goes through :func:`write_text`; numbers (int, float, Decimal) stay numbers
        with the column's number format; a non-number in a number column is text.
        ``keep_with_next`` (group headings such as 「一、…工作专班」) keeps the row on the
        same printed page as the row after it: no page break falls right after it.
        """
        ws = self.ws
        r = self._next
        size = float(font_size) if font_size else self.body_size
        key = (size, bool(bold), fill)
        protos = self._protos.get(key)
        if protos is None:
            font = _font(self.fonts.body, size, bold=bold)
            pattern = _fill(fill) if fill else None
            protos = []
            for c, col in enumerate(self.columns, start=1):
                cell = ws.cell(r, c)
                cell.font = font
                cell.border = _BOX
                horizontal = col.align
                cell.alignment = Alignment(
                    horizontal=horizontal, vertical="center", wrap_text=True,
                    indent=1 if horizontal == "left" else 0,
                )
                if pattern is not None:
                    cell.fill = pattern
                protos.append(_copy(cell._style))
            self._protos[key] = protos
        # Cells are made here rather than through ws.cell(): the style is the shared
        # prototype (one array copy, no style lookups) and plain text skips openpyxl's
        # type inference; both give exactly what ws.cell() + assignments give.
        cells = ws._cells
        plain = self._plain_text_cols
        n = len(values)
        for c, col in enumerate(self.columns, start=1):
            value = values[c - 1] if c <= n else None
            cell = cells.get((r, c))
            if cell is None:
                cell = cells[(r, c)] = _Cell(ws, row=r, column=c, style_array=protos[c - 1])
            else:
                cell._style = _copy(protos[c - 1])
            if plain[c - 1] and (value is None or type(value) is str):
                _set_text(cell, _clean_text(value))
            else:
                self._write_value(cell, col, value)
        if ws._current_row < r:
            ws._current_row = r
        self._body_rows.append(r)
        if keep_with_next:
            self._keep_rows.add(r)
        self._next += 1
        return r

    def _write_value(self, cell, col: Column, value: object) -> None:
        if col.kind == "text" or value is None or isinstance(value, bool):
            write_text(cell, value)
            if col.number_format:
                cell.number_format = col.number_format
            return
        if col.kind == "date" and isinstance(value, (_dt.date, _dt.datetime)):
            cell.value = value
            cell.number_format = col.number_format or 'yyyy"年"m"月"d"日"'
            return
        if isinstance(value, (int, float, Decimal)) and not (
            isinstance(value, float) and not math.isfinite(value)
        ):
            fmt = col.number_format
            if isinstance(value, Decimal):
                if not value.is_finite():
                    write_text(cell, value)
                    return
                places = _decimals_of(value)
                value = int(value) if value == value.to_integral_value() else float(value)
            else:
                places = 0 if isinstance(value, int) else None
            if fmt is None:
                if col.kind == "int":
                    fmt = number_format_for(0)
                elif col.kind == "percent":
                    fmt = number_format_for(places, percent=True)
                else:
                    fmt = "General" if places is None else number_format_for(places)
            cell.value = value
            cell.number_format = fmt
            return
        write_text(cell, value)

    def set_fill(self, row: int, color: str) -> None:
        """Fill the table cells of ``row`` (hex colour, e.g. "FFF9E5")."""
        pattern = _fill(color)
        for c in range(1, self.ncols + 1):
            self.ws.cell(row, c).fill = pattern

    def merge_down(self, col: int, first_row: int, last_row: int) -> None:
        """Merge column ``col`` over body rows ``first_row``..``last_row``, value at the top.

        Every covered cell keeps its border (all cells are boxed before the merge) and
        the value is centred vertically. The merge itself is made in :meth:`finish`:
        where a page break falls inside the block, it is split there and the value is
        repeated at the top of the continuation, as printed attachments do.
        """
        if last_row <= first_row:
            return
        top = self.ws.cell(first_row, col)
        if top.value is None:  # take the first non-empty value of the run
            for r in range(first_row + 1, last_row + 1):
                v = self.ws.cell(r, col)
                if v.value is not None:
                    _copy_value(v, top)
                    break
        for r in range(first_row, last_row + 1):
            cell = self.ws.cell(r, col)
            cell.border = _BOX
            set_alignment(cell, vertical="center")
        self._vmerges.append((col, first_row, last_row))

    def merge_across(self, row: int, first_col: int, last_col: int) -> None:
        """Merge body row ``row`` over columns ``first_col``..``last_col`` (e.g. 「合计」)."""
        if last_col <= first_col:
            return
        for c in range(first_col, last_col + 1):
            self.ws.cell(row, c).border = _BOX
        self.ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)

    def note(self, text: str) -> int:
        """A 注 line under the table, merged across, wrapped, no border."""
        r = self._merged_line(text, _font(self.fonts.body, SIZE_NOTE), "left")
        self._note_rows.append(r)
        return r

    # -- finishing -------------------------------------------------------------------

    def finish(self) -> None:
        """Widths, heights, page breaks and merges, title size, print setup, footer, freeze.

        Row heights are estimated for every row (openpyxl never fits them). Page breaks
        are placed from those heights, preferring boundaries that no vertical merge
        crosses; a merge that still crosses a break is split there, so every printed page
        shows its group and task texts and closes its table with a border. A break never
        follows a ``keep_with_next`` row: it moves before the row (a group heading starts
        the next page instead of ending this one).
        """
        if self._finished:
            return
        self._finished = True
        widths = self._column_widths()
        for c, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(c)].width = round(w, 2)
        px = [_width_px(w) for w in widths]
        self._fit_title(sum(px))
        scale = min(1.0, _printable_px(self.landscape) / _SLACK / max(1.0, sum(px)))
        pieces = list(self._vmerges)
        breaks: list[int] = []
        merged = _merge_spans(self.ws)  # the merges made so far (not the vertical ones)
        self._break_costs = self._boundary_costs()
        heights = self._row_heights(px, pieces, merged)
        for _ in range(4):  # heights depend on the pieces, the pieces on the breaks
            new_breaks = self._page_breaks(heights, scale)
            if new_breaks == breaks:
                break
            breaks = new_breaks
            new_pieces = _split(self._vmerges, breaks)
            if sorted(new_pieces) == sorted(pieces):
                break
            pieces = new_pieces
            heights = self._row_heights(px, pieces, merged)
        for r, h in heights.items():
            if r not in self._spacer_rows:
                self.ws.row_dimensions[r].height = h
        for col, first, last in pieces:
            source = self.ws.cell(next(m[1] for m in self._vmerges if m[0] == col and m[1] <= first <= m[2]), col)
            top = self.ws.cell(first, col)
            if top is not source:
                _copy_value(source, top)
            if last > first:
                self.ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)
        self.page_breaks = breaks
        # one assignment: RowBreak.append re-validates the whole list each time (quadratic)
        self.ws.row_breaks.brk = tuple(Break(id=r - 1) for r in breaks)
        self._page_setup()

    def _page_breaks(self, heights: dict[int, float], scale: float) -> list[int]:
        """First rows of the pages after the first, from the row heights (points)."""
        if self._header_first is None or not self._body_rows:
            return []
        margins_cm = _MARGIN_TOP_CM + _MARGIN_BOTTOM_CM
        paper_mm = 210.0 if self.landscape else 297.0  # the height of the page
        page_pt = paper_mm / 25.4 * 72 - margins_cm / 2.54 * 72
        capacity = page_pt * 0.985 / scale  # sheet points per printed page (heights are exact)
        header_pt = sum(heights[r] for r in range(self._header_first, self._header_last + 1))
        first_body = self._header_last + 1
        last = self._next - 1
        keep = self._keep_rows
        breaks: list[int] = []
        used = sum(heights[r] for r in range(1, first_body))
        start = first_body
        r = first_body
        while r <= last:
            h = heights[r]
            if used + h <= capacity or r == start:
                used += h
                r += 1
                continue
            # r does not fit: choose the best boundary in the last quarter of the page
            best, best_cost = r, self._crossings(r)
            floor = capacity * 0.75
            acc = used
            for b in range(r - 1, start, -1):
                acc -= heights[b]
                if acc < floor:
                    break
                cost = self._crossings(b)
                if cost < best_cost:
                    best, best_cost = b, cost
            # never right after a keep-with-next row (a group heading): break before it
            while best - 1 in keep and best - 1 > start:
                best -= 1
            breaks.append(best)
            start = best
            used = header_pt
            r = best
        return breaks

    def _boundary_costs(self) -> dict[int, int]:
        """How bad a page break before each row is (rows missing: 0); see :meth:`_crossings`."""
        costs: dict[int, int] = {}
        for _, first, last in self._vmerges:
            for b in range(first + 1, last + 1):
                costs[b] = costs.get(b, 0) + 1
        for r in self._note_rows:
            costs[r] = 100  # keep the 注 lines with the end of the table
        for r in self._keep_rows:
            costs[r + 1] = 1000  # a heading alone at the foot of a page
        return costs

    def _crossings(self, boundary: int) -> int:
        """How bad a page break before row ``boundary`` is: merges cut, notes orphaned,
        a keep-with-next row (group heading) parted from the row after it."""
        if self._break_costs is None:
            self._break_costs = self._boundary_costs()
        return self._break_costs.get(boundary, 0)

    def _column_widths(self) -> list[float]:
        """Excel widths of the columns.

        Each computed column has a natural width (its longest line on one line) and a
        minimum (the header up to six characters on one line, four characters, the
        longest unbreakable run of digits/Latin; a centred column of at most ten
        characters, such as 完成时限, is never squeezed). When the natural widths do not
        fit the A4 page, every column gets its minimum plus a share of the remaining room
        in proportion to how much it wanted beyond its minimum (the way browsers lay out
        tables): long text columns get the most, short columns stay on one line. When
        they fit, the spare room goes to the wrapped text columns so the table spans the
        page like the printed attachments.
        """
        budget_px = _printable_px(self.landscape)
        hs, bs = self.header_size, self.body_size
        natural: list[float] = []
        minimum: list[float] = []
        fixed: list[bool] = []
        volume: list[float] = []  # how much text a column holds per row, beyond its minimum
        covered = {
            (r, col) for col, first, last in self._vmerges for r in range(first + 1, last + 1)
        }
        header_texts = self._header_texts()
        for c, col in enumerate(self.columns, start=1):
            if col.width is not None:
                fixed.append(True)
                natural.append(_width_px(col.width))
                minimum.append(_width_px(col.width))
                volume.append(0.0)
                continue
            fixed.append(False)
            head_units = max((text_width(t) for t in header_texts.get(c, [])), default=0.0)
            body_units = 0.0
            longest_token = 0.0
            total_units = 0.0
            for r in self._body_rows:
                cell = self.ws.cell(r, c)
                if cell.value is None or _is_covered(self.ws, r, c) or (r, c) in covered:
                    continue
                size = float(cell.font.sz or bs) if cell.font else bs
                shown = _shown_text(cell)
                for line in shown.split("\n"):
                    body_units = max(body_units, text_width(line) * size / bs)
                    total_units += text_width(line) * size / bs
                for tok in re.findall(r"[A-Za-z0-9.,%()\-+/]+", shown):
                    longest_token = max(longest_token, text_width(tok) * size / bs)
            indent = col.align == "left"
            head_px = _px_for_units(head_units, hs, False)
            body_px = _px_for_units(body_units, bs, indent)
            floor_px = _px_for_units(2 * 2, bs, indent)
            nat = max(head_px, body_px, floor_px)
            natural.append(nat)
            head_min = head_px if head_units <= 12.5 else _px_for_units(6 * 2, hs, False)
            if col.align != "left" and body_units <= 20.5:
                body_min = body_px  # short centred values stay on one line
            else:
                body_min = _px_for_units(max(4 * 2, longest_token), bs, indent)
            minimum.append(min(nat, max(head_min, body_min)))
            mean_px = _px_for_units(total_units / max(1, len(self._body_rows)), bs, indent)
            volume.append(max(0.0, mean_px - minimum[-1]))
        widths = _distribute(natural, minimum, fixed, budget_px, volume)
        widths = self._spread_slack(widths, fixed, budget_px)
        return [max(1.0, (w - 5.0) / _MDW_PX) for w in widths]

    def _spread_slack(self, widths: list[float], fixed, budget_px: float) -> list[float]:
        """Official tables span the page: give unused width to the wrapped text columns."""
        total = sum(widths)
        if total >= budget_px * 0.97:
            return widths
        grow = [
            i
            for i, col in enumerate(self.columns)
            if not fixed[i] and col.kind == "text" and col.align == "left"
        ]
        if not grow:
            grow = [i for i in range(self.ncols) if not fixed[i]]
        if not grow:
            return widths
        slack = budget_px * 0.97 - total
        base = sum(widths[i] for i in grow) or 1.0
        return [w + (slack * w / base if i in grow else 0.0) for i, w in enumerate(widths)]

    def _header_texts(self) -> dict[int, list[str]]:
        texts: dict[int, list[str]] = {}
        if self._header_first is None:
            for c, col in enumerate(self.columns, start=1):
                texts[c] = [col.header]
            return texts
        spans = _merge_spans(self.ws)
        for r in range(self._header_first, self._header_last + 1):
            for c in range(1, self.ncols + 1):
                span = spans.get((r, c))
                if span is not None and span[1] != span[3]:
                    continue  # a header spanning columns does not size one column
                v = self.ws.cell(r, c).value
                if v is not None:
                    texts.setdefault(c, []).extend(str(v).split("\n"))
        return texts

    def _fit_title(self, table_px: float) -> None:
        for r in self._title_rows:
            cell = self.ws.cell(r, 1)
            text = _clean_text(cell.value)
            need = max((text_width(line) for line in text.split("\n")), default=0)
            size = SIZE_TITLE
            if need * _px_per_unit(SIZE_TITLE) + 20 > table_px:
                size = SIZE_TITLE_LONG
            font = _font(self.fonts.title, size)
            for c in range(1, self.ncols + 1):
                self.ws.cell(r, c).font = font

    def _row_heights(self, px: list[float], pieces, merged=None) -> dict[int, float]:
        """Points per row: the longest wrapped cell, merged blocks spread over their rows.

        Reads the cells straight from the worksheet's cell table and their style arrays
        (font size, wrap and indent looked up once per font/alignment pair), so report
        modules may still restyle cells after :meth:`row`; the line count of each distinct
        (text, width, size, indent) is computed once.
        """
        ws = self.ws
        wb = ws.parent
        cells = ws._cells
        spans = dict(_merge_spans(ws) if merged is None else merged)
        for col, first, last in pieces:
            for r in range(first, last + 1):
                spans[(r, col)] = (first, col, last, col)
        vtops: dict[tuple[int, int], int] = {}  # (row, col) inside a vertical merge → its first row
        for col, first, end in self._vmerges:
            for r in range(first, end + 1):
                vtops.setdefault((r, col), first)
        fonts, aligns = wb._fonts, wb._alignments
        looks: dict[tuple[int, int], tuple[float, bool, bool]] = {}  # (fontId, alignmentId) → size, wrap, indent
        measured = self._measured
        body_size = self.body_size
        title_rows, label_rows = set(self._title_rows), set(self._label_rows)
        needs: dict[int, float] = {}
        multi: list[tuple[int, int, float]] = []  # (first_row, last_row, points needed)
        last = self._next - 1
        ncols = self.ncols
        for r in range(1, last + 1):
            need = _MIN_ROW_HEIGHT
            for c in range(1, ncols + 1):
                span = spans.get((r, c))
                if span is not None and (span[0] != r or span[1] != c):
                    continue  # covered by a merge
                cell = cells.get((r, c))
                if cell is None:
                    cell = ws.cell(r, c)  # the cell table stays as ws.cell() would leave it
                value_cell = cell
                value = cell._value
                if value is None and span is not None and span[1] == span[3]:
                    # the top of a split piece shows the value of its block
                    first = vtops.get((r, c))
                    if first is not None:
                        value_cell = ws.cell(first, c)
                        value = value_cell._value
                if value is None:
                    continue
                r1, c1 = (span[2], span[3]) if span else (r, c)
                width = px[c - 1] if c1 == c else sum(px[c - 1 : c1])
                style = cell._style
                look_key = (style[0], style[5]) if style is not None else (0, 0)
                look = looks.get(look_key)
                if look is None:
                    font, align = fonts[look_key[0]], aligns[look_key[1]]
                    look = looks[look_key] = (
                        float(font.sz or body_size),
                        bool(align.wrap_text),
                        bool(align.indent),
                    )
                size, wrap, indent = look
                text = value if type(value) is str else _shown_text(value_cell)
                mkey = (text, width, size, wrap, indent)
                height = measured.get(mkey)
                if height is None:
                    if not wrap:
                        lines = text.count("\n") + 1
                    else:
                        lines = lines_needed(text, width, size, indent=indent)
                    height = measured[mkey] = row_height_for(lines, size)
                if r in title_rows:
                    height = max(height, size * 1.3 + 7)  # room above and below the title
                elif r in label_rows:
                    height = max(height, size * 1.4)
                if r1 == r:
                    if height > need:
                        need = height
                else:
                    multi.append((r, r1, height))
            needs[r] = need
        # a vertical merge gets at least its content's height, spread over its rows
        for r0, r1, height in sorted(multi, key=lambda m: m[1] - m[0]):
            have = sum(needs[r] for r in range(r0, r1 + 1))
            if have < height:
                extra = (height - have) / (r1 - r0 + 1)
                for r in range(r0, r1 + 1):
                    needs[r] += extra
        return {r: round(min(_MAX_ROW_HEIGHT, h), 1) for r, h in needs.items()}

    def _page_setup(self) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if self.landscape else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(
            left=_MARGIN_LR_CM / 2.54,
            right=_MARGIN_LR_CM / 2.54,
            top=_MARGIN_TOP_CM / 2.54,
            bottom=_MARGIN_BOTTOM_CM / 2.54,
            header=_MARGIN_HEADER_CM / 2.54,
            footer=_MARGIN_FOOTER_CM / 2.54,
        )
        ws.oddFooter.center.text = FOOTER_TEXT
        ws.oddFooter.center.font = f"{FONT_BODY_FALLBACK},Regular"
        ws.oddFooter.center.size = 12
        last_col = get_column_letter(self.ncols)
        ws.print_area = f"A1:{last_col}{max(1, self._next - 1)}"
        if self._header_first is not None:
            ws.print_title_rows = f"{self._header_first}:{self._header_last}"
            ws.freeze_panes = f"A{self._header_last + 1}"
        ws.sheet_view.zoomScale = 100


# --- module helpers ---------------------------------------------------------------------


def _fill(color: str) -> PatternFill:
    color = color.lstrip("#").upper()
    if len(color) == 6:
        color = "FF" + color
    return PatternFill(fill_type="solid", fgColor=color, bgColor=color)


def _width_px(width: float) -> float:
    return math.floor(width * _MDW_PX + 5.0)


def _distribute(natural, minimum, fixed, budget: float, volume=None) -> list[float]:
    """Fit the columns to ``budget`` px: minimum widths plus a share of the room left.

    The share follows how much text a column holds per row beyond its minimum
    (``volume``; falls back to natural - minimum), so the columns that make rows tall
    get the width; no column gets more than its natural width, and what a capped column
    does not need goes to the others.
    """
    n = len(natural)
    if sum(natural) <= budget:
        return list(natural)
    widths = list(minimum)
    room = budget - sum(minimum)
    if room <= 0:
        return widths
    want = [0.0 if fixed[i] else (volume[i] if volume else natural[i] - minimum[i]) for i in range(n)]
    if sum(want) <= 0:
        want = [0.0 if fixed[i] else natural[i] - minimum[i] for i in range(n)]
    open_cols = {i for i in range(n) if want[i] > 0 and widths[i] < natural[i]}
    while room > 0.5 and open_cols:
        total = sum(want[i] for i in open_cols)
        if total <= 0:
            break
        capped = set()
        given = 0.0
        for i in open_cols:
            add = room * want[i] / total
            if widths[i] + add >= natural[i]:
                add = natural[i] - widths[i]
                capped.add(i)
            widths[i] += add
            given += add
        room -= given
        if not capped:
            break
        open_cols -= capped
    if room > 0.5:  # everything with text is at its natural width: spread the rest
        grow = [i for i in range(n) if not fixed[i] and widths[i] < natural[i]]
        for i in grow:
            widths[i] += room / len(grow)
    return widths


def set_alignment(cell, **changes) -> None:
    """Change some alignment attributes of ``cell`` and keep the others."""
    a = cell.alignment
    values = {
        "horizontal": a.horizontal,
        "vertical": a.vertical,
        "wrap_text": a.wrap_text,
        "indent": a.indent,
        "shrink_to_fit": a.shrink_to_fit,
        "text_rotation": a.text_rotation,
    }
    values.update(changes)
    cell.alignment = Alignment(**values)


def _copy_value(source, target) -> None:
    target.value = source.value
    target.number_format = source.number_format
    target.data_type = source.data_type
    target.quotePrefix = source.quotePrefix


def _split(merges, breaks: list[int]) -> list[tuple[int, int, int]]:
    """Cut vertical merges (col, first, last) at the page breaks (first rows of pages)."""
    pieces = []
    for col, first, last in merges:
        start = first
        for b in breaks:
            if start < b <= last:
                pieces.append((col, start, b - 1))
                start = b
        pieces.append((col, start, last))
    return pieces


def _merge_spans(ws) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for rng in ws.merged_cells.ranges:
        box = (rng.min_row, rng.min_col, rng.max_row, rng.max_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                spans[(r, c)] = box
    return spans


def _is_covered(ws, row: int, col: int) -> bool:
    return type(ws.cell(row, col)).__name__ == "MergedCell"


def _shown_text(cell) -> str:
    """Roughly what the cell displays (numbers with their decimals)."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, bool) or not isinstance(v, (int, float, Decimal)):
        return str(v)
    fmt = cell.number_format or "General"
    m = re.search(r"0\.(0+)", fmt)
    text = f"{v:,.{len(m.group(1))}f}" if m else (f"{v:,}" if "#,##" in fmt else str(v))
    if "%" in fmt:
        text += "%"
    return text


# --- saving -----------------------------------------------------------------------------


class ReportWriteError(UserError):
    """The spreadsheet could not be written; the message says which file and what to do."""


def _ordinary_mode(file_name: str) -> None:
    """The mode a new file would get (mkstemp makes it owner-only): others on the PC can open it."""
    if os.name != "posix":
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(file_name, 0o666 & ~umask)


def save_atomic(wb, path: pathlib.Path) -> pathlib.Path:
    """Save ``wb`` to ``path`` through a temp file in the same folder and ``os.replace``.

    Either the complete new file is there afterwards, or the old one is untouched and
    no temp file is left; failures raise :class:`ReportWriteError` with a Chinese message.
    """
    path = pathlib.Path(path)
    folder = path.parent if str(path.parent) else pathlib.Path(".")
    name = path.name
    if not folder.is_dir():
        raise ReportWriteError(
            f"无法保存“{name}”：文件夹“{folder}”不存在。请先创建该文件夹或另选保存位置。"
        )
    if path.is_dir():
        raise ReportWriteError(f"无法保存“{name}”：“{path}”是一个文件夹。请换一个文件名。")
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
        raise ReportWriteError(
            f"无法保存“{name}”：原文件是只读的。请去掉该文件的只读属性，或另存为其他文件名。"
        )
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".~{path.stem[:40]}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            wb.save(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _ordinary_mode(tmp_name)
        os.replace(tmp_name, path)
        tmp_name = None
    except PermissionError as exc:
        raise ReportWriteError(
            f"无法保存“{name}”：文件被占用或没有写入权限（{folder}）。"
            "如果它正在 Excel 或 WPS 中打开，请先关闭后再导出，或另存为其他文件名。"
        ) from exc
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise ReportWriteError(
                f"无法保存“{name}”：磁盘空间不足。请清理磁盘或换到其他磁盘后重新导出。"
            ) from exc
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise ReportWriteError(
                f"无法保存“{name}”：没有写入“{folder}”的权限。请另选保存位置。"
            ) from exc
        raise ReportWriteError(
            f"无法保存“{name}”：{exc.strerror or exc}。请检查保存位置后重试。"
        ) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return path
