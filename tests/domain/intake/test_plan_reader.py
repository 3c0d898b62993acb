"""Tests for desktop.domain.intake.plan_reader: a plan's own attachments → a preset document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from desktop.domain.intake.grid import GridCell, SheetGrid, WorkbookGrid
from desktop.domain.intake.plan_reader import PlanSheetError, read_plan

PRESET_KEYS = {"format", "preset", "seed", "plan", "indicator_groups", "task_groups", "task_forces", "leading_groups"}
PLAN_KEYS = {
    "name", "doc_number", "issuer", "issue_date", "city", "base_year", "target_year",
    "reporting_day", "review_months", "indicator_notes",
}
INDICATOR_KEYS = {
    "number", "name", "unit", "direction", "weight", "key", "units", "baseline", "targets", "values", "task", "source",
}
TASK_KEYS = {"number", "title", "body", "goals", "units", "deadline_text", "task_force", "milestones"}

IND_HEADER = ["一级指标", "序号", "二级指标", "权重分值", "责任部门"]
TASK_HEADER = ["重点任务", "序号", "具体任务", "建设目标", "责任单位", "完成时限"]


def sheet(name: str, rows: list[list[object]], merged=(), state: str = "visible", formats=None) -> SheetGrid:
    formats = formats or {}
    return SheetGrid.from_cells(
        name,
        tuple(
            tuple(GridCell(v, formats.get((r, c))) for c, v in enumerate(row, start=1))
            for r, row in enumerate(rows, start=1)
        ),
        merged=tuple(merged),
        state=state,
    )


def book(*sheets: SheetGrid, file_name: str = "附件.xlsx") -> WorkbookGrid:
    return WorkbookGrid(file_name, "xlsx", "0" * 64, tuple(sheets))


def indicators(doc: dict) -> list[tuple]:
    return [
        (g["name"], i["number"], i["name"], i["weight"], i["key"], i["units"])
        for g in doc["indicator_groups"]
        for i in g["indicators"]
    ]


def tasks(doc: dict) -> list[dict]:
    return [t for g in doc["task_groups"] for t in g["tasks"]]


# --- the layouts as exported (聊城 附件2 / 附件3) -------------------------------------------


def official_indicator_sheet() -> SheetGrid:
    rows = [
        ["附件2"],
        ["聊城市创新型城市建设指标体系"],
        IND_HEADER,
        ["创新要素集聚能力", 1, "科技进步贡献率", 10, "市科技局"],
        [None, 2, "全社会 R&D 经费支出占 GDP 比重及增幅(%)※", 10, "市科技局"],
        ["综合实力和产业竞争力", 3, "人均 GDP（万元/人）", 6, "市发改委"],
        [None, 4, "党委政府出台实施创新驱动发展战略的决定或意见及配套政策※", 8, "市发改委、市科技局"],
        ["合计", None, None, 34, None],
        ["注：1.加注※的指标为创新型城市建设考核重点。"],
        ["2.单项得分计算方式由市创新型城市建设推进工作领导小组办公室另行制定。"],
    ]
    merged = [(2, 1, 2, 5), (4, 1, 5, 1), (6, 1, 7, 1), (8, 1, 8, 3), (9, 1, 9, 5), (10, 1, 10, 5)]
    return sheet("指标体系", rows, merged)


def official_task_sheet() -> SheetGrid:
    rows = [
        ["附件3"],
        ["聊城市创新型城市建设推进工作重点任务分工"],
        TASK_HEADER,
        ["一、构建区域创新发展新格局", 1, "有序推进高新技术园区建设", "完善高新区区域创新体系建设。",
         "市科技局、市发改委、高新区管委会", "2019 年 12 月底前"],
        [None, 3, "推进农业科技园区建设", "实施农业科技园区创建工程。", "市科技局、各县(市、区)政府",
         "2020 年 12 月底前"],
        [None, None, None, "开展农业高新技术产业开发区创建工作。", "市科技局 、 市农委 、 各县(市、区)政府", None],
        ["二、加快县域创新驱动发展", 5, "推进地方优势产业培育", "东昌府区重点改造提升轴承及保持器产业",
         "东昌府区政府", "2022 年 12 月底前"],
        [None, None, None, "高新区重点布局化工新材料、智能制造等产业", "高新区管委会", None],
        [None, None, None, "茌平县重点布局铝精深加工等产业", "茌平县政府", None],
    ]
    merged = [
        (2, 1, 2, 6),
        (4, 1, 6, 1),
        (5, 2, 6, 2), (5, 3, 6, 3), (5, 6, 6, 6),
        (7, 1, 9, 1), (7, 2, 9, 2), (7, 3, 9, 3), (7, 6, 9, 6),
    ]
    return sheet("重点任务分工", rows, merged)


def test_official_layouts_in_one_workbook() -> None:
    doc = read_plan([book(official_indicator_sheet(), official_task_sheet())])

    assert set(doc) == PRESET_KEYS
    assert set(doc["plan"]) == PLAN_KEYS
    assert doc["format"] == 1 and doc["preset"] is None and doc["seed"] == "附件.xlsx"
    assert doc["plan"]["name"] == "聊城市创新型城市建设推进方案"
    assert doc["plan"]["city"] == "聊城市"
    assert doc["plan"]["indicator_notes"] == [
        "注：1.加注※的指标为创新型城市建设考核重点。",
        "2.单项得分计算方式由市创新型城市建设推进工作领导小组办公室另行制定。",
    ]
    for key in ("doc_number", "issuer", "issue_date", "base_year", "target_year", "reporting_day"):
        assert doc["plan"][key] is None
    assert doc["task_forces"] == [] and doc["leading_groups"] == []

    assert indicators(doc) == [
        ("创新要素集聚能力", "1", "科技进步贡献率", Decimal(10), False, ["市科技局"]),
        ("创新要素集聚能力", "2", "全社会 R&D 经费支出占 GDP 比重及增幅(%)", Decimal(10), True, ["市科技局"]),
        ("综合实力和产业竞争力", "3", "人均 GDP（万元/人）", Decimal(6), False, ["市发改委"]),
        ("综合实力和产业竞争力", "4", "党委政府出台实施创新驱动发展战略的决定或意见及配套政策", Decimal(8), True,
         ["市发改委", "市科技局"]),
    ]
    first = doc["indicator_groups"][0]["indicators"][0]
    assert set(first) == INDICATOR_KEYS
    assert all(isinstance(i["weight"], Decimal) for g in doc["indicator_groups"] for i in g["indicators"])
    assert first["baseline"] is None and first["targets"] == [] and first["values"] == []
    assert first["task"] is None and first["source"] is None
    # 计量单位 only where the name carries it in a trailing bracket
    units_of_measure = [i["unit"] for g in doc["indicator_groups"] for i in g["indicators"]]
    assert units_of_measure == [None, "%", "万元/人", None]
    assert [i["direction"] for g in doc["indicator_groups"] for i in g["indicators"]] == [
        "higher", "higher", "higher", "qualitative"
    ]

    assert [(g["number"], g["name"]) for g in doc["task_groups"]] == [
        ("一", "构建区域创新发展新格局"), ("二", "加快县域创新驱动发展")
    ]
    t1, t3, t5 = tasks(doc)
    assert set(t1) == TASK_KEYS
    assert (t1["number"], t1["title"], t1["body"]) == ("1", "有序推进高新技术园区建设", None)
    assert t1["goals"] == [{"text": "完善高新区区域创新体系建设。", "units": ["市科技局", "市发改委", "高新区管委会"],
                           "deadline_text": "2019 年 12 月底前"}]
    assert t1["units"] == ["市科技局", "市发改委", "高新区管委会"]
    assert t1["deadline_text"] == "2019 年 12 月底前"
    assert t1["task_force"] is None and t1["milestones"] == []

    assert t3["number"] == "3"
    assert [g["units"] for g in t3["goals"]] == [["市科技局", "各县(市、区)政府"],
                                                 ["市科技局", "市农委", "各县(市、区)政府"]]
    assert [g["deadline_text"] for g in t3["goals"]] == ["2020 年 12 月底前"] * 2
    assert t3["units"] == ["市科技局", "各县(市、区)政府", "市农委"]  # union of the rows, in order
    assert t3["deadline_text"] == "2020 年 12 月底前"

    assert t5["title"] == "推进地方优势产业培育"
    assert [g["units"] for g in t5["goals"]] == [["东昌府区政府"], ["高新区管委会"], ["茌平县政府"]]
    assert t5["units"] == ["东昌府区政府", "高新区管委会", "茌平县政府"]
    assert [g["deadline_text"] for g in t5["goals"]] == ["2022 年 12 月底前"] * 3


def test_the_two_tables_in_two_files_and_the_name_argument_wins() -> None:
    doc = read_plan(
        [book(official_task_sheet(), file_name="附件3.xlsx"), book(official_indicator_sheet(), file_name="附件2.xlsx")],
        name="  聊城市创新型城市建设推进方案（试行）",
    )
    assert doc["plan"]["name"] == "聊城市创新型城市建设推进方案（试行）"
    assert doc["seed"] == "附件3.xlsx、附件2.xlsx"
    assert len(indicators(doc)) == 4 and len(tasks(doc)) == 3


def test_plan_name_is_guessed_from_the_indicator_title_when_there_is_no_task_table() -> None:
    doc = read_plan([book(official_indicator_sheet())])
    assert doc["plan"]["name"] == "聊城市创新型城市建设方案"
    assert doc["plan"]["city"] == "聊城市"
    assert doc["task_groups"] == []


def test_title_without_city_and_without_title_at_all() -> None:
    rows = [["附件2"], ["创新型城市建设指标体系"], IND_HEADER, ["投入", 1, "研发经费", 10, "市科技局"]]
    doc = read_plan([book(sheet("Sheet1", rows))])
    assert doc["plan"]["city"] is None
    assert doc["plan"]["name"] == "创新型城市建设方案"
    doc = read_plan([book(sheet("Sheet1", rows[2:]))])
    assert doc["plan"]["name"] == "创新型城市建设方案" and doc["plan"]["city"] is None


# --- typed by the bureau --------------------------------------------------------------------


def test_typed_indicator_table_without_merges_with_repeated_headers_and_other_words() -> None:
    header = ["一级 指标", "序 号", "二 级 指 标", "权重（分）", "责任单位"]
    rows = [
        ["附件 2"],
        [],
        ["滨州市创新型城市建设指标体系"],
        header,
        ["创新投入", "1", "全社会研发经费支出占GDP比重（%）※", 10.0, "市科技局\n市统计局"],
        [None, "2", "规上工业企业研发机构覆盖率", "8分", "市发改委 市科技局"],
        [None, None, None, None, None],
        ["第 1 页"],
        header,  # the header printed again on the next page
        [None, "3", "高新技术企业数量（家）", 12, "市科技局"],
        ["创新产出", "4", "万人发明专利拥有量\n（件/万人）", "", "市市场监管局"],
        ["合 计", None, None, 30],
        ["注：加※的为考核重点指标。"],
    ]
    doc = read_plan([book(sheet("指标", rows))])
    assert indicators(doc) == [
        ("创新投入", "1", "全社会研发经费支出占GDP比重（%）", Decimal(10), True, ["市科技局", "市统计局"]),
        ("创新投入", "2", "规上工业企业研发机构覆盖率", Decimal(8), False, ["市发改委", "市科技局"]),
        ("创新投入", "3", "高新技术企业数量（家）", Decimal(12), False, ["市科技局"]),
        ("创新产出", "4", "万人发明专利拥有量（件/万人）", None, False, ["市市场监管局"]),
    ]
    assert [g["name"] for g in doc["indicator_groups"]] == ["创新投入", "创新产出"]
    assert doc["plan"]["indicator_notes"] == ["注：加※的为考核重点指标。"]
    assert doc["plan"]["city"] == "滨州市"


def test_weights_keep_the_shown_decimals() -> None:
    rows = [IND_HEADER, ["A", 1, "甲", 8.5, "市科技局"], ["A", 2, "乙", 10, "市科技局"], ["A", 3, "丙", 0.1 + 0.2, "市科技局"]]
    formats = {(2, 4): "0.0", (3, 4): "0.0", (4, 4): "General"}
    doc = read_plan([book(sheet("s", rows, formats=formats))])
    weights = [i["weight"] for i in doc["indicator_groups"][0]["indicators"]]
    assert [str(w) for w in weights] == ["8.5", "10.0", "0.3"]


def test_indicator_table_without_group_column_and_with_section_rows() -> None:
    rows = [["序号", "指标名称", "分值", "牵头部门"], [1, "研发投入强度", 10, "市科技局"], [2, "专利数量", 5, "市市场监管局"]]
    doc = read_plan([book(sheet("s", rows))])
    assert [g["name"] for g in doc["indicator_groups"]] == ["主要指标"]
    rows = [
        ["序号", "指标名称", "分值", "牵头部门"],
        ["一、创新投入"],
        [1, "研发投入强度", 10, "市科技局"],
        ["二、创新产出"],
        [2, "专利数量", 5, "市市场监管局"],
        [None, "技术合同成交额", 5, "市科技局"],
    ]
    doc = read_plan([book(sheet("s", rows, merged=[(2, 1, 2, 4), (4, 1, 4, 4)]))])
    assert [(g, n, name) for g, n, name, *_ in indicators(doc)] == [
        ("一、创新投入", "1", "研发投入强度"), ("二、创新产出", "2", "专利数量"), ("二、创新产出", "3", "技术合同成交额")
    ]


def test_typed_task_table_without_merges() -> None:
    header = ["重点任务", "序  号", "具体任务", "建设目标", "责任部门", "完成时间"]
    rows = [
        ["附件3"],
        ["山东省德州市创新型城市建设实施方案重点任务分工表"],
        [],
        header,
        ["（一）强化企业创新主体地位", 1, "培育高新技术企业", "高新技术企业达到100家", "市科技局、市税务局", "2023年底"],
        [None, None, None, "科技型中小企业入库300家", "市科技局", None],
        [],
        [None, 2, "引导企业加大研发投入", "规上工业企业研发活动全覆盖", "市工业和信息化局",
         dt.datetime(2024, 6, 30)],
        header,  # repeated on the next page, the group written again
        ["（一）强化企业创新主体地位", None, None, "企业研发投入年均增长10%", "市统计局", "2024年6月底"],
        ["（二）建设创新平台", 3, "建设创新平台", None, "市科技局", "长期坚持"],
    ]
    doc = read_plan([book(sheet("任务", rows))])
    assert doc["plan"]["name"] == "山东省德州市创新型城市建设实施方案"
    assert doc["plan"]["city"] == "德州市"
    assert [(g["number"], g["name"]) for g in doc["task_groups"]] == [("一", "强化企业创新主体地位"), ("二", "建设创新平台")]
    t1, t2, t3 = tasks(doc)
    assert t1["goals"] == [
        {"text": "高新技术企业达到100家", "units": ["市科技局", "市税务局"], "deadline_text": "2023年底"},
        {"text": "科技型中小企业入库300家", "units": ["市科技局"], "deadline_text": None},
    ]
    assert t1["units"] == ["市科技局", "市税务局"] and t1["deadline_text"] == "2023年底"
    assert t2["number"] == "2"
    assert [g["deadline_text"] for g in t2["goals"]] == ["2024年6月30日", "2024年6月底"]
    assert t2["deadline_text"] is None  # the rows differ: each row keeps its own
    assert t2["units"] == ["市工业和信息化局", "市统计局"]
    # a task without a 建设目标: no goals, the row's units and deadline are the task's
    assert (t3["title"], t3["goals"], t3["units"], t3["deadline_text"]) == (
        "建设创新平台", [], ["市科技局"], "长期坚持"
    )


def test_task_rows_split_at_a_page_break_and_blank_rows_inside_merges() -> None:
    rows = [
        TASK_HEADER,
        ["一、甲", 1, "任务一", "目标1", "市科技局", "2022 年 12 月底前"],
        [None, None, None, None, None, None],
        [None, None, None, "目标2", "市财政局", None],
        TASK_HEADER,
        ["一、甲", 1, "任务一", "目标3", "市科技局", "2022 年 12 月底前"],  # the merge continued on page 2
        [None, 2, "任务二", "目标4", "市科技局", "2022 年 12 月底前"],
    ]
    merged = [(2, 1, 4, 1), (2, 2, 4, 2), (2, 3, 4, 3), (2, 6, 4, 6), (6, 1, 7, 1)]
    doc = read_plan([book(sheet("s", rows, merged))])
    t1, t2 = tasks(doc)
    assert [g["text"] for g in t1["goals"]] == ["目标1", "目标2", "目标3"]
    assert t1["units"] == ["市科技局", "市财政局"] and t1["deadline_text"] == "2022 年 12 月底前"
    assert t2["number"] == "2" and len(doc["task_groups"]) == 1


def test_task_table_without_number_or_title_columns() -> None:
    rows = [["主要任务", "工作目标", "牵头单位", "时间节点"],
            ["一、创新平台", "新建省级以上平台10个。力争国家级1个", "市科技局", "2025年"],
            [None, "引进大院大所2家", "市科技局", "2024年"]]
    doc = read_plan([book(sheet("s", rows))])
    t = tasks(doc)
    assert [x["number"] for x in t] == ["1"]  # one task: blank 序号 and no 具体任务 continue it
    assert t[0]["title"] == "新建省级以上平台10个"
    assert len(t[0]["goals"]) == 2


def test_numbering_restarted_in_every_group_is_qualified_by_the_group() -> None:
    rows = [TASK_HEADER, ["一、甲", 1, "任务一", "目标", "市科技局", "2022年"], ["二、乙", 1, "任务二", "目标", "市科技局", "2022年"]]
    doc = read_plan([book(sheet("s", rows))])
    assert [t["number"] for t in tasks(doc)] == ["一.1", "二.1"]


def test_a_hidden_sheet_is_ignored() -> None:
    hidden = sheet("隐藏", [IND_HEADER, ["A", 1, "甲", 10, "市科技局"]], state="veryHidden")
    doc = read_plan([book(hidden, official_task_sheet())])
    assert doc["indicator_groups"] == [] and len(tasks(doc)) == 3


# --- refusals -------------------------------------------------------------------------------


def test_no_table_is_refused_naming_the_files() -> None:
    other = sheet("Sheet1", [["单位", "指标", "2023年"], ["市科技局", "研发投入", 3.1]])
    with pytest.raises(PlanSheetError) as info:
        read_plan([book(other, file_name="报表.xlsx")])
    assert "报表.xlsx" in str(info.value) and "指标体系" in str(info.value) and "重点任务分工" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(PlanSheetError, match="只有表头"):
        read_plan([book(sheet("s", [["附件2"], IND_HEADER]))])
    with pytest.raises(PlanSheetError):
        read_plan([])


def test_a_weight_that_is_not_a_number_names_file_sheet_and_row() -> None:
    rows = [["附件2"], IND_HEADER, ["A", 1, "甲", "十分", "市科技局"]]
    with pytest.raises(PlanSheetError) as info:
        read_plan([book(sheet("指标体系", rows), file_name="附件2.xlsx")])
    message = str(info.value)
    assert "附件2.xlsx" in message and "指标体系" in message and "第3行" in message and "十分" in message


def test_an_indicator_row_without_a_name_is_refused() -> None:
    rows = [IND_HEADER, ["A", 1, "甲", 10, "市科技局"], ["A", 2, None, 10, "市科技局"]]
    with pytest.raises(PlanSheetError, match="第3行"):
        read_plan([book(sheet("s", rows))])


def test_a_duplicate_task_number_in_one_group_is_refused() -> None:
    rows = [TASK_HEADER, ["一、甲", 1, "任务一", "目标", "市科技局", "2022年"], [None, 2, "任务二", "目标", "市科技局", "2022年"],
            [None, 1, "任务三", "目标", "市科技局", "2022年"]]
    with pytest.raises(PlanSheetError, match="第4行.*“1”.*第2行"):
        read_plan([book(sheet("s", rows))])


def test_a_task_row_that_belongs_nowhere_is_refused() -> None:
    rows = [TASK_HEADER, [None, None, None, None, "市科技局", "2022年"]]
    with pytest.raises(PlanSheetError, match="第2行"):
        read_plan([book(sheet("s", rows))])


def test_both_tables_one_after_the_other_in_one_sheet_with_a_measure_column() -> None:
    rows = [
        ["附件2"],
        ["淄博市创新型城市建设指标体系"],
        ["一级指标", "序号", "二级指标", "计量单位", "权重分值", "责任单位", "配合单位"],
        ["创新投入", 1, "研发经费投入强度", "%", 10, "市科技局", "市统计局、市财政局"],
        ["合计", None, None, None, 10],
        ["注：1.数据来源为统计年鉴。"],
        ["2.权重可调整。"],
        ["附件3"],
        ["淄博市创新型城市建设推进工作重点任务分工"],
        TASK_HEADER,
        ["一、甲", 1, "任务一", "目标", "市科技局", "2022年底"],
    ]
    doc = read_plan([book(sheet("全部", rows, merged=[(2, 1, 2, 7), (5, 1, 5, 4), (6, 1, 6, 7), (7, 1, 7, 7)]))])
    (ind,) = [i for g in doc["indicator_groups"] for i in g["indicators"]]
    assert (ind["unit"], ind["units"]) == ("%", ["市科技局", "市统计局", "市财政局"])
    assert doc["plan"]["indicator_notes"] == ["注：1.数据来源为统计年鉴。", "2.权重可调整。"]
    assert doc["plan"]["name"] == "淄博市创新型城市建设推进方案" and doc["plan"]["city"] == "淄博市"
    assert [t["title"] for t in tasks(doc)] == ["任务一"]


def test_a_stray_value_in_an_indicator_table_is_not_a_group() -> None:
    rows = [IND_HEADER, ["A", 1, "甲", 10, "市科技局"], [None, None, None, "10分", None]]
    with pytest.raises(PlanSheetError, match="第3行"):
        read_plan([book(sheet("s", rows))])
