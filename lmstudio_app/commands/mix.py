"""`lmstudio-app mix RUN_A RUN_B... [--valid F] --out DIR --json`: interpolate runs that share
a tokenizer (an n-gram and a network above all), the weights tuned on validation text by EM
(as SRILM's compute-best-mix), and save the mix as a run folder that `generate`, `eval` and
`score` use like any model. Prints the weights and each part's and the mix's perplexity on the
validation text and, when the first run's text has one, its test part.
"""

from __future__ import annotations

import argparse
import sys

from lmstudio_app.commands.common import EXIT_OK, ProgressBar, print_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("runs", nargs="+", metavar="RUN", help="two or more run folders")
    parser.add_argument(
        "--valid",
        metavar="FILE",
        help="tune the weights on this text (default: the validation part of the first run's text)",
    )
    parser.add_argument(
        "--encoding", help="read --valid with this encoding instead of detecting it"
    )
    parser.add_argument("--out", metavar="DIR", help="save the mix as a run folder here")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.corpus import load_corpus
    from lmstudio_app.core.models.mix import mix_runs

    valid = load_corpus([args.valid], args.encoding).text if args.valid else None
    bar = ProgressBar("Mixing")
    result = mix_runs(args.runs, args.out, valid, progress=bar)
    bar.close()
    if args.json:
        print_json(result.to_json())
        return EXIT_OK
    out = sys.stdout
    for name, weight in zip(result.parts, result.weights, strict=True):
        print(f"Weight {weight:.3f}  {name}", file=out)
    for split, figures in result.figures.items():
        shown = ", ".join(f"{name} {value:.2f}" for name, value in figures.items())
        print(f"{split.capitalize()} perplexity: {shown}", file=out)
    if result.folder:
        print(f"Saved {result.folder}", file=out)
    return EXIT_OK
