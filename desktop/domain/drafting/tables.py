"""Tables as they survive in text: cells on tab-led lines, rows between blank lines.

Two kinds matter for a draft:

* an indicator table whose head names a target year (具体指标 | 2025年目标数 | …): each
  row becomes a target of that year;
* an indicator table written as plain-text lines (序号  指标名称  单位  2025年基期值  2027年目标值
  2028年目标值): one target per row and future-year column; a base-year column is past data;
* a task-division table (附件 重点任务分工: 序号 | 具体任务 | 建设目标 | 责任单位 | 完成时限):
  its serial numbers are the official task numbers, its 完成时限 the deadlines. Its cells
  are too broken by page breaks to read cell by cell, so it is read as runs of text between
  serial numbers (a line that is only "1", "2", …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from desktop.domain.drafting.model import NumericTarget, TextTable
from desktop.domain.drafting.targets import _LOWER_NAMES
from desktop.domain.drafting.text import Line, squeeze

_TARGET_HEAD = re.compile(r"(\d{4})年?(?:目标|预期)")
_NAME_UNIT = re.compile(r"^(.*?)[（(]([^（）()]{1,8})[)）]$")
_DEADLINE = re.compile(r"\d{4}年\d{1,2}月(?:底|末|份)?(?:前|完成)?|\d{4}年(?:底|年底|末)(?:前)?|每年\d{1,2}月(?:底)?前?|(?:全年)?持续推进|长期坚持|常态化推进")


def tab_tables(raw_text: str) -> list[TextTable]:
    """Blocks of tab-led lines: rows split at blank lines, a tab starts a new cell."""
    tables: list[TextTable] = []
    rows: list[list[str]] = []
    row: list[str] = []
    in_table = False
    blank_run = 0

    def flush_row() -> None:
        nonlocal row
        if row:
            rows.append([squeeze(c) for c in row])
        row = []

    def flush_table() -> None:
        nonlocal rows
        flush_row()
        if len(rows) >= 2:
            header = tuple(rows[0])
            tables.append(
                TextTable(None, "", "other", header, tuple(tuple(r) for r in rows[1:]), "\n".join("\t".join(r) for r in rows))
            )
        rows = []

    for raw in raw_text.replace("\r\n", "\n").split("\n"):
        if raw.startswith("\t"):
            in_table = True
            blank_run = 0
            row.append(raw.strip())
        elif not raw.strip():
            if in_table:
                blank_run += 1
                flush_row()
                if blank_run >= 3:
                    flush_table()
                    in_table = False
        elif in_table and row:
            row[-1] += raw.strip()
        else:
            if in_table:
                flush_table()
                in_table = False
    flush_table()
    return [t for t in tables if t.header]


def indicator_table_targets(table: TextTable) -> tuple[TextTable, list[NumericTarget]] | None:
    """Targets of an indicator table whose head names a target year; None for other tables."""
    year_col = None
    year = None
    for i, cell in enumerate(table.header):
        m = _TARGET_HEAD.search(cell)
        if m is not None:
            year_col, year = i, int(m.group(1))
            break
    if year_col is None or year_col == 0 or not any("指标" in c for c in table.header[:year_col]):
        return None
    targets = []
    for row in table.rows:
        if len(row) <= year_col:
            continue
        cell = row[year_col].replace(",", "").replace("，", "")
        m = re.match(r"^[≥≤<>]?(\d+(?:\.\d+)?)", cell)
        if m is None:
            continue
        try:
            value = Decimal(m.group(1))
        except InvalidOperation:
            continue
        name, unit = row[0], None
        nm = _NAME_UNIT.match(row[0])
        if nm is not None:
            name, unit = nm.group(1), nm.group(2)
        lower = bool(_LOWER_NAMES.search(name)) or cell.startswith(("≤", "<"))
        targets.append(
            NumericTarget(
                name=name,
                value=value,
                unit=unit,
                year=year,
                direction="lower" if lower else "higher",
                kind="ceiling" if lower else "level",
                qualifier=None,
                text="\t".join(row),
                source="\t".join(row),
                confidence=0.9,
                year_from="sentence",
            )
        )
    if not targets:
        return None
    kept = TextTable(table.label, table.title, "indicator_targets", table.header, table.rows, table.source)
    return kept, targets


@dataclass(frozen=True)
class DivisionRow:
    """One numbered run of a task-division table."""

    number: str
    text: str  # whitespace-free text of the run
    deadline_texts: tuple[str, ...]  # as written (spaces kept)


def _is_division_header(text: str) -> bool:
    return "序号" in text and re.search(r"具体任务|重点任务|主要任务|工作任务", text) is not None and re.search(
        r"责任单位|责任部门|牵头单位", text
    ) is not None


def division_rows(label: str, lines: list[Line]) -> tuple[TextTable, list[DivisionRow]] | None:
    """Read a task-division attachment as numbered runs; None if it is not one."""
    head = "".join(line.text for line in lines[:40])
    if not _is_division_header(head):
        return None
    title = ""
    for line in lines[:5]:
        if "分工" in line.text or "任务" in line.text:
            title = line.text
            break
    runs: list[tuple[str, list[Line]]] = []
    last = 0
    current: list[Line] | None = None
    for line in lines:
        if re.fullmatch(r"\d{1,3}", line.text) and last < int(line.text) <= last + 3:
            last = int(line.text)
            current = []
            runs.append((line.text, current))
            continue
        if current is not None:
            current.append(line)
    if len(runs) < 2:
        return None
    rows = []
    for number, run in runs:
        text = "".join(line.text for line in run)
        raw = " ".join(line.raw.strip() for line in run)
        deadlines = tuple(m.group(0) for m in re.finditer(r"\d{4}\s*年\s*\d{1,2}\s*月\s*(?:底|末)?\s*前|每年\s*\d{1,2}\s*月\s*底?\s*前|持续推进", raw))
        rows.append(DivisionRow(number, text, deadlines))
    table = TextTable(
        label,
        title,
        "task_division",
        ("序号", "内容", "完成时限"),
        tuple((r.number, r.text, "；".join(r.deadline_texts)) for r in rows),
        "\n".join(line.raw for line in lines),
    )
    return table, rows


# --- task tables flattened to lines: "33 新培育…。 区科技局 区经信局、… 2023年12月底" ------

_ROW_START = re.compile(r"^\s*(\d{1,3})[ \t\u3000]+(?=[\u4e00-\u9fa5“（(])")
_ROW_HEADER_TASK = re.compile(r"任务|事项|工作|内容|措施|举措")
_ROW_HEADER_UNIT = re.compile(r"单位|部门|科室|处室|股室")
_ROW_HEADER_DEADLINE = re.compile(r"时限|时间|期限|节点|进度")
_ROW_HEADER_SERIAL = re.compile(r"^(?:序号|编号|序)$")
_ROW_HEADER_TARGET = re.compile(r"目标值|指标值|预期值|目标$|量化指标|考核指标")
# a group heading between the rows of a table: "二、创新平台建设", "（三）科技项目与成果转化"
_GROUP_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[^|｜\t。；;，,]{1,30}$")
_ROW_DEADLINE = re.compile(
    r"^(?:\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|上半年|下半年)?(?:前|之前)?|每年\d{1,2}月(?:底|末)?前?"
    r"|(?:全年)?持续推进|长期坚持|长期|常态化推进|年底前|[一二三四]季度(?:末|底)?前?)$"
)
_UNIT_LABEL = re.compile(r"(?:主要|协同|其他)?(?:责任|牵头|配合|参与|协同|协办|主办|承办)(?:单位|部门|科室|处室|股室)")


def _row_start(raw: str, sep: str) -> re.Match[str] | None:
    """The serial number opening a row: "33 任务…", "1\t任务…", "| 1 | 任务… |"."""
    if sep == "|":
        return re.match(r"^\s*[|｜]?\s*(\d{1,3})\s*[|｜]", raw)
    return _ROW_START.match(raw)


def _separator(raw: str) -> str:
    """How the cells of a plain-text table line are separated: |, a tab, two spaces or one."""
    text = raw.strip()
    if text.count("|") >= 2 or text.count("｜") >= 2:
        return "|"
    if "\t" in text:
        return "\t"
    if re.search(r"\S(?: {2,}|\u3000+)\S", text):
        return "  "
    return " "


def _cells(raw: str, sep: str) -> list[str]:
    text = raw.strip()
    if sep == "|":
        return [c.strip() for c in text.replace("｜", "|").strip("|").split("|")]
    if sep == "\t":
        return [c.strip() for c in text.split("\t")]
    if sep == "  ":
        return [c for c in re.split(r"\t| {2,}|\u3000+", text) if c]
    return text.split()


@dataclass(frozen=True)
class _Header:
    cells: list[str]
    sep: str
    serial: bool  # the first column is a serial number (序号)


def _column(head: str) -> str:
    """What a column holds, from its head: serial, unit, deadline, task, target or other.

    A target column (目标值, 年度目标, 预期值 …) holds the figures the row's task must reach; its
    cell is part of the task's text, never its title.
    """
    if _ROW_HEADER_SERIAL.match(head):
        return "serial"
    if _ROW_HEADER_UNIT.search(head):
        return "unit"
    if _ROW_HEADER_TARGET.search(head) and not _ROW_HEADER_TASK.search(head):
        return "target"
    if _ROW_HEADER_DEADLINE.search(head) and not _ROW_HEADER_TASK.search(head.replace("工作时间", "")):
        return "deadline"
    if _ROW_HEADER_TASK.search(head):
        return "task"
    return "other"


def _row_header(raw: str) -> _Header | None:
    """The column heads of a line such as "序号 重点工作任务 主要责任单位 协同配合单位 完成期限".

    Cells may be separated by spaces, a tab, two or more spaces or | (a Markdown-style table);
    the head needs a task column and a unit column. Without a 序号 column the rows are
    numbered in order.
    """
    sep = _separator(raw)
    cells = [c for c in _cells(raw, sep)] if sep != " " else raw.split()
    cells = [re.sub(r"\s", "", c) for c in cells]
    if sep == "|":
        cells = [c for c in cells if c]
    if len(cells) < 3:
        return None
    kinds = [_column(c) for c in cells]
    serial = kinds[0] == "serial"
    if not serial and (sep == " " or "deadline" not in kinds and kinds.count("unit") < 2):
        return None
    first = cells[1] if serial else cells[0]
    if not _ROW_HEADER_TASK.search(first) or "unit" not in kinds:
        return None
    return _Header(cells, sep, serial)


def numbered_rows(lines: list[Line]) -> list[Line]:
    """Rewrite the rows of a task table whose cells were flattened to one line each.

    A task table in running text (copied from a web page or a .docx) keeps its columns as
    runs of spaces, tabs or | : a header "序号 重点工作任务 主要责任单位 协同配合单位 完成期限",
    then rows "33 任务……。 区科技局 区经信局、区财政局 2023年12月底", a row sometimes
    continuing on the next lines (one unit per line). Serial numbers follow each other
    and may start anywhere (a page of a longer table).

    Each row becomes one line "任务……。（主要责任单位：…；协同配合单位：…）（完成期限：…）"
    marked with its serial number, so the task, unit and deadline rules read it like any
    numbered task with a responsibility clause. When the row has as many cells as the
    header, each cell is read by its column head (任务 / 牵头单位 / 配合单位 / 完成时限); else
    the task cell is the text up to the cell that ends with 。 (or the first cell), the
    deadline the last cells that read as a date. Either way the task cell ends with 。, so
    the task's title is that cell only; a target-value cell (目标值) follows it as the task's
    text. A group heading between rows ("二、创新平台建设") does not end the table when the next
    row follows on.
    """
    out: list[Line] = []
    header: _Header | None = None
    last = 0
    pending: list[Line] = []

    def flush() -> None:
        if pending:
            out.append(_rewrite_row(pending, header, last))
            pending.clear()

    for pos, line in enumerate(lines):
        if line.cell:
            flush()
            out.append(line)
            continue
        if header is not None and last > 0 and _GROUP_LINE.match(line.raw) and _row_follows(lines, pos + 1, header, last):
            # a group heading between rows ("二、创新平台建设") does not end the table
            flush()
            out.append(line)
            continue
        found = _row_header(line.raw.strip())
        if found is not None:
            flush()
            header, last = found, 0
            out.append(line)
            continue
        if header is not None and re.fullmatch(r"\s*\|?[\s|:：\-—]+\|?\s*", line.raw):
            continue  # the rule under a Markdown head: | --- | --- |
        if header is not None:
            m = _row_start(line.raw, header.sep) if header.serial else None
            if header.serial and m is not None and (last == 0 or int(m.group(1)) == last + 1):
                flush()
                last = int(m.group(1))
                pending.append(line)
                continue
            if not header.serial and len(_cells(line.raw, header.sep)) == len(header.cells) and not pending:
                last += 1
                pending.append(line)
                flush()
                continue
            if pending and m is None and not re.match(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|附件|注[:：])", line.raw):
                pending.append(line)  # a cell continued on the next line
                continue
        flush()
        if last > 0:
            header = None  # the table ended
        out.append(line)
    flush()
    return out


def _row_follows(lines: list[Line], pos: int, header: _Header, last: int) -> bool:
    """Whether the next line is the table's next row (its serial number goes on from ``last``)."""
    for line in lines[pos : pos + 1]:
        if header.serial:
            m = _row_start(line.raw, header.sep)
            return m is not None and int(m.group(1)) == last + 1
        return len(_cells(line.raw, header.sep)) == len(header.cells)
    return False


def _full_stop(task: str) -> str:
    task = task.strip().rstrip("；;，,")
    return task if not task or task.endswith("。") else task + "。"


def _by_columns(cells: list[str], header: _Header) -> tuple[str, list[tuple[str, list[str]]], list[str]] | None:
    """(task text, [(unit label, names)], deadline cells) of a row read by its column heads."""
    if len(cells) != len(header.cells):
        return None
    task = ""
    extra: list[str] = []
    units: list[tuple[str, list[str]]] = []
    deadline: list[str] = []
    for head, cell in zip(header.cells, cells):
        cell = cell.strip()
        if re.fullmatch(r"[—\-－/／无]*", cell):
            cell = ""  # an empty cell, or one holding only a dash
        kind = _column(head)
        if kind == "task" and not task:
            task = _full_stop(cell)
        elif kind in ("task", "target", "other") and cell:
            extra.append(_full_stop(cell))
        elif kind == "unit" and cell:
            lm = _UNIT_LABEL.search(head)
            units.append((lm.group(0) if lm else "责任单位", [cell]))
        elif kind == "deadline" and cell:
            deadline.append(cell)
    if not task:
        return None
    return task + "".join(extra), units, deadline


def _rewrite_row(lines: list[Line], header: _Header | None, number_in_order: int) -> Line:
    sep = header.sep if header is not None else " "
    if sep == "|":
        raws = [ln.raw.strip().replace("｜", "|").strip("|") for ln in lines]
        raw = "|".join(raws)
    elif sep == "\t":
        raw = "\t".join(ln.raw.strip() for ln in lines)
    else:
        raw = " ".join(line.raw.strip() for line in lines)
    number = str(number_in_order)
    if header is None or header.serial:
        m: re.Match[str] | None = _row_start(raw, sep)
        number = m.group(1) if m else ""
    cells_all = _cells(raw, sep)
    read = None
    if header is not None:
        read = _by_columns(cells_all, header)
    if read is not None:
        task, parts, deadline = read
    else:
        m = _ROW_START.match(raw.replace("|", " "))
        cells = raw.replace("|", " ")[m.end() if m else 0 :].split()
        end = next((i for i, c in enumerate(cells) if c.endswith("。")), 0)
        task = _full_stop("".join(cells[: end + 1]))
        rest = cells[end + 1 :]
        deadline = []
        while rest and _ROW_DEADLINE.match(rest[-1]):
            deadline.insert(0, rest.pop())
        unit_heads = [c for c in (header.cells if header else []) if _ROW_HEADER_UNIT.search(c)]
        labels = [lm.group(0) if (lm := _UNIT_LABEL.search(c)) else "责任单位" for c in unit_heads] or ["责任单位"]
        parts = []
        if rest:
            if len(labels) >= 2 and len(rest) >= 2:
                parts = [(labels[0], rest[:1]), (labels[1], rest[1:])]
            else:
                parts = [(labels[0], rest)]
    clause = ""
    if parts:
        clause = "（" + "；".join(f"{label}：{'、'.join(x.rstrip('。；;，,、') for x in names)}" for label, names in parts) + "）"
    text = squeeze(task + clause + (f"（完成时限：{''.join(deadline)}）" if deadline else ""))
    return replace(lines[0], text=number + text, row=number)


# --- indicator tables written as plain-text lines -------------------------------------------

# a column of figures to reach: "2027年目标值", "2028年", "2026年预期"
_YEAR_COLUMN = re.compile(r"^(\d{4})年?(?:目标值?|预期值?|目标数|规划值|预期目标)?$")
# a column of past figures: "2025年基期值", "2024年现状值", "基数", "2025年实际完成"
_PAST_COLUMN = re.compile(r"基期|基准|基数|现状|现值|实际|完成值|已完成")


def line_indicator_tables(lines: list[Line], issue_year: int | None = None) -> list[tuple[TextTable, list[NumericTarget], set[int]]]:
    """Indicator tables whose rows are plain-text lines, cells split by | , a tab or two spaces.

    The head names the indicator column (指标 / 指标名称), maybe a 单位 column, and one or more
    year columns; each year column whose head says it is a target (2027年目标值) or is a bare
    year not before the document's year gives one target per row, of that year. A column of
    past figures (2025年基期值, 现状值, 基数) is data, not a target; so are 序号 and 指标属性
    (预期性 / 约束性). Returns (table, targets, indices of the lines it spans).
    """
    out: list[tuple[TextTable, list[NumericTarget], set[int]]] = []
    i = 0
    while i < len(lines):
        read = _indicator_head(lines[i].raw, issue_year)
        if read is None:
            i += 1
            continue
        sep, cells, name_col, unit_col, year_cols = read
        used = {lines[i].index}
        rows: list[tuple[str, ...]] = []
        targets: list[NumericTarget] = []
        j = i + 1
        while j < len(lines):
            row = _cells(lines[j].raw, sep)
            if sep == "|":
                row = [c for c in row if c != ""] if len(row) > len(cells) else row
            if len(row) != len(cells):
                break
            used.add(lines[j].index)
            rows.append(tuple(row))
            targets += _row_targets(row, lines[j].raw.strip(), name_col, unit_col, year_cols)
            j += 1
        if targets:
            title = lines[i - 1].text if i > 0 else ""
            source = "\n".join(ln.raw for ln in lines[i:j])
            out.append((TextTable(None, title, "indicator_targets", tuple(cells), tuple(rows), source), targets, used))
        i = max(j, i + 1)
    return out


def _indicator_head(raw: str, issue_year: int | None) -> tuple[str, list[str], int, int | None, list[tuple[int, int]]] | None:
    sep = _separator(raw)
    if sep == " ":
        return None
    cells = [re.sub(r"\s", "", c) for c in _cells(raw, sep)]
    if sep == "|":
        cells = [c for c in cells if c]
    name_col = next((k for k, c in enumerate(cells) if "指标" in c and "属性" not in c and "值" not in c), None)
    if name_col is None or len(cells) < 3:
        return None
    unit_col = next((k for k, c in enumerate(cells) if c in ("单位", "计量单位", "指标单位")), None)
    year_cols = []
    for k, c in enumerate(cells):
        m = _YEAR_COLUMN.match(c)
        if m is None or _PAST_COLUMN.search(c) or k == name_col:
            continue
        year = int(m.group(1))
        if c[len(m.group(1)) :].strip("年") == "" and issue_year is not None and year < issue_year:
            continue  # a bare past year
        year_cols.append((k, year))
    if not year_cols:
        return None
    return sep, cells, name_col, unit_col, year_cols


def _row_targets(row: list[str], line: str, name_col: int, unit_col: int | None, year_cols: list[tuple[int, int]]) -> list[NumericTarget]:
    name = re.sub(r"\s", "", row[name_col])
    unit = re.sub(r"\s", "", row[unit_col]) if unit_col is not None else None
    nm = _NAME_UNIT.match(name)
    if nm is not None and unit is None:
        name, unit = nm.group(1), nm.group(2)
    out = []
    for col, year in year_cols:
        cell = row[col].replace(",", "").replace("，", "").strip()
        m = re.match(r"^([≥≤<>]|不低于|不少于|不高于|不超过)?(\d+(?:\.\d+)?)", cell)
        if m is None:
            continue
        try:
            value = Decimal(m.group(2))
        except InvalidOperation:
            continue
        lower = bool(_LOWER_NAMES.search(name)) or (m.group(1) or "") in ("≤", "<", "不高于", "不超过")
        out.append(
            NumericTarget(
                name=name,
                value=value,
                unit=unit or None,
                year=year,
                direction="lower" if lower else "higher",
                kind="ceiling" if lower else "level",
                qualifier=None,
                text=line,
                source=line,
                confidence=0.85,
                year_from="sentence",
            )
        )
    return out
