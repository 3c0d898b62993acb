"""Text clean-up shared by the domain parsers.

Clerks type with Chinese input methods and departments send workbooks written in WPS,
so the same value arrives as ``３.０２％``, ``3.02%`` or ``3 .02 %``. Every parser first
folds such variants to one plain form; keeping that folding in one place means the
period, value, deadline and unit-name parsers agree on what "the same text" is.
"""

from __future__ import annotations

import re

_FULLWIDTH_START = 0xFF01  # '！'
_FULLWIDTH_END = 0xFF5E  # '～'
_FULLWIDTH_OFFSET = 0xFEE0

_EXTRA_FOLDS = {
    "\u3000": " ",  # ideographic space
    "\u2212": "-",  # minus sign
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
}

_WHITESPACE = re.compile(r"\s+")

# Chinese digits as they appear in quarter and month names (第三季度, 十二月).
CHINESE_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


_FOLD_TABLE: dict[int, int | str] = {code: code - _FULLWIDTH_OFFSET for code in range(_FULLWIDTH_START, _FULLWIDTH_END + 1)}
_FOLD_TABLE.update({ord(char): folded for char, folded in _EXTRA_FOLDS.items()})


def to_halfwidth(text: str) -> str:
    """Fold full-width ASCII (``１``, ``％``, ``（``, ``Ａ``) and odd minus signs to ASCII.

    Only the full-width ASCII block and a few dash look-alikes are touched: NFKC would
    also rewrite characters such as ``①`` or ``㈠`` that carry meaning in the documents.
    Chinese punctuation outside that block (``、``, ``。``, ``〔``) is left alone.
    """
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


def remove_whitespace(text: str) -> str:
    """Drop every kind of whitespace: PDF extraction and typing put spaces inside names and numbers."""
    return _WHITESPACE.sub("", text)


def squash(text: str) -> str:
    """Half-width, whitespace-free form of ``text``, the common first step of every parser."""
    return remove_whitespace(to_halfwidth(text))


def chinese_small_number(text: str) -> int | None:
    """Read a Chinese number from 1 to 99 as used for months and quarters (三, 十二, 二十).

    Returns None for anything else, so callers can fall back to their own error.
    """
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 1:
        if text == "十":
            return 10
        return CHINESE_DIGITS.get(text) or None
    if len(text) == 2 and text[0] == "十":
        units = CHINESE_DIGITS.get(text[1])
        return 10 + units if units else None
    if len(text) == 2 and text[1] == "十":
        tens = CHINESE_DIGITS.get(text[0])
        return tens * 10 if tens else None
    if len(text) == 3 and text[1] == "十":
        tens = CHINESE_DIGITS.get(text[0])
        units = CHINESE_DIGITS.get(text[2])
        return tens * 10 + units if tens and units else None
    return None


OPENING_BRACKETS = "（(〔【["
CLOSING_BRACKETS = "）)〕】]"


def bracket_partner(text: str, pos: int, *, limit: int | None = None) -> int | None:
    """Index of the bracket matching the one at ``pos`` (searching forward from an opening
    bracket, backward from a closing one; nested pairs of any kind count), or None.

    Chinese documents mix full- and half-width brackets and nest them (各县（市、区）政府 inside
    （责任单位：…）), so a partner is found by depth, not by the next closing character.
    ``limit`` bounds how many characters are looked at.
    """
    if text[pos] in OPENING_BRACKETS:
        step, deeper, shallower, stop = 1, OPENING_BRACKETS, CLOSING_BRACKETS, len(text)
    elif text[pos] in CLOSING_BRACKETS:
        step, deeper, shallower, stop = -1, CLOSING_BRACKETS, OPENING_BRACKETS, -1
    else:
        return None
    if limit is not None:
        stop = min(stop, pos + limit) if step > 0 else max(stop, pos - limit)
    depth = 0
    for i in range(pos, stop, step):
        char = text[i]
        if char in deeper:
            depth += 1
        elif char in shallower:
            depth -= 1
            if depth == 0:
                return i
    return None
