"""What one call of `Trainer.run()` keeps from step to step beside the checkpointed
`TrainState`, and the checkpoint put back into it when a run resumes."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from lmstudio_app.core.config import spec_fields
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.optimizer import load_optimizer_state
from lmstudio_app.core.training.family import Family
from lmstudio_app.core.training.schedule import Schedule
from lmstudio_app.core.training.spec import TrainSpec
from lmstudio_app.core.training.state import TrainState, apply_rng, load_state, optimizer_error

# The training loss reported at the end: the mean over this many last steps.
TRAIN_LOSS_WINDOW = 50


@dataclass
class Session:
    model: torch.nn.Module
    params: list[torch.nn.Parameter]
    optimizer: torch.optim.Optimizer
    batches: Any  # data.ContiguousBatches or data.RandomWindows
    spec: TrainSpec
    schedule: Schedule = field(init=False)
    memory: Any = None  # the family's state, carried into the next window
    current_lr: float = math.nan
    # The weights of the last step that gave a finite loss: kept against divergence before
    # the first evaluation has measured any best weights.
    good_weights: dict[str, torch.Tensor] | None = None
    last_good_copy: float = -math.inf
    # monotonic times: the training clock was last brought up to `clock`
    clock: float = 0.0
    last_checkpoint: float = 0.0
    last_flush: float = 0.0
    metric_lines: list[dict[str, Any]] = field(default_factory=list)  # not yet written
    # this session's speed and last losses, for the final metrics
    recent_losses: deque[float] = field(default_factory=lambda: deque(maxlen=TRAIN_LOSS_WINDOW))
    tokens: int = 0
    step_seconds: float = 0.0
    step_seconds_average: float = 0.0

    def __post_init__(self) -> None:
        self.schedule = Schedule(self.spec)

    def start_clocks(self) -> None:
        self.clock = self.last_checkpoint = self.last_flush = time.monotonic()

    def count_step(self, tokens: int, seconds: float, loss: float) -> None:
        self.tokens += tokens
        self.step_seconds += seconds
        average = self.step_seconds_average
        self.step_seconds_average = seconds if average == 0 else 0.9 * average + 0.1 * seconds
        self.recent_losses.append(loss)

    def tokens_per_second(self, tokens: int) -> float:
        """The speed of the last steps (a step of `tokens` tokens, smoothed)."""
        average = self.step_seconds_average
        return tokens / average if average > 0 else 0.0


def restore_session(session: Session, folder: Path, family: Family, model_spec: Any) -> TrainState:
    """Put the folder's latest checkpoint into `session` (weights, optimizer, memory, random
    state, schedule) and return its `TrainState`, the tensors given up once applied."""
    state = load_state(folder)
    spec = session.spec
    family.load_weights(session.model, state.weights, folder)
    try:
        load_optimizer_state(session.optimizer, session.params, state.optimizer)
    except (KeyError, ValueError, TypeError) as exc:
        raise optimizer_error(folder, exc) from None
    device = next(session.model.parameters()).device
    session.memory = family.state_from_tensors(model_spec, [t.to(device) for t in state.memory])
    state.best_weights = {name: t.to(device) for name, t in state.best_weights.items()}
    apply_rng(state.rng)
    for name in ("batching", "batch_size", "seq_len"):
        saved = getattr(state, name)
        if saved is not None and saved != getattr(spec, name):
            label = next(i.label for i in spec_fields(TrainSpec) if i.name == name)
            raise StudioError("resume_change", label=label)
    session.schedule.scale = state.lr_scale
    # Applied: the copies read from disk are not kept for the whole run.
    state.weights, state.optimizer, state.memory, state.rng = {}, {}, [], {}
    return state
