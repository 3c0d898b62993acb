"""One value per year out of observations reported monthly, quarterly and yearly.

Completion of increase and cumulative targets and the trend need "the value of year Y".
A year may have several observations (monthly year-to-date figures, then the annual
figure, then a correction reported the next year with a data year), so the rule is fixed
here once: the latest observation describing that year, by period.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.evaluation.specs import Observation


def yearly_values(observations: Sequence[Observation]) -> dict[int, Observation]:
    """The latest observation (by period) describing each year, keyed by year in order.

    Ties on the period keep the later one in the sequence, i.e. the later entry wins.
    """
    chosen: dict[int, Observation] = {}
    for observation in observations:
        current = chosen.get(observation.year)
        if current is None or observation.period >= current.period:
            chosen[observation.year] = observation
    return dict(sorted(chosen.items()))


def covers_whole_year(observation: Observation) -> bool:
    """True when the figure stands for a complete year.

    A year-to-date figure for June is half a year's flow; trends of flows must not mix
    it with whole years. A figure describes a whole year when its period reaches
    December, or when it was reported after the year it describes.
    """
    return observation.period.end_month == 12 or observation.year < observation.period.year
