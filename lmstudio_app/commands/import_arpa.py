"""`lmstudio-app import-arpa FILE --tokenizer-from RUN --out RUN2`: an ARPA model as a run.

The ARPA file's words must be tokens of the tokenizer of RUN (`<s>`, `</s>` and `<unk>`
stand for its begin, end and unknown tokens). When RUN is itself an n-gram run, its
settings (smoothing, sentence per line) carry over; otherwise the model is taken to score
one sentence per line, as ARPA models usually do.
"""

from __future__ import annotations

import argparse
import sys

from lmstudio_app.commands.common import EXIT_OK, ProgressBar, print_json
from lmstudio_app.core.errors import StudioError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arpa", metavar="FILE", help="the ARPA file to read")
    parser.add_argument(
        "--tokenizer-from",
        metavar="RUN",
        required=True,
        help="a run folder whose tokenizer has the model's words",
    )
    parser.add_argument("--out", metavar="RUN2", help="the new run folder to write")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.runs.jobs import import_arpa_run

    if not args.out:
        raise StudioError("no_output")
    bar = ProgressBar("Importing")
    model = import_arpa_run(args.arpa, args.tokenizer_from, args.out, progress=bar)
    bar.close()
    counts = model.num_ngrams()
    if args.json:
        print_json({"run": str(args.out), "order": model.order, "ngrams": counts})
    else:
        shown = ", ".join(f"{n}-grams {c:,}" for n, c in enumerate(counts, 1))
        print(f"Imported a {model.order}-gram model ({shown}) into {args.out}", file=sys.stdout)
    return EXIT_OK
