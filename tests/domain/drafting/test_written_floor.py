"""A floor under the drafter's figures on the self-written documents.

tests/fixtures/drafting_written/ holds thirty documents of the genre written for the purpose (outside
the five seeds), each annotated from its text before the extractor was first run on it.
First runs: the first two together 4 of 8 tasks and 19 of 21 targets right; the third,
written after the fixes those two prompted, 6 of 6 tasks and 12 of 14 targets; the next
three (a 实施意见, a 行动方案 and a 三年行动计划, longer, 12 tasks and 20 targets each),
written after that, 35 of 36 tasks and 44 of 60 targets (12 of the 16 misses from one
cause: a later vision year taken as the plan's horizon). After general rules for what they
showed (tests in test_genre_rules.py), all 50 tasks and 94 of 95 targets were right.
Four more (a 区“十四五”规划 excerpt, a 科技局 工作要点, a 专项行动方案 and a 若干措施), written and
annotated as a held-out set without sight of the drafter, had on their first run 54 of 54
tasks and 67 of 104 targets right (96 drafted): 24 misses from an outlook year taken as the
plan's horizon, 5 from deadlines that date one action, 8 figures not read (两个/十家, a
count next to an incentive, 争创/新签约/推荐申报). After general rules for those, all 104
tasks and 198 of 199 targets are right (python tests/bench/measure_drafting_written.py); the
one left is a judgement call on the year of a target in a task with its own deadline. A second
held-out set of four (a 高新区 若干政策措施 in 第X条 articles, a 市 实施方案, a 科技局 任务分工方案 and a 县
三年行动计划), written and annotated without sight of the drafter, had on its first run 39 of 53
tasks right (42 drafted: the articles were not read as tasks, and 各乡镇（街道） was cut) and 100 of
107 targets right (110 drafted: past-year figures, an eligibility threshold and a benefit taken as
targets, total reductions read as falling rates, 场次/次 not read, held states dated by the task's
deadline). After general rules for those, all 157 tasks and 305 of 306 targets of the fourteen
documents were right. A third held-out set of four (a 市委 市政府 意见, a 县域 工作方案 numbered 1.–12.
through its parts, a 区 三年攻坚行动方案 whose tasks are the rows of a tab-separated 附件 table, and a
县 科技工作要点 with unlabelled unit lists in a closing （…）), written and annotated without sight of
the drafter, had on its first run 21 of 50 tasks right (45 drafted: the table's 完成时限 cell in
every title, the closing unit lists not read, 〔A牵头，B配合〕 not read) and 102 of 112 targets right
(105 drafted). After general rules for those, and for the other common layouts of units and
deadlines (tests in test_genre_rules.py), all 207 tasks and 417 of 418 targets of the eighteen
documents were right. A fourth held-out set of four (a 市 创新型城市建设实施方案 with a plain-text 主要指标表,
a 科技局 目标责任分解表 with " | " cells and group headings between its rows, a 县 行动方案 whose parts close
with one 责任分工 line, and a 若干措施 with its units in running text), written and annotated without
sight of the drafter, had on its first run 26 of 52 tasks right (46 drafted: the table cut at its
second group heading, the items of the parts taken as tasks, running-text units not read) and 113 of
140 targets right (118 drafted: the indicator table not read, thresholds in 对…的 conditions and a
share paid out taken as targets). After general rules for those, all 259 tasks and 557 of 558
targets of the twenty-two documents were right. A fifth held-out set of four (a 市政府 实施意见 with
（A牵头，B、C按职责分工负责）, a 人才 行动计划 with 牵头单位/配合单位 lines, a 区 工作方案 with 专栏 boxes of ●
lines, and a 攻坚行动实施方案 whose tasks are the rows of a tab-separated 附件 清单), written and annotated
without sight of the drafter, had on its first run 52 of 52 tasks and 114 of 127 targets right (117
drafted: a comparison base 较2024年 carried as the year of the parts after ；, 推动现有平台… taken for a
sign of the past, 三年筹集… not read, and a part headed 发展基础和工作目标 taken for a past part). After
general rules for those, all 311 tasks and 684 of 685 targets of the twenty-six documents were right.
A sixth held-out set of four (a 市 行动计划 2026—2030, a 县 实施方案, a joint 工作方案 with a 分工表, a
经开区 三年行动方案 with 专栏) had on its first run 50 of 50 tasks and 148 of 149 targets right, and was
added without any rule change: all 361 tasks and 832 of 834 targets of the thirty documents are
right. Apart from the sixth set's first run, these are fitted figures, kept here as a regression
floor, not as evidence about unseen documents.
"""

from __future__ import annotations

from tests.bench.measure_drafting_written import documents, measure_all, totals


def test_every_written_document_is_annotated() -> None:
    assert len(documents()) == 30


def test_written_figures_stay_above_the_floor() -> None:
    sums = totals(measure_all())

    # tasks: number + title + ordered units all right
    assert sums["tasks_expected"] == 361
    assert sums["tasks_right"] >= 350  # measured 361/361
    assert sums["tasks_right"] / max(sums["tasks_drafted"], 1) >= 0.90

    # numeric targets: value + year + direction right
    assert sums["targets_expected"] == 834
    assert sums["targets_right"] >= 815  # measured 832/834
    assert sums["targets_right"] / sums["targets_drafted"] >= 0.90
