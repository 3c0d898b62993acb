"""The 进展通报: the facts of one period and the formal Chinese prose that reports them.

The clerk sends a short bulletin with every monthly or quarterly round: how the indicators
stand against 序时进度, which tasks are overdue and with whom, which units have not
reported, and what is asked of the units next. ``compose_bulletin`` writes those
paragraphs from plain facts the services gather, so the same wording appears in the
window, the .docx and the .txt export, and can be tested sentence by sentence.

Paragraphs come in this order: an opening line, then the headed sections
一、总体情况 / 二、指标进展 / 三、任务推进 / 四、报送情况 / 五、下步要求, each heading a
paragraph of its own (the writers set headings in 黑体, see ``is_heading``).

Numbers keep their own decimals (``Decimal('2.50')`` prints as ``2.50``); shares and
ratios computed here are percentages with one decimal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from desktop.domain.evaluation.results import Status, TaskStatus

HEADINGS = ("一、总体情况", "二、指标进展", "三、任务推进", "四、报送情况", "五、下步要求")

_HEADING = re.compile(r"^[一二三四五六七八九十]+、[^，。；：]{1,20}$")
_ORDINALS = "一二三四五六七八九十"
_TITLE_CHARS = 28  # a task title longer than this is cut at a clause or shortened with …
# a space next to a Chinese character, as the documents type 「2019 年 12 月底前」
_CJK_SPACE = re.compile(r"\s+(?=[\u3000-\u9fff\uff00-\uffef])|(?<=[\u3000-\u9fff\uff00-\uffef])\s+")


def is_heading(paragraph: str) -> bool:
    """Whether a paragraph is a section heading (一、总体情况), set in 黑体 by the writers."""
    return bool(_HEADING.match(paragraph))


@dataclass(frozen=True)
class LaggingIndicator:
    """An indicator below its 序时进度 (time-expected value).

    ``gap`` is the shortfall in the indicator's unit, positive; when None it is
    worked out as |expected − actual|. ``units`` are the responsible units, lead first.
    """

    name: str
    actual: Decimal | None
    expected: Decimal | None
    unit: str | None = None
    gap: Decimal | None = None
    status: Status = Status.LAGGING
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class OverdueTask:
    number: str
    title: str
    deadline_text: str | None = None
    days_overdue: int | None = None


@dataclass(frozen=True)
class UnitOverdue:
    """The overdue tasks one lead unit answers for."""

    unit: str
    tasks: tuple[OverdueTask, ...]


@dataclass(frozen=True)
class BulletinFacts:
    """Everything the bulletin states; the services fill it from the evaluation results.

    ``indicator_counts`` / ``task_counts`` map each status to how many indicators / tasks
    have it (missing statuses count 0). ``units_expected`` is how many units owed a report
    this period (None when the plan collects no reports); ``next_due`` is the date by which
    the units not yet reported should make up their report.
    """

    plan_name: str
    period_label: str
    as_of: dt.date
    indicator_counts: Mapping[Status, int] = field(default_factory=dict)
    lagging: tuple[LaggingIndicator, ...] = ()
    task_counts: Mapping[TaskStatus, int] = field(default_factory=dict)
    overdue: tuple[UnitOverdue, ...] = ()
    units_not_reported: tuple[str, ...] = ()
    units_late: tuple[str, ...] = ()
    units_expected: int | None = None
    reporting_day: int | None = None
    next_due: dt.date | None = None


# --- formatting helpers -----------------------------------------------------------------


def format_date(day: dt.date) -> str:
    """2022-06-05 → 2022年6月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_number(value: Decimal) -> str:
    """A figure with exactly its own decimals, never in exponent form (1E+2 → 100)."""
    if value == value.to_integral_value() and value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") and value == 0 else text


def format_percent(ratio: Decimal) -> str:
    """A ratio as a percentage with one decimal: 0.93245 → 93.2%."""
    return f"{(ratio * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def _quantity(value: Decimal, unit: str | None) -> str:
    return f"{format_number(value)}{unit or ''}"


def _gap(value: Decimal, unit: str | None) -> str:
    if unit == "%":
        return f"{format_number(value)}个百分点"
    return _quantity(value, unit)


def _plan_title(name: str) -> str:
    name = name.strip()
    return name if name.startswith("《") else f"《{name}》"


def _join(items: Sequence[str]) -> str:
    return "、".join(items)


def _count_list(pairs: Sequence[tuple[str, int]], measure: str) -> str:
    """「已达标3项、正常2项」, leaving out zero counts."""
    return "、".join(f"{label}{n}{measure}" for label, n in pairs if n)


def tidy(text: str) -> str:
    """Text for running prose: no spaces around Chinese characters (「2019年12月底前」)."""
    return _CJK_SPACE.sub("", text.strip())


def short_title(title: str) -> str:
    """A task title short enough for running text: its first clause, or cut with …"""
    text = tidy(title).rstrip("。；;，,")
    if len(text) <= _TITLE_CHARS:
        return text
    first = re.split(r"[，；。：,;:]", text, maxsplit=1)[0]
    if 4 <= len(first) <= _TITLE_CHARS:
        return first
    return text[: _TITLE_CHARS - 1] + "…"


def _ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if 1 <= n <= len(_ORDINALS) else str(n)


# --- sections ---------------------------------------------------------------------------


def _indicator_total(facts: BulletinFacts) -> int:
    return sum(facts.indicator_counts.values())


def _task_total(facts: BulletinFacts) -> int:
    return sum(facts.task_counts.values())


def _opening(facts: BulletinFacts) -> str:
    return (
        f"为及时掌握{_plan_title(facts.plan_name)}落实情况，现将{facts.period_label}"
        "指标完成和重点任务推进情况通报如下。"
    )


def _overview(facts: BulletinFacts) -> str:
    ind_total = _indicator_total(facts)
    task_total = _task_total(facts)
    counts = facts.indicator_counts
    tasks = facts.task_counts
    parts: list[str] = []
    scope = []
    if ind_total:
        scope.append(f"监测指标{ind_total}项")
    if task_total:
        scope.append(f"重点任务{task_total}项")
    head = f"截至{format_date(facts.as_of)}，"
    if scope:
        head += f"{_plan_title(facts.plan_name)}共{_join(scope)}。"
    else:
        head += f"{_plan_title(facts.plan_name)}尚未设置监测指标和重点任务。"
    parts.append(head)
    if ind_total:
        lag = counts.get(Status.LAGGING, 0) + counts.get(Status.SEVERELY_LAGGING, 0)
        severe = counts.get(Status.SEVERELY_LAGGING, 0)
        lag_label = "滞后于序时进度"
        items = [
            ("已达标", counts.get(Status.REACHED, 0)),
            ("达到序时进度", counts.get(Status.ON_TRACK, 0)),
            (lag_label, lag),
            ("暂无数据", counts.get(Status.NO_DATA, 0)),
        ]
        listing = "、".join(
            f"{label}{n}项" + (f"（其中严重滞后{severe}项）" if label == lag_label and severe else "")
            for label, n in items
            if n
        )
        parts.append(f"指标方面，{listing}。")
    if task_total:
        listing = _count_list(
            [
                ("已完成", tasks.get(TaskStatus.DONE, 0)),
                ("正常推进", tasks.get(TaskStatus.ON_TRACK, 0)),
                ("持续推进", tasks.get(TaskStatus.ONGOING, 0)),
                ("即将到期", tasks.get(TaskStatus.DUE_SOON, 0)),
                ("逾期未完成", tasks.get(TaskStatus.OVERDUE, 0)),
                ("本期未报送进展", tasks.get(TaskStatus.NOT_REPORTED, 0)),
            ],
            "项",
        )
        parts.append(f"任务方面，{listing}。")
    if facts.units_expected:
        missing = len(facts.units_not_reported)
        received = facts.units_expected - missing
        text = f"报送方面，{facts.period_label}应报送单位{facts.units_expected}个，"
        text += f"已报送{received}个，未报送{missing}个。" if missing else "已全部报送。"
        parts.append(text)
    return "".join(parts)


def _describe_lagging(item: LaggingIndicator) -> str:
    if item.actual is None or item.expected is None:
        return f"{item.name}（暂无可比数据）"
    gap = item.gap if item.gap is not None else abs(item.expected - item.actual)
    text = (
        f"{item.name}目前为{_quantity(item.actual, item.unit)}，"
        f"序时进度要求{_quantity(item.expected, item.unit)}，"
        f"相差{_gap(gap, item.unit)}"
    )
    if item.expected > 0 and item.actual >= 0 and item.actual < item.expected:
        text += f"，完成序时进度的{format_percent(item.actual / item.expected)}"
    if item.status is Status.SEVERELY_LAGGING:
        text += "，严重滞后"
    return text


def _indicators(facts: BulletinFacts) -> str:
    total = _indicator_total(facts)
    if not total:
        return "本期无需监测的量化指标。"
    counts = facts.indicator_counts
    reached = counts.get(Status.REACHED, 0)
    on_track = counts.get(Status.ON_TRACK, 0)
    no_data = counts.get(Status.NO_DATA, 0)
    lag_count = counts.get(Status.LAGGING, 0) + counts.get(Status.SEVERELY_LAGGING, 0)
    good = reached + on_track
    reached_note = f"，其中{reached}项已达到目标值" if reached else ""
    lag_shown = max(lag_count, len(facts.lagging))
    if not lag_shown:
        if no_data == total:
            return f"{total}项指标均暂无数据，尚无法判断进度，请责任单位尽快报送。"
        if no_data:
            return (
                f"有数据的{good}项指标均达到序时进度要求{reached_note}；"
                f"另有{no_data}项指标暂无数据，请责任单位尽快报送。"
            )
        return f"所有指标均达到序时进度要求{reached_note}。"
    parts: list[str] = []
    if good:
        parts.append(f"{good}项指标达到或超过序时进度要求{reached_note}。")
    details = "；".join(_describe_lagging(item) for item in facts.lagging)
    if details:
        parts.append(f"{lag_shown}项指标未达到序时进度要求：{details}。")
    else:
        parts.append(f"{lag_shown}项指标未达到序时进度要求。")
    if no_data:
        parts.append(f"另有{no_data}项指标暂无数据，请责任单位尽快报送。")
    return "".join(parts)


def _describe_task(task: OverdueTask) -> str:
    """「“建设淄博产业技术研究院”（任务2.3，完成时限：2022年3月底，已逾期96天）」.

    The title comes first, right after a Chinese character, so the opening quote is set
    in the Chinese font by every word processor (after a digit it would be a Latin quote).
    """
    notes = []
    if task.number and task.number.strip():
        notes.append(f"任务{task.number.strip()}")
    if task.deadline_text and task.deadline_text.strip():
        notes.append(f"完成时限：{tidy(task.deadline_text)}")
    if task.days_overdue is not None and task.days_overdue > 0:
        notes.append(f"已逾期{task.days_overdue}天")
    text = f"“{short_title(task.title)}”"
    return text + (f"（{'，'.join(notes)}）" if notes else "")


def _tasks(facts: BulletinFacts) -> str:
    total = _task_total(facts)
    if not total:
        return "本期无需调度的重点任务。"
    tasks = facts.task_counts
    overdue_total = tasks.get(TaskStatus.OVERDUE, 0)
    due_soon = tasks.get(TaskStatus.DUE_SOON, 0)
    not_reported = tasks.get(TaskStatus.NOT_REPORTED, 0)
    groups = [g for g in facts.overdue if g.tasks]
    parts: list[str] = []
    if not overdue_total and not groups:
        parts.append("所有重点任务均按计划推进，无逾期未完成任务。")
    else:
        listed = sum(len(g.tasks) for g in groups)
        count = max(overdue_total, listed)
        if groups:
            parts.append(f"逾期未完成任务{count}项，涉及{len(groups)}个责任单位：")
            parts.append(
                "；".join(
                    f"{g.unit}{len(g.tasks)}项，即{_join([_describe_task(t) for t in g.tasks])}"
                    for g in groups
                )
                + "。"
            )
        else:
            parts.append(f"逾期未完成任务{count}项。")
    if due_soon:
        parts.append(f"另有{due_soon}项任务即将到期，请责任单位抓紧推进，确保按期完成。")
    if not_reported:
        parts.append(f"{not_reported}项任务本期未报送进展情况。")
    return "".join(parts)


def _reporting(facts: BulletinFacts) -> str:
    missing = facts.units_not_reported
    late = facts.units_late
    if facts.units_expected is None and not missing and not late:
        return "本期未组织进展报送。"
    parts: list[str] = []
    if not missing:
        parts.append(f"{facts.period_label}各责任单位均已报送进展情况。")
    else:
        parts.append(
            f"截至{format_date(facts.as_of)}，仍有{len(missing)}个单位未报送"
            f"{facts.period_label}进展情况：{_join(missing)}。"
        )
    if late:
        parts.append(f"{_join(late)}逾期报送。")
    return "".join(parts)


def _requirements(facts: BulletinFacts) -> list[str]:
    asks: list[str] = []
    if facts.lagging or any(
        facts.indicator_counts.get(s, 0) for s in (Status.LAGGING, Status.SEVERELY_LAGGING)
    ):
        asks.append(
            "对未达到序时进度的指标，各责任单位要认真分析原因，制定针对性措施，确保尽快赶上序时进度"
        )
    if facts.overdue or facts.task_counts.get(TaskStatus.OVERDUE, 0):
        asks.append("对逾期未完成的任务，各责任单位要说明原因，明确完成时限，加快推进落实")
    if facts.units_not_reported:
        when = f"于{format_date(facts.next_due)}前" if facts.next_due else "尽快"
        asks.append(f"未报送单位请{when}补报{facts.period_label}进展情况")
    if facts.reporting_day:
        asks.append(
            f"各责任单位要严格落实按月调度要求，于每月{facts.reporting_day}日前报送指标数据和任务进展，"
            "确保数据真实准确、报送及时"
        )
    else:
        asks.append("各责任单位要及时、准确报送指标数据和任务进展，确保数据真实准确")
    if len(asks) == 1:
        return [asks[0] + "。"]
    numbered = [f"{_ordinal(i)}是{text}" for i, text in enumerate(asks, 1)]
    return ["；".join(numbered) + "。"]


def compose_bulletin(facts: BulletinFacts) -> list[str]:
    """The bulletin's paragraphs, headings included, in order."""
    return [
        _opening(facts),
        HEADINGS[0],
        _overview(facts),
        HEADINGS[1],
        _indicators(facts),
        HEADINGS[2],
        _tasks(facts),
        HEADINGS[3],
        _reporting(facts),
        HEADINGS[4],
        *_requirements(facts),
    ]
