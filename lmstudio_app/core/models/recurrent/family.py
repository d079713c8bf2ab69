"""The recurrent families (RNN, LSTM, GRU) as the Trainer sees them: `core.training.family`'s
protocol, implemented with `RecurrentLM`. Their state is the network's memory."""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from lmstudio_app.core.models.recurrent.estimates import (
    recurrent_parameters,
    training_memory_bytes,
    training_multiply_adds_per_token,
)
from lmstudio_app.core.models.recurrent.module import (
    Hidden,
    RecurrentLM,
    detach_hidden,
    hidden_from_tensors,
    hidden_tensors,
)
from lmstudio_app.core.models.recurrent.run_model import (
    WEIGHTS_FORMAT,
    WEIGHTS_FORMAT_VERSION,
    RecurrentRunModel,
)
from lmstudio_app.core.models.recurrent.spec import ModelSpec
from lmstudio_app.core.models.weights import load_weights, save_weights_file
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.training.spec import TrainSpec


class RecurrentFamily:
    def build(self, spec: ModelSpec, vocab_size: int) -> RecurrentLM:
        return RecurrentLM(vocab_size, spec)

    def initial_state(
        self, module: nn.Module, batch_size: int, device: torch.device
    ) -> Hidden | None:
        # None is torch's own "zeros": each window of random batches, and each epoch, starts
        # with an empty memory (word_language_model does the same).
        return None

    def forward(
        self, module: nn.Module, ids: torch.Tensor, state: Hidden | None
    ) -> tuple[torch.Tensor, Hidden]:
        return module(ids, state)  # type: ignore[no-any-return]

    def detach_state(self, state: Hidden | None) -> Hidden | None:
        return None if state is None else detach_hidden(state)

    def state_tensors(self, state: Hidden | None) -> list[torch.Tensor]:
        return hidden_tensors(state)

    def state_from_tensors(self, spec: ModelSpec, tensors: list[torch.Tensor]) -> Hidden | None:
        return hidden_from_tensors(spec.family, tensors)

    def save_weights(self, tensors: dict[str, torch.Tensor], path: Path) -> None:
        save_weights_file(tensors, path, WEIGHTS_FORMAT, WEIGHTS_FORMAT_VERSION)

    def load_weights(
        self, module: nn.Module, tensors: dict[str, torch.Tensor], folder: Path
    ) -> None:
        load_weights(module, tensors, folder)

    def parameters(self, vocab_size: int, spec: ModelSpec) -> int:
        return recurrent_parameters(vocab_size, spec)

    def training_memory_bytes(self, vocab_size: int, spec: ModelSpec, train: TrainSpec) -> int:
        return training_memory_bytes(vocab_size, spec, train)

    def multiply_adds_per_token(self, vocab_size: int, spec: ModelSpec) -> float:
        return training_multiply_adds_per_token(vocab_size, spec)

    def run_model(
        self, module: nn.Module, tokenizer: StudioTokenizer, device: torch.device
    ) -> RecurrentRunModel:
        assert isinstance(module, RecurrentLM)
        return RecurrentRunModel(module, tokenizer, device)


FAMILY = RecurrentFamily()
