"""Responsible-unit clauses, written for the tests in the style of such documents."""

from __future__ import annotations

from desktop.domain.drafting.text import squeeze
from desktop.domain.drafting.units import find_unit_clauses, strip_unit_clauses
from desktop.domain.unit_names import UnitDirectory, UnitEntry

DIRECTORY = UnitDirectory(
    [
        UnitEntry("市发展改革委", "department", ("市发改委", "市发展和改革委员会")),
        UnitEntry("市科技局", "department", ("市科学技术局",)),
        UnitEntry("市财政局", "department"),
        UnitEntry("市工业和信息化局", "department", ("市经信委", "市工信局")),
        UnitEntry("各县(市、区)政府", "county", ("各县（市、区）人民政府",)),
        UnitEntry("市属开发区管委会", "zone"),
        UnitEntry("高新区管委会", "zone"),
        UnitEntry("经开区管委会", "zone"),
    ]
)


def units(text: str, directory: UnitDirectory | None = DIRECTORY) -> list[tuple[str, str | None, str]]:
    clauses = find_unit_clauses(squeeze(text), directory)
    return [(u.written, u.name, u.role) for c in clauses for u in c.units]


def test_responsible_units_in_order_resolved_through_aliases() -> None:
    text = "建设一批概念验证中心。（责任单位：市科技局、市发改委、市财政局）"
    assert units(text) == [
        ("市科技局", "市科技局", "responsible"),
        ("市发改委", "市发展改革委", "responsible"),
        ("市财政局", "市财政局", "responsible"),
    ]


def test_responsible_department_label_broken_by_a_line_break() -> None:
    text = "加快建设科技大市场。（责\n任部门：市工信局、\n市科技局）"
    assert [w for w, _, _ in units(text)] == ["市工信局", "市科技局"]


def test_square_brackets_with_nested_county_name() -> None:
    text = "推动孵化器提质增效。〔责任单位：市科技局，各县（市、区）人民政府、市属开发区管委会〕"
    assert units(text) == [
        ("市科技局", "市科技局", "responsible"),
        ("各县（市、区）人民政府", "各县(市、区)政府", "responsible"),
        ("市属开发区管委会", "市属开发区管委会", "responsible"),
    ]


def test_lead_and_cooperating_units() -> None:
    text = "完善首台套政策。（牵头单位：市工业和信息化局；配合单位：市财政局、市科技局）"
    assert units(text) == [
        ("市工业和信息化局", "市工业和信息化局", "lead"),
        ("市财政局", "市财政局", "cooperating"),
        ("市科技局", "市科技局", "cooperating"),
    ]


def test_shared_suffix_is_distributed() -> None:
    text = "（责任单位：市科技局，高新区、经开区管委会）"
    assert [w for w, _, _ in units(text)] == ["市科技局", "高新区管委会", "经开区管委会"]


def test_unknown_units_are_kept_and_flagged() -> None:
    clause = find_unit_clauses(squeeze("（责任单位：市科技局、市数字经济发展中心）"), DIRECTORY)[0]
    unknown = [u for u in clause.units if not u.known]
    assert [(u.written, u.how) for u in unknown] == [("市数字经济发展中心", "unknown")]


def test_without_a_unit_list_names_stay_unresolved() -> None:
    assert units("（责任单位：市科技局）", None) == [("市科技局", None, "responsible")]


def test_led_by_phrase() -> None:
    text = "由市科技局牵头，市财政局、市发改委配合，建立科技金融服务平台。"
    assert units(text) == [
        ("市科技局", "市科技局", "lead"),
        ("市财政局", "市财政局", "cooperating"),
        ("市发改委", "市发展改革委", "cooperating"),
    ]


def test_subject_responsible_for_the_item() -> None:
    clause = find_unit_clauses(squeeze("市科技局负责组织年度创新能力评价工作。"), DIRECTORY)[0]
    assert [u.written for u in clause.units] == ["市科技局"]
    assert clause.confidence < 0.7  # weaker evidence than a labelled clause


def test_clause_source_and_body_without_the_clause() -> None:
    text = squeeze("培育科技领军企业。（责任单位：市科技局）")
    clauses = find_unit_clauses(text, DIRECTORY)
    assert clauses[0].source == "（责任单位：市科技局）"
    assert strip_unit_clauses(text, clauses) == "培育科技领军企业。"


def test_missing_closing_bracket_reads_to_the_sentence_end() -> None:
    clause = find_unit_clauses(squeeze("（责任单位：市科技局、市财政局。"), DIRECTORY)[0]
    assert [u.written for u in clause.units] == ["市科技局", "市财政局"]
    assert clause.confidence < 0.9


def test_bracketed_lead_and_cooperating_without_labels() -> None:
    text = "健全科技金融体系。（市财政局牵头，市科技局、市发改委等配合）"
    assert units(text) == [
        ("市财政局", "市财政局", "lead"),
        ("市科技局", "市科技局", "cooperating"),
        ("市发改委", "市发展改革委", "cooperating"),
    ]


def test_bracketed_responsible_without_label() -> None:
    assert units("开展科普进校园活动。（市教育局、市科技局负责）", None) == [
        ("市教育局", None, "responsible"),
        ("市科技局", None, "responsible"),
    ]
