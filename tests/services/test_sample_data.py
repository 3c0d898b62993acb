"""The sample plan: marked as sample, figures that show every colour, the same on every PC."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Plan, ProgressReport, Task, Value
from desktop.domain.evaluation.results import Light
from desktop.errors import UserError
from desktop.services.database import Database, open_database
from desktop.services.evaluation import check_plan
from desktop.services.sample_data import SAMPLE_MARK, SAMPLE_NOTE, create_sample_plan

AS_OF = dt.date(2026, 11, 29)


def _values(database: Database, plan_id: int) -> list[tuple[str, str, str | None]]:
    with database.read() as s:
        rows = s.execute(
            select(Value.indicator_id, Value.period, Value.value, Value.note).order_by(Value.indicator_id, Value.period)
        ).all()
    return [(str(i), p, None if v is None else format(v, "f"), n) for i, p, v, n in rows]


def test_sample_plan_is_marked_and_shows_every_colour(database: Database) -> None:
    plan_id = create_sample_plan(database, today=AS_OF)
    with database.read() as s:
        name = s.scalar(select(Plan.name).where(Plan.id == plan_id))
        generated = s.scalar(select(func.count()).select_from(Value).where(Value.note == SAMPLE_NOTE))
    assert name is not None and name.endswith(SAMPLE_MARK)
    assert generated and generated >= 30  # eight targeted indicators, 2020–2025
    check = check_plan(database, plan_id, as_of=AS_OF)
    lights = {result.light for result in check.indicator_results.values()}
    assert {Light.GREEN, Light.YELLOW} <= lights


def test_every_task_has_three_months_of_progress(database: Database) -> None:
    plan_id = create_sample_plan(database, today=AS_OF)
    with database.read() as s:
        tasks = s.scalar(select(func.count()).select_from(Task).where(Task.plan_id == plan_id))
        per_task = s.execute(
            select(ProgressReport.task_id, func.count(), func.max(ProgressReport.period))
            .join(Task, Task.id == ProgressReport.task_id)
            .where(Task.plan_id == plan_id)
            .group_by(ProgressReport.task_id)
        ).all()
    assert tasks and len(per_task) == tasks
    assert {count for _, count, _ in per_task} == {3}
    assert {last for _, _, last in per_task} == {"2025-12"}  # the plan ended in 2025


def test_sample_is_the_same_on_every_pc(tmp_path: Path) -> None:
    first, second = open_database(tmp_path / "a.db"), open_database(tmp_path / "b.db")
    try:
        create_sample_plan(first, today=AS_OF)
        create_sample_plan(second, today=AS_OF)
        assert _values(first, 1) == _values(second, 1)
    finally:
        first.close()
        second.close()


def test_second_sample_is_refused_and_changes_nothing(database: Database) -> None:
    create_sample_plan(database, today=AS_OF)
    before = _values(database, 1)
    with pytest.raises(UserError, match="已经存在"):
        create_sample_plan(database, today=AS_OF)
    with database.read() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 1
    assert _values(database, 1) == before


def test_command_line_sample(tmp_path: Path) -> None:
    db = tmp_path / "示例 数据" / "sample.db"
    done = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "sample"], capture_output=True,
                          text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1\t") and "示例" in done.stdout
    again = subprocess.run([sys.executable, "-m", "desktop", "--db", str(db), "sample"], capture_output=True,
                           text=True, encoding="utf-8")
    assert again.returncode != 0 and "已经存在" in again.stderr
