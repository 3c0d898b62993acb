"""The readable form of `check`: a table for the terminal, worst first within each part."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.evaluation.results import Light
from desktop.services.evaluation import PlanCheck
from desktop.texttable import render

LIGHT_SYMBOLS = {Light.GREEN: "●绿", Light.YELLOW: "▲黄", Light.RED: "■红", Light.GREY: "○灰"}


def _places(*values: Decimal | None) -> int:
    """Decimal places the figures were given with (computed values are shown alike)."""
    return max((-v.as_tuple().exponent for v in values if v is not None and v.is_finite()), default=0)


def _num(value: Decimal | None, unit: str | None = None, places: int | None = None) -> str:
    if value is None:
        return "—"
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    text = format(value, "f")
    return f"{text}{unit}" if unit == "%" else text


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def check_table(check: PlanCheck) -> str:
    ind_rows = []
    for spec in check.indicators:
        r = check.indicator_results[spec.id]
        places = max(_places(r.actual, r.target), 0)
        target = f"{_num(r.target, spec.unit)}（{r.target_year}）" if r.target_year else "—"
        actual = f"{_num(r.actual, spec.unit)}（{r.period}）" if r.period else "—"
        ind_rows.append(
            [
                LIGHT_SYMBOLS[r.light],
                spec.name,
                r.status.value,
                target,
                actual,
                _pct(r.completion),
                _num(r.expected, spec.unit, places),
                _num(r.projection.linear if r.projection else None, spec.unit, places),
                _num(r.score),
            ]
        )
    task_rows = []
    for spec in check.tasks:
        t = check.task_results[spec.id]
        task_rows.append(
            [
                LIGHT_SYMBOLS[t.light],
                check.task_titles[spec.id],
                t.status.value,
                t.deadline or "—",
                "、".join(spec.units[:2]) + ("等" if len(spec.units) > 2 else ""),
            ]
        )
    s = check.summary
    parts = [
        f"{check.plan_name}　检查日期：{check.as_of.isoformat()}",
        "",
        f"指标（{len(ind_rows)}）",
        render(["灯", "指标", "状态", "目标（年）", "实际（期）", "完成率", "序时进度", "趋势预测", "得分"], ind_rows,
               [4, 28, 8, 18, 18, 8, 10, 10, 8]),
        "",
        f"重点任务（{len(task_rows)}）",
        render(["灯", "任务", "状态", "截止日期", "责任单位"], task_rows, [4, 40, 8, 10, 30]),
    ]
    if s.total_weight:
        parts += ["", f"考核得分：{_num(s.total_score)} / {_num(s.total_weight)}"]
    return "\n".join(parts)
