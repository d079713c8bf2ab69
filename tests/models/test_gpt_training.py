"""The transformer trained by the shared Trainer: determinism, refusals, presets, run folders.
(Resuming equals never stopping is tests/training/test_training.py's test, run for it too.)"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

import lmstudio_app.core.training.devices as devices
from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.errors import ConfigError, TrainingError
from lmstudio_app.core.generation import GenerationSpec, generate
from lmstudio_app.core.models import load_run_model
from lmstudio_app.core.models.gpt import PRESETS, GPTRunModel, GPTSpec, training_memory_bytes
from lmstudio_app.core.runs.jobs import fit_to_model
from lmstudio_app.core.specs import ModelSpec, TrainSpec, preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import (
    EvalEvent,
    FinishedEvent,
    StepEvent,
    Trainer,
    create_run,
)

MODEL = GPTSpec(layers=2, heads=2, embed_dim=16, context=16, dropout=0.1)
TRAIN = TrainSpec(
    batching="random",
    seq_len=16,
    batch_size=4,
    optimizer="adamw",
    lr=3e-3,
    weight_decay=0.1,
    max_steps=12,
    max_minutes=0,
    eval_every=6,
    warmup_steps=3,
    threads=1,
    device="cpu",
    sample_tokens=10,
    checkpoint_every=0,
    eval_tokens=2000,
)


@pytest.fixture(scope="module")
def setup(shakespeare_text: str):
    splits = split_corpus(shakespeare_text[:40_000], (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    return tokenizer, encode_splits(tokenizer, splits)


def losses(trainer: Trainer) -> list[float]:
    return [e.loss for e in trainer.run() if isinstance(e, StepEvent)]


def test_same_seed_same_losses_and_the_loss_falls(setup) -> None:
    tokenizer, data = setup
    first = losses(Trainer(MODEL, TRAIN, tokenizer, data))
    assert first == losses(Trainer(MODEL, TRAIN, tokenizer, data))
    assert first != losses(Trainer(MODEL, dataclasses.replace(TRAIN, seed=1), tokenizer, data))
    assert len(first) == 12 and all(math.isfinite(x) for x in first)
    assert first[-1] < first[0]


def test_matrices_decay_and_vectors_do_not(setup) -> None:
    tokenizer, data = setup
    trainer = Trainer(MODEL, dataclasses.replace(TRAIN, max_steps=1), tokenizer, data)
    list(trainer.run())
    decayed, plain = trainer._session.optimizer.param_groups
    assert decayed["weight_decay"] == 0.1 and plain["weight_decay"] == 0.0
    assert all(p.dim() == 2 for p in decayed["params"])  # wte, wpe and the layers' matrices
    assert all(p.dim() == 1 for p in plain["params"])  # LayerNorms and biases
    assert len(plain["params"]) == 2 * (4 + 4) + 2  # per layer 2 norms x 2 and 4 biases; ln_f


def test_windows_longer_than_the_context_are_refused(setup) -> None:
    tokenizer, data = setup
    with pytest.raises(ConfigError) as refused:
        Trainer(MODEL, dataclasses.replace(TRAIN, seq_len=17), tokenizer, data)
    assert "Sequence length" in refused.value.message and "(16)" in refused.value.message
    # shorter windows are allowed, and the window follows the context unless asked for
    assert fit_to_model(MODEL, dataclasses.replace(TRAIN, seq_len=8)).seq_len == 16
    assert fit_to_model(MODEL, dataclasses.replace(TRAIN, seq_len=8), True).seq_len == 8
    lstm_train = dataclasses.replace(TRAIN, seq_len=8)
    assert fit_to_model(ModelSpec(), lstm_train) is lstm_train


def test_a_model_too_large_for_the_memory_is_refused_before_it_is_built(
    setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokenizer, data = setup
    monkeypatch.setattr(devices, "available_memory", lambda: 1_000_000)
    with pytest.raises(TrainingError, match="only 1 MB are free") as refused:
        Trainer(
            GPTSpec(layers=4, embed_dim=256, heads=4, context=64),
            dataclasses.replace(TRAIN, seq_len=64),
            tokenizer,
            data,
        )
    assert refused.value.code == "not_enough_memory"
    # the estimate grows with each part of the formula
    base = training_memory_bytes(65, MODEL, TRAIN)
    assert training_memory_bytes(65, dataclasses.replace(MODEL, layers=4), TRAIN) > base
    assert training_memory_bytes(65, MODEL, dataclasses.replace(TRAIN, batch_size=64)) > base
    assert training_memory_bytes(6500, MODEL, TRAIN) > base


def test_a_gpt_run_folder_loads_generates_and_evaluates(tmp_path: Path, setup) -> None:
    tokenizer, data = setup
    folder = tmp_path / "run"
    create_run(folder, MODEL, TRAIN, tokenizer, {"name": "test"})
    events = list(Trainer(MODEL, TRAIN, tokenizer, data, folder).run())
    assert isinstance(events[-1], FinishedEvent)
    assert any(isinstance(e, EvalEvent) and e.sample for e in events)  # samples while training
    run, _, model = load_run_model(folder)
    assert run["model_kind"] == "gpt" and isinstance(model, GPTRunModel)
    spec = GenerationSpec(max_tokens=40, seed=3, stop="none")
    text = [t.token_id for t in generate(model, tokenizer.encode_ids("The "), spec)]
    assert len(text) == 40
    result = model.evaluate_text("To be, or not to be, that is the question.\n" * 3)
    assert result["tokens"] > 100 and math.isfinite(result["loss"])
    assert result["scoring"]["window"] == 16


@pytest.mark.parametrize("kind", ["char", "bpe"])
@pytest.mark.parametrize("name", PRESETS)
def test_presets_are_valid_and_fit_the_text(name: str, kind: str) -> None:
    model, train = preset_specs(name, kind, "gpt")
    assert train.seq_len == model.context and train.optimizer == "adamw"
    assert train.batching == "random" and train.weight_decay > 0
    # a short text: a shorter context (the text holds enough windows), more dropout
    short_model, short_train = preset_specs(name, kind, "gpt", 20_000, 500)
    assert short_model.context <= 20_000 // 32 and short_train.seq_len == short_model.context
    assert short_model.dropout >= model.dropout and short_train.patience > 0
    assert short_model.embed_dim % short_model.heads == 0
    with pytest.raises(ConfigError):
        preset_specs("huge", kind, "gpt")
