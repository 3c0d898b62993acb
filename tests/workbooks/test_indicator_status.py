"""主要指标完成情况 (indicator-status): built from real preset dumps, saved, re-opened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.domain.evaluation.indicators import evaluate_indicator
from desktop.domain.evaluation.results import IndicatorResult, Light, ScoreSummary, Status
from desktop.domain.evaluation.scores import summarise
from desktop.domain.evaluation.specs import (
    Direction,
    IndicatorSpec,
    Observation,
    Scoring,
    TargetKind,
    TargetSpec,
)
from desktop.domain.periods import Period
from desktop.services.database import open_database
from desktop.services.plans import dump_plan
from desktop.services.presets import load_preset
from desktop.workbooks.reports import indicator_status
from desktop.workbooks.reports.indicator_status import indicator_label
from desktop.workbooks.styles import SheetWriter, save_atomic

AS_OF = dt.date(2024, 6, 30)

# the seed's table (003, 主要指标完成情况): label, 2025 target, current figure, 备注
ZIBO_SEED = [
    ("R&D经费支出占GDP比重（%）", 3, 2.86, "2021年"),
    ("高新技术产业产值占规模以上工业总产值比重（%）", 58, 48.42, "2022年"),
    ("科技型中小企业（家）", 2700, 1822, "2022年"),
    ("高新技术企业（家）", 1800, 1374, "2022年"),
    ("省级以上创新平台（家）", 550, 448, "2022年"),
    ("省级以上科技企业孵化器及众创空间（家）", 30, 25, "2022年"),
    ("年登记技术合同成交额（亿元）", 350, 305.41, "2022年"),
    ("每万人高价值发明专利拥有量（件）", 10, 7.46, "2022年"),
]


# --- helpers shared with test_evaluation_report --------------------------------------------


def preset_dump(tmp_path: Path, name: str) -> dict[str, Any]:
    """The ``innotrack dump`` dict of a freshly loaded preset."""
    db = open_database(tmp_path / f"{name}.db")
    try:
        return dump_plan(db, load_preset(db, name))
    finally:
        db.close()


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def spec_of(ind: dict[str, Any], hand_score: Decimal | None = None) -> IndicatorSpec:
    baseline = ind.get("baseline") or {}
    return IndicatorSpec(
        id=ind["id"],
        name=ind["name"],
        unit=ind["unit"],
        direction=Direction(ind["direction"]),
        targets=tuple(TargetSpec(t["year"], _dec(t["value"]), TargetKind(t["kind"])) for t in ind["targets"]),
        weight=_dec(ind["weight"]),
        baseline_value=_dec(baseline.get("value")),
        baseline_year=baseline.get("year"),
        scoring=Scoring.PROPORTIONAL,
        hand_score=hand_score,
        group=ind["group"] or "",
        units=tuple(ind["units"]),
    )


def evaluate(
    plan: dict[str, Any], hand_scores: dict[int, Decimal] | None = None
) -> tuple[dict[int, IndicatorResult], ScoreSummary]:
    """Real evaluation of a dump: specs and observations built from it, as the service does."""
    hand_scores = hand_scores or {}
    specs = [spec_of(i, hand_scores.get(i["id"])) for i in plan["indicators"]]
    results = {}
    for spec, ind in zip(specs, plan["indicators"]):
        observations = [
            Observation(Period.parse(v["period"]), _dec(v["value"]), v["data_year"]) for v in ind["values"]
        ]
        results[spec.id] = evaluate_indicator(spec, observations, AS_OF)
    return results, summarise(specs, results)


def saved(wb: openpyxl.Workbook, path: Path) -> openpyxl.Workbook:
    save_atomic(wb, path)
    return openpyxl.load_workbook(path)


def header_row(ws, first_header: str) -> int:
    for r in range(1, 10):
        if ws.cell(r, 1).value == first_header:
            return r
    raise AssertionError(f"no header row starting with {first_header}")


def table_rows(ws, first: int) -> list[int]:
    """Rows of the bordered table below the header (the 注 line has no border)."""
    rows = []
    r = first
    while ws.cell(r, 1).border.left.style == "thin" or ws.cell(r, 2).border.left.style == "thin":
        rows.append(r)
        r += 1
    return rows


def row_values(ws, r: int, ncols: int) -> list[Any]:
    return [ws.cell(r, c).value for c in range(1, ncols + 1)]


def assert_sheet_setup(ws, header: int, landscape: bool = True, one_page: bool = False) -> None:
    """The checklist: A4, orientation, fit to width, print titles, footer, frozen header.

    ``one_page``: a table that just overflows one page is fitted one page tall as well.
    """
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == ("landscape" if landscape else "portrait")
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == (1 if one_page else 0)
    assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
    assert ws.freeze_panes == f"A{header + 1}"
    assert "&P" in (ws.oddFooter.center.text or "")


def fill_rgb(cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return cell.fill.fgColor.rgb[-6:].upper()


# --- the seed table with the real evaluation ----------------------------------------------


@pytest.fixture
def zibo(tmp_path: Path) -> dict[str, Any]:
    return preset_dump(tmp_path, "zibo-14th-review")


def test_zibo_real_evaluation_matches_the_seed(tmp_path: Path, zibo: dict[str, Any]) -> None:
    results, _ = evaluate(zibo)
    wb = saved(indicator_status.build(zibo, results), tmp_path / "主要指标完成情况.xlsx")
    ws = wb["主要指标完成情况"]

    assert ws.cell(1, 1).value == "淄博市“十四五”科技创新规划主要指标完成情况"
    assert "A1:G1" in {str(m) for m in ws.merged_cells.ranges}
    h = header_row(ws, "具体指标")
    assert row_values(ws, h, 7) == ["具体指标", "2025年目标数", "目前完成数", "备注", "完成率", "序时进度", "状态"]
    rows = table_rows(ws, h + 1)
    assert len(rows) == 8  # one group only: no group rows; 其他指标 have no target

    for r, (label, target, actual, remark) in zip(rows, ZIBO_SEED):
        assert ws.cell(r, 1).value == label
        assert ws.cell(r, 2).value == target and type(ws.cell(r, 2).value) is type(target)
        assert ws.cell(r, 3).value == actual and type(ws.cell(r, 3).value) is type(actual)
        assert ws.cell(r, 4).value == remark
    # numbers keep their digits through the number format, never as text
    assert ws.cell(rows[0], 2).number_format == "#,##0"
    assert ws.cell(rows[0], 3).number_format == "#,##0.00"
    assert ws.cell(rows[2], 3).number_format == "#,##0"
    assert ws.cell(rows[6], 3).number_format == "#,##0.00"

    for r, ind in zip(rows, zibo["indicators"][:8]):
        result = results[ind["id"]]
        completion = ws.cell(r, 5)
        assert isinstance(completion.value, float) and completion.number_format == "0.00%"
        assert completion.value == pytest.approx(float(result.completion))
        expected = ws.cell(r, 6).value
        if result.expected is None:
            assert expected == "—"
        else:  # 序时进度 in the indicator's unit and decimals
            assert isinstance(expected, (int, float))
            assert ws.cell(r, 6).number_format == ws.cell(r, 3).number_format
        status = ws.cell(r, 7).value
        assert status.endswith(result.status.value)
        assert status[0] in "●▲■○"
        assert fill_rgb(ws.cell(r, 7)) == indicator_status.LIGHT_FILLS[result.light]
        assert fill_rgb(ws.cell(r, 1)) is None  # only the status cell is tinted
    # R&D: 2.86 of 3 → 95.33 %
    assert ws.cell(rows[0], 5).value == pytest.approx(0.9533)

    note = ws.cell(rows[-1] + 1, 1).value
    assert note.startswith("注：") and "●" in note and "▲" in note and "■" in note and "○" in note
    assert_sheet_setup(ws, h)
    assert ws.cell(1, 1).font.name == "方正小标宋简体"
    assert ws.cell(h, 1).font.name == "黑体"
    assert ws.cell(rows[0], 1).font.name == "仿宋_GB2312"
    assert ws.cell(rows[0], 3).font.name == "仿宋_GB2312"
    for r in rows:
        assert ws.row_dimensions[r].height
        for c in range(1, 8):
            cell = ws.cell(r, c)
            assert cell.border.left.style == cell.border.bottom.style == "thin"
            assert cell.alignment.vertical == "center" and cell.alignment.wrap_text


def test_without_evaluation_is_the_seed_table(tmp_path: Path, zibo: dict[str, Any]) -> None:
    results, _ = evaluate(zibo)
    wb = indicator_status.build(zibo, results, with_evaluation=False, attachment="附件1")
    ws = saved(wb, tmp_path / "plain.xlsx").active
    assert ws.cell(1, 1).value == "附件1"
    assert ws.cell(1, 1).font.name == "黑体" and ws.cell(1, 1).font.sz == 16
    h = header_row(ws, "具体指标")
    assert row_values(ws, h, 5) == ["具体指标", "2025年目标数", "目前完成数", "备注", None]
    rows = table_rows(ws, h + 1)
    assert [tuple(row_values(ws, r, 4)) for r in rows] == ZIBO_SEED
    assert all(fill_rgb(ws.cell(r, c)) is None for r in rows for c in range(1, 5))
    assert ws.cell(rows[-1] + 1, 1).value is None  # no 注 about statuses
    assert_sheet_setup(ws, h)


# --- controlled statuses ------------------------------------------------------------------


def _result(
    ind_id: int,
    status: Status,
    light: Light,
    actual: str | None,
    completion: str | None,
    expected: str | None,
    target: str = "10",
    data_year: int | None = 2022,
) -> IndicatorResult:
    return IndicatorResult(
        indicator_id=ind_id,
        status=status,
        light=light,
        target=Decimal(target),
        target_year=2025,
        target_kind=TargetKind.LEVEL,
        actual=None if actual is None else Decimal(actual),
        period="2023" if actual is not None else None,
        data_year=data_year if actual is not None else None,
        completion=None if completion is None else Decimal(completion),
        expected=None if expected is None else Decimal(expected),
        expected_ratio=None,
        projection=None,
        score=None,
    )


def test_hand_made_statuses_symbols_fills_and_formats(tmp_path: Path, zibo: dict[str, Any]) -> None:
    results = {
        1: _result(1, Status.REACHED, Light.GREEN, "3.02", "1.0067", "2.8480", target="3"),
        2: _result(2, Status.ON_TRACK, Light.GREEN, "48.42", "0.8348", "47.1234", target="58"),
        3: _result(3, Status.LAGGING, Light.YELLOW, "1822", "0.6748", "1900.6", target="2700"),
        4: _result(4, Status.SEVERELY_LAGGING, Light.RED, "1374", "0.7633", "1600.4", target="1800"),
        5: _result(5, Status.NO_DATA, Light.GREY, None, None, None, target="550"),
        # 6 has no result at all; 7 and 8 as evaluated
        7: _result(7, Status.LAGGING, Light.YELLOW, "305.41", "0.8726", "310.005", target="350"),
        8: _result(8, Status.ON_TRACK, Light.GREEN, "7.46", "0.746", "7.1", target="10"),
    }
    ws = saved(indicator_status.build(zibo, results), tmp_path / "hand.xlsx").active
    h = header_row(ws, "具体指标")
    rows = table_rows(ws, h + 1)
    assert len(rows) == 8
    status = {i + 1: ws.cell(r, 7) for i, r in enumerate(rows)}
    assert [status[i].value for i in (1, 2, 3, 4, 5, 7, 8)] == [
        "● 已达标",
        "● 正常",
        "▲ 滞后",
        "■ 严重滞后",
        "○ 无数据",
        "▲ 滞后",
        "● 正常",
    ]
    fills = indicator_status.LIGHT_FILLS
    assert fill_rgb(status[1]) == fill_rgb(status[2]) == fills[Light.GREEN]
    assert fill_rgb(status[3]) == fills[Light.YELLOW]
    assert fill_rgb(status[4]) == fills[Light.RED]
    assert fill_rgb(status[5]) == fills[Light.GREY]
    assert len(set(fills.values())) == 4
    for color in fills.values():  # light tints: every channel high, so they print pale
        assert min(int(color[i : i + 2], 16) for i in (0, 2, 4)) >= 0xA0
    # row 6 (no result): dashes, no fill
    assert row_values(ws, rows[5], 7)[1:] == [30, "—", None, "—", "—", "—"]
    assert fill_rgb(status[6]) is None

    # percents are ratios shown as percent; 序时进度 rounded to the indicator's decimals
    r1, r3, r4, r5 = rows[0], rows[2], rows[3], rows[4]
    assert ws.cell(r1, 5).value == pytest.approx(1.0067) and ws.cell(r1, 5).number_format == "0.00%"
    assert ws.cell(r1, 6).value == pytest.approx(2.85) and ws.cell(r1, 6).number_format == "#,##0.00"
    assert ws.cell(rows[1], 6).value == pytest.approx(47.12)
    assert ws.cell(r3, 6).value == 1901 and ws.cell(r3, 6).number_format == "#,##0"
    assert ws.cell(r4, 6).value == 1600
    assert ws.cell(rows[6], 6).value == pytest.approx(310.01)
    # no data: dashes and no 备注
    assert row_values(ws, r5, 7)[1:] == [550, "—", None, "—", "—", "○ 无数据"]


# --- groups, qualitative indicators, other target years -----------------------------------


def test_groups_qualitative_and_stage_targets(tmp_path: Path) -> None:
    plan = preset_dump(tmp_path, "liaocheng-2018")
    results, _ = evaluate(plan)
    ws = saved(indicator_status.build(plan, results), tmp_path / "lc.xlsx").active
    h = header_row(ws, "具体指标")
    assert ws.cell(h, 2).value == "2022年目标数"
    rows = table_rows(ws, h + 1)
    merged = {str(m) for m in ws.merged_cells.ranges}
    group_rows = [r for r in rows if f"A{r}:G{r}" in merged]
    assert [ws.cell(r, 1).value for r in group_rows] == [
        "一、创新要素集聚能力",
        "二、综合实力和产业竞争力",
        "三、创新对社会民生发展的支撑",
        "四、特色指标",
        "五、其他目标",
    ]
    assert all(ws.cell(r, 1).font.b for r in group_rows)
    by_label = {ws.cell(r, 1).value: r for r in rows if r not in group_rows}
    # indicators with neither a number nor a qualitative target are not listed
    assert "科技进步贡献率（%）" not in by_label
    assert "人均 GDP（万元/人）" not in by_label
    assert len(by_label) == 15  # 5 numeric + 4 qualitative weighted; 5 numeric + 1 qualitative other
    r = by_label["全社会 R&D 经费支出占 GDP 比重及增幅(%)"]  # unit already in the name
    assert ws.cell(r, 2).value == 2.5 and ws.cell(r, 2).number_format == "#,##0.0"
    r = by_label["党委政府出台实施创新驱动发展战略的决定或意见及配套政策"]
    assert row_values(ws, r, 6)[1:] == ["—", "—", None, "—", "—"]
    r = by_label["省级农业科技园区（个）"]  # its only target is of 2020, still in force
    assert ws.cell(r, 2).value == 8 and ws.cell(r, 4).value == "目标为2020年"
    assert ws.cell(r, 3).value == "—"  # no values yet
    assert_sheet_setup(ws, h)


def test_target_year_chooses_the_stage(tmp_path: Path) -> None:
    plan = preset_dump(tmp_path, "liaocheng-2018")
    results, _ = evaluate(plan)
    ws = indicator_status.build(plan, results, target_year=2019, with_evaluation=False).active
    h = header_row(ws, "具体指标")
    assert ws.cell(h, 2).value == "2019年目标数"
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in table_rows(ws, h + 1)}
    assert values["全社会 R&D 经费支出占 GDP 比重及增幅(%)"] == 2.3
    assert values["高新技术企业数量（家）"] == 120
    assert values["技术市场成交合同金额（亿元）"] == 12


def test_remark_when_judged_against_an_earlier_stage(tmp_path: Path) -> None:
    plan = preset_dump(tmp_path, "liaocheng-2018")
    ind = next(i for i in plan["indicators"] if i["id"] == 5)  # 高新技术企业数量: 120 (2019), 200 (2022)
    ind["values"].append({"period": "2019", "value": Decimal("131"), "data_year": 2019, "unit": None, "note": None})
    results, _ = evaluate(plan)
    ws = indicator_status.build(plan, results).active
    r = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "高新技术企业数量（家）")
    assert ws.cell(r, 2).value == 200 and ws.cell(r, 3).value == 131
    assert ws.cell(r, 4).value == "2019年；完成率按2019年目标120计"
    assert ws.cell(r, 4).alignment.horizontal == "left"  # long remarks are left-aligned


def test_indicator_label() -> None:
    assert indicator_label({"name": "R&D经费支出占GDP比重", "unit": "%"}) == "R&D经费支出占GDP比重（%）"
    assert indicator_label({"name": "人均 GDP（万元/人）", "unit": "万元/人"}) == "人均 GDP（万元/人）"
    assert indicator_label({"name": "比重(%)", "unit": "%"}) == "比重(%)"
    assert indicator_label({"name": "建成国家级高新区", "unit": None}) == "建成国家级高新区"


# --- long tables: a group row is printed with its first indicator --------------------------


def long_plan(n_groups: int = 40) -> dict[str, Any]:
    """Many 一级指标 groups of 1–6 indicators, some names long enough to wrap."""
    indicators = []
    for g in range(n_groups):
        for i in range(1 + (g * 5) % 6):
            number = len(indicators) + 1
            indicators.append(
                {
                    "id": number,
                    "name": f"第{number}项指标" + "规模以上工业企业研发经费支出" * ((g + i) % 5),
                    "unit": "亿元",
                    "group": f"第{g + 1}类指标",
                    "direction": "increase",
                    "targets": [{"year": 2025, "value": Decimal("12.5"), "kind": "level", "text": None}],
                    "values": [],
                    "baseline": {},
                }
            )
    return {"plan": {"name": "测试规划", "target_year": 2025}, "indicators": indicators}


class _WriterWithoutKeep(SheetWriter):
    def row(self, values, **kwargs):
        kwargs.pop("keep_with_next", None)
        return super().row(values, **kwargs)


def test_group_row_never_ends_a_printed_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = long_plan()

    def groups_and_breaks(ws) -> tuple[set[int], list[int]]:
        h = header_row(ws, "具体指标")
        merged = {str(m) for m in ws.merged_cells.ranges}
        groups = {r for r in table_rows(ws, h + 1) if f"A{r}:G{r}" in merged}
        return groups, [b.id for b in ws.row_breaks.brk]  # Break.id = the last row of its page

    with monkeypatch.context() as m:
        m.setattr(indicator_status, "SheetWriter", _WriterWithoutKeep)
        groups, last_rows = groups_and_breaks(indicator_status.build(plan, {}).active)
    assert [r for r in last_rows if r in groups]  # the case arises without the keyword
    ws = saved(indicator_status.build(plan, {}), tmp_path / "long.xlsx").active
    groups, last_rows = groups_and_breaks(ws)
    assert len(groups) == 40 and len(last_rows) >= 10
    assert not [r for r in last_rows if r in groups]
    assert [r for r in last_rows if r + 1 in groups]
    assert all(ws.cell(r, 1).font.b for r in groups)
    assert_sheet_setup(ws, header_row(ws, "具体指标"))


def test_saved_report_has_the_mode_of_an_ordinary_new_file(tmp_path: Path) -> None:
    """mkstemp makes the temp file owner-only; the report must not keep that (others open it)."""
    import os

    import openpyxl

    path = tmp_path / "报表.xlsx"
    save_atomic(openpyxl.Workbook(), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
