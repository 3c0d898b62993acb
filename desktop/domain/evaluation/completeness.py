"""Completeness of a collection round (报送轮次): who reported, who was late, who is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from desktop.domain.evaluation.results import Completeness


def round_completeness(
    expected_units: Sequence[str],
    returned: Mapping[str, dt.date | dt.datetime | None],
    due: dt.date,
) -> Completeness:
    """Count the expected units' returns against the due date.

    On time means returned on or before the due date (a time of day on the due date is
    still on time). Units keep the expected order so lists read like the plan's own
    unit list; a unit listed twice counts once; returns from units not expected are
    not counted.
    """
    on_time = 0
    missing: list[str] = []
    late: list[str] = []
    units = tuple(dict.fromkeys(expected_units))
    for unit in units:
        when = returned.get(unit)
        if when is None:
            missing.append(unit)
            continue
        day = when.date() if isinstance(when, dt.datetime) else when
        if day <= due:
            on_time += 1
        else:
            late.append(unit)
    return Completeness(
        expected=len(units),
        received=on_time + len(late),
        on_time=on_time,
        late=len(late),
        missing=tuple(missing),
        late_units=tuple(late),
    )
