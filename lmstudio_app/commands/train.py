"""`lmstudio-app train`: tokenize a corpus, train a model, write a run folder.

The flags common to every model live here; each model family adds its own and does the work:
n-grams in `train_ngram`, recurrent networks in `train_recurrent`.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType

from lmstudio_app.commands.common import add_corpus_arguments
from lmstudio_app.core.models import MODEL_FAMILIES
from lmstudio_app.core.tokenization import KINDS

FAMILY_COMMANDS = {"ngram": "train_ngram", "rnn": "train_recurrent", "lstm": "train_recurrent",
                   "gru": "train_recurrent"}


def _family_module(module_name: str) -> ModuleType | None:
    """The module of a model family, or None while that family's command is not written."""
    try:
        return importlib.import_module(f"lmstudio_app.commands.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"lmstudio_app.commands.{module_name}":
            raise
        return None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_corpus_arguments(parser)
    parser.add_argument("--model", choices=MODEL_FAMILIES, default="lstm", help="model family")
    parser.add_argument("--tokenizer", choices=KINDS, default=None, help="tokenizer kind")
    parser.add_argument("--vocab-size", type=int, default=0, help="vocabulary size (0: automatic)")
    parser.add_argument("--out", metavar="RUN", help="the run folder to write")
    parser.add_argument("--json", action="store_true", help="print the final metrics as JSON")
    for module_name in sorted(set(FAMILY_COMMANDS.values())):
        module = _family_module(module_name)
        if module is not None:
            module.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    # Continuing a run is the recurrent trainer's business (an n-gram is counted in one go).
    name = "train_recurrent" if getattr(args, "resume", None) else FAMILY_COMMANDS[args.model]
    module = _family_module(name)
    if module is None:
        parser = argparse.ArgumentParser(prog="lmstudio-app train")
        parser.error(f"training a {args.model} model is not available in this version")
    return int(module.run(args) or 0)
