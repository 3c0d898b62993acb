"""The clerk's working copy of a drafted plan: edits, deletions and items left out.

No widgets here: the review dialog (``draft_dialog``) shows this copy and sends every
edit through it. The copy is the dump of ``desktop.services.drafting.draft_to_dump``;
each task and indicator gets a private ``_key`` so the dialog can find it again after
deletions. Values typed by the clerk are read by the domain parser (through
``parse_target``) and anything it refuses raises ``UserError`` with the reason, leaving
the copy unchanged. ``edited_dump`` is what ``save_draft_dump`` receives.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from decimal import Decimal
from typing import Any

from desktop.domain._text import to_halfwidth
from desktop.domain.deadlines import parse_deadline
from desktop.errors import UserError
from desktop.services.drafting import match_units
from desktop.services.outline import DIRECTION_LABELS, TARGET_KIND_LABELS
from desktop.services.value_entry import format_value
from desktop.ui.target_dialog import parse_target

LOW_CONFIDENCE_DEFAULT = 0.7

PLAN_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "方案名称"),
    ("doc_number", "文号"),
    ("issuer", "发文机关"),
    ("issue_date", "成文日期"),
    ("city", "城市"),
    ("base_year", "基期年"),
    ("target_year", "目标年"),
)
YEAR_FIELDS = ("base_year", "target_year")
DIRECTIONS = ("higher", "lower")
KINDS = ("level", "ceiling", "increase_points", "growth_rate", "yearly_flow", "cumulative")
_UNIT_SEPARATORS = re.compile(r"[、，,；;/\s]+")
_DATE = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*$")


def confidence_text(confidence: float | None, threshold: float) -> str:
    """'0.95', or '0.60 待核' below the threshold: readable without colour (the dialog adds an icon)."""
    if confidence is None:
        return ""
    if confidence < threshold:
        return f"{confidence:.2f} 待核"
    return f"{confidence:.2f}"


def parse_year(text: str) -> int:
    cleaned = text.strip().removesuffix("年").strip()
    if not re.fullmatch(r"\d{4}", cleaned):
        raise UserError(f"“{text.strip()}”不是有效的年份：请填写四位数年份，如 2025")
    year = int(cleaned)
    if not 1949 <= year <= 2100:
        raise UserError(f"“{text.strip()}”不是有效的年份：应在 1949 到 2100 之间")
    return year


def parse_date(text: str) -> str | None:
    if not text.strip():
        return None
    m = _DATE.match(text)
    if m is None:
        raise UserError(f"“{text.strip()}”不是有效的日期：请按 2024-02-06 或 2024年2月6日 填写")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError as exc:
        raise UserError(f"“{text.strip()}”不是有效的日期：没有这一天") from exc


def split_units(text: str) -> list[str]:
    """Units typed in one cell, in order: 市科技局、市发改委 (also ， ; or spaces)."""
    out: list[str] = []
    for name in _UNIT_SEPARATORS.split(text.strip()):
        if name and name not in out:
            out.append(name)
    return out


class DraftEdits:
    """The working copy of one draft and the edits the clerk made to it."""

    def __init__(self, dump: dict[str, Any]) -> None:
        self.dump = copy.deepcopy(dump)
        self.threshold: float = float(self.dump.get("draft", {}).get("low_confidence_below", LOW_CONFIDENCE_DEFAULT))
        self._next_key = 0
        for item in self.dump["tasks"] + self.dump["indicators"]:
            item["_key"] = self._new_key()
        self.excluded: set[int] = set()

    def _new_key(self) -> int:
        self._next_key += 1
        return self._next_key

    # --- lookups ----------------------------------------------------------------------

    @property
    def plan(self) -> dict[str, Any]:
        return self.dump["plan"]  # type: ignore[no-any-return]

    @property
    def tasks(self) -> list[dict[str, Any]]:
        return self.dump["tasks"]  # type: ignore[no-any-return]

    @property
    def indicators(self) -> list[dict[str, Any]]:
        return self.dump["indicators"]  # type: ignore[no-any-return]

    def task(self, key: int) -> dict[str, Any]:
        return next(t for t in self.tasks if t["_key"] == key)

    def indicator(self, key: int) -> dict[str, Any]:
        return next(i for i in self.indicators if i["_key"] == key)

    def task_groups(self) -> list[tuple[str | None, str, list[dict[str, Any]]]]:
        """Tasks grouped as the document groups them: (number, name, tasks), in order."""
        out: list[tuple[str | None, str, list[dict[str, Any]]]] = []
        for t in self.tasks:
            if out and out[-1][0] == t["group_number"] and out[-1][1] == t["group"]:
                out[-1][2].append(t)
            else:
                out.append((t["group_number"], t["group"], [t]))
        return out

    def indicator_groups(self) -> list[tuple[str, list[dict[str, Any]]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for i in self.indicators:
            out.setdefault(i["group"], []).append(i)
        return list(out.items())

    def is_low(self, confidence: float | None) -> bool:
        return confidence is not None and confidence < self.threshold

    def plan_source(self, field: str) -> tuple[str | None, float | None]:
        s = self.plan.get("sources", {}).get(field)
        return (s["source"], s["confidence"]) if s else (None, None)

    def plan_value_text(self, field: str) -> str:
        value = self.plan.get(field)
        return "" if value is None else str(value)

    def unknown_units(self, task: dict[str, Any]) -> list[str]:
        return [m["written"] for m in task.get("unit_matches", []) if not m["known"]]

    def review_count(self) -> int:
        """Items and plan fields below the threshold."""
        fields = sum(1 for field, _ in PLAN_FIELDS if self.is_low(self.plan_source(field)[1]))
        return fields + sum(1 for x in self.tasks + self.indicators if self.is_low(x.get("confidence")))

    # --- edits (each raises UserError and changes nothing when refused) -----------------

    def set_plan_field(self, field: str, text: str) -> None:
        text = text.strip()
        if field == "name":
            if not text:
                raise UserError("方案名称不能为空")
            value: Any = text
        elif field in YEAR_FIELDS:
            value = parse_year(text) if text else None
        elif field == "issue_date":
            value = parse_date(text)
        else:
            value = text or None
        self.plan[field] = value

    def set_task_title(self, key: int, text: str) -> None:
        text = text.strip()
        if not text:
            raise UserError("任务名称不能为空")
        self.task(key)["title"] = text

    def set_task_units(self, key: int, text: str) -> None:
        task = self.task(key)
        names = split_units(text)
        roles = {m["written"]: m["role"] for m in task.get("unit_matches", [])}
        matches = match_units(names)
        for m in matches:
            m["role"] = roles.get(m["written"], m["role"])
        task["units"] = names
        task["unit_matches"] = matches

    def set_task_deadline(self, key: int, text: str) -> None:
        task = self.task(key)
        text = text.strip()
        if not text:
            task.update(deadline_text=None, deadline=None, ongoing=False)
            return
        year = self.plan.get("target_year")
        dl = parse_deadline(text, year if isinstance(year, int) else None)
        if dl is None or (dl.date is None and not dl.ongoing):
            raise UserError(f"“{text}”不是可识别的完成时限：请写成“2025年12月底前”“每年12月底前”或“持续推进”")
        task.update(deadline_text=text, deadline=dl.date.isoformat() if dl.date else None, ongoing=dl.ongoing)

    def set_indicator_name(self, key: int, text: str) -> None:
        text = text.strip()
        if not text:
            raise UserError("指标名称不能为空")
        self.indicator(key)["name"] = text

    def set_indicator_unit(self, key: int, text: str) -> None:
        self.indicator(key)["unit"] = text.strip() or None

    def set_direction(self, key: int, direction: str) -> None:
        if direction not in DIRECTION_LABELS:
            raise UserError(f"未知的指标方向：{direction}")
        self.indicator(key)["direction"] = direction

    def set_target_value(self, key: int, index: int, text: str) -> Decimal:
        ind = self.indicator(key)
        target = ind["targets"][index]
        value = parse_target(text, target["kind"], ind.get("unit"))
        target["value"] = value
        return value  # type: ignore[return-value]

    def set_target_year(self, key: int, index: int, text: str) -> None:
        self.indicator(key)["targets"][index]["year"] = parse_year(text)

    def set_target_kind(self, key: int, index: int, kind: str) -> None:
        if kind not in TARGET_KIND_LABELS or kind == "qualitative":
            raise UserError(f"未知的目标类型：{kind}")
        self.indicator(key)["targets"][index]["kind"] = kind

    # --- leaving out and deleting -----------------------------------------------------

    def set_included(self, key: int, included: bool) -> None:
        if included:
            self.excluded.discard(key)
        else:
            self.excluded.add(key)

    def is_included(self, key: int) -> bool:
        return key not in self.excluded

    def delete_task(self, key: int) -> None:
        self.dump["tasks"] = [t for t in self.tasks if t["_key"] != key]
        self.excluded.discard(key)

    def delete_indicator(self, key: int) -> None:
        self.dump["indicators"] = [i for i in self.indicators if i["_key"] != key]
        self.excluded.discard(key)

    def delete_target(self, key: int, index: int) -> None:
        ind = self.indicator(key)
        if len(ind["targets"]) <= 1:
            self.delete_indicator(key)
        else:
            del ind["targets"][index]

    # --- the result -------------------------------------------------------------------

    def included_counts(self) -> tuple[int, int]:
        return (sum(1 for t in self.tasks if t["_key"] not in self.excluded),
                sum(1 for i in self.indicators if i["_key"] not in self.excluded))

    def edited_dump(self) -> dict[str, Any]:
        """The dump as the clerk left it: items unchecked or deleted are gone, keys removed."""
        out = copy.deepcopy(self.dump)
        out["tasks"] = [t for t in out["tasks"] if t["_key"] not in self.excluded]
        out["indicators"] = [i for i in out["indicators"] if i["_key"] not in self.excluded]
        for item in out["tasks"] + out["indicators"]:
            del item["_key"]
        return out


class SourceIndex:
    """Finds the sentence an item came from in the document text as shown.

    The extractor's ``source`` is squeezed (line breaks and the spaces of PDF text
    removed), so the search ignores whitespace, and full-width ASCII is folded on both
    sides; a sentence that still is not found is looked for by its beginning.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._positions = [i for i, ch in enumerate(text) if not ch.isspace()]
        self._compact = to_halfwidth("".join(text[i] for i in self._positions))

    def find(self, source: str | None) -> tuple[int, int] | None:
        """(start, end) of ``source`` in the text, or None."""
        if not source:
            return None
        key = to_halfwidth("".join(source.split()))
        if not key:
            return None
        at = self._compact.find(key)
        length = len(key)
        if at < 0:
            for size in (40, 24, 12):
                if len(key) > size:
                    at = self._compact.find(key[:size])
                    if at >= 0:
                        length = min(len(key), len(self._compact) - at)
                        break
        if at < 0:
            return None
        return self._positions[at], self._positions[at + length - 1] + 1


def value_text(value: Decimal | None) -> str:
    return format_value(value) if value is not None else ""


__all__ = [
    "DIRECTIONS",
    "KINDS",
    "PLAN_FIELDS",
    "DraftEdits",
    "SourceIndex",
    "confidence_text",
    "parse_date",
    "parse_year",
    "split_units",
    "value_text",
]
