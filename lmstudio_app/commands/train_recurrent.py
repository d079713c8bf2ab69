"""`lmstudio-app train --model {rnn,lstm,gru}`: train a recurrent network into a run folder.

```
lmstudio-app train --sample shakespeare --model lstm --out my-run          # the "small" preset
lmstudio-app train book.txt --tokenizer char --preset tiny --out quick-run
lmstudio-app train ptb.train.txt --valid ptb.valid.txt --tokenizer whitespace \
    --layers 2 --hidden-size 200 --embed-dim 200 --optimizer sgd --lr 20 \
    --schedule plateau --clip 0.25 --seq-len 35 --batch-size 20 --epochs 6 --out ptb-run
lmstudio-app train --resume my-run                         # continue where it stopped
lmstudio-app train --resume my-run --max-minutes 10        # ... with a larger budget
```

The flags common to every model (corpus, --tokenizer, --out, --json, --model) come from
`train`; this module adds --preset, --resume and one flag per ModelSpec / TrainSpec setting.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import math
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lmstudio_app.commands.common import (
    EXIT_OK,
    CorpusInput,
    ProgressBar,
    format_duration,
    load_corpus_input,
    print_json,
    tokenizer_spec_for,
)
from lmstudio_app.commands.signals import STOP_SIGNALS, Terminated, handle_signals, signal_name
from lmstudio_app.core.config import (
    add_spec_arguments,
    spec_fields,
    spec_from_args,
    spec_to_dict,
    validate_spec,
)
from lmstudio_app.core.errors import RunFolderError, StudioError
from lmstudio_app.core.runlock import acquire_run_lock
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.specs import PRESETS, ModelSpec, TrainSpec, preset_specs

# Settings a resumed run may change: its budget and how it is run, not what it computes on.
RESUME_CHANGEABLE = frozenset(
    {"max_steps", "epochs", "max_minutes", "lr", "eval_every", "eval_tokens", "patience",
     "threads", "device", "checkpoint_every", "sample_tokens", "clip"}
)
BUDGET_SETTINGS = ("max_steps", "epochs", "max_minutes")
EXIT_INTERRUPTED = 130


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("recurrent networks (--model rnn, lstm or gru)")
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
    add_spec_arguments(group, ModelSpec, skip=("family",))
    add_spec_arguments(group, TrainSpec)


# --------------------------------------------------------------------------- new runs


def _corpus_source(args: argparse.Namespace) -> dict[str, Any]:
    """What `--resume` needs to read the same text again."""
    from lmstudio_app.core.resume import corpus_source

    return corpus_source(
        files=list(args.corpus or []), sample=args.sample, valid=args.valid, test=args.test,
        encoding=args.encoding, split=args.split, split_method=args.split_method,
    )


def _specs_for_new_run(
    args: argparse.Namespace, tokenizer_kind: str, train_tokens: int | None = None
) -> tuple[ModelSpec, TrainSpec]:
    model_base, train_base = preset_specs(
        args.preset or "small", tokenizer_kind, args.model, train_tokens
    )
    # A budget given on the command line replaces the preset's whole budget: asking for
    # 6 epochs should not stop at the preset's time limit.
    if any(getattr(args, name, None) is not None for name in BUDGET_SETTINGS):
        train_base = dataclasses.replace(train_base, max_steps=0, epochs=0, max_minutes=0.0)
    model_spec = spec_from_args(ModelSpec, args, dataclasses.replace(model_base, family=args.model))
    train_spec = spec_from_args(TrainSpec, args, train_base)
    return model_spec, train_spec


def _new_run(args: argparse.Namespace) -> tuple[Any, Path]:
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.runs import is_run_folder
    from lmstudio_app.core.tokenization import train_tokenizer
    from lmstudio_app.core.training import Trainer, create_run
    from lmstudio_app.core.unfinished import clear_unfinished_run, is_unfinished_run

    folder = Path(args.out)
    # The lock is held (run()); a run that never saved a model or checkpoint is replaced.
    if is_run_folder(folder):
        if not is_unfinished_run(folder):
            raise StudioError("run_exists", path=str(folder))
        clear_unfinished_run(folder)
    data_in = load_corpus_input(args)
    kind = args.tokenizer
    vocab_size = args.vocab_size
    if kind is None:
        from lmstudio_app.core.corpus import suggest_tokenizer

        kind, suggested = suggest_tokenizer(data_in.corpus.stats)
        vocab_size = vocab_size or suggested
    tokenizer_spec = tokenizer_spec_for(args, kind, vocab_size)  # a lesson's own settings
    # Refuse bad settings before the (possibly long) tokenizer training.
    model_spec, train_spec = _specs_for_new_run(args, kind)
    bar = ProgressBar("Preparing")
    tokenizer = train_tokenizer(tokenizer_spec, data_in.splits.train, progress=bar)
    data = encode_splits(tokenizer, data_in.splits, progress=bar)
    bar.close()
    # The presets adapt to the length of the text (more dropout on a short one).
    model_spec, train_spec = _specs_for_new_run(args, kind, int(data.train.size))
    # Checked now, before the folder is made: the trainer checks again.
    trainer = Trainer(model_spec, train_spec, tokenizer, data, folder)
    corpus = {**data_in.describe(), "source": _corpus_source(args),
              "fingerprints": _split_fingerprints(data_in)}
    create_run(folder, model_spec, train_spec, tokenizer, corpus)
    return trainer, folder


def _split_fingerprints(data_in: CorpusInput) -> dict[str, str]:
    from lmstudio_app.core.resume import split_fingerprints

    return split_fingerprints(data_in.splits)


# --------------------------------------------------------------------------- resuming


def _resumed_run(args: argparse.Namespace) -> tuple[Any, Path]:
    from lmstudio_app.core.data import encode_splits
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json, update_run_json
    from lmstudio_app.core.specs import FAMILIES
    from lmstudio_app.core.training import Trainer, specs_from_run

    folder = Path(args.resume)
    run = read_run_json(folder)  # the lock is taken after this: never create a folder here
    if run.get("model_kind") not in FAMILIES:
        raise RunFolderError(
            "run_corrupt", path=str(folder),
            reason=f"a {run.get('model_kind')} run has no training to continue",
        )
    tokenizer = load_run_tokenizer(folder, run)
    model_spec, train_spec = specs_from_run(folder, run)
    if args.tokenizer is not None and args.tokenizer != tokenizer.kind:
        raise StudioError("resume_change", label="Tokenizer kind")
    model_spec = _refuse_changes(ModelSpec, model_spec, args, frozenset(), skip=("family",))
    train_spec = _refuse_changes(TrainSpec, train_spec, args, RESUME_CHANGEABLE)
    data_in = _reload_corpus(args, run, folder)
    data = encode_splits(tokenizer, data_in.splits)
    trainer = Trainer(model_spec, train_spec, tokenizer, data, folder, resume=True)
    update_run_json(folder, train=spec_to_dict(train_spec))
    return trainer, folder


def _refuse_changes(
    cls: type, spec: Any, args: argparse.Namespace, allowed: frozenset[str],
    skip: tuple[str, ...] = (),
) -> Any:
    changes = {}
    for info in spec_fields(cls):
        if info.name in skip:
            continue
        value = getattr(args, info.name, None)
        if value is None or value == getattr(spec, info.name):
            continue
        if info.name not in allowed:
            raise StudioError("resume_change", label=info.label)
        changes[info.name] = value
    return validate_spec(dataclasses.replace(spec, **changes))


def _reload_corpus(args: argparse.Namespace, run: dict[str, Any], folder: Path) -> CorpusInput:
    """The text the run was trained on, read again and checked against its fingerprints
    (`core.resume`); a corpus given on the command line replaces the recorded one."""
    from lmstudio_app.core.resume import check_same_corpus, load_source, source_of_run

    if args.corpus or args.sample:
        data_in = load_corpus_input(args)
    else:
        data_in = CorpusInput(*load_source(source_of_run(run, folder)))
    check_same_corpus(run, data_in.corpus, data_in.splits)
    return data_in


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
    if not args.resume and not args.out:
        raise StudioError("no_output")
    folder = Path(args.resume or args.out)
    with contextlib.ExitStack() as stack:
        if args.resume:
            read_run_json(folder)  # a clear error before any folder is touched
        elif not folder.exists():
            stack.callback(_remove_if_empty, folder)  # runs last, after the lock is gone
        # Taken before anything is read or written, and held to the end: a second window or
        # program writing the same folder is refused, and an unwritable --out is refused
        # before the (possibly long) tokenizer training.
        lock = acquire_run_lock(folder)
        stack.callback(lock.release)
        return _train(args)


def _remove_if_empty(folder: Path) -> None:
    """A new run that failed before anything was saved leaves no empty folder behind."""
    with contextlib.suppress(OSError):
        folder.rmdir()  # only succeeds when empty


def _train(args: argparse.Namespace) -> int:
    from lmstudio_app.core.training import (
        EvalEvent,
        FailedEvent,
        FinishedEvent,
        StepEvent,
    )

    trainer, folder = _resumed_run(args) if args.resume else _new_run(args)
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
    if finished.reason == "cancelled":
        print(
            f"Stopped at step {finished.step}; the run is saved. Continue with: "
            f"lmstudio-app train --resume {folder}",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return EXIT_OK


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
        print(f"Test: loss {test:.4f}, perplexity {metrics['test_perplexity']:.2f}", file=out)
    print(f"Saved {folder}. Try: lmstudio-app generate {folder}", file=out)
