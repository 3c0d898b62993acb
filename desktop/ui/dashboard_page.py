"""总览: the plan at a glance — status tiles, completion bars, an indicator's trend, tasks to
chase and the latest collection round with the units that have not reported.

The page sees the application only through a small source object (``DashboardSource``),
so it holds no database and tests can hand it a stub or the real services.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.dashboard import Dashboard, IndicatorCompletion, RoundPanel, StatusCount, TaskDue, TrendSeries
from desktop.ui.charts import Bar, CompletionBarChart, TrendChart, TrendData, format_number, light_color, light_symbol
from desktop.ui.table_model import ColumnSpec, RowTableModel


class DashboardSource(Protocol):
    """What the page needs from the application (the workspace implements it)."""

    def dashboard(self, plan_id: int) -> Dashboard: ...

    def trend(self, plan_id: int, indicator_id: int) -> TrendSeries: ...

    def export_round_templates(self, round_id: int, folder: Path) -> list[Path]: ...


AskFolder = Callable[[QWidget, str], str]  # (parent, caption) → folder, "" when cancelled
AskSavePath = Callable[[QWidget, str, str], str]  # (parent, caption, suggested path) → path or ""
ShowWarning = Callable[[QWidget, str, str], Any]  # (parent, title, text)

CENTER = Qt.AlignmentFlag.AlignCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

_STYLE = """
QWidget#dashboardContent { background: #f6f7f9; }
QFrame#dashCard { background: #ffffff; border: 1px solid #dde1e6; border-radius: 6px; }
QFrame#dashCard QLabel { background: transparent; }
QLabel#cardTitle { font-weight: bold; color: #1f3b5c; }
QLabel#dashboardTitle { font-size: 14pt; font-weight: bold; color: #1f3b5c; }
QLabel#dashboardAsOf, QLabel#cardHint { color: #69737d; }
QFrame#statusTile { background: #fafbfc; border: 1px solid #e3e7ec; border-radius: 5px; }
QLabel#tileCount { font-size: 15pt; font-weight: bold; color: #1f2933; }
QLabel#tileLabel { color: #4a5560; }
QPushButton#smallButton { padding: 3px 10px; }
QTabWidget::pane { border: none; border-top: 1px solid #e3e7ec; }
QTableView, QListView { border: none; }
QProgressBar { border: 1px solid #d5dbe2; border-radius: 4px; background: #f1f3f6; height: 10px; }
QProgressBar::chunk { background: #2f9460; border-radius: 3px; }
"""


def _default_ask_folder(parent: QWidget, caption: str) -> str:
    return QFileDialog.getExistingDirectory(parent, caption)


def _default_ask_save_path(parent: QWidget, caption: str, suggested: str) -> str:
    path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, parent.tr("PNG 图片 (*.png)"))
    return path


def _default_warning(parent: QWidget, title: str, text: str) -> Any:
    return QMessageBox.warning(parent, title, text)


def _num(value: Decimal | None, unit: str | None = None) -> str:
    if value is None:
        return "—"
    text = format_number(float(value))
    return f"{text}{unit}" if unit else text


def _points(points: tuple[tuple[int, Decimal], ...]) -> tuple[tuple[int, float], ...]:
    return tuple((year, float(value)) for year, value in points)


class StatusTile(QFrame):
    """One status with its count: a coloured symbol, the number and the status word."""

    def __init__(self, status: str, light: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusTile")
        self.status = status
        self.symbol = QLabel(light_symbol(light))
        self.symbol.setStyleSheet(f"color: {light_color(light).name()}; font-size: 13pt;")
        self.count_label = QLabel("0")
        self.count_label.setObjectName("tileCount")
        self.label = QLabel(status)
        self.label.setObjectName("tileLabel")
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.symbol, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 5, 10, 6)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.label)
        self.setMinimumWidth(84)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._light = light
        self._paint_border()

    def _paint_border(self) -> None:
        color = light_color(self._light).name()
        self.setStyleSheet(f"QFrame#statusTile {{ border-left: 4px solid {color}; }}")

    def set_count(self, count: int) -> None:
        self.count_label.setText(str(count))
        self.count_label.setStyleSheet("" if count else "color: #a3acb6;")
        self.setToolTip(self.tr("%s：%d 项") % (self.status, count))

    @property
    def count(self) -> int:
        return int(self.count_label.text())


def _card(title: str) -> tuple[QFrame, QVBoxLayout, QHBoxLayout]:
    """A white card with a title row; returns the card, its body layout and its title row."""
    card = QFrame()
    card.setObjectName("dashCard")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(14, 8, 14, 10)
    layout.setSpacing(6)
    header = QHBoxLayout()
    header.setSpacing(8)
    label = QLabel(title)
    label.setObjectName("cardTitle")
    header.addWidget(label)
    header.addStretch(1)
    layout.addLayout(header)
    return card, layout, header


def _small_button(text: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("smallButton")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def _legend_html(tr: Callable[[str], str]) -> str:
    parts = [
        (light_color("green").name(), "●", tr("正常/已达标")),
        (light_color("yellow").name(), "▲", tr("滞后")),
        (light_color("red").name(), "■", tr("严重滞后")),
        (light_color("grey").name(), "○", tr("无数据")),
    ]
    items = "　".join(f"<span style='color:{c}'>{sym}</span> {text}" for c, sym, text in parts)
    return items + "　" + tr("虚线为 100%；点击条形查看趋势")


def _empty_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("cardHint")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def _stack(*widgets: QWidget) -> QStackedWidget:
    stack = QStackedWidget()
    for widget in widgets:
        stack.addWidget(widget)
    return stack


def _task_table(model: RowTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    view.setColumnWidth(0, 52)
    view.setColumnWidth(2, 150)
    view.setColumnWidth(3, 96)
    view.setColumnWidth(4, 80)
    view.setAlternatingRowColors(True)
    return view


class DashboardPage(QWidget):
    """The overview of one plan. ``load(plan_id)`` fills it; ``message`` feeds the status bar."""

    message = Signal(str)

    def __init__(
        self,
        source: DashboardSource,
        parent: QWidget | None = None,
        *,
        ask_folder: AskFolder | None = None,
        ask_save_path: AskSavePath | None = None,
        show_warning: ShowWarning | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardPage")
        self.source = source
        self.ask_folder: AskFolder = ask_folder or _default_ask_folder
        self.ask_save_path: AskSavePath = ask_save_path or _default_ask_save_path
        self.show_warning: ShowWarning = show_warning or _default_warning
        self.plan_id: int | None = None
        self.current: Dashboard | None = None
        self.current_trend: TrendSeries | None = None
        self.save_folder = Path.home()

        content = QWidget()
        content.setObjectName("dashboardContent")
        content.setStyleSheet(_STYLE)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(16, 10, 16, 12)
        outer.setSpacing(10)

        # header
        self.title = QLabel()
        self.title.setObjectName("dashboardTitle")
        self.as_of_label = QLabel()
        self.as_of_label.setObjectName("dashboardAsOf")
        self.refresh_button = _small_button(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.as_of_label, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(self.refresh_button)
        outer.addLayout(header)

        # status tiles
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        indicator_card, indicator_body, indicator_header = _card(self.tr("指标状态"))
        self.indicator_total_label = QLabel()
        self.indicator_total_label.setObjectName("cardHint")
        indicator_header.addWidget(self.indicator_total_label)
        self.indicator_tiles: dict[str, StatusTile] = {}
        row = QHBoxLayout()
        row.setSpacing(8)
        for status, light in (("已达标", "green"), ("正常", "green"), ("滞后", "yellow"), ("严重滞后", "red"), ("无数据", "grey")):
            tile = self.indicator_tiles[status] = StatusTile(status, light)
            row.addWidget(tile)
        indicator_body.addLayout(row)
        task_card, task_body, task_header = _card(self.tr("重点任务"))
        self.task_total_label = QLabel()
        self.task_total_label.setObjectName("cardHint")
        task_header.addWidget(self.task_total_label)
        self.task_tiles: dict[str, StatusTile] = {}
        row = QHBoxLayout()
        row.setSpacing(8)
        for status, light in (("逾期", "red"), ("即将到期", "yellow"), ("未报送", "yellow"), ("正常", "green"),
                              ("持续推进", "green"), ("已完成", "green")):
            tile = self.task_tiles[status] = StatusTile(status, light)
            row.addWidget(tile)
        task_body.addLayout(row)
        tiles.addWidget(indicator_card, 5)
        tiles.addWidget(task_card, 6)
        outer.addLayout(tiles)

        # charts
        charts = QHBoxLayout()
        charts.setSpacing(12)
        bar_card, bar_body, bar_header = _card(self.tr("指标完成率"))
        self.save_bars_button = _small_button(self.tr("保存图片…"))
        self.save_bars_button.setToolTip(self.tr("把完成率图保存为 PNG 图片"))
        self.save_bars_button.clicked.connect(self._save_bars)
        bar_header.addWidget(self.save_bars_button)
        self.bar_chart = CompletionBarChart()
        self.bar_chart.bar_clicked.connect(self.select_indicator)
        bar_body.addWidget(self.bar_chart)
        self.bar_legend = QLabel(_legend_html(self.tr))
        self.bar_legend.setObjectName("cardHint")
        bar_body.addWidget(self.bar_legend)

        trend_card, trend_body, trend_header = _card(self.tr("指标趋势"))
        self.indicator_combo = QComboBox()
        self.indicator_combo.setObjectName("indicatorCombo")
        self.indicator_combo.setMinimumWidth(240)
        self.indicator_combo.setMaximumWidth(420)
        self.indicator_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.indicator_combo.setMinimumContentsLength(16)
        self.indicator_combo.setToolTip(self.tr("选择要查看趋势的指标，也可以点击左侧的条形"))
        self.indicator_combo.currentIndexChanged.connect(self._on_combo)
        trend_header.addWidget(self.indicator_combo)
        self.save_trend_button = _small_button(self.tr("保存图片…"))
        self.save_trend_button.setToolTip(self.tr("把趋势图保存为 PNG 图片"))
        self.save_trend_button.clicked.connect(self._save_trend)
        trend_header.addWidget(self.save_trend_button)
        self.trend_chart = TrendChart()
        trend_body.addWidget(self.trend_chart)
        charts.addWidget(bar_card, 5)
        charts.addWidget(trend_card, 6)
        outer.addLayout(charts, 1)

        # tasks to chase and the latest round
        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        task_list_card, task_list_body, _h = _card(self.tr("任务提醒"))
        columns = [
            ColumnSpec[TaskDue]("序号", lambda t: t.number, lambda t: _number_key(t.number), CENTER),
            ColumnSpec[TaskDue]("任务", lambda t: t.title, tooltip=lambda t: t.title),
            ColumnSpec[TaskDue]("牵头单位", lambda t: t.lead_unit, tooltip=lambda t: t.lead_unit),
            ColumnSpec[TaskDue]("完成时限", lambda t: t.deadline.isoformat(), lambda t: t.deadline, CENTER),
        ]
        self.overdue_model = RowTableModel[TaskDue](
            [*columns, ColumnSpec[TaskDue]("逾期天数", lambda t: str(t.days_overdue), lambda t: t.days_overdue, RIGHT)], self
        )
        self.due_soon_model = RowTableModel[TaskDue](
            [*columns, ColumnSpec[TaskDue]("剩余天数", lambda t: str(t.days), lambda t: t.days, RIGHT)], self
        )
        self.overdue_view = _task_table(self.overdue_model)
        self.due_soon_view = _task_table(self.due_soon_model)
        self.task_tabs = QTabWidget()
        self.task_tabs.setDocumentMode(True)
        self.overdue_view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.due_soon_view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.overdue_empty = _empty_label(self.tr("没有逾期未完成的任务。"))
        self.due_soon_empty = _empty_label(self.tr("近期没有到期的任务。"))
        self.overdue_stack = _stack(self.overdue_view, self.overdue_empty)
        self.due_soon_stack = _stack(self.due_soon_view, self.due_soon_empty)
        self.task_tabs.addTab(self.overdue_stack, "")
        self.task_tabs.addTab(self.due_soon_stack, "")
        task_list_body.addWidget(self.task_tabs)

        round_card, round_body, round_header = _card(self.tr("最近报送轮次"))
        self.export_button = _small_button(self.tr("重新导出模板"))
        self.export_button.setToolTip(self.tr("为本轮次每个单位重新生成报送模板，保存到所选文件夹"))
        self.export_button.clicked.connect(self.export_templates)
        round_header.addWidget(self.export_button)
        self.round_label = QLabel()
        self.round_progress = QProgressBar()
        self.round_progress.setTextVisible(False)
        self.round_progress.setFixedHeight(10)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("cardHint")
        self.missing_model = QStringListModel(self)
        self.missing_view = QListView()
        self.missing_view.setModel(self.missing_model)
        self.missing_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missing_view.setUniformItemSizes(True)
        self.missing_view.setAlternatingRowColors(True)
        round_body.addWidget(self.round_label)
        round_body.addWidget(self.round_progress)
        round_body.addWidget(self.missing_label)
        round_body.addWidget(self.missing_view, 1)
        bottom.addWidget(task_list_card, 7)
        bottom.addWidget(round_card, 4)
        outer.addLayout(bottom)

        # the charts take the room a bigger screen gives; the lists keep a steady height
        task_list_card.setFixedHeight(220)
        round_card.setFixedHeight(220)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self._show_round(None)
        self._set_task_tab_titles(0, 0)

    # --- loading ------------------------------------------------------------------------

    def load(self, plan_id: int) -> None:
        """Show the overview of ``plan_id`` (keeps the chosen indicator when it is still there)."""
        try:
            board = self.source.dashboard(plan_id)
        except UserError as exc:
            self._warn(exc.message)
            return
        keep = self.selected_indicator_id() if plan_id == self.plan_id else None
        self.plan_id = plan_id
        self.current = board
        self.title.setText(board.plan_name)
        self.as_of_label.setText(self.tr("截至 %s") % f"{board.as_of.year}年{board.as_of.month}月{board.as_of.day}日")
        self._show_counts(self.indicator_tiles, board.indicator_counts)
        self._show_counts(self.task_tiles, board.task_counts)
        self.indicator_total_label.setText(self.tr("共 %d 项") % board.indicator_total)
        self.task_total_label.setText(self.tr("共 %d 项") % board.task_total)
        self.bar_chart.set_data([_bar(c) for c in board.completions])
        self.bar_chart.export_title = self.tr("%s　指标完成率（截至 %s）") % (board.plan_name, board.as_of.isoformat())
        self.overdue_model.set_rows(board.overdue_tasks)
        self.overdue_model.sort(4, Qt.SortOrder.DescendingOrder)
        self.overdue_view.horizontalHeader().setSortIndicator(4, Qt.SortOrder.DescendingOrder)
        self.due_soon_model.set_rows(board.due_soon_tasks)
        self.due_soon_model.sort(4, Qt.SortOrder.AscendingOrder)
        self.due_soon_view.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
        self.overdue_stack.setCurrentIndex(0 if board.overdue_tasks else 1)
        self.due_soon_stack.setCurrentIndex(0 if board.due_soon_tasks else 1)
        self._set_task_tab_titles(len(board.overdue_tasks), len(board.due_soon_tasks), board.due_soon_days)
        self._show_round(board.latest_round)

        self.indicator_combo.blockSignals(True)
        self.indicator_combo.clear()
        for c in board.completions:
            label = f"{c.number} {c.name}" if c.number else c.name
            self.indicator_combo.addItem(f"{light_symbol(c.light)} {label}", c.indicator_id)
            self.indicator_combo.setItemData(self.indicator_combo.count() - 1, c.name, Qt.ItemDataRole.ToolTipRole)
        self.indicator_combo.blockSignals(False)
        ids = [c.indicator_id for c in board.completions]
        if keep not in ids:
            drawable = [c for c in board.completions if c.completion is not None] or [
                c for c in board.completions if c.target is not None
            ]
            keep = drawable[0].indicator_id if drawable else (ids[0] if ids else None)
        if keep is None:
            self.current_trend = None
            self.bar_chart.set_selected(None)
            self.trend_chart.set_data(None)
        else:
            self.select_indicator(keep)

    def refresh(self) -> None:
        if self.plan_id is not None:
            self.load(self.plan_id)

    def _show_counts(self, tiles: dict[str, StatusTile], counts: tuple[StatusCount, ...]) -> None:
        by_status = {c.status: c.count for c in counts}
        for status, tile in tiles.items():
            tile.set_count(by_status.get(status, 0))

    def _set_task_tab_titles(self, overdue: int, due_soon: int, window: int = 30) -> None:
        self.task_tabs.setTabText(0, self.tr("逾期任务（%d）") % overdue)
        self.task_tabs.setTabText(1, self.tr("%d天内到期（%d）") % (window, due_soon))

    def _show_round(self, panel: RoundPanel | None) -> None:
        self.export_button.setEnabled(panel is not None)
        if panel is None:
            self.round_label.setText(self.tr("本方案尚未开启报送轮次。"))
            self.round_progress.setVisible(False)
            self.missing_label.setText("")
            self.missing_model.setStringList([])
            return
        state = {"open": "进行中", "submitted": "已报送", "locked": "已锁定"}.get(panel.state, panel.state)
        self.round_label.setText(
            self.tr("%s（%s）　截止 %s　已报送 <b>%d</b> / %d 个单位")
            % (panel.period_label, state, panel.due.isoformat(), panel.received, panel.expected)
        )
        self.round_progress.setVisible(True)
        self.round_progress.setMaximum(max(panel.expected, 1))
        self.round_progress.setValue(panel.received)
        if panel.missing_units:
            text = self.tr("尚未报送（%d）：") % len(panel.missing_units)
            if panel.overdue:
                text = self.tr("已过截止日期，尚未报送（%d）：") % len(panel.missing_units)
        else:
            text = self.tr("各单位均已报送。")
        self.missing_label.setText(text)
        self.missing_model.setStringList(list(panel.missing_units))

    # --- the trend ----------------------------------------------------------------------

    def selected_indicator_id(self) -> int | None:
        data = self.indicator_combo.currentData()
        return int(data) if data is not None else None

    def select_indicator(self, indicator_id: int) -> None:
        """Pick ``indicator_id`` (from a bar or the combo) and draw its trend."""
        row = self.indicator_combo.findData(indicator_id)
        if row < 0:
            return
        if row != self.indicator_combo.currentIndex():
            self.indicator_combo.setCurrentIndex(row)  # → _on_combo → show_trend
        else:
            self.show_trend(indicator_id)

    def _on_combo(self, _row: int) -> None:
        indicator_id = self.selected_indicator_id()
        if indicator_id is not None:
            self.show_trend(indicator_id)

    def show_trend(self, indicator_id: int) -> None:
        if self.plan_id is None:
            return
        self.bar_chart.set_selected(indicator_id)
        try:
            series = self.source.trend(self.plan_id, indicator_id)
        except UserError as exc:
            self._warn(exc.message)
            return
        self.current_trend = series
        self.trend_chart.set_data(self._trend_data(series))

    def _trend_data(self, s: TrendSeries) -> TrendData:
        unit = s.unit or ""
        if s.projection and s.will_reach is not None and s.target is not None:
            year, value = s.projection[-1]
            verdict = self.tr("可以达到") if s.will_reach else self.tr("难以达到")
            note = self.tr("按线性趋势，%d年预计 %s，%s目标 %s") % (year, _num(value, unit), verdict, _num(s.target, unit))
            light = "green" if s.will_reach else "red"
        elif s.target is not None and s.target_year is not None and not s.values:
            note = self.tr("暂无数值；%d年目标 %s") % (s.target_year, _num(s.target, unit))
            light = ""
        elif s.target is not None and s.target_year is not None:
            note = self.tr("%d年目标 %s；数值不足两年，暂不能研判趋势") % (s.target_year, _num(s.target, unit))
            light = ""
        elif s.values:
            note = self.tr("未设定数值目标，仅显示历年数值")
            light = ""
        else:
            note = ""
            light = ""
        if note and s.status:
            note = self.tr("状态：%s　") % s.status + note
        return TrendData(
            title=s.name,
            unit=unit,
            values=_points(s.values),
            targets=_points(s.targets),
            expected=_points(s.expected),
            projection=_points(s.projection),
            value_label=s.value_label,
            note=note,
            note_light=light,
        )

    # --- actions ------------------------------------------------------------------------

    def export_templates(self) -> list[Path]:
        """重新导出模板: ask for a folder, write one template per unit of the latest round."""
        panel = self.current.latest_round if self.current else None
        if panel is None:
            return []
        folder = self.ask_folder(self, self.tr("选择保存报送模板的文件夹"))
        if not folder:
            return []
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = self.source.export_round_templates(panel.round_id, Path(folder))
        except UserError as exc:
            QGuiApplication.restoreOverrideCursor()
            self._warn(exc.message)
            return []
        QGuiApplication.restoreOverrideCursor()
        self.message.emit(self.tr("已为%s导出 %d 份报送模板到 %s") % (panel.period_label, len(written), folder))
        return written

    def _save_bars(self) -> Path | None:
        return self._save_chart(self.bar_chart, self.tr("指标完成率"))

    def _save_trend(self) -> Path | None:
        name = self.current_trend.name if self.current_trend else self.tr("指标")
        return self._save_chart(self.trend_chart, self.tr("趋势_%s") % name)

    def _save_chart(self, chart: CompletionBarChart | TrendChart, what: str) -> Path | None:
        plan = self.current.plan_name if self.current else ""
        name = f"{plan}_{what}" if plan else what
        safe = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)
        path = self.ask_save_path(self, self.tr("保存图片"), str(self.save_folder / f"{safe}.png"))
        if not path:
            return None
        try:
            saved = chart.save_png(path)
        except UserError as exc:
            self._warn(exc.message)
            return None
        self.save_folder = saved.parent
        self.message.emit(self.tr("图片已保存：%s") % saved)
        return saved

    def _warn(self, text: str) -> None:
        self.message.emit(text)
        self.show_warning(self, self.tr("无法完成"), text)


def _bar(c: IndicatorCompletion) -> Bar:
    ratio = float(c.completion) if c.completion is not None else None
    lines = [f"{c.number} {c.name}" if c.number else c.name, f"状态：{c.status}"]
    if c.actual is not None:
        lines.append(f"实际值：{_num(c.actual, c.unit)}")
    if c.target is not None:
        lines.append(f"{c.target_year}年目标：{_num(c.target, c.unit)}")
    if ratio is not None:
        lines.append(f"完成率：{ratio * 100:.1f}%")
    status = c.status
    if ratio is None and c.target is None and c.actual is not None:
        status = f"未设定目标（最新 {_num(c.actual, c.unit)}）"
    return Bar(key=c.indicator_id, label=c.name, ratio=ratio, light=c.light, status=status, tooltip="\n".join(lines))


def _number_key(number: str) -> tuple[int, str]:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)
