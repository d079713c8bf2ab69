"""Zipf's law: token counts by rank on log-log axes, beside the ideal slope of −1.

A handful of tokens are very common and most are rare; in almost every text the n-th most
common token occurs about 1/n times as often as the most common one. On log-log axes that is
a straight line of slope −1, drawn dashed through the first point for comparison.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from lmstudio_app.ui.widgets._plotting import PlainLogAxis, restyle_legend, text_points
from lmstudio_app.ui.widgets._style import faint, is_dark, series_colors

# Ranks drawn at most: evenly spaced on the log axis, the plot looks the same and a vocabulary
# of a million types draws as fast as one of a hundred.
MAX_DRAWN_POINTS = 2000


def log_spaced_ranks(count: int, points: int = MAX_DRAWN_POINTS) -> np.ndarray:
    """Indices 0..count-1 to draw: all of them when few, else about evenly spaced in log."""
    if count <= points:
        return np.arange(count)
    picks = np.unique(np.geomspace(1, count, points).astype(np.int64) - 1)
    return picks


class ZipfPlot(QWidget):
    """How often each token occurs, by rank, with Zipf's law to compare."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Zipf plot")
        self._counts = np.empty(0)
        self._presentation = False

        self.plot_widget = pg.PlotWidget(
            axisItems={"left": PlainLogAxis("left"), "bottom": PlainLogAxis("bottom")}
        )
        self.plot_widget.setAccessibleName("Zipf plot")
        self.plot_widget.setToolTip(
            self.tr(
                "Each point is a token: how often it occurs against its rank (1 = most "
                "common). Both axes grow by powers of ten."
            )
        )
        self.plot_widget.setMinimumSize(220, 160)
        plot = self.plot_widget.getPlotItem()
        self._plot = plot
        plot.setLogMode(x=True, y=True)
        plot.showGrid(x=True, y=True, alpha=0.15)
        self._legend = plot.addLegend(offset=(-12, 12), labelTextSize="10pt")
        self._curve = pg.PlotDataItem(name=self.tr("your text"), antialias=True)
        self._reference = pg.PlotDataItem(name=self.tr("Zipf's law (slope −1)"), antialias=True)
        self._curve.setZValue(1)  # the data over the reference line
        plot.addItem(self._curve)
        plot.addItem(self._reference)

        self.caption = QLabel(
            self.tr(
                "Zipf's law: in most texts the 2nd most common token appears about half as "
                "often as the 1st, the 3rd about a third as often, and so on. On these axes "
                "that is the dashed straight line."
            )
        )
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(6, 4, 6, 4)
        self.caption.setAccessibleName("About Zipf's law")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.caption)
        self._apply_theme()

    def set_counts(self, counts: np.ndarray) -> None:
        """Token counts, most frequent first (zeros are left out: a log axis has no 0)."""
        values = np.asarray(counts, dtype=np.float64).reshape(-1)
        values = values[np.isfinite(values) & (values > 0)]
        # Sorted descending is the contract; sorting again is cheap and makes sure of it.
        values = -np.sort(-values)
        self._counts = values
        if values.size == 0:
            self._curve.setData(np.empty(0), np.empty(0))
            self._reference.setData(np.empty(0), np.empty(0))
            return
        picks = log_spaced_ranks(values.size)
        ranks = picks + 1.0
        self._curve.setData(ranks, values[picks])
        # Slope −1 through the first point: count(rank) = count(1) / rank.
        ends = np.array([1.0, float(values.size)])
        self._reference.setData(ends, values[0] / ends)
        self._plot.enableAutoRange()

    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The ranks and counts drawn (a log-spaced sample of ranks for large vocabularies)."""
        x, y = self._curve.xData, self._curve.yData
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x), np.asarray(y)

    def reference_data(self) -> tuple[np.ndarray, np.ndarray]:
        """The two ends of the slope −1 line."""
        x, y = self._reference.xData, self._reference.yData
        if x is None or y is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x), np.asarray(y)

    def counts(self) -> np.ndarray:
        return self._counts.copy()

    def is_log_log(self) -> bool:
        """Both axes logarithmic (they always are; for tests and assertions)."""
        x_log = bool(self._plot.getAxis("bottom").logMode)
        y_log = bool(self._plot.getAxis("left").logMode)
        return x_log and y_log

    def set_presentation(self, enabled: bool) -> None:
        self._presentation = bool(enabled)
        self._apply_theme()

    def _points(self, factor: float = 1.0) -> int:
        return text_points(self.font(), factor)

    def _apply_theme(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        colors = series_colors(is_dark(palette))
        width = 4.0 if self._presentation else 2.0
        self.plot_widget.setBackground(background)
        tick_font = QFont(self.font())
        tick_font.setPointSize(self._points())
        style = {"color": text.name(), "font-size": f"{self._points(1.1)}pt"}
        for name, label in (("bottom", self.tr("rank")), ("left", self.tr("count"))):
            axis = self._plot.getAxis(name)
            axis.setPen(faint(text, 160))
            axis.setTextPen(text)
            axis.setTickFont(tick_font)
            self._plot.setLabel(name, label, **style)
        self._legend.setBrush(faint(background, 210))
        self._legend.setPen(faint(text, 60))
        restyle_legend(self._legend, text, f"{self._points()}pt")
        self._curve.setPen(pg.mkPen(QColor(colors[0]), width=width))
        self._reference.setPen(
            pg.mkPen(faint(text, 170), width=width * 0.75, style=Qt.PenStyle.DashLine)
        )
        caption_font = QFont(self.font())
        caption_font.setPointSize(self._points(0.95))
        self.caption.setFont(caption_font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_theme()
