"""Tests for desktop.domain.intake.headers: what a heading says its column holds."""

from __future__ import annotations

import pytest

from desktop.domain.intake.headers import HeaderMeaning, Role, classify_header, combine, find_periods, find_yearless


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("2023年", ["2023"]),
        ("2023年度", ["2023"]),
        ("2023", ["2023"]),
        ("2023年完成值", ["2023"]),
        ("2023年1-6月", ["2023H1"]),
        ("2023年1—12月", ["2023"]),
        ("2023年4-6月", ["2023Q2"]),
        ("2023年1-9月", ["2023-09"]),
        ("2023年6月", ["2023-06"]),
        ("截至2023年6月底", ["2023-06"]),
        ("2023年上半年", ["2023H1"]),
        ("2023年第三季度", ["2023Q3"]),
        ("2023Q2", ["2023Q2"]),
        ("２０２３年", ["2023"]),
        ("2022年目标 2023年完成", ["2022", "2023"]),
        ("完成值", []),
        ("1600", []),
    ],
)
def test_find_periods(text: str, periods: list[str]) -> None:
    assert find_periods(text) == (periods, False)


def test_a_span_of_years_is_no_period() -> None:
    assert find_periods("2021-2025年") == ([], True)
    assert find_periods("2021年至2023年累计") == ([], True)


@pytest.mark.parametrize(
    ("text", "found"),
    [("1-6月", ("half", 1)), ("上半年", ("half", 1)), ("第二季度", ("quarter", 2)), ("6月完成", ("month", 6)), ("完成值", None), ("2023年6月", None)],
)
def test_find_yearless(text: str, found: tuple[str, int] | None) -> None:
    assert find_yearless(text) == found


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("序号", Role.NUMBER),
        ("指标名称", Role.NAME),
        ("具体指标", Role.NAME),
        ("一级指标", Role.GROUP),
        ("计量单位", Role.UNIT),
        ("单位", Role.UNIT),
        ("责任单位", Role.RESPONSIBLE),
        ("填报单位", Role.RESPONSIBLE),
        ("备注", Role.NOTE),
        ("数据年份", Role.DATA_YEAR),
        ("目标", Role.DERIVED),
        ("2025年目标数", Role.DERIVED),
        ("同比增长", Role.DERIVED),
        ("排名", Role.DERIVED),
        ("完成时限", Role.DERIVED),
        ("完成率", Role.PERCENT),
        ("完成情况", Role.VALUE),
        ("实际完成", Role.VALUE),
        ("目前完成数", Role.VALUE),
        ("目标完成情况", Role.VALUE),
        ("2021-2023年累计", Role.PERIOD_RANGE),
        ("重点任务", Role.TASK),
        ("2023年任务", Role.DERIVED),
        ("工作进展", Role.PROGRESS),
        ("难点堵点", Role.PROBLEMS),
        ("下步计划", Role.NEXT_STEPS),
        ("推进状态", Role.STATUS),
        ("完成百分比", Role.PERCENT),
        ("", Role.UNKNOWN),
        ("说明一二", Role.NOTE),
        ("甲", Role.UNKNOWN),
    ],
)
def test_classify_header(text: str, role: Role) -> None:
    assert classify_header(text).role is role


def test_heading_with_period_and_unit() -> None:
    assert classify_header("2023年完成值（万元）") == HeaderMeaning(Role.VALUE, "2023", "万元")


def test_combine_multi_row_headers() -> None:
    assert combine(["2023年", "目标"]).role is Role.DERIVED
    assert combine(["2023年", "完成"]) == HeaderMeaning(Role.VALUE, "2023")
    assert combine(["2023年", "1-6月"]) == HeaderMeaning(Role.VALUE, "2023H1")
    assert combine(["2023年", "上半年", "完成"]) == HeaderMeaning(Role.VALUE, "2023H1")
    assert combine(["完成情况", "2022年"]) == HeaderMeaning(Role.VALUE, "2022")
    assert combine(["2023年", "备注"]).role is Role.NOTE
    assert combine(["甲", "乙"]).role is Role.UNKNOWN
