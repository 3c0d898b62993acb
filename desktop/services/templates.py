"""Collection templates: one workbook per unit holding only what that unit reports."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.models import CollectionRound, Indicator, IndicatorUnit, Plan, RoundUnit, Task, TaskUnit, Unit
from desktop.domain.evaluation.specs import TargetKind, TargetSpec
from desktop.domain.evaluation.targets import target_in_force
from desktop.domain.evaluation.specs import Direction, IndicatorSpec
from desktop.domain.periods import Period
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.rounds import parse_period
from desktop.services.units import unit_directory


def template_spec(database: Database, plan_id: int, unit_name: str, period_text: str, due: dt.date | None = None):  # type: ignore[no-untyped-def]
    """What the template for ``unit_name`` and the period holds (its indicators and tasks)."""
    from desktop.workbooks.templates import TemplateIndicatorRow, TemplateSpec, TemplateTaskRow

    period = parse_period(period_text)
    with database.read() as s:
        plan = s.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先用 plans 命令查看已有方案的编号。")
        resolved = unit_directory(s).resolve(unit_name).name
        if resolved is None:
            raise UserError(f"单位“{unit_name}”不在单位名单中。请检查名称，或先添加该单位或其别名。")
        unit = s.scalar(select(Unit).where(Unit.name == resolved))
        assert unit is not None
        indicators = s.scalars(
            select(Indicator).join(IndicatorUnit).where(Indicator.plan_id == plan_id, IndicatorUnit.unit_id == unit.id)
            .order_by(Indicator.group_id, Indicator.position)
            .options(selectinload(Indicator.targets), selectinload(Indicator.values))
        ).unique().all()
        rows = []
        for i in indicators:
            if i.direction == "qualitative":
                continue
            spec = IndicatorSpec(i.id, i.name, i.unit_of_measure, Direction(i.direction),
                                 tuple(TargetSpec(t.year, t.value, TargetKind(t.kind)) for t in i.targets))
            target = target_in_force(spec, period.year)
            earlier = [v for v in i.values if v.value is not None and Period.parse(v.period) < period]
            last = max(earlier, key=lambda v: Period.parse(v.period), default=None)
            rows.append(TemplateIndicatorRow(
                key=f"i:{i.id}", number=i.number, name=i.name, unit=i.unit_of_measure,
                target=target.value if target else None, target_year=target.year if target else None,
                last_value=last.value if last else None, last_period=last.period if last else None,
            ))
        tasks = s.scalars(
            select(Task).join(TaskUnit).where(Task.plan_id == plan_id, TaskUnit.unit_id == unit.id)
            .order_by(Task.group_id, Task.position).options(selectinload(Task.progress_reports))
        ).unique().all()
        task_rows = []
        for t in tasks:
            mine = [r for r in t.progress_reports if r.unit_id == unit.id and Period.parse(r.period) < period]
            last_r = max(mine, key=lambda r: Period.parse(r.period), default=None)
            task_rows.append(TemplateTaskRow(
                key=f"t:{t.id}", number=t.number, title=t.title, deadline_text=t.deadline_text,
                last_percent=last_r.percent if last_r else None, last_progress=last_r.progress_text if last_r else None,
            ))
        if not rows and not task_rows:
            raise UserError(f"{unit.name}在本方案中没有需要报送的指标或任务，未生成模板。")
        return TemplateSpec(
            template_id=uuid.uuid4().hex, plan_id=plan_id, plan_name=plan.name, unit=unit.name,
            period=str(period), period_label=period.label, due=due, indicators=tuple(rows), tasks=tuple(task_rows),
        )


def export_template(database: Database, plan_id: int, unit_name: str, period_text: str, out: Path,
                    due: dt.date | None = None) -> Path:
    from desktop.workbooks.styles import save_atomic
    from desktop.workbooks.templates import build_template

    return save_atomic(build_template(template_spec(database, plan_id, unit_name, period_text, due)), out)


def export_round_templates(database: Database, round_id: int, out_dir: Path) -> list[Path]:
    """One template per unit of the round, named '<period>_<unit>.xlsx', in ``out_dir``."""
    with database.read() as s:
        round_ = s.scalar(select(CollectionRound).where(CollectionRound.id == round_id)
                          .options(selectinload(CollectionRound.units).selectinload(RoundUnit.unit)))
        if round_ is None:
            raise NotFoundError(f"没有编号为 {round_id} 的报送轮次。请用 round list 查看。")
        plan_id, period, due = round_.plan_id, round_.period, round_.due
        units = [ru.unit.name for ru in round_.units]
    if not out_dir.is_dir():
        raise UserError(f"文件夹 {out_dir} 不存在。请先建立该文件夹。")
    written = []
    for name in units:
        try:
            spec_path = out_dir / f"{period}_{_safe(name)}.xlsx"
            written.append(export_template(database, plan_id, name, period, spec_path, due))
        except UserError as exc:
            if "没有需要报送" not in exc.message:
                raise
    return written


def _safe(name: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)
