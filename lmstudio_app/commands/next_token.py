"""`lmstudio-app next RUN --prompt TEXT`: the next-token distribution, raw and as sampled.

The same core functions as the Generate page's bars (`core.next_token`, `core.sampling`):
the tokens the sampler keeps with the probability it draws them with, where temperature,
top-k or top-p cut, the model's own probability of what was cut, and for an n-gram the
context it matched and how much of each probability came from each order.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from lmstudio_app.commands.common import EXIT_OK, print_json
from lmstudio_app.core.config import add_spec_arguments, spec_from_args
from lmstudio_app.core.generation import GenerationSpec

# The settings that do not shape the next token's distribution.
_NOT_HERE = ("max_tokens", "seed", "stop")


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number of at least 1, not {text!r}")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="the run folder of the model")
    parser.add_argument("--prompt", default="", help="the text before the next token")
    add_spec_arguments(parser, GenerationSpec, skip=_NOT_HERE)
    parser.add_argument("--top", type=_count, default=10, help="how many tokens to list (10)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _percent(p: float) -> str:
    return f"{100 * p:6.2f} %"


def print_report(report: dict[str, Any], out: TextIO) -> None:
    """The report in columns: raw beside as drawn, the cut line, then each source."""
    settings = report["settings"]
    out.write(
        f"temperature {settings['temperature']:g}, top-k {settings['top_k']}, "
        f"top-p {settings['top_p']:g}\n"
    )
    out.write(f"{'token':<16}{'as drawn':>10}{'model':>10}\n")
    for row in report["sampled"]:
        out.write(f"{row['token']!r:<16}{_percent(row['probability']):>10}")
        out.write(f"{_percent(row['raw_probability']):>10}\n")
    cut = report["cut"]
    if cut["by"] != "none":
        out.write(
            f"---- cut by {cut['by']}: {cut['kept']} kept, {cut['cut_tokens']} never drawn "
            f"({_percent(cut['cut_raw_mass']).strip()} of the model's probability)\n"
        )
        for row in cut["first_cut"]:
            out.write(f"{row['token']!r:<16}{'-':>10}{_percent(row['raw_probability']):>10}\n")
    for source in report.get("sources", []):
        matched = source["matched"]["text"]
        shares = ", ".join(
            f"order {n}: {_percent(s).strip()}" for n, s in source["shares"].items() if s > 0
        )
        top = source["orders"][source["matched"]["order"] - 1]
        counts = (
            f", seen {top['count']} of {top['context_count']} times after it"
            if "count" in top
            else ""
        )
        out.write(
            f"{source['token']!r}: p = {source['probability']:.4g}, seen up to order "
            f"{source['order']}, matched context {matched!r} "
            f"(order {source['matched']['order']}{counts}); {shares}\n"
        )


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.models import load_run_model
    from lmstudio_app.core.next_token import next_token_report

    spec = spec_from_args(GenerationSpec, args)
    _, tokenizer, model = load_run_model(args.run)
    context = tokenizer.encode(args.prompt).ids if args.prompt else []
    report = next_token_report(
        model,
        context,
        tokenizer.display_token,
        spec.temperature,
        spec.top_k,
        spec.top_p,
        limit=args.top,
        context_text=tokenizer.decode,
    )
    report["prompt"] = args.prompt
    if args.json:
        print_json(report)
    else:
        print_report(report, sys.stdout)
    return EXIT_OK
