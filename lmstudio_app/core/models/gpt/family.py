"""The transformer as the Trainer sees it: `core.training.family`'s protocol, implemented
with `GPT`. It carries nothing from one window to the next (its state is None): each window
is read afresh, which is why it trains on random windows of its context length."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from torch import nn

from lmstudio_app.core.models.gpt.estimates import (
    gpt_parameters,
    training_memory_bytes,
    training_multiply_adds_per_token,
)
from lmstudio_app.core.models.gpt.module import GPT
from lmstudio_app.core.models.gpt.run_model import (
    WEIGHTS_FORMAT,
    WEIGHTS_FORMAT_VERSION,
    GPTRunModel,
)
from lmstudio_app.core.models.gpt.spec import GPTSpec, check_window
from lmstudio_app.core.models.weights import load_weights, save_weights_file
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.core.training.spec import TrainSpec


class GPTFamily:
    def build(self, spec: GPTSpec, vocab_size: int) -> GPT:
        return GPT(vocab_size, spec)

    def check_training(self, spec: GPTSpec, train: TrainSpec) -> None:
        check_window(spec, train)

    def initial_state(self, module: nn.Module, batch_size: int, device: torch.device) -> None:
        return None

    def forward(
        self, module: nn.Module, ids: torch.Tensor, state: Any
    ) -> tuple[torch.Tensor, None]:
        # The Trainer speaks time-first; the network is batch-first inside.
        return module(ids.t(), time_first=True).logits, None

    def detach_state(self, state: Any) -> None:
        return None

    def state_tensors(self, state: Any) -> list[torch.Tensor]:
        return []

    def state_from_tensors(self, spec: GPTSpec, tensors: list[torch.Tensor]) -> None:
        return None

    def save_weights(self, tensors: dict[str, torch.Tensor], path: Path) -> None:
        save_weights_file(tensors, path, WEIGHTS_FORMAT, WEIGHTS_FORMAT_VERSION)

    def load_weights(
        self, module: nn.Module, tensors: dict[str, torch.Tensor], folder: Path
    ) -> None:
        load_weights(module, tensors, folder)

    def parameters(self, vocab_size: int, spec: GPTSpec) -> int:
        return gpt_parameters(vocab_size, spec)

    def training_memory_bytes(self, vocab_size: int, spec: GPTSpec, train: TrainSpec) -> int:
        return training_memory_bytes(vocab_size, spec, train)

    def multiply_adds_per_token(self, vocab_size: int, spec: GPTSpec) -> float:
        return training_multiply_adds_per_token(vocab_size, spec)

    def run_model(
        self, module: nn.Module, tokenizer: StudioTokenizer, device: torch.device
    ) -> GPTRunModel:
        assert isinstance(module, GPT)
        return GPTRunModel(module, tokenizer, device)


FAMILY = GPTFamily()
