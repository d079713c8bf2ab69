"""Where the newest token looked: a transformer's attention as colour over the text it saw.

The text the model could see (its window, the newest token last, underlined) is shaded by how
much the newest token attended to each token, in one layer, for one head or averaged over the
heads: the darker, the more attention. Shades are relative to the strongest token, so that a
spread-out head still shows its pattern; the caption and the tooltips give the real shares
(each head's shares add up to 100 %). Hovering a token shows its share for every head of the
layer.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QSize
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.attention import TokenAttention
from lmstudio_app.ui.widgets._style import blend, faint, is_dark

NEWLINE_MARK = "↵"
_SHADES = 10  # the eye tells about ten steps of one hue apart
_HUE = 28  # orange: apart from the surprisal scale's green-to-red and from the token colours


def attention_color(share: float, palette: QPalette) -> QColor:
    """The background for a token drawing `share` (0..1) of the strongest token's attention."""
    base = palette.color(QPalette.ColorRole.Base)
    strong = QColor.fromHsl(_HUE, 230, 110 if is_dark(palette) else 130)
    return blend(strong, base, 0.85 * min(max(share, 0.0), 1.0))


class AttentionText(QTextEdit):
    """Read-only text of tokens, each on its shade; tooltips come from the owning view."""

    def __init__(self, view: AttentionView) -> None:
        super().__init__()
        self._view = view
        self.setReadOnly(True)
        self.setAccessibleName("Attention text")
        self.document().setUndoRedoEnabled(False)
        self.starts: list[int] = []
        self.ends: list[int] = []

    def sizeHint(self) -> QSize:
        # A few lines: a page's height follows its parts' preferred heights (its word-wrapped
        # labels make it so), and QTextEdit's own 192 pixels made the Generate page scroll.
        lines = self.fontMetrics().lineSpacing() * 3
        return QSize(super().sizeHint().width(), lines + 2 * self.frameWidth() + 8)

    def show_tokens(self, labels: Sequence[str], shares: Sequence[float], spaced: bool) -> None:
        self.clear()
        self.starts, self.ends = [], []
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        text = self.palette().color(QPalette.ColorRole.Text)
        last = len(labels) - 1
        for index, (label, share) in enumerate(zip(labels, shares, strict=True)):
            fmt = QTextCharFormat()
            fmt.setBackground(attention_color(share, self.palette()))
            fmt.setForeground(text)
            if index == last:  # the token that looks: underlined, in bold
                fmt.setFontWeight(QFont.Weight.Bold)
                fmt.setFontUnderline(True)
            self.starts.append(cursor.position())
            pieces = label.split("\n")
            for number, piece in enumerate(pieces):
                if piece:
                    cursor.insertText(piece, fmt)
                if number < len(pieces) - 1:
                    mark = QTextCharFormat(fmt)
                    mark.setForeground(faint(text, 120))
                    cursor.insertText(NEWLINE_MARK, mark)
                    cursor.insertText("\n", fmt)
            self.ends.append(cursor.position())
            if spaced and index < last:
                cursor.insertText(" ", QTextCharFormat())
        cursor.endEditBlock()
        self.setTextCursor(cursor)  # the newest token, at the end, in sight
        self.ensureCursorVisible()

    def token_index_at(self, point: QPoint) -> int:
        """The token under a viewport point, or -1."""
        position = self.cursorForPosition(point).position()
        for candidate in (position, position - 1):
            index = bisect.bisect_right(self.starts, candidate) - 1
            if index < 0 or candidate >= self.ends[index]:
                continue
            left, right = QTextCursor(self.document()), QTextCursor(self.document())
            left.setPosition(candidate)
            right.setPosition(candidate + 1)
            a, b = self.cursorRect(left), self.cursorRect(right)
            if a.top() == b.top() and a.x() <= point.x() <= b.x():
                return index
        return -1

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self.token_index_at(event.pos())
            if index >= 0:
                QToolTip.showText(
                    event.globalPos(), self._view.tooltip_text(index), self.viewport()
                )
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


class AttentionView(QGroupBox):
    """How the newest token attended to the tokens before it, for a chosen layer and head."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Where the new token looked (attention)"))
        self._attention: TokenAttention | None = None
        self._labels: list[str] = []
        self._spaced = False

        self.layer_combo = QComboBox()
        self.layer_combo.setAccessibleName("Attention layer")
        self.layer_combo.setToolTip(
            self.tr(
                "Which layer's attention to show: the first reads the tokens themselves, "
                "later ones what the layers below found."
            )
        )
        self.head_combo = QComboBox()
        self.head_combo.setAccessibleName("Attention head")
        for combo in (self.layer_combo, self.head_combo):  # filled once a model is known
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.head_combo.setToolTip(
            self.tr(
                "Which head of the layer: each looks back for something else. The "
                "average shows the layer as a whole."
            )
        )
        self.layer_combo.currentIndexChanged.connect(self._show)
        self.head_combo.currentIndexChanged.connect(self._show)
        choices = QHBoxLayout()
        choices.addWidget(QLabel(self.tr("Layer:")))
        choices.addWidget(self.layer_combo)
        choices.addSpacing(12)
        choices.addWidget(QLabel(self.tr("Head:")))
        choices.addWidget(self.head_combo)

        choices.addStretch(1)
        # under the choices: beside them, a narrow window (presentation mode at 1024 pixels)
        # wrapped it into a tall column
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAccessibleName("Attention caption")
        self.text = AttentionText(self)
        self.text.setToolTip(
            self.tr(
                "The darker a token, the more the new (underlined) token looked at it. "
                "Hover over a token for each head's share."
            )
        )
        self.text.setMinimumHeight(self.fontMetrics().height() * 3)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.caption)
        layout.addWidget(self.text, 1)
        self.clear()

    # ---- content

    def clear(self) -> None:
        self._attention = None
        self._labels = []
        self.text.clear()
        self.text.starts, self.text.ends = [], []
        self.caption.setText(
            self.tr("Press Step: the new token's attention to the text before it shows here.")
        )

    def set_attention(
        self, attention: TokenAttention | None, labels: Sequence[str], spaced: bool = False
    ) -> None:
        """Show `attention`; `labels` are the window's tokens as text, `spaced` puts a space
        between them (word tokens)."""
        if attention is None:
            self.clear()
            return
        assert len(labels) == len(attention.window)
        self._attention = attention
        self._labels = list(labels)
        self._spaced = spaced
        self._fill_choices(attention.layers, attention.heads)
        self._show()

    def _fill_choices(self, layers: int, heads: int) -> None:
        """The layer and head lists for this model, keeping the choices made when they fit."""
        if self.layer_combo.count() != layers or self.head_combo.count() != heads + 1:
            layer, head = self.layer(), self.head()
            for combo in (self.layer_combo, self.head_combo):
                combo.blockSignals(True)
                combo.clear()
            for number in range(layers):
                self.layer_combo.addItem(str(number + 1), number)
            self.head_combo.addItem(self.tr("Average over heads"), None)
            for number in range(heads):
                self.head_combo.addItem(str(number + 1), number)
            # the last layer, where attention decides what comes next, unless one was chosen
            self.layer_combo.setCurrentIndex(layer if 0 <= layer < layers else layers - 1)
            self.head_combo.setCurrentIndex(0 if head is None or head >= heads else head + 1)
            for combo in (self.layer_combo, self.head_combo):
                combo.blockSignals(False)

    def layer(self) -> int:
        data = self.layer_combo.currentData()
        return -1 if data is None else int(data)

    def head(self) -> int | None:
        data = self.head_combo.currentData()
        return None if data is None else int(data)

    def attention(self) -> TokenAttention | None:
        return self._attention

    def shown_weights(self) -> np.ndarray:
        """The shares shown, one per token of the window (they add up to 1)."""
        if self._attention is None:
            return np.zeros(0)
        return self._attention.row(self.layer(), self.head())

    def head_weights(self, index: int) -> np.ndarray:
        """Each head's share for the token at `index` of the window, in the chosen layer."""
        assert self._attention is not None
        return np.asarray(self._attention.weights[self.layer(), :, index], dtype=np.float64)

    def _percent(self, share: float) -> str:
        return self.locale().toString(100.0 * share, "f", 1) + " %"

    def _quoted(self, index: int) -> str:
        label = self._labels[index].replace("\n", NEWLINE_MARK)
        return "“" + (label if label.strip() else label.replace(" ", "␣")) + "”"

    def tooltip_text(self, index: int) -> str:
        """The token's share for each head of the chosen layer, and their average."""
        lines = [
            self.tr("{token}, layer {layer}:").format(
                token=self._quoted(index), layer=self.layer() + 1
            )
        ]
        heads = self.head_weights(index)
        for head, share in enumerate(heads):
            lines.append(
                self.tr("Head {number}: {percent}").format(
                    number=head + 1, percent=self._percent(float(share))
                )
            )
        lines.append(
            self.tr("Average over heads: {percent}").format(
                percent=self._percent(float(heads.mean()))
            )
        )
        return "\n".join(lines)

    def _show(self, *_: object) -> None:
        if self._attention is None or self.layer() < 0:
            return
        weights = self.shown_weights()
        strongest = int(np.argmax(weights))
        top = float(weights[strongest]) or 1.0
        self.text.show_tokens(self._labels, [float(w) / top for w in weights], self._spaced)
        self.caption.setText(
            self.tr("{token} looked most at {strongest} ({percent}).").format(
                token=self._quoted(len(self._labels) - 1),
                strongest=self._quoted(strongest),
                percent=self._percent(float(weights[strongest])),
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show()  # the shades depend on the palette
