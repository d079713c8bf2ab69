"""A new model family plugs into the Trainer with one module and one registry entry.

This module is itself that family: a bigram network (embedding -> linear, no memory) with its
settings class and `FAMILY`. Registered for the test, it trains, checkpoints and resumes
through the same Trainer as the recurrent families, which it knows nothing about.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn

from lmstudio_app.core import models
from lmstudio_app.core.config import setting
from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.models.weights import (
    MODEL_FILE,
    load_weights,
    read_safetensors,
    save_weights_file,
)
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import (
    FinishedEvent,
    StepEvent,
    Trainer,
    TrainSpec,
    create_run,
    specs_from_run,
)


@dataclass(frozen=True)
class BigramSpec:
    family: str = setting("bigram", label="Model family", help="", choices=("bigram",))
    embed_dim: int = setting(8, label="Embedding size", help="", low=1, high=64)


class Bigram(nn.Module):
    def __init__(self, vocab_size: int, spec: BigramSpec) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, spec.embed_dim)
        self.decoder = nn.Linear(spec.embed_dim, vocab_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.embedding(ids))


class BigramFamily:
    """The whole protocol, for a network that carries nothing from window to window."""

    def build(self, spec: BigramSpec, vocab_size: int) -> nn.Module:
        return Bigram(vocab_size, spec)

    def initial_state(self, module: nn.Module, batch_size: int, device: torch.device) -> None:
        return None

    def forward(self, module: nn.Module, ids: torch.Tensor, state: Any) -> tuple[Any, None]:
        return module(ids), None

    def detach_state(self, state: Any) -> None:
        return None

    def state_tensors(self, state: Any) -> list[torch.Tensor]:
        return []

    def state_from_tensors(self, spec: BigramSpec, tensors: list[torch.Tensor]) -> None:
        return None

    def save_weights(self, tensors: dict[str, torch.Tensor], path: Path) -> None:
        save_weights_file(tensors, path, "test-bigram", 1)

    def load_weights(self, module: nn.Module, tensors: dict[str, torch.Tensor],
                     folder: Path) -> None:
        load_weights(module, tensors, folder)

    def parameters(self, vocab_size: int, spec: BigramSpec) -> int:
        return 2 * vocab_size * spec.embed_dim + vocab_size

    def training_memory_bytes(self, vocab_size: int, spec: BigramSpec, train: TrainSpec) -> int:
        return 20 * self.parameters(vocab_size, spec)

    def multiply_adds_per_token(self, vocab_size: int, spec: BigramSpec) -> float:
        return 3.0 * spec.embed_dim * vocab_size

    def run_model(self, module: nn.Module, tokenizer: Any, device: torch.device) -> Any:
        raise NotImplementedError("not needed with sample_tokens=0")


FAMILY = BigramFamily()
TRAIN = TrainSpec(seq_len=8, batch_size=4, lr=1e-2, max_steps=10, max_minutes=0, eval_every=5,
                  threads=1, device="cpu", sample_tokens=0, checkpoint_every=0, eval_tokens=500)


@pytest.fixture
def bigram_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    kind = models.ModelKind("bigram", "bigram", __name__, f"{__name__}:BigramSpec", neural=True)
    monkeypatch.setitem(models.MODEL_KINDS, "bigram", kind)


def test_a_family_outside_the_app_trains_checkpoints_and_resumes(
    tmp_path: Path, shakespeare_text: str, bigram_registered: None
) -> None:
    splits = split_corpus(shakespeare_text[:20_000], (0.8, 0.1, 0.1))
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    data = encode_splits(tokenizer, splits)
    spec = BigramSpec()

    whole = tmp_path / "whole"
    create_run(whole, spec, TRAIN, tokenizer, {"name": "test"})
    assert read_run_json(whole)["model_kind"] == "bigram"
    trainer = Trainer(spec, TRAIN, tokenizer, data, whole)
    assert trainer.num_parameters == FAMILY.parameters(tokenizer.vocab_size, spec)
    events = list(trainer.run())
    assert isinstance(events[-1], FinishedEvent), events[-1]
    assert events[-1].metrics["parameters"] == trainer.num_parameters
    assert "valid_loss" in events[-1].metrics
    _, metadata = read_safetensors(whole / MODEL_FILE, whole)
    assert metadata["format"] == "test-bigram"

    parts = tmp_path / "parts"
    create_run(parts, spec, dataclasses.replace(TRAIN, max_steps=6), tokenizer, {"name": "t"})
    first = list(Trainer(spec, dataclasses.replace(TRAIN, max_steps=6), tokenizer, data,
                         parts).run())
    model_spec, _ = specs_from_run(parts, read_run_json(parts))
    assert model_spec == spec
    rest = list(Trainer(model_spec, TRAIN, tokenizer, data, parts, resume=True).run())
    assert isinstance(rest[-1], FinishedEvent), rest[-1]

    def losses(evs: list) -> list[float]:
        return [e.loss for e in evs if isinstance(e, StepEvent)]

    assert losses(first) + losses(rest) == pytest.approx(losses(events), abs=1e-6)
