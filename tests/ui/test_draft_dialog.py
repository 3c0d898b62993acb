"""The 起草方案 review dialog: the draft beside the document, sources highlighted, edits, save/cancel."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.services.database import Database
from desktop.services.plans import dump_plan, list_plans
from desktop.ui.application import create_application
from desktop.ui.draft_dialog import I_CONF, I_KIND, I_VALUE, I_YEAR, T_CONF, T_TITLE, T_UNITS, DraftDialog

DOCUMENT = """临江市人民政府
关于加快建设创新型城市的实施意见
临政发〔2025〕3号
各区县人民政府，市政府各部门：
一、总体目标
到2027年，全市高新技术企业达到800家，全社会研发经费投入强度达到2.6%以上。
二、重点任务
（一）培育创新主体
1.壮大高新技术企业集群。实施高新技术企业倍增计划，2026年12月底前新增培育企业200家。（责任单位：市科技局、市财政局、市税务局）
2.支持企业建设研发机构。推动规模以上工业企业普遍设立研发机构。（责任单位：市工信局、市科技局）
（二）优化创新生态
1.完善科技金融服务。设立科技成果转化引导基金，2025年12月底前完成组建。（责任单位：市地方金融监管局、市科创促进会）
临江市人民政府
2025年3月1日
"""

TASK_SENTENCE = "2.支持企业建设研发机构。推动规模以上工业企业普遍设立研发机构。（责任单位：市工信局、市科技局）"


class Messages:
    def __init__(self) -> None:
        self.warnings: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> Messages:
    """Message boxes would wait for a click: record them instead."""
    seen = Messages()
    monkeypatch.setattr(DraftDialog, "warn", lambda self, title, text: seen.warnings.append((title, text)))
    monkeypatch.setattr(DraftDialog, "inform", lambda self, title, text: seen.infos.append((title, text)))
    return seen


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "临江实施意见.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def open_dialog(qtbot: QtBot, path: Path, database: Database) -> DraftDialog:
    create_application([])
    dialog = DraftDialog(path, database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.is_ready, timeout=15000)
    return dialog


@pytest.fixture
def dialog(qtbot: QtBot, document: Path, database: Database, messages: Messages) -> Iterator[DraftDialog]:
    d = open_dialog(qtbot, document, database)
    yield d
    d.runner.wait()


def test_the_draft_appears_beside_the_document(dialog: DraftDialog) -> None:
    assert dialog.document_view.toPlainText() == DOCUMENT
    assert dialog.tabs.isEnabled() and dialog.save_button.isEnabled()
    assert "3 项重点任务、3 项指标" in dialog.banner.text()
    first = dialog.task_item("一.1")
    assert first.text(T_TITLE) == "壮大高新技术企业集群"
    assert first.text(T_UNITS) == "市科技局、市财政局、市税务局"
    assert first.checkState(0) == Qt.CheckState.Checked
    # a unit missing from the unit list is flagged in words and in the warnings line
    finance = dialog.task_item("二.1")
    assert finance.text(T_UNITS) == "市地方金融监管局、市科创促进会（名录外）"
    assert "市科创促进会" in finance.toolTip(T_UNITS)
    assert "市科创促进会" in dialog.warnings.text() and dialog.warnings.isVisible()
    firms = dialog.indicator_item("全市高新技术企业")
    assert (firms.text(I_VALUE), firms.text(I_YEAR), firms.text(I_KIND)) == ("800", "2027", "达到")
    assert dialog.plan_item("name").text(1) == "关于加快建设创新型城市的实施意见"
    assert dialog.plan_item("doc_number").text(1) == "临政发〔2025〕3号"
    assert dialog.counts.text() == "将保存 3 项任务、3 项指标"


def test_low_confidence_items_are_marked_with_words_icon_and_tint(dialog: DraftDialog) -> None:
    item = dialog.task_item("一.1")
    assert item.text(T_CONF) == "0.95" and item.icon(T_CONF).isNull()
    assert dialog.edits is not None
    dialog.edits.threshold = 0.99  # everything the extractor found is now below the threshold
    dialog.rebuild()
    item = dialog.task_item("一.1")
    assert item.text(T_CONF) == "0.95 待核"
    assert not item.icon(T_CONF).isNull()
    assert item.background(T_CONF) != QBrush()
    assert dialog.indicator_item("全市高新技术企业").text(I_CONF) == "0.90 待核"


def test_selecting_an_item_highlights_its_sentence(dialog: DraftDialog) -> None:
    dialog.tabs.setCurrentWidget(dialog.task_tree)
    dialog.task_tree.setCurrentItem(dialog.task_item("一.2"))
    assert dialog.highlighted_text() == TASK_SENTENCE
    cursor = dialog.document_view.textCursor()
    start = DOCUMENT.index(TASK_SENTENCE)
    assert cursor.position() == start  # scrolled to its beginning
    assert "第 10 行" in dialog.source_label.text()

    dialog.tabs.setCurrentWidget(dialog.indicator_tree)
    dialog.indicator_tree.setCurrentItem(dialog.indicator_item("企业"))
    assert dialog.highlighted_text() == "实施高新技术企业倍增计划，2026年12月底前新增培育企业200家。"

    dialog.tabs.setCurrentWidget(dialog.plan_tree)
    dialog.plan_tree.setCurrentItem(dialog.plan_item("doc_number"))
    assert dialog.highlighted_text() == "临政发〔2025〕3号"


def test_typed_values_go_through_the_parser_and_bad_input_is_refused(dialog: DraftDialog, qtbot: QtBot) -> None:
    assert dialog.edits is not None
    firms = dialog.indicator_item("全市高新技术企业")
    key = firms.data(0, Qt.ItemDataRole.UserRole + 1)[1]

    assert not dialog.commit_edit(firms, I_VALUE, "约900")
    assert "约数" in dialog.edit_error.text()
    assert dialog.edits.indicator(key)["targets"][0]["value"] == Decimal("800") and firms.text(I_VALUE) == "800"
    assert not dialog.commit_edit(firms, I_VALUE, "900亩")
    assert dialog.edit_error.text().startswith("未修改：")
    assert not dialog.commit_edit(firms, I_YEAR, "二〇二八")
    assert "年份" in dialog.edit_error.text()

    # through the real cell editor: F2 opens it with the raw value, Enter commits
    dialog.tabs.setCurrentWidget(dialog.indicator_tree)
    dialog.indicator_tree.setCurrentItem(firms, I_VALUE)
    dialog.indicator_tree.editItem(firms, I_VALUE)
    editor = dialog.indicator_tree.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "800"
    editor.setText("１,０５０家")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(lambda: dialog.indicator_tree.state() != QAbstractItemView.State.EditingState)
    assert dialog.edits.indicator(key)["targets"][0]["value"] == Decimal("1050")
    assert firms.text(I_VALUE) == "1050" and dialog.edit_error.text() == ""

    assert dialog.commit_edit(firms, I_YEAR, "2028年")
    assert firms.text(I_YEAR) == "2028"


def test_cancel_writes_nothing(dialog: DraftDialog, database: Database) -> None:
    dialog.commit_edit(dialog.task_item("一.1"), T_TITLE, "改过的标题")
    dialog.cancel_button.click()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.saved_plan_id is None
    assert list_plans(database) == []


def test_save_creates_the_plan_as_edited(dialog: DraftDialog, database: Database, messages: Messages,
                                         qtbot: QtBot) -> None:
    assert dialog.commit_edit(dialog.plan_item("name"), 1, "临江市创新型城市建设方案")
    assert dialog.commit_edit(dialog.task_item("一.1"), T_TITLE, "壮大高新技术企业")
    assert dialog.commit_edit(dialog.task_item("一.1"), T_UNITS, "市科技局、市发改委")
    dialog.set_checked(dialog.task_item("一.2"), False)  # left out
    dialog.set_checked(dialog.indicator_item("全社会研发经费投入强度"), False)
    assert dialog.commit_edit(dialog.indicator_item("全市高新技术企业"), I_VALUE, "850")
    # delete the target stated in task 一.1 (Delete on the selected row)
    dialog.tabs.setCurrentWidget(dialog.indicator_tree)
    dialog.indicator_tree.setCurrentItem(dialog.indicator_item("企业"))
    dialog.delete_selected()
    with pytest.raises(KeyError):
        dialog.indicator_item("企业")
    assert dialog.counts.text() == "将保存 2 项任务、1 项指标"

    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15000)
    plan_id = dialog.saved_plan_id
    assert plan_id is not None
    assert dialog.new_units == ["市科创促进会"]
    (title, text), = messages.infos
    assert f"编号 {plan_id}" in text and "市科创促进会" in text

    (summary,) = list_plans(database)
    assert summary.id == plan_id
    plan = dump_plan(database, plan_id)
    assert plan["plan"]["name"] == "临江市创新型城市建设方案"
    assert plan["plan"]["doc_number"] == "临政发〔2025〕3号"
    assert [(t["number"], t["title"], t["units"]) for t in plan["tasks"]] == [
        ("一.1", "壮大高新技术企业", ["市科技局", "市发改委"]),
        ("二.1", "完善科技金融服务", ["市地方金融监管局", "市科创促进会"]),
    ]
    assert [(i["name"], [(t["value"], t["year"]) for t in i["targets"]]) for i in plan["indicators"]] == [
        ("全市高新技术企业", [(Decimal("850"), 2027)]),
    ]


def test_unchecking_a_group_leaves_out_all_its_tasks(dialog: DraftDialog) -> None:
    group = dialog.task_item("二.1").parent()
    dialog.set_checked(group, False)
    assert dialog.task_item("二.1").checkState(0) == Qt.CheckState.Unchecked
    assert dialog.edits is not None
    assert [t["number"] for t in dialog.edits.edited_dump()["tasks"]] == ["一.1", "一.2"]
    assert dialog.counts.text() == "将保存 2 项任务、3 项指标"


def test_an_unreadable_file_is_explained_and_the_dialog_closes(qtbot: QtBot, tmp_path: Path, database: Database,
                                                               messages: Messages) -> None:
    create_application([])
    path = tmp_path / "旧文件.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a docx")
    dialog = DraftDialog(path, database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(messages.warnings), timeout=15000)
    ((title, text),) = messages.warnings
    assert title == "无法读取文件" and "另存为 .docx" in text
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert dialog.edits is None and list_plans(database) == []


def test_the_delete_key_removes_the_selected_task_and_selects_the_next(dialog: DraftDialog, qtbot: QtBot) -> None:
    dialog.tabs.setCurrentWidget(dialog.task_tree)
    dialog.task_tree.setFocus()
    dialog.task_tree.setCurrentItem(dialog.task_item("一.1"))
    qtbot.keyClick(dialog.task_tree, Qt.Key.Key_Delete)
    with pytest.raises(KeyError):
        dialog.task_item("一.1")
    assert dialog.task_tree.currentItem() is dialog.task_item("一.2")
    assert dialog.tabs.tabText(2) == "重点任务（2）"
    assert dialog.edits is not None
    assert [t["number"] for t in dialog.edits.edited_dump()["tasks"]] == ["一.2", "二.1"]
    # plan information cannot be deleted, only edited
    dialog.tabs.setCurrentWidget(dialog.plan_tree)
    dialog.plan_tree.setCurrentItem(dialog.plan_item("issuer"))
    dialog.delete_selected()
    assert dialog.plan_item("issuer").text(1) == "临江市人民政府" and "不能删除" in dialog.edit_error.text()


def test_staged_targets_are_rows_of_their_own(qtbot: QtBot, tmp_path: Path, database: Database,
                                              messages: Messages) -> None:
    path = tmp_path / "分阶段.txt"
    path.write_text(DOCUMENT.replace("到2027年，全市高新技术企业达到800家",
                                     "到2025年，全市高新技术企业达到600家，到2027年达到800家"), encoding="utf-8")
    dialog = open_dialog(qtbot, path, database)
    firms = dialog.indicator_item("全市高新技术企业")
    assert firms.childCount() == 2 and firms.text(I_VALUE) == "2 个阶段"
    assert dialog.editor_kind(firms, I_VALUE) is None  # values are edited on the stage rows
    first, second = firms.child(0), firms.child(1)
    assert first is not None and second is not None
    assert [(x.text(I_VALUE), x.text(I_YEAR)) for x in (first, second)] == [("600", "2025"), ("800", "2027")]
    assert dialog.commit_edit(first, I_VALUE, "650")
    dialog.tabs.setCurrentWidget(dialog.indicator_tree)
    dialog.indicator_tree.setCurrentItem(second)
    # (the extractor's source of a section's first sentence starts with the heading's title)
    assert dialog.highlighted_text().endswith("\n到2025年，全市高新技术企业达到600家，到2027年达到800家，"
                                              "全社会研发经费投入强度达到2.6%以上。")
    dialog.delete_selected()  # the 2027 stage
    firms = dialog.indicator_item("全市高新技术企业")
    assert firms.childCount() == 0
    assert (firms.text(I_VALUE), firms.text(I_YEAR)) == ("650", "2025")
    assert dialog.editor_kind(firms, I_VALUE) == "text"
