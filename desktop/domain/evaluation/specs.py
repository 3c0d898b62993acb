"""What evaluation needs to know about a plan: plain, frozen inputs built by the services."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.domain.periods import Period


class Direction(enum.Enum):
    HIGHER = "higher"
    LOWER = "lower"
    QUALITATIVE = "qualitative"


class TargetKind(enum.Enum):
    LEVEL = "level"  # 达到 X（以上）: the value itself
    CEILING = "ceiling"  # 控制在 X 以下 / 下降到 X: lower is better
    INCREASE_POINTS = "increase_points"  # 每年提高 X 个百分点
    GROWTH_RATE = "growth_rate"  # 年均增长 X%
    YEARLY_FLOW = "yearly_flow"  # 每年 X（以上）: an amount per year
    CUMULATIVE = "cumulative"  # 累计 X: sum of the yearly amounts since the base year
    QUALITATIVE = "qualitative"  # no number; scored by hand


class Scoring(enum.Enum):
    PROPORTIONAL = "proportional"  # weight × min(completion, 1)
    ALL_OR_NOTHING = "all_or_nothing"  # weight if completion ≥ 1 else 0
    HAND = "hand"  # the clerk's score


@dataclass(frozen=True)
class Thresholds:
    """Per plan; the clerk can change them."""

    lagging: Decimal = Decimal("1.00")  # below this share of the expected value: 滞后
    severe: Decimal = Decimal("0.90")  # below this: 严重滞后
    due_soon_days: int = 30  # a task due within this many days: 即将到期
    reporting_day: int = 27  # progress for month M is due on day N of month M (27th)


@dataclass(frozen=True)
class TargetSpec:
    year: int
    value: Decimal | None
    kind: TargetKind


@dataclass(frozen=True)
class Observation:
    """One reported figure: the period it was reported for and the year it describes."""

    period: Period
    value: Decimal
    data_year: int | None = None

    @property
    def year(self) -> int:
        """The year the figure describes (data year if given, else the period's year)."""
        return self.data_year if self.data_year is not None else self.period.year


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    name: str
    unit: str | None
    direction: Direction
    targets: tuple[TargetSpec, ...]
    weight: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    scoring: Scoring = Scoring.PROPORTIONAL
    hand_score: Decimal | None = None
    group: str = ""
    units: tuple[str, ...] = ()  # responsible units, lead first (canonical names)
    # The plan's base year: where an indicator has no baseline value, progress is measured
    # against the share of the plan's time that has passed (时间过半、任务过半 over years).
    plan_start_year: int | None = None


@dataclass(frozen=True)
class ProgressEntry:
    period: Period  # the month reported on
    unit: str | None
    percent: Decimal | None
    status: str | None  # 未启动 / 推进中 / 已完成 / 滞后
    reported_on: dt.date | None = None


@dataclass(frozen=True)
class TaskSpec:
    id: int
    name: str
    deadline: dt.date | None
    ongoing: bool
    units: tuple[str, ...] = ()  # lead first
    task_force: str | None = None
    progress: tuple[ProgressEntry, ...] = field(default_factory=tuple)
    # True when progress reports are expected monthly (the plan has a reporting day and
    # collects progress); a missing report then makes the task 未报送.
    reports_expected: bool = False
