"""The settings of a recurrent model (`ModelSpec`) and the presets.

This module imports no torch, so the window can build its forms (from `spec_fields`) before
the heavy modules load.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from lmstudio_app.core.config import setting, validate_spec
from lmstudio_app.core.errors import ConfigError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.models import kinds_in_module
from lmstudio_app.core.training.spec import TrainSpec

# The kinds of the registry this family builds: rnn, lstm and gru.
FAMILIES: tuple[str, ...] = kinds_in_module("lmstudio_app.core.models.recurrent")
PRESETS: tuple[str, ...] = ("tiny", "small", "medium")


@dataclass(frozen=True)
class ModelSpec:
    """The shape of a recurrent language model."""

    family: str = setting(
        "lstm",
        label="Model family",
        help="rnn is the simplest recurrent network and forgets quickly; lstm and gru have "
        "gates that decide what to remember, so they keep track of longer contexts.",
        choices=FAMILIES,
    )
    embed_dim: int = setting(
        64,
        label="Embedding size",
        help="How many numbers describe each token when it enters the network.",
        low=1,
        high=8192,
    )
    hidden_size: int = setting(
        512,
        label="Hidden size",
        help="How many numbers the network uses to remember what it has read so far. "
        "Larger remembers more but learns more slowly per second.",
        low=1,
        high=16384,
    )
    layers: int = setting(
        1,
        label="Layers",
        help="How many recurrent layers are stacked, each reading the one below.",
        low=1,
        high=16,
    )
    dropout: float = setting(
        0.0,
        label="Dropout",
        help="The share of numbers switched off at random while training (on the embeddings, "
        "between layers and before the output). It fights memorising the training text; "
        "useful for large models on small texts.",
        low=0.0,
        high=0.95,
    )
    tied: bool = setting(
        False,
        label="Tie input and output",
        help="Use the same table of numbers to read tokens and to write them. Fewer "
        "parameters, often a better model on words. When the hidden size differs from the "
        "embedding size, a small projection is added.",
    )


# --------------------------------------------------------------------------- presets

# Chosen by measurement (bench/shakespeare_char.py, bench/names_char.py, bench/ptb_lstm.py;
# figures in bench/results/recurrent.md). On 2 laptop cores what counts is how many weight
# updates fit in the time: one 512-wide LSTM layer (an LSTM step is about twice as fast as a
# GRU step on the CPU) with Adam and short windows of 64 characters in 16 streams learned
# fastest per second, reaching 1.44 nats/char on Tiny Shakespeare in 4 minutes against 1.83
# for windows of 128 in 32 streams. Word models spend most of their time in the output
# layer, so they stay narrower and use dropout and tied weights; they learn fastest with
# word_language_model's recipe, plain SGD at 20 with clipping at 0.25 (on the Penn Treebank,
# 5 minutes: validation perplexity 156 against 230 with Adam at 0.002).
_PRESETS: dict[str, dict[str, tuple[dict[str, Any], dict[str, Any]]]] = {
    "char": {
        "tiny": (
            {"embed_dim": 32, "hidden_size": 256, "layers": 1, "dropout": 0.0, "tied": False},
            {"seq_len": 64, "batch_size": 16, "lr": 4e-3, "max_minutes": 0.75,
             "max_steps": 0, "epochs": 0, "eval_every": 200, "warmup_steps": 20},
        ),
        "small": (
            {"embed_dim": 64, "hidden_size": 512, "layers": 1, "dropout": 0.0, "tied": False},
            {"seq_len": 64, "batch_size": 16, "lr": 3e-3, "max_minutes": 4.0,
             "max_steps": 0, "epochs": 0, "eval_every": 200, "warmup_steps": 50},
        ),
        "medium": (
            {"embed_dim": 64, "hidden_size": 512, "layers": 2, "dropout": 0.1, "tied": False},
            {"seq_len": 64, "batch_size": 16, "lr": 2e-3, "max_minutes": 20.0,
             "max_steps": 0, "epochs": 0, "eval_every": 500, "warmup_steps": 100},
        ),
    },
    "word": {
        "tiny": (
            {"embed_dim": 64, "hidden_size": 128, "layers": 1, "dropout": 0.1, "tied": False},
            {"seq_len": 35, "batch_size": 32, "optimizer": "sgd", "lr": 20.0, "clip": 0.25,
             "max_minutes": 0.75, "max_steps": 0, "epochs": 0, "eval_every": 100,
             "warmup_steps": 0},
        ),
        "small": (
            {"embed_dim": 200, "hidden_size": 200, "layers": 2, "dropout": 0.2, "tied": True},
            {"seq_len": 35, "batch_size": 20, "optimizer": "sgd", "lr": 20.0, "clip": 0.25,
             "max_minutes": 5.0, "max_steps": 0, "epochs": 0, "eval_every": 300,
             "warmup_steps": 0},
        ),
        "medium": (
            {"embed_dim": 400, "hidden_size": 400, "layers": 2, "dropout": 0.4, "tied": True},
            {"seq_len": 35, "batch_size": 20, "optimizer": "sgd", "lr": 20.0, "clip": 0.25,
             "max_minutes": 30.0, "max_steps": 0, "epochs": 0, "eval_every": 500,
             "warmup_steps": 0},
        ),
    },
}

PRESET_DESCRIPTIONS = {
    "tiny": N_("Under a minute: a small network that already writes word-like text."),
    "small": N_("A few minutes: the default, a good model for a lesson."),
    "medium": N_("Longer (20 to 30 minutes): a larger network for a better model."),
}


def preset_domain(tokenizer_kind: str) -> str:
    """Character presets for character tokens, word presets for everything else."""
    return "char" if tokenizer_kind == "char" else "word"


# A character text shorter than this is read many times over in a small or medium preset's
# time, and the network starts to memorise it: more dropout then helps. On names.txt (183k
# training characters, 5 minutes) dropout 0.3 reached 1.945 nats/char against 2.000 without.
SMALL_TEXT_TOKENS = 500_000
SMALL_TEXT_DROPOUT = 0.3
# Below this many training tokens (a book of poems, the Analects) every preset, of every kind,
# memorises within a few epochs: more dropout still, a narrower network, and early stopping.
# The small LSTM on 诗经 (33,560 characters, 2,925 of them distinct) went from 6.90 to 7.09 in
# validation between its first two evaluations at 512 units with dropout 0.3.
TINY_TEXT_TOKENS = 100_000
TINY_TEXT_DROPOUT = 0.5
TINY_TEXT_PATIENCE = 6
# A hidden layer wider than the text can teach: at most one unit per this many training tokens,
# and at most one per this many tokens per vocabulary entry (each output unit has its own row
# of hidden-size weights to learn, from the few times its token occurs).
TOKENS_PER_HIDDEN_UNIT = 128
TOKENS_PER_OUTPUT_WEIGHT = 20
MIN_HIDDEN_SIZE = 64
# A text shorter than a few of the preset's windows (a four-line poem: 29 characters of
# training text, where a window is 64 characters and the one after) cannot give training even
# one window: it gets shorter windows, then fewer streams, so that an epoch still takes at
# least this many steps (as many as it has tokens to predict, when fewer).
MIN_STEPS_PER_EPOCH = 4
# Evaluate at least this many times per epoch, so a short text shows its best point.
EVALS_PER_EPOCH = 2
MIN_EVAL_EVERY = 10
# A plain (tanh) RNN's gradients grow faster than a gated network's: plain SGD at the word
# presets' 20 overshot on Tiny Shakespeare in BPE tokens (validation 10.29 at step 200 against
# ln(4000) = 8.29 for a uniform guess, or a stop for divergence at step 20); at 5 with a short
# warm-up it reached 5.98 in 20 s where 20 reached 6.59.
PLAIN_RNN_SGD_LR = 5.0
# The gated networks take SGD at 20 from the first step, as word_language_model does, but not
# on every text: in a run of the whole of bench/defaults_matrix.py (30 steps a cell) the
# medium GRU stopped for divergence at the first steps on names.txt in BPE and in Unigram
# tokens (vocabulary 1,000; loss 26 at step 7 against ln(1000) = 6.9) and once on Tang 5000
# in BPE. A warm-up of 20 steps (a few seconds) let names.txt's learn (4.79 after 60 steps;
# lr 10 did as well, 4.76), so every SGD preset starts with it. Its price, after 20 s (230 to
# 950 steps) of three cells that learned without it: 5.285 against 5.228 (Shakespeare, words,
# small LSTM), 6.048 against 6.009 (Tang 5000, BPE, small GRU), 4.583 against 4.600 (论语,
# BPE, tiny GRU); a divergence costs the whole run.
SGD_WARMUP_STEPS = 20


def preset_specs(
    name: str,
    tokenizer_kind: str = "char",
    family: str = "lstm",
    train_tokens: int | None = None,
    vocab_size: int | None = None,
) -> tuple[ModelSpec, TrainSpec]:
    """The model and training settings of a preset, for a tokenizer kind and a family, fitted
    to the text when its length (`train_tokens`) and vocabulary size are known.

    The one place presets adapt: the Model page's "Preset" and `train --preset` both call it.
    """
    if name not in PRESETS:
        raise ConfigError(
            "bad_setting",
            label=N_("Preset"),
            expected=N_("one of {choices}", choices=", ".join(PRESETS)),
            value=name,
        )
    domain = preset_domain(tokenizer_kind)
    model_changes, train_changes = (dict(part) for part in _PRESETS[domain][name])
    if train_changes.get("optimizer") == "sgd":
        train_changes["warmup_steps"] = max(train_changes["warmup_steps"], SGD_WARMUP_STEPS)
        if family == "rnn":
            train_changes["lr"] = PLAIN_RNN_SGD_LR
    if train_tokens is not None:
        _fit_to_text(model_changes, train_changes, domain, name, train_tokens, vocab_size)
    model = ModelSpec(family=family, **model_changes)
    train = TrainSpec(**train_changes)
    return validate_spec(model), validate_spec(train)


def _fit_to_text(
    model: dict[str, Any],
    train: dict[str, Any],
    domain: str,
    name: str,
    train_tokens: int,
    vocab_size: int | None,
) -> None:
    """Change a preset's settings (in place) for a text of `train_tokens` training tokens and
    a vocabulary of `vocab_size` (None: unknown)."""
    if domain == "char" and name != "tiny" and train_tokens < SMALL_TEXT_TOKENS:
        model["dropout"] = max(model["dropout"], SMALL_TEXT_DROPOUT)
    if train_tokens < TINY_TEXT_TOKENS:
        model["dropout"] = max(model["dropout"], TINY_TEXT_DROPOUT)
        train["patience"] = TINY_TEXT_PATIENCE
    widest = train_tokens / TOKENS_PER_HIDDEN_UNIT
    if vocab_size:
        widest = min(widest, TOKENS_PER_OUTPUT_WEIGHT * train_tokens / vocab_size)
    if model["hidden_size"] > widest:
        # a power of two below the limit (the presets' sizes are), never below the minimum
        hidden = max(MIN_HIDDEN_SIZE, 2 ** int(math.log2(max(widest, 1))))
        if hidden < model["hidden_size"]:
            model["hidden_size"] = hidden
            model["embed_dim"] = min(model["embed_dim"], hidden)
    _fit_windows(train, train_tokens)
    steps_per_epoch = train_tokens // (train["seq_len"] * train["batch_size"])
    train["eval_every"] = max(
        MIN_EVAL_EVERY, min(train["eval_every"], steps_per_epoch // EVALS_PER_EPOCH)
    )


def _fit_windows(train: dict[str, Any], train_tokens: int) -> None:
    """Shorten the windows (`seq_len`), then take fewer streams (`batch_size`), until an epoch
    of `train_tokens` tokens takes `MIN_STEPS_PER_EPOCH` steps, each stream holding whole
    windows (a sequence and the token after it). A text of 2 tokens gets one window of one
    token; a text of a few thousand keeps the preset's."""
    predicted = max(train_tokens - 1, 1)  # every token but the first is a target once
    seq_len = max(1, min(train["seq_len"], predicted // MIN_STEPS_PER_EPOCH))
    windows = predicted // seq_len
    train["seq_len"] = seq_len
    train["batch_size"] = max(1, min(train["batch_size"], windows // MIN_STEPS_PER_EPOCH))
