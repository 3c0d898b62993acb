"""Two small charts drawn with QPainter (PySide6-Essentials has no QtCharts).

``CompletionBarChart``: one horizontal bar per indicator against the 100 % line, coloured
by its traffic light, the light's symbol beside the name (so the chart still reads in
black and white). ``TrendChart``: an indicator over the years with its targets, the
time-expected line (序时进度) and the projection to the target year. Both take plain data
(``Bar``, ``TrendData``) and save themselves as PNG.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from desktop.errors import UserError

LIGHT_COLORS: dict[str, str] = {
    "green": "#2f9460",
    "yellow": "#d99a0b",
    "red": "#cf4337",
    "grey": "#a3acb6",
}
LIGHT_SYMBOLS: dict[str, str] = {"green": "●", "yellow": "▲", "red": "■", "grey": "○"}

INK = QColor("#1f2933")
MUTED = QColor("#69737d")
GRID = QColor("#e6e9ee")
AXIS = QColor("#b7bfc8")
SELECTED = QColor("#e8f0fa")
VALUE_BLUE = QColor("#1f5fa8")
PROJECTION_BLUE = QColor("#5b8fd0")
TARGET_ORANGE = QColor("#d9822b")
EXPECTED_GREY = QColor("#7d8894")


def light_color(light: str) -> QColor:
    return QColor(LIGHT_COLORS.get(light, LIGHT_COLORS["grey"]))


def light_symbol(light: str) -> str:
    return LIGHT_SYMBOLS.get(light, LIGHT_SYMBOLS["grey"])


def format_number(value: float) -> str:
    """Compact and exact enough for a chart label: 2.86, 48.42, 1374, 2380.5."""
    magnitude = abs(value)
    decimals = 2 if magnitude < 100 else 1 if magnitude < 10000 else 0
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _font(base: QFont, point_delta: float = 0.0, bold: bool = False) -> QFont:
    font = QFont(base)
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size + point_delta)
    font.setBold(bold)
    return font


def _save(widget: QWidget, path: Path | str) -> Path:
    out = Path(path)
    if out.suffix.lower() != ".png":
        out = out.with_name(out.name + ".png")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建文件夹 {out.parent}：{exc.strerror or exc}。请换一个位置保存图片。") from exc
    if not widget.grab().save(str(out), "PNG"):
        raise UserError(f"无法保存图片 {out}。请确认该位置可写、文件未被其他程序打开。")
    return out


# --- completion bars ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    key: int  # what a click reports (the indicator id)
    label: str
    ratio: float | None  # 0.9533 for 95.33 %; None: nothing to draw (无数据)
    light: str  # green / yellow / red / grey
    status: str = ""  # 正常 / 滞后 / … shown when there is no ratio
    tooltip: str = ""


class _BarCanvas(QWidget):
    """The bars themselves, as tall as they need to be; lives in the chart's scroll area."""

    ROW = 30
    BAR = 14
    PAD = 14
    TITLE = 36
    LEGEND = 28
    AXIS = 22

    def __init__(self, chart: CompletionBarChart) -> None:
        super().__init__(chart)
        self._chart = chart
        self.setMouseTracking(True)
        self.setAutoFillBackground(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # geometry ---------------------------------------------------------------------------

    def top(self) -> float:
        return self.PAD + (self.TITLE if self._chart.shown_title() else 0) + self.AXIS

    def required_height(self) -> int:
        rows = max(len(self._chart.bars), 1)
        legend = self.LEGEND if self._chart.exporting else 0
        return int(self.top() + rows * self.ROW + legend + self.PAD)

    def sizeHint(self) -> QSize:
        return QSize(560, self.required_height())

    def _columns(self) -> tuple[float, float, float]:
        """x of the label column, of the bars' 0 %, and of their scale's end."""
        width = float(self.width())
        label_w = min(max(width * 0.36, 150.0), 300.0)
        x0 = self.PAD + label_w + 10
        x1 = width - self.PAD - 58
        return self.PAD, x0, max(x1, x0 + 40)

    def scale_max(self) -> float:
        ratios = [b.ratio for b in self._chart.bars if b.ratio is not None]
        top = max(ratios, default=1.0)
        if top <= 1.0:
            return 1.0
        return min(math.ceil(top * 4) / 4, 2.0)

    def row_at(self, y: float) -> int | None:
        row = math.floor((y - self.top()) / self.ROW)
        return row if 0 <= row < len(self._chart.bars) else None

    # events -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if row is not None and event.button() == Qt.MouseButton.LeftButton:
            self._chart.select_row(row)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.row_at(event.pos().y())
            if row is not None:
                QToolTip.showText(event.globalPos(), self._chart.bars[row].tooltip or self._chart.bars[row].label, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.row_at(event.position().y()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    # painting ---------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        chart = self._chart
        base = self.font()
        y = float(self.PAD)
        title = chart.shown_title()
        if title:
            p.setFont(_font(base, 1.5, bold=True))
            p.setPen(INK)
            p.drawText(QRectF(self.PAD, y, self.width() - 2 * self.PAD, self.TITLE - 6),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            y += self.TITLE
        lx, x0, x1 = self._columns()
        scale = self.scale_max()
        top = self.top()
        bottom = top + max(len(chart.bars), 1) * self.ROW

        def x_of(ratio: float) -> float:
            return x0 + (x1 - x0) * min(max(ratio, 0.0), scale) / scale

        # axis: ticks every 25 % (50 % on a wide scale), labels above the rows
        small = _font(base, -1.0)
        p.setFont(small)
        step = 0.25 if scale <= 1.5 else 0.5
        ticks = [i * step for i in range(int(round(scale / step)) + 1)]
        for t in ticks:
            x = x_of(t)
            if abs(t - 1.0) > 1e-9:
                p.setPen(QPen(GRID, 1))
                p.drawLine(QPointF(x, top - 2), QPointF(x, bottom))
            p.setPen(MUTED)
            p.drawText(QRectF(x - 30, y, 60, self.AXIS - 4), Qt.AlignmentFlag.AlignCenter, f"{t * 100:.0f}%")

        if not chart.bars:
            p.setFont(base)
            p.setPen(MUTED)
            p.drawText(QRectF(x0, top, x1 - x0, self.ROW), Qt.AlignmentFlag.AlignCenter, self.tr("暂无指标"))
        label_font = QFont(base)
        metrics = QFontMetricsF(label_font)
        symbol_w = 18.0
        for row, bar in enumerate(chart.bars):
            ry = top + row * self.ROW
            if chart.selected_key == bar.key:
                path = QPainterPath()
                path.addRoundedRect(QRectF(lx - 6, ry + 1, self.width() - 2 * lx + 12, self.ROW - 2), 4, 4)
                p.fillPath(path, SELECTED)
            color = light_color(bar.light)
            p.setFont(label_font)
            p.setPen(color)
            p.drawText(QRectF(lx, ry, symbol_w, self.ROW), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       light_symbol(bar.light))
            p.setPen(INK)
            name_w = x0 - 10 - (lx + symbol_w)
            name = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, name_w)
            p.drawText(QRectF(lx + symbol_w, ry, name_w, self.ROW),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            by = ry + (self.ROW - self.BAR) / 2
            if bar.ratio is None:
                p.setFont(small)
                p.setPen(MUTED)
                p.drawText(QRectF(x0 + 2, ry, x1 - x0, self.ROW), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           bar.status or self.tr("无数据"))
                continue
            track = QPainterPath()
            track.addRoundedRect(QRectF(x0, by, x1 - x0, self.BAR), 3, 3)
            p.fillPath(track, QColor("#f1f3f6"))
            end = x_of(bar.ratio)
            if end - x0 > 0.5:
                fill = QPainterPath()
                fill.addRoundedRect(QRectF(x0, by, end - x0, self.BAR), 3, 3)
                p.fillPath(fill, color)
            if bar.ratio > scale:  # beyond the scale: a small chevron at the end
                p.setPen(QPen(QColor("#ffffff"), 1.6))
                p.drawLine(QPointF(end - 7, by + 3), QPointF(end - 3, by + self.BAR / 2))
                p.drawLine(QPointF(end - 3, by + self.BAR / 2), QPointF(end - 7, by + self.BAR - 3))
            p.setFont(small)
            p.setPen(INK)
            p.drawText(QRectF(x1 + 6, ry, self.width() - x1 - 6, self.ROW),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{bar.ratio * 100:.1f}%")

        # the 100 % line over the bars
        x100 = x_of(1.0)
        pen = QPen(QColor("#4a5560"), 1.2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(x100, top - 2), QPointF(x100, bottom))
        if chart.exporting:  # a picture on its own explains its symbols
            p.setFont(small)
            x = float(lx)
            ly = bottom + 6
            for light, text in (("green", self.tr("正常/已达标")), ("yellow", self.tr("滞后")),
                                ("red", self.tr("严重滞后")), ("grey", self.tr("无数据"))):
                p.setPen(light_color(light))
                p.drawText(QRectF(x, ly, 16, self.LEGEND - 6), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           light_symbol(light))
                p.setPen(MUTED)
                w = QFontMetricsF(small).horizontalAdvance(text)
                p.drawText(QRectF(x + 16, ly, w + 4, self.LEGEND - 6), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
                x += 16 + w + 18
            p.drawText(QRectF(x, ly, self.width() - x - self.PAD, self.LEGEND - 6),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.tr("虚线：100%"))
        p.end()


class CompletionBarChart(QWidget):
    """Completion rate (完成率) per indicator; scrolls when there are many.

    ``bar_clicked(key)`` tells which indicator was clicked.
    """

    bar_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("completionChart")
        self.bars: tuple[Bar, ...] = ()
        self.title = ""  # drawn above the bars
        self.export_title = ""  # drawn only in the saved picture (e.g. plan and date)
        self.exporting = False
        self.selected_key: int | None = None
        self.canvas = _BarCanvas(self)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setStyleSheet("QScrollArea { background: #ffffff; border: none; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.setMinimumHeight(200)

    def set_data(self, bars: Sequence[Bar], title: str = "") -> None:
        self.bars = tuple(bars)
        self.title = title
        if self.selected_key not in {b.key for b in self.bars}:
            self.selected_key = None
        self.canvas.setFixedHeight(self.canvas.required_height())
        self.canvas.update()

    def set_selected(self, key: int | None) -> None:
        self.selected_key = key
        self.canvas.update()
        for row, bar in enumerate(self.bars):
            if bar.key == key:
                y = int(self.canvas.top() + row * _BarCanvas.ROW)
                self.scroll_area.ensureVisible(0, y + _BarCanvas.ROW // 2, 0, _BarCanvas.ROW)

    def select_row(self, row: int) -> None:
        key = self.bars[row].key
        self.set_selected(key)
        self.bar_clicked.emit(key)

    def shown_title(self) -> str:
        return (self.export_title or self.title) if self.exporting else self.title

    def save_png(self, path: Path | str) -> Path:
        """The whole chart — every bar, not only the visible part — with a title and legend."""
        width = self.canvas.width() if self.canvas.width() >= 200 else max(self.width(), 640)
        self.exporting = True
        try:
            self.canvas.setFixedSize(width, self.canvas.required_height())
            return _save(self.canvas, path)
        finally:
            self.exporting = False
            self.canvas.setMinimumWidth(0)
            self.canvas.setMaximumWidth(16777215)
            self.canvas.setFixedHeight(self.canvas.required_height())


# --- trend ------------------------------------------------------------------------------------


Point = tuple[int, float]


@dataclass(frozen=True)
class TrendData:
    title: str
    unit: str = ""
    values: tuple[Point, ...] = ()
    targets: tuple[Point, ...] = ()
    expected: tuple[Point, ...] = ()
    projection: tuple[Point, ...] = ()  # from the last value to the projected value
    value_label: str = "实际值"
    note: str = ""  # one line under the title, e.g. the projection's verdict
    note_light: str = ""  # colours the note: green / red / …


def nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round tick values covering [low, high] (steps of 1, 2, 2.5 or 5 × 10^n)."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


class TrendChart(QWidget):
    """An indicator over the years: values, targets, 序时进度 and the projection."""

    PAD = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.data: TrendData | None = None
        self.placeholder = self.tr("请选择一个指标查看趋势")
        self.setMinimumSize(420, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(640, 380)

    def set_data(self, data: TrendData | None) -> None:
        self.data = data
        self.update()

    def save_png(self, path: Path | str) -> Path:
        if self.width() < 200:
            self.resize(self.sizeHint())
        return _save(self, path)

    # painting ---------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        try:
            self._paint(p)
        finally:
            p.end()

    def _paint(self, p: QPainter) -> None:
        base = self.font()
        small = _font(base, -1.0)
        width, height = float(self.width()), float(self.height())
        pad = self.PAD
        data = self.data
        if data is None:
            p.setPen(MUTED)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.placeholder)
            return

        # title, unit, note
        title_font = _font(base, 1.5, bold=True)
        p.setFont(title_font)
        title_metrics = QFontMetricsF(title_font)
        unit_text = self.tr("单位：%s") % data.unit if data.unit else ""
        unit_w = QFontMetricsF(small).horizontalAdvance(unit_text) + 8 if unit_text else 0
        title_h = title_metrics.height() + 6
        p.setPen(INK)
        title = title_metrics.elidedText(data.title, Qt.TextElideMode.ElideRight, width - 2 * pad - unit_w)
        p.drawText(QRectF(pad, pad, width - 2 * pad - unit_w, title_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        if unit_text:
            p.setFont(small)
            p.setPen(MUTED)
            p.drawText(QRectF(width - pad - unit_w, pad, unit_w, title_h),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, unit_text)
        y = pad + title_h
        if data.note:
            p.setFont(small)
            p.setPen(light_color(data.note_light) if data.note_light else MUTED)
            note_h = QFontMetricsF(small).height() + 4
            note = QFontMetricsF(small).elidedText(data.note, Qt.TextElideMode.ElideRight, width - 2 * pad)
            p.drawText(QRectF(pad, y, width - 2 * pad, note_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, note)
            y += note_h
        y += 8

        series = [data.values, data.targets, data.expected, data.projection]
        years = [yr for s in series for yr, _ in s]
        numbers = [v for s in series for _, v in s]
        if not years:
            p.setFont(base)
            p.setPen(MUTED)
            p.drawText(QRectF(0, y, width, height - y), Qt.AlignmentFlag.AlignCenter,
                       self.tr("该指标暂无数值和数值目标，无法绘制趋势"))
            return

        legend_h = QFontMetricsF(small).height() + 14
        axis_h = QFontMetricsF(small).height() + 10
        low, high = min(numbers), max(numbers)
        span = high - low or abs(high) * 0.2 or 1.0
        low_p, high_p = low - span * 0.12, high + span * 0.18
        if low >= 0 > low_p:
            low_p = 0.0
        plot_h = (height - pad - legend_h - axis_h) - (y + 6)
        ticks = nice_ticks(low_p, high_p, int(min(max(plot_h / 42, 3), 6)))
        y_min, y_max = ticks[0], ticks[-1]
        p.setFont(small)
        small_metrics = QFontMetricsF(small)
        tick_text = _tick_formatter(ticks)
        label_w = max(small_metrics.horizontalAdvance(tick_text(t)) for t in ticks) + 10
        left = pad + label_w
        right = width - pad - 8
        top = y + 6
        bottom = height - pad - legend_h - axis_h
        if bottom - top < 60 or right - left < 80:
            return
        first_year, last_year = min(years), max(years)
        if first_year == last_year:
            first_year, last_year = first_year - 1, last_year + 1

        def px(year: float) -> float:
            return left + 18 + (right - left - 36) * (year - first_year) / (last_year - first_year)

        def py(value: float) -> float:
            return bottom - (bottom - top) * (value - y_min) / (y_max - y_min)

        # grid and axes
        for t in ticks:
            yy = py(t)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(left, yy), QPointF(right, yy))
            p.setPen(MUTED)
            p.drawText(QRectF(pad, yy - 10, label_w - 8, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       tick_text(t))
        p.setPen(QPen(AXIS, 1))
        p.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        year_step = max(1, math.ceil((last_year - first_year + 1) / max((right - left) / 56, 1)))
        for yr in range(first_year, last_year + 1, year_step):
            x = px(yr)
            p.setPen(QPen(AXIS, 1))
            p.drawLine(QPointF(x, bottom), QPointF(x, bottom + 4))
            p.setPen(MUTED)
            p.drawText(QRectF(x - 30, bottom + 5, 60, axis_h - 5), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       f"{yr}")

        def polyline(points: Sequence[Point], pen: QPen) -> None:
            if len(points) < 2:
                return
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPolyline(QPolygonF([QPointF(px(a), py(b)) for a, b in points]))

        taken: list[QRectF] = []  # labels drawn and markers, so labels do not cover them

        def mark(x: float, yy: float, radius: float = 7.0) -> None:
            taken.append(QRectF(x - radius, yy - radius, 2 * radius, 2 * radius))

        def label(text: str, x: float, yy: float, color: QColor, places: Sequence[str]) -> None:
            w = small_metrics.horizontalAdvance(text) + 4
            h = small_metrics.height()
            candidates = []
            for place in places:
                if place == "above":
                    rect = QRectF(x - w / 2, yy - h - 7, w, h)
                elif place == "below":
                    rect = QRectF(x - w / 2, yy + 7, w, h)
                elif place == "left":
                    rect = QRectF(x - w - 10, yy - h / 2, w, h)
                elif place == "right":
                    rect = QRectF(x + 10, yy - h / 2, w, h)
                elif place == "above-left":
                    rect = QRectF(x - w - 8, yy - h - 5, w, h)
                else:  # below-left
                    rect = QRectF(x - w - 8, yy + 5, w, h)
                rect.moveLeft(min(max(rect.left(), left + 2), width - pad - w))
                rect.moveTop(min(max(rect.top(), top - h), bottom - h))
                candidates.append(rect)
            chosen = next((r for r in candidates if not any(r.intersects(t) for t in taken)), candidates[0])
            taken.append(chosen)
            halo = QPainterPath()
            halo.addRoundedRect(chosen.adjusted(-2, 0, 2, 0), 3, 3)
            p.fillPath(halo, QColor(255, 255, 255, 215))
            p.setPen(color)
            p.drawText(chosen, Qt.AlignmentFlag.AlignCenter, text)

        # target level of the last stage as a faint guide
        if data.targets:
            final_year, final_value = data.targets[-1]
            guide = QColor(TARGET_ORANGE)
            guide.setAlpha(90)
            p.setPen(QPen(guide, 1))
            p.drawLine(QPointF(left, py(final_value)), QPointF(right, py(final_value)))

        polyline(data.expected, QPen(EXPECTED_GREY, 1.6, Qt.PenStyle.DashLine))
        projection_pen = QPen(PROJECTION_BLUE, 2.0, Qt.PenStyle.DotLine)
        projection_pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        polyline(data.projection, projection_pen)
        value_pen = QPen(VALUE_BLUE, 2.2)
        value_pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        polyline(data.values, value_pen)

        # markers: targets (diamonds), values (points), the projected value (hollow point)
        for yr, v in data.targets:
            _diamond(p, QPointF(px(yr), py(v)), 6.0, TARGET_ORANGE)
            mark(px(yr), py(v))
        for yr, v in data.values:
            _dot(p, QPointF(px(yr), py(v)), 4.0, VALUE_BLUE)
            mark(px(yr), py(v))
        if len(data.projection) >= 2:
            yr, v = data.projection[-1]
            _dot(p, QPointF(px(yr), py(v)), 4.0, PROJECTION_BLUE)
            mark(px(yr), py(v))

        p.setFont(small)
        for yr, v in data.values:
            label(format_number(v), px(yr), py(v), VALUE_BLUE, ("above", "below", "above-left", "right"))
        rising = len(data.projection) >= 2 and data.projection[-1][1] >= data.projection[0][1]
        if len(data.projection) >= 2:
            yr, v = data.projection[-1]
            places = ("above-left", "above", "left", "below-left") if rising else ("below-left", "below", "left", "above-left")
            label(self.tr("预计 %s") % format_number(v), px(yr), py(v), PROJECTION_BLUE, places)
        for yr, v in data.targets:
            label(self.tr("目标 %s") % format_number(v), px(yr), py(v), TARGET_ORANGE,
                  ("below-left", "left", "below", "above-left", "above") if rising else ("above-left", "left", "above", "below-left"))

        # legend
        items: list[tuple[str, str, QColor]] = []
        if data.values:
            items.append(("line", data.value_label, VALUE_BLUE))
        if data.targets:
            items.append(("diamond", self.tr("目标值"), TARGET_ORANGE))
        if data.expected:
            items.append(("dash", self.tr("序时进度"), EXPECTED_GREY))
        if data.projection:
            items.append(("dot", self.tr("趋势预测"), PROJECTION_BLUE))
        ly = height - pad - legend_h / 2 + 2
        total = sum(30 + small_metrics.horizontalAdvance(text) + 22 for _, text, _ in items)
        lx = max(left, (left + right - total) / 2)
        for kind, text, color in items:
            if kind == "diamond":
                _diamond(p, QPointF(lx + 12, ly), 5.0, color)
            else:
                style = {"line": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine}[kind]
                pen = QPen(color, 2.0, style)
                p.setPen(pen)
                p.drawLine(QPointF(lx, ly), QPointF(lx + 24, ly))
                if kind == "line":
                    _dot(p, QPointF(lx + 12, ly), 3.5, color)
            p.setPen(INK)
            p.drawText(QRectF(lx + 30, ly - 10, small_metrics.horizontalAdvance(text) + 4, 20),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            lx += 30 + small_metrics.horizontalAdvance(text) + 22


def _dot(p: QPainter, at: QPointF, radius: float, color: QColor) -> None:
    """A hollow point: white inside, a coloured ring."""
    p.setPen(QPen(color, 2.0))
    p.setBrush(QColor("#ffffff"))
    p.drawEllipse(at, radius, radius)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _tick_formatter(ticks: Sequence[float]) -> Callable[[float], str]:
    """Tick labels with the same number of decimals (2.7, 2.8 … 3.0), as few as the step needs."""
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    decimals = 0
    while decimals < 4 and abs(round(step, decimals) - step) > step * 1e-6:
        decimals += 1
    return lambda value: f"{value:.{decimals}f}"


def _diamond(p: QPainter, at: QPointF, size: float, color: QColor) -> None:
    p.setPen(QPen(color.darker(115), 1.2))
    p.setBrush(color)
    p.drawPolygon(QPolygonF([
        QPointF(at.x(), at.y() - size), QPointF(at.x() + size, at.y()),
        QPointF(at.x(), at.y() + size), QPointF(at.x() - size, at.y()),
    ]))
    p.setBrush(Qt.BrushStyle.NoBrush)
