"""创新型城市建设指标体系 — the layout of 聊城 附件2 (聊政发〔2018〕61号).

    附件2
              聊城市创新型城市建设指标体系
    ┌────────┬────┬──────────────────────┬────────┬──────────┐
    │一级指标│序号│二级指标              │权重分值│责任部门  │
    ├────────┼────┼──────────────────────┼────────┼──────────┤
    │创新要素│ 1  │科技进步贡献率        │   10   │市科技局  │
    │集聚能力│ 2  │…                     │   10   │市科技局  │   一级指标 merged down its rows
    ├────────┴────┴──────────────────────┼────────┼──────────┤
    │合计                                │  100   │          │
    └────────────────────────────────────┴────────┴──────────┘
    注：1.加注※的指标为创新型城市建设考核重点。
    2.……

Input is the dict of ``dump_plan`` (``innotrack dump``).
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from desktop.workbooks.styles import Column, SheetWriter, number_format_for, set_alignment

SHEET_TITLE = "指标体系"
KEY_MARK = "※"


def title_for(plan: dict) -> str:
    info = plan.get("plan") or {}
    city = (info.get("city") or "").strip()
    if city:
        return f"{city}创新型城市建设指标体系"
    name = (info.get("name") or "").strip()
    return f"{name}指标体系" if name else "创新型城市建设指标体系"


def _number(value: object) -> object:
    """The 序号 as a number when it is one ("1" → 1), else the text as written."""
    text = "" if value is None else str(value).strip()
    return int(text) if text.isdigit() else (text or None)


def _weight(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except ArithmeticError:
        return None


def _decimals(values: list[Decimal]) -> int:
    places = 0
    for v in values:
        exp = v.as_tuple().exponent
        if isinstance(exp, int) and exp < 0:
            places = max(places, -exp)
    return places


def _name(indicator: dict) -> str:
    name = (indicator.get("name") or "").strip()
    if indicator.get("key") and KEY_MARK not in name:
        name += KEY_MARK  # the document prints ※ after the name: "…比重(%)※"
    return name


def build(plan: dict) -> Workbook:
    """The 指标体系 workbook of ``plan`` (a ``dump_plan`` dict)."""
    indicators = list(plan.get("indicators") or [])
    if any(_weight(i.get("weight")) is not None for i in indicators):
        indicators = [i for i in indicators if _weight(i.get("weight")) is not None]
    weights = [w for w in (_weight(i.get("weight")) for i in indicators) if w is not None]
    places = _decimals(weights)

    unit_texts = ["、".join(u for u in (i.get("units") or []) if u) for i in indicators]
    # short unit names are centred (the office rule: ≤ 6 characters → centre), lists left
    units_align = "center" if all(len(t) <= 10 for t in unit_texts) else "left"

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    columns = [
        Column("一级指标", align="center"),
        Column("序号", kind="int", align="center"),
        Column("二级指标", align="left"),
        Column("权重分值", kind="number", number_format=number_format_for(places), align="center"),
        Column("责任部门", align=units_align),
    ]
    w = SheetWriter(ws, columns)
    w.attachment_label("附件2")
    w.title(title_for(plan))
    w.header()

    runs: list[tuple[int, int]] = []  # (first_row, last_row) of each 一级指标 group
    previous: object = object()
    for ind, units in zip(indicators, unit_texts):
        group = (ind.get("group") or "").strip()
        r = w.row([group, _number(ind.get("number")), _name(ind), _weight(ind.get("weight")), units])
        if group == previous and runs:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
        previous = group
    for first, last in runs:
        w.merge_down(1, first, last)

    if weights:
        total = sum(weights, Decimal(0))
        r = w.row(["合计", None, None, total, None], bold=False)
        w.merge_across(r, 1, 3)
        set_alignment(ws.cell(r, 1), horizontal="center", indent=0)

    notes = (plan.get("plan") or {}).get("indicator_notes") or []
    for line in notes:
        if line and str(line).strip():
            w.note(str(line).strip())
    w.finish()
    return wb
