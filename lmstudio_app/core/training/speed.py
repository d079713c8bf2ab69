"""How fast this computer trains a model, measured: a few steps of the real Trainer with the very
model and batch the settings describe, on random tokens of the tokenizer's vocabulary (a step
costs the same whatever the tokens are, so the user's text need not be encoded first).

The Model page's "Time per epoch" is a formula (`epoch_seconds_estimate`) until this has run in
the background, once the training engine has loaded; `epoch_seconds_from_step` then turns the
measured step into an epoch and `run_seconds_estimate` into the whole run. The formula was 68 s
per epoch where 107 s was measured: only the machine knows how fast it is. Imports torch.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from lmstudio_app.core.progress import CancelCheck, check_cancel
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.training.spec import TrainSpec

# The first steps allocate memory and pick kernels; they are slower than the rest.
WARMUP_STEPS = 2


def measure_step_seconds(
    model_spec: Any,
    train_spec: TrainSpec,
    tokenizer: StudioTokenizer,
    steps: int = 6,
    max_seconds: float = 2.0,
    cancel: CancelCheck | None = None,
) -> float:
    """The mean wall time of one training step of the Trainer that `model_spec` and
    `train_spec` make: the time between two of its `StepEvent`s, so the loop's own work
    (batches, schedule, the checks against divergence) counts, on the device and with the
    thread count training will use. `steps` are timed after `WARMUP_STEPS`; timing stops early
    once `max_seconds` of timed steps have passed (at least one is timed). No evaluation, no
    sample, nothing written: those are counted apart (`epoch_seconds_from_step`)."""
    from lmstudio_app.core.data import TokenData
    from lmstudio_app.core.errors import TrainingError
    from lmstudio_app.core.training import FailedEvent, StepEvent, Trainer

    check_cancel(cancel)
    total = WARMUP_STEPS + steps
    spec = dataclasses.replace(
        train_spec,
        max_steps=total,
        epochs=0,
        max_minutes=0.0,
        eval_every=0,
        patience=0,
        checkpoint_every=0.0,
        sample_tokens=0,
    )
    # Enough tokens for every stream to read all the steps in one epoch.
    length = (total + 1) * spec.seq_len * spec.batch_size + spec.batch_size + 1
    rng = np.random.default_rng(0)
    ids = rng.integers(0, tokenizer.vocab_size, size=length, dtype=np.int32)
    empty = np.zeros(0, dtype=np.int32)
    trainer = Trainer(model_spec, spec, tokenizer, TokenData(ids, empty, empty), None)
    times: list[float] = []  # the training time at the end of each step
    first = WARMUP_STEPS - 1  # the end of the last warm-up step: timing starts there
    for event in trainer.run():
        if cancel is not None and cancel():
            trainer.cancel()
        if isinstance(event, FailedEvent):
            if len(times) > WARMUP_STEPS:  # a loss gone wild on random tokens: timed enough
                break
            raise TrainingError(event.code, **event.params)  # out of memory: as training says
        if isinstance(event, StepEvent):
            times.append(event.elapsed)
            if len(times) > WARMUP_STEPS and times[-1] - times[first] > max_seconds:
                trainer.cancel()
    check_cancel(cancel)
    if len(times) < 2:  # cannot happen unless the trainer's loop changes: say so plainly
        raise RuntimeError(f"only {len(times)} training steps to time")
    # The mean, not the median: training takes the sum of its steps, those held up by another
    # program included (on a busy two-core laptop the median was half of what training took).
    start = min(first, len(times) - 2)
    return (times[-1] - times[start]) / (len(times) - 1 - start)
