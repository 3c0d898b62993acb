"""The coloured message line at the top of the dialogs (tone: info, ok, warn, error)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

TONES = """
QLabel[tone="ok"] { background: #e6f4ea; color: #1b5e20; border: 1px solid #a8d5b5; }
QLabel[tone="bad"] { background: #fdecea; color: #a31515; border: 1px solid #f1b0ab; }
QLabel[tone="warn"] { background: #fff6e5; color: #7a4100; border: 1px solid #f0cf94; }
QLabel[tone="info"] { background: #eef3f9; color: #1f3b5c; border: 1px solid #c9d8ea; }
"""
"""The colours of every banner, for the stylesheets of the windows and dialogs that show one."""


def set_banner(label: QLabel, tone: str, text: str) -> None:
    """Show ``text`` in ``label`` with the stylesheet's colours for ``tone``.

    The tone is a dynamic property the stylesheet selects on; Qt only re-reads it after an
    unpolish/polish.
    """
    label.setProperty("tone", tone)
    label.setText(text)
    label.style().unpolish(label)
    label.style().polish(label)
