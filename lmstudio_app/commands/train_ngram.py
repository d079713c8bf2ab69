"""`lmstudio-app train --model ngram`: count and smooth n-grams, write a run folder.

The run folder holds run.json (the NGramSpec under "model"), tokenizer.json, model.arpa (the
model itself, in the standard ARPA format) and metrics.jsonl.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from lmstudio_app.commands.common import (
    EXIT_OK,
    ProgressBar,
    load_corpus_input,
    print_json,
    reused_tokenizer,
    tokenizer_spec_for,
)
from lmstudio_app.core.config import add_spec_arguments, spec_from_args
from lmstudio_app.core.errors import StudioError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The n-gram flags only: --order, --smoothing, --add-k, --sentence-per-line."""
    from lmstudio_app.core.models.ngram import NGramSpec

    group = parser.add_argument_group("n-gram models (--model ngram)")
    add_spec_arguments(group, NGramSpec)


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.models.ngram import NGramSpec
    from lmstudio_app.core.runs.jobs import check_new_run_folder, claim_run_folder

    started = time.perf_counter()
    if not args.out:
        raise StudioError("no_output")
    folder = Path(args.out)
    # Checked again under the lock (the job); an unfinished run's folder is reused.
    check_new_run_folder(folder, taken="run_folder_taken")
    spec = spec_from_args(NGramSpec, args)  # refuse bad settings before any work
    # The lock is also the earliest check that --out can be written, before the long counting.
    with claim_run_folder(folder):
        return _count(args, spec, folder, started)


def _count(args: argparse.Namespace, spec: Any, folder: Path, started: float) -> int:
    from lmstudio_app.core.corpus import suggest_tokenizer
    from lmstudio_app.core.models.ngram import SMOOTHING_NAMES
    from lmstudio_app.core.runs.jobs import train_ngram_run
    from lmstudio_app.core.tokenization import train_tokenizer

    tokenizer = reused_tokenizer(args)  # --tokenizer-from, read before the text
    data = load_corpus_input(args)
    if tokenizer is None:
        kind, vocab_size = args.tokenizer, args.vocab_size
        if kind is None:
            kind, suggested = suggest_tokenizer(data.corpus.stats)
            vocab_size = vocab_size or suggested
        tokenizer_spec = tokenizer_spec_for(args, kind, vocab_size)  # a lesson's own settings
        bar = ProgressBar("Building tokenizer")
        tokenizer = train_tokenizer(tokenizer_spec, data.splits.train, progress=bar)
        bar.close()
    if not args.json:
        print(
            f"Counting {spec.order}-grams ({SMOOTHING_NAMES[spec.smoothing]}) over "
            f"{tokenizer.kind} tokens; saving into {folder}",
            file=sys.stderr,
        )
    bar = ProgressBar("Counting")
    _, metrics = train_ngram_run(folder, spec, tokenizer, data, progress=bar)
    bar.close()
    result: dict[str, Any] = {
        "model": "ngram",
        "order": spec.order,
        "smoothing": spec.smoothing,
        "sentence_per_line": spec.sentence_per_line,
        "tokenizer": tokenizer.kind,
        "vocab_size": tokenizer.vocab_size,
        "train_tokens": metrics["train_tokens"],
        "ngrams": metrics["ngrams"],
        "build_seconds": metrics["build_seconds"],
        "seconds": round(time.perf_counter() - started, 3),
        "run": str(folder),
    }
    for name in ("valid", "test"):
        if f"{name}_perplexity" in metrics:
            result[f"{name}_perplexity"] = metrics[f"{name}_perplexity"]
            result[f"{name}_loss"] = metrics[f"{name}_loss"]
            result[f"{name}_tokens"] = metrics[f"{name}_tokens"]
            result[f"{name}_oov_rate"] = metrics[f"{name}_oov_rate"]
    if args.json:
        print_json(result)
        return EXIT_OK
    out = sys.stdout
    counts = ", ".join(f"{n}-grams {count:,}" for n, count in enumerate(metrics["ngrams"], 1))
    print(
        f"Counted {metrics['train_tokens']:,} tokens in {metrics['build_seconds']:.2f} s: {counts}",
        file=out,
    )
    for name in ("valid", "test"):
        if f"{name}_perplexity" in result:
            print(
                f"{name.capitalize()} perplexity: {result[f'{name}_perplexity']:.2f} "
                f"over {result[f'{name}_tokens']:,} tokens",
                file=out,
            )
    print(f"Saved {folder}", file=out)
    return EXIT_OK
