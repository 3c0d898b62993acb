"""Drafting a plan from the text of a policy document (意见 / 方案 / 规划).

Pure and rule-based: text in, dataclasses out; no Qt, no database, no files. Every item
keeps the sentence it came from and a confidence, so the clerk can check the draft
against the document before anything is saved.
"""

from desktop.domain.drafting.extract import extract_draft
from desktop.domain.drafting.model import (
    LOW_CONFIDENCE,
    DocumentMeta,
    Draft,
    DraftDeadline,
    DraftGroup,
    DraftIndicator,
    DraftTask,
    MetaField,
    NumericTarget,
    TextTable,
    UnitRef,
)

__all__ = [
    "LOW_CONFIDENCE",
    "DocumentMeta",
    "Draft",
    "DraftDeadline",
    "DraftGroup",
    "DraftIndicator",
    "DraftTask",
    "MetaField",
    "NumericTarget",
    "TextTable",
    "UnitRef",
    "extract_draft",
]
