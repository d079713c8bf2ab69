"""Generated text coloured by how much each token surprised the model.

Surprisal is −log2 p, in bits: a token the model was sure of (p = 0.9) costs 0.15 bits and
shows green; a token it thought nearly impossible (p = 0.001) costs 10 bits and shows red. The
scale is fixed (0 to 12 bits) so that colours mean the same thing from one text to the next.

Tokens are appended at the end of the document with a cursor, never by re-rendering. Qt lays
out a whole paragraph again whenever it changes, so a token appended to a long paragraph costs
time in proportion to the paragraph (2 ms per token after 2,000 tokens, measured). Tokens that
arrive close together are therefore inserted together, in one edit block, on a short timer
(or at once when something reads the document), which makes streaming cost one layout per
batch instead of one per token. Tooltips are worked out on hover from a list of token
positions rather than stored in every character format.
"""

from __future__ import annotations

import bisect
import math

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QSizePolicy, QTextEdit, QToolTip, QWidget

from lmstudio_app.ui.widgets._style import (
    SURPRISAL_MAX_BITS,
    faint,
    is_dark,
    surprisal_color,
)

NEWLINE_MARK = "↵"
FLUSH_INTERVAL_MS = 30  # tokens arriving within this time are inserted together
_STEPS_PER_BIT = 2  # colours are shared per half bit: the eye cannot tell finer steps apart


def surprisal_bits(probability: float) -> float:
    return -math.log2(min(max(probability, 1e-300), 1.0))


class SurprisalText(QTextEdit):
    """Read-only text: a bold prompt, then generated tokens coloured by surprisal.

    A click on a generated token (not a drag that selects text) emits `token_clicked` with
    its index: the Generate page shows what the model could have written there instead.
    """

    token_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName("Generated text")
        self.setToolTip(self.tr("Green tokens were expected by the model, red ones surprised it."))
        self.document().setUndoRedoEnabled(False)
        self._prompt = ""
        self._tokens: list[str] = []
        self._probabilities: list[float] = []
        self._starts: list[int] = []  # document position where each token begins
        self._ends: list[int] = []
        self._pending: list[tuple[str, float]] = []  # appended, not yet in the document
        self._pressed_at = -1  # the token a mouse press was on (a click is on one token)
        self._formats: dict[tuple[int, bool], QTextCharFormat] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self.flush)

    # ---- content

    def clear_text(self) -> None:
        self._prompt = ""
        self._tokens.clear()
        self._probabilities.clear()
        self._starts.clear()
        self._ends.clear()
        self._pending.clear()
        self._flush_timer.stop()
        self.document().clear()

    def set_prompt(self, text: str) -> None:
        """Start again from this prompt, shown in bold; generated tokens follow it."""
        self.clear_text()
        self._prompt = text
        cursor = QTextCursor(self.document())
        cursor.insertText(text, self._prompt_format())

    def append_token(self, text: str, probability: float) -> None:
        """Add one generated token at the end, coloured by its surprisal."""
        probability = float(probability)
        self._tokens.append(text)
        self._probabilities.append(probability)
        self._pending.append((text, probability))
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        """Insert the tokens appended since the last flush (the timer does this by itself)."""
        self._flush_timer.stop()
        if not self._pending:
            return
        scrollbar = self.verticalScrollBar()
        at_bottom = scrollbar.value() >= scrollbar.maximum() - 4
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.beginEditBlock()
        for text, probability in self._pending:
            self._starts.append(cursor.position())
            self._insert_token(cursor, text, probability)
            self._ends.append(cursor.position())
        cursor.endEditBlock()
        self._pending.clear()
        if at_bottom:  # follow the text as it grows, unless the reader scrolled up
            scrollbar.setValue(scrollbar.maximum())

    def _insert_token(self, cursor: QTextCursor, text: str, probability: float) -> None:
        fmt = self._token_format(probability, mark=False)
        if "\n" not in text and "\r" not in text:
            cursor.insertText(text, fmt)
            return
        # A line break has no width to colour: a faint ↵ shows where the token is.
        lines = text.replace("\r", "").split("\n")
        for number, line in enumerate(lines):
            if line:
                cursor.insertText(line, fmt)
            if number < len(lines) - 1:
                cursor.insertText(NEWLINE_MARK, self._token_format(probability, mark=True))
                cursor.insertText("\n", fmt)

    def plain_text(self) -> str:
        """The prompt and the generated text, as written (no marks)."""
        return self._prompt + "".join(self._tokens)

    def generated_text(self) -> str:
        return "".join(self._tokens)

    def token_count(self) -> int:
        return len(self._tokens)

    def toPlainText(self) -> str:
        """The document's text, marks included (see `plain_text` for the text itself)."""
        self.flush()
        return super().toPlainText()

    def token_format(self, index: int) -> QTextCharFormat:
        """The character format the token `index` is shown with (its colour)."""
        self.flush()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._starts[index] + 1)
        return cursor.charFormat()

    def set_token_background(self, index: int, colour: QColor) -> None:
        """Colour one token by something else than surprisal (a mix: which model carried
        it); dark text on it, whatever the palette. `restore_colours` undoes it."""
        self.flush()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._starts[index])
        cursor.setPosition(self._ends[index], QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        fmt.setForeground(QColor("#000000"))
        cursor.mergeCharFormat(fmt)

    def restore_colours(self) -> None:
        """Every token coloured by its surprisal again."""
        self.flush()
        self._rebuild()

    # ---- formats

    def _prompt_format(self) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setForeground(self.palette().color(QPalette.ColorRole.Text))
        return fmt

    def _token_format(self, probability: float, mark: bool) -> QTextCharFormat:
        step = round(surprisal_bits(probability) * _STEPS_PER_BIT)
        step = min(step, round(SURPRISAL_MAX_BITS * _STEPS_PER_BIT))
        key = (step, mark)
        fmt = self._formats.get(key)
        if fmt is None:
            dark = is_dark(self.palette())
            fmt = QTextCharFormat()
            fmt.setBackground(surprisal_color(step / _STEPS_PER_BIT, dark))
            text = self.palette().color(QPalette.ColorRole.Text)
            fmt.setForeground(faint(text, 120) if mark else text)
            fmt.setFontWeight(QFont.Weight.Normal)
            self._formats[key] = fmt
        return fmt

    def _rebuild(self) -> None:
        """Draw everything again (after a palette change: the colours depend on it)."""
        self._formats.clear()
        tokens = list(zip(self._tokens, self._probabilities, strict=True))
        self.set_prompt(self._prompt)
        for text, probability in tokens:
            self.append_token(text, probability)
        self.flush()

    # ---- tooltips

    def token_index_at(self, point: QPoint) -> int:
        """The generated token under a viewport point, or -1."""
        self.flush()
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        for candidate in (position, position - 1):
            index = bisect.bisect_right(self._starts, candidate) - 1
            if index < 0 or candidate >= self._ends[index]:
                continue
            left = QTextCursor(self.document())
            left.setPosition(candidate)
            right = QTextCursor(self.document())
            right.setPosition(candidate + 1)
            a, b = self.cursorRect(left), self.cursorRect(right)
            if a.top() == b.top() and a.x() <= point.x() <= b.x():
                return index
        return -1

    def tooltip_text(self, index: int) -> str:
        probability = self._probabilities[index]
        percent = self.locale().toString(probability * 100.0, "f", 1)
        bits = self.locale().toString(surprisal_bits(probability), "f", 1)
        return self.tr("p = {percent} %, surprisal {bits} bits").format(percent=percent, bits=bits)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.token_index_at(event.pos())
            if index >= 0:
                QToolTip.showText(event.globalPos(), self.tooltip_text(index), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = self.token_index_at(event.position().toPoint())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        index = self.token_index_at(event.position().toPoint())
        pressed, self._pressed_at = self._pressed_at, -1
        if (
            event.button() == Qt.MouseButton.LeftButton
            and index >= 0
            and index == pressed
            and not self.textCursor().hasSelection()
        ):
            self.token_clicked.emit(index)

    def token_rect(self, index: int) -> QRect:
        """Where the token `index` is drawn, in viewport coordinates (its first line)."""
        self.flush()
        start = QTextCursor(self.document())
        start.setPosition(self._starts[index])
        end = QTextCursor(self.document())
        end.setPosition(max(self._starts[index], self._ends[index] - 1))
        a, b = self.cursorRect(start), self.cursorRect(end)
        right = b.right() + (b.height() // 2 if b.top() == a.top() else 0)
        return QRect(a.topLeft(), QPoint(max(right, a.right()), a.bottom()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and (self._prompt or self._tokens):
            self._rebuild()


class SurprisalLegend(QWidget):
    """A colour bar from 0 to 12 bits with a sentence saying what the colours mean."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Surprisal colours")
        self.setAccessibleDescription(self.explanation())
        self.setToolTip(
            self.tr(
                "Surprisal measures how unexpected a token was, in bits: each extra bit means "
                "the model thought it half as likely. 1 bit is a coin toss; 10 bits is about "
                "one chance in a thousand."
            )
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def explanation(self) -> str:
        return self.tr("green: the model expected this; red: it surprised the model")

    def _bar_height(self) -> int:
        return max(8, self.fontMetrics().height() * 2 // 3)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = max(metrics.horizontalAdvance(self.explanation()) + 16, 260)
        return QSize(width, metrics.height() * 2 + self._bar_height() + 10)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(160, metrics.height() * 2 + self._bar_height() + 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        dark = is_dark(palette)
        text = palette.color(QPalette.ColorRole.WindowText)
        metrics = self.fontMetrics()
        margin = 4
        line = metrics.height()

        explanation = metrics.elidedText(
            self.explanation(), Qt.TextElideMode.ElideRight, self.width() - 2 * margin
        )
        painter.setPen(text)
        painter.drawText(
            QRect(margin, 0, self.width() - 2 * margin, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            explanation,
        )

        # Leave room at both ends so the first and last tick labels are not cut.
        left = margin + metrics.horizontalAdvance("0") // 2 + 2
        right_text = self.tr("{bits} bits").format(bits=round(SURPRISAL_MAX_BITS))
        right = self.width() - margin - metrics.horizontalAdvance(right_text) // 2 - 2
        bar = QRect(left, line + 3, max(right - left, 20), self._bar_height())
        gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
        stops = 24
        for i in range(stops + 1):
            share = i / stops
            gradient.setColorAt(share, surprisal_color(share * SURPRISAL_MAX_BITS, dark))
        painter.setPen(faint(text, 60))
        painter.setBrush(gradient)
        painter.drawRoundedRect(bar, 3, 3)

        painter.setPen(text)
        top = bar.bottom() + 2
        for bits in (0, 3, 6, 9, 12):
            x = bar.left() + bar.width() * bits / SURPRISAL_MAX_BITS
            label = str(bits) if bits < SURPRISAL_MAX_BITS else right_text
            width = metrics.horizontalAdvance(label)
            painter.drawText(
                QRect(round(x - width / 2), top, width + 1, line),
                Qt.AlignmentFlag.AlignCenter,
                label,
            )
        painter.end()

    def colors(self) -> list[QColor]:
        """The colours of the scale at 0, 3, 6, 9 and 12 bits (for tests)."""
        dark = is_dark(self.palette())
        return [surprisal_color(float(bits), dark) for bits in (0, 3, 6, 9, 12)]
