"""Reading a returned data-collection template (数据报送模板) back, exactly, by row key.

The bureau sends every department a workbook made by ``desktop.workbooks.templates``:
visible sheets 「指标数据」 and 「任务进展」 with the department's rows pre-filled, and a very
hidden sheet ``_meta`` that says which template this is. This module is the other half of
that contract: pure logic over a ``WorkbookGrid`` (no openpyxl), so any reader (.xlsx,
.xls after a WPS 「另存为」) feeds it.

How a row is recognised (and why re-sorting does not matter):

- Every data row carries its **row key** (``i:123`` for indicator 123, ``t:45`` for task
  45) in a hidden column of the visible sheet, in the same row as the values. Sorting
  moves whole rows, so the key travels with the values typed next to it; the reader
  looks rows up by key and never by position.
- ``_meta`` holds the identity (template id, plan, unit, period, version, a checksum) and,
  per key, the row's visible content (序号, name, unit). That is the cross-check: if a
  clerk sorted only some columns (Excel's 「以当前选定区域排序」) the key and the name
  no longer agree; the name then decides when it matches exactly one key, and a warning
  says so. A row whose key cell was cleared is also found by its name.
- ``_meta`` also records where each column is and its header label, so the reader checks
  the header is unchanged before it reads anything (and finds it by label if the header
  moved).

Values are read with :func:`desktop.domain.values.parse_value`; anything that is not a
clean number is a :class:`Refusal` naming sheet, cell, text and what to do. A damaged
``_meta`` or a key no template row has is a :class:`TemplateError` (a ``ValueError``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain._text import squash
from desktop.domain.intake.extraction import (
    ExtractedProgress,
    ExtractedValue,
    Extraction,
    NotUnderstood,
    Refusal,
    Warning,
)
from desktop.domain.intake.grid import GridCell, SheetGrid, WorkbookGrid, a1
from desktop.domain.periods import Period, PeriodError
from desktop.domain.values import ValueParseError, parse_value

__all__ = [
    "FORMAT_MARK",
    "INDICATOR_ROLES",
    "INDICATOR_SHEET",
    "LIST_NAME",
    "LIST_SHEET",
    "META_SHEET",
    "STATUSES",
    "TASK_ROLES",
    "TASK_SHEET",
    "TemplateError",
    "TemplateIdentity",
    "indicator_key",
    "is_template",
    "meta_checksum",
    "read_template",
    "task_key",
]

# --- the contract shared with desktop.workbooks.templates ----------------------------------

META_SHEET = "_meta"
LIST_SHEET = "_lists"
LIST_NAME = "lst_status"  # defined name of the status list on LIST_SHEET
INDICATOR_SHEET = "指标数据"
TASK_SHEET = "任务进展"
FORMAT_MARK = "innotrack-template/1"

STATUSES: tuple[str, ...] = ("未启动", "推进中", "已完成", "滞后")

# Column roles per sheet kind; the template's _meta says where each one is.
INDICATOR_ROLES = ("number", "name", "unit", "target", "last", "value", "note", "key")
TASK_ROLES = ("number", "title", "deadline", "last", "percent", "status", "progress", "problems", "next_steps", "key")
_REQUIRED_ROLES = {
    "indicators": ("key", "name", "value", "note"),
    "tasks": ("key", "title", "percent", "status", "progress", "problems", "next_steps"),
}
_NAME_ROLE = {"indicators": "name", "tasks": "title"}
_KEY_PREFIX = {"indicators": "i", "tasks": "t"}
_FIELD_LABELS = {"date": "填报日期", "filler": "填报人", "phone": "联系电话", "reviewer": "审核人"}

_KEY = re.compile(r"([it]):(\d{1,12})")
_HEX_ID = re.compile(r"[0-9a-f]{32}")


def indicator_key(indicator_id: int) -> str:
    return f"i:{int(indicator_id)}"


def task_key(task_id: int) -> str:
    return f"t:{int(task_id)}"


def meta_checksum(template_id: str, version: int, plan_id: int, unit: str, period: str, keys: Iterable[str]) -> str:
    """Short fingerprint of the identity and the row keys, written to and checked in _meta.

    It catches a _meta edited by hand or half pasted over, not an attacker: the file is
    the department's, and the values in it are re-validated anyway.
    """
    parts = [FORMAT_MARK, template_id, str(int(version)), str(int(plan_id)), unit, period, *sorted(keys)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


# --- results ------------------------------------------------------------------------------


class TemplateError(ValueError):
    """The file claims to be a template but cannot be read as one; Chinese message.

    ``sheet`` and ``cell`` (A1) say where, when known.
    """

    def __init__(self, message: str, *, sheet: str | None = None, cell: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.cell = cell

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class TemplateIdentity:
    template_id: str  # uuid4 hex of the template as sent
    plan_id: int
    unit: str  # the department the template was made for (canonical name)
    period: str  # canonical Period text
    version: int


# --- reading _meta ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    role: str
    index: int  # 1-based
    label: str


@dataclass(frozen=True)
class _SheetLayout:
    name: str
    kind: str  # indicators | tasks
    header_row: int
    first_row: int
    last_row: int
    columns: tuple[_Column, ...]
    fields: tuple[tuple[str, str], ...]  # (role, A1) of 填报日期 / 填报人 / 联系电话 / 审核人


@dataclass(frozen=True)
class _RowInfo:
    key: str
    sheet: str
    number: str
    name: str
    unit: str | None


@dataclass(frozen=True)
class _Meta:
    identity: TemplateIdentity
    plan_name: str
    period_label: str
    sheets: tuple[_SheetLayout, ...]
    rows: dict[str, _RowInfo]
    state: str


def _text(value: object) -> str:
    """A cell value as stripped text ('' for empty); integral floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def _norm(text: object) -> str:
    """Comparable form of a label or a name: NFKC, no whitespace."""
    return squash(unicodedata.normalize("NFKC", _text(text)))


def _find_meta(grid: WorkbookGrid) -> SheetGrid | None:
    for sheet in grid.sheets:
        if sheet.name == META_SHEET and _text(sheet.cell(1, 2).value) == FORMAT_MARK:
            return sheet
    return None


def is_template(grid: WorkbookGrid) -> bool:
    """True if the workbook carries a template's ``_meta`` sheet (any visibility).

    LibreOffice turns very hidden into hidden when it re-saves a file, so the state is
    not required; ``read_template`` notes it.
    """
    return _find_meta(grid) is not None


class _MetaReader:
    def __init__(self, sheet: SheetGrid, file_name: str) -> None:
        self.sheet = sheet
        self.file_name = file_name

    def fail(self, row: int, col: int, what: str) -> TemplateError:
        cell = a1(row, col)
        return TemplateError(
            f"文件“{self.file_name}”的隐藏工作表“{META_SHEET}”（{cell} 单元格）已损坏：{what}。"
            "该文件无法按数据报送模板导入；请让报送单位用下发的原模板重新填报后再导入。",
            sheet=META_SHEET,
            cell=cell,
        )

    def integer(self, row: int, col: int, what: str, minimum: int = 1) -> int:
        value = self.sheet.cell(row, col).value
        text = _text(value)
        if not re.fullmatch(r"\d{1,12}", text) or int(text) < minimum:
            raise self.fail(row, col, f"{what}应为整数，实际是“{text}”")
        return int(text)

    def read(self) -> _Meta:
        s = self.sheet
        single: dict[str, tuple[int, str]] = {}
        sheet_rows: list[int] = []
        column_rows: list[int] = []
        field_rows: list[int] = []
        row_rows: list[int] = []
        for r in range(1, s.max_row + 1):
            tag = _text(s.cell(r, 1).value)
            if tag in ("format", "template_id", "version", "plan_id", "plan_name", "unit", "period", "period_label", "due", "checksum"):
                if tag in single:
                    raise self.fail(r, 1, f"“{tag}”出现了两次")
                single[tag] = (r, _text(s.cell(r, 2).value))
            elif tag == "sheet":
                sheet_rows.append(r)
            elif tag == "column":
                column_rows.append(r)
            elif tag == "field":
                field_rows.append(r)
            elif tag == "row":
                row_rows.append(r)
        for tag in ("template_id", "version", "plan_id", "unit", "period", "checksum"):
            if tag not in single or not single[tag][1]:
                where = single[tag][0] if tag in single else s.max_row + 1
                raise self.fail(where, 1 if tag not in single else 2, f"缺少“{tag}”")
        r, template_id = single["template_id"]
        if not _HEX_ID.fullmatch(template_id):
            raise self.fail(r, 2, f"模板编号“{template_id}”格式不对")
        version = self.integer(single["version"][0], 2, "版本号")
        plan_id = self.integer(single["plan_id"][0], 2, "方案编号")
        unit = single["unit"][1]
        r, period_text = single["period"]
        try:
            period = str(Period.parse(period_text))
        except PeriodError as exc:
            raise self.fail(r, 2, f"报送期间无法识别（{exc}）") from exc

        sheets = self._sheets(sheet_rows, column_rows, field_rows)
        rows = self._rows(row_rows, {layout.name: layout for layout in sheets})
        r, checksum = single["checksum"]
        if checksum != meta_checksum(template_id, version, plan_id, unit, period, rows):
            raise self.fail(r, 2, "校验码与模板内容不符（隐藏信息被改动过）")
        identity = TemplateIdentity(template_id, plan_id, unit, period, version)
        return _Meta(
            identity=identity,
            plan_name=single.get("plan_name", (0, ""))[1],
            period_label=single.get("period_label", (0, ""))[1] or Period.parse(period).label,
            sheets=sheets,
            rows=rows,
            state=s.state,
        )

    def _sheets(self, sheet_rows, column_rows, field_rows) -> tuple[_SheetLayout, ...]:
        s = self.sheet
        if not sheet_rows:
            raise self.fail(s.max_row + 1, 1, "没有记录任何数据表")
        columns: dict[str, list[_Column]] = {}
        for r in column_rows:
            name = _text(s.cell(r, 2).value)
            role = _text(s.cell(r, 3).value)
            index = self.integer(r, 4, "列号")
            columns.setdefault(name, []).append(_Column(role, index, _text(s.cell(r, 5).value)))
        fields: dict[str, list[tuple[str, str]]] = {}
        for r in field_rows:
            ref = _text(s.cell(r, 4).value)
            if not re.fullmatch(r"[A-Z]{1,3}\d{1,7}", ref):
                raise self.fail(r, 4, f"单元格位置“{ref}”格式不对")
            fields.setdefault(_text(s.cell(r, 2).value), []).append((_text(s.cell(r, 3).value), ref))
        layouts = []
        seen = set()
        for r in sheet_rows:
            name = _text(s.cell(r, 2).value)
            kind = _text(s.cell(r, 3).value)
            if kind not in _REQUIRED_ROLES:
                raise self.fail(r, 3, f"数据表类型“{kind}”无法识别")
            if not name or name in seen:
                raise self.fail(r, 2, f"数据表名称“{name}”为空或重复")
            seen.add(name)
            header = self.integer(r, 4, "表头行号")
            first = self.integer(r, 5, "首个数据行号")
            last = self.integer(r, 6, "末个数据行号")
            if not header < first <= last:
                raise self.fail(r, 4, "表头和数据行的行号不合理")
            cols = columns.get(name, [])
            roles = {c.role for c in cols}
            missing = [role for role in _REQUIRED_ROLES[kind] if role not in roles]
            if missing:
                raise self.fail(r, 2, f"工作表“{name}”缺少列的记录（{'、'.join(missing)}）")
            if len(roles) != len(cols) or len({c.index for c in cols}) != len(cols):
                raise self.fail(r, 2, f"工作表“{name}”的列记录重复")
            layouts.append(_SheetLayout(name, kind, header, first, last, tuple(cols), tuple(fields.get(name, ()))))
        return tuple(layouts)

    def _rows(self, row_rows, layouts: dict[str, _SheetLayout]) -> dict[str, _RowInfo]:
        s = self.sheet
        rows: dict[str, _RowInfo] = {}
        for r in row_rows:
            key = _text(s.cell(r, 2).value)
            sheet = _text(s.cell(r, 3).value)
            layout = layouts.get(sheet)
            if layout is None:
                raise self.fail(r, 3, f"行“{key}”所属的工作表“{sheet}”没有记录")
            if not _KEY.fullmatch(key) or key[0] != _KEY_PREFIX[layout.kind]:
                raise self.fail(r, 2, f"行标识“{key}”格式不对")
            if key in rows:
                raise self.fail(r, 2, f"行标识“{key}”重复")
            unit = _text(s.cell(r, 6).value) or None
            rows[key] = _RowInfo(key, sheet, _text(s.cell(r, 4).value), _text(s.cell(r, 5).value), unit)
        if not rows:
            raise self.fail(s.max_row + 1, 1, "没有记录任何数据行")
        return rows


# --- reading the visible sheets ------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.values: list[ExtractedValue] = []
        self.progress: list[ExtractedProgress] = []
        self.refused: list[Refusal] = []
        self.not_understood: list[NotUnderstood] = []
        self.warnings: list[Warning] = []
        self.notes: list[str] = []


def _blank(cell: GridCell) -> bool:
    v = cell.value
    return v is None or (isinstance(v, str) and not v.strip())


def _shows_percent(number_format: str | None) -> bool:
    """True if the format really scales by 100 ('0.00%'), not a literal sign ('0.00"%"')."""
    if not number_format:
        return False
    fmt = re.sub(r'"[^"]*"', "", number_format)
    fmt = re.sub(r"\\.", "", fmt)
    fmt = re.sub(r"\[[^\]]*\]", "", fmt)
    return "%" in fmt


def _plain(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _unit_norm(unit: str | None) -> str:
    return re.sub(r"[()（）]", "", _norm(unit or ""))


class _Number:
    """A parsed numeric cell: value, the raw text, and what to report."""

    def __init__(self, value: Decimal | None, raw: str, unit_text: str | None, percent_format: bool, approximate: bool):
        self.value = value
        self.raw = raw
        self.unit_text = unit_text
        self.percent_format = percent_format
        self.approximate = approximate


def _read_number(cell: GridCell) -> _Number:
    """Parse one numeric input cell; raises ValueParseError with a Chinese reason."""
    v = cell.value
    if isinstance(v, (dt.date, dt.datetime)):
        raise ValueParseError(_text(v), "这是一个日期，不是数值；请填写数字")
    if isinstance(v, bool):
        raise ValueParseError(v, "是/否（布尔值）不是数值")
    if isinstance(v, (int, float, Decimal)):
        if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
            v = int(v)
        parsed = parse_value(v)
        value = parsed.value
        raw = _text(v)
        percent = _shows_percent(cell.number_format)
        if percent and value is not None:
            value = _plain(value * 100)
            raw = f"{format(value, 'f')}%"  # what the cell shows, as the clerk typed it
        return _Number(value, raw, None, percent, False)
    raw = str(v).strip()
    parsed = parse_value(raw)
    return _Number(parsed.value, raw, parsed.unit_text, False, parsed.approximate)


class _SheetReader:
    def __init__(self, grid: WorkbookGrid, meta: _Meta, layout: _SheetLayout, out: _Collector) -> None:
        self.grid = grid
        self.meta = meta
        self.layout = layout
        self.out = out
        self.name = layout.name
        self.kind = layout.kind
        self.sheet = self._find_sheet()
        self.col = self._locate_columns()
        self.keys = {k: info for k, info in meta.rows.items() if info.sheet == layout.name}
        self.by_name: dict[str, list[str]] = {}
        for k, info in self.keys.items():
            self.by_name.setdefault(_norm(info.name), []).append(k)

    # -- where things are ------------------------------------------------------------------

    def _find_sheet(self) -> SheetGrid:
        sheet = self.grid.sheet(self.name)
        if sheet is not None:
            return sheet
        raise TemplateError(
            f"文件“{self.grid.file_name}”里找不到模板的工作表“{self.name}”（可能被改名或删除）。"
            "请让报送单位用下发的原模板重新填报，不要改动工作表。",
            sheet=self.name,
        )

    def _locate_columns(self) -> dict[str, int]:
        """Role → column, checked against the header labels recorded in _meta."""
        layout, sheet = self.layout, self.sheet
        expected = {c.role: c for c in layout.columns}
        if all(_norm(sheet.cell(layout.header_row, c.index).value) == _norm(c.label) for c in layout.columns):
            return {role: c.index for role, c in expected.items()}
        # the header moved or columns were moved: find the row holding every label
        for r in range(1, min(sheet.max_row, layout.header_row + 30) + 1):
            found: dict[str, int] = {}
            labels = {_norm(sheet.cell(r, c).value): c for c in range(1, sheet.max_col + 1)}
            for role, column in expected.items():
                if _norm(column.label) in labels:
                    found[role] = labels[_norm(column.label)]
            if all(role in found for role in _REQUIRED_ROLES[self.kind]):
                self.out.notes.append(f"工作表“{self.name}”的表头不在原位置，已按表头文字（第 {r} 行）定位各列。")
                self.header_row = r
                return found
        bad = next(c for c in layout.columns if _norm(sheet.cell(layout.header_row, c.index).value) != _norm(c.label))
        cell = a1(layout.header_row, bad.index)
        shown = _text(sheet.cell(layout.header_row, bad.index).value)
        raise TemplateError(
            f"文件“{self.grid.file_name}”的工作表“{self.name}”表头被改动：{cell} 单元格应为“{bad.label}”，"
            f"实际是“{shown}”，找不到原来的各列。请让报送单位用下发的原模板重新填报，不要增删或移动列。",
            sheet=self.name,
            cell=cell,
        )

    @property
    def first_row(self) -> int:
        return getattr(self, "header_row", self.layout.header_row) + 1

    def cell(self, row: int, role: str) -> GridCell:
        col = self.col.get(role)
        return self.sheet.cell(row, col) if col else GridCell(None)

    def ref(self, row: int, role: str) -> str:
        return a1(row, self.col[role])

    # -- rows ----------------------------------------------------------------------------------

    def input_roles(self) -> tuple[str, ...]:
        if self.kind == "indicators":
            return ("value", "note")
        return ("percent", "status", "progress", "problems", "next_steps")

    def resolve(self, row: int) -> str | None:
        """The key of sheet row ``row``: by the hidden key, cross-checked with the name."""
        key_cell = self.cell(row, "key")
        raw_key = _norm(key_cell.value)
        name_role = _NAME_ROLE[self.kind]
        shown_name = _norm(self.cell(row, name_role).value)
        by_name = self.by_name.get(shown_name, []) if shown_name else []
        if len(by_name) > 1:  # same name twice in the plan: the 序号 tells them apart
            number = _norm(self.cell(row, "number").value)
            by_name = [k for k in by_name if _norm(self.keys[k].number) == number] or by_name
        if raw_key:
            if not _KEY.fullmatch(raw_key) or raw_key not in self.keys:
                cell = self.ref(row, "key")
                raise TemplateError(
                    f"文件“{self.grid.file_name}”的工作表“{self.name}”第 {row} 行（{cell} 单元格）的行标识"
                    f"“{_text(key_cell.value)}”不属于这份模板（模板编号 {self.meta.identity.template_id}）。"
                    "可能是从其他单位或其他期的表格中复制了行；请让报送单位用本期下发的原模板重新填报。",
                    sheet=self.name,
                    cell=cell,
                )
            if not shown_name or shown_name == _norm(self.keys[raw_key].name):
                return raw_key
            if len(by_name) == 1:
                self.out.warnings.append(
                    Warning(
                        self.name,
                        self.ref(row, "key"),
                        f"第 {row} 行的隐藏行标识与名称“{_text(self.cell(row, name_role).value)}”不一致"
                        "（可能排序时只选中了部分列），已按名称识别，请核对该行数据。",
                    )
                )
                return by_name[0]
            self.out.warnings.append(
                Warning(
                    self.name,
                    self.ref(row, name_role),
                    f"第 {row} 行的名称被改成了“{_text(self.cell(row, name_role).value)}”，"
                    f"已按隐藏行标识识别为“{self.keys[raw_key].name}”，请核对。",
                )
            )
            return raw_key
        if len(by_name) == 1:
            self.out.notes.append(f"工作表“{self.name}”第 {row} 行的隐藏行标识为空，已按名称识别。")
            return by_name[0]
        return None

    def read(self) -> None:
        sheet = self.sheet
        inputs = self.input_roles()
        seen: dict[str, list[int]] = {}
        pending: list[tuple[int, str]] = []
        in_table = True
        for row in range(self.first_row, sheet.max_row + 1):
            cells = sheet.row_cells(row)
            if all(_blank(c) for c in cells):
                in_table = False  # the spacer row under the table; below it: notes and footer
                continue
            key = self.resolve(row)
            filled = any(not _blank(self.cell(row, role)) for role in inputs)
            if key is None:
                if in_table and filled:
                    name_role = _NAME_ROLE[self.kind]
                    self.out.not_understood.append(
                        NotUnderstood(self.name, row, _text(self.cell(row, name_role).value) or _text(cells[0].value if cells else None))
                    )
                continue
            seen.setdefault(key, []).append(row)
            if filled:
                pending.append((row, key))
        filled_rows: dict[str, list[int]] = {}
        for row, key in pending:
            filled_rows.setdefault(key, []).append(row)
        for row, key in pending:
            rows = filled_rows[key]
            if len(rows) > 1:
                name_role = _NAME_ROLE[self.kind]
                self.out.refused.append(
                    Refusal(
                        self.name,
                        self.ref(row, name_role),
                        _text(self.cell(row, name_role).value),
                        f"“{self.keys[key].name}”在第 {'、'.join(map(str, rows))} 行重复出现且都填了内容，"
                        "无法确定以哪一行为准；请只保留一行后重新报送。",
                    )
                )
                continue
            if self.kind == "indicators":
                self.read_value(row, key)
            else:
                self.read_progress(row, key)
        self.read_fields()

    def read_value(self, row: int, key: str) -> None:
        info = self.keys[key]
        cell = self.cell(row, "value")
        ref = self.ref(row, "value")
        note = _text(self.cell(row, "note").value) or None
        if _blank(cell):
            self.out.warnings.append(
                Warning(self.name, ref, f"“{info.name}”只填写了备注，没有填写本期数值，该行未导入。")
            )
            return
        try:
            number = _read_number(cell)
        except ValueParseError as exc:
            self.out.refused.append(Refusal(self.name, ref, _text(cell.value), exc.reason))
            return
        unit = info.unit
        is_percent = _unit_norm(unit) == "%"
        if number.percent_format and not is_percent:
            self.out.refused.append(
                Refusal(
                    self.name,
                    ref,
                    number.raw,
                    f"单元格显示为百分数，但该指标的计量单位是“{unit or '无'}”；请填写以“{unit or '该指标单位'}”计的数字。",
                )
            )
            return
        if number.unit_text is not None and _unit_norm(number.unit_text) != _unit_norm(unit):
            if unit:
                reason = f"填写的单位“{number.unit_text}”与计量单位“{unit}”不一致；请换算为“{unit}”后只填数字。"
            else:
                reason = f"该指标没有计量单位，不能带单位“{number.unit_text}”；请只填数字。"
            self.out.refused.append(Refusal(self.name, ref, number.raw, reason))
            return
        if number.approximate:
            self.out.warnings.append(Warning(self.name, ref, f"“{number.raw}”是约数，已按 {number.value} 导入，请核实。"))
        if is_percent and number.value is not None and not number.percent_format and number.unit_text is None:
            if 0 < abs(number.value) < 1:
                self.out.warnings.append(
                    Warning(
                        self.name,
                        ref,
                        f"“{info.name}”以百分点填写，{number.value} 表示 {number.value}%；"
                        "如本意是小数形式的比例（如 0.0302 表示 3.02%），请改为百分点。",
                    )
                )
        self.out.values.append(
            ExtractedValue(
                indicator_id=int(key[2:]),
                period=self.meta.identity.period,
                value=number.value,
                raw=number.raw,
                sheet=self.name,
                cell=ref,
                note=note,
            )
        )

    def read_progress(self, row: int, key: str) -> None:
        info = self.keys[key]
        refused = False
        percent: Decimal | None = None
        pcell = self.cell(row, "percent")
        pref = self.ref(row, "percent")
        if not _blank(pcell):
            try:
                number = _read_number(pcell)
                if number.unit_text not in (None, "%"):
                    raise ValueParseError(number.raw, f"完成百分比只填数字（0–100），不要带“{number.unit_text}”")
                percent = number.value
                if percent is not None and not Decimal(0) <= percent <= Decimal(100):
                    raise ValueParseError(number.raw, "完成百分比应在 0 到 100 之间（例如 80 表示完成 80%）")
            except ValueParseError as exc:
                self.out.refused.append(Refusal(self.name, pref, _text(pcell.value), exc.reason))
                refused = True
        status: str | None = None
        scell = self.cell(row, "status")
        if not _blank(scell):
            text = _norm(scell.value)
            if text in STATUSES:
                status = text
            else:
                self.out.refused.append(
                    Refusal(
                        self.name,
                        self.ref(row, "status"),
                        _text(scell.value),
                        f"状态只能是{'、'.join(STATUSES)}之一，请从下拉列表中选择。",
                    )
                )
                refused = True
        if refused:
            return
        if status == "已完成" and percent is not None and percent < 100:
            self.out.warnings.append(
                Warning(self.name, pref, f"“{info.name}”状态为已完成，但完成百分比是 {percent}，请核对。")
            )
        elif percent == 100 and status in ("未启动", "推进中"):
            self.out.warnings.append(
                Warning(self.name, pref, f"“{info.name}”完成百分比为 100，但状态是{status}，请核对。")
            )
        self.out.progress.append(
            ExtractedProgress(
                task_id=int(key[2:]),
                period=self.meta.identity.period,
                percent=percent,
                status=status,
                progress_text=_text(self.cell(row, "progress").value) or None,
                problems=_text(self.cell(row, "problems").value) or None,
                next_steps=_text(self.cell(row, "next_steps").value) or None,
                sheet=self.name,
                row=row,
            )
        )

    def read_fields(self) -> None:
        for role, ref in self.layout.fields:
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            assert m is not None  # checked when _meta was read
            col = 0
            for ch in m.group(1):
                col = col * 26 + ord(ch) - 64
            text = _text(self.sheet.cell(int(m.group(2)), col).value)
            label = _FIELD_LABELS.get(role, role)
            line = f"{label}：{text}"
            if text and line not in self.out.notes:
                self.out.notes.append(line)


def read_template(grid: WorkbookGrid) -> tuple[TemplateIdentity, Extraction]:
    """Identity and contents of a returned template; raises :class:`TemplateError`.

    Rows are found by their key (hidden column) and cross-checked with _meta, so the
    order of the rows does not matter. Rows whose input cells are all blank are skipped.
    """
    meta_sheet = _find_meta(grid)
    if meta_sheet is None:
        raise TemplateError(
            f"文件“{grid.file_name}”不是本系统下发的数据报送模板（没有找到隐藏的模板信息表“{META_SHEET}”）。",
            sheet=META_SHEET,
        )
    meta = _MetaReader(meta_sheet, grid.file_name).read()
    out = _Collector()
    identity = meta.identity
    out.notes.append(
        f"按数据报送模板读取：{meta.plan_name}，{identity.unit}，{meta.period_label}"
        f"（模板编号 {identity.template_id}，第 {identity.version} 版）。"
    )
    if meta.state != "veryHidden":
        out.notes.append(f"模板信息表“{META_SHEET}”的状态是 {meta.state}（文件可能被其他软件另存过），不影响读取。")
    for layout in meta.sheets:
        _SheetReader(grid, meta, layout, out).read()
    extraction = Extraction(
        file_name=grid.file_name,
        sha256=grid.sha256,
        unit=identity.unit,
        period=identity.period,
        template_id=identity.template_id,
        values=tuple(out.values),
        progress=tuple(out.progress),
        refused=tuple(out.refused),
        not_understood=tuple(out.not_understood),
        warnings=tuple(out.warnings),
        notes=tuple(out.notes),
    )
    return identity, extraction
