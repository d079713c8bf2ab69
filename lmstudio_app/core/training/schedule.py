"""The learning rate at each step, and how far through its budget a run is. No torch."""

from __future__ import annotations

import math

from lmstudio_app.core.training.spec import TrainSpec


class Schedule:
    """The learning rate at each step. Its state is plain numbers, saved in the checkpoint."""

    def __init__(self, spec: TrainSpec) -> None:
        self.spec = spec
        self.scale = 1.0  # plateau: divided each time the validation loss fails to improve

    def lr(self, step: int, epoch: int, progress: float | None) -> float:
        spec = self.spec
        base = spec.lr * self.scale
        if spec.schedule == "decay":
            return base / spec.lr_factor ** max(0, epoch + 1 - spec.decay_after)
        if spec.schedule == "cosine":
            if step < spec.warmup_steps:
                return base * (step + 1) / spec.warmup_steps
            fraction = min(max(progress or 0.0, 0.0), 1.0)
            low = base * spec.final_lr_fraction
            return low + 0.5 * (base - low) * (1.0 + math.cos(math.pi * fraction))
        return base

    def after_eval(self, improved: bool) -> None:
        if self.spec.schedule == "plateau" and not improved:
            self.scale /= self.spec.lr_factor


def budget_used(spec: TrainSpec, step: int, epochs: float, seconds: float) -> float | None:
    """The share of the budget (steps, epochs or time, whichever is nearest) used so far;
    None when training has no limit."""
    return _largest_share(spec, step, epochs, seconds, clock=True)


def schedule_progress(spec: TrainSpec, step: int, epochs: float, seconds: float) -> float | None:
    """What the cosine schedule follows. Steps and epochs are reproducible; the clock drives
    the schedule only when it is the one limit, so that the same seed gives the same losses."""
    return _largest_share(
        spec, step, epochs, seconds, clock=not (spec.max_steps or spec.epochs)
    )


def _largest_share(
    spec: TrainSpec, step: int, epochs: float, seconds: float, clock: bool
) -> float | None:
    fractions = []
    if spec.max_steps:
        fractions.append(step / spec.max_steps)
    if spec.epochs:
        fractions.append(epochs / spec.epochs)
    if clock and spec.max_minutes:
        fractions.append(seconds / (spec.max_minutes * 60))
    return max(fractions) if fractions else None


def stop_reason(
    spec: TrainSpec, step: int, epoch: int, seconds: float, evals_without_improvement: int
) -> str:
    """Why training should stop now ("steps", "epochs", "time", "early_stopping"), or ""."""
    if spec.max_steps and step >= spec.max_steps:
        return "steps"
    if spec.epochs and epoch >= spec.epochs:
        return "epochs"
    if spec.max_minutes and seconds >= spec.max_minutes * 60:
        return "time"
    if spec.patience and evals_without_improvement >= spec.patience:
        return "early_stopping"
    return ""


def eval_due(eval_every: int, step: int, last_eval_step: int, last_in_epoch: bool) -> bool:
    """Whether to measure the validation text after `step`: every `eval_every` steps and at
    each epoch's end, but not twice within half an interval. An epoch of 980 steps with
    evaluations every 200 would otherwise measure at 980 and again at 1000: two points on top
    of each other on the curve, for the price of two (on a 4-minute GPT, 3 of its 22)."""
    if not last_in_epoch and not (eval_every and step % eval_every == 0):
        return False
    return not eval_every or last_eval_step < 0 or step - last_eval_step >= eval_every / 2
