"""The list of plans in a database, in plain SQL (``sql_rows``): the plan switcher fills
from it at start-up, before SQLAlchemy is loaded."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.sql_rows import RowSource


@dataclass(frozen=True)
class PlanSummary:
    id: int
    name: str
    doc_number: str | None
    preset: str | None
    base_year: int | None
    target_year: int | None
    indicators: int
    tasks: int


def list_plans(source: RowSource) -> list[PlanSummary]:
    with source.read_rows() as rows:
        return [
            PlanSummary(*row)
            for row in rows(
                "SELECT p.id, p.name, p.doc_number, p.preset, p.base_year, p.target_year,"
                " (SELECT count(*) FROM indicator i WHERE i.plan_id = p.id),"
                " (SELECT count(*) FROM task t WHERE t.plan_id = p.id)"
                " FROM plan p ORDER BY p.id"
            )
        ]
