"""Tests for desktop.domain.unit_names."""

from __future__ import annotations

import pytest

from desktop.domain.unit_names import (
    Resolution,
    UnitDirectory,
    UnitEntry,
    normalise_unit_name,
    split_unit_list,
)

ENTRIES = [
    UnitEntry("市发展改革委", "department", ("市发改委", "市发展和改革委员会")),
    UnitEntry("市科技局", "department", ("市科学技术局",)),
    UnitEntry("市工业和信息化局", "department", ("市经信委",)),
    UnitEntry("市市场监管局", "department", ("市工商局",)),
    UnitEntry("市财政局", "department", ()),
    UnitEntry("市统计局", "department", ()),
    UnitEntry("各县（市、区）政府", "county", ("各县(市、区)人民政府",)),
    UnitEntry("市属开发区管委会", "zone", ()),
    UnitEntry("高新区管委会", "zone", ("高新区", "聊城高新区管委会")),
    UnitEntry("经济开发区管委会", "zone", ()),
    UnitEntry("临清市政府", "county", ()),
    UnitEntry("东昌府区", "county", ()),
    UnitEntry("ABC研究院", "enterprise", ()),
]


@pytest.fixture
def directory() -> UnitDirectory:
    return UnitDirectory(ENTRIES)


# -- normalise_unit_name ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市科技局", "科技局"),
        ("科技局", "科技局"),
        ("市 科\n技局", "科技局"),
        ("\u3000市科技局\u3000", "科技局"),
        ("各县（市、区）政府", "各县(市、区)政府"),
        ("各县(市、区)政府", "各县(市、区)政府"),
        ("各县〔市、区〕政府", "各县(市、区)政府"),
        ("各县【市、区】政府", "各县(市、区)政府"),
        ("聊城市人民政府", "聊城市政府"),
        ("市人民政府", "政府"),
        ("人民银行聊城市中心支行", "人民银行聊城市中心支行"),
        ("ＡＢＣ研究院", "abc研究院"),
        ("abc研究院", "abc研究院"),
        ("市市场监管局", "市场监管局"),
        ("市场监管局", "市场监管局"),
        ("市属开发区管委会", "属开发区管委会"),
        ("", ""),
    ],
)
def test_normalise_unit_name(name: str, expected: str) -> None:
    assert normalise_unit_name(name) == expected


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.name)
def test_writing_the_city_prefix_or_not_gives_the_same_key(entry: UnitEntry) -> None:
    key = normalise_unit_name(entry.name)
    assert normalise_unit_name("市" + key) == key


# -- resolve ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name", "how"),
    [
        ("市科技局", "市科技局", "exact"),
        ("市发展改革委", "市发展改革委", "exact"),
        ("各县（市、区）政府", "各县（市、区）政府", "exact"),
        ("市发改委", "市发展改革委", "alias"),
        ("市发展和改革委员会", "市发展改革委", "alias"),
        ("市经信委", "市工业和信息化局", "alias"),
        ("高新区", "高新区管委会", "alias"),
        ("各县(市、区)人民政府", "各县（市、区）政府", "alias"),
        ("科技局", "市科技局", "normalised"),
        ("市 科技局", "市科技局", "normalised"),
        (" 市科技局 ", "市科技局", "normalised"),
        ("发改委", "市发展改革委", "normalised"),
        ("各县(市、区)政府", "各县（市、区）政府", "normalised"),
        ("各县〔市、区〕人民政府", "各县（市、区）政府", "normalised"),
        ("临清市人民政府", "临清市政府", "normalised"),
        ("市场监管局", "市市场监管局", "normalised"),
        ("ａｂｃ研究院", "ABC研究院", "normalised"),
        ("市科技", None, "unknown"),  # never fuzzy
        ("市科学技术厅", None, "unknown"),
        ("省科技厅", None, "unknown"),
        ("", None, "unknown"),
        ("市", None, "unknown"),
    ],
)
def test_resolve(directory: UnitDirectory, written: str, name: str | None, how: str) -> None:
    assert directory.resolve(written) == Resolution(written, name, how)  # type: ignore[arg-type]


def test_exact_name_beats_alias_of_another_form(directory: UnitDirectory) -> None:
    assert directory.resolve("东昌府区").how == "exact"


def test_directory_exposes_entries(directory: UnitDirectory) -> None:
    assert len(directory) == len(ENTRIES)
    assert directory.entries == tuple(ENTRIES)
    assert directory.entry("市科技局").kind == "department"
    with pytest.raises(KeyError):
        directory.entry("市发改委")


def test_entry_aliases_from_json_lists_become_tuples() -> None:
    entry = UnitEntry("市科技局", "department", ["市科学技术局"])  # type: ignore[arg-type]
    assert entry.aliases == ("市科学技术局",)
    hash(entry)


def test_alias_equal_to_own_name_or_repeated_is_fine() -> None:
    directory = UnitDirectory([UnitEntry("市科技局", "department", ("市科技局", "科技局", "科技局"))])
    assert directory.resolve("市科技局").how == "exact"
    assert directory.resolve("科技局") == Resolution("科技局", "市科技局", "alias")


@pytest.mark.parametrize(
    "entries",
    [
        [UnitEntry("市科技局", "department"), UnitEntry("市科技局", "section")],
        [UnitEntry("市科技局", "department", ("市科委",)), UnitEntry("市科协", "other", ("市科委",))],
        [UnitEntry("市科技局", "department"), UnitEntry("市科协", "other", ("市科技局",))],
        # different exact names that normalise to the same key
        [UnitEntry("市科技局", "department"), UnitEntry("科技局", "section")],
        [UnitEntry("聊城市人民政府", "other"), UnitEntry("聊城市政府", "other")],
        [UnitEntry("市科技局", "department", ("市 科委",)), UnitEntry("市科委", "other")],
        [UnitEntry(" ", "other")],
        [UnitEntry("市科技局", "department", ("",))],
    ],
)
def test_ambiguous_directory_is_refused(entries: list[UnitEntry]) -> None:
    with pytest.raises(ValueError):
        UnitDirectory(entries)


def test_empty_directory_knows_nothing() -> None:
    assert UnitDirectory([]).resolve("市科技局") == Resolution("市科技局", None, "unknown")


# -- split_unit_list ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市科技局、市财政局，市统计局", ["市科技局", "市财政局", "市统计局"]),
        ("市科技局,市财政局;市统计局；市教育局", ["市科技局", "市财政局", "市统计局", "市教育局"]),
        ("市科技局", ["市科技局"]),
        ("高新区、经济开发区管委会", ["高新区管委会", "经济开发区管委会"]),
        ("高新区、度假区、经济开发区管委会", ["高新区管委会", "度假区管委会", "经济开发区管委会"]),
        ("市科技局、高新区、经济开发区管委会", ["市科技局", "高新区管委会", "经济开发区管委会"]),
        ("东阿县、临清市人民政府", ["东阿县人民政府", "临清市人民政府"]),
        ("茌平县政府、阳谷县政府", ["茌平县政府", "阳谷县政府"]),
        ("市科技局、高新区", ["市科技局", "高新区"]),  # nothing to share
        ("高新区、市科技局", ["高新区", "市科技局"]),
        ("高新区、临清市政府", ["高新区政府", "临清市政府"]),  # grammar as written
        ("各县（市、区）政府", ["各县（市、区）政府"]),
        ("各县(市、区)政府", ["各县(市、区)政府"]),
        (
            "市科技局、市发改委、 市经信委， 各县（市、区） 政府、市属开 发区管委会",
            ["市科技局", "市发改委", "市经信委", "各县（市、区）政府", "市属开发区管委会"],
        ),
        (
            "市科技局、市委组织部、 市发改委、市经信委、市 财政局、市金融办， 各县 （市、区） 政府、市属开 发区管委会",
            ["市科技局", "市委组织部", "市发改委", "市经信委", "市财政局", "市金融办", "各县（市、区）政府", "市属开发区管委会"],
        ),
        (
            "〔责任单位：市科技局、各县(市、区)政府、市属开发区管委会〕",
            ["市科技局", "各县(市、区)政府", "市属开发区管委会"],
        ),
        ("（责任单位：市科技局、市财政局）", ["市科技局", "市财政局"]),
        ("(责任部门:市科技局、市财政局)", ["市科技局", "市财政局"]),
        ("知识产权局，各县(市、区)政府、市属开发区管委会〕", ["知识产权局", "各县(市、区)政府", "市属开发区管委会"]),
        ("市科技局、、市财政局、", ["市科技局", "市财政局"]),
        ("市科技局、市财政局、市科技局", ["市科技局", "市财政局"]),
        ("", []),
        ("  ", []),
        ("、，", []),
    ],
)
def test_split_unit_list(text: str, expected: list[str]) -> None:
    assert split_unit_list(text) == expected


def test_split_with_unclosed_bracket_still_splits() -> None:
    assert split_unit_list("市科技局（牵头、市财政局") == ["市科技局（牵头", "市财政局"]


def test_directory_split_keeps_a_known_bare_name(directory: UnitDirectory) -> None:
    # 东昌府区 is a unit of its own and 东昌府区管委会 is not: keep it bare.
    assert directory.split_unit_list("东昌府区、经济开发区管委会") == ["东昌府区", "经济开发区管委会"]
    # 高新区 is only an alias and 高新区管委会 is known: the suffix is shared.
    assert directory.split_unit_list("高新区、经济开发区管委会") == ["高新区管委会", "经济开发区管委会"]
    # Unknown either way: follow the grammar of the list.
    assert directory.split_unit_list("度假区、经济开发区管委会") == ["度假区管委会", "经济开发区管委会"]


def test_directory_split_then_resolve(directory: UnitDirectory) -> None:
    names = directory.split_unit_list("市科技局、市发改委、 市经信委， 各县（市、区） 政府、市属开 发区管委会")
    resolved = [directory.resolve(name).name for name in names]
    assert resolved == ["市科技局", "市发展改革委", "市工业和信息化局", "各县（市、区）政府", "市属开发区管委会"]
