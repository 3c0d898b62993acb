"""The export dialog over a real database and the real report services, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.database import Database
from desktop.services.plans import dump_plan
from desktop.services.presets import load_preset
from desktop.services.report_catalog import REPORTS
from desktop.services.reports import ExportRequest, export_report
from desktop.services.templates import export_template
from desktop.ui.export_dialog import TEMPLATE, ExportDialog


class ExportServices:
    """The facade the window hands the dialog: the real services over one database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def export(self, report: str, plan_id: int, out: Path, period: str | None, unit: str | None) -> Path:
        return export_report(self.database, ExportRequest(report, plan_id, Path(out), period, unit))

    def export_template(self, plan_id: int, unit: str, period: str, out: Path) -> Path:
        return export_template(self.database, plan_id, unit, period, Path(out))


@pytest.fixture
def plan(database: Database) -> tuple[int, str]:
    plan_id = load_preset(database, "zibo-14th-review")
    return plan_id, dump_plan(database, plan_id)["plan"]["name"]


@pytest.fixture
def dialog(qtbot: QtBot, database: Database, plan: tuple[int, str], tmp_path: Path) -> Iterator[ExportDialog]:
    plan_id, name = plan
    d = ExportDialog(ExportServices(database), plan_id, name, units=["市科技局", "市发展改革委"],
                     periods=["2024", "2024-06"], directory=tmp_path)
    qtbot.addWidget(d)
    d.show()
    yield d
    assert d.runner.wait(20_000)


def export(qtbot: QtBot, dialog: ExportDialog) -> None:
    with qtbot.waitSignal(dialog.runner.ended, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


def test_lists_every_report_and_the_template(dialog: ExportDialog) -> None:
    names = [dialog.model.item(r).data(Qt.ItemDataRole.UserRole + 1) for r in range(dialog.model.rowCount())]
    assert names == [*REPORTS, TEMPLATE]
    assert dialog.model.item(0).text() == REPORTS["indicator-system"]


def test_writes_an_evaluation_report(qtbot: QtBot, dialog: ExportDialog, plan: tuple[int, str],
                                     tmp_path: Path) -> None:
    dialog.select_report("evaluation")
    assert not dialog.period_combo.isVisibleTo(dialog) and not dialog.unit_combo.isVisibleTo(dialog)
    expected = tmp_path / f"{plan[1]}-考核评分.xlsx"
    assert Path(dialog.out_edit.text()) == expected
    assert not dialog.open_file_button.isEnabled()

    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert blocker.args == [expected]
    assert expected.is_file()
    wb = openpyxl.load_workbook(expected)
    text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "R&D经费支出占GDP比重" in text
    assert f"已导出：{expected}" in dialog.banner_text()

    opened: list[QUrl] = []
    dialog.open_url = opened.append  # type: ignore[assignment]
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(expected), str(tmp_path)]


def test_writes_a_bulletin_docx(qtbot: QtBot, dialog: ExportDialog, plan: tuple[int, str], tmp_path: Path) -> None:
    import docx

    dialog.select_report("bulletin")
    assert dialog.period_combo.isVisibleTo(dialog)
    assert not dialog.unit_combo.isVisibleTo(dialog)
    dialog.period_combo.setEditText("2024")
    out = Path(dialog.out_edit.text())
    assert out == tmp_path / f"{plan[1]}-进展通报-2024.docx"
    export(qtbot, dialog)

    assert out.is_file(), dialog.banner_text()
    document = docx.Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "进展通报（2024年）" in body
    assert dialog.open_folder_button.isEnabled()


def test_a_chosen_file_name_is_kept_across_report_changes(qtbot: QtBot, dialog: ExportDialog, tmp_path: Path) -> None:
    chosen = tmp_path / "给市政府" / "评分表"
    chosen.parent.mkdir()
    dialog.ask_save_path = lambda *_a: (str(chosen), "")  # type: ignore[assignment]
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert Path(dialog.out_edit.text()) == chosen.with_suffix(".xlsx")
    dialog.select_report("bulletin")
    assert Path(dialog.out_edit.text()) == chosen.with_suffix(".docx")


def test_template_needs_unit_and_period_then_writes_it(qtbot: QtBot, dialog: ExportDialog, plan: tuple[int, str],
                                                       tmp_path: Path) -> None:
    dialog.select_report(TEMPLATE)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "报送单位" in dialog.banner_text()
    assert not dialog.runner.is_running()

    dialog.unit_combo.setCurrentText("市科技局")
    dialog.period_combo.setCurrentText("2024")
    out = Path(dialog.out_edit.text())
    assert out.name == f"{plan[1]}-市科技局-单位报送模板-2024.xlsx"
    export(qtbot, dialog)
    assert out.is_file(), dialog.banner_text()


def test_a_service_error_is_shown_in_the_dialog(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.select_report("task-progress")
    dialog.unit_combo.setCurrentText("不存在的单位")
    export(qtbot, dialog)
    assert "导出没有完成" in dialog.banner_text() and "不在单位名单中" in dialog.banner_text()
    assert not dialog.open_file_button.isEnabled()


def test_an_existing_file_is_replaced_only_when_confirmed(qtbot: QtBot, dialog: ExportDialog) -> None:
    dialog.select_report("indicator-system")
    out = Path(dialog.out_edit.text())
    out.write_bytes(b"old")
    asked: list[Path] = []

    def refuse(path: Path) -> bool:
        asked.append(path)
        return False

    dialog.confirm_overwrite = refuse
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked == [out] and out.read_bytes() == b"old"
    dialog.confirm_overwrite = lambda _p: True
    export(qtbot, dialog)
    assert out.read_bytes()[:2] == b"PK"


@pytest.fixture(autouse=True)
def _no_task_left_running(qtbot: QtBot) -> Iterator[None]:
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ExportDialog):
            assert widget.runner.wait(20_000)


