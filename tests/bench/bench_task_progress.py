"""Benchmark: a 20,000-row 重点任务推进情况 workbook against plain openpyxl.

Anchor, measured in the same run: openpyxl (normal mode) writing exactly the same cell
values — title, header, group rows, data rows — without any style, merge, row height or
page setup, and saving. Ours is ``task_progress.build`` plus the save. The goal is ours
within 2× the anchor. Each side runs ROUNDS times alternately; the best run counts.

    python tests/bench/bench_task_progress.py [ROWS]
"""

from __future__ import annotations

import io
import random
import sys
import time

from openpyxl import Workbook

from desktop.workbooks.reports import task_progress
from desktop.workbooks.reports.task_progress import ProgressRow

ROWS = 20_000
ROUNDS = 3
GROUPS = (
    "建设国家创新型城市工作专班",
    "科技服务产业工作专班",
    "实验室建设工作专班",
    "深化科技体制改革工作专班",
    "作风建设工作专班",
)
STATUSES = ("持续推进", "正常", "已完成", "即将到期", "逾期", "未报送")
UNITS = ("人才与成果科", "政策法规与创新促进科", "办公室", "科技合作科", "高新技术发展及产业化科")
PROGRESS = (
    "已完成《淄博市关于推进国家创新型城市建设实施意见》起草工作，征求了23个市直部门和各区县意见，"
    "共收到修改意见41条，采纳35条；已提请市政府常务会议审议。"
)
PROBLEMS = "部分区县配套资金尚未到位，项目推进进度不一。"
NEXT = "继续督导各区县落实配套资金，6月底前完成中期评估。"
TASK = "充分发挥国家创新型城市建设协调领导小组办公室作用，以问题导向、目标导向、结果导向为统领"


def make_rows(n: int) -> list[ProgressRow]:
    rng = random.Random(20220627)
    rows = []
    for i in range(n):
        status = STATUSES[i % len(STATUSES)]
        rows.append(
            ProgressRow(
                number=f"{i // 100 + 1}.{i % 100 + 1}",
                task=TASK[: rng.randint(12, len(TASK))],
                units=tuple(rng.sample(UNITS, rng.randint(1, 3))),
                deadline_text="2022年12月底前",
                progress=None if status == "未报送" else PROGRESS * rng.randint(1, 3),
                problems=PROBLEMS if i % 3 else None,
                next_steps=NEXT,
                status=status,
                group=GROUPS[(i * len(GROUPS)) // n],
            )
        )
    return rows


def ours(rows: list[ProgressRow]) -> float:
    start = time.perf_counter()
    wb = task_progress.build("组建科技创新“五个工作专班”实施方案", "2022年6月", rows)
    wb.save(io.BytesIO())
    return time.perf_counter() - start


def anchor(rows: list[ProgressRow]) -> float:
    """The same values, unstyled: what openpyxl itself needs to write them."""
    start = time.perf_counter()
    wb = Workbook()
    ws = wb.active
    ws.append([task_progress.title_for("组建科技创新“五个工作专班”实施方案", "2022年6月")])
    ws.append(list(task_progress.HEADERS))
    current = None
    for row in rows:
        if row.group != current:
            current = row.group
            ws.append([current])
        ws.append(
            [
                row.number,
                row.task,
                "、".join(row.units),
                row.deadline_text,
                row.progress,
                row.problems,
                row.next_steps,
                task_progress.status_text(row.status),
            ]
        )
    ws.append([task_progress.LEGEND])
    wb.save(io.BytesIO())
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    rows = make_rows(n)
    ours_times, anchor_times = [], []
    for _ in range(ROUNDS):
        anchor_times.append(anchor(rows))
        ours_times.append(ours(rows))
    a, o = min(anchor_times), min(ours_times)
    print(f"rows: {n:,} (best of {ROUNDS})")
    print(f"anchor  openpyxl, same cells, no styles: {a:.2f} s")
    print(f"ours    task_progress.build + save:      {o:.2f} s")
    print(f"ratio   {o / a:.2f}x  (goal: within 2x)")


if __name__ == "__main__":
    main()
