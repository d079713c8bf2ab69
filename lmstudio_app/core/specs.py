"""The settings of a recurrent model and of training, the presets and the estimates, under
their older address. They live with what they describe: the recurrent family's settings,
presets and estimates in `core.models.recurrent`, `TrainSpec` in `core.training.spec`.
No torch here, so the window can build its forms before the heavy modules load.

`preset_specs` serves every neural family: it asks the registry for the family's own presets,
and `model_parameters`, `training_memory_bytes` and `epoch_seconds_estimate` give the figures of
the family whose settings they are given (each family's `estimates` module, through the registry).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from lmstudio_app.core.models.recurrent.estimates import (
    CPU_MULTIPLY_ADDS_PER_SECOND,
    GATES,
    check_training_memory,
    epoch_seconds_from_step,
    recurrent_parameters,
    run_seconds_estimate,
)
from lmstudio_app.core.models.recurrent.spec import (
    FAMILIES,
    PRESET_DESCRIPTIONS,
    PRESETS,
    SMALL_TEXT_DROPOUT,
    SMALL_TEXT_TOKENS,
    ModelSpec,
    preset_domain,
)
from lmstudio_app.core.training.spec import (
    BATCHING_CHOICES,
    DEVICES,
    OPTIMIZERS,
    SCHEDULES,
    TrainSpec,
    check_corpus_length,
    check_specs,
)

__all__ = [
    "BATCHING_CHOICES",
    "CPU_MULTIPLY_ADDS_PER_SECOND",
    "DEVICES",
    "FAMILIES",
    "GATES",
    "OPTIMIZERS",
    "PRESETS",
    "PRESET_DESCRIPTIONS",
    "SCHEDULES",
    "SMALL_TEXT_DROPOUT",
    "SMALL_TEXT_TOKENS",
    "ModelSpec",
    "TrainSpec",
    "check_corpus_length",
    "check_specs",
    "check_training_memory",
    "epoch_seconds_estimate",
    "epoch_seconds_from_step",
    "model_parameters",
    "preset_domain",
    "preset_specs",
    "recurrent_parameters",
    "run_seconds_estimate",
    "training_memory_bytes",
    "training_multiply_adds_per_token",
]


def preset_specs(
    name: str,
    tokenizer_kind: str = "char",
    family: str = "lstm",
    train_tokens: int | None = None,
    vocab_size: int | None = None,
) -> tuple[Any, TrainSpec]:
    """The model and training settings of preset `name` for `family` (any neural kind of the
    registry), fitted to the text when its length and vocabulary size are known. The one place
    presets adapt: the Model page's "Preset" and `train --preset` both call it."""
    from lmstudio_app.core.models import MODEL_KINDS
    from lmstudio_app.core.models.recurrent.spec import preset_specs as recurrent_presets

    kind = MODEL_KINDS.get(family)
    if kind is None or not kind.neural:  # the recurrent settings refuse it by name
        return recurrent_presets(name, tokenizer_kind, family, train_tokens, vocab_size)
    return kind.preset_specs(name, tokenizer_kind, train_tokens, vocab_size)


def _estimates(model: Any) -> ModuleType:
    """The estimates module (torch-free) of the family whose settings `model` holds, found
    through the registry: a new family brings its own and needs no branch here."""
    from lmstudio_app.core.models import kind_of_spec

    return importlib.import_module(f"{kind_of_spec(model).module}.estimates")


def model_parameters(vocab_size: int, model: Any) -> int:
    """The parameter count of a neural model of any family, from its settings."""
    return int(_estimates(model).parameters(vocab_size, model))


def training_memory_bytes(vocab_size: int, model: Any, train: TrainSpec) -> int:
    """Roughly the memory training takes, by the family's own formula (the one its Trainer
    refuses a model too large for the memory with)."""
    return int(_estimates(model).training_memory_bytes(vocab_size, model, train))


def training_multiply_adds_per_token(vocab_size: int, model: Any) -> float:
    return float(_estimates(model).training_multiply_adds_per_token(vocab_size, model))


def epoch_seconds_estimate(vocab_size: int, model: Any, train_tokens: int) -> float:
    """Roughly how long one pass over `train_tokens` training tokens takes on the CPU, from
    the family's work per token (a rough guess: the real speed shows once training starts)."""
    work = train_tokens * training_multiply_adds_per_token(vocab_size, model)
    return work / CPU_MULTIPLY_ADDS_PER_SECOND
