"""`lmstudio-app train`: tokenize a corpus, train a model, write a run folder.

The flags common to every model live here; each model family adds its own and does the work:
n-grams in `train_ngram`, recurrent networks in `train_recurrent`.
"""

from __future__ import annotations

import argparse
import importlib

from lmstudio_app.commands.common import add_corpus_arguments
from lmstudio_app.core.models import MODEL_FAMILIES
from lmstudio_app.core.tokenization import KINDS

FAMILY_COMMANDS = {
    "ngram": "train_ngram",
    "rnn": "train_recurrent",
    "lstm": "train_recurrent",
    "gru": "train_recurrent",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_corpus_arguments(parser)
    parser.add_argument("--model", choices=MODEL_FAMILIES, default="lstm", help="model family")
    parser.add_argument("--tokenizer", choices=KINDS, default=None, help="tokenizer kind")
    parser.add_argument("--vocab-size", type=int, default=0, help="vocabulary size (0: automatic)")
    parser.add_argument("--out", metavar="RUN", help="the run folder to write")
    parser.add_argument("--json", action="store_true", help="print the final metrics as JSON")
    for module_name in sorted(set(FAMILY_COMMANDS.values())):
        module = importlib.import_module(f"lmstudio_app.commands.{module_name}")
        module.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    module = importlib.import_module(f"lmstudio_app.commands.{FAMILY_COMMANDS[args.model]}")
    return int(module.run(args) or 0)
