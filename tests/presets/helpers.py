"""Shared checks for the preset tests: the strict shape of docs/preset-format.md."""

from __future__ import annotations

from typing import Any

PLAN_KEYS = {"name", "indicator_notes", "doc_number", "issuer", "issue_date", "city", "base_year", "target_year",
             "reporting_day", "review_months"}
TOP_KEYS = {"format", "preset", "seed", "plan", "indicator_groups", "task_groups", "task_forces",
            "leading_groups"}
INDICATOR_KEYS = {"number", "name", "unit", "direction", "weight", "key", "units", "baseline",
                  "targets", "values", "task", "source"}
TARGET_KEYS = {"year", "value", "kind", "text"}
TASK_KEYS = {"number", "title", "body", "goals", "units", "deadline_text", "task_force",
             "milestones"}
LEADING_GROUP_KEYS = {"name", "leader", "deputy_leaders", "members", "office"}
KINDS = {"level", "ceiling", "increase_points", "growth_rate", "yearly_flow", "cumulative",
         "qualitative"}


def check_structure(data: dict[str, Any], name: str, seed_file: str) -> None:
    assert set(data) == TOP_KEYS
    assert data["format"] == 1
    assert data["preset"] == name
    assert data["seed"] == seed_file
    assert set(data["plan"]) == PLAN_KEYS
    for group in data["indicator_groups"]:
        assert set(group) == {"name", "indicators"}
        for ind in group["indicators"]:
            assert set(ind) == INDICATOR_KEYS, ind["name"]
            assert ind["direction"] in {"higher", "lower", "qualitative"}
            assert isinstance(ind["units"], list) and isinstance(ind["values"], list)
            assert ind["targets"], ind["name"]
            for target in ind["targets"]:
                assert set(target) == TARGET_KEYS
                assert target["kind"] in KINDS
                assert isinstance(target["year"], int)
                if target["kind"] == "qualitative":
                    assert target["value"] is None
                    assert ind["direction"] == "qualitative"
                else:
                    assert target["value"] is not None and not isinstance(target["value"], float)
                if target["kind"] == "ceiling":
                    assert ind["direction"] == "lower"
    for group in data["task_groups"]:
        assert set(group) == {"number", "name", "tasks"}
        for task in group["tasks"]:
            assert set(task) == TASK_KEYS, task["number"]
            assert task["units"], task["number"]
            assert task["title"] and "。" not in task["title"]
    for group in data["leading_groups"]:
        assert set(group) == LEADING_GROUP_KEYS


def indicators(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [ind for group in data["indicator_groups"] for ind in group["indicators"]]


def tasks(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [task for group in data["task_groups"] for task in group["tasks"]]


def task(data: dict[str, Any], number: str) -> dict[str, Any]:
    (found,) = [t for t in tasks(data) if t["number"] == number]
    return found


def by_name(data: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [ind for ind in indicators(data) if ind["name"] == name]
    return found
