"""The Model page's "Time per epoch" once calibrated: `measure_step_seconds` times a few steps of
the very model on this computer, and `epoch_seconds_from_step` turns that into an epoch. The
formula alone said 68 s per epoch where 107 s was measured (and 4 s against 9 s on 诗经).
Checked against the real Trainer's time per step, with a margin wide enough for a shared
machine (the point is the calibration, not the percent)."""

from __future__ import annotations

import dataclasses

import pytest

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.specs import (
    TrainSpec,
    epoch_seconds_from_step,
    preset_specs,
    run_seconds_estimate,
)
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import StepEvent, Trainer

MEASURED_STEPS = 30
SKIPPED_STEPS = 5  # the first steps allocate and pick kernels
MARGIN = 4.0


def test_epoch_seconds_from_step_counts_the_steps_and_the_evaluations() -> None:
    train = TrainSpec(seq_len=50, batch_size=20, eval_every=0)  # 1000 tokens a step
    assert epoch_seconds_from_step(0.1, train, 100_000) == pytest.approx(10.0)
    # one evaluation of 3000 tokens a third as dear as training on them: one step more
    assert epoch_seconds_from_step(0.1, train, 100_000, 3000) == pytest.approx(10.1)
    evaluating = dataclasses.replace(train, eval_every=50, eval_tokens=1500)
    assert epoch_seconds_from_step(0.1, evaluating, 100_000, 3000) == pytest.approx(10.1)


def test_the_whole_run_ends_at_the_first_limit() -> None:
    train = TrainSpec(seq_len=50, batch_size=20, max_steps=0, epochs=0, max_minutes=0.0)
    assert run_seconds_estimate(10.0, train, 100_000) is None  # trains until stopped
    # 100 steps an epoch of 10 s: 400 steps are 40 s, before 4 minutes
    both = dataclasses.replace(train, max_steps=400, max_minutes=4.0)
    assert run_seconds_estimate(10.0, both, 100_000) == pytest.approx((40.0, "steps"))
    assert run_seconds_estimate(100.0, both, 100_000) == (240.0, "time")
    epochs = dataclasses.replace(train, epochs=3)
    assert run_seconds_estimate(10.0, epochs, 100_000) == (30.0, "epochs")


def test_the_measured_step_is_the_trainers_step() -> None:
    from lmstudio_app.core.training.speed import measure_step_seconds

    splits = split_corpus(load_sample("names"), method="lines")
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    data = encode_splits(tokenizer, splits)
    model, train = preset_specs("tiny", "char", "lstm", int(data.train.size))
    train = dataclasses.replace(
        train,
        max_steps=MEASURED_STEPS,
        max_minutes=0.0,
        eval_every=0,
        eval_tokens=2000,
        sample_tokens=0,
        checkpoint_every=0.0,
        threads=2,
    )
    measured = measure_step_seconds(model, train, tokenizer)
    elapsed = {}
    for event in Trainer(model, train, tokenizer, data, None).run():
        if isinstance(event, StepEvent):
            elapsed[event.step] = event.elapsed
    trained = (elapsed[MEASURED_STEPS] - elapsed[SKIPPED_STEPS]) / (MEASURED_STEPS - SKIPPED_STEPS)
    assert trained / MARGIN < measured < trained * MARGIN, (measured, trained)
