"""backup, backups, restore and verify from the command line, against real files."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.services.instance_lock import InstanceLock
from tests.e2e.test_cli import run


def _plans(db: Path) -> list[str]:
    return [line.split("\t")[0] for line in run("--db", db, "plans").stdout.splitlines() if "\t" in line]


def test_backup_restore_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "科技局 数据" / "innotrack.db"
    run("--db", db, "init", "--preset", "taian-2022")
    out = tmp_path / "拷贝" / "2026-11-29.db"
    assert str(out) in run("--db", db, "backup", "--out", out).stdout
    made = run("--db", db, "backup").stdout
    assert "backups" in made
    run("--db", db, "init", "--preset", "zibo-2022")
    assert _plans(db) == ["1", "2"]

    done = run("--db", db, "restore", out).stdout
    assert "恢复前的数据库已另存为" in done
    assert _plans(db) == ["1"]
    assert "完整性检查通过" in run("--db", db, "verify").stdout
    listing = run("--db", db, "backups").stdout
    assert "恢复前备份" in listing and "手动备份" in listing
    history = json.loads(run("--db", db, "dump", "--plan", "1").stdout)
    assert history["plan"]["name"].startswith("关于推进国家创新型城市建设")

    kept = next(line.split("\t")[2] for line in listing.splitlines() if "恢复前备份" in line)
    run("--db", db, "restore", kept)  # the restore itself can be undone
    assert _plans(db) == ["1", "2"]


def test_restore_refuses_a_bad_file_and_an_open_window(tmp_path: Path) -> None:
    db = tmp_path / "innotrack.db"
    run("--db", db, "init", "--preset", "taian-2022")
    junk = tmp_path / "备份.db"
    junk.write_bytes(b"PK\x03\x04 not a database")
    refused = run("--db", db, "restore", junk, ok=False)
    assert refused.returncode == 2 and "不是 InnoTrack 数据库文件" in refused.stderr
    copy = tmp_path / "copy.db"
    run("--db", db, "backup", "--out", copy)
    window = InstanceLock(db).acquire()  # as the window holds it
    try:
        busy = run("--db", db, "restore", copy, ok=False)
        assert busy.returncode == 2 and "另一个 InnoTrack 窗口" in busy.stderr
    finally:
        window.release()
    assert _plans(db) == ["1"]
