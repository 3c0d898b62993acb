"""Document metadata from header, title and signature, in documents written for the tests."""

from __future__ import annotations

import datetime as dt

from desktop.domain.drafting import extract_draft

NOTICE = """
青州市人民政府文件
青政发〔2023〕7 号
青州市人民政府
关于印发《青州市科技创新
三年行动方案》的通知
各镇人民政府，市政府各部门：
现将《青州市科技创新三年行动方案》印发给你们，请认真贯彻执行。
青州市人民政府
2023 年 4 月 12 日
青州市科技创新三年行动方案
一、总体目标
到2026年，全市高新技术企业达到260家。
二、重点任务
1.培育创新主体。支持企业建设研发机构。（责任单位：市科技局）
"""

OPINION = """
潍水市人民政府
关于加快建设科技强市的意见
潍政字〔2024〕15号
各区县人民政府：
一、主要目标
到 2027 年，研发投入强度达到 3.1%。
二、重点任务
1.强化平台。建设实验室。（责任部门：市科技局）
潍水市人民政府
2024年5月20日
（此件公开发布）
"""


def test_notice_with_plan_in_book_title_marks() -> None:
    meta = extract_draft(NOTICE).meta
    assert meta.doc_number.value == "青政发〔2023〕7号"
    assert meta.name.value == "青州市科技创新三年行动方案"
    assert meta.issuer.value == "青州市人民政府"
    assert meta.issue_date.value == dt.date(2023, 4, 12)
    assert meta.city.value == "青州市"
    assert meta.target_year.value == 2026
    assert meta.base_year.value == 2022


def test_opinion_with_issuer_line_above_the_title_and_signature_at_the_end() -> None:
    draft = extract_draft(OPINION)
    meta = draft.meta
    assert meta.name.value == "关于加快建设科技强市的意见"
    assert meta.doc_number.value == "潍政字〔2024〕15号"
    assert meta.issuer.value == "潍水市人民政府"
    assert meta.issue_date.value == dt.date(2024, 5, 20)
    assert meta.target_year.value == 2027
    assert "潍水市人民政府" in (meta.issuer.source or "")
    # the signature is not part of the last task
    assert "2024年5月20日" not in draft.tasks[-1].body


def test_missing_document_number_is_reported() -> None:
    draft = extract_draft("关于推进某项工作的方案\n一、重点任务\n1.甲项工作。（责任单位：市科技局）")
    assert draft.meta.doc_number.value is None
    assert draft.meta.doc_number.confidence == 0.0
    assert "未找到文号。" in draft.warnings
