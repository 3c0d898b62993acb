"""Tests for evaluate_indicator: the whole judgement of one indicator."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from desktop.domain.evaluation.indicators import evaluate_indicator
from desktop.domain.evaluation.results import Light, Status
from desktop.domain.evaluation.specs import Direction, IndicatorSpec, Scoring, TargetKind, TargetSpec, Thresholds
from tests.domain.evaluation.builders import HIGH_TECH_FIRMS, RD_SHARE, D, indicator, obs

AS_OF = dt.date(2023, 5, 31)
CUSTOM = Thresholds(lagging=D("0.95"), severe=D("0.8"))


def test_rd_share_reported_a_year_late() -> None:
    # 2021's 2.86 % arrives with the 2022 annual round; it is judged at the end of 2021:
    # completion 2.86 / 3 = 0.9533; expected 2.81 + 0.19 × 12/60 = 2.848;
    # ratio 2.86 / 2.848 = 1.00421… → 1.0042 → 正常; score 10 × 0.9533 = 9.533 → 9.53
    result = evaluate_indicator(RD_SHARE, [obs("2020", "2.81"), obs("2022", "2.86", data_year=2021)], AS_OF)
    assert (result.actual, result.period, result.data_year) == (D("2.86"), "2022", 2021)
    assert (result.target, result.target_year, result.target_kind) == (D(3), 2025, TargetKind.LEVEL)
    assert result.completion == D("0.9533")
    assert result.expected == D("2.848")
    assert result.expected_ratio == D("1.0042")
    assert (result.status, result.light) == (Status.ON_TRACK, Light.GREEN)
    assert result.score == D("9.53")
    assert result.note is None


def test_high_tech_firms_ahead_of_schedule() -> None:
    # 1374 / 1800 = 0.7633; expected 703 + 1097 × 24/60 = 1141.8; 1374 / 1141.8 = 1.2034
    # score 8 × 0.7633 = 6.1064 → 6.11
    history = [obs("2020", 703), obs("2021", 1025), obs("2022", 1374)]
    result = evaluate_indicator(HIGH_TECH_FIRMS, history, AS_OF)
    assert result.completion == D("0.7633")
    assert result.expected == D("1141.8")
    assert result.expected_ratio == D("1.2034")
    assert result.status is Status.ON_TRACK
    assert result.score == D("6.11")
    # least squares through 703, 1025, 1374 (2020–2022): slope (331 + 340)/2 = 335.5,
    # mean 1034 at 2021, so 2025 → 1034 + 4 × 335.5 = 2376
    assert result.projection is not None
    assert result.projection.linear == D(2376)
    assert result.projection.will_reach is True


def test_lower_is_better_energy_intensity() -> None:
    # 万元GDP能耗 0.8 by 2022, actual 0.85: completion 0.8/0.85 = 0.9412;
    # expected at the target year is the target, ratio 0.9412 → 滞后 (≥ 0.90)
    spec = indicator(TargetKind.CEILING, "0.8", 2022, direction=Direction.LOWER, baseline="0.95", baseline_year=2020)
    result = evaluate_indicator(spec, [obs("2022", "0.85")], AS_OF)
    assert result.completion == D("0.9412")
    assert result.expected == D("0.8")
    assert result.expected_ratio == D("0.9412")
    assert (result.status, result.light) == (Status.LAGGING, Light.YELLOW)


def test_lower_is_better_below_ceiling_is_reached() -> None:
    spec = indicator(TargetKind.LEVEL, "0.8", 2022, direction=Direction.LOWER, baseline="0.95", baseline_year=2020)
    result = evaluate_indicator(spec, [obs("2022", "0.78")], AS_OF)
    assert result.status is Status.REACHED  # 0.8 / 0.78 = 1.0256


def test_stage_switching() -> None:
    spec = indicator(
        baseline="2.0",
        baseline_year=2017,
        targets=(TargetSpec(2019, D("2.3"), TargetKind.LEVEL), TargetSpec(2022, D("2.5"), TargetKind.LEVEL)),
    )
    # a 2019 value against the 2019 stage: 2.2 / 2.3 = 0.9565; expected 2.3 → 滞后
    in_2019 = evaluate_indicator(spec, [obs("2019", "2.2")], dt.date(2020, 3, 1))
    assert (in_2019.target, in_2019.target_year) == (D("2.3"), 2019)
    assert in_2019.completion == D("0.9565")
    assert in_2019.status is Status.LAGGING
    # a 2020 value against the 2022 stage: 2.4 / 2.5 = 0.96; expected 2.3 + 0.2 × 12/36
    # = 2.3667; 2.4 / 2.3667 = 1.01407… → 正常
    in_2020 = evaluate_indicator(spec, [obs("2019", "2.2"), obs("2020", "2.4")], dt.date(2021, 3, 1))
    assert (in_2020.target, in_2020.target_year) == (D("2.5"), 2022)
    assert in_2020.completion == D("0.96")
    assert in_2020.expected == D("2.3667")
    assert in_2020.expected_ratio == D("1.0141")
    assert in_2020.status is Status.ON_TRACK


def test_passed_stage_is_judged_on_its_own_year() -> None:
    spec = indicator(targets=(TargetSpec(2019, D("2.3"), TargetKind.LEVEL), TargetSpec(2022, D("2.5"), TargetKind.LEVEL)))
    result = evaluate_indicator(spec, [obs("2022", "2.45"), obs("2023", "2.6")], dt.date(2024, 6, 30))
    assert (result.actual, result.data_year, result.target_year) == (D("2.45"), 2022, 2022)
    assert result.completion == D("0.98")  # 2.45 / 2.5
    assert result.note is not None and "按2022年数值评价" in result.note
    only_later = evaluate_indicator(spec, [obs("2023", "2.6")], dt.date(2024, 6, 30))
    assert only_later.actual == D("2.6")
    assert only_later.status is Status.REACHED
    assert only_later.note is not None and "无该年数值" in only_later.note


def test_no_observations_gives_no_data_with_target() -> None:
    result = evaluate_indicator(HIGH_TECH_FIRMS, [], AS_OF)
    assert (result.status, result.light) == (Status.NO_DATA, Light.GREY)
    assert (result.target, result.target_year) == (D(1800), 2025)
    assert result.actual is None and result.completion is None and result.score is None
    assert result.note == "截至2023-05-31暂无数据"


def test_observations_of_periods_not_yet_begun_are_ignored() -> None:
    """A figure counts from the start of the period it reports on (a June figure typed in
    June; an annual review's 2023 figure during 2023), never before."""
    history = [obs("2022", 1374), obs("2023-06", 1500)]
    result = evaluate_indicator(HIGH_TECH_FIRMS, history, dt.date(2023, 5, 31))
    assert result.actual == D(1374)
    later = evaluate_indicator(HIGH_TECH_FIRMS, history, dt.date(2023, 6, 1))
    assert later.actual == D(1500)
    assert evaluate_indicator(HIGH_TECH_FIRMS, history, dt.date(2021, 12, 31)).status is Status.NO_DATA


def test_without_a_baseline_progress_is_measured_against_elapsed_plan_time() -> None:
    # 科技型中小企业: target 2700 in 2025, plan from 2020, 1822 describing 2022.
    # completion 1822 / 2700 = 0.6748; time share (2022-2020)/(2025-2020) = 0.4;
    # 0.6748 / 0.4 = 1.687 ≥ 1 → 正常 (judged directly it would be 严重滞后).
    spec = replace(indicator(TargetKind.LEVEL, 2700, 2025, unit="家"), plan_start_year=2020)
    result = evaluate_indicator(spec, [obs("2023", 1822, data_year=2022)], dt.date(2023, 9, 30))
    assert result.completion == D("0.6748")
    assert result.expected is None
    assert result.status is Status.ON_TRACK
    assert result.note == "无基期值，按方案时间进度（2/5）比较完成率"
    # 4 of 5 years gone with two thirds done: 0.6748 / 0.8 = 0.8435 < 0.9 → 严重滞后
    late = evaluate_indicator(spec, [obs("2025", 1822, data_year=2024)], dt.date(2025, 3, 1))
    assert late.status is Status.SEVERELY_LAGGING
    # without the plan's start the completion is compared directly, as before
    plain = evaluate_indicator(replace(spec, plan_start_year=None), [obs("2023", 1822, data_year=2022)],
                               dt.date(2023, 9, 30))
    assert plain.status is Status.SEVERELY_LAGGING


def test_level_without_baseline_compares_with_target() -> None:
    # no baseline: no 序时进度; 1374 / 1800 = 0.7633 < 0.90 → 严重滞后
    spec = indicator(TargetKind.LEVEL, 1800, 2025, unit="家")
    result = evaluate_indicator(spec, [obs("2022", 1374)], AS_OF)
    assert result.expected is None and result.expected_ratio is None
    assert result.status is Status.SEVERELY_LAGGING
    assert result.note == "无基期值，按目标值直接比较"


def test_thresholds_change_the_status() -> None:
    # 每年60人: by June 30 are due. 28.8 / 30 = 0.96 and 25.5 / 30 = 0.85
    spec = indicator(TargetKind.YEARLY_FLOW, 60, 2025, unit="人")
    at_96 = [obs("2023-06", "28.8")]
    at_85 = [obs("2023-06", "25.5")]
    assert evaluate_indicator(spec, at_96, dt.date(2023, 7, 5)).status is Status.LAGGING
    assert evaluate_indicator(spec, at_96, dt.date(2023, 7, 5), CUSTOM).status is Status.ON_TRACK
    assert evaluate_indicator(spec, at_85, dt.date(2023, 7, 5)).status is Status.SEVERELY_LAGGING
    assert evaluate_indicator(spec, at_85, dt.date(2023, 7, 5), CUSTOM).status is Status.LAGGING


def test_yearly_flow_half_time_rule_for_a_quarter() -> None:
    # Q3: 60 × 9/12 = 45 due; 46 reported → ratio 1.0222, completion 46/60 = 0.7667
    spec = indicator(TargetKind.YEARLY_FLOW, 60, 2025, unit="人")
    result = evaluate_indicator(spec, [obs("2023Q3", 46)], dt.date(2023, 10, 10))
    assert result.expected == D(45)
    assert result.expected_ratio == D("1.0222")
    assert result.completion == D("0.7667")
    assert result.status is Status.ON_TRACK


def test_cumulative_actual_is_the_running_total() -> None:
    # 55 (2021) + 70 (2022) + 30 (2023 H1) = 155; 155 / 300 = 0.5167;
    # expected 300 × 30/60 = 150; 155 / 150 = 1.0333
    spec = indicator(TargetKind.CUMULATIVE, 300, 2025, baseline_year=2020, weight=5, unit="人")
    history = [obs("2020", 40), obs("2021", 55), obs("2022", 70), obs("2023-06", 30)]
    result = evaluate_indicator(spec, history, dt.date(2023, 7, 1))
    assert (result.actual, result.completion) == (D(155), D("0.5167"))
    assert (result.expected, result.expected_ratio) == (D(150), D("1.0333"))
    assert result.status is Status.ON_TRACK
    assert result.note == "实际值为2021–2023年累计数"
    # trend on whole years only: running totals 55 (2021), 125 (2022) → 2025: 125 + 3 × 70 = 335
    assert result.projection is not None and result.projection.linear == D(335)
    assert result.projection.will_reach is True


def test_increase_points_with_and_without_baseline() -> None:
    with_base = indicator(TargetKind.INCREASE_POINTS, "1.5", 2025, baseline="42.53", baseline_year=2020)
    history = [obs("2021", "47.13"), obs("2022", "48.42")]
    result = evaluate_indicator(with_base, history, AS_OF)
    # 2.945 points a year / 1.5 = 1.9633 → 已达标; expected 42.53 + 3 = 45.53, ratio 1.0635
    assert (result.completion, result.expected, result.expected_ratio) == (D("1.9633"), D("45.53"), D("1.0635"))
    assert result.status is Status.REACHED
    without = indicator(TargetKind.INCREASE_POINTS, "1.5", 2025)
    result = evaluate_indicator(without, history, AS_OF)
    # only last year's gain: 1.29 / 1.5 = 0.86 → 严重滞后, judged directly
    assert result.completion == D("0.86")
    assert result.expected is None
    assert result.status is Status.SEVERELY_LAGGING
    assert result.note is not None and "按2021年数值计算增幅" in result.note


def test_growth_rate_evaluation() -> None:
    # 703 → 1374 in two years at a 30 % target: completion 1.3268 → 已达标
    spec = indicator(TargetKind.GROWTH_RATE, "30", 2025, baseline=703, baseline_year=2020, weight=4)
    result = evaluate_indicator(spec, [obs("2022", 1374)], AS_OF)
    assert result.completion == D("1.3268")
    assert result.expected == D("1188.07")
    assert result.status is Status.REACHED
    assert result.score == D("4.00")


def test_increase_without_any_start_is_no_data() -> None:
    spec = indicator(TargetKind.INCREASE_POINTS, "1.5", 2025)
    result = evaluate_indicator(spec, [obs("2022", "48.42")], AS_OF)
    assert result.status is Status.NO_DATA
    assert result.actual == D("48.42")
    assert result.note is not None and "无法计算" in result.note


def _qualitative(hand: str | None) -> IndicatorSpec:
    return indicator(
        TargetKind.QUALITATIVE, None, 2025, direction=Direction.QUALITATIVE, weight=10, hand_score=hand, scoring=Scoring.HAND
    )


def test_qualitative_follows_the_hand_score() -> None:
    # 10/10 → 已达标; 9.5/10 = 0.95 ≥ 0.90 → 滞后; not scored → 无数据
    full = evaluate_indicator(_qualitative("10"), [], AS_OF)
    assert (full.status, full.score, full.completion) == (Status.REACHED, D("10.00"), None)
    part = evaluate_indicator(_qualitative("9.5"), [], AS_OF)
    assert (part.status, part.score) == (Status.LAGGING, D("9.50"))
    unscored = evaluate_indicator(_qualitative(None), [], AS_OF)
    assert (unscored.status, unscored.light, unscored.score) == (Status.NO_DATA, Light.GREY, None)


def test_no_numeric_target_is_no_data() -> None:
    spec = indicator(TargetKind.LEVEL, None, 2025)
    result = evaluate_indicator(spec, [obs("2022", "2.9")], AS_OF)
    assert result.status is Status.NO_DATA
    assert result.actual == D("2.9")
    assert result.note == "未设定目标值"
