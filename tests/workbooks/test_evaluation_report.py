"""考核评分 (evaluation): 聊城 附件2 weights, real and hand-made results, saved and re-opened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.evaluation.results import IndicatorResult, Light, ScoreLine, ScoreSummary, Status
from desktop.domain.evaluation.specs import TargetKind
from desktop.workbooks.reports import evaluation
from tests.workbooks.test_indicator_status import (
    assert_sheet_setup,
    evaluate,
    header_row,
    preset_dump,
    row_values,
    saved,
    table_rows,
)

HEADERS = ["一级指标", "二级指标", "权重", "目标", "实际", "完成率", "得分"]
GROUPS = ["创新要素集聚能力", "综合实力和产业竞争力", "创新对社会民生发展的支撑", "特色指标"]
GROUP_WEIGHTS = [28, 44, 22, 6]  # 附件2: 10+10+8, 6+10+8+8+6+6, 8+8+6, 6

# figures for five indicators of 附件2 (2017 = base year) and two hand scores
VALUES = {
    2: [("2017", "2.01"), ("2019", "2.35")],  # R&D 比重: 2019 stage 2.3
    3: [("2017", "30.1"), ("2019", "33.4")],  # 高新技术产业产值比重: 2019 stage 32
    5: [("2019", "131")],  # 高新技术企业数量: 2019 stage 120
    7: [("2019", "2.1")],  # 万人发明专利: 2019 stage 2.5
    8: [("2019", "14.62")],  # 技术合同成交额: 2019 stage 12
}
HAND = {10: Decimal("7"), 11: Decimal("8")}


@pytest.fixture
def liaocheng(tmp_path: Path) -> dict[str, Any]:
    plan = preset_dump(tmp_path, "liaocheng-2018")
    for ind in plan["indicators"]:
        for period, value in VALUES.get(ind["id"], ()):
            ind["values"].append(
                {"period": period, "value": Decimal(value), "data_year": int(period), "unit": None, "note": None}
            )
    return plan


def _no_formulas(wb) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_liaocheng_real_evaluation(tmp_path: Path, liaocheng: dict[str, Any]) -> None:
    results, summary = evaluate(liaocheng, HAND)
    wb = saved(evaluation.build(liaocheng, results, summary), tmp_path / "考核评分.xlsx")
    assert wb.sheetnames == ["考核评分", "按责任单位"]
    _no_formulas(wb)
    ws = wb["考核评分"]
    assert ws.cell(1, 1).value == "聊城市创新型城市建设推进方案考核评分"
    h = header_row(ws, "一级指标")
    assert row_values(ws, h, 7) == HEADERS
    rows = table_rows(ws, h + 1)
    assert len(rows) == 13 + 4 + 1  # indicators, 小计 per 一级指标, 合计

    subtotals = [r for r in rows if ws.cell(r, 2).value == "小计"]
    assert len(subtotals) == 4
    indicator_rows = [r for r in rows if r not in subtotals and r != rows[-1]]
    assert len(indicator_rows) == 13
    assert sum(ws.cell(r, 3).value for r in indicator_rows) == 100
    assert [ws.cell(r, 3).value for r in subtotals] == GROUP_WEIGHTS

    # 一级指标 merged down over its indicators and its 小计; 合计 over 一级/二级指标
    merged = {str(m) for m in ws.merged_cells.ranges}
    first = h + 1
    for group, sub in zip(GROUPS, subtotals):
        assert f"A{first}:A{sub}" in merged
        assert ws.cell(first, 1).value == group
        first = sub + 1
    total = rows[-1]
    assert f"A{total}:B{total}" in merged
    assert ws.cell(total, 1).value == "合计"
    assert ws.cell(total, 3).value == 100
    assert ws.cell(total, 7).value == pytest.approx(float(summary.total_score))
    assert ws.cell(total, 1).font.b and ws.cell(subtotals[0], 7).font.b

    # scores: written numbers that add up, as the summary computed them
    for sub, line in zip(subtotals, summary.by_group):
        assert ws.cell(sub, 7).value == pytest.approx(float(line.score))
    scores = [ws.cell(r, 7).value for r in indicator_rows]
    assert sum(s for s in scores if isinstance(s, (int, float))) == pytest.approx(float(summary.total_score))
    assert summary.total_score > 0

    by_name = {ws.cell(r, 2).value: r for r in indicator_rows}
    r = by_name["全社会 R&D 经费支出占 GDP 比重及增幅(%)"]  # 2.35 of the 2019 stage 2.3
    assert row_values(ws, r, 7)[2:] == [10, 2.3, 2.35, pytest.approx(float(results[2].completion)), 10]
    assert ws.cell(r, 4).number_format == "#,##0.0"
    assert ws.cell(r, 5).number_format == "#,##0.00"
    assert ws.cell(r, 6).number_format == "0.00%"
    assert ws.cell(r, 7).number_format == "0.00"
    r = by_name["科技进步贡献率（%）"]  # no target, no figure: dashes, no score
    assert row_values(ws, r, 7)[2:] == [10, "—", "—", "—", "—"]
    r = by_name["党委政府出台实施创新驱动发展战略的决定或意见及配套政策"]  # scored by hand
    assert ws.cell(r, 7).value == 7
    assert ws.cell(r, 3).number_format == "#,##0"
    assert_sheet_setup(ws, h, one_page=True)  # 18 rows + 注 just overflow one page
    assert ws.cell(1, 1).font.name == "方正小标宋简体"
    assert ws.cell(h, 1).font.name == "黑体"
    assert ws.cell(indicator_rows[0], 2).font.name == "仿宋_GB2312"
    assert ws.cell(rows[-1] + 1, 1).value.startswith("注：")

    units = wb["按责任单位"]
    hu = header_row(units, "责任单位")
    assert row_values(units, hu, 5) == ["责任单位", "指标数", "权重", "得分", "得分率"]
    unit_rows = table_rows(units, hu + 1)
    assert len(unit_rows) == len(summary.by_unit) + 1
    lines = {units.cell(r, 1).value: row_values(units, r, 5) for r in unit_rows}
    assert lines["市科技局"][1:3] == [10, 78]
    assert lines["合计"][1:3] == [13, 100]
    assert lines["合计"][3] == pytest.approx(float(summary.total_score))
    assert lines["合计"][4] == pytest.approx(float(summary.total_score / 100))
    assert sum(v[1] for k, v in lines.items() if k != "合计") == 13
    assert units.cell(unit_rows[0], 5).number_format == "0.00%"
    assert units.cell(unit_rows[-1], 1).font.b
    assert_sheet_setup(units, hu, landscape=False)


def _line(label: str, weight: str, score: str) -> ScoreLine:
    return ScoreLine(label, Decimal(weight), Decimal(score))


def test_hand_made_results_and_canonical_unit_names(tmp_path: Path, liaocheng: dict[str, Any]) -> None:
    def result(ind_id: int, completion: str | None, score: str | None) -> IndicatorResult:
        return IndicatorResult(
            indicator_id=ind_id,
            status=Status.ON_TRACK if completion else Status.NO_DATA,
            light=Light.GREEN if completion else Light.GREY,
            target=Decimal("200") if completion else None,
            target_year=2022,
            target_kind=TargetKind.LEVEL,
            actual=Decimal("150") if completion else None,
            period="2021" if completion else None,
            data_year=2021 if completion else None,
            completion=None if completion is None else Decimal(completion),
            expected=None,
            expected_ratio=None,
            projection=None,
            score=None if score is None else Decimal(score),
        )

    results = {5: result(5, "0.75", "7.50"), 6: result(6, None, None)}
    # the service labels units canonically (市发展改革委), the dump writes 市发改委
    summary = ScoreSummary(
        by_group=(
            _line("创新要素集聚能力", "28", "0"),
            _line("综合实力和产业竞争力", "44", "7.5"),
            _line("创新对社会民生发展的支撑", "22", "0"),
            _line("特色指标", "6", "0"),
        ),
        by_unit=(
            _line("市科技局", "78", "7.5"),
            _line("市发展改革委", "14", "0"),
            _line("市知识产权局", "8", "0"),
        ),
        total_weight=Decimal("100"),
        total_score=Decimal("7.50"),
    )
    wb = saved(evaluation.build(liaocheng, results, summary, attachment="附件3"), tmp_path / "hand.xlsx")
    ws = wb["考核评分"]
    assert ws.cell(1, 1).value == "附件3"
    h = header_row(ws, "一级指标")
    by_name = {ws.cell(r, 2).value: r for r in table_rows(ws, h + 1)}
    r = by_name["高新技术企业数量（家）"]
    assert row_values(ws, r, 7)[2:] == [10, 200, 150, 0.75, 7.5]
    assert ws.cell(r, 4).number_format == "#,##0"  # 200 as the indicator's figures: integers
    r = by_name["高新技术企业数量（家）占规上工业企业数量比重(%)"]
    assert row_values(ws, r, 7)[2:] == [8, "—", "—", "—", "—"]
    units = wb["按责任单位"]
    hu = header_row(units, "责任单位")
    counts = {units.cell(r, 1).value: units.cell(r, 2).value for r in table_rows(units, hu + 1)}
    assert counts == {"市科技局": 10, "市发展改革委": 2, "市知识产权局": 1, "合计": 13}


def test_check_plan_results_from_the_service(tmp_path: Path) -> None:
    """What ``innotrack export evaluation`` passes: the service's results and summary."""
    from desktop.services import evaluation as services
    from desktop.services.database import open_database
    from desktop.services.plans import dump_plan
    from desktop.services.presets import load_preset

    db = open_database(tmp_path / "svc.db")
    try:
        plan_id = load_preset(db, "liaocheng-2018")
        plan = dump_plan(db, plan_id)
        check = services.check_plan(db, plan_id, as_of=dt.date(2025, 6, 30))
    finally:
        db.close()
    wb = saved(evaluation.build(plan, check.indicator_results, check.summary), tmp_path / "svc.xlsx")
    _no_formulas(wb)
    ws = wb["考核评分"]
    rows = table_rows(ws, header_row(ws, "一级指标") + 1)
    assert len(rows) == 18 and ws.cell(rows[-1], 3).value == 100
    # no data yet: the 2022 stage in force is 「每年提高1.5个百分点」, a relative target
    # that is no figure; the row shows the document's 2022 figure instead of a bare 1.5
    r = next(r for r in rows if str(ws.cell(r, 2).value).startswith("高新技术产业产值占规模以上工业产值比重"))
    assert ws.cell(r, 4).value == 36.5
    units = wb["按责任单位"]
    unit_rows = table_rows(units, header_row(units, "责任单位") + 1)
    assert units.cell(unit_rows[-1], 2).value == 13
    assert sum(units.cell(r, 2).value for r in unit_rows[:-1]) == 13


def test_plan_without_weights_lists_every_indicator(tmp_path: Path) -> None:
    plan = preset_dump(tmp_path, "zibo-14th-review")
    results, summary = evaluate(plan)
    wb = saved(evaluation.build(plan, results, summary), tmp_path / "zibo.xlsx")
    ws = wb["考核评分"]
    rows = table_rows(ws, header_row(ws, "一级指标") + 1)
    assert len(rows) == len(plan["indicators"]) + 2 + 1  # two groups, their 小计, 合计
    assert ws.cell(rows[-1], 1).value == "合计" and ws.cell(rows[-1], 3).value == 0
    units = wb["按责任单位"]
    unit_rows = table_rows(units, header_row(units, "责任单位") + 1)
    assert [units.cell(r, 1).value for r in unit_rows] == ["合计"]
    assert units.cell(unit_rows[0], 5).value == "—"  # no weight: no rate
