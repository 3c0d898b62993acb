"""Numeric targets: every pattern the drafter reads, with sentences written for the tests."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.drafting.targets import TargetContext, find_targets
from desktop.domain.drafting.text import squeeze

CTX = TargetContext(plan_year=2027, issue_year=2023)


def one(text: str, ctx: TargetContext = CTX):
    found = find_targets(squeeze(text), ctx)
    assert len(found) == 1, [(t.name, t.value) for t in found]
    return found[0]


def test_level_with_year_in_sentence() -> None:
    t = one("到2026年，全市规模以上工业企业研发机构达到900家。")
    assert (t.value, t.unit, t.year, t.direction, t.kind) == (Decimal("900"), "家", 2026, "higher", "level")
    assert t.year_from == "sentence"
    assert t.name == "全市规模以上工业企业研发机构"
    assert t.source == "到2026年，全市规模以上工业企业研发机构达到900家。"


def test_percent_with_bound_takes_the_plan_year() -> None:
    t = one("全社会研发经费投入强度达到2.8%以上。")
    assert (t.value, t.unit, t.year, t.kind, t.qualifier) == (Decimal("2.8"), "%", 2027, "level", "以上")
    assert t.year_from == "plan"


def test_strive_to_break_through() -> None:
    t = one("力争技术合同成交额突破50亿元。")
    assert (t.value, t.unit, t.direction, t.kind) == (Decimal("50"), "亿元", "higher", "level")
    assert t.name == "技术合同成交额"


def test_yearly_flow_runs_to_the_plan_end() -> None:
    t = one("每年柔性引进博士及以上高层次人才60名以上。", TargetContext(2027, deadline_year=2024, issue_year=2023))
    assert (t.value, t.unit, t.kind, t.year) == (Decimal("60"), "名", "yearly_flow", 2027)


def test_growth_rate() -> None:
    t = one("软件和信息技术服务业营业收入年均增长10%以上。")
    assert (t.value, t.unit, t.kind, t.direction) == (Decimal("10"), "%", "growth_rate", "higher")
    assert t.name == "软件和信息技术服务业营业收入"


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        ("单位地区生产总值能耗下降到0.65吨标准煤以下。", "0.65", "吨标准煤"),
        ("生产安全事故死亡人数控制在12人以内。", "12", "人"),
        ("重点行业用水量不超过3.5万吨。", "3.5", "万吨"),
    ],
)
def test_lower_is_better(sentence: str, value: str, unit: str) -> None:
    t = one(sentence)
    assert (t.value, t.unit, t.direction, t.kind) == (Decimal(value), unit, "lower", "ceiling")


def test_lower_is_better_by_name_without_a_verb() -> None:
    t = one("到2026年，万元地区生产总值综合能耗0.52吨标准煤/万元。")
    assert (t.value, t.unit, t.direction, t.kind, t.year) == (Decimal("0.52"), "吨标准煤/万元", "lower", "ceiling", 2026)
    assert t.confidence < 0.7  # no verb: marked for review


def test_cumulative() -> None:
    t = one("引导社会资本累计投入科技成果转化30亿元。")
    assert (t.value, t.unit, t.kind) == (Decimal("30"), "亿元", "cumulative")


def test_percentage_points() -> None:
    t = one("数字经济核心产业增加值占比提高1.5个百分点。")
    assert (t.value, t.unit, t.kind, t.direction) == (Decimal("1.5"), "个百分点", "increase_points", "higher")


def test_staged_targets_in_one_sentence_share_the_name() -> None:
    found = find_targets(squeeze("国家级孵化器到2024年达到6家，2026年达到9家。"), CTX)
    assert [(t.year, t.value) for t in found] == [(2024, Decimal("6")), (2026, Decimal("9"))]
    assert found[0].name == found[1].name == "国家级孵化器"


def test_a_list_after_one_verb() -> None:
    found = find_targets(squeeze("到2027年，新建省级工程研究中心8家，市级企业技术中心60家、重点实验室25家。"), CTX)
    assert [(t.name, t.value) for t in found] == [
        ("省级工程研究中心", Decimal("8")),
        ("市级企业技术中心", Decimal("60")),
        ("重点实验室", Decimal("25")),
    ]
    assert all(t.year == 2027 for t in found)


def test_number_before_its_noun() -> None:
    t = one("每年组织实施20项以上重大科技攻关项目。")
    assert t.name == "重大科技攻关项目"
    assert t.kind == "yearly_flow"


def test_task_deadline_gives_the_year() -> None:
    t = one("建成中试基地5个。", TargetContext(2027, deadline_year=2025, issue_year=2023, task_number="3"))
    assert (t.year, t.year_from, t.task_number) == (2025, "deadline", "3")


@pytest.mark.parametrize(
    "sentence",
    [
        "截至目前，全市已有高新技术企业1200家。",  # a result, not a promise
        "对新认定的国家级创新平台，给予最高500万元奖励。",  # an incentive
        "根据《某某市人民政府关于印发科技创新若干措施的通知》（某政发〔2021〕12号）制定。",
        "实施“1+5+N”创新平台布局。",  # a name in quotes
        "2022年，全市高新技术企业达到1100家。",  # a year before the document: a baseline
        "全市研发投入由2021年的86亿元增加到2022年的95亿元。",
    ],
)
def test_not_targets(sentence: str) -> None:
    assert find_targets(squeeze(sentence), CTX) == []


def test_a_report_only_takes_stated_goals() -> None:
    report = TargetContext(plan_year=2025, issue_year=None, report=True)
    assert find_targets(squeeze("全市新增省级专精特新企业85家。"), report) == []
    t = one("到2025年，全市省级专精特新企业达到300家。", report)
    assert t.value == Decimal("300")


def test_comparison_year_is_not_the_target_year() -> None:
    t = one("到2026年，全员劳动生产率比2022年提高20%。")
    assert (t.year, t.value) == (2026, Decimal("20"))
    t = one("高技术制造业增加值占比较2022年提高3个百分点。")
    assert (t.year, t.year_from, t.kind) == (2027, "plan", "increase_points")


def test_concentration_with_a_compound_unit() -> None:
    t = one("PM2.5平均浓度控制在35微克/立方米以内。")
    assert (t.value, t.unit, t.direction, t.kind, t.name) == (
        Decimal("35"), "微克/立方米", "lower", "ceiling", "PM2.5平均浓度",
    )


def test_reduction_rate_against_a_base_year() -> None:
    # the size of the whole reduction, as the self-written documents annotate it
    t = one("单位GDP能耗较2022年下降14.5%。")
    assert (t.name, t.value, t.direction, t.kind, t.year) == ("单位GDP能耗下降幅度", Decimal("14.5"), "higher", "level", 2027)


def test_an_annual_decline_stays_a_rate() -> None:
    t = one("单位GDP二氧化碳排放年均下降3.2%。")
    assert (t.value, t.direction, t.kind) == (Decimal("3.2"), "lower", "growth_rate")
