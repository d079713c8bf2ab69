"""A transformer's size, training memory and work per token, estimated without building it:
a model too large for the memory is refused before it is built, and the Model page shows the
same figures the Trainer refuses with. No torch here."""

from __future__ import annotations

from lmstudio_app.core.models.gpt.spec import GPTSpec
from lmstudio_app.core.training.spec import EVAL_BATCH_SIZE, TrainSpec

_FLOAT_BYTES = 4


def gpt_parameters(vocab_size: int, spec: GPTSpec) -> int:
    """The parameter count of `GPT(vocab_size, spec)`: the embeddings (the output reads the
    token embedding back, so it adds nothing), and per block the attention's query, key and
    value matrix (E x 3E) and output (E x E), the MLP (E x 4E and 4E x E), and two
    LayerNorms; then the final LayerNorm. Biases, when on, are one number per output."""
    width, bias = spec.embed_dim, int(spec.bias)
    block = (
        12 * width * width + 2 * width + bias * (2 * width + 3 * width + width + 4 * width + width)
    )
    return (vocab_size + spec.context) * width + spec.layers * block + width * (1 + bias)


def training_memory_bytes(vocab_size: int, model: GPTSpec, train: TrainSpec) -> int:
    """Roughly how much memory training takes beyond the program itself, in bytes.

    The parameters are held seven times over (weights, gradients, AdamW's two moments, the
    best and the last good weights, a copy while a checkpoint is written). Backpropagation
    keeps, per token and layer, about 16 numbers per embedding dimension (the LayerNorms, the
    queries, keys and values, the MLP's four-times-wider middle twice, the residual sums) and
    two attention scores per head and earlier position (the scores and their softmax); then
    the output scores, three numbers per vocabulary entry. Validation reads larger batches
    without gradients.
    """
    parameters = gpt_parameters(vocab_size, model)
    moments = 2 if train.optimizer in ("adam", "adamw") else 0
    weights = parameters * _FLOAT_BYTES * (5 + moments)
    window = train.seq_len
    per_layer = 16 * model.embed_dim + 2 * model.heads * window
    per_token = 2 * model.embed_dim + model.layers * per_layer + 3 * vocab_size
    activations = train.batch_size * window * per_token * _FLOAT_BYTES
    eval_per_token = 6 * model.embed_dim + model.heads * window + 2 * vocab_size
    evaluation = EVAL_BATCH_SIZE * window * eval_per_token * _FLOAT_BYTES
    return int(weights + max(activations, evaluation))


def training_multiply_adds_per_token(vocab_size: int, model: GPTSpec) -> float:
    """Roughly the multiply-adds one training token costs: per layer the four matrices
    (12 E^2) and attention over the window (scores and weighted sum, 2 x window x E), then the
    output layer (E x vocab); times three for forward and backward together."""
    width = model.embed_dim
    per_layer = 12 * width * width + 2 * model.context * width
    return 3.0 * (model.layers * per_layer + width * vocab_size)


# the name `core.specs` asks every family's estimates module for
parameters = gpt_parameters
