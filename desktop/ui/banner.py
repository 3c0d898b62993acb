"""The coloured message line at the top of the dialogs (tone: info, ok, warn, error)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def set_banner(label: QLabel, tone: str, text: str) -> None:
    """Show ``text`` in ``label`` with the stylesheet's colours for ``tone``.

    The tone is a dynamic property the stylesheet selects on; Qt only re-reads it after an
    unpolish/polish.
    """
    label.setProperty("tone", tone)
    label.setText(text)
    label.style().unpolish(label)
    label.style().polish(label)
