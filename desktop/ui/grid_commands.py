"""Undoable writes of the value-entry grid.

Every edit, paste or clear is written at once (the clerk's figures are persisted the
moment they are accepted) and then pushed as one :class:`SetCellsCommand` on the shared
QUndoStack, so Ctrl+Z / Ctrl+Y in the main window undo and redo it. Undo writes back the
values the write replaced (with their origin, batch and note: exact), redo writes the
edits again; each refreshes only the touched cells and their rows' status.

An undo or redo is refused, and the command dropped from the stack, when a touched cell
was changed since by something else (an import, another window): overwriting that later
work silently would lose data.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.errors import UserError
from desktop.services.value_entry import REASON_REDO, REASON_TYPED, REASON_UNDO, CellEdit, CellKey, ValueEntry
from desktop.ui.grid_model import IndicatorGridModel, paused_gc

Edit = tuple[int, str, Decimal | None]


class GridEditor(QObject):
    """Writes the grid's edits through ValueEntry and keeps the model in step.

    Signals:
        message(str): a refusal (Chinese) for the status bar.
        replayed(int, list): plan id and the cell keys an undo or redo just wrote.
    """

    message = Signal(str)
    replayed = Signal(int, list)

    def __init__(self, entry: ValueEntry, undo_stack: QUndoStack, model: IndicatorGridModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.undo_stack = undo_stack
        self.model = model

    def submit(self, edits: Sequence[Edit], description: str) -> bool:
        """Write ``edits`` now and push them as one undoable command; False when refused."""
        plan_id = self.model.plan_id
        if plan_id is None or not edits:
            return False
        unique = list({(e[0], e[1]): (e[0], e[1], e[2]) for e in edits}.values())
        try:
            previous = self.write(plan_id, unique, REASON_TYPED)
        except UserError as exc:
            self.message.emit(exc.message)
            return False
        self.undo_stack.push(SetCellsCommand(self, plan_id, unique, previous, description))
        return True

    def write(
        self, plan_id: int, edits: Sequence[Edit], reason: str, expect: Sequence[Edit] | None = None
    ) -> list[CellEdit]:
        """Write through ValueEntry and refresh the touched cells if the model shows the plan."""
        with paused_gc():
            previous = self.entry.set_cells(plan_id, edits, reason, expect=expect)
            keys: list[CellKey] = [(e[0], e[1]) for e in previous]
            grid = self.model.grid
            if grid is not None and grid.plan_id == plan_id:
                self.model.apply_update(self.entry.refresh(grid, keys))
        if reason in (REASON_UNDO, REASON_REDO):
            self.replayed.emit(plan_id, keys)
        return previous


class SetCellsCommand(QUndoCommand):
    """One edit or paste: already written when pushed; undo/redo write again."""

    def __init__(
        self, editor: GridEditor, plan_id: int, edits: Sequence[Edit], previous: Sequence[CellEdit], text: str
    ) -> None:
        super().__init__(text)
        self._editor = editor
        self._plan_id = plan_id
        self._edits = list(edits)
        self._previous = list(previous)
        self._pushed = True  # QUndoStack.push calls redo(): the write has happened already

    @property
    def edits(self) -> list[Edit]:
        return list(self._edits)

    def redo(self) -> None:
        if self._pushed:
            self._pushed = False
            return
        try:
            self._previous = self._editor.write(self._plan_id, self._edits, REASON_REDO, expect=self._previous)
        except UserError as exc:
            self._editor.message.emit(exc.message)
            self.setObsolete(True)

    def undo(self) -> None:
        try:
            self._editor.write(self._plan_id, self._previous, REASON_UNDO, expect=self._edits)
        except UserError as exc:
            self._editor.message.emit(exc.message)
            self.setObsolete(True)
