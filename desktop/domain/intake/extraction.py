"""What was understood in one returned file, before anything is written.

Every item keeps where it came from (sheet and cell) so a preview, a refusal message and
the import batch can name it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class ExtractedValue(NamedTuple):
    """One value read from a file. A named tuple rather than a frozen dataclass: a large sheet
    gives 100,000 of them, and a frozen dataclass takes four times as long to build."""

    indicator_id: int
    period: str  # canonical Period text
    value: Decimal | None  # None: the cell says 'no value' (—)
    raw: str  # the text as the department wrote it
    sheet: str
    cell: str  # A1
    data_year: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractedProgress:
    task_id: int
    period: str  # canonical month, e.g. 2024-06
    percent: Decimal | None
    status: str | None  # 未启动 / 推进中 / 已完成 / 滞后
    progress_text: str | None
    problems: str | None
    next_steps: str | None
    sheet: str
    row: int


@dataclass(frozen=True, slots=True)
class Refusal:
    """A cell that was understood as belonging somewhere but cannot be stored: a hard error."""

    sheet: str
    cell: str
    text: str
    reason: str  # Chinese, says what to do


@dataclass(frozen=True, slots=True)
class NotUnderstood:
    """A row whose name matched nothing well enough; reported, never guessed."""

    sheet: str
    row: int
    text: str
    best_guess: str | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    """A soft problem (outlier, percentage above 100): listed, does not block."""

    sheet: str
    cell: str
    message: str


@dataclass(frozen=True)
class Extraction:
    file_name: str
    sha256: str
    unit: str | None  # the sending unit, canonical name, when known
    period: str | None
    template_id: str | None = None
    values: tuple[ExtractedValue, ...] = ()
    progress: tuple[ExtractedProgress, ...] = ()
    refused: tuple[Refusal, ...] = ()
    not_understood: tuple[NotUnderstood, ...] = ()
    warnings: tuple[Warning, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)  # how the file was read (layout, header row …)


class CatalogIndicator(NamedTuple):
    """One indicator of the plan. A named tuple, like ``ExtractedValue``: a plan may hold
    100,000 of them, built for every import."""

    id: int
    name: str
    unit: str | None  # 计量单位 of the plan: %, 家, 亿元 …
    number: str | None = None
    units: tuple[str, ...] = ()  # responsible units (canonical), lead first


@dataclass(frozen=True, slots=True)
class CatalogTask:
    id: int
    number: str
    title: str
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanCatalog:
    """What a returned file can be matched against: the plan's indicators and tasks."""

    plan_id: int
    plan_name: str
    indicators: tuple[CatalogIndicator, ...]
    tasks: tuple[CatalogTask, ...]
