"""Checks resources/presets/units.json: the one shared list of units (organisations) with aliases."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

UNITS_FILE = Path(__file__).resolve().parents[2] / "resources" / "presets" / "units.json"
KINDS = {"department", "county", "zone", "section", "enterprise", "other"}

# Names exactly as the seed documents write them (whitespace removed), with the seed they come from.
DOCUMENT_NAMES: list[tuple[str, str]] = [
    # 000 淄博 2022
    ("市科技局", "000_4843bbb4074c6b04.txt"),
    ("市发展改革委", "000_4843bbb4074c6b04.txt"),
    ("市工业和信息化局", "000_4843bbb4074c6b04.txt"),
    ("市人力资源社会保障局", "000_4843bbb4074c6b04.txt"),
    ("市卫生健康委", "000_4843bbb4074c6b04.txt"),
    ("市市场监管局", "000_4843bbb4074c6b04.txt"),
    ("市地方金融监管局", "000_4843bbb4074c6b04.txt"),
    ("市税务局", "000_4843bbb4074c6b04.txt"),
    ("市行政审批服务局", "000_4843bbb4074c6b04.txt"),
    ("市大数据局", "000_4843bbb4074c6b04.txt"),
    ("市工商联", "000_4843bbb4074c6b04.txt"),
    ("市委宣传部", "000_4843bbb4074c6b04.txt"),
    ("市文化和旅游局", "000_4843bbb4074c6b04.txt"),
    ("人民银行淄博市中心支行", "000_4843bbb4074c6b04.txt"),
    ("淄博银保监分局", "000_4843bbb4074c6b04.txt"),
    ("市建设创新型城市领导小组成员单位", "000_4843bbb4074c6b04.txt"),
    ("各区县人民政府", "000_4843bbb4074c6b04.txt"),
    ("文昌湖区管委会", "000_4843bbb4074c6b04.txt"),
    # 001 泰安 2022
    ("市自然资源和规划局", "001_1b4764571c7d463f.txt"),
    ("市应急局", "001_1b4764571c7d463f.txt"),
    ("市人才办", "001_1b4764571c7d463f.txt"),
    ("市民政局", "001_1b4764571c7d463f.txt"),
    ("泰安银保监分局", "001_1b4764571c7d463f.txt"),
    ("各县市区政府", "001_1b4764571c7d463f.txt"),
    ("各功能区管委会", "001_1b4764571c7d463f.txt"),
    # 002 聊城 2018 (pre-2019-reform names)
    ("市发改委", "002_a62b8d0a8108107a.txt"),
    ("市经信委", "002_a62b8d0a8108107a.txt"),
    ("市卫计委", "002_a62b8d0a8108107a.txt"),
    ("市农委", "002_a62b8d0a8108107a.txt"),
    ("市人社局", "002_a62b8d0a8108107a.txt"),
    ("市工商局", "002_a62b8d0a8108107a.txt"),
    ("市知识产权局", "002_a62b8d0a8108107a.txt"),
    ("市金融办", "002_a62b8d0a8108107a.txt"),
    ("市国资委", "002_a62b8d0a8108107a.txt"),
    ("市科协", "002_a62b8d0a8108107a.txt"),
    ("各县(市、区)政府", "002_a62b8d0a8108107a.txt"),
    ("各县（市、区）政府", "002_a62b8d0a8108107a.txt"),
    ("各县（市、区）人民政府", "002_a62b8d0a8108107a.txt"),
    ("市属开发区管委会", "002_a62b8d0a8108107a.txt"),
    ("高新区管委会", "002_a62b8d0a8108107a.txt"),
    ("开发区管委会", "002_a62b8d0a8108107a.txt"),
    ("东昌府区政府", "002_a62b8d0a8108107a.txt"),
    ("茌平县政府", "002_a62b8d0a8108107a.txt"),
    ("临清市政府", "002_a62b8d0a8108107a.txt"),
    ("冠县政府", "002_a62b8d0a8108107a.txt"),
    # 003 / 004 淄博 bureau
    ("规划与资源配置科", "003_9c7b8efb2370a0a7.txt"),
    ("市科技局规划与资源配置科", "003_9c7b8efb2370a0a7.txt"),
    ("市科技发展中心", "003_9c7b8efb2370a0a7.txt"),
    ("张店区", "003_9c7b8efb2370a0a7.txt"),
    ("桓台县", "003_9c7b8efb2370a0a7.txt"),
    ("人才与成果科", "004_32433b226444daa8.txt"),
    ("政策法规与创新促进科", "004_32433b226444daa8.txt"),
    ("办公室", "004_32433b226444daa8.txt"),
    ("外国专家服务科", "004_32433b226444daa8.txt"),
    ("市科技信息服务中心", "004_32433b226444daa8.txt"),
    ("各区县科技局", "004_32433b226444daa8.txt"),
    ("高新区科工信局", "004_32433b226444daa8.txt"),
    ("经开区工科局", "004_32433b226444daa8.txt"),
    ("淄博产业技术研究院", "004_32433b226444daa8.txt"),
]

# Names that only exist once a shared suffix is distributed ("高新区、经济开发区管委会").
DISTRIBUTED_NAMES = ["经济开发区管委会"]

# Different names of the same body: each group must resolve to one entry.
SAME_BODY = [
    ["市发改委", "市发展改革委", "市发展和改革委员会"],
    ["市经信委", "市工业和信息化局", "市工信局"],
    ["市卫计委", "市卫生健康委", "市卫健委"],
    ["市农委", "市农业农村局"],
    ["市人社局", "市人力资源社会保障局"],
    ["市工商局", "市知识产权局", "市市场监管局", "市市场监督管理局"],
    ["市金融办", "市地方金融监管局"],
    ["市国土资源局", "市自然资源和规划局"],
    ["市环保局", "市生态环境局"],
    ["市国税局", "市地税局", "市税务局"],
    ["各县(市、区)政府", "各县（市、区）政府", "各县（市、区）人民政府", "各区县政府",
     "各区县人民政府", "各县市区政府"],
    ["开发区管委会", "经开区管委会", "经济开发区管委会"],
    ["茌平县政府", "茌平区政府"],
]


@pytest.fixture(scope="module")
def units() -> list:
    with open(UNITS_FILE, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def index(units) -> dict[str, str]:
    """Every name and alias -> the canonical name of its entry."""
    out: dict[str, str] = {}
    for entry in units:
        out[entry["name"]] = entry["name"]
        for alias in entry["aliases"]:
            out[alias] = entry["name"]
    return out


def test_is_list_of_unit_objects(units):
    assert isinstance(units, list) and units
    for entry in units:
        assert isinstance(entry, dict), entry
        assert set(entry) == {"name", "kind", "aliases"}, entry
        assert isinstance(entry["name"], str) and entry["name"].strip() == entry["name"] != ""
        assert entry["kind"] in KINDS, entry
        assert isinstance(entry["aliases"], list), entry
        for alias in entry["aliases"]:
            assert isinstance(alias, str) and alias.strip() == alias != "", entry
            assert alias != entry["name"], entry


def test_names_unique(units):
    dupes = [n for n, c in Counter(e["name"] for e in units).items() if c > 1]
    assert not dupes


def test_aliases_unique_and_not_names(units):
    names = {e["name"] for e in units}
    aliases = [a for e in units for a in e["aliases"]]
    dupes = [a for a, c in Counter(aliases).items() if c > 1]
    assert not dupes, f"alias listed twice: {dupes}"
    clash = sorted(set(aliases) & names)
    assert not clash, f"alias equal to an entry name: {clash}"


@pytest.mark.parametrize("name,seed_file", DOCUMENT_NAMES)
def test_document_name_resolves(index, seed, name, seed_file):
    assert name.replace(" ", "") in seed(seed_file), f"{name} is not written in {seed_file}"
    assert name in index, f"{name} is neither a unit name nor an alias"


@pytest.mark.parametrize("name", DISTRIBUTED_NAMES)
def test_distributed_name_resolves(index, name):
    assert name in index


@pytest.mark.parametrize("group", SAME_BODY, ids=lambda g: g[0])
def test_same_body_resolves_to_one_entry(index, group):
    targets = {index.get(n) for n in group}
    assert None not in targets, [n for n in group if n not in index]
    assert len(targets) == 1, {n: index[n] for n in group}


def test_kinds_of_known_units(index, units):
    kind = {e["name"]: e["kind"] for e in units}
    assert kind[index["市科技局"]] == "department"
    assert kind[index["各县(市、区)政府"]] == "county"
    assert kind[index["东昌府区政府"]] == "county"
    assert kind[index["高新区管委会"]] == "zone"
    assert kind[index["文昌湖区管委会"]] == "zone"
    assert kind[index["规划与资源配置科"]] == "section"
    assert kind[index["办公室"]] == "section"
    assert kind[index["淄博产业技术研究院"]] == "enterprise"
