"""A plan with made-up but plausible figures, for trying the program without real data.

A clerk who installs InnoTrack wants to see the dashboard, the grid and the reports with
something in them before typing a single number. The sample is a bundled plan loaded under
a name that says 示例数据, with yearly values from the baseline towards the target (some
ahead, some behind, a few far behind) and monthly progress for every task. The figures are
generated with a fixed seed, so the sample is the same on every PC and in every test.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from db.models import Plan, ProgressReport, Task
from desktop.errors import UserError
from desktop.services.database import Database
from desktop.services.presets import _create_plan, read_preset

SAMPLE_PRESET = "zibo-14th-review"
SAMPLE_MARK = "（示例数据）"
SAMPLE_NOTE = "示例数据，非真实统计"

# How far along the way from baseline to target each indicator ends up: most on track,
# some lagging, a few far behind — so every colour of the dashboard shows.
_PACE = (1.06, 1.02, 1.0, 1.1, 0.97, 1.04, 0.9, 1.01, 0.75, 1.03)
_COUNTED = frozenset("家个件人项名所座次")
_STATUSES = ("推进中", "推进中", "已完成", "推进中", "滞后")


def sample_document(preset: str = SAMPLE_PRESET, *, today: dt.date, seed: int = 2025) -> dict[str, Any]:
    """The preset's document with its name marked and generated yearly values in place of its own."""
    doc = copy.deepcopy(read_preset(preset))
    doc["plan"]["name"] = doc["plan"]["name"] + SAMPLE_MARK
    base_year = int(doc["plan"].get("base_year") or 2020)
    last_year = min(int(doc["plan"].get("target_year") or base_year + 5), today.year - 1)
    rng = random.Random(seed)
    index = 0
    for group in doc["indicator_groups"]:
        for indicator in group["indicators"]:
            generated = _values(indicator, base_year, last_year, _PACE[index % len(_PACE)], rng)
            if generated:  # indicators without a numeric target keep the document's own figures
                indicator["values"] = generated
                index += 1
    return doc


def _values(indicator: dict[str, Any], base_year: int, last_year: int, pace: float, rng: random.Random) -> list[dict[str, Any]]:
    """Yearly values on a line from the baseline towards ``pace`` × the target, with a little noise."""
    targets = [t for t in indicator.get("targets") or [] if t.get("value") is not None and t.get("kind") == "level"]
    if not targets or indicator.get("direction") not in ("higher", "lower"):
        return []
    target = max(targets, key=lambda t: t["year"])
    goal = float(target["value"])
    baseline = indicator.get("baseline") or {}
    start = float(baseline["value"]) if baseline.get("value") is not None else goal * (0.8 if indicator["direction"] == "higher" else 1.2)
    start_year = int(baseline.get("year") or base_year)
    end_year = int(target["year"])
    if end_year <= start_year:
        return []
    aim = start + (goal - start) * pace
    decimals = 0 if abs(goal) >= 100 or (indicator.get("unit") or "") in _COUNTED else 2
    out = [{"period": str(start_year), "value": _decimal(start, decimals), "data_year": start_year, "unit": None,
            "note": SAMPLE_NOTE}]
    for year in range(start_year + 1, min(last_year, end_year) + 1):
        share = (year - start_year) / (end_year - start_year)
        noise = 1 + rng.uniform(-0.015, 0.015)
        out.append({"period": str(year), "value": _decimal((start + (aim - start) * share) * noise, decimals),
                    "data_year": year, "unit": None, "note": SAMPLE_NOTE})
    return out


def _decimal(value: float, decimals: int) -> Decimal:
    return Decimal(str(round(value, decimals))) if decimals else Decimal(int(round(value)))


def create_sample_plan(database: Database, preset: str = SAMPLE_PRESET, *, today: dt.date | None = None) -> int:
    """Create the sample plan (refused if one is already there) with values and task progress."""
    today = today or dt.date.today()
    doc = sample_document(preset, today=today)
    with database.write() as session:
        if session.scalar(select(Plan.id).where(Plan.name == doc["plan"]["name"])) is not None:
            raise UserError(f"示例方案“{doc['plan']['name']}”已经存在，不必重复创建。")
        plan_id, _ = _create_plan(session, doc, preset=None, reason="创建示例数据")
        _add_progress(session, plan_id, doc, today)
    return plan_id


def _add_progress(session: Any, plan_id: int, doc: dict[str, Any], today: dt.date) -> None:
    """Three months of progress for every task, ending at the plan's last year or last month."""
    rng = random.Random(7)
    end_year = min(int(doc["plan"].get("target_year") or today.year), today.year)
    last = (end_year, 12) if end_year < today.year else (today.year, max(today.month - 1, 1))
    months = [_shift(last, -2), _shift(last, -1), last]
    tasks = session.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.id)).all()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for n, task in enumerate(tasks):
        status = _STATUSES[n % len(_STATUSES)]
        percent = 100 if status == "已完成" else rng.randint(35 if status == "滞后" else 60, 90)
        unit_id = task.units[0].unit_id if task.units else None
        for step, (year, month) in enumerate(months):
            share = Decimal(max(percent - (2 - step) * rng.randint(5, 12), 0))
            session.add(ProgressReport(
                task_id=task.id, period=f"{year}-{month:02d}", unit_id=unit_id, percent=share,
                status=status if step == 2 else "推进中",
                progress_text=f"{task.title}：已完成阶段性工作，{year}年{month}月累计完成{share}%（{SAMPLE_NOTE}）。",
                problems="要素保障仍需加强。" if status == "滞后" else None,
                next_steps="继续按计划推进，确保按期完成。",
                reported_on=dt.date(year, month, 25), origin="typed", updated_at=now,
            ))


def _shift(month: tuple[int, int], by: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + by
    return index // 12, index % 12 + 1
