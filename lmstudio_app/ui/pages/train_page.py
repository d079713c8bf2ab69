"""Step 4, Train: start, pause, resume and stop training; watch the loss fall and the text improve.

Neural training runs core's Trainer inside an EventPump (a QThread); its events arrive here
in batches at most ten times a second. The n-gram's counting runs in a TaskRunner and uses
the same progress bar and log.
"""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
)

from lmstudio_app.commands.common import format_duration
from lmstudio_app.core.appdirs import user_data_dir
from lmstudio_app.core.config import spec_to_dict
from lmstudio_app.core.runs import read_metrics
from lmstudio_app.ui.pages.base import Page, error_label, info_label, make_button, show_progress
from lmstudio_app.ui.session import RunRecord, Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.loss_plot import LossPlot
from lmstudio_app.ui.workers import EventPump, TaskRunner

LOG_LINES = 2000


def runs_folder() -> Path:
    from PySide6.QtCore import QSettings

    stored = QSettings("LanguageModelStudio", "Language Model Studio").value("runs_folder")
    return Path(str(stored)) if stored else user_data_dir() / "runs"


def new_run_folder(family: str) -> Path:
    base = runs_folder()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    folder = base / f"{stamp}-{family}"
    suffix = 2
    while folder.exists():
        folder = base / f"{stamp}-{family}-{suffix}"
        suffix += 1
    return folder


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
            self.tr("Go on training after a pause."),
            self.resume,
        )
        self.stop_button = make_button(
            self.tr("Stop"),
            "Stop training",
            self.tr("Stop training now. The model keeps what it has learned."),
            self.stop,
        )
        for button in (self.start_button, self.pause_button, self.resume_button, self.stop_button):
            controls.addWidget(button)
        controls.addSpacing(20)
        controls.addWidget(QLabel(self.tr("Max training steps:")))
        self.max_steps = QSpinBox()
        self.max_steps.setAccessibleName("Max training steps")
        self.max_steps.setToolTip(
            self.tr(
                "Stop after this many steps (0: use the time limit and epochs from the Model page)."
            )
        )
        self.max_steps.setRange(0, 10_000_000)
        self.max_steps.setSpecialValueText(self.tr("no limit"))
        self.max_steps.setSingleStep(100)
        controls.addWidget(self.max_steps)
        controls.addStretch(1)
        self.body.addLayout(controls)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Training progress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.body.addWidget(self.progress)
        figures = QHBoxLayout()
        self.figure_labels: dict[str, QLabel] = {}
        for key, tip in [
            ("step", self.tr("How many updates the model has had.")),
            ("epoch", self.tr("How many times the model has read the whole training text.")),
            (
                "loss",
                self.tr(
                    "How surprised the model is by the next token, on average: lower is better."
                ),
            ),
            ("speed", self.tr("How many tokens the model reads per second.")),
            ("eta", self.tr("About how long until training ends.")),
        ]:
            label = QLabel("")
            label.setAccessibleName(f"Training {key}")
            label.setToolTip(tip)
            self.figure_labels[key] = label
            figures.addWidget(label)
        figures.addStretch(1)
        self.body.addLayout(figures)
        self.error = error_label()
        self.body.addWidget(self.error)

        self.loss_plot = LossPlot()
        self.loss_plot.setMinimumHeight(300)
        self.body.addWidget(self.loss_plot, 3)

        lower = QHBoxLayout()
        sample_box = QGroupBox(self.tr("What the model writes now"))
        sample_layout = QVBoxLayout(sample_box)
        self.sample = QPlainTextEdit()
        self.sample.setReadOnly(True)
        self.sample.setAccessibleName("Training sample")
        self.sample.setToolTip(
            self.tr("A short text the model wrote at the last check. Watch it improve.")
        )
        sample_layout.addWidget(self.sample)
        self.metrics_label = info_label()
        sample_layout.addWidget(self.metrics_label)
        log_box = QGroupBox(self.tr("Log"))
        log_layout = QVBoxLayout(log_box)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setAccessibleName("Training log")
        self.log.setToolTip(self.tr("What happened during training, step by step."))
        log_layout.addWidget(self.log)
        lower.addWidget(sample_box, 1)
        lower.addWidget(log_box, 1)
        self.body.addLayout(lower, 2)
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

    def _set_state(self, state: str) -> None:
        """idle, running, paused or counting: which buttons make sense."""
        self.state = state
        self.start_button.setEnabled(state == "idle")
        self.pause_button.setEnabled(state == "running")
        self.resume_button.setEnabled(state == "paused")
        self.stop_button.setEnabled(state in ("running", "paused", "counting"))
        self.max_steps.setEnabled(state == "idle")

    def _log(self, text: str) -> None:
        self.log.appendPlainText(f"[{time.strftime('%H:%M:%S')}] {text}")

    # ---- start

    def start(self) -> None:
        session = self.session
        if session.tokenizer is None or session.splits is None:
            self._show_error(self.tr("Build a tokenizer on the Tokenizer page first."))
            return
        if self.is_training():
            return
        self.error.hide()
        self.loss_plot.clear()
        self.sample.clear()
        self.metrics_label.clear()
        for label in self.figure_labels.values():
            label.clear()
        self.progress.setValue(0)
        family = session.model_family
        self.folder = new_run_folder(family)
        self._started = time.monotonic()
        corpus_info = {
            **session.corpus_choice.describe(),
            "name": session.corpus.name if session.corpus else "",
            "fingerprint": session.corpus.fingerprint if session.corpus else "",
            "split_method": session.splits.method,
        }
        if family == "ngram":
            self._start_ngram(corpus_info)
        else:
            self._start_neural(corpus_info)

    def _start_ngram(self, corpus_info: dict[str, Any]) -> None:
        from lmstudio_app.core.models.ngram import train_to_run

        session = self.session
        spec, tokenizer, folder = session.model_spec, session.tokenizer, self.folder
        splits = dict(session.splits.items())  # type: ignore[union-attr]
        self._log(
            self.tr("Counting {order}-grams with {smoothing} smoothing…").format(
                order=spec.order, smoothing=spec.smoothing
            )
        )

        def work(progress: Callable, cancel: Callable) -> tuple[Any, dict[str, Any]]:
            return train_to_run(folder, spec, tokenizer, splits, corpus_info, progress, cancel)

        self._set_state("counting")
        self.counter.start(work)

    def _start_neural(self, corpus_info: dict[str, Any]) -> None:
        session = self.session
        model_spec, train_spec = session.model_spec, session.train_spec
        if self.max_steps.value():
            train_spec = dataclasses.replace(train_spec, max_steps=self.max_steps.value())
        tokenizer, splits, folder = session.tokenizer, session.splits, self.folder
        self._stop_requested = stop_requested = threading.Event()

        def events() -> Iterator[Any]:
            from lmstudio_app.core.data import encode_splits
            from lmstudio_app.core.specs import check_corpus_length, check_specs
            from lmstudio_app.core.training import Trainer, create_run

            data = encode_splits(tokenizer, splits, cancel=stop_requested.is_set)
            # refuse bad settings before a run folder is created for them
            check_specs(model_spec, train_spec)
            check_corpus_length(train_spec, int(data.train.size))
            create_run(folder, model_spec, train_spec, tokenizer, corpus_info)
            trainer = Trainer(model_spec, train_spec, tokenizer, data, folder)
            self.trainer = trainer
            if stop_requested.is_set():  # Stop was pressed before the trainer existed
                trainer.cancel()
            yield from trainer.run()

        self._log(
            self.tr(
                "Training a {family} ({hidden} hidden, {layers} layer(s)) into {folder}"
            ).format(
                family=model_spec.family.upper(),
                hidden=model_spec.hidden_size,
                layers=model_spec.layers,
                folder=folder,
            )
        )
        self.record = RunRecord(
            name=folder.name,
            folder=folder,
            model_kind=model_spec.family,
            settings={
                "model": spec_to_dict(model_spec),
                "train": spec_to_dict(train_spec),
                "tokenizer": spec_to_dict(tokenizer.spec),
            },
            metrics={},
        )
        self._set_state("running")
        self.pump.start(events)

    # ---- controls

    def pause(self) -> None:
        if self.trainer is not None:
            self.trainer.pause()
            self._set_state("paused")
            self._log(self.tr("Paused."))

    def resume(self) -> None:
        if self.trainer is not None:
            self.trainer.resume()
            self._set_state("running")
            self._log(self.tr("Resumed."))

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
            if isinstance(event, t.StepEvent):
                steps.append(event.step)
                losses.append(event.loss)
                self._last_step = event
            elif isinstance(event, t.EvalEvent):
                self.loss_plot.append_valid(event.step, event.valid_loss)
                self.sample.setPlainText(event.sample)
                self.metrics_label.setText(
                    self.tr(
                        "Validation: loss {loss:.3f} nats per token · perplexity {ppl:.2f} · "
                        "{bpc:.3f} bits per character"
                    ).format(loss=event.valid_loss, ppl=event.perplexity, bpc=event.bits_per_char)
                )
                self._log(
                    self.tr(
                        "Step {step}: validation loss {loss:.3f} (perplexity {ppl:.1f}){best}"
                    ).format(
                        step=event.step,
                        loss=event.valid_loss,
                        ppl=event.perplexity,
                        best=self.tr(", the best so far") if event.best else "",
                    )
                )
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
                self._finish(event.metrics, translate_core(reason))
            elif isinstance(event, t.FailedEvent):
                self._show_error(event.message)
                failure = translate_core(event.message)
                self._log(self.tr("Training failed: {message}").format(message=failure))
                self._finish({}, None)
        if steps:
            self.loss_plot.append_train(np.asarray(steps), np.asarray(losses, dtype=np.float64))
            if self.record is not None:
                self.record.train_curve[0].extend(steps)
                self.record.train_curve[1].extend(losses)
            self._show_step(self._last_step)

    def _show_step(self, event: Any) -> None:
        self.figure_labels["step"].setText(self.tr("step {step:,}").format(step=event.step))
        self.figure_labels["epoch"].setText(self.tr("epoch {epoch:.2f}").format(epoch=event.epoch))
        if math.isfinite(event.loss):
            self.figure_labels["loss"].setText(self.tr("loss {loss:.3f}").format(loss=event.loss))
        self.figure_labels["speed"].setText(
            self.tr("{speed:,.0f} tokens/s").format(speed=event.tokens_per_s)
        )
        if event.progress is not None and event.progress > 0:
            self.progress.setValue(int(min(event.progress, 1.0) * 1000))
            remaining = event.elapsed / event.progress * (1 - event.progress)
            self.figure_labels["eta"].setText(
                self.tr("about {time} left").format(time=format_duration(remaining))
            )
        else:
            self.progress.setRange(0, 0)

    def _finish(self, metrics: dict[str, Any], reason: str | None) -> None:
        self.progress.setRange(0, 1000)
        if reason is not None:
            self.progress.setValue(1000)
            self._log(self.tr("Finished: {reason}.").format(reason=reason))
        record = self.record
        trainer = self.trainer
        if record is not None:
            record.metrics = dict(metrics)
            model = None
            if trainer is not None and trainer.model is not None:
                model = trainer.run_model()
            self.session.add_run(record)
            if model is not None:
                self.session.select_run(record, model, self.session.tokenizer)
        self.run_finished.emit()
        self.readiness_changed.emit()

    def _on_pump_finished(self) -> None:
        self.trainer = None
        self._set_state("idle")

    # ---- n-gram

    def _on_count_progress(self, fraction: float, message: str) -> None:
        show_progress(self.progress, fraction, translate_core(message))
        if fraction > 0.02:
            elapsed = time.monotonic() - self._started
            remaining = elapsed / fraction * (1 - fraction)
            self.figure_labels["eta"].setText(
                self.tr("about {time} left").format(time=format_duration(remaining))
            )

    def _on_counted(self, result: tuple[Any, dict[str, Any]]) -> None:
        model, metrics = result
        folder = self.folder
        assert folder is not None
        lines = [
            self.tr("Counted {tokens:,} tokens in {seconds:.1f} s.").format(
                tokens=metrics.get("train_tokens", 0), seconds=metrics.get("build_seconds", 0.0)
            )
        ]
        for name in ("valid", "test"):
            if f"{name}_perplexity" in metrics:
                lines.append(
                    self.tr("{part} perplexity: {ppl:.2f}").format(
                        part=self.tr("Validation") if name == "valid" else self.tr("Test"),
                        ppl=metrics[f"{name}_perplexity"],
                    )
                )
        for line in lines:
            self._log(line)
        self.metrics_label.setText(" · ".join(lines))
        if "valid_loss" in metrics:
            self.loss_plot.append_valid(0, metrics["valid_loss"])
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
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        self.run_finished.emit()
        self.readiness_changed.emit()

    def _on_count_finished(self) -> None:
        self.progress.setFormat("%p%")
        self._set_state("idle")

    # ---- failures

    def _on_failed(self, message: str) -> None:
        self._show_error(message)
        self._log(message)
        self.progress.setRange(0, 1000)

    def _show_error(self, message: str) -> None:
        self.error.setText(translate_core(message))
        self.error.show()


def load_curves(
    folder: Path,
) -> tuple[tuple[list[int], list[float]], tuple[list[int], list[float]]]:
    """Train and validation curves from a run's metrics.jsonl."""
    train: tuple[list[int], list[float]] = ([], [])
    valid: tuple[list[int], list[float]] = ([], [])
    for record in read_metrics(folder):
        step = record.get("step")
        if not isinstance(step, int):
            continue
        if "loss" in record and record.get("kind") == "train":
            train[0].append(step)
            train[1].append(float(record["loss"]))
        if "valid_loss" in record:
            valid[0].append(step)
            valid[1].append(float(record["valid_loss"]))
    return train, valid
