"""Tests for desktop.domain.intake.measure: never a value in the wrong magnitude."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.intake.measure import (
    Part,
    Unit,
    UnitMismatch,
    convert,
    is_percent_format,
    parse_unit,
    same_kind,
    unit_in_brackets,
)


def D(text: str) -> Decimal:
    return Decimal(text)


@pytest.mark.parametrize(
    ("value", "given", "plan", "number_format", "expected"),
    [
        # money
        ("1200000", "万元", "亿元", None, "120"),
        ("1234567", "万元", "亿元", None, "123.4567"),
        ("120", "亿元", "万元", None, "1200000"),
        ("3500000", "元", "万元", None, "350"),
        ("350000000", "元", "亿元", None, "3.5"),
        ("300", "亿", "亿元", None, "300"),
        ("300", "亿元", "亿", None, "300"),
        ("12", "百万元", "万元", None, "1200"),
        ("120", "（亿元）", "亿元", None, "120"),
        ("120", "单位：万元", "万元", None, "120"),
        # counts: the counting word does not matter, the scale does
        ("1600", "家", "家", None, "1600"),
        ("1600", "个", "家", None, "1600"),
        ("12", "项", "件", None, "12"),
        ("45", "人", "名", None, "45"),
        ("206000", "人", "万人", None, "20.6"),
        ("20.6", "万人", "人", None, "206000"),
        ("1.2", "万家", "家", None, "12000"),
        # percentages
        ("0.0302", None, "%", "0.00%", "3.02"),
        ("0.03", None, "%", "0%", "3"),
        ("0.0302", "%", "%", "0.00%", "3.02"),
        ("3.02", "%", "%", None, "3.02"),
        ("3.02", "％", "%", None, "3.02"),
        ("3.02", None, "%", None, "3.02"),
        ("3.02", None, "%", "General", "3.02"),
        ("25", "‰", "%", None, "2.5"),
        ("1.5", "个百分点", "百分点", None, "1.5"),
        # rates
        ("5", "元/人", "万元/人", None, "0.0005"),
        ("0.0008", "件/人", "件/万人", None, "8"),
        ("12.5", "件/万人", "件/万人", None, "12.5"),
        ("0.45", "吨标准煤/万元", "吨标准煤/万元", None, "0.45"),
        # other bases
        ("21000", "人年", "人年", None, "21000"),
        # nothing to compare with: kept as written
        ("7", None, "亿元", None, "7"),
        ("7", "项", None, None, "7"),
        ("7", None, None, None, "7"),
    ],
)
def test_convert(value: str, given: str | None, plan: str | None, number_format: str | None, expected: str) -> None:
    result = convert(D(value), given, plan, number_format)
    assert result == D(expected)
    assert str(result) == expected  # exact digits, no float noise and no trailing zeros


def test_convert_keeps_written_digits_when_nothing_changes() -> None:
    assert str(convert(D("2.50"), "%", "%", None)) == "2.50"
    assert str(convert(D("2.50"), None, "%", None)) == "2.50"


@pytest.mark.parametrize(
    ("given", "plan", "number_format", "words"),
    [
        ("人", "亿元", None, "不是同一类"),
        ("万元", "%", None, "不是同一类"),
        ("%", "家", None, "不是同一类"),
        ("家", "件/万人", None, "不是同一类"),
        ("个百分点", "%", None, "不是同一类"),
        ("美元", "亿元", None, "无法识别填写的单位"),
        ("家企业", "家", None, "无法识别填写的单位"),
        ("万元", "吨", "General", "不是同一类"),
        (None, "家", "0.00%", "百分比格式"),
        (None, None, "0.00%", "百分比格式"),
        ("万元", "%", "0.00%", "矛盾"),
        ("亿元", "某单位", None, "无法识别该指标的计量单位"),
    ],
)
def test_convert_refuses(given: str | None, plan: str | None, number_format: str | None, words: str) -> None:
    with pytest.raises(UnitMismatch) as caught:
        convert(D("1"), given, plan, number_format)
    assert words in caught.value.reason
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == caught.value.reason


def test_unknown_units_that_are_identical_pass() -> None:
    assert convert(D("3"), "亿美元", "亿美元", None) == D("3")


def test_parse_unit() -> None:
    assert parse_unit("亿元") == Unit(Part(8, "元"))
    assert parse_unit("家") == parse_unit("个") == Unit(Part(0, "个"))
    assert parse_unit("万人") == Unit(Part(4, "个"))
    assert parse_unit("件/万人") == Unit(Part(0, "个"), Part(4, "个"))
    assert parse_unit("‰") == Unit(Part(-1, "%"))
    assert parse_unit("％") == Unit(Part(0, "%"))
    assert parse_unit("亿") == Unit(Part(8, ""))
    assert parse_unit("万千瓦时") == Unit(Part(4, "千瓦时"))
    assert parse_unit("人年") == Unit(Part(0, "人年"))
    assert parse_unit("") is None
    assert parse_unit(None) is None
    assert parse_unit("美元") is None
    assert parse_unit("%/人") is None
    assert parse_unit("a/b/c") is None


@pytest.mark.parametrize(
    ("number_format", "expected"),
    [("0.00%", True), ("0%", True), ("#,##0.0%", True), ('0"%"', False), ("0\\%", False), ("General", False), ("0.00", False), (None, False)],
)
def test_is_percent_format(number_format: str | None, expected: bool) -> None:
    assert is_percent_format(number_format) is expected


def test_same_kind() -> None:
    assert same_kind("万元", "亿元")
    assert same_kind("个", "家")
    assert not same_kind("万元", "%")
    assert not same_kind("万元", None)
    assert not same_kind(None, "亿元")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("技术合同成交额（亿元）", "亿元"),
        ("R&D经费支出占GDP比重(%)", "%"),
        ("高新技术企业数量（家）占规上工业企业数量比重(%)", "%"),
        ("人均 GDP（万元/人）", "万元/人"),
        ("2023年完成值（万元）", "万元"),
        ("各县（市、区）科技投入", None),
        ("高新技术企业", None),
    ],
)
def test_unit_in_brackets(text: str, unit: str | None) -> None:
    assert unit_in_brackets(text) == unit
