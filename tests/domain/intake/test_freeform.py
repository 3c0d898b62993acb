"""Tests for desktop.domain.intake.freeform: returned files in the layouts departments make."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.intake.extraction import ExtractedValue, Extraction, PlanCatalog
from desktop.domain.intake.freeform import MappingError, parse_mapping, understand
from desktop.domain.intake.grid import GridCell, SheetGrid
from desktop.domain.periods import PeriodError
from desktop.domain.unit_names import UnitDirectory, UnitEntry
from tests.domain.intake.freeform_builders import (
    Cell,
    combined_catalog,
    indicator_id,
    liaocheng_catalog,
    pct,
    sheet,
    workbook,
    zibo_catalog,
)

ZIBO = zibo_catalog()
UNITS = UnitDirectory(
    [
        UnitEntry("市科技局", "department", ("市科学技术局",)),
        UnitEntry("市统计局", "department", ()),
        UnitEntry("市市场监管局", "department", ("市市场监督管理局",)),
    ]
)


def D(text: str) -> Decimal:
    return Decimal(text)


def iid(name: str, catalog: PlanCatalog = ZIBO) -> int:
    return indicator_id(name, catalog)


def values_by_name(extraction: Extraction, catalog: PlanCatalog = ZIBO) -> dict[tuple[str, str], ExtractedValue]:
    names = {indicator.id: indicator.name for indicator in catalog.indicators}
    return {(names[value.indicator_id], value.period): value for value in extraction.values}


def note_of(extraction: Extraction, sheet_name: str) -> str:
    return next(note for note in extraction.notes if note.startswith(f"工作表“{sheet_name}”"))


# -- the usual returned table -----------------------------------------------------------


def returned_table() -> list[list[Cell]]:
    return [
        ["附件2", None, None, None, None, None],
        ["淄博市“十四五”科技创新主要指标完成情况表", None, None, None, None, None],
        ["填报单位（盖章）：淄博市科学技术局", None, None, None, "填报日期：2024年1月10日", None],
        ["序号", "指标名称", "计量单位", "2023年", None, "备注"],
        [None, None, None, "目标", "完成", None],
        [1, "R&D经费支出占GDP比重（%）", "%", 2.9, 2.86, "2021年"],
        [2, "高新技术企业数", "家", 1500, "1,374", None],
        [3, "年登记技术合同成交额", "亿元", 150, 160.5, "—"],
        [None, None, None, None, None, None],
        [4, "规上工业企业数量", "家", 2000, "２００４", "截至2022年底"],
        ["合计", None, None, None, 9999, None],
        ["注：1.数据来源于统计年鉴；2.没有数据的填“—”。", None, None, None, None, None],
        ["填报人：张三", None, "联系电话：0533-1234567", None, "审核人：李四", None],
        [5, "GDP", "亿元", None, 4400, None],
    ]


RETURNED_MERGES = ("A2:F2", "A4:A5", "B4:B5", "C4:C5", "D4:E4", "F4:F5", "A12:F12")


def test_title_sender_merged_header_and_footer() -> None:
    grid = workbook(sheet("Sheet1", returned_table(), merged=RETURNED_MERGES))
    extraction = understand(grid, ZIBO, units=UNITS)

    assert extraction.unit == "市科技局"
    assert extraction.period == "2023"
    assert extraction.refused == () and extraction.not_understood == ()
    found = values_by_name(extraction)
    assert set(found) == {
        ("R&D经费支出占GDP比重", "2023"),
        ("高新技术企业", "2023"),
        ("年登记技术合同成交额", "2023"),
        ("规上工业企业数量", "2023"),
    }
    rd = found[("R&D经费支出占GDP比重", "2023")]
    assert (rd.value, rd.cell, rd.sheet, rd.data_year, rd.note) == (D("2.86"), "E6", "Sheet1", 2021, "2021年")
    assert found[("高新技术企业", "2023")].value == D("1374")
    assert found[("高新技术企业", "2023")].raw == "1,374"
    assert found[("年登记技术合同成交额", "2023")].note is None  # "—" in 备注 is no remark
    companies = found[("规上工业企业数量", "2023")]
    assert (companies.value, companies.data_year) == (D("2004"), 2022)
    # the target column, the 合计 row and everything under 填报人 are not read
    assert all(value.cell[0] == "E" for value in extraction.values)
    note = note_of(extraction, "Sheet1")
    assert "表头在第4–5行" in note
    assert "指标名称在B列" in note
    assert "2023年数值在E列" in note
    assert "计量单位在C列" in note and "备注在F列" in note
    assert "D列“2023年|目标”" in note


def test_value_types_full_width_and_units_in_the_cell() -> None:
    grid = workbook(
        sheet(
            "完成情况",
            [
                ["指标", "2023年完成值"],
                ["科技型中小企业", "１６００"],
                ["高新技术企业", "1,600家"],
                ["R&D经费支出占GDP比重", "３.０２％"],
                ["省级以上创新平台", "约300"],
                ["授权发明专利", "—"],
                ["年登记技术合同成交额", "160.5亿元"],
                ["研发经费投入", "3000万元"],
                ["规上工业企业数量", 2004.0],
            ],
        )
    )
    extraction = understand(grid, ZIBO)
    found = values_by_name(extraction)
    assert found[("科技型中小企业", "2023")].value == D("1600")
    assert found[("高新技术企业", "2023")].value == D("1600")
    assert found[("R&D经费支出占GDP比重", "2023")].value == D("3.02")
    assert found[("省级以上创新平台", "2023")].value == D("300")
    blank = found[("授权发明专利", "2023")]
    assert blank.value is None and blank.raw == "—"
    assert found[("年登记技术合同成交额", "2023")].value == D("160.5")
    assert found[("研发经费投入", "2023")].value == D("0.3")
    assert found[("规上工业企业数量", "2023")].value == D("2004")
    assert [warning.cell for warning in extraction.warnings] == ["B5"]  # 约300
    assert "约数" in extraction.warnings[0].message
    assert extraction.refused == ()


# -- units ------------------------------------------------------------------------------


def test_unit_column_converts_to_the_plan_unit() -> None:
    grid = workbook(
        sheet(
            "Sheet1",
            [
                ["序号", "指标名称", "单位", "2023年完成值"],
                [1, "研发经费投入", "万元", "1,200,000"],
                [2, "高新技术企业", "个", 1374],
                [3, "高新技术企业从业人员", "人", 206000],
                [4, "GDP", "人", 4400],
                [5, "授权发明专利", "/", 5100],
            ],
        )
    )
    extraction = understand(grid, ZIBO)
    found = values_by_name(extraction)
    assert found[("研发经费投入", "2023")].value == D("120")
    assert found[("高新技术企业", "2023")].value == D("1374")
    assert found[("高新技术企业从业人员", "2023")].value == D("20.6")
    assert found[("授权发明专利", "2023")].value == D("5100")  # "/" in the unit column says nothing
    assert ("GDP", "2023") not in found
    [refusal] = extraction.refused
    assert (refusal.cell, refusal.text) == ("D5", "4400")
    assert "“人”" in refusal.reason and "“亿元”" in refusal.reason


def test_unit_in_the_header_and_in_the_row_name() -> None:
    grid = workbook(
        sheet(
            "Sheet1",
            [
                ["指标名称", "2023年完成值（万元）", "2022年"],
                ["研发经费投入", 1200000, None],
                ["年登记技术合同成交额（万元）", None, 1400000],
            ],
        )
    )
    found = values_by_name(understand(grid, ZIBO))
    assert found[("研发经费投入", "2023")].value == D("120")
    assert found[("年登记技术合同成交额", "2022")].value == D("140")


def test_unit_line_above_the_table_applies_to_money_rows_only() -> None:
    grid = workbook(
        sheet(
            "Sheet1",
            [
                ["主要指标完成情况表", None],
                ["填报单位：市统计局      单位：万元", None],
                ["指标名称", "2023年"],
                ["研发经费投入", 1200000],
                ["R&D经费支出占GDP比重（%）", 2.86],
                ["高新技术企业", 1374],
            ],
            merged=("A1:B1",),
        )
    )
    extraction = understand(grid, ZIBO, units=UNITS)
    found = values_by_name(extraction)
    assert extraction.unit == "市统计局"
    assert found[("研发经费投入", "2023")].value == D("120")
    assert found[("R&D经费支出占GDP比重", "2023")].value == D("2.86")
    assert found[("高新技术企业", "2023")].value == D("1374")
    assert "表上方注明单位为万元" in note_of(extraction, "Sheet1")


def test_percent_formatted_ratios() -> None:
    grid = workbook(
        sheet(
            "Sheet1",
            [
                ["指标名称", "计量单位", "2023年"],
                ["R&D经费支出占GDP比重", "%", pct(0.0302)],
                ["规模以上工业企业中有研发活动企业占比", None, pct(1.25, "0%")],
                ["高新技术企业", "家", pct(0.5)],
                ["高新技术产业产值占规模以上工业总产值比重", "%", GridCell("48.42", "0.00%")],
            ],
        )
    )
    extraction = understand(grid, ZIBO)
    found = values_by_name(extraction)
    rd = found[("R&D经费支出占GDP比重", "2023")]
    assert rd.value == D("3.02")
    assert "显示为 3.02%" in rd.raw
    assert found[("规模以上工业企业中有研发活动企业占比", "2023")].value == D("125")
    # a text cell's format says nothing about its digits
    assert found[("高新技术产业产值占规模以上工业总产值比重", "2023")].value == D("48.42")
    [warning] = extraction.warnings
    assert warning.cell == "C3" and "超过 100%" in warning.message
    [refusal] = extraction.refused
    assert refusal.cell == "C4" and "百分比格式" in refusal.reason


# -- layouts ------------------------------------------------------------------------------


def test_transposed_sheet() -> None:
    grid = workbook(
        sheet(
            "历年数据",
            [
                ["主要指标历年完成情况", None, None, None, None],
                ["年份", "R&D经费支出占GDP比重（%）", "高新技术企业（家）", "技术合同成交额（亿元）", "海洋经济增加值"],
                ["2021年", 2.75, 1000, 120, 5],
                ["2022年", 2.81, 1200, "140", 6],
                ["2025年目标", 3.0, 1800, 200, 7],
                ["2023年", 2.86, "1,374", 160.5, 8],
                ["计量单位", "%", "家", "万元", None],
            ],
            merged=("A1:E1",),
        )
    )
    extraction = understand(grid, ZIBO)
    found = values_by_name(extraction)
    assert len(found) == 9
    assert found[("R&D经费支出占GDP比重", "2021")].value == D("2.75")
    assert found[("高新技术企业", "2023")].value == D("1374")
    assert found[("高新技术企业", "2023")].cell == "C6"
    # the unit row says 万元 where the plan counts 亿元
    assert found[("年登记技术合同成交额", "2022")].value == D("0.014")
    assert not any(value.period == "2025" for value in extraction.values)
    [unknown] = extraction.not_understood
    assert (unknown.row, unknown.text) == (2, "海洋经济增加值")
    note = note_of(extraction, "历年数据")
    assert "横向排列" in note and "指标名称在第2行" in note and "期间在A列" in note


def test_data_on_the_second_sheet() -> None:
    grid = workbook(
        sheet(
            "填报说明",
            [
                ["填报说明"],
                ["1.请各单位如实填写本单位负责的指标，数值一律取整数。"],
                ["2.没有数据的填“—”，高新技术企业按有效期内数量填写。"],
            ],
        ),
        sheet("_meta", [["template", "zibo-2023"]], state="veryHidden"),
        sheet(
            "指标数据",
            [
                ["指标名称", "2023年"],
                ["高新技术企业", 1374],
                ["科技型中小企业", 2100],
            ],
        ),
    )
    extraction = understand(grid, ZIBO)
    assert {value.sheet for value in extraction.values} == {"指标数据"}
    assert len(extraction.values) == 2
    assert extraction.not_understood == () and extraction.refused == ()
    assert any("“填报说明”" in note and "未读取" in note for note in extraction.notes)
    assert any("“_meta”是隐藏工作表" in note for note in extraction.notes)


def test_period_headings() -> None:
    grid = workbook(
        sheet(
            "Sheet1",
            [
                ["指标名称", "2023年1-6月", "2023年6月", "2023年第三季度", "2023年1-9月", "2023年同比增长", "2021-2023年累计"],
                ["高新技术企业", 1300, 1310, 1320, 1330, "5%", 3000],
            ],
        )
    )
    extraction = understand(grid, ZIBO)
    assert {value.period: value.value for value in extraction.values} == {
        "2023H1": D("1300"),
        "2023-06": D("1310"),
        "2023Q3": D("1320"),
        "2023-09": D("1330"),
    }
    note = note_of(extraction, "Sheet1")
    assert "2023年上半年数值在B列" in note
    assert "F列“2023年同比增长”" in note and "G列“2021-2023年累计”" in note


def test_generic_value_column_takes_the_period_given() -> None:
    rows: list[list[Cell]] = [
        ["序号", "具体指标", "2025年目标数", "目前完成数", "完成进度", "备注"],
        [1, "高新技术企业", 1800, 1374, "76%", "截至2022年底"],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO, period="2023年")
    [value] = extraction.values
    assert (value.period, value.value, value.cell, value.data_year) == ("2023", D("1374"), "D2", 2022)
    assert extraction.period == "2023"
    assert "按导入时选择的期间" in note_of(extraction, "Sheet1")


def test_generic_value_column_without_a_period_is_refused() -> None:
    rows: list[list[Cell]] = [
        ["具体指标", "完成情况"],
        ["高新技术企业", 1374],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO)
    assert extraction.values == ()
    [refusal] = extraction.refused
    assert refusal.cell == "B1" and "没有写明期间" in refusal.reason


def test_generic_value_column_takes_the_period_of_the_title() -> None:
    rows: list[list[Cell]] = [
        ["2023年主要指标完成情况", None],
        ["具体指标", "实际完成"],
        ["高新技术企业", 1374],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows, merged=("A1:B1",))), ZIBO)
    [value] = extraction.values
    assert value.period == "2023"
    assert "按标题中的期间" in note_of(extraction, "Sheet1")


def test_title_period_that_disagrees_with_the_chosen_one_is_flagged() -> None:
    rows: list[list[Cell]] = [
        ["2022年主要指标完成情况", None],
        ["具体指标", "实际完成"],
        ["高新技术企业", 1374],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows, merged=("A1:B1",))), ZIBO, period="2023")
    assert [value.period for value in extraction.values] == ["2023"]
    [warning] = extraction.warnings
    assert "2022年" in warning.message and "2023年" in warning.message


# -- what cannot be read ------------------------------------------------------------------


def test_names_below_the_threshold_are_reported_with_a_guess() -> None:
    rows: list[list[Cell]] = [
        ["指标名称", "2023年"],
        ["一、创新投入", None],
        ["高新技术企业", 1374],
        ["创新平台", 80],
        ["其中：国家级高新技术企业", 120],
        ["海洋经济增加值", 900],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO)
    assert [value.indicator_id for value in extraction.values] == [iid("高新技术企业")]
    by_text = {item.text: item for item in extraction.not_understood}
    assert set(by_text) == {"创新平台", "其中：国家级高新技术企业", "海洋经济增加值"}  # the heading row has no value
    platform = by_text["创新平台"]
    assert platform.row == 4 and platform.best_guess == "省级以上创新平台"
    assert platform.score is not None and platform.score < 0.8
    assert by_text["其中：国家级高新技术企业"].best_guess == "高新技术企业"
    assert "3行未能对应到指标" in note_of(extraction, "Sheet1")


def test_ambiguous_names_are_not_guessed() -> None:
    catalog = combined_catalog()
    rows: list[list[Cell]] = [
        ["指标名称", "2023年"],
        ["高新技术企业数", 1374],
        ["科技进步贡献率", 65.5],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), catalog)
    assert [value.indicator_id for value in extraction.values] == [iid("科技进步贡献率", catalog)]
    [item] = extraction.not_understood
    assert item.text == "高新技术企业数" and item.score == 1.0
    assert item.best_guess in ("高新技术企业", "高新技术企业数量（家）")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("正在统计", "没有找到数字"),
        ("2.5-3", "范围"),
        ("二十", "中文数字"),
        ("≥3", "界限"),
        ("1,6000", "千分位"),
    ],
)
def test_text_in_a_number_cell_is_refused(text: str, words: str) -> None:
    rows: list[list[Cell]] = [
        ["指标名称", "2023年"],
        ["高新技术企业", text],
        ["科技型中小企业", 2100],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO)
    assert [value.indicator_id for value in extraction.values] == [iid("科技型中小企业")]
    [refusal] = extraction.refused
    assert (refusal.sheet, refusal.cell, refusal.text) == ("Sheet1", "B2", text)
    assert refusal.reason.startswith("高新技术企业：") and words in refusal.reason


def test_formula_without_value_and_dates_are_refused() -> None:
    import datetime as dt

    rows: list[list[Cell]] = [
        ["指标名称", "2023年"],
        ["高新技术企业", None],
        ["科技型中小企业", dt.date(2023, 12, 31)],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows, formulas_without_value=("B2",))), ZIBO)
    # an empty cell is "not filled in", not a value; but an uncomputed formula is a problem
    reasons = {refusal.cell: refusal.reason for refusal in extraction.refused}
    assert "没有保存计算结果" in reasons["B2"]
    assert "日期" in reasons["B3"]


def test_conflicting_duplicates_are_refused_and_equal_ones_kept_once() -> None:
    rows: list[list[Cell]] = [
        ["指标名称", "2023年"],
        ["高新技术企业", 1374],
        ["高新技术企业数量（家）", 1400],
        ["科技型中小企业", 2100],
        ["科技型中小企业数", "2,100"],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO)
    [value] = extraction.values
    assert value.indicator_id == iid("科技型中小企业") and value.cell == "B4"
    assert sorted(refusal.cell for refusal in extraction.refused) == ["B2", "B3"]
    assert all("多个不同的数值" in refusal.reason for refusal in extraction.refused)


# -- task progress ------------------------------------------------------------------------


def progress_sheet(title: str = "重点任务推进情况表（2024年6月）") -> list[list[Cell]]:
    return [
        [title, None, None, None, None, None, None],
        ["序号", "重点任务", "工作进展", "存在问题", "下步计划", "完成进度", "推进状态"],
        ["1.1", "提升市及县域创新能力", "开展县域创新能力评价，形成评价报告。", "无", "继续推进评价结果运用。", pct(0.6, "0%"), "序时推进"],
        ["1.2", "提升高新区创新引领带动作用", "高新区新认定高新技术企业56家。", "资金不足", "争取省级资金。", "80%", "滞后"],
        [3, "努力提升基础研究能力", "新建省重点实验室2家。", None, None, 100, "已完成"],
        ["9", "筹办全市科技活动周", "已完成方案。", None, None, None, "进展顺利"],
        ["填报人：王五", None, None, None, None, None, None],
    ]


def test_task_progress_sheet() -> None:
    grid = workbook(sheet("任务进展", progress_sheet(), merged=("A1:G1",)))
    extraction = understand(grid, ZIBO, period="2024-06")
    assert extraction.values == ()
    by_task = {item.task_id: item for item in extraction.progress}
    assert set(by_task) == {201, 202, 204}
    first = by_task[201]
    assert (first.period, first.percent, first.status, first.row, first.sheet) == ("2024-06", D("60"), "推进中", 3, "任务进展")
    assert first.progress_text == "开展县域创新能力评价，形成评价报告。"
    assert first.problems is None  # 无
    assert first.next_steps == "继续推进评价结果运用。"
    assert (by_task[202].percent, by_task[202].status, by_task[202].problems) == (D("80"), "滞后", "资金不足")
    assert (by_task[204].percent, by_task[204].status) == (D("100"), "已完成")  # row numbered 3 is task 2.1
    [unknown] = extraction.not_understood
    assert unknown.row == 6 and unknown.text == "筹办全市科技活动周"
    assert extraction.warnings == ()
    note = note_of(extraction, "任务进展")
    assert "任务进展表（2024年6月）" in note and "任务在B列" in note and "工作进展在C列" in note


def test_task_progress_month_from_the_title_and_refused_without_one() -> None:
    from_title = understand(workbook(sheet("任务进展", progress_sheet())), ZIBO)
    assert {item.period for item in from_title.progress} == {"2024-06"}

    without = understand(workbook(sheet("任务进展", progress_sheet("重点任务推进情况表"))), ZIBO)
    assert without.progress == ()
    [refusal] = without.refused
    assert "选择月份" in refusal.reason

    by_year = understand(workbook(sheet("任务进展", progress_sheet("重点任务推进情况表"))), ZIBO, period="2024")
    assert by_year.progress == () and "不是一个月份" in by_year.refused[0].reason


def test_unknown_status_is_a_warning() -> None:
    rows = progress_sheet()
    rows[3][6] = "基本完成了"
    extraction = understand(workbook(sheet("任务进展", rows)), ZIBO, period="2024-06")
    assert {item.task_id: item.status for item in extraction.progress}[202] is None
    assert any("推进状态“基本完成了”无法识别" in warning.message for warning in extraction.warnings)


# -- the mapping --------------------------------------------------------------------------


def test_mapping_reads_columns_detection_cannot_name() -> None:
    rows: list[list[Cell]] = [
        ["项", "本年", "上年"],
        ["高新技术企业", 1374, 1200],
        ["科技型中小企业", 2100, 1900],
    ]
    without = understand(workbook(sheet("Sheet1", rows)), ZIBO)
    assert without.values == ()
    assert "没有找到数值列" in note_of(without, "Sheet1")

    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO, mapping={"B": "value:2023", "上年": "value:2022"})
    found = values_by_name(extraction)
    assert found[("高新技术企业", "2023")].value == D("1374")
    assert found[("科技型中小企业", "2022")].value == D("1900")
    assert len(found) == 4


def test_mapping_overrides_detected_columns() -> None:
    rows: list[list[Cell]] = [
        ["指标名称", "说明", "2023年", "2023年（修正）", "备注"],
        ["高新技术企业", "有效期内", 1370, 1374, "2022年"],
    ]
    detected = understand(workbook(sheet("Sheet1", rows)), ZIBO)
    # two columns of 2023 values that disagree: neither is stored
    assert detected.values == ()
    assert sorted(refusal.cell for refusal in detected.refused) == ["C2", "D2"]

    mapping = {"D": "value:2023", "说明": "ignore", "E": "note", "Sheet2!B": "name"}
    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO, mapping=mapping)
    [value] = extraction.values
    assert (value.cell, value.value, value.note, value.data_year) == ("D2", D("1374"), "2022年", 2022)
    assert any("“Sheet2!B”" in note and "未使用" in note for note in extraction.notes)


def test_mapping_name_column_and_header_rows() -> None:
    rows: list[list[Cell]] = [
        ["某某表", None, None],
        ["a", "b", "c"],
        ["一类", "高新技术企业", 1374],
        ["二类", "科技型中小企业", 2100],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), ZIBO, mapping={"header": "2", "B": "name", "c": "value"}, period="2023")
    assert len(extraction.values) == 2
    assert "表头在第2行" in note_of(extraction, "Sheet1")


@pytest.mark.parametrize(
    "mapping",
    [
        {"C": "valeu"},
        {"C": "value:2023年13月"},
        {"C": "note:2023"},
        {"B": "name", "指标": "name"},
        {"header": "三"},
        {"": "name"},
    ],
)
def test_unreadable_mapping_is_an_error(mapping: dict[str, str]) -> None:
    with pytest.raises(MappingError):
        parse_mapping(mapping)


def test_unreadable_period_argument_is_an_error() -> None:
    with pytest.raises(PeriodError):
        understand(workbook(), ZIBO, period="2023年13月")


# -- the sending unit ---------------------------------------------------------------------


def simple_rows() -> list[list[Cell]]:
    return [["指标名称", "2023年"], ["高新技术企业", 1374]]


def test_sending_unit_from_the_argument_when_the_file_names_none() -> None:
    assert understand(workbook(sheet("S", simple_rows())), ZIBO, unit="市科学技术局", units=UNITS).unit == "市科技局"
    assert understand(workbook(sheet("S", simple_rows())), ZIBO, unit="市科技局").unit == "市科技局"
    assert understand(workbook(sheet("S", simple_rows())), ZIBO).unit is None


def test_sending_unit_in_the_file_wins_and_a_disagreement_is_flagged() -> None:
    rows: list[list[Cell]] = [["填报单位：", "市市场监督管理局"], *simple_rows()]
    extraction = understand(workbook(sheet("S", rows)), ZIBO, unit="市科技局", units=UNITS)
    assert extraction.unit == "市市场监管局"
    [warning] = extraction.warnings
    assert "市科技局" in warning.message and warning.cell == "A1"


def test_unknown_sending_unit_falls_back_to_the_argument() -> None:
    rows: list[list[Cell]] = [["填报单位：某某研究院", None], *simple_rows()]
    extraction = understand(workbook(sheet("S", rows)), ZIBO, unit="市科技局", units=UNITS)
    assert extraction.unit == "市科技局"
    assert any("某某研究院" in note and "不在单位名录中" in note for note in extraction.notes)


def test_liaocheng_names_with_units_in_brackets() -> None:
    catalog = liaocheng_catalog()
    rows: list[list[Cell]] = [
        ["序号", "指标", "2018年"],
        [1, "全社会R&D经费支出占GDP比重", "2.31%"],
        [2, "高新技术企业数", 125],
        [3, "万人发明专利拥有量", 6.5],
        [4, "技术市场成交合同金额", "8.6亿元"],
        [5, "人均GDP（元/人）", 62000],
    ]
    extraction = understand(workbook(sheet("Sheet1", rows)), catalog)
    found = values_by_name(extraction, catalog)
    assert found[("全社会 R&D 经费支出占 GDP 比重及增幅(%)", "2018")].value == D("2.31")
    assert found[("高新技术企业数量（家）", "2018")].value == D("125")
    assert found[("万人发明专利拥有量（件/万人）", "2018")].value == D("6.5")
    assert found[("技术市场成交合同金额（亿元）", "2018")].value == D("8.6")
    assert found[("人均 GDP（万元/人）", "2018")].value == D("6.2")
    assert extraction.refused == () and extraction.not_understood == ()


# -- more layouts seen in returned files --------------------------------------------------


def test_three_row_header_with_a_group_column() -> None:
    rows: list[list[Cell]] = [
        ["2023年科技创新指标完成情况", None, None, None, None, None],
        ["填报单位：市科学技术局（盖章）", None, None, None, None, None],
        ["一级指标", "二级指标", "2023年", None, None, None],
        [None, None, "上半年", None, "全年", None],
        [None, None, "目标", "完成", "目标", "完成"],
        ["创新投入", "R&D经费支出占GDP比重（%）", 2.9, 2.8, 3.0, 2.86],
        [None, "研发经费投入（亿元）", 50, 48, 100, "１０２．５"],
        ["创新主体", "高新技术企业（家）", 1400, 1380, 1500, "1,374"],
    ]
    merged = ("A1:F1", "A2:F2", "A3:A5", "B3:B5", "C3:F3", "C4:D4", "E4:F4", "A6:A7")
    extraction = understand(workbook(sheet("S", rows, merged=merged)), ZIBO, units=UNITS)
    assert extraction.unit == "市科技局"
    found = values_by_name(extraction)
    assert found[("R&D经费支出占GDP比重", "2023H1")].value == D("2.8")
    assert found[("研发经费投入", "2023")].value == D("102.5")
    assert found[("高新技术企业", "2023")].cell == "F8"
    assert len(found) == 6
    assert "表头在第3–5行" in note_of(extraction, "S")


def test_year_typed_over_two_columns_without_merging() -> None:
    rows: list[list[Cell]] = [
        ["序号", "指标", "2022年", None, "2023年", None],
        [None, None, "目标", "完成", "目标", "完成"],
        [1, "高新技术企业", 1200, 1250, 1500, 1374],
    ]
    extraction = understand(workbook(sheet("S", rows)), ZIBO)
    assert {(value.period, value.cell) for value in extraction.values} == {("2022", "D3"), ("2023", "F3")}


def test_headings_without_a_year_take_the_year_of_the_import() -> None:
    rows: list[list[Cell]] = [
        ["指标名称", "1-6月累计完成", "本月完成"],
        ["高新技术企业", 1374, 12],
    ]
    extraction = understand(workbook(sheet("S", rows)), ZIBO, period="2023-06")
    assert {value.period: value.value for value in extraction.values} == {"2023H1": D("1374"), "2023-06": D("12")}
    assert "年份按导入时选择的期间" in note_of(extraction, "S")

    without = understand(workbook(sheet("S", rows)), ZIBO)
    assert without.values == () and len(without.refused) == 2


def test_a_single_number_column_without_any_header() -> None:
    rows: list[list[Cell]] = [["高新技术企业", 1374, "家"], ["科技型中小企业", "2,100", "家"]]
    extraction = understand(workbook(sheet("S", rows)), ZIBO, period="2023")
    assert [(value.cell, value.value) for value in extraction.values] == [("B1", D("1374")), ("B2", D("2100"))]
    assert "B列是唯一的数值列" in note_of(extraction, "S")

    two_columns: list[list[Cell]] = [["高新技术企业", 1374, 1200], ["科技型中小企业", 2100, 1900]]
    unsure = understand(workbook(sheet("S", two_columns)), ZIBO, period="2023")
    assert unsure.values == () and "没有找到数值列" in note_of(unsure, "S")


def test_one_sheet_per_month() -> None:
    def month(number: int) -> SheetGrid:
        return sheet(f"2023年{number}月", [["指标名称", "本月完成"], ["高新技术企业", 1300 + number]])

    extraction = understand(workbook(month(5), month(6)), ZIBO)
    assert {value.period: value.sheet for value in extraction.values} == {"2023-05": "2023年5月", "2023-06": "2023年6月"}
    assert extraction.period is None  # two periods in one file


def test_indicator_sheet_with_a_task_target_column_is_not_a_task_sheet() -> None:
    rows: list[list[Cell]] = [
        ["指标名称", "2023年任务数", "完成", "完成进度"],
        ["高新技术企业", 1500, 1374, "91.6%"],
    ]
    extraction = understand(workbook(sheet("S", rows)), ZIBO, period="2023")
    [value] = extraction.values
    assert (value.cell, value.value) == ("C2", D("1374"))
    assert extraction.progress == ()


def test_a_bare_fraction_for_a_percent_indicator_is_flagged() -> None:
    rows: list[list[Cell]] = [["指标名称", "2023年"], ["R&D经费支出占GDP比重", 0.0302], ["规模以上工业企业中有研发活动企业占比", 0.5]]
    extraction = understand(workbook(sheet("S", rows)), ZIBO)
    assert [value.value for value in extraction.values] == [D("0.0302"), D("0.5")]
    assert [warning.cell for warning in extraction.warnings] == ["B2", "B3"]
    assert "3.02" in extraction.warnings[0].message
