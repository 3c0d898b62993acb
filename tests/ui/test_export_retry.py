"""A report that cannot be written where asked (file open in Excel, read-only, missing folder)
gives a clear Chinese message and a chance to choose another path, then exports there."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.services.database import Database
from desktop.services.presets import load_preset
from desktop.ui.export_dialog import ExportDialog
from tests.ui.test_export_dialog import ExportServices


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[tuple[str, str]]:
    """QFileDialog.getSaveFileName answers with 另存/新文件.xlsx; the calls are recorded."""
    calls: list[tuple[str, str]] = []
    other = tmp_path / "另存" / "新文件.xlsx"
    other.parent.mkdir()

    def fake(parent, caption, directory, filters):  # type: ignore[no-untyped-def]
        calls.append((caption, directory))
        return str(other), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return calls


@pytest.fixture
def dialog(qtbot: QtBot, database: Database, tmp_path: Path, chosen: list) -> Iterator[ExportDialog]:  # type: ignore[type-arg]
    plan_id = load_preset(database, "zibo-14th-review")
    d = ExportDialog(ExportServices(database), plan_id, "方案", directory=tmp_path)
    qtbot.addWidget(d)
    d.show()
    d.select_report("evaluation")
    yield d
    assert d.runner.wait(20_000)


def _export(qtbot: QtBot, dialog: ExportDialog) -> None:
    with qtbot.waitSignal(dialog.runner.ended, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_read_only_target_offers_another_path(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path,
                                              chosen: list) -> None:  # type: ignore[type-arg]
    target = tmp_path / "只读.xlsx"
    target.write_bytes(b"old")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    asked: list[str] = []
    dialog.ask_other_path = lambda problem: asked.append(problem) or True  # type: ignore[func-returns-value]
    dialog.set_out_path(target)
    dialog.confirm_overwrite = lambda _p: True
    try:
        with qtbot.waitSignal(dialog.exported, timeout=60_000) as blocker:
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)
    other = tmp_path / "另存" / "新文件.xlsx"
    assert len(asked) == 1 and "无法保存“只读.xlsx”" in asked[0] and "只读" in asked[0]
    assert len(chosen) == 1  # QFileDialog was offered once
    assert blocker.args == [other] and other.read_bytes()[:2] == b"PK"
    assert target.read_bytes() == b"old"  # the locked file was never touched
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []  # no temp file left
    assert f"已导出：{other}" in dialog.banner_text()


def test_locked_target_message_and_declining_keeps_the_dialog(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path,
                                                             chosen: list, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[type-arg]
    """Windows refuses to replace a file open in Excel (PermissionError); declining the offer
    leaves the message and asks nothing more."""
    import os

    real_replace = os.replace

    def locked(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst).name == "被占用.xlsx":
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    asked: list[str] = []
    dialog.ask_other_path = lambda problem: asked.append(problem) and False  # type: ignore[func-returns-value]
    dialog.set_out_path(tmp_path / "被占用.xlsx")
    _export(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(asked), timeout=5_000)
    assert "Excel 或 WPS 中打开" in asked[0] and "被占用.xlsx" in asked[0]
    assert chosen == [] and dialog.written is None
    assert "导出没有完成：无法保存“被占用.xlsx”" in dialog.banner_text()
    assert not (tmp_path / "被占用.xlsx").exists()


def test_missing_folder_offers_another_path(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path,
                                            chosen: list) -> None:  # type: ignore[type-arg]
    asked: list[str] = []
    dialog.ask_other_path = lambda problem: asked.append(problem) or True  # type: ignore[func-returns-value]
    dialog.set_out_path(tmp_path / "没有这个文件夹" / "报表.xlsx")
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked and "文件夹" in asked[0] and "不存在" in asked[0] and "报表.xlsx" in asked[0]
    assert blocker.args == [tmp_path / "另存" / "新文件.xlsx"] and len(chosen) == 1
    assert not (tmp_path / "没有这个文件夹").exists()
