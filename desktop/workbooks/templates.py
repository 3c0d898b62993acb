"""数据报送模板: the workbook the bureau sends a department to fill in and send back.

One workbook per department and period, with the department's rows pre-filled::

    指标数据   {plan}数据报送表（{period}）
               填报单位：市科技局                          填报日期：[    ]
               序号 | 指标名称 | 计量单位 | 目标值 | 上期数值 | 本期数值 | 备注 | (行标识, hidden)
               注：…
               填报人：[    ]        联系电话：[    ]
               审核人：[    ]
    任务进展   序号 | 重点任务 | 完成时限 | (上期进展) | 完成百分比 | 状态 | 工作进展 | 存在问题 | 下步计划
    _lists     the 状态 list (hidden), named ``lst_status``
    _meta      template identity and the row keys (very hidden)

A sheet without rows is left out; 上期进展 only appears when some task has last period's
progress. Layout, fonts and print setup come from :mod:`desktop.workbooks.styles`, as
for the other official tables (A4 landscape, fit to one page wide, header row repeated).

Input cells (本期数值, 备注, 完成百分比, 状态, the three texts, 填报日期, 填报人, 联系电话,
审核人) are light yellow and validated:

- 本期数值: decimal. The error style is *warning*, not stop: the notice tells clerks to
  write 「—」 when there is no value this period, and a stop-style check would make that
  impossible. Pasted values are never checked by Excel anyway; the reader re-checks all.
- 完成百分比: decimal 0–100, stop. 「80%」 typed by a clerk is stored as 0.8 with a
  percent format, which the reader turns back into 80.
- 状态: a list taken from the defined name ``lst_status`` on the hidden ``_lists`` sheet,
  never an inline ``"a,b,c"`` list (official-formats.md §2.7).

Protection and sorting (official-formats.md §2.8):

- Every sheet is protected **without a password**. Protection here is a guard rail against
  accidental edits, not security (the legacy hash is trivial, and the reader re-validates
  everything); a password would only produce phone calls from departments.
- Excel can sort a protected sheet only if *every* cell of the sorted range is unlocked,
  whatever the 「排序」 permission says (Microsoft, "Protect a worksheet": "Users can't
  sort ranges that contain locked cells on a protected worksheet, regardless of this
  setting"). So that rows can still be re-sorted, the whole data block (the pre-filled
  columns and the hidden key column too) is unlocked, and only the input cells are
  yellow; the title, header, notes and footer labels stay locked. Allowed: sort, use the
  pre-applied AutoFilter (users cannot add an AutoFilter on a protected sheet), resize
  rows (long answers), select cells. Not allowed: format columns (that would let the
  hidden key column be unhidden and would undo the print widths), insert or delete rows
  and columns, format cells. The workbook structure is locked (no password) so sheets
  cannot be renamed, deleted or unhidden.
- WPS has the same dialog (审阅 → 保护工作表 → 排序 / 使用自动筛选) and reads these flags;
  whether it also refuses to sort locked cells is **[unverified-WPS]**: check once on a
  real WPS machine, together with the dropdown from the hidden sheet.
- Row heights do not move when rows are sorted; row resizing is allowed for that.

How a re-sorted return still imports exactly:

- Every data row carries its key (``i:123`` / ``t:45``) in a hidden column *of the same
  row* (the column after the last visible one, inside the AutoFilter range). A sort moves
  whole rows, so the key moves with the 本期数值 typed next to it; the reader looks rows up
  by key, never by position.
- ``_meta`` carries the identity (template id, plan id, unit, period, version, checksum),
  where each column is, and per key the row's visible content (序号, name, unit). If keys
  and names were separated (Excel's 「以当前选定区域排序」 with only some columns selected)
  or a key was cleared, the reader recognises the row by its name and warns.
- Merged cells would block sorting, so the data block has none; an empty spacer row
  separates the table from the notes and footer, so Excel's current region (and the
  reader's table) ends there.

The reading side is :mod:`desktop.domain.intake.template_reader`, which also owns the
shared names (sheet names, status list, key format, checksum).
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from desktop.domain.intake.template_reader import (
    FORMAT_MARK,
    INDICATOR_SHEET,
    LIST_NAME,
    LIST_SHEET,
    META_SHEET,
    STATUSES,
    TASK_SHEET,
    meta_checksum,
)
from desktop.domain.periods import Period, PeriodError
from desktop.workbooks.styles import (
    SIZE_BODY,
    SIZE_BODY_DENSE,
    SIZE_NOTE,
    Column,
    SheetWriter,
    row_height_for,
    write_text,
)

__all__ = [
    "INPUT_FILL",
    "TemplateIndicatorRow",
    "TemplateSpec",
    "TemplateTaskRow",
    "build_template",
    "new_template_id",
    "template_file_name",
]

INPUT_FILL = "FFF2CC"  # light yellow: what to fill in (prints as a pale grey)
_GB2312 = 134
_KEY_HEADER = "行标识"
_THIN = Side(style="thin", color="000000")
_UNDERLINE = Border(bottom=_THIN)
_KEY_FONT = Font(name="Arial", size=8, color="FF808080")
_UNLOCKED = Protection(locked=False)

# Excel's limits for data validation texts (official-formats.md §2.7)
_MAX_TITLE = 32
_MAX_MESSAGE = 255


@dataclass(frozen=True)
class TemplateIndicatorRow:
    key: str  # stable row key, 'i:<indicator id>'
    number: str | None
    name: str
    unit: str | None  # 计量单位
    target: Decimal | None
    target_year: int | None
    last_value: Decimal | None
    last_period: str | None  # canonical Period text


@dataclass(frozen=True)
class TemplateTaskRow:
    key: str  # 't:<task id>'
    number: str
    title: str
    deadline_text: str | None
    last_percent: Decimal | None
    last_progress: str | None


@dataclass(frozen=True)
class TemplateSpec:
    template_id: str  # uuid4 hex
    plan_id: int
    plan_name: str
    unit: str  # the department (canonical name)
    period: str  # canonical Period text
    period_label: str
    due: datetime.date | None
    indicators: tuple[TemplateIndicatorRow, ...]
    tasks: tuple[TemplateTaskRow, ...]
    version: int = 1


def new_template_id() -> str:
    return uuid.uuid4().hex


def template_file_name(spec: TemplateSpec) -> str:
    """「数据报送模板-市科技局-2025年第三季度.xlsx」, safe on Windows."""
    name = f"数据报送模板-{spec.unit}-{spec.period_label}.xlsx"
    return re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", name)


# --- helpers ------------------------------------------------------------------------------


def _number_text(value: Decimal) -> str:
    """1600 → '1,600'; 2.50 stays '2.50'; no exponent."""
    if value == value.to_integral_value() and value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    return format(value, ",f")


def _period_label(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return Period.parse(text).label
    except PeriodError:
        return text


def _date_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _fill() -> PatternFill:
    return PatternFill(fill_type="solid", fgColor="FF" + INPUT_FILL, bgColor="FF" + INPUT_FILL)


def _mark_input(cell) -> None:
    cell.fill = _fill()
    cell.protection = _UNLOCKED


def _check_dv_texts(dv: DataValidation) -> None:
    for title in (dv.errorTitle, dv.promptTitle):
        if title is not None and len(title) > _MAX_TITLE:
            raise ValueError(f"validation title longer than {_MAX_TITLE}: {title!r}")
    for message in (dv.error, dv.prompt):
        if message is not None and len(message) > _MAX_MESSAGE:
            raise ValueError(f"validation message longer than {_MAX_MESSAGE}: {message!r}")


def _validate(spec: TemplateSpec) -> None:
    if not re.fullmatch(r"[0-9a-f]{32}", spec.template_id or ""):
        raise ValueError(f"template_id must be 32 lowercase hex digits (uuid4().hex): {spec.template_id!r}")
    if str(Period.parse(spec.period)) != spec.period:
        raise ValueError(f"period must be canonical: {spec.period!r}")
    if int(spec.plan_id) < 1 or int(spec.version) < 1:
        raise ValueError("plan_id and version must be positive")
    if not spec.unit.strip():
        raise ValueError("unit is empty")
    if not spec.indicators and not spec.tasks:
        raise ValueError("a template needs at least one indicator or task row")
    keys = [r.key for r in spec.indicators] + [r.key for r in spec.tasks]
    if len(set(keys)) != len(keys):
        raise ValueError("row keys must be unique")
    for row in spec.indicators:
        if not re.fullmatch(r"i:\d{1,12}", row.key):
            raise ValueError(f"indicator key must look like 'i:123': {row.key!r}")
    for row in spec.tasks:
        if not re.fullmatch(r"t:\d{1,12}", row.key):
            raise ValueError(f"task key must look like 't:45': {row.key!r}")


# --- the visible sheets -------------------------------------------------------------------


@dataclass
class _Layout:
    """What the _meta sheet records about one visible sheet."""

    name: str
    kind: str
    header_row: int
    first_row: int
    last_row: int
    columns: list[tuple[str, int, str]]  # (role, index, label)
    fields: list[tuple[str, str]]  # (role, A1)
    rows: list[tuple[str, str, str, str | None]]  # (key, number, name, unit)


class _SheetBuilder:
    """Common parts of both sheets: header lines, input marking, footer, protection."""

    def __init__(self, ws, columns: Sequence[Column], roles: Sequence[str], *, body_size: float, fallback_fonts: bool):
        self.ws = ws
        self.columns = list(columns)
        self.roles = list(roles)
        self.n = len(columns)
        self.key_col = self.n + 1
        self.w = SheetWriter(ws, columns, body_size=body_size, landscape=True, fallback_fonts=fallback_fonts)
        self.body_font = self.w.fonts.body
        self.manual_rows: dict[int, float] = {}
        self.fields: list[tuple[str, str]] = []

    def font(self, size: float = SIZE_NOTE) -> Font:
        return Font(name=self.body_font, size=size, charset=_GB2312)

    def col(self, role: str) -> int:
        return self.roles.index(role) + 1

    def _text_cell(self, row: int, first: int, last: int, text: str, align: str) -> None:
        for c in range(first, last + 1):
            cell = self.ws.cell(row, c)
            cell.font = self.font()
            cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=False)
        write_text(self.ws.cell(row, first), text)
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def _input_cell(self, row: int, first: int, last: int, role: str, number_format: str = "@") -> None:
        for c in range(first, last + 1):
            cell = self.ws.cell(row, c)
            cell.font = self.font()
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=False, shrink_to_fit=True)
            cell.border = _UNDERLINE
            cell.number_format = number_format
            _mark_input(cell)
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        self.fields.append((role, f"{get_column_letter(first)}{row}"))

    def unit_and_date(self, unit: str) -> None:
        """「填报单位：…」 on the left, 「填报日期：[    ]」 on the right, one line."""
        self.w.skip(1)
        r = self.w.next_row - 1
        self._text_cell(r, 1, 2, f"填报单位：{unit}", "left")
        self._text_cell(r, 3, self.n - 1, "填报日期：", "right")
        self._input_cell(r, self.n, self.n, "date", 'yyyy"年"m"月"d"日"')
        self.manual_rows[r] = 24.0

    def footer(self) -> None:
        """填报人 / 联系电话 on one line, 审核人 below: labels right-aligned next to their input."""
        self.w.skip(1)
        r = self.w.next_row - 1
        self._text_cell(r, 1, 2, "填报人：", "right")
        self._input_cell(r, 3, 4, "filler")
        self._text_cell(r, 5, self.n - 2, "联系电话：", "right")
        self._input_cell(r, self.n - 1, self.n, "phone")
        self.manual_rows[r] = 26.0
        self.w.skip(1)
        r += 1
        self._text_cell(r, 1, 2, "审核人：", "right")
        self._input_cell(r, 3, 4, "reviewer")
        self.manual_rows[r] = 26.0

    def spacer(self) -> None:
        self.w.skip(1)
        self.manual_rows[self.w.next_row - 1] = 8.0

    def finish(self, first: int, last: int, keys: Sequence[str], input_roles: Sequence[str], min_lines: int) -> None:
        ws, w = self.ws, self.w
        w.finish()
        # Sorting moves contents, not page breaks or heights: let the application paginate.
        ws.row_breaks.brk = ()
        for r, h in self.manual_rows.items():
            ws.row_dimensions[r].height = h
        min_height = row_height_for(min_lines, w.body_size)
        for r in range(first, last + 1):
            dim = ws.row_dimensions[r]
            dim.height = max(dim.height or 0, min_height)
        # the hidden key column, inside the data block so that it sorts with the row
        kc = self.key_col
        letter = get_column_letter(kc)
        head = ws.cell(first - 1, kc)
        write_text(head, _KEY_HEADER)
        head.font = _KEY_FONT
        for r, key in zip(range(first, last + 1), keys):
            cell = ws.cell(r, kc)
            write_text(cell, key)
            cell.font = _KEY_FONT
            cell.number_format = "@"
        ws.column_dimensions[letter].width = 10
        ws.column_dimensions[letter].hidden = True
        # the whole data block is unlocked (Excel sorts a protected sheet only then) …
        for r in range(first, last + 1):
            for c in range(1, kc + 1):
                ws.cell(r, c).protection = _UNLOCKED
        # … and the input cells are the yellow ones
        for role in input_roles:
            c = self.col(role)
            for r in range(first, last + 1):
                ws.cell(r, c).fill = _fill()
        ws.auto_filter.ref = f"A{first - 1}:{letter}{last}"
        protect(ws)


def protect(ws) -> None:
    """Sheet protection without a password: sort, filter and row heights allowed."""
    p = ws.protection
    p.sheet = True
    p.objects = True
    p.scenarios = True
    p.formatCells = True
    p.formatColumns = True  # keeps the key column hidden and the print widths
    p.formatRows = False  # long answers: the clerk may make a row taller
    p.insertColumns = True
    p.insertRows = True
    p.insertHyperlinks = True
    p.deleteColumns = True
    p.deleteRows = True
    p.selectLockedCells = False
    p.selectUnlockedCells = False
    p.sort = False  # allowed (works on the unlocked data block)
    p.autoFilter = False  # allowed (the AutoFilter is applied before protecting)
    p.pivotTables = True


def _notice(spec: TemplateSpec, items: Sequence[str]) -> str:
    lines = [
        "注：1. 请在黄色单元格中填写；白色单元格为预填内容，请勿修改。请勿增删行列、合并或拆分单元格，可按列排序、筛选。",
    ]
    for i, item in enumerate(items, start=2):
        lines.append(f"{i}. {item}")
    n = len(items) + 2
    if spec.due is not None:
        lines.append(f"{n}. 请于{_date_label(spec.due)}前报送本表（Excel 文件，请勿转为 PDF 或图片）。")
        n += 1
    lines.append(f"{n}. 模板编号：{spec.template_id}（第 {spec.version} 版），系统据此导入，请勿删除隐藏内容。")
    return "\n".join("    " + line if i else line for i, line in enumerate(lines))


def _indicator_sheet(ws, spec: TemplateSpec, fallback_fonts: bool) -> _Layout:
    columns = [
        Column("序号", width=6, align="center"),
        Column("指标名称"),
        Column("计量单位", width=10, align="center"),
        Column("目标值", width=14, align="center"),
        Column("上期数值", width=14, align="center"),
        Column("本期数值", width=14, align="center"),
        Column("备注", width=24),
    ]
    roles = ["number", "name", "unit", "target", "last", "value", "note"]
    # one previous period for every row (the usual case): say it once, in the header
    last_periods = {r.last_period for r in spec.indicators if r.last_value is not None}
    common_last = _period_label(next(iter(last_periods))) if len(last_periods) == 1 else None
    if common_last:
        columns[4] = Column(f"上期数值\n（{common_last}）", width=14, align="center")
    b = _SheetBuilder(ws, columns, roles, body_size=SIZE_BODY, fallback_fonts=fallback_fonts)
    w = b.w
    w.title(f"{spec.plan_name.strip()}数据报送表（{spec.period_label}）")
    b.unit_and_date(spec.unit)
    header_row, _ = w.header()
    first = w.next_row
    for row in spec.indicators:
        target = None
        if row.target is not None:
            target = _number_text(row.target)
            if row.target_year is not None:
                target += f"\n（{row.target_year}年）"
        last = None
        if row.last_value is not None:
            last = _number_text(row.last_value)
            label = _period_label(row.last_period)
            if label and not common_last:
                last += f"\n（{label}）"
        w.row([row.number or "", row.name, row.unit or "", target, last, None, None])
    last_row = w.next_row - 1
    b.spacer()
    w.note(
        _notice(
            spec,
            [
                "本期数值只填数字，不带单位（单位见“计量单位”列）；百分比指标填百分点，如 3.02 表示 3.02%。"
                "本期确无数据的填“—”，并在备注中说明原因。",
            ],
        )
    )
    b.footer()
    b.finish(first, last_row, [r.key for r in spec.indicators], ("value", "note"), min_lines=1)

    vc = get_column_letter(b.col("value"))
    value_dv = _number_rule(
        "-1000000000000", "1000000000000", "warning",
        "本期数值应为数字",
        "本期数值只填数字（如 1600 或 3.02），不要带单位或文字。如本期确无数据，可填“—”后点“是”，并在备注中说明原因。",
        "本期数值",
        "只填数字，单位见“计量单位”列；百分比指标填百分点（3.02 表示 3.02%）。无数据填“—”。",
    )
    value_dv.add(f"{vc}{first}:{vc}{last_row}")
    _check_dv_texts(value_dv)
    ws.add_data_validation(value_dv)
    for c in (b.col("value"),):
        for r in range(first, last_row + 1):
            ws.cell(r, c).number_format = "General"
    return _Layout(
        name=ws.title,
        kind="indicators",
        header_row=header_row,
        first_row=first,
        last_row=last_row,
        columns=[(role, i, col.header) for i, (role, col) in enumerate(zip(roles, columns), start=1)]
        + [("key", b.key_col, _KEY_HEADER)],
        fields=b.fields,
        rows=[(r.key, r.number or "", r.name, r.unit) for r in spec.indicators],
    )


def _progress_text(row: TemplateTaskRow) -> str | None:
    parts = []
    if row.last_percent is not None:
        parts.append(f"完成{_number_text(row.last_percent)}%")
    if row.last_progress:
        text = " ".join(row.last_progress.split())
        if len(text) > 120:
            text = text[:119] + "…"
        parts.append(text)
    return "；".join(parts) or None


def _task_sheet(ws, spec: TemplateSpec, fallback_fonts: bool) -> _Layout:
    with_last = any(r.last_percent is not None or r.last_progress for r in spec.tasks)
    columns = [Column("序号", width=6, align="center"), Column("重点任务"), Column("完成时限", width=11, align="center")]
    roles = ["number", "title", "deadline"]
    if with_last:
        columns.append(Column("上期进展", width=14))
        roles.append("last")
    columns += [
        Column("完成百分比\n（%）", width=13, align="center"),
        Column("状态", width=9, align="center"),
        Column("工作进展", width=20),
        Column("存在问题", width=12),
        Column("下步计划", width=13),
    ]
    roles += ["percent", "status", "progress", "problems", "next_steps"]
    b = _SheetBuilder(ws, columns, roles, body_size=SIZE_BODY_DENSE, fallback_fonts=fallback_fonts)
    w = b.w
    w.title(f"{spec.plan_name.strip()}重点任务进展报送表（{spec.period_label}）")
    b.unit_and_date(spec.unit)
    header_row, _ = w.header()
    first = w.next_row
    for row in spec.tasks:
        values: list[object] = [row.number, row.title, row.deadline_text or ""]
        if with_last:
            values.append(_progress_text(row))
        values += [None, None, None, None, None]
        w.row(values)
    last_row = w.next_row - 1
    b.spacer()
    w.note(
        _notice(
            spec,
            [
                "完成百分比填 0 到 100 之间的数字（80 表示完成 80%）；状态请从下拉列表中选择："
                + "、".join(STATUSES)
                + "。工作进展、存在问题、下步计划请如实简要填写；内容较多时，可双击行号下边线或拖动调整行高。",
            ],
        )
    )
    b.footer()
    b.finish(first, last_row, [r.key for r in spec.tasks], ("percent", "status", "progress", "problems", "next_steps"), min_lines=3)

    pc = get_column_letter(b.col("percent"))
    percent_dv = _number_rule(
        "0", "100", "stop",
        "完成百分比应为 0–100",
        "请填写 0 到 100 之间的数字，例如 80 表示完成 80%。",
        "完成百分比",
        "填 0 到 100 之间的数字，80 表示完成 80%。",
    )
    percent_dv.add(f"{pc}{first}:{pc}{last_row}")
    sc = get_column_letter(b.col("status"))
    status_dv = DataValidation(
        type="list",
        formula1=LIST_NAME,  # a defined name on the hidden list sheet; no leading '='
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="请从下拉列表中选择",
        error="状态只能是：" + "、".join(STATUSES) + "。请点单元格右侧的箭头选择。",
        showInputMessage=True,
        promptTitle="状态",
        prompt="从下拉列表中选择：" + "、".join(STATUSES) + "。",
    )
    status_dv.add(f"{sc}{first}:{sc}{last_row}")
    for dv in (percent_dv, status_dv):
        _check_dv_texts(dv)
        ws.add_data_validation(dv)
    for r in range(first, last_row + 1):
        ws.cell(r, b.col("percent")).number_format = "General"
    return _Layout(
        name=ws.title,
        kind="tasks",
        header_row=header_row,
        first_row=first,
        last_row=last_row,
        columns=[(role, i, col.header) for i, (role, col) in enumerate(zip(roles, columns), start=1)]
        + [("key", b.key_col, _KEY_HEADER)],
        fields=b.fields,
        rows=[(r.key, r.number, r.title, None) for r in spec.tasks],
    )


# --- hidden sheets ------------------------------------------------------------------------


def _lists_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(LIST_SHEET)
    for i, status in enumerate(STATUSES, start=1):
        write_text(ws.cell(i, 1), status)
    wb.defined_names[LIST_NAME] = DefinedName(LIST_NAME, attr_text=f"{LIST_SHEET}!$A$1:$A${len(STATUSES)}")
    ws.sheet_state = "hidden"
    protect(ws)


def _meta_sheet(wb: Workbook, spec: TemplateSpec, layouts: Sequence[_Layout]) -> None:
    ws = wb.create_sheet(META_SHEET)
    keys = [key for layout in layouts for key, *_ in layout.rows]
    rows: list[list[object]] = [
        ["InnoTrack数据报送模板", FORMAT_MARK],
        ["说明", "本表供导入时识别模板，请勿修改。"],
        ["format", FORMAT_MARK],
        ["template_id", spec.template_id],
        ["version", str(spec.version)],
        ["plan_id", str(spec.plan_id)],
        ["plan_name", spec.plan_name],
        ["unit", spec.unit],
        ["period", spec.period],
        ["period_label", spec.period_label],
        ["due", spec.due.isoformat() if spec.due else ""],
        ["checksum", meta_checksum(spec.template_id, spec.version, spec.plan_id, spec.unit, spec.period, keys)],
    ]
    for layout in layouts:
        rows.append(["sheet", layout.name, layout.kind, str(layout.header_row), str(layout.first_row), str(layout.last_row)])
    for layout in layouts:
        for role, index, label in layout.columns:
            rows.append(["column", layout.name, role, str(index), label])
        for role, ref in layout.fields:
            rows.append(["field", layout.name, role, ref])
    for layout in layouts:
        for key, number, name, unit in layout.rows:
            rows.append(["row", key, layout.name, number, name, unit or ""])
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            write_text(cell, value)
            cell.number_format = "@"
    ws.sheet_state = "veryHidden"
    protect(ws)


# --- the workbook -------------------------------------------------------------------------


def build_template(spec: TemplateSpec, *, fallback_fonts: bool = False) -> Workbook:
    """The template workbook for ``spec``; save it with ``styles.save_atomic``.

    ``fallback_fonts`` uses 黑体/宋体 instead of 方正小标宋简体/仿宋_GB2312, for
    departments whose PCs lack the official fonts.
    """
    _validate(spec)
    wb = Workbook()
    first_sheet = wb.active
    layouts: list[_Layout] = []
    if spec.indicators:
        first_sheet.title = INDICATOR_SHEET
        layouts.append(_indicator_sheet(first_sheet, spec, fallback_fonts))
    if spec.tasks:
        ws = wb.create_sheet(TASK_SHEET) if layouts else first_sheet
        ws.title = TASK_SHEET
        layouts.append(_task_sheet(ws, spec, fallback_fonts))
    _lists_sheet(wb)
    _meta_sheet(wb, spec, layouts)
    wb.active = 0
    for i, ws in enumerate(wb.worksheets):
        ws.sheet_view.tabSelected = i == 0
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{spec.plan_name}数据报送模板（{spec.unit}，{spec.period_label}）"
    wb.properties.creator = "InnoTrack"
    wb.custom_doc_props.append(StringProperty(name="innotrack_template_id", value=spec.template_id))
    wb.custom_doc_props.append(StringProperty(name="innotrack_template_version", value=str(spec.version)))
    return wb


def _number_rule(
    low: str, high: str, style: str, error_title: str, error: str, prompt_title: str, prompt: str
) -> DataValidation:
    """A decimal-between rule with a Chinese input prompt and error (style: stop or warning)."""
    return DataValidation(
        type="decimal",
        operator="between",
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=style,
        errorTitle=error_title,
        error=error,
        showInputMessage=True,
        promptTitle=prompt_title,
        prompt=prompt,
    )
