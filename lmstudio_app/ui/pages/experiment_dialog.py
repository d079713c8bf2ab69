""" "Vary a setting": an experiment from the window, as `lmstudio-app experiment` runs it.

Pick one setting of the session's model (n-gram order, learning rate, hidden size, dropout,
layers, context length, the share of the training text), a few values and a time budget; the
runs train one after another in the background (`core.experiments.run_experiment`), with
progress, pause and cancel for the whole experiment. The chart shows validation loss against
the value, the table each run; clicking either selects that run on the Runs page, its curve
there. The best run is the one with the lowest validation loss; its test score stays hidden
until "Use this model" makes the choice final: then it is measured once, shown, and the
experiment recorded as decided.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.errors import StudioError
from lmstudio_app.ui.pages.base import error_label, info_label, make_button
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.u_curve import UCurvePlot
from lmstudio_app.ui.workers import TaskRunner


class _Bridge(QObject):
    """Carries the experiment's record from the worker thread to the window (queued)."""

    changed = Signal(object)


def session_setup(session: Session) -> Any:
    """The session's model settings as an experiment's base, or None when not ready."""
    from lmstudio_app.core.experiments import Setup

    if session.splits is None or session.tokenizer is None or session.model_spec is None:
        return None
    if session.model_family == "ngram":
        return Setup(session.model_spec)
    if session.train_spec is None:
        return None
    return Setup(session.model_spec, session.train_spec)


class ExperimentDialog(QDialog):
    """The experiment's choices, its progress, its U-curve and the final choice."""

    run_picked = Signal(str)  # the folder of a run to show on the Runs page

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Vary a setting"))
        self.setAccessibleName("Vary a setting")
        self.folder: Path | None = None
        self.record: dict[str, Any] | None = None
        self.control: Any = None
        self.runner = TaskRunner(self)
        self.runner.progress.connect(self._progress)
        self.runner.succeeded.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.decider = TaskRunner(self)
        self.decider.succeeded.connect(self._decided)
        self.decider.failed.connect(self._failed)
        self._bridge = _Bridge(self)
        self._bridge.changed.connect(self._show_record)

        layout = QVBoxLayout(self)
        layout.addWidget(
            info_label(
                self.tr(
                    "Train one run for each value of one setting, everything else the same, and "
                    "compare them on the validation text. The test text stays untouched until you "
                    "choose: a score you look at while choosing is no longer a fair test."
                )
            )
        )
        form = QFormLayout()
        self.setting_combo = QComboBox()
        self.setting_combo.setAccessibleName("Setting to vary")
        self.setting_combo.currentIndexChanged.connect(self._setting_changed)
        self.values_edit = QLineEdit()
        self.values_edit.setAccessibleName("Values")
        self.values_edit.setToolTip(
            self.tr(
                "A few values separated by commas (2,3,4), or a range LOW:HIGH:COUNT such as "
                "0.001:0.1:5, spread evenly on a log scale for rates and sizes."
            )
        )
        self.budget_spin = QDoubleSpinBox()
        self.budget_spin.setAccessibleName("Budget (minutes)")
        self.budget_spin.setRange(0.1, 600)
        self.budget_spin.setValue(5)
        self.budget_spin.setSuffix(self.tr(" min"))
        form.addRow(self.tr("Setting"), self.setting_combo)
        form.addRow(self.tr("Values"), self.values_edit)
        form.addRow(self.tr("Time for all runs"), self.budget_spin)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.start_button = make_button(
            self.tr("Start experiment"),
            "Start experiment",
            self.tr("Train one run for each value, one after another."),
            self.start,
        )
        self.pause_button = make_button(
            self.tr("Pause"),
            "Pause experiment",
            self.tr("Pause the whole experiment."),
            self.toggle_pause,
        )
        self.cancel_button = make_button(
            self.tr("Cancel experiment"),
            "Cancel experiment",
            self.tr("Stop the run in progress and start no more."),
            self.cancel,
        )
        self.use_button = make_button(
            self.tr("Use this model"),
            "Use this model",
            self.tr("Make the choice final: the chosen run is measured once on the test text."),
            self.use_best,
        )
        for button in (self.start_button, self.pause_button, self.cancel_button, self.use_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Experiment progress")
        layout.addWidget(self.progress_bar)
        self.error = error_label()
        self.error.hide()
        layout.addWidget(self.error)
        self.result_label = info_label()
        self.result_label.setAccessibleName("Experiment result")
        layout.addWidget(self.result_label)

        body = QHBoxLayout()
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Experiment runs")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Value"), self.tr("Validation loss"), self.tr("State")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # as wide as their values and titles, also when presentation mode enlarges the text
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellClicked.connect(lambda row, _column: self.pick(row))
        self.plot = UCurvePlot()
        self.plot.point_clicked.connect(self.pick)
        body.addWidget(self.table, 2)
        body.addWidget(self.plot, 3)
        layout.addLayout(body, 1)
        self._fill_settings()
        self._set_state("idle")

    # ---- choices

    def _fill_settings(self) -> None:
        from lmstudio_app.core.experiments import VARIED, parse_values, with_value

        setup = session_setup(self.session)
        self.setting_combo.clear()
        for name, varied in VARIED.items():
            if setup is not None:
                try:
                    with_value(setup, name, parse_values(name, varied.suggested)[0])
                except StudioError:
                    continue  # not a setting of this model (an n-gram's learning rate)
            self.setting_combo.addItem(translate_core(varied.label), name)
        if setup is None:
            self._failed(
                self.tr(
                    "Choose a text, build a tokenizer and set up a model first: the experiment "
                    "varies one setting of that model."
                )
            )

    def _setting_changed(self) -> None:
        from lmstudio_app.core.experiments import VARIED

        name = self.setting_combo.currentData()
        if name in VARIED:
            self.values_edit.setText(VARIED[name].suggested)

    def choose(self, setting: str, values: str, minutes: float) -> None:
        """Set the choices as a person would (tests, lessons)."""
        self.setting_combo.setCurrentIndex(self.setting_combo.findData(setting))
        self.values_edit.setText(values)
        self.budget_spin.setValue(minutes)

    # ---- the experiment

    def start(self) -> None:
        from lmstudio_app.core.experiments import ExperimentControl, parse_values, run_experiment
        from lmstudio_app.ui.pages.train_work import runs_folder, session_corpus

        setup = session_setup(self.session)
        name = str(self.setting_combo.currentData())
        if setup is None or self.runner.is_running():
            return
        try:
            values = parse_values(name, self.values_edit.text())
        except StudioError as exc:
            self._failed(translate_core(exc.message))
            return
        self.error.hide()
        self.record = None
        self.result_label.clear()
        import time

        self.folder = runs_folder() / f"{time.strftime('%Y%m%d-%H%M%S')}-vary-{name}"
        self.control = control = ExperimentControl()
        folder, tokenizer = self.folder, self.session.tokenizer
        corpus = session_corpus(self.session)
        minutes, bridge = self.budget_spin.value(), self._bridge
        states: list[list[str]] = [[]]

        def report(record: dict[str, Any], fraction: float, _event: Any, progress: Any) -> None:
            progress(fraction, "")
            now = [run["status"] for run in record["runs"]]
            if now != states[0]:  # a run began or ended: the table and chart change
                states[0] = now
                bridge.changed.emit(copy.deepcopy(record))

        def work(progress: Any, cancel: Any) -> Any:
            return run_experiment(
                folder,
                setup,
                name,
                values,
                tokenizer,
                corpus,
                budget_minutes=minutes,
                control=control,
                report=lambda r, f, e: report(r, f, e, progress),
            )

        self._set_state("running")
        self.runner.start(work)

    def toggle_pause(self) -> None:
        if self.control is None or not self.runner.is_running():
            return
        if self.control.paused:
            self.control.resume()
            self._set_state("running")
        else:
            self.control.pause()
            self._set_state("paused")

    def cancel(self) -> None:
        if self.control is not None:
            self.control.cancel()

    def is_running(self) -> bool:
        return self.runner.is_running()

    def _progress(self, fraction: float, _message: str) -> None:
        if fraction >= 0:
            self.progress_bar.setValue(round(fraction * 100))

    def _finished(self, record: dict[str, Any]) -> None:
        self._show_record(record)
        self._set_state("done")
        self._add_runs(record)

    def _failed(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        if not self.runner.is_running():
            self._set_state("done" if self.record else "idle")

    def _add_runs(self, record: dict[str, Any]) -> None:
        """The experiment's finished runs on the Runs page, beside the others."""
        from lmstudio_app.ui.pages.runs_loading import record_from_folder

        assert self.folder is not None
        known = {run.folder for run in self.session.runs}
        for run in record["runs"]:
            folder = self.folder / run["folder"]
            if run["status"] == "finished" and folder not in known:
                try:
                    self.session.add_run(record_from_folder(folder))
                except StudioError as exc:
                    self._failed(translate_core(exc.message))

    # ---- what it shows

    def _show_record(self, record: dict[str, Any]) -> None:
        from lmstudio_app.core.experiments import VARIED, format_value

        self.record = record
        runs = record["runs"]
        best = record.get("best")
        self.table.setRowCount(len(runs))
        states = {
            "waiting": self.tr("waiting"),
            "running": self.tr("training"),
            "finished": self.tr("done"),
            "cancelled": self.tr("cancelled"),
            "failed": self.tr("failed"),
            "skipped": self.tr("skipped (out of time)"),
        }
        for row, run in enumerate(runs):
            loss = run.get("valid_loss")
            state = states.get(run["status"], run["status"])
            if best is not None and run["folder"] == best["folder"]:
                state = self.tr("best by validation")
            cells = [
                format_value(record["setting"], run["value"]),
                "–" if loss is None else f"{loss:.4f}",
                state,
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        best_index = next(
            (
                i
                for i, run in enumerate(runs)
                if best is not None and run["folder"] == best["folder"]
            ),
            None,
        )
        varied = VARIED[record["setting"]]
        self.plot.set_points(
            [run["value"] for run in runs],
            [run.get("valid_loss") for run in runs],
            log_x=varied.log_scale,
            best=best_index,
            x_title=translate_core(varied.label),
        )
        if best is not None and not record.get("decided"):
            self.result_label.setText(
                self.tr(
                    "Best by validation: {value} (validation loss {loss:.4f}). Its test score "
                    "stays hidden until you press “Use this model”."
                ).format(
                    value=format_value(record["setting"], best["value"]), loss=best["valid_loss"]
                )
            )

    def pick(self, row: int) -> None:
        """Show a run's curve: it is selected on the Runs page."""
        if self.record is None or self.folder is None or row >= len(self.record["runs"]):
            return
        self.run_picked.emit(str(self.folder / self.record["runs"][row]["folder"]))

    # ---- the choice, made final

    def use_best(self) -> None:
        from lmstudio_app.core.experiments import decide

        record = self.record
        if record is None or record.get("best") is None or self.folder is None:
            return
        folder, test = self.folder, self.session.splits.test if self.session.splits else None
        self.use_button.setEnabled(False)
        self.decider.start(lambda progress, cancel: decide(folder, None, test, progress, cancel))

    def _decided(self, decided: dict[str, Any]) -> None:
        from lmstudio_app.core.experiments import format_value

        assert self.record is not None
        self.record["decided"] = decided
        self.result_label.setText(
            self.tr(
                "Chosen: {value}. Test perplexity {perplexity:.2f} (loss {loss:.4f}), measured "
                "once, now that the choice is final. Choosing again after seeing it would make "
                "the test text part of the choosing."
            ).format(
                value=format_value(self.record["setting"], decided["value"]),
                perplexity=decided["test_perplexity"],
                loss=decided["test_loss"],
            )
        )
        self._set_state("decided")
        assert self.folder is not None
        self.run_picked.emit(str(self.folder / decided["folder"]))

    def _set_state(self, state: str) -> None:
        running = state in ("running", "paused")
        self.start_button.setEnabled(state in ("idle", "done", "decided"))
        self.pause_button.setEnabled(running)
        self.pause_button.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.cancel_button.setEnabled(running)
        best = self.record is not None and self.record.get("best") is not None
        decided = self.record is not None and bool(self.record.get("decided"))
        self.use_button.setEnabled(state == "done" and best and not decided)
        for widget in (self.setting_combo, self.values_edit, self.budget_spin):
            widget.setEnabled(not running)

    def done(self, result: int) -> None:  # closing stops the experiment, which saves its runs
        if self.runner.is_running():
            self.cancel()
            self.runner.wait()
        super().done(result)


def open_experiment_dialog(page: Any) -> ExperimentDialog:
    """The Runs page's "Vary a setting": one dialog per page, its runs one click away there."""
    dialog = getattr(page, "experiment_dialog", None)
    if dialog is None:
        dialog = ExperimentDialog(page.session, page)
        dialog.run_picked.connect(lambda folder: select_run(page, Path(folder)))
        page.experiment_dialog = dialog
    else:
        dialog._fill_settings()  # the model may have changed since
    dialog.show()
    dialog.raise_()
    return dialog


def select_run(page: Any, folder: Path) -> bool:
    """Select the run saved in `folder` on the Runs page (its curve is then drawn)."""
    table = page.table
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        record = page.session.runs[int(item.data(Qt.ItemDataRole.UserRole))]
        if record.folder == folder:
            table.clearSelection()
            table.selectRow(row)
            table.scrollToItem(item)
            return True
    return False
