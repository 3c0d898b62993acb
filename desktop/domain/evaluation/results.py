"""What evaluation says: plain, frozen results for the CLI, the reports and the window."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.evaluation.specs import TargetKind


class Status(enum.Enum):
    REACHED = "已达标"
    ON_TRACK = "正常"
    LAGGING = "滞后"
    SEVERELY_LAGGING = "严重滞后"
    NO_DATA = "无数据"


class Light(enum.Enum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    GREY = "grey"


class TaskStatus(enum.Enum):
    DONE = "已完成"
    ON_TRACK = "正常"
    DUE_SOON = "即将到期"
    OVERDUE = "逾期"
    ONGOING = "持续推进"
    NOT_REPORTED = "未报送"


@dataclass(frozen=True)
class Projection:
    """Where the indicator is heading in the target year."""

    year: int
    linear: Decimal | None  # least-squares line through the yearly values
    growth: Decimal | None  # average annual growth rate applied to the last value
    will_reach: bool | None  # None when it cannot be said (fewer than two values)


@dataclass(frozen=True)
class IndicatorResult:
    indicator_id: int
    status: Status
    light: Light
    target: Decimal | None  # the target in force (absolute value, in the indicator's unit)
    target_year: int | None
    target_kind: TargetKind | None
    actual: Decimal | None  # the figure judged (latest, or of the stage's year)
    period: str | None  # canonical period of that figure
    data_year: int | None
    completion: Decimal | None  # ratio: 0.9533 for 95.33 %
    expected: Decimal | None  # time-expected value at that period (序时进度), same unit as actual
    expected_ratio: Decimal | None  # actual measured against expected (≥ 1: on track)
    projection: Projection | None
    score: Decimal | None
    note: str | None = None  # why: e.g. '无基期值，按目标值直接比较'


@dataclass(frozen=True)
class ScoreLine:
    label: str  # 一级指标 or unit name
    weight: Decimal
    score: Decimal


@dataclass(frozen=True)
class ScoreSummary:
    by_group: tuple[ScoreLine, ...]
    by_unit: tuple[ScoreLine, ...]
    total_weight: Decimal
    total_score: Decimal


@dataclass(frozen=True)
class TaskResult:
    task_id: int
    status: TaskStatus
    light: Light
    deadline: str | None  # ISO date
    days_left: int | None  # negative when overdue
    percent: Decimal | None  # latest reported percent done
    last_period: str | None  # latest month reported
    missing_units: tuple[str, ...] = ()  # units that owe the current month's report


@dataclass(frozen=True)
class Completeness:
    expected: int
    received: int
    on_time: int
    late: int
    missing: tuple[str, ...]
    late_units: tuple[str, ...]


@dataclass(frozen=True)
class OutlierFlag:
    reason: str  # Chinese, e.g. '与历史值相差过大（超过3倍稳健偏差），请核实'
    median: Decimal | None
    deviation: Decimal | None
