"""The zibo-taskforces-2022 preset against its seed, 淄科发〔2022〕6号 (组建科技创新"五个工作专班"实施方案)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.presets.conftest import squash

NAME = "zibo-taskforces-2022"
SEED = "004_32433b226444daa8.txt"
DEADLINE = "2022年 12月底、持续推进"

# name, 牵头局领导, 协助局领导, 牵头人员, 配合人员 — in document order
FORCES = [
    (
        "建设国家创新型城市工作专班",
        "赵晓煜",
        ["张明光", "胡冰", "吴晓娟", "李伟", "柴福强"],
        "关若飞",
        ["刘玉栋", "冷亮", "甘宁", "陈伟", "李大房", "连洪远"],
    ),
    (
        "科技服务产业工作专班",
        "张明光",
        ["赵晓煜", "胡冰", "吴晓娟", "李伟"],
        "冷亮",
        ["刘玉栋", "甘宁", "陈伟", "李大房", "关若飞", "连洪远"],
    ),
    (
        "深化科技体制改革工作专班",
        "李伟",
        ["赵晓煜", "张明光", "胡冰", "吴晓娟", "柴福强"],
        "刘玉栋",
        ["祝玉超", "冷亮", "甘宁", "陈伟", "李大房", "关若飞", "连洪远", "傅作权", "李德法"],
    ),
    (
        "实验室建设工作专班",
        "胡冰",
        ["赵晓煜", "张明光", "吴晓娟", "李伟", "柴福强"],
        "冷亮",
        ["祝玉超", "刘玉栋", "甘宁", "陈伟", "关若飞", "连洪远", "李德法"],
    ),
    (
        "作风建设工作专班",
        "吴晓娟",
        ["赵晓煜", "张明光", "胡冰", "李伟", "杨祖轩", "柴福强"],
        "李德法",
        ["祝玉超", "刘玉栋", "冷亮", "甘宁", "陈伟", "李大房", "关若飞", "连洪远", "傅作权"],
    ),
]

# 工作任务 items per 专班 (+1 "推进计划" task each), 难点堵点及瓶颈 items, 重点支撑项目 items
WORK_TASKS = [3, 4, 5, 2, 6]
DIFFICULTIES = [2, 3, 4, 2, 6]
SUPPORT_ITEMS = [3, 4, 5, 3, 5]
# quarters of the 推进计划 milestones; 专班一 has no quarterly plan, 专班五 no 推进计划 at all
QUARTERS = [[], ["2022Q1", "2022Q2", "2022Q3", "2022Q4"], ["2022Q1", "2022Q2", "2022Q3", "2022Q4"],
            ["2022Q1", "2022Q2", "2022Q3", "2022Q4"], []]

TOP_KEYS = {"format", "preset", "seed", "plan", "indicator_groups", "task_groups", "task_forces", "leading_groups"}
PLAN_KEYS = {"name", "indicator_notes", "doc_number", "issuer", "issue_date", "city", "base_year", "target_year",
             "reporting_day", "review_months"}
INDICATOR_KEYS = {"number", "name", "unit", "direction", "weight", "key", "units", "baseline", "targets",
                  "values", "task", "source"}
TARGET_KEYS = {"year", "value", "kind", "text"}
GROUP_KEYS = {"number", "name", "tasks"}
TASK_KEYS = {"number", "title", "body", "goals", "units", "deadline_text", "task_force", "milestones"}
GOAL_KEYS = {"text", "units", "deadline_text"}
MILESTONE_KEYS = {"period", "text"}
FORCE_KEYS = {"name", "lead_leader", "assisting_leaders", "lead_person", "members", "goals", "difficulties",
              "deadline_text"}
LEADING_KEYS = {"name", "leader", "deputy_leaders", "members", "office"}


@pytest.fixture
def data(preset):
    return preset(NAME)


@pytest.fixture
def text(seed):
    return seed(SEED)


def all_tasks(data):
    return [t for g in data["task_groups"] for t in g["tasks"]]


def test_only_allowed_keys(data):
    assert set(data) == TOP_KEYS
    assert data["format"] == 1 and data["preset"] == NAME and data["seed"] == SEED
    assert set(data["plan"]) == PLAN_KEYS
    for group in data["indicator_groups"]:
        assert set(group) == {"name", "indicators"}
        for ind in group["indicators"]:
            assert set(ind) == INDICATOR_KEYS
            for target in ind["targets"]:
                assert set(target) == TARGET_KEYS
    for group in data["task_groups"]:
        assert set(group) == GROUP_KEYS
        for task in group["tasks"]:
            assert set(task) == TASK_KEYS
            for goal in task["goals"]:
                assert set(goal) == GOAL_KEYS
            for milestone in task["milestones"]:
                assert set(milestone) == MILESTONE_KEYS
    for force in data["task_forces"]:
        assert set(force) == FORCE_KEYS
    for group in data["leading_groups"]:
        assert set(group) == LEADING_KEYS


def test_plan(data, text):
    plan = data["plan"]
    assert plan == {
        "name": "组建科技创新“五个工作专班”实施方案",
        "doc_number": "淄科发〔2022〕6号",
        "issuer": "淄博市科学技术局",
        "issue_date": "2022-03-11",
        "city": "淄博市",
        "base_year": 2021,
        "target_year": 2024,
        "reporting_day": 27,
        "review_months": [6, 12],
        "indicator_notes": [],
    }
    assert "《" + plan["name"] + "》" in text
    assert plan["doc_number"] in text
    assert "淄博市科学技术局2022年3月11日" in text
    assert "领导小组办公室每月27日前汇总各专班的工作进度" in text
    assert "6月和12月对各部门任务目标完成情况进行督导" in text
    assert "确保到2024年底全面完成各项指标任务" in text


def test_five_task_forces_with_exact_people(data):
    forces = data["task_forces"]
    assert len(forces) == 5
    got = [(f["name"], f["lead_leader"], f["assisting_leaders"], f["lead_person"], f["members"]) for f in forces]
    assert got == FORCES


def test_task_force_headings_are_in_seed(data, text):
    numbers = "一二三四五"
    for i, f in enumerate(data["task_forces"]):
        heading = (
            f"（{numbers[i]}）{f['name']}牵头局领导：{f['lead_leader']}"
            f"协助局领导：{'、'.join(f['assisting_leaders'])}"
            f"牵头人员：{f['lead_person']}配合人员：{'、'.join(f['members'])}1.工作目标："
        )
        assert heading in text


def test_task_force_goals_difficulties_deadline(data, text):
    for i, f in enumerate(data["task_forces"]):
        assert len(f["goals"]) == 1
        assert "1.工作目标：" + squash(f["goals"][0]) + "2.工作任务：" in text
        assert len(f["difficulties"]) == DIFFICULTIES[i]
        marked = "".join(chr(ord("①") + k) + squash(d) for k, d in enumerate(f["difficulties"]))
        assert "3.难点堵点及瓶颈：" + marked + "4.重点支撑项目" in text
        assert f["deadline_text"] == DEADLINE
    assert text.count("5.完成时限：（" + squash(DEADLINE) + "）") == 5


def test_task_groups_one_per_task_force(data):
    groups = data["task_groups"]
    assert [g["number"] for g in groups] == ["一", "二", "三", "四", "五"]
    assert [g["name"] for g in groups] == [f[0] for f in FORCES]


def test_task_counts_and_numbers(data):
    tasks = all_tasks(data)
    assert len(tasks) == sum(WORK_TASKS) + 5 == 25
    for i, group in enumerate(data["task_groups"]):
        assert len(group["tasks"]) == WORK_TASKS[i] + 1
        assert [t["number"] for t in group["tasks"]] == [f"{i + 1}.{k + 1}" for k in range(WORK_TASKS[i] + 1)]
        assert group["tasks"][-1]["title"] == "推进计划"
        for t in group["tasks"]:
            assert t["task_force"] == group["name"]
            assert t["deadline_text"] == DEADLINE
    assert len({t["number"] for t in tasks}) == len(tasks)


def test_work_task_titles_and_bodies_in_seed(data, text):
    for i, group in enumerate(data["task_groups"]):
        items = group["tasks"][: WORK_TASKS[i]]
        full = []
        for t in items:
            assert squash(t["title"]) in text
            assert "。" not in t["title"] and "；" not in t["title"]
            if t["body"] is None:
                full.append(t["title"] + "。")
            else:
                assert t["body"].startswith(t["title"] + "。")
                full.append(t["body"])
            assert t["milestones"] == [] and t["goals"] == []
        marked = "".join(chr(ord("①") + k) + squash(s) for k, s in enumerate(full))
        assert "2.工作任务：" + marked + "3.难点堵点及瓶颈：" in text


def test_plan_tasks_cover_section_four(data, text):
    for i, group in enumerate(data["task_groups"]):
        plan_task = group["tasks"][-1]
        assert "4.重点支撑项目、推进计划及工作措施：" + squash(plan_task["body"]) + "5.完成时限：" in text
        assert len(plan_task["goals"]) == SUPPORT_ITEMS[i]
        for goal in plan_task["goals"]:
            assert squash(goal["text"]) in squash(plan_task["body"])


def test_milestones_per_task_force(data, text):
    for i, group in enumerate(data["task_groups"]):
        milestones = [m for t in group["tasks"] for m in t["milestones"]]
        assert [m["period"] for m in milestones] == QUARTERS[i]
        for m in milestones:
            assert squash(m["text"]) in text
    # 专班二's fourth item has no quarter name; it is the fourth quarter
    q4 = data["task_groups"][1]["tasks"][-1]["milestones"][3]
    assert q4["period"] == "2022Q4"
    assert "三季度" not in q4["text"] and "④" + squash(q4["text"]) + "工作措施：" in text
    for n in (2, 3):
        first = data["task_groups"][n]["tasks"][-1]["milestones"][0]
        assert "推进计划：①一季度，" + squash(first["text"]) in text


def test_first_task_force_plan_deadlines(data):
    goals = data["task_groups"][0]["tasks"][-1]["goals"]
    assert [g["deadline_text"] for g in goals] == ["3月底完成", None, "全年持续推进"]


def test_units_named_in_measures(data, text):
    tasks = {t["number"]: t for t in all_tasks(data)}
    assert tasks["1.1"]["units"] == ["人才与成果科"]
    assert tasks["1.3"]["units"] == ["政策法规与创新促进科"]
    assert tasks["1.4"]["units"] == ["人才与成果科", "政策法规与创新促进科", "办公室"]
    assert tasks["3.2"]["units"] == tasks["3.3"]["units"] == ["各科室"]
    names = set()
    for t in tasks.values():
        names.update(t["units"])
        for g in t["goals"]:
            names.update(g["units"] or [])
    assert names == {"人才与成果科", "政策法规与创新促进科", "办公室", "各科室"}
    for name in names:
        assert name in text


def test_indicators(data, text):
    groups = data["indicator_groups"]
    assert [g["name"] for g in groups] == ["专班目标"]
    indicators = groups[0]["indicators"]
    assert [i["number"] for i in indicators] == ["1", "2", "3", "4"]
    got = [(i["name"], i["unit"], i["task"], [(t["year"], t["value"], t["kind"]) for t in i["targets"]])
           for i in indicators]
    assert got == [
        ("建成高水平的国家创新型城市", None, None, [(2024, None, "qualitative")]),
        ("重点城市科技周活动", "场", "2.5", [(2022, 2, "yearly_flow")]),
        ("新增省级以上创新平台", "家", "2.5", [(2022, 10, "yearly_flow")]),
        ("淄博产研院实施创新项目", "项", "2.5", [(2022, 10, "yearly_flow")]),
    ]
    numbers = {t["number"] for t in all_tasks(data)}
    for ind in indicators:
        assert squash(ind["name"]) in text
        assert squash(ind["source"]) in text
        for target in ind["targets"]:
            assert squash(target["text"]) in text
            assert squash(target["text"]) in squash(ind["source"])
            assert target["value"] is None or isinstance(target["value"], (int, Decimal))
        if ind["task"] is not None:
            assert ind["task"] in numbers
    assert max(t["year"] for i in indicators for t in i["targets"]) == data["plan"]["target_year"]


def test_leading_group(data, text):
    groups = data["leading_groups"]
    assert len(groups) == 1
    group = groups[0]
    assert group["name"] == "科技创新“五个工作专班”领导小组"
    assert squash(group["name"]) + "名单" in text
    assert group["leader"] == "熊欣 党组书记、局长"
    assert [d.split(" ")[0] for d in group["deputy_leaders"]] == ["赵晓煜", "张明光", "胡冰", "吴晓娟", "李伟"]
    assert [m.split(" ")[0] for m in group["members"]] == [
        "杨祖轩", "柴福强", "祝玉超", "李德法", "刘玉栋", "冷亮",
        "甘宁", "陈伟", "李大房", "关若飞", "连洪远", "傅作权",
    ]
    roster = ("组长：" + group["leader"] + "副组长：" + "".join(group["deputy_leaders"])
              + "成员：" + "".join(group["members"]) + group["office"])
    assert "领导小组名单" + squash(roster) == text[text.index("领导小组名单组长："):]
    assert group["office"] == "领导小组下设办公室，办公室设在政策法规与创新促进科，李伟同志兼任办公室主任，刘玉栋为联络员。"


def test_task_force_people_are_on_the_leading_group(data):
    group = data["leading_groups"][0]
    on_list = {p.split(" ")[0] for p in [group["leader"], *group["deputy_leaders"], *group["members"]]}
    for f in data["task_forces"]:
        for person in [f["lead_leader"], *f["assisting_leaders"], f["lead_person"], *f["members"]]:
            assert person in on_list


def test_no_stray_page_numbers_or_markers(data):
    def strings(node):
        if isinstance(node, dict):
            for v in node.values():
                yield from strings(v)
        elif isinstance(node, list):
            for v in node:
                yield from strings(v)
        elif isinstance(node, str):
            yield node

    for s in strings(data):
        assert "- 18 -" not in s and "\n" not in s
        assert not re.match(r"^\s", s) and not re.search(r"\s$", s)
    for f in data["task_forces"]:
        for item in [*f["difficulties"], *f["goals"]]:
            assert not re.match("[①-⑩]", item)
