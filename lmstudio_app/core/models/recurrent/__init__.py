"""The recurrent families: RNN (tanh), LSTM and GRU language models.

```
spec.py       ModelSpec, FAMILIES and the presets             (no torch)
estimates.py  parameters, training memory, work per token    (no torch)
module.py     RecurrentLM, the torch network
run_model.py  RecurrentRunModel (generation, evaluation) and load_from_run
family.py     FAMILY: the `core.training.family.Family` the Trainer trains them through
```

The settings and estimates import without torch (the window builds its forms before torch has
loaded); the torch names below are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from lmstudio_app.core.models.recurrent.estimates import (
    CPU_MULTIPLY_ADDS_PER_SECOND,
    GATES,
    check_training_memory,
    epoch_seconds_estimate,
    epoch_seconds_from_step,
    recurrent_parameters,
    run_seconds_estimate,
    training_memory_bytes,
    training_multiply_adds_per_token,
)
from lmstudio_app.core.models.recurrent.spec import (
    FAMILIES,
    PRESET_DESCRIPTIONS,
    PRESETS,
    SMALL_TEXT_DROPOUT,
    SMALL_TEXT_TOKENS,
    ModelSpec,
    preset_domain,
    preset_specs,
)
from lmstudio_app.core.training.spec import TrainSpec

# name -> submodule, for the names that need torch
_LAZY = {
    "FAMILY": "family",
    "RecurrentFamily": "family",
    "detach_hidden": "module",
    "hidden_from_tensors": "module",
    "hidden_tensors": "module",
    "Hidden": "module",
    "RecurrentLM": "module",
    "RecurrentRunModel": "run_model",
    "RecurrentState": "run_model",
    "WEIGHTS_FORMAT": "run_model",
    "WEIGHTS_FORMAT_VERSION": "run_model",
    "load_from_run": "run_model",
    "separator_id": "run_model",
    "MODEL_FILE": "lmstudio_app.core.models.weights",
    "check_finite_weights": "lmstudio_app.core.models.weights",
    "load_weights": "lmstudio_app.core.models.weights",
    "model_tensors": "lmstudio_app.core.models.weights",
    "read_safetensors": "lmstudio_app.core.models.weights",
}

__all__ = [
    "CPU_MULTIPLY_ADDS_PER_SECOND",
    "FAMILIES",
    "GATES",
    "PRESETS",
    "PRESET_DESCRIPTIONS",
    "SMALL_TEXT_DROPOUT",
    "SMALL_TEXT_TOKENS",
    "ModelSpec",
    "TrainSpec",
    "check_training_memory",
    "epoch_seconds_estimate",
    "epoch_seconds_from_step",
    "run_seconds_estimate",
    "preset_domain",
    "preset_specs",
    "recurrent_parameters",
    "save_weights",
    "training_memory_bytes",
    "training_multiply_adds_per_token",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if "." not in where:
        where = f"{__name__}.{where}"
    return getattr(importlib.import_module(where), name)


def save_weights(module: Any, path: Any) -> None:
    """Write a recurrent network's weights to `path` (model.safetensors), atomically."""
    from lmstudio_app.core.models.recurrent.family import FAMILY
    from lmstudio_app.core.models.weights import model_tensors

    FAMILY.save_weights(model_tensors(module), path)
