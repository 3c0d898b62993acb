"""The liaocheng-2018 preset against its seed, 聊政发〔2018〕61号 (聊城市创新型城市建设推进方案)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from desktop.domain.unit_names import split_unit_list
from tests.presets.conftest import read_preset, read_seed, squash

NAME = "liaocheng-2018"
SEED = "002_a62b8d0a8108107a.txt"

TOP_KEYS = {"format", "preset", "seed", "plan", "indicator_groups", "task_groups", "task_forces",
            "leading_groups"}
PLAN_KEYS = {"name", "indicator_notes", "doc_number", "issuer", "issue_date", "city", "base_year", "target_year",
             "reporting_day", "review_months"}
GROUP_KEYS = {"name", "indicators"}
INDICATOR_KEYS = {"number", "name", "unit", "direction", "weight", "key", "units", "baseline",
                  "targets", "values", "task", "source"}
TARGET_KEYS = {"year", "value", "kind", "text"}
TASK_GROUP_KEYS = {"number", "name", "tasks"}
TASK_KEYS = {"number", "title", "body", "goals", "units", "deadline_text", "task_force",
             "milestones"}
GOAL_KEYS = {"text", "units", "deadline_text"}
LEADING_KEYS = {"name", "leader", "deputy_leaders", "members", "office"}
KINDS = {"level", "ceiling", "increase_points", "growth_rate", "yearly_flow", "cumulative",
         "qualitative"}

ALL_COUNTIES = "各县(市、区)政府"        # the 附件3 rows of pages 1-3 use ASCII brackets
ALL_COUNTIES_FW = "各县（市、区）政府"   # the later pages use full-width brackets
ZONES = "市属开发区管委会"


@pytest.fixture(scope="module")
def p():
    return read_preset(NAME)


@pytest.fixture(scope="module")
def text():
    # drop the stray page number "5" that interrupts a sentence of 具体目标(4)
    return read_seed(SEED).replace("的合作，5健全产学研", "的合作，健全产学研")


def indicators(p):
    return [i for g in p["indicator_groups"] for i in g["indicators"]]


def indicator(p, number):
    (found,) = [i for i in indicators(p) if i["number"] == number]
    return found


def tasks(p):
    return [t for g in p["task_groups"] for t in g["tasks"]]


def task(p, number):
    (found,) = [t for t in tasks(p) if t["number"] == number]
    return found


# ---- format --------------------------------------------------------------------------------

def test_keys_follow_the_format(p):
    assert set(p) == TOP_KEYS
    assert p["format"] == 1 and p["preset"] == NAME and p["seed"] == SEED
    assert set(p["plan"]) == PLAN_KEYS
    for g in p["indicator_groups"]:
        assert set(g) == GROUP_KEYS
        for i in g["indicators"]:
            assert set(i) == INDICATOR_KEYS
            assert i["direction"] in {"higher", "lower", "qualitative"}
            assert i["baseline"] is None  # the plan states no current figures
            assert i["values"] == []
            for t in i["targets"]:
                assert set(t) == TARGET_KEYS
                assert t["kind"] in KINDS
                assert isinstance(t["year"], int)
    for g in p["task_groups"]:
        assert set(g) == TASK_GROUP_KEYS
        for t in g["tasks"]:
            assert set(t) == TASK_KEYS
            assert t["task_force"] is None and t["milestones"] == []
            for goal in t["goals"]:
                assert set(goal) == GOAL_KEYS
    assert p["task_forces"] == []
    for lg in p["leading_groups"]:
        assert set(lg) == LEADING_KEYS


def test_plan(p):
    assert p["plan"] == {
        "name": "聊城市创新型城市建设推进方案",
        "doc_number": "聊政发〔2018〕61号",
        "issuer": "聊城市人民政府",
        "issue_date": "2018-09-28",
        "city": "聊城市",
        "base_year": 2017,
        "target_year": 2022,
        "reporting_day": None,
        "review_months": [],
        "indicator_notes": [  # the 注 under 附件2
            "注：1.加注※的指标为创新型城市建设考核重点。",
            "2.单项得分计算方式由市创新型城市建设推进工作领导小组办公室另行制定。",
        ],
    }


def test_plan_facts_are_in_the_seed(text):
    assert "聊政发〔2018〕61号" in text
    assert "聊城市人民政府2018年9月28日" in text


# ---- 附件2 指标体系 ----------------------------------------------------------------------------

ANNEX2 = [
    # number, group, weight, key, units, unit of measure, direction
    ("1", "创新要素集聚能力", 10, False, ["市科技局"], "%", "higher"),
    ("2", "创新要素集聚能力", 10, False, ["市科技局"], "%", "higher"),
    ("3", "创新要素集聚能力", 8, False, ["市科技局"], "%", "higher"),
    ("4", "综合实力和产业竞争力", 6, False, ["市发改委"], "万元/人", "higher"),
    ("5", "综合实力和产业竞争力", 10, False, ["市科技局"], "家", "higher"),
    ("6", "综合实力和产业竞争力", 8, True, ["市科技局"], "%", "higher"),
    ("7", "综合实力和产业竞争力", 8, False, ["市知识产权局"], "件/万人", "higher"),
    ("8", "综合实力和产业竞争力", 6, False, ["市科技局"], "亿元", "higher"),
    ("9", "综合实力和产业竞争力", 6, False, ["市科技局"], "%", "higher"),
    ("10", "创新对社会民生发展的支撑", 8, True, ["市发改委", "市科技局"], None, "qualitative"),
    ("11", "创新对社会民生发展的支撑", 8, True, ["市科技局"], None, "qualitative"),
    ("12", "创新对社会民生发展的支撑", 6, False, ["市科技局"], None, "qualitative"),
    ("13", "特色指标", 6, False, ["市科技局"], None, "qualitative"),
]


def annex2_groups(p):
    return [g for g in p["indicator_groups"] if g["name"] != "其他目标"]


def test_four_groups_and_thirteen_indicators(p):
    groups = annex2_groups(p)
    assert [g["name"] for g in groups] == [
        "创新要素集聚能力", "综合实力和产业竞争力", "创新对社会民生发展的支撑", "特色指标"]
    assert [len(g["indicators"]) for g in groups] == [3, 6, 3, 1]
    numbers = [i["number"] for g in groups for i in g["indicators"]]
    assert numbers == [str(n) for n in range(1, 14)]
    assert [g["name"] for g in p["indicator_groups"]][-1] == "其他目标"
    assert len(p["indicator_groups"]) == 5


@pytest.mark.parametrize("number,group,weight,key,units,unit,direction", ANNEX2)
def test_annex2_row(p, number, group, weight, key, units, unit, direction):
    (g,) = [g for g in annex2_groups(p) if any(i["number"] == number for i in g["indicators"])]
    assert g["name"] == group
    i = indicator(p, number)
    assert i["weight"] == weight
    assert i["key"] is key
    assert i["units"] == units
    assert i["unit"] == unit
    assert i["direction"] == direction
    assert i["task"] is None


def test_weights_sum_to_100(p):
    total = sum(i["weight"] for g in annex2_groups(p) for i in g["indicators"])
    assert total == 100
    assert all(i["weight"] is None for i in p["indicator_groups"][-1]["indicators"])


def test_key_marks_exactly_6_10_11(p, text):
    assert [i["number"] for i in indicators(p) if i["key"]] == ["6", "10", "11"]
    assert text.count("※") == 4  # three rows and the note
    assert "加注※的指标为创新型城市建设考核重点" in text


def test_indicator_names(p, text):
    assert indicator(p, "1")["name"] == "科技进步贡献率"
    assert indicator(p, "2")["name"] == "全社会 R&D 经费支出占 GDP 比重及增幅(%)"
    assert indicator(p, "7")["name"] == "万人发明专利拥有量（件/万人）"
    assert indicator(p, "10")["name"] == "党委政府出台实施创新驱动发展战略的决定或意见及配套政策"
    for i in indicators(p):
        assert "⅛" not in i["name"] and "※" not in i["name"]
        if int(i["number"]) <= 13:
            assert squash(i["name"]) in text


def test_indicator_sources_are_in_the_seed(p, text):
    cleaned = text.replace("⅛", "")
    for i in indicators(p):
        assert squash(i["source"]) in cleaned, i["number"]
    assert indicator(p, "10")["source"] == (
        "10 党委政府出台实施创新驱动发展战略的决定或意见及配套政策※ 8 市发改委 市科技局")


# ---- staged targets ------------------------------------------------------------------------

TARGETS = {
    "2": [(2019, "2.3", "level"), (2022, "2.5", "level")],
    "3": [(2019, "32", "level"), (2022, "36.5", "level"), (2022, "1.5", "increase_points")],
    "5": [(2019, "120", "level"), (2022, "200", "level")],
    "7": [(2019, "2.5", "level"), (2022, "6", "level")],
    "8": [(2019, "12", "level"), (2022, "20", "level")],
    "14": [(2022, "10", "level")],
    "15": [(2022, "60", "yearly_flow")],
    "16": [(2020, "8", "level")],
    "17": [(2020, "30", "level")],
    "18": [(2022, "100", "yearly_flow")],
    "19": [(2018, None, "qualitative")],
}


@pytest.mark.parametrize("number", sorted(TARGETS, key=int))
def test_targets(p, text, number):
    i = indicator(p, number)
    got = [(t["year"], t["value"], t["kind"]) for t in i["targets"]]
    want = [(y, None if v is None else Decimal(v), k) for y, v, k in TARGETS[number]]
    assert got == want
    for t in i["targets"]:
        assert squash(t["text"]) in text


def test_no_other_targets(p):
    for i in indicators(p):
        if i["number"] not in TARGETS:
            assert i["targets"] == [], i["number"]


def test_target_texts(p):
    assert [t["text"] for t in indicator(p, "2")["targets"]] == [
        "到 2019 年达到 2.3%左右", "2022 年达到 2.5%"]
    assert indicator(p, "3")["targets"][2]["text"] == "每年提高 1.5 个百分点以上"
    assert indicator(p, "15")["targets"][0]["text"] == "年科技合作项目平均达到 60 项以上"


def test_other_targets_group(p):
    other = p["indicator_groups"][-1]
    assert other["name"] == "其他目标"
    got = [(i["number"], i["name"], i["unit"], i["task"]) for i in other["indicators"]]
    assert got == [
        ("14", "规模以上工业企业设立研发机构比例", "%", "16"),
        ("15", "年科技合作项目", "项", "24"),
        ("16", "省级农业科技园区", "个", "3"),
        ("17", "农业试验示范基地", "处", "3"),
        ("18", "科技型中小企业服务微信群入群企业", "家", "15"),
        ("19", "建成国家级高新区", None, "1"),
    ]
    assert indicator(p, "16")["units"] == ["市科技局", ALL_COUNTIES]
    assert indicator(p, "17")["units"] == ["市科技局", "市农委", ALL_COUNTIES]
    for i in other["indicators"]:
        assert i["units"] == task(p, i["task"])["units"] or i["number"] in {"16", "17"}


# ---- 附件3 重点任务分工 ------------------------------------------------------------------------

TASK_GROUPS = [
    ("一", "构建区域创新发展新格局", 1, 3),
    ("二", "加快县域创新驱动发展", 4, 7),
    ("三", "构建支撑创新型城市建设的产业体系", 8, 11),
    ("四", "全面提高企业技术创新能力", 12, 15),
    ("五", "完善科技创新平台布局", 16, 19),
    ("六", "提高创新型城市建设支撑能力", 20, 24),
    ("七", "激发科技人才创新活力", 25, 29),
    ("八", "营造充满活力的创新创业生态环境", 30, 32),
    ("九", "实施知识产权战略", 33, 35),
    ("十", "开展创新型城市建设监测评价", 36, 38),
]

D19, D20, D22 = "2019 年 12 月底前", "2020 年 12 月底前", "2022 年 12 月底前"


def test_task_groups(p, text):
    assert len(p["task_groups"]) == 10
    for g, (number, name, first, last) in zip(p["task_groups"], TASK_GROUPS):
        assert g["number"] == number and g["name"] == name
        assert [t["number"] for t in g["tasks"]] == [str(n) for n in range(first, last + 1)]
        assert f"{number}、{name}" in text


def test_38_tasks_numbered(p):
    assert [t["number"] for t in tasks(p)] == [str(n) for n in range(1, 39)]


def test_goal_rows_per_task(p):
    counts = {t["number"]: len(t["goals"]) for t in tasks(p)}
    multi = {n: c for n, c in counts.items() if c != 1}
    assert multi == {"3": 2, "5": 10, "8": 3, "10": 2, "11": 5, "14": 2, "17": 3, "19": 2,
                     "21": 3, "23": 2, "25": 2, "27": 2}
    assert sum(counts.values()) == 64


def test_task_5_ten_rows(p):
    t = task(p, "5")
    assert t["title"] == "推进地方优势产业培育"
    rows = [(g["text"], g["units"], g["deadline_text"]) for g in t["goals"]]
    assert rows == [
        ("东昌府区重点改造提升轴承及保持器产业", ["东昌府区政府"], D22),
        ("开发区重点布局新能源汽车、高端装备等新兴产业", ["开发区管委会"], D22),
        ("高新区重点布局化工新材料、智能制造等产业", ["高新区管委会"], D22),
        ("茌平县重点布局铝精深加工及医学养健康等产业", ["茌平县政府"], D22),
        ("东阿县重点布局生物医药、高端装备等产业", ["东阿县政府"], D22),
        ("临清市重点布局轴承及铜精深加工等产业", ["临清市政府"], D22),
        ("冠县重点改造提升精品钢板产业", ["冠县政府"], D22),
        ("莘县依托国家农业科技园重点发展高效生态农业", ["莘县政府"], D22),
        ("阳谷县重点发展铜冶炼精深加工及光电线缆等产业", ["阳谷县政府"], D22),
        ("高唐县重点发展高端农机装备等产业", ["高唐县政府"], D22),
    ]
    # the task as a whole: its 〔责任单位〕 in the plan text; each row keeps its own county
    assert t["units"] == ["市发改委", "市科技局", "市经信委", "各县(市、区)政府", "市属开发区管委会"]
    assert t["deadline_text"] == D22


def test_task_10_lost_its_number_but_is_in_group_three(p):
    (g3,) = [g for g in p["task_groups"] if g["number"] == "三"]
    t = g3["tasks"][2]
    assert t["number"] == "10" and t["title"] == "新能源及新能源汽车产业"
    assert t["units"] == ["市科技局", "市发改委", "市经信委", "各县(市、区)政府", "市属开发区管委会"]
    assert [g["text"] for g in t["goals"]] == [
        "依托新华联公司大力发展光伏建筑一体化、光伏发电、风力发电、生物质发电等清洁新能源项目。",
        "支持中通集团技术研发，努力打造全国最大的新能源汽车产业基地。",
    ]


def test_sample_tasks(p):
    t1 = task(p, "1")
    assert t1["title"] == "有序推进高新技术园区建设"
    assert t1["units"] == ["市科技局", "市发改委", "市经信委", "高新区管委会"]
    assert t1["deadline_text"] == D19
    t2 = task(p, "2")
    assert t2["units"] == ["市商务局", "市科技局", "市发改委", "市经信委", ALL_COUNTIES, ZONES]
    t3 = task(p, "3")
    assert [g["units"] for g in t3["goals"]] == [
        ["市科技局", ALL_COUNTIES], ["市科技局", "市农委", ALL_COUNTIES]]
    assert t3["units"] == ["市科技局", "市农委", ALL_COUNTIES]
    assert t3["deadline_text"] == D20
    t11 = task(p, "11")
    assert t11["title"] == "高端装备制造产业"
    assert t11["goals"][0]["units"] == ["市经信委", "市科技局", "市发改委", "临清市政府"]
    assert t11["goals"][2]["units"] == [
        "市科技局", "市发改委", "市经信委", "临清市政府", "东昌府区政府", "东阿县政府"]
    assert t11["goals"][4]["text"] == "加快高端电缆、特种电缆、光纤光缆等技术及管件零部件产品的开发。"
    t14 = task(p, "14")
    assert t14["units"] == ["市科技局", "市财政局", "市税务局", ALL_COUNTIES, ZONES]
    assert t14["goals"][0]["units"][0] == "市税务局"  # 附件3 row order differs from the text
    t15 = task(p, "15")
    assert t15["title"] == "扶持科技型小微企业快速成长" and t15["deadline_text"] == D19
    t17 = task(p, "17")
    assert t17["goals"][2] == {"text": "进一步巩固和加强省级区域医疗中心建设。",
                               "units": ["市卫计委", ALL_COUNTIES_FW, ZONES], "deadline_text": D22}
    t23 = task(p, "23")
    assert t23["goals"][1]["units"] == ["市工商局", ALL_COUNTIES_FW, ZONES]
    t25 = task(p, "25")
    assert t25["goals"][1]["text"] == "完善财政性科研项目和资金管理制度"
    assert t25["units"] == ["市委组织部", "市科技局", "市人社局", "市财政局", ALL_COUNTIES, ZONES]
    t26 = task(p, "26")
    assert t26["units"] == ["市科技局", "市委组织部", "市发改委", "市经信委", "市人社局", "市教育局",
                            "市财政局", "市卫计委", ALL_COUNTIES, ZONES]
    assert t26["deadline_text"] == D19
    assert task(p, "32")["units"] == ["市科协", "市科技局", "市农委", ALL_COUNTIES, ZONES]
    assert task(p, "33")["units"] == ["市知识产权局", "市工商局", ALL_COUNTIES, ZONES]
    t38 = task(p, "38")
    assert t38["title"] == "强化评价结果运用"
    assert t38["units"] == ["市科技局", "市委组织部", "市发改委", "市经信委", "市财政局", "市金融办",
                            ALL_COUNTIES, ZONES]


def test_deadlines(p):
    by_year = {D19: set(), D20: set(), D22: set()}
    for t in tasks(p):
        by_year[t["deadline_text"]].add(int(t["number"]))
        for g in t["goals"]:
            assert g["deadline_text"] == t["deadline_text"]
    assert by_year[D19] == {1, 15, 21, 25, 26, 36}
    assert by_year[D20] == {3}
    rows = [g["deadline_text"] for t in tasks(p) for g in t["goals"]]
    assert rows.count(D19) == 9 and rows.count(D20) == 2 and rows.count(D22) == 53


def test_task_units_are_the_plan_texts_responsible_units(p, text):
    """A task's own units, lead first, are the 〔责任单位：…〕 after its paragraph in the text;
    the 附件3 rows keep their own units (task 5: one county per row)."""
    for t in tasks(p):
        assert all(g["units"] for g in t["goals"]), t["number"]
        body = squash(t["body"])
        end = text.index(body) + len(body)
        note = re.match(r"〔责任单位[:：](.*?)〕", text[end:end + 300])
        if note is None:  # task 1's paragraph carries no note: the 附件3 row stands
            assert t["number"] == "1"
            assert t["units"] == t["goals"][0]["units"]
            continue
        assert t["units"] == split_unit_list(note.group(1)), t["number"]


def test_titles_goals_and_bodies_are_in_the_seed(p, text):
    for t in tasks(p):
        assert squash(t["title"]) in text, t["number"]
        assert t["body"].startswith(t["title"] + "。")
        assert squash(t["body"]) in text, t["number"]
        for g in t["goals"]:
            assert squash(g["text"]) in text, (t["number"], g["text"])


def test_unit_names(p, text):
    names = set()
    for i in indicators(p):
        names.update(i["units"])
    for t in tasks(p):
        names.update(t["units"])
        for g in t["goals"]:
            names.update(g["units"])
    for n in names:
        assert n in text, n
        assert not re.search(r"\s", n) and "、" not in n.replace("(市、区)", "").replace("（市、区）", "")
    assert {"市经信委", "市卫计委", "市农委", "市知识产权局", "市工商局"} <= names


# ---- 附件1 ------------------------------------------------------------------------------------

def test_leading_group(p, text):
    (lg,) = p["leading_groups"]
    assert lg["name"] == "创新型城市建设推进工作领导小组"
    assert lg["leader"] == "宋军继（市委副书记、市长）"
    assert lg["deputy_leaders"] == ["洪玉振（副市长）"]
    assert len(lg["members"]) == 19
    assert lg["members"][0] == "张同奇（市政府秘书长、市科技局党组书记）"
    assert lg["members"][10] == "孙锋（市统计局局长）"
    assert lg["members"][-1] == "郭建军（市知识产权局副局长）"
    assert lg["office"] == "领导小组下设办公室，办公室设在市科技局，王海涛兼任办公室主任。"
    for s in [lg["name"], lg["leader"], *lg["deputy_leaders"], *lg["members"], lg["office"]]:
        assert squash(s) in text, s


def test_indicator_notes_are_in_the_seed(p, text):
    for note in p["plan"]["indicator_notes"]:
        assert squash(note) in text
