"""报送锁定: once a round's figures are submitted upward and approved, its period is locked.

As DHIS2 locks approved periods: a locked period refuses typed edits, pastes, progress
entries, imports and the undoing of imports, each with a message that says which round
locked it and how to unlock. Locking and unlocking are recorded in the audit trail;
unlocking needs a reason, because it reopens figures that others have already relied on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditLog, CollectionRound
from desktop.domain.periods import Period, PeriodError
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.os_user import current_user

STATES = {"open": "报送中", "submitted": "已报送", "locked": "已锁定"}


class PeriodLocked(UserError):
    """An edit or import touches a locked period."""


def state_label(state: str) -> str:
    return STATES.get(state, state)


def set_round_state(database: Database, round_id: int, state: str, reason: str | None = None) -> str:
    """Move a round to ``state`` (open | submitted | locked); returns the previous state.

    Leaving ``locked`` needs a reason, which goes into the audit trail with the change.
    """
    if state not in STATES:
        raise UserError(f"报送轮次状态“{state}”无效，应为 报送中、已报送 或 已锁定。")
    with database.write() as s:
        round_ = s.get(CollectionRound, round_id)
        if round_ is None:
            raise NotFoundError(f"没有编号为 {round_id} 的报送轮次。请先用 round list 查看。")
        old = round_.state
        if old == state:
            return old
        why = (reason or "").strip()
        if old == "locked" and not why:
            raise UserError(f"解锁报送轮次 {round_id}（{_label(round_.period)}）需要说明原因，原因将记入修改记录。")
        round_.state = state
        action = {"locked": "锁定", "submitted": "标记为已报送", "open": "重新开启"}[state]
        s.add(AuditLog(at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), os_user=current_user(),
                       plan_id=round_.plan_id, entity="collection_round", entity_id=round_.id, field="state",
                       old=old, new=state, reason=f"{action}报送轮次" + (f"：{why}" if why else "")))
        return old


def locked_periods(session: Session, plan_id: int) -> dict[str, int]:
    """Canonical period → id of the round that locks it."""
    rows = session.execute(
        select(CollectionRound.period, CollectionRound.id)
        .where(CollectionRound.plan_id == plan_id, CollectionRound.state == "locked")
        .order_by(CollectionRound.id)
    )
    return {period: round_id for period, round_id in rows}


def ensure_unlocked(session: Session, plan_id: int, periods: Iterable[str], action: str) -> None:
    """Raise ``PeriodLocked`` when any of ``periods`` lies in a locked period of the plan (a
    locked year also locks its quarters and months); ``action`` says what was refused
    (修改数值, 导入, 撤销导入批次 …)."""
    locked = locked_periods(session, plan_id)
    if not locked:
        return
    spans = [(Period.parse(period), round_id) for period, round_id in locked.items() if _parses(period)]
    hits: dict[str, int] = {}
    for text in set(periods):
        if text in locked:
            hits[text] = locked[text]
            continue
        if not _parses(text):
            continue
        inner = Period.parse(text)
        for span, round_id in spans:
            if span.contains(inner):
                hits[text] = round_id
                break
    if hits:
        first = min(hits, key=lambda text: (Period.parse(text),) if _parses(text) else ())
        more = f"等 {len(hits)} 个期间" if len(hits) > 1 else ""
        round_id = hits[first]
        raise PeriodLocked(
            f"{_label(first)}{more}已锁定（报送轮次 {round_id}），不能{action}。"
            f"如确需修改，请先在“报送轮次”中解锁并说明原因（命令行：innotrack round unlock {round_id} --reason 原因）。"
        )


def _parses(text: str) -> bool:
    try:
        Period.parse(text)
    except PeriodError:
        return False
    return True


def _label(period: str) -> str:
    try:
        return Period.parse(period).label
    except PeriodError:
        return period
