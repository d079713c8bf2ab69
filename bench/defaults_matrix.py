"""Every family x tokenizer kind x preset x bundled sample, each trained briefly with the
settings a new user gets (`preset_specs`, fitted to the text and its vocabulary), beside the
peer every model must beat: a uniform guess over the vocabulary, ln(vocab) nats per token.

    python bench/defaults_matrix.py                         # the whole matrix, 20 s a cell
    python bench/defaults_matrix.py --seconds 60 --samples shijing --families lstm
    python bench/defaults_matrix.py --steps 40              # a fixed number of steps instead
    python bench/defaults_matrix.py --steps 30 --eval-tokens 20000   # the whole matrix, briefly

Prints one line per cell: the validation loss reached, ln(vocab), their ratio, the steps taken
and whether training diverged. An n-gram has no preset and no clock: it is counted once per
(sample, kind) and its validation loss printed. tests/training/test_defaults_matrix.py runs a
fixed subset of these cells in the suite (`cell_result` is shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import math
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lmstudio_app.core.samples import SAMPLES, get_sample, load_sample
from lmstudio_app.core.specs import PRESETS, preset_specs
from lmstudio_app.core.tokenization.spec import KINDS

FAMILIES = ("ngram", "rnn", "lstm", "gru", "gpt")


class Prepared(NamedTuple):
    tokenizer: Any
    splits: Any
    data: Any


class CellResult(NamedTuple):
    sample: str
    kind: str
    family: str
    preset: str
    vocab: int
    train_tokens: int
    valid_loss: float
    steps: int
    diverged: str | None

    @property
    def uniform_loss(self) -> float:
        return math.log(self.vocab)

    @property
    def ratio(self) -> float:
        return self.valid_loss / self.uniform_loss


@functools.cache
def prepared(sample: str, kind: str) -> Prepared:
    """The sample split as the app splits it, and a tokenizer of `kind` with the automatic
    vocabulary size (the app's default), built once per (sample, kind)."""
    from lmstudio_app.core.corpus import split_corpus
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

    splits = split_corpus(load_sample(sample), method=get_sample(sample).split_method)
    tokenizer = train_tokenizer(TokenizerSpec(kind=kind), splits.train)
    return Prepared(tokenizer, splits, encode_splits(tokenizer, splits))


def cell_result(
    sample: str,
    kind: str,
    family: str,
    preset: str,
    *,
    steps: int = 0,
    seconds: float = 0.0,
    threads: int = 0,
    eval_tokens: int = 0,
) -> CellResult:
    """Train one cell for `steps` steps or `seconds` seconds (whichever is given), with the
    preset's settings otherwise untouched, and measure the whole validation text (or its first
    `eval_tokens`)."""
    ready = prepared(sample, kind)
    vocab, train_tokens = ready.tokenizer.vocab_size, int(ready.data.train.size)
    if family == "ngram":
        from lmstudio_app.core.models.ngram import NGramSpec, train_ngram

        model = train_ngram(NGramSpec(), ready.tokenizer, ready.splits.train)
        loss = float(model.evaluate_text(ready.splits.valid)["loss"])
        return CellResult(sample, kind, family, "-", vocab, train_tokens, loss, 0, None)

    from lmstudio_app.core.training import FailedEvent, FinishedEvent, Trainer

    model_spec, train_spec = preset_specs(preset, kind, family, train_tokens, vocab)
    train_spec = dataclasses.replace(
        train_spec, max_steps=steps, max_minutes=seconds / 60, epochs=0, threads=threads,
        eval_tokens=eval_tokens, sample_tokens=0, checkpoint_every=0.0, patience=0,
    )
    trainer = Trainer(model_spec, train_spec, ready.tokenizer, ready.data, None)
    failed, metrics = None, {}
    for event in trainer.run():
        if isinstance(event, FailedEvent):
            failed = event.message
        elif isinstance(event, FinishedEvent):
            metrics = dict(event.metrics)
    loss = float(metrics.get("valid_loss", math.inf))
    return CellResult(
        sample, kind, family, preset, vocab, train_tokens, loss,
        int(metrics.get("steps", 0)), failed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="training time per cell")
    parser.add_argument("--steps", type=int, default=0, help="steps per cell instead of time")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--eval-tokens", type=int, default=0,
        help="measure only the first this many validation tokens (0: all of them)",
    )
    parser.add_argument("--samples", nargs="*", default=list(SAMPLES), choices=list(SAMPLES))
    parser.add_argument("--kinds", nargs="*", default=list(KINDS), choices=list(KINDS))
    parser.add_argument("--families", nargs="*", default=list(FAMILIES), choices=FAMILIES)
    parser.add_argument("--presets", nargs="*", default=list(PRESETS), choices=list(PRESETS))
    args = parser.parse_args()
    budget = f"{args.steps} steps" if args.steps else f"{args.seconds:g} s"
    print(f"each cell: {budget}, {args.threads} threads; peer: ln(vocab), a uniform guess")
    print("| sample | kind | family | preset | vocab | train tokens | valid loss | ln(vocab) "
          "| ratio | steps | diverged |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for sample in args.samples:
        for kind in args.kinds:
            for family in args.families:
                for preset in args.presets if family != "ngram" else ["-"]:
                    started = time.perf_counter()
                    result = cell_result(
                        sample, kind, family, preset, steps=args.steps,
                        seconds=0.0 if args.steps else args.seconds, threads=args.threads,
                        eval_tokens=args.eval_tokens,
                    )
                    worst = max(worst, result.ratio)
                    print(f"| {sample} | {kind} | {family} | {result.preset} | {result.vocab} "
                          f"| {result.train_tokens} | {result.valid_loss:.3f} "
                          f"| {result.uniform_loss:.3f} | {result.ratio:.2f} | {result.steps} "
                          f"| {'yes' if result.diverged else 'no'} |  "
                          f"<!-- {time.perf_counter() - started:.0f} s -->", flush=True)
                    if result.diverged:  # the Trainer's own sentence: diverged, or refused
                        print(f"  failed: {result.diverged}", flush=True)
    print(f"worst ratio of validation loss to ln(vocab): {worst:.2f}")


if __name__ == "__main__":
    main()
