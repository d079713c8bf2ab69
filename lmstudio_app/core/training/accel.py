"""Making a graphics card earn its keep: bf16 autocast, pinned batches, `torch.compile`, and
the record of what was chosen (written to run.json).

The decisions are pure functions of what the device offers, so they are tested on a
computer without a graphics card; the CUDA paths themselves run in bench/gpu_smoke.py.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import torch


def autocast_dtype(device_type: str, bf16_supported: bool) -> torch.dtype | None:
    """The lower precision to compute in, or None for full float32.

    bf16 on CUDA cards that support it (Ampere and later): it keeps float32's range, so no
    loss scaling is needed and a run cannot overflow where float32 would not. float16 would
    need a GradScaler and is left out; the CPU and Apple's GPU stay in float32, where bf16 is
    often slower and changes the losses a reader compares against.
    """
    if device_type == "cuda" and bf16_supported:
        return torch.bfloat16
    return None


def cuda_bf16_supported() -> bool:
    try:
        return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    except (RuntimeError, AssertionError):  # a broken driver: stay in float32
        return False


def choose_autocast(device: torch.device) -> torch.dtype | None:
    return autocast_dtype(device.type, device.type == "cuda" and cuda_bf16_supported())


@contextlib.contextmanager
def autocast(device: torch.device, dtype: torch.dtype | None) -> Iterator[None]:
    """Run the forward pass in `dtype` (None: as it is)."""
    if dtype is None:
        yield
        return
    with torch.autocast(device_type=device.type, dtype=dtype):
        yield


def pins_memory(device: torch.device) -> bool:
    """Batches are copied from page-locked memory to a CUDA card, so that the copy runs
    asynchronously (non_blocking) while the card still works on the previous step."""
    return device.type == "cuda"


def to_device(tensor: torch.Tensor, device: torch.device, pin: bool) -> torch.Tensor:
    if pin:
        tensor = tensor.pin_memory()
    return tensor.to(device, non_blocking=pin)


def compile_model(model: torch.nn.Module) -> None:
    """Compile `model` in place (`nn.Module.compile`): its parameter names, and so the
    checkpoints and model.safetensors, stay those of the plain model."""
    model.compile()


COMPILE_NOTE_CPU = (
    "--compile on the processor: the first steps wait while torch compiles the model "
    "(a minute or more), and a small model may end up no faster."
)


def device_report(
    device: torch.device,
    threads: int,
    dtype: torch.dtype | None,
    pinned: bool,
    compiled: bool,
    world_size: int = 1,
    backend: str = "",
) -> dict[str, Any]:
    """What run.json records about where and how the run computed."""
    report: dict[str, Any] = {
        "device": str(device),
        "threads": threads,
        "cpu_count": os.cpu_count() or 1,
        "precision": "bfloat16 autocast" if dtype == torch.bfloat16 else "float32",
        "pinned_batches": pinned,
        "compiled": compiled,
        "torch": torch.__version__,
        "processes": world_size,
    }
    if device.type == "cuda":
        with contextlib.suppress(RuntimeError, AssertionError):
            report["gpu"] = torch.cuda.get_device_name(device)
    if backend:
        report["backend"] = backend
    return report
