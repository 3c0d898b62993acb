"""Measure the plan drafter on documents written for the purpose, outside the five seeds.

``measure_drafting.py`` compares drafts with the presets of the five seed documents, but
all five were read while the rules were written, so those figures say how well the rules
fit their own examples. This script runs the same extractor on the short documents of the
genre in ``tests/fixtures/drafting_written/`` (written by hand, labelled SELF-WRITTEN in
their notes) and compares each draft with its annotation (``<name>.expected.json``),
which was made from the text alone before the extractor was first run on it.

* tasks — a drafted task is right when an expected task has the same number, the same
  title (the phrase before the first 。) and the same responsible units in the same
  order. Number, title and unit comparison are those of ``measure_drafting.py``
  (imported, not copied): Chinese numerals read as numbers, whitespace and trailing
  punctuation ignored, units resolved through the shared unit list. A drafted task is
  looked up by its plan number first and by its number as written second.
* numeric targets — a drafted target is right when an expected target has the same
  value, year and direction; each expected target is matched once. Kind agreement is
  reported alongside, not required.

Precision = right / drafted, recall = right / expected.

    python tests/bench/measure_drafting_written.py [--verbose] [--fullwidth] [--folder DIR]

``--fullwidth`` first turns half-width punctuation (,:();) into full-width — a check that
the figures do not depend on which of the two a document uses. ``--folder DIR`` measures
the annotated documents of another folder (e.g. new documents before they join the set).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script: make ``tests`` importable
    sys.path.insert(0, str(REPO))

from desktop.domain.drafting import Draft, extract_draft  # noqa: E402
from desktop.domain.unit_names import UnitDirectory  # noqa: E402
from desktop.services.drafting import read_document_text  # noqa: E402
from desktop.services.presets import shared_unit_entries  # noqa: E402
from tests.bench.measure_drafting import _match_targets, _number, _ratio, _score_task  # noqa: E402

WRITTEN = REPO / "tests" / "fixtures" / "drafting_written"


def _fullwidth(text: str) -> str:
    """The same text with ASCII , : ( ) ; as full-width (not between digits: 17:04, 1,000)."""
    text = re.sub(r"(?<!\d),|,(?!\d)", "，", text)
    text = re.sub(r"(?<!\d):|:(?!\d)", "：", text)
    return text.replace("(", "（").replace(")", "）").replace(";", "；")


def documents(folder: Path = WRITTEN) -> list[Path]:
    """The annotated documents in ``folder``, in name order."""
    return sorted(folder.glob("*.expected.json"))


def draft_for(expected_file: Path, directory: UnitDirectory, fullwidth: bool = False) -> tuple[dict, Draft]:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    text = read_document_text(expected_file.parent / expected["document"])
    if fullwidth:
        text = _fullwidth(text)
    return expected, extract_draft(text, directory)


def measure(expected_file: Path, directory: UnitDirectory, verbose: bool = False, fullwidth: bool = False) -> dict:
    expected, draft = draft_for(expected_file, directory, fullwidth)

    truth = {_number(t["number"]): t for t in expected["tasks"]}
    used: set[str] = set()
    counts: Counter[str] = Counter()
    by_written = 0
    misses: list[str] = []
    for t in draft.tasks:
        key = _number(t.number)
        if key not in truth or key in used:
            alt = _number(t.written_number)
            if alt in truth and alt not in used:
                key = alt
                by_written += 1
            else:
                misses.append(f"  多出/序号不符 {t.number} ({t.written_number}) {t.title[:30]}")
                continue
        used.add(key)
        p = truth[key]
        _score_task(t, p, directory, 30, counts, misses)
    for n, p in truth.items():
        if n not in used:
            misses.append(f"  漏掉 {p['number']} {p['title'][:30]}")

    wanted: Counter[tuple[Decimal, int | None, str, str]] = Counter()
    for tg in expected["targets"]:
        wanted[(Decimal(tg["value"]), tg["year"], tg["direction"], tg["kind"])] += 1
    drafted = list(draft.targets)
    t_right, kind_ok, unmatched, missed = _match_targets(drafted, wanted)
    extra = [
        f"  多出目标 {tg.name[:24]} {tg.value}{tg.unit or ''} {tg.year} {tg.direction} {tg.kind} ← {tg.text[:40]}"
        for tg in unmatched
    ]

    if verbose:
        print(f"--- {expected_file.name.removesuffix('.expected.json')}")
        for line in misses + extra + missed:
            print(line)
    return {
        "document": expected_file.name.removesuffix(".expected.json"),
        "tasks_drafted": len(draft.tasks),
        "tasks_expected": len(truth),
        "tasks_right": counts["right"],
        "task_numbers": counts["numbers"],
        "task_numbers_by_written": by_written,
        "task_titles": counts["titles"],
        "task_units": counts["units"],
        "targets_drafted": len(drafted),
        "targets_expected": sum(wanted.values()),
        "targets_right": t_right,
        "target_kinds": kind_ok,
    }


def measure_all(verbose: bool = False, fullwidth: bool = False, folder: Path = WRITTEN) -> list[dict]:
    directory = UnitDirectory(shared_unit_entries())
    return [measure(f, directory, verbose, fullwidth) for f in documents(folder)]


def totals(rows: list[dict]) -> Counter:
    sums: Counter = Counter()
    for r in rows:
        for k, v in r.items():
            if k != "document":
                sums[k] += v
    return sums


def main(argv: list[str]) -> int:
    folder = Path(argv[argv.index("--folder") + 1]) if "--folder" in argv else WRITTEN
    rows = measure_all("--verbose" in argv, "--fullwidth" in argv, folder)
    print()
    head = "文档（自拟，SELF-WRITTEN）"
    print(f"| {head} | 任务 识别/应有/全对 | 任务 精确率 | 任务 召回率 | 目标 识别/应有/全对 | 目标 精确率 | 目标 召回率 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows + [dict(totals(rows), document="合计")]:
        print(
            f"| {r['document']} | {r['tasks_drafted']}/{r['tasks_expected']}/{r['tasks_right']} "
            f"| {_ratio(r['tasks_right'], r['tasks_drafted'])} | {_ratio(r['tasks_right'], r['tasks_expected'])} "
            f"| {r['targets_drafted']}/{r['targets_expected']}/{r['targets_right']} "
            f"| {_ratio(r['targets_right'], r['targets_drafted'])} | {_ratio(r['targets_right'], r['targets_expected'])} |"
        )
    print()
    print("分项（按序号对上的任务中）：")
    for r in rows:
        print(
            f"  {r['document']}: 序号对上 {r['task_numbers']}（其中按原文序号 {r['task_numbers_by_written']}），"
            f"标题正确 {r['task_titles']}，单位及顺序正确 {r['task_units']}；目标类型一致 {r['target_kinds']}/{r['targets_right']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
