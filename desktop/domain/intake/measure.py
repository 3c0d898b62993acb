"""Units of measure: bringing a value written in the department's unit into the plan's.

Departments write 技术合同成交额 in 万元 where the plan counts 亿元, type a count as 个
where the plan says 家, and format a share as a percentage so the cell stores 0.0302 and
shows 3.02%. A value stored at the wrong magnitude is the worst kind of error — it looks
plausible and skews every evaluation — so ``convert`` only rescales what it can prove
(powers of ten between units of the same kind) and raises ``UnitMismatch`` with a
Chinese reason for everything else. A bare number is taken to be in the plan's unit:
"no unit" is not a mismatch.

Units are read as ``[scale]base[/[scale]base]``: 亿元 = 10⁸ × 元, 件/万人 = 件 per 10⁴ × 人.
All scales are powers of ten, so conversions use ``Decimal.scaleb`` and stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from desktop.domain._text import remove_whitespace, to_halfwidth


class UnitMismatch(ValueError):
    """The value's unit cannot be brought into the plan's; ``reason`` says why in Chinese."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


COUNT = "个"
"""The one base for counting words: 个/家/项/件/人/名 … all count one thing each."""

PERCENT = "%"
POINTS = "百分点"
MONEY = "元"
BARE = ""
"""A scale without a base (``亿`` for 亿元, ``万``): compatible with any countable base."""

_COUNT_WORDS = frozenset("个家项件人名户所座处场次篇台套位只株批部支条例种款")
_BASE_ALIASES: dict[str, tuple[int, str]] = {
    "%": (0, PERCENT),
    "百分比": (0, PERCENT),
    "百分数": (0, PERCENT),
    "‰": (-1, PERCENT),
    "千分比": (-1, PERCENT),
    "百分点": (0, POINTS),
    "个百分点": (0, POINTS),
}
_OTHER_BASES = (
    "吨标准煤", "标准煤", "人年", "人次", "户次", "平方公里", "平方米", "公里", "吨", "亩", "米", "千瓦时", "千瓦", "元",
)
_SCALES: tuple[tuple[str, int], ...] = (
    ("万亿", 12),
    ("千万", 7),
    ("百万", 6),
    ("十万", 5),
    ("亿", 8),
    ("万", 4),
    ("千", 3),
    ("百", 2),
)
_UNIT_LABEL = re.compile(r"^(?:金额|计量|数量)?单位[:：]?")


@dataclass(frozen=True)
class Part:
    """One side of a unit: 10**exponent × base (``亿元`` → Part(8, '元'))."""

    exponent: int
    base: str


@dataclass(frozen=True)
class Unit:
    """A recognised unit: numerator and, for rates such as 件/万人, a denominator."""

    numerator: Part
    denominator: Part | None = None

    @property
    def kind(self) -> str:
        """What is measured, ignoring scale: '元', '个', '%', '件/个' …"""
        if self.denominator is None:
            return self.numerator.base
        return f"{self.numerator.base}/{self.denominator.base}"

    @property
    def is_percent(self) -> bool:
        return self.denominator is None and self.numerator.base == PERCENT


@lru_cache(maxsize=4096)
def clean_unit_text(text: str) -> str:
    """``（万元）``, ``单位：万元``, `` 亿 元 `` → ``万元``, ``万元``, ``亿元``; ``％`` → ``%``."""
    folded = remove_whitespace(to_halfwidth(text))
    folded = _UNIT_LABEL.sub("", folded)
    while len(folded) >= 2 and folded[0] in "(（[【" and folded[-1] in ")）]】":
        folded = folded[1:-1]
    return folded


@lru_cache(maxsize=4096)
def parse_unit(text: str | None) -> Unit | None:
    """The unit ``text`` names, or None when it is empty or not a unit this module knows."""
    if not text:
        return None
    cleaned = clean_unit_text(text)
    if not cleaned:
        return None
    pieces = cleaned.split("/")
    if len(pieces) > 2:
        return None
    numerator = _parse_part(pieces[0])
    if numerator is None:
        return None
    if len(pieces) == 1:
        return Unit(numerator)
    denominator = _parse_part(pieces[1])
    if denominator is None or numerator.base in (PERCENT, POINTS) or denominator.base in (PERCENT, POINTS):
        return None
    return Unit(numerator, denominator)


def _parse_part(text: str) -> Part | None:
    if text in _BASE_ALIASES:
        exponent, base = _BASE_ALIASES[text]
        return Part(exponent, base)
    whole = _base(text)
    if whole is not None:
        return Part(0, whole)
    for prefix, power in _SCALES:
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            if not rest:
                return Part(power, BARE)
            scaled = _base(rest)
            return Part(power, scaled) if scaled is not None else None
    return None


def _base(text: str) -> str | None:
    if text in _COUNT_WORDS:
        return COUNT
    if text in _OTHER_BASES:
        return "吨标准煤" if text == "标准煤" else text
    return None


@lru_cache(maxsize=4096)
def is_percent_format(number_format: str | None) -> bool:
    """True when an Excel number format shows the stored number ×100 with a % sign.

    Quoted literals (``"%"``) and escaped characters (``\\%``) are text, not percent.
    """
    if not number_format:
        return False
    stripped = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in stripped


@lru_cache(maxsize=4096)
def same_kind(given: str | None, plan: str | None) -> bool:
    """True when a value in ``given`` can be converted to ``plan`` (both recognised).

    Used for a sheet-wide 「单位：万元」 line, which applies to the money rows of a table
    and not to its % or 家 rows.
    """
    a, b = parse_unit(given), parse_unit(plan)
    return a is not None and b is not None and _compatible(a, b)


def _compatible_part(a: Part, b: Part) -> bool:
    if a.base == b.base:
        return True
    if BARE in (a.base, b.base):
        other = b.base if a.base == BARE else a.base
        return other not in (PERCENT, POINTS)
    return False


def _compatible(a: Unit, b: Unit) -> bool:
    if (a.denominator is None) != (b.denominator is None):
        return False
    if not _compatible_part(a.numerator, b.numerator):
        return False
    if a.denominator is not None and b.denominator is not None:
        return _compatible_part(a.denominator, b.denominator)
    return True


def _exponent(unit: Unit) -> int:
    """Power of ten of one ``unit`` relative to its base (件/万人 → 0 − 4 = −4)."""
    below = unit.denominator.exponent if unit.denominator is not None else 0
    return unit.numerator.exponent - below


def _tidy(value: Decimal) -> Decimal:
    """Drop the zeros a rescaling adds (120.0000 → 120, 3.0200 → 3.02)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def convert(value: Decimal, given_unit: str | None, plan_unit: str | None, number_format: str | None) -> Decimal:
    """``value`` written in ``given_unit`` (and shown with ``number_format``) in the plan's unit.

    * A percent number format means the cell stores a fraction (0.0302 shown as 3.02%):
      ×100 for a % indicator; refused for any other unit. Pass ``number_format`` only for
      cells that hold a number — a text cell's format says nothing about its digits.
    * No given unit: the value is already in the plan's unit.
    * No plan unit: nothing to check against; the value is kept as written.
    * Same kind (万元 → 亿元, 元 → 万元, 个 ↔ 家, ‰ → %, 元/人 → 万元/人): rescaled by a
      power of ten. Anything else raises ``UnitMismatch``.
    """
    plan = parse_unit(plan_unit)
    given = parse_unit(given_unit) if given_unit else None
    if is_percent_format(number_format):
        if plan is None or plan.numerator.base not in (PERCENT, POINTS) or plan.denominator is not None:
            shown = f"“{plan_unit}”" if plan_unit else "未规定"
            raise UnitMismatch(f"单元格设置为百分比格式，但该指标的计量单位为{shown}，无法确定数值大小；请填写不带格式的数值")
        if given_unit and (given is None or given.numerator.base not in (PERCENT, POINTS)):
            raise UnitMismatch(f"单元格为百分比格式，但填写的单位是“{given_unit}”，两者矛盾")
        return _tidy(value.scaleb(2 - plan.numerator.exponent))
    if not given_unit or not plan_unit:
        return value
    if clean_unit_text(given_unit) == clean_unit_text(plan_unit):
        return value
    if given is None:
        raise UnitMismatch(f"无法识别填写的单位“{given_unit}”，该指标的计量单位为“{plan_unit}”；请按“{plan_unit}”填写数值")
    if plan is None:
        raise UnitMismatch(f"无法识别该指标的计量单位“{plan_unit}”，不能把“{given_unit}”换算过去；请按“{plan_unit}”填写数值")
    if not _compatible(given, plan):
        raise UnitMismatch(f"填写的单位“{given_unit}”与该指标的计量单位“{plan_unit}”不是同一类，无法换算；请按“{plan_unit}”填写数值")
    shift = _exponent(given) - _exponent(plan)
    if shift == 0:
        return value
    return _tidy(value.scaleb(shift))


@lru_cache(maxsize=4096)
def unit_in_brackets(text: str) -> str | None:
    """The last bracketed unit in a name or header: ``技术合同成交额（亿元）`` → ``亿元``.

    Only recognised units count, so ``各县（市、区）`` is not taken for a unit.
    """
    folded = to_halfwidth(text)
    for content in reversed(re.findall(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]", folded)):
        if parse_unit(content) is not None:
            return clean_unit_text(content)
    return None
