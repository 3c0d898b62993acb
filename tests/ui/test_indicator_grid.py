"""The value-entry grid, driven through its real widgets offscreen over a real database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Value
from desktop.services.database import Database
from desktop.services.presets import load_preset
from desktop.services.value_entry import ValueEntry
from desktop.ui.application import create_application
from desktop.ui.grid_model import COL_NAME, IndicatorGridModel, KeyRole, RowRole
from desktop.ui.grid_view import parse_tsv, to_tsv
from desktop.ui.indicator_grid import IndicatorGridPage

AS_OF = dt.date(2024, 6, 30)
RD = "R&D经费支出占GDP比重"
HIGH_TECH_SHARE = "高新技术产业产值占规模以上工业总产值比重"
SMES = "科技型中小企业"


@pytest.fixture
def plan_id(database: Database) -> int:
    return load_preset(database, "zibo-14th-review")


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def page(qtbot: QtBot, database: Database, plan_id: int, stack: QUndoStack) -> Iterator[IndicatorGridPage]:
    create_application([])
    entry = ValueEntry(database, user=lambda: "录入员", today=lambda: AS_OF)
    widget = IndicatorGridPage(entry, stack)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    assert widget.load(plan_id)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.setFocus()
    yield widget


def _row(model: IndicatorGridModel, name: str) -> int:
    return next(r for r in range(model.rowCount()) if model.row_at(r).name == name)


def _index(page: IndicatorGridPage, name: str, period: str) -> QModelIndex:
    model = page.model
    col = model.period_column(period)
    assert col is not None
    return model.index(_row(model, name), col)


def _iid(page: IndicatorGridPage, name: str) -> int:
    iid = page.model.row_at(_row(page.model, name)).indicator_id
    assert iid is not None
    return iid


def _stored(database: Database, indicator_id: int, period: str) -> Decimal | None:
    with database.read() as s:
        rows = s.scalars(select(Value).where(Value.indicator_id == indicator_id, Value.period == period)).all()
        return rows[-1].value if rows else None


def _go(page: IndicatorGridPage, index: QModelIndex) -> None:
    # Explicit ClearAndSelect: QTest leaves the Ctrl of an earlier Ctrl+V in the application's
    # modifier state, which would make setCurrentIndex extend the selection.
    page.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _select(page: IndicatorGridPage, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
    selection = page.view.selectionModel()
    selection.setCurrentIndex(top_left, QItemSelectionModel.SelectionFlag.NoUpdate)
    selection.select(QItemSelection(top_left, bottom_right), QItemSelectionModel.SelectionFlag.ClearAndSelect)


def _ime(page: IndicatorGridPage, text: str) -> None:
    """Characters QTest cannot type (full-width, Chinese), as an input method delivers them."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(page.view, QKeyEvent(kind, ord(char), Qt.KeyboardModifier.NoModifier, char))


def _type(qtbot: QtBot, page: IndicatorGridPage, index: QModelIndex, text: str) -> None:
    _go(page, index)
    if text.isascii():
        qtbot.keyClicks(page.view, text)
    else:
        _ime(page, text)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.view.state() != page.view.State.EditingState)


# --- the model ----------------------------------------------------------------------------------


def test_model_passes_the_model_tester(page: IndicatorGridPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)


def test_model_passes_the_model_tester_while_sorted(page: IndicatorGridPage, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    page.model.sort(page.model.status_column(), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(page.model)


def test_columns_rows_and_status_symbols(page: IndicatorGridPage) -> None:
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["指标", "单位", "目标", "2020年(基期)", "2021年", "2022年", "2023年", "2024年", "2025年(目标)", "完成率", "状态"]
    assert model.index(0, COL_NAME).data() == "主要指标（8 项）"
    assert not model.flags(model.index(0, 4)) & Qt.ItemFlag.ItemIsEditable
    assert page.view.columnSpan(0, 0) == model.columnCount()
    row = _row(model, RD)
    assert model.index(row, COL_NAME).data() == f"1. {RD}"
    assert model.index(row, 2).data() == "3（2025）"
    assert model.index(row, model.completion_column()).data() == "95.3%"
    assert model.index(row, model.status_column()).data() == "● 正常"
    assert model.index(_row(model, HIGH_TECH_SHARE), model.status_column()).data() == "▲ 滞后"
    assert model.index(_row(model, "研发经费投入"), model.status_column()).data() == "○ 无数据"
    assert model.flags(_index(page, RD, "2022")) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(row, model.status_column())) & Qt.ItemFlag.ItemIsEditable


def test_cell_tooltip_names_target_expected_source_and_last_change(
    page: IndicatorGridPage, qtbot: QtBot
) -> None:
    tip = _index(page, RD, "2023").data(Qt.ItemDataRole.ToolTipRole)
    assert "目标：3 %（2025年）" in tip and "序时进度：2.9240 %" in tip
    assert "来源：预置方案" in tip and "备注：2021年" in tip and "数据年份：2021年" in tip
    _type(qtbot, page, _index(page, RD, "2022"), "2.9")
    tip = _index(page, RD, "2022").data(Qt.ItemDataRole.ToolTipRole)
    assert "来源：手工录入" in tip and "最近修改：录入员" in tip and "（手工录入）" in tip


# --- typing ----------------------------------------------------------------------------------


def test_typing_a_value_and_enter_stores_it_and_moves_down(
    page: IndicatorGridPage, qtbot: QtBot, database: Database, stack: QUndoStack
) -> None:
    index = _index(page, RD, "2022")
    _type(qtbot, page, index, "2.95")
    assert _stored(database, _iid(page, RD), "2022") == Decimal("2.95")
    assert index.data() == "2.95"
    assert page.view.currentIndex().row() == index.row() + 1
    assert page.view.currentIndex().column() == index.column()
    assert stack.count() == 1 and stack.undoText() == f"录入 {RD} 2022年"


def test_typing_overwrites_the_old_value(page: IndicatorGridPage, qtbot: QtBot, database: Database) -> None:
    _type(qtbot, page, _index(page, SMES, "2023"), "1980")
    assert _stored(database, _iid(page, SMES), "2023") == Decimal("1980")


def test_full_width_digits_from_a_chinese_input_method(page: IndicatorGridPage, qtbot: QtBot, database: Database) -> None:
    _type(qtbot, page, _index(page, SMES, "2024"), "１９８０")
    assert _stored(database, _iid(page, SMES), "2024") == Decimal("1980")


def test_typed_value_updates_the_row_status(page: IndicatorGridPage, qtbot: QtBot) -> None:
    row = _row(page.model, HIGH_TECH_SHARE)
    status = page.model.index(row, page.model.status_column())
    assert status.data() == "▲ 滞后"
    with qtbot.waitSignal(page.model.dataChanged):
        _type(qtbot, page, _index(page, HIGH_TECH_SHARE, "2024"), "58.5")
    assert status.data() == "● 已达标"


def test_invalid_text_is_refused_with_a_reason_and_nothing_is_stored(
    page: IndicatorGridPage, qtbot: QtBot, database: Database, stack: QUndoStack
) -> None:
    messages: list[str] = []
    page.message.connect(messages.append)
    index = _index(page, RD, "2022")
    _type(qtbot, page, index, "三点一")
    assert messages and "中文数字" in messages[-1] and RD in messages[-1]
    _type(qtbot, page, index, "abc")
    assert "没有找到数字" in messages[-1]
    assert page.model.flashing((_iid(page, RD), "2022"))
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert _stored(database, _iid(page, RD), "2022") is None
    assert stack.count() == 0
    assert page.view.currentIndex() == index  # the cursor stays on the refused cell


def test_a_unit_that_does_not_fit_is_refused(page: IndicatorGridPage, qtbot: QtBot, database: Database) -> None:
    messages: list[str] = []
    page.message.connect(messages.append)
    _type(qtbot, page, _index(page, RD, "2022"), "3亿元")
    assert messages and "未保存" in messages[-1]
    assert _stored(database, _iid(page, RD), "2022") is None


def test_f2_edits_and_tab_moves_right(page: IndicatorGridPage, qtbot: QtBot, database: Database) -> None:
    index = _index(page, SMES, "2023")
    _go(page, index)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    assert page.view.state() == page.view.State.EditingState
    qtbot.keyClick(page.view, Qt.Key.Key_End)
    qtbot.keyClicks(page.view, "0")
    qtbot.keyClick(page.view, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: _stored(database, _iid(page, SMES), "2023") == Decimal("18220"))
    assert page.view.currentIndex().column() == index.column() + 1
    assert page.view.currentIndex().row() == index.row()


def test_delete_clears_the_selected_cells(
    page: IndicatorGridPage, qtbot: QtBot, database: Database, stack: QUndoStack
) -> None:
    _select(page, _index(page, HIGH_TECH_SHARE, "2020"), _index(page, HIGH_TECH_SHARE, "2021"))
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    iid = _iid(page, HIGH_TECH_SHARE)
    assert _stored(database, iid, "2020") is None and _stored(database, iid, "2021") is None
    assert _index(page, HIGH_TECH_SHARE, "2021").data() == ""
    assert stack.count() == 1
    stack.undo()
    assert _stored(database, iid, "2020") == Decimal("42.53") and _stored(database, iid, "2021") == Decimal("47.13")


# --- clipboard ---------------------------------------------------------------------------------


def test_copy_puts_the_selection_on_the_clipboard_as_tab_separated_text(page: IndicatorGridPage, qtbot: QtBot) -> None:
    _select(page, _index(page, RD, "2020"), _index(page, HIGH_TECH_SHARE, "2021"))
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "2.81\t\n42.53\t47.13"


def test_copy_of_names_and_statuses(page: IndicatorGridPage, qtbot: QtBot) -> None:
    model = page.model
    row = _row(model, RD)
    _select(page, model.index(row, COL_NAME), model.index(row, COL_NAME))
    page.view.selectionModel().select(model.index(row, model.status_column()), QItemSelectionModel.SelectionFlag.Select)
    assert page.view.copy_selection().startswith(f"1. {RD}\t")
    assert QApplication.clipboard().text().endswith("\t● 正常")


def _paste_block(page: IndicatorGridPage, qtbot: QtBot, at: QModelIndex, text: str) -> None:
    QApplication.clipboard().setText(text)
    _go(page, at)
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_paste_a_three_by_two_block_then_undo_and_redo(
    page: IndicatorGridPage, qtbot: QtBot, database: Database, stack: QUndoStack
) -> None:
    names = [RD, HIGH_TECH_SHARE, SMES]
    ids = [_iid(page, n) for n in names]
    before = {(i, p): _stored(database, i, p) for i in ids for p in ("2023", "2024")}
    _paste_block(page, qtbot, _index(page, RD, "2023"), "2.90\t2.95\r\n49.1\t50.2\r\n1,900家\t2100\r\n")
    after = {(i, p): _stored(database, i, p) for i in ids for p in ("2023", "2024")}
    assert after == {
        (ids[0], "2023"): Decimal("2.90"), (ids[0], "2024"): Decimal("2.95"),
        (ids[1], "2023"): Decimal("49.1"), (ids[1], "2024"): Decimal("50.2"),
        (ids[2], "2023"): Decimal("1900"), (ids[2], "2024"): Decimal("2100"),
    }
    assert stack.count() == 1 and stack.undoText() == "粘贴 6 个单元格"
    assert len(page.view.selectionModel().selectedIndexes()) == 6
    assert _index(page, SMES, "2024").data() == "2100"

    stack.undo()
    assert {(i, p): _stored(database, i, p) for i in ids for p in ("2023", "2024")} == before
    assert _index(page, SMES, "2024").data() == "" and _index(page, SMES, "2023").data() == "1822"
    assert "来源：预置方案" in _index(page, RD, "2023").data(Qt.ItemDataRole.ToolTipRole)  # origin restored too

    stack.redo()
    assert {(i, p): _stored(database, i, p) for i in ids for p in ("2023", "2024")} == after
    assert _index(page, SMES, "2024").data() == "2100"


def test_a_percent_cell_pasted_as_percent_text(page: IndicatorGridPage, qtbot: QtBot, database: Database) -> None:
    _paste_block(page, qtbot, _index(page, RD, "2024"), "3.02%")
    assert _stored(database, _iid(page, RD), "2024") == Decimal("3.02")


def test_one_value_pasted_into_a_whole_selection(
    page: IndicatorGridPage, qtbot: QtBot, database: Database, stack: QUndoStack
) -> None:
    QApplication.clipboard().setText("100\n")
    _select(page, _index(page, SMES, "2024"), _index(page, "省级以上创新平台", "2025"))
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    for name in (SMES, "高新技术企业", "省级以上创新平台"):
        for period in ("2024", "2025"):
            assert _stored(database, _iid(page, name), period) == Decimal("100")
    assert stack.count() == 1


def test_a_paste_with_one_bad_cell_stores_nothing(
    page: IndicatorGridPage, qtbot: QtBot, database: Database, stack: QUndoStack
) -> None:
    messages: list[str] = []
    page.message.connect(messages.append)
    _paste_block(page, qtbot, _index(page, RD, "2024"), "2.9\n待核实\n2000")
    assert messages and "待核实" in messages[-1]
    assert page.model.flashing((_iid(page, HIGH_TECH_SHARE), "2024"))
    assert _stored(database, _iid(page, RD), "2024") is None
    assert stack.count() == 0


def test_typing_after_a_refused_paste_still_moves_down(page: IndicatorGridPage, qtbot: QtBot, database: Database) -> None:
    _paste_block(page, qtbot, _index(page, RD, "2024"), "坏数据")
    index = _index(page, SMES, "2024")
    _type(qtbot, page, index, "2000")
    assert _stored(database, _iid(page, SMES), "2024") == Decimal("2000")
    assert page.view.currentIndex().row() == index.row() + 1


def test_a_paste_over_a_group_row_or_past_the_edge_is_refused(
    page: IndicatorGridPage, qtbot: QtBot, database: Database
) -> None:
    messages: list[str] = []
    page.message.connect(messages.append)
    _paste_block(page, qtbot, _index(page, "每万人高价值发明专利拥有量", "2024"), "1\n2")
    assert "不能录入" in messages[-1]
    _paste_block(page, qtbot, _index(page, RD, "2025"), "1\t2\t3")
    assert "超出" in messages[-1] or "不能录入" in messages[-1]
    assert _stored(database, _iid(page, RD), "2025") is None


def test_undo_is_refused_when_the_value_changed_elsewhere(
    page: IndicatorGridPage, qtbot: QtBot, database: Database, stack: QUndoStack
) -> None:
    messages: list[str] = []
    page.message.connect(messages.append)
    _type(qtbot, page, _index(page, RD, "2022"), "2.9")
    page.entry.set_cells(page.plan_id, [(_iid(page, RD), "2022", Decimal("2.93"))])  # e.g. an import
    stack.undo()
    assert "已被修改" in messages[-1]
    assert _stored(database, _iid(page, RD), "2022") == Decimal("2.93")
    assert stack.count() == 0  # the stale command is dropped


# --- sorting ----------------------------------------------------------------------------------


def test_sorting_flattens_the_groups_and_clearing_restores_plan_order(page: IndicatorGridPage) -> None:
    model = page.model
    header = page.view.horizontalHeader()
    header.setSortIndicator(model.completion_column(), Qt.SortOrder.DescendingOrder)
    assert model.sorted and not model.group_rows()
    names = [model.index(r, COL_NAME).data(RowRole).name for r in range(8)]
    assert names[0] == RD  # 95.3 %
    assert model.index(model.rowCount() - 1, model.completion_column()).data() == ""  # no completion: last
    assert page.view.columnSpan(0, 0) == 1
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    assert not model.sorted and model.index(0, COL_NAME).data() == "主要指标（8 项）"
    assert page.view.columnSpan(0, 0) == model.columnCount()


def test_editing_while_sorted_hits_the_right_indicator(page: IndicatorGridPage, qtbot: QtBot, database: Database) -> None:
    page.model.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    index = _index(page, SMES, "2024")
    _type(qtbot, page, index, "2000")
    assert _stored(database, _iid(page, SMES), "2024") == Decimal("2000")
    assert index.data(KeyRole) == (_iid(page, SMES), "2024")


def test_status_sort_puts_the_worst_first(page: IndicatorGridPage) -> None:
    model = page.model
    model.sort(model.status_column(), Qt.SortOrder.AscendingOrder)
    assert model.index(0, model.status_column()).data() == "▲ 滞后"


def test_switching_to_quarters(page: IndicatorGridPage) -> None:
    page.kind_box.setCurrentIndex(page.kind_box.findData("quarter"))
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert "2022年\n第三季度" in headers and "2022年\n全年" in headers


# --- tab-separated text --------------------------------------------------------------------------


def test_tsv_round_trip_with_quotes_tabs_and_newlines() -> None:
    rows = [["a", 'say "hi"', "two\nlines"], ["", "x\ty", "3.02%"]]
    assert parse_tsv(to_tsv(rows)) == rows
    assert parse_tsv("1\t2\r\n3\t4\r\n") == [["1", "2"], ["3", "4"]]
    assert parse_tsv("1\t\t3\n") == [["1", "", "3"]]
