"""The 总览 page, driven through its real widgets offscreen over a real database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from db.models import RoundUnit, Unit
from desktop.services import dashboard as dashboard_service
from desktop.services.dashboard import Dashboard, TrendSeries
from desktop.services.database import Database
from desktop.services.presets import load_preset
from desktop.services.rounds import open_round
from desktop.services.templates import export_round_templates
from desktop.ui.application import create_application
from desktop.ui.charts import CompletionBarChart, TrendChart, TrendData, nice_ticks
from desktop.ui.dashboard_page import DashboardPage

ZIBO_DAY = dt.date(2025, 6, 1)
LIAOCHENG_DAY = dt.date(2023, 1, 15)


class Source:
    """The facade the page expects, over the real services on a fixed day."""

    def __init__(self, database: Database, as_of: dt.date) -> None:
        self.database = database
        self.as_of = as_of
        self.exports: list[tuple[int, Path]] = []

    def dashboard(self, plan_id: int) -> Dashboard:
        return dashboard_service.dashboard(self.database, plan_id, self.as_of)

    def trend(self, plan_id: int, indicator_id: int) -> TrendSeries:
        return dashboard_service.trend(self.database, plan_id, indicator_id, self.as_of)

    def export_round_templates(self, round_id: int, folder: Path) -> list[Path]:
        self.exports.append((round_id, folder))
        return export_round_templates(self.database, round_id, folder)


@pytest.fixture
def plans(database: Database) -> dict[str, int]:
    return {name: load_preset(database, name) for name in ("zibo-14th-review", "liaocheng-2018")}


@pytest.fixture
def source(database: Database) -> Source:
    return Source(database, ZIBO_DAY)


@pytest.fixture
def warnings() -> list[str]:
    return []


@pytest.fixture
def page(qtbot: QtBot, source: Source, warnings: list[str]) -> Iterator[DashboardPage]:
    create_application([])
    widget = DashboardPage(source, show_warning=lambda _parent, _title, text: warnings.append(text))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def test_tiles_show_the_counts_of_the_plan(page: DashboardPage, plans: dict[str, int]) -> None:
    page.load(plans["zibo-14th-review"])
    tiles = {status: tile.count for status, tile in page.indicator_tiles.items()}
    assert tiles == {"已达标": 0, "正常": 7, "滞后": 1, "严重滞后": 0, "无数据": 23}
    assert sum(tiles.values()) == 31
    assert page.task_tiles["正常"].count == 42 and page.task_tiles["逾期"].count == 0
    assert page.indicator_total_label.text() == "共 31 项"
    assert "淄博" in page.title.text() and "2025年6月1日" in page.as_of_label.text()
    assert len(page.bar_chart.bars) == 31
    rd = page.bar_chart.bars[0]
    assert rd.label == "R&D经费支出占GDP比重" and rd.ratio == pytest.approx(0.9533) and rd.light == "green"
    assert page.overdue_stack.currentWidget() is page.overdue_empty
    assert not page.export_button.isEnabled() and "尚未开启" in page.round_label.text()


def test_overdue_tasks_of_liaocheng(page: DashboardPage, source: Source, plans: dict[str, int], qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    source.as_of = LIAOCHENG_DAY
    page.load(plans["liaocheng-2018"])
    assert page.task_tiles["逾期"].count == 38
    assert page.indicator_tiles["无数据"].count == 19
    model = page.overdue_model
    assert model.rowCount() == 38
    assert page.task_tabs.tabText(0) == "逾期任务（38）"
    assert model.index(0, 3).data() == "2019-12-31" and model.index(0, 4).data() == "1111"
    assert {model.index(r, 3).data()[:4] for r in range(model.rowCount())} >= {"2019", "2020"}
    qtmodeltester.check(model)


def test_the_first_measured_indicator_is_drawn_on_load(page: DashboardPage, plans: dict[str, int]) -> None:
    page.load(plans["zibo-14th-review"])
    data = page.trend_chart.data
    assert data is not None and data.title == "R&D经费支出占GDP比重"
    assert data.values == ((2020, 2.81), (2021, 2.86))
    assert data.targets == ((2025, 3.0),)
    assert data.projection[-1] == (2025, pytest.approx(3.06))
    assert "可以达到" in data.note and data.note_light == "green"


def test_clicking_a_bar_draws_that_indicator(page: DashboardPage, plans: dict[str, int], qtbot: QtBot) -> None:
    page.load(plans["zibo-14th-review"])
    canvas = page.bar_chart.canvas
    row = 1  # 高新技术产业产值占规模以上工业总产值比重
    y = int(canvas.top() + row * canvas.ROW + canvas.ROW / 2)
    with qtbot.waitSignal(page.bar_chart.bar_clicked) as clicked:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(canvas.width() // 2, y))
    key = page.bar_chart.bars[row].key
    assert clicked.args == [key]
    assert page.selected_indicator_id() == key and page.bar_chart.selected_key == key
    data = page.trend_chart.data
    assert data is not None and data.title == "高新技术产业产值占规模以上工业总产值比重"
    assert data.values == ((2020, 42.53), (2021, 47.13), (2022, 48.42))
    assert data.expected[0] == (2020, 42.53) and data.expected[-1] == (2025, 58.0)
    assert data.projection == ((2022, 48.42), (2025, pytest.approx(57.8067)))
    assert "难以达到" in data.note and data.note_light == "red"


def test_picking_in_the_combo_draws_that_indicator(page: DashboardPage, plans: dict[str, int]) -> None:
    page.load(plans["zibo-14th-review"])
    combo = page.indicator_combo
    assert combo.count() == 31
    row = next(r for r in range(combo.count()) if combo.itemText(r).endswith(" 高新技术企业"))
    combo.setCurrentIndex(row)
    data = page.trend_chart.data
    assert data is not None and data.title == "高新技术企业" and data.unit == "家"
    assert data.values == ((2020, 703.0), (2022, 1374.0))
    assert page.bar_chart.selected_key == combo.itemData(row)
    assert page.current_trend is not None and page.current_trend.target == Decimal("1800")


def test_staged_targets_without_values_still_draw(page: DashboardPage, source: Source, plans: dict[str, int]) -> None:
    source.as_of = LIAOCHENG_DAY
    page.load(plans["liaocheng-2018"])
    data = page.trend_chart.data  # no indicator has a completion: the first with a target is shown
    assert data is not None and data.title.startswith("全社会 R&D 经费支出占 GDP 比重")
    assert data.values == () and data.targets == ((2019, 2.3), (2022, 2.5))
    assert data.expected[0] == (2019, 2.3) and "暂无数值" in data.note


def test_saving_charts_writes_png_files(page: DashboardPage, plans: dict[str, int], tmp_path: Path, qtbot: QtBot) -> None:
    page.load(plans["zibo-14th-review"])
    asked: list[str] = []

    def ask(_parent: object, _caption: str, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / "图" / Path(suggested).name)

    page.ask_save_path = ask
    with qtbot.waitSignal(page.message) as message:
        qtbot.mouseClick(page.save_trend_button, Qt.MouseButton.LeftButton)
    trend_png = tmp_path / "图" / "淄博市“十四五”科技创新规划_趋势_R&D经费支出占GDP比重.png"
    assert asked[0].endswith(trend_png.name)
    assert trend_png.stat().st_size > 0 and trend_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(trend_png) in message.args[0]

    qtbot.mouseClick(page.save_bars_button, Qt.MouseButton.LeftButton)
    bars_png = tmp_path / "图" / "淄博市“十四五”科技创新规划_指标完成率.png"
    image = QImage(str(bars_png))
    assert not image.isNull()
    # every bar is in the picture, not only the rows visible in the scroll area
    assert image.height() >= page.bar_chart.canvas.required_height() > page.bar_chart.scroll_area.viewport().height()


def test_cancelled_save_writes_nothing(page: DashboardPage, plans: dict[str, int], tmp_path: Path) -> None:
    page.load(plans["zibo-14th-review"])
    page.ask_save_path = lambda *_args: ""
    page.save_trend_button.click()
    assert list(tmp_path.glob("**/*.png")) == []


def test_round_panel_lists_missing_units_and_exports_templates(
    page: DashboardPage, source: Source, database: Database, plans: dict[str, int], tmp_path: Path, qtbot: QtBot
) -> None:
    plan_id = plans["liaocheng-2018"]
    round_id = open_round(database, plan_id, "2022", dt.date(2023, 1, 10), ["市科技局", "市发展改革委", "市财政局"])
    with database.write() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.name == "市科技局"))
        s.execute(update(RoundUnit).where(RoundUnit.round_id == round_id, RoundUnit.unit_id == unit_id)
                  .values(returned_at=dt.datetime(2023, 1, 9, 16, 0), file_name="科技局.xlsx"))
    source.as_of = LIAOCHENG_DAY
    page.load(plan_id)
    assert page.missing_model.stringList() == ["市发展改革委", "市财政局"]
    assert "2022年" in page.round_label.text() and "<b>1</b> / 3" in page.round_label.text()
    assert page.round_progress.value() == 1 and page.round_progress.maximum() == 3
    assert "已过截止日期" in page.missing_label.text()

    folder = tmp_path / "模板"
    folder.mkdir()
    page.ask_folder = lambda _parent, _caption: str(folder)
    assert page.export_button.isEnabled()
    with qtbot.waitSignal(page.message) as message:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert source.exports == [(round_id, folder)]
    written = sorted(p.name for p in folder.glob("*.xlsx"))
    assert written == sorted(f"2022_{u}.xlsx" for u in ("市科技局", "市发展改革委", "市财政局"))
    assert "3 份" in message.args[0] and str(folder) in message.args[0]


def test_export_to_a_missing_folder_warns(
    page: DashboardPage, source: Source, database: Database, plans: dict[str, int], tmp_path: Path, warnings: list[str]
) -> None:
    plan_id = plans["liaocheng-2018"]
    open_round(database, plan_id, "2022", dt.date(2023, 1, 10), ["市科技局"])
    page.load(plan_id)
    page.ask_folder = lambda *_args: str(tmp_path / "不存在")
    assert page.export_templates() == []
    assert warnings and "不存在" in warnings[0]


def test_charts_stand_alone(qtbot: QtBot, tmp_path: Path) -> None:
    create_application([])
    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.set_data(TrendData(title="测试指标", unit="%", values=((2020, 1.0), (2021, 1.5)), targets=((2022, 2.0),)))
    out = chart.save_png(tmp_path / "trend")  # the suffix is added
    assert out.suffix == ".png" and out.stat().st_size > 0
    bars = CompletionBarChart()
    qtbot.addWidget(bars)
    bars.set_data([])
    assert bars.save_png(tmp_path / "empty.png").stat().st_size > 0
    assert nice_ticks(2.7, 3.2)[0] <= 2.7 and nice_ticks(2.7, 3.2)[-1] >= 3.2
