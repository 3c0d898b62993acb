"""Small constructors for evaluation inputs, with figures from the seed documents.

淄博 后评估: R&D share 2.81 % (2020) → 2.86 % (2021), target 3 % in 2025; 高新技术企业
703 (2020) → 1374 (2022), target 1800 in 2025; baseline year 2020.
"""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.evaluation.specs import (
    Direction,
    IndicatorSpec,
    Observation,
    Scoring,
    TargetKind,
    TargetSpec,
)
from desktop.domain.periods import Period


def D(text: str | int) -> Decimal:
    return Decimal(str(text))


def obs(period: str, value: str | int, data_year: int | None = None) -> Observation:
    return Observation(Period.parse(period), D(value), data_year)


def indicator(
    kind: TargetKind = TargetKind.LEVEL,
    target: str | int | None = "3",
    target_year: int = 2025,
    *,
    direction: Direction = Direction.HIGHER,
    baseline: str | int | None = None,
    baseline_year: int | None = None,
    weight: str | int | None = None,
    scoring: Scoring = Scoring.PROPORTIONAL,
    hand_score: str | None = None,
    group: str = "",
    units: tuple[str, ...] = (),
    targets: tuple[TargetSpec, ...] | None = None,
    id: int = 1,
    unit: str | None = "%",
) -> IndicatorSpec:
    return IndicatorSpec(
        id=id,
        name="指标",
        unit=unit,
        direction=direction,
        targets=targets if targets is not None else (TargetSpec(target_year, None if target is None else D(target), kind),),
        weight=None if weight is None else D(weight),
        baseline_value=None if baseline is None else D(baseline),
        baseline_year=baseline_year,
        scoring=scoring,
        hand_score=None if hand_score is None else D(hand_score),
        group=group,
        units=units,
    )


RD_SHARE = indicator(TargetKind.LEVEL, "3", 2025, baseline="2.81", baseline_year=2020, weight=10)
HIGH_TECH_FIRMS = indicator(TargetKind.LEVEL, 1800, 2025, baseline=703, baseline_year=2020, weight=8, unit="家")
