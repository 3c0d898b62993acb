"""Reading a returned workbook in whatever layout the department made it.

About forty departments send back Excel files: some on the bureau's template, many on
their own copy of last year's table with a title, a 填报单位 line, a two-row merged
header, a unit column and a 填报人 line at the bottom; some with the periods down the
rows; some with the data on the second sheet. ``understand`` finds the table on every
visible sheet, works out which column holds the indicator names and which the values of
which period, and turns each cell into an ``ExtractedValue`` — or says exactly why it
could not (``Refusal``, ``NotUnderstood``), because a value written to the wrong
indicator, period or magnitude is worse than one the clerk is asked about.

Detection, per sheet
--------------------
1. Rows that are not the table: blank rows, titles (one text across the row), 附件/
   填报单位/填报日期/「单位：万元」 lines above, 注/填报人/联系电话/审核人 lines below
   (the table ends at the first of those).
2. The header: among the first 40 rows, the row with most cells that read as headings
   (``headers.classify_header``; at least 2; a row naming an indicator is data, numbers
   other than years count against). It grows up to the top of vertical merges covering
   it and to a heading-only row above, and down over merges starting in it and
   heading-only rows below (at most 4 rows). Each column's heading texts, top down, are
   combined into one meaning (``headers.combine``): 2023年 | 目标 is derived and skipped,
   2023年 | 完成 holds 2023 values. A 2023年 typed over two columns without merging
   counts for both.
3. Task-progress sheets: a 任务 column plus a 进展/问题/下步/进度/状态 column (or a
   完成情况 column of prose) → rows are matched to plan tasks by number and title
   (unless no row names a task while some name indicators).
4. Otherwise every text cell (first 300 rows) is matched against the plan's indicators.
   The column with most matches holds the names; when a row has more matches than any
   column (and at least two), the sheet is transposed: names across, periods (or
   完成值/目标 labels) down the column with most period-like labels. Without any header,
   a single column of numbers beside the names is read as the values.
5. Values: period headings (2023年, 2023年完成值, 2023年1-6月, 2023年6月) give their
   period; generic ones (完成情况, 实际完成, 完成值, 目前完成数) take ``period``, else the
   single period in the title or the sheet name, else the column is refused; a heading
   without a year (1-6月, 上半年) takes only the year from there.

The mapping given by hand
-------------------------
``mapping`` overrides detection per column: keys are a column letter (``"C"``), a header
text (``"指标名称"``, compared without spaces and width) or either behind a sheet name
(``"Sheet2!C"``); values are ``name``, ``value`` (the import's period), ``value:<period>``
(``value:2023``, ``value:2023-06``, ``value:2023年上半年``), ``unit``, ``note`` or
``ignore``. One to three ASCII letters are always a column letter (``c`` = ``C``); a header
text matches a column whose heading, or one of its header rows, or the rows joined with
``|`` (``2023年|完成``), is that text. The key ``header`` (``表头``) with ``"3"`` or
``"3-4"`` fixes the header rows.
A mapped name column forces the normal (names down) layout; a mapped value column
replaces a detected column of the same period.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from desktop.domain._text import squash, to_halfwidth
from desktop.domain.intake.extraction import (
    CatalogIndicator,
    ExtractedProgress,
    ExtractedValue,
    Extraction,
    NotUnderstood,
    PlanCatalog,
    Refusal,
    Warning,
)
from desktop.domain.intake.grid import CellValue, SheetGrid, WorkbookGrid, a1, cell_text, plain
from desktop.domain.intake.headers import (
    TASK_SIDE_ROLES,
    UNKNOWN,
    HeaderMeaning,
    Role,
    classify_header,
    combine,
    find_periods,
)
from desktop.domain.intake.matching import (
    DEFAULT_THRESHOLD,
    indicator_acceptor,
    match_indicator,
    match_task,
    normalise_name,
)
from desktop.domain.intake.measure import (
    UnitMismatch,
    clean_unit_text,
    convert,
    is_percent_format,
    parse_unit,
    same_kind,
    unit_in_brackets,
)
from desktop.domain.periods import Period, PeriodError, PeriodKind
from desktop.domain.unit_names import UnitDirectory
from desktop.domain.values import BLANK_MARKERS, ValueParseError, parse_value

HEADER_SEARCH_ROWS = 40
"""The header is looked for in this many rows from the top."""

DETECTION_ROWS = 300
"""Rows below the header scanned to find the name column; every row is read afterwards."""

MAX_HEADER_ROWS = 4
"""A header is at most this many rows deep."""

_FOOTER = re.compile(
    r"^(?:填报人|填表人|制表人|联系人|联系电话|电话|审核人|审核|单位负责人|统计负责人|负责人|分管领导|报出日期|"
    r"注[:：\d一]|说明[:：]|备注[:：]|填报说明|签字|盖章)"
)
_PREAMBLE = re.compile(r"^(?:附件\s*\d*\s*[:：]?$|填报单位|报送单位|填表单位|报告单位|填报日期|报送日期|填报时间|(?:金额|计量)?单位[:：])")
_SENDER = re.compile(r"(?:填报|报送|填表|报告)单位\s*(?:[(（]\s*(?:盖章|公章|签章|盖公章)\s*[)）])?\s*[:：]\s*(.*)")
_SENDER_END = re.compile(r"\s{2,}|(?:金额|计量)?单位[:：]|填报日期|日期[:：]|联系|填报人|填表人")
_SHEET_UNIT = re.compile(r"(?<![报送表任头办合告])(?:(?:金额|计量)单位|单位)\s*[:：]\s*([^\s，,;；]+)")
_SEAL = re.compile(r"[(（]\s*(?:盖章|公章|签章|盖公章|印章)\s*[)）]")
_CITY_PREFIX = re.compile(r"^.{2,4}?市(.+)$")
_TOTAL = frozenset({"合计", "小计", "总计", "共计", "合计数"})

_STATUS_WORDS: dict[str, str] = {
    "已完成": "已完成",
    "完成": "已完成",
    "全部完成": "已完成",
    "已办结": "已完成",
    "办结": "已完成",
    "推进中": "推进中",
    "序时推进": "推进中",
    "正在推进": "推进中",
    "进行中": "推进中",
    "正在进行": "推进中",
    "按期推进": "推进中",
    "按计划推进": "推进中",
    "正常推进": "推进中",
    "持续推进": "推进中",
    "有序推进": "推进中",
    "稳步推进": "推进中",
    "滞后": "滞后",
    "进度滞后": "滞后",
    "滞后推进": "滞后",
    "延期": "滞后",
    "未按期完成": "滞后",
    "未启动": "未启动",
    "未开始": "未启动",
    "尚未启动": "未启动",
    "暂未启动": "未启动",
}
"""Status words as departments write them → the four statuses the app knows."""


class MappingError(ValueError):
    """A hand-written column mapping that cannot be read; the message says what is wrong."""


# -- the mapping --------------------------------------------------------------------------

_ROLES = ("name", "value", "unit", "note", "ignore")
_LETTERS = re.compile(r"^[A-Za-z]{1,3}$")


@dataclass(frozen=True)
class ColumnRule:
    """One entry of a hand-written mapping (see the module docstring for the syntax)."""

    key: str  # as written, for messages
    sheet: str | None
    column: int | None  # 1-based, when given as a letter
    header: str | None  # heading text, squashed and case-folded, when given as text
    role: str  # name | value | unit | note | ignore
    period: str | None  # canonical, for value:<period>


@dataclass(frozen=True)
class ColumnMapping:
    rules: tuple[ColumnRule, ...] = ()
    header_rows: tuple[tuple[str | None, int, int], ...] = ()  # (sheet, first, last)

    def for_sheet(self, sheet: str) -> tuple[list[tuple[int, ColumnRule]], tuple[int, int] | None]:
        """The rules that apply to ``sheet`` (with their index) and its header rows, if fixed."""
        rules = [(index, rule) for index, rule in enumerate(self.rules) if rule.sheet in (None, sheet)]
        rows = next(((first, last) for name, first, last in self.header_rows if name == sheet), None)
        if rows is None:
            rows = next(((first, last) for name, first, last in self.header_rows if name is None), None)
        return rules, rows


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _letter(col: int) -> str:
    return a1(1, col)[:-1]


def parse_mapping(mapping: Mapping[str, str] | None) -> ColumnMapping:
    """Read a hand-written mapping; raise ``MappingError`` (Chinese) for anything unclear."""
    if not mapping:
        return ColumnMapping()
    rules: list[ColumnRule] = []
    header_rows: list[tuple[str | None, int, int]] = []
    for key, target in mapping.items():
        sheet: str | None = None
        where = key.strip()
        if "!" in where:
            sheet, where = where.rsplit("!", 1)
            sheet = sheet.strip().strip("'") or None
            where = where.strip()
        if not where:
            raise MappingError(f"映射“{key}”没有写明列：请写列字母（如 C）或表头文字（如 指标名称）")
        spec = squash(str(target))
        if where.casefold() in ("header", "表头"):
            rows = re.fullmatch(r"(\d{1,3})(?:[-~至](\d{1,3}))?", spec)
            if rows is None:
                raise MappingError(f"映射“{key}”的表头行“{target}”无法识别：请写 3 或 3-4")
            first, last = int(rows[1]), int(rows[2] or rows[1])
            if first < 1 or last < first:
                raise MappingError(f"映射“{key}”的表头行“{target}”无效")
            header_rows.append((sheet, first, last))
            continue
        role, _, period_text = spec.partition(":") if ":" in spec else spec.partition("：")
        role = role.casefold()
        if role not in _ROLES:
            raise MappingError(f"映射“{key}: {target}”的用途无法识别：只能是 name、value、value:期间、unit、note 或 ignore")
        period: str | None = None
        if period_text:
            if role != "value":
                raise MappingError(f"映射“{key}: {target}”：只有 value 可以带期间")
            try:
                period = str(Period.parse(period_text))
            except PeriodError as error:
                raise MappingError(f"映射“{key}: {target}”的期间无法识别：{error}") from error
        if _LETTERS.match(where):
            rules.append(ColumnRule(key, sheet, _column_number(where), None, role, period))
        else:
            rules.append(ColumnRule(key, sheet, None, squash(where).casefold(), role, period))
    names = Counter(rule.sheet for rule in rules if rule.role == "name")
    for sheet, count in names.items():
        if count > 1:
            where = f"工作表“{sheet}”" if sheet else "同一工作表"
            raise MappingError(f"映射为{where}指定了 {count} 个指标名称列，只能指定一个")
    return ColumnMapping(tuple(rules), tuple(header_rows))


# -- cells --------------------------------------------------------------------------------


def _is_number(value: CellValue) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _is_year_number(value: CellValue) -> bool:
    return _is_number(value) and float(value) == int(float(value)) and 1900 <= float(value) <= 2100  # type: ignore[arg-type]


def _plain(value: Decimal) -> str:
    """A Decimal for a message: 3.0200 → 3.02, 50 stays 50 (never 5E+1)."""
    return format(value.normalize(), "f")


_LONGEST_MARKER = max(len(marker) for marker in BLANK_MARKERS)


def _blank_marker(text: str) -> bool:
    if len(text) > _LONGEST_MARKER and len("".join(text.split())) > _LONGEST_MARKER:
        return False  # squash only drops whitespace: still longer than any marker
    return _short_blank_marker(text)


@lru_cache(maxsize=4096)
def _short_blank_marker(text: str) -> bool:
    """``_blank_marker`` of a short text: the unit column repeats a handful of them on every row."""
    return squash(text).upper() in BLANK_MARKERS


_PREAMBLE_FIRST = frozenset("附填报金计单")
"""First characters of every ``_PREAMBLE`` pattern: a cell starting otherwise cannot match it."""
_FOOTER_FIRST = frozenset("填制联电审单统负分报注说备签盖")
"""First characters of every ``_FOOTER`` pattern."""


def _row_texts(values: Sequence[object]) -> list[str]:
    """``cell_text`` of every cell of a row, from the stored values (the usual kinds inline)."""
    out: list[str] = []
    append = out.append
    for value in values:
        kind = type(value)
        if value is None:
            append("")
        elif kind is str:
            append(value.strip())  # type: ignore[union-attr]
        elif kind is float:
            append(str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value))  # type: ignore[union-attr, arg-type, call-overload]
        elif kind is int:
            append(str(value))
        else:
            append(cell_text(value))  # type: ignore[arg-type]
    return out


class _View:
    """One sheet with its texts cached and merged cells resolved to their top-left cell.

    A row's texts and its list of non-empty cells are worked out the first time the row is
    looked at, once: a 100,000-row sheet is walked several times (header, footer, data).
    """

    def __init__(self, sheet: SheetGrid) -> None:
        self.sheet = sheet
        self.name = sheet.name
        self.max_row = sheet.max_row
        self.max_col = sheet.max_col
        self._rows = sheet.values
        self._texts: list[list[str] | None] = [None] * len(sheet.values)
        self._own: list[list[tuple[int, str]] | None] = [None] * len(sheet.values)
        self._uncomputed = frozenset(sheet.formulas_without_value)
        self._origin: dict[tuple[int, int], tuple[int, int]] = {}
        self._span: dict[tuple[int, int], tuple[int, int]] = {}
        for first_row, first_col, last_row, last_col in sheet.merged:
            self._span[(first_row, first_col)] = (last_row, last_col)
            for row in range(first_row, last_row + 1):
                for col in range(first_col, last_col + 1):
                    if (row, col) != (first_row, first_col):
                        self._origin[(row, col)] = (first_row, first_col)

    def _row(self, row: int) -> list[str]:
        texts = self._texts[row - 1]
        if texts is None:
            texts = self._texts[row - 1] = _row_texts(self._rows[row - 1])
        return texts

    def raw(self, row: int, col: int) -> CellValue:
        """The cell's value as ``SheetGrid.cell`` gives it (made plain), without building the cell."""
        if 1 <= row <= len(self._rows):
            values = self._rows[row - 1]
            if 1 <= col <= len(values):
                return plain(values[col - 1])
        return None

    def number_format(self, row: int, col: int) -> str | None:
        """The format ``SheetGrid.cell`` gives a cell inside the grid."""
        return self.sheet.formats.get((row, col), self.sheet.default_format)

    def text(self, row: int, col: int) -> str:
        """The cell's own text ('' for the covered part of a merge)."""
        if 1 <= row <= len(self._texts):
            texts = self._texts[row - 1]
            if texts is None:  # one cell of a data row: no need for the whole row's texts
                values = self._rows[row - 1]
                if not 1 <= col <= len(values):
                    return ""
                value = values[col - 1]
                kind = type(value)
                if kind is str:  # a name, unit or note: as _row_texts reads it
                    return value.strip()  # type: ignore[union-attr]
                if kind is float:  # a figure: as _row_texts reads it, without building a list
                    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)  # type: ignore[union-attr, arg-type, call-overload]
                return "" if value is None else _row_texts((value,))[0]
            if 1 <= col <= len(texts):
                return texts[col - 1]
        return ""

    def filled(self, row: int, col: int) -> str:
        """The text shown at the cell: a merged block shows its top-left text everywhere."""
        if self._origin:
            return self.text(*self._origin.get((row, col), (row, col)))
        return self.text(row, col)

    def covered(self, row: int, col: int) -> bool:
        return (row, col) in self._origin

    def has_value(self, row: int, col: int) -> bool:
        """Something to read: a non-empty own cell, or a formula whose result was not saved."""
        if self._origin and (row, col) in self._origin:  # covered by a merge
            return False
        if self.text(row, col):
            return True
        return bool(self._uncomputed) and a1(row, col) in self._uncomputed

    def origin(self, row: int, col: int) -> tuple[int, int]:
        return self._origin.get((row, col), (row, col))

    def width(self, row: int, col: int) -> int:
        last = self._span.get((row, col))
        return 1 if last is None else last[1] - col + 1

    def own_cells(self, row: int) -> list[tuple[int, str]]:
        """The non-empty cells of a row with their own text, left to right (do not change the list)."""
        if not 1 <= row <= len(self._own):
            return []
        cells = self._own[row - 1]
        if cells is None:
            cells = self._own[row - 1] = [(col, text) for col, text in enumerate(self._row(row), start=1) if text]
        return cells

    def word_cells(self, row: int) -> list[tuple[int, str]]:
        """``own_cells`` without the numbers (cells whose text is a plain number such as 12 or
        3.5, which ``_Context.hit`` never takes for a name), worked out without the text of
        every number: most cells of a data row are numbers."""
        if not 1 <= row <= len(self._own):
            return []
        cells = self._own[row - 1]
        if cells is not None:
            return cells
        out: list[tuple[int, str]] = []
        for col, value in enumerate(self._rows[row - 1], start=1):
            kind = type(value)
            if value is None or kind is int:
                continue  # an int's text is always a plain number
            if kind is str:
                text = value.strip()  # type: ignore[union-attr]
            elif kind is float and (value == 0 or 1e-4 <= abs(value) < 1e15):  # type: ignore[operator, arg-type]
                continue  # read as its whole number, or as repr gives it without an exponent
            else:
                text = _row_texts((value,))[0]
            if text:
                out.append((col, text))
        return out

    def blank(self, row: int) -> bool:
        if not 1 <= row <= len(self._own):
            return True
        if self._own[row - 1] is not None:
            return not self._own[row - 1]
        for value in self._rows[row - 1]:  # without the row's texts: any value with text
            if value is not None and (type(value) is not str or value.strip()):  # type: ignore[union-attr]
                return False
        return True

    def footer(self, row: int) -> bool:
        if 1 <= row <= len(self._own) and self._own[row - 1] is None:
            for value in self._rows[row - 1]:  # the first cell with text, without the row's texts
                if value is None:
                    continue
                if type(value) is not str:
                    return False  # a number, date or 是/否: not a footer word
                text = value.strip()  # type: ignore[union-attr]
                if text:
                    return text[0] in _FOOTER_FIRST and _FOOTER.match(squash(text)) is not None
            return False
        cells = self.own_cells(row)
        return bool(cells) and cells[0][1][0] in _FOOTER_FIRST and _FOOTER.match(squash(cells[0][1])) is not None

    def preamble(self, row: int) -> bool:
        if 1 <= row <= len(self._own) and self._own[row - 1] is None:
            # only texts can be a 填报单位/日期 line: look at the row's strings as they are
            for value in self._rows[row - 1]:
                if type(value) is str:
                    text = value.strip()  # type: ignore[union-attr]
                    if text and text[0] in _PREAMBLE_FIRST and _PREAMBLE.match(squash(text)):
                        return True
            return False
        for _, text in self.own_cells(row):
            if text[0] in _PREAMBLE_FIRST and _PREAMBLE.match(squash(text)):
                return True
        return False

    def filled_not_preamble(self, row: int) -> bool:
        """``not blank(row) and not preamble(row)``, in one look at the row's values."""
        if not 1 <= row <= len(self._own) or self._own[row - 1] is not None:
            return not self.blank(row) and not self.preamble(row)
        filled = False
        for value in self._rows[row - 1]:
            if value is None:
                continue
            if type(value) is not str:
                filled = True
                continue
            text = value.strip()  # type: ignore[union-attr]
            if text:
                filled = True
                if text[0] in _PREAMBLE_FIRST and _PREAMBLE.match(squash(text)):
                    return False
        return filled

    def mentions(self, row: int, word: str) -> bool:
        """Whether any text cell of the row contains ``word`` (a cheap first look)."""
        if not 1 <= row <= len(self._rows):
            return False
        for value in self._rows[row - 1]:
            if type(value) is str and word in value:  # type: ignore[operator]
                return True
        return False

    def title(self, row: int) -> bool:
        """A single text across the row that is long, ends in 表, or spans half the width."""
        cells = self.own_cells(row)
        if len(cells) != 1:
            return False
        col, text = cells[0]
        folded = squash(text)
        width = self.width(row, col)
        return len(folded) >= 10 or folded.endswith("表") or (width >= 2 and width * 2 >= self.max_col)


# -- the reader ---------------------------------------------------------------------------


@dataclass
class _Output:
    values: list[ExtractedValue] = field(default_factory=list)
    progress: list[ExtractedProgress] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    not_understood: list[NotUnderstood] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    senders: list[tuple[str, str, str]] = field(default_factory=list)  # (written, sheet, cell)


@dataclass
class _Context:
    catalog: PlanCatalog
    threshold: float
    period: str | None
    mapping: ColumnMapping
    out: _Output
    used_rules: set[int] = field(default_factory=set)
    _names: dict[str, tuple[CatalogIndicator | None, float, CatalogIndicator | None]] = field(default_factory=dict)
    _acceptor: Callable[[str], CatalogIndicator | None] | None = None  # accept_indicator for this catalog
    _hits: dict[str, CatalogIndicator | None] | None = None  # hit's answers (_detection_memo)

    def match(self, text: str) -> tuple[CatalogIndicator | None, float, CatalogIndicator | None]:
        """``match_indicator`` with a cache: a sheet repeats names across detection passes."""
        found = self._names.get(text)
        if found is None:
            found = match_indicator(text, self.catalog, self.threshold)
            self._names[text] = found
        return found

    def accept(self, text: str) -> CatalogIndicator | None:
        """``self.match(text)[0]``, without the best guess of a name that matches nothing."""
        found = self._names.get(text)
        if found is not None:
            return found[0]
        if self._hits is not None:
            # an indicator that hit found for the text is accept's answer (hit asks accept);
            # its None may only mean the text was never asked
            indicator = self._hits.get(text)
            if indicator is not None:
                return indicator  # type: ignore[return-value]
        if self._acceptor is None:
            self._acceptor = indicator_acceptor(self.catalog, self.threshold)
        return self._acceptor(text)

    def hit(self, text: str) -> CatalogIndicator | None:
        """The indicator a cell names, for detection (numbers and one-character texts never do)."""
        memo = self._hits
        if memo is None:
            memo = self._hits = _detection_memo(self.catalog, self.threshold)
        found = memo.get(text, _UNSEEN)
        if found is _UNSEEN:
            if not text or len(text) > 60 or _looks_numeric(text) or len(normalise_name(text)) < 2:
                found = None
            else:
                found = self.accept(text)
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[text] = found
        return found  # type: ignore[return-value]


_UNSEEN = object()
_MEMO_LIMIT = 100_000
_DETECTION_MEMOS: dict[tuple[int, float], tuple[weakref.ref[PlanCatalog], dict[str, CatalogIndicator | None]]] = {}


def _detection_memo(catalog: PlanCatalog, threshold: float) -> dict[str, CatalogIndicator | None]:
    """What ``_Context.hit`` answered for each text, kept while the catalog lives: the files of
    one import share their catalog, and forty department files name the same indicators, units
    and remarks again and again."""
    key = (id(catalog), threshold)
    entry = _DETECTION_MEMOS.get(key)
    if entry is not None and entry[0]() is catalog:
        return entry[1]
    memo: dict[str, CatalogIndicator | None] = {}
    _DETECTION_MEMOS[key] = (weakref.ref(catalog, lambda _ref, key=key: _DETECTION_MEMOS.pop(key, None)), memo)
    return memo


_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?%?")
"""What a number cell reads as (``cell_text``), or a percentage typed as text (95.3%, a 完成率
column); ``parse_value`` always accepts both."""


@lru_cache(maxsize=65536)
def _looks_numeric(text: str) -> bool:
    if _PLAIN_NUMBER.fullmatch(text) is not None:
        return True
    try:
        parse_value(text)
    except ValueParseError:
        return False
    return True


def understand(
    grid: WorkbookGrid,
    catalog: PlanCatalog,
    *,
    period: str | None = None,
    unit: str | None = None,
    units: UnitDirectory | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Extraction:
    """Read every visible sheet of a returned workbook against the plan's catalog.

    ``period`` is the period of this collection round (any spelling ``Period.parse``
    reads), used for generic value columns and as the month of task progress; ``unit`` is
    the sending unit when the file does not name one (a 填报单位 line resolved through
    ``units`` wins); ``mapping`` overrides the column detection (module docstring).
    Raises ``PeriodError`` for an unreadable ``period`` and ``MappingError`` for an
    unreadable mapping — both are the caller's input, not the department's.
    """
    canonical_period = str(Period.parse(period)) if period else None
    ctx = _Context(catalog, DEFAULT_THRESHOLD, canonical_period, parse_mapping(mapping), _Output())
    for sheet in grid.sheets:
        if sheet.state != "visible":
            ctx.out.notes.append(f"工作表“{sheet.name}”是隐藏工作表，未读取")
            continue
        _read_sheet(_View(sheet), ctx)
    for index, rule in enumerate(ctx.mapping.rules):
        if index not in ctx.used_rules:
            ctx.out.notes.append(f"映射“{rule.key}”在文件中没有找到对应的列，未使用")
    if not grid.sheets:
        ctx.out.notes.append("文件中没有工作表")
    values = _resolve_duplicates(ctx.out)
    sender = _sending_unit(ctx.out, unit, units)
    periods = {value.period for value in values} | {item.period for item in ctx.out.progress}
    extraction_period = canonical_period or (next(iter(periods)) if len(periods) == 1 else None)
    return Extraction(
        file_name=grid.file_name,
        sha256=grid.sha256,
        unit=sender,
        period=extraction_period,
        template_id=None,
        values=tuple(values),
        progress=tuple(ctx.out.progress),
        refused=tuple(ctx.out.refused),
        not_understood=tuple(ctx.out.not_understood),
        warnings=tuple(ctx.out.warnings),
        notes=tuple(ctx.out.notes),
    )


# -- one sheet ----------------------------------------------------------------------------


@dataclass
class _Column:
    col: int
    parts: tuple[str, ...]
    meaning: HeaderMeaning
    mapped: bool = False

    @property
    def heading(self) -> str:
        return "|".join(self.parts)


@dataclass
class _Sheet:
    """What is known about one sheet before its rows are read."""

    view: _View
    header: tuple[int, int] | None
    end: int  # last row of the table
    columns: dict[int, _Column]
    sheet_unit: str | None
    fallback_period: str | None
    fallback_source: str | None

    def first_data_row(self) -> int:
        return self.header[1] + 1 if self.header else 1

    def data_rows(self) -> Iterable[int]:
        view = self.view
        for row in range(self.first_data_row(), self.end + 1):
            if view.filled_not_preamble(row):
                yield row

    def role_columns(self, role: Role) -> list[_Column]:
        return [column for column in self.columns.values() if column.meaning.role is role]


def _read_sheet(view: _View, ctx: _Context) -> None:
    rules, fixed_header = ctx.mapping.for_sheet(view.name)
    _collect_sender(view, ctx.out)
    if view.max_row == 0:
        ctx.out.notes.append(f"工作表“{view.name}”是空表，未读取")
        return
    header = _clip_header(fixed_header, view) if fixed_header else _find_header(view, ctx)
    if header is None:
        header = _header_from_mapping(view, rules)
    sheet = _describe(view, header)
    _apply_mapping(sheet, rules, ctx)
    mapped_name = any(column.mapped and column.meaning.role is Role.NAME for column in sheet.columns.values())
    roles = {column.meaning.role for column in sheet.columns.values()}
    task_layout = (
        bool(ctx.catalog.tasks)
        and not mapped_name
        and Role.TASK in roles
        and bool(roles & TASK_SIDE_ROLES or _prose_value_column(sheet))
    )
    hits = _hits(sheet, ctx)
    first = sheet.first_data_row()
    if task_layout and (_task_column(sheet, ctx)[1] > 0 or not any(row >= first for row, _ in hits)):
        _warn_period_conflict(sheet, ctx)
        _read_tasks(sheet, ctx)
        return
    by_col = Counter(col for (row, col) in hits if row >= first)
    by_row = Counter(row for (row, _) in hits)
    best_col = max(by_col.values(), default=0)
    best_row = max(by_row.values(), default=0)
    if not mapped_name and best_row >= 2 and best_row > best_col:
        _read_transposed(view, ctx, hits, by_row)
        return
    name_col = _name_column(sheet, by_col)
    if name_col is None:
        ctx.out.notes.append(f"工作表“{view.name}”：没有找到与本计划指标或任务对应的表格，未读取")
        return
    if sheet.header is None:
        sheet = _late_header(sheet, name_col, hits, ctx, rules)
    if sheet.header is None and not sheet.role_columns(Role.VALUE):
        _only_number_column(sheet, name_col, hits)
    _read_rows(sheet, name_col, ctx)


def _warn_period_conflict(sheet: _Sheet, ctx: _Context) -> None:
    """The chosen period is used, but a title saying 2023年6月 while the clerk chose 2024-06 is worth a look.

    Called only where the chosen period is actually used (generic columns, task progress).
    """
    fallback = sheet.fallback_period
    if fallback and ctx.period and fallback != ctx.period:
        message = f"{sheet.fallback_source}写的是{_label(fallback)}，与导入时选择的{_label(ctx.period)}不一致；已按所选期间读取，请核实"
        cell = "A1" if sheet.fallback_source == "标题" else ""
        ctx.out.warnings.append(Warning(sheet.view.name, cell, message))


def _clip_header(rows: tuple[int, int], view: _View) -> tuple[int, int]:
    first, last = rows
    return min(first, max(view.max_row, 1)), min(last, max(view.max_row, 1))


def _header_score(view: _View, row: int, ctx: _Context) -> int:
    """Headings in the row minus numbers; a row naming an indicator is data, never a header."""
    score = 0
    for col, text in view.own_cells(row):
        raw = view.raw(row, col)
        if _is_number(raw) and not _is_year_number(raw):
            score -= 1
            continue
        if ctx.hit(text) is not None:
            return 0
        if classify_header(text).role is not Role.UNKNOWN:
            score += 1
    return score


def _heading_only(view: _View, row: int, ctx: _Context) -> bool:
    """A row of nothing but headings: part of a multi-row header."""
    cells = view.own_cells(row)
    if not cells or view.preamble(row) or view.footer(row) or view.title(row):
        return False
    for col, text in cells:
        raw = view.raw(row, col)
        if _is_number(raw) and not _is_year_number(raw):
            return False
        if ctx.hit(text) is not None:
            return False
        if classify_header(text).role is Role.UNKNOWN and unit_in_brackets(text) is None:
            return False
    return True


def _find_header(view: _View, ctx: _Context) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for row in range(1, min(view.max_row, HEADER_SEARCH_ROWS) + 1):
        if view.blank(row) or view.preamble(row) or view.footer(row) or view.title(row):
            continue
        score = _header_score(view, row, ctx)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, row)
    if best is None:
        return None
    row = best[1]
    merged = view.sheet.merged
    top = min([first for first, _, last, _ in merged if first < row <= last] + [row])
    while top > 1 and row - top < MAX_HEADER_ROWS - 1 and _heading_only(view, top - 1, ctx):
        top -= 1
    bottom = max([last for first, _, last, _ in merged if top <= first <= row and last > row] + [row])
    bottom = min(bottom, top + MAX_HEADER_ROWS - 1)
    while bottom - top < MAX_HEADER_ROWS - 1 and bottom < view.max_row and _heading_only(view, bottom + 1, ctx):
        bottom += 1
    return top, bottom


def _header_from_mapping(view: _View, rules: list[tuple[int, ColumnRule]]) -> tuple[int, int] | None:
    """With no header found, a mapping key given as header text marks the header row."""
    wanted = {rule.header for _, rule in rules if rule.header}
    if not wanted:
        return None
    for row in range(1, min(view.max_row, HEADER_SEARCH_ROWS) + 1):
        if any(squash(text).casefold() in wanted for _, text in view.own_cells(row)):
            return row, row
    return None


def _describe(view: _View, header: tuple[int, int] | None) -> _Sheet:
    """Column meanings from the header rows, the end of the table, unit line and title period."""
    columns: dict[int, _Column] = {}
    if header is not None:
        top, bottom = header
        texts = {(row, col): view.filled(row, col) for row in range(top, bottom + 1) for col in range(1, view.max_col + 1)}
        for row in range(top, bottom):
            for col in range(2, view.max_col + 1):
                # 2023年 typed over 目标 | 完成 without merging ("centre across selection")
                left = texts[(row, col - 1)]
                below = texts[(bottom, col)]
                if not texts[(row, col)] and left and find_periods(left)[0] and classify_header(below).role in (Role.VALUE, Role.DERIVED):
                    texts[(row, col)] = left
        for col in range(1, view.max_col + 1):
            parts: list[str] = []
            for row in range(top, bottom + 1):
                text = texts[(row, col)]
                if text and (not parts or parts[-1] != text):
                    parts.append(text)
            columns[col] = _Column(col, tuple(parts), combine(parts) if parts else UNKNOWN)
    end = view.max_row
    start = header[1] + 1 if header else 1
    for row in range(start, view.max_row + 1):
        if view.footer(row):
            end = row - 1
            break
    sheet_unit = _sheet_unit(view, header[0] if header else min(view.max_row, 6))
    fallback, source = _fallback_period(view, header)
    return _Sheet(view, header, end, columns, sheet_unit, fallback, source)


def _sheet_unit(view: _View, above: int) -> str | None:
    """A 「单位：万元」 line above the table: applies to the rows whose plan unit is of its kind."""
    for row in range(1, above + 1):
        for _, text in view.own_cells(row):
            found = _SHEET_UNIT.search(to_halfwidth(text))
            if found and parse_unit(found.group(1)) is not None:
                return clean_unit_text(found.group(1))
    return None


def _fallback_period(view: _View, header: tuple[int, int] | None) -> tuple[str | None, str | None]:
    """The one period named in the title rows, else in the sheet name (for generic columns)."""
    above = header[0] - 1 if header else min(view.max_row, 5)
    found: list[str] = []
    for row in range(1, above + 1):
        if view.preamble(row) or view.footer(row) or (header is None and not view.title(row)):
            continue  # without a header only a title row is surely not data
        for _, text in view.own_cells(row):
            periods, spans = find_periods(text)
            if spans:
                return None, None
            found.extend(period for period in periods if period not in found)
    if len(found) == 1:
        return found[0], "标题"
    if not found:
        periods, spans = find_periods(view.name)
        if len(periods) == 1 and not spans:
            return periods[0], "工作表名称"
    return None, None


def _label(period: str) -> str:
    return Period.parse(period).label


def _apply_mapping(sheet: _Sheet, rules: list[tuple[int, ColumnRule]], ctx: _Context) -> None:
    """Give mapped columns their role; drop detected columns the mapping makes redundant."""
    meanings = {
        "name": Role.NAME,
        "value": Role.VALUE,
        "unit": Role.UNIT,
        "note": Role.NOTE,
        "ignore": Role.DERIVED,
    }
    assigned: dict[int, ColumnRule] = {}
    for index, rule in rules:
        targets: list[int] = []
        if rule.column is not None:
            targets = [rule.column]
        else:
            for column in sheet.columns.values():
                texts = {squash(part).casefold() for part in column.parts}
                texts |= {squash("".join(column.parts)).casefold(), squash(column.heading).casefold()}
                if rule.header in texts:
                    targets.append(column.col)
        if targets:
            ctx.used_rules.add(index)
        for col in targets:
            assigned[col] = rule
    for col, rule in assigned.items():
        column = sheet.columns.get(col) or _Column(col, (), UNKNOWN)
        column.meaning = HeaderMeaning(meanings[rule.role], rule.period, column.meaning.unit)
        column.mapped = True
        sheet.columns[col] = column
    single = {Role.NAME, Role.UNIT, Role.NOTE}
    for role in single:
        if any(column.mapped and column.meaning.role is role for column in sheet.columns.values()):
            for column in sheet.columns.values():
                if not column.mapped and column.meaning.role is role:
                    column.meaning = UNKNOWN
    mapped_periods = {column.meaning.period for column in sheet.columns.values() if column.mapped and column.meaning.role is Role.VALUE}
    for column in sheet.columns.values():
        if not column.mapped and column.meaning.role is Role.VALUE and column.meaning.period in mapped_periods:
            column.meaning = UNKNOWN


def _prose_value_column(sheet: _Sheet) -> bool:
    """A generic 完成情况 column holding sentences: the progress column of a task sheet."""
    for column in sheet.role_columns(Role.VALUE):
        if column.meaning.period is not None:
            continue
        texts = [sheet.view.text(row, column.col) for row in sheet.data_rows()]
        texts = [text for text in texts if text]
        # more than half not numbers; stops as soon as the count decides either way
        prose = numbers = 0
        for text in texts:
            if _looks_numeric(text):
                numbers += 1
                if numbers * 2 >= len(texts):
                    break
            else:
                prose += 1
                if prose * 2 > len(texts):
                    return True
    return False


def _hits(sheet: _Sheet, ctx: _Context) -> dict[tuple[int, int], CatalogIndicator]:
    """Every cell below the header (the whole sheet without one) that names an indicator."""
    view = sheet.view
    first = sheet.first_data_row() if sheet.header else 1
    found: dict[tuple[int, int], CatalogIndicator] = {}
    for row in range(first, min(sheet.end, first + DETECTION_ROWS) + 1):
        for col, text in view.word_cells(row):
            indicator = ctx.hit(text)
            if indicator is not None:
                found[(row, col)] = indicator
    if sheet.header is not None:
        # a transposed sheet has its names in the "header" the detection found
        for row in range(1, sheet.header[1] + 1):
            for col, text in view.word_cells(row):
                indicator = ctx.hit(text)
                if indicator is not None:
                    found[(row, col)] = indicator
    return found


def _name_column(sheet: _Sheet, by_col: Counter[int]) -> int | None:
    """The mapped name column, else the one naming most indicators, else the 指标名称 column."""
    mapped = [column.col for column in sheet.columns.values() if column.mapped and column.meaning.role is Role.NAME]
    if mapped:
        return mapped[0]
    named = [column.col for column in sheet.role_columns(Role.NAME)]
    if by_col:
        top = max(by_col.values())
        tied = [col for col, count in by_col.items() if count == top]
        preferred = [col for col in tied if col in named]
        return min(preferred or tied)
    return named[0] if named else None


def _late_header(
    sheet: _Sheet, name_col: int, hits: dict[tuple[int, int], CatalogIndicator], ctx: _Context, rules: list[tuple[int, ColumnRule]]
) -> _Sheet:
    """No header was recognised: take the text row just above the first named row, if any."""
    view = sheet.view
    first_hit = min((row for row, col in hits if col == name_col), default=None)
    if first_hit is None:
        return sheet
    row = first_hit - 1
    while row >= 1 and view.blank(row):
        row -= 1
    if row < 1 or view.preamble(row) or view.title(row) or view.footer(row):
        return sheet
    if any(_is_number(view.raw(row, col)) and not _is_year_number(view.raw(row, col)) for col, _ in view.own_cells(row)):
        return sheet
    described = _describe(view, (row, row))
    _apply_mapping(described, rules, ctx)
    return described


def _only_number_column(sheet: _Sheet, name_col: int, hits: dict[tuple[int, int], CatalogIndicator]) -> None:
    """Without any header, a single column of numbers beside the names holds the values.

    Only when exactly one column has a number in at least half of the named rows: with two
    such columns nothing says which is which, and the clerk is asked for a mapping.
    """
    view = sheet.view
    rows = [row for row, col in hits if col == name_col]
    numeric = []
    for col in range(1, view.max_col + 1):
        if col == name_col or col in sheet.columns:
            continue
        count = sum(1 for row in rows if view.text(row, col) and _looks_numeric(view.text(row, col)))
        if rows and count * 2 >= len(rows):
            numeric.append(col)
    if len(numeric) == 1:
        sheet.columns[numeric[0]] = _Column(numeric[0], (), HeaderMeaning(Role.VALUE))


# -- normal layout: names down a column ------------------------------------------------


def _value_period(sheet: _Sheet, column: _Column, ctx: _Context) -> tuple[str | None, str]:
    """The period a value column holds and how it was decided (for the notes)."""
    meaning = column.meaning
    if meaning.period:
        return meaning.period, ""
    base: str | None = ctx.period
    how = "按导入时选择的期间"
    if base is None:
        base, how = sheet.fallback_period, f"按{sheet.fallback_source}中的期间"
    if base is None:
        return None, ""
    if meaning.yearless is not None:
        # 1-6月 says which part of the year; only the year comes from the import
        year = Period.parse(base).year
        return meaning.period_in(year), f"年份{how}"
    return base, how


def _read_rows(sheet: _Sheet, name_col: int, ctx: _Context) -> None:
    view, out = sheet.view, ctx.out
    value_columns: list[tuple[_Column, str]] = []
    described: list[str] = []
    borrowed = False
    for column in sorted(sheet.role_columns(Role.VALUE), key=lambda item: item.col):
        if column.col == name_col:
            continue
        period, how = _value_period(sheet, column, ctx)
        ref = _header_ref(sheet, column.col)
        if period is None:
            out.refused.append(
                Refusal(
                    view.name,
                    ref,
                    column.heading,
                    f"“{column.heading}”列没有写明期间，导入时也没有选择期间；请在导入时选择期间，或在映射中写明（如 {_letter(column.col)}: value:2023）",
                )
            )
            continue
        value_columns.append((column, period))
        borrowed = borrowed or bool(how)
        if not column.parts:
            suffix = f"（没有表头，{_letter(column.col)}列是唯一的数值列{'，' + how if how else ''}）"
        else:
            suffix = f"（表头“{column.heading}”，{how}）" if how else ""
        described.append(f"{_label(period)}数值在{_letter(column.col)}列{suffix}")
    if borrowed:
        _warn_period_conflict(sheet, ctx)
    unit_col = _single(sheet, Role.UNIT, name_col)
    note_col = _single(sheet, Role.NOTE, name_col)
    year_col = _single(sheet, Role.DATA_YEAR, name_col)
    read = not_understood = headings = 0
    for row in sheet.data_rows():
        name = view.filled(row, name_col)
        if not name:
            continue
        cells = [(column, period) for column, period in value_columns if view.has_value(row, column.col)]
        indicator = ctx.accept(name)
        if indicator is None:
            if squash(name) in _TOTAL or not cells:
                headings += 1
                continue
            if classify_header(name).role in (Role.NAME, Role.NUMBER, Role.GROUP):
                continue  # the header repeated on a printed page
            _, score, guess = ctx.match(name)
            out.not_understood.append(NotUnderstood(view.name, row, name, guess.name if guess else None, score))
            not_understood += 1
            continue
        note = view.text(row, note_col) if note_col else ""
        note = "" if _blank_marker(note) else note
        data_year = _data_year(view.text(row, year_col)) if year_col else None
        if data_year is None and note:
            data_year = _data_year(note)
        unit_text = view.text(row, unit_col) if unit_col else ""
        row_unit = None if not unit_text or _blank_marker(unit_text) else unit_text
        row_unit = row_unit or unit_in_brackets(name)
        for column, period in cells:
            _read_value(sheet, ctx, row, column.col, indicator, period, row_unit, column.meaning.unit, note or None, data_year)
            read += 1
    parts = [_where_header(sheet.header), f"指标名称在{_letter(name_col)}列", *described]
    if unit_col:
        parts.append(f"计量单位在{_letter(unit_col)}列")
    if note_col:
        parts.append(f"备注在{_letter(note_col)}列")
    if year_col:
        parts.append(f"数据年份在{_letter(year_col)}列")
    if sheet.sheet_unit:
        parts.append(f"表上方注明单位为{sheet.sheet_unit}")
    skipped = [
        f"{_letter(column.col)}列“{column.heading}”"
        for column in sorted(sheet.columns.values(), key=lambda item: item.col)
        if column.meaning.role in (Role.DERIVED, Role.PERCENT, Role.PERIOD_RANGE) and column.parts
    ]
    text = "，".join(parts)
    if skipped:
        text += "；未读取" + "、".join(skipped)
    text += f"；读取{read}个数值"
    if not_understood:
        text += f"，{not_understood}行未能对应到指标"
    if headings:
        text += f"，跳过{headings}行没有数值或为合计的行"
    if not value_columns:
        text += "；没有找到数值列，请用映射指定（如 D: value:2023）"
    out.notes.append(f"工作表“{view.name}”：{text}")


def _where_header(header: tuple[int, int] | None) -> str:
    if header is None:
        return "没有表头"
    if header[0] == header[1]:
        return f"表头在第{header[0]}行"
    return f"表头在第{header[0]}–{header[1]}行"


def _single(sheet: _Sheet, role: Role, name_col: int) -> int | None:
    """The (mapped, else leftmost) column with ``role``, other than the name column."""
    columns = sorted(column.col for column in sheet.role_columns(role) if column.col != name_col)
    mapped = sorted(column.col for column in sheet.role_columns(role) if column.mapped and column.col != name_col)
    chosen = mapped or columns
    return chosen[0] if chosen else None


def _header_ref(sheet: _Sheet, col: int) -> str:
    if sheet.header is None:
        return a1(1, col)
    return a1(sheet.header[1], col)


_DATA_YEAR = re.compile(r"(?:数据年份[:：]?|统计年度[:：]?|截至|截止)?(\d{4})(?:\.0)?(?:年)?(?:底|末|度|数据|全年|统计数)?")
_DATA_YEAR_LONGEST = 5 + 4 + 2 + 1 + 3
"""The longest text ``_DATA_YEAR`` matches: 数据年份： 2022 .0 年 统计数."""


def _data_year(text: str) -> int | None:
    """A data-year remark (``2022年``, ``2022``, ``截至2022年底``, ``2022年数据``) → 2022."""
    if not text or (len(text) > _DATA_YEAR_LONGEST and len("".join(text.split())) > _DATA_YEAR_LONGEST):
        return None  # squash keeps every other character: longer than any remark it reads (most notes)
    folded = squash(text)
    found = _DATA_YEAR.fullmatch(folded)
    if found is None:
        return None
    year = int(found.group(1))
    return year if 1900 <= year <= 2100 else None


def _read_value(
    sheet: _Sheet,
    ctx: _Context,
    row: int,
    col: int,
    indicator: CatalogIndicator,
    period: str,
    row_unit: str | None,
    column_unit: str | None,
    note: str | None,
    data_year: int | None,
) -> None:
    """Turn one cell into a value of ``indicator`` for ``period``, or say why it cannot be."""
    view, out = sheet.view, ctx.out
    raw = view.raw(row, col)
    ref = a1(row, col)
    kind = type(raw)
    uncomputed = view._uncomputed
    if kind is int or (kind is float and math.isfinite(raw)):  # type: ignore[arg-type]
        # a stored number, nearly every cell of a sheet: the text as cell_text gives it (a
        # plain float is never whole), the number as parse_value reads it, and none of the
        # checks below for dates, formulas and texts can apply to it
        if kind is int:
            text = str(raw)
            number: Decimal | None = Decimal(raw)  # type: ignore[arg-type]
        else:
            text = repr(round(raw, 9))  # type: ignore[call-overload]
            number = Decimal(repr(raw))
        if uncomputed and ref in uncomputed:
            _refuse(out, view.name, ref, text, indicator, _UNCOMPUTED)
            return
        unit_text: str | None = None
        approximate = False
        numeric = True
    else:
        text = repr(round(raw, 9)) if kind is float else cell_text(raw)  # type: ignore[arg-type, call-overload]
        if uncomputed and ref in uncomputed:
            _refuse(out, view.name, ref, text, indicator, _UNCOMPUTED)
            return
        if isinstance(raw, (dt.date, dt.datetime)):
            _refuse(out, view.name, ref, text, indicator, "这是一个日期，不是数值")
            return
        if isinstance(raw, str) and raw.strip().startswith("="):
            _refuse(out, view.name, ref, text, indicator, "这是公式或嵌入的图片，不是数值")
            return
        try:
            number, unit_text, approximate = _parse_cell(raw)
        except ValueParseError as error:
            _refuse(out, view.name, ref, text, indicator, error.reason)
            return
        if number is None:
            out.values.append(ExtractedValue(indicator.id, period, None, text, view.name, ref, data_year, note))
            return
        numeric = _is_number(raw)
    given = unit_text or row_unit or column_unit
    if given is None and sheet.sheet_unit and same_kind(sheet.sheet_unit, indicator.unit):
        given = sheet.sheet_unit
    number_format = view.number_format(row, col) if numeric else None
    try:
        value = convert(number, given, indicator.unit, number_format)
    except UnitMismatch as error:
        _refuse(out, view.name, ref, text, indicator, error.reason)
        return
    if approximate:
        out.warnings.append(Warning(view.name, ref, f"{indicator.name}：“{text}”是约数，已按 {value} 读取，请核实"))
    plan = parse_unit(indicator.unit)
    shown_as_percent = is_percent_format(number_format)
    if plan is not None and plan.is_percent:
        if value > 100:
            out.warnings.append(Warning(view.name, ref, f"{indicator.name}：{value}% 超过 100%，请核实是否填错"))
        elif numeric and given is None and not shown_as_percent and 0 < abs(value) < 1:
            # a reader without formats (csv, calamine) hands over 3.02% as 0.0302
            message = f"{indicator.name}：{value} 可能是写成小数的比例（{_plain(value * 100)}%），已按 {value}% 读取，请核实"
            out.warnings.append(Warning(view.name, ref, message))
    if shown_as_percent:
        text = f"{text}（显示为 {value}%）"
    out.values.append(ExtractedValue(indicator.id, period, value, text, view.name, ref, data_year, note))


_UNCOMPUTED = "这是公式，但文件中没有保存计算结果；请在 Excel 或 WPS 中打开该文件并保存后再导入"


def _refuse(out: _Output, sheet: str, ref: str, text: str, indicator: CatalogIndicator, reason: str) -> None:
    out.refused.append(Refusal(sheet, ref, text, f"{indicator.name}：{reason}"))


def _parse_cell(raw: CellValue) -> tuple[Decimal | None, str | None, bool]:
    """(number, unit written after it, approximate) as ``parse_value`` reads the cell.

    A stored int or float — nearly every cell of a large sheet — is read here as
    ``parse_value`` reads it (the exact Decimal of the int, of the float's repr), without
    building a ``ParsedValue``; everything else goes through ``parse_value`` itself.
    """
    kind = type(raw)
    if kind is int:
        return Decimal(raw), None, False  # type: ignore[arg-type]
    if kind is float and math.isfinite(raw):  # type: ignore[arg-type]
        return Decimal(repr(raw)), None, False
    parsed = parse_value(raw)
    return parsed.value, parsed.unit_text, parsed.approximate


# -- transposed layout: names across, periods down --------------------------------------


_LABEL_ROLES = frozenset({Role.VALUE, Role.DERIVED, Role.UNIT, Role.NOTE, Role.DATA_YEAR, Role.PERIOD_RANGE, Role.PERCENT})


def _read_transposed(view: _View, ctx: _Context, hits: dict[tuple[int, int], CatalogIndicator], by_row: Counter[int]) -> None:
    out = ctx.out
    top = max(by_row.values())
    name_row = min(row for row, count in by_row.items() if count == top)
    names = {col: indicator for (row, col), indicator in hits.items() if row == name_row}
    end = view.max_row
    for row in range(name_row + 1, view.max_row + 1):
        if view.footer(row):
            end = row - 1
            break
    label_counts: Counter[int] = Counter()
    for col in range(1, view.max_col + 1):
        if col in names:
            continue
        for row in range(name_row + 1, end + 1):
            if classify_header(view.filled(row, col)).role in _LABEL_ROLES:
                label_counts[col] += 1
    if not label_counts:
        out.notes.append(f"工作表“{view.name}”：指标名称横向排列在第{name_row}行，但没有找到写明期间的列，未读取")
        return
    best = max(label_counts.values())
    label_col = min(col for col, count in label_counts.items() if count == best)
    fallback, source = _fallback_period(view, (name_row, name_row))
    sheet = _Sheet(view, (name_row, name_row), end, {}, _sheet_unit(view, name_row), fallback, source)
    unit_row = note_row = year_row = None
    value_rows: list[tuple[int, str]] = []
    described: list[str] = []
    borrowed = False
    for row in range(name_row + 1, end + 1):
        label = view.filled(row, label_col)
        meaning = classify_header(label)
        if meaning.role is Role.UNIT and unit_row is None:
            unit_row = row
        elif meaning.role is Role.NOTE and note_row is None:
            note_row = row
        elif meaning.role is Role.DATA_YEAR and year_row is None:
            year_row = row
        elif meaning.role is Role.VALUE:
            column = _Column(label_col, (label,), meaning)
            period, how = _value_period(sheet, column, ctx)
            if period is None:
                out.refused.append(
                    Refusal(view.name, a1(row, label_col), label, f"第{row}行“{label}”没有写明期间，导入时也没有选择期间；请在导入时选择期间")
                )
                continue
            value_rows.append((row, period))
            borrowed = borrowed or bool(how)
            described.append(f"{_label(period)}数值在第{row}行" + (f"（“{label}”，{how}）" if how else ""))
    if borrowed:
        _warn_period_conflict(sheet, ctx)
    read = 0
    for col, indicator in sorted(names.items()):
        name = view.text(name_row, col)
        unit_text = view.text(unit_row, col) if unit_row else ""
        row_unit = None if not unit_text or _blank_marker(unit_text) else unit_text
        row_unit = row_unit or unit_in_brackets(name)
        note = view.text(note_row, col) if note_row else ""
        note = "" if _blank_marker(note) else note
        data_year = _data_year(view.text(year_row, col)) if year_row else None
        if data_year is None and note:
            data_year = _data_year(note)
        for row, period in value_rows:
            if view.has_value(row, col):
                _read_value(sheet, ctx, row, col, indicator, period, row_unit, None, note or None, data_year)
                read += 1
    unmatched = 0
    for col, text in view.own_cells(name_row):
        if col in names or col == label_col:
            continue
        if any(view.has_value(row, col) for row, _ in value_rows):
            _, score, guess = ctx.match(text)
            out.not_understood.append(NotUnderstood(view.name, name_row, text, guess.name if guess else None, score))
            unmatched += 1
    columns = "、".join(_letter(col) for col in sorted(names))
    text = f"横向排列：指标名称在第{name_row}行（{columns}列），期间在{_letter(label_col)}列，" + "，".join(described or ["没有找到数值行"])
    if unit_row:
        text += f"，计量单位在第{unit_row}行"
    text += f"；读取{read}个数值"
    if unmatched:
        text += f"，{unmatched}列未能对应到指标"
    out.notes.append(f"工作表“{view.name}”：{text}")


# -- task-progress sheets ---------------------------------------------------------------


def _read_tasks(sheet: _Sheet, ctx: _Context) -> None:
    view, out = sheet.view, ctx.out
    catalog = ctx.catalog
    number_col = _single(sheet, Role.NUMBER, 0)
    task_col = _task_column(sheet, ctx)[0]
    progress_col = _single(sheet, Role.PROGRESS, task_col)
    if progress_col is None:
        prose = [column.col for column in sheet.role_columns(Role.VALUE) if column.meaning.period is None]
        progress_col = prose[0] if prose else None
    problems_col = _single(sheet, Role.PROBLEMS, task_col)
    next_col = _single(sheet, Role.NEXT_STEPS, task_col)
    percent_col = _single(sheet, Role.PERCENT, task_col)
    status_col = _single(sheet, Role.STATUS, task_col)
    header_ref = _header_ref(sheet, task_col)
    month = ctx.period or sheet.fallback_period
    if month is None or Period.parse(month).kind is not PeriodKind.MONTH:
        reason = "任务进展按月填报，导入时没有选择月份，文件标题中也没有写明月份；请在导入时选择月份"
        if month is not None:
            reason = f"任务进展按月填报，但期间“{_label(month)}”不是一个月份；请在导入时选择月份"
        out.refused.append(Refusal(view.name, header_ref, view.filled(sheet.header[1] if sheet.header else 1, task_col), reason))
        out.notes.append(f"工作表“{view.name}”：任务进展表，因没有月份未读取")
        return
    seen: dict[int, int] = {}
    read = unmatched = 0
    for row in sheet.data_rows():
        title = view.filled(row, task_col)
        number = view.text(row, number_col) if number_col else ""
        def text_at(col: int | None, row: int = row) -> str:
            return view.text(row, col) if col else ""

        if not any(text_at(col) for col in (progress_col, problems_col, next_col, percent_col, status_col)) or not (title or number):
            continue
        task, score, guess = match_task(title, number or None, catalog, ctx.threshold)
        if task is None:
            out.not_understood.append(NotUnderstood(view.name, row, title or number, guess.title if guess else None, score))
            unmatched += 1
            continue
        if task.id in seen:
            out.warnings.append(
                Warning(view.name, a1(row, task_col), f"任务“{task.number} {task.title}”在第{seen[task.id]}行和第{row}行重复出现，只读取了第{seen[task.id]}行")
            )
            continue
        seen[task.id] = row
        percent = _progress_percent(view, row, percent_col, out) if percent_col else None
        status = _status(view, row, status_col, out) if status_col else None
        out.progress.append(
            ExtractedProgress(
                task_id=task.id,
                period=month,
                percent=percent,
                status=status,
                progress_text=_prose(text_at(progress_col)),
                problems=_prose(text_at(problems_col)),
                next_steps=_prose(text_at(next_col)),
                sheet=view.name,
                row=row,
            )
        )
        read += 1
    roles = [
        ("任务", task_col),
        ("序号", number_col),
        ("工作进展", progress_col),
        ("存在问题", problems_col),
        ("下步计划", next_col),
        ("完成百分比", percent_col),
        ("状态", status_col),
    ]
    where = _where_header(sheet.header)
    columns = "，".join(f"{label}在{_letter(col)}列" for label, col in roles if col)
    text = f"任务进展表（{_label(month)}），{where}，{columns}；读取{read}项任务"
    if unmatched:
        text += f"，{unmatched}行未能对应到任务"
    out.notes.append(f"工作表“{view.name}”：{text}")


def _task_column(sheet: _Sheet, ctx: _Context) -> tuple[int, int]:
    """The 任务 column whose rows name most plan tasks (重点任务 vs 具体任务), and that count."""
    view = sheet.view
    rows = list(sheet.data_rows())[:DETECTION_ROWS]
    best = (0, -1)
    for column in sorted(sheet.role_columns(Role.TASK), key=lambda item: item.col):
        count = sum(1 for row in rows if match_task(view.filled(row, column.col), None, ctx.catalog, ctx.threshold)[0] is not None)
        if count > best[1]:
            best = (column.col, count)
    return best


def _prose(text: str) -> str | None:
    return None if not text or _blank_marker(text) else text


def _progress_percent(view: _View, row: int, col: int, out: _Output) -> Decimal | None:
    cell = view.sheet.cell(row, col)
    text = cell_text(cell.value)
    if not text:
        return None
    ref = a1(row, col)
    try:
        parsed = parse_value(cell.value)
    except ValueParseError as error:
        out.warnings.append(Warning(view.name, ref, f"完成百分比“{text}”无法读取（{error.reason}），未记录"))
        return None
    if parsed.value is None:
        return None
    number_format = cell.number_format if _is_number(cell.value) else None
    try:
        percent = convert(parsed.value, parsed.unit_text, "%", number_format)
    except UnitMismatch as error:
        out.warnings.append(Warning(view.name, ref, f"完成百分比“{text}”无法读取（{error.reason}），未记录"))
        return None
    if not 0 <= percent <= 100:
        out.warnings.append(Warning(view.name, ref, f"完成百分比 {percent}% 不在 0–100 之间，请核实"))
    elif 0 < percent <= 1 and number_format is None and parsed.unit_text is None:
        out.warnings.append(Warning(view.name, ref, f"完成百分比“{text}”可能是 {_plain(percent * 100)}%，已按 {percent}% 读取，请核实"))
    return percent


def _status(view: _View, row: int, col: int, out: _Output) -> str | None:
    text = view.text(row, col)
    if not text or _blank_marker(text):
        return None
    status = _STATUS_WORDS.get(squash(text))
    if status is None:
        out.warnings.append(Warning(view.name, a1(row, col), f"推进状态“{text}”无法识别，应为 未启动、推进中、已完成 或 滞后；未记录状态"))
    return status


# -- across sheets ------------------------------------------------------------------------


def _collect_sender(view: _View, out: _Output) -> None:
    """Remember every 填报单位 line; the first resolved one names the sending unit."""
    for row in range(1, view.max_row + 1):
        if not view.mentions(row, "单位"):  # every _SENDER match contains it, as written
            continue
        cells = view.own_cells(row)
        for index, (col, text) in enumerate(cells):
            if "单位" not in text:  # every _SENDER match contains it (half-width folding never makes it)
                continue
            found = _SENDER.search(to_halfwidth(text))
            if found is None:
                continue
            written = _SEAL.sub("", _SENDER_END.split(found.group(1), maxsplit=1)[0]).strip()
            if not written:
                following = [other for _, other in cells[index + 1 :] if not _PREAMBLE.match(squash(other))]
                written = following[0].strip() if following else ""
            written = _SEAL.sub("", written).strip()
            if written:
                out.senders.append((written, view.name, a1(row, col)))
            return


def _resolve_unit(written: str, units: UnitDirectory) -> str | None:
    found = units.resolve(written).name
    if found is None:
        city = _CITY_PREFIX.match(squash(written))
        if city is not None:
            found = units.resolve("市" + city.group(1)).name
    return found


def _sending_unit(out: _Output, unit: str | None, units: UnitDirectory | None) -> str | None:
    given = unit
    if unit and units is not None:
        given = _resolve_unit(unit, units) or unit
    resolved: str | None = None
    for written, sheet, cell in out.senders:
        name = _resolve_unit(written, units) if units is not None else None
        if name is None:
            then = f"按所选单位“{given}”导入" if given else "请选择填报单位"
            out.notes.append(f"工作表“{sheet}”{cell}的填报单位“{written}”不在单位名录中，{then}")
            continue
        if resolved is None:
            resolved = name
        elif name != resolved:
            out.warnings.append(Warning(sheet, cell, f"填报单位“{written}”与其他工作表的“{resolved}”不同；按“{resolved}”导入，请核实"))
    if resolved is not None:
        if given and given != resolved:
            sheet, cell = out.senders[0][1], out.senders[0][2]
            out.warnings.append(Warning(sheet, cell, f"文件中的填报单位是“{resolved}”，与导入时选择的“{given}”不同；按文件中的单位导入，请核实"))
        return resolved
    return given


def _resolve_duplicates(out: _Output) -> list[ExtractedValue]:
    """One value per indicator and period: equal repeats are dropped, differing ones refused."""
    keys = {(value.indicator_id, value.period) for value in out.values}
    if len(keys) == len(out.values):
        return list(out.values)  # the usual case: no indicator and period given twice
    groups: dict[tuple[int, str], list[ExtractedValue]] = {}
    for value in out.values:
        groups.setdefault((value.indicator_id, value.period), []).append(value)
    kept: list[ExtractedValue] = []
    for items in groups.values():
        distinct = {item.value for item in items}
        if len(distinct) == 1:
            kept.append(items[0])
            continue
        places = "、".join(f"{item.sheet}!{item.cell}" for item in items)
        for item in items:
            out.refused.append(
                Refusal(item.sheet, item.cell, item.raw, f"同一指标同一期间（{_label(item.period)}）有多个不同的数值（{places}），请只保留一个")
            )
    if len(kept) == len(out.values):
        return list(out.values)
    first = {id(value) for value in kept}
    return [value for value in out.values if id(value) in first]


