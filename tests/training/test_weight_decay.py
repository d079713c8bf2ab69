"""Weight decay reaches the matrices only (as in nanoGPT), and older one-group saves resume."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

import lmstudio_app.core.training.loop.trainer as training
from lmstudio_app.core.checkpoint import (
    CHECKPOINT_DIR,
    LATEST_JSON,
    STATE_JSON,
    flatten_optimizer,
    load_checkpoint,
    save_checkpoint,
    unflatten_optimizer,
)
from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.models.recurrent import RecurrentLM
from lmstudio_app.core.optimizer import load_optimizer_state
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import FinishedEvent, StepEvent, Trainer, create_run

VOCAB = 30
MODEL = ModelSpec(family="lstm", embed_dim=8, hidden_size=16, layers=2, dropout=0.0)
TRAIN = TrainSpec(
    seq_len=16, batch_size=4, lr=5e-3, max_steps=6, max_minutes=0, eval_every=0,
    warmup_steps=0, threads=1, device="cpu", sample_tokens=0, checkpoint_every=0,
    eval_tokens=500, optimizer="adamw", weight_decay=0.1,
)


def old_make_optimizer(spec: TrainSpec, params: list[torch.nn.Parameter]) -> torch.optim.Optimizer:
    """How the optimizer was built before the split: one group, every parameter decayed."""
    kinds = {"sgd": torch.optim.SGD, "adamw": torch.optim.AdamW, "adam": torch.optim.Adam}
    return kinds[spec.optimizer](params, lr=spec.lr, weight_decay=spec.weight_decay)


def decay_of(optimizer: torch.optim.Optimizer) -> dict[int, float]:
    """Each parameter's weight decay, by the parameter's id()."""
    return {id(p): group["weight_decay"] for group in optimizer.param_groups
            for p in group["params"]}


@pytest.mark.parametrize("optimizer", ["sgd", "adam", "adamw"])
@pytest.mark.parametrize(
    "model_spec",
    [MODEL, ModelSpec(family="gru", embed_dim=12, hidden_size=16, tied=True)],
    ids=["lstm", "gru-tied"],
)
def test_only_matrices_decay(optimizer: str, model_spec: ModelSpec) -> None:
    model = RecurrentLM(VOCAB, model_spec)
    params = list(model.parameters())
    built = training.make_optimizer(dataclasses.replace(TRAIN, optimizer=optimizer), params)
    decay = decay_of(built)
    assert len(decay) == len(params)  # every parameter in exactly one group
    names = dict(model.named_parameters())
    assert any(name.endswith("bias") or "bias_" in name for name in names)
    for name, p in names.items():
        expected = 0.1 if p.dim() >= 2 else 0.0
        assert decay[id(p)] == expected, name
    assert decay[id(model.embedding.weight)] == 0.1  # nanoGPT decays embeddings too
    assert decay[id(model.decoder.bias)] == 0.0


@pytest.mark.parametrize("optimizer", ["sgd", "adamw"])
def test_a_step_shrinks_the_matrices_and_leaves_the_biases(optimizer: str) -> None:
    torch.manual_seed(0)
    model = RecurrentLM(VOCAB, MODEL)
    params = list(model.parameters())
    spec = dataclasses.replace(TRAIN, optimizer=optimizer, lr=0.5, weight_decay=0.1)
    built = training.make_optimizer(spec, params)
    with torch.no_grad():
        for p in params:
            p.add_(0.05)  # biases start at zero: make their decay visible
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    for p in params:
        p.grad = torch.zeros_like(p)  # only the weight decay moves anything
    built.step()
    for name, p in model.named_parameters():
        if p.dim() >= 2:
            torch.testing.assert_close(p.detach(), before[name] * (1 - 0.5 * 0.1))
        else:
            assert torch.equal(p.detach(), before[name]), name


def test_a_one_group_optimizer_state_is_split_onto_the_right_parameters(
    tmp_path: Path,
) -> None:
    """Saved with the app's checkpoint functions, loaded into the two groups."""
    torch.manual_seed(0)
    old_model = RecurrentLM(VOCAB, MODEL)
    old_params = list(old_model.parameters())
    old = old_make_optimizer(TRAIN, old_params)
    for _ in range(2):
        inputs = torch.randint(0, VOCAB, (16, 4))
        output, _ = old_model(inputs, None)
        old.zero_grad()
        F.cross_entropy(output.view(-1, VOCAB), inputs.view(-1)).backward()
        old.step()
    opt_tensors, opt_json = flatten_optimizer(old.state_dict())
    save_checkpoint(tmp_path, 2, opt_tensors, {"optimizer": opt_json})
    tensors, state = load_checkpoint(tmp_path)
    assert len(state["optimizer"]["param_groups"]) == 1

    new_model = RecurrentLM(VOCAB, MODEL)
    new_model.load_state_dict(old_model.state_dict())
    params = list(new_model.parameters())
    new = training.make_optimizer(TRAIN, params)
    load_optimizer_state(new, params, unflatten_optimizer(tensors, state["optimizer"]))
    assert [g["weight_decay"] for g in new.param_groups] == [0.1, 0.0]
    for old_p, p in zip(old_params, params, strict=True):
        for key in ("exp_avg", "exp_avg_sq", "step"):
            assert torch.equal(new.state[p][key], old.state[old_p][key]), key
        assert decay_of(new)[id(p)] == (0.1 if p.dim() >= 2 else 0.0)


def test_a_checkpoint_of_the_old_one_group_optimizer_resumes(
    tmp_path: Path, shakespeare_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    splits = split_corpus(shakespeare_text[:20_000], (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    data = encode_splits(tokenizer, splits)
    folder = tmp_path / "old"
    create_run(folder, MODEL, TRAIN, tokenizer, {"name": "test"})
    with monkeypatch.context() as patch:
        patch.setattr(training, "make_optimizer", old_make_optimizer)
        events = list(Trainer(MODEL, TRAIN, tokenizer, data, folder).run())
    assert isinstance(events[-1], FinishedEvent) and events[-1].step == 6
    assert len(saved_groups(folder)) == 1  # the old layout, as an older version wrote it

    longer = dataclasses.replace(TRAIN, max_steps=10)
    resumed = list(Trainer(MODEL, longer, tokenizer, data, folder, resume=True).run())
    assert isinstance(resumed[-1], FinishedEvent), resumed[-1]
    assert [e.step for e in resumed if isinstance(e, StepEvent)] == [7, 8, 9, 10]
    assert [g["weight_decay"] for g in saved_groups(folder)] == [0.1, 0.0]


def test_a_resumed_optimizer_keeps_the_fast_update_of_this_version() -> None:
    """A save from before `foreach` was chosen (foreach None: torch's per-parameter loop on a
    CPU) resumes on the foreach path, and the two give the same numbers to the bit."""
    torch.manual_seed(0)
    start = RecurrentLM(VOCAB, MODEL).state_dict()
    inputs = [torch.randint(0, VOCAB, (16, 4)) for _ in range(3)]
    weights, optimizers = [], []
    for fast in (False, True):
        model = RecurrentLM(VOCAB, MODEL)
        model.load_state_dict(start)
        params = list(model.parameters())
        optimizer = training.make_optimizer(TRAIN, params)
        if not fast:
            for group in optimizer.param_groups:
                group["foreach"] = None  # as torch (and this app, before) left it
        for batch in inputs:
            output, _ = model(batch, None)
            optimizer.zero_grad()
            F.cross_entropy(output.view(-1, VOCAB), batch.view(-1)).backward()
            optimizer.step()
        weights.append([p.detach() for p in params])
        optimizers.append((optimizer, params))
    for slow_weight, fast_weight in zip(*weights, strict=True):
        assert torch.equal(slow_weight, fast_weight)
    (slow, _), (fast, fast_params) = optimizers
    assert [g["foreach"] for g in slow.state_dict()["param_groups"]] == [None, None]
    load_optimizer_state(fast, fast_params, slow.state_dict())
    assert [g["foreach"] for g in fast.param_groups] == [True, True]


def saved_groups(folder: Path) -> list[dict]:
    root = folder / CHECKPOINT_DIR
    name = json.loads((root / LATEST_JSON).read_text())["folder"]
    return json.loads((root / name / STATE_JSON).read_text())["optimizer"]["param_groups"]
