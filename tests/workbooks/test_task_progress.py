"""重点任务推进情况 (task-progress): built from real preset dumps, saved, re-opened."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.domain.deadlines import parse_deadline
from desktop.domain.evaluation.results import TaskStatus
from desktop.domain.evaluation.specs import TaskSpec
from desktop.domain.evaluation.tasks import evaluate_task
from desktop.workbooks.reports import task_progress
from desktop.workbooks.reports.task_progress import HEADERS, ProgressRow
from desktop.workbooks.styles import FONT_BODY, FONT_HEADER, FONT_TITLE, SheetWriter
from tests.workbooks.plans import (
    assert_boxed,
    assert_print_setup,
    fill_rgb,
    header_row,
    merged_range_at,
    preset_plan,
    saved,
)

NCOLS = len(HEADERS)
GREEN, YELLOW, RED = "E2EFDA", "FFF2CC", "F8CBAD"

PROGRESS = (
    "已完成《淄博市关于推进国家创新型城市建设实施意见》起草工作，征求了23个市直部门和各区县意见，"
    "共收到修改意见41条，采纳35条；已提请市政府常务会议审议，预计7月中旬印发实施。"
)
PROBLEMS = "部分区县配套资金尚未到位，项目推进进度不一。"
NEXT = "继续督导各区县落实配套资金，6月底前完成中期评估。"


def body_rows(ws) -> list[int]:
    """Rows of the bordered table below the header."""
    r = header_row(ws) + 1
    rows = []
    while ws.cell(r, 1).border.left is not None and ws.cell(r, 1).border.left.style == "thin":
        rows.append(r)
        r += 1
    return rows


def group_rows(ws) -> list[int]:
    return [
        r
        for r in body_rows(ws)
        if (rng := merged_range_at(ws, r, 1)) is not None and rng.min_col == 1 and rng.max_col == NCOLS
    ]


def taskforce_rows(plan: dict) -> list[ProgressRow]:
    """A month of reports on every task of the 淄科发〔2022〕6号 task forces."""
    statuses = ["持续推进", "正常", "已完成", "即将到期", "逾期", "未报送"]
    rows = []
    for i, task in enumerate(plan["tasks"]):
        status = statuses[i % len(statuses)]
        rows.append(
            ProgressRow(
                number=task["number"],
                task=task["title"],
                units=tuple(task["units"]),
                deadline_text=task["deadline_text"],
                progress=None if status == "未报送" else PROGRESS * (1 + i % 3),
                problems=PROBLEMS if i % 2 else None,
                next_steps=NEXT,
                status=status,
                group=task["task_force"] or "",
            )
        )
    return rows


@pytest.fixture(scope="module")
def taskforces(tmp_path_factory) -> dict:
    return preset_plan(tmp_path_factory.mktemp("plans"), "zibo-taskforces-2022")


@pytest.fixture(scope="module")
def liaocheng(tmp_path_factory) -> dict:
    return preset_plan(tmp_path_factory.mktemp("plans"), "liaocheng-2018")


# --- the task-force month ------------------------------------------------------------------


def test_title_header_and_one_row_per_task(taskforces: dict, tmp_path: Path) -> None:
    rows = taskforce_rows(taskforces)
    ws = saved(task_progress.build(taskforces["plan"]["name"], "2022年6月", rows), tmp_path / "t.xlsx").active
    assert ws.title == "重点任务推进情况"
    assert ws.cell(1, 1).value == "组建科技创新“五个工作专班”实施方案重点任务推进情况（2022年6月）"
    assert str(merged_range_at(ws, 1, 1)) == "A1:H1"
    h = header_row(ws)
    assert [ws.cell(h, c).value for c in range(1, NCOLS + 1)] == [
        "序号", "任务", "责任单位", "完成时限", "工作进展", "存在问题", "下步计划", "状态",
    ]
    table = body_rows(ws)
    groups = group_rows(ws)
    assert len(table) == len(rows) + len(groups) == 25 + 5
    numbers = [ws.cell(r, 1).value for r in table if r not in groups]
    assert numbers == [t["number"] for t in taskforces["tasks"]]
    first = next(r for r in table if r not in groups)
    assert ws.cell(first, 2).value == taskforces["tasks"][0]["title"]
    assert ws.cell(first, 3).value == "人才与成果科"
    assert ws.cell(first, 4).value == "2022年 12月底、持续推进"
    assert ws.cell(first, 5).value == PROGRESS
    assert ws.cell(first, 6).value is None
    assert ws.cell(first, 8).value == "● 持续推进"
    assert_boxed(ws, h, table[-1], NCOLS)


def test_one_merged_group_row_per_task_force(taskforces: dict, tmp_path: Path) -> None:
    rows = taskforce_rows(taskforces)
    ws = saved(task_progress.build(taskforces["plan"]["name"], "2022年6月", rows), tmp_path / "t.xlsx").active
    groups = group_rows(ws)
    assert [ws.cell(r, 1).value for r in groups] == [
        "一、建设国家创新型城市工作专班（4项）",
        "二、科技服务产业工作专班（5项）",
        "三、深化科技体制改革工作专班（6项）",
        "四、实验室建设工作专班（3项）",
        "五、作风建设工作专班（7项）",
    ]
    for r in groups:
        label = ws.cell(r, 1)
        assert label.font.b is True
        assert label.alignment.horizontal == "left"
        assert fill_rgb(label) == "F2F2F2"
    # each group row is followed by exactly its tasks
    table = body_rows(ws)
    sizes = [4, 5, 6, 3, 7]
    for r, size in zip(groups, sizes):
        members = table[table.index(r) + 1 : table.index(r) + 1 + size]
        assert all(r2 not in groups for r2 in members)


def test_status_has_a_symbol_and_a_light_fill(taskforces: dict, tmp_path: Path) -> None:
    rows = taskforce_rows(taskforces)
    ws = saved(task_progress.build(taskforces["plan"]["name"], "2022年6月", rows), tmp_path / "t.xlsx").active
    groups = group_rows(ws)
    seen = {}
    for r in body_rows(ws):
        if r in groups:
            continue
        cell = ws.cell(r, NCOLS)
        seen[cell.value] = fill_rgb(cell)
        assert cell.alignment.horizontal == "center"
        assert fill_rgb(ws.cell(r, 5)) is None  # only the status cell is tinted
    assert seen == {
        "● 持续推进": GREEN,
        "● 正常": GREEN,
        "√ 已完成": GREEN,
        "▲ 即将到期": YELLOW,
        "■ 逾期": RED,
        "○ 未报送": YELLOW,
    }


def test_long_progress_wraps_with_a_row_height_for_its_length(taskforces: dict, tmp_path: Path) -> None:
    rows = taskforce_rows(taskforces)
    ws = saved(task_progress.build(taskforces["plan"]["name"], "2022年6月", rows), tmp_path / "t.xlsx").active
    groups = group_rows(ws)
    data = [r for r in body_rows(ws) if r not in groups]
    for r in data:
        assert ws.row_dimensions[r].height is not None
        for c in (2, 5, 6, 7):
            assert ws.cell(r, c).alignment.wrap_text is True
    # same task title, progress one, two or three times as long: taller each time
    by_length = {}
    for r in data:
        text = ws.cell(r, 5).value or ""
        if ws.cell(r, 2).value and len(ws.cell(r, 2).value) < 40:
            by_length.setdefault(len(text), []).append(ws.row_dimensions[r].height)
    lengths = sorted(k for k in by_length if k)
    assert len(lengths) == 3
    assert min(by_length[lengths[0]]) < min(by_length[lengths[1]]) < min(by_length[lengths[2]])
    # the tallest row is the one with three copies of the progress text or the longest title
    assert max(ws.row_dimensions[r].height for r in data) > 150


def test_fonts_print_setup_and_widths(taskforces: dict, tmp_path: Path) -> None:
    rows = taskforce_rows(taskforces)
    ws = saved(task_progress.build(taskforces["plan"]["name"], "2022年6月", rows), tmp_path / "t.xlsx").active
    h = header_row(ws)
    assert ws.cell(1, 1).font.name == FONT_TITLE
    assert all(ws.cell(h, c).font.name == FONT_HEADER for c in range(1, NCOLS + 1))
    data = [r for r in body_rows(ws) if r not in group_rows(ws)]
    assert all(ws.cell(r, c).font.name == FONT_BODY for r in data for c in range(1, NCOLS + 1))
    assert_print_setup(ws, f"${h}:${h}")
    assert ws.freeze_panes == f"A{h + 1}"
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, NCOLS + 1)]
    assert widths[4] == max(widths)  # 工作进展 is the widest column
    # the columns add up to the printable width of A4 landscape: no shrinking when printed
    assert sum(w * 7 + 5 for w in widths) <= 297 / 25.4 * 96 - 2 * 1.8 / 2.54 * 96


def test_legend_under_the_table(taskforces: dict, tmp_path: Path) -> None:
    rows = taskforce_rows(taskforces)
    ws = saved(task_progress.build(taskforces["plan"]["name"], "2022年6月", rows), tmp_path / "t.xlsx").active
    last = body_rows(ws)[-1]
    assert ws.cell(last + 1, 1).value == task_progress.LEGEND
    assert ws.print_area is not None and str(last + 1) in ws.print_area


# --- liaocheng: evaluated statuses, grouped by lead unit -----------------------------------


def liaocheng_rows(plan: dict, as_of: dt.date) -> list[ProgressRow]:
    rows = []
    for task in plan["tasks"]:
        deadline = parse_deadline(task["deadline_text"] or "")
        spec = TaskSpec(
            id=task["id"],
            name=task["title"],
            deadline=dt.date.fromisoformat(task["deadline"]) if task["deadline"] else None,
            ongoing=deadline.ongoing,
            units=tuple(task["units"]),
        )
        result = evaluate_task(spec, as_of)
        rows.append(
            ProgressRow(
                number=task["number"],
                task=task["title"],
                units=tuple(task["units"]),
                deadline_text=task["deadline_text"],
                progress="按计划推进，已完成阶段性目标。",
                problems=None,
                next_steps=None,
                status=result.status.value,
                group=task["units"][0] if task["units"] else "",
            )
        )
    return rows


def test_liaocheng_grouped_by_lead_unit(liaocheng: dict, tmp_path: Path) -> None:
    rows = liaocheng_rows(liaocheng, dt.date(2020, 6, 30))
    wb = task_progress.build(liaocheng["plan"]["name"], "2020年6月", rows, grouped_by="unit")
    ws = saved(wb, tmp_path / "lc.xlsx").active
    leads = list(dict.fromkeys(t["units"][0] for t in liaocheng["tasks"]))
    groups = group_rows(ws)
    assert len(groups) == len(leads)
    assert ws.cell(groups[0], 1).value.startswith(f"一、{leads[0]}（")
    data = [r for r in body_rows(ws) if r not in groups]
    assert len(data) == 38
    statuses = {ws.cell(r, NCOLS).value for r in data}
    assert "■ 逾期" in statuses  # 2019 年 12 月底前 has passed by mid-2020
    overdue = [r for r in data if ws.cell(r, NCOLS).value == "■ 逾期"]
    assert all(fill_rgb(ws.cell(r, NCOLS)) == RED for r in overdue)
    assert ws.cell(overdue[0], 4).value.endswith("12 月底前")


def test_rows_without_a_group_come_last_under_their_own_heading(tmp_path: Path) -> None:
    rows = [
        ProgressRow("1", "有序推进高新技术园区建设", ("市科技局",), "2022年12月底前", "进展顺利。", None, None, "正常", "市科技局"),
        ProgressRow("2", "加强知识产权保护", (), None, None, None, None, "未报送", ""),
        ProgressRow("3", "推进农业科技园区建设", ("市科技局",), None, "已完成。", None, None, "已完成", "市科技局"),
    ]
    ws = saved(task_progress.build("聊城市创新型城市建设推进方案", "2022年6月", rows, grouped_by="unit"),
               tmp_path / "u.xlsx").active
    assert [ws.cell(r, 1).value for r in group_rows(ws)] == ["一、市科技局（2项）", "二、未明确牵头单位（1项）"]
    data = [r for r in body_rows(ws) if r not in group_rows(ws)]
    assert [ws.cell(r, 1).value for r in data] == ["1", "3", "2"]


def test_ungrouped_table_has_no_group_rows(taskforces: dict, tmp_path: Path) -> None:
    rows = taskforce_rows(taskforces)
    ws = saved(task_progress.build("方案", "2022年6月", rows, grouped_by="none"), tmp_path / "n.xlsx").active
    assert group_rows(ws) == []
    assert len(body_rows(ws)) == 25


def many_groups(n_groups: int = 36) -> list[ProgressRow]:
    """A long month: task forces of 1–7 tasks with progress texts of varied length."""
    rows = []
    for g in range(n_groups):
        for i in range(1 + (g * 5) % 7):
            rows.append(
                ProgressRow(
                    number=f"{g + 1}.{i + 1}",
                    task="推进重点任务" * (1 + (g + i) % 4),
                    units=("人才与成果科",),
                    deadline_text="2022年12月底前",
                    progress=PROGRESS[: 20 + (g * 37 + i * 53) % len(PROGRESS)] * (1 + (g + i) % 3),
                    problems=PROBLEMS if (g + i) % 2 else None,
                    next_steps=NEXT,
                    status="正常",
                    group=f"第{g + 1}工作专班",
                )
            )
    return rows


class _WriterWithoutKeep(SheetWriter):
    """The table as it was laid out before group rows were kept with their first task."""

    def row(self, values, **kwargs):
        kwargs.pop("keep_with_next", None)
        return super().row(values, **kwargs)


def test_group_row_never_ends_a_printed_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = many_groups()
    with monkeypatch.context() as m:
        m.setattr(task_progress, "SheetWriter", _WriterWithoutKeep)
        before = task_progress.build("测试方案", "2022年6月", rows).active
    before_groups = set(group_rows(before))
    # these rows do put group rows at the foot of a page when nothing keeps them
    assert [b.id for b in before.row_breaks.brk if b.id in before_groups]
    ws = saved(task_progress.build("测试方案", "2022年6月", rows), tmp_path / "long.xlsx").active
    groups = set(group_rows(ws))
    assert len(groups) == 36
    last_rows = [b.id for b in ws.row_breaks.brk]  # Break.id = the last row of its page
    assert len(last_rows) >= 20
    assert not [r for r in last_rows if r in groups]
    assert [r for r in last_rows if r + 1 in groups]  # pages now end before the heading
    assert_boxed(ws, header_row(ws), max(body_rows(ws)), NCOLS)


def test_unknown_grouping_is_refused() -> None:
    with pytest.raises(ValueError):
        task_progress.build("方案", "2022年6月", [], grouped_by="leader")


def test_empty_month_says_so(tmp_path: Path) -> None:
    ws = saved(task_progress.build("方案", "2022年6月", []), tmp_path / "e.xlsx").active
    table = body_rows(ws)
    assert len(table) == 1
    assert ws.cell(table[0], 1).value == "本月暂无重点任务进展"
    assert str(merged_range_at(ws, table[0], 1)) == f"A{table[0]}:H{table[0]}"


# --- hand-made rows: text stays text -------------------------------------------------------


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    rows = [
        ProgressRow(
            "1",
            "=SUM(A1:A9)推进创新平台建设",
            ("+市科技局", "@市财政局"),
            "2022年6月底前",
            "+3家企业获批省级工程技术研究中心；=全年目标已完成60%",
            "@部分企业研发投入不足",
            "-继续跟踪服务",
            "持续推进",
            "=实验室建设工作专班",
        ),
        ProgressRow("2", "推进泰山产业领军人才工程", ("市委组织部",), None, "1,600万元资金已拨付", None, None, "自定义状态", "=实验室建设工作专班"),
    ]
    path = tmp_path / "f.xlsx"
    ws = saved(task_progress.build("淄博市“十四五”科技创新规划", "2022年6月", rows), path).active
    groups = group_rows(ws)
    assert ws.cell(groups[0], 1).value == "一、=实验室建设工作专班（2项）"
    r = groups[0] + 1
    assert ws.cell(r, 2).value == "=SUM(A1:A9)推进创新平台建设"
    assert ws.cell(r, 3).value == "+市科技局、@市财政局"
    assert ws.cell(r, 5).value == "+3家企业获批省级工程技术研究中心；=全年目标已完成60%"
    assert ws.cell(r, 6).value == "@部分企业研发投入不足"
    assert ws.cell(r, 7).value == "-继续跟踪服务"
    for c in (2, 3, 5, 6, 7):
        assert ws.cell(r, c).data_type == "s"
    # an unknown status is written as given, without symbol or fill
    assert ws.cell(r + 1, NCOLS).value == "自定义状态"
    assert fill_rgb(ws.cell(r + 1, NCOLS)) is None
    # no formula anywhere in the file
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet


def test_status_text_symbols() -> None:
    assert task_progress.status_text(TaskStatus.OVERDUE.value) == "■ 逾期"
    assert task_progress.status_text(" 已完成 ") == "√ 已完成"
    assert task_progress.status_text("") == ""
