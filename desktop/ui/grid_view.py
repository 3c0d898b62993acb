"""The value-entry table view: keys and clipboard that work like a spreadsheet.

- typing on a cell overwrites it (editing starts on the key press); F2 or a double click
  edits the text in place;
- Enter moves down (Shift+Enter up), Tab right (Shift+Tab left), also after an edit;
  group rows are stepped over;
- Delete / Backspace clears the selected cells (one undoable step);
- Ctrl+C copies the selection as tab-separated text, which Excel and WPS paste as cells;
- Ctrl+V pastes a rectangular block at the top-left selected cell, or one value into every
  selected cell. All of a paste is checked first; one bad cell refuses the whole paste
  (reason in ``message``, bad cells flash red), so nothing half-pasted is ever stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.errors import UserError
from desktop.ui.grid_model import IndicatorGridModel, KeyRole, paused_gc

ROW_HEIGHT = 28
STYLE = (
    "QTableView { gridline-color: #dfe3e8; background: #ffffff;"
    " selection-background-color: #cfe2f7; selection-color: #10243a; border: 1px solid #cfd5dc; }"
    "QTableView QLineEdit { padding: 0 4px; border: 2px solid #1f5fa8; }"
    "QHeaderView::section { background: #f0f3f7; color: #1f2d3d; padding: 4px 6px;"
    " border: none; border-right: 1px solid #dfe3e8; border-bottom: 1px solid #cfd5dc; }"
)
Edit = tuple[int, str, Decimal | None]
FLASH_FILL = QColor(214, 48, 39, 90)
FLASH_EDGE = QColor("#c62828")
MAX_REPORTED = 3  # bad cells named in a refused paste's message


def to_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Cells as Excel puts them on the clipboard: tabs between, newlines after, quotes when needed."""

    def quote(text: str) -> str:
        if any(c in text for c in '\t\n\r"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "\n".join("\t".join(quote(c) for c in row) for row in rows)


def parse_tsv(text: str) -> list[list[str]]:
    """Tab-separated text from Excel/WPS/Notepad into rows of cells.

    Quoted cells may hold tabs, newlines and doubled quotes; the final line break Excel
    adds is not an extra row.
    """
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_start = True
    while i < n:
        c = text[i]
        if at_start and c == '"':
            # A quoted cell: up to the closing quote that is not doubled.
            j = i + 1
            buf: list[str] = []
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        buf.append('"')
                        j += 2
                        continue
                    break
                buf.append(text[j])
                j += 1
            if j < n and (j + 1 == n or text[j + 1] in "\t\r\n"):
                cell.extend(buf)
                i = j + 1
                at_start = False
                continue
            # Not a well-formed quoted cell: take the quote literally.
        if c == "\t":
            row.append("".join(cell))
            cell, at_start = [], True
        elif c in "\r\n":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_start = [], [], True
        else:
            cell.append(c)
            at_start = False
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows


class FlashDelegate(QStyledItemDelegate):
    """Paints a refused cell red on top of everything, the selection colour included (the
    refused cell is usually the current, selected one)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        model = index.model()
        key = index.data(KeyRole)
        if key is not None and isinstance(model, IndicatorGridModel) and model.flashing(key):
            painter.save()
            rect = option.rect.adjusted(1, 1, -1, -1)  # type: ignore[attr-defined]
            painter.fillRect(rect, FLASH_FILL)
            painter.setPen(QPen(FLASH_EDGE, 2))
            painter.drawRect(rect)
            painter.restore()


class GridView(QTableView):
    """Signals:
    message(str): why a paste or clear was refused (Chinese).
    """

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorGrid")
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSortIndicatorClearable(True)  # third click: back to plan order with groups
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # plan order until a header is clicked
        self.setSortingEnabled(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        # Uniform rows: a fixed height, never measured from contents (100,000 rows stay smooth).
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setMinimumSectionSize(ROW_HEIGHT)
        self.setStyleSheet(STYLE)
        self.setItemDelegate(FlashDelegate(self))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen = self._make_frozen()
        self._forwarding = False

    def grid_model(self) -> IndicatorGridModel:
        model = self.model()
        assert isinstance(model, IndicatorGridModel)
        return model

    # --- the frozen 指标 column -------------------------------------------------------------
    # Qt's "frozen column" pattern: a second view over the same model and selection model,
    # showing only column 0, laid over the left edge, scrolled vertically with this one. With
    # quarterly or monthly columns the clerk would otherwise lose the indicator names.

    def _make_frozen(self) -> QTableView:
        frozen = QTableView(self)
        frozen.setObjectName("indicatorGridFrozen")
        frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        frozen.setStyleSheet(STYLE + "QTableView { border: none; border-right: 2px solid #b9c2cc; }")
        frozen.verticalHeader().setVisible(False)
        frozen.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        frozen.verticalHeader().setMinimumSectionSize(ROW_HEIGHT)
        frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        frozen.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        frozen.horizontalHeader().setSortIndicatorShown(True)
        frozen.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        frozen.horizontalHeader().setSectionsClickable(True)
        frozen.horizontalHeader().sectionClicked.connect(self._frozen_header_clicked)
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        frozen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        frozen.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        frozen.setWordWrap(False)
        frozen.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.viewport().stackUnder(frozen)
        frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        self.horizontalHeader().sectionResized.connect(self._section_resized)
        self.horizontalHeader().sortIndicatorChanged.connect(self._sync_sort_indicator)
        return frozen

    def _sync_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        self.frozen.horizontalHeader().setSortIndicator(section, order)

    def _frozen_header_clicked(self, section: int) -> None:
        header = self.horizontalHeader()
        if header.sortIndicatorSection() != section:
            header.setSortIndicator(section, Qt.SortOrder.AscendingOrder)
        elif header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder:
            header.setSortIndicator(section, Qt.SortOrder.DescendingOrder)
        else:
            header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _section_resized(self, section: int, _old: int, new: int) -> None:
        if section == 0:
            self.frozen.setColumnWidth(0, new)
            self._place_frozen()

    def _hide_unfrozen(self) -> None:
        for col in range(self.grid_model().columnCount()):
            self.frozen.setColumnHidden(col, col != 0)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        self._place_frozen()

    def _place_frozen(self) -> None:
        # Same header height as this view (two-line quarter/month headers), so rows line up.
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        frame = self.frameWidth()
        self.frozen.setGeometry(
            self.verticalHeader().width() + frame, frame, self.columnWidth(0),
            self.viewport().height() + self.horizontalHeader().height(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._place_frozen()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        current = super().moveCursor(action, modifiers)
        if current.isValid() and current.column() > 0:
            self._reveal(current)
        return current

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        if index.column() > 0:
            super().scrollTo(index, hint)
            self._reveal(index)
        elif index.isValid() and self.model().columnCount() > 1:
            # Column 0 is always in view: scroll vertically only.
            column = max(1, self.columnAt(self.frozen.width() + 1))
            super().scrollTo(self.model().index(index.row(), column), hint)

    def _reveal(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Keep a cell from hiding under the frozen column."""
        left = self.visualRect(index).left()
        covered = self.frozen.width()
        if left < covered:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + left - covered)

    # --- groups span the table ------------------------------------------------------------

    def setModel(self, model: IndicatorGridModel) -> None:  # type: ignore[override]
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        model.modelReset.connect(self.apply_spans)
        model.layoutChanged.connect(self.apply_spans)
        self.apply_spans()

    def apply_spans(self) -> None:
        self.clearSpans()
        self.frozen.clearSpans()
        model = self.grid_model()
        columns = model.columnCount()
        if columns > 1:
            for row in model.group_rows():
                self.setSpan(row, 0, 1, columns)
                self.frozen.setSpan(row, 0, 1, columns)
        self._hide_unfrozen()

    # --- keys -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if editing and not self._forwarding:
            # Keys sent to the view while an editor is open belong to the editor (in normal
            # use the editor has focus; keys it ignores come back here and are not re-sent).
            editor = self.indexWidget(self.currentIndex())
            if editor is not None:
                self._forwarding = True
                try:
                    QApplication.sendEvent(editor, event)
                finally:
                    self._forwarding = False
                return
        if not editing and event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if not editing and event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if not editing and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.clear_selection()
            return
        if not editing and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.move_current(-1 if shift else 1, 0)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        refused = self.grid_model().take_refusal() is not None
        moves = {
            QAbstractItemDelegate.EndEditHint.SubmitModelCache: (1, 0),
            QAbstractItemDelegate.EndEditHint.EditNextItem: (0, 1),
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: (0, -1),
        }
        move = moves.get(hint)
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint if move else hint)
        if move is not None and not refused:
            self.move_current(*move)

    def move_current(self, rows: int, columns: int) -> None:
        """Step like a spreadsheet cursor; vertical moves skip group rows."""
        model = self.grid_model()
        current = self.currentIndex()
        if not current.isValid():
            return
        row, col = current.row(), current.column() + columns
        col = max(0, min(model.columnCount() - 1, col))
        if rows:
            row += rows
            while 0 <= row < model.rowCount() and model.row_at(row).is_group:
                row += 1 if rows > 0 else -1
            if not 0 <= row < model.rowCount():
                return
        target = model.index(row, col)
        self.selectionModel().setCurrentIndex(target, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(target)

    # --- clipboard and clearing ----------------------------------------------------------------

    def selection_rect(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) around the selected cells, or around the current cell."""
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            current = self.currentIndex()
            if not current.isValid():
                return None
            indexes = [current]
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> str:
        """Put the selection on the clipboard as tab-separated text; returns the text."""
        rect = self.selection_rect()
        if rect is None:
            return ""
        top, left, bottom, right = rect
        model = self.grid_model()
        selection = self.selectionModel()
        selected = {(i.row(), i.column()) for i in selection.selectedIndexes()} or {(top, left)}
        lines = []
        for r in range(top, bottom + 1):
            line = []
            for c in range(left, right + 1):
                text = model.index(r, c).data(Qt.ItemDataRole.EditRole) if (r, c) in selected else None
                line.append(text if isinstance(text, str) else "")
            lines.append(line)
        text = to_tsv(lines)
        QGuiApplication.clipboard().setText(text)
        return text

    def clear_selection(self) -> bool:
        """Empty every selected editable cell that holds a value (one undoable step)."""
        model = self.grid_model()
        keys = []
        for index in self.selectionModel().selectedIndexes() or [self.currentIndex()]:
            key = model.cell_key(index)
            if key is not None and model.cell(key) is not None and model.cell(key).value is not None:  # type: ignore[union-attr]
                keys.append(key)
        if not keys:
            return False
        description = self.tr("清除 %d 个单元格") % len(keys) if len(keys) > 1 else self.tr("清除 1 个单元格")
        return self._submit([(k[0], k[1], None) for k in keys], description)

    def paste(self, text: str | None = None) -> bool:
        """Paste ``text`` (default: the clipboard) at the selection; False when refused."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        block = parse_tsv(text)
        if not block:
            return False
        rect = self.selection_rect()
        if rect is None:
            self.message.emit(self.tr("请先选中要粘贴到的单元格。"))
            return False
        model = self.grid_model()
        top, left, _bottom, _right = rect
        width = max(len(r) for r in block)
        targets: list[tuple[QModelIndex, str]] = []
        single = len(block) == 1 and width == 1
        selected = self.selectionModel().selectedIndexes()
        if single and len(selected) > 1:
            targets = [(i, block[0][0]) for i in selected if model.cell_key(i) is not None]
            if not targets:
                self.message.emit(self.tr("选中的单元格都不能录入数值（只有年份/期间列可以录入）。"))
                return False
        else:
            if top + len(block) > model.rowCount() or left + width > model.columnCount():
                self.message.emit(
                    self.tr("粘贴区域（%d 行 × %d 列）超出了表格范围，未粘贴。") % (len(block), width)
                )
                return False
            for r, line in enumerate(block):
                for c in range(width):
                    index = model.index(top + r, left + c)
                    if model.cell_key(index) is None:
                        what = model.row_at(index.row()).name
                        column = str(model.headerData(index.column(), Qt.Orientation.Horizontal) or "").replace("\n", "")
                        self.message.emit(
                            self.tr("粘贴区域包含不能录入的单元格（“%s”行的“%s”列），未粘贴。请从期间列开始粘贴，且不要跨过分组标题行。")
                            % (what, column)
                        )
                        return False
                    targets.append((index, line[c] if c < len(line) else ""))
        edits: list[Edit] = []
        bad: list[tuple[QModelIndex, str]] = []
        with paused_gc():
            for index, cell_text in targets:
                key = model.cell_key(index)
                assert key is not None
                try:
                    edits.append((key[0], key[1], model.parse(index, cell_text)))
                except UserError as exc:
                    bad.append((index, exc.message))
        if bad:
            shown = "；".join(m for _i, m in bad[:MAX_REPORTED])
            more = self.tr("（共 %d 处）") % len(bad) if len(bad) > MAX_REPORTED else ""
            model.refuse(self.tr("未粘贴：%s%s") % (shown, more), [model.cell_key(i) for i, _m in bad])  # type: ignore[misc]
            return False
        changed = [e for e in edits if not _unchanged(model, e)]
        if not changed:
            return True
        done = self._submit(changed, self.tr("粘贴 %d 个单元格") % len(changed))
        if done and not single:
            selection = QItemSelection(model.index(top, left), model.index(top + len(block) - 1, left + width - 1))
            self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        return done

    def _submit(self, edits: list[Edit], description: str) -> bool:
        submit = self.grid_model().submit_edits
        return submit(edits, description) if submit is not None else False


def _unchanged(model: IndicatorGridModel, edit: Edit) -> bool:
    info = model.cell((edit[0], edit[1]))
    old = info.value if info is not None else None
    if old is None or edit[2] is None:
        return old is None and edit[2] is None
    return format(old, "f") == format(edit[2], "f")
