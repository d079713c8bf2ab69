"""How fast this computer trains a recurrent network, measured: a few training steps of the very
model and batch the settings describe, on random tokens. The Model page's "Time per epoch" is
a formula until this has run (in the background, once the training engine has loaded), then
this measurement. Imports torch.
"""

from __future__ import annotations

import os
import statistics
import time

import torch
import torch.nn.functional as F

from lmstudio_app.core.models.recurrent.module import RecurrentLM, detach_hidden
from lmstudio_app.core.models.recurrent.spec import ModelSpec
from lmstudio_app.core.optimizer import make_optimizer
from lmstudio_app.core.progress import CancelCheck, check_cancel
from lmstudio_app.core.training.spec import TrainSpec

# The first steps allocate memory and pick kernels; they are slower than the rest.
WARMUP_STEPS = 2


def measure_step_seconds(
    vocab_size: int,
    model_spec: ModelSpec,
    train_spec: TrainSpec,
    steps: int = 5,
    max_seconds: float = 3.0,
    cancel: CancelCheck | None = None,
) -> float:
    """The median wall time of one training step (forward, backward, clipping, optimizer) of
    `model_spec` on a batch of `train_spec`'s shape, on the processor with the trainer's
    thread count. Stops early after `max_seconds` of timed steps (at least one is timed)."""
    torch.set_num_threads(train_spec.threads or os.cpu_count() or 1)  # as the Trainer does
    torch.manual_seed(0)
    model = RecurrentLM(vocab_size, model_spec)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = make_optimizer(train_spec, params)
    ids = torch.randint(vocab_size, (train_spec.seq_len + 1, train_spec.batch_size))
    inputs, targets = ids[:-1], ids[1:]
    hidden = None
    timings: list[float] = []
    spent = 0.0
    for step in range(WARMUP_STEPS + steps):
        check_cancel(cancel)
        started = time.perf_counter()
        output, hidden = model(inputs, hidden)
        loss = F.cross_entropy(output.view(-1, vocab_size), targets.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        if train_spec.clip > 0:
            torch.nn.utils.clip_grad_norm_(params, train_spec.clip)
        optimizer.step()
        hidden = detach_hidden(hidden)
        if step >= WARMUP_STEPS:
            timings.append(time.perf_counter() - started)
            spent += timings[-1]
            if spent > max_seconds:
                break
    return statistics.median(timings)
