"""考核评分: weight, target, actual, completion and score per indicator, with subtotals.

Two sheets, both laid out by ``styles.SheetWriter``:

- 「考核评分」: 一级指标 (merged down over its indicators and its 小计 row) | 二级指标 |
  权重 | 目标 | 实际 | 完成率 | 得分; a 小计 row closes each 一级指标 and a 合计 row the
  table. Subtotals and the total are the computed figures of ``summary`` written as
  numbers, not formulas, so the file shows them without recalculation (WPS, previews,
  the importer) — the scores are rounded per indicator and the subtotals add the rounded
  scores, so the printed column adds up.
- 「按责任单位」: 责任单位 | 指标数 | 权重 | 得分 | 得分率, one line per lead unit of
  ``summary.by_unit`` plus 合计.

When any indicator has a weight only weighted indicators are listed (an assessment
table); otherwise every indicator is, with blank weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from desktop.domain.evaluation.results import IndicatorResult, ScoreLine, ScoreSummary
from desktop.domain.evaluation.scores import NO_GROUP_LABEL, NO_UNIT_LABEL
from desktop.domain.unit_names import UnitDirectory, UnitEntry, normalise_unit_name
from desktop.workbooks.reports.indicator_status import (
    DASH,
    PERCENT_FORMAT,
    decimal_or_none,
    evaluated_target,
    indicator_decimals,
    indicator_label,
    keep_on_one_page,
    number_places,
)
from desktop.workbooks.styles import SIZE_BODY_DENSE, Column, SheetWriter, number_format_for

__all__ = ["build"]

_SCORE_FORMAT = "0.00"
_ABSOLUTE = ("level", "ceiling", "yearly_flow", "cumulative")
_EM_PX = SIZE_BODY_DENSE * 96 / 72  # one CJK character of the body font, in pixels


def _places(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def _weight_format(weights: Sequence[Decimal]) -> str:
    return number_format_for(max((_places(w.normalize()) for w in weights), default=0))


def build(
    plan: Mapping[str, Any],
    results: Mapping[int, IndicatorResult],
    summary: ScoreSummary,
    *,
    attachment: str | None = None,
) -> Workbook:
    """考核评分 of ``plan`` (an ``innotrack dump`` dict) as a new workbook."""
    info = plan.get("plan") or {}
    name = str(info.get("name") or "")
    indicators = list(plan.get("indicators") or ())
    weighted = [i for i in indicators if decimal_or_none(i.get("weight")) is not None]
    listed = weighted or indicators

    weights = [decimal_or_none(i.get("weight")) for i in listed]
    weights += [line.weight for line in summary.by_group + summary.by_unit]
    weight_fmt = _weight_format([w for w in weights if w is not None] + [summary.total_weight])

    wb = Workbook()
    ws = wb.active
    ws.title = "考核评分"
    _score_sheet(ws, name, listed, results, summary, weight_fmt, attachment)
    _unit_sheet(wb.create_sheet("按责任单位"), name, plan, listed, summary, weight_fmt, attachment)
    return wb


# --- 考核评分 ---------------------------------------------------------------------------------


def _score_sheet(ws, name, listed, results, summary, weight_fmt, attachment) -> None:
    # 一级指标 (up to ~12 characters) gets about half its longest name per line, so names
    # wrap in two lines of similar length instead of one long line and a stray character
    longest = max((len(_group_of(i)) for i in listed), default=4)
    per_line = min(8, max(4, -(-longest // 2) if longest > 6 else longest))
    columns = [
        Column("一级指标", width=round((per_line * _EM_PX + 8 - 5) / 7, 2), align="center"),
        Column("二级指标"),
        # number columns get fixed widths: "100.00" / "102.17%" / "1,234.56" on one line
        # (the shared estimate squeezes short-headed number columns and then wraps them)
        Column("权重", width=7, kind="number", number_format=weight_fmt, align="center"),
        Column("目标", width=10, kind="number", align="center"),
        Column("实际", width=10, kind="number", align="center"),
        Column("完成率", width=10, kind="number", number_format=PERCENT_FORMAT, align="center"),
        Column("得分", width=9, kind="number", number_format=_SCORE_FORMAT, align="center"),
    ]
    # 11 pt (dense-table size): a 附件2-sized assessment of ~13 indicators stays on one page
    w = SheetWriter(ws, columns, body_size=SIZE_BODY_DENSE)
    if attachment:
        w.attachment_label(attachment)
    w.title(f"{name}考核评分")
    w.header()

    groups: list[str] = []
    for ind in listed:
        if _group_of(ind) not in groups:
            groups.append(_group_of(ind))
    by_group = {line.label: line for line in summary.by_group}

    for group in groups:
        members = [i for i in listed if _group_of(i) == group]
        rows = [_indicator_row(w, ind, results.get(ind["id"]), group) for ind in members]
        first = rows[0]  # a group is listed because it has members
        line = by_group.get(group) or _sum_line(group, members, results)
        last = w.row([group, "小计", line.weight, None, None, None, line.score], bold=True)
        w.merge_down(1, first, last)

    total = w.row(["合计", None, summary.total_weight, None, None, None, summary.total_score], bold=True)
    w.merge_across(total, 1, 2)
    w.note(
        "注：完成率=实际÷目标；按比例计分的指标得分=权重×完成率（完成率超过100%的按100%计）；"
        "定性指标按评定得分计；“—”表示暂无数据或尚未评分，按0分计入小计、合计。"
    )
    w.finish()
    keep_on_one_page(ws)


def _group_of(ind) -> str:
    return str(ind.get("group") or "").strip() or NO_GROUP_LABEL


def _indicator_row(w: SheetWriter, ind, result: IndicatorResult | None, group: str) -> int:
    places = indicator_decimals(ind)
    weight = decimal_or_none(ind.get("weight"))
    target = _shown_target(ind, result)
    actual = result.actual if result is not None else None
    completion = result.completion if result is not None else None
    score = result.score if result is not None else None
    r = w.row(
        [
            group,
            indicator_label(ind),
            weight,
            DASH if target is None else target,
            DASH if actual is None else actual,
            DASH if completion is None else completion,
            DASH if score is None else score,
        ]
    )
    ws = w.ws
    if target is not None:
        ws.cell(r, 4).number_format = number_format_for(number_places(target, places))
    if actual is not None and places is not None:
        ws.cell(r, 5).number_format = number_format_for(places)
    return r


def _shown_target(ind, result: IndicatorResult | None) -> Decimal | None:
    """The target the row was judged against; for a relative target not yet turned into a
    figure (no data), the document's own figure of that year when it states one."""
    target = evaluated_target(result)
    if target is not None or result is None or result.target_year is None:
        return target
    for t in ind.get("targets") or ():
        value = decimal_or_none(t.get("value"))
        if t.get("year") == result.target_year and value is not None and t.get("kind") in _ABSOLUTE:
            return value
    return None


def _sum_line(label: str, members, results: Mapping[int, IndicatorResult]) -> ScoreLine:
    weight = sum((decimal_or_none(i.get("weight")) or Decimal(0) for i in members), Decimal(0))
    score = Decimal(0)
    for ind in members:
        result = results.get(ind.get("id"))
        if result is not None and result.score is not None:
            score += result.score
    return ScoreLine(label=label, weight=weight, score=score)


# --- 按责任单位 ------------------------------------------------------------------------------


def _unit_sheet(ws, name, plan, listed, summary: ScoreSummary, weight_fmt, attachment) -> None:
    columns = [
        Column("责任单位"),
        Column("指标数", width=9, kind="int", align="center"),
        Column("权重", width=8, kind="number", number_format=weight_fmt, align="center"),
        Column("得分", width=9, kind="number", number_format=_SCORE_FORMAT, align="center"),
        Column("得分率", width=10, kind="number", number_format=PERCENT_FORMAT, align="center"),
    ]
    w = SheetWriter(ws, columns, landscape=False)
    if attachment:
        w.attachment_label(attachment)
    w.title(f"{name}考核评分（按责任单位）")
    w.header()

    canonical = _canonical_names(plan)
    counted = [i for i in listed if decimal_or_none(i.get("weight")) is not None]
    leads = [canonical(str((i.get("units") or [NO_UNIT_LABEL])[0])) for i in counted]
    count_total = 0
    for line in summary.by_unit:
        count = leads.count(canonical(line.label))
        count_total += count
        w.row([line.label, count, line.weight, line.score, _rate(line.score, line.weight)])
    w.row(
        [
            "合计",
            count_total,
            summary.total_weight,
            summary.total_score,
            _rate(summary.total_score, summary.total_weight),
        ],
        bold=True,
    )
    w.note("注：按牵头单位（责任单位中列第一位的单位）统计；得分率=得分÷权重。")
    w.finish()
    keep_on_one_page(ws)


def _rate(score: Decimal, weight: Decimal) -> Decimal | str:
    return score / weight if weight else DASH


def _canonical_names(plan):
    """A function giving a written unit name as the plan's canonical name when known.

    The summary may label units as the document wrote them (市发改委) or canonically
    (市发展改革委); both sides of a comparison go through this.
    """
    entries = [
        UnitEntry(u["name"], u.get("kind") or "", tuple(u.get("aliases") or ()))
        for u in plan.get("units") or ()
        if u.get("name")
    ]
    try:
        directory: UnitDirectory | None = UnitDirectory(entries)
    except ValueError:  # clashing aliases: compare normalised written names
        directory = None

    def canonical(written: str) -> str:
        if directory is not None:
            resolved = directory.resolve(written).name
            if resolved:
                return resolved
        return normalise_unit_name(written)

    return canonical
