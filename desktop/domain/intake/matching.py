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

import math
import re
from array import array
import unicodedata
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TypeVar

from desktop.domain._text import _EXTRA_FOLDS, _FULLWIDTH_END, _FULLWIDTH_OFFSET, _FULLWIDTH_START, to_halfwidth
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
    return _normalise(text)


_HALFWIDTH = {code: code - _FULLWIDTH_OFFSET for code in range(_FULLWIDTH_START, _FULLWIDTH_END + 1)}
_HALFWIDTH.update({ord(char): folded for char, folded in _EXTRA_FOLDS.items()})
"""``to_halfwidth`` as a ``str.translate`` table."""
_NEEDS_FOLD = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_HALFWIDTH)) + "]")
_PLAIN_KEY = re.compile(r"[0-9a-z\u4e00-\u9fff]*")
"""Keys made only of these (the usual case) need no per-character category check."""
_KEEP: dict[str, bool] = {}
_ENDINGS = _TRAILING_EXTRAS + _COUNT_SUFFIXES


def _keep(char: str) -> bool:
    kept = _KEEP.get(char)
    if kept is None:
        kept = _KEEP[char] = unicodedata.category(char)[0] in "LN"
    return kept


def _normalise(text: str) -> str:
    """``normalise_name`` without its cache; the same steps, with cheap checks that skip work."""
    if _NEEDS_FOLD.search(text) is not None:
        text = text.translate(_HALFWIDTH)
    folded = "".join(text.split())  # str.split() and the regex \s agree on what whitespace is
    numbering = _NUMBERING.match(folded)
    if numbering is not None and numbering.end() < len(folded):
        folded = folded[numbering.end() :]
    if "(" in folded or "[" in folded or "【" in folded or "〔" in folded:
        folded = _BRACKETED.sub(_drop_unit_bracket, folded)
    kept = folded.casefold()
    if _PLAIN_KEY.fullmatch(kept) is None:
        kept = "".join(char for char in kept if _keep(char))
    if "研" in kept or "规模以上" in kept:
        for spelling, canonical in _SYNONYMS:
            kept = kept.replace(spelling, canonical)
    if kept.endswith(_ENDINGS):
        for extra in _TRAILING_EXTRAS:
            if kept.endswith(extra) and len(kept) > len(extra) + 1:
                kept = kept[: -len(extra)]
                break
        for suffix in _COUNT_SUFFIXES:
            if kept.endswith(suffix) and len(kept) - len(suffix) >= 2:
                kept = kept[: -len(suffix)]
                break
    return kept


def _key_of(name: str) -> str:
    """``_normalise(name)``, sharing the name's own string when normalising leaves it as it is
    (a large plan keeps every key for the whole import)."""
    key = _normalise(name)
    return name if key == name else key


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

    The answer is the one of scoring ``text`` against every indicator; ``_NameIndex``
    only avoids scoring those that cannot matter (see there).
    """
    return _index_of(catalog).match(normalise_name(text), threshold)


def accept_indicator(text: str, catalog: PlanCatalog, threshold: float = DEFAULT_THRESHOLD) -> CatalogIndicator | None:
    """``match_indicator(text, catalog, threshold)[0]``, without working out the best guess
    of a name that matches nothing (the costly part in a large plan)."""
    return _index_of(catalog).accept(normalise_name(text), threshold)


def indicator_acceptor(
    catalog: PlanCatalog, threshold: float = DEFAULT_THRESHOLD
) -> Callable[[str], CatalogIndicator | None]:
    """``accept_indicator`` bound to one catalog and threshold: a sheet asks it for every row,
    so the index is looked up once, and a name written exactly as in the plan is not
    normalised again (its key is already known)."""
    index = _index_of(catalog)
    keys = index.keys_by_name()
    accept = index.accept
    exact, items = index.exact, index.items
    direct = not index._simple(threshold)  # a key equal to one indicator's answers at once (see accept)

    def accept_text(text: str) -> CatalogIndicator | None:
        key = keys.get(text)
        if key is None:
            key = normalise_name(text)
        if direct and key:
            position = exact.get(key)
            if position is not None:
                return items[position] if isinstance(position, int) else None
        return accept(key, threshold)

    return accept_text


# -- the index behind match_indicator -------------------------------------------------------

_LAZY_CHARACTERS = 64
"""Characters whose postings are worked out one at a time (a scan of all keys each) before
all of them are built in one pass."""

_SLACK = 1e-4
"""Scores are rounded to 4 places: a rounded score exceeds the bound below by at most 5e-5."""

_indexes: dict[int, tuple[weakref.ref[PlanCatalog], _NameIndex]] = {}


def _index_of(catalog: PlanCatalog) -> _NameIndex:
    """One index per catalog object, kept while the catalog lives (a preview reuses it for every file)."""
    key = id(catalog)
    entry = _indexes.get(key)
    if entry is not None and entry[0]() is catalog:
        return entry[1]
    index = _NameIndex(catalog.indicators)
    _indexes[key] = (weakref.ref(catalog, lambda _ref, key=key: _indexes.pop(key, None)), index)
    return index


class _NameIndex:
    """The indicators' normalised names, for answering ``match_indicator`` without scoring them all.

    * A name whose key equals exactly one indicator's key scores 1.0 against it and below 1
      against every other: that is the answer, by a dict look-up. Two equal keys are a tie.
    * Otherwise only indicators sharing characters with the key can score above 0, and
      ``score ≤ 4·C / (2·C + len(x) + len(y))`` where C is the number of characters the two
      keys share (counted with repeats): matched characters are at most C and every other
      character costs at least 0.5. Only indicators whose bound reaches what could change
      the answer are scored with ``_score``; the rest cannot be the best, tie with it, or
      come within ``AMBIGUITY_MARGIN`` of it.
    * To reach a threshold t a key of length ly needs ly in [t·lx/(4−3t), lx·(4−3t)/t] and
      C ≥ t·lx/(4−3t), so it must contain one of the lx − C + 1 rarest characters of x:
      indicators are looked up by (character, key length) for those characters only.
    """

    def __init__(self, indicators: Sequence[CatalogIndicator]) -> None:
        self.items = tuple(indicators)
        self.keys = [_key_of(item.name) for item in self.items]
        # key → position, or a list of positions for a key several indicators share (a tie)
        self.exact: dict[str, int | list[int]] = {}
        for position, key in enumerate(self.keys):
            found = self.exact.get(key)
            if found is None:
                self.exact[key] = position
            elif isinstance(found, int):
                self.exact[key] = [found, position]
            else:
                found.append(position)
        self._by_char: dict[str, dict[int, array[int]]] = {}
        self._all_postings = False  # whether _by_char has every character (see _postings_of)
        self._frequency: dict[str, int] = {}
        self._accepted: dict[tuple[str, float], CatalogIndicator | None] = {}
        self._keys_by_name: dict[str, str] | None = None
        self._matched: dict[tuple[str, float], tuple[CatalogIndicator | None, float, CatalogIndicator | None]] = {}

    def keys_by_name(self) -> dict[str, str]:
        """Each indicator's name as the plan writes it → its key (made when first asked)."""
        if self._keys_by_name is None:
            self._keys_by_name = {item.name: key for item, key in zip(self.items, self.keys)}
        return self._keys_by_name

    # -- the answers

    def accept(self, x: str, threshold: float) -> CatalogIndicator | None:
        if x and not self._simple(threshold):
            exact = self.exact.get(x)
            if exact is not None:  # the usual case, answered without filling the caches
                return self.items[exact] if isinstance(exact, int) else None
        found = self._matched.get((x, threshold))
        if found is not None:
            return found[0]
        cache = self._accepted
        key = (x, threshold)
        if key in cache:
            return cache[key]
        answer = self._accept(x, threshold)
        if len(cache) > 100_000:
            cache.clear()
        cache[key] = answer
        return answer

    def match(self, x: str, threshold: float) -> tuple[CatalogIndicator | None, float, CatalogIndicator | None]:
        key = (x, threshold)
        found = self._matched.get(key)
        if found is None:
            found = self._match(x, threshold)
            if len(self._matched) > 100_000:
                self._matched.clear()
            self._matched[key] = found
        return found

    def _simple(self, threshold: float) -> bool:
        """Cases the bounds are not worked out for: answered by scoring every indicator."""
        return not self.items or threshold <= AMBIGUITY_MARGIN + _SLACK or threshold > 1.0

    def _accept(self, x: str, threshold: float) -> CatalogIndicator | None:
        if self._simple(threshold) or not x:
            return self._match(x, threshold)[0]
        exact = self.exact.get(x)
        if exact is not None:
            return self.items[exact] if isinstance(exact, int) else None
        found, best = self._near(x, threshold)
        return found

    def _match(self, x: str, threshold: float) -> tuple[CatalogIndicator | None, float, CatalogIndicator | None]:
        if self._simple(threshold) or not x:
            return self._pick_positions(x, range(len(self.items)), threshold)
        exact = self.exact.get(x)
        if exact is not None:
            best = self.items[exact if isinstance(exact, int) else exact[0]]
            return (best if isinstance(exact, int) else None), 1.0, best
        found, best = self._near(x, threshold)
        if best is not None:
            return best
        return self._best_guess(x, threshold)

    # -- scoring a few

    def _score_at(self, x: str, position: int) -> float:
        y = self.keys[position]
        return _score(x, y) if x <= y else _score(y, x)

    def _pick_positions(
        self, x: str, positions: Sequence[int] | range, threshold: float
    ) -> tuple[CatalogIndicator | None, float, CatalogIndicator | None]:
        items = self.items
        scored = [(self._score_at(x, p), str(items[p].id), items[p]) for p in sorted(positions)]
        return _pick(scored, threshold)

    def _near(
        self, x: str, threshold: float
    ) -> tuple[CatalogIndicator | None, tuple[CatalogIndicator | None, float, CatalogIndicator | None] | None]:
        """(accepted indicator, full answer) from the indicators that could reach ``threshold``.

        The full answer is None when none reaches it: the best guess then needs a wider search.
        """
        floor = threshold - AMBIGUITY_MARGIN - 1e-9 - _SLACK  # a rival of an accepted best scores at least this
        candidates = self._candidates(x, floor)
        counts = Counter(x)
        chars, numbers = list(counts), list(counts.values())
        lx = len(x)
        keys = self.keys
        kept = []
        for position in candidates:
            y = keys[position]
            shared = sum(map(min, numbers, map(y.count, chars)))
            if 4 * shared / (2 * shared + lx + len(y)) + _SLACK >= floor:
                kept.append(position)
        if not kept:
            return None, None
        answer = self._pick_positions(x, kept, threshold)
        if answer[1] < threshold:
            return None, None
        return answer[0], answer

    def _best_guess(self, x: str, threshold: float) -> tuple[CatalogIndicator | None, float, CatalogIndicator | None]:
        """No indicator reaches ``threshold``: the best-scoring one (first in plan order on ties)."""
        counts = Counter(x)
        lx = len(x)
        sharing: set[int] = set()
        for char in counts:
            for bucket in self._postings_of(char).values():
                sharing.update(bucket)
        if not sharing:  # nothing shares a character: every score is 0
            first = self.items[0]
            return _pick([(0.0, str(first.id), first)], threshold)
        keys = self.keys
        bounded = []
        for position in sharing:
            y = keys[position]
            shared = sum(min(n, y.count(char)) for char, n in counts.items())
            bounded.append((-(4 * shared / (2 * shared + lx + len(y))), position))
        bounded.sort()
        best_score, best_position = -1.0, -1
        evaluated = []
        for negative, position in bounded:
            if -negative + _SLACK < best_score:
                break
            score = self._score_at(x, position)
            evaluated.append(position)
            if score > best_score or (score == best_score and position < best_position):
                best_score, best_position = score, position
        return self._pick_positions(x, evaluated, threshold)

    # -- finding the few

    def _postings_of(self, char: str) -> dict[int, array[int]]:
        """Key length → positions (ascending) of the keys containing ``char``.

        Worked out the first time a character is asked about, not for every character of
        every key up front: that full index of a 100,000-indicator plan takes half a second
        to build, and the names a sheet cannot match exactly ask about a few dozen characters.
        Positions are machine integers: a frequent character has an entry for every key.
        """
        found = self._by_char.get(char)
        if found is not None:
            return found
        if self._all_postings:
            return {}  # no key has it
        if len(self._by_char) >= _LAZY_CHARACTERS:
            self._build_all_postings()  # many different characters asked about: one pass over all keys
            return self._by_char.get(char, {})
        found = {}
        lengths = self._key_lengths()
        for position in [position for position, key in enumerate(self.keys) if char in key]:
            bucket = found.get(lengths[position])
            if bucket is None:
                found[lengths[position]] = array("i", (position,))
            else:
                bucket.append(position)
        self._by_char[char] = found
        return found

    def _build_all_postings(self) -> None:
        """``_postings_of`` of every character of every key, in one pass (what a sheet full of
        names no indicator has would otherwise ask for one character at a time)."""
        by_char: dict[str, dict[int, array[int]]] = {}
        for position, key in enumerate(self.keys):
            length = len(key)
            for char in set(key):
                by_length = by_char.get(char)
                if by_length is None:
                    by_length = by_char[char] = {}
                bucket = by_length.get(length)
                if bucket is None:
                    by_length[length] = array("i", (position,))
                else:
                    bucket.append(position)
        self._by_char = by_char
        self._all_postings = True

    def _occurrences(self, char: str) -> int:
        """How often ``char`` occurs in all the keys together (how rare it is)."""
        count = self._frequency.get(char)
        if count is None:
            joined = getattr(self, "_joined", None)
            if joined is None:
                joined = self._joined = "\n".join(self.keys)
            count = self._frequency[char] = joined.count(char)
        return count

    def _candidates(self, x: str, floor: float) -> set[int]:
        """Indicators whose key could score at least ``floor`` against ``x`` (a superset)."""
        lx = len(x)
        if floor >= 4 / 3:
            return set()
        low = floor * lx / (4 - 3 * floor)
        high = lx * (4 - 3 * floor) / floor
        shortest = max(1, math.ceil(low - 1e-9))
        # characters no indicator has can never be shared: too few of the others, no candidate
        alphabet = self._alphabet()
        sharable = [char for char in x if char in alphabet]
        if len(sharable) < shortest:
            return set()
        # no key of a fitting length means no candidate at all
        lengths = [length for length in self._distinct_lengths() if shortest <= length <= high + 1e-9]
        if not lengths:
            return set()
        # the rarest characters are looked up: any (len(sharable) - shortest + 1) of them would
        # do (see below), the rarest give the fewest candidates
        ordered = sorted(sharable, key=self._occurrences)

        def having(char: str) -> set[int]:
            found: set[int] = set()
            by_length = self._postings_of(char)
            for length in lengths:
                bucket = by_length.get(length)
                if bucket:
                    found.update(bucket)
            return found

        if len(sharable) == shortest:
            # every sharable character must be shared: the indicators having all of them (those
            # having the rarest, then kept while their keys have each of the others)
            keys = self.keys
            rarest, *others = dict.fromkeys(ordered)
            common = having(rarest)
            for char in others:
                if not common:
                    break
                common = {position for position in common if char in keys[position]}
            return common
        # at most len(sharable) - shortest of them missing: one of any that many + 1 is shared
        found: set[int] = set()
        for char in dict.fromkeys(ordered[: len(sharable) - shortest + 1]):
            found |= having(char)
        return found

    def _alphabet(self) -> frozenset[str]:
        alphabet = getattr(self, "_all_chars", None)
        if alphabet is None:
            alphabet = self._all_chars = frozenset("".join(self.keys))
        return alphabet

    def _distinct_lengths(self) -> list[int]:
        lengths = getattr(self, "_all_lengths", None)
        if lengths is None:
            lengths = self._all_lengths = sorted(set(self._key_lengths()))
        return lengths

    def _key_lengths(self) -> array[int]:
        """The length of each key, by position."""
        lengths = getattr(self, "_lengths_by_position", None)
        if lengths is None:
            lengths = self._lengths_by_position = array("i", map(len, self.keys))
        return lengths


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
