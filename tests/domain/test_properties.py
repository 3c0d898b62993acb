"""Property tests for the domain parsers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.deadlines import parse_deadline
from desktop.domain.periods import MAX_YEAR, MIN_YEAR, Period, PeriodKind
from desktop.domain.unit_names import normalise_unit_name, split_unit_list
from desktop.domain.values import ValueParseError, parse_value


# No example database: it would write a .hypothesis folder into the working tree.
no_database = settings(database=None)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    kind = draw(st.sampled_from(list(PeriodKind)))
    year = draw(st.integers(MIN_YEAR, MAX_YEAR))
    return Period(year, kind, draw(st.integers(1, kind.count)))


@no_database
@given(periods())
def test_period_text_round_trips(period: Period) -> None:
    assert Period.parse(str(period)) == period
    assert Period.parse(period.label) == period


@no_database
@given(periods())
def test_period_dates_are_consistent(period: Period) -> None:
    assert period.start <= period.end
    assert period.end.month == period.end_month
    assert (period.end_month - period.start.month + 1) == period.months
    assert (period.end + datetime.timedelta(days=1)).day == 1
    assert period.contains(period)


@no_database
@given(periods(), periods())
def test_period_order_matches_sort_rule(a: Period, b: Period) -> None:
    key_a = (a.end, -a.start.toordinal())
    key_b = (b.end, -b.start.toordinal())
    assert (a < b) == (key_a < key_b)
    assert (a == b) == (key_a == key_b)
    if a.contains(b) and a != b:
        assert b < a


@no_database
@given(st.text())
def test_parse_value_only_raises_value_parse_error(text: str) -> None:
    try:
        result = parse_value(text)
    except ValueParseError as error:
        assert error.reason
    else:
        assert result.blank == (result.value is None)


@no_database
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**9, max_value=10**9))
def test_decimal_text_round_trips(value: Decimal) -> None:
    assert parse_value(str(value)).value == value
    assert str(parse_value(str(value)).value) == str(value)


@no_database
@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_thousands_round_trip(value: int) -> None:
    assert parse_value(f"{value:,}").value == Decimal(value)
    assert parse_value(f"{value:,}".replace(",", "，") + "家").unit_text == "家"


@no_database
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_keep_their_shortest_repr(value: float) -> None:
    assert parse_value(value).value == Decimal(repr(value))


@no_database
@given(st.one_of(st.none(), st.text()), st.one_of(st.none(), st.integers(MIN_YEAR, MAX_YEAR)))
def test_parse_deadline_never_raises_and_keeps_text(text: str | None, year: int | None) -> None:
    deadline = parse_deadline(text, year)
    if deadline is not None:
        assert deadline.text == text
        if deadline.month is not None and year is not None:
            assert deadline.date == deadline.for_year(year)


@no_database
@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12))
def test_month_end_deadlines(year: int, month: int) -> None:
    deadline = parse_deadline(f"{year} 年 {month} 月底前")
    assert deadline is not None
    assert deadline.date == Period.month(year, month).end


@no_database
@given(st.text())
def test_split_never_raises_and_gives_clean_names(text: str) -> None:
    for name in split_unit_list(text):
        assert name
        assert not any(char.isspace() for char in name)


@no_database
@given(st.text())
def test_normalise_never_raises(text: str) -> None:
    key = normalise_unit_name(text)
    assert not any(char.isspace() for char in key)
