"""Shared pieces of the recurrent-network benchmarks: data, a timed Trainer run, reporting."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))

from lmstudio_app.core.config import add_spec_arguments, spec_from_args  # noqa: E402
from lmstudio_app.core.specs import ModelSpec, TrainSpec  # noqa: E402


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def add_override_arguments(parser: argparse.ArgumentParser) -> None:
    """Every ModelSpec / TrainSpec setting as a flag, to try other settings from the shell."""
    group = parser.add_argument_group("settings")
    add_spec_arguments(group, ModelSpec)
    add_spec_arguments(group, TrainSpec)


def override(spec: Any, args: argparse.Namespace) -> Any:
    return spec_from_args(type(spec), args, spec)


def char_data(path: Path, fractions: tuple[float, float, float] = (0.9, 0.05, 0.05)):
    from lmstudio_app.core.corpus import load_corpus, split_corpus
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    corpus = load_corpus(path)
    splits = split_corpus(corpus, fractions)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    return tokenizer, encode_splits(tokenizer, splits)


def train(
    model_spec: ModelSpec,
    train_spec: TrainSpec,
    tokenizer: Any,
    data: Any,
    *,
    eval_batch_size: int | None = None,
    log_evals: bool = True,
    folder: Path | None = None,
) -> dict[str, Any]:
    """Run the Trainer to its end; the final metrics plus the validation curve."""
    from lmstudio_app.core.training import EvalEvent, FailedEvent, FinishedEvent, Trainer

    kwargs = {} if eval_batch_size is None else {"eval_batch_size": eval_batch_size}
    trainer = Trainer(model_spec, train_spec, tokenizer, data, folder, **kwargs)
    curve = []
    started = time.perf_counter()
    result: dict[str, Any] = {}
    for event in trainer.run():
        if isinstance(event, EvalEvent):
            curve.append((event.step, round(event.epoch, 3), round(event.valid_loss, 4),
                          round(time.perf_counter() - started, 1)))
            if log_evals:
                print(f"  step {event.step:6d} epoch {event.epoch:6.2f} "
                      f"valid {event.valid_loss:.4f} ({time.perf_counter() - started:6.1f} s)",
                      flush=True)
        elif isinstance(event, FailedEvent):
            raise SystemExit(event.message)
        elif isinstance(event, FinishedEvent):
            result = dict(event.metrics)
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["curve"] = curve
    result["model_spec"] = dataclasses.asdict(model_spec)
    result["train_spec"] = dataclasses.asdict(train_spec)
    return result


def timed_preset_run(
    args: argparse.Namespace, tokenizer: Any, data: Any
) -> tuple[TrainSpec, dict[str, Any], str, str]:
    """Train a character preset for `args.minutes` on 2 threads (unless overridden).

    Returns the training settings used, the result and the load average before and after.
    """
    from lmstudio_app.core.specs import preset_specs

    model_spec, train_spec = preset_specs(
        args.preset, "char", args.family or "lstm", int(data.train.size)
    )
    train_spec = dataclasses.replace(train_spec, max_minutes=args.minutes, max_steps=0, epochs=0)
    model_spec = override(model_spec, args)
    train_spec = override(train_spec, args)
    if train_spec.threads == 0:
        train_spec = dataclasses.replace(train_spec, threads=2)
    load_before = load_average()
    print(f"load average before: {load_before}")
    print(f"model {model_spec}\ntrain {train_spec}", flush=True)
    result = train(model_spec, train_spec, tokenizer, data)
    return train_spec, result, load_before, load_average()


def save_result(name: str, data: dict[str, Any]) -> Path:
    folder = REPO / "bench" / "results" / "raw"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{name}-{stamp}.json"
    path.write_text(json.dumps(data, indent=1, default=str) + "\n")
    return path
