"""`lmstudio-app train --model {rnn,lstm,gru,gpt}`: train a neural network into a run folder.

```
lmstudio-app train --sample shakespeare --model lstm --out my-run          # the "small" preset
lmstudio-app train book.txt --tokenizer char --preset tiny --out quick-run
lmstudio-app train ptb.train.txt --valid ptb.valid.txt --tokenizer whitespace \
    --layers 2 --hidden-size 200 --embed-dim 200 --optimizer sgd --lr 20 \
    --schedule plateau --clip 0.25 --seq-len 35 --batch-size 20 --epochs 6 --out ptb-run
lmstudio-app train --resume my-run                         # continue where it stopped
lmstudio-app train --resume my-run --max-minutes 10        # ... with a larger budget
lmstudio-app train --resume my-run --corpus ~/texts/book.txt   # its text is elsewhere now
lmstudio-app train --sample shakespeare --model gpt --preset tiny --out gpt-run
lmstudio-app train book.txt --model gpt --layers 2 --heads 4 --embed-dim 64 --context 128 --out g
```

The flags common to every model (corpus, --tokenizer, --out, --json, --model) come from
`train`; this module adds --preset, --resume and one flag per setting of each neural family's
settings class (a name they share, such as --layers, is one flag) and of TrainSpec. Every
neural family trains through the same Trainer (`core.runs.jobs.start_neural_run`).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import math
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lmstudio_app.commands.common import (
    EXIT_OK,
    ProgressBar,
    corpus_source,
    format_duration,
    load_corpus_input,
    print_json,
    report_skipped,
    reused_tokenizer,
    tokenizer_spec_for,
)
from lmstudio_app.commands.signals import STOP_SIGNALS, Terminated, handle_signals, signal_name
from lmstudio_app.core.config import add_spec_arguments, spec_fields, spec_from_args
from lmstudio_app.core.errors import ConfigError, StudioError
from lmstudio_app.core.models import MODEL_KINDS, NEURAL_KINDS, model_kind
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.runs.jobs import BUDGET_SETTINGS, fit_to_model, with_budget
from lmstudio_app.core.specs import PRESETS, TrainSpec, preset_specs

EXIT_INTERRUPTED = 130


def neural_spec_classes() -> list[type]:
    """Each neural family's settings class, once (rnn, lstm and gru share one)."""
    classes: list[type] = []
    for name in NEURAL_KINDS:
        spec_class = MODEL_KINDS[name].spec_class
        if spec_class not in classes:
            classes.append(spec_class)
    return classes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = ", ".join(NEURAL_KINDS)
    group = parser.add_argument_group(f"neural networks (--model {kinds})")
    group.add_argument(
        "--preset",
        choices=PRESETS,
        default=None,
        help="a ready-made size and budget: tiny (under a minute), small (a few minutes, the "
        "default), medium (longer, better). Flags given beside it override its settings",
    )
    group.add_argument(
        "--resume",
        metavar="RUN",
        help="continue training the run in this folder where it stopped (no corpus needed)",
    )
    group.add_argument(
        "--corpus",
        dest="corpus_moved_to",
        action="append",
        metavar="PATH",
        help="with --resume: where the run's text is now, when the run folder came from another "
        "computer (a file, or a folder holding the files by their names; may be repeated). "
        "It is read and split as the run recorded, and must be the same text",
    )
    added = {"family"}  # --model chooses the family
    for spec_class in neural_spec_classes():
        names = {info.name for info in spec_fields(spec_class)}
        add_spec_arguments(group, spec_class, skip=tuple(added & names))
        added |= names
    add_spec_arguments(group, TrainSpec)


def _refuse_other_families_flags(args: argparse.Namespace, spec_class: type) -> None:
    """A flag given for a setting this family does not have (--hidden-size for a GPT) is
    refused rather than silently ignored."""
    own = {info.name for info in spec_fields(spec_class)}
    for other in neural_spec_classes():
        for info in spec_fields(other):
            if info.name not in own and getattr(args, info.name, None) is not None:
                raise ConfigError(
                    "setting_not_for_model", flag=info.flag, kind=model_kind(args.model).label
                )


# --------------------------------------------------------------------------- new runs


def _specs_for_new_run(
    args: argparse.Namespace,
    tokenizer_kind: str,
    train_tokens: int | None = None,
    vocab_size: int | None = None,
) -> tuple[Any, TrainSpec]:
    model_base, train_base = preset_specs(
        args.preset or "small", tokenizer_kind, args.model, train_tokens, vocab_size
    )
    # A budget given on the command line replaces the preset's whole budget.
    train_base = with_budget(
        train_base, **{name: getattr(args, name, None) for name in BUDGET_SETTINGS}
    )
    spec_class = model_kind(args.model).spec_class
    _refuse_other_families_flags(args, spec_class)
    model_base = dataclasses.replace(model_base, family=args.model)
    model_spec = spec_from_args(spec_class, args, model_base)
    train_spec = spec_from_args(TrainSpec, args, train_base)
    # a transformer reads windows of its context length unless --seq-len says otherwise
    train_spec = fit_to_model(model_spec, train_spec, seq_len_given=args.seq_len is not None)
    return model_spec, train_spec


def _new_run(args: argparse.Namespace) -> Any:
    from lmstudio_app.core.corpus import suggest_tokenizer
    from lmstudio_app.core.runs.jobs import check_new_run_folder, start_neural_run
    from lmstudio_app.core.tokenization import train_tokenizer

    folder = Path(args.out)
    check_new_run_folder(folder)  # said before the text is read (the job checks again)
    reused = reused_tokenizer(args)  # --tokenizer-from, read before the text
    loaded = load_corpus_input(args)
    kind = args.tokenizer if reused is None else reused.kind
    vocab_size = args.vocab_size
    if kind is None:
        kind, suggested = suggest_tokenizer(loaded.corpus.stats)
        vocab_size = vocab_size or suggested
    # Refuse bad settings before the (possibly long) tokenizer training.
    model_spec, train_spec = _specs_for_new_run(args, kind)
    bar = ProgressBar("Preparing")
    tokenizer = reused
    if tokenizer is None:
        tokenizer_spec = tokenizer_spec_for(args, kind, vocab_size)  # a lesson's own settings
        tokenizer = train_tokenizer(tokenizer_spec, loaded.splits.train, progress=bar)
    trainer = start_neural_run(
        folder, model_spec, train_spec, tokenizer, loaded, progress=bar,
        specs_for_length=lambda tokens: _specs_for_new_run(
            args, kind, tokens, tokenizer.vocab_size
        ),
    )
    bar.close()
    return trainer


# --------------------------------------------------------------------------- resuming


def _resumed_run(args: argparse.Namespace) -> Any:
    """The run in --resume, continued; flags may change what `RESUME_CHANGEABLE` allows, and
    a corpus given on the command line replaces the recorded one (checked to be the same)."""
    from lmstudio_app.core.runs.jobs import resume_neural_run

    given = corpus_source(args) if args.corpus or args.sample else None

    def flags(cls: type, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {info.name: getattr(args, info.name, None)
                for info in spec_fields(cls) if info.name not in skip}

    spec_class = model_kind(str(read_run_json(args.resume).get("model_kind"))).spec_class
    resumed = resume_neural_run(
        args.resume, given, corpus_moved_to=args.corpus_moved_to or (),
        tokenizer_kind=args.tokenizer,
        model_changes=flags(spec_class, skip=("family",)), train_changes=flags(TrainSpec),
        locked_by_caller=True,
    )
    if given is not None or args.corpus_moved_to:
        report_skipped(resumed.corpus.corpus)
    return resumed.trainer


# --------------------------------------------------------------------------- running


@contextlib.contextmanager
def _stop_on_ctrl_c(trainer: Any) -> Iterator[None]:
    """The first Ctrl-C (or SIGTERM, SIGHUP) asks the trainer to stop and save; a second one
    stops at once. SIGTERM and SIGHUP are what `kill`, a logout or a batch system's time
    limit send: by default they ended the process with no save and a stale lock."""

    def handler(signum: int, frame: Any) -> None:
        if trainer.cancelled:
            raise KeyboardInterrupt if signum == signal.SIGINT else Terminated(signum)
        if signum == signal.SIGINT:
            note = "\nStopping after this step and saving (Ctrl-C again to quit now)..."
        else:
            name = signal_name(signum)
            note = f"\nAsked to stop ({name}): stopping after this step and saving..."
        with contextlib.suppress(OSError, ValueError):  # after SIGHUP the terminal may be gone
            print(note, file=sys.stderr)
        trainer.cancel()

    with handle_signals(handler, (signal.SIGINT, *STOP_SIGNALS)):
        yield


def run(args: argparse.Namespace) -> int:
    from lmstudio_app.core.training import distributed

    env = distributed.detect()  # started by torchrun: one of several processes
    if env is not None:
        from lmstudio_app.commands import train_distributed

        return train_distributed.run(args, env, lambda join: _run(args, join))
    return _run(args, None)


def _run(args: argparse.Namespace, join: Callable[[Any], None] | None) -> int:
    from lmstudio_app.core.runs.jobs import claim_run_folder

    if not args.resume and not args.out:
        raise StudioError("no_output")
    if not args.resume and args.corpus_moved_to:  # a new run: --corpus names its text
        args.corpus = [*(args.corpus or []), *args.corpus_moved_to]
    folder = Path(args.resume or args.out)
    if args.resume:
        read_run_json(folder)  # a clear error before any folder is touched
    # Taken before anything is read or written, and held to the end: a second window or
    # program writing the same folder is refused, and an unwritable --out is refused before
    # the (possibly long) tokenizer training.
    with claim_run_folder(folder):
        return _train(args, folder, join)


def _train(args: argparse.Namespace, folder: Path, join: Callable[[Any], None] | None) -> int:
    from lmstudio_app.core.training import (
        EvalEvent,
        FailedEvent,
        FinishedEvent,
        StepEvent,
    )

    trainer = _resumed_run(args) if args.resume else _new_run(args)
    if join is not None:
        join(trainer)  # one of several processes: the others start now
    spec = trainer.spec
    if not args.json:
        what = "Continuing" if args.resume else "Training"
        name = trainer.model_spec.family.upper()
        article = "an" if name[0] in "LR" else "a"  # an LSTM, an RNN, a GRU
        print(
            f"{what} {article} {name} with "
            f"{trainer.num_parameters:,} parameters on {trainer.data.train.size:,} tokens "
            f"({_budget(spec)}); saving into {folder}",
            file=sys.stderr,
        )
    bar = ProgressBar("Training")
    finished: FinishedEvent | None = None
    with _stop_on_ctrl_c(trainer):
        for event in trainer.run():
            if isinstance(event, StepEvent):
                bar.update(
                    event.progress,
                    f"step {event.step} loss {event.loss:.3f} {event.tokens_per_s:,.0f} tok/s",
                )
            elif isinstance(event, EvalEvent):
                line = (
                    f"step {event.step}: valid loss {event.valid_loss:.4f} "
                    f"(perplexity {event.perplexity:.2f}, {event.bits_per_char:.3f} bits/char)"
                )
                _print_line(bar, line)
            elif isinstance(event, FailedEvent):
                bar.close()
                raise StudioError(event.code, **event.params)
            elif isinstance(event, FinishedEvent):
                finished = event
    bar.close()
    assert finished is not None
    metrics = finished.metrics
    if args.json:
        print_json(_json_result(metrics, folder, trainer))
    else:
        _print_summary(metrics, folder, finished.reason)
    _say_if_memorising(folder)
    if finished.reason == "cancelled":
        print(
            f"Stopped at step {finished.step}; the run is saved. Continue with: "
            f"lmstudio-app train --resume {folder}",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return EXIT_OK


def _say_if_memorising(folder: Path) -> None:
    """The Train page's sentences about memorising, on stderr (the JSON stays on stdout)."""
    from lmstudio_app.core.overfitting import report_of_run

    report = report_of_run(folder)
    if report is not None:
        for sentence in report.sentences():
            print(sentence, file=sys.stderr)


def _print_line(bar: ProgressBar, line: str) -> None:
    if bar.enabled:
        bar.stream.write("\r" + line.ljust(150)[:150] + "\n")
        bar.stream.flush()
    else:
        print(line, file=sys.stderr)


def _budget(spec: TrainSpec) -> str:
    parts = []
    if spec.max_steps:
        parts.append(f"{spec.max_steps:,} steps")
    if spec.epochs:
        parts.append(f"{spec.epochs} epochs")
    if spec.max_minutes:
        parts.append(f"{spec.max_minutes:g} minutes")
    return "at most " + ", ".join(parts) if parts else "until stopped"


def _json_result(metrics: dict[str, Any], folder: Path, trainer: Any) -> dict[str, Any]:
    result = {
        "valid_loss": metrics.get("valid_loss"),
        "valid_perplexity": metrics.get("valid_perplexity"),
        "steps": metrics.get("steps"),
        "tokens_per_s": metrics.get("tokens_per_s"),
        "epochs": metrics.get("epochs"),
        "train_loss": metrics.get("train_loss"),
        "valid_bits_per_char": metrics.get("valid_bits_per_char"),
        "test_loss": metrics.get("test_loss"),
        "test_perplexity": metrics.get("test_perplexity"),
        "parameters": metrics.get("parameters"),
        "elapsed_s": metrics.get("elapsed_s"),
        "stop_reason": metrics.get("stop_reason"),
        "model": trainer.model_spec.family,
        "tokenizer": trainer.tokenizer.kind,
        "vocab_size": trainer.vocab_size,
        "run": str(folder),
    }
    return result


def _print_summary(metrics: dict[str, Any], folder: Path, reason: str) -> None:
    from lmstudio_app.core.training import STOP_REASONS

    out = sys.stdout
    print(
        f"Trained {metrics.get('steps', 0):,} steps ({metrics.get('epochs', 0):.2f} epochs) in "
        f"{format_duration(metrics.get('elapsed_s', 0))}, "
        f"{metrics.get('tokens_per_s', 0):,.0f} tokens/s; {STOP_REASONS.get(reason, reason)}.",
        file=out,
    )
    valid = metrics.get("valid_loss")
    if valid is not None and math.isfinite(valid):
        print(
            f"Validation: loss {valid:.4f} nats/token, perplexity "
            f"{metrics['valid_perplexity']:.2f}, {metrics['valid_bits_per_char']:.3f} bits/char",
            file=out,
        )
    test = metrics.get("test_loss")
    if test is not None:
        scored = metrics.get("test_tokens")
        part = f" (its first {scored:,} tokens)" if scored else ""
        print(f"Test{part}: loss {test:.4f}, perplexity {metrics['test_perplexity']:.2f}", file=out)
    print(f"Saved {folder}. Try: lmstudio-app generate {folder}", file=out)
