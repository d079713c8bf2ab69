"""A run's loss curves read back from metrics.jsonl, by step and by training time.

Every line the trainer writes has "time": seconds of training so far, pauses excluded, kept
across a resume (the checkpoint saves it). So a GPT, an LSTM and an n-gram trained for the
same minutes can be laid side by side on one time axis. A curve whose lines do not all have a
time (a folder written by a program that did not record it) has `times` None, and is shown by
step only: half a curve in time would read as a run that stopped early.

An n-gram is counted, not trained step by step: its curve is one level, its validation loss,
reached once counting is done (`build_seconds` of its "built" line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmstudio_app.core.runs.metrics import read_metrics


@dataclass
class Curve:
    """Points of one series: step, loss and (when every point has one) training time."""

    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    times: list[float] | None = field(default_factory=list)

    def add(self, step: int, loss: float, seconds: float | None) -> None:
        self.steps.append(step)
        self.losses.append(loss)
        if self.times is not None:
            if seconds is None:
                self.times = None  # one point without a time: the curve has none
            else:
                self.times.append(seconds)

    def has_times(self) -> bool:
        return self.times is not None and len(self.times) == len(self.steps) > 0


@dataclass
class RunCurves:
    """What metrics.jsonl says about how a run learned."""

    train: Curve = field(default_factory=Curve)  # the training loss of each step
    valid: Curve = field(default_factory=Curve)  # the validation loss of each evaluation
    build_seconds: float | None = None  # an n-gram's counting time
    level: float | None = None  # an n-gram's validation loss


def _seconds(record: dict[str, Any], key: str = "time") -> float | None:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value >= 0 else None


def curves_from_records(records: list[dict[str, Any]]) -> RunCurves:
    """The curves of metrics lines as `read_metrics` gives them."""
    curves = RunCurves()
    for record in records:
        kind = record.get("kind")
        step = record.get("step", 0)
        if not isinstance(step, int):
            continue
        if kind == "train" and "loss" in record:
            curves.train.add(step, float(record["loss"]), _seconds(record))
        if "valid_loss" in record:
            curves.valid.add(step, float(record["valid_loss"]), _seconds(record))
        if kind == "built":
            curves.build_seconds = _seconds(record, "build_seconds")
        if kind == "eval" and record.get("split") == "valid" and "loss" in record:
            curves.level = float(record["loss"])
    return curves


def read_curves(folder: Path) -> RunCurves:
    """The curves of the run in `folder` (damaged lines skipped, as `read_metrics` does)."""
    return curves_from_records(read_metrics(folder))


@dataclass(frozen=True)
class KeptSample:
    """What the model wrote at one evaluation (metrics.jsonl's eval line's "sample")."""

    step: int
    text: str
    valid_loss: float | None


def samples_from_records(records: list[dict[str, Any]]) -> list[KeptSample]:
    """Every evaluation's sample, in step order (lines without one are left out)."""
    kept = []
    for record in records:
        text, step = record.get("sample"), record.get("step")
        if record.get("kind") != "eval" or not isinstance(text, str) or not text:
            continue
        if not isinstance(step, int) or isinstance(step, bool):
            continue
        loss = record.get("valid_loss")
        kept.append(KeptSample(step, text, float(loss) if isinstance(loss, int | float) else None))
    return sorted(kept, key=lambda sample: sample.step)


def read_samples(folder: Path) -> list[KeptSample]:
    """The samples the run in `folder` kept."""
    return samples_from_records(read_metrics(folder))
