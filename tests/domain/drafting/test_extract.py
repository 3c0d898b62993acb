"""Whole documents written for the tests: tasks, groups, numbers, deadlines, tables."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.domain.drafting import LOW_CONFIDENCE, extract_draft
from desktop.domain.unit_names import UnitDirectory, UnitEntry

DIRECTORY = UnitDirectory(
    [
        UnitEntry("市发展改革委", "department", ("市发改委",)),
        UnitEntry("市科技局", "department"),
        UnitEntry("市财政局", "department"),
        UnitEntry("市教育局", "department"),
        UnitEntry("各县(市、区)政府", "county"),
    ]
)

# Task numbers restart in every group; a 保障措施 item carries its own 责任单位.
RESTARTING = """
临河市人民政府
关于加快科技成果转化的实施意见
临政发〔2024〕3号
一、发展目标
到2026年，技术合同成交额达到80亿元，高新技术企业达到500家以上。
二、重点任务
（一）建强转化载体
1.建设概念验证中心。围绕主导产业布局一批概念验证中心，2025年6月底前建成首批3家。（责任单位：市科技局、市发改委）
2.发展技术经理人队伍。每年培训技术经理人200名以上。（责任单位：市科技局、市教育局）
（二）优化转化服务
1.完善技术市场。建设线上技术交易平台，每年12月底前发布成果清单。（责任单位：市科技局）
2.强化金融支持。设立成果转化基金。（责任单位：市财政局、市数字金融服务中心）
三、保障措施
（一）加强统筹调度。建立月调度机制，全年持续推进。（责任部门：市科技局，各县（市、区）政府）
（二）强化宣传。营造良好氛围。
临河市人民政府
2024年3月1日
"""


def test_tasks_numbers_titles_units() -> None:
    draft = extract_draft(RESTARTING, DIRECTORY)
    got = [(t.number, t.title, [u.written for u in t.units]) for t in draft.tasks]
    assert got == [
        ("一.1", "建设概念验证中心", ["市科技局", "市发改委"]),
        ("一.2", "发展技术经理人队伍", ["市科技局", "市教育局"]),
        ("二.1", "完善技术市场", ["市科技局"]),
        ("二.2", "强化金融支持", ["市财政局", "市数字金融服务中心"]),
        ("三.一", "加强统筹调度", ["市科技局", "各县（市、区）政府"]),
    ]
    assert [(g.number, g.name) for g in draft.groups] == [
        ("一", "建强转化载体"), ("二", "优化转化服务"), ("三", "保障措施"),
    ]


def test_aliases_resolve_and_unknown_units_are_warned() -> None:
    draft = extract_draft(RESTARTING, DIRECTORY)
    first = draft.tasks[0]
    assert [(u.written, u.name) for u in first.units] == [("市科技局", "市科技局"), ("市发改委", "市发展改革委")]
    assert any("市数字金融服务中心" in w for w in draft.warnings)


def test_deadlines_in_task_text() -> None:
    tasks = {t.number: t for t in extract_draft(RESTARTING, DIRECTORY).tasks}
    assert tasks["一.1"].deadline.text == "2025年6月底前"
    assert tasks["一.1"].deadline.date == dt.date(2025, 6, 30)
    yearly = tasks["二.1"].deadline
    assert yearly.yearly and yearly.date == dt.date(2026, 12, 31)
    assert tasks["一.2"].deadline is None
    assert tasks["三.一"].deadline is None  # 持续推进 unbracketed in running text is a verb


def test_targets_headline_and_in_tasks() -> None:
    draft = extract_draft(RESTARTING, DIRECTORY)
    headline = [i for i in draft.indicators if i.task_number is None]
    assert [(i.name, i.targets[0].value, i.targets[0].year) for i in headline] == [
        ("技术合同成交额", Decimal("80"), 2026),
        ("高新技术企业", Decimal("500"), 2026),
    ]
    assert {i.group for i in headline} == {"发展目标"}
    tasks = {t.number: t for t in draft.tasks}
    (built,) = tasks["一.1"].targets
    assert (built.value, built.year, built.year_from) == (Decimal("3"), 2025, "sentence")
    (trained,) = tasks["一.2"].targets
    assert (trained.kind, trained.year) == ("yearly_flow", 2026)


def test_every_item_keeps_its_source() -> None:
    draft = extract_draft(RESTARTING, DIRECTORY)
    assert all(t.source and 0 < t.confidence <= 1 for t in draft.tasks)
    for ind in draft.indicators:
        for target in ind.targets:
            assert target.text in target.source


# Numbers run through the document; a group closes with a 完成时限 line; the second
# document divides its tasks in a text-form table attachment.
CONTINUOUS = """
（一）科技创新专班
1.工作目标：年内引进高层次人才团队10个。
2.工作任务：
①建设人才公寓。加快推进人才公寓建设。
②举办创新大赛。组织企业参赛。
3.完成时限：（2024年12月底、持续推进）
（二）成果转化专班
1.工作目标：推动成果转化。
2.工作任务：
①开展成果路演。每季度举办一次。
3.完成时限：（2025年6月底）
"""


def test_items_under_a_work_task_label_are_grouped_by_the_task_force() -> None:
    draft = extract_draft(CONTINUOUS, DIRECTORY)
    assert [(t.number, t.title, t.group_name) for t in draft.tasks] == [
        ("一.1", "建设人才公寓", "科技创新专班"),
        ("一.2", "举办创新大赛", "科技创新专班"),
        ("二.1", "开展成果路演", "成果转化专班"),
    ]
    first = draft.tasks[0]
    assert first.deadline.date == dt.date(2024, 12, 31) and first.deadline.ongoing
    assert draft.tasks[2].deadline.date == dt.date(2025, 6, 30)
    assert "未找到责任单位" in first.notes


DIVIDED = """
东岭市人民政府
2023年2月1日
东岭市创新驱动发展行动方案
一、重点任务
（一）培育创新主体
1.壮大高新技术企业。实施倍增计划。（责任单位：市科技局）
2.培育科技型中小企业。完善入库服务。（责任单位：市科技局、市财政局）
（二）建设创新平台
1.建设重点实验室。争创省级重点实验室。（责任单位：市科技局）
2.布局新型研发机构。引进高校院所共建机构。（责任单位：市发改委）
附件
重点任务分工表
\t序号
\t具体任务
\t建设目标
\t责任单位
\t完成时限

1
壮大高新技术企业
\t实施高新技术企业倍增计划。
\t市科技局、市财政局
\t2024 年 12 月底前

2
培育科技型中小企业
\t完善入库服务
\t市科技局
\t2023 年 12 月底前
建设重点实验室
\t争创省级重点实验室
\t市科技局
\t2025 年 6 月底前
4
布局新型研发机构
\t引进高校院所共建机构
\t市发改委
\t2025 年 12 月底前
"""


def test_a_division_table_gives_official_numbers_and_deadlines() -> None:
    draft = extract_draft(DIVIDED, DIRECTORY)
    got = [(t.number, t.title, t.deadline.text if t.deadline else None) for t in draft.tasks]
    assert got == [
        ("1", "壮大高新技术企业", "2024 年 12 月底前"),
        ("2", "培育科技型中小企业", "2023 年 12 月底前"),
        ("3", "建设重点实验室", "2025 年 6 月底前"),  # its serial number fell off: inferred
        ("4", "布局新型研发机构", "2025 年 12 月底前"),
    ]
    (goal,) = draft.tasks[0].goals
    assert (goal.text, goal.units, goal.deadline_text) == (
        "实施高新技术企业倍增计划。", ("市科技局", "市财政局"), "2024 年 12 月底前",
    )
    inferred = draft.tasks[2]
    assert inferred.confidence < LOW_CONFIDENCE
    assert any("推断" in n for n in inferred.notes)
    assert [t.kind for t in draft.tables] == ["task_division"]


TABLE = """
一、主要指标
\t指标名称
\t2027年目标值
\t现状值

\t研发经费投入强度（%）
\t3.2
\t2.6

\t单位GDP能耗（吨标准煤/万元）
\t0.45
\t0.52



二、重点任务
1.加大投入。引导企业加大研发投入。（责任单位：市科技局）
"""


def test_text_form_indicator_table() -> None:
    draft = extract_draft(TABLE, DIRECTORY)
    table = [i for i in draft.indicators if i.group == "主要指标"]
    assert [(i.name, i.unit, i.direction, i.targets[0].value, i.targets[0].year) for i in table] == [
        ("研发经费投入强度", "%", "higher", Decimal("3.2"), 2027),
        ("单位GDP能耗", "吨标准煤/万元", "lower", Decimal("0.45"), 2027),
    ]
    assert [t.kind for t in draft.tables] == ["indicator_targets"]


def test_low_confidence_is_marked_for_a_skipped_number() -> None:
    text = "一、重点任务\n1.甲项。（责任单位：市科技局）\n2.乙项。（责任单位：市科技局）\n4.丁项。（责任单位：市财政局）"
    tasks = extract_draft(text, DIRECTORY).tasks
    assert [t.number for t in tasks] == ["1", "2", "4"]
    assert tasks[2].confidence < LOW_CONFIDENCE
    assert tasks[0].confidence >= LOW_CONFIDENCE


def test_text_without_numbered_items_gives_a_warning() -> None:
    draft = extract_draft("这是一段没有编号的文字。", DIRECTORY)
    assert draft.tasks == ()
    assert "未识别出带编号的重点任务。" in draft.warnings


def test_items_run_together_in_one_line_are_separated() -> None:
    text = (
        "一、重点任务\n"
        "（一）平台建设1.建设实验室。争创省级实验室。（责任单位：市科技局）2.建设中试基地。"
        "布局中试基地。（责任单位：市发改委、市财政局）\n"
        "（二）人才引育\n1.引进人才。每年引进博士50名以上。（责任单位：市教育局）"
    )
    draft = extract_draft(text, DIRECTORY)
    assert [(t.number, t.title, [u.written for u in t.units]) for t in draft.tasks] == [
        ("一.1", "建设实验室", ["市科技局"]),
        ("一.2", "建设中试基地", ["市发改委", "市财政局"]),
        ("二.1", "引进人才", ["市教育局"]),
    ]
    assert draft.groups[0].name == "平台建设"


def test_deadline_phrases() -> None:
    text = (
        "一、重点任务\n"
        "1.出台配套政策。2024年12月底前出台实施细则。（责任单位：市科技局）\n"
        "2.开展评价。每年12月底前完成年度评价。（责任单位：市科技局）\n"
        "3.优化服务。深化“一网通办”（持续推进）。（责任单位：市科技局）\n"
    )
    t1, t2, t3 = extract_draft(text, DIRECTORY).tasks
    assert (t1.deadline.text, t1.deadline.date, t1.deadline.yearly) == ("2024年12月底前", dt.date(2024, 12, 31), False)
    assert t2.deadline.yearly and (t2.deadline.text == "每年12月底前")
    assert t3.deadline.ongoing and t3.deadline.date is None and t3.deadline.text == "持续推进"


def test_headline_targets_are_grouped_by_their_lead_phrase() -> None:
    text = (
        "一、总体要求\n坚持创新驱动。到2027年，建成区域科技创新中心。\n"
        "创新投入稳步增长。全社会研发投入强度达到3.2%，财政科技支出达到20亿元。\n"
        "创新主体不断壮大。高新技术企业达到800家。\n"
        "二、重点任务\n1.加大投入。（责任单位：市科技局）"
    )
    indicators = extract_draft(text, DIRECTORY).indicators
    assert [(i.group, i.name, i.targets[0].year) for i in indicators] == [
        ("创新投入稳步增长", "全社会研发投入强度", 2027),
        ("创新投入稳步增长", "财政科技支出", 2027),
        ("创新主体不断壮大", "高新技术企业", 2027),
    ]
