"""What the drafting rules find in a policy text: plain frozen dataclasses.

Every extracted item carries ``source`` (the sentence or line it came from, as it reads
in the cleaned text) and ``confidence`` (0–1): the clerk reviews a draft, and must see
where each item came from and which ones the rules were unsure about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

#: Items below this confidence are marked for review.
LOW_CONFIDENCE = 0.7


@dataclass(frozen=True)
class MetaField:
    """One piece of document metadata with the line it was read from."""

    value: str | int | dt.date | None
    source: str | None
    confidence: float


@dataclass(frozen=True)
class DocumentMeta:
    name: MetaField
    doc_number: MetaField
    issuer: MetaField
    issue_date: MetaField
    city: MetaField
    target_year: MetaField
    base_year: MetaField


@dataclass(frozen=True)
class Heading:
    """A numbered heading (一、 （一） 1. （1） ① 一是) found at the start of a line.

    ``style`` names the numbering style, ``ordinal`` is its value (（三） → 3), ``number``
    the number as written (三), ``level`` the depth in the document (1 = top).
    """

    style: str
    ordinal: int
    number: str
    title: str
    level: int
    line: int
    irregular: bool = False  # accepted although the numbering skips one
    marker: str = ""  # the number as it stands in the line: "1.", "（一）", "①"


@dataclass(frozen=True)
class Section:
    """A heading with its own text (up to the next heading) and its children."""

    heading: Heading
    text: str
    children: tuple[Section, ...] = ()
    path: tuple[Heading, ...] = ()  # ancestors, outermost first


@dataclass(frozen=True)
class UnitRef:
    """A responsible unit as written, and what the unit list resolves it to."""

    written: str
    name: str | None  # canonical name, None when the unit list does not know it
    role: str  # "responsible" | "lead" | "cooperating"
    how: str  # "exact" | "alias" | "normalised" | "unknown" | "unresolved" (no list given)

    @property
    def known(self) -> bool:
        return self.name is not None


@dataclass(frozen=True)
class UnitClause:
    """A （责任单位：…） clause with the units it names, in order."""

    label: str
    units: tuple[UnitRef, ...]
    source: str
    confidence: float


@dataclass(frozen=True)
class DraftDeadline:
    text: str
    date: dt.date | None
    ongoing: bool
    yearly: bool
    source: str
    confidence: float


@dataclass(frozen=True)
class NumericTarget:
    """A number the document promises: '到2025年，高新技术企业达到900家'.

    ``kind`` uses the plan vocabulary: level, ceiling, increase_points, growth_rate,
    yearly_flow, cumulative. ``year_from`` says where the year came from: the sentence
    itself, the task's deadline or the plan's target year.
    """

    name: str
    value: Decimal
    unit: str | None
    year: int | None
    direction: str  # "higher" | "lower"
    kind: str
    qualifier: str | None  # 以上 / 左右 / 以内 / 余 … as written
    text: str  # the phrase the number was read from
    source: str
    confidence: float
    year_from: str
    task_number: str | None = None


@dataclass(frozen=True)
class TableGoal:
    """One 建设目标 row of a task-division table."""

    text: str
    units: tuple[str, ...]
    deadline_text: str | None


@dataclass(frozen=True)
class DraftTask:
    number: str
    written_number: str
    title: str
    body: str
    group_number: str | None
    group_name: str
    units: tuple[UnitRef, ...]
    deadline: DraftDeadline | None
    targets: tuple[NumericTarget, ...]
    goals: tuple[TableGoal, ...]
    source: str
    confidence: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DraftGroup:
    number: str | None
    name: str
    tasks: tuple[DraftTask, ...]


@dataclass(frozen=True)
class DraftIndicator:
    """A plan indicator drafted from a target outside any task (总体要求/发展目标) or a table."""

    group: str
    name: str
    unit: str | None
    direction: str
    targets: tuple[NumericTarget, ...]
    task_number: str | None
    source: str
    confidence: float


@dataclass(frozen=True)
class TextTable:
    """A table found in the text (an attachment or a flattened table in the body)."""

    label: str | None  # 附件3
    title: str
    kind: str  # "task_division" | "indicator_targets" | "other"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source: str


@dataclass(frozen=True)
class Draft:
    meta: DocumentMeta
    groups: tuple[DraftGroup, ...]
    indicators: tuple[DraftIndicator, ...]
    tables: tuple[TextTable, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def tasks(self) -> tuple[DraftTask, ...]:
        return tuple(t for g in self.groups for t in g.tasks)

    @property
    def targets(self) -> tuple[NumericTarget, ...]:
        """Every numeric target: plan indicators first, then those stated in tasks."""
        out = [t for i in self.indicators for t in i.targets]
        return tuple(out)
