"""What resuming a training run needs, saved so that a crash never destroys the last save.

```
checkpoint/
  latest.json               {"format_version": 1, "folder": "step-000001200-3f2a9c1e"}
  step-000001200-3f2a9c1e/
    state.safetensors       weights, optimizer moments, memory (hidden state), RNG states
    state.json              step, data position, schedule, optimizer settings, counters
```

A save writes a new step folder under a temporary name, renames it into place (one atomic
rename), then replaces `latest.json` (temporary file and rename), and only then removes the
older step folders. Whenever the process stops, `latest.json` names a complete folder.

Tensors go to safetensors and everything else to JSON: loading never unpickles anything. The
optimizer's state dict is flattened: each tensor under `optimizer.<param>.<name>`, the rest
(settings, plain numbers) in JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import torch

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.fileio import atomic_write_text, make_shareable, write_error
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.runs import paths as runpaths

CHECKPOINT_FORMAT_VERSION = 1
CHECKPOINT_DIR = "checkpoint"
LATEST_JSON = "latest.json"
STATE_TENSORS = "state.safetensors"
STATE_JSON = "state.json"
_TENSOR_KEY = "__tensor__"


# --------------------------------------------------------------------------- optimizer state


def flatten_optimizer(state_dict: dict[str, Any], prefix: str = "optimizer") -> tuple[
    dict[str, torch.Tensor], dict[str, Any]
]:
    """Split an optimizer state dict into tensors (by name) and JSON (with references)."""
    tensors: dict[str, torch.Tensor] = {}
    per_param: dict[str, dict[str, Any]] = {}
    for index, param_state in state_dict["state"].items():
        entry: dict[str, Any] = {}
        for key, value in param_state.items():
            if torch.is_tensor(value):
                name = f"{prefix}.{index}.{key}"
                tensors[name] = value.detach().to("cpu").contiguous()
                entry[key] = {_TENSOR_KEY: name}
            else:
                entry[key] = value
        per_param[str(index)] = entry
    groups = [_jsonable(group) for group in state_dict["param_groups"]]
    return tensors, {"state": per_param, "param_groups": groups}


def unflatten_optimizer(
    tensors: dict[str, torch.Tensor], data: dict[str, Any]
) -> dict[str, Any]:
    """The state dict `flatten_optimizer` took apart, for `optimizer.load_state_dict`."""
    state: dict[int, dict[str, Any]] = {}
    for index, entry in data["state"].items():
        param_state = {}
        for key, value in entry.items():
            if isinstance(value, dict) and _TENSOR_KEY in value:
                param_state[key] = tensors[value[_TENSOR_KEY]]
            else:
                param_state[key] = value
        state[int(index)] = param_state
    groups = []
    for group in data["param_groups"]:
        group = dict(group)
        if isinstance(group.get("betas"), list):
            group["betas"] = tuple(group["betas"])
        groups.append(group)
    return {"state": state, "param_groups": groups}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if torch.is_tensor(value):  # a tensor learning rate, say: keep its number
        return value.item() if value.numel() == 1 else value.tolist()
    return value


# --------------------------------------------------------------------------- random states


def rng_tensors() -> dict[str, torch.Tensor]:
    """torch's random generator states as uint8 tensors (dropout draws from them)."""
    tensors = {"rng.torch": torch.get_rng_state()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        for index, state in enumerate(torch.cuda.get_rng_state_all()):
            tensors[f"rng.cuda.{index}"] = state
    return tensors


def restore_rng(tensors: dict[str, torch.Tensor]) -> None:
    if "rng.torch" in tensors:
        torch.set_rng_state(tensors["rng.torch"].to(torch.uint8))
    cuda_states = sorted(key for key in tensors if key.startswith("rng.cuda."))
    if cuda_states and torch.cuda.is_available():
        count = min(len(cuda_states), torch.cuda.device_count())
        for index in range(count):
            torch.cuda.set_rng_state(tensors[f"rng.cuda.{index}"].to(torch.uint8), index)


# --------------------------------------------------------------------------- saving and loading


def checkpoint_dir(run_folder: Path) -> Path:
    return Path(run_folder) / CHECKPOINT_DIR


def has_checkpoint(run_folder: Path) -> bool:
    # A checkpoint/ or latest.json that is a link makes the folder damaged (RunFolderError).
    return runpaths.entry(run_folder, f"{CHECKPOINT_DIR}/{LATEST_JSON}").is_file()


def save_checkpoint(
    run_folder: Path, step: int, tensors: dict[str, torch.Tensor], state: dict[str, Any]
) -> Path:
    """Write a complete new checkpoint, then point `latest.json` at it; return its folder."""
    from lmstudio_app.core.tensorfiles import save_tensors_file  # a full disk: OSError

    name = f"step-{step:09d}-{uuid.uuid4().hex[:8]}"
    try:
        Path(run_folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(run_folder, exc) from exc
    # A real folder, never a link: everything below is written, and old saves deleted, in it.
    root = runpaths.real_subfolder(run_folder, CHECKPOINT_DIR, create=True)
    try:
        temp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        make_shareable(temp)
    except OSError as exc:
        raise write_error(root, exc) from exc
    try:
        cpu = {key: value.detach().to("cpu").contiguous() for key, value in tensors.items()}
        save_tensors_file(cpu, temp / STATE_TENSORS, metadata={"format_version": "1"})
        body = {"format_version": CHECKPOINT_FORMAT_VERSION, "step": step, **state}
        (temp / STATE_JSON).write_text(json.dumps(body, indent=1), encoding="utf-8")
        for path in (temp / STATE_TENSORS, temp / STATE_JSON):
            with open(path, "rb") as stream:
                os.fsync(stream.fileno())
        target = root / name
        os.replace(temp, target)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise write_error(root, exc) from exc
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    pointer = {"format_version": CHECKPOINT_FORMAT_VERSION, "folder": name, "step": step}
    atomic_write_text(root / LATEST_JSON, json.dumps(pointer) + "\n")
    # Only now is the older save unneeded. Only the app's own step and temporary folders go:
    # anything else a person put in checkpoint/ stays.
    runpaths.remove_old_checkpoints(root, keep=name)
    return target


def load_checkpoint(run_folder: Path) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """The tensors and the JSON state of the latest checkpoint, with clear errors."""
    from safetensors import safe_open

    run_folder = Path(run_folder)
    root = checkpoint_dir(run_folder)
    pointer_path = runpaths.entry(run_folder, f"{CHECKPOINT_DIR}/{LATEST_JSON}")
    if not pointer_path.is_file():
        raise RunFolderError("no_checkpoint", path=str(run_folder))
    pointer = _read_json(pointer_path, run_folder)
    _check_version(pointer, run_folder, "checkpoint/latest.json")
    name = pointer.get("folder")
    if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
        raise RunFolderError(
            "run_corrupt", path=str(run_folder), reason=N_("checkpoint/latest.json is damaged")
        )
    folder = root / name
    state = _read_json(folder / STATE_JSON, run_folder)
    _check_version(state, run_folder, f"checkpoint/{name}/{STATE_JSON}")
    tensor_path = folder / STATE_TENSORS
    relative = f"{CHECKPOINT_DIR}/{name}/{STATE_TENSORS}"
    try:
        # Checks every part for links and that it is a regular file (not a FIFO).
        os.close(runpaths.open_regular(run_folder, relative))
    except FileNotFoundError:
        pass  # the sentence below
    except OSError as exc:
        raise RunFolderError(
            "run_corrupt", path=str(run_folder), reason=N_("{name}: {exc}", name=relative, exc=exc)
        ) from None
    if not tensor_path.is_file():
        raise RunFolderError(
            "run_corrupt",
            path=str(run_folder),
            reason=N_("checkpoint/{name}/{file} is missing", name=name, file=STATE_TENSORS),
        )
    try:
        tensors = {}
        with safe_open(str(tensor_path), framework="pt", device="cpu") as handle:
            for key in handle.keys():  # noqa: SIM118 - safe_open has no __iter__
                tensors[key] = handle.get_tensor(key)
    except Exception as exc:  # the Rust side raises its own error types
        raise RunFolderError(
            "run_corrupt",
            path=str(run_folder),
            reason=N_(
                "the checkpoint is not a readable safetensors file ({error_type})",
                error_type=type(exc).__name__,
            ),
        ) from None
    return tensors, state


def _read_json(path: Path, run_folder: Path) -> dict[str, Any]:
    shown = path.relative_to(run_folder) if path.is_relative_to(run_folder) else path
    try:
        data = json.loads(runpaths.read_text(run_folder, str(Path(path).relative_to(run_folder))))
    except FileNotFoundError:
        raise RunFolderError(
            "run_corrupt", path=str(run_folder), reason=N_("{shown} is missing", shown=shown)
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise RunFolderError(
            "run_corrupt", path=str(run_folder), reason=N_("{shown} is not valid JSON", shown=shown)
        ) from None
    if not isinstance(data, dict):
        raise RunFolderError(
            "run_corrupt", path=str(run_folder), reason=N_("{shown} is damaged", shown=shown)
        )
    return data


def _check_version(data: dict[str, Any], run_folder: Path, shown: str) -> None:
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise RunFolderError(
            "run_corrupt",
            path=str(run_folder),
            reason=N_("{shown} has no format version", shown=shown),
        )
    if version > CHECKPOINT_FORMAT_VERSION:
        raise RunFolderError("run_future_version", path=str(run_folder), version=version)
