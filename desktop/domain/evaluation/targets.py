"""Which target applies, and which way it points.

Plans set staged targets (R&D share 2.3 % by 2019, 2.5 % by 2022). A figure is judged
against the next stage still ahead of it, so a 2020 value is measured against the 2022
stage rather than against a stage already behind it; once every stage has passed, the
last one stays in force.
"""

from __future__ import annotations

from desktop.domain.evaluation.specs import Direction, IndicatorSpec, TargetKind, TargetSpec


def target_in_force(spec: IndicatorSpec, year: int) -> TargetSpec | None:
    """The nearest target whose year is ``year`` or later; the last one when all have passed.

    Targets of the same year keep the order of the plan (the first one wins).
    """
    if not spec.targets:
        return None
    ordered = sorted(spec.targets, key=lambda target: target.year)
    for target in ordered:
        if target.year >= year:
            return target
    return ordered[-1]


def previous_stage(spec: IndicatorSpec, target: TargetSpec) -> TargetSpec | None:
    """The numeric stage just before ``target`` (same kind), if the plan has one."""
    earlier = [
        stage
        for stage in spec.targets
        if stage.year < target.year and stage.value is not None and stage.kind is target.kind
    ]
    return max(earlier, key=lambda stage: stage.year) if earlier else None


def is_qualitative(spec: IndicatorSpec, target: TargetSpec | None) -> bool:
    """True when the indicator is scored by hand rather than computed."""
    if spec.direction is Direction.QUALITATIVE:
        return True
    return target is not None and target.kind is TargetKind.QUALITATIVE


def lower_is_better(spec: IndicatorSpec, target: TargetSpec | None) -> bool:
    """True for 控制在/下降到 targets: a ceiling always, any kind when the direction is lower."""
    if target is not None and target.kind is TargetKind.CEILING:
        return True
    return spec.direction is Direction.LOWER
