"""Property test of the import service (hostile input).

Hypothesis builds imports of one to three files: workbooks written with openpyxl in random
layouts (title, 填报单位 line, header rows, the plan's indicator names among random text),
whose cells hold text that looks like a formula (=1+1, +86, -5, @SUM), real formulas
without cached values, control characters, huge and tiny numbers, full-width digits,
percentages and Chinese units — and files of random or damaged bytes. Each import goes
through ``preview_files`` and ``import_files``. Promises checked on every example:

* nothing but our own :class:`~desktop.errors.UserError` (with a Chinese message naming
  the file) ever comes out;
* when the import refuses (error, blocked, dry run) the database is exactly as before —
  every row of every table; when it commits, every batch is whole: its items and its
  audit lines match the rows it wrote, text is stored as text, numbers as finite decimals;
* the database passes SQLite's integrity and foreign-key checks afterwards.

The number of examples, workbooks and damaged files tried is counted (see COUNTS) and the
test fails if the generators stop producing either kind.
"""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from contextlib import closing
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.services.database import Database, open_database, verify
from desktop.services.importer import ImportOptions, import_files, preview_files, undo_batch
from desktop.services.presets import load_preset

CJK = re.compile(r"[\u4e00-\u9fff]")
COUNTS = {"examples": 0, "workbooks": 0, "corrupted": 0, "committed": 0, "refused": 0}

NAMES = [
    "R&D经费支出占GDP比重", "高新技术企业", "科技型中小企业", "高新技术产业产值占规模以上工业总产值比重",
    "每万人口高价值发明专利拥有量", "技术合同成交额", "不存在的指标",
]
HOSTILE_TEXT = [
    "=1+1", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "+86 0533-1234567", "-5", "-5天", "@SUM(A1)",
    "\t=1", "１９８０", "３.０２％", "1,600家", "300亿元", "约300", "—", "", " ", "合计", "填报人：张三",
    "9" * 40, "1e308", "-0", "0.000000000000000001", "NaN", "inf", "2024年", "2024年第二季度", "2024-06",
    "\x01\x02控制字符", "换行\n文本", "\u200b零宽", "𠀀扩展字", "'=引号", "=cmd|' /C calc'!A0",
]
NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30),
    st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
)
TEXT = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.sampled_from(NAMES),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
)


@st.composite
def cell_values(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(["text", "number", "none", "formula", "raw"]))
    if kind == "text":
        return draw(TEXT)
    if kind == "number":
        return draw(NUMBERS)
    if kind == "formula":
        return ("formula", draw(st.sampled_from(["=1+1", "=SUM(A1:A2)", "=B2*100", "=1/0"])))
    if kind == "raw":  # written as-is, control characters and all (invalid XML for some)
        return ("raw", draw(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=8)))
    return None


RAW = "RAWCTRL"  # stands for control characters while openpyxl writes; put in afterwards


def _text(cell: Any, text: str) -> None:
    """Text as the sender typed it: '=1+1 stays text; control characters survive (see RAW)."""
    text = ILLEGAL_CHARACTERS_RE.sub(RAW, text)
    cell._value, cell.data_type = text, "s"


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    wb = openpyxl.Workbook()
    for n in range(draw(st.integers(1, 2))):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = draw(st.sampled_from(["主要指标", "Sheet1", "数据", f"表{n}", "=1+1", "指标 (2)"]))
        if draw(st.booleans()):
            ws.append(["淄博市科技创新主要指标完成情况表"])
        if draw(st.booleans()):
            ws.append([draw(st.sampled_from(["填报单位：市科技局", "填报单位：不存在局", "单位：@SUM(A1)"]))])
        if draw(st.booleans()):
            ws.append(draw(st.sampled_from([
                ["序号", "指标名称", "2024年"], ["指标", "2023年", "2024年", "备注"], ["名称", "完成值", "计量单位"],
                ["序号", "指标名称", "目标", "完成"],
            ])))
        ncols = draw(st.integers(1, 5))
        for _ in range(draw(st.integers(0, 8))):
            row = [draw(st.sampled_from(NAMES)) if draw(st.booleans()) else draw(TEXT)]
            row += [draw(cell_values()) for _ in range(ncols)]
            r = ws.max_row + 1
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c)
                if isinstance(value, tuple) and value[0] == "formula":
                    cell.value = value[1]  # a real formula, never calculated: no cached value
                elif isinstance(value, tuple):
                    _text(cell, value[1])
                elif isinstance(value, str):
                    _text(cell, value)
                elif isinstance(value, Decimal):
                    cell.value = float(value)
                else:
                    cell.value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return _put_raw(buffer.getvalue())


@st.composite
def plausible(draw: st.DrawFn) -> bytes:
    """A department's own table the importer understands, with hostile cells among good ones."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append(["淄博市科技创新主要指标完成情况表"])
    ws.append(["填报单位：市科技局"])
    ws.append(["序号", "指标名称", "2024年", "备注"])
    names = draw(st.lists(st.sampled_from(NAMES[:-1]), min_size=1, max_size=5, unique=True))
    for n, name in enumerate(names, 1):
        value = draw(st.one_of(NUMBERS.filter(lambda v: abs(v) < 10**9), st.sampled_from(HOSTILE_TEXT)))
        r = ws.max_row + 1
        ws.cell(r, 1).value = n
        _text(ws.cell(r, 2), name)
        if isinstance(value, str):
            _text(ws.cell(r, 3), value)
        else:
            ws.cell(r, 3).value = float(value) if isinstance(value, Decimal) else value
        _text(ws.cell(r, 4), draw(st.sampled_from(HOSTILE_TEXT[:12])))
    buffer = io.BytesIO()
    wb.save(buffer)
    return _put_raw(buffer.getvalue())


def _put_raw(data: bytes) -> bytes:
    if RAW.encode() not in _members(data):
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename).replace(RAW.encode(), b"\x01\x0b"))
    return out.getvalue()


def _members(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist())


@st.composite
def corrupted(draw: st.DrawFn) -> bytes:
    how = draw(st.sampled_from(["random", "truncated", "flipped", "zip", "empty", "ole"]))
    if how == "random":
        return draw(st.binary(min_size=1, max_size=4000))
    if how == "empty":
        return b""
    if how == "ole":
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + draw(st.binary(max_size=2000))
    if how == "zip":  # a zip that is not a workbook, or a workbook missing a part
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr(draw(st.sampled_from(["a.txt", "[Content_Types].xml", "xl/workbook.xml"])), draw(st.binary(max_size=200)))
        return buffer.getvalue()
    data = bytearray(draw(workbooks()))
    if how == "truncated":
        # a fraction, not a byte count: the bytes of a saved workbook differ from run to run
        return bytes(data[: max(1, int(len(data) * draw(st.floats(0.0, 0.99))))])
    for pos, xor in draw(st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)), min_size=1, max_size=8)):
        i = min(len(data) - 1, int(pos * len(data)))
        data[i] ^= xor
    return bytes(data)


FILES = st.one_of(
    st.lists(plausible().map(lambda b: ("workbook", b)), min_size=1, max_size=2),
    st.lists(
        st.one_of(workbooks().map(lambda b: ("workbook", b)), corrupted().map(lambda b: ("corrupted", b))),
        min_size=1, max_size=3,
    ),
)


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table' order by name")]
        return {t: conn.execute(f'select * from "{t}" order by rowid').fetchall() for t in tables}


def _check_commit(path: Path, batch_ids: list[int]) -> None:
    with closing(sqlite3.connect(path)) as conn:
        for batch in batch_ids:
            items = conn.execute("select count(*) from import_batch_item where batch_id = ?", (batch,)).fetchone()[0]
            audits = conn.execute("select count(*) from audit_log where batch_id = ?", (batch,)).fetchone()[0]
            rows = conn.execute("select rows from import_batch where id = ?", (batch,)).fetchone()[0]
            assert items == audits == rows > 0
            for value, note in conn.execute(
                "select value, note from value where batch_id = ?", (batch,)
            ):
                assert value is None or Decimal(value).is_finite()
                assert note is None or isinstance(note, str)
        assert conn.execute("select typeof(value) from value where value is not null and typeof(value) != 'text'").fetchall() == []


def _good_workbook() -> bytes:
    """A return the importer takes whole: an explicit example, so every run commits at least once."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    for row in (["填报单位：市科技局"], ["序号", "指标名称", "2024年", "备注"],
                [1, "R&D经费支出占GDP比重", 3.02, "=1+1 不是公式"], [2, "高新技术企业", 1600, "+86 0533"]):
        ws.append(row)
    ws["D3"].data_type = "s"  # typed as text, as Excel stores '=1+1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = _good_workbook()


def test_generated_imports_never_crash_and_never_half_write(tmp_path: Path) -> None:
    path = tmp_path / "性质.db"
    database = open_database(path)
    plan = load_preset(database, "zibo-14th-review")
    try:
        _property(database, path, plan, tmp_path)
    finally:
        database.close()
    print(f"\nimport property test: {COUNTS}")
    # both kinds of input were really tried, and imports really went through and were refused
    assert COUNTS["examples"] >= 40
    assert COUNTS["workbooks"] >= 2 and COUNTS["corrupted"] >= 1
    assert COUNTS["committed"] >= 1 and COUNTS["refused"] >= 1


def _property(database: Database, path: Path, plan: int, tmp_path: Path) -> None:
    counter = iter(range(10**9))

    @settings(max_examples=50, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @example(files=[("workbook", GOOD)], dry_run=False, period=None, unit=None)
    @example(files=[("workbook", GOOD), ("corrupted", GOOD[: len(GOOD) // 2])], dry_run=False, period=None, unit=None)
    @given(files=FILES, dry_run=st.booleans(), period=st.sampled_from([None, "2024", "2024Q2"]),
           unit=st.sampled_from([None, "市科技局", "不存在局"]))
    def run(files: list[tuple[str, bytes]], dry_run: bool, period: str | None, unit: str | None) -> None:
        COUNTS["examples"] += 1
        folder = tmp_path / f"ex{next(counter)}"
        folder.mkdir()
        paths = []
        for i, (kind, data) in enumerate(files):
            COUNTS["workbooks" if kind == "workbook" else "corrupted"] += 1
            p = folder / f"报送{i}.xlsx"
            p.write_bytes(data)
            paths.append(p)
        options = ImportOptions(plan_id=plan, period=period, unit=unit, dry_run=dry_run, backup=False)
        before = dump(path)
        try:
            preview_files(database, paths, options)
            assert dump(path) == before  # a preview never writes
            result = import_files(database, paths, options)
        except UserError as exc:
            COUNTS["refused"] += 1
            assert CJK.search(exc.message) and "Traceback" not in exc.message
            assert any(p.name in exc.message for p in paths) or "文件" in exc.message
            assert dump(path) == before
            return
        if not result.committed:
            COUNTS["refused"] += bool(result.blocked)
            assert dump(path) == before
            return
        COUNTS["committed"] += 1
        assert not dry_run and result.batch_ids
        _check_commit(path, result.batch_ids)
        # leave the database as it was for the next example: undo appends, never deletes
        audits = len(dump(path)["audit_log"])
        for batch in reversed(result.batch_ids):
            undo_batch(database, batch)
        after = dump(path)
        assert len(after["audit_log"]) > audits
        assert after["value"] == before["value"] and after["progress_report"] == before["progress_report"]

    run()
    assert verify(database) == []
