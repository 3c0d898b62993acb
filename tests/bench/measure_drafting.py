"""Measure the plan drafter against the hand-checked presets of the five seed documents.

For each seed text the extractor's draft is compared with the bundled preset made from the
same document (resources/presets/*.json):

* tasks — a drafted task is right when a preset task has the same number, the same title
  and the same responsible units in the same order. Numbers are compared component by
  component with Chinese numerals read as numbers (一.1 = 1.1); titles and unit names
  without whitespace and with full-width punctuation folded; units through the shared unit
  list (市发改委 = 市发展改革委).
* numeric targets — a drafted target is right when a preset target (with a value) has the
  same value, year and direction; each preset target is matched at most once. Qualitative
  preset targets (no number) are not counted. Kind agreement is reported alongside.

Precision = right / drafted, recall = right / in the preset.

    python tests/bench/measure_drafting.py [--verbose] [--rewrap WIDTH]

``--rewrap 17`` re-breaks every line of the seed texts at 17 characters first: a check
that the rules do not depend on where the PDF happened to break lines.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

from desktop.domain._text import squash
from desktop.domain.drafting import extract_draft
from desktop.domain.drafting.structure import chinese_numeral
from desktop.domain.unit_names import UnitDirectory
from desktop.resources import presets_dir
from desktop.services.presets import shared_unit_entries

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"


def _number(text: str) -> str:
    parts = []
    for part in str(text).split("."):
        n = chinese_numeral(part)
        parts.append(str(n) if n is not None else part)
    return ".".join(parts)


def _title(text: str) -> str:
    return squash(text).rstrip("。；;，,")


def _units(names, directory: UnitDirectory) -> list[str]:  # noqa: ANN001
    out = []
    for n in names:
        res = directory.resolve(n)
        out.append(res.name or squash(n))
    return out


def _ratio(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f} %" if total else "   — "


def _score_task(t, p: dict, directory: UnitDirectory, width: int, counts: Counter, misses: list[str]) -> None:  # noqa: ANN001
    """Score drafted task ``t`` against the preset/expected task ``p`` of the same number: adds to
    ``counts`` (numbers, titles, units, right) and, when not right, a line to ``misses`` (titles
    cut to ``width`` characters)."""
    counts["numbers"] += 1
    ok_title = _title(t.title) == _title(p["title"])
    ok_units = _units([u.written for u in t.units], directory) == _units(p["units"], directory)
    counts["titles"] += ok_title
    counts["units"] += ok_units
    if ok_title and ok_units:
        counts["right"] += 1
    else:
        misses.append(
            f"  不符 {t.number}: 标题{'✓' if ok_title else '✗ ' + t.title[:width] + ' ≠ ' + p['title'][:width]}"
            f" 单位{'✓' if ok_units else '✗ ' + '、'.join(u.written for u in t.units) + ' ≠ ' + '、'.join(p['units'])}"
        )


def _match_targets(drafted, wanted: Counter) -> tuple[int, int, list, list[str]]:  # noqa: ANN001
    """Match drafted targets against ``wanted`` (value, year, direction, kind) counts, each at
    most once: (right, right with the same kind, the unmatched drafted targets, the miss lines)."""
    remaining = Counter(wanted)
    right = kind_ok = 0
    extra = []
    for tg in drafted:
        key = (tg.value, tg.year, tg.direction, tg.kind)
        other = next((k for k, n in remaining.items() if n > 0 and k[:3] == key[:3]), None)
        if remaining[key] > 0:
            remaining[key] -= 1
            right += 1
            kind_ok += 1
        elif other is not None:
            remaining[other] -= 1
            right += 1
        else:
            extra.append(tg)
    missed = [f"  漏掉目标 {k[0]} {k[1]} {k[2]} {k[3]}" for k, n in remaining.items() for _ in range(n)]
    return right, kind_ok, extra, missed


def measure(preset_file: Path, directory: UnitDirectory, verbose: bool = False) -> dict:
    preset = json.loads(preset_file.read_text(encoding="utf-8"), parse_float=Decimal)
    text = (SEEDS / preset["seed"]).read_text(encoding="utf-8")
    draft = extract_draft(text, directory)

    truth = {}
    for g in preset["task_groups"]:
        for t in g["tasks"]:
            truth[_number(t["number"])] = t
    counts: Counter[str] = Counter()
    misses: list[str] = []
    for t in draft.tasks:
        p = truth.get(_number(t.number))
        if p is None:
            misses.append(f"  多出/序号不符 {t.number} {t.title[:30]}")
            continue
        _score_task(t, p, directory, 24, counts, misses)
    goals_preset = sum(len(p.get("goals", [])) for p in truth.values())
    goals_right = 0
    for t in draft.tasks:
        p = truth.get(_number(t.number))
        for g in t.goals if p else ():
            if any(_title(g.text) == _title(x["text"]) and _units(g.units, directory) == _units(x["units"] or [], directory)
                   for x in p.get("goals", [])):
                goals_right += 1
    drafted_numbers = {_number(t.number) for t in draft.tasks}
    for n, p in truth.items():
        if n not in drafted_numbers:
            misses.append(f"  漏掉 {p['number']} {p['title'][:30]}")

    wanted: Counter[tuple[Decimal, int, str, str]] = Counter()
    for g in preset["indicator_groups"]:
        for i in g["indicators"]:
            for tg in i["targets"]:
                if tg.get("value") is None:
                    continue
                wanted[(Decimal(tg["value"]), tg["year"], i["direction"], tg["kind"])] += 1
    total_wanted = sum(wanted.values())
    drafted_targets = list(draft.targets)
    t_right, kind_ok, unmatched, missed = _match_targets(drafted_targets, wanted)
    extra = [f"  多出目标 {tg.name[:24]} {tg.value}{tg.unit or ''} {tg.year} {tg.direction} {tg.kind}" for tg in unmatched]

    if verbose:
        print(f"--- {preset_file.stem}")
        for line in misses + extra + missed:
            print(line)
    return {
        "preset": preset_file.stem,
        "tasks_drafted": len(draft.tasks),
        "tasks_preset": len(truth),
        "tasks_right": counts["right"],
        "task_numbers": counts["numbers"],
        "task_titles": counts["titles"],
        "task_units": counts["units"],
        "targets_drafted": len(drafted_targets),
        "targets_preset": total_wanted,
        "targets_right": t_right,
        "target_kinds": kind_ok,
        "goals_drafted": sum(len(t.goals) for t in draft.tasks),
        "goals_preset": goals_preset,
        "goals_right": goals_right,
    }


def _rewrap(text: str, width: int) -> str:
    """The same document with its lines broken at another width (tab-led table cells kept)."""
    out = []
    for line in text.split("\n"):
        if line.startswith("\t") or len(line) <= width:
            out.append(line)
        else:
            out += [line[i : i + width] for i in range(0, len(line), width)]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    if "--rewrap" in argv:
        # robustness check: a different PDF line width must not change the figures
        width = int(argv[argv.index("--rewrap") + 1])
        global extract_draft
        plain = extract_draft
        extract_draft = lambda text, d=None: plain(_rewrap(text, width), d)  # noqa: E731
    directory = UnitDirectory(shared_unit_entries())
    rows = []
    for preset_file in sorted(presets_dir().glob("*.json")):
        if preset_file.name == "units.json":
            continue
        rows.append(measure(preset_file, directory, verbose))
    print()
    print("| 文档（预置方案） | 任务 识别/预置/全对 | 任务 精确率 | 任务 召回率 | 目标 识别/预置/全对 | 目标 精确率 | 目标 召回率 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    sums = Counter()
    for r in rows:
        for k, v in r.items():
            if k != "preset":
                sums[k] += v
        print(
            f"| {r['preset']} | {r['tasks_drafted']}/{r['tasks_preset']}/{r['tasks_right']} "
            f"| {_ratio(r['tasks_right'], r['tasks_drafted'])} | {_ratio(r['tasks_right'], r['tasks_preset'])} "
            f"| {r['targets_drafted']}/{r['targets_preset']}/{r['targets_right']} "
            f"| {_ratio(r['targets_right'], r['targets_drafted'])} | {_ratio(r['targets_right'], r['targets_preset'])} |"
        )
    print(
        f"| 合计 | {sums['tasks_drafted']}/{sums['tasks_preset']}/{sums['tasks_right']} "
        f"| {_ratio(sums['tasks_right'], sums['tasks_drafted'])} | {_ratio(sums['tasks_right'], sums['tasks_preset'])} "
        f"| {sums['targets_drafted']}/{sums['targets_preset']}/{sums['targets_right']} "
        f"| {_ratio(sums['targets_right'], sums['targets_drafted'])} | {_ratio(sums['targets_right'], sums['targets_preset'])} |"
    )
    print()
    print("分项（按序号对上的任务中）：")
    for r in rows:
        print(
            f"  {r['preset']}: 序号对上 {r['task_numbers']}，标题正确 {r['task_titles']}，单位及顺序正确 {r['task_units']}；"
            f"目标类型一致 {r['target_kinds']}/{r['targets_right']}"
            + (f"；建设目标行 识别 {r['goals_drafted']}、预置 {r['goals_preset']}、文字和单位全对 {r['goals_right']}"
               if r["goals_preset"] else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
