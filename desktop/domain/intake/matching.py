"""Matching the indicator and task names departments write to the ones the plan knows.

A returned file names an indicator the way its clerk typed it: ``R&D经费支出占GDP比重``,
``Ｒ＆Ｄ经费支出占ＧＤＰ比重（%）``, ``1.高新技术企业数``. Storing a value under the wrong
indicator is far worse than asking the clerk, so matching is deliberately strict:

* ``normalise_name`` removes what does not change the meaning (width, spaces, numbering,
  punctuation, a unit in brackets, a trailing 数/数量/总数);
* ``similarity`` compares what is left, but charges more for the differences that do
  change the meaning: a different character (省级 ↔ 市级), extra words at the end (the head
  of a Chinese noun phrase: 高新技术企业 ↔ 高新技术企业营业收入) or a per-capita / scope
  qualifier (人均, 每万人, 新增, 国家级 …); a harmless qualifier in front (全社会, 有效期内)
  costs little;
* ``match_indicator`` accepts the best candidate only above a threshold and only when no
  other candidate comes within ``AMBIGUITY_MARGIN`` of it, and always returns the best
  guess so the clerk can be shown what was meant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TypeVar

from desktop.domain._text import to_halfwidth
from desktop.domain.intake.extraction import CatalogIndicator, CatalogTask, PlanCatalog

DEFAULT_THRESHOLD = 0.8
"""Score from which a name counts as understood (1.0 is the same name after normalising)."""

AMBIGUITY_MARGIN = 0.03
"""Two candidates closer than this are a tie: the name is reported, never guessed."""

_WHITESPACE = re.compile(r"\s+")

# Leading numbering: 1. 1、 (1) （一） 一、 1.1 ①. A plain number directly before a word
# (5G, 2023年, 10万人) is part of the name and stays.
_NUMBERING = re.compile(
    r"""^(?:
        \(\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*\)      # (1) (一)
      | \d{1,3}(?:\.\d{1,3})+(?![\d年月万亿千百%])[、.]?       # 1.1 / 2.3.
      | \d{1,3}[、.)](?!\d)                                     # 1. 1、 1)
      | [一二三四五六七八九十]{1,3}[、.]                         # 一、
      | [\u2460-\u2473\u2776-\u277f]                             # ① … ⑳, ❶ …
    )""",
    re.VERBOSE,
)

_BRACKETED = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")

_UNIT_CHARS = frozenset("%‰元万亿千百十家个项件人名次处场篇台套户所座条年吨标准煤米平方公里亩克瓦时度点分倍位只株批部支例种款/")
"""Characters a unit in brackets is made of: （%）（家）（亿元）（万元/人）（件/万人）。"""

_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("研究与试验发展", "rd"),
    ("研发", "rd"),
    ("规模以上", "规上"),
)
"""Spellings of the same word that documents mix freely (after case folding)."""

_TRAILING_EXTRAS: tuple[str, ...] = ("及增幅", "及增速", "及增长率", "及增长")
"""``…比重及增幅``: the plan tracks the level; the growth is derived from it."""

_COUNT_SUFFIXES: tuple[str, ...] = ("总数量", "总数", "数量", "总量", "个数", "家数", "数")
"""Endings that only say "a count of": 高新技术企业数 is 高新技术企业（家）."""

_MEANING_MARKERS: tuple[str, ...] = (
    "人均",
    "每",
    "万人",
    "万名",
    "新增",
    "增",
    "其中",
    "级",
    "国家",
    "省",
    "非",
    "不",
    "未",
)
"""Words that make extra text a different quantity (per capita, flow, sub-count, scope)."""

_T = TypeVar("_T")

_HEAD_COST = 0.5  # extra qualifier in front: 全社会, 有效期内, 年登记
_MIDDLE_COST = 1.0  # extra characters inside: 规上 ↔ 规模以上
_REPLACE_COST = 2.0  # a different character: 省级 ↔ 市级
_HEAD_WORD_COST = 3.0  # a different head word at the end (营业收入, 增长) or a meaning marker


@lru_cache(maxsize=8192)
def normalise_name(text: str) -> str:
    """The key under which two names are compared; never shown to the user.

    Folds full-width characters to half-width and case, removes whitespace, leading
    numbering (``1.``, ``（一）``, ``①``), brackets holding a unit (``（%）``, ``（亿元）``,
    ``（件/万人）``; other bracket text stays, without the brackets), punctuation and
    symbols (``R&D`` → ``rd``, quotes), a trailing ``及增幅``, and one trailing count word
    (数/数量/总数/总量/个数/家数). ``研发``/``研究与试验发展``/``R&D`` and
    ``规模以上``/``规上`` are read as one word each.
    """
    folded = _WHITESPACE.sub("", to_halfwidth(text))
    numbering = _NUMBERING.match(folded)
    if numbering is not None and numbering.end() < len(folded):
        folded = folded[numbering.end() :]
    folded = _BRACKETED.sub(_drop_unit_bracket, folded)
    kept = "".join(char for char in folded.casefold() if unicodedata.category(char)[0] in "LN")
    for spelling, canonical in _SYNONYMS:
        kept = kept.replace(spelling, canonical)
    for extra in _TRAILING_EXTRAS:
        if kept.endswith(extra) and len(kept) > len(extra) + 1:
            kept = kept[: -len(extra)]
            break
    for suffix in _COUNT_SUFFIXES:
        if kept.endswith(suffix) and len(kept) - len(suffix) >= 2:
            kept = kept[: -len(suffix)]
            break
    return kept


def _drop_unit_bracket(match: re.Match[str]) -> str:
    content = match.group(1)
    if content and len(content) <= 8 and all(char in _UNIT_CHARS for char in content):
        return ""
    return content


def similarity(a: str, b: str) -> float:
    """How alike two names are, from 0 (nothing shared) to 1 (same after normalising).

    Based on difflib's matching blocks: ``2·matched / (2·matched + cost)``, where each
    unmatched character costs 0.5 in a harmless leading qualifier, 1 inside the name, 2
    in a substitution, and 3 when it is extra text at the end (a different head noun) or
    contains a meaning marker (人均, 每, 新增, 级, 省, 国家 …). Symmetric.
    """
    x, y = normalise_name(a), normalise_name(b)
    if x > y:
        x, y = y, x
    return _score(x, y)


@lru_cache(maxsize=65536)
def _score(x: str, y: str) -> float:
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    matched = 0
    cost = 0.0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if tag == "equal":
            matched += i2 - i1
            continue
        chunk = x[i1:i2] + y[j1:j2]
        size = len(chunk)
        if any(marker in chunk for marker in _MEANING_MARKERS) or (i2 == len(x) and j2 == len(y)):
            cost += _HEAD_WORD_COST * size
        elif tag == "replace":
            cost += _REPLACE_COST * size
        elif i1 == 0 and j1 == 0:
            cost += _HEAD_COST * size
        else:
            cost += _MIDDLE_COST * size
    if matched == 0:
        return 0.0
    return round(2 * matched / (2 * matched + cost), 4)


def _pick(scored: Sequence[tuple[float, str, _T]], threshold: float) -> tuple[_T | None, float, _T | None]:
    """Best of ``(score, key, item)``; None when below the threshold or tied with another.

    A unique exact match (score 1) is never a tie: a name written exactly as in the plan
    must not fail because a long sibling name differs by one character.
    """
    if not scored:
        return None, 0.0, None
    ordered = sorted(scored, key=lambda entry: -entry[0])
    best_score, best_key, best = ordered[0]
    if best_score < threshold:
        return None, best_score, best
    rivals = [entry for entry in ordered[1:] if best_score - entry[0] <= AMBIGUITY_MARGIN + 1e-9 and entry[1] != best_key]
    exact = best_score >= 1.0 and all(entry[0] < 1.0 for entry in rivals)
    if rivals and not exact:
        return None, best_score, best
    return best, best_score, best


def match_indicator(
    text: str, catalog: PlanCatalog, threshold: float = DEFAULT_THRESHOLD
) -> tuple[CatalogIndicator | None, float, CatalogIndicator | None]:
    """The plan indicator ``text`` names: (match or None, best score, best guess).

    None when the best score is below ``threshold`` or another indicator scores within
    ``AMBIGUITY_MARGIN`` of the best (unless the best is the only exact match). The best
    guess is returned in every case so a report can say "did you mean …".
    """
    scored = [(similarity(text, indicator.name), str(indicator.id), indicator) for indicator in catalog.indicators]
    return _pick(scored, threshold)


def normalise_task_number(text: str) -> str:
    """``（1）``, ``1.``, ``１．１``, ``一、`` → ``1``, ``1``, ``1.1``, ``一``: the key for task numbers."""
    folded = _WHITESPACE.sub("", to_halfwidth(text)).replace("、", ".")
    folded = folded.strip("()（）").rstrip(".")
    return folded


def task_similarity(text: str, title: str) -> float:
    """How well a row's task text names a plan task.

    Departments often copy the task's whole paragraph, so a text that contains the plan's
    title (at least 4 characters) scores 0.95 when it starts with it and 0.85 otherwise,
    on top of plain ``similarity``.
    """
    score = similarity(text, title)
    body, key = normalise_name(text), normalise_name(title)
    if len(key) >= 4 and key in body:
        score = max(score, 0.95 if body.startswith(key) else 0.85)
    return score


def match_task(
    text: str,
    number: str | None,
    catalog: PlanCatalog,
    threshold: float = DEFAULT_THRESHOLD,
) -> tuple[CatalogTask | None, float, CatalogTask | None]:
    """The plan task a progress row is about: (match or None, score, best guess).

    A row number equal to a task's number decides, unless the row also has a title that
    plainly names something else (similarity below 0.5): departments renumber rows 1, 2, 3,
    so a number alone is trusted only when there is no title to contradict it. Otherwise
    the title is matched like an indicator name (threshold, ties).
    """
    key = normalise_task_number(number) if number else ""
    by_number = [task for task in catalog.tasks if key and normalise_task_number(task.number) == key]
    if len(by_number) == 1:
        task = by_number[0]
        if not text.strip():
            return task, 1.0, task
        score = task_similarity(text, task.title)
        if score >= 0.5:
            return task, max(score, threshold), task
    if not text.strip():
        return None, 0.0, None
    scored = [(task_similarity(text, task.title), str(task.id), task) for task in catalog.tasks]
    return _pick(scored, threshold)
