"""The overview's numbers, read from a real database with two bundled plans loaded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from db.models import RoundUnit, Unit, Value
from desktop.errors import NotFoundError
from desktop.services.dashboard import dashboard, trend
from desktop.services.database import Database
from desktop.services.evaluation import check_plan
from desktop.services.presets import load_preset
from desktop.services.rounds import open_round

ZIBO_DAY = dt.date(2025, 6, 1)
LIAOCHENG_DAY = dt.date(2023, 1, 15)


@pytest.fixture
def plans(database: Database) -> dict[str, int]:
    return {name: load_preset(database, name) for name in ("zibo-14th-review", "liaocheng-2018")}


def _indicator_id(database: Database, plan_id: int, name: str) -> int:
    check = check_plan(database, plan_id, ZIBO_DAY)
    return next(spec.id for spec in check.indicators if spec.name.startswith(name))


def test_status_counts_add_up_to_the_plan(database: Database, plans: dict[str, int]) -> None:
    for name, day in (("zibo-14th-review", ZIBO_DAY), ("liaocheng-2018", LIAOCHENG_DAY)):
        check = check_plan(database, plans[name], day)
        board = dashboard(database, plans[name], day)
        assert board.indicator_total == len(check.indicators) == len(board.completions)
        assert board.task_total == len(check.tasks)
        assert [c.status for c in board.indicator_counts] == ["已达标", "正常", "滞后", "严重滞后", "无数据"]
        for count in board.indicator_counts:
            expected = sum(1 for r in check.indicator_results.values() if r.status.value == count.status)
            assert count.count == expected


def test_zibo_review_counts_and_completion(database: Database, plans: dict[str, int]) -> None:
    board = dashboard(database, plans["zibo-14th-review"], ZIBO_DAY)
    assert board.plan_name == "淄博市“十四五”科技创新规划"
    assert board.indicator_total == 31
    assert board.indicator_count("滞后") == 1
    assert board.indicator_count("正常") == 7
    assert board.indicator_count("无数据") == 23
    assert board.task_count("正常") == board.task_total == 42
    rd = next(c for c in board.completions if c.name == "R&D经费支出占GDP比重")
    assert (rd.completion, rd.light, rd.status) == (Decimal("0.9533"), "green", "正常")
    assert (rd.actual, rd.target, rd.target_year, rd.number) == (Decimal("2.86"), Decimal("3"), 2025, "1")
    hi_tech = next(c for c in board.completions if c.name.startswith("高新技术产业产值占"))
    assert hi_tech.light == "yellow" and hi_tech.status == "滞后"
    assert not board.overdue_tasks and board.latest_round is None


def test_liaocheng_tasks_due_2019_and_2020_are_overdue_in_2023(database: Database, plans: dict[str, int]) -> None:
    board = dashboard(database, plans["liaocheng-2018"], LIAOCHENG_DAY)
    assert board.task_count("逾期") == len(board.overdue_tasks) == board.task_total == 38
    first = board.overdue_tasks[0]
    assert first.deadline == dt.date(2019, 12, 31)
    assert first.days == -1111 and first.days_overdue == 1111
    assert [t.days for t in board.overdue_tasks] == sorted(t.days for t in board.overdue_tasks)
    park = next(t for t in board.overdue_tasks if t.title == "有序推进高新技术园区建设")
    assert (park.number, park.lead_unit) == ("1", "市科技局")
    deadlines = {t.deadline.year for t in board.overdue_tasks}
    assert {2019, 2020} <= deadlines
    assert any(t.deadline == dt.date(2020, 12, 31) and t.days == -745 for t in board.overdue_tasks)
    assert board.due_soon_tasks == ()


def test_due_soon_lists_tasks_inside_the_window(database: Database, plans: dict[str, int]) -> None:
    board = dashboard(database, plans["liaocheng-2018"], dt.date(2022, 12, 10))
    assert board.due_soon_tasks, "tasks due at the end of 2022 are due soon on 10 December"
    assert all(t.deadline == dt.date(2022, 12, 31) and t.days == 21 for t in board.due_soon_tasks)
    assert all(t.deadline.year < 2022 for t in board.overdue_tasks)
    assert len(board.due_soon_tasks) + len(board.overdue_tasks) == 38


def test_latest_round_lists_units_not_reported(database: Database, plans: dict[str, int]) -> None:
    plan_id = plans["liaocheng-2018"]
    open_round(database, plan_id, "2021", dt.date(2022, 1, 20), ["市科技局"])
    latest = open_round(database, plan_id, "2022", dt.date(2023, 1, 10))
    with database.write() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.name == "市科技局"))
        s.execute(
            update(RoundUnit)
            .where(RoundUnit.round_id == latest, RoundUnit.unit_id == unit_id)
            .values(returned_at=dt.datetime(2023, 1, 8, 9, 30), file_name="市科技局.xlsx")
        )
    panel = dashboard(database, plan_id, LIAOCHENG_DAY).latest_round
    assert panel is not None
    assert (panel.round_id, panel.period, panel.period_label) == (latest, "2022", "2022年")
    assert panel.received == 1 and panel.expected > 1
    assert "市科技局" not in panel.missing_units and "市发展改革委" in panel.missing_units
    assert len(panel.missing_units) == panel.expected - panel.received
    assert panel.overdue  # due 10 January, seen on 15 January


def test_trend_of_the_rd_share(database: Database, plans: dict[str, int]) -> None:
    plan_id = plans["zibo-14th-review"]
    series = trend(database, plan_id, _indicator_id(database, plan_id, "R&D经费支出占GDP比重"), ZIBO_DAY)
    assert series.name == "R&D经费支出占GDP比重" and series.unit == "%"
    assert series.values == ((2020, Decimal("2.81")), (2021, Decimal("2.86")))  # 2021 data reported in 2023
    assert series.targets == ((2025, Decimal("3")),)
    assert series.expected[0] == (2020, Decimal("2.81")) and series.expected[-1] == (2025, Decimal("3"))
    assert [y for y, _ in series.expected] == list(range(2020, 2026))
    assert series.projection == ((2021, Decimal("2.86")), (2025, Decimal("3.0600")))
    assert series.will_reach is True and series.status == "正常"


def test_trend_with_staged_targets_and_typed_values(database: Database, plans: dict[str, int]) -> None:
    plan_id = plans["liaocheng-2018"]
    indicator_id = _indicator_id(database, plan_id, "全社会 R&D 经费支出占 GDP 比重")
    with database.write() as s:
        for year, value in ((2019, "2.10"), (2020, "2.20"), (2021, "2.35")):
            s.add(Value(indicator_id=indicator_id, period=str(year), value=Decimal(value), origin="typed"))
    series = trend(database, plan_id, indicator_id, dt.date(2022, 3, 1))
    assert series.targets == ((2019, Decimal("2.3")), (2022, Decimal("2.5")))
    assert series.values == ((2019, Decimal("2.10")), (2020, Decimal("2.20")), (2021, Decimal("2.35")))
    # the 序时进度 line runs from the first stage to the second
    assert series.expected[0] == (2019, Decimal("2.3")) and series.expected[-1] == (2022, Decimal("2.5"))
    assert series.projection[0] == (2021, Decimal("2.35")) and series.projection[-1][0] == 2022
    assert series.projection[-1][1] == Decimal("2.4667")  # least squares: 2.2167 + 2 × 0.125
    assert series.will_reach is False and series.target == Decimal("2.5")
    # values of periods that had not begun are not seen
    earlier = trend(database, plan_id, indicator_id, dt.date(2020, 6, 30))
    assert [y for y, _ in earlier.values] == [2019, 2020]


def test_trend_of_an_unknown_indicator_is_refused(database: Database, plans: dict[str, int]) -> None:
    with pytest.raises(NotFoundError):
        trend(database, plans["zibo-14th-review"], 999_999, ZIBO_DAY)
    liaocheng_indicator = _indicator_id(database, plans["liaocheng-2018"], "科技进步贡献率")
    with pytest.raises(NotFoundError):  # belongs to the other plan
        trend(database, plans["zibo-14th-review"], liaocheng_indicator, ZIBO_DAY)
