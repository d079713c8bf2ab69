"""A heatmap of values over a text: one column per token (its text on top), one row per unit.

Painted by hand, not with a plot: the tokens must stay readable as text above their columns,
and the cells large enough for a projector (presentation mode doubles them). Resting the
pointer on a column announces the step (`hovered`), which the page shows in numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from lmstudio_app.ui.widgets._style import visible_whitespace

# Blue for negative, red for positive, white at zero (and for a gate: white closed, red open).
NEGATIVE = QColor(33, 102, 172)
POSITIVE = QColor(178, 24, 43)


def value_color(value: float) -> QColor:
    """A diverging colour for a value in [-1, 1] (clipped beyond)."""
    share = float(np.clip(abs(value), 0.0, 1.0))
    end = POSITIVE if value >= 0 else NEGATIVE
    white = 255
    return QColor(
        round(white + (end.red() - white) * share),
        round(white + (end.green() - white) * share),
        round(white + (end.blue() - white) * share),
    )


class CellHeatmap(QWidget):
    """Rows of values (rows, steps) under the tokens of a text."""

    hovered = Signal(int)  # the step under the pointer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the arrow keys walk the steps
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._tokens: list[str] = []
        self._values = np.zeros((0, 0))
        self._row_labels: list[str] = []
        self._presentation = False
        self._current = -1

    # ---- data

    def set_data(
        self, tokens: Sequence[str], values: np.ndarray, row_labels: Sequence[str]
    ) -> None:
        """`values`: (rows, steps), one column per token."""
        self._tokens = [visible_whitespace(token) for token in tokens]
        values = np.asarray(values, dtype=np.float64)
        self._values = values.reshape(len(row_labels), len(self._tokens))
        self._row_labels = list(row_labels)
        self._current = -1
        self.updateGeometry()
        self.adjustSize()
        self.update()

    def set_presentation(self, enabled: bool) -> None:
        self._presentation = bool(enabled)
        self.updateGeometry()
        self.adjustSize()
        self.update()

    @property
    def steps(self) -> int:
        return int(self._values.shape[1]) if self._values.ndim == 2 else 0

    # ---- geometry: cells follow the font, and grow on a projector

    def _cell(self) -> QSize:
        metrics = QFontMetrics(self.font())
        widest = max((metrics.horizontalAdvance(t) for t in self._tokens[:400]), default=0)
        width = max(metrics.horizontalAdvance("M") + 4, min(widest + 4, 4 * metrics.height()))
        height = round(metrics.height() * (1.0 if self._presentation else 0.8))
        if self._presentation:
            width = round(width * 1.3)
        return QSize(width, max(height, 8))

    def _label_width(self) -> int:
        metrics = QFontMetrics(self.font())
        return max((metrics.horizontalAdvance(label) for label in self._row_labels), default=0) + 8

    def _header(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    def sizeHint(self) -> QSize:
        cell = self._cell()
        rows = len(self._row_labels)
        return QSize(
            self._label_width() + cell.width() * self.steps + 2,
            self._header() + cell.height() * rows + 2,
        )

    def height_for_rows(self, rows: int) -> int:
        """How tall the tokens and `rows` rows are (what a scroll area should keep in sight)."""
        return self._header() + self._cell().height() * min(rows, len(self._row_labels)) + 2

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def step_at(self, point: QPoint) -> int:
        """The step whose column holds `point`, or -1."""
        x = point.x() - self._label_width()
        if x < 0:
            return -1
        step = x // self._cell().width()
        return int(step) if step < self.steps else -1

    def column_center(self, step: int) -> QPoint:
        cell = self._cell()
        return QPoint(
            self._label_width() + step * cell.width() + cell.width() // 2,
            self._header() + cell.height() // 2,
        )

    # ---- events

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        step = self.step_at(event.position().toPoint())
        if step >= 0 and step != self._current:
            self._current = step
            self.update()
            self.hovered.emit(step)
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
        move = moves.get(Qt.Key(event.key()))
        if move is None or self.steps == 0:
            super().keyPressEvent(event)
            return
        self.select(min(max(self._current + move, 0), self.steps - 1))

    def row_at(self, point: QPoint) -> int:
        """The row under `point`, or -1."""
        y = point.y() - self._header()
        row = y // self._cell().height() if y >= 0 else -1
        return int(row) if 0 <= row < len(self._row_labels) else -1

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # the cell under the pointer, in numbers
            point = event.pos()  # type: ignore[attr-defined]
            step, row = self.step_at(point), self.row_at(point)
            if step >= 0 and row >= 0:
                text = f"{self._row_labels[row]} · “{self._tokens[step]}”: "
                QToolTip.showText(
                    event.globalPos(),  # type: ignore[attr-defined]
                    text + f"{self._values[row, step]:+.3f}".replace("-", "−"),
                    self,
                )
                return True
        return super().event(event)

    def select(self, step: int) -> None:
        """Mark a step as if the pointer rested on it (for the keyboard and tests)."""
        if 0 <= step < self.steps:
            self._current = step
            self.update()
            self.hovered.emit(step)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text_color = palette.color(QPalette.ColorRole.Text)
        cell, left, top = self._cell(), self._label_width(), self._header()
        first = max(0, (event.rect().left() - left) // cell.width())
        last = min(self.steps, (event.rect().right() - left) // cell.width() + 1)
        painter.setPen(text_color)
        for step in range(first, last):
            rect = QRect(left + step * cell.width(), 0, cell.width(), top)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._tokens[step])
        for row, label in enumerate(self._row_labels):
            y = top + row * cell.height()
            painter.setPen(text_color)
            painter.drawText(
                QRect(0, y, left - 6, cell.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            for step in range(first, last):
                color = value_color(self._values[row, step])
                painter.fillRect(left + step * cell.width(), y, cell.width(), cell.height(), color)
        if 0 <= self._current < self.steps:
            painter.setPen(text_color)
            painter.drawRect(
                left + self._current * cell.width(),
                0,
                cell.width() - 1,
                top + cell.height() * len(self._row_labels) - 1,
            )
        painter.end()
