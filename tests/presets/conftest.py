"""Fixtures for checking presets against the seed documents they were transcribed from."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest

REPO = Path(__file__).resolve().parents[2]
PRESETS = REPO / "resources" / "presets"
SEEDS = REPO.parent / "shared" / "seeds"


def read_preset(name: str) -> dict[str, Any]:
    with open(PRESETS / f"{name}.json", encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def read_seed(file_name: str) -> str:
    """The seed text with PDF line breaks and blanks removed, so phrases match across lines."""
    raw = (SEEDS / file_name).read_text(encoding="utf-8")
    return re.sub(r"\s+", "", raw)


@pytest.fixture
def preset() -> Callable[[str], dict[str, Any]]:
    return read_preset


@pytest.fixture
def seed() -> Callable[[str], str]:
    return read_seed


def squash(text: str) -> str:
    """Remove all whitespace, to compare a preset string with the joined seed text."""
    return re.sub(r"\s+", "", text)
