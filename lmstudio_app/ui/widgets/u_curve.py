"""Validation loss against the value of the setting an experiment varied: the U-curve of
under- and overfitting (too small a model or too short a context learns too little, too
large a one memorises), with the best run ringed. Clicking a point picks its run."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from lmstudio_app.ui.widgets._plotting import text_points
from lmstudio_app.ui.widgets._style import is_dark, series_colors


class UCurvePlot(QWidget):
    point_clicked = Signal(int)  # the index of the run whose point was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Validation loss by value")
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setAccessibleName("Validation loss by value")
        self.plot_widget.setMinimumSize(220, 150)
        self._plot = self.plot_widget.getPlotItem()
        self._plot.showGrid(x=True, y=True, alpha=0.15)
        self._line = pg.PlotDataItem(antialias=True, symbol="o", symbolSize=9)
        self._best = pg.ScatterPlotItem(size=18, brush=None)
        self._plot.addItem(self._line)
        self._plot.addItem(self._best)
        self._line.sigPointsClicked.connect(self._clicked)
        self._x = np.empty(0)
        self._y = np.empty(0)
        self._indices: list[int] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot_widget)
        self._apply_theme()

    def set_points(
        self,
        values: Sequence[float],
        losses: Sequence[float | None],
        *,
        log_x: bool,
        best: int | None,
        x_title: str,
    ) -> None:
        """One point per run with a validation loss; `best`: the index of the best run."""
        kept = [i for i, loss in enumerate(losses) if loss is not None]
        log_x = log_x and all(values[i] > 0 for i in kept)
        self._indices = kept
        self._x = np.array([values[i] for i in kept], dtype=float)
        self._y = np.array([losses[i] for i in kept], dtype=float)
        self._plot.setLogMode(x=log_x, y=False)
        self._line.setData(self._x, self._y)
        if best is not None and best in kept:
            self._best.setData([values[best]], [losses[best]])
        else:
            self._best.setData([], [])
        self._plot.setLabel("bottom", x_title)
        self._plot.setLabel("left", self.tr("validation loss"))

    def points(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x.copy(), self._y.copy()

    def _clicked(self, _item: object, points: list[pg.SpotItem], *_: object) -> None:
        if len(points):
            self.point_clicked.emit(self._indices[int(points[0].index())])

    def _apply_theme(self) -> None:
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        self.plot_widget.setBackground(background)
        color = QColor(series_colors(is_dark(palette))[0])
        self._line.setPen(pg.mkPen(color, width=2))
        self._line.setSymbolBrush(color)
        self._best.setPen(pg.mkPen(text, width=2))
        font = self.font()
        font.setPointSize(text_points(self.font()))
        for name in ("left", "bottom"):
            axis = self._plot.getAxis(name)
            axis.setTextPen(text)
            axis.setPen(text)
            axis.setTickFont(font)
            axis.label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_theme()
