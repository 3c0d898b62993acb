"""重点任务分工 (聊城 附件3 layout) built from the real preset dumps."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.workbooks.reports import task_division
from desktop.workbooks.styles import FONT_BODY, FONT_HEADER, FONT_TITLE, save_atomic
from tests.workbooks.plans import (
    PRESETS,
    assert_boxed,
    assert_pages_keep_merges,
    assert_print_setup,
    merged_range_at,
    preset_plan,
    shown,
)

HEADER = ["重点任务", "序号", "具体任务", "建设目标", "责任单位", "完成时限"]
FIRST = 4

# 完成时限 of the 38 tasks as 附件3 prints them: 2022 年 12 月底前 unless listed here
DEADLINES = {1: "2019 年 12 月底前", 3: "2020 年 12 月底前", 15: "2019 年 12 月底前",
             21: "2019 年 12 月底前", 25: "2019 年 12 月底前", 26: "2019 年 12 月底前",
             36: "2019 年 12 月底前"}  # fmt: skip
GROUPS = [
    "一、构建区域创新发展新格局",
    "二、加快县域创新驱动发展",
    "三、构建支撑创新型城市建设的产业体系",
    "四、全面提高企业技术创新能力",
    "五、完善科技创新平台布局",
    "六、提高创新型城市建设支撑能力",
    "七、激发科技人才创新活力",
    "八、营造充满活力的创新创业生态环境",
    "九、实施知识产权战略",
    "十、开展创新型城市建设监测评价",
]


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plans")


@pytest.fixture
def liaocheng(plans_dir: Path) -> dict:
    return preset_plan(plans_dir, "liaocheng-2018")


def _export(plan: dict, tmp_path: Path):
    path = save_atomic(task_division.build(plan), tmp_path / "附件3-重点任务分工.xlsx")
    return load_workbook(path).active


def _task_rows(ws, last: int) -> dict[int, list[int]]:
    """序号 → the sheet rows of that task (序号 is merged down the task's rows)."""
    rows: dict[int, list[int]] = {}
    for r in range(FIRST, last + 1):
        rows.setdefault(shown(ws, r, 2), []).append(r)
    return rows


def _assert_merged_over(ws, col: int, rows: list[int]) -> None:
    """``col`` is merged down ``rows``, split only where a page begins (text repeated)."""
    starts = {b.id + 1 for b in ws.row_breaks.brk}
    r = rows[0]
    while r <= rows[-1]:
        rng = merged_range_at(ws, r, col)
        last = rng.max_row if rng is not None else r
        assert rng is None or rng.min_row == r, (col, r)
        assert last <= rows[-1], (col, r)
        if last < rows[-1]:
            assert last + 1 in starts, (col, last)
        assert ws.cell(r, col).value == ws.cell(rows[0], col).value
        r = last + 1
    assert any(merged_range_at(ws, x, col) for x in rows), col


def test_liaocheng_table(liaocheng: dict, tmp_path: Path) -> None:
    ws = _export(liaocheng, tmp_path)
    assert ws.title == "重点任务分工"
    assert ws["A1"].value == "附件3" and ws["A1"].font.name == FONT_HEADER and ws["A1"].font.sz == 16
    assert ws["A2"].value == "聊城市创新型城市建设推进工作重点任务分工"
    assert ws["A2"].font.name == FONT_TITLE
    assert [ws.cell(3, c).value for c in range(1, 7)] == HEADER

    # one row per 建设目标 row: 64 rows for 38 tasks, nothing under the table
    assert sum(len(t["goal_rows"]) for t in liaocheng["tasks"]) == 64
    last = FIRST + 63
    assert ws.max_row == last
    rows = _task_rows(ws, last)
    assert list(rows) == list(range(1, 39))
    for number, task in zip(range(1, 39), liaocheng["tasks"]):
        assert len(rows[number]) == len(task["goal_rows"]), number
        for r in rows[number]:
            assert shown(ws, r, 6) == DEADLINES.get(number, "2022 年 12 月底前"), (number, r)
            assert shown(ws, r, 3) == task["title"]
    assert len(rows[5]) == 10 and len(rows[8]) == 3 and len(rows[11]) == 5

    # groups with their numbers, merged down (and repeated after a page break)
    groups = []
    for r in range(FIRST, last + 1):
        g = shown(ws, r, 1)
        if not groups or groups[-1] != g:
            groups.append(g)
    assert groups == GROUPS
    assert ws["A4"].value == GROUPS[0] and str(merged_range_at(ws, 4, 1)) == "A4:A7"

    # exact texts of the seed
    r1 = rows[1][0]
    assert ws.cell(r1, 3).value == "有序推进高新技术园区建设"
    assert ws.cell(r1, 4).value.startswith("完善高新区区域创新体系建设，加快高新区升级国家级高新区步伐")
    assert ws.cell(r1, 5).value == "市科技局、市发改委、市经信委、高新区管委会"
    t5 = rows[5]
    assert [ws.cell(r, 5).value for r in (t5[0], t5[-1])] == ["东昌府区政府", "高唐县政府"]
    assert ws.cell(t5[0], 4).value == "东昌府区重点改造提升轴承及保持器产业"
    # task 5: one 完成时限 for its ten rows, 序号/具体任务 merged, units per row
    for col in (2, 3, 6):
        _assert_merged_over(ws, col, t5)
    assert merged_range_at(ws, t5[0], 5) is None
    # task 3: different units per row (not merged), same deadline (merged)
    t3 = rows[3]
    assert ws.cell(t3[0], 5).value == "市科技局、各县(市、区)政府"
    assert ws.cell(t3[1], 5).value == "市科技局、市农委、各县(市、区)政府"
    _assert_merged_over(ws, 6, t3)
    # task 1 alone: nothing merged in its row except the group
    assert all(merged_range_at(ws, r1, c) is None for c in range(2, 7))

    # 序号 are numbers; fonts; borders; heights; print setup
    assert all(isinstance(ws.cell(rows[n][0], 2).value, int) for n in rows)
    assert ws.cell(r1, 4).font.name == FONT_BODY and ws.cell(r1, 4).font.sz <= 12
    assert ws.cell(r1, 4).alignment.wrap_text and ws.cell(r1, 4).alignment.vertical == "center"
    assert ws.cell(r1, 6).alignment.horizontal == "center"
    assert_boxed(ws, 3, last, 6)
    for r in range(1, last + 1):
        assert ws.row_dimensions[r].height, r
    assert ws.row_dimensions[r1].height >= 4 * 11  # four lines of 建设目标
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["D"] == max(widths.values()) and widths["B"] == min(widths.values())
    assert_print_setup(ws, "$3:$3")
    assert ws.freeze_panes == "A4"
    assert len(ws.row_breaks.brk) >= 3
    assert_pages_keep_merges(ws)


def test_title_pattern() -> None:
    def title(name: str, city: str | None = "淄博市") -> str:
        return task_division.title_for({"plan": {"name": name, "city": city}})

    assert title("聊城市创新型城市建设推进方案", "聊城市") == "聊城市创新型城市建设推进工作重点任务分工"
    assert title("关于高质量推进创新型城市建设的意见") == "淄博市高质量推进创新型城市建设重点任务分工"
    assert title("淄博市“十四五”科技创新规划") == "淄博市“十四五”科技创新规划重点任务分工"
    assert title("创新型城市建设实施方案", None) == "创新型城市建设重点任务分工"


def test_fallbacks_and_odd_texts(liaocheng: dict, tmp_path: Path) -> None:
    plan = liaocheng
    plan["tasks"] = plan["tasks"][:3]
    first, second, third = plan["tasks"]
    first["goal_rows"] = []  # no 建设目标 at all: one row, task's units and deadline
    first["goals"] = []
    second["goal_rows"][0]["units"] = []  # row without units falls back to the task's
    second["goal_rows"][0]["deadline_text"] = None
    second["units"] = ["=SUM(A1)", "+86 1234"]
    second["deadline_text"] = "持续推进"
    third["goal_rows"][0]["text"] = "@x\x02"
    third["goal_rows"][1]["text"] = "-5天"
    ws = _export(plan, tmp_path)
    assert ws.max_row == FIRST + 3
    assert ws.cell(4, 4).value is None
    assert ws.cell(4, 5).value == "市科技局、市发改委、市经信委、高新区管委会"
    assert ws.cell(4, 6).value == "2019 年 12 月底前"
    assert ws.cell(5, 5).value == "=SUM(A1)、+86 1234" and ws.cell(5, 5).data_type == "s"
    assert ws.cell(5, 6).value == "持续推进"
    assert ws.cell(6, 4).value == "@x" and ws.cell(6, 4).data_type == "s"
    assert ws.cell(7, 4).value == "-5天" and ws.cell(7, 4).data_type == "s"


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_gives_a_table(preset: str, plans_dir: Path, tmp_path: Path) -> None:
    plan = preset_plan(plans_dir, preset)
    ws = _export(plan, tmp_path)
    tasks = plan["tasks"]
    expected = sum(max(1, len(t["goal_rows"]) or len(t["goals"])) for t in tasks)
    assert tasks and ws.max_row == FIRST + expected - 1
    assert [ws.cell(3, c).value for c in range(1, 7)] == HEADER
    assert ws["A2"].value.endswith("重点任务分工")
    for r in range(FIRST, ws.max_row + 1):
        assert shown(ws, r, 1), r  # every row shows its group
        assert shown(ws, r, 3), r  # and its task
    numbers = [shown(ws, r, 2) for r in range(FIRST, ws.max_row + 1)]
    assert len(dict.fromkeys(numbers)) == len(tasks)
    assert_boxed(ws, 3, ws.max_row, 6)
    assert_print_setup(ws, "$3:$3")
    assert_pages_keep_merges(ws)
