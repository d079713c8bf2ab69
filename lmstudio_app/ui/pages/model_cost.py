"""The Model page's "Size and cost": parameters, memory, and how long training takes.

Parameters and memory are core's formulas (`core.specs`), the very figures the trainer refuses
a model too large for the memory with. Time is a formula only until this computer has been
measured: once the training engine has loaded, and while the page shows a neural model for a
text and its tokenizer, a few steps of the real Trainer are timed in a worker thread
(`core.training.speed.measure_step_seconds`), and the time per epoch and for the whole run are
worked out from that (`epoch_seconds_from_step`, `run_seconds_estimate`). The formula said 68 s
per epoch where 107 s was measured; the measurement is what the user then sees.

Measuring costs a second or two of the processor, so it waits until the settings have stopped
changing, is done once per network and batch shape, is dropped when training starts (it
would slow training and time the two together) and only happens while the page shows.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from lmstudio_app.core.progress import format_duration
from lmstudio_app.core.specs import (
    epoch_seconds_estimate,
    epoch_seconds_from_step,
    model_parameters,
    run_seconds_estimate,
    training_memory_bytes,
)
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.workers import TaskRunner

# Settings typed in quick succession are measured once, this long after the last change.
MEASURE_DELAY_MS = 600
# Timed steps (after the warm-up ones), and at most this many seconds of them.
MEASURE_STEPS = 8
MEASURE_SECONDS = 3.0
# A figure keeps at least this many characters' width (see `CostBox._show`).
FIGURE_CHARS = 22
# The session property the Train page sets while a run trains.
TRAINING_PROPERTY = b"training"


def measurement_key(vocab_size: int, model: Any, train: Any) -> tuple[Any, ...]:
    """What a step's time depends on: the network, the batch's shape, the optimizer and where
    it runs. The learning rate, the schedule and the limits do not change it."""
    shape = (
        train.seq_len,
        train.batch_size,
        train.batching,
        train.optimizer,
        train.clip > 0,
        train.threads,
        train.device,
    )
    return (vocab_size, dataclasses.astuple(model), shape)


class CostBox(QGroupBox):
    """The figures, and the measurement of this computer behind the times."""

    def __init__(self, session: Session, format_count: Any, format_bytes: Any) -> None:
        super().__init__()
        self.setTitle(self.tr("Size and cost"))
        self.session = session
        self._format_count, self._format_bytes = format_count, format_bytes
        form = QFormLayout(self)
        # A figure too long for the room beside its title goes under it (the page in
        # presentation mode on a 1024x768 projector), instead of wrapping word by word.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        # The figures shown, as core computed them (empty for an n-gram, whose rough figures
        # are the page's own). "step_seconds" once this computer has been measured.
        self.estimates: dict[str, float] = {}
        for key, title, tip in [
            ("parameters", self.tr("Parameters"), self.tr("How many numbers the model learns.")),
            (
                "memory",
                self.tr("Memory while training"),
                self.tr("About how much memory training needs."),
            ),
            (
                "epoch",
                self.tr("Time per epoch"),
                self.tr(
                    "About how long one pass over the training text takes. An estimate: a few "
                    "training steps of this very model are timed on this computer; until then, "
                    "a rough guess from the model's size. The real speed is shown once "
                    "training starts."
                ),
            ),
            (
                "run",
                self.tr("Whole run"),
                self.tr(
                    "About how long the run trains, until the first of its limits (Steps, "
                    "Epochs, Time limit). Early stopping may end it sooner."
                ),
            ),
        ]:
            label = QLabel("–")
            # The n-gram's figures are sentences: unwrapped, they made the page scroll
            # sideways in presentation mode on a 1024x768 projector.
            label.setWordWrap(True)
            label.setAccessibleName(title)
            label.setToolTip(tip)
            self.labels[key] = label
            form.addRow(title + ":", label)
        self._measured: dict[tuple[Any, ...], float | None] = {}  # None: it failed
        self._wanted: tuple[Any, ...] | None = None  # the key of the settings shown
        self._work: dict[str, Any] = {}  # what to measure for `_wanted`
        self._running_key: tuple[Any, ...] | None = None
        self.failure = ""  # why the last measurement failed, if it did
        self._runner = TaskRunner(self)
        self._runner.succeeded.connect(self._on_measured)
        self._runner.failed.connect(self._on_failed)
        self._runner.finished.connect(self._on_runner_finished)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(MEASURE_DELAY_MS)
        self._delay.timeout.connect(self._measure)
        session.engine_loaded.connect(self._on_engine_loaded)
        session.installEventFilter(self)  # training starting or ending (a dynamic property)

    # ---- the figures

    def _show(self, key: str, text: str) -> None:
        """Show a figure. Its label is at least as wide as its first words: where that does not
        fit beside the title (presentation mode on a 1024x768 projector) the form puts it under
        the title, instead of wrapping it a word per line."""
        label = self.labels[key]
        label.setText(text)
        metrics = label.fontMetrics()
        label.setMinimumWidth(
            min(metrics.horizontalAdvance(text), metrics.horizontalAdvance("0" * FIGURE_CHARS))
        )

    def show_ngram(self, order: int, train_tokens: int) -> None:
        """An n-gram's rough figures: it counts, it has no steps to time."""
        self._wanted = None
        self.estimates = {}
        self._show(
            "parameters",
            self.tr("one count per distinct run of up to {n} tokens in the text").format(n=order),
        )
        memory = train_tokens * order * 8 * 3
        self._show(
            "memory",
            self.tr("about {size}").format(size=self._format_bytes(memory))
            if train_tokens
            else "–",
        )
        seconds = train_tokens * order / 5e6
        self._show(
            "epoch",
            self.tr("about {time} to count").format(time=format_duration(seconds))
            if train_tokens
            else "–",
        )
        self._show("run", self.tr("one pass over the text"))

    def show_network(self, model: Any, train: Any) -> None:
        """A neural model's figures for the session's tokenizer and text; its times measured
        on this computer when they have been, else a rough guess (and a measurement asked)."""
        tokenizer = self.session.tokenizer
        vocab = tokenizer.vocab_size if tokenizer is not None else 100
        stats = self.session.tokenizer_stats
        train_tokens = stats.tokens_per_split.get("train", 0) if stats else 0
        valid_tokens = stats.tokens_per_split.get("valid", 0) if stats else 0
        self.estimates = {
            "parameters": model_parameters(vocab, model),
            "memory": training_memory_bytes(vocab, model, train),
        }
        self._show("parameters", self._format_count(self.estimates["parameters"]))
        self._show(
            "memory",
            self.tr("about {size}").format(size=self._format_bytes(self.estimates["memory"])),
        )
        if tokenizer is None or not train_tokens:
            self._wanted = None
            self._show("epoch", self.tr("– (build a tokenizer first)"))
            self._show("run", "–")
            return
        key = measurement_key(vocab, model, train)
        self._wanted = key
        self._work = {"model": model, "train": train, "tokenizer": tokenizer}
        step = self._measured.get(key)
        if step is not None:
            epoch = epoch_seconds_from_step(step, train, train_tokens, valid_tokens)
            self.estimates["step_seconds"] = step
            measured = True
        else:
            epoch = epoch_seconds_estimate(vocab, model, train_tokens)
            measured = False
            if key not in self._measured:
                self._request()
        self.estimates["epoch_seconds"] = epoch
        time = format_duration(epoch)
        if measured:
            text = self.tr("about {time} (measured on this computer)").format(time=time)
        elif self.failure and key in self._measured:
            text = self.tr("roughly {time} (a rough guess: measuring failed)").format(time=time)
        elif self.session.engine_ready:
            text = self.tr("roughly {time} (a rough guess; measuring…)").format(time=time)
        else:
            text = self.tr("roughly {time} (a rough guess until measured)").format(time=time)
        self._show("epoch", text)
        self._show("run", self._run_text(epoch, train, train_tokens, measured))

    def _run_text(self, epoch: float, train: Any, train_tokens: int, measured: bool) -> str:
        whole = run_seconds_estimate(epoch, train, train_tokens)
        if whole is None:
            return self.tr("until you press Stop (no limit is set)")
        seconds, reason = whole
        self.estimates["run_seconds"] = seconds
        time = format_duration(seconds)
        if reason == "time":
            return self.tr("{time} (the time limit)").format(time=time)
        if reason == "steps":
            limit = self.tr("{count} steps").format(count=f"{train.max_steps:,}")
        else:
            limit = self.tr("{count} epochs").format(count=train.epochs)
        if measured:
            return self.tr("about {time} ({limit})").format(time=time, limit=limit)
        return self.tr("roughly {time} ({limit})").format(time=time, limit=limit)

    # ---- measuring

    def _can_measure(self) -> bool:
        return (
            self._wanted is not None
            and self._wanted not in self._measured
            and self.session.engine_ready
            and not self.session.property("training")
            and self.isVisible()
        )

    def _request(self) -> None:
        """Measure once the settings have rested (a new change starts the wait again)."""
        if self._can_measure():
            self._delay.start()

    def _on_engine_loaded(self) -> None:
        self._refresh_text()  # "measuring…" now, where it said "until measured"
        self._request()

    def _measure(self) -> None:
        if not self._can_measure():
            return
        if self._runner.is_running():
            # One measurement at a time: two at once would each time the other. The one
            # running is for older settings; it is cancelled, and this one starts after it.
            if self._running_key != self._wanted:
                self._runner.cancel()
            return
        key, work = self._wanted, dict(self._work)
        self._running_key = key

        def measure(progress: Any, cancel: Any) -> tuple[tuple[Any, ...], float]:
            from lmstudio_app.core.training.speed import measure_step_seconds

            seconds = measure_step_seconds(
                work["model"],
                work["train"],
                work["tokenizer"],
                steps=MEASURE_STEPS,
                max_seconds=MEASURE_SECONDS,
                cancel=cancel,
            )
            return key, seconds

        self._runner.start(measure)

    def _on_measured(self, result: tuple[tuple[Any, ...], float]) -> None:
        key, seconds = result
        self._measured[key] = seconds
        self.failure = ""
        if key == self._wanted:
            self._refresh_text()

    def _on_failed(self, message: str) -> None:
        if self._running_key is not None:
            self._measured[self._running_key] = None  # not measured again for these settings
        self.failure = message
        self._refresh_text()

    def _on_runner_finished(self) -> None:
        self._running_key = None
        self._request()  # the settings may have changed meanwhile

    def _refresh_text(self) -> None:
        work = self._work
        if work and self._wanted is not None:
            self.show_network(work["model"], work["train"])

    def shutdown(self) -> None:
        self._delay.stop()
        self._runner.cancel_and_wait()

    # ---- the page showing, training starting and ending

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._request()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.session
            and event.type() == QEvent.Type.DynamicPropertyChange
            and bytes(event.propertyName()) == TRAINING_PROPERTY  # type: ignore[attr-defined]
        ):
            if self.session.property("training"):
                self._delay.stop()
                self._runner.cancel()
            else:
                self._request()
        return False
