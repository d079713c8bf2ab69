"""The Trainer: events, determinism, resume == uninterrupted, NaN guard, pause/cancel, data."""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from lmstudio_app.core.checkpoint import has_checkpoint
from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import (
    ContiguousBatches,
    RandomWindows,
    batchify,
    encode_splits,
    eval_windows,
)
from lmstudio_app.core.errors import ConfigError, TrainingError
from lmstudio_app.core.generation import GenerationSpec, generate
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.gpt import GPTSpec
from lmstudio_app.core.runs import read_metrics, read_run_json
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import (
    CheckpointEvent,
    EvalEvent,
    FailedEvent,
    FinishedEvent,
    PausedEvent,
    ResumedEvent,
    StepEvent,
    Trainer,
    _Schedule,
    create_run,
    resolve_device,
)

MODEL = ModelSpec(family="lstm", embed_dim=8, hidden_size=16, layers=2, dropout=0.1)
TRAIN = TrainSpec(
    seq_len=16, batch_size=4, lr=5e-3, max_steps=24, max_minutes=0, eval_every=8,
    warmup_steps=3, threads=1, device="cpu", sample_tokens=10, checkpoint_every=0,
    eval_tokens=2000,
)


@pytest.fixture(scope="module")
def setup(shakespeare_text: str):
    text = shakespeare_text[:40_000]
    splits = split_corpus(text, (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    return tokenizer, encode_splits(tokenizer, splits)


def run_all(trainer: Trainer, on_event=None) -> list:
    events = []
    for event in trainer.run():
        events.append(event)
        if on_event is not None:
            on_event(trainer, event)
    return events


def losses(events: list) -> list[float]:
    return [e.loss for e in events if isinstance(e, StepEvent)]


def new_folder(tmp_path: Path, name: str, tokenizer, model=MODEL, train=TRAIN) -> Path:
    folder = tmp_path / name
    create_run(folder, model, train, tokenizer, {"name": "test"})
    return folder


# --------------------------------------------------------------------------- data


def test_contiguous_batches_cover_the_text_in_order() -> None:
    ids = np.arange(103, dtype=np.uint16)
    batches = ContiguousBatches(ids, batch_size=4, seq_len=5)
    streams = batchify(ids, 4)
    assert streams.shape == (25, 4)
    assert list(streams[:, 1][:3]) == [25, 26, 27]  # stream 1 continues where 0 ends
    seen = list(zip(range(batches.steps_per_epoch + 2), batches.batches(), strict=False))
    first = seen[0][1]
    assert first.inputs.shape == (5, 4) and first.inputs.dtype == torch.int64
    assert torch.equal(first.targets[:-1], first.inputs[1:])
    last = seen[batches.steps_per_epoch - 1][1]
    assert last.last_in_epoch and last.inputs.shape[0] == 4  # 24 targets per stream: 5*4+4
    assert seen[batches.steps_per_epoch][1].epoch == 1
    # Resuming at a position gives the same batches.
    again = next(batches.batches(0, 2))
    assert torch.equal(again.inputs, seen[2][1].inputs)


def test_random_windows_are_deterministic_resumable_and_in_range() -> None:
    ids = np.arange(1000, dtype=np.int32)
    windows = RandomWindows(ids, batch_size=8, seq_len=10, seed=5)
    stream = windows.batches()
    batches = [next(stream) for _ in range(windows.steps_per_epoch + 3)]
    for batch in batches:
        assert batch.inputs.shape == (10, 8)
        assert torch.equal(batch.targets, batch.inputs + 1)  # consecutive ids: a real window
        assert int(batch.targets.max()) < 1000
    resumed = next(windows.batches(batches[-1].epoch, batches[-1].index))
    assert torch.equal(resumed.inputs, batches[-1].inputs)
    other = next(RandomWindows(ids, 8, 10, seed=6).batches())
    assert not torch.equal(other.inputs, batches[0].inputs)


def test_eval_windows_read_every_target_once() -> None:
    ids = np.arange(95, dtype=np.uint16)
    targets = torch.cat([t.reshape(-1) for _, t in eval_windows(ids, 3, 7)])
    assert targets.numel() == 3 * (95 // 3 - 1)
    assert len(set(targets.tolist())) == targets.numel()


# --------------------------------------------------------------------------- training


def test_events_and_run_folder(tmp_path: Path, setup) -> None:
    tokenizer, data = setup
    folder = new_folder(tmp_path, "run", tokenizer)
    events = run_all(Trainer(MODEL, TRAIN, tokenizer, data, folder))
    steps = [e for e in events if isinstance(e, StepEvent)]
    evals = [e for e in events if isinstance(e, EvalEvent)]
    assert [e.step for e in steps] == list(range(1, 25))
    assert [e.step for e in evals] == [8, 16, 24]
    assert all(math.isfinite(e.loss) and e.tokens_per_s > 0 and e.grad_norm > 0 for e in steps)
    assert steps[-1].progress == pytest.approx(1.0)
    assert steps[0].lr < steps[3].lr  # warm-up, then cosine down
    assert steps[-1].lr < steps[3].lr
    assert evals[-1].perplexity == pytest.approx(math.exp(evals[-1].valid_loss))
    assert evals[-1].bits_per_char == pytest.approx(evals[-1].valid_loss / math.log(2))
    assert isinstance(evals[-1].sample, str)
    assert any(isinstance(e, CheckpointEvent) for e in events)
    finished = events[-1]
    assert isinstance(finished, FinishedEvent) and finished.reason == "steps"
    assert finished.metrics["steps"] == 24
    assert finished.metrics["valid_loss"] == pytest.approx(min(e.valid_loss for e in evals))
    assert "test_loss" in finished.metrics

    run = read_run_json(folder)
    assert run["status"] == "finished" and run["metrics"]["steps"] == 24
    records = read_metrics(folder)
    assert [r["step"] for r in records if r["kind"] == "train"] == list(range(1, 25))
    assert [r["step"] for r in records if r["kind"] == "eval"] == [8, 16, 24]
    _, _, lm = load_run_model(folder)
    text_ids = [t.token_id for t in generate(lm, [], GenerationSpec(max_tokens=8, stop="none"))]
    assert len(text_ids) == 8
    # The saved model is the best one: its validation loss is the best measured.
    result = Trainer(MODEL, TRAIN, tokenizer, data)._evaluate(
        lm.module, data.valid, TRAIN.eval_tokens
    )
    assert result is not None and result[0] == pytest.approx(finished.metrics["valid_loss"],
                                                             abs=1e-5)


def test_same_seed_same_losses(setup) -> None:
    tokenizer, data = setup
    spec = dataclasses.replace(TRAIN, max_steps=10, eval_every=0)
    first = losses(run_all(Trainer(MODEL, spec, tokenizer, data)))
    second = losses(run_all(Trainer(MODEL, spec, tokenizer, data)))
    assert first == second
    other = losses(run_all(Trainer(MODEL, dataclasses.replace(spec, seed=1), tokenizer, data)))
    assert other != first


# A transformer with dropout: its random state must resume too.
GPT_MODEL = GPTSpec(layers=2, heads=2, embed_dim=16, context=16, dropout=0.1)


@pytest.mark.parametrize(
    ("model", "batching", "optimizer", "schedule"),
    [(MODEL, "contiguous", "adam", "cosine"), (MODEL, "random", "sgd", "plateau"),
     (GPT_MODEL, "random", "adamw", "cosine")],
    ids=["lstm-contiguous", "lstm-random", "gpt"],
)
def test_resume_gives_the_same_losses_as_never_stopping(
    tmp_path: Path, setup, model, batching: str, optimizer: str, schedule: str
) -> None:
    tokenizer, data = setup
    lr = 1.0 if optimizer == "sgd" else TRAIN.lr
    spec = dataclasses.replace(
        TRAIN, batching=batching, optimizer=optimizer, schedule=schedule, lr=lr, eval_every=5,
        weight_decay=0.1 if optimizer == "adamw" else 0.0,
    )
    whole = run_all(Trainer(model, spec, tokenizer, data,
                            new_folder(tmp_path, "a", tokenizer, model=model)))

    folder = new_folder(tmp_path, "b", tokenizer, model=model)

    def stop_at_11(trainer: Trainer, event) -> None:
        if isinstance(event, StepEvent) and event.step == 11:
            trainer.cancel()

    first = run_all(Trainer(model, spec, tokenizer, data, folder), stop_at_11)
    assert isinstance(first[-1], FinishedEvent) and first[-1].reason == "cancelled"
    assert read_run_json(folder)["status"] == "cancelled"
    assert has_checkpoint(folder)
    second = run_all(Trainer(model, spec, tokenizer, data, folder, resume=True))
    assert next(e.step for e in second if isinstance(e, StepEvent)) == 12
    assert losses(first) + losses(second) == losses(whole)
    whole_evals = [e.valid_loss for e in whole if isinstance(e, EvalEvent)]
    resumed_evals = [e.valid_loss for e in first + second if isinstance(e, EvalEvent)]
    assert resumed_evals == pytest.approx(whole_evals, abs=1e-9)
    # metrics.jsonl reads as if the run had never stopped.
    steps = [r["step"] for r in read_metrics(folder) if r["kind"] == "train"]
    assert steps == list(range(1, 25))


def test_nan_stops_training_and_keeps_good_weights(tmp_path: Path, setup) -> None:
    tokenizer, data = setup
    spec = dataclasses.replace(
        TRAIN, optimizer="sgd", lr=1000.0, schedule="constant", clip=0, eval_every=2,
        max_steps=200,
    )
    model = dataclasses.replace(MODEL, family="rnn", dropout=0.0)
    folder = new_folder(tmp_path, "nan", tokenizer, model, spec)
    events = run_all(Trainer(model, spec, tokenizer, data, folder))
    failed = events[-1]
    assert isinstance(failed, FailedEvent)
    assert failed.code == "diverged"
    assert "learning rate (1000) is probably too high" in failed.message
    assert failed.params["step"] < 200
    assert "try a smaller one" in failed.message
    assert read_run_json(folder)["status"] == "diverged"
    _, _, lm = load_run_model(folder)
    assert all(torch.isfinite(p).all() for p in lm.module.parameters())
    ids = [t.token_id for t in generate(lm, [], GenerationSpec(max_tokens=5, stop="none"))]
    assert len(ids) == 5


def test_nan_loss_is_caught_before_the_weights_change(tmp_path: Path, setup, monkeypatch) -> None:
    import lmstudio_app.core.training.loop.trainer as training

    tokenizer, data = setup
    calls = {"n": 0}
    real = torch.nn.functional.cross_entropy

    class PoisonedF:
        def __getattr__(self, name):
            return getattr(torch.nn.functional, name)

        @staticmethod
        def cross_entropy(*args, **kwargs):
            calls["n"] += 1
            loss = real(*args, **kwargs)
            return loss * float("nan") if calls["n"] == 7 else loss

    monkeypatch.setattr(training, "F", PoisonedF())
    spec = dataclasses.replace(TRAIN, eval_every=0, checkpoint_every=0)
    folder = new_folder(tmp_path, "nan", tokenizer, MODEL, spec)
    events = run_all(Trainer(MODEL, spec, tokenizer, data, folder))
    failed = events[-1]
    assert isinstance(failed, FailedEvent) and failed.code == "diverged"
    assert "the loss became NaN (not a number)" in failed.message
    assert failed.message.startswith("Training stopped at step 7")
    assert "The last good weights were kept." in failed.message
    _, _, lm = load_run_model(folder)
    assert all(torch.isfinite(p).all() for p in lm.module.parameters())


def test_pause_resume_and_cancel_from_another_thread(setup) -> None:
    tokenizer, data = setup
    spec = dataclasses.replace(TRAIN, max_steps=0, max_minutes=5, eval_every=0)
    trainer = Trainer(MODEL, spec, tokenizer, data)
    events: list = []
    paused = threading.Event()

    def consume() -> None:
        for event in trainer.run():
            events.append(event)
            if isinstance(event, PausedEvent):
                paused.set()

    thread = threading.Thread(target=consume)
    thread.start()
    deadline = time.monotonic() + 30
    while not any(isinstance(e, StepEvent) for e in list(events)):
        assert thread.is_alive() and time.monotonic() < deadline
        thread.join(0.01)
    trainer.pause()
    assert paused.wait(10)
    count = len(events)
    thread.join(0.3)
    assert len(events) == count and thread.is_alive()  # blocked, not spinning on steps
    trainer.resume()
    while not any(isinstance(e, ResumedEvent) for e in list(events)):
        assert thread.is_alive() and time.monotonic() < deadline
        thread.join(0.01)
    trainer.cancel()
    thread.join(20)
    assert not thread.is_alive()
    assert isinstance(events[-1], FinishedEvent) and events[-1].reason == "cancelled"


def test_cancel_while_paused(setup) -> None:
    tokenizer, data = setup
    trainer = Trainer(MODEL, dataclasses.replace(TRAIN, max_steps=100), tokenizer, data)
    trainer.pause()
    run = trainer.run()
    assert isinstance(next(run), PausedEvent)
    trainer.cancel()
    rest = list(run)
    assert isinstance(rest[-1], FinishedEvent) and rest[-1].reason == "cancelled"


def test_early_stopping_and_epoch_budget(setup) -> None:
    tokenizer, data = setup
    # A learning rate far too high for Adam: the validation loss soon stops improving.
    spec = dataclasses.replace(TRAIN, max_steps=300, eval_every=2, patience=3, lr=0.2,
                               schedule="constant", warmup_steps=0, eval_tokens=300)
    events = run_all(Trainer(MODEL, spec, tokenizer, data))
    assert events[-1].reason == "early_stopping"
    evals = [e.valid_loss for e in events if isinstance(e, EvalEvent)]
    assert min(evals[-3:]) >= min(evals)
    spec = dataclasses.replace(TRAIN, max_steps=0, epochs=1, eval_every=0, seq_len=64,
                               batch_size=32)
    trainer = Trainer(MODEL, spec, tokenizer, data)
    events = run_all(trainer)
    assert events[-1].reason == "epochs"
    assert events[-1].metrics["steps"] == trainer.steps_per_epoch
    assert sum(isinstance(e, EvalEvent) for e in events) == 1  # at the end of the epoch


def test_evaluations_at_an_epoch_end_are_not_doubled() -> None:
    from lmstudio_app.core.training.schedule import eval_due

    # every 200 steps, epochs of 980: 200 .. 800, 980 (the epoch's end), then 1200, not 1000
    made, last = [], -1
    for step in range(1, 2001):
        if eval_due(200, step, last, last_in_epoch=step % 980 == 0):
            made.append(step)
            last = step
    assert made == [200, 400, 600, 800, 980, 1200, 1400, 1600, 1800, 1960]
    # an epoch's end far from the last one is still measured; without an interval, always
    assert eval_due(200, 1150, 1000, last_in_epoch=True)
    assert not eval_due(200, 1050, 1000, last_in_epoch=True)
    assert eval_due(0, 7, 6, last_in_epoch=True) and not eval_due(0, 7, 6, last_in_epoch=False)


def test_schedules() -> None:
    plateau = _Schedule(TrainSpec(schedule="plateau", lr=20.0, lr_factor=4.0))
    assert plateau.lr(0, 0, None) == 20.0
    plateau.after_eval(improved=True)
    plateau.after_eval(improved=False)
    assert plateau.lr(10, 1, None) == 5.0
    decay = _Schedule(TrainSpec(schedule="decay", lr=1.0, lr_factor=2.0, decay_after=4))
    assert [decay.lr(0, e, None) for e in range(6)] == [1, 1, 1, 1, 0.5, 0.25]
    cosine = _Schedule(TrainSpec(schedule="cosine", lr=1.0, warmup_steps=10,
                                 final_lr_fraction=0.1))
    assert cosine.lr(0, 0, 0.0) == pytest.approx(0.1)
    assert cosine.lr(10, 0, 0.0) == pytest.approx(1.0)
    assert cosine.lr(50, 0, 0.5) == pytest.approx(0.55)
    assert cosine.lr(100, 0, 1.0) == pytest.approx(0.1)
    assert _Schedule(TrainSpec(schedule="constant", lr=0.3)).lr(99, 9, 0.9) == 0.3


def test_settings_are_refused_before_training(setup) -> None:
    tokenizer, data = setup
    with pytest.raises(ConfigError) as bad:
        Trainer(dataclasses.replace(MODEL, hidden_size=0), TRAIN, tokenizer, data)
    assert "Hidden size" in bad.value.message
    with pytest.raises(TrainingError) as short:
        Trainer(MODEL, dataclasses.replace(TRAIN, seq_len=10**5), tokenizer, data)
    assert short.value.code == "corpus_too_short"


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA device is present")
def test_unavailable_device() -> None:
    with pytest.raises(TrainingError) as info:
        resolve_device("cuda")
    assert info.value.code == "device_unavailable"
    assert resolve_device("auto").type == "cpu"


@pytest.mark.parametrize("family", ["rnn", "gru"])
def test_other_families_and_tied_weights_train(setup, family: str) -> None:
    tokenizer, data = setup
    model = ModelSpec(family=family, embed_dim=12, hidden_size=16, tied=True)
    spec = dataclasses.replace(TRAIN, max_steps=6, eval_every=3, optimizer="adamw",
                               weight_decay=0.01, clip=0)
    events = run_all(Trainer(model, spec, tokenizer, data))
    assert isinstance(events[-1], FinishedEvent)
    assert all(math.isfinite(e.grad_norm) for e in events if isinstance(e, StepEvent))
