"""Tests for expected_value (序时进度) and the 时间过半、任务过半 rule."""

from __future__ import annotations

import pytest

from desktop.domain.evaluation.indicators import expected_value
from desktop.domain.evaluation.specs import Direction, TargetKind, TargetSpec
from desktop.domain.periods import Period
from tests.domain.evaluation.builders import HIGH_TECH_FIRMS, RD_SHARE, D, indicator


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2021", "2.848"),  # 2.81 + (3 − 2.81) × 12/60 = 2.81 + 0.038
        ("2022H1", "2.867"),  # 2.81 + 0.19 × 18/60 = 2.81 + 0.057
        ("2025", "3"),  # the target itself at the target year
        ("2026", "3"),  # held at the target afterwards
        ("2020", "2.81"),  # the baseline at the baseline year
        ("2019", "2.81"),  # and before it
    ],
)
def test_level_straight_line_from_baseline(period: str, expected: str) -> None:
    assert expected_value(RD_SHARE, RD_SHARE.targets[0], Period.parse(period)) == D(expected)


def test_high_tech_firms_expected_in_2022() -> None:
    # 703 + (1800 − 703) × 24/60 = 703 + 438.8 = 1141.8
    assert expected_value(HIGH_TECH_FIRMS, HIGH_TECH_FIRMS.targets[0], Period.year_of(2022)) == D("1141.8")


def test_level_without_baseline_is_none() -> None:
    spec = indicator(TargetKind.LEVEL, 1800, 2025)
    assert expected_value(spec, spec.targets[0], Period.year_of(2022)) is None


def test_staged_target_line_starts_at_previous_stage() -> None:
    spec = indicator(
        baseline="2.0",
        baseline_year=2017,
        targets=(TargetSpec(2019, D("2.3"), TargetKind.LEVEL), TargetSpec(2022, D("2.5"), TargetKind.LEVEL)),
    )
    first, second = spec.targets
    # first stage: 2.0 + (2.3 − 2.0) × 12/24 = 2.15
    assert expected_value(spec, first, Period.year_of(2018)) == D("2.15")
    # second stage from 2.3 (2019): 2.3 + 0.2 × 12/36 = 2.36666… → 2.3667
    assert expected_value(spec, second, Period.year_of(2020)) == D("2.3667")


def test_staged_target_without_baseline_uses_previous_stage() -> None:
    spec = indicator(targets=(TargetSpec(2019, D("2.3"), TargetKind.LEVEL), TargetSpec(2022, D("2.5"), TargetKind.LEVEL)))
    assert expected_value(spec, spec.targets[0], Period.year_of(2018)) is None
    assert expected_value(spec, spec.targets[1], Period.year_of(2021)) == D("2.4333")  # 2.3 + 0.2 × 24/36


def test_ceiling_line_goes_down() -> None:
    # 0.95 (2020) → 0.8 (2025): at 2022 0.95 − 0.15 × 24/60 = 0.89
    spec = indicator(TargetKind.CEILING, "0.8", 2025, direction=Direction.LOWER, baseline="0.95", baseline_year=2020)
    assert expected_value(spec, spec.targets[0], Period.year_of(2022)) == D("0.89")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2022-03", "15"),  # 60 × 3/12
        ("2022-06", "30"),  # 时间过半、任务过半: 60 × 6/12
        ("2022-11", "55"),  # 60 × 11/12
        ("2022Q1", "15"),
        ("2022Q3", "45"),  # 60 × 9/12
        ("2022H1", "30"),
        ("2022", "60"),
    ],
)
def test_yearly_flow_half_time_half_task(period: str, expected: str) -> None:
    spec = indicator(TargetKind.YEARLY_FLOW, 60, 2025, unit="人")
    assert expected_value(spec, spec.targets[0], Period.parse(period)) == D(expected)


def test_cumulative_line_from_zero() -> None:
    # 累计300 from the end of 2020 to the end of 2025: at 2023-06, 300 × 30/60 = 150
    spec = indicator(TargetKind.CUMULATIVE, 300, 2025, baseline_year=2020)
    assert expected_value(spec, spec.targets[0], Period.parse("2023-06")) == D(150)


def test_cumulative_within_one_year_is_half_time_rule() -> None:
    # target for 2022 counted from the end of 2021: Q1 is 100 × 3/12 = 25
    spec = indicator(TargetKind.CUMULATIVE, 100, 2022, baseline_year=2021)
    assert expected_value(spec, spec.targets[0], Period.parse("2022Q1")) == D(25)
    assert expected_value(spec, spec.targets[0], Period.parse("2022H1")) == D(50)


def test_cumulative_without_base_year_is_none() -> None:
    spec = indicator(TargetKind.CUMULATIVE, 300, 2025)
    assert expected_value(spec, spec.targets[0], Period.year_of(2022)) is None


def test_increase_points_paced_from_baseline() -> None:
    spec = indicator(TargetKind.INCREASE_POINTS, "1.5", 2025, baseline="42.53", baseline_year=2020)
    target = spec.targets[0]
    assert expected_value(spec, target, Period.year_of(2022)) == D("45.53")  # 42.53 + 1.5 × 2
    assert expected_value(spec, target, Period.parse("2022H1")) == D("44.78")  # 42.53 + 1.5 × 1.5


def test_growth_rate_compounded_from_baseline() -> None:
    spec = indicator(TargetKind.GROWTH_RATE, "30", 2025, baseline=703, baseline_year=2020)
    # 703 × 1.3² = 703 × 1.69 = 1188.07
    assert expected_value(spec, spec.targets[0], Period.year_of(2022)) == D("1188.07")


def test_growth_rate_decline_when_lower_is_better() -> None:
    # 年均下降5%: 1.0 × 0.95² = 0.9025
    spec = indicator(TargetKind.GROWTH_RATE, "5", 2025, direction=Direction.LOWER, baseline="1.0", baseline_year=2020)
    assert expected_value(spec, spec.targets[0], Period.year_of(2022)) == D("0.9025")


def test_pace_targets_without_baseline_are_none() -> None:
    for kind in (TargetKind.INCREASE_POINTS, TargetKind.GROWTH_RATE):
        spec = indicator(kind, "1.5", 2025)
        assert expected_value(spec, spec.targets[0], Period.year_of(2022)) is None


def test_qualitative_and_valueless_targets_are_none() -> None:
    spec = indicator(TargetKind.QUALITATIVE, None, 2025, direction=Direction.QUALITATIVE)
    assert expected_value(spec, spec.targets[0], Period.year_of(2022)) is None
