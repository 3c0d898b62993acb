"""The sending unit from a file name."""

from __future__ import annotations

import pytest

from desktop.domain.intake.sender import unit_from_file_name
from desktop.domain.unit_names import UnitDirectory, UnitEntry

UNITS = UnitDirectory([
    UnitEntry("市科技局", "department", ("市科学技术局",)),
    UnitEntry("市发展改革委", "department", ("市发改委", "市发展和改革委员会")),
    UnitEntry("市工业和信息化局", "department", ("市经信委", "市工信局")),
    UnitEntry("市统计局", "department", ()),
    UnitEntry("高新区管委会", "zone", ("高新区",)),
])


@pytest.mark.parametrize("name,expected", [
    ("市科技局2024年指标.xlsx", "市科技局"),
    ("2024年报表（市发改委）.xls", "市发展改革委"),
    ("市经信委-2023年度.csv", "市工业和信息化局"),
    ("淄博市科学技术局2024.xlsx", "市科技局"),
    ("高新区 2024 报表.xlsx", "高新区管委会"),
    ("报表.xlsx", None),
    ("市科技局与市统计局联合报表.xlsx", None),  # two units: say nothing
])
def test_unit_from_file_name(name: str, expected: str | None) -> None:
    assert unit_from_file_name(name, UNITS) == expected
