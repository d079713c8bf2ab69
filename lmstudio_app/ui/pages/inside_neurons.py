"""The Inside page's "Find the neuron" tab: for each simple feature of the text (inside
quotes, position in the line, ...), the unit that follows it best, and that unit drawn over
the text beside the feature, as Karpathy's quote cell."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.inside import FEATURES, NeuronMatch, TextInside
from lmstudio_app.ui.pages.base import info_label
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.cell_heatmap import CellHeatmap


class NeuronsTab(QWidget):
    """The table of features and their best units, and the chosen match over the text."""

    def __init__(self) -> None:
        super().__init__()
        self.inside: TextInside | None = None
        self.matches: list[NeuronMatch] = []
        self.layer = -1
        layout = QVBoxLayout(self)
        layout.addWidget(
            info_label(
                self.tr(
                    "Is there a unit that knows we are inside a quote? Each feature of the "
                    "text is compared with every unit; the one that follows it most closely "
                    "(correlation near +1 or −1) is shown."
                )
            )
        )
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Find the neuron")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Feature of the text"), self.tr("Best unit"), self.tr("Correlation")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._show_match)
        layout.addWidget(self.table)
        self.caption = info_label()
        layout.addWidget(self.caption)
        self.strip = CellHeatmap()
        self.strip.setAccessibleName("Best match over the text")
        scroll = QScrollArea()
        scroll.setWidget(self.strip)
        scroll.setWidgetResizable(False)
        scroll.setMinimumHeight(90)
        layout.addWidget(scroll)
        layout.addStretch(1)

    def _track_name(self, track: str) -> str:
        return {
            "hidden": self.tr("hidden state"),
            "input": self.tr("input gate"),
            "forget": self.tr("forget gate"),
            "output": self.tr("output gate"),
            "cell": self.tr("cell memory"),
            "reset": self.tr("reset gate"),
            "update": self.tr("update gate"),
            "candidate": self.tr("candidate"),
        }.get(track, track)

    def show_inside(self, inside: TextInside | None, layer: int = -1) -> None:
        self.inside, self.layer = inside, layer
        self.matches = inside.matches(layer) if inside is not None else []
        self.table.setRowCount(len(self.matches))
        for row, match in enumerate(self.matches):
            cells = [
                translate_core(FEATURES[match.feature]),
                self.tr("unit {unit} ({track})").format(
                    unit=match.unit, track=self._track_name(match.track)
                ),
                f"{match.correlation:+.2f}".replace("-", "−"),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if inside is not None and not self.matches:
            self.caption.setText(self.tr("The text is too short or too even to compare."))
        self._fit_table()
        if self.matches:
            self.table.selectRow(0)
        else:
            self.strip.set_data([], np.zeros((0, 0)), [])

    def _fit_table(self) -> None:
        """As tall as its rows (six at most): the match drawn below stays in sight."""
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(row) for row in range(self.table.rowCount()))
        self.table.setFixedHeight(height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_table()

    def _show_match(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.inside is None:
            return
        match = self.matches[rows[0].row()]
        trace = self.inside.traces[self.layer]
        unit = trace.tracks()[match.track][:, match.unit]
        feature = self.inside.features[match.feature]
        span = float(np.ptp(feature)) or 1.0
        scaled = (feature - feature.min()) / span  # 0 to 1: white to red
        # the unit's sign turned to follow the feature, so that both rows light up together
        shown = unit if match.correlation >= 0 else -unit
        shown = shown / max(float(np.abs(shown).max()), 1e-12)  # a cell memory exceeds 1
        name = translate_core(FEATURES[match.feature])
        self.strip.set_data(
            self.inside.tokens,
            np.vstack([shown, scaled]),
            [
                ("−" if match.correlation < 0 else "")
                + self.tr("unit {unit}").format(unit=match.unit),
                name,
            ],
        )
        self.caption.setText(
            self.tr(
                "Unit {unit} of the {track} follows “{feature}” with a correlation of "
                "{r}. Red where it is high:"
            ).format(
                unit=match.unit,
                track=self._track_name(match.track),
                feature=name,
                r=f"{match.correlation:+.2f}".replace("-", "−"),
            )
        )
