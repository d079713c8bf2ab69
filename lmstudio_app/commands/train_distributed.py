"""`torchrun --nproc-per-node N -m lmstudio_app train ...`: one model, N processes (DDP).

Rank 0 does what `train` does alone (claims and writes the run folder, prints), with its
Trainer joined to the group. The other ranks wait until rank 0 has the folder ready, then
read the same text, tokenizer and settings from it and train beside it, writing nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import torch

from lmstudio_app.commands.signals import STOP_SIGNALS, Terminated, handle_signals
from lmstudio_app.core.training import distributed
from lmstudio_app.core.training.distributed import DistEnv


def run(args: argparse.Namespace, env: DistEnv, lead: Callable[[Any], int]) -> int:
    """Train as process `env.rank`; `lead(join)` is the single-process command, which calls
    `join(trainer)` once its trainer is built."""
    backend = distributed.start(env, getattr(args, "device", None) or "auto")
    control = torch.device("cuda", env.local_rank) if backend == "nccl" else torch.device("cpu")
    try:
        if env.leads:
            ready = False

            def join(trainer: Any) -> None:
                nonlocal ready
                trainer.join(env)
                ready = True
                distributed.broadcast_control(True, 0.0, control)  # the folder is ready

            try:
                return lead(join)
            finally:
                if not ready:  # refused before training: the others must not wait
                    distributed.broadcast_control(False, 0.0, control)
        ready, _ = distributed.broadcast_control(False, 0.0, control)
        if not ready:
            return 1  # rank 0 said why
        return _follow(args, env)
    finally:
        distributed.stop()


def _follow(args: argparse.Namespace, env: DistEnv) -> int:
    from lmstudio_app.core.checkpoint import has_checkpoint
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.runs import read_run_json
    from lmstudio_app.core.runs.folder import load_run_tokenizer
    from lmstudio_app.core.runs.source import CorpusSource
    from lmstudio_app.core.training import FailedEvent, Trainer, specs_from_run

    folder = Path(args.resume or args.out)
    run = read_run_json(folder)
    tokenizer = load_run_tokenizer(folder, run)
    model_spec, train_spec = specs_from_run(folder, run)  # as rank 0 wrote them
    moved = getattr(args, "corpus_moved_to", None) if args.resume else None
    corpus = (
        CorpusSource.of_moved_run(run, folder, moved) if moved else CorpusSource.of_run(run, folder)
    )
    data = encode_splits(tokenizer, corpus.load().splits)
    resume = bool(args.resume) and has_checkpoint(folder)
    trainer = Trainer(
        model_spec, train_spec, tokenizer, data, None, resume=resume, dist=env, read_from=folder
    )
    with _quiet_stop(trainer):
        for event in trainer.run():
            if isinstance(event, FailedEvent):
                print(f"[process {env.rank}] {event.message}", file=sys.stderr)
                return 1
    return 0


@contextlib.contextmanager
def _quiet_stop(trainer: Any) -> Iterator[None]:
    """Ctrl-C reaches every process; rank 0 says so and decides when all stop (after a step,
    with a checkpoint). Here a first one waits for that; a second one quits at once."""

    def handler(signum: int, frame: Any) -> None:
        if trainer.cancelled:
            raise KeyboardInterrupt if signum == signal.SIGINT else Terminated(signum)
        trainer.cancel()

    with handle_signals(handler, (signal.SIGINT, *STOP_SIGNALS)):
        yield
