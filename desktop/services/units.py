"""Units (departments, counties, sections) and their aliases in the database."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.models import Unit, UnitAlias
from desktop.domain.unit_names import UnitDirectory, UnitEntry


def sync_unit_list(session: Session, entries: Iterable[UnitEntry]) -> None:
    """Add the bundled units and aliases the database does not have yet.

    Existing rows are left alone: the clerk may have renamed or merged units, and the
    bundled list must never undo that.
    """
    units = {u.name: u for u in session.scalars(select(Unit).options(selectinload(Unit.aliases)))}
    taken = set(units) | {a.alias for u in units.values() for a in u.aliases}
    for entry in entries:
        unit = units.get(entry.name)
        if unit is None:
            if entry.name in taken:
                continue
            unit = Unit(name=entry.name, kind=entry.kind)
            session.add(unit)
            units[entry.name] = unit
            taken.add(entry.name)
        for alias in entry.aliases:
            if alias not in taken:
                unit.aliases.append(UnitAlias(position=len(unit.aliases), alias=alias))
                taken.add(alias)
    session.flush()


def unit_directory(session: Session) -> UnitDirectory:
    units = session.scalars(select(Unit).options(selectinload(Unit.aliases)).order_by(Unit.id))
    return UnitDirectory(
        UnitEntry(u.name, u.kind, tuple(a.alias for a in u.aliases)) for u in units
    )
