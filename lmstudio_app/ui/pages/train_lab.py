"""The Train page's overfitting lab: when the model memorises (said in plain words, with the
remedies a click away), the best point and the early stop on the curve, and the samples of
every evaluation replayed with a slider.

What it says comes from core (`core.overfitting`), as `train` on the command line says it.
It follows the run training now (fed by `TrainDisplay`) and, when nothing trains, a past run
opened on the Runs page (read from its folder: metrics.jsonl and run.json).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.overfitting import REMEDIES, OverfittingReport, report_from, run_size
from lmstudio_app.core.runs.curves import KeptSample, RunCurves
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.loss_markers import LossMarkers
from lmstudio_app.ui.widgets.loss_plot import LossPlot

# The Model page setting each remedy shows ("corpus": the Text page instead).
REMEDY_SETTINGS = {
    "dropout": ("dropout",),
    "weight_decay": ("weight_decay",),
    "smaller": ("hidden_size", "embed_dim"),
    "patience": ("patience",),
}


def show_setting(anchor: QWidget, remedy: str) -> bool:
    """Go to the page where `remedy` is set and put the keyboard focus on its setting."""
    window: Any = anchor.window()
    if not hasattr(window, "page") or not hasattr(window, "go_to"):
        return False
    if remedy == "corpus":
        window.go_to(window.page("corpus"))
        return True
    page = window.page("model")
    window.go_to(page)
    for form in (page.train_form, page.network_form()):
        for name in REMEDY_SETTINGS[remedy]:
            if name in form.names():
                if not form.is_row_visible(name) and form.has_advanced():
                    form.set_advanced_visible(True)
                widget = form.widget(name)
                scroll = widget.parent()
                while scroll is not None and not isinstance(scroll, QScrollArea):
                    scroll = scroll.parent()
                if scroll is not None:
                    scroll.ensureWidgetVisible(widget)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
    return False


class OverfitNote(QFrame):
    """The plain-words warning, shown only while the run memorises."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Memorising warning")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("OverfitNote { border: 1px solid #c0392b; border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Memorising explanation")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        # The buttons wrap onto a second row where the window is narrow (a projector's 1024
        # pixels in presentation mode, or Chinese labels): a page never scrolls sideways.
        self.buttons_grid = QGridLayout()
        self.buttons_grid.setContentsMargins(0, 0, 0, 0)
        self.helps = QLabel(self.tr("What helps:"))
        self.buttons: dict[str, QPushButton] = {}
        for key, label in REMEDIES:
            button = QPushButton(translate_core(label))
            button.setAccessibleName(f"Remedy: {label}")
            button.setToolTip(
                self.tr("Show this setting, to change it before the next run.")
                if key != "corpus"
                else self.tr("Go to the text, to train on more of it.")
            )
            button.clicked.connect(lambda _=False, key=key: show_setting(self, key))
            self.buttons[key] = button
        self._columns = 0
        self._lay_out_buttons(len(REMEDIES) + 1)
        layout.addLayout(self.buttons_grid)
        # Its own minimum width, so that the buttons' one row does not set it (the layout
        # would, and the page would scroll sideways instead of the row wrapping).
        self.setMinimumWidth(200)
        self.hide()

    def _lay_out_buttons(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        widgets = [self.helps, *self.buttons.values()]
        for widget in widgets:
            self.buttons_grid.removeWidget(widget)
        for column in range(len(widgets) + 1):
            self.buttons_grid.setColumnStretch(column, 0)
        for index, widget in enumerate(widgets):
            self.buttons_grid.addWidget(widget, index // columns, index % columns)
        self.buttons_grid.setColumnStretch(columns, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.contentsRect().width() - 16
        spacing = max(self.buttons_grid.horizontalSpacing(), 4)
        widths = [w.sizeHint().width() + spacing for w in [self.helps, *self.buttons.values()]]
        columns = len(widths)
        # A grid's column is as wide as its widest cell, whichever row that cell is in.
        while columns > 1 and sum(max(widths[j::columns]) for j in range(columns)) > room:
            columns -= 1
        self._lay_out_buttons(columns)

    def show_report(self, report: OverfittingReport | None) -> None:
        if report is None:
            self.hide()
            return
        # The remedies sentence is the buttons' row here: the note stays short on a projector.
        self.text.setText(" ".join(translate_core(s) for s in report.sentences()[:-1]))
        self.show()


class SampleReplay(QWidget):
    """A slider over the samples kept at each evaluation: what the model wrote back then."""

    def __init__(self, sample_view: QPlainTextEdit) -> None:
        super().__init__()
        self.view = sample_view
        self.samples: list[KeptSample] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Samples over time"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName("Samples over time")
        self.slider.setToolTip(
            self.tr("Drag back to read what the model wrote at each earlier check.")
        )
        title.setBuddy(self.slider)
        self.where = QLabel()
        self.where.setAccessibleName("Sample step")
        layout.addWidget(title)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.where)
        self.slider.valueChanged.connect(self._show)
        self.set_samples([])

    def set_samples(self, samples: list[KeptSample]) -> None:
        self.samples = list(samples)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(len(self.samples) - 1, 0))
        self.slider.setValue(self.slider.maximum())
        self.slider.blockSignals(False)
        self.setEnabled(len(self.samples) > 1)
        self._show(self.slider.value(), write=False)

    def add(self, sample: KeptSample) -> None:
        """A new evaluation's sample; the slider follows it unless moved back."""
        at_end = self.slider.value() == self.slider.maximum()
        self.samples.append(sample)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self.samples) - 1)
        if at_end:
            self.slider.setValue(self.slider.maximum())
        self.slider.blockSignals(False)
        self.setEnabled(len(self.samples) > 1)
        self._show(self.slider.value(), write=at_end)

    def _show(self, index: int, write: bool = True) -> None:
        if not self.samples:
            self.where.setText("")
            return
        sample = self.samples[index]
        self.where.setText(self.tr("step {step:,}").format(step=sample.step))
        if write:
            self.view.setPlainText(sample.text)


class TrainLab:
    """Follows one run's curves and samples and keeps the note, marks and slider current."""

    def __init__(self, plot: LossPlot, sample_view: QPlainTextEdit) -> None:
        self.note = OverfitNote()
        self.replay = SampleReplay(sample_view)
        self.markers = LossMarkers(plot)
        self.curves = RunCurves()
        self.size: tuple[int | None, int | None] = (None, None)
        self.folder: Path | None = None  # the run shown

    def clear(self, folder: Path | None = None) -> None:
        self.curves = RunCurves()
        self.size = (None, None)
        self.folder = folder
        self.note.show_report(None)
        self.replay.set_samples([])
        self.markers.clear()

    def add_steps(self, steps: list[int], losses: list[float]) -> None:
        self.curves.train.steps.extend(steps)
        self.curves.train.losses.extend(losses)

    def add_eval(self, step: int, loss: float, sample: str) -> None:
        self.curves.valid.steps.append(step)
        self.curves.valid.losses.append(loss)
        if self.markers.best is None or loss < self.markers.best[1]:
            self.markers.set_best(step, loss)
        if sample:
            self.replay.add(KeptSample(step, sample, loss))
        self._judge()

    def finished(self, folder: Path | None, metrics: dict[str, Any]) -> None:
        """The run ended: its sizes (for "why"), and where early stopping stopped it."""
        if folder is not None:
            from lmstudio_app.core.runs import read_run_json

            self.folder = folder
            try:
                self.size = run_size(read_run_json(folder))
            except (StudioError, OSError):  # the note only loses its "why"
                self.size = (None, None)
        if metrics.get("stop_reason") == "early_stopping":
            self.markers.set_stop(metrics.get("steps"))
        self._judge()

    def show_run(self, folder: Path) -> None:
        """A past run's curves, samples, marks and note, from its folder."""
        from lmstudio_app.core.runs import read_metrics, read_run_json
        from lmstudio_app.core.runs.curves import curves_from_records, samples_from_records

        records = read_metrics(folder)
        self.clear(folder)
        self.curves = curves_from_records(records)
        valid = self.curves.valid
        if valid.losses:
            best = min(range(len(valid.losses)), key=valid.losses.__getitem__)
            self.markers.set_best(valid.steps[best], valid.losses[best])
        self.replay.set_samples(samples_from_records(records))
        try:
            run = read_run_json(folder)
        except (StudioError, OSError):  # the curves are shown without the run's sizes
            run = {}
        self.size = run_size(run)
        metrics = run.get("metrics") if isinstance(run.get("metrics"), dict) else {}
        if metrics.get("stop_reason") == "early_stopping":
            self.markers.set_stop(metrics.get("steps"))
        self._judge()

    def _judge(self) -> None:
        self.note.show_report(report_from(self.curves, *self.size))


def follow_selected_runs(page: Any) -> None:
    """While nothing trains, the Train page shows the run chosen on the Runs page (or opened
    from a folder): its curve with the marks, its samples on the slider, and the note."""
    import numpy as np

    def selected() -> None:
        record = page.session.active_run
        lab: TrainLab = page.display.lab
        if page.is_training() or record is None or record.folder is None:
            return
        folder = Path(record.folder)
        if record.model_kind == "ngram" or lab.folder == folder:
            return
        page.display.clear()
        lab.show_run(folder)
        plot = page.display.loss_plot
        train = lab.curves.train
        if train.steps:
            plot.append_train(np.asarray(train.steps), np.asarray(train.losses, dtype=float))
        for step, loss in zip(lab.curves.valid.steps, lab.curves.valid.losses, strict=True):
            plot.append_valid(step, loss)
        if lab.replay.samples:
            page.display.sample.setPlainText(lab.replay.samples[-1].text)

    page.session.run_selected.connect(selected)
