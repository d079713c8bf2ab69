"""How a model is trained (`TrainSpec`), and the checks made before anything is built.

This module imports no torch, so the window can build its forms (from `spec_fields`) before
the heavy modules load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lmstudio_app.core.config import setting, validate_spec
from lmstudio_app.core.errors import TrainingError
from lmstudio_app.core.i18n import N_

BATCHING_CHOICES = ("contiguous", "random", "lines")
OPTIMIZERS = ("sgd", "adam", "adamw")
SCHEDULES = ("constant", "plateau", "decay", "cosine")
DEVICES = ("auto", "cpu", "cuda", "mps")
# Validation reads this many streams side by side. word_language_model reads 10; a
# recurrent network's evaluation is sequential in time, so more streams are several times
# quicker on a CPU, and each stream still carries its memory over thousands of tokens (the
# PTB benchmark uses 10, to compare with the published figures).
EVAL_BATCH_SIZE = 32


@dataclass(frozen=True)
class TrainSpec:
    """How a model is trained: batches, optimizer, schedule, limits and saves."""

    batching: str = setting(
        "contiguous",
        label="Batching",
        help="contiguous reads the text in order, in parallel streams, and carries the memory "
        "from one window to the next; random picks windows anywhere and starts each with an "
        "empty memory; lines reads each line on its own (for names, poems, sentences), "
        "from <bos> to the end of the line, padded with <pad> to the longest line of its "
        "batch.",
        choices=BATCHING_CHOICES,
    )
    seq_len: int = setting(
        64,
        label="Sequence length",
        help="How many tokens the network reads before its weights are updated (backpropagation "
        "through time is cut there).",
        low=1,  # a text of two tokens has one window of one (and the token after it)
        high=100_000,
        unit="tokens",
    )
    batch_size: int = setting(
        16,
        label="Batch size",
        help="How many streams of text are read side by side at each step.",
        low=1,
        high=4096,
    )
    optimizer: str = setting(
        "adam",
        label="Optimizer",
        help="How the weights move: sgd takes plain steps downhill; adam and adamw adapt the "
        "step size of each weight and are forgiving of the learning rate.",
        choices=OPTIMIZERS,
    )
    lr: float = setting(
        3e-3,
        label="Learning rate",
        help="How big the steps are. Too small learns slowly; too large and the loss jumps "
        "around or becomes NaN. Adam likes about 0.001 to 0.005, sgd about 1 to 20.",
        low=1e-6,
        high=1000.0,
        log_scale=True,
    )
    schedule: str = setting(
        "cosine",
        label="Learning-rate schedule",
        help="constant keeps it; plateau divides it when the validation loss stops improving; "
        "decay divides it after every epoch from a given epoch on; cosine warms up, then "
        "lowers it smoothly until the end of training.",
        choices=SCHEDULES,
    )
    lr_factor: float = setting(
        4.0,
        label="Divide by",
        help="For plateau and decay: the learning rate is divided by this each time.",
        low=1.0,
        high=1000.0,
        advanced=True,
    )
    decay_after: int = setting(
        4,
        label="Decay after epoch",
        help="For decay: the learning rate is divided after each epoch from this one on.",
        low=1,
        high=100_000,
        unit="epochs",
        advanced=True,
    )
    warmup_steps: int = setting(
        50,
        label="Warm-up",
        help="For cosine: the learning rate grows from 0 over this many steps first.",
        low=0,
        high=1_000_000,
        unit="steps",
        advanced=True,
    )
    final_lr_fraction: float = setting(
        0.1,
        label="Final learning rate",
        help="For cosine: the learning rate at the end, as a share of the starting one.",
        low=0.0,
        high=1.0,
        advanced=True,
    )
    weight_decay: float = setting(
        0.0,
        label="Weight decay",
        help=(
            "Pulls every weight matrix a little towards 0 at each step, against memorising "
            "(biases are left alone)."
        ),
        low=0.0,
        high=10.0,
        advanced=True,
    )
    clip: float = setting(
        1.0,
        label="Gradient clipping",
        help="The largest allowed length of a step's gradient; longer ones are shortened. "
        "Keeps one unlucky batch from wrecking the model. 0 switches it off.",
        low=0.0,
        high=1e6,
    )
    max_steps: int = setting(
        0,
        label="Steps",
        help="Stop after this many steps. 0 means no limit.",
        low=0,
        high=10**9,
        unit="steps",
    )
    epochs: int = setting(
        0,
        label="Epochs",
        help="Stop after reading the training text this many times. 0 means no limit.",
        low=0,
        high=100_000,
        unit="epochs",
    )
    max_minutes: float = setting(
        4.0,
        label="Time limit",
        help="Stop after this many minutes of training. 0 means no limit. When it is the only "
        "limit, the cosine schedule follows the clock.",
        low=0.0,
        high=100_000.0,
        unit="minutes",
    )
    eval_every: int = setting(
        200,
        label="Evaluate every",
        help="Measure the loss on the validation text every this many steps (and at the end "
        "of each epoch). 0 means only at the end of each epoch.",
        low=0,
        high=10**9,
        unit="steps",
    )
    eval_tokens: int = setting(
        200_000,
        label="Validation tokens",
        help="Use at most this many tokens of the validation text for each evaluation, so "
        "that it stays quick on a large text. 0 means all of it.",
        low=0,
        high=10**10,
        unit="tokens",
        advanced=True,
    )
    patience: int = setting(
        0,
        label="Early stopping",
        help="Stop when the validation loss has not improved for this many evaluations in a "
        "row. 0 means never stop early.",
        low=0,
        high=100_000,
        unit="evaluations",
    )
    seed: int = setting(
        0,
        label="Seed",
        help="The same seed, settings and text give the same training again.",
        low=0,
        high=2**31 - 1,
    )
    threads: int = setting(
        0,
        label="Threads",
        help="How many processor cores to train with. 0 uses all of them (the fastest).",
        low=1,
        high=1024,
        special=0,
        advanced=True,
    )
    device: str = setting(
        "auto",
        label="Device",
        help="Where to compute: cpu, an NVIDIA graphics card (cuda), an Apple one (mps), or "
        "auto (a graphics card if there is one, else the processor).",
        choices=DEVICES,
        advanced=True,
    )
    compile: bool = setting(
        False,
        label="Compile",
        help="Compile the model with torch.compile before training: often faster on a "
        "graphics card, but the first steps wait while it compiles (a minute or more), and "
        "on the processor a small model may be no faster.",
        advanced=True,
    )
    checkpoint_every: float = setting(
        60.0,
        label="Save every",
        help="Save what is needed to continue training this often. 0 saves only at the end.",
        low=0.0,
        high=1e6,
        unit="seconds",
        advanced=True,
    )
    sample_tokens: int = setting(
        200,
        label="Sample length",
        help="How many tokens of text the model writes at each evaluation, to show progress.",
        low=0,
        high=10_000,
        unit="tokens",
        advanced=True,
    )


def check_specs(model: Any, train: TrainSpec) -> tuple[Any, TrainSpec]:
    """Both specs validated, with a sentence naming any setting out of its range."""
    return validate_spec(model), validate_spec(train)


def check_corpus_length(train: TrainSpec, train_tokens: int) -> None:
    """Refuse a training text shorter than one window (a sequence and its next token), and
    in its own words one with nothing to learn from (fewer than two tokens: no token follows
    another). A preset fitted to the text (`preset_specs`) always fits from two tokens on."""
    if train_tokens < 2:
        raise TrainingError("text_too_short_to_learn", tokens=train_tokens)
    needed = train.seq_len + 1
    if train_tokens < needed:
        raise TrainingError(
            "corpus_too_short", split=N_("training"), tokens=train_tokens, needed=needed
        )


def check_memory(needed: int, available: int | None) -> int:
    """Refuse, before anything is built, training that needs more than `available` bytes
    (None: unknown, nothing is refused). Returns `needed`."""
    if available is not None and needed > available:
        raise TrainingError(
            "not_enough_memory", needed_mb=needed / 1e6, available_mb=available / 1e6
        )
    return needed
