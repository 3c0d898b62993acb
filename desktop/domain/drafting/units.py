"""Responsible units: （责任单位：…）, （责任部门：…）, 〔责任单位：…〕, 牵头单位/配合单位.

Also the unlabelled forms: 〔A牵头，B、C配合〕 in any bracket, 由A牵头，B、C按职责分工负责, a
bare list closing an item, "（县科技局、县财政局）", and a sentence of running text that only names
who is responsible ("A牵头，B、C按职责分工负责。", "A、B、C负责。"), read only when every name looks
like a unit. 责任分工：A牵头，B配合 is a label like 责任单位：. In a list, "A（牵头）" marks the lead (it goes
first), and "市市场监管局（市知识产权局）" is one unit with its other name in brackets.

The clause is found on the whitespace-free text (PDF breaks split it: "（责\\n任部门："),
its brackets are matched so 各县（市、区）政府 stays one name, and the list is split by the
shared rules of ``desktop.domain.unit_names``. The names stay as written; the unit list
passed in (a ``UnitDirectory``) only says which known unit each one is — unknown names
are kept and flagged, never dropped or guessed.
"""

from __future__ import annotations

import re

from desktop.domain._text import CLOSING_BRACKETS, OPENING_BRACKETS, bracket_partner
from desktop.domain.drafting.model import UnitClause, UnitRef
from desktop.domain.unit_names import UnitDirectory, split_unit_list

_OPEN = OPENING_BRACKETS
_CLOSE = CLOSING_BRACKETS
# 责任单位： / 牵头部门： / 主要责任单位： / 协同配合单位： / 牵头科室(单位)： / 配合处室： / 牵头股室：
_LABEL = re.compile(
    r"((?:主要|协同|其他)?(?:责任|牵头|配合|参与|协同|协办|主办|承办)(?:单位|部门|科室|处室|股室)(?:[（(](?:单位|部门|科室|处室|股室)[）)])?"
    r"|责任分工)\s*[:：]"
)
# Labels that end a unit list without naming units: a person (责任领导：张三) or a date
# (完成时限：…) written on the next line of a task-division layout.
_STOP_LABEL = re.compile(
    r"(?:责任领导|分管领导|牵头领导|包抓领导|责任人|联系人|完成时限|完成时间|完成期限|时间节点|时限要求|进度安排)\s*[:：]"
)


def _role(label: str) -> str:
    """The role a label gives its units: 协同配合 → cooperating, 主要责任 → responsible."""
    if re.search(r"配合|参与|协同|协办", label):
        return "cooperating"
    if re.search(r"牵头|主办", label):
        return "lead"
    return "responsible"


# "（市科技局牵头，市财政局、市统计局配合）", "（市科技局负责）" at the end of an item
_UNIT_WORD = r"[\u4e00-\u9fa5（）()、，,]{2,120}?"
# "〔市科技局牵头，市农业农村局、各县（市、区）政府配合〕", "【…牵头，…配合】" as well
_BRACKET_LED = re.compile(
    rf"[（(〔【](?:({_UNIT_WORD})牵头(?:[，,；;]({_UNIT_WORD})(?:等)?(?:配合|参与|协同|协助|按职责分工负责|按职责负责|分别负责))?"
    rf"|({_UNIT_WORD})(?:按职责)?负责)[）)〕】]"
)
# "由市科技局牵头，市财政局、市统计局配合", "…，市财政局、市统计局按职责分工负责"
_LED_BY = re.compile(
    r"由([^，,。；;由]{2,40}?)牵头(?:[，,、]?([^，,。；;]{2,80}?)(?:等)?(?:配合|参与|协同|协助|按职责分工负责|按职责负责|分别负责))?"
)
# "政策法规科负责…" at the start of an item (the 分工方案 style)
_SUBJECT = re.compile(
    r"^([\u4e00-\u9fa5（）()]{2,20}?(?:科|局|委|办|中心|部|室|政府|管委会|委员会|办公室))(?:牵头)?负责"
)
# "区财政局等区政府有关部门", "等部门": a generic tail after the last named unit
_TRAILING = re.compile(
    r"(?:等[\u4e00-\u9fa5（）()]{0,14}?(?:有关|相关)?(?:部门|单位)|等|按职责分工负责|按职责负责|分别负责|负责)$"
)


def _list_end(text: str, start: int) -> int:
    """Where an unbracketed unit list starting at ``start`` ends.

    A full stop or semicolon ends it, and so does a closing bracket that closes a bracket
    opened before the list ("…（责任单位：市科技局）"); a bracket opened inside the list
    belongs to a name and is read through: "各乡镇（街道）", "各县（市、区）政府".
    """
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return i
            depth -= 1
        elif ch in "。；;" and depth == 0:
            return i
    return len(text)


# What a unit's name ends with (县科技局, 市发展改革委, 县政府办, 市人民政府, 区人民法院, 县科协, 市妇联,
# 区机关事务服务中心, 县委组织部, 省科技厅, 人民银行…支行, 财政处, 政策法规科, 综合室, 高新区管委会 …)
_UNIT_END = re.compile(
    r"(?:局|委|办|府|院|会|中心|部|厅|署|行|处|科|室|协|联|队|所|站|公司|集团|专班|小组|管委会)$"
)
# a date or a standing instruction in a bracket after the units: "（2026年12月底前）", "（持续推进）"
_DATE_BRACKET = re.compile(
    r"^(?:完成时限|完成时间|时间节点|时限)?[:：]?(?:\d{4}年|每年|每季度|每月|年底|(?:全年)?持续推进|长期坚持|常态化推进|长期)"
)


def looks_like_unit(name: str, directory: UnitDirectory | None = None) -> bool:
    """Whether a bare name reads as a body that can be made responsible: 县科技局, 各乡镇（街道）.

    The name without its inner brackets starts with 各 (各县（市、区）政府, 各街道办事处) or ends
    with the word of a body (局, 委, 办, 中心, 政府, 管委会 …) and holds no figure; a name the unit
    list knows counts too. A short word such as 试行 or 暂行 does not.
    """
    core = re.sub(r"[（(][^（）()]*[）)]", "", name)
    if not core or re.search(r"[\d%％。：:]", core) or len(name) > 40:
        return False
    if directory is not None and directory.resolve(name).name is not None:
        return True
    if re.match(r"(?:含|包括|包含|不含|如|例如|即|主要|重点|其中|以及|涵盖|覆盖)", core):
        return False  # "（含企业研发中心）": a remark on the words before it
    if core.startswith("各") and len(core) >= 3:
        return True
    return len(core) >= 3 and _UNIT_END.search(core) is not None


def _led_and_cooperating(lead: str, cooperating: str | None, directory: UnitDirectory | None) -> list[UnitRef]:
    """The units of "A牵头，B、C配合": the lead list first, then the cooperating one."""
    refs = [resolve(n, "lead", directory) for n in _split(lead, directory)]
    if cooperating:
        refs += [resolve(n, "cooperating", directory) for n in _split(cooperating, directory)]
    return refs


def trailing_unit_list(text: str, directory: UnitDirectory | None = None) -> UnitClause | None:
    """An unlabelled unit list closing an item: "…八家。（县科技局、县工业和信息化局、县税务局）".

    Read only from the last bracket of the item (a bracket with a date after it is passed
    over: "（市科技局、市财政局）（2026年底前）"), and only when every name in it looks like a
    unit — so "（试行）", "（2026—2028年）" or "院士（专家）工作站" are never read as units.
    """
    end = len(text.rstrip(" 。；;，,"))
    for _ in range(3):
        if end == 0 or text[end - 1] not in _CLOSE:
            return None
        start = bracket_partner(text, end - 1, limit=400)
        if start is None:
            return None
        inner = text[start + 1 : end - 1]
        if _DATE_BRACKET.match(inner):
            end = len(text[:start].rstrip(" 。；;，,"))
            continue
        names = _split(inner, directory)
        if not names or not all(looks_like_unit(n, directory) for n in names):
            return None
        if start == 0 or _LABEL.search(inner):
            return None
        refs = tuple(resolve(n, "responsible", directory) for n in names)
        return UnitClause("责任单位", refs, text[start:end], 0.75)
    return None


def resolve(written: str, role: str, directory: UnitDirectory | None) -> UnitRef:
    if directory is None:
        return UnitRef(written, None, role, "unresolved")
    res = directory.resolve(written)
    return UnitRef(written, res.name, role, res.how)


# A remark written inside the unit bracket: "列第一位者为牵头单位，下同", "排名第一的为牵头部门",
# "（以下均需各区县政府落实，不再列出）" — a note on the list, not a unit
_REMARK = re.compile(
    r"^(?:[\u4e00-\u9fa5]{0,6}(?:第一位|第一个|首位|第一)[\u4e00-\u9fa5]{0,4}(?:为|是)[\u4e00-\u9fa5]{0,4}(?:牵头|主要责任|主责)"
    r"[\u4e00-\u9fa5]{0,4}|(?:以下|下)(?:同|略)|不再(?:一一)?列出|[\u4e00-\u9fa5]{0,8}不再列出)$"
)


# "县工业和信息化局（牵头）": the lead marked inside a list of units
_LEAD_MARK = re.compile(r"[（(](?:牵头|牵头单位|牵头部门|主责|主办)[）)]$")
# "市市场监管局（市知识产权局）": a unit with its other name in brackets
_ALIAS = re.compile(r"^(?P<name>[^（）()]+)[（(](?P<alias>[^（）()]+)[）)]$")


def _split(text: str, directory: UnitDirectory | None) -> list[str]:
    """The names of a unit list, as written, the lead first.

    A name marked "（牵头）" is the lead: it goes first and loses the marker, the others keep
    their order. A bracket after a name that is itself the name of a body ("市市场监管局（市知识
    产权局）") gives the same unit's other name: one unit, named before the bracket. A bracket that
    is part of the name stays ("各乡镇（街道）", "各县（市、区）政府").
    """
    # a full stop ends the list: what follows it in the bracket is a remark ("。列第一位者为牵头单位")
    text = text.split("。", 1)[0]
    names = directory.split_unit_list(text) if directory is not None else split_unit_list(text)
    out = []
    lead = None
    for name in names:
        name = _TRAILING.sub("", name).strip("。；;，,：:")
        marked = _LEAD_MARK.search(name)
        if marked is not None:
            name = name[: marked.start()]
        alias = _ALIAS.match(name)
        if (
            alias is not None
            and _looks_like_body(alias.group("name"), directory)
            and _looks_like_body(alias.group("alias"), directory)
        ):
            name = alias.group("name")
        if name and _REMARK.match(name) is None and name not in out:
            out.append(name)
            if marked is not None and lead is None:
                lead = name
    if lead is not None:
        out.remove(lead)
        out.insert(0, lead)
    return out


def _looks_like_body(name: str, directory: UnitDirectory | None) -> bool:
    """A whole unit name on its own (not 街道 or 市、区 inside a name)."""
    return looks_like_unit(name, directory) and not name.startswith("各") and "、" not in name


def _labelled(body: str, directory: UnitDirectory | None) -> list[UnitRef]:
    """Units of a clause body that may hold several labels (牵头单位：…；配合单位：…)."""
    refs: list[UnitRef] = []
    matches = list(_LABEL.finditer(body))
    if not matches:
        return refs
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        stop = _STOP_LABEL.search(body, m.end(), end)
        if stop is not None:
            end = stop.start()
        role = _role(m.group(1))
        segment = body[m.end() : end]
        led = _LED_SEGMENT.match(segment.rstrip("。；;，, "))
        if led is not None:
            # "责任分工：县科技局牵头，县财政局、县税务局按职责分工负责"
            refs += _led_and_cooperating(led.group(1), led.group(2), directory)
            continue
        names = _split(segment, directory)
        marked = re.search(_LEAD_MARK.pattern.rstrip("$"), segment) is not None
        for k, name in enumerate(names):
            refs.append(resolve(name, "lead" if marked and k == 0 else role, directory))
    return refs


# the body of a label: "A牵头，B、C配合" / "A牵头，B、C按职责分工负责"
_LED_SEGMENT = re.compile(
    r"^([^，,。；;]{2,60}?)牵头(?:[，,；;]([^。；;]{2,120}?)(?:等)?(?:配合|参与|协同|协助|按职责分工负责|按职责负责|分别负责|负责))?$"
)
# a whole sentence of running text that assigns the item: "市科技局牵头，市市场监管局、市司法局按职责
# 分工负责。" (without 由), "市教育局、市科技局、市财政局负责。"
_ASSIGN_SENTENCE = re.compile(
    r"^(?:由)?(?P<lead>[^，,。；;由]{2,60}?)牵头(?:[，,](?P<others>[^。；;]{2,120}?)(?:等)?(?:配合|参与|协同|协助|按职责分工负责|按职责负责|分别负责|负责))?$"
    r"|^(?:由)?(?P<all>[^，,。；;由]{2,120}?)(?:共同|按职责分工|按职责|分别)?负责$"
)


def _assignment_sentence(text: str, directory: UnitDirectory | None) -> UnitClause | None:
    """A sentence of the item that only names who is responsible, every name a unit.

    Read from the last sentences of the item backwards, so a sentence such as "由市科技局负责
    解释" (which does not end in 负责) or a remark with other words is never read as units.
    """
    parts = [p for p in re.split(r"(?<=[。；;])", text) if p.strip()]
    for part in reversed(parts[-3:]):
        m = _ASSIGN_SENTENCE.match(part.strip().rstrip("。；;"))
        if m is None:
            continue
        if m.group("all"):
            names = _split(m.group("all"), directory)
            if names and all(looks_like_unit(n, directory) for n in names):
                refs = tuple(resolve(n, "responsible", directory) for n in names)
                return UnitClause("负责", refs, part.strip(), 0.7)
            continue
        leads = _split(m.group("lead"), directory)
        others = _split(m.group("others"), directory) if m.group("others") else []
        if leads and all(looks_like_unit(n, directory) for n in leads + others):
            refs = tuple([resolve(n, "lead", directory) for n in leads]
                         + [resolve(n, "cooperating", directory) for n in others])
            return UnitClause("牵头", refs, part.strip(), 0.7)
    return None


def find_unit_clauses(text: str, directory: UnitDirectory | None = None) -> list[UnitClause]:
    """Every responsibility clause in ``text`` (whitespace-free), in order."""
    clauses: list[UnitClause] = []
    taken: list[tuple[int, int]] = []
    m: re.Match[str] | None
    for m in _LABEL.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        # bracketed: the label follows an opening bracket (possibly "（一）" style noise before it)
        open_pos = m.start() - 1
        if open_pos >= 0 and text[open_pos] in _OPEN:
            close = bracket_partner(text, open_pos, limit=400)
            confidence = 0.95
            if close is None:
                # the closing bracket fell off: read to the sentence end
                stop = re.search(r"[。；;]", text[m.end() :])
                close = m.end() + stop.start() if stop else len(text)
                confidence = 0.75
            body = text[m.start() : close]
            span = (open_pos, close + 1)
        else:
            close = _list_end(text, m.end())
            other = _STOP_LABEL.search(text, m.end(), close)
            if other is not None:
                close = other.start()
            body = text[m.start() : close]
            span = (m.start(), close)
            confidence = 0.85
        refs = _labelled(body, directory)
        if not refs:
            continue
        taken.append(span)
        clauses.append(UnitClause(m.group(1), tuple(refs), text[span[0] : span[1]], confidence))
    if clauses:
        return clauses

    m = _BRACKET_LED.search(text)
    if m is not None:
        if m.group(3):
            refs = [resolve(n, "responsible", directory) for n in _split(m.group(3), directory)]
        else:
            refs = _led_and_cooperating(m.group(1), m.group(2), directory)
        if refs:
            clauses.append(UnitClause("牵头" if not m.group(3) else "负责", tuple(refs), m.group(0), 0.85))
            return clauses

    trailing = trailing_unit_list(text, directory)
    if trailing is not None:
        return [trailing]

    m = _LED_BY.search(text)
    if m is not None:
        refs = _led_and_cooperating(m.group(1), m.group(2), directory)
        if refs:
            clauses.append(UnitClause("牵头", tuple(refs), m.group(0), 0.7))
            return clauses

    found = _assignment_sentence(text, directory)
    if found is not None:
        return [found]

    m = _SUBJECT.match(text)
    if m is not None:
        refs = [resolve(n, "responsible", directory) for n in _split(m.group(1), directory)]
        if refs:
            clauses.append(UnitClause("负责", tuple(refs), m.group(0), 0.65))
    return clauses


def strip_unit_clauses(text: str, clauses: list[UnitClause]) -> str:
    """``text`` without its bracketed responsibility clauses (for the task body)."""
    for c in clauses:
        if c.source and c.source[0] in _OPEN:
            text = text.replace(c.source, "")
    return text.strip()
