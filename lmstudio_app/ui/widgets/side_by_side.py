"""Panes side by side while the width allows, one above the other when it does not.

A page shows its plot beside the text that goes with it, so that both fit a projector's 768
lines. In presentation mode the same panes need half as much width again; side by side they
would then make the page scroll sideways, which nobody finds. `SideBySide` stacks them instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QLayoutItem, QStyle, QWidget


class SideBySide(QWidget):
    """Lays out the widgets given to `add` left to right, or top to bottom when narrower than
    their minimum widths together. Its own minimum width is the widest pane's, so that a
    scroll area around it never needs to scroll sideways."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # The layout must not impose its side-by-side minimum on this widget: the minimum is
        # the stacked one (minimumSizeHint below), and a narrower width stacks the panes.
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self._layout.addWidget(widget, stretch)

    def panes(self) -> list[QWidget]:
        items = (self._layout.itemAt(i) for i in range(self._layout.count()))
        return [item.widget() for item in items if item.widget() is not None]

    def _items(self) -> list[QLayoutItem]:
        """The layout's items that take room (a hidden pane takes none)."""
        items = (self._layout.itemAt(i) for i in range(self._layout.count()))
        return [item for item in items if not item.isEmpty()]

    def _in_a_row(self, widths: list[int]) -> int:
        return sum(widths) + self._layout.spacing() * max(0, len(widths) - 1)

    def is_side_by_side(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.LeftToRight

    def _pane_widths(self) -> list[int]:
        return [item.minimumSize().width() for item in self._items()]

    def _side_by_side_width(self) -> int:
        return self._in_a_row(self._pane_widths())

    def sizeHint(self) -> QSize:
        # The side-by-side width, whichever way the panes stand now: a layout that gives this
        # widget its preferred width (beside a stretch) would otherwise keep it stacked.
        # (With the margin `_arrange` asks for before it puts stacked panes side by side.)
        width = self._in_a_row([item.sizeHint().width() for item in self._items()])
        return QSize(width + self._slack(), self._layout.sizeHint().height())

    def _slack(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 2

    def minimumSizeHint(self) -> QSize:
        widths = self._pane_widths()
        return QSize(max(widths, default=0), self._layout.minimumSize().height())

    def event(self, event: QEvent) -> bool:
        # A pane's minimum width changes with its content (a longer file name, the statistics
        # of a new text): decide again, not only when the width changes.
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange(self.width())
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _arrange(self, width: int) -> None:
        needed = self._side_by_side_width()
        if self.is_side_by_side():
            side_by_side = width >= needed
        else:
            # Back side by side only with a scroll bar's width to spare: the page's height
            # changes with the direction, its scroll bar may come or go, and that changes the
            # width by as much. Without the margin the panes could flip back and forth.
            side_by_side = width >= needed + self._slack()
        direction = (
            QBoxLayout.Direction.LeftToRight
            if side_by_side
            else QBoxLayout.Direction.TopToBottom
        )
        if direction != self._layout.direction():
            self._layout.setDirection(direction)
            self.updateGeometry()  # the height it needs changes with the direction
