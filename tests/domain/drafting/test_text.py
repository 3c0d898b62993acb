"""Cleaning PDF text: spaces, page numbers, attachments, sentences."""

from __future__ import annotations

from desktop.domain.drafting.text import document_lines, sentence_at, sentences, split_attachments, squeeze


def test_squeeze_removes_spaces_except_between_latin_words() -> None:
    assert squeeze("到 2025 年， 万元 GDP 综合能耗") == "到2025年，万元GDP综合能耗"
    assert squeeze("R&D 经费 MEMS 工艺") == "R&D经费MEMS工艺"
    assert squeeze("big data") == "big data"


def test_page_numbers_are_marked() -> None:
    lines = document_lines("正文第一行\n\n- 3 -\n正文第二行\n12\n")
    assert [(ln.text, ln.numeric) for ln in lines] == [
        ("正文第一行", False), ("-3-", True), ("正文第二行", False), ("12", True),
    ]


def test_attachments_start_at_a_label_line_only() -> None:
    lines = document_lines("一、任务\n附件：1.重点任务分工表\n某某市人民政府\n附件1\n重点任务分工表\n附件 2：\n指标表")
    body, attachments = split_attachments(lines)
    assert [ln.text for ln in body] == ["一、任务", "附件：1.重点任务分工表", "某某市人民政府"]
    assert [(label, [ln.text for ln in ls]) for label, ls in attachments] == [
        ("附件1", ["重点任务分工表"]), ("附件2", ["指标表"]),
    ]


def test_sentences_keep_bracketed_clauses_whole() -> None:
    text = "建设平台。（责任单位：市科技局；市财政局）完善政策；加强服务"
    spans = [text[a:b] for a, b in sentences(text)]
    assert spans == ["建设平台。", "（责任单位：市科技局；市财政局）完善政策；", "加强服务"]
    assert sentence_at(text, text.index("完善")) == "（责任单位：市科技局；市财政局）完善政策；"
