"""Step 4, Train: start, pause, resume and stop training; watch the loss fall and the text improve.

Neural training runs core's jobs (`core.runs.jobs`, wrapped in train_work.py) inside an
EventPump (a QThread); their events arrive here in batches at most ten times a second. The
n-gram's counting runs in a TaskRunner and uses the same progress bar and log. What the page
shows of a run is train_display.py's.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout

from lmstudio_app.core.config import spec_to_dict
from lmstudio_app.ui.pages.base import Page, make_button
from lmstudio_app.ui.pages.batch_view import batch_view_button
from lmstudio_app.ui.pages.moved_text import where_the_text_is
from lmstudio_app.ui.pages.train_display import TrainDisplay
from lmstudio_app.ui.pages.train_lab import follow_selected_runs
from lmstudio_app.ui.pages.train_length import TrainingLength
from lmstudio_app.ui.pages.train_work import (
    ReloadedRun,
    RunHistory,
    new_run_events,
    new_run_folder,
    ngram_work,
    resume_events,
)
from lmstudio_app.ui.session import RunRecord, Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.workers import EventPump, TaskRunner

# A property of the session: true while a run trains or counts (pages built later see it too).
TRAINING_PROPERTY = "training"


class TrainPage(Page):
    LEARN_KEY = "train"
    run_finished = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.set_header(
            self.tr("Train"),
            self.tr(
                "Training shows the model the text again and again; each step nudges it to "
                "predict the next token a little better. Watch the loss fall: lower is better."
            ),
        )
        self.pump = EventPump(self)
        self.pump.events.connect(self._on_events)
        self.pump.failed.connect(self._on_failed)
        self.pump.finished.connect(self._on_pump_finished)
        self.pump.cancelled.connect(lambda: self._log(self.tr("Stopped before training began.")))
        self.counter = TaskRunner(self)
        self.counter.progress.connect(self._on_count_progress)
        self.counter.succeeded.connect(self._on_counted)
        self.counter.failed.connect(self._on_failed)
        self.counter.cancelled.connect(lambda: self._log(self.tr("Counting was stopped.")))
        self.counter.finished.connect(self._on_count_finished)
        self.trainer: Any = None  # core.training.Trainer, set from the worker thread
        self.folder: Path | None = None
        self.record: RunRecord | None = None
        self._started = 0.0
        self._last_step: Any = None
        self._stop_requested = threading.Event()
        self._reloaded: ReloadedRun | None = None  # set while a resumed run trains
        # The chosen run's folder when it stopped before its end and can go on (Resume).
        self._resumable: Path | None = None
        self._missing_shown = False  # the error says what Start lacked (cleared once there)

        # ---- controls
        controls = QHBoxLayout()
        self.start_button = make_button(
            self.tr("Start"), "Start training", self.tr("Start training a new model."), self.start
        )
        self.pause_button = make_button(
            self.tr("Pause"),
            "Pause training",
            self.tr("Pause training; nothing is lost and you can resume."),
            self.pause,
        )
        self.resume_button = make_button(
            self.tr("Resume"),
            "Resume training",
            self.tr("Go on training after a pause, or continue the chosen run where it stopped."),
            self.resume,
        )
        self.stop_button = make_button(
            self.tr("Stop"),
            "Stop training",
            self.tr("Stop training now. The model keeps what it has learned."),
            self.stop,
        )
        self.batch_button = batch_view_button(self)  # one batch as the trainer reads it
        for button in (self.start_button, self.pause_button, self.resume_button, self.stop_button,
                       self.batch_button):
            controls.addWidget(button)
        controls.addSpacing(12)
        # How long the run trains is set once, on the Model page; said here, read-only.
        self.length_line = TrainingLength(session)
        controls.addWidget(self.length_line, 1)
        self.body.addLayout(controls)

        self.display = TrainDisplay()
        self.body.addWidget(self.display, 1)
        # What the tests and the window look at directly.
        self.loss_plot, self.error = self.display.loss_plot, self.display.error
        session.run_selected.connect(self._refresh_resumable)
        follow_selected_runs(self)  # a past run opened: its curve, samples and note
        session.corpus_changed.connect(self._recheck_missing)
        session.tokenizer_changed.connect(self._recheck_missing)
        self._set_state("idle")

    # ---- state

    def readiness(self) -> tuple[bool, str]:
        if self.session.tokenizer is None:
            return False, self.tr("Build a tokenizer first.")
        if self.session.active_run is None:
            return False, self.tr("Nothing trained yet.")
        return True, ""

    def is_training(self) -> bool:
        return self.pump.is_running() or self.counter.is_running()

    def clear(self) -> None:
        """No curve, sample, figures or log of an earlier run (File > New)."""
        self.display.clear()
        self.display.log.clear()

    def _set_state(self, state: str) -> None:
        """idle, running, paused or counting: which buttons make sense."""
        self.state = state
        # Read by the Model page, whose settings then apply to the next run only.
        self.session.setProperty(TRAINING_PROPERTY, state != "idle")
        self.start_button.setEnabled(state == "idle")
        self.pause_button.setEnabled(state == "running")
        if state == "idle":
            self._refresh_resumable()
        self.resume_button.setEnabled(
            state == "paused" or (state == "idle" and self._resumable is not None)
        )
        self.stop_button.setEnabled(state in ("running", "paused", "counting"))

    def _refresh_resumable(self) -> None:
        """Whether the chosen run (trained here, or opened) stopped before its end and can go
        on: Resume continues it then (`core.runs.jobs.can_resume_run`)."""
        from lmstudio_app.core.runs.jobs import can_resume_run

        record = self.session.active_run
        folder = record.folder if record is not None else None
        self._resumable = folder if folder is not None and can_resume_run(folder) else None
        if getattr(self, "state", None) == "idle":
            self.resume_button.setEnabled(self._resumable is not None)

    def _log(self, text: str) -> None:
        self.display.log_line(text)

    # ---- start

    def _missing(self) -> str | None:
        """What Start still needs, the first step first: a text, then a tokenizer."""
        if self.session.corpus is None or self.session.splits is None:
            return self.tr("Choose a text on the Corpus page first.")
        if self.session.tokenizer is None:
            return self.tr("Build a tokenizer on the Tokenizer page first.")
        return None

    def _recheck_missing(self) -> None:
        """The message of what Start lacked follows the session: the next thing missing, or
        gone once nothing is."""
        if not self._missing_shown:
            return
        missing = self._missing()
        if missing is None:
            self._missing_shown = False
            self.error.hide()
        else:
            self._show_error(missing)

    def start(self) -> None:
        session = self.session
        missing = self._missing()
        if missing is not None:
            self._show_error(missing)
            self._missing_shown = True
            return
        if self.is_training():
            return
        self.display.clear()
        self.folder = new_run_folder(session.model_family)
        self._started = time.monotonic()
        self._reloaded = None
        if session.model_family == "ngram":
            self._start_ngram()
        else:
            self._start_neural()

    def _start_ngram(self) -> None:
        spec = self.session.model_spec
        assert self.folder is not None
        self._log(
            self.tr("Counting {order}-grams with {smoothing} smoothing…").format(
                order=spec.order, smoothing=spec.smoothing
            )
        )
        self._set_state("counting")
        self.counter.start(ngram_work(self.session, self.folder))

    def _start_neural(self) -> None:
        session, folder = self.session, self.folder
        assert folder is not None and session.tokenizer is not None
        self._stop_requested = threading.Event()
        # The Model page's settings, budget included: the same spec for the run and for the
        # record the Runs page shows.
        model_spec, train_spec = session.model_spec, session.train_spec
        events = new_run_events(
            session, folder, train_spec, self._stop_requested, self._set_trainer
        )
        self._log(self.display.training_line(model_spec, folder))
        self.record = RunRecord(
            name=folder.name,
            folder=folder,
            model_kind=model_spec.family,
            settings={
                "model": spec_to_dict(model_spec),
                "train": spec_to_dict(train_spec),
                "tokenizer": spec_to_dict(session.tokenizer.spec),
            },
            metrics={},
        )
        self._set_state("running")
        self.pump.start(events)

    def _set_trainer(self, trainer: Any) -> None:
        """The trainer a worker's job made (called from the worker thread)."""
        self.trainer = trainer

    # ---- resuming a run from its folder

    def resume_run(self, folder: str | Path) -> None:
        """Continue training the run in `folder` from its last checkpoint.

        In the background, as training itself (`core.runs.jobs.resume_neural_run`): read
        run.json and the run's tokenizer, read the text it was trained on again (refused if it
        changed), and train on. The plot starts with the run's curve up to the checkpoint.
        """
        if self.is_training():
            self._show_error(self.tr("Training is running. Stop it before resuming another run."))
            return
        folder = Path(folder)
        # A text no longer where it was recorded: asked for first; Cancel changes nothing.
        moved_to = where_the_text_is(self, folder, self._log)
        if moved_to is None:
            return
        self.display.clear()
        self.folder = folder
        self._started = time.monotonic()
        self._reloaded = None
        self.record = None
        self._stop_requested = threading.Event()
        # the run's own budget: it goes on to the end it was set to
        events = resume_events(folder, self._stop_requested, self._set_trainer, moved_to)
        self._log(self.tr("Resuming the run in {folder}…").format(folder=folder))
        self._set_state("running")
        self.pump.start(events)

    def _on_reloaded(self, reloaded: ReloadedRun) -> None:
        self._reloaded = reloaded
        folder = self.folder
        assert folder is not None
        self.record = RunRecord.from_run(folder, reloaded.run)

    def _on_history(self, history: RunHistory) -> None:
        self.display.show_history(history)
        if self.record is not None:
            self.record.train_curve = (list(history.train[0]), list(history.train[1]))
            self.record.valid_curve = (list(history.valid[0]), list(history.valid[1]))

    # ---- controls

    def pause(self) -> None:
        if self.trainer is not None:
            self.trainer.pause()
            self._set_state("paused")
            self._log(self.tr("Paused."))

    def resume(self) -> None:
        """Go on after a pause; or, when nothing trains, continue the chosen run that stopped
        before its end (stopped, quit, or cut off by a crash)."""
        if self.trainer is not None:
            self.trainer.resume()
            self._set_state("running")
            self._log(self.tr("Resumed."))
        elif self.state == "idle" and self._resumable is not None:
            self.resume_run(self._resumable)

    def stop(self) -> None:
        if self.counter.is_running():
            self.counter.cancel()
        self._stop_requested.set()
        if self.trainer is not None:
            self.trainer.cancel()
            self._log(self.tr("Stopping…"))

    def stop_and_wait(self, timeout_ms: int = 60_000) -> None:
        self.stop()
        self.pump.wait(timeout_ms)
        self.counter.wait(timeout_ms)

    def shutdown(self) -> None:
        self.stop_and_wait()

    # ---- neural events

    def _on_events(self, events: list[Any]) -> None:
        from lmstudio_app.core import training as t

        steps: list[int] = []
        losses: list[float] = []
        for event in events:
            if isinstance(event, ReloadedRun):
                self._on_reloaded(event)
            elif isinstance(event, RunHistory):
                self._on_history(event)
            elif isinstance(event, t.StepEvent):
                steps.append(event.step)
                losses.append(event.loss)
                self._last_step = event
            elif isinstance(event, t.EvalEvent):
                self.display.show_eval(event)
                if self.record is not None:
                    self.record.valid_curve[0].append(event.step)
                    self.record.valid_curve[1].append(event.valid_loss)
            elif isinstance(event, t.CheckpointEvent):
                self._log(self.tr("Saved a checkpoint at step {step}.").format(step=event.step))
            elif isinstance(event, t.PausedEvent):
                self._set_state("paused")
            elif isinstance(event, t.ResumedEvent):
                self._set_state("running")
            elif isinstance(event, t.FinishedEvent):
                reason = t.STOP_REASONS.get(event.reason, event.reason)
                # Stopped: the bar stays where training was, not full.
                self._finish(event.metrics, translate_core(reason),
                             complete=event.reason != "cancelled")
            elif isinstance(event, t.FailedEvent):
                self.display.show_error(event.message)
                failure = translate_core(event.message)
                self._log(self.tr("Training failed: {message}").format(message=failure))
                self._finish({}, None)
        if steps:
            self.display.show_steps(steps, losses, self._last_step)
            if self.record is not None:
                self.record.train_curve[0].extend(steps)
                self.record.train_curve[1].extend(losses)

    def _finish(
        self, metrics: dict[str, Any], reason: str | None, complete: bool = False
    ) -> None:
        self.display.end_progress(done=complete)
        self.display.lab.finished(self.folder, metrics)
        if reason is not None:
            self._log(self.tr("Finished: {reason}.").format(reason=reason))
        record = self.record
        trainer = self.trainer
        reloaded, self._reloaded = self._reloaded, None
        if reloaded is not None and reason is not None:
            # A resumed run: the session now holds its text and tokenizer, as after training.
            self.session.set_corpus(
                reloaded.corpus, reloaded.splits, reloaded.choice, reloaded.fractions
            )
            self.session.set_tokenizer(reloaded.tokenizer, None)
        if record is not None:
            record.metrics = dict(metrics)
            model = None
            if trainer is not None and trainer.model is not None:
                model = trainer.run_model()
            self.session.add_run(record)
            if model is not None:
                tokenizer = reloaded.tokenizer if reloaded is not None else self.session.tokenizer
                self.session.select_run(record, model, tokenizer)
        self.run_finished.emit()
        self.readiness_changed.emit()

    def _on_pump_finished(self) -> None:
        self.trainer = None
        self._set_state("idle")

    # ---- n-gram

    def _on_count_progress(self, fraction: float, message: str) -> None:
        elapsed = time.monotonic() - self._started
        self.display.show_count_progress(fraction, message, elapsed)

    def _on_counted(self, result: tuple[Any, dict[str, Any], str]) -> None:
        model, metrics, sample = result
        folder = self.folder
        assert folder is not None
        self.display.show_counted(metrics, sample)
        record = RunRecord(
            name=folder.name,
            folder=folder,
            model_kind="ngram",
            settings={
                "model": spec_to_dict(self.session.model_spec),
                "tokenizer": spec_to_dict(self.session.tokenizer.spec),
            },
            metrics=metrics,
        )
        self.record = None
        self.session.add_run(record)
        self.session.select_run(record, model, self.session.tokenizer)
        self.run_finished.emit()
        self.readiness_changed.emit()

    def _on_count_finished(self) -> None:
        self.display.progress.setFormat("%p%")
        self.display.end_progress(done=False)  # the time left goes; the bar stays
        self._set_state("idle")

    # ---- failures

    def _on_failed(self, message: str) -> None:
        self.display.show_error(message)
        self._log(message)
        self.display.end_progress(done=False)

    def _show_error(self, message: str) -> None:
        self.display.show_error(message)
