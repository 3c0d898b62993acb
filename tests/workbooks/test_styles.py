"""The shared layout helpers of the official tables (desktop/workbooks/styles.py)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import random
import re
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.errors import UserError
from desktop.workbooks import styles
from desktop.workbooks.styles import (
    FONT_BODY,
    FONT_HEADER,
    FONT_TITLE,
    Column,
    ReportWriteError,
    SheetWriter,
    number_format_for,
    lines_needed,
    row_height_for,
    set_alignment,
    save_atomic,
    text_width,
    write_text,
)
from tests.workbooks.plans import assert_boxed, assert_pages_keep_merges, assert_print_setup, edges

FORMULA_LIKE = ["=SUM(A1)", "+86 1234", "@x", "-5天", "\t缩进", "=1+1"]


def _reopen(wb: Workbook, tmp_path: Path, name: str = "t.xlsx"):
    path = save_atomic(wb, tmp_path / name)
    return load_workbook(path).active


def test_constants_and_sizes() -> None:
    assert styles.FONT_TITLE == "方正小标宋简体" and styles.FONT_TITLE_FALLBACK == "黑体"
    assert styles.FONT_HEADER == "黑体"
    assert styles.FONT_BODY == "仿宋_GB2312" and styles.FONT_BODY_FALLBACK == "宋体"
    assert styles.SIZE_LABEL == 16 and styles.SIZE_TITLE == 22
    assert 11 <= styles.SIZE_HEADER <= 14 and 10.5 <= styles.SIZE_BODY <= 12


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    for i, text in enumerate(FORMULA_LIKE, start=1):
        write_text(ws.cell(i, 1), text)
    ws2 = _reopen(wb, tmp_path)
    for i, text in enumerate(FORMULA_LIKE, start=1):
        cell = ws2.cell(i, 1)
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix is True


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    write_text(ws["A1"], "市科\x00技\x01局\x1f")
    write_text(ws["A2"], "第一行\r\n第二行")
    write_text(ws["A3"], None)
    write_text(ws["A4"], 12)
    ws2 = _reopen(wb, tmp_path)
    assert ws2["A1"].value == "市科技局"
    assert ws2["A2"].value == "第一行\n第二行"
    assert ws2["A3"].value is None
    assert ws2["A4"].value == "12" and ws2["A4"].data_type == "s"


def test_text_width_counts_cjk_double() -> None:
    assert text_width("市科技局") == 8
    assert text_width("abc") == pytest.approx(3.3)
    assert text_width("（%）") == pytest.approx(5.1)
    assert text_width("“放管服”※") > text_width("放管服") + 5  # quotes and ※ are full width
    assert text_width("") == 0


def test_row_height_for_grows_and_is_capped() -> None:
    one, two, three = (row_height_for(n, 12) for n in (1, 2, 3))
    assert 15 <= one < two < three
    assert two - one == pytest.approx(three - two)
    assert row_height_for(100, 12) == 409


def test_number_format_for() -> None:
    assert number_format_for(None) == "General"
    assert number_format_for(0) == "#,##0"
    assert number_format_for(2) == "#,##0.00"
    assert number_format_for(1, percent=True) == '0.0"%"'
    assert number_format_for(0, percent=True) == '0"%"'


def _sample(ws, n_rows: int = 3, long: str = "很长的文字" * 30):
    cols = [
        Column("类别", align="center"),
        Column("序号", kind="int", align="center"),
        Column("名称"),
        Column("数值", kind="number", align="right"),
        Column("比重（%）", kind="percent", align="center"),
        Column("日期", kind="date", align="center"),
    ]
    w = SheetWriter(ws, cols)
    w.attachment_label("附件9")
    w.title("测试表")
    w.caption("单位：亿元", align="right")
    w.header(
        [["类别", "序号", "名称", "数据", None, "日期"], [None, None, None, "数值", "比重（%）", None]],
        merges=[(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 1, 5), (1, 6, 2, 6)],
    )
    rows = []
    for i in range(n_rows):
        rows.append(
            w.row(
                ["甲类", i + 1, long if i == 0 else "短", Decimal("305.41"), Decimal("2.50"), dt.date(2025, 10, 31)]
            )
        )
    w.merge_down(1, rows[0], rows[-1])
    w.note("注：测试。")
    w.finish()
    return w, rows


def test_sheet_writer_layout(tmp_path: Path) -> None:
    wb = Workbook()
    w, rows = _sample(wb.active)
    ws = _reopen(wb, tmp_path)
    # label, title, caption
    assert ws["A1"].value == "附件9" and ws["A1"].font.name == FONT_HEADER and ws["A1"].font.sz == 16
    assert ws["A2"].value == "测试表" and ws["A2"].font.name == FONT_TITLE and ws["A2"].font.sz == 22
    assert ws["A3"].value == "单位：亿元" and ws["A3"].alignment.horizontal == "right"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A2:F2", "A3:F3", "A4:A5", "D4:E4", "F4:F5", "A6:A8", "A9:F9"} <= merged
    assert edges(ws["A3"]) == ""  # caption has no border
    # header
    assert [ws.cell(4, c).value for c in range(1, 7)] == ["类别", "序号", "名称", "数据", None, "日期"]
    assert ws["D5"].value == "数值" and ws["D4"].font.name == FONT_HEADER
    assert_print_setup(ws, "$4:$5")
    assert ws.freeze_panes == "A6"
    # body: numbers stay numbers with formats, Decimal kept exact in display
    assert ws["D6"].value == pytest.approx(305.41) and ws["D6"].number_format == "#,##0.00"
    assert ws["E6"].value == pytest.approx(2.5) and ws["E6"].number_format == '0.00"%"'
    assert ws["F6"].is_date and "年" in ws["F6"].number_format
    assert ws["B7"].value == 2 and ws["B7"].number_format == "#,##0"
    assert ws["C6"].font.name == FONT_BODY and ws["C6"].alignment.wrap_text
    assert ws["C6"].alignment.indent == 1 and ws["C6"].alignment.vertical == "center"
    assert ws["A6"].alignment.vertical == "center"
    assert_boxed(ws, 4, 8, 6)
    assert edges(ws["A9"]) == ""  # note has no border
    # every row has an explicit height, the long wrapped row is taller
    for r in range(1, ws.max_row + 1):
        assert ws.row_dimensions[r].height, r
    assert ws.row_dimensions[6].height > 2 * ws.row_dimensions[7].height
    # widths: all set, the long text column widest
    widths = [ws.column_dimensions[c].width for c in "ABCDEF"]
    assert all(widths) and max(widths) == widths[2]


def test_widths_fit_the_landscape_page() -> None:
    wb = Workbook()
    _sample(wb.active)
    ws = wb.active
    total_px = sum(ws.column_dimensions[c].width * 7 + 5 for c in "ABCDEF")
    printable_px = (297 - 2 * 18) / 25.4 * 96
    assert 0.8 * printable_px <= total_px <= printable_px  # spans the page, scale 100 %


def test_short_table_widths_follow_content() -> None:
    wb = Workbook()
    ws = wb.active
    w = SheetWriter(ws, [Column("序号", kind="int", align="center"), Column("名称"), Column("x", width=30)])
    w.header()
    w.row([1, "市科技局"])
    w.finish()
    assert ws.column_dimensions["C"].width == 30
    assert ws.column_dimensions["A"].width < ws.column_dimensions["B"].width


def test_body_text_through_write_text(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    w = SheetWriter(ws, [Column("名称"), Column("数值", kind="number")])
    w.header()
    for text in FORMULA_LIKE:
        w.row([text, text])  # text in a number column stays text too
    w.row(["a\x07b", Decimal("1E+1")])
    w.finish()
    ws2 = _reopen(wb, tmp_path)
    for i, text in enumerate(FORMULA_LIKE, start=2):
        assert ws2.cell(i, 1).value == text and ws2.cell(i, 1).data_type == "s"
        assert ws2.cell(i, 2).value == text and ws2.cell(i, 2).data_type == "s"
    last = len(FORMULA_LIKE) + 2
    assert ws2.cell(last, 1).value == "ab"
    assert ws2.cell(last, 2).value == 10 and ws2.cell(last, 2).data_type == "n"


def test_fill_and_bold_rows() -> None:
    wb = Workbook()
    ws = wb.active
    w = SheetWriter(ws, [Column("a"), Column("b")])
    w.header()
    r = w.row(["x", "y"], fill="FFF9E5", bold=True)
    r2 = w.row(["x", "y"])
    w.set_fill(r2, "#C6EFCE")
    w.finish()
    assert ws.cell(r, 1).fill.fgColor.rgb == "FFFFF9E5" and ws.cell(r, 2).font.b
    assert ws.cell(r2, 2).fill.fgColor.rgb == "FFC6EFCE"


def test_long_merges_are_split_at_page_breaks(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    w = SheetWriter(ws, [Column("组", align="center"), Column("序号", kind="int", align="center"), Column("内容")])
    w.title("分页测试")
    w.header()
    rows = [w.row(["第一组", i, "内容" * (10 + 40 * (i % 3))]) for i in range(1, 61)]
    w.merge_down(1, rows[0], rows[-1])
    w.merge_down(2, rows[10], rows[12])
    w.finish()
    ws2 = _reopen(wb, tmp_path)
    breaks = [b.id + 1 for b in ws2.row_breaks.brk]
    assert len(breaks) >= 2 and w.page_breaks == breaks
    assert_pages_keep_merges(ws2)
    pieces = sorted((r for r in ws2.merged_cells.ranges if r.min_col == r.max_col == 1), key=lambda r: r.min_row)
    assert pieces[0].min_row == rows[0] and pieces[-1].max_row == rows[-1]
    for piece in pieces:  # the group text is repeated at the top of every page
        assert ws2.cell(piece.min_row, 1).value == "第一组"
    assert_boxed(ws2, 2, rows[-1], 3)


def _sections(w: SheetWriter, keep: bool) -> list[int]:
    """Headings, each followed by 1–6 rows of mixed heights; returns the heading rows."""
    headings = []
    for g in range(40):
        headings.append(w.row([f"第{g + 1}组"], bold=True, keep_with_next=keep))
        w.merge_across(headings[-1], 1, 2)
        for i in range(1 + (g * 7) % 6):
            w.row([f"{g + 1}.{i + 1}", "进展情况" * (4 + (g * 13 + i * 5) % 40)])
    return headings


def _sections_sheet(keep: bool):
    wb = Workbook()
    w = SheetWriter(wb.active, [Column("序号", width=8, align="center"), Column("内容", width=60)])
    w.title("分组分页测试")
    w.header()
    headings = _sections(w, keep)
    w.note("注：测试。")
    w.finish()
    return wb, w, headings


def test_keep_with_next_never_ends_a_page_with_a_heading(tmp_path: Path) -> None:
    _, plain, plain_headings = _sections_sheet(keep=False)
    # without the keyword these rows do leave headings alone at the foot of a page
    assert any(b - 1 in plain_headings for b in plain.page_breaks)
    wb, w, headings = _sections_sheet(keep=True)
    ws = _reopen(wb, tmp_path)
    breaks = [b.id + 1 for b in ws.row_breaks.brk]  # Break.id = last row of its page
    assert w.page_breaks == breaks and len(breaks) >= 10
    assert not [b for b in breaks if b - 1 in headings]
    moved = [b for b in breaks if b in headings]  # these pages now open with their heading
    assert moved
    # the rows themselves are laid out as before: same heights, only the breaks differ
    plain_ws = plain.ws
    for r in range(1, ws.max_row + 1):
        assert ws.row_dimensions[r].height == plain_ws.row_dimensions[r].height


def _two_level_breaks(keep: bool) -> tuple[list[int], set[int], set[int]]:
    wb = Workbook()
    w = SheetWriter(wb.active, [Column("内容", width=60)])
    w.header()
    parts, sections = set(), set()
    for g in range(30):
        parts.add(w.row([f"第{g + 1}部分"], bold=True, keep_with_next=keep))
        sections.add(w.row([f"（{g + 1}）小节"], bold=True, keep_with_next=keep))
        for i in range(3):
            w.row(["内容" * (10 + 30 * ((g + i) % 4))])
    w.finish()
    return w.page_breaks, parts, sections


def test_consecutive_keep_rows_stay_with_the_first_row_after_them() -> None:
    breaks, parts, sections = _two_level_breaks(keep=False)
    orphaned = [b for b in breaks if b - 1 in sections]  # 第N部分 + （N）小节 end the page
    assert orphaned
    breaks, parts, sections = _two_level_breaks(keep=True)
    assert breaks and not [b for b in breaks if b - 1 in parts | sections]
    assert {b - 2 for b in orphaned} <= set(breaks)  # moved before both heading rows


def _greedy_lines(text: str, width_px: float, font_pt: float, indent: bool) -> int:
    """The line count character by character (the definition the fast count must match)."""
    per_line = max(2.0, styles._units_per_line(width_px, font_pt, indent))
    total = 0
    for line in text.split("\n"):
        if not line or text_width(line) <= per_line + 1e-9:
            total += 1
            continue
        lines, used = 1, 0.0
        for tok in re.findall(r"[A-Za-z0-9.,%()\-+/]+|\s+|.", line):
            w = text_width(tok)
            if used + w <= per_line + 1e-9:
                used += w
            elif tok.isspace():
                used = per_line
            elif w > per_line:
                remaining = used + w
                while remaining > per_line + 1e-9:
                    remaining -= per_line
                    lines += 1
                used = remaining
            else:
                lines += 1
                used = w
        total += lines
    return total


def test_line_count_matches_the_character_by_character_greedy() -> None:
    rng = random.Random(7)
    cjk = "的一是在了不和有大这中人上为们国我以要他时来用生到作地于出就分对成会可主发年动同工"
    mixed = cjk + "《》，。；：“”…—" + "ABCxyz0123456789.,%()-+/ \u3000\u0301·é"
    for _ in range(4000):
        alphabet = rng.choice([cjk, mixed, "abc def 123.45% " + cjk[:5]])
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 5, 30, 120, 400])))
        if rng.random() < 0.2:
            text += "\n" + text[: len(text) // 2]
        width = rng.choice([rng.randint(20, 900), rng.randint(20, 900) + rng.random()])
        size = rng.choice([10.5, 11.0, 12.0, 16.0, 22.0])
        indent = rng.random() < 0.5
        assert lines_needed(text, width, size, indent=indent) == _greedy_lines(text, width, size, indent), (
            text, width, size, indent,
        )


def test_heights_follow_cells_restyled_after_row() -> None:
    wb = Workbook()
    ws = wb.active
    w = SheetWriter(ws, [Column("序号", width=6, align="center"), Column("内容", width=20)])
    w.header()
    text = "很长的文字" * 12
    same = w.row(["1", text])
    unwrapped = w.row(["2", text])
    bigger = w.row(["3", text])
    set_alignment(ws.cell(unwrapped, 2), wrap_text=False)
    ws.cell(bigger, 2).font = styles._font(styles.FONT_BODY, 16.0)
    w.finish()
    h = {r: ws.row_dimensions[r].height for r in (same, unwrapped, bigger)}
    assert h[unwrapped] == row_height_for(1, styles.SIZE_BODY) < h[same] < h[bigger]


def test_fallback_fonts() -> None:
    wb = Workbook()
    ws = wb.active
    w = SheetWriter(ws, [Column("a")], fallback_fonts=True)
    w.title("标题")
    w.header()
    w.row(["x"])
    w.finish()
    assert ws["A1"].font.name == styles.FONT_TITLE_FALLBACK
    assert ws["A3"].font.name == styles.FONT_BODY_FALLBACK


# --- save_atomic -------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".~"))


def _book() -> Workbook:
    wb = Workbook()
    wb.active["A1"] = "内容"
    return wb


def test_save_atomic_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "附件2-指标体系.xlsx"
    target.write_bytes(b"old")
    assert save_atomic(_book(), target) == target
    assert load_workbook(target).active["A1"].value == "内容"
    assert _leftovers(tmp_path) == []


def test_save_atomic_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "没有的文件夹" / "报表.xlsx"
    with pytest.raises(ReportWriteError) as info:
        save_atomic(_book(), target)
    assert isinstance(info.value, UserError)
    assert "报表.xlsx" in info.value.message and "不存在" in info.value.message
    assert not target.parent.exists()


def test_save_atomic_read_only_target(tmp_path: Path) -> None:
    target = tmp_path / "报表.xlsx"
    target.write_bytes(b"old")
    target.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(ReportWriteError) as info:
            save_atomic(_book(), target)
        assert "只读" in info.value.message and "报表.xlsx" in info.value.message
        assert target.read_bytes() == b"old"
        assert _leftovers(tmp_path) == []
    finally:
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_save_atomic_locked_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a file open in Excel/WPS with PermissionError."""
    target = tmp_path / "报表.xlsx"
    target.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(styles.os, "replace", locked)
    with pytest.raises(ReportWriteError) as info:
        save_atomic(_book(), target)
    assert "WPS" in info.value.message and "关闭" in info.value.message
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_save_atomic_disk_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = _book()

    def full(fh):
        fh.write(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(wb, "save", full)
    target = tmp_path / "报表.xlsx"
    with pytest.raises(ReportWriteError) as info:
        save_atomic(wb, target)
    assert "磁盘空间不足" in info.value.message
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_save_atomic_when_the_folder_is_really_a_file(tmp_path: Path) -> None:
    """A path through a file (a mistyped folder) cannot be written; clear message, no debris."""
    blocker = tmp_path / "报表目录"
    blocker.write_text("我是文件", encoding="utf-8")
    with pytest.raises(ReportWriteError) as info:
        save_atomic(_book(), blocker / "报表.xlsx")
    assert "报表.xlsx" in info.value.message
    assert blocker.read_text(encoding="utf-8") == "我是文件"
    assert _leftovers(tmp_path) == []
