"""Reading one indicator value from what a clerk typed or a department wrote in a cell.

Cells arrive as ``3%``, ``３.０２％``, ``1,600家``, ``约300``, ``—`` or as Excel numbers.
The parser turns each into an exact ``Decimal`` plus the unit written next to it, and
refuses anything it would have to guess at (ranges, bounds, Chinese numerals, malformed
thousands separators) with a reason the clerk can act on. Values stay in the indicator's
own unit: ``300亿元`` is 300 with unit text ``亿元``; comparing that unit with the
indicator's is the caller's job. The one exception is a bare ``万`` (``1.2万`` → 12000),
which is a way of writing a number rather than a unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain._text import to_halfwidth

BLANK_MARKERS: frozenset[str] = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "——",
        "–",
        "―",
        "/",
        "\\",
        "无",
        "暂无",
        "无数据",
        "暂无数据",
        "N/A",
        "NA",
        "#N/A",
        "NULL",
        "NONE",
    }
)
"""Texts (compared upper-cased, without spaces) that mean "no value" rather than zero."""

APPROXIMATE_PREFIXES: tuple[str, ...] = ("大约", "约为", "约", "近")
APPROXIMATE_AFTER_NUMBER: tuple[str, ...] = ("余", "多")  # 50余名, 300多家
APPROXIMATE_AT_END: tuple[str, ...] = ("左右",)  # 300家左右
BOUND_WORDS: tuple[str, ...] = ("以上", "以下", "以内", "不低于", "不少于", "不高于", "不超过", "超过", "低于", "高于")
SCALING_UNITS: dict[str, Decimal] = {"万": Decimal(10000)}
"""Units that only scale the number; the value is multiplied and the unit dropped."""

_CHINESE_NUMERALS = set("〇零一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟")
_COMPARATORS = set("<>=≥≤≦≧≠＜＞")
_RANGE_MARKS = set("-~～至到—–")
_ASCII_DIGIT = re.compile(r"[0-9]")
_RANGE = re.compile(r"[-~～至到—–][0-9]")

_NUMBER = re.compile(
    r"""
    (?P<sign>[+-])?
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
    (?:\.(?P<frac>\d+))?
    """,
    re.VERBOSE | re.ASCII,
)
_DIGIT_SPACE_DIGIT = re.compile(r"\d\s+[\d.]|\.\s+\d")


class ValueParseError(ValueError):
    """The text is not a single number; ``reason`` says why in Chinese, ``raw`` keeps the input."""

    def __init__(self, raw: object, reason: str) -> None:
        self.raw = raw
        self.reason = reason
        super().__init__(f"“{raw}”不是有效的数值：{reason}")


@dataclass(frozen=True)
class ParsedValue:
    """The outcome of reading one cell.

    ``value`` is None exactly when ``blank`` is True. ``unit_text`` is the unit written
    after the number (``%``, ``亿元``, ``个百分点``) or None. ``approximate`` marks 约/左右/余.
    """

    value: Decimal | None
    unit_text: str | None
    approximate: bool
    blank: bool


BLANK = ParsedValue(value=None, unit_text=None, approximate=False, blank=True)


def parse_value(raw: object) -> ParsedValue:
    """Read one value; raise ``ValueParseError`` rather than guess.

    Accepts str, int, float and Decimal (and None, which is blank). Floats are converted
    through ``repr`` so that 3.02 becomes Decimal('3.02') and not the binary expansion.
    Text keeps its exact digits: '2.50' gives Decimal('2.50').
    """
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        raise ValueParseError(raw, "是/否（布尔值）不是数值")
    if isinstance(raw, int):
        return ParsedValue(Decimal(raw), None, False, False)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueParseError(raw, "不是有限的数")
        return ParsedValue(Decimal(repr(raw)), None, False, False)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueParseError(raw, "不是有限的数")
        return ParsedValue(raw, None, False, False)
    if isinstance(raw, str):
        return _parse_text(raw)
    raise ValueParseError(raw, f"不支持的数据类型 {type(raw).__name__}")


def _parse_text(raw: str) -> ParsedValue:
    # Folding turns the Chinese comma ， into "," so it is read as a thousands separator
    # under the same three-digit rule, and ．％－ into .%-.
    folded = to_halfwidth(raw)
    if _DIGIT_SPACE_DIGIT.search(folded):
        raise ValueParseError(raw, "数字中间有空格，请删去空格，或只填写一个数")
    text = re.sub(r"\s+", "", folded)
    if text.upper() in BLANK_MARKERS:
        return BLANK

    approximate = False
    for prefix in APPROXIMATE_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            approximate = True
            break

    if text[:1] in _COMPARATORS or any(text.startswith(word) for word in BOUND_WORDS):
        raise ValueParseError(raw, "这是一个界限（如 ≥3、3以上），不是数值；请只填写数值本身")

    match = _NUMBER.match(text)
    assert match is not None  # every part of the pattern is optional
    if match["int"] is None and match["frac"] is None:
        raise ValueParseError(raw, _not_a_number_reason(text))
    rest = text[match.end() :]
    _check_number_end(raw, rest)

    for suffix in APPROXIMATE_AT_END:
        if rest.endswith(suffix):
            rest = rest[: -len(suffix)]
            approximate = True
    for word in APPROXIMATE_AFTER_NUMBER:
        if rest.startswith(word):
            rest = rest[len(word) :]
            approximate = True
            break
    unit = _check_unit(raw, rest)

    value = _to_decimal(match)
    if unit in SCALING_UNITS:
        value = _plain(value * SCALING_UNITS[unit])
        unit = None
    return ParsedValue(value, unit, approximate, False)


def _not_a_number_reason(text: str) -> str:
    if any(char in _CHINESE_NUMERALS for char in text):
        return "不能识别中文数字，请用阿拉伯数字填写（例如 二十 写作 20）"
    return "没有找到数字，请填写一个数（例如 3、3.02、1,600）；没有数据请填 —"


def _check_number_end(raw: str, rest: str) -> None:
    """Refuse what directly follows the number when it shows the number is malformed."""
    if not rest:
        return
    first = rest[0]
    if first == "," or _ASCII_DIGIT.match(first):
        # Only a thousands group can be followed by a digit: 1,6000 or 1,60.
        raise ValueParseError(raw, "千分位逗号后应正好有三位数字（例如 1,600）")
    if first == "。":
        raise ValueParseError(raw, "小数点请用“.”，不要用句号“。”")
    if first == ".":
        raise ValueParseError(raw, "小数点有误：只能有一个小数点，且小数点后要有数字")


def _check_unit(raw: str, rest: str) -> str | None:
    """Accept the text after the number only if it reads as a unit, not as more numbers."""
    if not rest:
        return None
    if _ASCII_DIGIT.search(rest):
        if _RANGE.search(rest):
            raise ValueParseError(raw, "像是一个范围（两个数），请只填写一个数值")
        raise ValueParseError(raw, "包含多个数字，请只填写一个数值")
    if any(word in rest for word in BOUND_WORDS) or any(char in _COMPARATORS for char in rest):
        raise ValueParseError(raw, "这是一个界限（如 ≥3、3以上），不是数值；请只填写数值本身")
    if rest[0] in _RANGE_MARKS or rest[0] in "+.":
        raise ValueParseError(raw, "数字后面的内容无法识别，请只填写一个数值和单位")
    return rest


def _to_decimal(match: re.Match[str]) -> Decimal:
    digits = (match["int"] or "0").replace(",", "")
    text = f"{match['sign'] or ''}{digits}"
    if match["frac"] is not None:
        text += f".{match['frac']}"
    return Decimal(text)


def _plain(value: Decimal) -> Decimal:
    """Drop the trailing zeros a multiplication adds (1.2 × 10000 → 12000, not 12000.0)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
