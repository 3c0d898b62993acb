"""The task page driven through its real widgets offscreen, over a real database."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import AuditLog, Milestone, ProgressReport
from desktop.services.database import Database
from desktop.services.presets import load_preset
from desktop.services.progress_entry import ProgressEntryService
from desktop.ui.application import create_application
from desktop.ui.task_model import Column, TaskRowRole
from desktop.ui.task_page import NO_PERCENT, TaskPage

AS_OF = dt.date(2022, 7, 28)  # after the reporting day (27th): July's report is owed


@pytest.fixture
def plans(database: Database) -> dict[str, int]:
    return {name: load_preset(database, name) for name in ("zibo-taskforces-2022", "liaocheng-2018")}


@pytest.fixture
def service(database: Database) -> ProgressEntryService:
    return ProgressEntryService(database)


@pytest.fixture
def page(qtbot: QtBot, service: ProgressEntryService, plans: dict[str, int]) -> Iterator[TaskPage]:
    create_application([])
    widget = TaskPage(service, today=lambda: AS_OF)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.load(plans["zibo-taskforces-2022"])
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def _choose(box: QComboBox, data: object) -> None:
    row = box.findData(data)
    assert row >= 0, f"{data!r} not offered"
    box.setCurrentIndex(row)


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a clerk does: ASCII as key clicks, Chinese as input-method commits (QTest's
    keyClicks only knows ASCII keys)."""
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _visible_rows(page: TaskPage) -> list:  # type: ignore[type-arg]
    return [page.model.task_at(r) for r in range(page.model.rowCount())]


def _select(page: TaskPage, number: str) -> int:
    row = next(r for r in page.model.all_rows() if r.number == number)
    assert page.select_task(row.id)
    assert page.current_task_id() == row.id
    return row.id


def _status_cell(page: TaskPage, task_id: int) -> str:
    row = page.model.row_of(task_id)
    assert row is not None
    return page.model.index(row, Column.STATUS).data()


def test_model_passes_the_model_tester(page: TaskPage, plans: dict[str, int], qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    page.load(plans["liaocheng-2018"])
    qtmodeltester.check(page.model)
    page.table.sortByColumn(Column.STATUS, Qt.SortOrder.DescendingOrder)
    page.search.setText("建设")
    qtmodeltester.check(page.model)


def test_table_shows_the_tasks_with_a_shape_per_status(page: TaskPage, plans: dict[str, int]) -> None:
    model = page.model
    assert model.rowCount() == 25 and model.columnCount() == 7
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers == ["序号", "任务", "责任单位", "工作专班", "完成时限", "状态", "进度"]
    first = model.index(0, 0)
    assert first.data() == "1.1"
    assert model.index(0, Column.STATUS).data() == "▲ 未报送"
    assert model.index(0, Column.DEADLINE).data() == "2022年12月底、持续推进"
    assert "未报送：人才与成果科" in model.index(0, Column.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    page.load(plans["liaocheng-2018"])
    statuses = {model.index(r, Column.STATUS).data() for r in range(model.rowCount())}
    assert statuses == {"● 正常", "■ 逾期"}
    assert page.table.isColumnHidden(Column.TASK_FORCE)  # this plan has no task forces
    assert not page.task_force_filter.isVisible()


def test_filter_by_status_unit_and_text(page: TaskPage, service: ProgressEntryService, plans: dict[str, int],
                                        qtbot: QtBot) -> None:
    zibo = plans["zibo-taskforces-2022"]
    done = next(r for r in service.tasks(zibo, AS_OF) if r.number == "2.2")
    service.save_progress(done.id, "2022-07", None, Decimal(50), "推进中", "已组建", None, None, reported_on=AS_OF)
    page.load(zibo)

    _choose(page.status_filter, "未报送")
    rows = _visible_rows(page)
    assert len(rows) == 24 and all(r.status == "未报送" for r in rows)
    assert "▲ 未报送（24）" == page.status_filter.currentText()
    assert "显示 24 项 / 共 25 项任务" in page.count_label.text()
    _choose(page.status_filter, "正常")
    assert [r.number for r in _visible_rows(page)] == ["2.2"]
    _choose(page.status_filter, None)

    _choose(page.task_force_filter, "实验室建设工作专班")
    assert [r.number for r in _visible_rows(page)] == ["4.1", "4.2", "4.3"]
    _choose(page.task_force_filter, None)

    page.load(plans["liaocheng-2018"])
    _choose(page.unit_filter, "市商务局")
    rows = _visible_rows(page)
    assert rows and all("市商务局" in r.units for r in rows)
    assert len(rows) < page.model.total_count()
    _choose(page.unit_filter, None)

    _choose(page.status_filter, "逾期")
    assert {r.status for r in _visible_rows(page)} == {"逾期"}
    _choose(page.status_filter, None)

    _type(qtbot, page.search, "孵化")
    assert [r.number for r in _visible_rows(page)] == ["18"]
    page.search.clear()
    assert page.model.rowCount() == 38


def test_sorting_happens_in_the_model(page: TaskPage, plans: dict[str, int]) -> None:
    page.load(plans["liaocheng-2018"])
    _select(page, "21")
    page.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)
    statuses = [r.status for r in _visible_rows(page)]
    assert statuses == sorted(statuses, key=["逾期", "正常"].index)
    assert page.table.currentIndex().data(TaskRowRole).number == "21"  # selection follows its row
    page.table.sortByColumn(Column.NUMBER, Qt.SortOrder.DescendingOrder)
    assert [r.number for r in _visible_rows(page)][:3] == ["38", "37", "36"]


def test_fill_the_form_and_save(page: TaskPage, database: Database, qtbot: QtBot) -> None:
    task_id = _select(page, "2.1")
    assert _status_cell(page, task_id) == "▲ 未报送"
    assert page.month_edit.date() == QDate(2022, 7, 1)  # defaults to the current month
    assert page.unit_combo.currentText() == "科技服务产业工作专班（专班）"
    assert page.percent_spin.value() == NO_PERCENT and page.percent_spin.text() == "未填"

    page.percent_spin.setValue(60)
    _choose(page.status_combo, "推进中")
    _type(qtbot, page.progress_edit, "举办产学研对接会3场")
    _type(qtbot, page.problems_edit, "高校参与度不高")
    _type(qtbot, page.next_steps_edit, "8月赴济南对接")
    with qtbot.waitSignal(page.message) as blocker:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "已保存任务 2.1 2022年7月的进展" in blocker.args[0]

    with database.read() as s:
        report = s.scalars(select(ProgressReport)).one()
        audit = s.scalars(select(AuditLog).where(AuditLog.entity == "progress_report")).one()
    assert (report.task_id, report.period, report.unit_id) == (task_id, "2022-07", None)
    assert (report.percent, report.status, report.origin, report.reported_on) == (Decimal(60), "推进中", "typed", AS_OF)
    assert (report.progress_text, report.problems, report.next_steps) == ("举办产学研对接会3场", "高校参与度不高", "8月赴济南对接")
    assert audit.entity_id == report.id and audit.old is None and audit.reason == "typed"
    assert json.loads(audit.new)["progress_text"] == "举办产学研对接会3场"

    assert _status_cell(page, task_id) == "● 正常"
    assert page.model.index(page.model.row_of(task_id), Column.PROGRESS).data() == "60%"  # type: ignore[arg-type]
    assert "2022年7月" in page.reports_label.text() and "举办产学研对接会3场" in page.reports_label.text()
    assert page.status_filter.itemText(page.status_filter.findData("未报送")) == "▲ 未报送（24）"

    # editing the saved report: an update with the old values in the audit
    page.percent_spin.setValue(70)
    qtbot.keyClick(page.progress_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    with database.read() as s:
        assert s.scalars(select(ProgressReport)).one().percent == Decimal(70)
        audits = s.scalars(select(AuditLog).where(AuditLog.entity == "progress_report").order_by(AuditLog.id)).all()
    assert len(audits) == 2 and json.loads(audits[1].old)["percent"] == "60"


def test_saved_report_reloads_into_the_form(page: TaskPage, service: ProgressEntryService) -> None:
    task_id = _select(page, "1.1")
    service.save_progress(task_id, "2022-06", "人才与成果科", Decimal("45.5"), "推进中", "6月进展", "问题", "计划",
                          reported_on=dt.date(2022, 6, 27))
    page.refresh()
    assert page.current_task_id() == task_id
    assert page.progress_edit.toPlainText() == ""  # July: nothing yet
    page.month_edit.setDate(QDate(2022, 6, 1))
    assert page.progress_edit.toPlainText() == "6月进展"
    assert page.percent_spin.value() == 45.5 and page.percent_spin.text() == "45.5%"
    assert page.status_combo.currentData() == "推进中"
    assert "该月已有进展" in page.form_note.text()


def test_invalid_input_is_refused(page: TaskPage, database: Database, qtbot: QtBot) -> None:
    _select(page, "1.2")
    page.percent_spin.setFocus()
    page.percent_spin.lineEdit().selectAll()
    qtbot.keyClicks(page.percent_spin, "150")
    page.percent_spin.interpretText()
    assert page.percent_spin.value() <= 100  # the spin box refuses more than 100 %
    page.percent_spin.setValue(NO_PERCENT)

    with qtbot.waitSignal(page.message) as blocker:  # nothing filled in: the service refuses it
        assert page.save() is False
    assert "进展内容为空" in blocker.args[0]
    assert page.form_error.isVisible() and "进展内容为空" in page.form_error.text()
    with database.read() as s:
        assert s.scalars(select(ProgressReport)).all() == []


def test_invalid_percent_from_the_service_is_shown(page: TaskPage, service: ProgressEntryService,
                                                   monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    _select(page, "1.3")
    page.percent_spin.setValue(100)
    real = service.save_progress

    def doubled(task_id, period, unit, percent, *rest, **kw):  # type: ignore[no-untyped-def]
        return real(task_id, period, unit, percent * 2, *rest, **kw)  # as if 200 % got through

    monkeypatch.setattr(service, "save_progress", doubled)
    with qtbot.waitSignal(page.message) as blocker:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "超出范围" in blocker.args[0]


def test_tick_a_milestone(page: TaskPage, database: Database, qtbot: QtBot) -> None:
    _select(page, "2.5")
    assert len(page.milestone_checks) == 4
    milestone_id, check = list(page.milestone_checks.items())[1]
    assert check.text() == "2022年第二季度" and not check.isChecked()
    qtbot.waitUntil(check.isVisible)
    page.detail_scroll.ensureWidgetVisible(check)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    with database.read() as s:
        assert s.get(Milestone, milestone_id).done_on == AS_OF  # type: ignore[union-attr]
        audit = s.scalars(select(AuditLog).where(AuditLog.entity == "milestone")).one()
    assert (audit.entity_id, audit.old, audit.new) == (milestone_id, None, "2022-07-28")
    assert "2022-07-28 完成" in page.milestone_grid.itemAtPosition(1, 1).widget().text()
    check.setChecked(False)
    with database.read() as s:
        assert s.get(Milestone, milestone_id).done_on is None  # type: ignore[union-attr]


def test_keyboard_path_from_search_to_form(page: TaskPage, qtbot: QtBot) -> None:
    page.activateWindow()
    page.focus_search()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)
    _type(qtbot, page.search, "科技服务团")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # Enter in the search box goes to the table
    assert QApplication.focusWidget() is page.table
    assert page.current_task_id() is not None and page.model.rowCount() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter in the table goes to the form
    assert QApplication.focusWidget() is page.month_edit
    chain = []
    for _ in range(6):  # Tab walks the form in reading order (the unit box is off: one choice)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        chain.append(QApplication.focusWidget())
    assert chain == [page.percent_spin, page.status_combo, page.progress_edit, page.problems_edit,
                     page.next_steps_edit, page.save_button]
    # Tab from the search box reaches the filters, then the table
    page.focus_search()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (page.unit_filter, page.task_force_filter)


def test_unsaved_form_is_kept_as_a_draft(page: TaskPage, qtbot: QtBot) -> None:
    first = _select(page, "3.1")
    _type(qtbot, page.progress_edit, "草稿内容")
    with qtbot.waitSignal(page.message) as blocker:
        _select(page, "3.2")
    assert "已暂存为草稿" in blocker.args[0]
    assert page.progress_edit.toPlainText() == ""
    assert page.select_task(first)
    assert page.progress_edit.toPlainText() == "草稿内容"
