"""Tests for desktop.domain.values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.values import BLANK, ParsedValue, ValueParseError, parse_value


def _value(value: str, unit: str | None = None, approximate: bool = False) -> ParsedValue:
    return ParsedValue(Decimal(value), unit, approximate, False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3%", _value("3", "%")),
        ("3.02％", _value("3.02", "%")),
        ("３.０２％", _value("3.02", "%")),
        ("３．０２％", _value("3.02", "%")),
        ("1,600", _value("1600")),
        ("1，600", _value("1600")),
        ("1,600,000", _value("1600000")),
        ("1,600.5", _value("1600.5")),
        ("１６００", _value("1600")),
        ("１，６００", _value("1600")),
        ("300亿元", _value("300", "亿元")),
        ("300 亿元", _value("300", "亿元")),
        (" 470 ", _value("470")),
        ("\t470\n", _value("470")),
        ("\u3000470\u3000", _value("470")),
        ("约300", _value("300", None, True)),
        ("约 300", _value("300", None, True)),
        ("大约300万元", _value("300", "万元", True)),
        ("近300家", _value("300", "家", True)),
        ("300左右", _value("300", None, True)),
        ("300家左右", _value("300", "家", True)),
        ("50余名", _value("50", "名", True)),
        ("300多家", _value("300", "家", True)),
        ("2.5个百分点", _value("2.5", "个百分点")),
        ("1,600家", _value("1600", "家")),
        ("-1.5", _value("-1.5")),
        ("－1.5", _value("-1.5")),
        ("\u22121.5", _value("-1.5")),
        ("-1.5%", _value("-1.5", "%")),
        ("+2", _value("2")),
        ("＋2", _value("2")),
        ("2.50", _value("2.50")),
        ("0", _value("0")),
        ("0.00", _value("0.00")),
        (".5", _value("0.5")),
        ("12.5万元", _value("12.5", "万元")),
        ("0.8吨标准煤/万元", _value("0.8", "吨标准煤/万元")),
        ("30件/万人", _value("30", "件/万人")),
        ("5‰", _value("5", "‰")),
        # a bare 万 is a way of writing the number, not a unit
        ("1.2万", _value("12000")),
        ("3万", _value("30000")),
        ("1.23456万", _value("12345.6")),
        ("约1.2万", _value("12000", None, True)),
        ("0.0001万", _value("1")),
    ],
)
def test_text_values(raw: str, expected: ParsedValue) -> None:
    result = parse_value(raw)
    assert result == expected
    assert str(result.value) == str(expected.value)  # exact digits, not just equal


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "—", "——", "-", "--", "－", "–", "/", "／", "\\", "无", "暂无", "暂无数据", "N/A", "n/a", "NA", "#N/A", " — ", None],
)
def test_blank_markers(raw: object) -> None:
    result = parse_value(raw)
    assert result == BLANK
    assert result.blank and result.value is None and result.unit_text is None and not result.approximate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (3, Decimal("3")),
        (0, Decimal("0")),
        (-7, Decimal("-7")),
        (10**20, Decimal("100000000000000000000")),
        (3.02, Decimal("3.02")),
        (0.1, Decimal("0.1")),
        (1600.0, Decimal("1600.0")),
        (-1.5, Decimal("-1.5")),
        (Decimal("2.50"), Decimal("2.50")),
        (Decimal("-0.001"), Decimal("-0.001")),
    ],
)
def test_numbers_keep_their_digits(raw: object, expected: Decimal) -> None:
    result = parse_value(raw)
    assert result == ParsedValue(expected, None, False, False)
    assert str(result.value) == str(expected)


def test_float_goes_through_repr_not_binary_expansion() -> None:
    value = parse_value(3.02).value
    assert value == Decimal("3.02")
    assert value != Decimal(3.02)


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        ("abc", "没有找到数字"),
        ("%3", "没有找到数字"),
        ("约", "没有找到数字"),
        ("+", "没有找到数字"),
        ("3..2", "小数点"),
        ("3.", "小数点"),
        ("1.2.3", "小数点"),
        ("3。02", "小数点"),
        ("1,60", "千分位"),
        ("1，60", "千分位"),
        ("1,6000", "千分位"),
        ("16,00", "千分位"),
        ("1600,5", "千分位"),
        ("1,", "千分位"),
        ("二十", "阿拉伯数字"),
        ("三千家", "阿拉伯数字"),
        ("约二十", "阿拉伯数字"),
        ("一", "阿拉伯数字"),
        (">=3", "界限"),
        ("≥3", "界限"),
        ("<0.8", "界限"),
        ("＞3", "界限"),
        ("3以上", "界限"),
        ("3%以上", "界限"),
        ("不低于3", "界限"),
        ("0.8以下", "界限"),
        ("3-5", "范围"),
        ("3~5", "范围"),
        ("3～5", "范围"),
        ("3至5", "范围"),
        ("3%-5%", "范围"),
        ("3、5", "多个数字"),
        ("3e5", "多个数字"),
        ("2022年3月", "多个数字"),
        ("1 600", "空格"),
        ("3 .02", "空格"),
        ("3-", "无法识别"),
    ],
)
def test_refused_text_gives_a_chinese_reason(raw: str, reason_part: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value(raw)
    error = info.value
    assert reason_part in error.reason
    assert error.raw == raw
    assert error.reason in str(error)
    assert raw in str(error)


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        (True, "布尔"),
        (False, "布尔"),
        (float("nan"), "有限"),
        (float("inf"), "有限"),
        (Decimal("NaN"), "有限"),
        (Decimal("-Infinity"), "有限"),
        ([1], "类型"),
        (b"3", "类型"),
    ],
)
def test_refused_objects(raw: object, reason_part: str) -> None:
    with pytest.raises(ValueParseError) as info:
        parse_value(raw)
    assert reason_part in info.value.reason


def test_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_value("abc")


def test_parsed_value_is_immutable() -> None:
    result = parse_value("3%")
    with pytest.raises(AttributeError):
        result.value = Decimal(4)  # type: ignore[misc]
