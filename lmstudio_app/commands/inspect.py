"""`lmstudio-app inspect RUN --text T | --file F`: inside a trained model, for one text.

For an RNN, LSTM or GRU: the hidden state (and each gate) after every token, each step in
numbers for the units that vary most, the units that best follow simple features of the text
(inside quotes, position in the line, ...); for any neural model: the PCA map of the token
embeddings. The same core functions (`core.inside`) as the window's Inside step.
"""

from __future__ import annotations

import argparse
import sys

from lmstudio_app.commands.common import EXIT_BAD_INPUT, EXIT_OK, print_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="the run folder of a trained model")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the text the model reads")
    source.add_argument("--file", metavar="F", help="a text file the model reads")
    parser.add_argument(
        "--encoding", help="read the file with this encoding instead of detecting it"
    )
    parser.add_argument(
        "--layer", type=int, default=0, help="which recurrent layer, from 1 (default: the last)"
    )
    parser.add_argument(
        "--units", type=int, default=8, help="how many units to print, most varying first"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _read_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return str(args.text)
    from lmstudio_app.core.corpus import load_corpus

    return load_corpus([args.file], args.encoding).text


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.inside import FEATURES, inside_dict
    from lmstudio_app.core.models import load_run_model

    text = _read_text(args)
    _, tokenizer, model = load_run_model(args.run)
    if not hasattr(model, "module"):
        print(
            "lmstudio-app: an n-gram model counts, it has no hidden state or embeddings to "
            "show; inspect a recurrent network or a GPT.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    layers = getattr(getattr(model.module, "rnn", None), "num_layers", 1)
    if not 0 <= args.layer <= layers:
        print(f"lmstudio-app: --layer must be between 1 and {layers}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    data = inside_dict(model, tokenizer, text, layer=args.layer - 1 if args.layer else -1)
    if args.json:
        print_json({"run": str(args.run), **data})
        return EXIT_OK
    out = sys.stdout
    if "family" in data:
        units = data["units_by_variation"][: max(1, args.units)]
        print(
            f"{data['family'].upper()} layer {data['layer'] + 1} of {data['layers']}: hidden "
            f"state of the {len(units)} units that vary most",
            file=out,
        )
        print(f"{'token':>8}  " + " ".join(f"{u:>6}" for u in units), file=out)
        for token in data["tokens"]:
            values = " ".join(f"{token['hidden'][u]:6.2f}" for u in units)
            print(f"{token['token']!r:>8}  {values}", file=out)
        print("Units that follow a feature of the text (correlation):", file=out)
        for match in data["neurons"]:
            print(
                f"  {FEATURES[match['feature']]}: {match['track']} unit {match['unit']} "
                f"({match['correlation']:+.2f})",
                file=out,
            )
    embedding = data["embedding_map"]
    if embedding is not None:
        first, second = embedding["explained"]
        print(
            f"Embedding map: {len(embedding['tokens']):,} tokens; the two axes keep "
            f"{first:.0%} and {second:.0%} of the spread.",
            file=out,
        )
    return EXIT_OK
