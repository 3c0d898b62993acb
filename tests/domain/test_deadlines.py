"""Tests for desktop.domain.deadlines."""

from __future__ import annotations

import datetime

import pytest

from desktop.domain.deadlines import Deadline, parse_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019 年 12 月底前", D(2019, 12, 31)),
        ("2022 年 12 月底前", D(2022, 12, 31)),
        ("2022年12月底", D(2022, 12, 31)),
        ("2025年6月底前", D(2025, 6, 30)),
        ("2022年2月底", D(2022, 2, 28)),
        ("2024年2月底", D(2024, 2, 29)),
        ("2022年6月", D(2022, 6, 30)),
        ("2022年6月份", D(2022, 6, 30)),
        ("2022年6月末", D(2022, 6, 30)),
        ("2022年5月上旬", D(2022, 5, 10)),
        ("2022年5月中旬", D(2022, 5, 20)),
        ("2022年5月下旬", D(2022, 5, 31)),
        ("2022年6月15日前", D(2022, 6, 15)),
        ("2022年6月15号", D(2022, 6, 15)),
        ("2022年十二月底", D(2022, 12, 31)),
        ("2020年", D(2020, 12, 31)),
        ("2020年完成", D(2020, 12, 31)),
        ("到2020年", D(2020, 12, 31)),
        ("2020年度", D(2020, 12, 31)),
        ("2020", D(2020, 12, 31)),
        ("2019年上半年", D(2019, 6, 30)),
        ("2019年下半年", D(2019, 12, 31)),
        ("2019年年中", D(2019, 6, 30)),
        ("2021年底前", D(2021, 12, 31)),
        ("2021年年底", D(2021, 12, 31)),
        ("2021年末", D(2021, 12, 31)),
        ("2022年第一季度", D(2022, 3, 31)),
        ("2022年第三季度", D(2022, 9, 30)),
        ("2022年三季度", D(2022, 9, 30)),
        ("2022年3季度", D(2022, 9, 30)),
        ("2022年Q2", D(2022, 6, 30)),
        ("2022-06-30", D(2022, 6, 30)),
        ("2022.6.15", D(2022, 6, 15)),
        ("2022/06", D(2022, 6, 30)),
        ("２０２２年１２月底前", D(2022, 12, 31)),
        ("２０２２　年　６　月底", D(2022, 6, 30)),
        ("完成时限：2022年12月底前", D(2022, 12, 31)),
        # several dates: the latest wins
        ("2019年底完成一期，2022年底全部完成", D(2022, 12, 31)),
        ("2022年底全部完成，2019年底完成一期", D(2022, 12, 31)),
        ("2019—2022年", D(2022, 12, 31)),
        ("2020年—2022年", D(2022, 12, 31)),
    ],
)
def test_dated_deadlines(text: str, expected: datetime.date) -> None:
    deadline = parse_deadline(text)
    assert deadline == Deadline(text, expected, False, False)


def test_explicit_year_wins_over_default_year() -> None:
    deadline = parse_deadline("2019 年 12 月底前", default_year=2022)
    assert deadline is not None and deadline.date == D(2019, 12, 31)


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    [
        ("3月底完成", 2022, Deadline("3月底完成", D(2022, 3, 31), False, False, 3, 31)),
        ("3月底完成", None, Deadline("3月底完成", None, False, False, 3, 31)),
        ("12月31日前", 2022, Deadline("12月31日前", D(2022, 12, 31), False, False, 12, 31)),
        ("6月中旬", 2022, Deadline("6月中旬", D(2022, 6, 20), False, False, 6, 20)),
        ("十二月底", 2022, Deadline("十二月底", D(2022, 12, 31), False, False, 12, 31)),
        ("年底前", 2021, Deadline("年底前", D(2021, 12, 31), False, False, 12, 31)),
        ("上半年", 2021, Deadline("上半年", D(2021, 6, 30), False, False, 6, 30)),
        ("三季度", 2021, Deadline("三季度", D(2021, 9, 30), False, False, 9, 30)),
        ("年内完成", None, Deadline("年内完成", None, False, False, 12, 31)),
        ("（3月底完成）", 2022, Deadline("（3月底完成）", D(2022, 3, 31), False, False, 3, 31)),
        ("3月底完成调研，6月底完成", 2022, Deadline("3月底完成调研，6月底完成", D(2022, 6, 30), False, False, 6, 30)),
    ],
)
def test_year_free_deadlines(text: str, default_year: int | None, expected: Deadline) -> None:
    assert parse_deadline(text, default_year) == expected


def test_year_free_end_of_february_follows_the_year() -> None:
    assert parse_deadline("2月底", 2023) == Deadline("2月底", D(2023, 2, 28), False, False, 2, 29)
    assert parse_deadline("2月底", 2024) == Deadline("2月底", D(2024, 2, 29), False, False, 2, 29)


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    [
        ("全年持续推进", 2022, Deadline("全年持续推进", D(2022, 12, 31), True, False, 12, 31)),
        ("全年持续推进", None, Deadline("全年持续推进", None, True, False, 12, 31)),
        ("(全年持续推进）", 2022, Deadline("(全年持续推进）", D(2022, 12, 31), True, False, 12, 31)),
        ("持续推进", None, Deadline("持续推进", None, True, False)),
        ("持续推进", 2022, Deadline("持续推进", None, True, False)),
        ("长期", None, Deadline("长期", None, True, False)),
        ("长期坚持", 2022, Deadline("长期坚持", None, True, False)),
        ("常态化推进", None, Deadline("常态化推进", None, True, False)),
        ("2022年12月底、持续推进", None, Deadline("2022年12月底、持续推进", D(2022, 12, 31), True, False)),
        ("2022年 12月底、持续推进", None, Deadline("2022年 12月底、持续推进", D(2022, 12, 31), True, False)),
        ("（2022年 12\n月底、持续推进）", None, Deadline("（2022年 12\n月底、持续推进）", D(2022, 12, 31), True, False)),
    ],
)
def test_ongoing_deadlines(text: str, default_year: int | None, expected: Deadline) -> None:
    assert parse_deadline(text, default_year) == expected


@pytest.mark.parametrize(
    ("text", "default_year", "expected"),
    [
        ("每年12月底前", None, Deadline("每年12月底前", None, False, True, 12, 31)),
        ("每年12月底前", 2023, Deadline("每年12月底前", D(2023, 12, 31), False, True, 12, 31)),
        ("每年6月底", 2023, Deadline("每年6月底", D(2023, 6, 30), False, True, 6, 30)),
        ("每年十二月", None, Deadline("每年十二月", None, False, True, 12, 31)),
        ("每年年底", 2022, Deadline("每年年底", D(2022, 12, 31), False, True, 12, 31)),
        ("每年", 2024, Deadline("每年", D(2024, 12, 31), False, True, 12, 31)),
        ("每年上半年", None, Deadline("每年上半年", None, False, True, 6, 30)),
        ("2019年起每年6月底前", 2021, Deadline("2019年起每年6月底前", D(2021, 6, 30), False, True, 6, 30)),
        ("每年12月底前，持续推进", None, Deadline("每年12月底前，持续推进", None, True, True, 12, 31)),
    ],
)
def test_yearly_deadlines(text: str, default_year: int | None, expected: Deadline) -> None:
    assert parse_deadline(text, default_year) == expected


def test_yearly_deadline_for_any_year() -> None:
    deadline = parse_deadline("每年2月底前")
    assert deadline is not None and deadline.yearly
    assert deadline.for_year(2023) == D(2023, 2, 28)
    assert deadline.for_year(2024) == D(2024, 2, 29)


def test_for_year_is_none_for_dated_or_undated_deadlines() -> None:
    dated = parse_deadline("2022年12月底")
    undated = parse_deadline("持续推进")
    assert dated is not None and dated.for_year(2023) is None
    assert undated is not None and undated.for_year(2023) is None


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000", "\n"])
def test_empty_text_gives_none(text: str | None) -> None:
    assert parse_deadline(text) is None
    assert parse_deadline(text, default_year=2022) is None


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "尽快",
        "另行通知",
        "2020年初",  # too vague to date
        "2022年2月30日",  # no such day
        "2022年13月底",
        "1800年",
        "12022年",
        "统一月报",  # 一月 inside a word is not January
        "12个月内",
        "—",
    ],
)
def test_unreadable_text_is_kept_without_a_date(text: str) -> None:
    assert parse_deadline(text) == Deadline(text, None, False, False)
    assert parse_deadline(text, default_year=2022) == Deadline(text, None, False, False)


@pytest.mark.parametrize(
    "text",
    ["2019 年 12 月底前", "  2022年 12月底、持续推进 ", "３月底完成", "每年12月底前", "abc", "（2022年 12\n月底）"],
)
def test_original_text_is_kept_exactly(text: str) -> None:
    deadline = parse_deadline(text, default_year=2022)
    assert deadline is not None and deadline.text == text


def test_deadline_is_immutable() -> None:
    deadline = parse_deadline("2022年12月底")
    assert deadline is not None
    with pytest.raises(AttributeError):
        deadline.date = None  # type: ignore[misc]
