"""Collection rounds from the command line: open, list, status."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli import run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "轮次.db"
    run("--db", path, "init", "--preset", "liaocheng-2018")
    return path


def test_open_defaults_to_every_responsible_unit(db: Path) -> None:
    out = run("--db", db, "round", "open", "--plan", "1", "--period", "2019", "--due", "2020-01-31").stdout
    assert out.startswith("1\t") and "应报单位 19 个" in out
    status = run("--db", db, "round", "status", "1").stdout
    assert "应报 19，已报 0" in status
    assert "未报送\t市科技局" in status
    assert "未报送\t各县（市、区）政府" in status


def test_a_period_filters_out_tasks_already_due(db: Path) -> None:
    """Tasks whose deadline passed before the period began are no longer reported on."""
    early = run("--db", db, "round", "open", "--plan", "1", "--period", "2019", "--due", "2020-01-31").stdout
    late = run("--db", db, "round", "open", "--plan", "1", "--period", "2022", "--due", "2023-01-31").stdout
    assert int(early.split("应报单位 ")[1].split(" ")[0]) >= int(late.split("应报单位 ")[1].split(" ")[0])


def test_open_with_named_units_through_aliases(db: Path) -> None:
    run("--db", db, "round", "open", "--plan", "1", "--period", "2019Q4", "--due", "2020-01-15",
        "--units", "市科技局", "市经信委")
    status = run("--db", db, "round", "status", "1").stdout
    assert "2019年第四季度" in status
    assert "未报送\t市工业和信息化局" in status  # 市经信委 is its 2018 name
    listing = run("--db", db, "round", "list").stdout.splitlines()
    assert listing == ["1\t方案 1\t2019年第四季度\t截止 2020-01-15\t已报 0/2\t报送中"]


def test_bad_input_is_refused_in_chinese(db: Path) -> None:
    bad_period = run("--db", db, "round", "open", "--plan", "1", "--period", "2019Q5", "--due", "2020-01-31", ok=False)
    assert bad_period.returncode == 2 and "报送期“2019Q5”无效" in bad_period.stderr
    unknown = run("--db", db, "round", "open", "--plan", "1", "--period", "2019", "--due", "2020-01-31",
                  "--units", "火星局", ok=False)
    assert unknown.returncode == 2 and "火星局" in unknown.stderr
    missing = run("--db", db, "round", "status", "9", ok=False)
    assert missing.returncode == 2 and "没有编号为 9 的报送轮次" in missing.stderr
    assert run("--db", db, "round", "list").stdout == ""
