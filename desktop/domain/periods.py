"""Reporting periods: a year, a half year, a quarter or a month.

Values are collected monthly, quarterly, half-yearly and yearly, and the documents name
periods in Chinese (2022年上半年, 2022年第三季度) while files and the command line use a
short canonical form (2022H1, 2022Q3). ``Period`` is the one value type for all of them,
so the rest of the application can compare, sort and label periods without caring which
spelling it was given.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import re
from dataclasses import dataclass
from functools import cached_property

from desktop.domain._text import chinese_small_number, squash

MIN_YEAR = 1900
MAX_YEAR = 2100
"""Accepted years. Wider than any plan, narrow enough to catch typos such as 20222 or 202."""


class PeriodError(ValueError):
    """A period that cannot exist or text that does not name one; the message is for the user."""


class PeriodKind(enum.Enum):
    """How long a period is; the value is the stable name stored in the database."""

    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"

    @property
    def months(self) -> int:
        """Number of months in a period of this kind."""
        return _MONTHS[self]

    @property
    def count(self) -> int:
        """How many periods of this kind make a year (the largest valid index)."""
        return 12 // _MONTHS[self]


_MONTHS: dict[PeriodKind, int] = {
    PeriodKind.YEAR: 12,
    PeriodKind.HALF: 6,
    PeriodKind.QUARTER: 3,
    PeriodKind.MONTH: 1,
}

_QUARTER_NAMES = ("一", "二", "三", "四")
_HALF_NAMES = ("上", "下")

_FORMAT_HINT = "请写成 2022、2022H1、2022Q3、2022-06，或 2022年、2022年上半年、2022年第三季度、2022年6月"

_YEAR = r"(?P<year>\d{4})"
_CN = "[〇零一二两三四五六七八九十]"
_PATTERNS: tuple[tuple[PeriodKind, re.Pattern[str]], ...] = (
    (PeriodKind.YEAR, re.compile(rf"{_YEAR}(?:年(?:度|全年)?)?")),
    (PeriodKind.HALF, re.compile(rf"{_YEAR}-?H(?P<index>\d{{1,2}})")),
    (PeriodKind.HALF, re.compile(rf"{_YEAR}年?(?P<index>[上下])半年度?")),
    (PeriodKind.QUARTER, re.compile(rf"{_YEAR}-?Q(?P<index>\d{{1,2}})")),
    (PeriodKind.QUARTER, re.compile(rf"{_YEAR}年?第?(?P<index>\d{{1,2}}|{_CN}{{1,2}})季度?")),
    (PeriodKind.MONTH, re.compile(rf"{_YEAR}[-./](?P<index>\d{{1,2}})")),
    (PeriodKind.MONTH, re.compile(rf"{_YEAR}年(?P<index>\d{{1,2}}|{_CN}{{1,3}})月份?")),
)


@dataclass(frozen=True, order=False)
class Period:
    """One reporting period.

    ``index`` is 1 for a year, 1–2 for a half, 1–4 for a quarter and 1–12 for a month.

    Ordering rule: periods sort by their end date; periods ending on the same day sort
    by start date descending, i.e. the shorter one first (2022-12 < 2022Q4 < 2022H2 <
    2022). So a period always sorts after every period it contains, which is what a
    report wants: the months of a quarter, then the quarter. The order is total and
    agrees with equality, because two different periods with the same end have
    different starts.
    """

    year: int
    kind: PeriodKind
    index: int

    def __post_init__(self) -> None:
        if not isinstance(self.kind, PeriodKind):
            raise PeriodError(f"期间类型无效：{self.kind!r}")
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise PeriodError(f"年份必须是整数：{self.year!r}")
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"年份 {self.year} 超出范围（{MIN_YEAR}–{MAX_YEAR}）")
        if isinstance(self.index, bool) or not isinstance(self.index, int):
            raise PeriodError(f"期间序号必须是整数：{self.index!r}")
        if not 1 <= self.index <= self.kind.count:
            raise PeriodError(_index_error(self.kind, self.index))
        # Evaluation compares and sorts hundreds of thousands of periods: keep the order
        # as two integers (month number of the end, length) computed once.
        months = _MONTHS[self.kind]
        object.__setattr__(self, "_key", (self.year * 12 + self.index * months, months))

    # -- constructors -------------------------------------------------------------

    @classmethod
    def year_of(cls, year: int) -> Period:
        """The whole calendar year."""
        return cls(year, PeriodKind.YEAR, 1)

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """Half year 1 (January–June) or 2 (July–December)."""
        return cls(year, PeriodKind.HALF, half)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1–4."""
        return cls(year, PeriodKind.QUARTER, quarter)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Month 1–12."""
        return cls(year, PeriodKind.MONTH, month)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period from its canonical or Chinese spelling.

        Full-width digits and spaces anywhere are accepted, since clerks type with a
        Chinese input method. Raises ``PeriodError`` with a Chinese message otherwise.
        """
        if not isinstance(text, str):
            raise PeriodError(f"期间必须是文本，收到的是 {type(text).__name__}")
        cleaned = squash(text).upper()
        if not cleaned:
            raise PeriodError(f"期间为空：{_FORMAT_HINT}")
        for kind, pattern in _PATTERNS:
            match = pattern.fullmatch(cleaned)
            if match is None:
                continue
            year = int(match["year"])
            index = _read_index(kind, match.groupdict().get("index"))
            if index is None or not 1 <= index <= kind.count:
                raise PeriodError(f"无法识别的期间“{text}”：{_index_error(kind, index)}")
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise PeriodError(f"无法识别的期间“{text}”：年份 {year} 超出范围（{MIN_YEAR}–{MAX_YEAR}）")
            return cls(year, kind, index)
        raise PeriodError(f"无法识别的期间“{text}”：{_FORMAT_HINT}")

    # -- derived values -----------------------------------------------------------

    @property
    def months(self) -> int:
        """Number of months covered: 12, 6, 3 or 1."""
        return self.kind.months

    @property
    def start_month(self) -> int:
        """First month covered (1–12)."""
        return (self.index - 1) * self.months + 1

    @property
    def end_month(self) -> int:
        """Last month covered (1–12)."""
        return self.index * self.months

    @cached_property
    def start(self) -> datetime.date:
        """First day of the period."""
        return datetime.date(self.year, self.start_month, 1)

    @cached_property
    def end(self) -> datetime.date:
        """Last day of the period (inclusive)."""
        last_day = calendar.monthrange(self.year, self.end_month)[1]
        return datetime.date(self.year, self.end_month, last_day)

    @property
    def label(self) -> str:
        """The Chinese name shown to the clerk and written in exports."""
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}年"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}年{_HALF_NAMES[self.index - 1]}半年"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}年第{_QUARTER_NAMES[self.index - 1]}季度"
        return f"{self.year}年{self.index}月"

    def contains(self, other: Period) -> bool:
        """True if ``other`` lies wholly inside this period (a period contains itself)."""
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        """The canonical form used in files, the database and the command line."""
        if self.kind is PeriodKind.YEAR:
            return f"{self.year}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}H{self.index}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    # -- ordering (see the class docstring) ---------------------------------------

    def _sort_key(self) -> tuple[int, int]:
        # (end month counted from year 0, months covered): by end, shorter first on a tie
        return self._key  # type: ignore[attr-defined, no-any-return]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key < other._key  # type: ignore[attr-defined, no-any-return]

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key <= other._key  # type: ignore[attr-defined, no-any-return]

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key > other._key  # type: ignore[attr-defined, no-any-return]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key >= other._key  # type: ignore[attr-defined, no-any-return]


def _read_index(kind: PeriodKind, raw: str | None) -> int | None:
    """Turn the matched index text (``H1``'s 1, 上, 三, 06, 十二) into a number."""
    if kind is PeriodKind.YEAR:
        return 1
    if raw is None:
        return None
    if kind is PeriodKind.HALF and raw in _HALF_NAMES:
        return _HALF_NAMES.index(raw) + 1
    return chinese_small_number(raw)


def _index_error(kind: PeriodKind, index: int | None) -> str:
    shown = "" if index is None else f" {index}"
    if kind is PeriodKind.MONTH:
        return f"月份{shown}无效，应在 1 到 12 之间"
    if kind is PeriodKind.QUARTER:
        return f"季度{shown}无效，应在 1 到 4 之间"
    if kind is PeriodKind.HALF:
        return f"半年序号{shown}无效，应为 1（上半年）或 2（下半年）"
    return f"年度期间的序号{shown}无效，应为 1"
