"""The Inside page's "Embedding map" tab: every token placed by the two main directions of
its embedding (PCA), and the tokens whose embeddings point most nearly the same way as a
chosen one (cosine). For a GPT, a button leads to its attention view on the Generate page."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.inside import EmbeddingMap, nearest_tokens
from lmstudio_app.ui.pages.base import info_label
from lmstudio_app.ui.widgets._style import visible_whitespace

# Labels beyond this many tokens would cover the map: the first ones (by id) are written.
MAX_LABELS = 300
NEIGHBOURS = 8


class EmbeddingTab(QWidget):
    """The map, the token chooser and its nearest neighbours."""

    open_attention = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.map: EmbeddingMap | None = None
        self.vectors = np.zeros((0, 0))
        self.skip: frozenset[int] = frozenset()
        self._presentation = False
        layout = QHBoxLayout(self)
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName("Embedding map")
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.points = pg.ScatterPlotItem(size=6, pen=None)
        self.chosen = pg.ScatterPlotItem(size=16, pen=pg.mkPen("#b2182b", width=3), brush=None)
        self.near = pg.ScatterPlotItem(size=12, pen=pg.mkPen("#ef8a62", width=2), brush=None)
        for item in (self.points, self.near, self.chosen):
            self.plot.addItem(item)
        self.labels: list[pg.TextItem] = []
        layout.addWidget(self.plot, 3)
        side = QVBoxLayout()
        self.caption = info_label()
        side.addWidget(self.caption)
        self.attention_button = QPushButton(self.tr("Attention view…"))
        self.attention_button.setAccessibleName("Attention view")
        self.attention_button.setToolTip(
            self.tr("Where the GPT looks as it writes: its attention, on the Generate page.")
        )
        self.attention_button.clicked.connect(self.open_attention)
        self.attention_button.hide()
        side.addWidget(self.attention_button)  # first: in sight however tall the list is
        self.token_label = QLabel(self.tr("Token"))
        self.token_combo = QComboBox()
        self.token_combo.setAccessibleName("Token")
        self.token_combo.setToolTip(
            self.tr("A token: the map marks it, and the list shows its nearest neighbours.")
        )
        self.token_combo.setMaxVisibleItems(20)
        self.token_label.setBuddy(self.token_combo)
        side.addWidget(self.token_label)
        side.addWidget(self.token_combo)
        side.addWidget(QLabel(self.tr("Nearest tokens (cosine)")))
        self.neighbours = QListWidget()
        self.neighbours.setAccessibleName("Nearest tokens")
        side.addWidget(self.neighbours, 1)
        layout.addLayout(side, 1)
        self.token_combo.currentIndexChanged.connect(self._show_neighbours)
        self.points.sigClicked.connect(self._point_clicked)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._draw()

    def set_presentation(self, enabled: bool) -> None:
        self._presentation = bool(enabled)
        self._draw()

    def show_model(self, model: Any, tokenizer: Any) -> None:
        from lmstudio_app.core.inside import embedding_map, embedding_matrix

        self.map = embedding_map(model, tokenizer) if model is not None else None
        self.vectors = embedding_matrix(model) if model is not None else np.zeros((0, 0))
        self.skip = frozenset(tokenizer.special_ids) if tokenizer is not None else frozenset()
        self.attention_button.setVisible(hasattr(model, "record_attention"))
        self.token_combo.blockSignals(True)
        self.token_combo.clear()
        if self.map is not None:
            for token_id, label in enumerate(self.map.labels):
                if token_id not in self.skip:
                    self.token_combo.addItem(visible_whitespace(label), token_id)
        self.token_combo.blockSignals(False)
        if self.map is None:
            self.caption.setText(self.tr("This model has no token embeddings to show."))
        else:
            first, second = self.map.explained
            self.caption.setText(
                self.tr(
                    "Each token where its embedding points, flattened to two directions "
                    "(PCA; they keep {first}% and {second}% of the spread). Tokens the model "
                    "uses alike end up close."
                ).format(first=round(first * 100), second=round(second * 100))
            )
        self._draw()
        self._show_neighbours()

    def _draw(self) -> None:
        for item in self.labels:
            self.plot.removeItem(item)
        self.labels = []
        if self.map is None:
            self.points.clear()
            return
        coords = self.map.coords
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        for side in ("left", "bottom"):
            axis = self.plot.getAxis(side)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
        self.points.setData(
            coords[:, 0],
            coords[:, 1],
            data=np.arange(len(coords)),  # each point's token id, for a click
            brush=pg.mkBrush(QColor(120, 120, 120, 140)),
        )
        font = QFont(self.font())  # the page's size: larger on a projector
        shown = [i for i in range(len(self.map.labels)) if i not in self.skip][:MAX_LABELS]
        for token_id in shown:
            label = pg.TextItem(
                visible_whitespace(self.map.labels[token_id]), color=text, anchor=(0.5, 1.0)
            )
            label.setFont(font)
            label.setPos(float(coords[token_id, 0]), float(coords[token_id, 1]))
            self.plot.addItem(label)
            self.labels.append(label)

    def _point_clicked(self, _item: object, points: Any, *_: object) -> None:
        """A token clicked on the map becomes the chosen one."""
        if len(points):
            self.choose(int(points[0].data()))

    def choose(self, token_id: int) -> None:
        index = self.token_combo.findData(token_id)
        if index >= 0:
            self.token_combo.setCurrentIndex(index)

    def _show_neighbours(self, *_: object) -> None:
        self.neighbours.clear()
        token_id = self.token_combo.currentData()
        if self.map is None or token_id is None:
            self.chosen.clear()
            self.near.clear()
            return
        near = nearest_tokens(self.vectors, self.map.labels, int(token_id), NEIGHBOURS, self.skip)
        for neighbour in near:
            self.neighbours.addItem(
                f"{visible_whitespace(neighbour.token)}   {neighbour.similarity:+.2f}"
            )
        coords = self.map.coords
        self.chosen.setData([coords[token_id, 0]], [coords[token_id, 1]])
        ids = [n.token_id for n in near]
        self.near.setData(coords[ids, 0], coords[ids, 1])
