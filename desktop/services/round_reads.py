"""Reading collection rounds: who was asked for which period by when, and who has returned.

Plain SQL (``sql_rows``), so the overview can show the latest round before SQLAlchemy is
loaded; opening rounds and recording returns are in ``rounds``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.evaluation.completeness import round_completeness
from desktop.domain.evaluation.results import Completeness
from desktop.domain.periods import Period
from desktop.errors import NotFoundError
from desktop.services import sql_rows
from desktop.services.sql_rows import RowSource, Rows


@dataclass(frozen=True)
class RoundUnitStatus:
    unit: str
    returned_at: dt.datetime | None
    file_name: str | None
    on_time: bool | None  # None while not returned


@dataclass(frozen=True)
class RoundSummary:
    id: int
    plan_id: int
    period: str
    period_label: str
    due: dt.date
    state: str
    units: tuple[RoundUnitStatus, ...]
    completeness: Completeness


def list_rounds(source: RowSource, plan_id: int | None = None) -> list[RoundSummary]:
    """Every round (of one plan), oldest first."""
    with source.read_rows() as rows:
        if plan_id is None:
            found = rows("SELECT id, plan_id, period, due, state FROM collection_round ORDER BY id")
        else:
            found = rows(
                "SELECT id, plan_id, period, due, state FROM collection_round WHERE plan_id = ? ORDER BY id",
                (plan_id,),
            )
        return [_summary(rows, *row) for row in found]


def round_status(source: RowSource, round_id: int) -> RoundSummary:
    with source.read_rows() as rows:
        found = rows("SELECT id, plan_id, period, due, state FROM collection_round WHERE id = ?", (round_id,))
        if not found:
            raise NotFoundError(f"没有编号为 {round_id} 的报送轮次。请用 round list 查看。")
        return _summary(rows, *found[0])


def _summary(rows: Rows, round_id: int, plan_id: int, period: str, due_text: str, state: str) -> RoundSummary:
    due = sql_rows.date(due_text)
    assert due is not None  # NOT NULL in the schema
    statuses = []
    for unit, returned_text, file_name in rows(
        "SELECT u.name, ru.returned_at, ru.file_name FROM round_unit ru JOIN unit u ON u.id = ru.unit_id"
        " WHERE ru.round_id = ? ORDER BY ru.position, ru.id",
        (round_id,),
    ):
        returned_at = sql_rows.timestamp(returned_text)
        statuses.append(
            RoundUnitStatus(
                unit=unit,
                returned_at=returned_at,
                file_name=file_name,
                on_time=None if returned_at is None else returned_at.date() <= due,
            )
        )
    completeness = round_completeness(
        [st.unit for st in statuses], {st.unit: st.returned_at for st in statuses}, due
    )
    return RoundSummary(
        id=round_id, plan_id=plan_id, period=period, period_label=Period.parse(period).label, due=due,
        state=state, units=tuple(statuses), completeness=completeness,
    )
