"""The best point and the early stop, marked on a `LossPlot`.

Kept apart from the plot: the plot draws curves, this draws two marks over them. The best
point is the lowest validation loss (the weights a run keeps); the early stop is a vertical
line at the step where early stopping ended the run. The marks follow the plot's perplexity
switch (they are drawn in the plot's units) and its log scale (pyqtgraph maps data items);
by training time the steps have no place on the axis, so the marks hide.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QObject

from lmstudio_app.ui.widgets.loss_plot import LossPlot

BEST_COLOUR = "#2e8b57"
STOP_COLOUR = "#c0392b"


class LossMarkers(QObject):
    def __init__(self, plot: LossPlot) -> None:
        super().__init__(plot)
        self.plot = plot
        self.best: tuple[int, float] | None = None
        self.stop: int | None = None
        self._best_item = pg.PlotDataItem(
            pen=None,
            symbol="star",
            symbolSize=18,
            symbolBrush=BEST_COLOUR,
            symbolPen=pg.mkPen("w", width=1),
            name=self.tr("best (weights kept)"),
        )
        self._stop_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen(STOP_COLOUR, width=2),
            label=self.tr("stopped early"),
            # Low and left of the line: the legend takes the top right corner, the curves the
            # middle.
            labelOpts={
                "position": 0.08,
                "color": STOP_COLOUR,
                "movable": False,
                "anchors": [(1, 0.5), (1, 0.5)],
            },
        )
        self._added = False
        plot.perplexity_check.toggled.connect(self.refresh)
        plot.log_check.toggled.connect(self.refresh)

    def set_best(self, step: int, loss: float) -> None:
        self.best = (int(step), float(loss))
        self.refresh()

    def set_stop(self, step: int | None) -> None:
        self.stop = step
        self.refresh()

    def clear(self) -> None:
        self.best, self.stop = None, None
        self.refresh()

    def is_shown(self, which: str) -> bool:
        item = self._best_item if which == "best" else self._stop_line
        return self._added and item.isVisible()

    def best_point(self) -> tuple[float, float] | None:
        """Where the star is, in the plot's units (x, y), or None when hidden."""
        if not self.is_shown("best"):
            return None
        x, y = self._best_item.getData()
        return float(x[0]), float(y[0])

    def refresh(self, *_: object) -> None:
        if not self._added and self.best is not None:
            # Added with the first best point, so the legend names it only once it is there.
            plot_item = self.plot.plot_widget.getPlotItem()
            plot_item.addItem(self._best_item)
            plot_item.addItem(self._stop_line, ignoreBounds=True)
            self._added = True
        if not self._added:
            return
        by_step = self.plot.x_axis() != "time"
        if self.best is not None and by_step:
            step, loss = self.best
            y = math.exp(min(loss, 700.0)) if self.plot.perplexity_check.isChecked() else loss
            self._best_item.setData([step], [y])
            self._best_item.show()
        else:
            self._best_item.setData([], [])
            self._best_item.hide()
        if self.stop is not None and by_step:
            self._stop_line.setValue(self.stop)
            self._stop_line.show()
        else:
            self._stop_line.hide()
