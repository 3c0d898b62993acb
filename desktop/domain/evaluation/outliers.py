"""Plausibility checks on a newly entered figure: flag, never refuse.

Departments mistype (1374 as 13740, 2.86 as 286); the clerk sees a flag and confirms or
corrects. A robust rule is used (median and median absolute deviation) because the
history itself may hold one wrong figure, which would inflate a mean and standard
deviation until nothing looks odd.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.domain.evaluation._math import median
from desktop.domain.evaluation.results import OutlierFlag

MAD_SCALE = Decimal("1.4826")
"""Makes the MAD comparable with a standard deviation for normally distributed data."""
MAD_LIMIT = Decimal(3)
FLAT_TOLERANCE = Decimal("0.5")
"""When the history is flat (MAD 0): a change of more than 50 % of the median is flagged."""
MIN_HISTORY = 3

PERCENT_UNITS = frozenset({"%", "％"})


def check_outlier(history: Sequence[Decimal], new: Decimal, unit: str | None) -> OutlierFlag | None:
    """A flag asking the clerk to confirm ``new``, or None when it looks plausible.

    - a percentage above 100 or below 0;
    - with at least three earlier values, a distance from their median of more than
      3 × 1.4826 × MAD, or of more than half the median when the history is flat.
    """
    centre = median(history) if history else None
    deviation = None if centre is None else abs(new - centre)
    if unit is not None and unit.strip() in PERCENT_UNITS and not Decimal(0) <= new <= 100:
        return OutlierFlag(
            reason="百分比数值超出0–100%的范围，请核实（增速类指标可忽略）",
            median=centre,
            deviation=deviation,
        )
    if centre is None or deviation is None or len(history) < MIN_HISTORY:
        return None
    mad = median([abs(value - centre) for value in history])
    if mad == 0:
        if deviation > FLAT_TOLERANCE * abs(centre):
            return OutlierFlag(
                reason="历史数值保持不变，新数值与其相差超过50%，请核实",
                median=centre,
                deviation=deviation,
            )
        return None
    if deviation > MAD_LIMIT * MAD_SCALE * mad:
        return OutlierFlag(
            reason="与历史值相差过大（超过3倍稳健偏差），请核实",
            median=centre,
            deviation=deviation,
        )
    return None
