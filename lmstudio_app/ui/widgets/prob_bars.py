"""What the model would write next: the top tokens as horizontal bars, one per row.

Painted by hand (not a chart library) so it stays crisp at any scale, follows the palette and
answers the keyboard: Up and Down move between tokens, Enter or Space picks one. Bars are drawn
to an absolute scale, the full track being 100 %, so that an unsure model looks unsure.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from lmstudio_app.ui.widgets._style import faint, visible_whitespace

_ROW_FACTOR = 1.65  # row height in lines of text: about 28 px at a 17 px line
_MARGIN = 6


class ProbabilityBars(QWidget):
    """Horizontal bars for the most likely next tokens; click one (or press Enter) to pick it."""

    token_clicked = Signal(int)
    # the token under the pointer, or else the one the keyboard is on (-1: none)
    highlighted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, float, int]] = []
        self._cut_at = -1  # rows from here on are cut: never drawn, shown with raw probability
        self._cut_label = ""
        self._last_highlight = -1
        self._caption = ""
        self._hover = -1
        self._current = -1
        self._pressed = -1
        self.setAccessibleName("Next token probabilities")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip(
            self.tr(
                "The tokens the model thinks could come next, most likely first. "
                "Click one, or use the arrow keys and Enter, to write it."
            )
        )

    # ---- content

    def set_distribution(
        self, items: list[tuple[str, float, int]], cut_at: int = -1, cut_label: str = ""
    ) -> None:
        """Show (display token, probability, token id) rows, in the order given.

        With `cut_at` >= 0, the rows from that index on are tokens the sampler can no longer
        draw: they are greyed under a line that says why (`cut_label`).
        """
        self._items = [(str(token), float(p), int(i)) for token, p, i in items]
        self._cut_at = cut_at if 0 <= cut_at <= len(self._items) else -1
        self._cut_label = cut_label if self._cut_at >= 0 else ""
        self._hover = -1
        self._current = 0 if self._items and self.hasFocus() else -1
        self._last_highlight = -1  # whoever set the rows knows what they show first
        self._update_accessible_text()
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_distribution([])

    def items(self) -> list[tuple[str, float, int]]:
        return list(self._items)

    def cut_index(self) -> int:
        """The first cut row, or -1 when nothing is cut."""
        return self._cut_at

    def cut_label(self) -> str:
        return self._cut_label

    def is_cut(self, index: int) -> bool:
        return self._cut_at >= 0 and index >= self._cut_at

    def cut_line_rect(self) -> QRect:
        """Where the cut line and its words are drawn (empty when nothing is cut)."""
        if self._cut_at < 0:
            return QRect()
        top = _MARGIN + self._caption_height() + self._cut_at * self._row_height()
        return QRect(0, top, self.width(), self._cut_height())

    def _cut_height(self) -> int:
        return self._row_height() if self._cut_at >= 0 else 0

    def set_caption(self, text: str) -> None:
        """A line above the bars, e.g. "after “To be or not to”"."""
        self._caption = text
        self.updateGeometry()
        self.update()

    def caption(self) -> str:
        return self._caption

    def current_index(self) -> int:
        """The row highlighted by the keyboard, or -1."""
        return self._current

    def hovered_index(self) -> int:
        """The row under the mouse pointer, or -1."""
        return self._hover

    # ---- geometry

    def _row_height(self) -> int:
        return round(self.fontMetrics().height() * _ROW_FACTOR)

    def _caption_height(self) -> int:
        if not self._caption:
            return 0
        return self._caption_metrics().height() + _MARGIN

    def _caption_font(self) -> QFont:
        font = QFont(self.font())
        font.setItalic(True)
        return font

    def _caption_metrics(self) -> QFontMetrics:
        return QFontMetrics(self._caption_font())

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self._label(token)) for token, _, _ in self._items),
            default=0,
        )
        # Long tokens are elided: the bars need the room more than a long label does.
        return min(widest + 2 * _MARGIN, max(self.width() * 2 // 5, 60))

    def _percent_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("100.0 %") + 2 * _MARGIN

    def bar_rect(self, index: int) -> QRect:
        """The whole row of token `index` (label, bar and percentage): where a click picks it."""
        top = _MARGIN + self._caption_height() + index * self._row_height()
        if self.is_cut(index):
            top += self._cut_height()
        return QRect(0, top, self.width(), self._row_height())

    def _track_rect(self, row: QRect) -> QRect:
        left = self._label_width()
        right = self.width() - self._percent_width()
        inset = max(3, row.height() // 6)
        return QRect(left, row.top() + inset, max(right - left, 10), row.height() - 2 * inset)

    def index_at(self, point: QPoint) -> int:
        for index in range(len(self._items)):
            if self.bar_rect(index).contains(point):
                return index
        return -1

    def sizeHint(self) -> QSize:
        rows = max(len(self._items), 1)
        height = 2 * _MARGIN + self._caption_height() + rows * self._row_height()
        height += self._cut_height()
        width = self.fontMetrics().horizontalAdvance("M") * 28
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M") * 14, self._row_height() * 2)

    # ---- painting

    @staticmethod
    def _label(token: str) -> str:
        return visible_whitespace(token)

    def _percent(self, probability: float) -> str:
        percent = probability * 100.0
        if 0 < percent < 0.1:
            return self.tr("< 0.1 %")
        return self.tr("{value} %").format(value=self.locale().toString(percent, "f", 1))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.WindowText)
        bar_color = palette.color(QPalette.ColorRole.Highlight)
        track_color = faint(text_color, 22)
        metrics = self.fontMetrics()

        if self._caption:
            painter.setFont(self._caption_font())
            painter.setPen(faint(text_color, 200))
            caption_rect = QRect(
                _MARGIN, _MARGIN, self.width() - 2 * _MARGIN, self._caption_metrics().height()
            )
            caption = self._caption_metrics().elidedText(
                self._caption, Qt.TextElideMode.ElideRight, caption_rect.width()
            )
            painter.drawText(caption_rect, Qt.AlignmentFlag.AlignVCenter, caption)
            painter.setFont(self.font())

        if not self._items:
            painter.setPen(faint(text_color, 150))
            area = self.rect().adjusted(_MARGIN, _MARGIN + self._caption_height(), -_MARGIN, 0)
            painter.drawText(
                area,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.tr("No prediction yet."),
            )
            return

        label_width = self._label_width()
        if self._cut_at >= 0:
            self._paint_cut_line(painter, text_color)
        for index, (token, probability, _) in enumerate(self._items):
            row = self.bar_rect(index)
            if not row.intersects(event.rect()):
                continue
            if index == self._hover:
                painter.fillRect(row, faint(bar_color, 40))
            track = self._track_rect(row)
            radius = track.height() / 4
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track_color)
            painter.drawRoundedRect(QRectF(track), radius, radius)
            share = min(max(probability, 0.0), 1.0)
            length = track.width() * share
            if probability > 0:
                length = max(length, 2.0)  # even a tiny chance shows as a sliver
            bar = QRectF(track.left(), track.top(), length, track.height())
            color = bar_color.lighter(115) if index == self._hover else bar_color
            cut = self.is_cut(index)
            if cut:  # greyed: the model's own chance, which the sampler no longer gives it
                color = faint(text_color, 90 if index == self._hover else 60)
            painter.setBrush(color)
            painter.drawRoundedRect(bar, radius, radius)

            painter.setPen(faint(text_color, 150) if cut else text_color)
            label_rect = QRect(_MARGIN, row.top(), label_width - 2 * _MARGIN, row.height())
            label = metrics.elidedText(
                self._label(token), Qt.TextElideMode.ElideMiddle, label_rect.width()
            )
            painter.drawText(
                label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            percent_rect = QRect(
                track.right() + _MARGIN, row.top(), self._percent_width(), row.height()
            )
            painter.drawText(
                percent_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._percent(probability),
            )
            if index == self._current and self.hasFocus():
                pen_color = QColor(bar_color)
                painter.setPen(pen_color)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(QRectF(row).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4)

    def _paint_cut_line(self, painter: QPainter, text_color: QColor) -> None:
        band = self.cut_line_rect()
        pen = QPen(faint(text_color, 170))
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(1.5)
        painter.setPen(pen)
        middle = band.top() + band.height() // 2
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        text = metrics.elidedText(
            self._cut_label, Qt.TextElideMode.ElideRight, band.width() - 6 * _MARGIN
        )
        text_width = metrics.horizontalAdvance(text)
        left = _MARGIN + 2 * _MARGIN + text_width
        painter.drawLine(_MARGIN, middle, 2 * _MARGIN, middle)
        if left < band.width() - _MARGIN:
            painter.drawLine(left + _MARGIN, middle, band.width() - _MARGIN, middle)
        painter.setPen(faint(text_color, 210))
        painter.drawText(
            QRect(3 * _MARGIN, band.top(), text_width + _MARGIN, band.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        painter.setFont(self.font())

    # ---- interaction

    def _emit_highlight(self) -> None:
        index = self._hover if self._hover >= 0 else self._current
        token = self._items[index][2] if 0 <= index < len(self._items) else -1
        if token != self._last_highlight:
            self._last_highlight = token
            self.highlighted.emit(token)

    def tooltip_text(self, index: int) -> str:
        token, probability, token_id = self._items[index]
        if self.is_cut(index):
            return self.tr(
                "“{token}”: {percent} for the model, but cut: it cannot be drawn (id {id})"
            ).format(token=self._label(token), percent=self._percent(probability), id=token_id)
        return self.tr("“{token}”: {percent} (id {id})").format(
            token=self._label(token), percent=self._percent(probability), id=token_id
        )

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.index_at(event.pos())
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.tooltip_text(index), self)
                return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().toPoint())
        if index != self._hover:
            self._hover = index
            cursor = Qt.CursorShape.PointingHandCursor if index >= 0 else Qt.CursorShape.ArrowCursor
            self.setCursor(cursor)
            self.update()
            self._emit_highlight()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover != -1:
            self._hover = -1
            self.unsetCursor()
            self.update()
            self._emit_highlight()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.index_at(event.position().toPoint())
            if self._pressed >= 0:
                self._current = self._pressed
                self.update()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.index_at(event.position().toPoint())
            if index >= 0 and index == self._pressed:
                self.token_clicked.emit(self._items[index][2])
            self._pressed = -1
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        count = len(self._items)
        if count and key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Home, Qt.Key.Key_End):
            if key == Qt.Key.Key_Home:
                self._current = 0
            elif key == Qt.Key.Key_End:
                self._current = count - 1
            elif self._current < 0:
                self._current = 0
            else:
                step = 1 if key == Qt.Key.Key_Down else -1
                self._current = min(max(self._current + step, 0), count - 1)
            self.update()
            self._emit_highlight()
            event.accept()
            return
        if count and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._current < 0:
                self._current = 0
            self.token_clicked.emit(self._items[self._current][2])
            self.update()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._current < 0 and self._items:
            self._current = 0
        self.update()
        self._emit_highlight()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()

    def _update_accessible_text(self) -> None:
        # A painted widget has no text for screen readers: describe the bars in words.
        parts = [
            f"{self._label(token)} {self._percent(probability)}"
            for token, probability, _ in self._items[: self._cut_at if self._cut_at >= 0 else 10]
        ]
        if self._cut_at >= 0:
            parts.append(self._cut_label)
        self.setAccessibleDescription(", ".join(parts))
