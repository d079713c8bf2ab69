"""The settings of a recurrent model and of its training, and the presets.

This module imports no torch, so the window can build its forms (from `spec_fields`) before
the heavy modules load. `core.models.recurrent` and `core.training` re-export what is here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from lmstudio_app.core.config import setting, validate_spec
from lmstudio_app.core.errors import ConfigError, TrainingError
from lmstudio_app.core.i18n import N_

FAMILIES: tuple[str, ...] = ("rnn", "lstm", "gru")
FAMILY_NAMES = {"rnn": N_("simple RNN"), "lstm": "LSTM", "gru": "GRU"}
BATCHING_CHOICES = ("contiguous", "random")
OPTIMIZERS = ("sgd", "adam", "adamw")
SCHEDULES = ("constant", "plateau", "decay", "cosine")
DEVICES = ("auto", "cpu", "cuda", "mps")
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


@dataclass(frozen=True)
class TrainSpec:
    """How a recurrent model is trained."""

    batching: str = setting(
        "contiguous",
        label="Batching",
        help="contiguous reads the text in order, in parallel streams, and carries the memory "
        "from one window to the next; random picks windows anywhere and starts each with an "
        "empty memory.",
        choices=BATCHING_CHOICES,
    )
    seq_len: int = setting(
        64,
        label="Sequence length",
        help="How many tokens the network reads before its weights are updated (backpropagation "
        "through time is cut there).",
        low=2,
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


def preset_specs(
    name: str,
    tokenizer_kind: str = "char",
    family: str = "lstm",
    train_tokens: int | None = None,
) -> tuple[ModelSpec, TrainSpec]:
    """The model and training settings of a preset, for a tokenizer kind and a family.

    Given the length of the training text in tokens, the larger character presets add
    dropout on short texts.
    """
    if name not in PRESETS:
        raise ConfigError(
            "bad_setting",
            label=N_("Preset"),
            expected=N_("one of {choices}", choices=", ".join(PRESETS)),
            value=name,
        )
    domain = preset_domain(tokenizer_kind)
    model_changes, train_changes = _PRESETS[domain][name]
    model_changes = dict(model_changes)
    if (
        domain == "char"
        and name != "tiny"
        and train_tokens is not None
        and train_tokens < SMALL_TEXT_TOKENS
    ):
        model_changes["dropout"] = max(model_changes["dropout"], SMALL_TEXT_DROPOUT)
    model = ModelSpec(family=family, **model_changes)
    train = TrainSpec(**train_changes)
    return validate_spec(model), validate_spec(train)


# --------------------------------------------------------------------------- checks


def check_specs(model: ModelSpec, train: TrainSpec) -> tuple[ModelSpec, TrainSpec]:
    """Both specs validated, with a sentence naming any setting out of its range."""
    return validate_spec(model), validate_spec(train)


def check_corpus_length(train: TrainSpec, train_tokens: int) -> None:
    """Refuse a training text shorter than one window (a sequence and its next token)."""
    needed = train.seq_len + 1
    if train_tokens < needed or train_tokens < 2:
        raise TrainingError(
            "corpus_too_short", split=N_("training"), tokens=train_tokens, needed=needed
        )


def replace_spec(spec: Any, **changes: Any) -> Any:
    """`dataclasses.replace` followed by validation."""
    return validate_spec(dataclasses.replace(spec, **changes))


# --------------------------------------------------------------------------- size and memory

GATES = {"rnn": 1, "gru": 3, "lstm": 4}
# Validation reads this many streams side by side (training.EVAL_BATCH_SIZE; repeated here so
# that this module stays free of torch).
_EVAL_STREAMS = 32
_FLOAT_BYTES = 4


def recurrent_parameters(vocab_size: int, spec: ModelSpec) -> int:
    """The parameter count of `RecurrentLM(vocab_size, spec)`, without building it (a model
    too large for the memory must be refused before it is built)."""
    gates = GATES[spec.family]
    total = vocab_size * spec.embed_dim
    for layer in range(spec.layers):
        inputs = spec.embed_dim if layer == 0 else spec.hidden_size
        hidden = spec.hidden_size
        total += gates * hidden * (inputs + hidden) + 2 * gates * hidden  # weights and biases
    if spec.tied:
        if spec.hidden_size != spec.embed_dim:
            total += spec.hidden_size * spec.embed_dim  # projection down to the embedding size
        total += vocab_size  # the decoder's bias
    else:
        total += spec.hidden_size * vocab_size + vocab_size
    return total


def training_memory_bytes(vocab_size: int, model: ModelSpec, train: TrainSpec) -> int:
    """Roughly how much memory training takes beyond the program itself, in bytes.

    Parameters are held several times over: the weights, their gradients, the optimizer's
    moments (two for Adam), the best and the last good weights kept against divergence, and
    one more copy while a checkpoint is written. Activations are what backpropagation keeps
    for a batch (every gate of every layer at every position, and the output scores, which
    dominate for large vocabularies), or what a validation batch needs, whichever is larger.
    """
    parameters = recurrent_parameters(vocab_size, model)
    moments = 2 if train.optimizer in ("adam", "adamw") else 0
    weights = parameters * _FLOAT_BYTES * (5 + moments)
    gates = GATES[model.family]
    per_token = model.embed_dim + model.layers * model.hidden_size * (gates + 2) + 3 * vocab_size
    activations = train.batch_size * train.seq_len * per_token * _FLOAT_BYTES
    eval_per_token = model.embed_dim + model.layers * model.hidden_size * 2 + 2 * vocab_size
    evaluation = _EVAL_STREAMS * train.seq_len * eval_per_token * _FLOAT_BYTES
    return int(weights + max(activations, evaluation))


def check_training_memory(
    vocab_size: int, model: ModelSpec, train: TrainSpec, available: int | None
) -> int:
    """Refuse, before anything is built, a model whose training cannot fit in `available`
    bytes (None: unknown, nothing is refused). Returns the estimate."""
    needed = training_memory_bytes(vocab_size, model, train)
    if available is not None and needed > available:
        raise TrainingError(
            "not_enough_memory", needed_mb=needed / 1e6, available_mb=available / 1e6
        )
    return needed


# CPU throughput of recurrent training, in multiply-adds per second: the small character preset
# (about 4 million multiply-adds per token, forward and backward) trains at 15,500 tokens/s on
# the 2-core development machine (bench/results/recurrent.md), about 6e10. An estimate to show
# as "about"; the real speed is measured once training starts.
CPU_MULTIPLY_ADDS_PER_SECOND = 6e10


def training_multiply_adds_per_token(vocab_size: int, model: ModelSpec) -> float:
    """Roughly the multiply-adds one training token costs: the recurrent layers and the
    decoder forward, times three for forward and backward together."""
    gates = GATES[model.family]
    recurrent = sum(
        gates * model.hidden_size * ((model.embed_dim if i == 0 else model.hidden_size)
                                     + model.hidden_size)
        for i in range(model.layers)
    )
    return 3.0 * (recurrent + model.hidden_size * vocab_size)


def epoch_seconds_estimate(vocab_size: int, model: ModelSpec, train_tokens: int) -> float:
    """Roughly how long one pass over `train_tokens` training tokens takes on the CPU."""
    work = train_tokens * training_multiply_adds_per_token(vocab_size, model)
    return work / CPU_MULTIPLY_ADDS_PER_SECOND
