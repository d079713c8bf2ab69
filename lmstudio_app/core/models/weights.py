"""A neural model's weights in `model.safetensors`, for any family: written atomically with the
family's format stamp, read back with clear errors, put into a module only when every name and
shape fits. safetensors is a JSON header and raw numbers: nothing is ever unpickled.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from lmstudio_app.core.errors import RunFolderError
from lmstudio_app.core.i18n import N_

MODEL_FILE = "model.safetensors"


def model_tensors(module: nn.Module) -> dict[str, torch.Tensor]:
    """The parameters by name, shared (tied) ones once, detached."""
    return {name: p.detach() for name, p in module.named_parameters()}


def save_weights_file(
    tensors: dict[str, torch.Tensor], path: Path, weights_format: str, version: int
) -> None:
    """Write `tensors` as safetensors stamped with the family's format, atomically."""
    from safetensors.torch import save

    from lmstudio_app.core.fileio import atomic_write_bytes

    cpu = {name: t.detach().to("cpu").contiguous() for name, t in tensors.items()}
    data = save(cpu, metadata={"format": weights_format, "format_version": str(version)})
    atomic_write_bytes(Path(path), data)


def read_safetensors(path: Path, folder: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Tensors and metadata of a safetensors file; a clear error for anything else.

    A pickle or any other file under this name is refused as damaged, never executed.
    """
    from safetensors import safe_open

    if not Path(path).is_file():
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=f"{Path(path).name} is missing"
        )
    try:
        tensors = {}
        with safe_open(str(path), framework="pt", device="cpu") as handle:
            metadata = handle.metadata() or {}
            for key in handle.keys():  # noqa: SIM118 - safe_open has no __iter__
                tensors[key] = handle.get_tensor(key)
    except Exception as exc:  # the Rust side raises its own error types
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise RunFolderError(
            "run_corrupt",
            path=str(folder),
            reason=f"{Path(path).name} is not a readable safetensors file: {detail}",
        ) from None
    return tensors, metadata


def load_weights(module: nn.Module, tensors: dict[str, torch.Tensor], folder: Path) -> None:
    """Put `tensors` into `module`, refusing missing, extra or misshapen ones."""
    own = dict(module.named_parameters())
    missing = sorted(set(own) - set(tensors))
    extra = sorted(set(tensors) - set(own))
    if missing or extra:
        what = f"missing {missing[0]}" if missing else f"unexpected {extra[0]}"
        raise RunFolderError(
            "run_corrupt", path=str(folder), reason=f"the weights do not fit the model ({what})"
        )
    with torch.no_grad():
        for name, parameter in own.items():
            tensor = tensors[name]
            if tuple(tensor.shape) != tuple(parameter.shape):
                raise RunFolderError(
                    "run_corrupt",
                    path=str(folder),
                    reason=f"the weights do not fit the model ({name} has shape "
                    f"{tuple(tensor.shape)}, the model needs {tuple(parameter.shape)})",
                )
            parameter.copy_(tensor.to(parameter.dtype))


def check_finite_weights(tensors: dict[str, torch.Tensor], folder: Path) -> None:
    """Refuse weights holding NaN or infinity: training never saves such weights (it stops
    at the last good ones), so they were damaged or made by hand, and would only give
    "probabilities contain NaN" deep inside sampling."""
    for name, tensor in tensors.items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            raise RunFolderError(
                "run_corrupt", path=str(folder),
                reason=N_("{file}: the weights {name} are not numbers (NaN or infinity)",
                          file=MODEL_FILE, name=name),
            )
