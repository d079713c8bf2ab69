"""How the Trainer computes: threads, device precision, compilation, and DDP's wrapper.

Kept beside the loop so that the loop reads the same with one process or several, on a
processor or a graphics card: `prepare` returns the module the steps call (the model itself,
or its DDP wrapper) and records the choices in run.json.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import torch

from lmstudio_app.core import runs
from lmstudio_app.core.training import accel, distributed
from lmstudio_app.core.training.devices import is_out_of_memory as accel_oom

if TYPE_CHECKING:
    from lmstudio_app.core.training.loop.trainer import Trainer


def thread_count(spec_threads: int, environ: dict[str, str] | None = None) -> int:
    """The threads one process trains with: all the cores (0) shared among the processes
    torchrun started on this machine, which would otherwise fight over them."""
    if spec_threads:
        return spec_threads
    env = os.environ if environ is None else environ
    try:
        local_processes = max(1, int(env.get("LOCAL_WORLD_SIZE", "1")))
    except ValueError:
        local_processes = 1
    return max(1, (os.cpu_count() or 1) // local_processes)


def prepare(trainer: Trainer, model: torch.nn.Module) -> torch.nn.Module:
    """Set threads, precision and pinning; compile and wrap `model` as asked. Returns the
    module the training steps call."""
    spec, device, env = trainer.spec, trainer.device, trainer.dist
    threads = thread_count(spec.threads)
    torch.set_num_threads(threads)
    trainer.autocast_dtype = accel.choose_autocast(device)
    trainer.pin = accel.pins_memory(device)
    if spec.compile:
        if device.type == "cpu" and (env is None or env.leads):
            print(accel.COMPILE_NOTE_CPU, file=sys.stderr)
        accel.compile_model(model)
    module: torch.nn.Module = model
    backend = ""
    if env is not None:
        from torch.nn.parallel import DistributedDataParallel

        backend = str(torch.distributed.get_backend())
        ids = [device.index] if device.type == "cuda" else None
        module = DistributedDataParallel(model, device_ids=ids)
    # Where the small control messages travel: gloo sends from the processor, nccl from the card.
    trainer._control_device = device if backend == "nccl" else torch.device("cpu")
    trainer.compute = accel.device_report(
        device,
        threads,
        trainer.autocast_dtype,
        trainer.pin,
        spec.compile,
        env.world_size if env else 1,
        backend,
    )
    return module


def record(trainer: Trainer) -> None:
    if trainer.folder is not None:
        runs.update_run_json(trainer.folder, compute=trainer.compute)


def to_device(trainer: Trainer, tensor: torch.Tensor) -> torch.Tensor:
    if trainer.dist is not None:
        tensor = distributed.share(tensor, trainer.dist)
    return accel.to_device(tensor, trainer.device, trainer.pin)


def share_memory(trainer: Trainer, memory: Any) -> Any:
    """A memory saved by one process for every stream, cut to this process's streams (a run
    continued with several processes keeps each stream's memory)."""
    env = trainer.dist
    if env is None or memory is None:
        return memory
    tensors = trainer.family.state_tensors(memory)
    if not tensors:
        return memory
    width = tensors[0].size(1) // env.world_size
    part = [t[:, env.rank * width : (env.rank + 1) * width].contiguous() for t in tensors]
    return trainer.family.state_from_tensors(trainer.model_spec, part)


def full_precision_state(trainer: Trainer, memory: Any) -> Any:
    """The carried memory in float32: under bf16 autocast it may come back in bf16, and a
    checkpoint continued on a processor must not carry that."""
    if trainer.autocast_dtype is None or memory is None:
        return memory
    tensors = trainer.family.state_tensors(memory)
    return trainer.family.state_from_tensors(trainer.model_spec, [t.float() for t in tensors])


def is_collective_failure(exc: BaseException) -> bool:
    """A failed collective: another process died, or stopped answering within the timeout."""
    if isinstance(exc, MemoryError) or accel_oom(exc):
        return False
    if isinstance(exc, getattr(torch.distributed, "DistError", ())):
        return True
    text = str(exc).lower()
    return any(
        word in text for word in ("gloo", "nccl", "connection", "timed out", "timeout", "peer")
    )
