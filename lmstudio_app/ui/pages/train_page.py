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
from dataclasses import dataclass, field
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
    QWidget,
)

from lmstudio_app.core.appdirs import user_data_dir
from lmstudio_app.core.config import spec_to_dict
from lmstudio_app.core.progress import format_duration
from lmstudio_app.core.runs import read_metrics
from lmstudio_app.ui.pages.base import (
    Growing,
    Page,
    error_label,
    info_label,
    make_button,
    show_progress,
)
from lmstudio_app.ui.session import RunRecord, Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.loss_plot import LossPlot
from lmstudio_app.ui.widgets.side_by_side import SideBySide
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


@dataclass
class _History:
    """A resumed run's curves up to its checkpoint, so the plot continues where it was."""

    train: tuple[list[int], list[float]] = field(default_factory=lambda: ([], []))
    valid: tuple[list[int], list[float]] = field(default_factory=lambda: ([], []))


@dataclass
class _Reloaded:
    """What resuming read again in the worker: the run's text, its parts and its tokenizer."""

    run: dict[str, Any]
    corpus: Any
    splits: Any
    tokenizer: Any
    choice: Any
    fractions: tuple[float, ...] | None


def _with_fingerprints(corpus_info: dict[str, Any], corpus: Any, splits: Any) -> dict[str, Any]:
    """run.json's corpus record with the fingerprints resuming checks (computed in a worker:
    hashing a large text takes a moment)."""
    from lmstudio_app.core.resume import split_fingerprints, with_file_fingerprints

    info = dict(corpus_info)
    if corpus is not None:
        info["fingerprint"] = corpus.fingerprint
    info["fingerprints"] = split_fingerprints(splits)
    if isinstance(info.get("source"), dict):  # each file's, so a resume reads only those
        info["source"] = with_file_fingerprints(info["source"])
    return info


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
        self._reloaded: _Reloaded | None = None  # set while a resumed run trains

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

        # The plot, with the sample and the log beside it: on a projector's 768 lines the whole
        # curve, its axis included, shows under the explanation without scrolling.
        self.loss_plot = LossPlot()
        sample_box = QGroupBox(self.tr("What the model writes now"))
        sample_layout = QVBoxLayout(sample_box)
        self.sample = QPlainTextEdit()
        self.sample.setReadOnly(True)
        self.sample.setAccessibleName("Training sample")
        self.sample.setToolTip(
            self.tr("A short text the model wrote at the last check. Watch it improve.")
        )
        sample_layout.addWidget(Growing(self.sample, lines=4))
        self.metrics_label = info_label()
        sample_layout.addWidget(self.metrics_label)
        log_box = QGroupBox(self.tr("Log"))
        log_layout = QVBoxLayout(log_box)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(LOG_LINES)
        self.log.setAccessibleName("Training log")
        self.log.setToolTip(self.tr("What happened during training, step by step."))
        log_layout.addWidget(Growing(self.log, lines=3))
        beside = QWidget()
        beside_layout = QVBoxLayout(beside)
        beside_layout.setContentsMargins(0, 0, 0, 0)
        beside_layout.addWidget(sample_box, 3)
        beside_layout.addWidget(log_box, 2)
        display = SideBySide()
        display.add(Growing(self.loss_plot, 280), 2)
        display.add(beside, 1)
        self.body.addWidget(display, 1)
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

    def _clear_display(self) -> None:
        """Empty the plot, sample, figures and progress for a run that starts or resumes."""
        self.error.hide()
        self.loss_plot.clear()
        self.sample.clear()
        self.metrics_label.clear()
        for label in self.figure_labels.values():
            label.clear()
        self.progress.setValue(0)

    def start(self) -> None:
        session = self.session
        if session.tokenizer is None or session.splits is None:
            self._show_error(self.tr("Build a tokenizer on the Tokenizer page first."))
            return
        if self.is_training():
            return
        self._clear_display()
        family = session.model_family
        self.folder = new_run_folder(family)
        self._started = time.monotonic()
        choice = session.corpus_choice
        corpus_info: dict[str, Any] = {
            **choice.describe(),
            "name": session.corpus.name if session.corpus else "",
            "split_method": session.splits.method,
        }
        if choice.sample or choice.paths:
            # What resuming needs to read and split the same text again (core.resume).
            from lmstudio_app.core.resume import corpus_source, split_text

            fractions = session.split_fractions
            corpus_info["source"] = corpus_source(
                files=list(choice.paths),
                sample=choice.sample,
                encoding=choice.encoding,
                split=split_text(fractions) if fractions else None,
                split_method=session.splits.method,
                fingerprint_files=False,  # hashed in the worker (_with_fingerprints)
            )
        self._reloaded = None
        if family == "ngram":
            self._start_ngram(corpus_info)
        else:
            self._start_neural(corpus_info)

    def _start_ngram(self, corpus_info: dict[str, Any]) -> None:
        from lmstudio_app.core.models.ngram import train_to_run

        session = self.session
        spec, tokenizer, folder = session.model_spec, session.tokenizer, self.folder
        corpus, whole_splits = session.corpus, session.splits
        splits = dict(whole_splits.items())  # type: ignore[union-attr]
        self._log(
            self.tr("Counting {order}-grams with {smoothing} smoothing…").format(
                order=spec.order, smoothing=spec.smoothing
            )
        )

        def work(progress: Callable, cancel: Callable) -> tuple[Any, dict[str, Any]]:
            info = _with_fingerprints(corpus_info, corpus, whole_splits)
            return train_to_run(folder, spec, tokenizer, splits, info, progress, cancel)

        self._set_state("counting")
        self.counter.start(work)

    def _start_neural(self, corpus_info: dict[str, Any]) -> None:
        session = self.session
        model_spec, train_spec = session.model_spec, session.train_spec
        if self.max_steps.value():
            train_spec = dataclasses.replace(train_spec, max_steps=self.max_steps.value())
        tokenizer, splits, folder = session.tokenizer, session.splits, self.folder
        corpus = session.corpus
        self._stop_requested = stop_requested = threading.Event()

        def events() -> Iterator[Any]:
            from lmstudio_app.core.data import encode_splits
            from lmstudio_app.core.specs import check_corpus_length, check_specs
            from lmstudio_app.core.training import Trainer, create_run

            data = encode_splits(tokenizer, splits, cancel=stop_requested.is_set)
            # refuse bad settings before a run folder is created for them
            check_specs(model_spec, train_spec)
            check_corpus_length(train_spec, int(data.train.size))
            info = _with_fingerprints(corpus_info, corpus, splits)
            create_run(folder, model_spec, train_spec, tokenizer, info)
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

    # ---- resuming a run from its folder

    def resume_run(self, folder: str | Path) -> None:
        """Continue training the run in `folder` from its last checkpoint.

        In the background, as training itself: read run.json and the run's tokenizer, read
        the text it was trained on again (refused if it changed), and run the Trainer with
        `resume=True`. The plot starts with the run's curve up to the checkpoint.
        """
        if self.is_training():
            self._show_error(self.tr("Training is running. Stop it before resuming another run."))
            return
        folder = Path(folder)
        self._clear_display()
        self.folder = folder
        self._started = time.monotonic()
        self._reloaded = None
        self.record = None
        self._stop_requested = stop_requested = threading.Event()
        max_steps = self.max_steps.value()  # 0: the run's own budget

        def events() -> Iterator[Any]:
            from lmstudio_app.core.data import encode_splits
            from lmstudio_app.core.errors import RunFolderError
            from lmstudio_app.core.resume import reload_corpus, source_of_run, split_fractions
            from lmstudio_app.core.runlock import lock_is_live
            from lmstudio_app.core.runs import load_run_tokenizer, read_run_json
            from lmstudio_app.core.specs import FAMILIES
            from lmstudio_app.core.training import Trainer, specs_from_run
            from lmstudio_app.ui.session import CorpusChoice

            run = read_run_json(folder)
            if lock_is_live(folder):
                # Said before the text is read again (which may take a while); the trainer's
                # own lock still decides if two start at the same moment. This also covers a
                # second window of this same process, whose lock would otherwise nest.
                raise RunFolderError("run_locked", path=str(folder))
            if run.get("model_kind") not in FAMILIES:
                raise RunFolderError("no_checkpoint", path=str(folder))
            tokenizer = load_run_tokenizer(folder, run)
            model_spec, train_spec = specs_from_run(folder, run)
            if max_steps:  # a larger (or smaller) budget, as `train --resume --max-steps`
                train_spec = dataclasses.replace(train_spec, max_steps=max_steps)
            corpus, splits = reload_corpus(run, folder, cancel=stop_requested.is_set)
            source = source_of_run(run, folder)
            choice = CorpusChoice(
                sample=source.get("sample"),
                paths=list(source.get("files") or []),
                encoding=source.get("encoding"),
            )
            fractions = None if splits.method == "files" else split_fractions(source)
            yield _Reloaded(run, corpus, splits, tokenizer, choice, fractions)
            data = encode_splits(tokenizer, splits, cancel=stop_requested.is_set)
            trainer = Trainer(model_spec, train_spec, tokenizer, data, folder, resume=True)
            self.trainer = trainer
            if stop_requested.is_set():
                trainer.cancel()
            stream = trainer.run()
            # The first event comes once the trainer holds the lock and has gone back to its
            # checkpoint (metrics.jsonl cut there): the curve up to that point is the history.
            first = next(stream, None)
            if first is None:
                return
            first_step = getattr(first, "step", 0)
            train_curve, valid_curve = load_curves(folder)
            history = _History(
                _before(train_curve, first_step), _before(valid_curve, first_step)
            )
            from lmstudio_app.core.training import FailedEvent

            if not isinstance(first, FailedEvent):
                yield history
            yield first
            yield from stream

        self._log(self.tr("Resuming the run in {folder}…").format(folder=folder))
        self._set_state("running")
        self.pump.start(events)

    def _on_reloaded(self, reloaded: _Reloaded) -> None:
        self._reloaded = reloaded
        folder = self.folder
        assert folder is not None
        self.record = RunRecord.from_run(folder, reloaded.run)

    def _on_history(self, history: _History) -> None:
        train_steps, train_losses = history.train
        if train_steps:
            self.loss_plot.append_train(
                np.asarray(train_steps), np.asarray(train_losses, dtype=np.float64)
            )
        for step, loss in zip(*history.valid, strict=True):
            self.loss_plot.append_valid(step, loss)
        if self.record is not None:
            self.record.train_curve = (list(train_steps), list(train_losses))
            self.record.valid_curve = (list(history.valid[0]), list(history.valid[1]))
        if train_steps:
            self._log(
                self.tr("Continuing from step {step}.").format(step=train_steps[-1])
            )

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
            if isinstance(event, _Reloaded):
                self._on_reloaded(event)
            elif isinstance(event, _History):
                self._on_history(event)
            elif isinstance(event, t.StepEvent):
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


def _before(
    curve: tuple[list[int], list[float]], step: int
) -> tuple[list[int], list[float]]:
    """The points of a curve before `step`."""
    kept = [(s, v) for s, v in zip(*curve, strict=True) if s < step]
    return [s for s, _ in kept], [v for _, v in kept]


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
