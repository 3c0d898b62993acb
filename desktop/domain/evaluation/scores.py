"""Scores (考核评分): weight × completion, and the subtotals the 考核评分 table prints.

Each score is rounded to two decimals first and subtotals add the rounded scores, so
the printed table adds up exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from desktop.domain.evaluation._math import ZERO, round2
from desktop.domain.evaluation.results import IndicatorResult, ScoreLine, ScoreSummary
from desktop.domain.evaluation.specs import Direction, IndicatorSpec, Scoring

NO_UNIT_LABEL = "未指定单位"
NO_GROUP_LABEL = "未分组"


def score(spec: IndicatorSpec, completion: Decimal | None) -> Decimal | None:
    """The indicator's score, or None when it has no weight or cannot be scored yet.

    PROPORTIONAL: weight × completion, capped at the weight, never below 0.
    ALL_OR_NOTHING: the weight when completion ≥ 1, else 0.
    HAND (and every qualitative indicator, which has no completion): the clerk's score,
    kept between 0 and the weight.
    """
    weight = spec.weight
    if weight is None:
        return None
    if spec.scoring is Scoring.HAND or spec.direction is Direction.QUALITATIVE:
        if spec.hand_score is None:
            return None
        return round2(min(max(spec.hand_score, ZERO), weight))
    if completion is None:
        return None
    if spec.scoring is Scoring.ALL_OR_NOTHING:
        return round2(weight if completion >= 1 else ZERO)
    return round2(weight * min(max(completion, ZERO), Decimal(1)))


def summarise(specs: Sequence[IndicatorSpec], results: Mapping[int, IndicatorResult]) -> ScoreSummary:
    """Subtotals by group (一级指标, document order) and by lead unit, and the total.

    Only weighted indicators count. An indicator without a score (no data, not yet
    scored by hand) keeps its weight in the totals and scores 0, as in an assessment.
    Indicators without a unit are listed under 未指定单位, without a group under 未分组.
    """
    groups: dict[str, list[Decimal]] = {}
    units: dict[str, list[Decimal]] = {}
    total_weight = ZERO
    total_score = ZERO
    for spec in specs:
        if spec.weight is None:
            continue
        result = results.get(spec.id)
        points = result.score if result is not None and result.score is not None else ZERO
        for label, bucket in (
            (spec.group or NO_GROUP_LABEL, groups),
            (spec.units[0] if spec.units else NO_UNIT_LABEL, units),
        ):
            line = bucket.setdefault(label, [ZERO, ZERO])
            line[0] += spec.weight
            line[1] += points
        total_weight += spec.weight
        total_score += points
    return ScoreSummary(
        by_group=_lines(groups),
        by_unit=_lines(units),
        total_weight=total_weight,
        total_score=round2(total_score),
    )


def _lines(buckets: dict[str, list[Decimal]]) -> tuple[ScoreLine, ...]:
    return tuple(
        ScoreLine(label=label, weight=weight, score=round2(points)) for label, (weight, points) in buckets.items()
    )
