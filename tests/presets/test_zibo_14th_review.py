"""The zibo-14th-review preset: 《淄博市“十四五”科技创新规划》后评估报告 (seed 003)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.presets.conftest import squash

NAME = "zibo-14th-review"
SEED = "003_9c7b8efb2370a0a7.txt"

TOP_KEYS = {"format", "preset", "seed", "plan", "indicator_groups", "task_groups", "task_forces", "leading_groups"}
PLAN_KEYS = {"name", "indicator_notes", "doc_number", "issuer", "issue_date", "city", "base_year", "target_year", "reporting_day", "review_months"}
INDICATOR_KEYS = {"number", "name", "unit", "direction", "weight", "key", "units", "baseline", "targets", "values", "task", "source"}
TARGET_KEYS = {"year", "value", "kind", "text"}
VALUE_KEYS = {"period", "value", "data_year", "unit", "note"}
TASK_KEYS = {"number", "title", "body", "goals", "units", "deadline_text", "task_force", "milestones"}
LEADING_GROUP_KEYS = {"name", "leader", "deputy_leaders", "members", "office"}

# name, unit, 2025 target, 目前完成数, 备注 year
MAIN = [
    ("R&D经费支出占GDP比重", "%", "3", "2.86", 2021),
    ("高新技术产业产值占规模以上工业总产值比重", "%", "58", "48.42", 2022),
    ("科技型中小企业", "家", "2700", "1822", 2022),
    ("高新技术企业", "家", "1800", "1374", 2022),
    ("省级以上创新平台", "家", "550", "448", 2022),
    ("省级以上科技企业孵化器及众创空间", "家", "30", "25", 2022),
    ("年登记技术合同成交额", "亿元", "350", "305.41", 2022),
    ("每万人高价值发明专利拥有量", "件", "10", "7.46", 2022),
]

# earlier figures of the main indicators: name -> {year: value}
MAIN_HISTORY = {
    "R&D经费支出占GDP比重": {2020: "2.81"},
    "高新技术产业产值占规模以上工业总产值比重": {2020: "42.53", 2021: "47.13"},
    "高新技术企业": {2020: "703"},
}
MAIN_BASELINE = {
    "R&D经费支出占GDP比重": ("2.81", 2020),
    "高新技术产业产值占规模以上工业总产值比重": ("42.53", 2020),
    "高新技术企业": ("703", 2020),
}

# 其他指标: name -> (unit, {year: value})
OTHER = {
    "研发经费投入": ("亿元", {2020: "102.64", 2021: "119.43"}),
    "每万名就业人员中研发人员数": ("人年", {2021: "136.71"}),
    "规模以上工业企业中有研发活动企业占比": ("%", {2021: "53.22"}),
    "享受研发费用税前加计扣除政策的企业": ("家", {2022: "2573"}),
    "研发费用税前加计扣除额": ("亿元", {2022: "103.07"}),
    "高新技术企业营业收入": ("亿元", {2022: "2858"}),
    "高新技术企业工业总产值": ("亿元", {2022: "2630"}),
    "高新技术企业净利润": ("亿元", {2022: "193"}),
    "高新技术企业缴税": ("亿元", {2022: "109"}),
    "高新技术企业从业人员": ("万人", {2022: "20.6"}),
    "规模以上高新技术产业产值同比增长": ("%", {2022: "9.33"}),
    "省瞪羚企业": ("家", {2022: "126"}),
    "市瞪羚企业": ("家", {2022: "131"}),
    "国家级专精特新“小巨人”企业": ("家", {2022: "65"}),
    "山东省专精特新企业": ("家", {2022: "336"}),
    "技术合同登记": ("项", {2022: "1534"}),
    "技术交易额认定": ("亿元", {2022: "13.37"}),
    "授权发明专利": ("件", {2022: "2068"}),
    "万人有效发明专利拥有量": ("件", {2022: "19.62"}),
    "GDP": ("亿元", {2022: "4402.6"}),
    "规上工业企业数量": ("家", {2020: "1775", 2022: "2004"}),
    "规模以上工业营业收入": ("亿元", {2022: "6457.5"}),
    "高新技术产业固定资产投资占工业固定资产投资比重": ("%", {2021: "64.97", 2022: "59.65"}),
}

# values derived from a stated difference (must say so in the note): name -> {year: (later value, points)}
DERIVED = {
    ("高新技术产业产值占规模以上工业总产值比重", 2020): Decimal("48.42") - Decimal("5.89"),
    ("高新技术产业产值占规模以上工业总产值比重", 2021): Decimal("48.42") - Decimal("1.29"),
    ("规上工业企业数量", 2020): Decimal("2004") - Decimal("229"),
    ("高新技术产业固定资产投资占工业固定资产投资比重", 2021): Decimal("59.65") + Decimal("5.32"),
}

TASK_GROUPS = [
    ("1", "优化科技创新空间布局", 4),
    ("2", "科技支撑产业发展及城市品质活力提升", 4),
    ("4", "着力提升创新平台能级", 3),
    ("5", "强化企业创新主体地位", 3),
    ("6", "加快科技创新成果转移转化", 3),
    ("7", "打造创新人才集聚高地", 5),
    ("8", "纵深推进科技体制改革", 3),
    ("9", "着力打造一流科技创新生态", 4),
    ("十", "下一步对策建议", 5),
    (None, "评估工作分工", 8),
]

SECTIONS = [
    "政策法规与创新促进科",
    "规划与资源配置科",
    "科技合作科",
    "高新技术发展及产业化科",
    "农村与社会发展科",
    "人才与成果科",
    "外国专家服务科",
    "市科技发展中心",
]


@pytest.fixture
def data(preset):
    return preset(NAME)


@pytest.fixture
def text(seed):
    return seed(SEED)


def indicators(data, group):
    (g,) = [g for g in data["indicator_groups"] if g["name"] == group]
    return {i["name"]: i for i in g["indicators"]}


def all_indicators(data):
    return [i for g in data["indicator_groups"] for i in g["indicators"]]


def all_tasks(data):
    return [t for g in data["task_groups"] for t in g["tasks"]]


def test_keys(data):
    assert set(data) == TOP_KEYS
    assert set(data["plan"]) == PLAN_KEYS
    for g in data["indicator_groups"]:
        assert set(g) == {"name", "indicators"}
        for i in g["indicators"]:
            assert set(i) == INDICATOR_KEYS
            assert all(set(t) == TARGET_KEYS for t in i["targets"])
            assert all(set(v) == VALUE_KEYS for v in i["values"])
            assert i["baseline"] is None or set(i["baseline"]) == {"value", "year"}
    for g in data["task_groups"]:
        assert set(g) == {"number", "name", "tasks"}
        for t in g["tasks"]:
            assert set(t) == TASK_KEYS
    for lg in data["leading_groups"]:
        assert set(lg) == LEADING_GROUP_KEYS


def test_plan(data):
    assert data["format"] == 1
    assert data["preset"] == NAME
    assert data["seed"] == SEED
    assert data["plan"] == {
        "name": "淄博市“十四五”科技创新规划",
        "doc_number": None,
        "issuer": "淄博市人民政府",
        "issue_date": "2022-04-19",
        "city": "淄博市",
        "base_year": 2020,
        "target_year": 2025,
        "reporting_day": None,
        "review_months": [],
        "indicator_notes": [],
    }


def test_plan_facts_in_seed(text):
    assert "《规划》于2022年4月19日发布" in text
    assert "实施周期为2021年至2025年" in text
    assert "自查自评阶段（2023年8月26日-8月31日）" in text


def test_counts(data):
    assert [g["name"] for g in data["indicator_groups"]] == ["主要指标", "其他指标"]
    assert len(indicators(data, "主要指标")) == 8
    assert len(indicators(data, "其他指标")) == len(OTHER) == 23
    assert [(g["number"], g["name"], len(g["tasks"])) for g in data["task_groups"]] == TASK_GROUPS
    assert len(all_tasks(data)) == 42
    assert data["task_forces"] == []
    assert len(data["leading_groups"]) == 1
    assert sum(len(i["values"]) for i in all_indicators(data)) == 8 + 4 + 26


def test_numbers_unique(data):
    numbers = [i["number"] for i in all_indicators(data)]
    assert numbers == [str(n) for n in range(1, 32)]
    task_numbers = [t["number"] for t in all_tasks(data)]
    assert len(task_numbers) == len(set(task_numbers))


@pytest.mark.parametrize("name, unit, target, current, year", MAIN)
def test_main_indicator(data, name, unit, target, current, year):
    ind = indicators(data, "主要指标")[name]
    assert ind["unit"] == unit
    assert ind["direction"] == "higher"
    assert ind["weight"] is None and ind["key"] is False and ind["task"] is None
    assert ind["targets"] == [{"year": 2025, "value": Decimal(target), "kind": "level", "text": target}]
    (now,) = [v for v in ind["values"] if v["period"] == "2023"]
    assert now == {"period": "2023", "value": Decimal(current), "data_year": year, "unit": None, "note": f"{year}年"}
    assert isinstance(now["value"], (int, Decimal)) and str(now["value"]) == current
    assert ind["source"] == f"{name}（{unit}） {target} {current} {year}年"


def test_main_indicator_order(data):
    assert [(i["number"], i["name"]) for i in indicators(data, "主要指标").values()] == [
        (str(n), row[0]) for n, row in enumerate(MAIN, 1)
    ]


@pytest.mark.parametrize("name", [row[0] for row in MAIN])
def test_main_history(data, name):
    ind = indicators(data, "主要指标")[name]
    history = {v["data_year"]: v for v in ind["values"] if v["period"] != "2023"}
    expected = MAIN_HISTORY.get(name, {})
    assert {y: str(v["value"]) for y, v in history.items()} == expected
    for year, v in history.items():
        assert v["period"] == str(year)
        assert v["unit"] is None
    base = MAIN_BASELINE.get(name)
    assert ind["baseline"] == (None if base is None else {"value": Decimal(base[0]), "year": base[1]})


@pytest.mark.parametrize("name", list(OTHER))
def test_other_indicator(data, name):
    unit, values = OTHER[name]
    ind = indicators(data, "其他指标")[name]
    assert ind["unit"] == unit
    assert ind["targets"] == []
    assert {v["data_year"]: str(v["value"]) for v in ind["values"]} == values
    for v in ind["values"]:
        assert v["period"] == str(v["data_year"])
    if 2020 in values:
        assert ind["baseline"] == {"value": Decimal(values[2020]), "year": 2020}
    else:
        assert ind["baseline"] is None


def test_stated_values_in_source(data):
    """Every value that is not derived appears literally in its indicator's source."""
    for ind in indicators(data, "其他指标").values():
        for v in ind["values"]:
            if (ind["name"], v["data_year"]) not in DERIVED:
                assert str(v["value"]) in ind["source"], (ind["name"], v)


def test_derived_values(data):
    by_name = {i["name"]: i for i in all_indicators(data)}
    for (name, year), expected in DERIVED.items():
        (v,) = [v for v in by_name[name]["values"] if v["data_year"] == year]
        assert v["value"] == expected
        assert "推算" in v["note"]
    for i in all_indicators(data):
        for v in i["values"]:
            if (i["name"], v["data_year"]) not in DERIVED and v["note"]:
                assert "推算" not in v["note"]


def test_history_facts_in_seed(text):
    assert "全市研发投入由2020年102.64亿元增加到2021年119.43亿元，占GDP的比重由2.81%增加到2.86%" in text
    assert "全市高新技术企业由2020年的703家增加到1374家" in text
    assert "2022年，全市高新技术企业达到1374家，比2020年增加671家" in text
    assert "规上高新技术产业产值占规上工业产值比重达到48.42%，比2020年度提高5.89个百分点" in text
    assert "规上高新技术产业产值占规上工业产值比重达到48.42%，较2021年全年提高1.29个百分点" in text
    assert "规上工业企业数量2004家，比2020年增加229家" in text
    assert "比重为59.65%，较2021年全年下降5.32个百分点" in text


def test_sources_in_seed(data, text):
    for ind in all_indicators(data):
        assert squash(ind["source"]) in text, ind["name"]


def test_titles_and_bodies_in_seed(data, text):
    for g in data["task_groups"]:
        if g["name"] != "评估工作分工":
            assert squash(g["name"]) in text
        for t in g["tasks"]:
            assert squash(t["title"]) in text, t["number"]
            if t["body"] is not None:
                assert squash(t["title"] + "。" + t["body"]) in text, t["number"]
            assert t["goals"] == [] and t["milestones"] == []
            assert t["deadline_text"] is None and t["task_force"] is None


def test_task_numbers(data):
    groups = {g["name"]: g for g in data["task_groups"]}
    assert [t["number"] for t in groups["加快科技创新成果转移转化"]["tasks"]] == ["6.1", "6.2", "6.3"]
    assert [t["number"] for t in groups["下一步对策建议"]["tasks"]] == ["10.1", "10.2", "10.3", "10.4", "10.5"]
    assert [t["number"] for t in groups["评估工作分工"]["tasks"]] == list("一二三四五六七八")
    first = data["task_groups"][0]["tasks"][0]
    assert (first["number"], first["title"]) == ("1.1", "提升市及县域创新能力")


def test_units(data):
    groups = {g["name"]: g for g in data["task_groups"]}
    for g in data["task_groups"]:
        if g["name"] != "评估工作分工":
            assert all(t["units"] == ["市科技局"] for t in g["tasks"])
    assert [t["units"] for t in groups["评估工作分工"]["tasks"]] == [[s] for s in SECTIONS]
    for t in groups["评估工作分工"]["tasks"]:
        assert t["title"].startswith(t["units"][0] + "负责")
        assert t["body"] is None
    for i in all_indicators(data):
        assert i["units"] == []


def test_sections_named_in_seed(text):
    for s in SECTIONS:
        assert s in text


def test_leading_group(data, text):
    (lg,) = data["leading_groups"]
    assert squash(lg["name"]) in text
    assert lg["leader"].startswith("胡冰")
    assert lg["deputy_leaders"] == []
    assert len(lg["members"]) == 8
    for m in [lg["leader"], *lg["members"], lg["office"]]:
        assert squash(m) in text
    assert "市科技局规划与资源配置科" in lg["office"]
