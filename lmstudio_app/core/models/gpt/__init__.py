"""The transformer family: a decoder-only GPT as in GPT-2.

```
presets.py    the presets' settings and how they fit a text     (no torch)
spec.py       GPTSpec, the presets, the window checks          (no torch)
estimates.py  parameters, training memory, work per token     (no torch)
module.py     GPT, the torch network (with its key/value cache and attention weights)
run_model.py  GPTRunModel (generation with the cache, evaluation) and load_from_run
family.py     FAMILY: the `core.training.family.Family` the Trainer trains it through
```

The settings and estimates import without torch; the torch names are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from lmstudio_app.core.models.gpt.estimates import (
    gpt_parameters,
    training_memory_bytes,
    training_multiply_adds_per_token,
)
from lmstudio_app.core.models.gpt.spec import (
    PRESET_DESCRIPTIONS,
    PRESETS,
    GPTSpec,
    check_window,
    fit_window,
    preset_specs,
)

# name -> submodule, for the names that need torch
_LAZY = {
    "FAMILY": "family",
    "GPTFamily": "family",
    "GPT": "module",
    "GPTOutput": "module",
    "KeyValues": "module",
    "causal_mask": "module",
    "GPTRunModel": "run_model",
    "GPTState": "run_model",
    "WEIGHTS_FORMAT": "run_model",
    "WEIGHTS_FORMAT_VERSION": "run_model",
    "load_from_run": "run_model",
    "scoring_windows": "run_model",
}

__all__ = [
    "PRESETS",
    "PRESET_DESCRIPTIONS",
    "GPTSpec",
    "check_window",
    "fit_window",
    "gpt_parameters",
    "preset_specs",
    "training_memory_bytes",
    "training_multiply_adds_per_token",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{where}"), name)
