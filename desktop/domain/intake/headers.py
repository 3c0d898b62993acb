"""What a column (or, in a transposed sheet, a row) heading says the cells below it hold.

Departments head the same column 完成值, 2023年完成, 实际完成, 目前完成数 or just 2023年,
and put next to it columns that must never be read as values (目标, 完成率, 同比, 排名).
``classify_header`` turns one heading text into a ``HeaderMeaning``; ``combine`` merges
the texts of a multi-row header (2023年 over 目标 | 完成) top-down into one meaning per
column. ``find_periods`` reads the periods written in a heading or a title, including
the cumulative ranges of statistical tables (2023年1-6月 = 2023H1).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from desktop.domain._text import squash
from desktop.domain.intake.measure import unit_in_brackets
from desktop.domain.periods import Period, PeriodError


class Role(enum.Enum):
    """What the cells under a heading hold."""

    UNKNOWN = "unknown"
    NAME = "name"  # indicator name
    GROUP = "group"  # 一级指标: a group label, not the name
    NUMBER = "number"  # 序号
    UNIT = "unit"  # 计量单位
    NOTE = "note"  # 备注
    DATA_YEAR = "data_year"  # 数据年份
    VALUE = "value"  # a value: for ``period`` or, when None, for the period of the import
    DERIVED = "derived"  # 目标, 同比, 排名, 完成时限 …: never read
    PERIOD_RANGE = "period_range"  # 2021-2025年累计: no single period, never read
    RESPONSIBLE = "responsible"  # 责任单位: not read here
    TASK = "task"  # 重点任务 / 具体任务
    PROGRESS = "progress"  # 工作进展
    PROBLEMS = "problems"  # 存在问题 / 难点堵点
    NEXT_STEPS = "next_steps"  # 下步计划
    PERCENT = "percent"  # 完成百分比 / 进度 / 完成率 (read only in task sheets)
    STATUS = "status"  # 推进状态


TASK_SIDE_ROLES = frozenset({Role.PROGRESS, Role.PROBLEMS, Role.NEXT_STEPS, Role.PERCENT, Role.STATUS})
"""Roles that only a task-progress sheet has."""


@dataclass(frozen=True)
class HeaderMeaning:
    role: Role
    period: str | None = None  # canonical Period text for VALUE columns with a period
    unit: str | None = None  # unit written in the heading: 完成值（万元）
    yearless: tuple[str, int] | None = None  # 1-6月 / 第二季度 / 6月 without a year: (kind, index)

    def period_in(self, year: int) -> str | None:
        """The period of a year-less heading (1-6月) in ``year``: 2023H1."""
        if self.yearless is None:
            return None
        found = _valid([(year, *self.yearless)])
        return found[0] if found else None


UNKNOWN = HeaderMeaning(Role.UNKNOWN)

# Checked in this order on the heading without brackets; the first group that contains
# one of its words decides. Order matters: 目标任务 is a target, 进展状态 a status,
# 下步计划 next steps although 计划 alone (2023年计划) is a target.
_RESPONSIBLE = (
    "责任单位", "责任部门", "牵头单位", "牵头部门", "配合单位", "配合部门", "责任领导", "责任人", "填报单位", "报送单位", "单位名称",
    "主管部门",
)
_DATA_YEAR = ("数据年份", "数据年度", "统计年度", "数据所属年", "数据年")
_NEXT = ("下步", "下一步", "下阶段", "下月", "下一阶段", "工作打算", "下步打算")
_STATUS = ("状态",)
_PROBLEMS = ("问题", "难点", "堵点", "困难", "瓶颈")
_PERCENT = ("完成百分比", "完成进度", "进度", "完成比例", "百分比", "完成率")
"""A task's progress in %; in an indicator sheet these are derived and never read."""
_DERIVED = (
    "目标",
    "同比",
    "增幅",
    "增速",
    "增长",
    "增减",
    "排名",
    "位次",
    "权重",
    "分值",
    "得分",
    "评分",
    "比上年",
    "较上年",
    "预计",
    "预期",
    "计划",
    "差距",
    "差额",
    "缺口",
    "时限",
    "期限",
    "完成时间",
    "日期",
)
_PROGRESS = ("进展", "推进情况", "工作开展", "落实情况", "工作情况", "开展情况")
_TASK = ("任务", "工作事项", "重点工作", "工作内容", "事项")
_NOTE = ("备注", "说明", "附注")
_NAME = (
    "指标名称", "具体指标", "二级指标", "三级指标", "主要指标", "指标项", "统计指标", "评价指标", "考核指标", "指标", "名称", "项目",
)
_GROUP = ("一级指标", "类别", "分类", "领域")
_NUMBER = ("序号", "编号", "序")
_UNIT = ("单位", "计量单位", "度量单位")
_VALUE = (
    "完成", "实际", "实绩", "数值", "本期", "本月", "当期", "累计", "截至", "截止", "现状", "取值", "数据", "值", "数",
    "情况",
)

_YEAR_RANGE = re.compile(r"(\d{4})年?(?:度)?[-~—–至到](\d{4})")
_PERIOD_TOKEN = re.compile(
    r"""
      (?P<y1>\d{4})年?度?(?P<m1>\d{1,2})月?[-~—–至到](?P<m2>\d{1,2})月        # 2023年1-6月
    | (?P<y2>\d{4})年?(?P<half>[上下])半年                                  # 2023年上半年
    | (?P<y3>\d{4})年?第?(?P<q>[一二三四1-4])季度                            # 2023年第二季度
    | (?P<y4>\d{4})-?[Qq](?P<q2>[1-4])(?!\d)                               # 2023Q2
    | (?P<y5>\d{4})-?[Hh](?P<h2>[12])(?!\d)                                # 2023H1
    | (?P<y6>\d{4})年(?P<m3>\d{1,2}|[一二三四五六七八九十]{1,3})月          # 2023年6月
    | (?P<y7>\d{4})[-./](?P<m4>\d{1,2})(?![\d.])                           # 2023-06
    | (?P<y8>\d{4})(?:年度|年)                                             # 2023年
    """,
    re.VERBOSE,
)
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}
_YEARLESS = re.compile(
    r"""
      (?P<m1>\d{1,2})月?[-~—–至到](?P<m2>\d{1,2})月      # 1-6月
    | (?P<half>[上下])半年                                # 上半年
    | 第?(?P<q>[一二三四1-4])季度                          # 第二季度
    | (?P<m3>\d{1,2}|十[一二]?|[一二三四五六七八九])月(?!底前)   # 6月, 六月
    """,
    re.VERBOSE,
)
_BRACKETS = re.compile(r"[(（\[【〔][^()（）\[\]【】〔〕]*[)）\]】〕]")


def find_periods(text: str) -> tuple[list[str], bool]:
    """The distinct periods written in ``text`` (canonical, in order) and whether it spans years.

    ``2023年1-6月`` is 2023H1, ``1-3月`` Q1, ``4-6月`` Q2, ``1-12月`` the year; any other
    range from January (``1-9月``, year to date) is read as its last month, 2023-09.
    A span of years (``2021-2025年``) returns the flag True: no single period.
    A bare ``2023`` counts only when it is the whole text (a heading cell holding 2023).
    """
    folded = squash(text)
    if _YEAR_RANGE.search(folded):
        return [], True
    if re.fullmatch(r"\d{4}(?:\.0)?", folded):
        return _valid([(int(folded[:4]), "year", 1)]), False
    found: list[tuple[int, str, int]] = []
    for match in _PERIOD_TOKEN.finditer(folded):
        groups = match.groupdict()
        if groups["y1"]:
            first, last = int(groups["m1"]), int(groups["m2"])
            found.append(_month_range(int(groups["y1"]), first, last))
        elif groups["y2"]:
            found.append((int(groups["y2"]), "half", 1 if groups["half"] == "上" else 2))
        elif groups["y3"]:
            quarter = groups["q"]
            found.append((int(groups["y3"]), "quarter", _CN_QUARTER.get(quarter) or int(quarter)))
        elif groups["y4"]:
            found.append((int(groups["y4"]), "quarter", int(groups["q2"])))
        elif groups["y5"]:
            found.append((int(groups["y5"]), "half", int(groups["h2"])))
        elif groups["y6"]:
            found.append((int(groups["y6"]), "month", _month_number(groups["m3"])))
        elif groups["y7"]:
            found.append((int(groups["y7"]), "month", int(groups["m4"])))
        elif groups["y8"]:
            found.append((int(groups["y8"]), "year", 1))
    return _valid(found), False


def find_yearless(text: str) -> tuple[str, int] | None:
    """A period written without its year (``1-6月``, ``上半年``, ``第二季度``, ``6月``) as (kind, index).

    Only when ``text`` names no full period: the year then comes from the import.
    """
    folded = squash(text)
    periods, spans = find_periods(folded)
    if periods or spans:
        return None
    match = _YEARLESS.search(folded)
    if match is None:
        return None
    groups = match.groupdict()
    if groups["m1"]:
        _, kind, index = _month_range(2000, int(groups["m1"]), int(groups["m2"]))
        return (kind, index) if kind != "invalid" else None
    if groups["half"]:
        return "half", 1 if groups["half"] == "上" else 2
    if groups["q"]:
        return "quarter", _CN_QUARTER.get(groups["q"]) or int(groups["q"])
    month = _month_number(groups["m3"])
    return ("month", month) if 1 <= month <= 12 else None


def _month_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    try:
        return Period.parse(f"2000年{text}月").index
    except PeriodError:
        return 0


def _month_range(year: int, first: int, last: int) -> tuple[int, str, int]:
    spans = {(1, 12): ("year", 1), (1, 6): ("half", 1), (7, 12): ("half", 2)}
    if (first, last) in spans:
        kind, index = spans[(first, last)]
        return year, kind, index
    if last - first == 2 and first % 3 == 1:
        return year, "quarter", (first + 2) // 3
    if first == 1 or first == last:
        return year, "month", last
    return year, "invalid", 0


def _valid(found: Sequence[tuple[int, str, int]]) -> list[str]:
    periods: list[str] = []
    for year, kind, index in found:
        text = {"year": f"{year}", "half": f"{year}H{index}", "quarter": f"{year}Q{index}", "month": f"{year}-{index}"}.get(kind)
        if text is None:
            continue
        try:
            canonical = str(Period.parse(text))
        except PeriodError:
            continue
        if canonical not in periods:
            periods.append(canonical)
    return periods


def _contains(text: str, words: Sequence[str]) -> bool:
    return any(word in text for word in words)


@lru_cache(maxsize=4096)
def classify_header(text: str) -> HeaderMeaning:
    """The meaning of one heading text (see ``Role``); UNKNOWN when it says nothing known."""
    folded = squash(text)
    if not folded:
        return UNKNOWN
    unit = unit_in_brackets(folded)
    bare = _BRACKETS.sub("", folded) or folded
    periods, spans_years = find_periods(bare)
    period = periods[0] if len(periods) == 1 else None
    if _contains(bare, _RESPONSIBLE):
        return HeaderMeaning(Role.RESPONSIBLE)
    if _contains(bare, _DATA_YEAR):
        return HeaderMeaning(Role.DATA_YEAR)
    if _contains(bare, _NEXT):
        return HeaderMeaning(Role.NEXT_STEPS)
    if _contains(bare, _STATUS):
        return HeaderMeaning(Role.STATUS)
    if _contains(bare, _PROBLEMS):
        return HeaderMeaning(Role.PROBLEMS)
    if _contains(bare, _PERCENT):
        return HeaderMeaning(Role.PERCENT)
    if _contains(bare, _DERIVED) and not re.search("目标.*完成(?!率)", bare):
        return HeaderMeaning(Role.DERIVED, period)
    if _contains(bare, _PROGRESS):
        return HeaderMeaning(Role.PROGRESS)
    if _contains(bare, _TASK):
        if period is not None or spans_years or re.search("任务(?:数|值|量)", bare):
            return HeaderMeaning(Role.DERIVED)  # 2023年任务, 任务数: the year's target
        return HeaderMeaning(Role.TASK)
    if _contains(bare, _NOTE):
        return HeaderMeaning(Role.NOTE)
    if _contains(bare, _GROUP):
        return HeaderMeaning(Role.GROUP)
    if _contains(bare, _NAME):
        return HeaderMeaning(Role.NAME)
    if bare in _NUMBER or bare.startswith("序号"):
        return HeaderMeaning(Role.NUMBER)
    if bare in _UNIT or (bare.endswith("单位") and len(bare) <= 4):
        return HeaderMeaning(Role.UNIT)
    if spans_years or len(periods) > 1:
        return HeaderMeaning(Role.PERIOD_RANGE)
    yearless = None if period else find_yearless(bare)
    if period is not None or yearless is not None or _contains(bare, _VALUE):
        return HeaderMeaning(Role.VALUE, period, unit, yearless)
    return UNKNOWN


def combine(parts: Sequence[str]) -> HeaderMeaning:
    """One meaning for a column headed by ``parts`` (top row first, repeats removed).

    Any derived part makes the column derived (2023年 | 目标); otherwise the bottom-most
    part with a role decides (2023年 | 完成 is a value). The period is read from the
    parts joined (2023年 | 1-6月 → 2023H1), else from the lowest part that has one; the
    unit from the lowest part that names one.
    """
    meanings = [classify_header(part) for part in parts]
    known = [meaning for meaning in meanings if meaning.role is not Role.UNKNOWN]
    if not known:
        return UNKNOWN
    if any(meaning.role is Role.DERIVED for meaning in known):
        return HeaderMeaning(Role.DERIVED)
    if any(meaning.role is Role.PERIOD_RANGE for meaning in known):
        return HeaderMeaning(Role.PERIOD_RANGE)
    role = known[-1].role
    unit = next((meaning.unit for meaning in reversed(meanings) if meaning.unit), None)
    if role is not Role.VALUE:
        # a NAME/UNIT/NOTE… heading under a period group (2023年 | 备注) keeps its own role
        return HeaderMeaning(role, None, unit)
    joined, spans_years = find_periods(_BRACKETS.sub("", squash("".join(parts))))
    if spans_years:
        return HeaderMeaning(Role.PERIOD_RANGE)
    if len(joined) == 1:
        return HeaderMeaning(Role.VALUE, joined[0], unit)
    period = next((meaning.period for meaning in reversed(known) if meaning.period), None)
    yearless = None if period else next((meaning.yearless for meaning in reversed(known) if meaning.yearless), None)
    return HeaderMeaning(Role.VALUE, period, unit, yearless)
