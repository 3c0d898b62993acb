"""Backups: the daily copy and its rotation, checking a file before restoring it, restoring."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import Plan
from desktop.errors import UserError
from desktop.services.backups import (
    BackupInfo,
    check_backup,
    daily_backup,
    list_backups,
    make_backup,
    prune,
    restore_backup,
    to_keep,
)
from desktop.services.database import open_database, verify
from desktop.services.presets import load_preset


def _plans(path: Path) -> int:
    db = open_database(path)
    try:
        with db.read() as s:
            return int(s.scalar(select(func.count()).select_from(Plan)) or 0)
    finally:
        db.close()


def test_daily_backup_once_a_day_with_the_online_api(db_path: Path) -> None:
    db = open_database(db_path)
    load_preset(db, "taian-2022")
    day = dt.datetime(2026, 11, 29, 9, 0)
    first = daily_backup(db_path, now=day)  # while the database is open (WAL): still complete
    assert first is not None and first.parent.name == "backups"
    assert daily_backup(db_path, now=day.replace(hour=17)) is None
    db.close()
    assert _plans(first) == 1
    assert [info.kind for info in list_backups(db_path)] == ["daily"]


def test_rotation_keeps_ten_days_twelve_months_twenty_before_copies(tmp_path: Path) -> None:
    start = dt.datetime(2024, 1, 1, 8)
    daily = [BackupInfo(tmp_path / f"d{n}.db", "daily", start + dt.timedelta(days=n)) for n in range(700)]
    before = [BackupInfo(tmp_path / f"b{n}.db", "before-import", start + dt.timedelta(hours=n)) for n in range(30)]
    manual = [BackupInfo(tmp_path / "m.db", "manual", start)]
    infos = sorted(daily + before + manual, key=lambda i: i.made_at, reverse=True)
    keep = to_keep(infos)
    kept_daily = sorted(i.made_at for i in daily if i.path in keep)
    last = daily[-1].made_at
    recent = [t for t in kept_daily if (last - t).days < 10]
    assert len(recent) == 10
    monthly = {(t.year, t.month) for t in kept_daily}
    assert len(monthly) == 12
    assert len(kept_daily) <= 10 + 12
    assert sum(1 for i in before if i.path in keep) == 20
    assert manual[0].path in keep


def test_prune_deletes_files_the_rotation_drops(db_path: Path) -> None:
    db = open_database(db_path)
    db.close()
    for n in range(14):
        make_backup(db_path, "daily", now=dt.datetime(2026, 11, 1 + n, 9))
    removed = prune(db_path)
    # 14 days of one month: the last 10 days are kept, and November's newest is one of them
    assert sorted(p.name.split("daily-")[1][:8] for p in removed) == ["20261101", "20261102", "20261103", "20261104"]
    assert sorted(i.made_at.day for i in list_backups(db_path)) == list(range(5, 15))
    assert not any(p.exists() for p in removed)


def test_check_refuses_what_is_not_a_sound_database(tmp_path: Path) -> None:
    text = tmp_path / "note.db"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(UserError, match="不是 InnoTrack 数据库文件"):
        check_backup(text)
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("create table t (x)").connection.commit()
    with pytest.raises(UserError, match="缺少方案表"):
        check_backup(foreign)
    with pytest.raises(UserError, match="找不到"):
        check_backup(tmp_path / "missing.db")


def test_check_refuses_a_newer_schema(db_path: Path, tmp_path: Path) -> None:
    open_database(db_path).close()
    copy = make_backup(db_path, "manual")
    conn = sqlite3.connect(copy)
    conn.execute("update alembic_version set version_num = '9999_future'")
    conn.commit()
    conn.close()
    with pytest.raises(UserError, match="更新版本"):
        check_backup(copy)


def test_restore_replaces_the_database_and_keeps_the_current_one(db_path: Path) -> None:
    db = open_database(db_path)
    load_preset(db, "taian-2022")
    db.close()
    copy = make_backup(db_path, "manual")
    db = open_database(db_path)
    load_preset(db, "zibo-2022")
    db.close()
    assert _plans(db_path) == 2
    kept = restore_backup(db_path, copy)
    assert _plans(db_path) == 1
    assert kept.name.startswith(f"{db_path.stem}.before-restore-") and _plans(kept) == 2
    db = open_database(db_path)
    try:
        assert verify(db) == []
    finally:
        db.close()


def test_restore_of_a_broken_file_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    db = open_database(db_path)
    load_preset(db, "taian-2022")
    db.close()
    broken = tmp_path / "broken.db"
    data = bytearray(make_backup(db_path, "manual").read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a page of garbage
    broken.write_bytes(bytes(data))
    before = db_path.read_bytes()
    with pytest.raises(UserError, match="未恢复"):
        restore_backup(db_path, broken)
    assert db_path.read_bytes() == before
