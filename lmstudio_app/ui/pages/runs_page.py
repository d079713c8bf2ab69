"""Runs: every run of this session and every run folder opened, compared side by side."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableWidgetItem,
)

from lmstudio_app.core.errors import StudioError
from lmstudio_app.ui.pages.base import Growing, Page, error_label, info_label, make_button
from lmstudio_app.ui.pages.experiment_dialog import open_experiment_dialog
from lmstudio_app.ui.pages.runs_curves import STEPS, TIME, CurveCache, lay_out
from lmstudio_app.ui.pages.runs_loading import load_run_for_generation, record_from_folder
from lmstudio_app.ui.pages.runs_settings import (
    NumberItem,
    SettingsColumns,
    diff_text,
    format_metric,
)
from lmstudio_app.ui.pages.runs_settings import metric as _metric
from lmstudio_app.ui.session import RunRecord, Session
from lmstudio_app.ui.translations import model_kind_label, translate_core
from lmstudio_app.ui.widgets.loss_plot import LossPlot
from lmstudio_app.ui.widgets.runs_table import FittedTable
from lmstudio_app.ui.workers import TaskRunner

# Found here by the pages and tests that used them before they moved.
__all__ = ["COLUMNS", "RunsPage", "format_metric", "load_run_for_generation", "record_from_folder"]

# (key, short title, whole title): the short titles wrap where room is short (a 1024-pixel
# projector in presentation mode), the whole ones show where there is room, and in tooltips.
COLUMNS = [
    ("name", QT_TRANSLATE_NOOP("RunsPage", "Run"), QT_TRANSLATE_NOOP("RunsPage", "Run")),
    ("model", QT_TRANSLATE_NOOP("RunsPage", "Model"), QT_TRANSLATE_NOOP("RunsPage", "Model")),
    ("tokenizer", QT_TRANSLATE_NOOP("RunsPage", "Tokenizer"),
     QT_TRANSLATE_NOOP("RunsPage", "Tokenizer")),
    ("steps", QT_TRANSLATE_NOOP("RunsPage", "Steps"), QT_TRANSLATE_NOOP("RunsPage", "Steps")),
    ("valid_loss", QT_TRANSLATE_NOOP("RunsPage", "Valid. loss"),
     QT_TRANSLATE_NOOP("RunsPage", "Validation loss")),
    ("valid_perplexity", QT_TRANSLATE_NOOP("RunsPage", "Valid. perplexity"),
     QT_TRANSLATE_NOOP("RunsPage", "Validation perplexity")),
    ("test_perplexity", QT_TRANSLATE_NOOP("RunsPage", "Test perplexity"),
     QT_TRANSLATE_NOOP("RunsPage", "Test perplexity")),
    ("folder", QT_TRANSLATE_NOOP("RunsPage", "Folder"), QT_TRANSLATE_NOOP("RunsPage", "Folder")),
]
# The columns that give way when room is short, the first first: the folder (also in the
# run name's tooltip), then the test perplexity (measured once, at the end).
OPTIONAL_COLUMNS = ("folder", "test_perplexity")


class RunsPage(Page):
    LEARN_KEY = "runs"
    open_in_generate = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.set_header(
            self.tr("Runs"),
            self.tr(
                "Every model trained in this session, and every run folder you open. Select "
                "several to compare their loss curves."
            ),
        )
        self.loader = TaskRunner(self)
        self.loader.succeeded.connect(self._opened)
        self.loader.failed.connect(self._failed)

        buttons = QHBoxLayout()
        self.open_button = make_button(
            self.tr("Open run…"),
            "Open run",
            self.tr("Open a run folder saved earlier."),
            self.open_dialog,
        )
        self.use_button = make_button(
            self.tr("Use for generation"),
            "Use for generation",
            self.tr("Write text with the selected run."),
            self.use_selected,
        )
        self.export_button = make_button(
            self.tr("Export…"),
            "Export run",
            self.tr("Copy the selected run folder elsewhere."),
            self.export_selected,
        )
        self.remove_button = make_button(
            self.tr("Remove from list"),
            "Remove run",
            self.tr("Take the run off this list; its folder stays on disk."),
            self.remove_selected,
        )
        self.delete_button = make_button(
            self.tr("Delete…"),
            "Delete run",
            self.tr("Delete the selected run folder from disk."),
            self.delete_selected,
        )
        self.vary_button = make_button(
            self.tr("Vary a setting…"),
            "Vary a setting",
            self.tr("Train one run per value of one setting and compare them on validation."),
            lambda: open_experiment_dialog(self),
        )
        for button in (
            self.open_button,
            self.use_button,
            self.export_button,
            self.remove_button,
            self.delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body.addLayout(buttons)
        self.error = error_label()
        self.body.addWidget(self.error)
        self.axis_note = info_label()  # the runs the time axis cannot place
        self.axis_note.setAccessibleName("Compare by note")
        self.axis_note.hide()
        self.body.addWidget(self.axis_note)

        # Titles wrap rather than collide, columns as wide as their values (a projector's
        # 1024 pixels in presentation mode cut both).
        keys = [key for key, _, _ in COLUMNS]
        self.table = FittedTable(
            0,
            [self.tr(whole) for _, _, whole in COLUMNS],
            short_titles=[self.tr(short) for _, short, _ in COLUMNS],
            optional=[keys.index(key) for key in OPTIONAL_COLUMNS],
        )
        self.table.setAccessibleName("Runs table")
        self.table.setToolTip(self.tr(
            "Click a column title to sort by it; right-click it to choose the columns shown."
        ))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.use_selected())
        self.diff_note = info_label()
        self.diff_note.setAccessibleName("Settings that differ")
        self.diff_note.hide()
        self.plot = LossPlot()
        self.plot.leave_own_curves_out_of_the_legend()  # it shows only the runs compared
        self._curves = CurveCache()
        # Both fit under the explanation on a 768-line screen, and share a larger one.
        self.body.addWidget(Growing(self.table, lines=7), 1)
        self.body.addWidget(self.diff_note)
        # A row of its own: beside the buttons or the plot's own controls, it made the page
        # scroll sideways at 1024 pixels in presentation mode.
        self.body.addLayout(self._axis_choice_row())
        self.body.addWidget(Growing(self.plot, 240), 1)
        session.runs_changed.connect(self._refresh)
        self._refresh()

    def _axis_choice_row(self) -> QHBoxLayout:
        """The choice of the curves' horizontal axis, and a note on runs it cannot place."""
        self.x_axis_combo = QComboBox()
        self.x_axis_combo.addItem(self.tr("Steps"), STEPS)
        self.x_axis_combo.addItem(self.tr("Training time"), TIME)
        self.x_axis_combo.setAccessibleName("Compare by")
        self.x_axis_combo.setToolTip(
            self.tr(
                "By step, a run that takes ten times longer per step looks just as fast. By "
                "training time (pauses left out), runs trained for the same minutes can be "
                "compared fairly, whatever their kind."
            )
        )
        title = QLabel(self.tr("Compare curves by"))
        title.setBuddy(self.x_axis_combo)
        title.setToolTip(self.x_axis_combo.toolTip())
        self.x_axis_combo.currentIndexChanged.connect(self._axis_changed)
        row = QHBoxLayout()
        row.addWidget(title)
        row.addWidget(self.x_axis_combo)
        row.addStretch(1)
        row.addWidget(self.vary_button)  # here, not with the buttons: room at 1024 pixels
        return row

    def x_axis(self) -> str:
        return str(self.x_axis_combo.currentData())

    def set_x_axis(self, mode: str) -> None:
        index = self.x_axis_combo.findData(mode)
        if index >= 0:
            self.x_axis_combo.setCurrentIndex(index)

    def _axis_changed(self) -> None:
        self.plot.set_x_axis(self.x_axis())
        self._selection_changed()

    def readiness(self) -> tuple[bool, str]:
        if not self.session.runs:
            return False, self.tr("No runs yet.")
        return True, ""

    # ---- table

    def _refresh(self) -> None:
        self.table.setSortingEnabled(False)
        settings = SettingsColumns(self.session.runs)
        scores = len(COLUMNS) - 1  # the folder column stays last, after the settings
        self.table.blockSignals(True)  # rows and columns change: no selection in between
        self.table.setRowCount(len(self.session.runs))
        self._set_columns(settings)
        for row, record in enumerate(self.session.runs):
            tokenizer = (record.settings.get("tokenizer") or {}).get("kind", "")
            values: dict[str, QTableWidgetItem] = {
                "name": QTableWidgetItem(record.name),
                "model": QTableWidgetItem(model_kind_label(record.model_kind)),
                "tokenizer": QTableWidgetItem(translate_core(str(tokenizer))),
                "folder": QTableWidgetItem(str(record.folder or "")),
            }
            values["folder"].setToolTip(values["folder"].text())  # shortened in the middle
            values["name"].setToolTip(values["folder"].text())  # where the folder column gave way
            for key in ("steps", "valid_loss", "valid_perplexity", "test_perplexity"):
                value = _metric(record, key)
                values[key] = NumberItem(value, format_metric(key, value))
            values["name"].setData(Qt.ItemDataRole.UserRole, row)
            items = [values[key] for key, _, _ in COLUMNS[:scores]]
            items += [*settings.items(record), values["folder"]]
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.setSortingEnabled(True)
        self.table.fit_columns()
        self.readiness_changed.emit()
        self._selection_changed()

    def _set_columns(self, settings: SettingsColumns) -> None:
        """The scores, the settings (those that differ shown), the folder. Where room is
        short the folder gives way first, then the test perplexity, then the settings."""
        scores = COLUMNS[:-1]
        titles = [self.tr(whole) for _, _, whole in scores] + settings.titles
        short = [self.tr(title) for _, title, _ in scores] + settings.titles
        titles.append(self.tr(COLUMNS[-1][2]))
        short.append(self.tr(COLUMNS[-1][1]))
        first = len(scores)
        columns = list(range(first, first + len(settings.keys)))
        keys = [key for key, _, _ in scores]
        optional = [len(titles) - 1, keys.index("test_perplexity"), *reversed(columns)]
        hidden = [c for c, key in zip(columns, settings.keys, strict=True)
                  if key not in settings.differ]
        self.table.set_columns(titles, short, optional, hidden)
        # What each column shows: a score's key, "model.order" for a setting, "folder".
        self.column_keys = [*keys, *settings.keys, "folder"]

    def selected_records(self) -> list[RunRecord]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        records = []
        for row in rows:
            item = self.table.item(row, 0)
            if item is not None:
                records.append(self.session.runs[int(item.data(Qt.ItemDataRole.UserRole))])
        return records

    def _selection_changed(self) -> None:
        records = self.selected_records()
        self.plot.clear()
        self.plot.clear_overlays()
        shown = records or self.session.runs[-3:]
        layout = lay_out(shown, self.x_axis(), lambda r: _metric(r, "valid_loss"), self._curves)
        for curve in layout.curves:
            name = curve.name
            if not curve.timed:  # said in the legend, where the eye looks for the run
                name = self.tr("{name} (no times recorded)").format(name=name)
            self.plot.add_overlay(name, curve.x, curve.y)
        self.axis_note.setText(
            self.tr("No training times recorded for {names}: shown by steps only.").format(
                names=", ".join(f"“{name}”" for name in layout.untimed)
            )
        )
        self.axis_note.setVisible(bool(layout.untimed))
        self.diff_note.setVisible(len(records) == 2)
        if len(records) == 2:  # what differs between two runs' settings
            self.diff_note.setText(diff_text(*records))
        has = bool(records)
        for button in (self.use_button, self.export_button, self.remove_button, self.delete_button):
            button.setEnabled(has)

    # ---- actions

    def open_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open run folder"), str(Path.home())
        )
        if folder:
            self.open_run(Path(folder))

    def open_run(self, folder: Path) -> None:
        self.error.hide()
        if self.loader.is_running():
            self.loader.cancel_and_wait()
        self.loader.start(lambda progress, cancel: record_from_folder(folder))

    def _opened(self, record: RunRecord) -> None:
        self.session.add_run(record)
        model, tokenizer = record.loaded or (None, None)
        self.session.select_run(record, model, tokenizer)
        self.status_message.emit(self.tr("Opened the run {name}.").format(name=record.name))

    def _failed(self, message: str) -> None:
        self.error.setText(translate_core(message))
        self.error.show()

    def use_selected(self) -> None:
        records = self.selected_records()
        if not records:
            return
        loaded = load_run_for_generation(records[0])
        if isinstance(loaded, str):
            self._failed(loaded)
            return
        self.session.select_run(records[0], *loaded)
        self.open_in_generate.emit()

    def export_run(self, record: RunRecord, target: Path) -> None:
        if record.folder is None:
            return
        from lmstudio_app.core.runs.paths import copy_run_folder

        self.error.hide()
        try:
            # Regular files and real folders only, never through a link, into a temporary
            # folder renamed into place: a failure leaves nothing half-copied at the target.
            copy_run_folder(record.folder, target)
        except StudioError as exc:
            self._failed(exc.message)
            return
        self.status_message.emit(self.tr("Copied the run to {target}.").format(target=target))

    def export_selected(self) -> None:
        records = self.selected_records()
        if not records or records[0].folder is None:
            return
        target = QFileDialog.getExistingDirectory(
            self, self.tr("Export run into folder"), str(Path.home())
        )
        if target:
            self.export_run(records[0], Path(target) / records[0].folder.name)

    def remove_selected(self) -> None:
        for record in self.selected_records():
            self.session.remove_run(record)

    def delete_selected(self) -> None:
        records = [r for r in self.selected_records() if r.folder is not None]
        if not records:
            return
        from lmstudio_app.core.runs.lock import lock_is_live

        busy = [r for r in records if lock_is_live(r.folder)]  # type: ignore[arg-type]
        if busy:
            # Deleting the folder under a running training would lose the run and make the
            # trainer fail at its next save: refused, in plain words.
            self._failed(
                self.tr(
                    "“{name}” is being trained by this or another window or program. Stop "
                    "its training before deleting it."
                ).format(name=busy[0].name)
            )
            return
        self.error.hide()
        answer = QMessageBox.question(
            self,
            self.tr("Delete runs"),
            self.tr("Delete {count} run folder(s) from the disk? This cannot be undone.").format(
                count=len(records)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        for record in records:
            try:
                shutil.rmtree(record.folder)  # type: ignore[arg-type]
            except OSError as exc:
                self._failed(str(exc))
                continue
            self.session.remove_run(record)

    # ---- settings kept between sessions

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("runs/x_axis", self.x_axis())

    def restore_settings(self, settings: QSettings) -> None:
        self.set_x_axis(str(settings.value("runs/x_axis", STEPS)))

    def shutdown(self) -> None:
        self.loader.cancel_and_wait()
        if getattr(self, "experiment_dialog", None) is not None:
            self.experiment_dialog.done(0)  # stops an experiment in progress
