"""Plain-text tables for the terminal that line up with Chinese characters.

A CJK character takes two terminal columns; ``str.ljust`` counts it as one, so padding is
computed from the display width instead.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int) -> str:
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], max_widths: Sequence[int] | None = None) -> str:
    """Rows of text under a header, each column padded to its widest cell (optionally capped)."""
    cols = len(headers)
    cells = [list(headers)] + [[str(c) for c in r] for r in rows]
    if max_widths is not None:
        cells = [[clip(c, max_widths[i]) for i, c in enumerate(r)] for r in cells]
    widths = [max(display_width(r[i]) for r in cells) for i in range(cols)]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - display_width(c)) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
