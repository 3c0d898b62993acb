"""Tests for desktop.domain.evaluation.completeness."""

from __future__ import annotations

import datetime as dt

from desktop.domain.evaluation.completeness import round_completeness

DUE = dt.date(2023, 4, 10)


def test_late_and_missing_units_in_expected_order() -> None:
    expected = ["市科技局", "市财政局", "市统计局", "市发展改革委", "市科技局"]
    returned: dict[str, dt.date | dt.datetime | None] = {
        "市发展改革委": dt.date(2023, 4, 12),  # late
        "市科技局": dt.datetime(2023, 4, 10, 17, 30),  # on the due day: on time
        "市统计局": None,  # not returned
        "市工业和信息化局": dt.date(2023, 4, 1),  # not expected: not counted
        "市财政局": dt.date(2023, 4, 11),  # late
    }
    result = round_completeness(expected, returned, DUE)
    assert (result.expected, result.received, result.on_time, result.late) == (4, 3, 1, 2)
    assert result.missing == ("市统计局",)
    assert result.late_units == ("市财政局", "市发展改革委")


def test_all_on_time_and_none_returned() -> None:
    units = ["市科技局", "市财政局"]
    everyone = round_completeness(units, {unit: dt.date(2023, 4, 1) for unit in units}, DUE)
    assert (everyone.received, everyone.on_time, everyone.late, everyone.missing) == (2, 2, 0, ())
    nobody = round_completeness(units, {}, DUE)
    assert (nobody.received, nobody.missing) == (0, ("市科技局", "市财政局"))
