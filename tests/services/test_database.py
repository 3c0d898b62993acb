"""Where the database lives and how a bad file is refused."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services import database as database_service
from desktop.services.database import open_database, verify


def test_default_location_is_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = database_service.default_db_path()
    assert path == tmp_path / "xdg" / "InnoTrack" / "innotrack.db"
    db = open_database()
    try:
        assert db.path == path and path.exists()
    finally:
        db.close()


def test_paths_with_chinese_characters_and_spaces(tmp_path: Path) -> None:
    db = open_database(tmp_path / "科技局 数据" / "指标 库.db")
    try:
        assert verify(db) == []
    finally:
        db.close()


def test_non_database_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(UserError, match="不是 InnoTrack 数据库文件"):
        open_database(path)
    assert path.read_text(encoding="utf-8") == "这不是数据库"


def test_verify_reports_a_broken_foreign_key(tmp_path: Path) -> None:
    path = tmp_path / "fk.db"
    open_database(path).close()
    # Another program (or a hand edit) writes a row that breaks a reference.
    with closing(sqlite3.connect(path)) as raw:
        raw.execute("INSERT INTO indicator_group (plan_id, position, name) VALUES (77, 0, '孤儿')")
        raw.commit()
    db = open_database(path)
    try:
        assert any("indicator_group" in p for p in verify(db))
    finally:
        db.close()
