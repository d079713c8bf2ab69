"""A recurrent model's size, training memory and work per token, estimated without building
it: a model too large for the memory must be refused before it is built, and the Model page
shows the same figures the Trainer refuses with. No torch here.
"""

from __future__ import annotations

from lmstudio_app.core.models.recurrent.spec import ModelSpec
from lmstudio_app.core.training.spec import EVAL_BATCH_SIZE, TrainSpec, check_memory

GATES = {"rnn": 1, "gru": 3, "lstm": 4}
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
    evaluation = EVAL_BATCH_SIZE * train.seq_len * eval_per_token * _FLOAT_BYTES
    return int(weights + max(activations, evaluation))


def check_training_memory(
    vocab_size: int, model: ModelSpec, train: TrainSpec, available: int | None
) -> int:
    """Refuse, before anything is built, a model whose training cannot fit in `available`
    bytes (None: unknown, nothing is refused). Returns the estimate."""
    return check_memory(training_memory_bytes(vocab_size, model, train), available)


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


# Evaluating a token (forward only, no gradients) costs about a third of training on it.
EVAL_COST_SHARE = 1 / 3


def epoch_seconds_from_step(
    step_seconds: float, train: TrainSpec, train_tokens: int, valid_tokens: int = 0
) -> float:
    """How long one pass over `train_tokens` takes when a training step takes `step_seconds`
    (`speed.measure_step_seconds`): the steps of the epoch, and the validation runs
    (`train.eval_every`) that fall inside it."""
    tokens_per_step = train.seq_len * train.batch_size
    steps = train_tokens / tokens_per_step
    evals = steps / train.eval_every if train.eval_every else 1.0
    if train.eval_tokens:
        valid_tokens = min(valid_tokens, train.eval_tokens)
    eval_steps = evals * valid_tokens / tokens_per_step * EVAL_COST_SHARE
    return (steps + eval_steps) * step_seconds


def run_seconds_estimate(
    epoch_seconds: float, train: TrainSpec, train_tokens: int
) -> tuple[float, str] | None:
    """How long the whole run takes when an epoch takes `epoch_seconds` (evaluations inside),
    and which limit ends it first ("steps", "epochs" or "time", as `schedule.stop_reason`
    names them); None when no limit is set (it trains until stopped).
    Early stopping (`train.patience`) may end it sooner: it cannot be foreseen."""
    steps_per_epoch = max(1.0, train_tokens / (train.seq_len * train.batch_size))
    limits: list[tuple[float, str]] = []
    if train.max_steps:
        limits.append((train.max_steps * epoch_seconds / steps_per_epoch, "steps"))
    if train.epochs:
        limits.append((train.epochs * epoch_seconds, "epochs"))
    if train.max_minutes:
        limits.append((train.max_minutes * 60.0, "time"))
    return min(limits) if limits else None


# the name `core.specs` asks every family's estimates module for
parameters = recurrent_parameters
