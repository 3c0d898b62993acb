"""`innotrack history`: a plan's, an indicator's and a task's changes, as text and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.e2e.test_cli import run
from tests.e2e.test_import import freeform


def test_history_of_plan_indicator_and_task(tmp_path: Path) -> None:
    db = tmp_path / "历史.db"
    run("--db", db, "init", "--preset", "zibo-14th-review")
    dump = json.loads(run("--db", db, "dump", "--plan", "1").stdout)
    rd = next(i["id"] for i in dump["indicators"] if i["name"] == "R&D经费支出占GDP比重")
    f = freeform(tmp_path / "科技局2024.xlsx", [("R&D经费支出占GDP比重", "３.０２％")])
    run("--db", db, "import", f, "--plan", "1")
    run("--db", db, "undo-batch", "1")

    records = json.loads(run("--db", db, "history", "--plan", "1", "--indicator", str(rd), "--json").stdout)
    assert [(r["why"], r["old"], r["new"], r["period"], r["batch_id"]) for r in records[:2]] == [
        ("撤销导入批次 1", "3.02", None, "2024", 1),
        ("导入批次 1", None, "3.02", "2024", 1),
    ]
    assert records[0]["who"] and records[0]["subject"] == "R&D经费支出占GDP比重 2024年"
    assert dt.datetime.fromisoformat(records[0]["at"]).tzinfo is not None

    text = run("--db", db, "history", "--plan", "1").stdout
    assert text.splitlines()[0] == "方案“淄博市“十四五”科技创新规划”的修改记录"
    assert "撤销导入批次 1" in text and "3.02 → （空）" in text and "载入预置方案 zibo-14th-review" in text

    missing = run("--db", db, "history", "--plan", "1", "--task", "9999", ok=False)
    assert missing.returncode == 2 and "没有编号为 9999 的任务" in missing.stderr
    both = run("--db", db, "history", "--plan", "1", "--indicator", str(rd), "--task", "1", ok=False)
    assert both.returncode == 2 and "只能指定一个" in both.stderr


def test_a_database_in_a_synced_folder_is_warned_about(tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox" / "科技局.db"
    synced.parent.mkdir()
    result = run("--db", synced, "plans")
    assert "警告：数据库文件“科技局.db”位于 Dropbox 同步文件夹中" in result.stderr
    assert "本机磁盘" in result.stderr and "数据库中还没有方案" in result.stdout  # the command still runs
    local = run("--db", tmp_path / "本机.db", "plans")
    assert local.stderr == ""
