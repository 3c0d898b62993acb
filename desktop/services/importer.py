"""Importing returned workbooks: understand, preview, then commit all files or none.

The flow the clerk sees: drop the files in, read what will change (new, changed,
unchanged, conflicts, rows not understood, refused cells), accept. Understanding is the
domain's (templates by their hidden identity, free-form tables by matching); this module
compares with the database and writes one transaction with an import batch per file, so a
batch can later be undone exactly.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from db.models import (
    AuditLog,
    CollectionRound,
    ImportBatch,
    ImportBatchItem,
    Indicator,
    IndicatorUnit,
    Plan,
    ProgressReport,
    RoundUnit,
    Task,
    TaskUnit,
    Unit,
    UnitMapping,
    Value,
)
from desktop.domain.evaluation.outliers import check_outlier
from desktop.domain.intake.extraction import (
    CatalogIndicator,
    CatalogTask,
    ExtractedProgress,
    ExtractedValue,
    Extraction,
    NotUnderstood,
    PlanCatalog,
    Refusal,
)
from desktop.domain.intake.extraction import Warning as IntakeWarning
from desktop.domain.intake.freeform import understand
from desktop.domain.intake.grid import WorkbookGrid
from desktop.domain.intake.template_reader import TemplateError, is_template, read_template
from desktop.domain.unit_names import UnitDirectory
from desktop.errors import NotFoundError, UserError
from desktop.services.database import Database
from desktop.services.os_user import current_user
from desktop.services.period_locks import PeriodLocked, ensure_unlocked, locked_periods
from desktop.services.rounds import record_return
from desktop.services.units import unit_directory


@dataclass(frozen=True)
class ImportOptions:
    plan_id: int
    round_id: int | None = None
    unit: str | None = None  # the sending unit when the file does not say
    period: str | None = None  # the period when the file does not say
    mapping: Mapping[str, str] | None = None  # given by hand; remembered for the unit
    password: str | None = None
    dry_run: bool = False
    backup: bool = True


class Change(NamedTuple):
    """One value or progress entry the import would write (or found unchanged).

    A named tuple rather than a frozen dataclass: a large file makes 100,000 of them, and a
    frozen dataclass takes four times as long to build (one ``object.__setattr__`` per field).
    """

    kind: str  # value | progress
    record_id: int  # indicator_id or task_id
    label: str  # indicator name or task number + title
    period: str
    old: str | None
    new: str | None
    sheet: str
    cell: str
    status: str  # new | changed | unchanged

    @property
    def key(self) -> tuple[int, str]:
        """(indicator_id or task_id, period), made when asked: a large file has 100,000 changes."""
        return (self.record_id, self.period)


@dataclass(frozen=True, slots=True)
class Conflict:
    label: str
    period: str
    first: str  # 'file sheet!cell = value'
    second: str


@dataclass
class FilePreview:
    file_name: str
    sha256: str
    unit: str | None = None
    period: str | None = None
    template_id: str | None = None
    already_imported: int | None = None  # the batch that imported the same bytes
    changes: list[Change] = field(default_factory=list)
    not_understood: list[NotUnderstood] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[IntakeWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # file-level hard errors
    extraction: Extraction | None = None
    format: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)

    @property
    def blocked(self) -> bool:
        return bool(self.refused or self.errors)


@dataclass
class ImportResult:
    files: list[FilePreview]
    conflicts: list[Conflict]
    batch_ids: list[int]
    committed: bool
    backup: Path | None = None

    @property
    def blocked(self) -> bool:
        return bool(self.conflicts) or any(f.blocked for f in self.files)


# --- reading and understanding ---------------------------------------------------------


def plan_catalog(session: Session, plan_id: int) -> PlanCatalog:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的方案。请先用 plans 命令查看已有方案的编号。")
    # plain rows, not ORM objects: a plan may hold 100,000 indicators
    indicator_units: dict[int, list[str]] = {}
    for indicator_id, name in session.execute(
        select(IndicatorUnit.indicator_id, Unit.name)
        .join(Unit, Unit.id == IndicatorUnit.unit_id)
        .join(Indicator, Indicator.id == IndicatorUnit.indicator_id)
        .where(Indicator.plan_id == plan_id)
        .order_by(IndicatorUnit.indicator_id, IndicatorUnit.position)
    ):
        indicator_units.setdefault(indicator_id, []).append(name)
    task_units: dict[int, list[str]] = {}
    for task_id, name in session.execute(
        select(TaskUnit.task_id, Unit.name)
        .join(Unit, Unit.id == TaskUnit.unit_id)
        .join(Task, Task.id == TaskUnit.task_id)
        .where(Task.plan_id == plan_id)
        .order_by(TaskUnit.task_id, TaskUnit.position)
    ):
        task_units.setdefault(task_id, []).append(name)
    tasks = session.execute(
        select(Task.id, Task.number, Task.title).where(Task.plan_id == plan_id).order_by(Task.group_id, Task.position)
    ).all()
    return PlanCatalog(
        plan_id=plan_id,
        plan_name=plan.name,
        indicators=_catalog_indicators(session, plan_id, indicator_units),
        tasks=tuple(CatalogTask(t, number, title, tuple(task_units.get(t, ()))) for t, number, title in tasks),
    )


def _catalog_indicators(
    session: Session, plan_id: int, indicator_units: Mapping[int, list[str]]
) -> tuple[CatalogIndicator, ...]:
    """The plan's indicators in plan order. A large plan's catalogue stays in memory for the
    whole import: rows are taken a chunk at a time (row by row costs a driver call each, all
    at once holds them twice) and each unit of measure is kept once."""
    measures: dict[str, str] = {}
    no_units: tuple[str, ...] = ()
    rows = session.connection().execute(
        select(Indicator.id, Indicator.name, Indicator.unit_of_measure, Indicator.number)
        .where(Indicator.plan_id == plan_id).order_by(Indicator.group_id, Indicator.position)
    )
    return tuple(
        CatalogIndicator(
            i, name, unit if unit is None else measures.setdefault(unit, unit), number,
            tuple(indicator_units[i]) if i in indicator_units else no_units,
        )
        for part in rows.partitions(_CATALOG_CHUNK)
        for i, name, unit, number in part
    )


_CATALOG_CHUNK = 2_000


def _understand(
    grid: WorkbookGrid,
    catalog: PlanCatalog,
    directory: UnitDirectory,
    options: ImportOptions,
    remembered: Mapping[str, Mapping[str, str]],
) -> tuple[Extraction, list[str]]:
    """The extraction of one file and file-level errors (a template of another plan …)."""
    errors: list[str] = []
    if is_template(grid):
        try:
            identity, extraction = read_template(grid)
        except TemplateError as exc:
            return Extraction(grid.file_name, grid.sha256, None, None), [str(exc)]
        if identity.plan_id != catalog.plan_id:
            errors.append(
                f"{grid.file_name} 是方案 {identity.plan_id} 的报送模板，不属于当前方案 {catalog.plan_id}，未导入。"
            )
        return extraction, errors
    unit = options.unit
    mapping = options.mapping
    if mapping is None and unit is not None:
        resolved = directory.resolve(unit).name
        mapping = remembered.get(resolved or "")
    extraction = understand(
        grid, catalog, period=options.period, unit=unit, units=directory, mapping=mapping
    )
    if extraction.unit is not None and options.mapping is None and mapping is None and extraction.unit in remembered:
        extraction = understand(
            grid, catalog, period=options.period, unit=unit, units=directory, mapping=remembered[extraction.unit]
        )
    return extraction, errors


@contextmanager
def _gc_paused() -> Iterator[bool]:
    """The cyclic GC would rescan the import's objects (a large file's 100,000 values,
    changes, rows …) again and again and find nothing: they hold no reference cycles. Paused
    for one import, which is bounded by the files' size; collected normally afterwards.
    Yields whether it was running (the caller may then collect the young objects itself)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield was_enabled
    finally:
        if was_enabled:
            gc.enable()


def preview_files(database: Database, paths: Sequence[Path], options: ImportOptions) -> ImportResult:
    """Read and compare every file; nothing is written."""
    with _gc_paused() as collecting:
        return _preview_files(database, paths, options, collecting)


def _preview_files(
    database: Database, paths: Sequence[Path], options: ImportOptions, collecting: bool
) -> ImportResult:
    """``preview_files``; ``collecting``: free each file's reader garbage (see below)."""
    from desktop.workbooks.readers import read_workbook

    if not paths:
        raise UserError("没有指定要导入的文件。")
    with database.read() as s:
        catalog = plan_catalog(s, options.plan_id)
        directory = unit_directory(s)
        remembered = _remembered_mappings(s, options.plan_id)
        applied = _applied_batches(s, options.plan_id)
        any_locked = bool(locked_periods(s, options.plan_id))
        indicators = {i.id: i for i in catalog.indicators}
        task_labels = {t.id: f"任务 {t.number} {t.title}" for t in catalog.tasks}
        files: list[FilePreview] = []
        for path in paths:
            if not Path(path).is_file():
                raise UserError(f"找不到文件 {path}。请检查路径。")
            grid = read_workbook(Path(path), password=options.password)
            if collecting:
                # a reader may leave reference cycles behind (openpyxl's and xlrd's workbooks):
                # freed now, by a young-generation pass over what reading this file made
                gc.collect(0)
            extraction, errors = _understand(grid, catalog, directory, options, remembered)
            preview = FilePreview(
                file_name=grid.file_name, sha256=grid.sha256, unit=extraction.unit, period=extraction.period,
                template_id=extraction.template_id, not_understood=list(extraction.not_understood),
                refused=list(extraction.refused), warnings=list(extraction.warnings),
                notes=list(extraction.notes), errors=errors, extraction=extraction, format=grid.format,
            )
            for sheet in grid.sheets:
                for ref in sheet.formulas_without_value:
                    preview.warnings.append(IntakeWarning(sheet.name, ref, "公式没有计算结果，请在 Excel/WPS 中打开并保存后再导入"))
            sha256 = grid.sha256
            del grid  # a big sheet's cells are not needed for comparing and writing
            preview.already_imported = applied.get(sha256)
            if preview.already_imported is None:
                _compare(s, preview, extraction, indicators, task_labels, directory)
                if any_locked:
                    periods = {c.period for c in preview.changes if c.status != "unchanged"}
                    try:
                        ensure_unlocked(s, options.plan_id, periods, f"导入 {preview.file_name}")
                    except PeriodLocked as exc:
                        preview.errors.append(exc.message)
            files.append(preview)
    return ImportResult(files=files, conflicts=_conflicts(files), batch_ids=[], committed=False)


def _applied_batches(s: Session, plan_id: int) -> dict[str, int]:
    """sha256 → the first applied batch of the plan that imported those bytes: one query per
    preview instead of one per file."""
    applied: dict[str, int] = {}
    for batch_id, sha256 in s.execute(
        select(ImportBatch.id, ImportBatch.sha256)
        .where(ImportBatch.plan_id == plan_id, ImportBatch.state == "applied").order_by(ImportBatch.id)
    ):
        applied.setdefault(sha256, batch_id)
    return applied


def _fmt(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _ids_in(column: Any, ids: Collection[Any]) -> Any:
    """``column IN ids`` as one query however many ids: past a few hundred the ids travel as one
    JSON array (SQLite allows only so many bound parameters)."""
    if len(ids) <= _IN_LIST_LIMIT:
        return column.in_(ids)
    each = func.json_each(json.dumps(sorted(ids))).table_valued("value")
    return column.in_(select(each.c.value))


_IN_LIST_LIMIT = 500


def _json_list(items: Collection[Any]) -> str:
    return json.dumps(sorted(items))


def _in_json(column: Any, name: str) -> Any:
    """``column IN`` the JSON array bound as ``name``: any number of ids in one parameter."""
    each = func.json_each(bindparam(name)).table_valued("value")
    return column.in_(select(each.c.value))


@dataclass(frozen=True)
class _Statements:
    """The queries every file of an import runs, built once: building and compiling a
    statement anew for each of forty department files costs more than running it."""

    values_of: Any  # (indicator_id, period, value) of the indicators in :ids, oldest first
    rows_of: Any  # the value rows of the indicators in :ids and periods in :periods, oldest first
    new_batch: Any  # INSERT of one import batch
    batch_rows: Any  # UPDATE import_batch SET rows = :_rows WHERE id = :_id


@lru_cache(maxsize=1)
def _statements() -> _Statements:
    return _Statements(
        values_of=select(Value.indicator_id, Value.period, Value.value)
        .where(_in_json(Value.indicator_id, "ids")).order_by(Value.id),
        rows_of=select(Value.id, Value.indicator_id, Value.period, Value.value, Value.data_year, Value.note,
                       Value.origin, Value.batch_id, Value.source_unit_id)
        .where(_in_json(Value.indicator_id, "ids"), _in_json(Value.period, "periods")).order_by(Value.id),
        new_batch=insert(ImportBatch.__table__),
        batch_rows=update(ImportBatch.__table__).where(ImportBatch.__table__.c.id == bindparam("_id"))
        .values(rows=bindparam("_rows")),
    )


_ABSENT = object()


def _compare(
    s: Session,
    preview: FilePreview,
    extraction: Extraction,
    indicators: Mapping[int, CatalogIndicator],
    task_labels: Mapping[int, str],
    directory: UnitDirectory,
) -> None:
    ids = {v.indicator_id for v in extraction.values}
    others = ids - indicators.keys()
    existing: dict[tuple[int, str], Decimal | None] = {}
    history: dict[int, list[Decimal]] = {}
    if ids:
        # one query per file; ordered by id so that a repeated (indicator, period) keeps the last row
        for indicator_id, period, value in s.connection().execute(
            _statements().values_of, {"ids": _json_list(ids)}
        ):
            existing[(indicator_id, period)] = value
            if value is not None:
                history.setdefault(indicator_id, []).append(value)
    del ids
    # units of measure for the outlier check: the catalogue's, read only for indicators outside it
    units: dict[int, str | None] = {}
    if others:
        units.update(s.execute(select(Indicator.id, Indicator.unit_of_measure).where(_ids_in(Indicator.id, others))).tuples())
    _compare_values(preview, extraction, indicators, existing, history, units)
    _compare_progress(s, preview, extraction, task_labels)


def _compare_values(
    preview: FilePreview,
    extraction: Extraction,
    indicators: Mapping[int, CatalogIndicator],
    existing: Mapping[tuple[int, str], Decimal | None],
    history: Mapping[int, list[Decimal]],
    units: Mapping[int, str | None],
) -> None:
    """A ``Change`` for every value (in the extraction's order) and the outlier warnings.
    One pass of plain look-ups: a large file has 100,000 values."""
    add = preview.changes.append
    no_history: tuple[Decimal, ...] = ()
    for ev in extraction.values:
        value = ev.value
        new_text = None if value is None else format(value, "f")
        old_value = existing.get((ev.indicator_id, ev.period), _ABSENT)
        if old_value is _ABSENT:
            old_text = None
            status = "new"
        else:
            old_text = _fmt(old_value)  # type: ignore[arg-type]
            status = "unchanged" if old_value == value else "changed"
        known = indicators.get(ev.indicator_id)
        label = known.name if known is not None else str(ev.indicator_id)
        add(Change("value", ev.indicator_id, label, ev.period, old_text, new_text, ev.sheet, ev.cell, status))
        if value is not None and status != "unchanged":
            flag = check_outlier(history.get(ev.indicator_id, no_history), value,
                                 known.unit if known is not None else units.get(ev.indicator_id))
            if flag is not None:
                preview.warnings.append(IntakeWarning(ev.sheet, ev.cell, f"{label}：{flag.reason}"))


def _compare_progress(s: Session, preview: FilePreview, extraction: Extraction, task_labels: Mapping[int, str]) -> None:
    task_ids = {p.task_id for p in extraction.progress}
    unit_id = _unit_id(s, preview.unit) if task_ids else None
    reports: dict[tuple[int, str], ProgressReport] = {}
    if task_ids:
        for r in s.scalars(select(ProgressReport).where(ProgressReport.task_id.in_(task_ids))):
            if r.unit_id == unit_id:
                reports[(r.task_id, r.period)] = r
    for p in extraction.progress:
        old_r = reports.get((p.task_id, p.period))
        new_text = _progress_text(p.percent, p.status, p.progress_text)
        old_text = _progress_text(old_r.percent, old_r.status, old_r.progress_text) if old_r else None
        if old_r is None:
            status = "new"
        elif (old_r.percent, old_r.status, old_r.progress_text, old_r.problems, old_r.next_steps) == (
            p.percent, p.status, p.progress_text, p.problems, p.next_steps
        ):
            status = "unchanged"
        else:
            status = "changed"
        preview.changes.append(
            Change("progress", p.task_id, task_labels.get(p.task_id, str(p.task_id)), p.period,
                   old_text, new_text, p.sheet, f"第{p.row}行", status)
        )


def _progress_text(percent: Decimal | None, status: str | None, text: str | None) -> str:
    parts = []
    if percent is not None:
        parts.append(f"{_fmt(percent)}%")
    if status:
        parts.append(status)
    if text:
        parts.append(text if len(text) <= 30 else text[:29] + "…")
    return "，".join(parts) or "（空）"


def _unit_id(s: Session, name: str | None) -> int | None:
    if name is None:
        return None
    return s.scalar(select(Unit.id).where(Unit.name == name))


def _conflicts(files: Sequence[FilePreview]) -> list[Conflict]:
    """Two files giving different values for the same indicator and period."""
    active = [f for f in files if f.already_imported is None]
    if len(active) < 2 and not any(c.kind == "progress" for f in active for c in f.changes):
        return []  # one file's values cannot contradict each other: its repeats are refused while reading
    seen: dict[tuple[str, tuple[int, str]], tuple[FilePreview, Change]] = {}
    conflicts = []
    for f in files:
        if f.already_imported is not None:
            continue
        for c in f.changes:
            # values are one per indicator and period; progress is per reporting unit
            key = (c.kind if c.kind == "value" else f"progress:{f.unit}", c.key)
            prior = seen.get(key)
            if prior is None:
                seen[key] = (f, c)
            elif prior[1].new != c.new:
                pf, pc = prior
                conflicts.append(
                    Conflict(c.label, c.period, f"{pf.file_name} {pc.sheet}!{pc.cell} = {pc.new}",
                             f"{f.file_name} {c.sheet}!{c.cell} = {c.new}")
                )
    return conflicts


def _remembered_mappings(s: Session, plan_id: int) -> dict[str, dict[str, str]]:
    rows = s.execute(select(Unit.name, UnitMapping.mapping).join(Unit, Unit.id == UnitMapping.unit_id)
                     .where(UnitMapping.plan_id == plan_id))
    return {name: dict(mapping) for name, mapping in rows}


# --- committing ------------------------------------------------------------------------------


def import_files(database: Database, paths: Sequence[Path], options: ImportOptions) -> ImportResult:
    """Preview, then (unless a dry run or blocked) write every file in one transaction."""
    with _gc_paused() as collecting:
        return _import_files(database, paths, options, collecting)


def _import_files(database: Database, paths: Sequence[Path], options: ImportOptions, collecting: bool) -> ImportResult:
    result = _preview_files(database, paths, options, collecting)
    if options.dry_run or result.blocked:
        return result
    todo = [f for f in result.files if f.already_imported is None and any(c.status != "unchanged" for c in f.changes)]
    if not todo:
        return result
    if options.backup:
        from desktop.services.backups import make_backup, prune

        result.backup = make_backup(database.path, "before-import")
        prune(database.path)
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    user = current_user()
    with database.write() as s:
        state = _WriteState.load(s, options.plan_id)
        for f in todo:
            result.batch_ids.append(_write_file(s, f, options, now, user, state))
    result.committed = True
    return result


@dataclass
class _WriteState:
    """What every file of one write transaction needs, read once instead of once per file
    (forty department files would otherwise repeat the same small queries forty times)."""

    unit_ids: dict[str, int]
    round_periods: set[str]  # periods with a collection round of the plan
    next_value_id: int  # the id SQLite would give the next value row

    @classmethod
    def load(cls, s: Session, plan_id: int) -> _WriteState:
        return cls(
            unit_ids={name: unit_id for name, unit_id in s.execute(select(Unit.name, Unit.id))},
            round_periods=set(s.scalars(select(CollectionRound.period).where(CollectionRound.plan_id == plan_id))),
            next_value_id=(s.scalar(select(func.max(Value.id))) or 0) + 1,
        )


def _write_file(
    s: Session, f: FilePreview, options: ImportOptions, now: dt.datetime, user: str, state: _WriteState
) -> int:
    assert f.extraction is not None
    unit_id = state.unit_ids.get(f.unit) if f.unit is not None else None
    changed = [c for c in f.changes if c.status != "unchanged"]
    # a Core insert: an ORM object flushed once per file costs more than the insert itself, and
    # nothing later in the import needs the batch as an object
    batch_id = s.connection().execute(_statements().new_batch, {
        "plan_id": options.plan_id, "round_id": options.round_id, "file_name": f.file_name, "sha256": f.sha256,
        "unit_id": unit_id, "period": f.period, "imported_at": now,
        "rows": len(changed),  # as counted below; inserted with it, the batch needs no second UPDATE
        "state": "applied", "file_format": f.format, "template_id": f.template_id, "os_user": user,
    }).inserted_primary_key[0]
    reason = f"导入批次 {batch_id}"
    values = {(v.indicator_id, v.period): v for v in f.extraction.values}
    progress = {(p.task_id, p.period): p for p in f.extraction.progress}
    value_keys = [c.key for c in changed if c.kind == "value"]
    existing: dict[tuple[int, str], Any] = {}
    if value_keys:
        ids = {k[0] for k in value_keys}
        periods = {k[1] for k in value_keys}
        for row in s.connection().execute(
            _statements().rows_of, {"ids": _json_list(ids), "periods": _json_list(periods)}
        ):
            existing[(row.indicator_id, row.period)] = row
    inserts: list[ExtractedValue] = []
    updates: list[dict[str, Any]] = []
    items: list[Any] = []  # dicts, or tuples in _ITEM_COLUMNS order
    audits: list[Any] = []  # dicts, or tuples in _AUDIT_COLUMNS order
    for key in value_keys:
        ev = values[key]
        old = existing.get(key)
        if old is None:
            inserts.append(ev)
            continue
        fields = {"value": _fmt(ev.value), "data_year": ev.data_year, "note": ev.note}
        before = {"value": _fmt(old.value), "data_year": old.data_year, "note": old.note, "origin": old.origin,
                  "batch_id": old.batch_id, "source_unit_id": old.source_unit_id}
        updates.append({
            "_id": old.id, "_value": ev.value, "_data_year": ev.data_year if ev.data_year is not None else old.data_year,
            "_note": ev.note if ev.note is not None else old.note,
            "_source_unit_id": unit_id if unit_id is not None else old.source_unit_id,
        })
        items.append({"batch_id": batch_id, "kind": "value", "record_id": old.id, "action": "update",
                      "old": before, "new": fields, "sheet": ev.sheet, "cell": ev.cell})
        audits.append(_audit(options.plan_id, "value", old.id, before["value"], fields["value"], reason, batch_id, now, user))
    if updates:
        table = Value.__table__
        s.connection().execute(
            update(table).where(table.c.id == bindparam("_id")).values(
                value=bindparam("_value"), data_year=bindparam("_data_year"), note=bindparam("_note"), origin="import",
                batch_id=batch_id, source_unit_id=bindparam("_source_unit_id"), updated_at=now,
            ),
            updates,
        )
    inserted = 0
    if inserts:
        inserted = _insert_values(s, inserts, state, unit_id, batch_id, options.plan_id, reason, now, user)
    for c in changed:
        if c.kind != "progress":
            continue
        p = progress[c.key]
        item = _write_progress(s, p, unit_id, batch_id, now)
        items.append(item)
        audits.append(_audit(options.plan_id, "progress_report", item["record_id"], c.old, c.new, reason, batch_id, now, user))
    if items:
        _Rows.of_dicts(s, ImportBatchItem.__table__, items, _ITEM_COLUMNS)
    if audits:
        _Rows.of_dicts(s, AuditLog.__table__, audits, _AUDIT_COLUMNS)
    rows = len(items) + inserted
    if rows != len(changed):
        s.connection().execute(_statements().batch_rows, {"_id": batch_id, "_rows": rows})
    if unit_id is not None and f.period is not None and (options.round_id is not None or f.period in state.round_periods):
        record_return(s, options.plan_id, f.period, unit_id, f.file_name, batch_id, now, options.round_id)
    if options.mapping and unit_id is not None:
        _remember_mapping(s, options.plan_id, unit_id, options.mapping, now)
    return batch_id


def _insert_values(
    s: Session, inserts: Sequence[ExtractedValue], state: _WriteState, unit_id: int | None, batch_id: int,
    plan_id: int, reason: str, now: dt.datetime, user: str,
) -> int:
    """New value rows with their batch items and audit rows; returns how many were written.

    Ids are given as SQLite would give them (the largest so far + 1, in order), so that the
    batch items and audit rows can name them without reading them back. Rows are built as
    the driver stores them (see ``_Insert``): for 100,000 rows any per-cell work shows.
    They go in in plan order (indicator, period), not in the file's order: each row's entry
    in the (indicator, period) index and its indicator's foreign-key look-up then land next to
    the previous one instead of anywhere in the B-trees (a quarter of the writing time of a
    shuffled 100,000-row file).
    """
    inserts = sorted(inserts, key=_PLAN_ORDER)
    start = state.next_value_id
    state.next_value_id += len(inserts)
    values = _Insert(s, Value.__table__, _VALUE_COLUMNS, stored=("value",))
    items = _Insert(s, ImportBatchItem.__table__, _ITEM_COLUMNS, stored=("new",))
    audits = _Insert(s, AuditLog.__table__, _AUDIT_COLUMNS, stored=("new",))
    origin, stamp = values.bound("origin", "import"), values.bound("updated_at", now)
    kind, action, no_old = items.bound("kind", "value"), items.bound("action", "insert"), items.bound("old", None)
    at, entity, field_ = audits.bound("at", now), audits.bound("entity", "value"), audits.bound("field", "value")
    # in slices: a 100,000-row file never holds all its rows for three tables at once
    for first in range(0, len(inserts), _SLICE):
        part = inserts[first : first + _SLICE]
        ids = range(start + first, start + first + len(part))
        # each figure's text is made once: the stored value, the batch item and the audit row
        texts = [None if ev.value is None else format(ev.value, "f") for ev in part]
        values.write([
            (vid, ev.indicator_id, ev.period, text, ev.data_year, unit_id, origin, batch_id, ev.note, stamp)
            for vid, ev, text in zip(ids, part, texts)
        ])
        items.write([
            (batch_id, kind, vid, action, no_old, _inserted_json(text, ev.data_year, ev.note), ev.sheet, ev.cell)
            for vid, ev, text in zip(ids, part, texts)
        ])
        audits.write([
            (at, user, plan_id, entity, vid, field_, None, text, reason, batch_id) for vid, text in zip(ids, texts)
        ])
    return len(inserts)


def _insert_sql(dialect: Any, table: Any, columns: Sequence[str]) -> str:
    """The driver-level ``INSERT`` of ``columns`` into ``table``, one ``?`` per column."""
    quote = dialect.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )


class _Insert:
    """One ``INSERT`` of a table for rows already in their stored form, written with one
    ``executemany`` of the driver (no per-row SQLAlchemy work).

    A value that its column type would process (datetimes, JSON, exact decimals) is either
    the same for every row — processed once with ``bound`` — or listed in ``stored`` and
    given as the text the type's processing produces; any other processed column is refused
    when the insert is made, so a row cannot silently reach the table unprocessed.
    """

    def __init__(self, s: Session, table: Any, columns: Sequence[str], stored: Collection[str] = ()) -> None:
        self.connection = s.connection()
        dialect = self.connection.dialect
        self.sql = _insert_sql(dialect, table, columns)
        self.processors = {
            name: processor
            for name in columns
            if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        self.constant = set(self.processors) - set(stored)

    def bound(self, column: str, value: Any) -> Any:
        """``value`` as the column stores it (the same for every row)."""
        self.constant.discard(column)
        processor = self.processors.get(column)
        return value if processor is None else processor(value)

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if self.constant:
            raise TypeError(f"columns not in stored form: {sorted(self.constant)}")
        if rows:
            self.connection.exec_driver_sql(self.sql, rows)


_NOTHING = object()


_quote = json.encoder.encode_basestring_ascii  # what json.dumps uses for a str


def _inserted_json(text: str | None, data_year: int | None, note: str | None) -> str:
    """``json.dumps({"value": text, "data_year": data_year, "note": note})``, for 100,000 rows."""
    value = "null" if text is None else f'"{text}"'  # a figure's text needs no escaping
    if data_year is None and note is None:
        return f'{{"value": {value}, "data_year": null, "note": null}}'
    year = "null" if data_year is None else str(int(data_year))
    return f'{{"value": {value}, "data_year": {year}, "note": {"null" if note is None else _quote(note)}}}'


class _Rows:
    """Rows for one table, written with one ``executemany`` of the driver (no per-row SQLAlchemy work).

    Each value goes through its column type's own bind processing (exact decimals as text,
    datetimes, JSON), so the stored rows are what ``insert(table)`` would store.
    """

    def __init__(self, s: Session, table: Any, columns: Sequence[str]) -> None:
        self.connection = s.connection()
        dialect = self.connection.dialect
        self.sql = _insert_sql(dialect, table, columns)
        self.processors = [
            (index, processor)
            for index, name in enumerate(columns)
            if (processor := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
        ]
        self.rows: list[Any] = []
        self.add = self.rows.append

    def write(self) -> None:
        rows = self.rows
        if self.processors:
            # the same input (the import's timestamp, its user …) is processed once
            memo: list[tuple[Any, Any]] = [(_NOTHING, None)] * len(self.processors)
            for position, row in enumerate(rows):
                cells = list(row)
                for slot, (index, processor) in enumerate(self.processors):
                    value = cells[index]
                    last_in, last_out = memo[slot]
                    if value is last_in:
                        cells[index] = last_out
                    else:
                        cells[index] = out = processor(value)
                        memo[slot] = (value, out)
                rows[position] = tuple(cells)
        if rows:
            self.connection.exec_driver_sql(self.sql, rows)

    @classmethod
    def of_dicts(cls, s: Session, table: Any, entries: Sequence[Any], columns: Sequence[str]) -> None:
        """``entries``: dicts, or tuples already in the order of ``columns``."""
        rows = cls(s, table, columns)
        for entry in entries:
            rows.add(entry if type(entry) is tuple else tuple(entry[c] for c in columns))
        rows.write()


_SLICE = 20_000
_PLAN_ORDER = attrgetter("indicator_id", "period")
_VALUE_COLUMNS = ("id", "indicator_id", "period", "value", "data_year", "source_unit_id", "origin", "batch_id", "note",
                  "updated_at")
_ITEM_COLUMNS = ("batch_id", "kind", "record_id", "action", "old", "new", "sheet", "cell")
_AUDIT_COLUMNS = ("at", "os_user", "plan_id", "entity", "entity_id", "field", "old", "new", "reason", "batch_id")


def _write_progress(s: Session, p: ExtractedProgress, unit_id: int | None, batch_id: int, now: dt.datetime) -> dict[str, Any]:
    fields = {"percent": _fmt(p.percent), "status": p.status, "progress_text": p.progress_text,
              "problems": p.problems, "next_steps": p.next_steps}
    old = s.scalar(select(ProgressReport).where(
        ProgressReport.task_id == p.task_id, ProgressReport.period == p.period, ProgressReport.unit_id == unit_id))
    if old is None:
        row = ProgressReport(task_id=p.task_id, period=p.period, unit_id=unit_id, percent=p.percent, status=p.status,
                             progress_text=p.progress_text, problems=p.problems, next_steps=p.next_steps,
                             reported_on=now.date(), origin="import", batch_id=batch_id, updated_at=now)
        s.add(row)
        s.flush()
        return {"batch_id": batch_id, "kind": "progress", "record_id": row.id, "action": "insert", "old": None,
                "new": fields, "sheet": p.sheet, "cell": f"第{p.row}行"}
    before = {"percent": _fmt(old.percent), "status": old.status, "progress_text": old.progress_text,
              "problems": old.problems, "next_steps": old.next_steps, "origin": old.origin, "batch_id": old.batch_id,
              "reported_on": old.reported_on.isoformat() if old.reported_on else None}
    old.percent, old.status, old.progress_text = p.percent, p.status, p.progress_text
    old.problems, old.next_steps, old.origin, old.batch_id = p.problems, p.next_steps, "import", batch_id
    old.reported_on, old.updated_at = now.date(), now
    return {"batch_id": batch_id, "kind": "progress", "record_id": old.id, "action": "update", "old": before,
            "new": fields, "sheet": p.sheet, "cell": f"第{p.row}行"}


def _audit(plan_id: int, entity: str, entity_id: int, old: str | None, new: str | None, reason: str,
           batch_id: int, at: dt.datetime, user: str) -> dict[str, Any]:
    return {"at": at, "os_user": user, "plan_id": plan_id, "entity": entity, "entity_id": entity_id,
            "field": "value" if entity == "value" else "progress", "old": old, "new": new, "reason": reason,
            "batch_id": batch_id}


def _remember_mapping(s: Session, plan_id: int, unit_id: int, mapping: Mapping[str, str], now: dt.datetime) -> None:
    row = s.scalar(select(UnitMapping).where(UnitMapping.plan_id == plan_id, UnitMapping.unit_id == unit_id))
    if row is None:
        s.add(UnitMapping(plan_id=plan_id, unit_id=unit_id, mapping=dict(mapping), updated_at=now))
    else:
        row.mapping = dict(mapping)
        row.updated_at = now


# --- batches ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchLine:
    id: int
    file_name: str
    unit: str | None
    period: str | None
    imported_at: dt.datetime
    rows: int
    state: str


def list_batches(database: Database, plan_id: int) -> list[BatchLine]:
    with database.read() as s:
        if s.get(Plan, plan_id) is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的方案。")
        rows = s.execute(
            select(ImportBatch, Unit.name).outerjoin(Unit, Unit.id == ImportBatch.unit_id)
            .where(ImportBatch.plan_id == plan_id).order_by(ImportBatch.id)
        ).all()
        return [BatchLine(b.id, b.file_name, unit, b.period, b.imported_at, b.rows, b.state) for b, unit in rows]


def undo_batch(database: Database, batch_id: int) -> int:
    """Restore exactly what batch ``batch_id`` replaced; returns how many entries were restored.

    Refused (nothing changed) when a later edit or import has touched one of its values since:
    undoing then would silently throw that later work away.
    """
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    user = current_user()
    with database.write() as s:
        batch = s.scalar(select(ImportBatch).where(ImportBatch.id == batch_id).options(selectinload(ImportBatch.items)))
        if batch is None:
            raise NotFoundError(f"没有编号为 {batch_id} 的导入批次。请用 batches 命令查看。")
        if batch.state == "undone":
            raise UserError(f"导入批次 {batch_id}（{batch.file_name}）已经撤销过了。")
        reason = f"撤销导入批次 {batch_id}"
        restored = 0
        touched = {str(period) for period in s.scalars(select(Value.period).where(Value.batch_id == batch_id))}
        touched |= {str(period) for period in s.scalars(select(ProgressReport.period).where(ProgressReport.batch_id == batch_id))}
        ensure_unlocked(s, batch.plan_id, touched, f"撤销导入批次 {batch_id}")
        for item in reversed(batch.items):
            model = Value if item.kind == "value" else ProgressReport
            row = s.get(model, item.record_id)
            if row is None or row.batch_id != batch_id:
                raise UserError(
                    f"导入批次 {batch_id} 写入的数据（{item.sheet} {item.cell}）之后又被修改过，"
                    "为免丢失后来的修改，未撤销。请先撤销之后的修改或批次。"
                )
            if item.action == "insert":
                s.delete(row)
                old_text = None
            else:
                old = item.old or {}
                if item.kind == "value":
                    row.value = Decimal(old["value"]) if old.get("value") is not None else None
                    row.data_year, row.note = old.get("data_year"), old.get("note")
                    row.origin, row.batch_id = old.get("origin") or "typed", old.get("batch_id")
                    row.source_unit_id = old.get("source_unit_id")
                    old_text = old.get("value")
                else:
                    row.percent = Decimal(old["percent"]) if old.get("percent") is not None else None
                    row.status, row.progress_text = old.get("status"), old.get("progress_text")
                    row.problems, row.next_steps = old.get("problems"), old.get("next_steps")
                    row.origin, row.batch_id = old.get("origin") or "typed", old.get("batch_id")
                    row.reported_on = dt.date.fromisoformat(old["reported_on"]) if old.get("reported_on") else None
                    old_text = old.get("progress_text")
                row.updated_at = now
            new_text = (item.new or {}).get("value") if item.kind == "value" else (item.new or {}).get("progress_text")
            s.add(AuditLog(at=now, os_user=user, plan_id=batch.plan_id, entity=item.kind if item.kind == "value" else "progress_report",
                           # field names the cell ("indicator@period" / "task@period"): an undone insert
                           # deletes its row, and the history still has to find where it was
                           entity_id=item.record_id,
                           field=f"{row.indicator_id if item.kind == 'value' else row.task_id}@{row.period}",
                           old=new_text, new=old_text, reason=reason, batch_id=batch_id))
            restored += 1
        batch.state = "undone"
        batch.undone_at = now
        for ru in s.scalars(select(RoundUnit).where(RoundUnit.batch_id == batch_id)):
            ru.batch_id = None
            ru.returned_at = None
            ru.file_name = None
        return restored
