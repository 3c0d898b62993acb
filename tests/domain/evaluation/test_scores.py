"""Tests for desktop.domain.evaluation.scores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.evaluation.results import IndicatorResult, Light, ScoreLine, Status
from desktop.domain.evaluation.scores import score, summarise
from desktop.domain.evaluation.specs import Direction, Scoring, TargetKind
from tests.domain.evaluation.builders import D, indicator


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        ("0.9533", "9.53"),  # 10 × 0.9533 = 9.533
        ("1.2", "10.00"),  # capped at the weight
        ("-0.3", "0.00"),  # a fall scores nothing, not minus
        ("0", "0.00"),
    ],
)
def test_proportional(completion: str, expected: str) -> None:
    assert score(indicator(weight=10), D(completion)) == D(expected)


def test_rounding_is_half_up() -> None:
    # 5 × 0.497 = 2.485 → 2.49 (half-even would give 2.48)
    assert score(indicator(weight=5), D("0.497")) == D("2.49")


def test_all_or_nothing() -> None:
    spec = indicator(weight=5, scoring=Scoring.ALL_OR_NOTHING)
    assert score(spec, D("1")) == D("5.00")
    assert score(spec, D("0.9999")) == D("0.00")


def test_hand_score_capped_at_weight() -> None:
    assert score(indicator(weight=10, scoring=Scoring.HAND, hand_score="12"), None) == D("10.00")
    assert score(indicator(weight=10, scoring=Scoring.HAND, hand_score="7.5"), D("0.1")) == D("7.50")
    assert score(indicator(weight=10, scoring=Scoring.HAND), None) is None
    qualitative = indicator(TargetKind.QUALITATIVE, None, direction=Direction.QUALITATIVE, weight=4, hand_score="3")
    assert score(qualitative, None) == D("3.00")


def test_unscorable() -> None:
    assert score(indicator(weight=None), D("0.9")) is None
    assert score(indicator(weight=10), None) is None


def _result(indicator_id: int, points: str | None) -> IndicatorResult:
    return IndicatorResult(
        indicator_id=indicator_id,
        status=Status.ON_TRACK,
        light=Light.GREEN,
        target=None,
        target_year=None,
        target_kind=None,
        actual=None,
        period=None,
        data_year=None,
        completion=None,
        expected=None,
        expected_ratio=None,
        projection=None,
        score=None if points is None else Decimal(points),
    )


def test_summarise_by_group_and_unit() -> None:
    specs = [
        indicator(id=1, weight=10, group="创新投入", units=("市科技局", "市统计局")),
        indicator(id=2, weight=8, group="创新主体", units=("市科技局",)),
        indicator(id=3, weight=6, group="创新投入", units=("市财政局",)),
        indicator(id=4, weight=5, group="创新主体"),  # no unit
        indicator(id=5, weight=None, group="创新环境", units=("市发展改革委",)),  # unweighted: left out
        indicator(id=6, weight=3, group="创新环境", units=("市财政局",)),  # no result: 0 points
    ]
    results = {1: _result(1, "9.53"), 2: _result(2, "6.11"), 3: _result(3, "6.00"), 4: _result(4, None), 5: _result(5, "1")}
    summary = summarise(specs, results)
    assert summary.by_group == (
        ScoreLine("创新投入", D(16), D("15.53")),  # 9.53 + 6.00
        ScoreLine("创新主体", D(13), D("6.11")),  # 6.11 + 0
        ScoreLine("创新环境", D(3), D("0.00")),
    )
    assert summary.by_unit == (
        ScoreLine("市科技局", D(18), D("15.64")),  # 9.53 + 6.11, lead unit only
        ScoreLine("市财政局", D(9), D("6.00")),
        ScoreLine("未指定单位", D(5), D("0.00")),
    )
    assert summary.total_weight == D(32)
    assert summary.total_score == D("21.64")


def test_summarise_empty() -> None:
    summary = summarise([], {})
    assert (summary.by_group, summary.by_unit, summary.total_weight, summary.total_score) == ((), (), D(0), D("0.00"))
