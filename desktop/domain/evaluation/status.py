"""From ratios to the status words and traffic lights (红黄绿灯) the bureau reports."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.evaluation.results import Light, Status
from desktop.domain.evaluation.specs import Thresholds

_LIGHTS: dict[Status, Light] = {
    Status.REACHED: Light.GREEN,
    Status.ON_TRACK: Light.GREEN,
    Status.LAGGING: Light.YELLOW,
    Status.SEVERELY_LAGGING: Light.RED,
    Status.NO_DATA: Light.GREY,
}


def status_for(expected_ratio: Decimal | None, completion: Decimal | None, thresholds: Thresholds) -> Status:
    """Judge an indicator.

    Reaching the target (completion ≥ 1) wins over everything, since a target met early
    is never 滞后. Otherwise the actual is measured against the time-expected value:
    at least ``thresholds.lagging`` of it is 正常, at least ``thresholds.severe`` is 滞后,
    less is 严重滞后. Without a ratio nothing can be said: 无数据.
    """
    if completion is not None and completion >= 1:
        return Status.REACHED
    if expected_ratio is None:
        return Status.NO_DATA
    if expected_ratio >= thresholds.lagging:
        return Status.ON_TRACK
    if expected_ratio >= thresholds.severe:
        return Status.LAGGING
    return Status.SEVERELY_LAGGING


def light_for(status: Status) -> Light:
    """The traffic light of a status: green for fine, yellow 滞后, red 严重滞后, grey 无数据."""
    return _LIGHTS[status]
