"""`lmstudio-app score RUN... --text T | --file F`: how surprised a model is by a text.

With one run: every token with its probability, surprisal (bits) and rank among the model's
guesses, then the totals `eval` gives (loss, perplexity, bits per character). With several:
which model expects the text most, ranked by bits per character (`core.scoring`).
"""

from __future__ import annotations

import argparse
import math
import sys

from lmstudio_app.commands.common import EXIT_OK, print_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("runs", nargs="+", metavar="RUN", help="run folders of the models")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--text", help="the text to score")
    source.add_argument("--file", metavar="F", help="a text file to score")
    parser.add_argument(
        "--encoding", help="read the file with this encoding instead of detecting it"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _read_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        return str(args.text)
    from lmstudio_app.core.corpus import load_corpus

    return load_corpus([args.file], args.encoding).text


def _figure(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if math.isfinite(value) else "infinite"


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from lmstudio_app.core.models import load_run_model
    from lmstudio_app.core.scoring import rank_runs, score_text

    text = _read_text(args)
    # Runs are named by their folder's name, or by the whole path where two names are alike.
    names = [Path(folder).name or str(folder) for folder in args.runs]
    if len(set(names)) < len(names):
        names = [str(folder) for folder in args.runs]
    folders = dict(zip(names, map(str, args.runs), strict=True))
    models = []
    for name, folder in folders.items():
        _, tokenizer, model = load_run_model(folder)
        models.append((name, model, tokenizer))
    out = sys.stdout
    if len(models) == 1:
        name, model, tokenizer = models[0]
        score = score_text(model, tokenizer, text, name=name)
        if args.json:
            print_json({"run": str(args.runs[0]), **score.to_dict()})
            return EXIT_OK
        print(f"{'token':>12}  {'p':>8}  {'bits':>6}  rank", file=out)
        for token in score.tokens:
            shown = repr(text[token.start : token.end] or token.token)
            print(
                f"{shown:>12}  {token.probability:8.4f}  {_figure(token.surprisal_bits, 2):>6}"
                f"  {token.rank}",
                file=out,
            )
        print(
            f"Loss: {_figure(score.loss, 4)} nats per token, perplexity "
            f"{_figure(score.perplexity, 2)}, {_figure(score.bits_per_char)} bits per character "
            f"over {len(score.tokens):,} tokens ({score.chars:,} characters)",
            file=out,
        )
        return EXIT_OK
    ranking = rank_runs(models, text)
    if args.json:
        print_json(
            {
                "chars": len(text),
                "ranking": [
                    {"run": folders[s.name], **s.to_dict(with_tokens=False)} for s in ranking
                ],
            }
        )
        return EXIT_OK
    print("Which model expects this text most (fewest bits per character first):", file=out)
    for place, score in enumerate(ranking, 1):
        unknown = f", {score.unknown_share:.0%} unknown tokens" if score.unknown_share else ""
        print(
            f"{place}. {score.name}: {_figure(score.bits_per_char)} bits per character "
            f"(perplexity {_figure(score.perplexity, 2)} over {len(score.tokens):,} "
            f"tokens{unknown})",
            file=out,
        )
    return EXIT_OK
