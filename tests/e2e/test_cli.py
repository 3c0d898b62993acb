"""The command line contract, run as a real process against a real database file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

PRESETS = ["liaocheng-2018", "taian-2022", "zibo-14th-review", "zibo-2022", "zibo-taskforces-2022"]


def run(*args: str | Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def dump(db: Path, plan_id: int) -> dict[str, Any]:
    return json.loads(run("--db", db, "dump", "--plan", str(plan_id)).stdout, parse_float=Decimal)


def test_console_script_is_installed() -> None:
    exe = shutil.which("innotrack")
    assert exe is not None, "pip install -e . must put the innotrack command on PATH"
    result = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "InnoTrack" in result.stdout


def test_presets_lists_all_five() -> None:
    out = run("presets").stdout
    assert [line.split("\t")[0] for line in out.splitlines()] == PRESETS


@pytest.fixture(scope="module")
def all_loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    db = tmp_path_factory.mktemp("中文 路径") / "全部.db"
    dumps = {}
    for name in PRESETS:
        line = run("--db", db, "init", "--preset", name).stdout
        plan_id = int(line.split("\t")[0])
        dumps[name] = dump(db, plan_id)
    return db, dumps


def test_plans_lists_one_line_per_plan_starting_with_its_id(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    db, dumps = all_loaded
    lines = run("--db", db, "plans").stdout.splitlines()
    assert [int(line.split("\t")[0]) for line in lines] == [d["plan"]["id"] for d in dumps.values()]
    assert "聊城市创新型城市建设推进方案" in lines[0]


def test_loading_a_preset_twice_is_refused(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    db, _ = all_loaded
    result = run("--db", db, "init", "--preset", "zibo-2022", ok=False)
    assert result.returncode == 2
    assert "已经载入过" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert len(run("--db", db, "plans").stdout.splitlines()) == len(PRESETS)


def test_dump_follows_the_contract(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    _, dumps = all_loaded
    for data in dumps.values():
        assert set(data) >= {"plan", "units", "indicators", "tasks", "task_forces"}
        assert set(data["plan"]) >= {"id", "name", "doc_number", "base_year", "target_year"}
        for u in data["units"]:
            assert set(u) >= {"name", "kind", "aliases"}
        for i in data["indicators"]:
            assert set(i) >= {"id", "group", "number", "name", "unit", "direction", "weight", "key",
                              "units", "baseline", "targets", "values", "task"}
            assert i["direction"] in ("higher", "lower", "qualitative")
            for t in i["targets"]:
                assert set(t) >= {"year", "value", "kind"}
            for v in i["values"]:
                assert set(v) >= {"period", "value", "data_year", "unit"}
        task_ids = {t["id"] for t in data["tasks"]}
        for t in data["tasks"]:
            assert set(t) >= {"id", "group", "number", "title", "goals", "units", "deadline",
                              "deadline_text", "task_force", "milestones"}
            assert all(isinstance(g, str) for g in t["goals"])
        for i in data["indicators"]:
            assert i["task"] is None or i["task"] in task_ids
        for f in data["task_forces"]:
            assert set(f) >= {"name", "lead_leader", "assisting_leaders", "lead_person", "members"}


def test_liaocheng_indicator_system_is_exact(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    data = all_loaded[1]["liaocheng-2018"]
    assert data["plan"]["doc_number"] == "聊政发〔2018〕61号"
    system = [i for i in data["indicators"] if i["weight"] is not None]
    assert len(system) == 13
    assert sum(i["weight"] for i in system) == 100
    assert [i["number"] for i in system if i["key"]] == ["6", "10", "11"]
    rd = next(i for i in system if "R&D" in i["name"])
    assert [(t["year"], t["value"]) for t in rd["targets"]] == [(2019, Decimal("2.3")), (2022, Decimal("2.5"))]
    tasks = data["tasks"]
    assert [t["number"] for t in tasks] == [str(n) for n in range(1, 39)]
    assert len({t["group"] for t in tasks}) == 10
    task5 = tasks[4]
    assert len(task5["goals"]) == 10
    first = next(t for t in tasks if t["deadline_text"] and "2019 年 12 月底前" in t["deadline_text"])
    assert first["deadline"] == "2019-12-31"
    assert "市经信委" in {u for t in tasks for u in t["units"]}
    unit_names = {u["name"]: u for u in data["units"]}
    assert "市经信委" in unit_names["市工业和信息化局"]["aliases"]


def test_numbers_keep_their_exact_digits(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    data = all_loaded[1]["zibo-14th-review"]
    raw = run("--db", all_loaded[0], "dump", "--plan", str(data["plan"]["id"])).stdout
    assert '"value": 305.41' in raw
    assert '"value": 48.42' in raw
    rd = next(i for i in data["indicators"] if i["name"].startswith("R&D经费支出占GDP比重"))
    assert any(
        v["period"] == "2023" and v["value"] == Decimal("2.86") and v["data_year"] == 2021 for v in rd["values"]
    )


def test_zibo_lower_is_better_and_yearly_flow(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    data = all_loaded[1]["zibo-2022"]
    energy = next(i for i in data["indicators"] if "综合能耗" in i["name"])
    assert energy["direction"] == "lower"
    assert energy["targets"][0]["value"] == Decimal("0.8")
    assert energy["unit"] == "吨标准煤/万元"
    flow = next(i for i in data["indicators"] if any(t["kind"] == "yearly_flow" and t["value"] == 60 for t in i["targets"]))
    assert flow["task"] is not None


def test_taskforces_have_people_and_milestones(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    data = all_loaded[1]["zibo-taskforces-2022"]
    assert len(data["task_forces"]) == 5
    first = data["task_forces"][0]
    assert first["lead_leader"] == "赵晓煜"
    assert first["lead_person"] == "关若飞"
    assert first["assisting_leaders"] == ["张明光", "胡冰", "吴晓娟", "李伟", "柴福强"]
    quarters = [m["period"] for t in data["tasks"] for m in t["milestones"]]
    assert {"2022Q1", "2022Q4"} <= set(quarters)
    assert data["plan"]["reporting_day"] == 27


def test_unknown_plan_and_preset_give_one_chinese_line(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    for args in (("dump", "--plan", "42"), ("init", "--preset", "nowhere")):
        result = run("--db", db, *args, ok=False)
        assert result.returncode == 2
        assert result.stderr.startswith("错误：")
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_bad_arguments_are_explained_in_chinese(tmp_path: Path) -> None:
    result = run("--db", tmp_path / "x.db", "dump", ok=False)
    assert result.returncode == 2
    assert "命令参数有误" in result.stderr


def test_a_non_database_file_is_refused_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "报表.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not a database")
    result = run("--db", bogus, "plans", ok=False)
    assert result.returncode == 2
    assert "不是 InnoTrack 数据库文件" in result.stderr
    assert bogus.read_bytes() == b"PK\x03\x04 not a database"


def test_verify_passes_on_a_sound_database(all_loaded: tuple[Path, dict[str, Any]]) -> None:
    out = run("--db", all_loaded[0], "verify").stdout
    assert "完整性检查通过" in out


def test_verify_fails_loudly_on_a_broken_database(tmp_path: Path) -> None:
    import sqlite3
    from contextlib import closing

    db = tmp_path / "坏.db"
    run("--db", db, "plans")
    with closing(sqlite3.connect(db)) as raw:
        raw.execute("INSERT INTO task_group (plan_id, position, name) VALUES (5, 0, '孤儿')")
        raw.commit()
    result = run("--db", db, "verify", ok=False)
    assert result.returncode == 2
    assert "检查未通过" in result.stderr
    assert "task_group" in result.stderr
