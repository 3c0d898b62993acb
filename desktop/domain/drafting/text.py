"""Cleaning the text of a policy document as it comes out of a PDF, a .docx or a .txt.

PDF extraction breaks lines in the middle of words (市科\\n技局), leaves page numbers on
lines of their own, puts spaces between Chinese characters and numbers (2024 年) and
between every word of a justified line. The rules here undo that without knowing the
document: a Chinese text never needs a space except between two Latin words or numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain._text import to_halfwidth

_SPACE = re.compile(r"[ \t\u3000\u00a0]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# A line that is only a page number ("4", "- 5 -", "—34—").
_PAGE_NUMBER = re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$")

# The start of the attachments: a line that is only "附件1", "附件 2：" or "附件".
_ATTACHMENT_LINE = re.compile(r"^附\s*件\s*(\d{0,2})\s*[:：]?\s*$")
# "附件：1.xxx" / "附件1：xxx" — the list of attachments at the end of the body.
_ATTACHMENT_LIST = re.compile(r"^附\s*件\s*\d{0,2}\s*[:：]")


def squeeze(text: str) -> str:
    """Remove whitespace except a single space between two Latin letters or digits."""
    parts = _SPACE.split(text.replace("\r", "").replace("\n", " ").strip())
    out = ""
    for part in parts:
        if not part:
            continue
        if out and _ASCII_WORD.match(part[0]) and _ASCII_WORD.match(out[-1]) and not (
            part[0].isdigit() and out[-1].isdigit()
        ):
            out += " "
        out += part
    return out


def fold(text: str) -> str:
    """Squeezed text with full-width ASCII folded (（１）→ (1), ％ → %); for matching only."""
    return squeeze(to_halfwidth(text))


@dataclass(frozen=True)
class Line:
    """A physical line of the document, squeezed; ``index`` counts from 0 in the input."""

    index: int
    text: str
    raw: str
    numeric: bool = False  # only a number: a page number, or a serial number of a table row
    row: str | None = None  # the serial number of a task-table row read from this line ("33")

    @property
    def cell(self) -> bool:
        """A tab-led line: a table cell of a text-form table."""
        return self.raw.startswith("\t")


# A numbered item that runs on in the same line after a full stop, as in text copied from
# a web page or a .docx whose paragraphs were joined: "…机制。2.加强平台建设。…"
_INLINE_ITEM = re.compile(
    r"(?<=[。；;：:）)〕])\s*(?=(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|"
    r"\d{1,2}[.．、](?![\d.．])|[（(]\d{1,2}[）)]|[①-⑳]|第[一二三四五六七八九十]{1,3}章))"
    # a run-on heading without a stop ("…激发动能活力1.持续优化…"): only an Arabic item
    # number between Chinese characters
    r"|(?<=[\u4e00-\u9fa5])\s*(?=\d{1,2}[.．、]\s*[\u4e00-\u9fa5])"
)


def document_lines(text: str) -> list[Line]:
    """Non-empty lines, squeezed; lines that are only a number are marked ``numeric``.

    A line is also broken before a numbered item that follows a full stop in it; whether
    that really is a heading is decided later by the numbering rule.
    """
    lines = []
    for index, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        keep = raw.startswith("\t") or _ATTACHMENT_LIST.match(raw.strip()) is not None
        parts = [raw] if keep else _INLINE_ITEM.split(raw)
        for part in parts:
            squeezed = squeeze(part)
            if not squeezed:
                continue
            lines.append(Line(index, squeezed, part, _PAGE_NUMBER.match(squeezed) is not None))
    return lines


def split_attachments(lines: list[Line]) -> tuple[list[Line], list[tuple[str, list[Line]]]]:
    """Split into the body and the attachments (label, lines), at the first "附件N" line.

    Only a line that is nothing but the label opens an attachment; the list "附件：1.…"
    at the end of the body stays in the body (it is skipped by the structure rules).
    """
    body: list[Line] = []
    attachments: list[tuple[str, list[Line]]] = []
    current: list[Line] | None = None
    for line in lines:
        m = _ATTACHMENT_LINE.match(line.text)
        if m is not None:
            current = []
            attachments.append((f"附件{m.group(1)}", current))
            continue
        if current is None:
            body.append(line)
        else:
            current.append(line)
    return body, attachments


def is_attachment_list(text: str) -> bool:
    return _ATTACHMENT_LIST.match(text) is not None


_SENTENCE_END = "。！？；!?;"


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences of ``text``; the end includes the stop."""
    spans = []
    start = 0
    depth = 0
    opened = 0
    for i, ch in enumerate(text):
        if depth > 0 and i - opened > 200:
            depth = 0  # a bracket that never closes must not swallow the rest
        if ch in "（(〔【":
            if depth == 0:
                opened = i
            depth += 1
        elif ch in "）)〕】" and depth > 0:
            depth -= 1
        elif ch in _SENTENCE_END and depth == 0:
            if text[start : i + 1].strip():
                spans.append((start, i + 1))
            start = i + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` containing position ``pos``."""
    for start, end in sentences(text):
        if start <= pos < end:
            return text[start:end].strip()
    return text.strip()
