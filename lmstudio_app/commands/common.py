"""Pieces every command shares: corpus flags, a progress bar, JSON output, exit codes."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from lmstudio_app.core.corpus import Corpus, skipped_summary
from lmstudio_app.core.jsontext import escape_lone_surrogates
from lmstudio_app.core.progress import ProgressCallback, format_duration, no_progress
from lmstudio_app.core.runs.source import CorpusSource, LoadedCorpus, parse_split
from lmstudio_app.core.samples import SAMPLES

EXIT_OK = 0
EXIT_BUG = 1
EXIT_BAD_INPUT = 2


def add_corpus_arguments(parser: argparse.ArgumentParser, *, positional: bool = True) -> None:
    """CORPUS... | --sample NAME, the encoding override and the split settings."""
    if positional:
        parser.add_argument(
            "corpus", nargs="*", metavar="CORPUS", help="text files or folders to learn from"
        )
    parser.add_argument(
        "--sample", choices=sorted(SAMPLES), help="use a bundled sample corpus instead of files"
    )
    parser.add_argument(
        "--encoding",
        help="read the files with this text encoding instead of detecting it; "
        "utf-8:replace reads UTF-8 with its damaged bytes replaced",
    )
    parser.add_argument(
        "--valid", metavar="FILE", help="a validation file (predefined split, as PTB comes)"
    )
    parser.add_argument("--test", metavar="FILE", help="a test file (predefined split)")
    parser.add_argument(
        "--split",
        default="0.9,0.05,0.05",
        metavar="TRAIN,VALID,TEST",
        help="fractions for train/valid/test when no --valid/--test is given (default %(default)s)",
    )
    parser.add_argument(
        "--split-method",
        choices=("contiguous", "lines"),
        default=None,
        help="hold out the tail of the text (contiguous, the default) or random lines "
        "(the default for the names sample)",
    )


def corpus_source(args: argparse.Namespace) -> CorpusSource:
    """The text the flags name: files, --sample, or the text embedded in a lesson
    (`train --lesson`; files or --sample given beside the lesson replace it)."""
    return CorpusSource.create(
        files=list(getattr(args, "corpus", None) or []),
        sample=args.sample,
        valid=args.valid,
        test=args.test,
        encoding=args.encoding,
        split=parse_split(args.split),
        split_method=args.split_method,
        embedded=getattr(args, "lesson_corpus", None),
    )


def load_corpus_input(
    args: argparse.Namespace, progress: ProgressCallback = no_progress
) -> LoadedCorpus:
    """The corpus and its splits as the flags describe them; what a folder held that was not
    read, and what a short text's split did (no validation part...), said on stderr."""
    loaded = corpus_source(args).load(progress)
    report_skipped(loaded.corpus)
    for sentence in loaded.splits.notes:
        print(sentence, file=sys.stderr)
    return loaded


def report_skipped(corpus: Corpus, stream: TextIO | None = None) -> None:
    """Tell, on stderr, what a folder held that was not read (links that leave it, named
    pipes, hidden files...): one sentence a reason; and that an encoding was a guess among
    close alternatives, when it was. Stdout stays for --json."""
    sentences = list(skipped_summary(corpus.skipped))
    if corpus.encoding_warning is not None:
        sentences.append(corpus.encoding_warning)
    for sentence in sentences:
        print(sentence, file=stream or sys.stderr)


def add_tokenizer_arguments(
    parser: argparse.ArgumentParser | Any, default_kind: str | None
) -> None:
    """`--tokenizer` (the kind; `default_kind` when not given) and one flag per other setting
    of TokenizerSpec (--vocab-size, --min-frequency, --lowercase...), made from its metadata
    as the model and training flags are."""
    from lmstudio_app.core.config import add_spec_arguments
    from lmstudio_app.core.tokenization import KINDS, TokenizerSpec

    # "--tokenizer", not the metadata's "--kind": beside --model a bare kind would be unclear.
    parser.add_argument("--tokenizer", choices=KINDS, default=default_kind, help="tokenizer kind")
    add_spec_arguments(parser, TokenizerSpec, skip=("kind",))


def reused_tokenizer(args: argparse.Namespace) -> Any:
    """The tokenizer of the run named by `--tokenizer-from` (None when not given): the new
    run reads the very same tokens, so the two can be mixed and compared token for token."""
    source = getattr(args, "tokenizer_from", None)
    if not source:
        return None
    from lmstudio_app.core.runs import load_run_tokenizer, read_run_json

    return load_run_tokenizer(Path(source), read_run_json(Path(source)))


def tokenizer_spec_for(args: argparse.Namespace, kind: str, vocab_size: int | None) -> Any:
    """The TokenizerSpec to build: the tokenizer flags given over a lesson's own settings
    when `train --lesson` chose this kind, else over the defaults; `kind` and `vocab_size`
    (None or 0: automatic) as the command decided them."""
    import dataclasses

    from lmstudio_app.core.config import spec_from_args, validate_spec
    from lmstudio_app.core.tokenization import TokenizerSpec

    lesson_spec = getattr(args, "lesson_tokenizer", None)
    base = lesson_spec if lesson_spec is not None and lesson_spec.kind == kind else None
    spec = spec_from_args(TokenizerSpec, args, base)
    return validate_spec(dataclasses.replace(spec, kind=kind, vocab_size=vocab_size or 0))


def print_json(data: dict[str, Any], stream: TextIO | None = None) -> None:
    def clean(value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [clean(item) for item in value]
        return value

    # A file name that is not UTF-8 is printed as a JSON escape, not as invalid bytes.
    print(escape_lone_surrogates(json.dumps(clean(data), ensure_ascii=False)),
          file=stream or sys.stdout)


class ProgressBar:
    """A one-line progress bar on stderr with an ETA; silent when stderr is not a terminal
    unless `force` is set."""

    def __init__(self, label: str, stream: TextIO | None = None, force: bool = False) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = force or self.stream.isatty()
        self.started = time.monotonic()
        self._last_draw = 0.0

    def __call__(self, fraction: float | None, message: str = "") -> None:
        self.update(fraction, message)

    def update(self, fraction: float | None, message: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and fraction not in (0.0, 1.0):
            return
        self._last_draw = now
        elapsed = now - self.started
        if fraction is None:
            bar = "." * (int(elapsed * 4) % 20)
            line = f"{self.label} {message} {bar}"
        else:
            fraction = min(max(fraction, 0.0), 1.0)
            filled = int(fraction * 30)
            eta = elapsed / fraction * (1 - fraction) if fraction > 0 else float("nan")
            eta_text = f"ETA {format_duration(eta)}" if math.isfinite(eta) else ""
            bar = "#" * filled + " " * (30 - filled)
            line = f"{self.label} [{bar}] {fraction:5.1%} {message} {eta_text}"
        self.stream.write("\r" + line[:150].ljust(150))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
