"""The safety pragmas really apply on every connection, and writes begin IMMEDIATE."""

from __future__ import annotations

import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from db.engine import create_sqlite_engine, read_pragmas
from db.models import Indicator, IndicatorGroup, Plan, Unit
from desktop.services.database import Database


def test_pragmas_read_back_on_pooled_connections(database: Database) -> None:
    for _ in range(3):
        assert read_pragmas(database.engine) == {
            "journal_mode": "wal",
            "synchronous": 2,
            "foreign_keys": 1,
            "busy_timeout": 5000,
            "trusted_schema": 0,
        }


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError):
        with database.write() as s:
            s.add(IndicatorGroup(plan_id=999, position=0, name="孤儿"))


def test_write_transaction_takes_the_write_lock_at_begin(database: Database) -> None:
    """A second writer is refused while the first transaction has only read so far."""
    with database.write() as s:
        s.execute(select(Plan.id)).all()  # read only; with BEGIN DEFERRED no lock would be held
        other = sqlite3.connect(str(database.path), timeout=0.1)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_failed_transaction_leaves_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError):
        with database.write() as s:
            s.add(Unit(name="市测试局", kind="department"))
            s.flush()
            raise RuntimeError("boom")
    with database.read() as s:
        assert s.scalar(select(Unit).where(Unit.name == "市测试局")) is None


def test_decimals_keep_their_digits(database: Database) -> None:
    digits = [Decimal("2.50"), Decimal("0.65"), Decimal("123456789012345678.123456789"), Decimal("-1.5")]
    with database.write() as s:
        plan = Plan(name="测试", review_months=[])
        group = IndicatorGroup(position=0, name="组", plan=plan)
        for n, d in enumerate(digits):
            group.indicators.append(
                Indicator(plan=plan, position=n, name=f"指标{n}", direction="higher", weight=d)
            )
        s.add(group)
    with database.read() as s:
        got = s.scalars(select(Indicator.weight).order_by(Indicator.position)).all()
        raw = s.execute(text("select typeof(weight), weight from indicator order by position")).all()
    assert got == digits
    assert [str(g) for g in got] == ["2.50", "0.65", "123456789012345678.123456789", "-1.5"]
    assert all(kind == "text" for kind, _ in raw)


def test_float_figures_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="Decimal"):
        with database.write() as s:
            plan = Plan(name="测试", review_months=[])
            group = IndicatorGroup(position=0, name="组", plan=plan)
            group.indicators.append(Indicator(plan=plan, position=0, name="x", direction="higher", weight=2.5))
            s.add(group)


def test_engine_refuses_when_pragmas_do_not_take(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import db.engine as engine_module

    monkeypatch.setattr(
        engine_module, "_PRAGMAS", engine_module._PRAGMAS + (("journal_mode", "WAL", "delete"),)
    )
    engine = create_sqlite_engine(tmp_path / "x.db")
    with pytest.raises(engine_module.DatabaseSetupError, match="安全设置未生效"):
        engine.connect()


def test_concurrent_writers_do_not_fail(database: Database) -> None:
    """Two threads doing read-then-write transactions: none is refused as 'locked'."""
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            for n in range(30):
                with database.write() as s:
                    s.execute(select(Unit.id)).all()
                    s.add(Unit(name=f"{prefix}{n}", kind="other"))
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(p,)) for p in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with database.read() as s:
        assert len(s.scalars(select(Unit.id)).all()) == 60
