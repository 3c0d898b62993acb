"""Benchmark: the value-entry grid over a synthetic plan of 100,000 indicators (100 groups,
2015–2025, three values each), offscreen, each figure beside an anchor measured in the same
run (a plain QTableView over a trivial model of the same size; one plain SQL write).

Goals: first paint < 100 ms, scroll to the end < 100 ms, sort by a column < 0.5 s, paste of
a 1,000 × 10 block including the database write < 1 s.

    python tests/bench/bench_grid.py
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView  # noqa: E402

from desktop.services.database import open_database  # noqa: E402
from desktop.services.evaluation import check_plan  # noqa: E402
from desktop.services.value_entry import ValueEntry  # noqa: E402
from desktop.ui.application import create_application  # noqa: E402
from desktop.ui.grid_model import paused_gc  # noqa: E402
from desktop.ui.indicator_grid import IndicatorGridPage  # noqa: E402

GROUPS = 100
PER_GROUP = 1_000
YEARS = range(2015, 2026)
PASTE_ROWS, PASTE_COLS = 1_000, 10
ROUNDS = 5


def build(path: Path) -> int:
    """Write the synthetic plan with plain SQL (fast) into a migrated database."""
    open_database(path).close()
    rng = random.Random(11)
    conn = sqlite3.connect(path)
    with conn:
        plan_id = conn.execute(
            "insert into plan (name, review_months, indicator_notes, created_at, base_year, target_year)"
            " values ('合成方案（十万指标）', '[]', '[]', '2024-01-01', 2015, 2025)"
        ).lastrowid
        for g in range(GROUPS):
            gid = conn.execute(
                "insert into indicator_group (plan_id, position, name) values (?, ?, ?)", (plan_id, g, f"一级指标{g}")
            ).lastrowid
            indicators = [
                (plan_id, gid, n, str(g * PER_GROUP + n + 1), f"指标{g}-{n}", "%", "higher", 0, "100", 2015, "proportional")
                for n in range(PER_GROUP)
            ]
            conn.executemany(
                "insert into indicator (plan_id, group_id, position, number, name, unit_of_measure, direction,"
                " key, baseline_value, baseline_year, scoring) values (?,?,?,?,?,?,?,?,?,?,?)",
                indicators,
            )
        ids = [r[0] for r in conn.execute("select id from indicator where plan_id = ?", (plan_id,))]
        conn.executemany("insert into target (indicator_id, year, value, kind) values (?, 2025, '150', 'level')", [(i,) for i in ids])
        values = []
        for iid in ids:
            for year in (2016, 2018, 2020):
                values.append((iid, str(year), f"{100 + rng.uniform(0, 40):.2f}", year, "import", "2024-01-01"))
        conn.executemany(
            "insert into value (indicator_id, period, value, data_year, origin, updated_at) values (?,?,?,?,?,?)", values
        )
    conn.close()
    return int(plan_id)


class TrivialModel(QAbstractTableModel):
    """The anchor: strings computed from the coordinates, sorted by a plain list sort."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self._rows = list(range(rows))
        self._columns = columns

    def rowCount(self, parent: Any = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._columns

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._rows[index.row()]},{index.column()}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=lambda r: (r * 7919) % 100_003, reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def settle(app: QApplication, widget: Any) -> None:
    app.processEvents()
    widget.grab()  # forces a full paint offscreen


def anchor_view(app: QApplication, rows: int, columns: int) -> tuple[float, float, float]:
    model = TrivialModel(rows, columns)
    view = QTableView()
    view.resize(1280, 720)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(28)
    view.setModel(model)

    def first() -> None:
        view.show()
        settle(app, view)

    paint = timed(first)
    scroll = timed(lambda: (view.scrollToBottom(), settle(app, view)))
    sort = timed(lambda: (model.sort(1, Qt.SortOrder.DescendingOrder), settle(app, view)))
    view.close()
    return paint, scroll, sort


def anchor_write(path: Path) -> float:
    """One plain SQL transaction inserting the same number of rows as the paste writes."""
    conn = sqlite3.connect(path)
    rows = [(1, f"2099-{n % 12 + 1:02d}", str(n), "typed", "2024-01-01") for n in range(PASTE_ROWS * PASTE_COLS)]
    start = time.perf_counter()
    with conn:
        conn.executemany("insert into value (indicator_id, period, value, origin, updated_at) values (?,?,?,?,?)", rows)
    elapsed = time.perf_counter() - start
    with conn:
        conn.execute("delete from value where period like '2099-%'")
    conn.close()
    return elapsed


def spread(samples: list[float]) -> str:
    ms = sorted(x * 1000 for x in samples)
    return f"{statistics.median(ms):7.1f} ms ({ms[0]:.0f}–{ms[-1]:.0f})"


def main() -> None:
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        t = time.perf_counter()
        plan_id = build(path)
        print(f"built {GROUPS * PER_GROUP:,} indicators, {GROUPS * PER_GROUP * 3:,} values in {time.perf_counter() - t:.1f} s")
        db = open_database(path)
        entry = ValueEntry(db)
        checking = timed(lambda: check_plan(db, plan_id))
        load_plain = timed(lambda: entry.grid(plan_id))
        with paused_gc():  # as IndicatorGridPage.load does
            start = time.perf_counter()
            grid = entry.grid(plan_id)
            load = time.perf_counter() - start
        paints, scrolls, sorts, pastes, undos = [], [], [], [], []
        rows = columns = 0
        for _round in range(ROUNDS):
            page = IndicatorGridPage(entry, QUndoStack())
            page.resize(1280, 720)
            model, view = page.model, page.view

            def first_paint() -> None:
                page.show_grid(grid)  # noqa: B023 - called within the round
                page.show()  # noqa: B023
                settle(app, page)  # noqa: B023

            paints.append(timed(first_paint))
            rows, columns = model.rowCount(), model.columnCount()
            assert rows == GROUPS * (PER_GROUP + 1)
            scrolls.append(timed(lambda: (view.scrollToBottom(), settle(app, page))))  # noqa: B023
            col = model.period_column("2018")
            assert col is not None
            header = view.horizontalHeader()
            sorts.append(timed(lambda: (header.setSortIndicator(col, Qt.SortOrder.DescendingOrder), settle(app, page))))  # noqa: B023
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # back to plan order
            settle(app, page)

            first_col = model.period_column("2015")
            assert first_col is not None
            top = 1 + 5 * (PER_GROUP + 1)  # inside a group: 1,000 rows without a group row
            block = "\n".join("\t".join(f"{r % 97}.{c}{_round}" for c in range(PASTE_COLS)) for r in range(PASTE_ROWS))
            view.setCurrentIndex(model.index(top, first_col))
            pastes.append(timed(lambda: (view.paste(block), settle(app, page))))  # noqa: B023
            assert page.undo_stack.count() == 1, "the paste was refused"
            undos.append(timed(lambda: (page.undo_stack.undo(), settle(app, page))))  # noqa: B023
            page.close()
            page.deleteLater()
            app.processEvents()
        db.close()
        anchors = [anchor_view(app, rows, columns) for _ in range(ROUNDS)]
        writes = [anchor_write(path) for _ in range(ROUNDS)]

    print(f"rows {rows:,} × columns {columns}; offscreen, 1280×720; median (min–max) of {ROUNDS} rounds")
    print(
        f"load the grid (ValueEntry.grid, as the page loads it): {load:.1f} s; with the cyclic GC running: {load_plain:.1f} s,"
        f" of which check_plan {checking:.1f} s (no goal; once per plan)"
    )
    print(f"first paint:    {spread(paints)}   anchor (QTableView, trivial model): {spread([a[0] for a in anchors])}   goal < 100 ms")
    print(f"scroll to end:  {spread(scrolls)}   anchor: {spread([a[1] for a in anchors])}   goal < 100 ms")
    print(f"sort by 2018年: {spread(sorts)}   anchor (list sort + layoutChanged): {spread([a[2] for a in anchors])}   goal < 500 ms")
    print(f"paste 1,000×10 incl. database write: {spread(pastes)}   anchor (one SQL insert of 10,000 rows): {spread(writes)}   goal < 1000 ms")
    print(f"undo of that paste: {spread(undos)}")


if __name__ == "__main__":
    main()
