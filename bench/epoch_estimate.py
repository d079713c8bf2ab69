"""The Model page's time per epoch against the time training then takes.

For each case (a bundled sample, a tokenizer kind, a family and a preset, fitted to the text as
the page fits it) this prints three figures per training step, evaluations included:

- formula: `epoch_seconds_estimate`, what the page showed before it measured (a rough guess);
- estimate: what the page shows once it has measured this computer, made the page's way
  (`measure_step_seconds` with the page's step count and time, then `epoch_seconds_from_step`);
- trained: the real Trainer then training that model on that text, from the end of its first
  step to the end of its last evaluation (an epoch, or `--cap` steps of it: a whole number of
  evaluation intervals, so evaluations weigh as in a whole epoch).

The target (issue 15): the estimate within 25% of what training takes (ratio 0.75 to 1.25).
The measurement and the training run one after the other on a shared machine whose load
changes from second to second: each case is estimated and trained `--rounds` times, each
estimate beside the training that followed it, and the load average is printed too.

    python bench/epoch_estimate.py [--cap 400] [--rounds 3] [--cases names-char-lstm-small,...]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from typing import Any

from _recurrent import load_average

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.progress import format_duration
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.specs import epoch_seconds_estimate, epoch_seconds_from_step, preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import EvalEvent, StepEvent, Trainer
from lmstudio_app.core.training.speed import measure_step_seconds
from lmstudio_app.ui.pages.model_cost import MEASURE_SECONDS, MEASURE_STEPS

# sample, tokenizer kind, family, preset
CASES = {
    "names-char-lstm-small": ("names", "char", "lstm", "small"),
    "shakespeare-char-lstm-small": ("shakespeare", "char", "lstm", "small"),
    "shijing-char-gru-small": ("shijing", "char", "gru", "small"),
    "shakespeare-word-lstm-tiny": ("shakespeare", "word", "lstm", "tiny"),
    "names-bpe-rnn-tiny": ("names", "bpe", "rnn", "tiny"),
}


def run_case(
    sample: str, kind: str, family: str, preset: str, cap: int, rounds: int
) -> dict[str, Any]:
    splits = split_corpus(load_sample(sample), method="lines")
    tokenizer = train_tokenizer(TokenizerSpec(kind=kind), splits.train)
    data = encode_splits(tokenizer, splits)
    train_tokens, valid_tokens = int(data.train.size), int(data.valid.size)
    model, train = preset_specs(preset, kind, family, train_tokens, tokenizer.vocab_size)
    tokens_per_step = train.seq_len * train.batch_size
    steps_per_epoch = train_tokens / tokens_per_step
    formula = epoch_seconds_estimate(tokenizer.vocab_size, model, train_tokens) / steps_per_epoch
    # A whole number of evaluation intervals, at most `cap` steps, at most an epoch.
    every = train.eval_every or int(steps_per_epoch)
    steps = min(int(steps_per_epoch), max(every, cap // every * every))
    spec = dataclasses.replace(
        train, max_steps=steps, epochs=0, max_minutes=0.0, patience=0, checkpoint_every=0.0
    )
    estimates, trained = [], []
    for _ in range(rounds):  # the load changes: each estimate is followed by its training
        step = measure_step_seconds(
            model, train, tokenizer, steps=MEASURE_STEPS, max_seconds=MEASURE_SECONDS
        )
        epoch = epoch_seconds_from_step(step, train, train_tokens, valid_tokens)
        estimates.append(epoch / steps_per_epoch)
        first = last = 0.0
        for event in Trainer(model, spec, tokenizer, data, None).run():
            if isinstance(event, StepEvent) and event.step == 1:
                first = time.perf_counter()
            elif isinstance(event, (StepEvent, EvalEvent)) and event.step == steps:
                last = time.perf_counter()  # the last step, then its evaluation if it has one
        trained.append((last - first) / (steps - 1))
    return {
        "steps": steps,
        "per_epoch": steps_per_epoch,
        "formula": formula,
        "estimates": estimates,
        "trained": trained,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=int, default=400, help="at most this many steps trained")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated case names")
    parser.add_argument("--rounds", type=int, default=3, help="estimate-then-train rounds")
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    print(
        "| case | steps trained (of an epoch) | trained s/step | formula / trained "
        "| estimate / trained, each round | median | estimated epoch |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in args.cases.split(","):
        figures = run_case(*CASES[name], cap=args.cap, rounds=args.rounds)
        trained = statistics.median(figures["trained"])
        ratios = [e / t for e, t in zip(figures["estimates"], figures["trained"], strict=True)]
        epoch = statistics.median(figures["estimates"]) * figures["per_epoch"]
        print(
            f"| {name} | {figures['steps']} ({figures['per_epoch']:.0f}) | {trained:.4f} "
            f"| {figures['formula'] / trained:.2f} "
            f"| {', '.join(f'{r:.2f}' for r in ratios)} | {statistics.median(ratios):.2f} "
            f"| {format_duration(epoch)} |",
            flush=True,
        )
    print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
