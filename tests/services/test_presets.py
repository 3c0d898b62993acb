"""Loading presets through the service: whole or not at all, units resolved, dates parsed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.models import AuditLog, Plan, Task, TaskGoal, Unit, Value
from desktop.errors import NotFoundError, UserError
from desktop.resources import presets_dir
from desktop.services import presets as preset_service
from desktop.services.database import Database
from desktop.services.outline import plan_outline
from desktop.services.plans import dump_plan, list_plans


def test_every_preset_loads_and_dumps(database: Database) -> None:
    for name in preset_service.preset_names():
        plan_id = preset_service.load_preset(database, name)
        data = dump_plan(database, plan_id)
        assert data["plan"]["preset"] == name
        assert data["indicators"] and data["tasks"]
    assert [p.preset for p in list_plans(database)] == preset_service.preset_names()


def test_loading_twice_is_refused_and_changes_nothing(database: Database) -> None:
    preset_service.load_preset(database, "taian-2022")
    with database.read() as s:
        before = (s.scalar(select(func.count(Task.id))), s.scalar(select(func.count(AuditLog.id))))
    with pytest.raises(UserError, match="已经载入过"):
        preset_service.load_preset(database, "taian-2022")
    with database.read() as s:
        assert (s.scalar(select(func.count(Task.id))), s.scalar(select(func.count(AuditLog.id)))) == before


def test_unknown_preset_names_the_available_ones(database: Database) -> None:
    with pytest.raises(NotFoundError, match="liaocheng-2018"):
        preset_service.load_preset(database, "units")


def test_a_preset_with_an_unknown_unit_leaves_no_trace(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "presets"
    shutil.copytree(presets_dir(), folder)
    doc = json.loads((folder / "zibo-2022.json").read_text(encoding="utf-8"))
    doc["task_groups"][-1]["tasks"][-1]["units"].append("市不存在局")
    (folder / "zibo-2022.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(preset_service, "presets_dir", lambda: folder)

    with pytest.raises(UserError, match="市不存在局"):
        preset_service.load_preset(database, "zibo-2022")
    with database.read() as s:
        assert s.scalar(select(func.count(Plan.id))) == 0
        assert s.scalar(select(func.count(Unit.id))) == 0  # the unit list sync rolled back too


def test_written_names_resolve_through_aliases(database: Database) -> None:
    plan_id = preset_service.load_preset(database, "liaocheng-2018")
    with database.read() as s:
        task = s.scalar(select(Task).where(Task.plan_id == plan_id, Task.number == "4"))
        assert task is not None
        written = {u.written_name: u.unit.name for u in task.units}
    assert written.get("市经信委", "市工业和信息化局") == "市工业和信息化局"
    data = dump_plan(database, plan_id)
    assert any("市经信委" in t["units"] for t in data["tasks"])
    assert "市经信委" not in [u["name"] for u in data["units"]]


def test_deadlines_are_parsed_with_the_original_text_kept(database: Database) -> None:
    plan_id = preset_service.load_preset(database, "zibo-taskforces-2022")
    with database.read() as s:
        goal = s.scalar(select(TaskGoal).join(Task).where(Task.plan_id == plan_id, TaskGoal.deadline_text == "3月底完成"))
        assert goal is not None
        assert goal.deadline == dt.date(2022, 3, 31)  # the plan was issued in 2022
        ongoing = s.scalar(
            select(TaskGoal).join(Task).where(Task.plan_id == plan_id, TaskGoal.deadline_text == "全年持续推进")
        )
        assert ongoing is not None and ongoing.ongoing


def test_values_are_exact_decimals_with_data_year(database: Database) -> None:
    plan_id = preset_service.load_preset(database, "zibo-14th-review")
    with database.read() as s:
        values = s.scalars(select(Value).where(Value.period == "2023")).all()
    by_value = {v.value: v for v in values}
    assert by_value[Decimal("305.41")].data_year == 2022
    assert by_value[Decimal("2.86")].data_year == 2021
    assert all(v.origin == "preset" for v in values)
    assert plan_id


def test_outline_has_indicators_tasks_and_task_forces(database: Database) -> None:
    plan_id = preset_service.load_preset(database, "zibo-taskforces-2022")
    outline = plan_outline(database, plan_id)
    titles = [c.title for c in outline.children]
    assert titles[0].startswith("指标（") and titles[1].startswith("重点任务（")
    forces = outline.children[2]
    assert [c.title for c in forces.children][:1] == ["建设国家创新型城市工作专班"]
    first = dict(forces.children[0].details)
    assert first["牵头局领导"] == "赵晓煜"
    assert first["协助局领导"] == "张明光、胡冰、吴晓娟、李伟、柴福强"


def test_load_is_recorded_in_the_audit_log(database: Database) -> None:
    plan_id = preset_service.load_preset(database, "zibo-2022")
    with database.read() as s:
        entry = s.scalar(select(AuditLog).where(AuditLog.plan_id == plan_id))
    assert entry is not None
    assert entry.reason == "载入预置方案 zibo-2022"
    assert entry.os_user


def test_outline_lists_units_with_what_they_lead(database: Database) -> None:
    plan_id = preset_service.load_preset(database, "liaocheng-2018")
    outline = plan_outline(database, plan_id)
    units = outline.children[-1]
    assert units.title.startswith("责任单位（")
    by_name = {u.title: dict(u.details) for u in units.children}
    industry = by_name["市工业和信息化局"]
    assert "市经信委" in industry["别名"]
    assert industry["类别"] == "市直部门"
    science = by_name["市科技局"]
    assert {"1", "3", "38"} <= set(science["牵头任务"].split("、"))
    assert "5" in science["配合任务"].split("、")
