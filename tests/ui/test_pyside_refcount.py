"""Regression guard: PySide6 6.12.0 on Python 3.11 aborts after ~5,000 item insertions.

Each QTableWidget.setItem / QStandardItemModel.appendRow / QComboBox.addItem dropped a
reference to None; once None's count hit zero the interpreter aborted. We pin PySide6
below 6.12 on 3.11; this test makes 20,000 such calls and would crash on a bad build.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

CALLS = 20_000


def test_many_item_insertions_do_not_drop_none(qtbot: QtBot) -> None:
    gc.collect()
    gc.disable()  # keep unrelated collections from moving None's count during the loop
    try:
        _insert_many(qtbot)
    finally:
        gc.enable()


def _insert_many(qtbot: QtBot) -> None:
    before = sys.getrefcount(None)
    table = QTableWidget(CALLS // 2, 1)
    qtbot.addWidget(table)
    for row in range(CALLS // 2):
        table.setItem(row, 0, QTableWidgetItem(str(row)))
    model = QStandardItemModel()
    for row in range(CALLS // 4):
        model.appendRow(QStandardItem(str(row)))
    combo = QComboBox()
    qtbot.addWidget(combo)
    for row in range(CALLS // 4):
        combo.addItem(str(row))
    assert table.item(CALLS // 2 - 1, 0).text() == str(CALLS // 2 - 1)
    assert model.rowCount() == CALLS // 4
    assert combo.count() == CALLS // 4
    # The bug shows as None losing one reference per call (20,000 here); allow noise.
    assert sys.getrefcount(None) > before - CALLS // 2
