"""The taian-2022 preset against 泰政发〔2022〕13号 (seed 001)."""

from __future__ import annotations

from decimal import Decimal

from tests.presets.conftest import squash
from tests.presets.helpers import by_name, check_structure, indicators, task, tasks

NAME = "taian-2022"
SEED = "001_1b4764571c7d463f.txt"

def by_name(data, name):
    (found,) = [ind for ind in indicators(data) if ind["name"] == name]
    return found


def test_structure(preset):
    check_structure(preset(NAME), NAME, SEED)


def test_plan(preset):
    assert preset(NAME)["plan"] == {
        "name": "关于推进国家创新型城市建设的实施意见",
        "doc_number": "泰政发〔2022〕13号",
        "issuer": "泰安市人民政府",
        "issue_date": "2022-12-07",
        "city": "泰安市",
        "base_year": 2021,
        "target_year": 2025,
        "reporting_day": None,
        "review_months": [],
        "indicator_notes": [],
    }


def test_counts(preset):
    data = preset(NAME)
    assert [g["name"] for g in data["indicator_groups"]] == ["主要指标"]
    assert len(indicators(data)) == 11
    assert [g["number"] for g in data["task_groups"]] == ["一", "二", "三", "四", "五", "六", "三"]
    assert [g["name"] for g in data["task_groups"]][-1] == "组织保障"
    assert [len(g["tasks"]) for g in data["task_groups"]] == [4, 4, 4, 4, 3, 2, 3]
    numbered = [t["number"] for g in data["task_groups"][:6] for t in g["tasks"]]
    assert numbered == [str(n) for n in range(1, 22)]
    assert [t["number"] for t in data["task_groups"][6]["tasks"]] == ["三.一", "三.二", "三.三"]
    assert data["task_forces"] == [] and data["leading_groups"] == []


TARGETS = [
    # name, unit, value, kind, task
    ("省级重点实验室", "家", Decimal("7"), "level", "6"),
    ("市级重点实验室", "家", Decimal("120"), "level", "6"),
    ("技术创新中心", "家", Decimal("100"), "level", "6"),
    ("科技企业孵化器、众创空间", "家", Decimal("20"), "level", "8"),
    ("有效期内高新技术企业总量", "家", Decimal("800"), "level", "10"),
    ("国家科技型中小企业库入库企业", "家", Decimal("1100"), "level", "11"),
    ("每万人高价值发明专利拥有量", "件", Decimal("3.6"), "level", "12"),
    ("成交合同金额", "亿元", Decimal("120"), "level", "13"),
    ("科技特派员", "名", Decimal("50"), "yearly_flow", "15"),
    ("规模以上工业企业科技合作", None, None, "qualitative", "17"),
    ("高层次创新创业人才", "人", Decimal("500"), "level", "17"),
]


def test_targets(preset):
    data = preset(NAME)
    assert [(i["name"], i["unit"], i["targets"][0]["value"], i["targets"][0]["kind"], i["task"])
            for i in indicators(data)] == TARGETS
    assert [i["number"] for i in indicators(data)] == [str(n) for n in range(1, 12)]
    for ind in indicators(data):
        assert [t["year"] for t in ind["targets"]] == [2025]
        assert ind["direction"] == ("qualitative" if ind["unit"] is None else "higher")
    assert by_name(data, "每万人高价值发明专利拥有量")["targets"][0]["value"] == Decimal("3.6")
    assert by_name(data, "科技特派员")["targets"][0]["text"] == "每年选派 50 余名科技特派员"
    assert by_name(data, "省级重点实验室")["targets"][0]["text"] == "到2025年，全市建成省级重点实验室7家"
    assert by_name(data, "成交合同金额")["source"] == (
        "到 2025 年,科技成果分类评价机制充分完善,市场化评价基本实现,技术市场交易规模进一步扩大,"
        "成交合同金额达到 120 亿元。")
    assert by_name(data, "有效期内高新技术企业总量")["units"] == ["市科技局", "市工业和信息化局"]


def test_sample_tasks(preset):
    data = preset(NAME)
    assert data["task_groups"][0]["name"] == "加快推动区域创新协调发展"
    assert data["task_groups"][5]["name"] == "营造高品质科技创新环境"
    assert task(data, "1")["title"] == "优化区域创新空间布局"
    assert task(data, "1")["units"] == ["市发展改革委", "市科技局", "市工业和信息化局", "市自然资源和规划局"]
    assert task(data, "2")["title"] == "加快建设泰山创新谷、泰山智慧谷"
    assert task(data, "7")["units"] == ["市科技局"]
    assert task(data, "12")["units"] == ["市市场监管局"]
    assert task(data, "16")["units"] == ["市科技局", "市卫生健康委", "市生态环境局", "市应急局"]
    assert task(data, "18")["units"] == [
        "市科技局", "市人才办", "市人力资源社会保障局", "市教育局", "市财政局"]
    assert task(data, "21")["title"] == "加强科技金融服务创新"
    assert task(data, "21")["units"] == ["市科技局", "市财政局", "市地方金融监管局", "泰安银保监分局"]
    assert task(data, "三.一")["title"] == "加强组织领导"
    assert task(data, "三.一")["units"] == ["市科技局", "市财政局", "各县市区政府"]
    assert task(data, "三.三")["units"] == ["市科技局", "市财政局", "市审计局", "市统计局"]
    assert task(data, "14")["body"].endswith("建成有影响的“科技硅谷”。")
    for t in tasks(data):
        assert t["deadline_text"] is None
        assert t["goals"] == [] and t["milestones"] == [] and t["task_force"] is None


def test_strings_occur_in_seed(preset, seed):
    data = preset(NAME)
    text = seed(SEED)
    for group in data["task_groups"]:
        assert squash(group["name"]) in text
        for t in group["tasks"]:
            assert squash(t["title"]) in text, t["number"]
            assert t["body"] is not None and t["body"].startswith(t["title"] + "。")
            assert squash(t["body"]) in text, t["number"]
            for unit in t["units"]:
                assert squash(unit) in text, unit
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
    for ind in indicators(data):
        assert ind["task"] in numbers, ind["name"]
        t = task(data, ind["task"])
        assert squash(ind["source"]) in squash(t["body"]), ind["name"]
        assert ind["units"] == t["units"]
