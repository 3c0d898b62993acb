"""未报送单位清单 (missing): the 催报 list, saved and re-opened."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.workbooks.reports import missing
from desktop.workbooks.reports.missing import HEADERS, OwedUnit
from desktop.workbooks.styles import FONT_BODY, FONT_HEADER, FONT_TITLE
from tests.workbooks.plans import (
    assert_boxed,
    assert_print_setup,
    fill_rgb,
    header_row,
    merged_range_at,
    preset_plan,
    saved,
)

NCOLS = len(HEADERS)
DUE = dt.date(2022, 6, 27)  # 淄科发〔2022〕6号: progress by the 27th of every month

UNITS = [
    OwedUnit(
        "市财政局",
        "department",
        "王晓明",
        "0533-3182345",
        ("全社会研发经费投入占GDP比重", "任务1.2", "任务3.4"),
    ),
    OwedUnit("市教育局", "department", "李娜", "13805331234", ("任务2.1",), late=True),
    OwedUnit("高新区管委会", "zone", None, None, ("高新技术企业数量",)),
]


def build(tmp_path: Path, units=UNITS, due=DUE, as_of=dt.date(2022, 6, 29)):
    wb = missing.build("组建科技创新“五个工作专班”实施方案", "2022年6月", due, units, as_of)
    return saved(wb, tmp_path / "missing.xlsx").active


def test_title_caption_and_header(tmp_path: Path) -> None:
    ws = build(tmp_path)
    assert ws.title == "未报送单位清单"
    assert ws.cell(1, 1).value == "组建科技创新“五个工作专班”实施方案未报送单位清单（2022年6月）"
    assert ws.cell(2, 1).value == "报送截止日期：2022年6月27日\u3000\u3000统计截至：2022年6月29日"
    assert str(merged_range_at(ws, 2, 1)) == "A2:F2"
    h = header_row(ws)
    assert h == 3
    assert [ws.cell(h, c).value for c in range(1, NCOLS + 1)] == [
        "序号", "单位", "联系人", "联系电话", "应报内容", "状态",
    ]
    assert ws.cell(1, 1).font.name == FONT_TITLE
    assert ws.cell(h, 1).font.name == FONT_HEADER
    assert ws.cell(h + 1, 2).font.name == FONT_BODY
    assert_print_setup(ws, f"${h}:${h}")
    assert_boxed(ws, h, h + 3, NCOLS)


def test_units_still_owing_come_first_then_late_ones(tmp_path: Path) -> None:
    ws = build(tmp_path)
    h = header_row(ws)
    rows = [[ws.cell(r, c).value for c in range(1, NCOLS + 1)] for r in range(h + 1, h + 4)]
    assert rows == [
        [1, "市财政局", "王晓明", "0533-3182345", "全社会研发经费投入占GDP比重；任务1.2；任务3.4", "未报送"],
        [2, "高新区管委会", None, None, "高新技术企业数量", "未报送"],
        [3, "市教育局", "李娜", "13805331234", "任务2.1", "逾期报送"],
    ]
    # phone numbers are text (leading zero, dash, 11 digits), 序号 a number
    assert ws.cell(h + 3, 4).data_type == "s"
    assert ws.cell(h + 1, 1).data_type == "n"
    assert [fill_rgb(ws.cell(r, NCOLS)) for r in range(h + 1, h + 4)] == ["FFF2CC", "FFF2CC", None]
    assert all(ws.row_dimensions[r].height for r in range(h + 1, h + 4))


def test_reminder_sentence_names_the_units_and_the_date(tmp_path: Path) -> None:
    ws = build(tmp_path, as_of=dt.date(2022, 6, 20))
    note = ws.cell(header_row(ws) + 4, 1).value
    assert note == (
        "催报提醒：请市财政局、高新区管委会于2022年6月27日前报送2022年6月指标数据和重点任务进展情况"
        "（具体内容见“应报内容”栏），逾期未报送的将在进展通报中予以通报。"
    )
    assert ws.cell(2, 1).value.endswith("统计截至：2022年6月20日")


def test_after_the_due_date_the_reminder_gives_three_working_days(tmp_path: Path) -> None:
    # Wednesday 29 June 2022 → Monday 4 July 2022 (the weekend does not count)
    ws = build(tmp_path, as_of=dt.date(2022, 6, 29))
    note = ws.cell(header_row(ws) + 4, 1).value
    assert note.startswith(
        "催报提醒：报送截止日期已过，请市财政局、高新区管委会于2022年7月4日前报送2022年6月指标数据"
    )


def test_without_a_due_date(tmp_path: Path) -> None:
    ws = build(tmp_path, due=None, as_of=dt.date(2022, 7, 1))  # a Friday
    assert ws.cell(2, 1).value == "报送截止日期：未设定\u3000\u3000统计截至：2022年7月1日"
    note = ws.cell(header_row(ws) + 4, 1).value
    assert "于2022年7月6日前报送" in note and "已过" not in note


def test_many_units_are_addressed_together(tmp_path: Path) -> None:
    units = [OwedUnit(f"{name}", "county", None, None, ("任务1.1",)) for name in (
        "张店区政府", "淄川区政府", "博山区政府", "周村区政府", "临淄区政府", "桓台县政府", "高青县政府",
    )]
    ws = build(tmp_path, units=units, as_of=dt.date(2022, 6, 1))
    note = ws.cell(header_row(ws) + 1 + len(units), 1).value
    assert note.startswith("催报提醒：请以上未报送单位于2022年6月27日前报送")


def test_everyone_reported(tmp_path: Path) -> None:
    ws = build(tmp_path, units=[])
    h = header_row(ws)
    assert ws.cell(h + 1, 1).value == "各单位均已按时报送"
    assert str(merged_range_at(ws, h + 1, 1)) == f"A{h + 1}:F{h + 1}"
    assert ws.cell(h + 2, 1).value == "截至2022年6月29日，各单位均已报送2022年6月情况，无需催报。"


def test_only_late_units_need_no_reminder(tmp_path: Path) -> None:
    ws = build(tmp_path, units=[UNITS[1]])
    h = header_row(ws)
    assert ws.cell(h + 1, NCOLS).value == "逾期报送"
    assert ws.cell(h + 2, 1).value.endswith("无需催报。")


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    units = [OwedUnit("+人才与成果科", "section", "@关若飞", "=1+2", ("=任务1.1", "-推进计划"))]
    ws = build(tmp_path, units=units)
    h = header_row(ws)
    assert [ws.cell(h + 1, c).value for c in range(2, 6)] == ["+人才与成果科", "@关若飞", "=1+2", "=任务1.1；-推进计划"]
    assert all(ws.cell(h + 1, c).data_type == "s" for c in range(2, 6))


def test_units_of_a_real_plan(tmp_path: Path) -> None:
    """Every section of the 淄博 task forces owes its tasks of the month."""
    plan = preset_plan(tmp_path / "plans", "zibo-taskforces-2022")
    owed: dict[str, list[str]] = {}
    for task in plan["tasks"]:
        for unit in task["units"]:
            owed.setdefault(unit, []).append(f"任务{task['number']}")
    units = [OwedUnit(u, "section", None, None, tuple(items)) for u, items in owed.items()]
    ws = build(tmp_path, units=units)
    h = header_row(ws)
    assert [ws.cell(h + 1 + i, 2).value for i in range(len(units))] == list(owed)
    first = list(owed)[0]
    assert ws.cell(h + 1, 5).value == "；".join(owed[first])
    assert ws.cell(h + 1 + len(units), 1).value.startswith("催报提醒：")
    assert ws.cell(h + 1 + len(units), 1).value.count("以上未报送单位") == (len(units) > 6)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (dt.date(2022, 6, 27), dt.date(2022, 6, 27)),  # on the due day: the due day
        (dt.date(2022, 6, 28), dt.date(2022, 7, 1)),  # Tuesday → Friday
        (dt.date(2022, 7, 1), dt.date(2022, 7, 6)),  # Friday → Wednesday
    ],
)
def test_reminder_date(as_of: dt.date, expected: dt.date) -> None:
    assert missing.reminder_date(DUE, as_of) == expected
