"""Tests for desktop.domain.periods."""

from __future__ import annotations

import datetime
import random

import pytest

from desktop.domain.periods import Period, PeriodError, PeriodKind

Y = PeriodKind.YEAR
H = PeriodKind.HALF
Q = PeriodKind.QUARTER
M = PeriodKind.MONTH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # canonical forms
        ("2022", Period(2022, Y, 1)),
        ("2022H1", Period(2022, H, 1)),
        ("2022H2", Period(2022, H, 2)),
        ("2022h2", Period(2022, H, 2)),
        ("2022-H1", Period(2022, H, 1)),
        ("2022Q1", Period(2022, Q, 1)),
        ("2022Q3", Period(2022, Q, 3)),
        ("2022q4", Period(2022, Q, 4)),
        ("2022-Q3", Period(2022, Q, 3)),
        ("2022-06", Period(2022, M, 6)),
        ("2022-6", Period(2022, M, 6)),
        ("2022-12", Period(2022, M, 12)),
        ("2022/06", Period(2022, M, 6)),
        ("2022.06", Period(2022, M, 6)),
        ("2022.6", Period(2022, M, 6)),
        # Chinese forms
        ("2022年", Period(2022, Y, 1)),
        ("2022年度", Period(2022, Y, 1)),
        ("2022年全年", Period(2022, Y, 1)),
        ("2022年上半年", Period(2022, H, 1)),
        ("2022年下半年", Period(2022, H, 2)),
        ("2022上半年", Period(2022, H, 1)),
        ("2022年第三季度", Period(2022, Q, 3)),
        ("2022年三季度", Period(2022, Q, 3)),
        ("2022年3季度", Period(2022, Q, 3)),
        ("2022年第3季度", Period(2022, Q, 3)),
        ("2022年第一季度", Period(2022, Q, 1)),
        ("2022年四季度", Period(2022, Q, 4)),
        ("2022年6月", Period(2022, M, 6)),
        ("2022年06月", Period(2022, M, 6)),
        ("2022年12月", Period(2022, M, 12)),
        ("2022年6月份", Period(2022, M, 6)),
        ("2022年六月", Period(2022, M, 6)),
        ("2022年十二月", Period(2022, M, 12)),
        # full-width digits and stray spaces
        ("２０２２", Period(2022, Y, 1)),
        ("２０２２Ｑ３", Period(2022, Q, 3)),
        ("２０２２年６月", Period(2022, M, 6)),
        (" 2022 年 第三季度 ", Period(2022, Q, 3)),
        ("2022\u3000年6月", Period(2022, M, 6)),
        ("2022－06", Period(2022, M, 6)),
    ],
)
def test_parse_accepts(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "22",
        "202",
        "20222",
        "2022H3",
        "2022H0",
        "2022Q0",
        "2022Q5",
        "2022-13",
        "2022-00",
        "2022年13月",
        "2022年0月",
        "2022年第五季度",
        "2022年1-6月",
        "2022年中",
        "1899",
        "2101年",
        "2022Q3x",
        "Q3",
        "上半年",
        "6月",
    ],
)
def test_parse_rejects_with_chinese_message(text: str) -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    message = str(info.value)
    assert any("\u4e00" <= char <= "\u9fff" for char in message)


def test_parse_error_is_a_value_error_and_names_the_text() -> None:
    with pytest.raises(ValueError, match="abc"):
        Period.parse("abc")


def test_parse_error_says_what_is_wrong_with_the_month() -> None:
    with pytest.raises(PeriodError, match="月份"):
        Period.parse("2022-13")
    with pytest.raises(PeriodError, match="季度"):
        Period.parse("2022Q5")


@pytest.mark.parametrize("value", [2022, None, 2022.0])
def test_parse_refuses_non_text(value: object) -> None:
    with pytest.raises(PeriodError):
        Period.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("period", "canonical", "label"),
    [
        (Period(2022, Y, 1), "2022", "2022年"),
        (Period(2022, H, 1), "2022H1", "2022年上半年"),
        (Period(2022, H, 2), "2022H2", "2022年下半年"),
        (Period(2022, Q, 1), "2022Q1", "2022年第一季度"),
        (Period(2022, Q, 2), "2022Q2", "2022年第二季度"),
        (Period(2022, Q, 3), "2022Q3", "2022年第三季度"),
        (Period(2022, Q, 4), "2022Q4", "2022年第四季度"),
        (Period(2022, M, 6), "2022-06", "2022年6月"),
        (Period(2022, M, 12), "2022-12", "2022年12月"),
    ],
)
def test_canonical_form_and_label_round_trip(period: Period, canonical: str, label: str) -> None:
    assert str(period) == canonical
    assert period.label == label
    assert Period.parse(canonical) == period
    assert Period.parse(label) == period


@pytest.mark.parametrize(
    ("period", "start", "end", "months", "end_month"),
    [
        (Period.year_of(2022), datetime.date(2022, 1, 1), datetime.date(2022, 12, 31), 12, 12),
        (Period.half(2022, 1), datetime.date(2022, 1, 1), datetime.date(2022, 6, 30), 6, 6),
        (Period.half(2022, 2), datetime.date(2022, 7, 1), datetime.date(2022, 12, 31), 6, 12),
        (Period.quarter(2022, 1), datetime.date(2022, 1, 1), datetime.date(2022, 3, 31), 3, 3),
        (Period.quarter(2022, 2), datetime.date(2022, 4, 1), datetime.date(2022, 6, 30), 3, 6),
        (Period.quarter(2022, 3), datetime.date(2022, 7, 1), datetime.date(2022, 9, 30), 3, 9),
        (Period.quarter(2022, 4), datetime.date(2022, 10, 1), datetime.date(2022, 12, 31), 3, 12),
        (Period.month(2022, 2), datetime.date(2022, 2, 1), datetime.date(2022, 2, 28), 1, 2),
        (Period.month(2024, 2), datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), 1, 2),
        (Period.month(2022, 4), datetime.date(2022, 4, 1), datetime.date(2022, 4, 30), 1, 4),
        (Period.month(2022, 12), datetime.date(2022, 12, 1), datetime.date(2022, 12, 31), 1, 12),
    ],
)
def test_dates_and_lengths(
    period: Period, start: datetime.date, end: datetime.date, months: int, end_month: int
) -> None:
    assert period.start == start
    assert period.end == end
    assert period.months == months
    assert period.end_month == end_month
    assert period.start_month == end_month - months + 1


def test_constructors_build_the_right_kind() -> None:
    assert Period.year_of(2020) == Period(2020, Y, 1)
    assert Period.half(2020, 2) == Period(2020, H, 2)
    assert Period.quarter(2020, 3) == Period(2020, Q, 3)
    assert Period.month(2020, 11) == Period(2020, M, 11)


@pytest.mark.parametrize(
    ("kind", "index"),
    [(Y, 0), (Y, 2), (H, 0), (H, 3), (Q, 0), (Q, 5), (M, 0), (M, 13), (M, -1)],
)
def test_constructor_rejects_bad_index(kind: PeriodKind, index: int) -> None:
    with pytest.raises(PeriodError):
        Period(2022, kind, index)


@pytest.mark.parametrize("year", [1899, 2101, 0, -2022])
def test_constructor_rejects_year_out_of_range(year: int) -> None:
    with pytest.raises(PeriodError, match="年份"):
        Period.year_of(year)


@pytest.mark.parametrize(
    ("year", "kind", "index"),
    [("2022", Y, 1), (2022, "year", 1), (2022, M, 1.0), (True, Y, 1), (2022, Y, True)],
)
def test_constructor_rejects_wrong_types(year: object, kind: object, index: object) -> None:
    with pytest.raises(PeriodError):
        Period(year, kind, index)  # type: ignore[arg-type]


def test_kind_values_are_stable() -> None:
    assert [kind.value for kind in PeriodKind] == ["year", "half", "quarter", "month"]
    assert PeriodKind("quarter") is Q


def test_periods_are_hashable_and_immutable() -> None:
    period = Period.quarter(2022, 3)
    assert {period, Period.parse("2022年第三季度")} == {period}
    with pytest.raises(AttributeError):
        period.year = 2023  # type: ignore[misc]


# -- ordering ---------------------------------------------------------------------


def test_ordering_is_by_end_date_then_shorter_first() -> None:
    expected = [
        Period.month(2022, 1),
        Period.month(2022, 2),
        Period.month(2022, 3),
        Period.quarter(2022, 1),
        Period.month(2022, 6),
        Period.quarter(2022, 2),
        Period.half(2022, 1),
        Period.month(2022, 12),
        Period.quarter(2022, 4),
        Period.half(2022, 2),
        Period.year_of(2022),
        Period.month(2023, 1),
    ]
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled) == expected


def test_year_sorts_after_its_last_month_but_before_next_year() -> None:
    assert Period.month(2022, 12) < Period.year_of(2022) < Period.month(2023, 1)
    assert Period.year_of(2021) < Period.month(2022, 1)


def test_comparison_operators_agree() -> None:
    early, late = Period.quarter(2022, 4), Period.year_of(2022)
    assert early < late and early <= late
    assert late > early and late >= early
    assert not (late < early) and not (late <= early)
    assert early <= Period.quarter(2022, 4) and early >= Period.quarter(2022, 4)
    assert not (early < Period.quarter(2022, 4))


def test_comparison_with_other_types_is_not_supported() -> None:
    period = Period.year_of(2022)
    text: object = "2022"
    assert period != text
    with pytest.raises(TypeError):
        _ = period < text
    with pytest.raises(TypeError):
        _ = period >= 2023


def test_every_period_sorts_after_everything_it_contains() -> None:
    periods = _all_periods(2022)
    for outer in periods:
        for inner in periods:
            if outer != inner and outer.contains(inner):
                assert inner < outer, (inner, outer)


def test_order_is_total_and_consistent_with_equality() -> None:
    periods = _all_periods(2021) + _all_periods(2022)
    for a in periods:
        for b in periods:
            assert sum([a < b, a == b, a > b]) == 1, (a, b)


# -- containment ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2022", "2022-06", True),
        ("2022", "2022Q4", True),
        ("2022", "2022H2", True),
        ("2022", "2022", True),
        ("2022H1", "2022Q2", True),
        ("2022H1", "2022Q3", False),
        ("2022H2", "2022-07", True),
        ("2022Q3", "2022-09", True),
        ("2022Q3", "2022-10", False),
        ("2022-06", "2022-06", True),
        ("2022-06", "2022Q2", False),
        ("2022Q2", "2022H1", False),
        ("2022", "2023-01", False),
        ("2022", "2021", False),
    ],
)
def test_contains(outer: str, inner: str, expected: bool) -> None:
    assert Period.parse(outer).contains(Period.parse(inner)) is expected


def _all_periods(year: int) -> list[Period]:
    return [Period(year, kind, index) for kind in PeriodKind for index in range(1, kind.count + 1)]
