"""The zibo-2022 preset against 淄政发〔2022〕4号 (seed 000)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.presets.conftest import squash
from tests.presets.helpers import by_name, check_structure, indicators, tasks

NAME = "zibo-2022"
SEED = "000_4843bbb4074c6b04.txt"

def test_structure(preset):
    check_structure(preset(NAME), NAME, SEED)


def test_plan(preset):
    plan = preset(NAME)["plan"]
    assert plan == {
        "name": "关于高质量推进创新型城市建设的意见",
        "doc_number": "淄政发〔2022〕4号",
        "issuer": "淄博市人民政府",
        "issue_date": "2022-07-17",
        "city": "淄博市",
        "base_year": 2021,
        "target_year": 2024,
        "reporting_day": None,
        "review_months": [],
        "indicator_notes": [],
    }


def test_counts(preset):
    data = preset(NAME)
    assert [g["name"] for g in data["indicator_groups"]] == ["创新指标争先进位", "创新要素集聚丰富", "重点任务目标"]
    assert [len(g["indicators"]) for g in data["indicator_groups"]] == [5, 9, 13]
    assert len(indicators(data)) == 27
    assert [g["number"] for g in data["task_groups"]] == ["一", "二", "三", "四", "五", "六", "七"]
    assert [len(g["tasks"]) for g in data["task_groups"]] == [5, 3, 4, 3, 3, 3, 3]
    assert len(tasks(data)) == 24
    assert data["task_forces"] == []
    assert [g["name"] for g in data["leading_groups"]] == ["市建设创新型城市领导小组"]


HEADLINE = [
    # name, unit, value
    ("全社会研发投入强度", "%", Decimal("3")),
    ("万人拥有研发人员数", "人年", Decimal("110")),
    ("规模以上工业企业中有研发活动企业占比", "%", Decimal("50")),
    ("技术合同成交额", "亿", Decimal("300")),
    ("万人高价值发明专利拥有量", "件", Decimal("8.5")),
    ("高新技术企业", "家", Decimal("1600")),
    ("科技型中小企业", "家", Decimal("2500")),
    ("国家级专精特新“小巨人”企业", "家", Decimal("35")),
    ("高新技术企业数量及占规模以上工业企业数量", "%", Decimal("70")),
    ("高新技术产业产值占规模以上工业产值", "%", Decimal("55")),
    ("省级以上创新平台", "家", Decimal("500")),
    ("国家级大学科技园", "家", Decimal("1")),
    ("各类省级以上人才", "人", Decimal("780")),
    ("海外高层次人才", "人", Decimal("30")),
]


def test_headline_targets(preset):
    data = preset(NAME)
    headline = data["indicator_groups"][0]["indicators"] + data["indicator_groups"][1]["indicators"]
    assert [(i["name"], i["unit"], i["targets"][0]["value"]) for i in headline] == HEADLINE
    for ind in headline:
        assert ind["direction"] == "higher"
        assert ind["task"] is None
        assert ind["units"] == []
        assert [(t["year"], t["kind"]) for t in ind["targets"]] == [(2024, "level")]
    assert by_name(data, "全社会研发投入强度")["targets"][0]["text"] == "全社会研发投入强度达到 3%以上"
    assert by_name(data, "万人高价值发明专利拥有量")["targets"][0]["value"] == Decimal("8.5")


TASK_TARGETS = [
    # name, unit, value, kind, task
    ("数字经济核心产业增加值", "%", Decimal("15"), "growth_rate", "三.3"),
    ("私募股权投资基金总规模", "亿元", Decimal("2200"), "level", "三.4"),
    ("每万人新增注册企业数", "家", Decimal("62"), "level", "四.1"),
    ("规模以上工业企业中有研发活动占比", "%", Decimal("50"), "level", "四.2"),
    ("专利导航项目", "个", Decimal("15"), "level", "四.3"),
    ("空气质量达到及好于二级的天数占全年的比重", None, None, "qualitative", "五.2"),
    ("万元 GDP 综合能耗", "吨标准煤/万元", Decimal("0.8"), "ceiling", "五.2"),
    ("省级临床医学研究中心分中心", "家", Decimal("3"), "level", "五.3"),
    ("省级文化和科技融合示范基地", "家", Decimal("3"), "level", "五.3"),
    ("新引进培养市级以上重点人才工程专家", "人", Decimal("60"), "yearly_flow", "六.2"),
    ("招引大专及以上各类人才", "万人", Decimal("4"), "yearly_flow", "六.2"),
    ("高端外国专家和海外工程师", "个", Decimal("10"), "yearly_flow", "六.2"),
    ("科技公共财政支出占公共财政支出比重", "%", Decimal("1.75"), "level", None),
]


def test_task_targets(preset):
    data = preset(NAME)
    group = data["indicator_groups"][2]["indicators"]
    assert [(i["name"], i["unit"], i["targets"][0]["value"], i["targets"][0]["kind"], i["task"])
            for i in group] == TASK_TARGETS
    for ind in group:
        assert [t["year"] for t in ind["targets"]] == [2024]
    energy = by_name(data, "万元 GDP 综合能耗")
    assert energy["direction"] == "lower"
    assert energy["targets"][0]["text"] == "万元 GDP 综合能耗 0.8 吨标准煤/万元"
    assert by_name(data, "私募股权投资基金总规模")["targets"][0]["text"] == (
        "到 2024 年，私募股权投资基金总规模达到2200 亿元")
    assert by_name(data, "科技公共财政支出占公共财政支出比重")["units"] == []
    assert by_name(data, "专利导航项目")["units"] == ["市市场监管局"]


def test_indicator_numbers_unique(preset):
    numbers = [i["number"] for i in indicators(preset(NAME))]
    assert numbers == [str(n) for n in range(1, 28)]


def test_sample_tasks(preset):
    data = preset(NAME)
    found = {t["number"]: t for t in tasks(data)}
    assert data["task_groups"][0]["name"] == "纵深推进科技体制改革，激发动能活力"
    assert data["task_groups"][6]["name"] == "全面推进开放创新发展，保持创新持续活力"
    assert found["一.1"]["title"] == "持续优化科技资源配置"
    assert found["一.1"]["units"] == ["市科技局", "市财政局"]
    assert found["一.2"]["units"] == ["市建设创新型城市领导小组成员单位"]
    assert found["一.5"]["units"] == ["市科技局", "市发展改革委", "市财政局", "市审计局"]
    assert found["三.4"]["units"] == [
        "市地方金融监管局", "市科技局", "市财政局", "市市场监管局", "人民银行淄博市中心支行", "淄博银保监分局"]
    assert found["四.3"]["title"] == "实施知识产权战略推进计划"
    assert found["四.3"]["units"] == ["市市场监管局"]
    assert found["六.2"]["units"] == [
        "市委组织部", "市发展改革委", "市教育局", "市科技局", "市工业和信息化局", "市人力资源社会保障局", "市卫生健康委"]
    assert found["七.3"]["title"] == "以更加开放的姿态融入全国乃至全球创新网络"
    assert found["七.3"]["units"] == ["市科技局", "市商务局", "市发展改革委"]
    for task in tasks(data):
        assert task["deadline_text"] is None
        assert task["goals"] == [] and task["milestones"] == []
        assert task["task_force"] is None


def seed_text(seed):
    """The squashed seed without the stray page number "4" (a lone line between two pages)."""
    text = seed(SEED)
    artifact = "新型研发机构、4省技术创新中心"
    assert text.count(artifact) == 1
    return text.replace(artifact, "新型研发机构、省技术创新中心")


def test_strings_occur_in_seed(preset, seed):
    data = preset(NAME)
    text = seed_text(seed)
    for group in data["task_groups"]:
        assert squash(group["name"]) in text
        for task in group["tasks"]:
            assert squash(task["title"]) in text, task["number"]
            assert task["body"] is not None and task["body"].startswith(task["title"] + "。")
            assert squash(task["body"]) in text, task["number"]
            for unit in task["units"]:
                assert squash(unit) in text, unit
    for group in data["indicator_groups"][:2]:
        assert squash(group["name"]) in text
    for ind in indicators(data):
        assert squash(ind["name"]) in text, ind["name"]
        assert squash(ind["source"]) in text, ind["name"]
        assert ind["source"].endswith("。")
        for target in ind["targets"]:
            assert squash(target["text"]) in squash(ind["source"]), ind["name"]


def test_task_numbers_unique_and_linked(preset):
    data = preset(NAME)
    numbers = [t["number"] for t in tasks(data)]
    assert len(numbers) == len(set(numbers))
    for group in data["task_groups"]:
        assert [t["number"] for t in group["tasks"]] == [
            f"{group['number']}.{n}" for n in range(1, len(group["tasks"]) + 1)]
    for ind in indicators(data):
        assert ind["task"] is None or ind["task"] in numbers, ind["name"]
        if ind["task"] is not None:
            (task,) = [t for t in tasks(data) if t["number"] == ind["task"]]
            assert squash(ind["source"]) in squash(task["body"]), ind["name"]
            assert ind["units"] == task["units"]
