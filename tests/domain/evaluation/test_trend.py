"""Tests for desktop.domain.evaluation.trend."""

from __future__ import annotations

from desktop.domain.evaluation.specs import Direction, TargetKind, TargetSpec
from desktop.domain.evaluation.trend import project
from tests.domain.evaluation.builders import D, obs

RD_TARGET = TargetSpec(2025, D(3), TargetKind.LEVEL)


def test_linear_data_projects_exactly() -> None:
    # 2.0, 2.1, 2.2 (2019–2021): +0.1 a year → 2025: 2.2 + 4 × 0.1 = 2.6 < 3
    # growth: (2.2/2.0)^(4/2) = 1.1² = 1.21; 2.2 × 1.21 = 2.662
    projection = project([obs("2019", "2.0"), obs("2020", "2.1"), obs("2021", "2.2")], RD_TARGET, Direction.HIGHER)
    assert projection is not None
    assert projection.year == 2025
    assert projection.linear == D("2.6")
    assert projection.growth == D("2.662")
    assert projection.will_reach is False


def test_growth_projection_of_high_tech_firms() -> None:
    # 703 (2020) → 1374 (2022); 2025 is 3 years after 2022, the span is 2 years:
    # 1374 × (1374/703)^(3/2) = 1374 × 1.954481^1.5 = 3754.3421
    # linear through two points: 1374 + 3 × 335.5 = 2380.5 ≥ 1800
    target = TargetSpec(2025, D(1800), TargetKind.LEVEL)
    projection = project([obs("2020", 703), obs("2022", 1374)], target, Direction.HIGHER)
    assert projection is not None
    assert projection.growth == D("3754.3421")
    assert projection.linear == D("2380.5")
    assert projection.will_reach is True


def test_lower_is_better() -> None:
    history = [obs("2020", "0.95"), obs("2021", "0.90"), obs("2022", "0.85")]
    # −0.05 a year → 2025: 0.85 − 0.15 = 0.70
    reach = project(history, TargetSpec(2025, D("0.8"), TargetKind.CEILING), Direction.LOWER)
    assert reach is not None and reach.linear == D("0.7") and reach.will_reach is True
    miss = project(history, TargetSpec(2025, D("0.6"), TargetKind.CEILING), Direction.LOWER)
    assert miss is not None and miss.will_reach is False


def test_one_value_per_year_latest_by_period() -> None:
    # 2021 is described by three observations; the one reported last (2022, data year
    # 2021) wins: points (2020, 2.81), (2021, 2.86) → 2025: 2.86 + 4 × 0.05 = 3.06
    history = [
        obs("2020", "2.81"),
        obs("2021-06", "1.2"),
        obs("2021", "2.80"),
        obs("2022", "2.86", data_year=2021),
    ]
    projection = project(history, RD_TARGET, Direction.HIGHER)
    assert projection is not None
    assert projection.linear == D("3.06")
    assert projection.will_reach is True


def test_fewer_than_two_years_cannot_say() -> None:
    projection = project([obs("2021", "2.86"), obs("2021-06", "2.5")], RD_TARGET, Direction.HIGHER)
    assert projection is not None
    assert (projection.year, projection.linear, projection.growth, projection.will_reach) == (2025, None, None, None)


def test_without_target_or_values() -> None:
    assert project([obs("2020", 1), obs("2021", 2)], None, Direction.HIGHER) is None
    assert project([], RD_TARGET, Direction.HIGHER) is None


def test_no_numeric_target_still_projects() -> None:
    projection = project([obs("2020", 1), obs("2021", 2)], TargetSpec(2025, None, TargetKind.LEVEL), Direction.HIGHER)
    assert projection is not None
    assert projection.linear == D(6)  # 2 + 4 × 1
    assert projection.growth == D(32)  # 2 × 2^4
    assert projection.will_reach is None


def test_growth_needs_a_positive_start() -> None:
    projection = project([obs("2020", 0), obs("2021", 5)], RD_TARGET, Direction.HIGHER)
    assert projection is not None
    assert projection.growth is None
    assert projection.linear == D(25)
