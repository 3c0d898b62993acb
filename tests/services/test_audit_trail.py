"""Every change of a value, target, progress entry or plan item leaves an audit line with old,
new, when, the OS user and why — and the history service puts the lines back together.

One scenario drives every writing service (typed values and their undo, an import, its undo
and a re-import reusing the freed row ids, targets and their undo, progress reports, a
milestone, deleting an indicator); after each step the new audit rows are checked, and the
rows written before are checked to be still there, unchanged (append-only).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from db.models import Indicator, Milestone, Task
from desktop.services.database import Database
from desktop.services.history import indicator_history, plan_history, task_history
from desktop.services.importer import ImportOptions, import_files, undo_batch
from desktop.services.plan_editing import PlanEditor
from desktop.services.presets import load_preset
from desktop.services.progress_entry import ProgressEntryService
from desktop.services.value_entry import REASON_UNDO, ValueEntry

USER = "审计员"


@pytest.fixture(autouse=True)
def os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: USER)


def _audit(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "select id, at, os_user, entity, entity_id, field, old, new, reason, batch_id from audit_log order by id"
        ).fetchall()


class Trail:
    """Hands out the audit rows each step added, after checking the earlier ones are intact."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen = _audit(path)

    def new(self) -> list[tuple]:
        rows = _audit(self.path)
        assert rows[: len(self.seen)] == self.seen, "an audit row was changed or removed"
        added = rows[len(self.seen) :]
        for row in added:
            _id, at, user, entity, _eid, _field, _old, _new, reason, _batch = row
            assert abs(dt.datetime.fromisoformat(at) - dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) < dt.timedelta(minutes=5)
            assert user == USER and entity and reason, row
        self.seen = rows
        return added


def freeform(path: Path, rows: list[tuple[str, object]], year: str = "2024年") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["淄博市科技创新主要指标完成情况表"])
    ws.append(["填报单位：市科技局"])
    ws.append(["序号", "指标名称", year])
    for n, (name, value) in enumerate(rows, 1):
        ws.append([n, name, value])
    wb.save(path)
    return path


def _indicator(database: Database, plan_id: int, name: str) -> int:
    with database.read() as s:
        return s.scalars(select(Indicator.id).where(Indicator.plan_id == plan_id, Indicator.name == name)).one()


def test_every_change_is_audited_and_the_history_shows_it(database: Database, db_path: Path, tmp_path: Path) -> None:
    plan = load_preset(database, "zibo-14th-review")
    trail = Trail(db_path)
    rd = _indicator(database, plan, "R&D经费支出占GDP比重")
    hte = _indicator(database, plan, "高新技术企业")
    entry = ValueEntry(database)

    # typed, changed, undone (the grid's undo writes the old value back with reason 撤销)
    entry.set_cells(plan, [(rd, "2024Q2", Decimal("2.95"))])
    entry.set_cells(plan, [(rd, "2024Q2", Decimal("3.1"))])
    entry.set_cells(plan, [(rd, "2024Q2", Decimal("2.95"))], REASON_UNDO)
    typed = trail.new()
    assert [(r[3], r[4], r[5], r[6], r[7], r[8]) for r in typed] == [
        ("indicator_value", rd, "2024Q2", None, "2.95", "手工录入"),
        ("indicator_value", rd, "2024Q2", "2.95", "3.1", "手工录入"),
        ("indicator_value", rd, "2024Q2", "3.1", "2.95", "撤销"),
    ]

    # an import: one line per value, naming the batch
    f = freeform(tmp_path / "科技局.xlsx", [("R&D经费支出占GDP比重", "3.02%"), ("高新技术企业", "1,600家")])
    first = import_files(database, [f], ImportOptions(plan_id=plan, backup=False))
    assert first.committed
    b1 = first.batch_ids[0]
    imported = trail.new()
    assert {(r[6], r[7], r[8], r[9]) for r in imported} == {(None, "3.02", f"导入批次 {b1}", b1), (None, "1600", f"导入批次 {b1}", b1)}

    # undo of the batch appends 撤销 lines (the triggers would refuse a delete)
    assert undo_batch(database, b1) == 2
    undone = trail.new()
    assert {(r[5], r[6], r[7], r[8]) for r in undone} == {
        (f"{rd}@2024", "3.02", None, f"撤销导入批次 {b1}"), (f"{hte}@2024", "1600", None, f"撤销导入批次 {b1}"),
    }

    # the same file again: the new rows get the ids the undone ones had
    second = import_files(database, [f], ImportOptions(plan_id=plan, backup=False))
    b2 = second.batch_ids[0]
    assert {r[4] for r in trail.new()} == {r[4] for r in imported}

    history = indicator_history(database, plan, rd, "2024")
    assert [(e.why, e.old, e.new, e.period) for e in history.entries] == [
        (f"导入批次 {b2}", None, "3.02", "2024"),
        (f"撤销导入批次 {b1}", "3.02", None, "2024"),
        (f"导入批次 {b1}", None, "3.02", "2024"),
    ]
    assert all(e.who == USER and e.subject == "R&D经费支出占GDP比重 2024年" for e in history.entries)
    assert [(e.why, e.old, e.new) for e in indicator_history(database, plan, rd, "2024Q2").entries] == [
        ("撤销", "3.1", "2.95"), ("手工录入", "2.95", "3.1"), ("手工录入", None, "2.95"),
    ]

    # targets: the change and its undo, with old and new
    editor = PlanEditor(database)
    undo = editor.set_targets(rd, [(2025, Decimal("3.5"), "level")])
    targets = trail.new()
    assert [(r[3], r[5], r[8]) for r in targets] == [("indicator", "targets", "方案编辑")]
    assert targets[0][7] == "2025:3.5:level" and targets[0][6]
    old_targets = targets[0][6]
    editor.undo(undo)
    undo_lines = trail.new()
    assert {r[8] for r in undo_lines} == {"方案编辑（撤销/重做）", "撤销方案编辑"}
    assert ("indicator", rd, "targets", "2025:3.5:level", None) in [(r[3], r[4], r[5], r[6], r[7]) for r in undo_lines]
    assert any(r[5] == "targets" and r[6] is None and r[7] and r[7] in old_targets for r in undo_lines)
    kinds = [e.kind for e in indicator_history(database, plan, rd).entries]
    assert kinds.count("target") >= 3 and kinds.count("value") == 6

    # renaming and undoing a rename: the undo line carries the old and the new name
    rename = editor.update_indicator(hte, name="高新技术企业数量")
    editor.undo(rename)
    lines = trail.new()
    assert ("indicator", hte, "name", "高新技术企业", "高新技术企业数量", "方案编辑") in [r[3:9] for r in lines]
    assert ("indicator", hte, "name", "高新技术企业数量", "高新技术企业", "撤销方案编辑") in [r[3:9] for r in lines]

    # deleting an indicator: each of its values is logged against its cell
    editor.delete_indicator(hte)
    deleted = [r for r in trail.new() if r[3] == "indicator_value"]
    assert (hte, "2024", "1600", None) in [(r[4], r[5], r[6], r[7]) for r in deleted]
    assert len(deleted) >= 3 and all(r[4] == hte and r[6] is not None and r[7] is None for r in deleted)

    everything = plan_history(database, plan)
    with closing(sqlite3.connect(db_path)) as conn:
        assert len(everything.entries) == conn.execute(f"select count(*) from audit_log where plan_id = {plan}").fetchone()[0]
    assert [e.at for e in everything.entries] == sorted((e.at for e in everything.entries), reverse=True)
    assert everything.entries[-1].why == "载入预置方案 zibo-14th-review"


def test_progress_and_milestones_are_audited_and_in_the_task_history(
    database: Database, db_path: Path, tmp_path: Path
) -> None:
    plan = load_preset(database, "zibo-taskforces-2022")
    with database.read() as s:
        task = s.scalars(select(Task).where(Task.plan_id == plan, Task.number == "2.5")).one()
        milestone = s.scalars(select(Milestone.id).where(Milestone.task_id == task.id)).first()
    trail = Trail(db_path)
    service = ProgressEntryService(database)
    service.save_progress(task.id, "2022-07", None, Decimal(40), "推进中", "举办对接会3场", None, None)
    service.save_progress(task.id, "2022-07", None, Decimal(60), "推进中", "举办对接会5场", "资金不足", None)
    service.set_milestone_done(milestone, dt.date(2022, 6, 30))
    rows = trail.new()
    assert [(r[3], r[8]) for r in rows] == [("progress_report", "typed")] * 2 + [("milestone", "typed")]
    assert rows[0][6] is None and '"40"' in rows[0][7] and '"40"' in rows[1][6] and '"60"' in rows[1][7]

    history = task_history(database, plan, task.id)
    assert [e.kind for e in history.entries] == ["milestone", "progress", "progress"]
    latest = history.entries[1]
    assert latest.who == USER and latest.why == "手工录入" and latest.period == "2022-07"
    assert latest.old == "40%，推进中，举办对接会3场" and latest.new == "60%，推进中，举办对接会5场（问题：资金不足）"
    assert "2022年7月进展" in latest.subject
    assert history.entries[0].new == "2022-06-30"


def test_history_knows_the_reasons_plan_editing_writes() -> None:
    from desktop.services import history, plan_editing

    assert history._SAME_ROW_REASONS == (plan_editing.REASON_UNDO, plan_editing.REASON_REDO)
