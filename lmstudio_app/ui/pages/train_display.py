"""What the Train page shows of a run: progress, figures, the loss curve, the text the model
writes now, and a log. It only shows; the page decides what happens."""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.progress import format_duration
from lmstudio_app.ui.pages.base import Growing, error_label, info_label, show_progress
from lmstudio_app.ui.pages.train_lab import TrainLab
from lmstudio_app.ui.pages.train_work import RunHistory
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.loss_plot import LossPlot
from lmstudio_app.ui.widgets.order_bars import OrderBars
from lmstudio_app.ui.widgets.side_by_side import SideBySide

LOG_LINES = 2000


class TrainDisplay(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Training progress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
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
        layout.addLayout(figures)
        self.error = error_label()
        layout.addWidget(self.error)

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
        # The overfitting lab: its note above the chart, its slider under the sample.
        self.lab = TrainLab(self.loss_plot, self.sample)
        sample_layout.addWidget(self.lab.replay)
        layout.insertWidget(layout.indexOf(self.error) + 1, self.lab.note)
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
        # An n-gram is counted in one go: no curve, but what each order counted and predicts.
        self.order_bars = OrderBars()
        self.chart = QStackedWidget()
        self.chart.addWidget(self.loss_plot)
        self.chart.addWidget(self.order_bars)
        display = SideBySide()
        display.add(Growing(self.chart, 280), 2)
        display.add(beside, 1)
        layout.addWidget(display, 1)

    def training_line(self, model_spec: Any, folder: Path) -> str:
        """"Training an LSTM (512 hidden units, 1 layer) into …": an RNN, an LSTM (the letters
        are said "ar", "el"), a GRU; one layer, two layers."""
        family = model_spec.family.upper()
        layers = (
            self.tr("1 layer")
            if model_spec.layers == 1
            else self.tr("{count} layers").format(count=model_spec.layers)
        )
        if family == "GPT":  # a transformer has no hidden units: its width and heads
            return self.tr(
                "Training a GPT ({width} wide, {heads} heads, {layers}) into {folder}"
            ).format(
                width=model_spec.embed_dim, heads=model_spec.heads, layers=layers, folder=folder
            )
        if family[:1] in ("R", "L"):
            template = self.tr(
                "Training an {family} ({hidden} hidden units, {layers}) into {folder}"
            )
        else:
            template = self.tr(
                "Training a {family} ({hidden} hidden units, {layers}) into {folder}"
            )
        return template.format(
            family=family, hidden=model_spec.hidden_size, layers=layers, folder=folder
        )

    def log_line(self, text: str) -> None:
        self.log.appendPlainText(f"[{time.strftime('%H:%M:%S')}] {text}")

    def clear(self) -> None:
        """Empty the plot, sample, figures and progress for a run that starts or resumes."""
        self.error.hide()
        self.loss_plot.clear()
        self.lab.clear()
        self.chart.setCurrentWidget(self.loss_plot)
        self.sample.clear()
        self.metrics_label.clear()
        for label in self.figure_labels.values():
            label.clear()
        self.progress.setValue(0)

    def show_error(self, message: str) -> None:
        self.error.setText(translate_core(message))
        self.error.show()

    def end_progress(self, done: bool) -> None:
        """Work over: the progress bar back to a fraction, full when the work was all done and
        left where it was when stopped; no time left to show."""
        self.progress.setRange(0, 1000)
        if done:
            self.progress.setValue(1000)
        self.figure_labels["eta"].clear()

    # ---- neural training

    def show_history(self, history: RunHistory) -> None:
        train_steps, train_losses = history.train
        if train_steps:
            self.loss_plot.append_train(
                np.asarray(train_steps), np.asarray(train_losses, dtype=np.float64)
            )
        self.lab.add_steps(list(train_steps), list(train_losses))
        for step, loss in zip(*history.valid, strict=True):
            self.loss_plot.append_valid(step, loss)
            self.lab.add_eval(step, loss, "")
        if train_steps:
            self.log_line(
                self.tr("Continuing from step {step}.").format(step=train_steps[-1])
            )

    def show_steps(self, steps: list[int], losses: list[float], last: Any) -> None:
        self.loss_plot.append_train(np.asarray(steps), np.asarray(losses, dtype=np.float64))
        self.lab.add_steps(steps, losses)
        self.figure_labels["step"].setText(self.tr("step {step:,}").format(step=last.step))
        self.figure_labels["epoch"].setText(self.tr("epoch {epoch:.2f}").format(epoch=last.epoch))
        if math.isfinite(last.loss):
            self.figure_labels["loss"].setText(self.tr("loss {loss:.3f}").format(loss=last.loss))
        self.figure_labels["speed"].setText(
            self.tr("{speed:,.0f} tokens/s").format(speed=last.tokens_per_s)
        )
        if last.progress is not None and last.progress > 0:
            self.progress.setValue(int(min(last.progress, 1.0) * 1000))
            remaining = last.elapsed / last.progress * (1 - last.progress)
            self._show_eta(remaining)
        else:
            self.progress.setRange(0, 0)

    def show_eval(self, event: Any) -> None:
        self.loss_plot.append_valid(event.step, event.valid_loss)
        self.sample.setPlainText(event.sample)
        self.lab.add_eval(event.step, event.valid_loss, event.sample)
        self.metrics_label.setText(
            self.tr(
                "Validation: loss {loss:.3f} nats per token · perplexity {ppl:.2f} · "
                "{bpc:.3f} bits per character"
            ).format(loss=event.valid_loss, ppl=event.perplexity, bpc=event.bits_per_char)
        )
        self.log_line(
            self.tr(
                "Step {step}: validation loss {loss:.3f} (perplexity {ppl:.1f}){best}"
            ).format(
                step=event.step,
                loss=event.valid_loss,
                ppl=event.perplexity,
                best=self.tr(", the best so far") if event.best else "",
            )
        )

    def _show_eta(self, remaining: float) -> None:
        self.figure_labels["eta"].setText(
            self.tr("about {time} left").format(time=format_duration(remaining))
        )

    # ---- n-gram counting

    def show_count_progress(self, fraction: float, message: str, elapsed: float) -> None:
        show_progress(self.progress, fraction, translate_core(message))
        if fraction > 0.02:
            self._show_eta(elapsed / fraction * (1 - fraction))

    def show_counted(self, metrics: dict[str, Any], sample: str) -> None:
        """A counted n-gram: its figures, its orders as bars, and what it writes."""
        seconds = float(metrics.get("build_seconds", 0.0))
        tokens = metrics.get("train_tokens", 0)
        # A short text counts in hundredths of a second: "in 0.0 s" read as if nothing ran.
        lines = [
            self.tr("Counted {tokens:,} tokens in under 0.1 s.").format(tokens=tokens)
            if seconds < 0.1
            else self.tr("Counted {tokens:,} tokens in {seconds:.1f} s.").format(
                tokens=tokens, seconds=seconds
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
            self.log_line(line)
        self.metrics_label.setText(" · ".join(lines))
        self.order_bars.set_orders(
            metrics.get("ngrams") or [], metrics.get("valid_perplexity_by_order") or []
        )
        self.chart.setCurrentWidget(self.order_bars)
        self.sample.setPlainText(sample)
        self.end_progress(done=True)
