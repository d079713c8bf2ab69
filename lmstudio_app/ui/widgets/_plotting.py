"""Small pyqtgraph helpers shared by the plots."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QPen

from lmstudio_app.ui.widgets._style import blend


def text_points(font: QFont, factor: float = 1.0) -> int:
    """Points for text a plot draws at an explicit size, `factor` times `font`'s.

    pyqtgraph's axes and legends do not follow the widget's font by themselves; the plots set
    their sizes from it again on FontChange. No extra factor in presentation mode: the
    window's font has grown already."""
    base = font.pointSizeF()
    if base <= 0:
        base = 10.0
    return max(6, round(base * factor))


def restyle_legend(legend: pg.LegendItem, color: QColor, size: str) -> None:
    """Set the colour and size of every legend label, existing ones included.

    LegendItem.setLabelTextColor only records the colour for labels added later: the labels
    already there keep the colour they were drawn with until their text is set again, which
    leaves black labels on a dark background after a palette change.
    """
    legend.setLabelTextColor(color)
    legend.setLabelTextSize(size)
    for _, label in legend.items:
        label.setText(label.text, color=color, size=size)


# Mantissas for labelled ticks on a log axis, from sparse to dense.
_LOG_MANTISSAS = ((1,), (1, 3), (1, 2, 5), (1, 2, 3, 5, 7), (1, 2, 3, 4, 5, 6, 7, 8, 9))


class GridAxis(pg.AxisItem):
    """An axis whose grid lines, ticks and axis line are drawn in opaque colours once it is
    told the background they lie on (`set_background`).

    pyqtgraph draws the grid as the axis's ticks, stretched across the plot in see-through
    colours (alpha 0.15 and fainter for the minor ticks). Qt's raster engine strokes a
    see-through line about ten times slower than an opaque one (measured: 100 lines across
    860x480, 4-5 ms against 0.4 ms), and the loss plot repaints both axes whenever a
    training batch arrives: the grid was most of the window's repaint time while training
    (issue 15). The same colour blended over the background looks the same and draws fast.
    An opaque line would hide a curve under it, so the plot puts its axes behind its curves.
    """

    def __init__(self, orientation: str, **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self._background: QColor | None = None

    def set_background(self, color: QColor | None) -> None:
        self._background = None if color is None else QColor(color)
        self.picture = None  # drawn again with the new colours
        self.update()

    def generateDrawSpecs(self, p):  # type: ignore[no-untyped-def]
        specs = super().generateDrawSpecs(p)
        if specs is None or self._background is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        background = self._background
        solid: dict[int, QPen] = {}  # one pen per tick level: convert each once

        def opaque(pen: QPen) -> QPen:
            key = id(pen)
            if key not in solid:
                color = pen.color()
                if color.alpha() < 255:
                    pen = QPen(pen)
                    pen.setColor(blend(color, background, color.alphaF()))
                solid[key] = pen
            return solid[key]

        pen, start, end = axis_spec
        ticks = [(opaque(tick_pen), p1, p2) for tick_pen, p1, p2 in tick_specs]
        return (opaque(pen), start, end), ticks, text_specs


class PlainLogAxis(GridAxis):
    """An axis whose log mode reads as plain numbers: 1, 2, 5, 10, 20, 50 rather than 10¹.

    pyqtgraph labels a log axis with powers of ten in superscript and, over less than a decade
    or two, labels only a few of them: a perplexity axis running from 3 to 70 then shows "10¹"
    and nothing else. Non-programmers read "20" more easily than "2·10¹". Linear mode is left
    as pyqtgraph draws it.
    """

    def __init__(self, orientation: str, **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self._labelled: set[float] = set()

    def logTickValues(self, minVal, maxVal, size, stdTicks):  # type: ignore[no-untyped-def]
        low, high = math.floor(minVal), math.ceil(maxVal)
        # About one label per 50 pixels: the densest set of mantissas that fits.
        room = max(2.0, size / 50.0)
        majors: list[float] = []
        for mantissas in _LOG_MANTISSAS:
            values = [
                exponent + math.log10(m)
                for exponent in range(low, high + 1)
                for m in mantissas
                if minVal <= exponent + math.log10(m) <= maxVal
            ]
            if len(values) > room and majors:
                break
            majors = values
        minors = [
            exponent + math.log10(m)
            for exponent in range(low, high + 1)
            for m in range(1, 10)
            if minVal <= exponent + math.log10(m) <= maxVal
        ]
        if high - low > 6:  # many decades: label every few powers of ten, no minor ticks
            step = math.ceil((high - low) / room)
            majors = [float(e) for e in range(low, high + 1) if e % step == 0 and minVal <= e]
            minors = [float(e) for e in range(low, high + 1) if minVal <= e <= maxVal]
        self._labelled = {round(value, 6) for value in majors}
        return [(None, majors), (None, [m for m in minors if round(m, 6) not in self._labelled])]

    def logTickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]
        strings = []
        for value in values:
            if round(value, 6) not in self._labelled:
                strings.append("")
                continue
            number = 10.0**value * scale
            if number >= 1000:
                strings.append(f"{number:,.0f}")
            else:
                strings.append(np.format_float_positional(number, precision=4, trim="-"))
        return strings
