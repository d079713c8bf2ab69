"""`TrainState`: what a checkpoint holds, saved and loaded from one list of fields.

Each field says where it lives in the checkpoint (`core.checkpoint` is the file format): a
number or small object in state.json, or tensors in state.safetensors under a name prefix.
Adding something to the checkpoint is one field here; saving and loading follow it.

The names are those the first version wrote (step, epoch, index, ..., `model.*`, `best.*`,
`hidden.*`, `optimizer.*`, `rng.*`), so every checkpoint ever written still resumes; the
fields marked `since` are missing from older ones and take their default.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from lmstudio_app.core.checkpoint import (
    flatten_optimizer,
    load_checkpoint,
    restore_rng,
    rng_tensors,
    save_checkpoint,
    unflatten_optimizer,
)
from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.i18n import N_


def _json(read: Callable[[Any], Any], *, since_v1: bool = True, **more: Any) -> dict[str, Any]:
    """A value in state.json, converted by `read` when loaded. Fields added after the first
    version (`since_v1=False`) take their default when an older save lacks them."""
    return {"store": "json", "read": read, "required": since_v1, **more}


def _tensors(prefix: str) -> dict[str, Any]:
    """A dict of tensors in state.safetensors, each under `prefix` + its name."""
    return {"store": "tensors", "prefix": prefix}


def _finite_or_none(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _float_or_inf(value: Any) -> float:
    return math.inf if value is None else float(value)


@dataclass
class TrainState:
    """Everything training needs to go on exactly where it stopped."""

    # ---- where training is (state.json)
    step: int = field(default=0, metadata=_json(int))
    epoch: int = field(default=0, metadata=_json(int))
    index: int = field(default=0, metadata=_json(int))  # the next batch within the epoch
    # training seconds, pauses excluded, over every session of the run
    elapsed: float = field(default=0.0, metadata=_json(float))
    train_tokens: int = field(default=0, metadata=_json(int))
    evals_without_improvement: int = field(default=0, metadata=_json(int))
    # inf until measured; JSON has no infinity, so null
    best_valid: float = field(
        default=math.inf, metadata=_json(_float_or_inf, write=_finite_or_none)
    )
    lr_scale: float = field(default=1.0, metadata=_json(float))  # the plateau schedule's
    last_eval_step: int = field(default=-1, metadata=_json(int, since_v1=False))
    last_valid: dict[str, float] = field(
        default_factory=dict, metadata=_json(dict, since_v1=False)
    )
    # The batch layout the position (epoch, index) and the memory refer to: a resume that
    # changes it is refused. Older saves lack it.
    batching: str | None = field(default=None, metadata=_json(str, since_v1=False))
    batch_size: int | None = field(default=None, metadata=_json(int, since_v1=False))
    seq_len: int | None = field(default=None, metadata=_json(int, since_v1=False))

    # ---- tensors (state.safetensors)
    weights: dict[str, torch.Tensor] = field(default_factory=dict, metadata=_tensors("model."))
    # the best weights by validation loss; empty until an evaluation
    best_weights: dict[str, torch.Tensor] = field(
        default_factory=dict, metadata=_tensors("best.")
    )
    # torch's random generators (dropout draws from them)
    rng: dict[str, torch.Tensor] = field(default_factory=dict, metadata=_tensors("rng."))
    # The memory carried into the next window: tensors hidden.0, hidden.1, ..., their count
    # under "hidden" in state.json.
    memory: list[torch.Tensor] = field(
        default_factory=list, metadata={"store": "list", "prefix": "hidden.", "count": "hidden"}
    )
    # The optimizer's state dict: its tensors under optimizer.*, the rest in state.json.
    optimizer: dict[str, Any] = field(default_factory=dict, metadata={"store": "optimizer"})


# --------------------------------------------------------------------------- random state


def capture_rng() -> dict[str, torch.Tensor]:
    return {name.removeprefix("rng."): tensor for name, tensor in rng_tensors().items()}


def apply_rng(rng: dict[str, torch.Tensor]) -> None:
    restore_rng({f"rng.{name}": tensor for name, tensor in rng.items()})


# --------------------------------------------------------------------------- to and from disk


def save_state(run_folder: Path, state: TrainState) -> Path:
    """Write `state` as a new checkpoint of `run_folder`; return its folder."""
    tensors: dict[str, torch.Tensor] = {}
    body: dict[str, Any] = {}
    for f in dataclasses.fields(TrainState):
        value = getattr(state, f.name)
        store = f.metadata["store"]
        if store == "json":
            body[f.name] = f.metadata.get("write", _same)(value)
        elif store == "tensors":
            tensors.update({f.metadata["prefix"] + k: v for k, v in value.items()})
        elif store == "list":
            tensors.update({f"{f.metadata['prefix']}{i}": v for i, v in enumerate(value)})
            body[f.metadata["count"]] = len(value)
        else:  # optimizer
            optimizer_tensors, body["optimizer"] = flatten_optimizer(value)
            tensors.update(optimizer_tensors)
    return save_checkpoint(run_folder, state.step, tensors, body)


def load_state(run_folder: Path) -> TrainState:
    """The latest checkpoint of `run_folder`, with a clear error for anything damaged."""
    tensors, body = load_checkpoint(run_folder)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(TrainState):
        store = f.metadata["store"]
        if store == "json":
            values[f.name] = _read_json_field(f, body, run_folder)
        elif store == "tensors":
            prefix = f.metadata["prefix"]
            values[f.name] = {
                k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)
            }
        elif store == "list":
            values[f.name] = _read_memory(f, tensors, body, run_folder)
        else:
            values[f.name] = _read_optimizer(tensors, body, run_folder)
    return TrainState(**values)


def _same(value: Any) -> Any:
    return value


def _read_json_field(f: dataclasses.Field[Any], body: dict[str, Any], run_folder: Path) -> Any:
    if f.name not in body and not f.metadata["required"]:
        return f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
    try:
        return f.metadata["read"](body[f.name])
    except (KeyError, ValueError, TypeError) as exc:
        raise RunFolderError(
            "run_corrupt", path=str(run_folder), reason=N_("checkpoint state: {exc}", exc=exc)
        ) from None


def _read_memory(
    f: dataclasses.Field[Any], tensors: dict[str, torch.Tensor], body: dict[str, Any],
    run_folder: Path,
) -> list[torch.Tensor]:
    prefix, count = f.metadata["prefix"], f.metadata["count"]
    try:
        return [tensors[f"{prefix}{i}"] for i in range(int(body.get(count, 0)))]
    except (KeyError, ValueError, TypeError):
        raise RunFolderError(
            "run_corrupt", path=str(run_folder), reason=N_("the checkpoint lacks the memory")
        ) from None


def _read_optimizer(
    tensors: dict[str, torch.Tensor], body: dict[str, Any], run_folder: Path
) -> dict[str, Any]:
    try:
        return unflatten_optimizer(
            {k: v for k, v in tensors.items() if k.startswith("optimizer.")}, body["optimizer"]
        )
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise optimizer_error(run_folder, exc) from None


def optimizer_error(run_folder: Path, exc: Exception) -> RunFolderError:
    """A saved optimizer state that does not fit: the run folder is damaged."""
    return RunFolderError(
        "run_corrupt", path=str(run_folder), reason=N_("optimizer state: {exc}", exc=exc)
    )
