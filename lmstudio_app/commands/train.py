"""`lmstudio-app train`: tokenize a corpus, train a model, write a run folder.

The flags common to every model live here; each model family adds its own and does the work:
n-grams in `train_ngram`, neural networks (RNN, LSTM, GRU, GPT) in `train_recurrent`.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from lmstudio_app.commands.common import add_corpus_arguments, add_tokenizer_arguments
from lmstudio_app.core.models import MODEL_FAMILIES, MODEL_KINDS

# Every neural family goes through the shared trainer's command; the n-gram is counted.
FAMILY_COMMANDS = {
    kind.name: "train_recurrent" if kind.neural else "train_ngram" for kind in MODEL_KINDS.values()
    if kind.trained
}


def _family_module(module_name: str) -> ModuleType:
    return importlib.import_module(f"lmstudio_app.commands.{module_name}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_corpus_arguments(parser)
    # default None, not lstm: a lesson's model kind applies unless --model is given
    parser.add_argument(
        "--model", choices=MODEL_FAMILIES, default=None, help="model family (default lstm)"
    )
    parser.add_argument(
        "--lesson",
        metavar="FILE.lmlesson",
        help="train with a lesson's text, tokenizer and settings; flags given beside it change "
        "its settings, except those the lesson locks",
    )
    add_tokenizer_arguments(parser, default_kind=None)  # None: the corpus suggests a kind
    parser.add_argument(
        "--tokenizer-from",
        metavar="RUN",
        help="reuse the tokenizer of this run folder instead of building one (runs on one "
        "tokenizer can be mixed and compared token for token)",
    )
    parser.add_argument("--out", metavar="RUN", help="the run folder to write")
    parser.add_argument("--json", action="store_true", help="print the final metrics as JSON")
    for module_name in sorted(set(FAMILY_COMMANDS.values())):
        _family_module(module_name).add_arguments(parser)


def _apply_lesson(args: argparse.Namespace) -> None:
    """Fill in what the flags leave open from the lesson: its text, tokenizer, model kind and
    settings. A flag that changes a setting the lesson locks is refused, as the window would."""
    import dataclasses

    from lmstudio_app.core.config import spec_fields
    from lmstudio_app.core.errors import StudioError
    from lmstudio_app.core.lessons import (
        FAMILY_SETTING,
        LessonError,
        lesson_corpus,
        load_lesson,
        model_spec_class,
    )

    if getattr(args, "resume", None):
        raise StudioError("lesson_with_resume")
    path = str(args.lesson)
    lesson = load_lesson(path)

    def keep(section: str, name: str, label: str, given: object, value: object) -> object:
        """The lesson's value, or the flag's when given and the setting is not locked."""
        if given is None:
            return value
        if given != value and name in lesson.locked.get(section, ()):
            raise LessonError("lesson_locked", label=label, path=path)
        return given

    args.model = keep("model", FAMILY_SETTING, "Model family", args.model, lesson.model_kind)
    tokenizer = lesson.tokenizer
    args.tokenizer = keep("tokenizer", "kind", "Tokenizer kind", args.tokenizer, tokenizer.kind)
    args.vocab_size = keep(
        "tokenizer", "vocab_size", "Vocabulary size", args.vocab_size or None, tokenizer.vocab_size
    )
    args.lesson_tokenizer = tokenizer
    for info in spec_fields(tokenizer):  # the other tokenizer flags: refused where locked
        if info.name not in ("kind", "vocab_size"):
            keep("tokenizer", info.name, info.label, getattr(args, info.name, None),
                 getattr(tokenizer, info.name))
    if not getattr(args, "corpus", None) and not args.sample:
        if lesson.sample is not None:
            args.sample = lesson.sample  # recorded in run.json, so --resume reads it again
        else:
            args.lesson_corpus = lesson_corpus(lesson)
    specs: list[tuple[str, object]] = []
    if model_spec_class(args.model) is model_spec_class(lesson.model_kind):
        specs.append(("model", lesson.model))
    if args.model != "ngram" and lesson.training is not None:
        specs.append(("training", lesson.training))
    for section, spec in specs:
        assert dataclasses.is_dataclass(spec)
        for info in spec_fields(spec):
            if info.name == FAMILY_SETTING:
                continue
            given = getattr(args, info.name, None)
            setattr(args, info.name, keep(section, info.name, info.label, given,
                                          getattr(spec, info.name)))
    if args.model != "ngram" and getattr(args, "preset", None) is None:
        args.preset = lesson.preset  # every setting is given anyway; the run records it


def run(args: argparse.Namespace) -> int:
    if getattr(args, "lesson", None):
        _apply_lesson(args)
    args.model = args.model or "lstm"
    # Continuing a run is the recurrent trainer's business (an n-gram is counted in one go).
    name = "train_recurrent" if getattr(args, "resume", None) else FAMILY_COMMANDS[args.model]
    return int(_family_module(name).run(args) or 0)
