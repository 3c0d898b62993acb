"""未报送单位清单: the 催报 list of units that owe this period's report.

Layout:

    {plan name}未报送单位清单（2022年6月）
    报送截止日期：2022年6月27日　　统计截至：2022年6月28日
    ┌────┬──────────┬──────┬────────────┬──────────────────────┬────────┐
    │序号│单位      │联系人│联系电话    │应报内容              │状态    │
    ├────┼──────────┼──────┼────────────┼──────────────────────┼────────┤
    │ 1  │市财政局  │王某某│0533-1234567│研发经费投入；任务1.2 │未报送  │
    │ 2  │市教育局  │      │            │任务3.1               │逾期报送│
    └────┴──────────┴──────┴────────────┴──────────────────────┴────────┘
    催报提醒：请市财政局于2022年7月1日前报送2022年6月应报内容（……），逾期未报送的将予以通报。

- Units still owing come first (未报送), then those that reported after the due date
  (逾期报送, listed for the record); each keeps the services' order within its kind.
- 联系电话 is text (a phone number must keep its leading zero and its dash).
- The note line under the table is a sentence the clerk can paste into a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from desktop.workbooks.styles import Column, SheetWriter

__all__ = ["HEADERS", "OwedUnit", "build", "reminder_text", "title_for"]

SHEET_TITLE = "未报送单位清单"
HEADERS = ("序号", "单位", "联系人", "联系电话", "应报内容", "状态")
NOT_REPORTED = "未报送"
LATE = "逾期报送"
_NOT_REPORTED_FILL = "FFF2CC"  # the light yellow of 未报送 in 重点任务推进情况
_NAMED_UNITS = 6  # the reminder names up to this many units, else 「以上未报送单位」


@dataclass(frozen=True)
class OwedUnit:
    """A unit that owes (or late-delivered) this period's report.

    ``owed`` lists what it owes: indicator names and task numbers as the clerk knows them
    (「全社会研发经费投入」, 「任务1.2」). ``late`` is True when it did report, after the due date.
    """

    unit: str
    kind: str
    contact_person: str | None
    contact_phone: str | None
    owed: tuple[str, ...]
    late: bool = False


def title_for(plan_name: str, period_label: str) -> str:
    return f"{plan_name.strip()}未报送单位清单（{period_label.strip()}）"


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _next_working_day(day: dt.date, days: int) -> dt.date:
    """``days`` working days (Monday to Friday) after ``day``."""
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def reminder_date(due: dt.date | None, as_of: dt.date) -> dt.date:
    """The date to ask for: the due date while it is ahead, else three working days on."""
    if due is not None and due >= as_of:
        return due
    return _next_working_day(as_of, 3)


def reminder_text(
    period_label: str, due: dt.date | None, units: Sequence[OwedUnit], as_of: dt.date
) -> str:
    """The ready-to-send 催报 sentence for the units that have not reported."""
    owing = [u for u in units if not u.late]
    if not owing:
        return f"截至{_date(as_of)}，各单位均已报送{period_label}情况，无需催报。"
    names = [u.unit for u in owing]
    who = "、".join(names) if len(names) <= _NAMED_UNITS else "以上未报送单位"
    when = _date(reminder_date(due, as_of))
    overdue = "报送截止日期已过，" if due is not None and due < as_of else ""
    return (
        f"催报提醒：{overdue}请{who}于{when}前报送{period_label}指标数据和重点任务进展情况"
        "（具体内容见“应报内容”栏），逾期未报送的将在进展通报中予以通报。"
    )


def _caption(due: dt.date | None, as_of: dt.date) -> str:
    due_text = _date(due) if due is not None else "未设定"
    return f"报送截止日期：{due_text}\u3000\u3000统计截至：{_date(as_of)}"


def build(
    plan_name: str,
    period_label: str,
    due: dt.date | None,
    units: Sequence[OwedUnit],
    as_of: dt.date,
) -> Workbook:
    """The 未报送单位清单 workbook of one collection round."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    columns = [
        Column(HEADERS[0], kind="int", align="center"),
        Column(HEADERS[1]),
        Column(HEADERS[2], align="center"),
        Column(HEADERS[3], align="center"),
        Column(HEADERS[4]),
        Column(HEADERS[5], align="center"),
    ]
    w = SheetWriter(ws, columns)
    w.title(title_for(plan_name, period_label))
    w.caption(_caption(due, as_of))
    w.header()

    ordered = [u for u in units if not u.late] + [u for u in units if u.late]
    tint = PatternFill(
        fill_type="solid", fgColor="FF" + _NOT_REPORTED_FILL, bgColor="FF" + _NOT_REPORTED_FILL
    )
    for number, unit in enumerate(ordered, start=1):
        owed = "；".join(item.strip() for item in unit.owed if item and item.strip())
        status = LATE if unit.late else NOT_REPORTED
        r = w.row(
            [number, unit.unit, unit.contact_person, unit.contact_phone, owed, status]
        )
        if not unit.late:
            ws.cell(r, len(columns)).fill = tint
    if not ordered:
        r = w.row(["各单位均已按时报送"])
        w.merge_across(r, 1, len(columns))
    w.note(reminder_text(period_label, due, units, as_of))
    w.finish()
    return wb
