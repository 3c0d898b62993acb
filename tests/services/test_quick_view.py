"""The start-up view: the same overview as the workspace, from a bare read-only connection."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import RoundUnit

from desktop.errors import UserError
from desktop.services.dashboard import dashboard, trend
from desktop.services.database import Database
from desktop.services.plans import list_plans
from desktop.services.quick_view import QuickView
from desktop.services.rounds import open_round
from desktop.services.sample_data import create_sample_plan


@pytest.fixture
def sample_plan(database: Database) -> int:
    """The sample plan with a collection round one unit has answered (a stored timestamp)."""
    plan_id = create_sample_plan(database)
    round_id = open_round(database, plan_id, "2025", dt.date(2026, 1, 31))
    with database.write() as s:
        first = s.scalars(select(RoundUnit).where(RoundUnit.round_id == round_id).order_by(RoundUnit.position)).first()
        assert first is not None
        first.returned_at = dt.datetime(2026, 1, 20, 9, 30, 15, 250000)
        first.file_name = "回执.xlsx"
    return plan_id


def test_the_view_shows_what_the_workspace_shows(database: Database, db_path: Path, sample_plan: int) -> None:
    view = QuickView.open(db_path)
    assert view is not None
    try:
        assert view.plans() == list_plans(database)
        board = view.dashboard(sample_plan)
        assert board == dashboard(database, sample_plan, board.as_of)
        assert board.latest_round is not None and board.latest_round.received == 1
        assert any(c.completion is not None for c in board.completions)
        for completion in board.completions[:5]:
            seen = view.trend(sample_plan, completion.indicator_id)
            assert seen == trend(database, sample_plan, completion.indicator_id)
    finally:
        view.close()


def test_the_view_never_writes(database: Database, db_path: Path, sample_plan: int) -> None:
    view = QuickView.open(db_path)
    assert view is not None
    try:
        with pytest.raises(UserError, match="读取数据库时出错"):
            with view.read_rows() as rows:
                rows("DELETE FROM value")
    finally:
        view.close()
    with database.read_rows() as rows:
        assert rows("SELECT count(*) FROM value")[0][0] > 0


def test_a_missing_file_is_left_to_the_full_open(tmp_path: Path) -> None:
    path = tmp_path / "还没有.db"
    assert QuickView.open(path) is None
    assert not path.exists()  # never created by the view


def test_a_file_that_is_not_a_database_is_left_to_the_full_open(tmp_path: Path) -> None:
    path = tmp_path / "文本.db"
    path.write_text("不是数据库", encoding="utf-8")
    assert QuickView.open(path) is None
    assert path.read_text(encoding="utf-8") == "不是数据库"


def test_another_programs_database_is_left_to_the_full_open(tmp_path: Path) -> None:
    path = tmp_path / "别的程序.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    assert QuickView.open(path) is None


def test_a_schema_that_must_change_is_left_to_the_full_open(database: Database, db_path: Path) -> None:
    database.close()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0003_older'")
    connection.close()
    assert QuickView.open(db_path) is None
