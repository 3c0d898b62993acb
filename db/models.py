"""The plan data model (DESIGN.md, Domain).

Ordered lists (units of a task, lead first; goals; milestones) carry a ``position`` column,
because the order is part of what the document says: the first responsible unit leads.
Unit references keep the name exactly as the document wrote it (``written_name``) beside
the resolved unit, so a 2018 plan still shows 市经信委 while matching 市工业和信息化局.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.types import ExactDecimal

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        Decimal: ExactDecimal(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        list[int]: JSON(),
    }


# --- plans and units ---------------------------------------------------------------


class Plan(Base):
    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    preset: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    doc_number: Mapped[Optional[str]] = mapped_column(String(100))
    issuer: Mapped[Optional[str]] = mapped_column(String(200))
    issue_date: Mapped[Optional[dt.date]] = mapped_column(Date)
    city: Mapped[Optional[str]] = mapped_column(String(50))
    base_year: Mapped[Optional[int]] = mapped_column(Integer)
    target_year: Mapped[Optional[int]] = mapped_column(Integer)
    reporting_day: Mapped[Optional[int]] = mapped_column(Integer)
    review_months: Mapped[list[int]] = mapped_column(default=list)
    source: Mapped[Optional[str]] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    # 注 lines printed under the indicator table (聊城 附件2)
    indicator_notes: Mapped[list[str]] = mapped_column(default=list, server_default="[]")
    # evaluation thresholds the clerk may change; None = the defaults of the domain
    lagging_threshold: Mapped[Optional[Decimal]]
    severe_threshold: Mapped[Optional[Decimal]]
    due_soon_days: Mapped[Optional[int]] = mapped_column(Integer)

    indicator_groups: Mapped[list[IndicatorGroup]] = relationship(
        back_populates="plan", order_by="IndicatorGroup.position", cascade="all, delete-orphan"
    )
    task_groups: Mapped[list[TaskGroup]] = relationship(
        back_populates="plan", order_by="TaskGroup.position", cascade="all, delete-orphan"
    )
    task_forces: Mapped[list[TaskForce]] = relationship(
        back_populates="plan", order_by="TaskForce.position", cascade="all, delete-orphan"
    )


class Unit(Base):
    """A department, county government, zone committee, bureau section or company."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    contact_person: Mapped[Optional[str]] = mapped_column(String(100))
    contact_phone: Mapped[Optional[str]] = mapped_column(String(50))

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", order_by="UnitAlias.position", cascade="all, delete-orphan"
    )


class UnitAlias(Base):
    __tablename__ = "unit_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    alias: Mapped[str] = mapped_column(String(200), unique=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


# --- indicators ----------------------------------------------------------------------


class IndicatorGroup(Base):
    """一级指标."""

    __tablename__ = "indicator_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))

    plan: Mapped[Plan] = relationship(back_populates="indicator_groups")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="group", order_by="Indicator.position", cascade="all, delete-orphan"
    )


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("indicator_group.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[Optional[str]] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    unit_of_measure: Mapped[Optional[str]] = mapped_column(String(50))
    direction: Mapped[str] = mapped_column(String(20))  # higher | lower | qualitative
    weight: Mapped[Optional[Decimal]]
    key: Mapped[bool] = mapped_column(Boolean, default=False)
    decimals: Mapped[Optional[int]] = mapped_column(Integer)
    baseline_value: Mapped[Optional[Decimal]]
    baseline_year: Mapped[Optional[int]] = mapped_column(Integer)
    task_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), index=True
    )
    source_text: Mapped[Optional[str]] = mapped_column(Text)
    note: Mapped[Optional[str]] = mapped_column(Text)
    # proportional | all_or_nothing | hand (desktop.domain.evaluation.specs.Scoring)
    scoring: Mapped[str] = mapped_column(String(20), default="proportional", server_default="proportional")
    hand_score: Mapped[Optional[Decimal]]

    plan: Mapped[Plan] = relationship()
    group: Mapped[IndicatorGroup] = relationship(back_populates="indicators")
    task: Mapped[Optional[Task]] = relationship()
    units: Mapped[list[IndicatorUnit]] = relationship(
        order_by="IndicatorUnit.position", cascade="all, delete-orphan"
    )
    targets: Mapped[list[Target]] = relationship(
        back_populates="indicator", order_by="[Target.year, Target.id]", cascade="all, delete-orphan"
    )
    values: Mapped[list[Value]] = relationship(
        back_populates="indicator", order_by="Value.id", cascade="all, delete-orphan"
    )


class IndicatorUnit(Base):
    """Responsible unit of an indicator; position 0 leads."""

    __tablename__ = "indicator_unit"
    __table_args__ = (UniqueConstraint("indicator_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    written_name: Mapped[str] = mapped_column(String(200))

    unit: Mapped[Unit] = relationship()


class Target(Base):
    """One target of an indicator in one year; staged targets are several rows."""

    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Optional[Decimal]]
    # level | ceiling | increase_points | growth_rate | yearly_flow | cumulative | qualitative
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[Optional[str]] = mapped_column(Text)

    indicator: Mapped[Indicator] = relationship(back_populates="targets")


class Value(Base):
    """An actual figure: reported in ``period``, describing ``data_year``."""

    __tablename__ = "value"
    __table_args__ = (Index("ix_value_indicator_period", "indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))  # canonical Period text: 2022, 2022Q3 ...
    value: Mapped[Optional[Decimal]]
    data_year: Mapped[Optional[int]] = mapped_column(Integer)
    source_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id"), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # preset | typed | import
    batch_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("import_batch.id"), index=True
    )
    note: Mapped[Optional[str]] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
    source_unit: Mapped[Optional[Unit]] = relationship()


# --- tasks ---------------------------------------------------------------------------


class TaskGroup(Base):
    __tablename__ = "task_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[Optional[str]] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))

    plan: Mapped[Plan] = relationship(back_populates="task_groups")
    tasks: Mapped[list[Task]] = relationship(
        back_populates="group", order_by="Task.position", cascade="all, delete-orphan"
    )


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("task_group.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[Optional[str]] = mapped_column(Text)
    deadline: Mapped[Optional[dt.date]] = mapped_column(Date)
    deadline_text: Mapped[Optional[str]] = mapped_column(String(200))
    ongoing: Mapped[bool] = mapped_column(Boolean, default=False)
    task_force_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("task_force.id", ondelete="SET NULL"), index=True
    )

    plan: Mapped[Plan] = relationship()
    group: Mapped[TaskGroup] = relationship(back_populates="tasks")
    task_force: Mapped[Optional[TaskForce]] = relationship()
    units: Mapped[list[TaskUnit]] = relationship(
        order_by="TaskUnit.position", cascade="all, delete-orphan"
    )
    goals: Mapped[list[TaskGoal]] = relationship(
        back_populates="task", order_by="TaskGoal.position", cascade="all, delete-orphan"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="task", order_by="Milestone.position", cascade="all, delete-orphan"
    )
    progress_reports: Mapped[list[ProgressReport]] = relationship(
        back_populates="task", order_by="ProgressReport.id", cascade="all, delete-orphan"
    )


class TaskUnit(Base):
    """Responsible unit of a task; position 0 leads, the rest cooperate."""

    __tablename__ = "task_unit"
    __table_args__ = (UniqueConstraint("task_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    written_name: Mapped[str] = mapped_column(String(200))

    unit: Mapped[Unit] = relationship()


class TaskGoal(Base):
    """建设目标 row; a row may name its own units and deadline (聊城 附件3 task 5)."""

    __tablename__ = "task_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[Optional[dt.date]] = mapped_column(Date)
    deadline_text: Mapped[Optional[str]] = mapped_column(String(200))
    ongoing: Mapped[bool] = mapped_column(Boolean, default=False)

    task: Mapped[Task] = relationship(back_populates="goals")
    units: Mapped[list[TaskGoalUnit]] = relationship(
        order_by="TaskGoalUnit.position", cascade="all, delete-orphan"
    )


class TaskGoalUnit(Base):
    __tablename__ = "task_goal_unit"
    __table_args__ = (UniqueConstraint("goal_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("task_goal.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    written_name: Mapped[str] = mapped_column(String(200))

    unit: Mapped[Unit] = relationship()


class Milestone(Base):
    """A quarterly plan item (推进计划 ①一季度 …)."""

    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    period: Mapped[Optional[str]] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[Optional[dt.date]] = mapped_column(Date)
    done_on: Mapped[Optional[dt.date]] = mapped_column(Date)

    task: Mapped[Task] = relationship(back_populates="milestones")


class ProgressReport(Base):
    """进展: one unit's report on one task for one month."""

    __tablename__ = "progress_report"
    __table_args__ = (Index("ix_progress_report_task_period", "task_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id"), index=True)
    percent: Mapped[Optional[Decimal]]
    status: Mapped[Optional[str]] = mapped_column(String(20))  # 未启动/推进中/已完成/滞后
    progress_text: Mapped[Optional[str]] = mapped_column(Text)
    problems: Mapped[Optional[str]] = mapped_column(Text)
    next_steps: Mapped[Optional[str]] = mapped_column(Text)
    reported_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(20), default="typed")
    batch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("import_batch.id"), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    task: Mapped[Task] = relationship(back_populates="progress_reports")
    unit: Mapped[Optional[Unit]] = relationship()


# --- task forces and leading groups --------------------------------------------------


class TaskForce(Base):
    """工作专班, or a 领导小组 (kind = leading_group): people who drive the plan."""

    __tablename__ = "task_force"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # task_force | leading_group
    name: Mapped[str] = mapped_column(String(200))
    lead_leader: Mapped[Optional[str]] = mapped_column(String(200))  # 牵头局领导 / 组长
    lead_person: Mapped[Optional[str]] = mapped_column(String(200))  # 牵头人员
    goals: Mapped[list[str]] = mapped_column(default=list)
    difficulties: Mapped[list[str]] = mapped_column(default=list)
    deadline_text: Mapped[Optional[str]] = mapped_column(String(200))
    office: Mapped[Optional[str]] = mapped_column(Text)

    plan: Mapped[Plan] = relationship(back_populates="task_forces")
    people: Mapped[list[TaskForceMember]] = relationship(
        order_by="TaskForceMember.position", cascade="all, delete-orphan"
    )

    def names(self, role: str) -> list[str]:
        return [p.name for p in self.people if p.role == role]


class TaskForceMember(Base):
    __tablename__ = "task_force_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(
        ForeignKey("task_force.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(30))  # assisting_leader | deputy_leader | member
    name: Mapped[str] = mapped_column(String(300))


# --- collection ----------------------------------------------------------------------


class CollectionRound(Base):
    """报送轮次: one period's collection from the units expected to report."""

    __tablename__ = "collection_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    due: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20), default="open")  # open | submitted | locked
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)

    units: Mapped[list[RoundUnit]] = relationship(
        order_by="RoundUnit.position", cascade="all, delete-orphan"
    )


class RoundUnit(Base):
    __tablename__ = "round_unit"
    __table_args__ = (UniqueConstraint("round_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("collection_round.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    returned_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)
    file_name: Mapped[Optional[str]] = mapped_column(String(500))
    batch_id: Mapped[Optional[int]] = mapped_column(ForeignKey("import_batch.id"), index=True)

    unit: Mapped[Unit] = relationship()


class ImportBatch(Base):
    """One imported file; every value it wrote points back here so it can be undone whole."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("collection_round.id", ondelete="SET NULL"), index=True
    )
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id"), index=True)
    period: Mapped[Optional[str]] = mapped_column(String(10))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default="applied")  # applied | undone
    file_format: Mapped[Optional[str]] = mapped_column(String(10))
    template_id: Mapped[Optional[str]] = mapped_column(String(64))
    os_user: Mapped[Optional[str]] = mapped_column(String(200))
    undone_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)

    items: Mapped[list[ImportBatchItem]] = relationship(
        back_populates="batch", order_by="ImportBatchItem.id", cascade="all, delete-orphan"
    )


class ImportBatchItem(Base):
    """One value or progress entry a batch wrote, with what it replaced, so undo is exact."""

    __tablename__ = "import_batch_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # value | progress
    record_id: Mapped[int] = mapped_column(Integer)  # value.id or progress_report.id
    action: Mapped[str] = mapped_column(String(10))  # insert | update
    old: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # the fields before (update)
    new: Mapped[dict[str, Any]] = mapped_column(JSON)  # the fields written
    sheet: Mapped[Optional[str]] = mapped_column(String(100))
    cell: Mapped[Optional[str]] = mapped_column(String(20))

    batch: Mapped[ImportBatch] = relationship(back_populates="items")


class UnitMapping(Base):
    """A column mapping the clerk gave by hand for one unit's files, reused next time."""

    __tablename__ = "unit_mapping"
    __table_args__ = (UniqueConstraint("plan_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)


class AuditLog(Base):
    """Append-only record of every change: who, when, why, old and new."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow, index=True)
    os_user: Mapped[str] = mapped_column(String(200))
    plan_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[Optional[int]] = mapped_column(Integer)
    field: Mapped[Optional[str]] = mapped_column(String(50))
    old: Mapped[Optional[str]] = mapped_column(Text)
    new: Mapped[Optional[str]] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(200))  # typed | import batch N | undo | restore | preset
    batch_id: Mapped[Optional[int]] = mapped_column(Integer)
