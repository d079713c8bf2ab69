"""`lmstudio-app eval RUN CORPUS...`: the perplexity of a saved model on a text.

Works for every model kind: the run folder says which, and `core.models.load_run_model`
loads it.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

from lmstudio_app.commands.common import EXIT_OK, print_json
from lmstudio_app.core.config import parse_yes_no


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="the run folder of the model")
    parser.add_argument("corpus", nargs="+", metavar="CORPUS", help="text files or folders")
    parser.add_argument(
        "--encoding", help="read the files with this encoding instead of detecting it"
    )
    parser.add_argument(
        "--sentence-per-line",
        nargs="?",
        const=True,
        type=parse_yes_no,
        default=None,
        metavar="yes|no",
        help="score each line as a sentence (<s> ... </s>); default: as the model was trained",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.corpus import load_corpus
    from lmstudio_app.core.models import load_run_model

    started = time.perf_counter()
    run_json, tokenizer, model = load_run_model(args.run)
    corpus = load_corpus(args.corpus, args.encoding)
    result = dict(model.evaluate_text(corpus.text, sentence_per_line=args.sentence_per_line))
    result.update(
        {
            "run": str(args.run),
            "model_kind": run_json["model_kind"],
            "tokenizer": tokenizer.kind,
            "corpus": corpus.name,
            "seconds": round(time.perf_counter() - started, 3),
        }
    )
    if args.json:
        print_json(result)
        return EXIT_OK
    out = sys.stdout
    perplexity = result["perplexity"]
    shown = f"{perplexity:.2f}" if math.isfinite(perplexity) else "infinite"
    print(f"Perplexity: {shown} over {result['tokens']:,} tokens", file=out)
    if not math.isfinite(perplexity):
        print(
            "The model gives some tokens of this text probability 0 "
            "(no smoothing saves anything for what it never saw).",
            file=out,
        )
    else:
        print(f"Loss: {result['loss']:.4f} nats per token", file=out)
    print(f"Unknown tokens (<unk>): {result['oov_rate']:.2%}", file=out)
    scoring = result.get("scoring")
    if scoring:  # a transformer sees a window of its context: say how the text was read
        print(
            f"Read in windows of {scoring['window']:,} tokens moving {scoring['stride']:,} at "
            f"a time: each token was predicted from at least {scoring['least_context']:,} "
            "tokens before it (all of them near the start).",
            file=out,
        )
    return EXIT_OK
