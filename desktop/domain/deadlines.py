"""Reading task deadlines (完成时限) as the documents write them.

Deadlines are free text: ``2019 年 12 月底前``, ``2022年 12月底、持续推进``, ``3月底完成``,
``全年持续推进``, ``每年12月底前``. Overdue checks need a date, exports need the text
exactly as written, so ``parse_deadline`` keeps both and never raises: text it cannot
read becomes a deadline without a date, which the clerk can fix by hand.

Rules:

* A named year without a finer part means its last day (``2020年`` → 2020-12-31); a
  month means its last day unless 上旬 (10th) or 中旬 (20th) is said; 上半年/年中 →
  June 30, 下半年/年底/年末/全年 → December 31, a quarter → its last day.
* When the text names several dates (``2019年底完成一期，2022年底全部完成``), the
  latest one is the deadline.
* Text without a year (``3月底完成``, ``全年持续推进``) gives ``month``/``day`` and takes
  its year from ``default_year`` if given; otherwise ``date`` stays None.
* ``每年`` makes a yearly deadline: ``yearly`` is True, ``month``/``day`` say when in the
  year (December 31 when no month is named), and ``date`` is that day in
  ``default_year`` if given. Years named alongside 每年 do not fix a date.
* 持续/长期/常态化/常年 anywhere mark the task as ongoing; that combines with a date.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from desktop.domain._text import chinese_small_number, squash

MIN_YEAR = 1900
MAX_YEAR = 2100

ONGOING_MARKERS: tuple[str, ...] = ("持续", "长期", "常态化", "常年")
YEARLY_MARKER = "每年"

# A reference leap year, so that a year-free "end of February" is stored as day 29 and
# clamps correctly to 28 in common years (see Deadline.for_year).
_LEAP_YEAR = 2000


@dataclass(frozen=True)
class Deadline:
    """A deadline: the original text plus what could be read from it.

    ``month``/``day`` are set only when the text names a time of year but no year
    (yearly or year-free deadlines); a month end is stored with the longest day the
    month can have (February → 29), so always turn them into a date with
    ``for_year``, which clamps to the real month end.
    """

    text: str
    date: datetime.date | None
    ongoing: bool
    yearly: bool
    month: int | None = None
    day: int | None = None

    def for_year(self, year: int) -> datetime.date | None:
        """The deadline's day in ``year`` for yearly or year-free deadlines, else None."""
        if self.month is None or self.day is None:
            return None
        last = calendar.monthrange(year, self.month)[1]
        return datetime.date(year, self.month, min(self.day, last))


@dataclass(frozen=True)
class _Hit:
    """One date expression found in the text; ``day`` None means the month's last day."""

    year: int | None
    month: int
    day: int | None

    def resolved(self, year: int) -> datetime.date:
        last = calendar.monthrange(year, self.month)[1]
        return datetime.date(year, self.month, last if self.day is None else self.day)


_CN_MONTH = r"十[一二]?|[一二三四五六七八九]"
_QUARTER = r"第?[一二三四1-4]季度|Q[1-4]"
_MONTH_PART = r"上旬|中旬|下旬|底|末|份"
_YEAR_PART = rf"上半年|下半年|年中|年底|年末|底|末|{_QUARTER}"
_YEARLESS_PART = rf"上半年|下半年|年中|年底|年末|全年|年内|当年|本年|{_QUARTER}"

_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})(?![\d.])"),
    re.compile(rf"(?P<y>\d{{4}})年(?P<m>\d{{1,2}}|{_CN_MONTH})月(?P<d>\d{{1,2}})[日号]"),
    re.compile(rf"(?P<y>\d{{4}})年(?P<m>\d{{1,2}}|{_CN_MONTH})月(?P<part>{_MONTH_PART})?"),
    re.compile(rf"(?P<y>\d{{4}})年度?(?P<part>{_YEAR_PART})"),
    re.compile(r"(?P<y>\d{4})年(?P<vague>初)"),  # early in a year: too vague to date
    re.compile(r"(?P<y>\d{4})年度?"),
    re.compile(rf"(?P<m>\d{{1,2}}|{_CN_MONTH})月(?P<d>\d{{1,2}})[日号]"),
    re.compile(rf"(?P<m>\d{{1,2}})月(?P<part>{_MONTH_PART})?"),
    # Chinese month names only where they cannot be part of a word (统一月报): after 年
    # (每年十二月) or followed by a month part (十二月底).
    re.compile(rf"(?<=年)(?P<m>{_CN_MONTH})月(?P<part>{_MONTH_PART})?"),
    re.compile(rf"(?P<m>{_CN_MONTH})月(?P<part>{_MONTH_PART})"),
    re.compile(rf"(?P<part>{_YEARLESS_PART})"),
)


def parse_deadline(text: str | None, default_year: int | None = None) -> Deadline | None:
    """Read a deadline text; None for empty text, never an exception for odd text.

    ``default_year`` is the year to assume for text that names none (usually the plan's
    or the reporting year). ``text`` is kept exactly as given in ``Deadline.text``.
    """
    if text is None:
        return None
    cleaned = squash(text).upper()
    if not cleaned:
        return None
    if re.fullmatch(r"\d{4}", cleaned):
        cleaned += "年"

    hits = _find_hits(cleaned)
    ongoing = any(marker in cleaned for marker in ONGOING_MARKERS)
    yearly = YEARLY_MARKER in cleaned

    dated = [hit.resolved(hit.year) for hit in hits if hit.year is not None]
    yearless = [hit for hit in hits if hit.year is None]
    if yearly:
        when = max(yearless, key=_day_of_year, default=_Hit(None, 12, None))
        return _year_free(text, when, ongoing, True, default_year)
    if dated:
        return Deadline(text, max(dated), ongoing, False)
    if yearless:
        return _year_free(text, max(yearless, key=_day_of_year), ongoing, False, default_year)
    return Deadline(text, None, ongoing, False)


def _year_free(text: str, hit: _Hit, ongoing: bool, yearly: bool, default_year: int | None) -> Deadline:
    day = hit.resolved(_LEAP_YEAR).day
    partial = Deadline(text, None, ongoing, yearly, hit.month, day)
    if default_year is None:
        return partial
    return Deadline(text, partial.for_year(default_year), ongoing, yearly, hit.month, day)


def _day_of_year(hit: _Hit) -> tuple[int, int]:
    return (hit.month, 32 if hit.day is None else hit.day)


def _find_hits(cleaned: str) -> list[_Hit]:
    """Scan left to right, taking the first (most specific) pattern that matches at each place."""
    hits: list[_Hit] = []
    pos = 0
    while pos < len(cleaned):
        if pos > 0 and cleaned[pos].isdigit() and cleaned[pos - 1].isdigit():
            pos += 1  # never start inside a longer number
            continue
        for pattern in _PATTERNS:
            match = pattern.match(cleaned, pos)
            if match is None:
                continue
            hit = _to_hit(match.groupdict())
            if hit is not None:
                hits.append(hit)
            pos = match.end()
            break
        else:
            pos += 1
    return hits


def _to_hit(groups: dict[str, str | None]) -> _Hit | None:
    """Turn one match into a date expression, or None when it names no valid day."""
    if groups.get("vague"):
        return None  # found (so it is not read as "the whole year"), deliberately undated
    year_text = groups.get("y")
    year = int(year_text) if year_text else None
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        return None
    month_text, day_text, part = groups.get("m"), groups.get("d"), groups.get("part")
    if month_text is not None:
        month = chinese_small_number(month_text)
        if month is None or not 1 <= month <= 12:
            return None
        day = int(day_text) if day_text else _MONTH_PART_DAY.get(part or "")
        hit = _Hit(year, month, day)
    elif part is not None:
        hit = _part_hit(year, part)
    elif year is not None:
        hit = _Hit(year, 12, None)  # a bare year: its last day
    else:  # pragma: no cover - every pattern has a year, a month or a part
        return None
    return hit if _is_valid(hit) else None


_MONTH_PART_DAY: dict[str, int] = {"上旬": 10, "中旬": 20}

_PART_MONTH: dict[str, int] = {"上半年": 6, "年中": 6}


def _part_hit(year: int | None, part: str) -> _Hit:
    quarter = re.search(r"[1-4一二三四]", part) if "季度" in part or part.startswith("Q") else None
    if quarter is not None:
        number = chinese_small_number(quarter.group())
        assert number is not None
        return _Hit(year, number * 3, None)
    return _Hit(year, _PART_MONTH.get(part, 12), None)


def _is_valid(hit: _Hit) -> bool:
    if hit.day is None:
        return True
    year = hit.year if hit.year is not None else _LEAP_YEAR
    return 1 <= hit.day <= calendar.monthrange(year, hit.month)[1]
