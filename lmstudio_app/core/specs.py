"""The settings of a recurrent model and of training, the presets and the estimates, under
their older address. They live with what they describe: the recurrent family's settings,
presets and estimates in `core.models.recurrent`, `TrainSpec` in `core.training.spec`.
No torch here, so the window can build its forms before the heavy modules load.
"""

from __future__ import annotations

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
    "preset_domain",
    "preset_specs",
    "recurrent_parameters",
    "run_seconds_estimate",
    "training_memory_bytes",
    "training_multiply_adds_per_token",
]
