"""A plan from its own official Excel attachments (指标体系, 重点任务分工)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.presets import load_plan_document


def import_plan(database: Database, paths: Sequence[Path], name: str | None = None) -> tuple[int, list[str]]:
    from desktop.domain.intake.plan_reader import PlanSheetError, read_plan
    from desktop.workbooks.readers import read_workbook

    grids = []
    for path in paths:
        if not Path(path).is_file():
            raise UserError(f"找不到文件 {path}。请检查路径。")
        grids.append(read_workbook(Path(path)))
    try:
        doc = read_plan(grids, name=name)
    except PlanSheetError as exc:
        raise UserError(str(exc)) from exc
    return load_plan_document(database, doc, source="、".join(Path(p).name for p in paths))
