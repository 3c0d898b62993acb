"""The import dialog over a real database and the real import services, offscreen."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from desktop.services.database import Database
from desktop.services.importer import ImportOptions, ImportResult, import_files, preview_files
from desktop.services.plans import dump_plan
from desktop.services.presets import load_preset
from desktop.ui.import_dialog import ChangesModel, ImportDialog, IssuesModel
from desktop.workbooks.readers import read_workbook

HIGH_TECH = "高新技术企业"  # the plan's name for what departments call 高新技术企业数
RD = "R&D经费支出占GDP比重"


class ImportServices:
    """The facade the window hands the dialog: the real services over one database."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.calls: list[str] = []

    def preview(self, paths: Sequence[Path], options: dict[str, Any]) -> ImportResult:
        self.calls.append("preview")
        return preview_files(self.database, list(paths), ImportOptions(**options))

    def commit(self, paths: Sequence[Path], options: dict[str, Any]) -> ImportResult:
        self.calls.append("commit")
        return import_files(self.database, list(paths), ImportOptions(**options))

    def sample(self, path: Path) -> list[list[str]]:
        grid = read_workbook(Path(path))
        sheet = next(s for s in grid.sheets if s.state == "visible")
        return [["" if c.value is None else str(c.value) for c in row] for row in sheet.rows[:8]]


@pytest.fixture
def plan_id(database: Database) -> int:
    return load_preset(database, "zibo-14th-review")


@pytest.fixture
def services(database: Database) -> ImportServices:
    return ImportServices(database)


def write_book(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def freeform(tmp_path: Path) -> Path:
    return write_book(tmp_path / "市科技局报送.xlsx", [
        ["2024年科技创新主要指标完成情况"],
        ["填报单位：市科技局"],
        ["指标名称", "2024年"],
        ["高新技术企业数", 1600],
        [RD, "3.02%"],
    ])


@pytest.fixture
def refused_file(tmp_path: Path) -> Path:
    return write_book(tmp_path / "有错误.xlsx", [
        ["填报单位：市科技局"],
        ["指标名称", "2024年"],
        ["高新技术企业数", "很多"],
    ])


def make_dialog(qtbot: QtBot, services: ImportServices, plan_id: int, files: Sequence[Path] = ()) -> ImportDialog:
    dialog = ImportDialog(services, plan_id, files=files)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def preview(qtbot: QtBot, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.runner.ended, timeout=20_000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)


def values_of(database: Database, plan_id: int, name: str) -> dict[str, str]:
    indicator = next(i for i in dump_plan(database, plan_id)["indicators"] if i["name"] == name)
    return {v["period"]: v["value"] for v in indicator["values"]}


def statuses(model: ChangesModel) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_free_form_file_previews_two_new_rows(qtbot: QtBot, services: ImportServices, plan_id: int,
                                              freeform: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id, [freeform])
    assert not dialog.import_button.isEnabled()
    preview(qtbot, dialog)

    page = dialog.page(0)
    assert statuses(page.changes_model) == ["新增", "新增"]
    labels = [page.changes_model.index(r, 1).data() for r in range(2)]
    assert labels == [HIGH_TECH, RD]
    assert [page.changes_model.index(r, 4).data() for r in range(2)] == ["1600", "3.02"]
    assert page.changes_model.index(0, 2).data() == "2024年"
    assert page.changes_model.index(0, 3).data() == "—"
    assert page.changes_model.index(0, 5).data() == "Sheet!B4"
    head = page.findChild(QLabel, "fileHead")
    assert head is not None and "单位：市科技局" in head.text() and "期间：2024年" in head.text()
    assert "新增 2 项" in page.summary.text()
    assert "可以导入" in dialog.banner_text()
    assert dialog.import_button.isEnabled()
    assert services.calls == ["preview"]


def test_rejecting_writes_nothing(qtbot: QtBot, services: ImportServices, database: Database, plan_id: int,
                                  freeform: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id, [freeform])
    preview(qtbot, dialog)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert "2024" not in values_of(database, plan_id, HIGH_TECH)
    assert "2024" not in values_of(database, plan_id, RD)
    assert services.calls == ["preview"]


def test_importing_writes_both_values_and_shows_the_batch(qtbot: QtBot, services: ImportServices,
                                                          database: Database, plan_id: int, freeform: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id, [freeform])
    preview(qtbot, dialog)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    batch_ids = blocker.args[0]
    assert len(batch_ids) == 1
    assert f"已导入，批次 {batch_ids[0]}" in dialog.banner_text()
    assert Decimal(values_of(database, plan_id, HIGH_TECH)["2024"]) == 1600
    assert Decimal(values_of(database, plan_id, RD)["2024"]) == Decimal("3.02")
    assert not dialog.import_button.isEnabled()  # not twice
    assert dialog.cancel_button.text() == "关闭"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    # the same file again: recognised as already imported, nothing to write
    again = make_dialog(qtbot, services, plan_id, [freeform])
    preview(qtbot, again)
    assert f"与导入批次 {batch_ids[0]} 的文件完全相同" in again.page(0).summary.text()
    assert "没有需要写入的变化" in again.banner_text()
    assert not again.import_button.isEnabled()


def test_a_refused_cell_disables_import(qtbot: QtBot, services: ImportServices, plan_id: int,
                                        refused_file: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id, [refused_file])
    preview(qtbot, dialog)

    assert not dialog.import_button.isEnabled()
    assert "不能导入" in dialog.banner_text()
    issues = dialog.page(0).issues_model
    assert issues.index(0, 0).data() == "拒绝"
    assert issues.index(0, 2).data() == "B3"
    assert issues.index(0, 3).data() == "很多"
    assert "没有找到数字" in issues.index(0, 4).data()
    assert issues.index(0, 3).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"


def test_changing_an_option_after_preview_asks_for_a_new_preview(qtbot: QtBot, services: ImportServices,
                                                                 plan_id: int, freeform: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id, [freeform])
    preview(qtbot, dialog)
    assert dialog.import_button.isEnabled()
    dialog.unit_edit.setEditText("市发展改革委")
    assert not dialog.import_button.isEnabled()
    assert "重新点“预览”" in dialog.banner_text()


def test_an_unreadable_period_is_refused_before_any_work(qtbot: QtBot, services: ImportServices, plan_id: int,
                                                         freeform: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id, [freeform])
    dialog.period_edit.setText("明年春天")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert "报送期无效" in dialog.banner_text()
    assert not dialog.runner.is_running()
    assert services.calls == []


def test_dropping_two_files_adds_both(qtbot: QtBot, services: ImportServices, plan_id: int, freeform: Path,
                                      refused_file: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(freeform)), QUrl.fromLocalFile(str(refused_file))])
    enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dialog, drop)

    assert dialog.paths() == [freeform, refused_file]
    QApplication.sendEvent(dialog, QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime,
                                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert len(dialog.paths()) == 2  # the same files again are not listed twice
    assert dialog.preview_button.isEnabled()


def test_add_files_button_uses_the_file_chooser(qtbot: QtBot, services: ImportServices, plan_id: int,
                                                freeform: Path) -> None:
    dialog = make_dialog(qtbot, services, plan_id)
    asked: list[str] = []

    def fake_chooser(_parent: Any, caption: str, _start: str, _filter: str) -> tuple[list[str], str]:
        asked.append(caption)
        return [str(freeform)], ""

    dialog.ask_files = fake_chooser
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert asked and dialog.paths() == [freeform]
    dialog.files_view.setCurrentIndex(dialog.files_model.index(0, 0))
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert dialog.paths() == []


def test_unrecognised_layout_is_read_after_mapping_the_columns(qtbot: QtBot, services: ImportServices,
                                                               database: Database, plan_id: int,
                                                               tmp_path: Path) -> None:
    odd = write_book(tmp_path / "自制表.xlsx", [
        ["填报单位：市科技局"],
        ["名称", "数值甲", "数值乙"],
        ["高新技术企业数", 1600, 5],
        [RD, "3.02%", 6],
    ])
    dialog = make_dialog(qtbot, services, plan_id, [odd])
    preview(qtbot, dialog)
    page = dialog.page(0)
    assert not dialog.import_button.isEnabled()
    panel = page.mapping_panel
    assert panel is not None and panel.isVisible()
    assert list(panel.roles) == ["A", "B", "C"]  # the file's own columns, from facade.sample
    assert panel.samples["B"].text().startswith("数值甲")

    panel.set_role("A", "name")
    panel.set_role("B", "value", "2024年")
    panel.set_role("C", "ignore")
    assert panel.mapping() == {"A": "name", "B": "value:2024", "C": "ignore"}
    with qtbot.waitSignal(dialog.runner.ended, timeout=20_000):
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)

    assert dialog.options()["mapping"] == {"A": "name", "B": "value:2024", "C": "ignore"}
    assert "A列＝指标名称" in dialog.mapping_label.text()
    assert statuses(dialog.page(0).changes_model) == ["新增", "新增"]
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert Decimal(values_of(database, plan_id, HIGH_TECH)["2024"]) == 1600


def test_mapping_panel_wants_a_name_column_and_a_readable_period(qtbot: QtBot, services: ImportServices,
                                                                plan_id: int, tmp_path: Path) -> None:
    odd = write_book(tmp_path / "自制表.xlsx", [["填报单位：市科技局"], ["名称", "数值甲"], ["高新技术企业数", 1600]])
    dialog = make_dialog(qtbot, services, plan_id, [odd])
    preview(qtbot, dialog)
    panel = dialog.page(0).mapping_panel
    assert panel is not None
    panel.set_role("B", "value", "2024")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert "指标名称" in panel.error.text()
    panel.set_role("A", "name")
    panel.set_role("B", "value", "前年")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert "B列的期间" in panel.error.text()
    assert not dialog.runner.is_running()


def test_two_files_disagreeing_show_a_conflict_on_top(qtbot: QtBot, services: ImportServices, plan_id: int,
                                                      freeform: Path, tmp_path: Path) -> None:
    other = write_book(tmp_path / "另一份.xlsx", [
        ["填报单位：市科技局"], ["指标名称", "2024年"], ["高新技术企业数", 1700],
    ])
    dialog = make_dialog(qtbot, services, plan_id, [freeform, other])
    preview(qtbot, dialog)
    assert dialog.tabs.count() == 2
    assert dialog.conflicts_label.isVisible()
    assert "冲突：高新技术企业（2024年）两个文件的数值不同" in dialog.conflicts_label.text()
    assert not dialog.import_button.isEnabled()


def test_preview_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester: Any, services: ImportServices,
                                              plan_id: int, refused_file: Path, freeform: Path) -> None:
    result = services.preview([freeform, refused_file], {"plan_id": plan_id})
    changes = ChangesModel(result.files[0].changes)
    qtmodeltester.check(changes)
    changes.set_hide_unchanged(True)
    qtmodeltester.check(changes)
    qtmodeltester.check(IssuesModel(result.files[1]))


@pytest.fixture(autouse=True)
def _no_task_left_running(qtbot: QtBot) -> Iterator[None]:
    yield
    for dialog in QApplication.topLevelWidgets():
        if isinstance(dialog, ImportDialog):
            dialog.runner.cancel()
            assert dialog.runner.wait(20_000)
