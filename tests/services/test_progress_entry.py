"""Monthly progress entry through the service: statuses, saving, validation, audit."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from db.models import AuditLog, Milestone, ProgressReport, Task
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.evaluation import check_plan
from desktop.services.presets import load_preset
from desktop.services.progress_entry import ProgressEntryService

AS_OF = dt.date(2022, 7, 28)  # after the 27th: July's report is owed


@pytest.fixture
def plans(database: Database) -> dict[str, int]:
    return {name: load_preset(database, name) for name in ("zibo-taskforces-2022", "liaocheng-2018")}


@pytest.fixture
def service(database: Database) -> ProgressEntryService:
    return ProgressEntryService(database)


def _row(service: ProgressEntryService, plan_id: int, number: str):  # type: ignore[no-untyped-def]
    return next(r for r in service.tasks(plan_id, AS_OF) if r.number == number)


def test_rows_follow_the_document_and_agree_with_check(service: ProgressEntryService, database: Database,
                                                       plans: dict[str, int]) -> None:
    for plan_id in plans.values():
        rows = service.tasks(plan_id, AS_OF)
        check = check_plan(database, plan_id, AS_OF)
        assert {r.id: r.status for r in rows} == {i: t.status.value for i, t in check.task_results.items()}
        assert [r.order for r in rows] == list(range(len(rows)))
    zibo = service.tasks(plans["zibo-taskforces-2022"], AS_OF)
    assert [r.number for r in zibo[:5]] == ["1.1", "1.2", "1.3", "1.4", "2.1"]
    assert all(r.status == "未报送" for r in zibo)
    first = zibo[0]
    assert first.task_force == "建设国家创新型城市工作专班"
    assert first.deadline == dt.date(2022, 12, 31) and first.deadline_text == "2022年 12月底、持续推进"
    assert first.light == "yellow" and first.days_left == 156
    liaocheng = service.tasks(plans["liaocheng-2018"], AS_OF)
    assert liaocheng[0].units[0] == "市科技局"  # lead first
    assert {r.status for r in liaocheng} <= {"正常", "逾期"}  # the plan collects no monthly reports


def test_detail_has_goals_milestones_and_unit_choices(service: ProgressEntryService, plans: dict[str, int]) -> None:
    task = _row(service, plans["zibo-taskforces-2022"], "2.5")
    detail = service.detail(task.id)
    assert detail.title == "推进计划" and detail.body and "重点支撑项目" in detail.body
    assert len(detail.goals) == 4 and [m.period for m in detail.milestones] == ["2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    assert detail.milestones[0].period_label == "2022年第一季度"
    assert [(c.name, c.label) for c in detail.unit_choices] == [(None, "科技服务产业工作专班（专班）")]
    old = _row(service, plans["liaocheng-2018"], "16")
    detail = service.detail(old.id)
    assert detail.unit_choices[0].label == "市科技局（牵头）"
    assert "市经信委" in detail.written_units and "市工业和信息化局" in detail.units
    assert detail.goals[0].deadline_text == "2022 年 12 月底前"


def test_saving_inserts_then_updates_with_audit(service: ProgressEntryService, database: Database,
                                               plans: dict[str, int]) -> None:
    task = _row(service, plans["zibo-taskforces-2022"], "2.1")
    service.save_progress(task.id, "2022年7月", None, Decimal("40"), "推进中", " 举办对接会3场 ", "", None,
                          reported_on=AS_OF)
    row = service.task(task.id, AS_OF)
    assert (row.status, row.percent, row.period) == ("正常", Decimal("40"), "2022-07")

    service.save_progress(task.id, "2022-07", None, Decimal("55.5"), "推进中", "举办对接会4场", "经费不足", "8月再办2场",
                          reported_on=AS_OF)
    with database.read() as s:
        reports = s.scalars(select(ProgressReport).where(ProgressReport.task_id == task.id)).all()
        assert len(reports) == 1
        r = reports[0]
        assert (r.period, r.unit_id, r.percent, r.status, r.origin) == ("2022-07", None, Decimal("55.5"), "推进中", "typed")
        assert (r.progress_text, r.problems, r.next_steps, r.reported_on) == ("举办对接会4场", "经费不足", "8月再办2场", AS_OF)
        audits = s.scalars(select(AuditLog).where(AuditLog.entity == "progress_report").order_by(AuditLog.id)).all()
    assert len(audits) == 2
    assert audits[0].old is None and json.loads(audits[0].new)["progress_text"] == "举办对接会3场"
    assert json.loads(audits[1].old)["percent"] == "40" and json.loads(audits[1].new)["percent"] == "55.5"
    assert all(a.entity_id == r.id and a.reason == "typed" and a.plan_id == task_id_plan(database, task.id)
               for a in audits)

    # saving the same values again writes nothing
    service.save_progress(task.id, "2022-07", None, Decimal("55.5"), "推进中", "举办对接会4场", "经费不足", "8月再办2场")
    with database.read() as s:
        assert len(s.scalars(select(AuditLog).where(AuditLog.entity == "progress_report")).all()) == 2


def task_id_plan(database: Database, task_id: int) -> int:
    with database.read() as s:
        task = s.get(Task, task_id)
        assert task is not None
        return task.plan_id


def test_reports_per_unit_by_name_or_alias(service: ProgressEntryService, database: Database,
                                           plans: dict[str, int]) -> None:
    task = _row(service, plans["liaocheng-2018"], "16")
    service.save_progress(task.id, "2022-07", "市科技局", None, "推进中", "出台扶持政策", None, None)
    service.save_progress(task.id, "2022-07", "市经信委", Decimal(30), None, None, None, None)  # written name
    detail = service.detail(task.id)
    assert {(r.unit, r.period_label) for r in detail.reports} == {
        ("市工业和信息化局", "2022年7月"), ("市科技局", "2022年7月")
    }
    assert detail.report_for("2022-07", "市科技局") is not None
    with pytest.raises(UserError, match="不是任务 16 的责任单位"):
        service.save_progress(task.id, "2022-07", "市民政局", None, "推进中", None, None, None)


def test_reports_come_newest_first(service: ProgressEntryService, plans: dict[str, int]) -> None:
    task = _row(service, plans["zibo-taskforces-2022"], "3.1")
    for month in ("2022-05", "2022-07", "2022-06"):
        service.save_progress(task.id, month, None, None, "推进中", f"{month} 进展", None, None)
    assert [r.period for r in service.detail(task.id).reports] == ["2022-07", "2022-06", "2022-05"]


@pytest.mark.parametrize(
    ("period", "percent", "status", "text", "message"),
    [
        ("2022-07", Decimal("120"), None, "x", "超出范围"),
        ("2022-07", Decimal("-1"), None, "x", "超出范围"),
        ("2022-07", "六十", None, "x", "不是数字"),
        ("2022-07", None, "差不多", "x", "状态“差不多”无效"),
        ("2022", None, "推进中", "x", "不是一个月份"),
        ("2022Q3", None, "推进中", "x", "不是一个月份"),
        ("七月", None, "推进中", "x", "月份无效"),
        ("2022-07", None, None, "  ", "进展内容为空"),
    ],
)
def test_invalid_input_is_refused_and_nothing_written(service: ProgressEntryService, database: Database,
                                                      plans: dict[str, int], period: str, percent: object,
                                                      status: str | None, text: str, message: str) -> None:
    task = _row(service, plans["zibo-taskforces-2022"], "1.1")
    with pytest.raises(UserError, match=message):
        service.save_progress(task.id, period, None, percent, status, text, None, None)  # type: ignore[arg-type]
    with database.read() as s:
        assert s.scalars(select(ProgressReport)).all() == []
        assert s.scalars(select(AuditLog).where(AuditLog.entity == "progress_report")).all() == []


def test_unknown_task_is_a_user_error(service: ProgressEntryService, plans: dict[str, int]) -> None:
    with pytest.raises(NotFoundError):
        service.detail(999_999)
    with pytest.raises(NotFoundError):
        service.save_progress(999_999, "2022-07", None, None, "推进中", None, None, None)
    with pytest.raises(NotFoundError):
        service.tasks(999_999)


def test_done_report_makes_the_task_done(service: ProgressEntryService, plans: dict[str, int]) -> None:
    task = _row(service, plans["liaocheng-2018"], "1")
    assert task.status == "逾期"
    service.save_progress(task.id, "2022-07", None, Decimal(100), "已完成", "园区建成", None, None, reported_on=AS_OF)
    assert service.task(task.id, AS_OF).status == "已完成"


def test_milestone_done_on_is_set_and_cleared_with_audit(service: ProgressEntryService, database: Database,
                                                          plans: dict[str, int]) -> None:
    task = _row(service, plans["zibo-taskforces-2022"], "2.5")
    milestone = service.detail(task.id).milestones[1]
    service.set_milestone_done(milestone.id, dt.date(2022, 6, 30))
    service.set_milestone_done(milestone.id, dt.date(2022, 6, 30))  # unchanged: no second audit row
    assert service.detail(task.id).milestones[1].done_on == dt.date(2022, 6, 30)
    service.set_milestone_done(milestone.id, None)
    with database.read() as s:
        assert s.get(Milestone, milestone.id).done_on is None  # type: ignore[union-attr]
        audits = s.scalars(select(AuditLog).where(AuditLog.entity == "milestone").order_by(AuditLog.id)).all()
    assert [(a.old, a.new, a.field) for a in audits] == [(None, "2022-06-30", "done_on"), ("2022-06-30", None, "done_on")]
    with pytest.raises(NotFoundError):
        service.set_milestone_done(999_999, None)


def test_due_month(service: ProgressEntryService, plans: dict[str, int]) -> None:
    assert str(service.due_month(plans["zibo-taskforces-2022"], AS_OF)) == "2022-07"
    assert str(service.due_month(plans["zibo-taskforces-2022"], dt.date(2022, 7, 27))) == "2022-06"
    assert service.due_month(plans["liaocheng-2018"], AS_OF) is None
