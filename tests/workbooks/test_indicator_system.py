"""指标体系 (聊城 附件2 layout) built from the real preset dumps."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.workbooks.reports import indicator_system
from desktop.workbooks.styles import FONT_BODY, FONT_HEADER, FONT_TITLE, save_atomic
from tests.workbooks.plans import (
    PRESETS,
    assert_boxed,
    assert_pages_keep_merges,
    assert_print_setup,
    preset_plan,
    shown,
)

HEADER = ["一级指标", "序号", "二级指标", "权重分值", "责任部门"]
FIRST = 4  # label, title, header, then the body


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plans")


@pytest.fixture
def liaocheng(plans_dir: Path) -> dict:
    return preset_plan(plans_dir, "liaocheng-2018")


def _export(plan: dict, tmp_path: Path, name: str = "附件2-指标体系.xlsx"):
    path = save_atomic(indicator_system.build(plan), tmp_path / name)
    return load_workbook(path).active


def test_liaocheng_table(liaocheng: dict, tmp_path: Path) -> None:
    ws = _export(liaocheng, tmp_path)
    assert ws.title == "指标体系"
    assert ws["A1"].value == "附件2"
    assert ws["A1"].font.name == FONT_HEADER and ws["A1"].font.sz == 16
    assert ws["A2"].value == "聊城市创新型城市建设指标体系"
    assert ws["A2"].font.name == FONT_TITLE and ws["A2"].font.sz in (18, 22)
    assert [ws.cell(3, c).value for c in range(1, 6)] == HEADER
    assert all(ws.cell(3, c).font.name == FONT_HEADER for c in range(1, 6))

    # 13 weighted indicators (the 6 其他目标 without a weight are left out), then 合计
    body = list(range(FIRST, FIRST + 13))
    assert [ws.cell(r, 2).value for r in body] == list(range(1, 14))
    total_row = FIRST + 13
    assert ws.cell(total_row, 1).value == "合计"
    assert ws.cell(total_row, 4).value == 100 and ws.cell(total_row, 4).data_type == "n"
    weights = [ws.cell(r, 4).value for r in body]
    assert weights == [10, 10, 8, 6, 10, 8, 8, 6, 6, 8, 8, 6, 6]
    assert all(ws.cell(r, 4).data_type == "n" and ws.cell(r, 4).number_format == "#,##0" for r in body)

    # texts as the seed prints them
    assert ws.cell(FIRST, 3).value == "科技进步贡献率"
    assert ws.cell(FIRST + 5, 3).value == "高新技术企业数量（家）占规上工业企业数量比重(%)※"
    assert ws.cell(FIRST + 9, 3).value.endswith("配套政策※")
    assert ws.cell(FIRST + 10, 3).value == "拥有能抓创新、会抓创新、抓好创新的科技管理队伍※"
    assert sum("※" in ws.cell(r, 3).value for r in body) == 3
    assert ws.cell(FIRST + 9, 5).value == "市发改委、市科技局"
    assert ws.cell(FIRST + 6, 5).value == "市知识产权局"

    # 一级指标 merged down its rows
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:A6", "A7:A12", "A13:A15", "A2:E2", f"A{total_row}:C{total_row}"} <= merged
    assert [shown(ws, r, 1) for r in (4, 6, 7, 12, 13, 15, 16)] == [
        "创新要素集聚能力",
        "创新要素集聚能力",
        "综合实力和产业竞争力",
        "综合实力和产业竞争力",
        "创新对社会民生发展的支撑",
        "创新对社会民生发展的支撑",
        "特色指标",
    ]
    assert ws["A4"].alignment.vertical == "center" and ws["A4"].alignment.horizontal == "center"
    assert_boxed(ws, 3, total_row, 5)

    # notes under the table, no border
    notes = liaocheng["plan"]["indicator_notes"]
    assert notes and notes[0] == "注：1.加注※的指标为创新型城市建设考核重点。"
    assert [ws.cell(total_row + 1 + i, 1).value for i in range(len(notes))] == notes
    assert ws.max_row == total_row + len(notes)

    # fonts, heights, widths, print setup
    for r in body:
        assert ws.cell(r, 3).font.name == FONT_BODY and ws.cell(r, 3).font.sz == 12
        assert ws.cell(r, 3).alignment.wrap_text
    for r in range(1, ws.max_row + 1):
        assert ws.row_dimensions[r].height, r
    assert ws.row_dimensions[FIRST + 12].height > ws.row_dimensions[FIRST].height  # the long 13th
    assert all(ws.column_dimensions[c].width for c in "ABCDE")
    assert ws.column_dimensions["C"].width == max(ws.column_dimensions[c].width for c in "ABCDE")
    assert_print_setup(ws, "$3:$3")
    assert ws.freeze_panes == "A4"
    assert_pages_keep_merges(ws)


def test_all_indicators_when_none_has_a_weight(plans_dir: Path, tmp_path: Path) -> None:
    plan = preset_plan(plans_dir, "zibo-2022")
    ws = _export(plan, tmp_path)
    n = len(plan["indicators"])
    assert ws["A2"].value == "淄博市创新型城市建设指标体系"
    names = [ws.cell(r, 3).value for r in range(FIRST, FIRST + n)]
    assert names == [i["name"] + ("※" if i["key"] else "") for i in plan["indicators"]]
    assert all(ws.cell(r, 4).value is None for r in range(FIRST, FIRST + n))
    assert "合计" not in [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_gives_a_table(preset: str, plans_dir: Path, tmp_path: Path) -> None:
    plan = preset_plan(plans_dir, preset)
    ws = _export(plan, tmp_path)
    weighted = [i for i in plan["indicators"] if i["weight"] is not None]
    expected = len(weighted or plan["indicators"])
    assert expected > 0
    assert [ws.cell(3, c).value for c in range(1, 6)] == HEADER
    names = [ws.cell(r, 3).value for r in range(FIRST, FIRST + expected)]
    assert all(names), names
    groups = {shown(ws, r, 1) for r in range(FIRST, FIRST + expected)}
    assert groups == {i["group"] for i in (weighted or plan["indicators"])}
    assert_boxed(ws, 3, FIRST + expected - 1, 5)
    assert_print_setup(ws, "$3:$3")
    assert_pages_keep_merges(ws)


def test_plan_without_city_and_odd_texts(liaocheng: dict, tmp_path: Path) -> None:
    plan = liaocheng
    plan["plan"]["city"] = None
    plan["plan"].pop("indicator_notes", None)
    plan["indicators"][0]["name"] = "=SUM(A1)"
    plan["indicators"][1]["name"] = "+86 1234\x01"
    plan["indicators"][2]["units"] = ["@x", "-5天"]
    plan["indicators"][3]["weight"] = Decimal("6.50")
    ws = _export(plan, tmp_path)
    assert ws["A2"].value == "聊城市创新型城市建设推进方案指标体系"
    assert ws["C4"].value == "=SUM(A1)" and ws["C4"].data_type == "s"
    assert ws["C5"].value == "+86 1234" and ws["C5"].data_type == "s"
    assert ws["E6"].value == "@x、-5天" and ws["E6"].data_type == "s"
    assert ws["D7"].value == 6.5 and ws["D7"].number_format == "#,##0.00"
    assert ws["D17"].value == 100.5 and ws["A17"].value == "合计"
    assert ws.max_row == 17  # no notes when the plan has none
