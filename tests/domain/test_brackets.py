"""Matching brackets in Chinese text: nested, mixed full- and half-width, either direction."""

from __future__ import annotations

from desktop.domain._text import bracket_partner


def test_a_nested_unit_name_does_not_close_the_list() -> None:
    text = "（责任单位：市科技局、各县（市、区）政府）完成"
    close = bracket_partner(text, 0)
    assert close == text.index("）完成")
    assert bracket_partner(text, close) == 0  # and back again


def test_full_and_half_width_brackets_pair_by_depth() -> None:
    text = "〔A(B)C〕"
    assert bracket_partner(text, 0) == len(text) - 1
    assert bracket_partner(text, 2) == 4


def test_an_unclosed_bracket_or_a_plain_character_has_no_partner() -> None:
    assert bracket_partner("（市科技局、市财政局", 0) is None
    assert bracket_partner("市科技局", 1) is None


def test_the_search_stops_at_its_limit() -> None:
    text = "（" + "字" * 50 + "）"
    assert bracket_partner(text, 0, limit=20) is None
    assert bracket_partner(text, 0, limit=60) == len(text) - 1
    assert bracket_partner(text, len(text) - 1, limit=20) is None
