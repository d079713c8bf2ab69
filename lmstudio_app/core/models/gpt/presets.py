"""The transformer's presets, and how they fit a text. Plain dictionaries, no torch and no
spec class (spec.py builds the specs from them)."""

from __future__ import annotations

import math
from typing import Any

PRESETS: tuple[str, ...] = ("tiny", "small", "medium")

# AdamW with weight decay on the matrices only (core.optimizer splits the groups), a short
# warm-up and a cosine decay to a tenth: nanoGPT's recipe.
_OPTIMIZER = {
    "optimizer": "adamw",
    "weight_decay": 0.1,
    "schedule": "cosine",
    "final_lr_fraction": 0.1,
    "clip": 1.0,
    "batching": "random",
}


def _train(**changes: Any) -> dict[str, Any]:
    return {**_OPTIMIZER, "max_steps": 0, "epochs": 0, **changes}


# How they were chosen (Tiny Shakespeare characters, bench/gpt_shakespeare.py, 2 threads, on the
# shared 2-core development machine under a load average of 4 to 6, so tokens/s varied from
# 5,300 to 10,400 between runs and comparisons were made at equal steps where they could be):
# - shape, 90 s each: 4 layers x 128 wide, context 64, batches of 16 reached 1.960; with
#   batches of 32 2.176; 3 x 192 2.049; 6 x 128 2.205; context 128 in batches of 8 2.310.
#   Small and quick per step wins: on 2 cores it is the number of updates that counts.
# - learning rate, 800 steps each of 4 x 128 (context 64, batches of 16): 0.002 -> 2.008,
#   0.004 -> 1.912, 0.006 -> 1.893, 0.008 -> 1.893; without biases at 0.006 1.919, so
#   biases stay on; context 32 in batches of 32 (the same tokens per step) 1.885, within
#   the noise of context 64, which stays: a longer view is what a class looks at.
# - width, 240 s each of the small preset on a quieter machine (the helpers' niced work paused),
#   4 layers: 128 wide 1.568 after 3,915 steps (bench/gpt_race.py), 96 wide 1.526 after 6,978,
#   64 wide 1.525 after 11,111. Four minutes on two cores is too little compute for 0.8 M
#   numbers: a narrower network takes 1.8 to 2.8 times the steps and ends lower. 96 and 64 tie;
#   96 is kept for characters (heads 24 wide, room for the longer runs a class makes).
# The tiny preset is 2 layers x 128; the medium one is wider and deeper with dropout, for
# longer runs (and a GPU), at a gentler rate. The word presets use the 128-wide shapes with
# dropout (the output layer is wide, the text is read fewer times); they were checked only
# for learning in 30 steps (tests/training/test_defaults_matrix.py).
PRESET_SETTINGS: dict[str, dict[str, tuple[dict[str, Any], dict[str, Any]]]] = {
    "char": {
        "tiny": (
            {"layers": 2, "heads": 4, "embed_dim": 128, "context": 64, "dropout": 0.0},
            _train(batch_size=16, lr=6e-3, warmup_steps=20, max_minutes=0.75, eval_every=100),
        ),
        "small": (
            {"layers": 4, "heads": 4, "embed_dim": 96, "context": 64, "dropout": 0.0},
            _train(batch_size=16, lr=6e-3, warmup_steps=50, max_minutes=4.0, eval_every=200),
        ),
        "medium": (
            {"layers": 6, "heads": 6, "embed_dim": 192, "context": 128, "dropout": 0.1},
            _train(batch_size=16, lr=3e-3, warmup_steps=100, max_minutes=20.0, eval_every=500),
        ),
    },
    "word": {
        "tiny": (
            {"layers": 2, "heads": 4, "embed_dim": 128, "context": 64, "dropout": 0.1},
            _train(batch_size=16, lr=3e-3, warmup_steps=20, max_minutes=0.75, eval_every=100),
        ),
        "small": (
            {"layers": 4, "heads": 4, "embed_dim": 128, "context": 64, "dropout": 0.1},
            _train(batch_size=16, lr=3e-3, warmup_steps=50, max_minutes=5.0, eval_every=300),
        ),
        "medium": (
            {"layers": 6, "heads": 6, "embed_dim": 192, "context": 128, "dropout": 0.2},
            _train(batch_size=16, lr=1.5e-3, warmup_steps=100, max_minutes=30.0, eval_every=500),
        ),
    },
}

# Fitting to the text, as the recurrent presets do (core.models.recurrent.spec): a text
# shorter than these many training tokens is read many times over in a preset's time, and
# the network starts to memorise it; more dropout then, and early stopping on the shortest.
SMALL_TEXT_TOKENS = 500_000
SMALL_TEXT_DROPOUT = 0.2
TINY_TEXT_TOKENS = 100_000
TINY_TEXT_DROPOUT = 0.3
TINY_TEXT_PATIENCE = 6
# A network wider than the text can teach: at most one embedding number per this many
# training tokens, and per this many tokens per vocabulary entry (the tied embedding is also
# the output layer: each token's row is learned from the few times it occurs).
TOKENS_PER_WIDTH = 128
TOKENS_PER_OUTPUT_WEIGHT = 20
MIN_EMBED_DIM = 64
# The text must hold this many training windows at least: a context as long as the whole
# text would show the network the same few windows again and again.
MIN_WINDOWS = 32
MIN_CONTEXT = 8
EVALS_PER_EPOCH = 2
MIN_EVAL_EVERY = 10


def _power_of_two_below(limit: float, floor: int) -> int:
    return max(floor, 2 ** int(math.log2(max(limit, 1))))


def fit_to_text(
    model: dict[str, Any],
    train: dict[str, Any],
    name: str,
    domain: str,
    train_tokens: int,
    vocab_size: int | None,
) -> None:
    """Change a preset's settings (in place) for a text of `train_tokens` training tokens and
    a vocabulary of `vocab_size` (None: unknown)."""
    if name != "tiny" and train_tokens < SMALL_TEXT_TOKENS:
        model["dropout"] = max(model["dropout"], SMALL_TEXT_DROPOUT)
    if train_tokens < TINY_TEXT_TOKENS:
        model["dropout"] = max(model["dropout"], TINY_TEXT_DROPOUT)
        train["patience"] = TINY_TEXT_PATIENCE
    widest = train_tokens / TOKENS_PER_WIDTH
    if vocab_size:
        widest = min(widest, TOKENS_PER_OUTPUT_WEIGHT * train_tokens / vocab_size)
    if model["embed_dim"] > widest:
        width = min(model["embed_dim"], _power_of_two_below(widest, MIN_EMBED_DIM))
        heads = model["heads"]
        while width % heads:  # the heads share the width out evenly
            heads -= 1
        model["embed_dim"], model["heads"] = width, heads
    longest = train_tokens // MIN_WINDOWS
    if model["context"] > longest:
        model["context"] = min(model["context"], _power_of_two_below(longest, MIN_CONTEXT))
    steps_per_epoch = train_tokens // (model["context"] * train["batch_size"])
    train["eval_every"] = max(
        MIN_EVAL_EVERY, min(train["eval_every"], steps_per_epoch // EVALS_PER_EPOCH)
    )
