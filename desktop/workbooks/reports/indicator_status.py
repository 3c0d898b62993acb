"""主要指标完成情况: the 淄博 后评估 table of targets against the latest figures.

Layout (seed 003, 《淄博市“十四五”科技创新规划》后评估):

    具体指标 | YYYY年目标数 | 目前完成数 | 备注 [| 完成率 | 序时进度 | 状态]

- 具体指标 carries its unit in full-width brackets, as the seed prints it:
  「R&D经费支出占GDP比重（%）」.
- The seed's four columns come first and unchanged; ``with_evaluation`` appends the
  evaluation (完成率 as a percent, 序时进度 = the time-expected value in the indicator's
  unit, 状态 = symbol + text so it reads on a black-and-white print, with a light
  traffic-light tint on that one cell).
- Numbers stay numbers with a number format: a target keeps the digits it was written
  with (3, 36.5), the figures keep the indicator's decimals (the most any of its values
  has: 2.86, 305.41, 1822).
- One row per indicator with a numeric target; qualitative indicators are listed with
  「—」. When the listed indicators come from several groups (一级指标), each group starts
  with a bold row 「一、…」 across the table, printed on the same page as the group's
  first indicator.

The plan is the dict of ``innotrack dump`` (values may be Decimal, int, float or str);
the results come from ``desktop.domain.evaluation``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import PatternFill

from desktop.domain.evaluation.results import IndicatorResult, Light, Status
from desktop.domain.evaluation.specs import TargetKind
from desktop.workbooks.styles import Column, SheetWriter, number_format_for

__all__ = [
    "DASH",
    "LIGHT_FILLS",
    "PERCENT_FORMAT",
    "STATUS_SYMBOLS",
    "build",
    "decimal_or_none",
    "evaluated_target",
    "indicator_decimals",
    "indicator_label",
    "keep_on_one_page",
    "number_places",
    "status_text",
]

DASH = "—"
PERCENT_FORMAT = "0.00%"  # completion is a ratio: 0.9533 shows 95.33%

# ● reached / on track, ▲ lagging, ■ severely lagging, ○ no data: the symbol carries the
# status when the sheet is printed in black and white.
STATUS_SYMBOLS: dict[Status, str] = {
    Status.REACHED: "●",
    Status.ON_TRACK: "●",
    Status.LAGGING: "▲",
    Status.SEVERELY_LAGGING: "■",
    Status.NO_DATA: "○",
}

# Light tints (Excel's 40 % accent tints): readable text, pale grey on a laser printer.
LIGHT_FILLS: dict[Light, str] = {
    Light.GREEN: "E2EFDA",
    Light.YELLOW: "FFF2CC",
    Light.RED: "F8CBAD",
    Light.GREY: "EDEDED",
}

_ABSOLUTE_KINDS = ("level", "ceiling", "yearly_flow", "cumulative")
_CN_NUMBERS = "一二三四五六七八九十"


# --- helpers shared with the other indicator reports -------------------------------------


def decimal_or_none(value: Any) -> Decimal | None:
    """``value`` of a dump (Decimal, int, float or numeric text) as a Decimal."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _places(value: Decimal) -> int:
    """Decimal places as written: 2.50 → 2, 3 → 0, 1.2E+3 → 0."""
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def indicator_decimals(indicator: Mapping[str, Any]) -> int | None:
    """The indicator's decimals: the most any of its reported values has.

    Without values, the baseline's and the targets' digits stand in; None when the
    indicator has no number at all.
    """
    found = [decimal_or_none(v.get("value")) for v in indicator.get("values") or ()]
    digits = [_places(d) for d in found if d is not None]
    if not digits:
        baseline = indicator.get("baseline") or {}
        more = [decimal_or_none(baseline.get("value"))]
        more += [decimal_or_none(t.get("value")) for t in indicator.get("targets") or ()]
        digits = [_places(d) for d in more if d is not None]
    return max(digits) if digits else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def number_places(value: Decimal, indicator_places: int | None) -> int:
    """Decimals to show ``value`` with: as written, unless a computed figure runs longer
    than the indicator's decimals (at least two), then trimmed of trailing zeros and capped."""
    cap = max(indicator_places or 0, 2)
    places = _places(value)
    if places > cap:
        places = min(_places(value.normalize()), cap)
    return places


def indicator_label(indicator: Mapping[str, Any]) -> str:
    """Name with the unit in full-width brackets, unless the name already shows it."""
    name = str(indicator.get("name") or "").strip()
    unit = str(indicator.get("unit") or "").strip()
    if not unit or f"({_squash(unit)})" in _squash(name):
        return name
    return f"{name}（{unit}）"


def status_text(result: IndicatorResult) -> str:
    """「● 已达标」, 「▲ 滞后」 …: symbol first so it reads without colour."""
    return f"{STATUS_SYMBOLS[result.status]} {result.status.value}"


_RELATIVE = (TargetKind.INCREASE_POINTS, TargetKind.GROWTH_RATE)


def evaluated_target(result: IndicatorResult | None) -> Decimal | None:
    """The result's target as an absolute figure, or None when it is not one.

    A relative target (每年提高1.5个百分点, 年均增长8%) becomes a figure only once
    there is a value to judge; a result without completion may still carry the bare
    1.5, which must not be printed as the target.
    """
    if result is None or result.target is None:
        return None
    if result.target_kind in _RELATIVE and result.completion is None:
        return None
    return result.target


def _number(value: Decimal | None) -> Decimal | str:
    return DASH if value is None else value


def _rounded(value: Decimal | None, places: int | None) -> Decimal | None:
    if value is None or places is None:
        return value
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)  # 四舍五入


def _plain(value: Decimal, places: int | None) -> str:
    """A number as text for a remark: 2.3, 1,800 → 1800."""
    return f"{value:.{number_places(value, places)}f}"


def _group_label(index: int, name: str) -> str:
    if index < len(_CN_NUMBERS):
        return f"{_CN_NUMBERS[index]}、{name}"
    return f"{index + 1}、{name}"


def _is_qualitative(indicator: Mapping[str, Any]) -> bool:
    if indicator.get("direction") == "qualitative":
        return True
    targets = indicator.get("targets") or ()
    return bool(targets) and all(t.get("kind") == "qualitative" for t in targets)


def _has_numeric_target(indicator: Mapping[str, Any]) -> bool:
    return any(decimal_or_none(t.get("value")) is not None for t in indicator.get("targets") or ())


def _target_for_year(
    indicator: Mapping[str, Any], year: int | None, result: IndicatorResult | None
) -> tuple[Decimal | str | None, int | None]:
    """The target of ``year`` and the year it belongs to.

    The document's figure of that year comes first, then the evaluated target when it is
    of that year, then the target's text. An indicator without a target of that year
    shows its last earlier stage (still in force: 「2020年建设8个园区」 stands in 2022),
    else its first later one; the year returned then differs from ``year``.
    """
    targets = [t for t in indicator.get("targets") or () if t.get("year") is not None]
    same_year = [t for t in targets if t.get("year") == year]
    for t in same_year:
        value = decimal_or_none(t.get("value"))
        if value is not None and t.get("kind") in _ABSOLUTE_KINDS:
            return value, year
    evaluated = evaluated_target(result)
    if evaluated is not None and result is not None and result.target_year == year:
        return evaluated, year
    for t in same_year:
        if t.get("text"):
            return str(t["text"]), year
    numeric = [
        t
        for t in targets
        if decimal_or_none(t.get("value")) is not None and t.get("kind") in _ABSOLUTE_KINDS
    ]
    if year is not None and numeric:
        earlier = [t for t in numeric if t["year"] < year]
        pick = max(earlier, key=lambda t: t["year"]) if earlier else min(numeric, key=lambda t: t["year"])
        return decimal_or_none(pick.get("value")), pick["year"]
    return None, None


def _listed(indicators: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [i for i in indicators if _has_numeric_target(i) or _is_qualitative(i)]


# --- the report ----------------------------------------------------------------------------


def build(
    plan: Mapping[str, Any],
    results: Mapping[int, IndicatorResult],
    *,
    with_evaluation: bool = True,
    target_year: int | None = None,
    attachment: str | None = None,
) -> Workbook:
    """主要指标完成情况 of ``plan`` (an ``innotrack dump`` dict) as a new workbook."""
    info = plan.get("plan") or {}
    year = target_year if target_year is not None else info.get("target_year")
    if year is None:  # no plan target year: the latest year any target names
        years = [t.get("year") for i in plan.get("indicators") or () for t in i.get("targets") or ()]
        year = max((y for y in years if y is not None), default=None)
    year_header = f"{year}年目标数" if year is not None else "目标数"

    listed = _listed(plan.get("indicators") or ())
    groups: list[str] = []
    for ind in listed:
        g = str(ind.get("group") or "")
        if g not in groups:
            groups.append(g)
    grouped = len(groups) > 1
    rows = {id(ind): _row_data(ind, results.get(ind["id"]), year, with_evaluation) for ind in listed}

    # 备注 is centred while it holds a year (six characters or fewer, the usual rule);
    # longer remarks are left-aligned and the column takes its share of the page width
    long_remarks = any(len(row.values[3]) > 6 for row in rows.values())
    columns = [
        Column("具体指标"),
        Column(year_header, kind="number", align="center"),
        Column("目前完成数", kind="number", align="center"),
        # long remarks: about ten characters a line, two lines for the usual stage remark
        Column("备注", width=20 if long_remarks else None, align="left" if long_remarks else "center"),
    ]
    if with_evaluation:
        columns += [
            # width given: the shared width estimate reads 0.9533 as "0.95%", not "95.33%"
            Column("完成率", width=10, kind="number", number_format=PERCENT_FORMAT, align="center"),
            Column("序时进度", kind="number", align="center"),
            Column("状态", width=15, align="center"),  # 「■ 严重滞后」 on one line (■ is full-width)
        ]

    wb = Workbook()
    ws = wb.active
    ws.title = "主要指标完成情况"
    w = SheetWriter(ws, columns)
    if attachment:
        w.attachment_label(attachment)
    w.title(f"{info.get('name') or ''}主要指标完成情况")
    w.header()

    for gi, group in enumerate(groups):
        if grouped:
            # the 一级指标 row is printed on the same page as its first indicator
            r = w.row([_group_label(gi, group or "其他指标")], bold=True, keep_with_next=True)
            w.merge_across(r, 1, len(columns))
        for ind in (i for i in listed if str(i.get("group") or "") == group):
            _write_row(w, rows[id(ind)], with_evaluation)

    if with_evaluation:
        text = (
            "注：1.完成率=目前完成数÷目标数；序时进度为按规划期时间进度测算的当期应达到值。"
            "2.状态：●已达标或正常；▲滞后；■严重滞后；○无数据。"
        )
        if any(row.no_expected for row in rows.values()):
            text += "3.序时进度为“—”的指标缺少基期值，按目标值直接判断状态。"
        w.note(text)
    w.finish()
    keep_on_one_page(ws)
    return wb


@dataclass(frozen=True)
class _Row:
    values: list[Any]  # 具体指标, 目标数, 目前完成数, 备注[, 完成率, 序时进度, 状态]
    places: int | None  # the indicator's decimals
    light: Light | None
    no_expected: bool  # evaluated, but 序时进度 could not be drawn


def _row_data(
    ind: Mapping[str, Any],
    result: IndicatorResult | None,
    year: int | None,
    with_evaluation: bool,
) -> _Row:
    places = indicator_decimals(ind)
    qualitative = _is_qualitative(ind) and not _has_numeric_target(ind)
    target: Decimal | str | None = DASH
    actual: Decimal | str = DASH
    target_year = year
    if not qualitative:
        target, target_year = _target_for_year(ind, year, result)
        actual = _number(result.actual if result else None)
    remarks = []
    if result is not None and result.actual is not None and result.data_year is not None:
        remarks.append(f"{result.data_year}年")
    if target is not None and target_year is not None and target_year != year:
        remarks.append(f"目标为{target_year}年")
    if (
        with_evaluation
        and not qualitative
        and result is not None
        and evaluated_target(result) is not None
        and result.target_year is not None
        and result.target_year != target_year
    ):
        # the figure was judged against the stage of its own year (2019 for a 2019 value)
        shown = _plain(evaluated_target(result), places)
        remarks.append(f"完成率按{result.target_year}年目标{shown}计")
    values: list[Any] = [
        indicator_label(ind),
        DASH if target is None else target,
        actual,
        "；".join(remarks),
    ]
    if with_evaluation:
        completion = result.completion if result and not qualitative else None
        expected = _rounded(result.expected, places) if result and not qualitative else None
        values += [
            _number(completion),
            _number(expected),
            status_text(result) if result is not None else DASH,
        ]
    return _Row(
        values=values,
        places=places,
        light=result.light if with_evaluation and result is not None else None,
        no_expected=bool(
            with_evaluation and not qualitative and result is not None and result.expected is None
        ),
    )


def _write_row(w: SheetWriter, row: _Row, with_evaluation: bool) -> None:
    r = w.row(row.values)
    ws = w.ws
    # figures in the indicator's decimals; a target keeps the digits it was written with
    if row.places is not None:
        for c in (3, 6) if with_evaluation else (3,):
            cell = ws.cell(r, c)
            if isinstance(cell.value, (int, float)):
                cell.number_format = number_format_for(row.places)
    target = row.values[1]
    if isinstance(target, Decimal):
        ws.cell(r, 2).number_format = number_format_for(number_places(target, row.places))
    if row.light is not None:
        ws.cell(r, 7).fill = _tint(LIGHT_FILLS[row.light])


_A4_SHORT_IN = 210 / 25.4
_A4_LONG_IN = 297 / 25.4
_ONE_PAGE_SLACK = 1.15  # shrink at most to about 87 %: a 12 pt body still prints at 10.5 pt


def keep_on_one_page(ws) -> None:
    """Fit a sheet that just overflows one page onto one page (call after ``finish``).

    A 合计 row or the 注 line alone on a second page is what a clerk sends back; when the
    rows need at most 15 % more than one page, the sheet is fitted to one page tall as
    well as wide. Longer tables keep ``fitToHeight = 0`` (as many pages as needed).
    """
    landscape = ws.page_setup.orientation == "landscape"
    page_in = _A4_SHORT_IN if landscape else _A4_LONG_IN
    margins = ws.page_margins
    usable_pt = (page_in - (margins.top or 0) - (margins.bottom or 0)) * 72
    last = ws.max_row
    needed = sum(ws.row_dimensions[r].height or 15.0 for r in range(1, last + 1))
    if usable_pt < needed <= usable_pt * _ONE_PAGE_SLACK:
        ws.page_setup.fitToHeight = 1


def _tint(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor="FF" + color, bgColor="FF" + color)
