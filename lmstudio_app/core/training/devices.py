"""Where training computes, and how much memory is free there."""

from __future__ import annotations

import torch

from lmstudio_app.core.errors import TrainingError
from lmstudio_app.core.memory import available_memory


def resolve_device(name: str) -> torch.device:
    """`auto` is a CUDA card when there is one, else the CPU (small recurrent networks are
    rarely faster on Apple's GPU, so `mps` is used only when asked for)."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise TrainingError("device_unavailable", device="cuda (an NVIDIA graphics card)")
    if name == "mps" and not (
        getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    ):
        raise TrainingError("device_unavailable", device="mps (an Apple graphics card)")
    return torch.device(name)


def available_memory_for(device: torch.device) -> int | None:
    """Free memory where the model will live: the graphics card's, or the computer's."""
    if device.type == "cuda":
        try:
            free, _total = torch.cuda.mem_get_info(device)
            return int(free)
        except (RuntimeError, AssertionError):
            return None
    if device.type == "cpu":
        return available_memory()
    return None  # Apple's GPU shares the computer's memory and reports nothing useful


def is_out_of_memory(exc: BaseException) -> bool:
    oom_type = getattr(torch, "OutOfMemoryError", None)
    if oom_type is not None and isinstance(exc, oom_type):
        return True
    return isinstance(exc, RuntimeError) and "out of memory" in str(exc).lower()
