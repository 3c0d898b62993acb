"""Tests for desktop.domain.evaluation.status."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.evaluation.results import Light, Status
from desktop.domain.evaluation.specs import Thresholds
from desktop.domain.evaluation.status import light_for, status_for

DEFAULT = Thresholds()
CUSTOM = Thresholds(lagging=Decimal("0.95"), severe=Decimal("0.8"))


@pytest.mark.parametrize(
    ("ratio", "completion", "thresholds", "expected"),
    [
        (None, Decimal("1"), DEFAULT, Status.REACHED),
        (Decimal("0.5"), Decimal("1.2"), DEFAULT, Status.REACHED),  # reaching beats lagging
        (Decimal("1.0042"), Decimal("0.9533"), DEFAULT, Status.ON_TRACK),
        (Decimal("1"), Decimal("0.5"), DEFAULT, Status.ON_TRACK),
        (Decimal("0.96"), Decimal("0.5"), DEFAULT, Status.LAGGING),
        (Decimal("0.90"), Decimal("0.5"), DEFAULT, Status.LAGGING),
        (Decimal("0.85"), Decimal("0.5"), DEFAULT, Status.SEVERELY_LAGGING),
        # custom thresholds move the same ratios to milder statuses
        (Decimal("0.96"), Decimal("0.5"), CUSTOM, Status.ON_TRACK),
        (Decimal("0.85"), Decimal("0.5"), CUSTOM, Status.LAGGING),
        (Decimal("0.79"), Decimal("0.5"), CUSTOM, Status.SEVERELY_LAGGING),
        (None, None, DEFAULT, Status.NO_DATA),
        (None, Decimal("0.5"), DEFAULT, Status.NO_DATA),
    ],
)
def test_status_for(ratio: Decimal | None, completion: Decimal | None, thresholds: Thresholds, expected: Status) -> None:
    assert status_for(ratio, completion, thresholds) is expected


@pytest.mark.parametrize(
    ("status", "light"),
    [
        (Status.REACHED, Light.GREEN),
        (Status.ON_TRACK, Light.GREEN),
        (Status.LAGGING, Light.YELLOW),
        (Status.SEVERELY_LAGGING, Light.RED),
        (Status.NO_DATA, Light.GREY),
    ],
)
def test_light_for(status: Status, light: Light) -> None:
    assert light_for(status) is light
