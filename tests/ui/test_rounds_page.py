"""The 报送轮次 page: open a round, mark it submitted, lock and unlock (with a reason), export templates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import AuditLog, CollectionRound
from desktop.services import rounds as round_service
from desktop.services.database import Database
from desktop.services.period_locks import set_round_state
from desktop.services.presets import load_preset
from desktop.services.templates import export_round_templates
from desktop.ui.application import create_application
from desktop.ui.records_pages import RoundActions, RoundsPage


@pytest.fixture
def page(qtbot: QtBot, database: Database) -> RoundsPage:
    create_application([])
    plan_id = load_preset(database, "zibo-14th-review")
    actions = RoundActions(
        open_round=lambda plan, period, due: round_service.open_round(database, plan, period, due),
        set_state=lambda rid, state, reason: set_round_state(database, rid, state, reason),
        export_templates=lambda rid, folder: export_round_templates(database, rid, folder),
    )
    widget = RoundsPage(lambda plan: round_service.list_rounds(database, plan), actions)
    qtbot.addWidget(widget)
    widget.load(plan_id)
    widget.show()
    return widget


def _state(database: Database) -> str:
    with database.read() as s:
        return str(s.scalar(select(CollectionRound.state)))


def test_open_submit_lock_and_unlock_with_a_reason(page: RoundsPage, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    messages: list[str] = []
    page.message.connect(messages.append)
    assert not page.lock_button.isEnabled()  # no round yet
    monkeypatch.setattr(page, "ask_new_round", lambda: ("2024年", dt.date(2025, 1, 31)))
    page.open_button.click()
    assert page.rounds.rowCount() == 1 and page.rounds.data(page.rounds.index(0, 5)) == "报送中"
    page.submit_button.click()
    assert _state(database) == "submitted"
    page.lock_button.click()
    assert _state(database) == "locked" and page.rounds.data(page.rounds.index(0, 5)) == "已锁定"
    assert page.unlock_button.isEnabled() and not page.lock_button.isEnabled()

    monkeypatch.setattr(page, "ask_reason", lambda *_: None)  # 取消: stays locked
    page.unlock_button.click()
    assert _state(database) == "locked"
    monkeypatch.setattr(page, "ask_reason", lambda *_: "  ")  # an empty reason is refused
    page.unlock_button.click()
    assert _state(database) == "locked" and "需要说明原因" in messages[-1]
    monkeypatch.setattr(page, "ask_reason", lambda *_: "市统计局更正数据")
    page.unlock_button.click()
    assert _state(database) == "open" and "已解锁" in messages[-1]
    with database.read() as s:
        assert s.scalars(select(AuditLog.reason).where(AuditLog.entity == "collection_round")).all()[-1] == (
            "重新开启报送轮次：市统计局更正数据")


def test_a_bad_period_is_refused_with_the_reason(page: RoundsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page, "ask_new_round", lambda: ("2024Q5", dt.date(2025, 1, 31)))
    messages: list[str] = []
    page.message.connect(messages.append)
    monkeypatch.setattr("desktop.ui.records_pages.QMessageBox.warning", lambda *a: None)
    page.open_button.click()
    assert page.rounds.rowCount() == 0 and "2024Q5" in messages[-1]


def test_templates_of_the_round_exported_again(page: RoundsPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(page, "ask_new_round", lambda: ("2024", dt.date(2025, 1, 31)))
    page.open_button.click()
    messages: list[str] = []
    page.message.connect(messages.append)
    monkeypatch.setattr(page, "ask_folder", lambda: tmp_path / "没有的文件夹")
    page.templates_button.click()
    assert "不存在" in messages[-1]
    (tmp_path / "模板").mkdir()
    monkeypatch.setattr(page, "ask_folder", lambda: tmp_path / "模板")
    page.templates_button.click()
    assert messages[-1].startswith("已导出")
    files = sorted((tmp_path / "模板").glob("*.xlsx"))
    assert files and all(f.stat().st_size > 0 for f in files)
