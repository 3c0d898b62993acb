"""进展通报 prose: exact sentences for the key cases, and facts taken from a real plan."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

import desktop.domain.bulletin as bulletin_module
from desktop.domain.bulletin import (
    HEADINGS,
    BulletinFacts,
    LaggingIndicator,
    OverdueTask,
    UnitOverdue,
    compose_bulletin,
    format_number,
    format_percent,
    is_heading,
    short_title,
    tidy,
)
from desktop.domain.deadlines import parse_deadline
from desktop.domain.evaluation.results import Status, TaskStatus
from desktop.domain.evaluation.specs import TaskSpec
from desktop.domain.evaluation.tasks import evaluate_task

PLAN = "聊城市创新型城市建设推进方案"
AS_OF = dt.date(2022, 7, 5)


def section(paragraphs: list[str], heading: str) -> str:
    """The paragraph that follows ``heading``."""
    return paragraphs[paragraphs.index(heading) + 1]


def facts(**changes) -> BulletinFacts:
    base = dict(
        plan_name=PLAN,
        period_label="2022年6月",
        as_of=AS_OF,
        indicator_counts={Status.REACHED: 2, Status.ON_TRACK: 8},
        task_counts={TaskStatus.ON_TRACK: 30, TaskStatus.DONE: 8},
        units_expected=20,
        reporting_day=27,
    )
    base.update(changes)
    return BulletinFacts(**base)


# --- structure ---------------------------------------------------------------------------


def test_paragraphs_come_in_the_bulletin_order() -> None:
    paragraphs = compose_bulletin(facts())
    assert paragraphs[0] == (
        "为及时掌握《聊城市创新型城市建设推进方案》落实情况，"
        "现将2022年6月指标完成和重点任务推进情况通报如下。"
    )
    positions = [paragraphs.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert [p for p in paragraphs if is_heading(p)] == list(HEADINGS)
    assert all(p.endswith("。") for p in paragraphs if not is_heading(p))


def test_a_plan_name_already_in_book_title_marks_is_not_wrapped_twice() -> None:
    paragraphs = compose_bulletin(facts(plan_name="《组建科技创新“五个工作专班”实施方案》"))
    assert "《《" not in "".join(paragraphs)
    assert "《组建科技创新“五个工作专班”实施方案》落实情况" in paragraphs[0]


def test_headings_are_recognised_and_sentences_are_not() -> None:
    assert is_heading("三、任务推进")
    assert not is_heading("一是对逾期未完成的任务，各责任单位要说明原因。")
    assert not is_heading("所有指标均达到序时进度要求。")


# --- 总体情况 -----------------------------------------------------------------------------


def test_overview_counts_every_category_and_leaves_out_empty_ones() -> None:
    f = facts(
        indicator_counts={
            Status.REACHED: 3,
            Status.ON_TRACK: 10,
            Status.LAGGING: 2,
            Status.SEVERELY_LAGGING: 1,
            Status.NO_DATA: 4,
        },
        task_counts={
            TaskStatus.DONE: 5,
            TaskStatus.ON_TRACK: 20,
            TaskStatus.DUE_SOON: 2,
            TaskStatus.OVERDUE: 3,
        },
        units_expected=25,
        units_not_reported=("市财政局", "高新区管委会"),
    )
    assert section(compose_bulletin(f), "一、总体情况") == (
        "截至2022年7月5日，《聊城市创新型城市建设推进方案》共监测指标20项、重点任务30项。"
        "指标方面，已达标3项、达到序时进度10项、滞后于序时进度3项（其中严重滞后1项）、暂无数据4项。"
        "任务方面，已完成5项、正常推进20项、即将到期2项、逾期未完成3项。"
        "报送方面，2022年6月应报送单位25个，已报送23个，未报送2个。"
    )


def test_overview_when_every_unit_reported() -> None:
    text = section(compose_bulletin(facts()), "一、总体情况")
    assert text.endswith("报送方面，2022年6月应报送单位20个，已全部报送。")


def test_overview_of_a_plan_without_indicators_or_tasks() -> None:
    f = facts(indicator_counts={}, task_counts={}, units_expected=None)
    assert section(compose_bulletin(f), "一、总体情况") == (
        "截至2022年7月5日，《聊城市创新型城市建设推进方案》尚未设置监测指标和重点任务。"
    )


# --- 指标进展 -----------------------------------------------------------------------------


def test_all_indicators_on_track() -> None:
    f = facts(indicator_counts={Status.ON_TRACK: 12})
    assert section(compose_bulletin(f), "二、指标进展") == "所有指标均达到序时进度要求。"


def test_all_on_track_some_reached() -> None:
    assert section(compose_bulletin(facts()), "二、指标进展") == (
        "所有指标均达到序时进度要求，其中2项已达到目标值。"
    )


def test_on_track_with_indicators_still_without_data() -> None:
    f = facts(indicator_counts={Status.ON_TRACK: 5, Status.NO_DATA: 3})
    assert section(compose_bulletin(f), "二、指标进展") == (
        "有数据的5项指标均达到序时进度要求；另有3项指标暂无数据，请责任单位尽快报送。"
    )


def test_no_indicator_has_data() -> None:
    f = facts(indicator_counts={Status.NO_DATA: 19})
    assert section(compose_bulletin(f), "二、指标进展") == (
        "19项指标均暂无数据，尚无法判断进度，请责任单位尽快报送。"
    )


def test_lagging_indicators_are_named_with_their_gap_to_the_expected_value() -> None:
    f = facts(
        indicator_counts={Status.ON_TRACK: 13, Status.LAGGING: 2, Status.SEVERELY_LAGGING: 1},
        lagging=(
            LaggingIndicator("全社会研发经费投入占GDP比重", Decimal("2.35"), Decimal("2.50"), "%"),
            LaggingIndicator(
                "高新技术企业数量", Decimal("512"), Decimal("600"), "家", status=Status.SEVERELY_LAGGING
            ),
            LaggingIndicator("技术合同成交额", Decimal("35.20"), Decimal("40.00"), "亿元"),
        ),
    )
    assert section(compose_bulletin(f), "二、指标进展") == (
        "13项指标达到或超过序时进度要求。"
        "3项指标未达到序时进度要求："
        "全社会研发经费投入占GDP比重目前为2.35%，序时进度要求2.50%，相差0.15个百分点，完成序时进度的94.0%；"
        "高新技术企业数量目前为512家，序时进度要求600家，相差88家，完成序时进度的85.3%，严重滞后；"
        "技术合同成交额目前为35.20亿元，序时进度要求40.00亿元，相差4.80亿元，完成序时进度的88.0%。"
    )


def test_a_given_gap_is_used_as_is_and_lower_is_better_has_no_ratio() -> None:
    f = facts(
        indicator_counts={Status.LAGGING: 1, Status.NO_DATA: 2},
        lagging=(
            LaggingIndicator("万元GDP能耗", Decimal("0.62"), Decimal("0.58"), "吨标准煤", gap=Decimal("0.04")),
        ),
    )
    assert section(compose_bulletin(f), "二、指标进展") == (
        "1项指标未达到序时进度要求：万元GDP能耗目前为0.62吨标准煤，序时进度要求0.58吨标准煤，"
        "相差0.04吨标准煤。另有2项指标暂无数据，请责任单位尽快报送。"
    )


def test_a_lagging_indicator_without_figures_is_still_named() -> None:
    f = facts(
        indicator_counts={Status.LAGGING: 1},
        lagging=(LaggingIndicator("每万人口发明专利拥有量", None, Decimal("8.5"), "件"),),
    )
    assert section(compose_bulletin(f), "二、指标进展") == (
        "1项指标未达到序时进度要求：每万人口发明专利拥有量（暂无可比数据）。"
    )


def test_numbers_keep_their_own_decimals_and_percentages_have_one() -> None:
    assert format_number(Decimal("305.41")) == "305.41"
    assert format_number(Decimal("2.50")) == "2.50"
    assert format_number(Decimal("1E+2")) == "100"
    assert format_number(Decimal("1822")) == "1822"
    assert format_percent(Decimal("0.93245")) == "93.2%"
    assert format_percent(Decimal("1")) == "100.0%"
    assert format_percent(Decimal("0.00049")) == "0.0%"


# --- 任务推进 -----------------------------------------------------------------------------


def test_no_overdue_tasks() -> None:
    assert section(compose_bulletin(facts()), "三、任务推进") == (
        "所有重点任务均按计划推进，无逾期未完成任务。"
    )


def test_overdue_tasks_are_listed_by_lead_unit() -> None:
    f = facts(
        task_counts={TaskStatus.ON_TRACK: 20, TaskStatus.OVERDUE: 3, TaskStatus.DUE_SOON: 2},
        overdue=(
            UnitOverdue(
                "市科技局",
                (
                    OverdueTask(
                        "1.1",
                        "充分发挥国家创新型城市建设协调领导小组办公室作用，以问题导向、目标导向、结果导向为统领",
                        "2022年6月底前",
                        5,
                    ),
                    OverdueTask("2.3", "建设淄博产业技术研究院", "2022年3月底", 96),
                ),
            ),
            UnitOverdue("市财政局", (OverdueTask("3.1", "落实研发费用加计扣除政策"),)),
        ),
    )
    assert section(compose_bulletin(f), "三、任务推进") == (
        "逾期未完成任务3项，涉及2个责任单位："
        "市科技局2项，即“充分发挥国家创新型城市建设协调领导小组办公室作用”"
        "（任务1.1，完成时限：2022年6月底前，已逾期5天）、"
        "“建设淄博产业技术研究院”（任务2.3，完成时限：2022年3月底，已逾期96天）；"
        "市财政局1项，即“落实研发费用加计扣除政策”（任务3.1）。"
        "另有2项任务即将到期，请责任单位抓紧推进，确保按期完成。"
    )


def test_overdue_count_without_details() -> None:
    f = facts(task_counts={TaskStatus.OVERDUE: 2, TaskStatus.NOT_REPORTED: 4})
    assert section(compose_bulletin(f), "三、任务推进") == (
        "逾期未完成任务2项。4项任务本期未报送进展情况。"
    )


def test_spaces_the_documents_typed_around_chinese_are_dropped_in_prose() -> None:
    assert tidy("2022年 12月底、持续推进") == "2022年12月底、持续推进"
    assert tidy(" 2019 年 12 月底前 ") == "2019年12月底前"
    assert tidy("R&D 经费 and IT services") == "R&D经费and IT services"


def test_long_task_titles_are_shortened_for_running_text() -> None:
    assert short_title("有序推进高新技术园区建设。") == "有序推进高新技术园区建设"
    long_clause = "将创新型城市考核指标分别由牵头部门形成清单化项目化责任化节点化的施工图并定期调度"
    assert short_title(long_clause).endswith("…")
    assert len(short_title(long_clause)) == 28


# --- 报送情况 and 下步要求 --------------------------------------------------------------


def test_every_unit_reported() -> None:
    assert section(compose_bulletin(facts()), "四、报送情况") == "2022年6月各责任单位均已报送进展情况。"


def test_units_not_reported_and_late_are_named() -> None:
    f = facts(units_not_reported=("市财政局", "高新区管委会"), units_late=("市教育局",))
    assert section(compose_bulletin(f), "四、报送情况") == (
        "截至2022年7月5日，仍有2个单位未报送2022年6月进展情况：市财政局、高新区管委会。"
        "市教育局逾期报送。"
    )


def test_no_reporting_round() -> None:
    f = facts(units_expected=None)
    assert section(compose_bulletin(f), "四、报送情况") == "本期未组织进展报送。"


def test_requirements_follow_what_went_wrong() -> None:
    f = facts(
        indicator_counts={Status.LAGGING: 1},
        lagging=(LaggingIndicator("技术合同成交额", Decimal("35.20"), Decimal("40.00"), "亿元"),),
        task_counts={TaskStatus.OVERDUE: 1},
        units_not_reported=("市财政局",),
        next_due=dt.date(2022, 7, 10),
    )
    assert section(compose_bulletin(f), "五、下步要求") == (
        "一是对未达到序时进度的指标，各责任单位要认真分析原因，制定针对性措施，确保尽快赶上序时进度；"
        "二是对逾期未完成的任务，各责任单位要说明原因，明确完成时限，加快推进落实；"
        "三是未报送单位请于2022年7月10日前补报2022年6月进展情况；"
        "四是各责任单位要严格落实按月调度要求，于每月27日前报送指标数据和任务进展，确保数据真实准确、报送及时。"
    )


def test_a_single_requirement_is_not_numbered() -> None:
    f = facts(reporting_day=None)
    assert compose_bulletin(f)[-1] == "各责任单位要及时、准确报送指标数据和任务进展，确保数据真实准确。"


# --- real plan --------------------------------------------------------------------------


def test_facts_from_the_liaocheng_tasks_evaluated_in_mid_2020(tmp_path: Path) -> None:
    from tests.workbooks.plans import preset_plan

    plan = preset_plan(tmp_path, "liaocheng-2018")
    as_of = dt.date(2020, 6, 30)
    counts: dict[TaskStatus, int] = {}
    by_unit: dict[str, list[OverdueTask]] = {}
    for task in plan["tasks"]:
        deadline = parse_deadline(task["deadline_text"] or "")
        spec = TaskSpec(
            id=task["id"],
            name=task["title"],
            deadline=dt.date.fromisoformat(task["deadline"]) if task["deadline"] else None,
            ongoing=deadline.ongoing,
            units=tuple(task["units"]),
        )
        result = evaluate_task(spec, as_of)
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status is TaskStatus.OVERDUE:
            lead = task["units"][0] if task["units"] else "未明确责任单位"
            by_unit.setdefault(lead, []).append(
                OverdueTask(task["number"], task["title"], task["deadline_text"], -result.days_left)
            )
    f = BulletinFacts(
        plan_name=plan["plan"]["name"],
        period_label="2020年第二季度",
        as_of=as_of,
        indicator_counts={Status.NO_DATA: len(plan["indicators"])},
        task_counts=counts,
        overdue=tuple(UnitOverdue(u, tuple(ts)) for u, ts in by_unit.items()),
    )
    paragraphs = compose_bulletin(f)
    overview = section(paragraphs, "一、总体情况")
    assert overview.startswith(
        "截至2020年6月30日，《聊城市创新型城市建设推进方案》共监测指标19项、重点任务38项。"
    )
    overdue = counts.get(TaskStatus.OVERDUE, 0)
    assert overdue > 0  # tasks due by the end of 2019 are late in mid-2020
    tasks = section(paragraphs, "三、任务推进")
    assert tasks.startswith(f"逾期未完成任务{overdue}项，涉及{len(by_unit)}个责任单位：")
    assert "“有序推进高新技术园区建设”（任务1，完成时限：2019年12月底前，已逾期182天）" in tasks
    assert section(paragraphs, "二、指标进展") == "19项指标均暂无数据，尚无法判断进度，请责任单位尽快报送。"


def test_the_module_stays_pure() -> None:
    tree = ast.parse(Path(bulletin_module.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert not any(name.split(".")[0] in {"openpyxl", "docx", "PySide6", "sqlalchemy"} for name in imported)
    assert all(not name.startswith("desktop.") or name.startswith("desktop.domain") for name in imported)


@pytest.mark.parametrize("status", [Status.LAGGING, Status.SEVERELY_LAGGING])
def test_counted_lagging_without_details_still_says_how_many(status: Status) -> None:
    f = facts(indicator_counts={Status.ON_TRACK: 4, status: 2})
    assert section(compose_bulletin(f), "二、指标进展") == (
        "4项指标达到或超过序时进度要求。2项指标未达到序时进度要求。"
    )
