"""Training a neural language model, for any family the registry of model kinds names.

```
spec.py      TrainSpec and the checks made before anything is built         (no torch)
events.py    StepEvent, EvalEvent, ..., FinishedEvent, FailedEvent, STOP_REASONS (no torch)
schedule.py  the learning rate at each step, the budget used, why to stop   (no torch)
family.py    Family: the protocol a model family implements to be trained
state.py     TrainState: what a checkpoint holds, saved and loaded from one field list
devices.py   resolve_device, free memory, out-of-memory errors
folder.py    create_run, specs_from_run
loop/        Trainer: the training loop that yields the events
```

The torch-free names import at once (the window builds its forms before torch has loaded);
the others are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

from lmstudio_app.core.training.events import (
    STOP_REASONS,
    CheckpointEvent,
    EvalEvent,
    Event,
    FailedEvent,
    FinishedEvent,
    PausedEvent,
    ResumedEvent,
    StepEvent,
)
from lmstudio_app.core.training.schedule import Schedule
from lmstudio_app.core.training.spec import (
    EVAL_BATCH_SIZE,
    TrainSpec,
    check_corpus_length,
    check_specs,
)

_Schedule = Schedule  # the name the tests knew it by

# name -> module that defines it, imported on first use
_LAZY = {
    "Trainer": "loop.trainer",
    "GOOD_WEIGHTS_INTERVAL": "loop.trainer",
    "METRICS_FLUSH_INTERVAL": "loop.trainer",
    "RESUMABLE_FAILURES": "loop.trainer",
    "TRAIN_LOSS_WINDOW": "loop.session",
    "SAMPLE_TEMPERATURE": "loop.evaluation",
    "divergence_threshold": "loop.evaluation",
    "Family": "family",
    "family_of": "family",
    "TrainState": "state",
    "load_state": "state",
    "save_state": "state",
    "available_memory_for": "devices",
    "resolve_device": "devices",
    "create_run": "folder",
    "specs_from_run": "folder",
    "make_optimizer": "lmstudio_app.core.optimizer",
    # the recurrent family's settings, where callers have long found them
    "ModelSpec": "lmstudio_app.core.models.recurrent.spec",
    "preset_specs": "lmstudio_app.core.specs",  # every neural family's presets
}

__all__ = [
    "EVAL_BATCH_SIZE",
    "STOP_REASONS",
    "CheckpointEvent",
    "EvalEvent",
    "Event",
    "FailedEvent",
    "FinishedEvent",
    "PausedEvent",
    "ResumedEvent",
    "Schedule",
    "StepEvent",
    "TrainSpec",
    "check_corpus_length",
    "check_specs",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not where.startswith("lmstudio_app."):
        where = f"{__name__}.{where}"
    return getattr(importlib.import_module(where), name)
