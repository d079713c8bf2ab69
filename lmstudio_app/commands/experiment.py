"""`lmstudio-app experiment`: vary one setting, train one run per value, choose by validation.

```
lmstudio-app experiment --sample names --tokenizer char --model ngram \
    --vary order=2,3,4,5 --budget-minutes 2 --out orders            # each run's validation loss
lmstudio-app experiment --sample shakespeare --model lstm --preset tiny \
    --vary lr=0.001:0.1:5 --budget-minutes 10 --out lrs --json      # a range on a log scale
lmstudio-app experiment --decide --out orders                       # the choice is final:
                                                                    # its test score, once
lmstudio-app experiment ... --vary dropout=0,0.2,0.4 --out d --decide   # both in one go
```

Honest selection: the runs never see the test text; the best run is the one with the lowest
validation loss, and its test score is measured and printed only when the choice is made
final with --decide (then recorded in experiment.json; deciding again prints the same
result without reading the test text a second time). --choose RUN decides on another of the
experiment's runs than the best. The flags of `train` set the base that every run shares.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from lmstudio_app.commands import train
from lmstudio_app.commands.common import EXIT_OK, ProgressBar, load_corpus_input, print_json
from lmstudio_app.core.errors import StudioError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from lmstudio_app.core.experiments import VARIED

    group = parser.add_argument_group("the experiment")
    group.add_argument(
        "--vary",
        metavar="SETTING=VALUES",
        help=f"the setting to vary and its values: a list (order=2,3,4) or a range LOW:HIGH:COUNT "
        f"(lr=0.001:0.1:5, spread on a log scale for rates and sizes). Settings: "
        f"{', '.join(VARIED)}; train_share is the share of the training text (10,25,50,100)",
    )
    group.add_argument(
        "--budget-minutes",
        type=float,
        default=10.0,
        metavar="M",
        help="time for the whole experiment (default 10); each network gets the time left "
        "shared by the runs left, and runs that cannot start in time are skipped",
    )
    group.add_argument(
        "--decide",
        action="store_true",
        help="make the choice final: measure the chosen run (the best by validation) once on "
        "the test text and record it. Alone with --out, decides an experiment already run",
    )
    group.add_argument("--choose", metavar="RUN", help="with --decide: this run, not the best")
    train.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if not args.out:
        raise StudioError("no_output")
    folder = Path(args.out)
    if args.vary is None:
        if not args.decide:
            raise StudioError("experiment_values", label="--vary", value="nothing")
        return _report(args, folder, _decide(args, folder, None))
    from lmstudio_app.core.experiments import parse_values, run_experiment

    if getattr(args, "resume", None):
        raise StudioError("setting_not_for_model", flag="--resume", kind="experiment")
    name, _, values_text = args.vary.partition("=")
    values = parse_values(name.strip(), values_text)
    if getattr(args, "lesson", None):
        train._apply_lesson(args)
    args.model = args.model or "lstm"
    loaded = load_corpus_input(args)
    tokenizer, setup = _base(args, loaded)
    if not args.json:
        shown = ", ".join(f"{value:g}" for value in values)
        print(f"Varying {name} over {shown}; saving into {folder}", file=sys.stderr)
    bar = ProgressBar("Experiment")
    seen: set[int] = set()

    def report(record: dict[str, Any], fraction: float, _event: Any) -> None:
        bar(fraction, "")
        for index, entry in enumerate(record["runs"]):
            if index not in seen and entry["status"] not in ("waiting", "running"):
                seen.add(index)
                if not args.json:
                    print(f"\n  {_run_line(record['setting'], entry)}", file=sys.stderr)

    record = run_experiment(
        folder,
        setup,
        name.strip(),
        values,
        tokenizer,
        loaded,
        budget_minutes=args.budget_minutes,
        report=report,
    )
    bar.close()
    decided = _decide(args, folder, loaded.splits.test) if args.decide else None
    return _report(args, folder, decided, record)


def _base(args: argparse.Namespace, loaded: Any) -> tuple[Any, Any]:
    """The tokenizer (built once, shared by every run so that their losses compare) and the
    base setup, from `train`'s flags."""
    from lmstudio_app.commands.common import tokenizer_spec_for
    from lmstudio_app.core.config import spec_from_args
    from lmstudio_app.core.corpus import suggest_tokenizer
    from lmstudio_app.core.experiments import Setup
    from lmstudio_app.core.tokenization import train_tokenizer

    kind, vocab_size = args.tokenizer, args.vocab_size
    if kind is None:
        kind, suggested = suggest_tokenizer(loaded.corpus.stats)
        vocab_size = vocab_size or suggested
    tokenizer = train_tokenizer(tokenizer_spec_for(args, kind, vocab_size), loaded.splits.train)
    if args.model == "ngram":
        from lmstudio_app.core.models.ngram import NGramSpec

        return tokenizer, Setup(spec_from_args(NGramSpec, args))
    from lmstudio_app.commands.train_recurrent import _specs_for_new_run

    model, train_spec = _specs_for_new_run(args, kind, None, tokenizer.vocab_size)
    return tokenizer, Setup(model, train_spec)


def _decide(args: argparse.Namespace, folder: Path, test_text: str | None) -> dict[str, Any]:
    from lmstudio_app.core.experiments import decide

    return decide(folder, args.choose, test_text)


def _run_line(setting: str, entry: dict[str, Any]) -> str:
    loss = entry.get("valid_loss")
    if entry["status"] != "finished" or loss is None:
        return f"{setting}={entry['value']:g}: {entry['status']}"
    return (
        f"{setting}={entry['value']:g}: validation loss {loss:.4f} "
        f"(perplexity {entry.get('valid_perplexity', math.exp(loss)):.2f})"
    )


def _report(
    args: argparse.Namespace,
    folder: Path,
    decided: dict[str, Any] | None,
    record: dict[str, Any] | None = None,
) -> int:
    from lmstudio_app.core.experiments import read_experiment, shown_result

    record = read_experiment(folder) if record is None else record
    result = {**shown_result(record), "experiment": str(folder)}
    result["decided"] = decided  # shown only when the choice is final
    if args.json:
        print_json(result)
        return EXIT_OK
    out = sys.stdout
    for entry in record["runs"]:
        print(_run_line(record["setting"], entry), file=out)
    best = record.get("best")
    if best is None:
        print("No run finished, so there is no best run.", file=out)
        return EXIT_OK
    print(
        f"Best by validation: {record['setting']}={best['value']:g} ({folder / best['folder']})",
        file=out,
    )
    if decided is None:
        print(
            "The test score stays hidden until the choice is final: "
            f"lmstudio-app experiment --decide --out {folder}",
            file=out,
        )
        return EXIT_OK
    print(
        f"Chosen: {record['setting']}={decided['value']:g}. Test perplexity "
        f"{decided['test_perplexity']:.2f} (loss {decided['test_loss']:.4f}) over "
        f"{decided['test_tokens']:,} tokens, measured once; the experiment is decided.",
        file=out,
    )
    return EXIT_OK
