"""Tests for desktop.domain.intake.matching: names as departments write them."""

from __future__ import annotations

import pytest

from desktop.domain.intake.extraction import CatalogIndicator, CatalogTask, PlanCatalog
from desktop.domain.intake.matching import (
    AMBIGUITY_MARGIN,
    match_indicator,
    match_task,
    normalise_name,
    similarity,
)
from tests.domain.intake.freeform_builders import combined_catalog, indicator_id, liaocheng_catalog, zibo_catalog


def catalog_of(*names: str) -> PlanCatalog:
    return PlanCatalog(9, "测试", tuple(CatalogIndicator(index, name, None) for index, name in enumerate(names, start=1)), ())


# -- normalise_name ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("R&D经费支出占GDP比重（%）", "rd经费支出占gdp比重"),
        ("Ｒ＆Ｄ经费支出占ＧＤＰ比重", "rd经费支出占gdp比重"),
        ("R & D 经费支出占 GDP 比重", "rd经费支出占gdp比重"),
        ("全社会 R&D 经费支出占 GDP 比重及增幅(%)", "全社会rd经费支出占gdp比重"),
        ("研发经费投入（亿元）", "rd经费投入"),
        ("高新技术企业数", "高新技术企业"),
        ("高新技术企业数量（家）", "高新技术企业"),
        ("高新技术企业总数", "高新技术企业"),
        ("高新技术企业（家）", "高新技术企业"),
        ("人均 GDP（万元/人）", "人均gdp"),
        ("万人发明专利拥有量（件/万人）", "万人发明专利拥有量"),
        ("国家级专精特新“小巨人”企业", "国家级专精特新小巨人企业"),
        ("1.高新技术企业", "高新技术企业"),
        ("（三）高新技术企业", "高新技术企业"),
        ("一、高新技术企业", "高新技术企业"),
        ("①高新技术企业", "高新技术企业"),
        ("1.1提升市及县域创新能力", "提升市及县域创新能力"),
        ("规模以上工业营业收入", "规上工业营业收入"),
        # a bracket that is not a unit keeps its words
        ("各县（市、区）科技投入", "各县市区科技投入"),
        # a number that belongs to the name stays
        ("5G基站", "5g基站"),
        ("2023年新增高新技术企业", "2023年新增高新技术企业"),
    ],
)
def test_normalise_name(written: str, key: str) -> None:
    assert normalise_name(written) == key


def test_normalise_keeps_a_lone_count_word() -> None:
    # stripping 数 from 指数 would leave nothing to compare
    assert normalise_name("数") == "数"


# -- similarity ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("R&D经费支出占GDP比重", "R&D经费支出占GDP比重（%）"),
        ("高新技术企业数", "高新技术企业（家）"),
        ("Ｒ＆Ｄ经费支出占ＧＤＰ比重", "R&D经费支出占GDP比重（%）"),
        ("全社会R&D经费支出占GDP比重", "R&D经费支出占GDP比重"),
        ("有效期内高新技术企业总量", "高新技术企业"),
        ("技术合同成交额", "年登记技术合同成交额"),
        ("高新技术产业产值占规上工业总产值比重（%）", "高新技术产业产值占规模以上工业总产值比重"),
        ("研发经费支出占GDP比重", "R&D经费支出占GDP比重"),
    ],
)
def test_same_indicator_scores_high(a: str, b: str) -> None:
    assert similarity(a, b) >= 0.8


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("高新技术企业", "高新技术企业营业收入"),
        ("高新技术企业", "高新技术企业从业人员"),
        ("省级重点实验室", "市级重点实验室"),
        ("省瞪羚企业", "市瞪羚企业"),
        ("瞪羚企业", "省瞪羚企业"),
        ("GDP", "人均GDP"),
        ("高新技术产业产值", "高新技术产业产值增长"),
        ("其中：国家级高新技术企业", "高新技术企业"),
        ("创新平台", "省级以上创新平台"),
        ("万人有效发明专利拥有量", "每万人高价值发明专利拥有量"),
    ],
)
def test_different_indicators_score_low(a: str, b: str) -> None:
    assert similarity(a, b) < 0.8


def test_similarity_is_symmetric_and_bounded() -> None:
    names = [name for name, _ in ((i.name, i.unit) for i in zibo_catalog().indicators)]
    for a in names[:12]:
        for b in names[:12]:
            score = similarity(a, b)
            assert 0.0 <= score <= 1.0
            assert score == similarity(b, a)
    assert similarity("高新技术企业", "高新技术企业") == 1.0
    assert similarity("", "高新技术企业") == 0.0
    assert similarity("（%）", "（家）") == 0.0


# -- match_indicator ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("R&D经费支出占GDP比重（%）", "R&D经费支出占GDP比重"),
        ("Ｒ＆Ｄ经费支出占ＧＤＰ比重", "R&D经费支出占GDP比重"),
        ("高新技术企业数", "高新技术企业"),
        ("高新技术企业（家）", "高新技术企业"),
        ("2.高新技术企业数量（家）", "高新技术企业"),
        ("高新技术企业营业收入（亿元）", "高新技术企业营业收入"),
        ("技术合同成交额（亿元）", "年登记技术合同成交额"),
        ("每万人高价值发明专利拥有量（件）", "每万人高价值发明专利拥有量"),
        ("国家级专精特新小巨人企业", "国家级专精特新“小巨人”企业"),
        ("规模以上工业企业数量", "规上工业企业数量"),
    ],
)
def test_matches_zibo_names(written: str, expected: str) -> None:
    catalog = zibo_catalog()
    match, score, guess = match_indicator(written, catalog)
    assert match is not None and match.name == expected
    assert guess is match
    assert score >= 0.8


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("R&D经费支出占GDP比重", "全社会 R&D 经费支出占 GDP 比重及增幅(%)"),
        ("高新技术企业数", "高新技术企业数量（家）"),
        ("人均GDP", "人均 GDP（万元/人）"),
        ("万人发明专利拥有量", "万人发明专利拥有量（件/万人）"),
    ],
)
def test_matches_liaocheng_names(written: str, expected: str) -> None:
    match, _, _ = match_indicator(written, liaocheng_catalog())
    assert match is not None and match.name == expected


def test_a_head_word_more_is_another_indicator() -> None:
    catalog = catalog_of("高新技术企业营业收入")
    match, score, guess = match_indicator("高新技术企业", catalog)
    assert match is None
    assert guess is not None and guess.name == "高新技术企业营业收入"
    assert score < 0.8


def test_another_level_is_another_indicator() -> None:
    match, _, guess = match_indicator("省级重点实验室", catalog_of("市级重点实验室", "技术创新中心"))
    assert match is None
    assert guess is not None and guess.name == "市级重点实验室"


def test_a_tie_is_not_understood() -> None:
    catalog = catalog_of("全市高新技术企业", "全区高新技术企业")
    match, score, guess = match_indicator("高新技术企业", catalog)
    assert score >= 0.8
    assert match is None
    assert guess is not None


def test_twins_in_a_combined_catalog_are_not_guessed() -> None:
    catalog = combined_catalog()
    match, score, guess = match_indicator("高新技术企业数", catalog)
    assert match is None and score == 1.0
    assert guess is not None and guess.id in (indicator_id("高新技术企业", catalog), indicator_id("高新技术企业数量（家）", catalog))


def test_a_unique_exact_name_wins_over_a_near_sibling() -> None:
    long_a = "享受研发费用税前加计扣除政策企业数占规上工业企业有研发活动企业数的比重"
    long_b = "享受研发费用税前加计扣除政策的企业数占规上工业企业有研发活动企业数的比重"
    catalog = catalog_of(long_a, long_b)
    assert similarity(long_a, long_b) >= 1.0 - AMBIGUITY_MARGIN
    match, score, _ = match_indicator(long_a, catalog)
    assert match is not None and match.name == long_a and score == 1.0


def test_threshold_is_a_parameter() -> None:
    catalog = catalog_of("省级以上创新平台")
    assert match_indicator("创新平台", catalog)[0] is None
    assert match_indicator("创新平台", catalog, threshold=0.3)[0] is not None


def test_empty_catalog() -> None:
    assert match_indicator("高新技术企业", PlanCatalog(1, "空", (), ())) == (None, 0.0, None)


# -- match_task ---------------------------------------------------------------------------


def tasks_catalog() -> PlanCatalog:
    return PlanCatalog(
        1,
        "任务",
        (),
        (
            CatalogTask(1, "1.1", "提升市及县域创新能力"),
            CatalogTask(2, "1.2", "提升高新区创新引领带动作用"),
            CatalogTask(3, "2.1", "努力提升基础研究能力"),
        ),
    )


def test_task_by_number_and_title() -> None:
    task, _, _ = match_task("提升市及县域创新能力", "1.1", tasks_catalog())
    assert task is not None and task.id == 1


def test_task_by_full_width_number_alone() -> None:
    task, score, _ = match_task("", "１．２", tasks_catalog())
    assert task is not None and task.id == 2 and score == 1.0


def test_task_by_title_when_rows_are_renumbered() -> None:
    # the department numbered its rows 1, 2, 3: row "1.1" here names task 2.1
    task, _, _ = match_task("努力提升基础研究能力", "1.1", tasks_catalog())
    assert task is not None and task.id == 3


def test_task_whose_paragraph_was_copied() -> None:
    text = "提升高新区创新引领带动作用。淄博高新区秉持“发展高科技、实现产业化”的宗旨……"
    task, score, _ = match_task(text, None, tasks_catalog())
    assert task is not None and task.id == 2 and score >= 0.9


def test_unknown_task_reports_best_guess() -> None:
    task, score, guess = match_task("加强科普知识宣传", None, tasks_catalog())
    assert task is None and guess is not None and score < 0.8
