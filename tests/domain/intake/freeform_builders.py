"""Building returned workbooks and plan catalogs for the free-form reader's tests.

Sheets are written as Python lists, row by row, the way they look in Excel; merges are
A1 ranges. The catalogs carry the real indicator names of the 淄博“十四五”后评估 and the
聊城 2018 plan (resources/presets), so the tests exercise the names departments get.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from desktop.domain.intake.extraction import CatalogIndicator, CatalogTask, PlanCatalog
from desktop.domain.intake.grid import CellValue, GridCell, SheetGrid, WorkbookGrid

Cell = CellValue | GridCell


def position(ref: str) -> tuple[int, int]:
    """'B7' → (7, 2)."""
    found = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    assert found is not None, ref
    col = 0
    for char in found.group(1):
        col = col * 26 + ord(char) - 64
    return int(found.group(2)), col


def span(text: str) -> tuple[int, int, int, int]:
    """'A1:F1' → (1, 1, 1, 6)."""
    first, last = text.split(":")
    (r0, c0), (r1, c1) = position(first), position(last)
    return r0, c0, r1, c1


def pct(value: float, number_format: str = "0.00%") -> GridCell:
    """A number stored as a fraction and shown as a percentage (0.0302 → 3.02%)."""
    return GridCell(value, number_format)


def sheet(
    name: str,
    rows: Sequence[Sequence[Cell]],
    *,
    merged: Iterable[str] = (),
    state: str = "visible",
    formulas_without_value: Iterable[str] = (),
) -> SheetGrid:
    cells = tuple(tuple(cell if isinstance(cell, GridCell) else GridCell(cell) for cell in row) for row in rows)
    return SheetGrid.from_cells(
        name,
        cells,
        merged=tuple(span(text) for text in merged),
        state=state,
        formulas_without_value=tuple(formulas_without_value),
    )


def workbook(*sheets: SheetGrid, file_name: str = "2023年指标完成情况-市科技局.xlsx") -> WorkbookGrid:
    return WorkbookGrid(file_name=file_name, format="xlsx", sha256="0" * 64, sheets=tuple(sheets))


# -- catalogs -------------------------------------------------------------------------------

ZIBO_INDICATORS: tuple[tuple[str, str | None], ...] = (
    ("R&D经费支出占GDP比重", "%"),
    ("高新技术产业产值占规模以上工业总产值比重", "%"),
    ("科技型中小企业", "家"),
    ("高新技术企业", "家"),
    ("省级以上创新平台", "家"),
    ("省级以上科技企业孵化器及众创空间", "家"),
    ("年登记技术合同成交额", "亿元"),
    ("每万人高价值发明专利拥有量", "件"),
    ("研发经费投入", "亿元"),
    ("每万名就业人员中研发人员数", "人年"),
    ("规模以上工业企业中有研发活动企业占比", "%"),
    ("享受研发费用税前加计扣除政策的企业", "家"),
    ("研发费用税前加计扣除额", "亿元"),
    ("高新技术企业营业收入", "亿元"),
    ("高新技术企业工业总产值", "亿元"),
    ("高新技术企业净利润", "亿元"),
    ("高新技术企业缴税", "亿元"),
    ("高新技术企业从业人员", "万人"),
    ("规模以上高新技术产业产值同比增长", "%"),
    ("省瞪羚企业", "家"),
    ("市瞪羚企业", "家"),
    ("国家级专精特新“小巨人”企业", "家"),
    ("山东省专精特新企业", "家"),
    ("技术合同登记", "项"),
    ("技术交易额认定", "亿元"),
    ("授权发明专利", "件"),
    ("万人有效发明专利拥有量", "件"),
    ("GDP", "亿元"),
    ("规上工业企业数量", "家"),
    ("规模以上工业营业收入", "亿元"),
    ("高新技术产业固定资产投资占工业固定资产投资比重", "%"),
)
"""淄博市“十四五”科技创新规划 后评估 (zibo-14th-review), ids 1–31 in this order."""

ZIBO_TASKS: tuple[tuple[str, str], ...] = (
    ("1.1", "提升市及县域创新能力"),
    ("1.2", "提升高新区创新引领带动作用"),
    ("1.3", "加快建设驻淄高校创新带"),
    ("2.1", "努力提升基础研究能力"),
    ("2.2", "强化关键技术攻关能力"),
    ("5.1", "培育科技型企业梯队"),
    ("5.2", "增强企业自主创新能力"),
    ("6.3", "打造“科技副总”示范样板"),
)
"""Some of its tasks, ids 201… in this order."""

LIAOCHENG_INDICATORS: tuple[tuple[str, str | None], ...] = (
    ("科技进步贡献率", "%"),
    ("全社会 R&D 经费支出占 GDP 比重及增幅(%)", "%"),
    ("高新技术产业产值占规模以上工业产值比重及增幅（%）", "%"),
    ("人均 GDP（万元/人）", "万元/人"),
    ("高新技术企业数量（家）", "家"),
    ("高新技术企业数量（家）占规上工业企业数量比重(%)", "%"),
    ("万人发明专利拥有量（件/万人）", "件/万人"),
    ("技术市场成交合同金额（亿元）", "亿元"),
    ("享受研发费用税前加计扣除政策企业数占规上工业企业有研发活动企业数的比重（%）", "%"),
    ("党委政府出台实施创新驱动发展战略的决定或意见及配套政策", None),
    ("规模以上工业企业设立研发机构比例", "%"),
    ("年科技合作项目", "项"),
    ("省级农业科技园区", "个"),
    ("农业试验示范基地", "处"),
    ("科技型中小企业服务微信群入群企业", "家"),
    ("建成国家级高新区", None),
)
"""聊城市 2018 创新型城市建设 (liaocheng-2018), ids 101… in this order."""


def zibo_catalog() -> PlanCatalog:
    indicators = tuple(CatalogIndicator(index, name, unit, str(index)) for index, (name, unit) in enumerate(ZIBO_INDICATORS, start=1))
    tasks = tuple(CatalogTask(201 + index, number, title, ("市科技局",)) for index, (number, title) in enumerate(ZIBO_TASKS))
    return PlanCatalog(1, "淄博市“十四五”科技创新规划", indicators, tasks)


def liaocheng_catalog() -> PlanCatalog:
    indicators = tuple(
        CatalogIndicator(100 + index, name, unit, str(index)) for index, (name, unit) in enumerate(LIAOCHENG_INDICATORS, start=1)
    )
    return PlanCatalog(2, "聊城市创新型城市建设", indicators, ())


def combined_catalog() -> PlanCatalog:
    """Both plans' indicators at once: several names now have a twin (高新技术企业)."""
    zibo, liaocheng = zibo_catalog(), liaocheng_catalog()
    return PlanCatalog(3, "合并目录", zibo.indicators + liaocheng.indicators, ())


def indicator_id(name: str, catalog: PlanCatalog) -> int:
    return next(indicator.id for indicator in catalog.indicators if indicator.name == name)
