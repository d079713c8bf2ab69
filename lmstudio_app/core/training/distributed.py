"""Training one model in several processes with DistributedDataParallel, as started by
`torchrun --nproc-per-node N -m lmstudio_app train ...` (and `--nnodes` with a rendezvous
for several machines).

torchrun sets RANK, WORLD_SIZE and LOCAL_RANK in each process's environment. Every process
builds the same model from the same seed and reads the same global batches through the
usual batching classes; each keeps its own share of the batch's columns (streams for
contiguous batching, windows for random windows), so the global batch is the one a single
process trains on. DDP averages the gradients; rank 0 decides when to stop, evaluates,
prints and writes the run folder. Every collective has a timeout, so a process whose
partner died stops with a sentence instead of waiting forever.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist

from lmstudio_app.core.errors import StudioError

# How long a process waits for the others at a collective before giving up (seconds). Rank 0
# evaluates while the others wait, so this must exceed the longest evaluation.
DEFAULT_TIMEOUT = 600.0
TIMEOUT_VARIABLE = "LMSTUDIO_DDP_TIMEOUT"


@dataclass(frozen=True)
class DistEnv:
    rank: int
    world_size: int
    local_rank: int

    @property
    def leads(self) -> bool:
        """Rank 0 evaluates, prints and writes."""
        return self.rank == 0


def detect(environ: dict[str, str] | None = None) -> DistEnv | None:
    """The process's place in a torchrun group, or None when it trains alone."""
    env = os.environ if environ is None else environ
    try:
        world = int(env.get("WORLD_SIZE", "1"))
        rank = int(env.get("RANK", "0"))
        local = int(env.get("LOCAL_RANK", str(rank)))
    except ValueError:
        return None
    if world <= 1:
        return None
    return DistEnv(rank, world, local)


def backend_for(device_type: str) -> str:
    """nccl between CUDA cards, gloo between processors (and anything else)."""
    return "nccl" if device_type == "cuda" else "gloo"


def timeout_seconds(environ: dict[str, str] | None = None) -> float:
    env = os.environ if environ is None else environ
    try:
        return max(1.0, float(env.get(TIMEOUT_VARIABLE, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def device_name_for(env: DistEnv, device_name: str) -> str:
    """Each process of a machine takes its own card: `cuda` becomes `cuda:<local rank>`;
    `auto` picks a card when there is one."""
    if device_name == "auto":
        device_name = "cuda" if torch.cuda.is_available() else "cpu"
    if device_name == "cuda":
        return f"cuda:{env.local_rank}"
    return device_name


def start(env: DistEnv, device_name: str) -> str:
    """Join the process group (once per process); returns the backend."""
    device_type = device_name_for(env, device_name).split(":")[0]
    backend = backend_for(device_type)
    if dist.is_initialized():
        return str(dist.get_backend())
    if device_type == "cuda":
        torch.cuda.set_device(env.local_rank)
    dist.init_process_group(
        backend,
        timeout=datetime.timedelta(seconds=timeout_seconds()),
        rank=env.rank,
        world_size=env.world_size,
    )
    return backend


def stop() -> None:
    """Leave the process group together: a process that tore its connections down while the
    other still used them (rank 0 scoring the test text after training) was aborted at exit
    by gloo ("terminate called without an active exception"), seen on a loaded machine."""
    if not dist.is_initialized():
        return
    with contextlib.suppress(Exception):  # a partner is gone: nothing to wait for
        dist.barrier()
    dist.destroy_process_group()


def check_divisible(batch_size: int, world_size: int) -> None:
    if batch_size % world_size:
        raise StudioError("ddp_batch_split", batch_size=batch_size, processes=world_size)


def share(tensor: torch.Tensor, env: DistEnv) -> torch.Tensor:
    """This process's columns of a time-first (seq_len, batch) tensor: equal consecutive
    parts, so that rank r always reads the same streams of a contiguous batching."""
    width = tensor.size(1) // env.world_size
    return tensor[:, env.rank * width : (env.rank + 1) * width]


def lost_partner(exc: BaseException) -> StudioError:
    """The sentence for a collective that failed: another process died or stopped answering."""
    text = str(exc).lower()
    detail = (
        "no answer in time"
        if "timed out" in text or "timeout" in text
        else ("its connection closed")
    )
    return StudioError("ddp_process_lost", detail=detail)


def broadcast_control(stop_now: bool, lr_scale: float, device: torch.device) -> tuple[bool, float]:
    """Rank 0's decisions for this step (stop? the plateau schedule's scale), for everyone."""
    values = torch.tensor([1.0 if stop_now else 0.0, lr_scale], dtype=torch.float64, device=device)
    dist.broadcast(values, src=0)
    return bool(values[0].item() > 0.5), float(values[1].item())


def mean_of(value: torch.Tensor) -> torch.Tensor:
    """The mean over the processes of a scalar (each process's share's mean loss: with equal
    shares, the global batch's mean loss)."""
    total = value.detach().clone()
    dist.all_reduce(total, op=dist.ReduceOp.SUM)
    return total / dist.get_world_size()
