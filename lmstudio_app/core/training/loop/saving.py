"""What a training run writes into its folder while it trains: checkpoints (what resuming
needs), the best weights so far as model.safetensors, and the metrics lines."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import torch

from lmstudio_app.core import runs
from lmstudio_app.core.models.weights import MODEL_FILE, model_tensors
from lmstudio_app.core.training.events import CheckpointEvent
from lmstudio_app.core.training.state import capture_rng, save_state

if TYPE_CHECKING:
    from lmstudio_app.core.training.loop.trainer import Trainer


def checkpoint_due(trainer: Trainer) -> bool:
    every = trainer.spec.checkpoint_every
    since = time.monotonic() - trainer._session.last_checkpoint
    return trainer.folder is not None and bool(every) and since >= every


def checkpoint(trainer: Trainer) -> CheckpointEvent | None:
    """Save what resuming needs, and the best weights so far as model.safetensors."""
    if trainer.folder is None:
        return None
    started = time.perf_counter()
    session, state, spec = trainer._session, trainer.state, trainer.spec
    flush_metrics(trainer)
    # With several processes rank 0 holds only its own streams' memory: none is saved, and a
    # resumed run starts its streams' memory afresh (as at the start of an epoch).
    keep = session.batches.carries_state and trainer.dist is None
    memory = session.memory if keep else None
    state.weights = model_tensors(session.model)
    state.optimizer = session.optimizer.state_dict()
    state.memory = trainer.family.state_tensors(memory)
    state.rng = capture_rng()
    state.lr_scale = session.schedule.scale
    state.batching, state.batch_size, state.seq_len = spec.batching, spec.batch_size, spec.seq_len
    path = save_state(trainer.folder, state)
    # The weights a teacher uses: the best so far by validation loss.
    save_model_file(trainer, state.best_weights or None)
    return CheckpointEvent(state.step, str(path), time.perf_counter() - started)


def flush_metrics(trainer: Trainer) -> None:
    """Write the metrics lines gathered so far, and show the run's lock is still alive."""
    session = trainer._session
    if trainer.folder is not None and session.metric_lines:
        runs.append_metrics_many(trainer.folder, session.metric_lines)
    session.metric_lines.clear()
    if trainer._lock is not None:
        trainer._lock.refresh()
    session.last_flush = time.monotonic()


def save_model_file(trainer: Trainer, weights: dict[str, torch.Tensor] | None) -> None:
    """model.safetensors holds `weights` (the best so far) or, if None, the model's."""
    if trainer.folder is None or trainer.model is None:
        return
    chosen = weights if weights is not None else model_tensors(trainer.model)
    trainer.family.save_weights(chosen, trainer.folder / MODEL_FILE)
