"""Collection rounds (报送轮次): who is asked for what by when, and who has returned it.

Reading them (``list_rounds``, ``round_status``) lives in ``round_reads``, imported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import AuditLog, CollectionRound, Indicator, Plan, RoundUnit, Task, Unit
from desktop.domain.periods import Period, PeriodError
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.os_user import current_user
from desktop.services.round_reads import RoundSummary, RoundUnitStatus, list_rounds, round_status
from desktop.services.units import unit_directory


def parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise UserError(f"报送期“{text}”无效：{exc}") from exc


def responsible_units(session: Session, plan_id: int, period: Period) -> list[Unit]:
    """Every unit responsible for an indicator or a task that is live in ``period``, in plan order.

    Qualitative indicators are scored by hand and not reported; a task whose deadline passed
    before the period began is no longer reported on unless it is ongoing.
    """
    seen: dict[int, Unit] = {}
    indicators = session.scalars(
        select(Indicator).where(Indicator.plan_id == plan_id).order_by(Indicator.group_id, Indicator.position)
        .options(selectinload(Indicator.units))
    )
    for i in indicators:
        if i.direction == "qualitative":
            continue
        for u in i.units:
            seen.setdefault(u.unit_id, u.unit)
    tasks = session.scalars(
        select(Task).where(Task.plan_id == plan_id).order_by(Task.group_id, Task.position)
        .options(selectinload(Task.units))
    )
    for t in tasks:
        if t.deadline is not None and t.deadline < period.start and not t.ongoing:
            continue
        for u in t.units:
            seen.setdefault(u.unit_id, u.unit)
    return list(seen.values())


def open_round(
    database: Database, plan_id: int, period_text: str, due: dt.date, unit_names: Sequence[str] | None = None
) -> int:
    period = parse_period(period_text)
    with database.write() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先用 plans 命令查看已有方案的编号。")
        if unit_names:
            directory = unit_directory(s)
            units = []
            for name in unit_names:
                res = directory.resolve(name)
                if res.name is None:
                    raise UserError(f"单位“{name}”不在单位名单中，未开启报送轮次。请检查名称或先添加该单位。")
                units.append(s.scalar(select(Unit).where(Unit.name == res.name)))
        else:
            units = responsible_units(s, plan_id, period)
        if not units:
            raise UserError(f"{period.label}没有需要报送的单位。请用 --units 指定单位。")
        round_ = CollectionRound(plan_id=plan_id, period=str(period), due=due, state="open")
        round_.units = [RoundUnit(position=n, unit=u) for n, u in enumerate(dict.fromkeys(units))]
        s.add(round_)
        s.flush()
        s.add(
            AuditLog(
                os_user=current_user(), plan_id=plan_id, entity="collection_round", entity_id=round_.id,
                field=None, old=None, new=f"{period} 截止 {due.isoformat()}", reason="开启报送轮次",
            )
        )
        return round_.id


def record_return(
    session: Session, plan_id: int, period: str, unit_id: int, file_name: str, batch_id: int,
    at: dt.datetime, round_id: int | None = None,
) -> int | None:
    """Mark ``unit_id`` as having returned its file in the round for ``period`` (if any).

    Returns the round id, or None when no open round expects this unit for the period.
    """
    query = select(CollectionRound).where(CollectionRound.plan_id == plan_id, CollectionRound.period == period)
    if round_id is not None:
        query = select(CollectionRound).where(CollectionRound.id == round_id)
    for round_ in session.scalars(query.order_by(CollectionRound.id.desc())):
        for ru in round_.units:
            if ru.unit_id == unit_id:
                ru.returned_at = at
                ru.file_name = file_name
                ru.batch_id = batch_id
                return round_.id
    return None
