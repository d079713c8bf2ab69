"""What counting did, order by order: how many n-grams of each length the text holds, and how
well the model predicts the validation text when it may look back 0, 1, 2 ... tokens.

An n-gram run has no loss curve: it is counted in one go. These two bar charts take the
curve's place on the Train page (the figures are core's: `core.models.ngram.orders`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from lmstudio_app.ui.widgets._plotting import text_points
from lmstudio_app.ui.widgets._style import is_dark, series_colors


class OrderBars(QWidget):
    """Two bar charts, one bar an order: the n-grams counted and the validation perplexity."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("n-gram orders")
        self._counts: list[int] = []
        self._perplexities: list[float] = []
        self._presentation = False
        self.count_plot = self._bar_plot(
            "n-grams counted",
            self.tr("How many different runs of 1, 2, 3 … tokens the training text holds."),
        )
        self.perplexity_plot = self._bar_plot(
            "Perplexity by order",
            self.tr(
                "How surprised the model is by the validation text when it may look back "
                "0, 1, 2 … tokens (order 1, 2, 3 …): lower is better. Each longer context "
                "helps, until the longer runs are too rare to have been seen."
            ),
        )
        self._count_bars = pg.BarGraphItem(x=[], height=[], width=0.6)
        self._perplexity_bars = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.count_plot.getPlotItem().addItem(self._count_bars)
        self.perplexity_plot.getPlotItem().addItem(self._perplexity_bars)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName("n-gram orders in words")
        charts = QHBoxLayout()
        charts.setContentsMargins(0, 0, 0, 0)
        charts.addWidget(self.count_plot, 1)
        charts.addWidget(self.perplexity_plot, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(charts, 1)
        layout.addWidget(self.caption)
        self._apply_theme()

    def _bar_plot(self, name: str, tip: str) -> pg.PlotWidget:
        plot = pg.PlotWidget()
        plot.setAccessibleName(name)
        plot.setToolTip(tip)
        plot.setMinimumSize(160, 140)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.getPlotItem().showGrid(y=True, alpha=0.15)
        return plot

    def set_orders(self, counts: Sequence[int], perplexities: Sequence[float]) -> None:
        """The n-grams of each order, and the perplexity of each order (may be empty: a text
        with no validation part)."""
        self._counts = [int(c) for c in counts]
        self._perplexities = [float(p) for p in perplexities if np.isfinite(p)]
        for bars, values, plot in (
            (self._count_bars, self._counts, self.count_plot),
            (self._perplexity_bars, self._perplexities, self.perplexity_plot),
        ):
            x = np.arange(1, len(values) + 1, dtype=np.float64)
            bars.setOpts(x=x, height=np.asarray(values, dtype=np.float64), width=0.6)
            axis = plot.getPlotItem().getAxis("bottom")
            axis.setTicks([[(float(i), str(i)) for i in range(1, len(values) + 1)]])
            # Bars stand on 0: a range fitted to their tops would make 6,000 look like 10.
            plot.setXRange(0.4, len(values) + 0.6, padding=0)
            plot.setYRange(0.0, max(values, default=1.0) * 1.08, padding=0)
        self.perplexity_plot.setVisible(bool(self._perplexities))
        lines = [
            self.tr("order {order}: {count:,} n-grams").format(order=order, count=count)
            + (
                self.tr(", perplexity {ppl:.2f}").format(ppl=self._perplexities[order - 1])
                if order <= len(self._perplexities)
                else ""
            )
            for order, count in enumerate(self._counts, start=1)
        ]
        self.caption.setText(" · ".join(lines))

    def bar_heights(self) -> tuple[list[int], list[float]]:
        """What the bars show (for tests and assertions)."""
        return list(self._counts), list(self._perplexities)

    def set_presentation(self, enabled: bool) -> None:
        self._presentation = bool(enabled)
        self._apply_theme()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_theme()

    def _apply_theme(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        colors = series_colors(is_dark(palette))
        tick_font = QFont(self.font())
        tick_font.setPointSize(text_points(self.font(), 1.3 if self._presentation else 1.0))
        style = {"color": text.name(), "font-size": f"{tick_font.pointSize()}pt"}
        for plot, (bottom, left) in (
            (self.count_plot, (self.tr("order"), self.tr("n-grams"))),
            (self.perplexity_plot, (self.tr("order"), self.tr("perplexity"))),
        ):
            plot.setBackground(background)
            item = plot.getPlotItem()
            for name, label in (("bottom", bottom), ("left", left)):
                axis = item.getAxis(name)
                axis.setLabel(label, **style)
                axis.setTextPen(text)
                axis.setPen(text)
                axis.setTickFont(tick_font)
        self._count_bars.setOpts(brush=QColor(colors[0]), pen=None)
        self._perplexity_bars.setOpts(brush=QColor(colors[1]), pen=None)
