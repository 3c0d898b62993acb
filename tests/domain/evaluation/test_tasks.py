"""Tests for desktop.domain.evaluation.tasks: every task status, 未报送 around the 27th."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.domain.evaluation.results import Light, TaskStatus
from desktop.domain.evaluation.specs import ProgressEntry, TaskSpec, Thresholds
from desktop.domain.evaluation.tasks import evaluate_task, report_due_month
from desktop.domain.periods import Period

D = dt.date
UNITS = ("市科技局", "市财政局")


def entry(
    month: str,
    unit: str | None,
    percent: str | None = None,
    status: str | None = "推进中",
    reported_on: dt.date | None = None,
) -> ProgressEntry:
    return ProgressEntry(Period.parse(month), unit, None if percent is None else Decimal(percent), status, reported_on)


def task(
    deadline: dt.date | None = D(2023, 12, 31),
    progress: tuple[ProgressEntry, ...] = (),
    *,
    ongoing: bool = False,
    units: tuple[str, ...] = UNITS,
    reports: bool = False,
    task_force: str | None = None,
) -> TaskSpec:
    return TaskSpec(7, "建设科技成果转化服务平台", deadline, ongoing, units, task_force, progress, reports)


def test_done_by_status_even_after_deadline() -> None:
    spec = task(D(2022, 12, 31), (entry("2022-11", "市科技局", "80"), entry("2022-12", "市科技局", None, "已完成")))
    result = evaluate_task(spec, D(2023, 3, 1))
    assert (result.status, result.light) == (TaskStatus.DONE, Light.GREEN)
    assert result.last_period == "2022-12"
    assert result.days_left == -60


def test_done_by_percent() -> None:
    result = evaluate_task(task(progress=(entry("2023-05", "市科技局", "100"),)), D(2023, 6, 1))
    assert result.status is TaskStatus.DONE
    assert result.percent == Decimal(100)


def test_overdue() -> None:
    spec = task(D(2022, 12, 31), (entry("2022-12", "市科技局", "90"),))
    result = evaluate_task(spec, D(2023, 1, 5))
    assert (result.status, result.light, result.days_left) == (TaskStatus.OVERDUE, Light.RED, -5)
    assert (result.deadline, result.percent) == ("2022-12-31", Decimal(90))


def test_deadline_day_itself_is_not_overdue() -> None:
    assert evaluate_task(task(D(2022, 12, 31)), D(2022, 12, 31)).status is TaskStatus.DUE_SOON


@pytest.mark.parametrize(
    ("as_of", "status", "days_left"),
    [
        (D(2023, 12, 10), TaskStatus.DUE_SOON, 21),
        (D(2023, 12, 1), TaskStatus.DUE_SOON, 30),  # within 30 days
        (D(2023, 11, 30), TaskStatus.ON_TRACK, 31),
    ],
)
def test_due_soon(as_of: dt.date, status: TaskStatus, days_left: int) -> None:
    result = evaluate_task(task(), as_of)
    assert (result.status, result.days_left) == (status, days_left)
    assert result.light is (Light.YELLOW if status is TaskStatus.DUE_SOON else Light.GREEN)


def test_custom_due_soon_days() -> None:
    assert evaluate_task(task(), D(2023, 11, 30), Thresholds(due_soon_days=45)).status is TaskStatus.DUE_SOON


def test_ongoing_without_date() -> None:
    result = evaluate_task(task(None, ongoing=True), D(2023, 6, 1))
    assert (result.status, result.light, result.deadline, result.days_left) == (TaskStatus.ONGOING, Light.GREEN, None, None)


def test_no_deadline_not_ongoing_is_on_track() -> None:
    assert evaluate_task(task(None), D(2023, 6, 1)).status is TaskStatus.ON_TRACK


REPORTED = (
    entry("2023-02", "市科技局", "20"),
    entry("2023-02", "市财政局", "20"),
    entry("2023-03", "市科技局", "30"),
)


def test_report_due_month_around_the_27th() -> None:
    assert report_due_month(D(2023, 3, 27), Thresholds()) == Period.month(2023, 2)
    assert report_due_month(D(2023, 3, 28), Thresholds()) == Period.month(2023, 3)
    assert report_due_month(D(2023, 1, 5), Thresholds()) == Period.month(2022, 12)
    assert report_due_month(D(2023, 3, 26), Thresholds(reporting_day=25)) == Period.month(2023, 3)


def test_not_reported_after_the_reporting_day() -> None:
    spec = task(progress=REPORTED, reports=True)
    # on the 27th itself February is due, and both units reported it
    on_day = evaluate_task(spec, D(2023, 3, 27))
    assert (on_day.status, on_day.missing_units) == (TaskStatus.ON_TRACK, ())
    assert (on_day.last_period, on_day.percent) == ("2023-03", Decimal(30))
    # on the 28th March is due: 市财政局 has not reported
    after = evaluate_task(spec, D(2023, 3, 28))
    assert (after.status, after.light) == (TaskStatus.NOT_REPORTED, Light.YELLOW)
    assert after.missing_units == ("市财政局",)


def test_not_reported_lists_every_missing_unit_lead_first() -> None:
    result = evaluate_task(task(progress=REPORTED, reports=True), D(2023, 4, 28))
    assert result.status is TaskStatus.NOT_REPORTED
    assert result.missing_units == UNITS


def test_not_reported_across_the_new_year() -> None:
    spec = task(progress=(entry("2022-12", "市科技局"),), units=("市科技局",), reports=True)
    assert evaluate_task(spec, D(2023, 1, 10)).status is TaskStatus.ON_TRACK
    assert evaluate_task(spec, D(2023, 1, 28)).missing_units == ("市科技局",)


def test_reports_not_expected_never_not_reported() -> None:
    result = evaluate_task(task(progress=REPORTED), D(2023, 4, 28))
    assert (result.status, result.missing_units) == (TaskStatus.ON_TRACK, ())


def test_report_written_after_as_of_does_not_count() -> None:
    late = (entry("2023-03", "市科技局", "30", reported_on=D(2023, 3, 30)),)
    spec = task(progress=late, units=("市科技局",), reports=True)
    assert evaluate_task(spec, D(2023, 3, 28)).status is TaskStatus.NOT_REPORTED
    assert evaluate_task(spec, D(2023, 3, 30)).status is TaskStatus.ON_TRACK


def test_task_force_reports_for_a_task_without_units() -> None:
    spec = task(units=(), task_force="科技创新专班", reports=True, progress=(entry("2023-03", None),))
    assert evaluate_task(spec, D(2023, 3, 28)).status is TaskStatus.ON_TRACK
    missing = evaluate_task(spec, D(2023, 4, 28))
    assert (missing.status, missing.missing_units) == (TaskStatus.NOT_REPORTED, ("科技创新专班",))


def test_overdue_wins_over_not_reported_but_lists_units() -> None:
    spec = task(D(2023, 3, 15), REPORTED, reports=True)
    result = evaluate_task(spec, D(2023, 3, 28))
    assert result.status is TaskStatus.OVERDUE
    assert result.missing_units == ("市财政局",)


def test_not_reported_wins_over_due_soon() -> None:
    spec = task(D(2023, 4, 10), REPORTED, reports=True)
    assert evaluate_task(spec, D(2023, 3, 28)).status is TaskStatus.NOT_REPORTED
    assert evaluate_task(spec, D(2023, 3, 27)).status is TaskStatus.DUE_SOON


def test_lead_unit_decides_the_latest_entry() -> None:
    progress = (entry("2023-03", "市财政局", "100", "已完成"), entry("2023-03", "市科技局", "60"))
    result = evaluate_task(task(progress=progress), D(2023, 4, 1))
    assert (result.status, result.percent) == (TaskStatus.ON_TRACK, Decimal(60))
