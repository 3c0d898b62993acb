"""Putting the rules together: text in, a ``Draft`` out.

Which numbered items are tasks:

* an item that carries its own responsibility clause (责任单位：…) — wherever it stands,
  so a 保障措施 item with a 责任部门 is a task too; or
* a part whose items name no units, closed by one responsibility line for the whole part
  (（一）… （1）… （2）… 责任分工：A牵头，B配合): the part is the task, its heading the title;
* an item with no sub-items inside a section whose heading names tasks (重点任务, 主要任务,
  工作任务, 工作计划, 工作要点 …);
* when neither finds anything: the items of a numbered list that read as instructions
  (1、全力争取… 2、做好…), outside the goals, principles, support and past parts
  (low confidence, noted).

Nothing is taken from a part about the past (现实基础, “十三五”期间 …): neither tasks nor
targets. Rows of a task table flattened to lines ("33 任务…。 区科技局 …") are read as
numbered tasks with their units and deadline (tables.numbered_rows).

A task's group is its parent heading, or the grandparent when the parent is only a label
such as 工作任务. Task numbers are written as in the document; where they restart in every
group, or a few tasks are numbered in another style than the rest, the group's number is
put in front (一.1, 三.二). When an attachment divides the tasks in a table with its own
serial numbers (附件 重点任务分工), those numbers and the table's 完成时限 are used.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import replace

from desktop.domain.deadlines import parse_deadline
from desktop.domain.drafting.meta import ORG_LINE, annual_year, read_meta
from desktop.domain.drafting.model import (
    Draft,
    DraftDeadline,
    DraftGroup,
    DraftIndicator,
    DraftTask,
    NumericTarget,
    Section,
    TableGoal,
    TextTable,
    UnitRef,
)
from desktop.domain.drafting.structure import build_sections, find_headings, heading_candidate, heading_title, walk
from desktop.domain.drafting.tables import (
    DivisionRow,
    division_rows,
    indicator_table_targets,
    line_indicator_tables,
    numbered_rows,
    tab_tables,
)
from desktop.domain.drafting.targets import TargetContext, find_targets
from desktop.domain.drafting.text import Line, document_lines, sentences, split_attachments
from desktop.domain.drafting.units import find_unit_clauses, strip_unit_clauses
from desktop.domain.unit_names import UnitDirectory, split_unit_list

TASK_SECTION = re.compile(r"重点任务|主要任务|工作任务|重点工作|任务分工|主要工作|具体任务|工作计划|工作要点|重点举措|主要举措")
GENERIC_LABEL = re.compile(r"^(?:工作任务|重点任务|主要任务|具体任务|任务|工作内容|主要内容)[:：]?$")
HEADLINE_SECTION = re.compile(r"总体要求|发展目标|主要目标|总体目标|具体目标|目标任务|工作目标|预期目标")
REPORT_TITLE = re.compile(r"评估|总结|(?<!政府工作)报告|情况汇报|自查|调研")
# A part that describes the past (现实基础, “十三五”期间 …): its figures are results, not targets,
# and its numbered items are achievements, not tasks.
PAST_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+是)?(?:“?十[一二三四五六七八九]{1,2}五”?(?:时期|期间|以来)?|近年来|近五年|过去五年|"
    r"过去(?:的)?一年|一年来|上(?:一)?年度?|去年|\d{4}年度?)?的?"
    r"(?:现实基础|发展基础|工作基础|基础条件|发展现状|现状|基本情况|回顾|发展回顾|工作回顾|"
    r"主要成效|取得成效|工作成效|发展成就|主要成绩|工作成绩|进展情况|工作进展|工作总结|发展形势|面临形势|形势分析|发展环境|"
    r"“?十[一二三]五”?(?:期间|以来|时期)|\d{4}年(?:工作)?(?:总结|回顾|工作情况|主要工作完成情况))"
)
# The title of a numbered item that reads as an instruction: 加强…, 全力争取…, 做好…
IMPERATIVE = re.compile(
    r"^(?:全力|积极|大力|加快|着力|切实|进一步|持续|深入|全面|努力|主动|不断|认真|扎实|稳步|统筹|力争|重点|协同)*"
    r"(?:争取|围绕|培育|完成|做好|加强|推进|推动|实施|开展|建设|打造|完善|健全|深化|强化|提升|提高|优化|落实|组织|"
    r"建立|构建|促进|支持|引导|发展|创建|培养|引进|实现|抓好|办好|聚焦|坚持|加快|扩大|用好|发挥|营造|谋划|启动|"
    r"设立|服务|保障|做强|做优|壮大|夯实|搭建|探索|规范|提速|激发|深耕|拓展|布局|筹备|召开|举办|申报|兑现|落细)"
)
# parts whose items are means or principles, not tasks, unless they name a responsible unit
SUPPORT_SECTION = re.compile(r"保障措施|组织保障|保障机制|组织实施|工作要求|有关要求|指导思想|基本原则|工作原则|总体思路")
DEADLINE_SECTION = re.compile(r"^(?:完成时限|完成时间|时间安排|时间节点|时限要求)")
_DATED = re.compile(
    r"\d{4}年\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:前|之前|完成)?|\d{4}年(?:底|年底|末|上半年|下半年)(?:前|之前)?"
    r"|每年\d{1,2}月(?:底|末)?(?:前)?"
)
# "（持续推进）", "（完成时限：持续推进）" (a task-table row), "〔长期坚持〕"
_ONGOING_BRACKETED = re.compile(
    r"[（(〔【](?:(?:完成时限|完成时间|完成期限|时间节点|时限要求)[:：])?((?:全年)?持续推进|长期坚持|常态化推进|长期)[）)〕】]"
)


def extract_draft(text: str, directory: UnitDirectory | None = None) -> Draft:
    """Draft a plan from the text of a policy document.

    ``directory`` resolves unit names (市发改委 → 市发展改革委); without it units stay
    unresolved. Pure: no files, no database.
    """
    all_lines = document_lines(text)
    # indicator tables written as text lines: their rows are read by column, not as sentences
    line_tables = line_indicator_tables(all_lines)
    in_tables = {index for _, _, used in line_tables for index in used}
    all_lines = [ln for ln in all_lines if ln.index not in in_tables]
    body_all, attachments = split_attachments(all_lines)
    body_all = numbered_rows(body_all)
    body = [ln for ln in body_all if not ln.numeric and not ln.cell]
    body = body[: _signature_at(body)]
    headings = find_headings(body)
    sections = build_sections(body, headings)
    first = headings[0].line if headings else len(body)
    body_text = "".join(ln.text for ln in body)
    meta = read_meta(body_all, _index_in(body_all, body, first), body_text)
    typical = statistics.median([len(ln.text) for ln in body]) if body else 30
    warnings: list[str] = []

    plan_year = meta.target_year.value if isinstance(meta.target_year.value, int) else None
    title_text = str(meta.name.source or meta.name.value or "")
    report = REPORT_TITLE.search(title_text) is not None
    issue_year = meta.issue_date.value.year if meta.issue_date.value is not None else None  # type: ignore[union-attr]

    tables: list[TextTable] = []
    table_targets: list[NumericTarget] = []
    for table in tab_tables(text):
        read = indicator_table_targets(table)
        if read is not None:
            tables.append(read[0])
            table_targets.extend(read[1])
    for table, found_targets, _ in line_tables:
        tables.append(table)
        # a bare year column before the document's year holds past figures
        table_targets.extend(t for t in found_targets if issue_year is None or t.year is None or t.year >= issue_year)
    division: list[DivisionRow] = []
    for label, lines in attachments:
        found = division_rows(label, lines)
        if found is not None:
            tables.append(found[0])
            division = found[1]

    raw_tasks = _find_tasks(sections, typical, directory, plan_year)
    body_found = bool(raw_tasks)
    task_sections: list[Section] = []  # the parts of attachments that give the tasks
    for label, lines in attachments:
        if any(t.label == label for t in tables):
            continue
        # a flattened task table in an attachment gives the tasks only when the body has
        # none (else it restates them)
        a_lines = lines if body_found else numbered_rows(lines)
        a_body = [ln for ln in a_lines if not ln.numeric and not ln.cell]
        a_sections = build_sections(a_body, find_headings(a_body))
        name = _attachment_title(a_body) or label
        found_tasks = _find_tasks(a_sections, typical, directory, plan_year, clause_only=True, fallback_group=name)
        if found_tasks and not body_found:
            task_sections += a_sections  # their figures are the tasks' targets
        raw_tasks += found_tasks
    if not raw_tasks:
        raw_tasks = _find_tasks(sections, typical, directory, plan_year, imperative=True)
    tasks = _number_tasks(raw_tasks)
    if division:
        tasks = _apply_division(tasks, division, plan_year, warnings, directory)

    task_of_section = {id(raw.section): task for raw, task in zip(raw_tasks, tasks)}
    annual = annual_year(title_text) is not None and (plan_year is None or plan_year == annual_year(title_text))
    preamble = "".join(ln.text for ln in body[:first])
    indicators = _indicators(sections + task_sections, task_of_section, table_targets, plan_year, issue_year, report, preamble, annual)
    by_task: dict[str, list[NumericTarget]] = {}
    for ind in indicators:
        for target in ind.targets:
            if target.task_number is not None:
                by_task.setdefault(target.task_number, []).append(target)
    tasks = [_replace(t, targets=tuple(by_task.get(t.number, ()))) for t in tasks]
    groups = _group(tasks)

    if meta.doc_number.value is None:
        warnings.append("未找到文号。")
    if not tasks:
        warnings.append("未识别出带编号的重点任务。")
    unknown = sorted({u.written for t in tasks for u in t.units if not u.known and directory is not None})
    if unknown:
        warnings.append("以下单位不在单位名单中：" + "、".join(unknown))
    return Draft(meta, groups, tuple(indicators), tuple(tables), tuple(warnings))


_SIGN_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _signature_at(lines: list[Line]) -> int:
    """Where the closing signature (organisation line, then date line) starts, after the first heading."""
    seen_heading = False
    for i, ln in enumerate(lines):
        if not seen_heading:
            seen_heading = heading_candidate(ln.text) is not None
            continue
        if _SIGN_DATE.match(ln.text) and i > 0 and ORG_LINE.match(lines[i - 1].text):
            return i - 1
    return len(lines)


def _index_in(all_lines: list[Line], body: list[Line], pos: int) -> int:
    if pos >= len(body):
        return len(all_lines)
    target = body[pos].index
    for i, ln in enumerate(all_lines):
        if ln.index == target:
            return i
    return len(all_lines)


# --- tasks ----------------------------------------------------------------------------


class _RawTask:
    def __init__(self, section: Section, group: Section | None, title: str, body: str, units: tuple[UnitRef, ...],
                 deadline: DraftDeadline | None, confidence: float, notes: list[str]) -> None:
        self.section = section
        self.group = group
        self.title = title
        self.body = body
        self.units = units
        self.deadline = deadline
        self.confidence = confidence
        self.notes = notes
        self.number = ""
        self.group_name = ""


def _full_text(section: Section) -> str:
    return section.text + "".join(_full_text(c) for c in section.children)


def _has_clause(section: Section, directory: UnitDirectory | None) -> bool:
    return bool(find_unit_clauses(section.text, directory))


def _descendant_has_clause(section: Section, directory: UnitDirectory | None) -> bool:
    return any(_has_clause(c, directory) or _descendant_has_clause(c, directory) for c in section.children)


def _attachment_title(lines: list[Line]) -> str | None:
    parts: list[str] = []
    for ln in lines[:4]:
        if heading_candidate(ln.text) is not None or len(ln.text) > 40 or ln.text.endswith(("。", "：", ":")):
            break
        parts.append(ln.text)
    return "".join(parts) or None


def _find_tasks(sections: list[Section], typical: float, directory: UnitDirectory | None, plan_year: int | None,
                clause_only: bool = False, fallback_group: str = "重点任务", imperative: bool = False) -> list[_RawTask]:
    """Tasks by clause or task heading; with ``imperative``, the fallback of instruction-like items."""
    by_heading = {s.heading: s for s in walk(sections)}
    if imperative:
        return _imperative_items(sections, by_heading, typical, directory, plan_year, fallback_group)
    out: list[_RawTask] = []

    def visit(section: Section) -> None:
        if _is_past(section):
            return
        own_clause = _has_clause(section, directory)
        deeper = _descendant_has_clause(section, directory)
        in_task_section = any(TASK_SECTION.search(h.title) for h in section.path)
        headline = any(HEADLINE_SECTION.search(h.title) for h in section.path + (section.heading,))
        leaf_task = not section.children and in_task_section and not headline and not DEADLINE_SECTION.match(section.heading.title)
        if clause_only:
            leaf_task = False
        if _part_is_task(section, directory):
            out.append(_make_task(section, by_heading, typical, directory, True, plan_year, fallback_group, part=True))
            return
        if (own_clause and not deeper) or (leaf_task and not own_clause and not deeper):
            out.append(_make_task(section, by_heading, typical, directory, own_clause, plan_year, fallback_group))
            return
        for child in section.children:
            visit(child)

    for s in sections:
        visit(s)
    return out


def _part_is_task(section: Section, directory: UnitDirectory | None) -> bool:
    """Whether a part with items is itself the task: its units close the part, not an item.

    "（一）实施科技企业梯次培育行动 （1）…。（2）…。（3）…。责任分工：县科技局牵头，…负责。": the
    responsibility line after the last item names no item of its own — the items before it
    have no units — so it assigns the whole part, and the items are the task's content. Taken
    when the part has two or more items without sub-items, none but the last names a unit, and
    the last one ends in a labelled (unbracketed) responsibility clause that is a sentence of
    its own.
    """
    items = section.children
    if len(items) < 2 or any(c.children for c in items) or _has_clause(section, directory):
        return False
    if any(_has_clause(c, directory) for c in items[:-1]):
        return False
    text = items[-1].text
    clauses = find_unit_clauses(text, directory)
    if not clauses or clauses[0].source[:1] in "（(〔【[" or not _UNIT_LINE.match(clauses[0].source):
        return False
    pos = text.find(clauses[0].source)
    if pos <= 0 or text[pos - 1] not in "。；;":
        return False
    return "。" not in text[pos:].rstrip("。 ")


# a responsibility line: 责任单位：… / 责任分工：… / 牵头单位：…
_UNIT_LINE = re.compile(r"^(?:主要)?(?:责任|牵头)(?:单位|部门|科室|处室|股室|分工)[:：]")


def _is_past(section: Section) -> bool:
    """A part about the past; "一、发展基础和工作目标" names its goals too and is not one (its
    past-year paragraph is told apart sentence by sentence)."""
    return any(
        PAST_SECTION.search(_first_phrase(h.title)) and not _NAMES_GOALS.search(_first_phrase(h.title))
        for h in section.path + (section.heading,)
    )


# a heading that joins the base to the goals or tasks: 发展基础和工作目标, 现状与主要任务
_NAMES_GOALS = re.compile(r"(?:和|与|及|、)(?:[^和与及、]{0,4})(?:目标|任务|举措|思路)")


def _first_phrase(title: str) -> str:
    return re.split(r"[。，,；;：:（(]", title, maxsplit=1)[0][:24]


def _imperative_items(sections: list[Section], by_heading: dict, typical: float, directory: UnitDirectory | None,
                      plan_year: int | None, fallback_group: str) -> list[_RawTask]:
    """When no part of the document names its tasks: numbered items that read as instructions.

    A work list such as "1、全力争取…。2、做好…。" under no 重点任务 heading (or under no
    heading at all) is still a list of tasks. Taken when at least two items of one list
    have no sub-items and two thirds of them start with an instruction verb; items in
    the goals, the past (现实基础) and the support parts are never taken.
    """
    out: list[_RawTask] = []

    def excluded(section: Section) -> bool:
        hs = section.path + (section.heading,)
        return (
            _is_past(section)
            or any(HEADLINE_SECTION.search(h.title) or SUPPORT_SECTION.search(_first_phrase(h.title)) for h in hs)
            or DEADLINE_SECTION.match(section.heading.title) is not None
        )

    def visit_list(items: list[Section] | tuple[Section, ...]) -> None:
        leaves = [c for c in items if not c.children and not excluded(c)]
        verbs = [c for c in leaves if IMPERATIVE.match(c.heading.title)]
        if len(leaves) >= 2 and len(verbs) * 3 >= len(leaves) * 2:
            for c in leaves:
                task = _make_task(c, by_heading, typical, directory, False, plan_year, fallback_group)
                task.confidence = min(task.confidence, 0.6)
                task.notes.append("不在任务章节中，按条目句式识别为任务")
                out.append(task)
        for c in items:
            if c.children and not excluded(c):
                visit_list(c.children)

    visit_list(sections)
    return out


def _make_task(section: Section, by_heading: dict, typical: float, directory: UnitDirectory | None,
               own_clause: bool, plan_year: int | None, fallback_group: str = "重点任务", part: bool = False) -> _RawTask:
    parent = by_heading.get(section.path[-1]) if section.path else None
    group = parent
    if parent is not None and GENERIC_LABEL.match(heading_title(parent, typical)) and len(parent.path) > 0:
        group = by_heading.get(parent.path[-1], parent)
    text = _full_text(section)
    clauses = find_unit_clauses(text, directory)
    units: list[UnitRef] = []
    for clause in clauses:
        for ref in clause.units:
            if ref.written not in [u.written for u in units]:
                units.append(ref)
    stop = text.find("。")
    title = text[:stop] if stop >= 0 else text
    if part and "。" not in section.text:
        title = section.text  # a part heading without a full stop: the line is the title
    elif stop < 0 and clauses:
        title = strip_unit_clauses(text, clauses)
    title = title.strip().rstrip("，,；;：:")
    body = strip_unit_clauses(text, [c for c in clauses if c.source])
    notes: list[str] = []
    confidence = min((c.confidence for c in clauses), default=0.75) if own_clause else 0.75
    if section.heading.irregular:
        confidence = min(confidence, 0.6)
        notes.append("序号不连续，可能漏掉了一项")
    if len(title) > 60:
        confidence = min(confidence, 0.7)
        notes.append("标题较长，请核对")
    if not units:
        notes.append("未找到责任单位")
    deadline = _task_deadline(text, plan_year) or _group_deadline(group, plan_year)
    task = _RawTask(section, group, title, body if body != title else "", tuple(units), deadline, confidence, notes)
    task.group_name = heading_title(group, typical) if group is not None else fallback_group
    return task


def _dates_the_whole_task(text: str) -> bool:
    """Whether a date in the task's text is the deadline of the whole task.

    "完成时限：2025年12月底前" (or the date closing a bracket or the item) is; a date that
    dates one action ("2024年12月底前建立制度，持续推进", "2025年6月底前完成摸底") or opens one
    clause ("2025年6月底前，遴选…") is not, and the task's other targets keep the plan's year.
    A task with no date of its own (a yearly or group deadline) keeps its deadline.
    """
    dated = list(_DATED.finditer(text))
    return not dated or any(m.end() == len(text) or text[m.end()] in "）)〕】]。；;" for m in dated)


def _task_deadline(text: str, plan_year: int | None) -> DraftDeadline | None:
    found = [m.group(0) for m in _DATED.finditer(text)]
    ongoing = _ONGOING_BRACKETED.search(text)
    if not found and ongoing is None:
        return None
    phrase = "、".join(found + ([ongoing.group(1)] if ongoing else []))
    dl = parse_deadline(phrase, plan_year)
    if dl is None:
        return None
    source = ""
    phrases = found or ([ongoing.group(1)] if ongoing is not None else [])
    for m in re.finditer(r"[^。；]*(?:" + "|".join(re.escape(f) for f in phrases) + r")[^。；]*[。；]?", text):
        source = m.group(0)
        break
    return DraftDeadline(phrase, dl.date, dl.ongoing, dl.yearly, source or phrase, 0.8 if found else 0.7)


def _group_deadline(group: Section | None, plan_year: int | None) -> DraftDeadline | None:
    if group is None:
        return None
    for child in group.children:
        if DEADLINE_SECTION.match(child.heading.title):
            phrase = re.sub(r"^(?:完成时限|完成时间|时间安排|时间节点|时限要求)[:：]?", "", child.text).strip("（）()。 ")
            dl = parse_deadline(phrase, plan_year)
            if dl is not None and (dl.date is not None or dl.ongoing or dl.yearly):
                return DraftDeadline(phrase, dl.date, dl.ongoing, dl.yearly, child.text, 0.8)
    return None


def _own_number(task: _RawTask) -> str:
    h = task.section.heading
    if h.style in ("circled", "shi"):
        return str(h.ordinal)
    return h.number


def _number_tasks(raw: list[_RawTask]) -> list[DraftTask]:
    styles = Counter(t.section.heading.style for t in raw)
    dominant = styles.most_common(1)[0][0] if styles else None
    plain = [_own_number(t) for t in raw]
    dup = {n for n, c in Counter(plain).items() if c > 1}
    # numbering that restarts in any group restarts in all of them: qualify the whole style
    restarting = {t.section.heading.style for t, own in zip(raw, plain) if own in dup}
    out: list[DraftTask] = []
    for t, own in zip(raw, plain):
        qualify = t.section.heading.style in restarting or t.section.heading.style != dominant
        group_number = t.group.heading.number if t.group is not None else None
        number = f"{group_number}.{own}" if qualify and group_number else own
        out.append(
            DraftTask(
                number=number,
                written_number=t.section.heading.number,
                title=t.title,
                body=t.body,
                group_number=group_number,
                group_name=t.group_name,
                units=t.units,
                deadline=t.deadline,
                targets=(),
                goals=(),
                source=t.section.heading.marker + _full_text(t.section),
                confidence=t.confidence,
                notes=tuple(t.notes),
            )
        )
    # numbers must be unique in a plan
    seen: Counter[str] = Counter()
    unique: list[DraftTask] = []
    for task in out:
        seen[task.number] += 1
        if seen[task.number] > 1:
            task = _replace(task, number=f"{task.number}-{seen[task.number]}", confidence=min(task.confidence, 0.5),
                            notes=task.notes + ("序号重复，已加后缀",))
        unique.append(task)
    return unique


def _replace(task: DraftTask, **changes: object) -> DraftTask:
    return replace(task, **changes)  # type: ignore[arg-type]


def _apply_division(tasks: list[DraftTask], rows: list[DivisionRow], plan_year: int | None,
                    warnings: list[str], directory: UnitDirectory | None = None) -> list[DraftTask]:
    """Take serial numbers and deadlines from a task-division table whose rows name the tasks."""
    assigned: dict[int, DivisionRow] = {}
    used: set[str] = set()
    for row in rows:
        best = None
        for i, t in enumerate(tasks):
            if i in assigned or len(t.title) < 2:
                continue
            pos = row.text.find(t.title)
            if pos >= 0 and (best is None or pos < best[0]):
                best = (pos, i)
        if best is not None and row.number not in used:
            assigned[best[1]] = row
            used.add(row.number)
    if len(assigned) < max(2, len(tasks) // 2):
        return tasks
    out = []
    titles = [t.title for t in tasks if len(t.title) >= 2]
    for i, t in enumerate(tasks):
        match = assigned.get(i)
        if match is not None:
            deadline = _table_deadline(match, plan_year, t.title, titles) or t.deadline
            goals = _table_goals(match, t.title, titles, directory)
            out.append(_replace(t, number=match.number, deadline=deadline, goals=goals,
                                confidence=max(t.confidence, 0.9)))
            continue
        prev_n = int(assigned[i - 1].number) if i - 1 in assigned else None
        next_n = int(assigned[i + 1].number) if i + 1 in assigned else None
        if prev_n is not None and next_n is not None and next_n - prev_n == 2:
            number = str(prev_n + 1)
            prev_row = assigned[i - 1]
            deadline = _table_deadline(prev_row, plan_year, t.title, titles) or t.deadline
            goals = _table_goals(prev_row, t.title, titles, directory)
            out.append(_replace(t, number=number, deadline=deadline, goals=goals, confidence=0.6,
                                notes=t.notes + ("分工表中该任务的序号缺失，按前后序号推断",)))
        else:
            out.append(_replace(t, confidence=min(t.confidence, 0.5), notes=t.notes + ("未在分工表中找到",)))
            warnings.append(f"任务“{t.title}”未在分工表中找到，序号沿用正文。")
    return out


_TABLE_HEADER = re.compile(
    r"(?:重点任务|主要任务)?序号(?:具体任务|重点任务|主要任务|工作任务)(?:建设目标|工作目标|目标任务)?"
    r"(?:责任单位|责任部门|牵头单位)(?:完成时限|时间节点|完成时间)?"
)


def _segment(row: DivisionRow, title: str, titles: list[str]) -> str:
    """The part of a run that belongs to the task titled ``title``."""
    start = max(row.text.find(title), 0)
    later = [p for p in (row.text.find(x, start + 1) for x in titles if x != title) if p > start]
    return row.text[start : min(later, default=len(row.text))]


def _table_goals(row: DivisionRow, title: str, titles: list[str], directory: UnitDirectory | None) -> tuple[TableGoal, ...]:
    """The 建设目标 rows of a task: text up to its full stop, then its units, then its 完成时限.

    Rows whose goal has no full stop cannot be told from their units in flattened text;
    they are left out (the task's notes say so) rather than guessed.
    """
    segment = _TABLE_HEADER.sub("", _segment(row, title, titles))
    if segment.startswith(title):
        segment = segment[len(title) :]
    goals: list[TableGoal] = []
    pos = 0
    for written in row.deadline_texts:
        squeezed = re.sub(r"\s", "", written)
        at = segment.find(squeezed, pos)
        if at < 0:
            continue
        piece = segment[pos:at]
        pos = at + len(squeezed)
        stop = piece.rfind("。")
        if stop < 0:
            continue
        units_text = piece[stop + 1 :]
        names = directory.split_unit_list(units_text) if directory is not None else split_unit_list(units_text)
        goals.append(TableGoal(piece[: stop + 1], tuple(names), written))
    return tuple(goals)


def _table_deadline(row: DivisionRow, plan_year: int | None, title: str, titles: list[str]) -> DraftDeadline | None:
    """The latest 完成时限 written between this task's title and the next task's title in the run.

    A task whose serial number fell off at a page break shares the run of the previous one,
    so each task only takes the deadlines written after its own title.
    """
    start = max(row.text.find(title), 0)
    later = [p for p in (row.text.find(x, start + 1) for x in titles if x != title) if p > start]
    end = min(later, default=len(row.text))
    texts = [d for d in row.deadline_texts if start <= row.text.find(re.sub(r"\s", "", d), start) < end]
    best = None
    for text in texts:
        dl = parse_deadline(text, plan_year)
        if dl is None:
            continue
        if best is None or (dl.date and best[1].date and dl.date > best[1].date):
            best = (text, dl)
    if best is None:
        return None
    text, dl = best
    return DraftDeadline(text, dl.date, dl.ongoing, dl.yearly, row.text[:200], 0.85)


def _group(tasks: list[DraftTask]) -> tuple[DraftGroup, ...]:
    groups: list[DraftGroup] = []
    for t in tasks:
        if groups and groups[-1].name == t.group_name and groups[-1].number == t.group_number:
            last = groups[-1]
            groups[-1] = DraftGroup(last.number, last.name, last.tasks + (t,))
        else:
            groups.append(DraftGroup(t.group_number, t.group_name, (t,)))
    return tuple(groups)


# --- targets --------------------------------------------------------------------------


def _indicators(sections: list[Section], task_of_section: dict[int, DraftTask], table_targets: list[NumericTarget],
                plan_year: int | None, issue_year: int | None, report: bool, preamble: str = "",
                annual: bool = False) -> list[DraftIndicator]:
    """Targets of every part, and of the text before the first heading.

    The opening text counts too: a short plan or a published answer often states its
    goals ("到2025年，全区高新技术企业突破75家") with no numbered heading at all. A part
    about the past (现实基础, “十三五”期间 …) gives none: its figures are results.
    """
    found: list[tuple[str, NumericTarget]] = []
    if preamble:
        ctx = TargetContext(plan_year, None, issue_year, None, report, annual)
        for target in find_targets(preamble, ctx):
            found.append(("主要目标", target))

    def visit(section: Section, current: DraftTask | None, group_deadline: int | None, whole: bool = True) -> None:
        if _is_past(section):
            return
        task = task_of_section.get(id(section), current)
        if id(section) in task_of_section:
            whole = _dates_the_whole_task(_full_text(section))
        for child in section.children:
            if DEADLINE_SECTION.match(child.heading.title):
                dl = parse_deadline(child.text, plan_year)
                if dl is not None and dl.date is not None:
                    group_deadline = dl.date.year
        deadline_year = None
        if task is not None and task.deadline is not None and task.deadline.date is not None and whole:
            deadline_year = task.deadline.date.year
        elif group_deadline is not None:
            deadline_year = group_deadline
        ctx = TargetContext(plan_year, deadline_year, issue_year, task.number if task else None, report, annual)
        headline = any(HEADLINE_SECTION.search(h.title) for h in section.path + (section.heading,))
        if task is not None:
            group = "重点任务目标"
        elif headline and not HEADLINE_SECTION.search(section.heading.title):
            group = section.heading.title.split("。")[0]  # a sub-heading of the goals: （1）科技创新能力全面提升
        elif headline:
            group = _headline_group(section)
        else:
            group = "其他目标"
        labels = _lead_phrases(section.text) if headline else []
        for target in find_targets(section.text, ctx):
            at = section.text.find(target.source)
            label = next((name for pos, name in reversed(labels) if pos <= at), None)
            found.append((label or group, target))
        for child in section.children:
            visit(child, task, group_deadline, whole)

    for s in sections:
        visit(s, None, None)
    for target in table_targets:
        found.append(("主要指标", target))
    return _merge(found)


def _lead_phrases(text: str) -> list[tuple[int, str]]:
    """Short sentences without numbers that head a run of targets ("创新指标争先进位。")."""
    out = []
    for start, end in sentences(text):
        sentence = text[start:end].strip()
        body = sentence.rstrip("。；;")
        if sentence.endswith("。") and 2 <= len(body) <= 12 and not re.search(r"\d", body):
            out.append((start, body))
    return out


def _headline_group(section: Section) -> str:
    for h in reversed(section.path + (section.heading,)):
        if HEADLINE_SECTION.search(h.title):
            return h.title.rstrip("。：:")
    return "主要目标"


def _common(a: str, b: str, size: int = 4) -> bool:
    return any(a[i : i + size] in b for i in range(len(a) - size + 1))


def _merge(found: list[tuple[str, NumericTarget]]) -> list[DraftIndicator]:
    """One indicator per name stated in one sentence (2019 达到 2.3%，2022 年达到 2.5% → two targets).

    A target restated in the same task or part (same value, unit and year, names sharing
    a word of four characters or more) is kept once, from its first sentence.
    """
    out: list[DraftIndicator] = []
    index: dict[tuple[str, str, str | None], int] = {}
    kept: list[tuple[str, NumericTarget]] = []
    for group, t in found:
        scope = t.task_number or group
        if any(
            s == scope and k.value == t.value and k.unit == t.unit and k.year == t.year and k.source != t.source
            and _common(k.name, t.name)
            for s, k in kept
        ):
            continue
        kept.append((scope, t))
        key = (t.source, t.name, t.unit)
        if key in index:
            i = index[key]
            ind = out[i]
            out[i] = DraftIndicator(ind.group, ind.name, ind.unit, ind.direction, ind.targets + (t,), ind.task_number,
                                    ind.source, min(ind.confidence, t.confidence))
            continue
        index[key] = len(out)
        out.append(DraftIndicator(group, t.name, t.unit, t.direction, (t,), t.task_number, t.source, t.confidence))
    return out


__all__ = ["extract_draft"]
