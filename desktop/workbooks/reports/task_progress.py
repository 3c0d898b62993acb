"""重点任务推进情况 / 专班月度调度: one month's progress on every key task.

Layout (DESIGN.md, Official formats; 淄科发〔2022〕6号 asks each 工作专班 for its progress
by the 27th of every month):

    {plan name}重点任务推进情况（2022年6月）
    ┌────┬──────┬────────┬────────┬──────────┬────────┬────────┬──────────┐
    │序号│任务  │责任单位│完成时限│工作进展  │存在问题│下步计划│状态      │
    ├────┴──────┴────────┴────────┴──────────┴────────┴────────┴──────────┤
    │一、建设国家创新型城市工作专班（4项）                                  │ group row
    ├────┬──────┬────────┬────────┬──────────┬────────┬────────┬──────────┤
    │1.1 │……    │人才与成果科│2022年12月底│……        │……      │……      │● 正常    │
    └────┴──────┴────────┴────────┴──────────┴────────┴────────┴──────────┘
    注：状态：√已完成 ●正常推进/持续推进 ▲即将到期 ○未报送 ■逾期。

- Rows are grouped by task force (专班) or by lead unit: a bold row merged across the
  table opens each group, numbered 一、二、… with the group's task count.
  A group row is never the last row of a printed page (it keeps with its first task).
- 状态 starts with a symbol so it reads on a black-and-white print, and only that cell is
  tinted: green for 已完成 / 正常 / 持续推进, yellow for 即将到期 / 未报送, red for 逾期.
- Progress texts are long: the text columns wrap and the table layout
  (``desktop.workbooks.styles``) writes every row's height for its longest cell.
- Text is always text: a progress report starting with '=', '+' or '@' is not a formula.

Speed: a month of a big plan is a few hundred rows, but the table must stay quick for
20,000 (a year of reports of a large plan); ``tests/bench/bench_task_progress.py``
measures it against openpyxl writing the same cells without styles.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.styles.cell_style import StyleArray

from desktop.domain.evaluation.results import TaskStatus
from desktop.workbooks.styles import SIZE_BODY_DENSE, Column, SheetWriter, set_alignment

__all__ = ["GROUPINGS", "HEADERS", "STATUS_FILLS", "STATUS_SYMBOLS", "ProgressRow", "build", "title_for"]

SHEET_TITLE = "重点任务推进情况"

HEADERS = ("序号", "任务", "责任单位", "完成时限", "工作进展", "存在问题", "下步计划", "状态")

GROUPINGS = {
    "task_force": "未明确工作专班",  # label of rows without a task force
    "unit": "未明确牵头单位",
    "none": "",
}

# Symbol first, so the status reads without colour (same shapes as 主要指标完成情况).
STATUS_SYMBOLS: dict[str, str] = {
    TaskStatus.DONE.value: "√",
    TaskStatus.ON_TRACK.value: "●",
    TaskStatus.ONGOING.value: "●",
    TaskStatus.DUE_SOON.value: "▲",
    TaskStatus.NOT_REPORTED.value: "○",
    TaskStatus.OVERDUE.value: "■",
}

# Light tints (Excel's 40 % accent tints, as in 主要指标完成情况): pale on a laser printer.
_GREEN, _YELLOW, _RED = "E2EFDA", "FFF2CC", "F8CBAD"
STATUS_FILLS: dict[str, str] = {
    TaskStatus.DONE.value: _GREEN,
    TaskStatus.ON_TRACK.value: _GREEN,
    TaskStatus.ONGOING.value: _GREEN,
    TaskStatus.DUE_SOON.value: _YELLOW,
    TaskStatus.NOT_REPORTED.value: _YELLOW,
    TaskStatus.OVERDUE.value: _RED,
}
_GROUP_FILL = "F2F2F2"

LEGEND = "注：状态栏中，√已完成，●正常推进或持续推进，▲即将到期，○本月未报送进展，■逾期未完成。"

_CN_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class ProgressRow:
    """One task's line of the month: what the services read from the progress reports.

    ``units`` are the responsible units, lead first; ``status`` is a ``TaskStatus``
    value (已完成, 正常, 即将到期, 逾期, 持续推进, 未报送) or any other short text;
    ``group`` is the task force or the lead unit the row is listed under.
    """

    number: str
    task: str
    units: tuple[str, ...]
    deadline_text: str | None
    progress: str | None
    problems: str | None
    next_steps: str | None
    status: str
    group: str


def title_for(plan_name: str, month_label: str) -> str:
    return f"{plan_name.strip()}重点任务推进情况（{month_label.strip()}）"


def status_text(status: str) -> str:
    """「● 正常」: the symbol, a space, the status; unknown statuses as written."""
    status = (status or "").strip()
    symbol = STATUS_SYMBOLS.get(status)
    return f"{symbol} {status}" if symbol else status


def _group_label(index: int, name: str, count: int) -> str:
    number = _CN_NUMBERS[index] if index < len(_CN_NUMBERS) else str(index + 1)
    return f"{number}、{name}（{count}项）"


def _grouped(rows: Sequence[ProgressRow], fallback: str) -> list[tuple[str, list[ProgressRow]]]:
    """Groups in order of first appearance; rows without a group come last."""
    groups: dict[str, list[ProgressRow]] = {}
    loose: list[ProgressRow] = []
    for row in rows:
        name = (row.group or "").strip()
        if name:
            groups.setdefault(name, []).append(row)
        else:
            loose.append(row)
    result = list(groups.items())
    if loose:
        result.append((fallback, loose))
    return result


def _tint(cell, status: str, fill: PatternFill, done: dict[tuple, StyleArray]) -> None:
    """Give ``cell`` the status fill, reusing the finished style of an identical cell.

    Assigning a fill makes openpyxl hash and look up the whole style each time; for
    20,000 rows that is a noticeable share of the export. A cell whose style (font,
    border, alignment, format) equals one already tinted for the same status gets a copy
    of that cell's style array instead, as openpyxl itself copies styles between cells.
    """
    key = (status, tuple(cell._style))
    styled = done.get(key)
    if styled is None:
        cell.fill = fill
        done[key] = copy(cell._style)
    else:
        cell._style = copy(styled)


def _units_text(row: ProgressRow) -> str:
    return "、".join(u.strip() for u in row.units if u and u.strip())


def _columns(unit_texts: Sequence[str]) -> list[Column]:
    """Fixed widths in Excel units (1 unit = 7 px; a character at 11 pt is about 15 px).

    They add up to the printable width of A4 landscape, so the print needs no shrinking,
    and 状态 fits 「● 持续推进」 on one line. When many tasks name several units
    (聊城: 「市科技局、市发改委、市经信委、高新区管委会」) 责任单位 takes four units of
    width from 任务. Fixed widths also spare measuring 20,000 rows of text for them.
    """
    many_units = sum(1 for text in unit_texts if len(text) > 10)
    wide_units = many_units * 4 > len(unit_texts)
    units_width, task_width = (15, 22) if wide_units else (11, 26)
    return [
        Column(HEADERS[0], width=5.5, align="center"),
        Column(HEADERS[1], width=task_width),
        Column(HEADERS[2], width=units_width),
        Column(HEADERS[3], width=10, align="center"),
        Column(HEADERS[4], width=30),
        Column(HEADERS[5], width=16),
        Column(HEADERS[6], width=16),
        Column(HEADERS[7], width=12.5, align="center"),
    ]


def build(
    plan_name: str,
    month_label: str,
    rows: Sequence[ProgressRow],
    *,
    grouped_by: str = "task_force",
) -> Workbook:
    """The 重点任务推进情况 workbook of one month.

    ``grouped_by`` is "task_force" (one group per 工作专班), "unit" (per lead unit) or
    "none"; the groups are the rows' ``group`` values in order of first appearance.
    """
    if grouped_by not in GROUPINGS:
        raise ValueError(f"grouped_by must be one of {sorted(GROUPINGS)}, not {grouped_by!r}")
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    columns = _columns([_units_text(row) for row in rows])
    w = SheetWriter(ws, columns, body_size=SIZE_BODY_DENSE)
    w.title(title_for(plan_name, month_label))
    w.header()

    fills = {status: PatternFill(fill_type="solid", fgColor="FF" + c, bgColor="FF" + c)
             for status, c in STATUS_FILLS.items()}
    status_col = len(columns)
    tinted: dict[tuple, StyleArray] = {}

    if grouped_by == "none":
        groups = [("", list(rows))]
    else:
        groups = _grouped(rows, GROUPINGS[grouped_by])
    for index, (name, members) in enumerate(groups):
        if name:
            # keep_with_next: the heading never ends a printed page without its first task
            r = w.row(
                [_group_label(index, name, len(members))],
                bold=True,
                fill=_GROUP_FILL,
                keep_with_next=True,
            )
            w.merge_across(r, 1, status_col)
            # column 1 (序号) is centred; a group title reads from the left
            set_alignment(ws.cell(r, 1), horizontal="left", indent=1)
        for row in members:
            status = (row.status or "").strip()
            r = w.row(
                [
                    row.number,
                    row.task,
                    _units_text(row),
                    row.deadline_text,
                    row.progress,
                    row.problems,
                    row.next_steps,
                    status_text(status),
                ]
            )
            fill = fills.get(status)
            if fill is not None:
                _tint(ws.cell(r, status_col), status, fill, tinted)
    if not rows:
        r = w.row(["本月暂无重点任务进展"])
        w.merge_across(r, 1, status_col)
    w.note(LEGEND)
    w.finish()
    return wb
