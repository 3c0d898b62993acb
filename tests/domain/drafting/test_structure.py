"""Headings 一、/（一）/1./（1）/①/一是 and the numbering rule that accepts them."""

from __future__ import annotations

from desktop.domain.drafting.structure import build_sections, find_headings, heading_title
from desktop.domain.drafting.text import document_lines


def headings(text: str) -> list[tuple[str, str, int]]:
    return [(h.style, h.number, h.level) for h in find_headings(document_lines(text))]


def test_every_style_nests() -> None:
    text = "\n".join(
        ["一、主要任务", "（一）强化创新平台", "1.建设实验室。内容", "（1）基础研究。", "①一季度完成。", "②二季度完成。",
         "（2）应用研究。", "2.建设中试基地。", "（二）培育企业", "1.梯次培育。", "二、保障措施"]
    )
    assert headings(text) == [
        ("cn", "一", 1), ("paren_cn", "一", 2), ("arabic", "1", 3), ("paren_arabic", "1", 4),
        ("circled", "①", 5), ("circled", "②", 5), ("paren_arabic", "2", 4), ("arabic", "2", 3),
        ("paren_cn", "二", 2), ("arabic", "1", 3), ("cn", "二", 1),
    ]


def test_half_width_brackets_and_enumerations_with_shi() -> None:
    text = "一、工作举措\n(一)加强统筹\n一是建立联席会议制度。\n二是完善考核办法。"
    assert headings(text) == [("cn", "一", 1), ("paren_cn", "一", 2), ("shi", "一", 3), ("shi", "二", 3)]


def test_wrapped_numbers_are_not_headings() -> None:
    text = "一、目标\n全市高新技术企业达到\n3 家。研发投入强度达到\n2.8%以上，新增\n15 个平台。\n二、任务"
    assert [h[1] for h in headings(text)] == ["一", "二"]


def test_a_number_out_of_sequence_is_text() -> None:
    text = "一、任务\n1.第一项。\n2.第二项。\n5.这不是标题，只是换行后的数字开头。\n3.第三项。"
    assert [h[1] for h in headings(text)] == ["一", "1", "2", "3"]


def test_numbering_continued_through_groups() -> None:
    text = "一、任务\n（一）第一组\n1.甲。\n2.乙。\n（二）第二组\n3.丙。\n4.丁。"
    assert [h[1] for h in headings(text)] == ["一", "一", "1", "2", "二", "3", "4"]


def test_one_lost_heading_is_accepted_and_flagged() -> None:
    found = find_headings(document_lines("1、甲\n2、乙\n4、丁"))
    assert [(h.number, h.irregular) for h in found] == [("1", False), ("2", False), ("4", True)]


def test_sections_hold_their_text_and_children() -> None:
    lines = document_lines("一、重点任务\n（一）平台\n1.建设实验室。推进\n重点实验室建设。\n2.建设中心。")
    roots = build_sections(lines, find_headings(lines))
    assert len(roots) == 1
    group = roots[0].children[0]
    assert [c.text for c in group.children] == ["建设实验室。推进重点实验室建设。", "建设中心。"]
    assert group.children[0].path[-1].title == "平台"


def test_title_is_the_phrase_before_the_first_full_stop() -> None:
    lines = document_lines("1.加快建设科技大市场。完善技术交易服务。")
    section = build_sections(lines, find_headings(lines))[0]
    assert heading_title(section, typical_line=30) == "加快建设科技大市场"


def test_title_of_a_short_heading_line_is_the_line() -> None:
    lines = document_lines("（一）加强组织领导\n建立工作专班制度，定期调度。")
    section = build_sections(lines, find_headings(lines))[0]
    assert heading_title(section, typical_line=30) == "加强组织领导"


def test_chapters_of_a_plan() -> None:
    text = "第一章 发展基础\n一、现状\n第二章 主要任务\n一、建设平台\n（一）实验室"
    assert headings(text) == [
        ("chapter", "一", 1), ("cn", "一", 2), ("chapter", "二", 1), ("cn", "一", 2), ("paren_cn", "一", 3),
    ]
