"""数据报送模板: built from real plans, filled as a department would, re-sorted, read back."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop.domain.intake.template_reader import (
    INDICATOR_SHEET,
    LIST_NAME,
    LIST_SHEET,
    META_SHEET,
    STATUSES,
    TASK_SHEET,
    TemplateError,
    is_template,
    read_template,
)
from desktop.services.database import open_database
from desktop.services.plans import dump_plan
from desktop.services.presets import load_preset
from desktop.workbooks.readers import read_workbook
from desktop.workbooks.styles import save_atomic
from desktop.workbooks.templates import (
    INPUT_FILL,
    TemplateIndicatorRow,
    TemplateSpec,
    TemplateTaskRow,
    build_template,
    new_template_id,
    template_file_name,
)
from tests.workbooks.plans import assert_print_setup

UNIT = "市科技局"


# --- plans and specs ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("template-plans")
    dumps = {}
    for name in ("liaocheng-2018", "zibo-taskforces-2022"):
        database = open_database(folder / f"{name}.db")
        try:
            dumps[name] = dump_plan(database, load_preset(database, name))
        finally:
            database.close()
    return dumps


def _target(indicator: dict) -> tuple[Decimal | None, int | None]:
    targets = [t for t in indicator["targets"] if t["value"] is not None]
    if not targets:
        return None, None
    best = max(targets, key=lambda t: t["year"] or 0)
    return Decimal(str(best["value"])), best["year"]


def spec_for(plan: dict, *, all_rows: bool = False, period: str = "2025Q3", label: str = "2025年第三季度") -> TemplateSpec:
    """The template of 市科技局: its indicators and tasks (every row of the bureau's own plan)."""
    indicators = []
    for k, ind in enumerate(plan["indicators"]):
        if not all_rows and UNIT not in ind["units"]:
            continue
        target, year = _target(ind)
        last = (Decimal("2.41") if ind["unit"] == "%" else Decimal(1500 + k)) if k % 3 else None
        indicators.append(
            TemplateIndicatorRow(
                key=f"i:{ind['id']}",
                number=ind["number"],
                name=ind["name"],
                unit=ind["unit"],
                target=target,
                target_year=year,
                last_value=last,
                last_period="2025Q2" if last is not None else None,
            )
        )
    tasks = []
    for k, task in enumerate(plan["tasks"]):
        if not all_rows and UNIT not in task["units"]:
            continue
        tasks.append(
            TemplateTaskRow(
                key=f"t:{task['id']}",
                number=task["number"],
                title=task["title"],
                deadline_text=task["deadline_text"],
                last_percent=Decimal(10 * (k % 10)) if k % 2 else None,
                last_progress="已完成方案起草，正在征求意见。" if k % 3 == 0 else None,
            )
        )
    return TemplateSpec(
        template_id=new_template_id(),
        plan_id=plan["plan"]["id"],
        plan_name=plan["plan"]["name"],
        unit=UNIT,
        period=period,
        period_label=label,
        due=dt.date(2025, 10, 10),
        indicators=tuple(indicators),
        tasks=tuple(tasks),
    )


def saved(spec: TemplateSpec, folder: Path) -> Path:
    path = folder / template_file_name(spec)
    save_atomic(build_template(spec), path)
    return path


# --- how a department fills it in ------------------------------------------------------------


def header_map(ws) -> tuple[int, dict[str, int]]:
    for r in range(1, 10):
        labels = {str(ws.cell(r, c).value or "").split("\n")[0]: c for c in range(1, ws.max_column + 1)}
        if "序号" in labels and "行标识" in labels:
            return r, labels
    raise AssertionError("no header row")


def data_rows(ws) -> dict[str, int]:
    """Row key → sheet row, read from the hidden key column."""
    header, cols = header_map(ws)
    rows = {}
    r = header + 1
    while ws.cell(r, cols["行标识"]).value:
        rows[ws.cell(r, cols["行标识"]).value] = r
        r += 1
    return rows


def field(ws, label: str):
    """The input cell right of a label such as 「填报人：」 (after the label's merged block)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == label:
                end = cell.column
                for rng in ws.merged_cells.ranges:
                    if rng.min_row == cell.row and rng.min_col == cell.column:
                        end = rng.max_col
                return ws.cell(cell.row, end + 1)
    raise AssertionError(f"no label {label}")


def put(ws, key: str, column: str, value, number_format: str | None = None) -> None:
    _, cols = header_map(ws)
    cell = ws.cell(data_rows(ws)[key], cols[column])
    cell.value = value
    if number_format:
        cell.number_format = number_format


def resort(ws, by: str, reverse: bool = True, columns: list[int] | None = None) -> None:
    """Sort the data block by column ``by`` as Excel does: whole rows (or ``columns`` only)."""
    header, cols = header_map(ws)
    first = header + 1
    last = first + len(data_rows(ws)) - 1
    every = columns or list(range(1, cols["行标识"] + 1))
    rows = [
        [(ws.cell(r, c).value, ws.cell(r, c).number_format) for c in every] for r in range(first, last + 1)
    ]
    at = every.index(cols[by])
    rows.sort(key=lambda row: str(row[at][0] or ""), reverse=reverse)
    for r, row in zip(range(first, last + 1), rows):
        for c, (value, fmt) in zip(every, row):
            ws.cell(r, c).value = value
            ws.cell(r, c).number_format = fmt


def keys_by_unit(spec: TemplateSpec, unit: str | None) -> list[str]:
    return [r.key for r in spec.indicators if r.unit == unit]


def read_back(path: Path):
    grid = read_workbook(path)
    assert is_template(grid)
    return read_template(grid)


# --- round trip -------------------------------------------------------------------------------


def test_round_trip_survives_resorting(plans, tmp_path):
    spec = spec_for(plans["liaocheng-2018"])
    assert len(spec.indicators) >= 8 and len(spec.tasks) >= 10
    path = saved(spec, tmp_path)

    wb = openpyxl.load_workbook(path)
    ind, tsk = wb[INDICATOR_SHEET], wb[TASK_SHEET]
    pct = keys_by_unit(spec, "%")
    counted = [r.key for r in spec.indicators if r.unit not in ("%", None)]
    put(ind, pct[0], "本期数值", 3.02)
    put(ind, pct[1], "本期数值", 0.0302, "0.00%")  # typed as 3.02% in Excel
    put(ind, pct[2], "本期数值", "—")
    put(ind, pct[2], "备注", "统计部门年底发布")
    put(ind, counted[0], "本期数值", "1,600")
    put(ind, counted[1], "本期数值", 12)
    put(ind, counted[1], "备注", "截至9月底")
    put(ind, counted[2], "本期数值", "１，２００")  # full-width, as a Chinese input method types it
    t = [r.key for r in spec.tasks]
    put(tsk, t[0], "完成百分比", 80)
    put(tsk, t[0], "状态", "推进中")
    put(tsk, t[0], "工作进展", "已完成园区总体规划编制，=入园企业 12 家。")
    put(tsk, t[0], "存在问题", "配套资金尚未到位。")
    put(tsk, t[0], "下步计划", "10月底前完成招商推介。")
    put(tsk, t[1], "完成百分比", "100")
    put(tsk, t[1], "状态", "已完成")
    put(tsk, t[1], "工作进展", "已全面完成。")
    put(tsk, t[2], "工作进展", "按计划推进。")
    put(tsk, t[3], "完成百分比", 0.5, "0%")  # typed as 50% in Excel
    put(tsk, t[3], "状态", "滞后")
    field(ind, "填报日期：").value = dt.datetime(2025, 10, 8)
    field(ind, "填报人：").value = "张三"
    field(ind, "联系电话：").value = "0635-8888888"
    before = {key: row for key, row in data_rows(ind).items()}
    resort(ind, "指标名称")
    resort(tsk, "重点任务")
    assert data_rows(ind) != before  # the rows really moved
    wb.save(path)

    identity, ex = read_back(path)
    assert identity.template_id == spec.template_id
    assert (identity.plan_id, identity.unit, identity.period, identity.version) == (spec.plan_id, UNIT, "2025Q3", 1)
    assert (ex.unit, ex.period, ex.template_id) == (UNIT, "2025Q3", spec.template_id)
    assert ex.refused == () and ex.not_understood == () and ex.warnings == ()

    after = openpyxl.load_workbook(path)
    rows = data_rows(after[INDICATOR_SHEET])
    got = {v.indicator_id: v for v in ex.values}
    expected = {
        pct[0]: (Decimal("3.02"), None),
        pct[1]: (Decimal("3.02"), None),
        pct[2]: (None, "统计部门年底发布"),
        counted[0]: (Decimal("1600"), None),
        counted[1]: (Decimal("12"), "截至9月底"),
        counted[2]: (Decimal("1200"), None),
    }
    assert set(got) == {int(k[2:]) for k in expected}
    for key, (value, note) in expected.items():
        item = got[int(key[2:])]
        assert (item.value, item.note, item.period, item.sheet) == (value, note, "2025Q3", INDICATOR_SHEET), key
        assert item.cell == f"F{rows[key]}", key  # where the value is now, after the sort
    assert got[int(pct[2][2:])].raw == "—"
    assert got[int(counted[0][2:])].raw == "1,600"

    trows = data_rows(after[TASK_SHEET])
    progress = {p.task_id: p for p in ex.progress}
    assert set(progress) == {int(k[2:]) for k in t[:4]}
    p0 = progress[int(t[0][2:])]
    assert (p0.percent, p0.status, p0.progress_text, p0.problems, p0.next_steps) == (
        Decimal(80),
        "推进中",
        "已完成园区总体规划编制，=入园企业 12 家。",
        "配套资金尚未到位。",
        "10月底前完成招商推介。",
    )
    assert p0.row == trows[t[0]] and p0.sheet == TASK_SHEET and p0.period == "2025Q3"
    p1 = progress[int(t[1][2:])]
    assert (p1.percent, p1.status, p1.progress_text) == (Decimal(100), "已完成", "已全面完成。")
    p2 = progress[int(t[2][2:])]
    assert (p2.percent, p2.status, p2.progress_text, p2.problems) == (None, None, "按计划推进。", None)
    p3 = progress[int(t[3][2:])]
    assert (p3.percent, p3.status) == (Decimal(50), "滞后")
    assert "填报人：张三" in ex.notes and "联系电话：0635-8888888" in ex.notes
    assert "填报日期：2025年10月8日" in ex.notes


def test_taskforce_plan_round_trip(plans, tmp_path):
    """淄科发〔2022〕6号: long task texts, indicators without a unit, monthly period."""
    spec = spec_for(plans["zibo-taskforces-2022"], all_rows=True, period="2025-06", label="2025年6月")
    path = saved(spec, tmp_path)
    wb = openpyxl.load_workbook(path)
    ind, tsk = wb[INDICATOR_SHEET], wb[TASK_SHEET]
    for k, row in enumerate(spec.tasks):
        put(tsk, row.key, "完成百分比", 100 if STATUSES[k % 4] == "已完成" else 4 * k)
        put(tsk, row.key, "状态", STATUSES[k % 4])
        put(tsk, row.key, "工作进展", f"第{k}项任务本月进展。" * 5)
    put(ind, spec.indicators[2].key, "本期数值", "6家")
    put(ind, spec.indicators[1].key, "本期数值", 2)
    resort(tsk, "工作进展")
    wb.save(path)
    identity, ex = read_back(path)
    assert identity.period == "2025-06"
    assert ex.refused == ()
    assert {p.task_id: (p.percent, p.status, p.progress_text) for p in ex.progress} == {
        int(row.key[2:]): (Decimal(100 if STATUSES[k % 4] == "已完成" else 4 * k), STATUSES[k % 4], f"第{k}项任务本月进展。" * 5)
        for k, row in enumerate(spec.tasks)
    }
    assert {v.indicator_id: v.value for v in ex.values} == {
        int(spec.indicators[2].key[2:]): Decimal(6),
        int(spec.indicators[1].key[2:]): Decimal(2),
    }
    # 2 with no % format under a 场 indicator is just 2; no warning
    assert not ex.warnings


def test_blank_template_reads_as_nothing(plans, tmp_path):
    spec = spec_for(plans["liaocheng-2018"])
    identity, ex = read_back(saved(spec, tmp_path))
    assert identity.template_id == spec.template_id
    assert ex.values == () and ex.progress == () and ex.refused == () and ex.not_understood == ()


# --- structure --------------------------------------------------------------------------------


def fill_rgb(cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return cell.fill.fgColor.rgb[-6:].upper()


def test_structure_protection_validation_meta_print(plans, tmp_path):
    spec = spec_for(plans["liaocheng-2018"])
    path = saved(spec, tmp_path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [INDICATOR_SHEET, TASK_SHEET, LIST_SHEET, META_SHEET]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb[LIST_SHEET].sheet_state == "hidden"
    assert [c.value for c in wb[LIST_SHEET]["A"]] == list(STATUSES)
    assert wb.security.lockStructure
    assert wb.active.title == INDICATOR_SHEET

    for name, inputs in ((INDICATOR_SHEET, ("本期数值", "备注")), (TASK_SHEET, ("完成百分比", "状态", "工作进展", "存在问题", "下步计划"))):
        ws = wb[name]
        p = ws.protection
        assert p.sheet and not p.password
        assert p.sort is False and p.autoFilter is False and p.formatRows is False  # allowed
        assert p.insertRows and p.deleteRows and p.formatColumns and p.formatCells  # protected
        header, cols = header_map(ws)
        rows = data_rows(ws)
        first, last = min(rows.values()), max(rows.values())
        key_letter = openpyxl.utils.get_column_letter(cols["行标识"])
        assert ws.column_dimensions[key_letter].hidden
        assert ws.auto_filter.ref == f"A{header}:{key_letter}{last}"
        for r in range(first, last + 1):
            for c in range(1, cols["行标识"] + 1):
                assert ws.cell(r, c).protection.locked is False, (name, r, c)  # the sortable block
            for label in inputs:
                assert fill_rgb(ws.cell(r, cols[label])) == INPUT_FILL
            assert fill_rgb(ws.cell(r, cols["序号"])) is None
        for rng in ws.merged_cells.ranges:  # merged cells would block sorting
            assert rng.max_row < header or rng.min_row > last
        # title and header stay locked
        assert ws.cell(1, 1).protection.locked is True
        assert all(ws.cell(header, c).protection.locked is True for c in range(1, cols["行标识"]))
        # 填报日期 and the footer inputs are unlocked and yellow
        assert ws["A2"].value == f"填报单位：{UNIT}"
        date_cell = field(ws, "填报日期：")
        assert date_cell.coordinate == f"{openpyxl.utils.get_column_letter(cols['行标识'] - 1)}2"
        assert date_cell.protection.locked is False and fill_rgb(date_cell) == INPUT_FILL
        footer = [r for r in range(last + 1, ws.max_row + 1) if ws.cell(r, 1).value in ("填报人：", "审核人：")]
        assert len(footer) == 2
        for label in ("填报人：", "联系电话：", "审核人："):
            cell = field(ws, label)
            assert cell.row in footer and cell.protection.locked is False and fill_rgb(cell) == INPUT_FILL
        assert_print_setup(ws, f"${header}:${header}")
        assert ws.print_area.endswith(f"${openpyxl.utils.get_column_letter(cols['行标识'] - 1)}${ws.max_row}")

    # validations: 本期数值 decimal (Chinese message), 完成百分比 0–100, 状态 from the hidden list
    ind = wb[INDICATOR_SHEET]
    _, icols = header_map(ind)
    irows = data_rows(ind)
    (value_dv,) = ind.data_validations.dataValidation
    vl = openpyxl.utils.get_column_letter(icols["本期数值"])
    assert value_dv.type == "decimal" and str(value_dv.sqref) == f"{vl}{min(irows.values())}:{vl}{max(irows.values())}"
    assert value_dv.showErrorMessage and "数字" in value_dv.error and "—" in value_dv.error
    tsk = wb[TASK_SHEET]
    _, tcols = header_map(tsk)
    by_type = {dv.type: dv for dv in tsk.data_validations.dataValidation}
    assert set(by_type) == {"decimal", "list"}
    percent = by_type["decimal"]
    assert (percent.operator, percent.formula1, percent.formula2, percent.errorStyle) == ("between", "0", "100", "stop")
    assert openpyxl.utils.get_column_letter(tcols["完成百分比"]) in str(percent.sqref)
    status = by_type["list"]
    assert status.formula1 == LIST_NAME and '"' not in status.formula1  # not an inline list
    assert openpyxl.utils.get_column_letter(tcols["状态"]) in str(status.sqref)
    assert wb.defined_names[LIST_NAME].attr_text == f"{LIST_SHEET}!$A$1:$A${len(STATUSES)}"
    for dv in (value_dv, percent, status):
        assert len(dv.error) <= 255 and len(dv.prompt) <= 255 and len(dv.errorTitle) <= 32 and len(dv.promptTitle) <= 32
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert f"<formula1>{LIST_NAME}</formula1>" in xml and "x14:dataValidation" not in xml

    meta = {row[0].value: row[1].value for row in wb[META_SHEET].iter_rows(max_col=2) if row[0].value}
    assert meta["template_id"] == spec.template_id
    assert (meta["plan_id"], meta["unit"], meta["period"], meta["version"]) == (str(spec.plan_id), UNIT, "2025Q3", "1")
    meta_rows = {row[1].value: row[4].value for row in wb[META_SHEET].iter_rows(max_col=5) if row[0].value == "row"}
    assert meta_rows == {r.key: r.name for r in spec.indicators} | {r.key: r.title for r in spec.tasks}
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["innotrack_template_id"] == spec.template_id

    assert ind["A1"].value == f"{spec.plan_name}数据报送表（2025年第三季度）"
    assert spec.template_id in "".join(str(c.value) for row in ind.iter_rows() for c in row if c.value)


def test_sheet_without_rows_is_left_out(plans, tmp_path):
    spec = spec_for(plans["liaocheng-2018"])
    tasks_only = TemplateSpec(**{**spec.__dict__, "indicators": ()})
    wb = openpyxl.load_workbook(saved(tasks_only, tmp_path))
    assert wb.sheetnames == [TASK_SHEET, LIST_SHEET, META_SHEET]
    indicators_only = TemplateSpec(**{**spec.__dict__, "tasks": (), "template_id": new_template_id()})
    path = saved(indicators_only, tmp_path)
    assert openpyxl.load_workbook(path).sheetnames == [INDICATOR_SHEET, LIST_SHEET, META_SHEET]
    identity, ex = read_back(path)
    assert identity.template_id == indicators_only.template_id and ex.values == ()
    with pytest.raises(ValueError):
        build_template(TemplateSpec(**{**spec.__dict__, "tasks": (), "indicators": ()}))


# --- refusals and damaged templates -------------------------------------------------------------


def test_refusals_name_sheet_cell_text_and_reason(plans, tmp_path):
    spec = spec_for(plans["liaocheng-2018"])
    path = saved(spec, tmp_path)
    wb = openpyxl.load_workbook(path)
    ind, tsk = wb[INDICATOR_SHEET], wb[TASK_SHEET]
    counted = [r for r in spec.indicators if r.unit not in ("%", None)]
    pct = [r for r in spec.indicators if r.unit == "%"]
    put(ind, counted[0].key, "本期数值", "全年预计完成")
    put(ind, counted[1].key, "本期数值", "300万吨")  # a unit other than the indicator's
    put(ind, counted[2].key, "本期数值", 0.5, "0%")
    put(ind, pct[0].key, "本期数值", "约2.6")
    t = [r.key for r in spec.tasks]
    put(tsk, t[0], "完成百分比", 120)
    put(tsk, t[1], "状态", "进行中")
    put(tsk, t[2], "完成百分比", "八成")
    put(tsk, t[3], "完成百分比", 60)
    put(tsk, t[3], "状态", "已完成")
    wb.save(path)
    _, ex = read_back(path)
    irows, trows = data_rows(ind), data_rows(tsk)
    refused = {(r.sheet, r.cell): r for r in ex.refused}
    text = refused[(INDICATOR_SHEET, f"F{irows[counted[0].key]}")]
    assert text.text == "全年预计完成" and "数字" in text.reason
    unit = refused[(INDICATOR_SHEET, f"F{irows[counted[1].key]}")]
    assert unit.text == "300万吨" and "单位" in unit.reason and counted[1].unit in unit.reason
    assert (INDICATOR_SHEET, f"F{irows[counted[2].key]}") in refused  # a percent in a 家/亿元 column
    _, tcols = header_map(tsk)
    pl = openpyxl.utils.get_column_letter(tcols["完成百分比"])
    sl = openpyxl.utils.get_column_letter(tcols["状态"])
    over = refused[(TASK_SHEET, f"{pl}{trows[t[0]]}")]
    assert over.text == "120" and "0 到 100" in over.reason
    status = refused[(TASK_SHEET, f"{sl}{trows[t[1]]}")]
    assert status.text == "进行中" and "下拉列表" in status.reason
    assert (TASK_SHEET, f"{pl}{trows[t[2]]}") in refused
    assert len(ex.refused) == 6
    # refused cells give no value or progress; the rest is read
    assert {v.indicator_id for v in ex.values} == {int(pct[0].key[2:])}
    assert ex.values[0].value == Decimal("2.6")
    assert {p.task_id for p in ex.progress} == {int(t[3][2:])}
    messages = " ".join(w.message for w in ex.warnings)
    assert "约数" in messages and "已完成" in messages


def _edit_meta(path: Path, tag: str, col: int, value) -> None:
    wb = openpyxl.load_workbook(path)
    meta = wb[META_SHEET]
    for row in meta.iter_rows():
        if row[0].value == tag:
            row[col - 1].value = value
            break
    wb.save(path)


@pytest.mark.parametrize(
    ("tag", "col", "value", "cell"),
    [
        ("plan_id", 2, "第一", "B6"),
        ("period", 2, "2025年第五季度", "B9"),
        ("template_id", 2, None, "B4"),
        ("row", 2, "i:999999", "B12"),  # a key changed: the checksum no longer matches
    ],
)
def test_damaged_meta_is_a_template_error(plans, tmp_path, tag, col, value, cell):
    spec = spec_for(plans["liaocheng-2018"])
    path = saved(spec, tmp_path)
    _edit_meta(path, tag, col, value)
    grid = read_workbook(path)
    assert is_template(grid)
    with pytest.raises(TemplateError) as info:
        read_template(grid)
    assert info.value.sheet == META_SHEET and info.value.cell == cell
    assert "_meta" in str(info.value) and cell in str(info.value) and "损坏" in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_key_is_a_template_error(plans, tmp_path):
    spec = spec_for(plans["liaocheng-2018"])
    path = saved(spec, tmp_path)
    wb = openpyxl.load_workbook(path)
    ind = wb[INDICATOR_SHEET]
    _, cols = header_map(ind)
    row = data_rows(ind)[spec.indicators[0].key]
    ind.cell(row, cols["行标识"]).value = "i:424242"
    ind.cell(row, cols["本期数值"]).value = 5
    wb.save(path)
    with pytest.raises(TemplateError) as info:
        read_back(path)
    ref = f"{openpyxl.utils.get_column_letter(cols['行标识'])}{row}"
    assert info.value.sheet == INDICATOR_SHEET and info.value.cell == ref
    assert INDICATOR_SHEET in str(info.value) and ref in str(info.value) and "i:424242" in str(info.value)


def test_not_a_template(plans, tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "指标名称"
    path = tmp_path / "自制表.xlsx"
    wb.save(path)
    grid = read_workbook(path)
    assert not is_template(grid)
    with pytest.raises(TemplateError):
        read_template(grid)


def test_partial_sort_and_cleared_key_are_recovered_by_name(plans, tmp_path):
    """Excel's 「以当前选定区域排序」 sorts only the selected columns: keys and names part."""
    spec = spec_for(plans["liaocheng-2018"])
    path = saved(spec, tmp_path)
    wb = openpyxl.load_workbook(path)
    ind = wb[INDICATOR_SHEET]
    _, cols = header_map(ind)
    for k, row in enumerate(spec.indicators):
        put(ind, row.key, "本期数值", 100 + k)
    # sort 序号..备注 but not the hidden key column
    resort(ind, "指标名称", columns=list(range(1, cols["行标识"])))
    # and one row lost its key altogether
    ind.cell(min(data_rows(ind).values()), cols["行标识"]).value = None
    wb.save(path)
    _, ex = read_back(path)
    assert ex.refused == ()
    assert {v.indicator_id: v.value for v in ex.values} == {
        int(row.key[2:]): Decimal(100 + k) for k, row in enumerate(spec.indicators)
    }
    assert any("不一致" in w.message for w in ex.warnings)


def test_duplicate_rows_are_refused(plans, tmp_path):
    spec = spec_for(plans["liaocheng-2018"])
    path = saved(spec, tmp_path)
    wb = openpyxl.load_workbook(path)
    ind = wb[INDICATOR_SHEET]
    _, cols = header_map(ind)
    rows = data_rows(ind)
    a, b = spec.indicators[0], spec.indicators[1]
    put(ind, a.key, "本期数值", 1)
    # the clerk pasted row a over row b (key, 序号 and name included) and typed another value
    for c in range(1, cols["行标识"] + 1):
        ind.cell(rows[b.key], c).value = ind.cell(rows[a.key], c).value
    ind.cell(rows[b.key], cols["本期数值"]).value = 2
    wb.save(path)
    _, ex = read_back(path)
    assert len(ex.refused) == 2 and all("重复" in r.reason for r in ex.refused)
    assert ex.values == ()


def test_template_file_name_is_safe():
    spec = TemplateSpec(
        template_id=new_template_id(),
        plan_id=1,
        plan_name="方案",
        unit="市科技局/高新区",
        period="2025Q3",
        period_label="2025年第三季度",
        due=None,
        indicators=(TemplateIndicatorRow("i:1", "1", "指标", "%", None, None, None, None),),
        tasks=(),
    )
    name = template_file_name(spec)
    assert name.endswith(".xlsx") and not re.search(r'[<>:"/\\|?*]', name)
