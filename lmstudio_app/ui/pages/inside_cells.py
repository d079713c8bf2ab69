"""The Inside page's "Hidden states" tab: the heatmap of a recurrent layer over the text, one
row per unit (those that vary most first), and the step under the pointer in numbers."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.inside import TextInside, UnitStep, unit_step
from lmstudio_app.core.inside.cells import units_by_variation
from lmstudio_app.ui.pages.base import info_label
from lmstudio_app.ui.widgets.cell_heatmap import CellHeatmap

# How many units' steps are written out under the heatmap (the rows at its top): an LSTM's
# or GRU's take four lines each, an RNN's one.
UNITS_IN_NUMBERS = {"rnn": 3, "lstm": 2, "gru": 2}
# Rows the heatmap keeps in sight however little room the page has (a projector's 768 lines).
ROWS_IN_SIGHT = 8


def _n(value: float) -> str:
    return f"{value:+.3f}".replace("-", "−")


def general_lines(family: str) -> list[str]:
    """The equations once, in letters: each unit's numbers below follow their order."""
    if family == "rnn":
        return ["h_t = tanh(W x_t + U h_t−1 + b)"]
    if family == "lstm":
        return [
            "i, f, o = σ(W x_t + U h_t−1 + b)   g = tanh(W x_t + U h_t−1 + b)",
            "c_t = f·c_t−1 + i·g   h_t = o·tanh(c_t)",
        ]
    return [
        "r, z = σ(W x_t + U h_t−1 + b)   n = tanh(W x_t + b + r·(U h_t−1 + b'))",
        "h_t = (1−z)·n + z·h_t−1",
    ]


def step_lines(family: str, step: UnitStep, tr: Any) -> list[str]:
    """One unit's step with its real numbers: each gate as f(W x_t  U h_t−1  b) = value, then
    the memory it makes (the order of `general_lines`)."""
    gates = {gate.gate: gate for gate in step.gates}
    head = tr("unit {unit}").format(unit=step.unit)

    def gate(name: str, letter: str) -> str:
        g = gates[name]
        return (
            f"{letter} = {g.activation}({_n(g.input)} {_n(g.memory)} {_n(g.bias)}) = {_n(g.value)}"
        )

    if family == "rnn":
        return [f"{head}: h_t = {gate('candidate', 'h_t').split(' = ', 1)[1]}"]
    lines = [f"{head}:  h_t−1 = {_n(step.previous)}"]
    if family == "lstm":
        cell, before = step.cell or 0.0, step.cell_previous or 0.0
        lines.append(f"  {gate('input', 'i')}   {gate('forget', 'f')}")
        lines.append(f"  {gate('candidate', 'g')}   {gate('output', 'o')}")
        lines.append(
            f"  c_t = {_n(gates['forget'].value)}·{_n(before)} + {_n(gates['input'].value)}·"
            f"{_n(gates['candidate'].value)} = {_n(cell)}   h_t = {_n(gates['output'].value)}"
            f"·tanh({_n(cell)}) = {_n(step.hidden)}"
        )
        return lines
    n, r, z = gates["candidate"], gates["reset"].value, gates["update"].value
    lines.append(f"  {gate('reset', 'r')}   {gate('update', 'z')}")
    lines.append(
        f"  n = tanh({_n(n.input)} {_n(n.bias)} + {_n(r)}·({_n(n.memory)} "
        f"{_n(n.memory_bias)})) = {_n(n.value)}   h_t = {_n(1 - z)}·{_n(n.value)} + "
        f"{_n(z)}·{_n(step.previous)} = {_n(step.hidden)}"
    )
    return lines


class CellsTab(QWidget):
    """The heatmap, what it shows (layer, track, how many units) and the step in numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.inside: TextInside | None = None
        layout = QVBoxLayout(self)
        controls = QHBoxLayout()
        self.layer_spin = QSpinBox()
        self.layer_spin.setAccessibleName("Layer")
        self.layer_spin.setToolTip(self.tr("Which layer of the network to look inside."))
        self.layer_spin.setRange(1, 1)
        self.track_combo = QComboBox()
        self.track_combo.setAccessibleName("What to show")
        self.track_combo.setToolTip(
            self.tr("The hidden state, or one of the gates that decide what it keeps.")
        )
        self.units_spin = QSpinBox()
        self.units_spin.setAccessibleName("Units shown")
        self.units_spin.setToolTip(
            self.tr("How many units to show, those that vary most over the text first.")
        )
        self.units_spin.setRange(1, 1)
        self.layer_label = QLabel(self.tr("Layer"))
        self.track_label = QLabel(self.tr("Show"))
        self.units_label = QLabel(self.tr("Units shown"))
        for label, widget in (
            (self.layer_label, self.layer_spin),
            (self.track_label, self.track_combo),
            (self.units_label, self.units_spin),
        ):
            label.setBuddy(widget)
            controls.addWidget(label)
            controls.addWidget(widget)
        controls.addStretch(1)
        layout.addLayout(controls)
        self.caption = info_label()
        layout.addWidget(self.caption)
        self.heatmap = CellHeatmap()
        self.heatmap.setAccessibleName("Hidden states")
        self.heatmap.setToolTip(
            self.tr(
                "Red: positive, blue: negative, white: near zero. Rest the pointer on a "
                "character to see that step in numbers."
            )
        )
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.heatmap)
        self.scroll.setWidgetResizable(False)
        layout.addWidget(self.scroll, 1)
        self.numbers = QLabel()
        self.numbers.setAccessibleName("Step in numbers")
        self._fit_numbers_font()
        self.numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.numbers.setWordWrap(True)
        layout.addWidget(self.numbers)
        layout.addStretch(0)
        self.layer_spin.valueChanged.connect(self._layer_changed)
        self.track_combo.currentIndexChanged.connect(self._redraw)
        self.units_spin.valueChanged.connect(self._redraw)
        self.heatmap.hovered.connect(self._show_step)
        self._rows: list[int] = []

    def _track_names(self) -> dict[str, str]:
        return {
            "hidden": self.tr("Hidden state h"),
            "input": self.tr("Input gate i"),
            "forget": self.tr("Forget gate f"),
            "output": self.tr("Output gate o"),
            "cell": self.tr("Cell memory c"),
            "reset": self.tr("Reset gate r"),
            "update": self.tr("Update gate z"),
            "candidate": self.tr("Candidate"),
        }

    def show_inside(self, inside: TextInside | None) -> None:
        self.inside = inside
        if inside is None:
            self.heatmap.set_data([], np.zeros((0, 0)), [])
            self.numbers.clear()
            self.caption.clear()
            return
        self.layer_spin.blockSignals(True)
        self.layer_spin.setRange(1, len(inside.traces))
        self.layer_spin.setValue(len(inside.traces))
        self.layer_spin.blockSignals(False)
        self.layer_spin.setEnabled(len(inside.traces) > 1)
        self._layer_changed()

    def trace(self) -> Any:
        assert self.inside is not None
        return self.inside.traces[self.layer_spin.value() - 1]

    def _layer_changed(self, *_: object) -> None:
        if self.inside is None:
            return
        trace = self.trace()
        chosen = self.track_combo.currentData()
        self.track_combo.blockSignals(True)
        self.track_combo.clear()
        names = self._track_names()
        for key in trace.tracks():
            if trace.family == "rnn" and key == "candidate":
                continue  # an RNN's one "gate" is its hidden state
            self.track_combo.addItem(names[key], key)
        index = self.track_combo.findData(chosen)
        self.track_combo.setCurrentIndex(max(0, index))
        self.track_combo.blockSignals(False)
        self.units_spin.blockSignals(True)
        self.units_spin.setRange(1, trace.units)
        if self.units_spin.value() <= 1:
            self.units_spin.setValue(min(16, trace.units))
        self.units_spin.blockSignals(False)
        self._redraw()

    def _redraw(self, *_: object) -> None:
        if self.inside is None:
            return
        trace = self.trace()
        track = self.track_combo.currentData() or "hidden"
        values = trace.tracks()[track]
        self._rows = units_by_variation(values)[: self.units_spin.value()].tolist()
        labels = [self.tr("unit {unit}").format(unit=u) for u in self._rows]
        shown = values[:, self._rows].T
        if track == "cell":  # an LSTM's memory is not held in [-1, 1]: scaled to its largest
            shown = shown / max(float(np.abs(shown).max()), 1e-12)
        self.heatmap.set_data(self.inside.tokens, shown, labels)
        self._fit_scroll()
        self.caption.setText(
            self.tr(
                "{what} of layer {layer} after each of {tokens} tokens: {shown} of {units} "
                "units, those that vary most first."
            ).format(
                what=self.track_combo.currentText(),
                layer=trace.layer + 1,
                tokens=trace.steps,
                shown=len(self._rows),
                units=trace.units,
            )
        )
        if trace.steps:
            self.heatmap.select(0)

    def _fit_scroll(self) -> None:
        """No taller than the heatmap and its scroll bar: the numbers below keep the room."""
        extra = self.scroll.horizontalScrollBar().sizeHint().height() + 2 * self.scroll.frameWidth()
        self.scroll.setMinimumHeight(self.heatmap.height_for_rows(ROWS_IN_SIGHT) + extra)
        self.scroll.setMaximumHeight(self.heatmap.sizeHint().height() + extra)

    def set_presentation(self, enabled: bool) -> None:
        """Larger cells on a projector, and the room for them."""
        self.heatmap.set_presentation(enabled)
        self._fit_scroll()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_numbers_font()
            self._fit_scroll()

    def _fit_numbers_font(self) -> None:
        """Fixed width, so the numbers line up, at the page's size (larger on a projector)."""
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(self.font().pointSizeF(), 6.0))
        self.numbers.setFont(font)

    def _show_step(self, step: int) -> None:
        if self.inside is None:
            return
        trace = self.trace()
        token = self.inside.tokens[step].replace("\n", "↵")
        lines = [self.tr("Step {step}, reading “{token}”:").format(step=step + 1, token=token)]
        lines.extend(general_lines(trace.family))
        for unit in self._rows[: UNITS_IN_NUMBERS[trace.family]]:
            lines.extend(step_lines(trace.family, unit_step(trace, step, unit), self.tr))
        self.numbers.setText("\n".join(lines))
