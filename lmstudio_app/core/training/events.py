"""What a training run tells its consumer: one event per step, evaluation, save, pause,
resume, and a last one, `FinishedEvent` or `FailedEvent`. Plain data, no torch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from lmstudio_app.core.i18n import N_


@dataclass(frozen=True)
class StepEvent:
    """One optimisation step done."""

    step: int
    epoch: float  # epochs done so far, fractional
    loss: float  # training loss of this batch, nats per token
    lr: float
    tokens_per_s: float  # smoothed over the last steps
    grad_norm: float  # length of the gradient before clipping
    elapsed: float  # seconds of training, pauses excluded
    progress: float | None  # share of the budget (steps, epochs or time) used; None if unbounded


@dataclass(frozen=True)
class EvalEvent:
    """The model measured on the validation text."""

    step: int
    epoch: float
    valid_loss: float  # nats per token
    perplexity: float
    bits_per_token: float
    bits_per_char: float
    sample: str  # a short text the model wrote just now
    best: bool  # the best validation loss so far
    lr: float


@dataclass(frozen=True)
class CheckpointEvent:
    step: int
    path: str
    seconds: float

    # A consumer that batches events hands this one, and those before it, over at once: at a
    # pause the loop blocks right after, and the last steps must not wait for the resume.
    deliver_at_once: ClassVar[bool] = True


@dataclass(frozen=True)
class PausedEvent:
    step: int

    deliver_at_once: ClassVar[bool] = True  # the loop blocks after yielding it


@dataclass(frozen=True)
class ResumedEvent:
    step: int


@dataclass(frozen=True)
class FinishedEvent:
    step: int
    reason: str  # "steps", "epochs", "time", "early_stopping", "cancelled"
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FailedEvent:
    step: int
    code: str  # an errors.MESSAGES code: "diverged", "out_of_memory", ...
    message: str  # one plain sentence
    params: dict[str, Any] = field(default_factory=dict)


Event = (
    StepEvent | EvalEvent | CheckpointEvent | PausedEvent | ResumedEvent | FinishedEvent
    | FailedEvent
)

STOP_REASONS = {
    "steps": N_("reached the number of steps"),
    "epochs": N_("reached the number of epochs"),
    "time": N_("reached the time limit"),
    "early_stopping": N_("the validation loss stopped improving"),
    "cancelled": N_("stopped by the user"),
}
