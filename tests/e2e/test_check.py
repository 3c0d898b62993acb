"""`innotrack check`: the readable table and the --json contract, run as a real process."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_cli import run

KEYS = {"kind", "id", "name", "status", "light", "target", "target_year", "actual", "period",
        "completion", "expected", "projection", "score"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check") / "检查.db"
    for name in ("zibo-14th-review", "liaocheng-2018", "zibo-taskforces-2022", "zibo-2022", "taian-2022"):
        run("--db", path, "init", "--preset", name)
    return path


def check_json(db: Path, plan: int, as_of: str) -> list[dict[str, Any]]:
    out = run("--db", db, "check", "--plan", str(plan), "--as-of", as_of, "--json").stdout
    return json.loads(out, parse_float=Decimal)


def test_json_contract_for_every_preset(db: Path) -> None:
    for plan in range(1, 6):
        records = check_json(db, plan, "2024-06-30")
        assert records
        for r in records:
            assert KEYS <= set(r)
            assert r["kind"] in ("indicator", "task")
            assert r["light"] in ("green", "yellow", "red", "grey")
            assert r["status"] in ("已达标", "正常", "滞后", "严重滞后", "无数据",
                                   "已完成", "即将到期", "逾期", "持续推进", "未报送")
            if r["completion"] is not None:
                assert isinstance(r["completion"], Decimal)


def test_review_figures_are_judged_as_the_review_did(db: Path) -> None:
    records = {r["name"]: r for r in check_json(db, 1, "2023-09-30") if r["kind"] == "indicator"}
    rd = records["R&D经费支出占GDP比重"]
    # 2.86 % (2021 data) of a 3 % target in 2025: completion 0.9533
    assert rd["completion"] == Decimal("0.9533")
    assert (rd["target"], rd["target_year"], rd["actual"], rd["period"]) == (3, 2025, Decimal("2.86"), "2023")
    assert rd["status"] == "正常" and rd["light"] == "green"
    firms = records["高新技术企业"]
    assert firms["completion"] == Decimal("0.7633")  # 1374 / 1800
    # the baseline 703 (2020) → 1800 (2025) line read at the end of 2022: 703 + 2/5 × 1097 = 1141.8
    assert firms["expected"] == Decimal("1141.8")


def test_check_is_deterministic_for_an_as_of_date(db: Path) -> None:
    first = run("--db", db, "check", "--plan", "3", "--as-of", "2022-08-30", "--json").stdout
    second = run("--db", db, "check", "--plan", "3", "--as-of", "2022-08-30", "--json").stdout
    assert first == second


def test_tasks_without_progress_reports_are_not_reported(db: Path) -> None:
    """The task forces report monthly by the 27th; nothing has been reported yet."""
    tasks = [r for r in check_json(db, 3, "2022-08-30") if r["kind"] == "task"]
    assert tasks and all(t["status"] == "未报送" for t in tasks)
    assert all(t["light"] == "yellow" for t in tasks)
    after_deadline = [r for r in check_json(db, 3, "2023-01-15") if r["kind"] == "task"]
    assert {t["status"] for t in after_deadline} == {"逾期"}


def test_liaocheng_tasks_overdue_after_their_deadlines(db: Path) -> None:
    tasks = {r["name"].split(" ")[0]: r for r in check_json(db, 2, "2020-03-01") if r["kind"] == "task"}
    assert tasks["1"]["status"] == "逾期"  # 2019 年 12 月底前
    assert tasks["2"]["status"] == "正常"  # 2022 年 12 月底前
    soon = {r["name"].split(" ")[0]: r for r in check_json(db, 2, "2019-12-10") if r["kind"] == "task"}
    assert soon["1"]["status"] == "即将到期"


def test_readable_table(db: Path) -> None:
    out = run("--db", db, "check", "--plan", "2", "--as-of", "2020-03-01").stdout
    assert "聊城市创新型城市建设推进方案" in out
    assert "指标（19）" in out and "重点任务（38）" in out
    assert "考核得分：" in out


def test_bad_as_of_and_unknown_plan(db: Path) -> None:
    bad = run("--db", db, "check", "--plan", "1", "--as-of", "2023-13-01", ok=False)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    missing = run("--db", db, "check", "--plan", "99", ok=False)
    assert missing.returncode == 2 and missing.stderr.startswith("错误：")
