"""The protocol a neural model family implements to be trained by the Trainer.

The Trainer knows no concrete family: it asks the registry (`core.models`) for the family of
the model spec it is given, and from then on talks to it only through `Family`. A family is
one module that defines `FAMILY`, an object with these methods, plus one registry entry.

A model's *state* is whatever the network carries from one window of text to the next (a
recurrent network's memory; None for a family that carries nothing). The Trainer only starts
it, passes it along, cuts its history at a window's edge and saves it in checkpoints.

A family may also define `check_training(spec, train)`, raising ConfigError for training
settings its model cannot take (a transformer refuses windows longer than its context); the
Trainer calls it, when there is one, before anything is built.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import torch
    from torch import nn

    from lmstudio_app.core.models import RunModel
    from lmstudio_app.core.tokenization import StudioTokenizer
    from lmstudio_app.core.training.spec import TrainSpec


class Family(Protocol):
    # ---- the network
    def build(self, spec: Any, vocab_size: int) -> nn.Module:
        """A new, untrained network (initialised from torch's current random state)."""

    def initial_state(self, module: nn.Module, batch_size: int, device: torch.device) -> Any:
        """The state of `batch_size` streams that have read nothing yet."""

    def forward(
        self, module: nn.Module, ids: torch.Tensor, state: Any
    ) -> tuple[torch.Tensor, Any]:
        """Logits (seq_len, batch, vocab) for time-first ids (seq_len, batch), and the state
        after them."""

    def detach_state(self, state: Any) -> Any:
        """The state without its history: backpropagation stops at the window's edge."""

    def state_tensors(self, state: Any) -> list[torch.Tensor]:
        """The state as a list of tensors, for a checkpoint."""

    def state_from_tensors(self, spec: Any, tensors: list[torch.Tensor]) -> Any:
        """The state `state_tensors` took apart ([] gives the initial state's stand-in)."""

    # ---- weights on disk (model.safetensors)
    def save_weights(self, tensors: dict[str, torch.Tensor], path: Path) -> None:
        """Write weights by parameter name as safetensors stamped with the family's format."""

    def load_weights(
        self, module: nn.Module, tensors: dict[str, torch.Tensor], folder: Path
    ) -> None:
        """Put weights by name into `module`, refusing ones that do not fit."""

    # ---- estimates, without building anything (the Model page shows the same figures)
    def parameters(self, vocab_size: int, spec: Any) -> int:
        """How many numbers the network learns."""

    def training_memory_bytes(self, vocab_size: int, spec: Any, train: TrainSpec) -> int:
        """Roughly the memory training takes, in bytes."""

    def multiply_adds_per_token(self, vocab_size: int, spec: Any) -> float:
        """Roughly the work one training token costs, forward and backward."""

    # ---- the trained network for generation and evaluation
    def run_model(
        self, module: nn.Module, tokenizer: StudioTokenizer, device: torch.device
    ) -> RunModel:
        """`module` as `generation.LanguageModel` (it samples during training, too)."""


def family_of(spec: Any) -> Family:
    """The family that trains models described by `spec`, from the registry of model kinds."""
    from lmstudio_app.core.models import kind_of_spec

    return kind_of_spec(spec).family()
