"""The heading structure of a policy text: 第一章 / 第一条 / 一、 / （一） / 1. / （1） / ① / 一是.

A heading is recognised only at the start of a line, and only when its number continues
the numbering around it: (二) must follow (一) of the same style, a new level starts at 1.
That one rule keeps numbers that happen to begin a wrapped line ("3 家。", "2.8%") and
lists inside a sentence from being taken for headings, without knowing the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.domain.drafting.model import Heading, Section
from desktop.domain.drafting.text import Line, fold, is_attachment_list

_CN_NUM = "一二三四五六七八九十"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# style name -> pattern on the folded line (full-width brackets already half-width)
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", re.compile(rf"^第([{_CN_NUM}]{{1,3}})(?:章|部分|篇)")),
    # the articles of 若干措施 / 办法 / 条例: "第三条 鼓励企业加大研发投入。…", numbered through the
    # whole document even where chapters group them
    ("article", re.compile(rf"^第([{_CN_NUM}]{{1,3}})条(?=[\s　:：]|[\u4e00-\u9fa5“])")),
    ("cn", re.compile(rf"^([{_CN_NUM}]{{1,3}})、")),
    ("paren_cn", re.compile(rf"^\(([{_CN_NUM}]{{1,3}})\)")),
    ("arabic", re.compile(r"^(\d{1,2})[.．、](?![\d.．])")),
    ("paren_arabic", re.compile(r"^\((\d{1,2})\)")),
    ("circled", re.compile(rf"^([{_CIRCLED}])")),
    ("shi", re.compile(rf"^([{_CN_NUM}]{{1,2}})是")),
)

STYLE_NAMES = tuple(name for name, _ in _STYLES) + ("row",)


def chinese_numeral(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (1–99)."""
    digits = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
    if not text or any(c not in digits and c != "十" for c in text):
        return None
    if text == "十":
        return 10
    if "十" not in text:
        return digits[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    t = digits.get(tens, 0) if tens else 1
    u = digits.get(units, 0) if units else 0
    if (tens and tens not in digits) or (units and units not in digits):
        return None
    return t * 10 + u


def ordinal_of(style: str, number: str) -> int | None:
    if style == "row":
        return int(number)
    if style in ("chapter", "article", "cn", "paren_cn", "shi"):
        return chinese_numeral(number)
    if style == "circled":
        return _CIRCLED.index(number) + 1
    return int(number)


@dataclass(frozen=True)
class Candidate:
    style: str
    ordinal: int
    number: str
    rest: str  # the line after the number


def heading_candidate(text: str) -> Candidate | None:
    """The numbered-heading reading of a line, if its start looks like one."""
    folded = fold(text)
    for style, pattern in _STYLES:
        m = pattern.match(folded)
        if m is None:
            continue
        number = m.group(1)
        ordinal = ordinal_of(style, number)
        if ordinal is None or ordinal == 0:
            return None
        rest = folded[m.end() :].lstrip(" 　.．、:：")
        if style == "arabic" and (not rest or rest[0] in "%％年月日个家项件人元万亿"):
            return None  # "3 家。", "2024 年" at the start of a wrapped line
        if not rest:
            return None
        return Candidate(style, ordinal, number, rest)
    return None


def find_headings(lines: list[Line]) -> list[Heading]:
    """Accept the heading candidates whose numbering is consistent, in document order."""
    stack: list[tuple[str, int]] = []  # (style, last ordinal) from outermost to innermost
    # the last ordinal of each style at each depth, kept after the level closes: tasks
    # numbered through the whole document (5. after (二) follows 4. under (一))
    memory: dict[tuple[str, int], int] = {}
    out: list[Heading] = []
    for pos, line in enumerate(lines):
        if is_attachment_list(line.text):
            continue
        cand: Candidate | None
        if line.row is not None:
            # a row of a task table (see tables.numbered_rows): its serial number may start
            # anywhere, the rows follow each other
            cand = Candidate("row", int(line.row), line.row, line.text[len(line.row) :])
        else:
            cand = heading_candidate(line.text)
        if cand is None:
            continue
        styles = [s for s, _ in stack]
        irregular = False
        if cand.style == "row" and cand.style not in styles:
            pass
        elif cand.style in styles:
            depth = styles.index(cand.style)
            last = stack[depth][1]
            if cand.ordinal == last + 1:
                pass
            elif cand.ordinal == last + 2 and cand.style != "shi":
                irregular = True  # one heading lost (a page break ate it) — accept, flag
            else:
                continue
            del stack[depth:]
            memory[(cand.style, depth)] = cand.ordinal
        elif cand.ordinal != 1 and cand.ordinal != memory.get((cand.style, len(stack)), -1) + 1:
            continue
        stack.append((cand.style, cand.ordinal))
        memory[(cand.style, len(stack) - 1)] = cand.ordinal
        title = line.text[len(line.text) - len(cand.rest) :]  # as written, not folded
        marker = line.text[: len(line.text) - len(cand.rest)]
        out.append(Heading(cand.style, cand.ordinal, cand.number, title, len(stack), pos, irregular, marker))
    return out


def build_sections(lines: list[Line], headings: list[Heading]) -> list[Section]:
    """Turn headings into a tree; each section's text runs to the next heading."""
    flat: list[tuple[Heading, str]] = []
    for i, h in enumerate(headings):
        end = headings[i + 1].line if i + 1 < len(headings) else len(lines)
        body_lines = [ln.text for ln in lines[h.line : end] if not is_attachment_list(ln.text)]
        text = "".join(body_lines)
        # drop the heading number itself (folding keeps lengths, so the cut is the same)
        cut = len(lines[h.line].text) - len(h.title)
        text = text[cut:] if cut > 0 else text
        flat.append((h, text))

    def build(start: int, level: int, path: tuple[Heading, ...]) -> tuple[list[Section], int]:
        result: list[Section] = []
        i = start
        while i < len(flat) and flat[i][0].level >= level:
            h, text = flat[i]
            if h.level > level:  # deeper without a parent at this level: adopt as siblings
                kids, i = build(i, h.level, path)
                result.extend(kids)
                continue
            kids, nxt = build(i + 1, level + 1, path + (h,))
            result.append(Section(h, text, tuple(kids), path))
            i = nxt
        return result, i

    roots, _ = build(0, 1, ())
    return roots


def walk(sections: list[Section] | tuple[Section, ...]):
    for s in sections:
        yield s
        yield from walk(s.children)


def heading_title(section: Section, typical_line: float) -> str:
    """A heading's title: up to the first 。 if the heading line holds one or wraps, else the line."""
    text = section.text
    first_line = section.heading.title
    stop = text.find("。")
    if 0 <= stop <= len(first_line):
        return text[:stop].strip()
    if len(first_line) >= 0.8 * typical_line and 0 <= stop <= 80:
        return text[:stop].strip()
    return first_line.rstrip("。；;，,:：").strip()
