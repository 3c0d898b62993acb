"""Tests for desktop.domain.evaluation.outliers."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.evaluation.outliers import check_outlier

D = Decimal
FIRMS = [D(703), D(1025), D(1374)]


def test_jump_is_flagged() -> None:
    # median 1025; deviations 322, 0, 349 → MAD 322; limit 3 × 1.4826 × 322 = 1432.19
    flag = check_outlier(FIRMS, D(13740), "家")  # a typed extra zero
    assert flag is not None
    assert flag.median == D(1025)
    assert flag.deviation == D(12715)
    assert "请核实" in flag.reason


def test_plausible_value_passes() -> None:
    assert check_outlier(FIRMS, D(1800), "家") is None  # 775 from the median, within 1432.19


def test_percentage_out_of_range() -> None:
    flag = check_outlier([D("2.81"), D("2.86")], D(286), "%")  # 2.86 typed as 286
    assert flag is not None and "百分比" in flag.reason
    assert check_outlier([], D(-1), "％") is not None
    assert check_outlier([], D("2.86"), "%") is None
    assert check_outlier([], D(286), "家") is None


def test_flat_history_uses_half_the_median() -> None:
    flat = [D(60), D(60), D(60)]
    # MAD 0: tolerance 50 % of 60 = 30
    assert check_outlier(flat, D(80), "人") is None
    flag = check_outlier(flat, D(100), "人")
    assert flag is not None and flag.deviation == D(40)


def test_short_history_only_checks_percentages() -> None:
    assert check_outlier([D(703), D(1025)], D(100000), "家") is None
