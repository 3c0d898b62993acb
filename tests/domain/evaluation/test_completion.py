"""Tests for target_in_force and completion_of (every target kind)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.evaluation.indicators import completion_of, target_in_force
from desktop.domain.evaluation.specs import Direction, TargetKind, TargetSpec
from tests.domain.evaluation.builders import HIGH_TECH_FIRMS, RD_SHARE, D, indicator, obs

STAGED = indicator(
    targets=(TargetSpec(2022, D("2.5"), TargetKind.LEVEL), TargetSpec(2019, D("2.3"), TargetKind.LEVEL)),
)


@pytest.mark.parametrize(
    ("year", "stage_year", "value"),
    [
        (2018, 2019, "2.3"),
        (2019, 2019, "2.3"),  # a 2019 value is judged against the 2019 stage
        (2020, 2022, "2.5"),  # a 2020 value against the next stage ahead
        (2022, 2022, "2.5"),
        (2024, 2022, "2.5"),  # every stage passed: the last one
    ],
)
def test_target_in_force_switches_stages(year: int, stage_year: int, value: str) -> None:
    target = target_in_force(STAGED, year)
    assert target is not None
    assert (target.year, target.value) == (stage_year, D(value))


def test_target_in_force_without_targets() -> None:
    assert target_in_force(indicator(targets=()), 2022) is None


def test_level_higher_is_better() -> None:
    # 2.86 / 3 = 0.95333… → 0.9533
    target = RD_SHARE.targets[0]
    assert completion_of(RD_SHARE, target, D("2.86"), 2021, []) == D("0.9533")
    # 1374 / 1800 = 0.76333… → 0.7633
    assert completion_of(HIGH_TECH_FIRMS, HIGH_TECH_FIRMS.targets[0], D(1374), 2022, []) == D("0.7633")


def test_level_lower_is_better_energy_intensity() -> None:
    # 万元GDP能耗 target 0.8, actual 0.85: 0.8 / 0.85 = 0.941176… → 0.9412
    spec = indicator(TargetKind.LEVEL, "0.8", 2022, direction=Direction.LOWER, unit="吨标准煤")
    assert completion_of(spec, spec.targets[0], D("0.85"), 2022, []) == D("0.9412")


def test_ceiling() -> None:
    spec = indicator(TargetKind.CEILING, "0.8", 2022, direction=Direction.LOWER)
    target = spec.targets[0]
    assert completion_of(spec, target, D("0.85"), 2022, []) == D("0.9412")
    # 0.8 / 0.64 = 1.25: well within the ceiling
    assert completion_of(spec, target, D("0.64"), 2022, []) == D("1.25")
    # nothing at all is within any ceiling ≥ 0
    assert completion_of(spec, target, D(0), 2022, []) == D(1)


def test_increase_points_from_baseline() -> None:
    # 高新技术产业产值占比 每年提高1.5个百分点: 42.53 (2020) → 48.42 (2022)
    # (48.42 − 42.53) / 2 years = 2.945 points a year; 2.945 / 1.5 = 1.96333… → 1.9633
    spec = indicator(TargetKind.INCREASE_POINTS, "1.5", 2025, baseline="42.53", baseline_year=2020)
    assert completion_of(spec, spec.targets[0], D("48.42"), 2022, []) == D("1.9633")


def test_increase_points_from_previous_year_without_baseline() -> None:
    # no baseline: 47.13 (2021) → 48.42 (2022) is 1.29 points; 1.29 / 1.5 = 0.86
    spec = indicator(TargetKind.INCREASE_POINTS, "1.5", 2025)
    history = [obs("2021", "47.13"), obs("2022", "48.42")]
    assert completion_of(spec, spec.targets[0], D("48.42"), 2022, history) == D("0.86")


def test_increase_points_without_any_start_is_none() -> None:
    spec = indicator(TargetKind.INCREASE_POINTS, "1.5", 2025)
    assert completion_of(spec, spec.targets[0], D("48.42"), 2022, [obs("2022", "48.42")]) is None


def test_growth_rate_one_year() -> None:
    # 研发投入 年均增长15%: 102.64 (2020) → 119.43 (2021)
    # 119.43 / 102.64 = 1.163581…; growth 16.3581 %; 16.3581 / 15 = 1.090543 → 1.0905
    spec = indicator(TargetKind.GROWTH_RATE, "15", 2025, baseline="102.64", baseline_year=2020, unit="亿元")
    assert completion_of(spec, spec.targets[0], D("119.43"), 2021, []) == D("1.0905")


def test_growth_rate_compounds_over_years() -> None:
    # 高企 年均增长30%: 703 (2020) → 1374 (2022); CAGR = √(1374/703) − 1 = 0.398027…
    # 39.8027 % / 30 % = 1.326758… → 1.3268
    spec = indicator(TargetKind.GROWTH_RATE, "30", 2025, baseline=703, baseline_year=2020, unit="家")
    assert completion_of(spec, spec.targets[0], D(1374), 2022, []) == D("1.3268")


def test_growth_rate_from_previous_year_without_baseline() -> None:
    # 1025 (2021) → 1374 (2022): 34.0488 % growth; / 30 = 1.134959… → 1.1350
    spec = indicator(TargetKind.GROWTH_RATE, "30", 2025, unit="家")
    history = [obs("2021", 1025), obs("2022", 1374)]
    assert completion_of(spec, spec.targets[0], D(1374), 2022, history) == D("1.1350")


def test_growth_rate_with_zero_start_is_none() -> None:
    spec = indicator(TargetKind.GROWTH_RATE, "30", 2025, baseline=0, baseline_year=2020)
    assert completion_of(spec, spec.targets[0], D(10), 2022, []) is None


def test_yearly_flow() -> None:
    # 每年新引进60人以上: 2022 brought 72; 72 / 60 = 1.2
    spec = indicator(TargetKind.YEARLY_FLOW, 60, 2025, unit="人")
    assert completion_of(spec, spec.targets[0], D(72), 2022, [obs("2021", 50)]) == D("1.2")


def test_cumulative_sums_years_after_the_base_year() -> None:
    # 累计引进300人 by 2025, base year 2020 (its 40 does not count):
    # 55 (2021) + 70 (2022) + 30 (2023 so far) = 155; 155 / 300 = 0.51666… → 0.5167
    spec = indicator(TargetKind.CUMULATIVE, 300, 2025, baseline_year=2020, unit="人")
    history = [obs("2020", 40), obs("2021", 55), obs("2022-06", 30), obs("2022", 70), obs("2023-06", 30)]
    assert completion_of(spec, spec.targets[0], D(30), 2023, history) == D("0.5167")


def test_cumulative_of_the_base_year_is_none() -> None:
    spec = indicator(TargetKind.CUMULATIVE, 300, 2025, baseline_year=2020)
    assert completion_of(spec, spec.targets[0], D(40), 2020, []) is None


def test_qualitative_has_no_completion() -> None:
    spec = indicator(TargetKind.QUALITATIVE, None, 2025, direction=Direction.QUALITATIVE)
    assert completion_of(spec, spec.targets[0], D(1), 2022, []) is None


@pytest.mark.parametrize("kind", list(TargetKind))
def test_zero_target_never_raises(kind: TargetKind) -> None:
    spec = indicator(kind, 0, 2025, baseline=0, baseline_year=2020)
    result = completion_of(spec, spec.targets[0], D(0), 2022, [obs("2021", 0)])
    assert result is None or isinstance(result, Decimal)
