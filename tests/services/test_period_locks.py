"""报送锁定: a locked period refuses typed edits, progress, imports and undoing imports."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditLog, Indicator, Task
from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.importer import ImportOptions, import_files, undo_batch
from desktop.services.period_locks import PeriodLocked, set_round_state
from desktop.services.presets import load_preset
from desktop.services.progress_entry import ProgressEntryService
from desktop.services.rounds import open_round
from desktop.services.value_entry import ValueEntry
from tests.e2e.test_cli import run
from tests.e2e.test_import import freeform


@pytest.fixture
def plan(database: Database) -> int:
    return load_preset(database, "zibo-14th-review")


def _indicator(database: Database, name: str) -> int:
    with database.read() as s:
        return int(s.scalar(select(Indicator.id).where(Indicator.name == name)))


def _value_rows(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("select indicator_id, period, value, batch_id from value order by id").fetchall()


def test_locked_year_refuses_edits_until_unlocked_with_a_reason(database: Database, plan: int) -> None:
    entry = ValueEntry(database)
    rd = _indicator(database, "R&D经费支出占GDP比重")
    round_id = open_round(database, plan, "2024", dt.date(2025, 1, 31))
    assert set_round_state(database, round_id, "locked") == "open"
    before = _value_rows(database.path)
    with pytest.raises(PeriodLocked, match="2024年已锁定（报送轮次 1）") as caught:
        entry.set_cells(plan, [(rd, "2024", Decimal("3.1"))])
    assert "round unlock 1 --reason" in caught.value.message
    with pytest.raises(PeriodLocked):  # a quarter of a locked year is locked too
        entry.set_cells(plan, [(rd, "2024Q2", Decimal("3.1"))])
    assert _value_rows(database.path) == before
    entry.set_cells(plan, [(rd, "2023", Decimal("2.9"))])  # another year is open

    with pytest.raises(UserError, match="需要说明原因"):
        set_round_state(database, round_id, "open")
    set_round_state(database, round_id, "open", "统计局更正了2024年数据")
    entry.set_cells(plan, [(rd, "2024", Decimal("3.1"))])
    with database.read() as s:
        reasons = s.scalars(select(AuditLog.reason).where(AuditLog.entity == "collection_round")).all()
    assert reasons[-2:] == ["锁定报送轮次", "重新开启报送轮次：统计局更正了2024年数据"]


def test_locked_month_refuses_progress(database: Database, plan: int) -> None:
    service = ProgressEntryService(database)
    with database.read() as s:
        task_id = int(s.scalar(select(Task.id).where(Task.plan_id == plan).order_by(Task.id)))
    round_id = open_round(database, plan, "2024-06", dt.date(2024, 7, 5))
    set_round_state(database, round_id, "locked")
    with pytest.raises(PeriodLocked, match="2024年6月已锁定"):
        service.save_progress(task_id, "2024-06", None, Decimal(50), "推进中", "按计划推进", None, None)
    service.save_progress(task_id, "2024-07", None, Decimal(60), "推进中", "按计划推进", None, None)


def test_import_into_a_locked_period_is_blocked_and_writes_nothing(database: Database, plan: int, tmp_path: Path) -> None:
    f = freeform(tmp_path / "科技局2024.xlsx", [("高新技术企业数", "1,600家")])
    round_id = open_round(database, plan, "2024", dt.date(2025, 1, 31))
    set_round_state(database, round_id, "locked")
    before = _value_rows(database.path)
    result = import_files(database, [f], ImportOptions(plan_id=plan, backup=False))
    assert not result.committed
    assert any("2024年已锁定" in error and "科技局2024.xlsx" in error for error in result.files[0].errors)
    assert _value_rows(database.path) == before


def test_undoing_a_batch_in_a_period_locked_since_is_refused(database: Database, plan: int, tmp_path: Path) -> None:
    f = freeform(tmp_path / "科技局2024.xlsx", [("高新技术企业数", "1,600家")])
    result = import_files(database, [f], ImportOptions(plan_id=plan, backup=False))
    assert result.committed
    round_id = open_round(database, plan, "2024", dt.date(2025, 1, 31))
    set_round_state(database, round_id, "locked")
    before = _value_rows(database.path)
    with pytest.raises(PeriodLocked, match="撤销导入批次 1"):
        undo_batch(database, result.batch_ids[0])
    assert _value_rows(database.path) == before


def test_command_line_lock_and_unlock(tmp_path: Path) -> None:
    db = tmp_path / "锁定.db"
    run("--db", db, "init", "--preset", "zibo-14th-review")
    run("--db", db, "round", "open", "--plan", "1", "--period", "2024", "--due", "2025-01-31")
    assert "报送中 → 已锁定" in run("--db", db, "round", "lock", "1").stdout
    assert run("--db", db, "round", "list").stdout.rstrip().endswith("已锁定")
    refused = run("--db", db, "round", "unlock", "1", ok=False)
    assert refused.returncode == 2 and "需要说明原因" in refused.stderr
    assert "已锁定 → 报送中" in run("--db", db, "round", "unlock", "1", "--reason", "更正数据").stdout
