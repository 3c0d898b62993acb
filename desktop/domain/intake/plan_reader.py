"""Reading a plan's own attachments (指标体系, 重点任务分工) into a preset document.

A city whose plan is not bundled has it as the attachments of its 文件: the 指标体系 table
(聊城 附件2) and the 重点任务分工 table (聊城 附件3), usually as Excel files the bureau
typed or received. ``read_plan`` turns their grids into a dict in the preset format
(docs/preset-format.md, ``format`` 1), so the plan is loaded by the same code as a bundled
preset.

    附件2  一级指标 | 序号 | 二级指标 | 权重分值 | 责任部门      (一级指标 merged down its rows,
                                                              ※ after key names, 合计, 注 lines)
    附件3  重点任务 | 序号 | 具体任务 | 建设目标 | 责任单位 | 完成时限
                                                             (group and task cells merged over
                                                              several 建设目标 rows)

Tables are found by their header row wherever it is (titles and 附件N labels above it);
header words vary (责任单位/责任部门, 完成时间/完成时限, 序 号 with spaces) and headers
repeated on every page are skipped. Merged cells are read from the top-left cell of each
vertical merge; blank 一级指标 / 重点任务 / 序号 / 具体任务 cells (a table typed without
merges) continue the row above. Only what the attachments carry is filled in; everything
else is null or empty for the clerk to complete.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop.domain._text import remove_whitespace, to_halfwidth
from desktop.domain.intake.grid import CellValue, SheetGrid, WorkbookGrid, cell_text
from desktop.domain.unit_names import split_unit_list

__all__ = ["PlanSheetError", "read_plan"]

KEY_MARKS = ("※", "★")
DEFAULT_INDICATOR_GROUP = "主要指标"


class PlanSheetError(ValueError):
    """The files hold no plan table, or a row of one cannot be read (message in Chinese)."""


# --- header words ------------------------------------------------------------------------

# field → header words (whitespace and bracketed additions removed before matching)
_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "group": (
        "一级指标", "指标类别", "指标类型", "指标分类", "重点任务", "主要任务", "任务类别",
        "重点工作", "重点领域", "类别", "领域", "类型",
    ),
    "number": ("序号", "编号", "序"),
    "name": ("二级指标", "指标名称", "具体指标", "考核指标", "指标内容", "指标"),
    "weight": ("权重分值", "权重", "分值", "权重分", "分数", "赋分", "标准分值", "标准分"),
    "units": (
        "责任部门", "责任单位", "牵头单位", "牵头部门", "责任主体", "牵头责任单位",
        "责任单位部门", "责任部门单位", "主要责任单位",
    ),
    "measure": ("计量单位",),
    "units2": ("配合单位", "配合部门", "协同单位", "参与单位", "协办单位"),
    "title": ("具体任务", "任务内容", "具体工作", "工作任务", "任务名称", "主要内容", "工作内容", "任务"),
    "goal": ("建设目标", "工作目标", "目标任务", "主要目标", "预期目标", "目标", "建设内容", "工作措施", "具体目标"),
    "deadline": ("完成时限", "完成时间", "时间节点", "时限", "完成期限", "时间安排", "完成时间节点"),
}
_WORD_FIELD = {word: f for f, words in _HEADER_WORDS.items() for word in words}
_LONG_WORDS = sorted((w for w in _WORD_FIELD if len(w) >= 3), key=len, reverse=True)

_BRACKETED = re.compile(r"[(（\[【〔][^)）\]】〕]*[)）\]】〕]")
_ATTACHMENT = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：.、]?\s*")
_PAGE_FOOTER = re.compile(r"^[-—\s]*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+)\s*[-—\s]*$")
_NOTE = re.compile(r"^(注\s*[:：0-9０-９一.．、]|注$|说明\s*[:：]|备注\s*[:：])")
_ENUMERATED = re.compile(r"^\s*([(（]?[0-9０-９]+[)）.．、]|[①-⑳]|[(（][一二三四五六七八九十]+[)）])")
_TOTAL = ("合计", "总计", "总分", "合计分值")
_GROUP_NUMBER = re.compile(
    r"^\s*(?:"
    r"(?P<cn>[一二三四五六七八九十百零〇]+)\s*[、.．]"
    r"|[(（](?P<cnp>[一二三四五六七八九十百零〇]+)[)）]"
    r"|(?P<ar>[0-9]+)\s*[、.．](?![0-9])"
    r")\s*(?P<name>.+)$",
    re.S,
)
_UNIT_BREAK_ENDINGS = ("局", "委", "办", "府", "会", "部", "院", "厅", "司", "行", "社", "协", "联", "所", "站",
                       "队", "中心", "公司", "集团", "大学", "学院", "处", "科", "室", "组")
_MEASURE_ENDINGS = (
    "率", "比重", "比例", "数", "量", "额", "值", "度", "指数", "增幅", "增速", "增长", "收入", "面积",
    "规模", "产值", "占比", "投入", "支出", "人才", "企业", "项目", "平台",
)


def _header_key(text: str) -> str:
    return _BRACKETED.sub("", remove_whitespace(to_halfwidth(text)).replace("/", "")) or remove_whitespace(text)


def _header_field(text: str) -> str | None:
    key = _header_key(text)
    if not key:
        return None
    found = _WORD_FIELD.get(key)
    if found is not None:
        return found
    if len(key) <= 10:
        for word in _LONG_WORDS:
            if word in key:
                return _WORD_FIELD[word]
    return None


@dataclass(frozen=True)
class _Header:
    kind: str  # "indicators" | "tasks"
    columns: dict[str, int]  # field → 1-based column


def _match_header(texts: list[str]) -> _Header | None:
    columns: dict[str, int] = {}
    for col, text in enumerate(texts, start=1):
        f = _header_field(text) if text else None
        if f is not None and f not in columns:
            columns[f] = col
    if len(columns) < 3:
        return None
    has = columns.__contains__
    if has("name") and (has("weight") or has("group") or has("units")) and not (
        has("title") or has("goal") or has("deadline")
    ):
        return _Header("indicators", columns)
    if (has("title") or has("goal")) and (has("units") or has("deadline")) and not has("weight"):
        return _Header("tasks", columns)
    return None


# --- cell values ---------------------------------------------------------------------------


def _text(value: CellValue) -> str:
    """The cell as text, as it would be read: dates (deadlines) in 年月日."""
    return cell_text(value, chinese_dates=True)


_FORMAT_PLACES = re.compile(r"^[#,]*0\.(0+)(?:;.*)?$")


def _decimal(value: CellValue, number_format: str | None) -> Decimal | None:
    """A 权重分值 cell as a Decimal with the digits shown; None when empty; ValueError if not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(round(value, 9)))
        if number == number.to_integral_value():
            number = Decimal(int(number))
    elif isinstance(value, Decimal):
        number = value
    else:
        text = remove_whitespace(to_halfwidth(str(value)))
        if not text:
            return None
        text = re.sub(r"分$", "", text)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError from None
    if not number.is_finite():
        raise ValueError
    match = _FORMAT_PLACES.match(number_format or "")
    if match is not None:
        places = len(match.group(1))
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent < places:
            number = number.quantize(Decimal(1).scaleb(-places))
    return number


def _line(text: str) -> str:
    """A name typed over several lines in a narrow cell, joined: 一、构建区域\n创新发展新格局."""
    return re.sub(r"\s*\n\s*", "", text)


def _units(text: str) -> list[str]:
    """Split a 责任单位 cell; a line break or space after a whole name (市发改委 市科技局) separates."""
    if not text:
        return []
    pieces = re.split(r"(\s+)", text.strip())
    joined = pieces[0]
    for i in range(1, len(pieces) - 1, 2):
        before, after = joined, pieces[i + 1]
        separate = before.endswith(_UNIT_BREAK_ENDINGS) and after[:1] not in "、，,;；)）"
        joined = before + ("、" if separate else "") + after
    return split_unit_list(joined)


def _measure_unit(name: str) -> str | None:
    """计量单位 from a trailing bracket of the indicator name: 人均 GDP（万元/人） → 万元/人."""
    match = re.search(r"[(（]\s*([^()（）]{1,8}?)\s*[)）]\s*$", name)
    if match is None:
        return None
    unit = match.group(1).strip()
    if not unit or re.search(r"[、，,;；]", unit) or re.fullmatch(r"\d+", unit):
        return None
    return unit


def _direction(name: str, unit: str | None) -> str:
    if unit is not None:
        return "higher"
    core = _BRACKETED.sub("", remove_whitespace(name))
    return "higher" if core.endswith(_MEASURE_ENDINGS) else "qualitative"


# --- reading one sheet ---------------------------------------------------------------------


@dataclass
class _Place:
    file: str
    sheet: str

    def at(self, row: int | None) -> str:
        where = f"文件“{self.file}”工作表“{self.sheet}”"
        return f"{where}第{row}行" if row is not None else where


@dataclass
class _IndicatorRow:
    group: str
    number: str | None
    name: str
    weight: Decimal | None
    key: bool
    units: list[str]
    row: int
    measure: str | None = None  # a 计量单位 column, when the table has one


@dataclass
class _TaskRow:
    goal: str
    units: list[str] | None
    deadline: str | None


@dataclass
class _Task:
    group: str
    number: str | None
    title: str
    rows: list[_TaskRow]
    place: _Place
    row: int


@dataclass
class _Found:
    indicator_titles: list[str] = field(default_factory=list)
    task_titles: list[str] = field(default_factory=list)
    indicators: list[_IndicatorRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)
    headers_seen: int = 0


def _resolved_rows(sheet: SheetGrid) -> list[list[Any]]:
    """Cell values with each vertical merge's value copied down its first column."""
    rows = [[c.value for c in r] for r in sheet.rows]
    formats = [[c.number_format for c in r] for r in sheet.rows]
    for r0, c0, r1, _c1 in sheet.merged:
        if r1 <= r0 or not 1 <= r0 <= len(rows) or c0 < 1:
            continue
        top_row = rows[r0 - 1]
        if c0 > len(top_row):
            continue
        value, fmt = top_row[c0 - 1], formats[r0 - 1][c0 - 1]
        for r in range(r0 + 1, min(r1, len(rows)) + 1):
            row, frow = rows[r - 1], formats[r - 1]
            while len(row) < c0:
                row.append(None)
                frow.append(None)
            if row[c0 - 1] is None or row[c0 - 1] == "":
                row[c0 - 1] = value
                frow[c0 - 1] = fmt
    return [list(zip(r, f)) for r, f in zip(rows, formats)]


def _is_attachment_label(text: str) -> bool:
    return bool(re.fullmatch(r"附件\s*[0-9０-９一二三四五六七八九十]+\s*[:：.、]?", text))


def _loose_title(lines: list[str], kind: str) -> str | None:
    """The table title among the lines above a header (附件N labels skipped)."""
    words = ("指标体系", "指标") if kind == "indicators" else ("任务分工", "任务分解", "重点任务", "任务")
    candidates = []
    for line in lines:
        if _is_attachment_label(line) or _PAGE_FOOTER.match(line):
            continue
        line = _ATTACHMENT.sub("", line) if line.startswith("附件") else line
        line = line.strip().strip("《》")
        if line:
            candidates.append(line)
    for word in words:
        for line in candidates:
            if word in line:
                return line
    return candidates[-1] if candidates else None


def _read_sheet(sheet: SheetGrid, place: _Place, found: _Found) -> None:
    rows = _resolved_rows(sheet)
    header: _Header | None = None
    loose: list[str] = []  # single-text lines since the last table row (titles, labels)
    # indicator state
    ind_group: str | None = None
    closed = False  # after 合计: single lines are notes or the next table's title
    in_note = False
    # task state
    task_group: str | None = None
    task: _Task | None = None
    new_group = False

    for r, cells in enumerate(rows, start=1):
        texts = [_text(v) for v, _ in cells]
        filled = [(c, t) for c, t in enumerate(texts, start=1) if t]
        if not filled:
            continue
        matched = _match_header(texts)
        if matched is not None:
            if header is None or matched.kind != header.kind:
                title = _loose_title(loose, matched.kind)
                if title:
                    (found.indicator_titles if matched.kind == "indicators" else found.task_titles).append(title)
                ind_group, closed, in_note = None, False, False
                task_group, task, new_group = None, None, False
            header = matched
            found.headers_seen += 1
            loose = []
            continue
        single = filled[0][1] if len(filled) == 1 else None
        if single is not None and _PAGE_FOOTER.match(single):
            continue
        if header is None:
            if single is not None:
                loose.append(single)
            continue

        cols = header.columns

        def cell(f: str) -> str:
            c = cols.get(f)
            return texts[c - 1] if c is not None and c <= len(texts) else ""

        if header.kind == "indicators":
            name = _line(cell("name"))
            first = filled[0][1]
            if not name or single is not None:
                if remove_whitespace(first).startswith(_TOTAL):
                    closed, in_note = True, False
                    continue
                if single is not None:
                    if _NOTE.match(single) or (in_note and _ENUMERATED.match(single)):
                        found.notes.extend(line.strip() for line in single.splitlines() if line.strip())
                        in_note = True
                        continue
                    in_note = False
                    if _is_attachment_label(single) or closed:
                        loose.append(single)
                        continue
                    col = filled[0][0]
                    if not name and (col == 1 or col == cols.get("group")) and not _is_number(single):
                        ind_group = _line(single)  # a section row: the 一级指标 written across the table
                        loose.append(single)
                        continue
            if not name:
                raise PlanSheetError(f"{place.at(r)}：这一行没有二级指标名称，无法读取。请补上指标名称或删除这一行。")
            in_note = False
            loose = []
            group = _line(cell("group")) or ind_group or DEFAULT_INDICATOR_GROUP
            ind_group = group
            weight_col = cols.get("weight")
            weight = None
            if weight_col is not None and weight_col <= len(cells):
                raw, fmt = cells[weight_col - 1]
                try:
                    weight = _decimal(raw, fmt)
                except ValueError:
                    raise PlanSheetError(
                        f"{place.at(r)}：权重分值“{_text(raw)}”不是数字。请改为数字（如 10）或留空。"
                    ) from None
            key = any(mark in name for mark in KEY_MARKS)
            for mark in KEY_MARKS:
                name = name.replace(mark, "")
            name = name.strip()
            if not name:
                raise PlanSheetError(f"{place.at(r)}：这一行没有二级指标名称，无法读取。")
            units = _units(cell("units")) + _units(cell("units2"))
            found.indicators.append(
                _IndicatorRow(group, cell("number") or None, name, weight, key, _dedupe(units), r,
                              _line(cell("measure")) or None)
            )
            continue

        # 重点任务分工
        if single is not None:
            col = filled[0][0]
            if _NOTE.match(single) or (in_note and _ENUMERATED.match(single)) or _is_attachment_label(single):
                in_note = not _is_attachment_label(single)
                loose.append(single)
                continue
            if remove_whitespace(single).startswith(_TOTAL):
                continue
            if col == cols.get("group") or (col == 1 and col not in cols.values()):
                if _line(single) != task_group:
                    task_group, new_group = _line(single), True
                continue
        in_note = False
        group_text = _line(cell("group"))
        if group_text and group_text != task_group:
            task_group, new_group = group_text, True
        number, title, goal = cell("number"), _line(cell("title")), cell("goal")
        units_text = cell("units")
        more_units = cell("units2")
        deadline = _line(cell("deadline"))
        if task is None or new_group:
            is_new = True
        elif number:
            is_new = number != task.number
        elif title:
            is_new = title != task.title
        else:
            is_new = False
        if is_new:
            if not (number or title or goal):
                raise PlanSheetError(
                    f"{place.at(r)}：这一行既没有序号、具体任务，也没有建设目标，无法判断属于哪项任务。"
                )
            task = _Task(task_group or "", number or None, title, [], place, r)
            found.tasks.append(task)
            new_group = False
        elif not (goal or units_text or more_units or deadline):
            continue  # a blank row inside merged task cells
        assert task is not None
        loose = []
        units = _dedupe(_units(units_text) + _units(more_units))
        task.rows.append(_TaskRow(goal, units or None, deadline or None))


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?\d+(\.\d+)?%?", remove_whitespace(to_halfwidth(text))))


def _dedupe(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


# --- the preset document -------------------------------------------------------------------


def _split_group_label(label: str) -> tuple[str | None, str]:
    """「一、构建区域创新发展新格局」 → ("一", "构建区域创新发展新格局")."""
    match = _GROUP_NUMBER.match(label)
    if match is None:
        return None, label.strip()
    number = match.group("cn") or match.group("cnp") or match.group("ar")
    return number, match.group("name").strip()


_CITY = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省)?(?P<city>[\u4e00-\u9fff]{1,7}?(?:自治州|地区|市|县|区|州|盟))(?!市)")


def _city(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"^关于", "", remove_whitespace(text).strip("《》"))
    match = _CITY.match(text)
    if match is None:
        return None
    city = match.group("city")
    if any(word in city for word in ("创新", "建设", "国家", "型", "加快", "推进", "关于")):
        return None
    return city


_TASK_TITLE_SUFFIXES = ("重点任务分工表", "重点任务分工", "主要任务分工", "任务分工表", "任务分工",
                        "重点任务分解表", "重点任务分解", "任务分解表", "任务分解", "重点任务清单", "任务清单")
_INDICATOR_TITLE_SUFFIXES = ("评价指标体系", "考核指标体系", "监测指标体系", "指标体系表", "指标体系", "主要指标")
_NAME_ENDINGS = ("方案", "意见", "规划", "计划", "纲要", "办法")


def _name_from_title(title: str, suffixes: tuple[str, ...]) -> str | None:
    base = remove_whitespace(title).strip("《》")
    for suffix in suffixes:
        if base.endswith(suffix):
            base = base[: -len(suffix)]
            break
    else:
        return None
    if base.endswith("推进工作"):
        base = base[:-2]
    elif base.endswith("工作") and len(base) > 2:
        base = base[:-2]
    if not base:
        return None
    return base if base.endswith(_NAME_ENDINGS) else base + "方案"


def _plan_name(found: _Found) -> str | None:
    for title in found.task_titles:
        name = _name_from_title(title, _TASK_TITLE_SUFFIXES)
        if name:
            return name
    for title in found.indicator_titles:
        name = _name_from_title(title, _INDICATOR_TITLE_SUFFIXES)
        if name:
            return name
    return None


def _indicator_groups(found: _Found) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    counter = 0
    for ind in found.indicators:
        counter += 1
        if ind.number is not None and ind.number.isdigit():
            counter = int(ind.number)
        if not groups or groups[-1]["name"] != ind.group:
            groups.append({"name": ind.group, "indicators": []})
        unit = ind.measure or _measure_unit(ind.name)
        groups[-1]["indicators"].append(
            {
                "number": ind.number if ind.number is not None else str(counter),
                "name": ind.name,
                "unit": unit,
                "direction": _direction(ind.name, unit),
                "weight": ind.weight,
                "key": ind.key,
                "units": ind.units,
                "baseline": None,
                "targets": [],
                "values": [],
                "task": None,
                "source": None,
            }
        )
    return groups


def _first_clause(text: str) -> str:
    return re.split(r"[。；;]", text, maxsplit=1)[0].strip() or text


def _task_numbers(tasks: list[_Task]) -> list[str]:
    """Numbers as written; blanks numbered after the others; restarted numbering qualified by group."""
    written = [t.number for t in tasks]
    used = {n for n in written if n is not None}
    counter = 0
    numbers: list[str] = []
    for n in written:
        if n is None:
            counter += 1
            while str(counter) in used:
                counter += 1
            n = str(counter)
            used.add(n)
        numbers.append(n)
    seen: dict[str, _Task] = {}
    restarted = False
    for task, n in zip(tasks, numbers):
        earlier = seen.get(n)
        if earlier is not None:
            if earlier.group == task.group:
                raise PlanSheetError(
                    f"{task.place.at(task.row)}：任务序号“{n}”与{earlier.place.at(earlier.row)}的任务重复。"
                    "每项任务的序号在方案中必须唯一，请修改后再导入。"
                )
            restarted = True
        seen[n] = task
    if restarted:  # 1, 2, 3 in every group: 一.1, 二.1 …
        labels: list[str] = []
        for t in tasks:
            if t.group not in labels:
                labels.append(t.group)
        qualified = []
        for task, n in zip(tasks, numbers):
            group_number, _ = _split_group_label(task.group)
            qualified.append(f"{group_number or labels.index(task.group) + 1}.{n}")
        numbers = qualified
    return numbers


def _task_groups(found: _Found) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    labels: list[str | None] = []
    for task, number in zip(found.tasks, _task_numbers(found.tasks)):
        if not labels or labels[-1] != task.group:
            group_number, group_name = _split_group_label(task.group)
            groups.append({"number": group_number, "name": group_name or "重点任务", "tasks": []})
            labels.append(task.group)
        goals = [
            {"text": row.goal, "units": row.units, "deadline_text": row.deadline}
            for row in task.rows
            if row.goal
        ]
        units: list[str] = []
        for row in task.rows:
            for unit in row.units or []:
                if unit not in units:
                    units.append(unit)
        deadlines = _dedupe([row.deadline for row in task.rows if row.deadline])
        title = task.title or _first_clause(next((row.goal for row in task.rows if row.goal), ""))
        if not title:
            raise PlanSheetError(f"{task.place.at(task.row)}：任务“{number}”没有具体任务，也没有建设目标。")
        groups[-1]["tasks"].append(
            {
                "number": number,
                "title": title,
                "body": None,
                "goals": goals,
                "units": units,
                "deadline_text": deadlines[0] if len(deadlines) == 1 else None,
                "task_force": None,
                "milestones": [],
            }
        )
    return groups


def read_plan(grids: Sequence[WorkbookGrid], *, name: str | None = None) -> dict[str, Any]:
    """A preset document (format 1) from the plan's 指标体系 and 重点任务分工 tables.

    The tables may be in one workbook (two sheets) or in several files. The plan name is
    guessed from the tables' titles unless ``name`` is given. Raises ``PlanSheetError``
    when no table is found or a row cannot be read.
    """
    found = _Found()
    files: list[str] = []
    for grid in grids:
        if grid.file_name not in files:
            files.append(grid.file_name)
        for sheet in grid.sheets:
            if sheet.state != "visible":
                continue
            _read_sheet(sheet, _Place(grid.file_name, sheet.name), found)

    if not found.indicators and not found.tasks:
        where = "、".join(f"“{f}”" for f in files) or "所选文件"
        if found.headers_seen:
            raise PlanSheetError(f"{where}中的指标体系表或重点任务分工表只有表头，没有任何指标或任务。")
        raise PlanSheetError(
            f"在{where}中没有找到指标体系表（表头如“一级指标、序号、二级指标、权重分值、责任部门”）"
            "或重点任务分工表（表头如“重点任务、序号、具体任务、建设目标、责任单位、完成时限”）。"
            "请确认选择的是方案附件的 Excel 文件。"
        )

    titles = found.task_titles + found.indicator_titles
    plan_name = (name or "").strip() or _plan_name(found) or "创新型城市建设方案"
    city = next((c for c in map(_city, titles) if c), None) or _city(plan_name)
    return {
        "format": 1,
        "preset": None,
        "seed": "、".join(files) or None,
        "plan": {
            "name": plan_name,
            "doc_number": None,
            "issuer": None,
            "issue_date": None,
            "city": city,
            "base_year": None,
            "target_year": None,
            "reporting_day": None,
            "review_months": [],
            "indicator_notes": list(found.notes),
        },
        "indicator_groups": _indicator_groups(found),
        "task_groups": _task_groups(found),
        "task_forces": [],
        "leading_groups": [],
    }
