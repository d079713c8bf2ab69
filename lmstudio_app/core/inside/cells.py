"""What a recurrent network computes as it reads: its hidden state and gates, step by step.

The equations are worked out here again, in numpy, from the run's own weights (an RNN's
h_t = tanh(W x_t + U h_{t-1} + b), an LSTM's or GRU's gates), so that each step can be shown
with its parts: W x_t (what the token brings), U h_{t-1} (what memory brings) and b. The tests
check that the states found this way are the ones torch's nn.RNN / LSTM / GRU give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# The gates of each family, in the order torch stacks them in weight_ih / weight_hh.
GATES: dict[str, tuple[str, ...]] = {
    "rnn": ("candidate",),
    "lstm": ("input", "forget", "candidate", "output"),
    "gru": ("reset", "update", "candidate"),
}


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class CellTrace:
    """One layer of a recurrent network reading a text, token by token.

    `hidden`: (steps, units), the state after each token. `gates`: name -> (steps, units), the
    gate values (for an LSTM also "cell", its memory c_t). `input_terms` / `memory_terms`:
    (steps, gates * units), W x_t and U h_{t-1} of each step (for a GRU's candidate, U h_{t-1}
    is before the reset gate multiplies it); `bias`: (gates * units,), b_ih + b_hh (a GRU's
    candidate keeps them apart: `memory_bias` is its b_hn, inside the reset gate).
    """

    family: str
    layer: int
    hidden: np.ndarray
    gates: dict[str, np.ndarray]
    input_terms: np.ndarray
    memory_terms: np.ndarray
    bias: np.ndarray
    memory_bias: np.ndarray
    previous: np.ndarray  # (steps, units): h_{t-1} of each step
    previous_cell: np.ndarray  # (steps, units): an LSTM's c_{t-1} (zeros for the others)
    order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        if self.order.size == 0:
            self.order = units_by_variation(self.hidden)

    @property
    def steps(self) -> int:
        return int(self.hidden.shape[0])

    @property
    def units(self) -> int:
        return int(self.hidden.shape[1])

    def tracks(self) -> dict[str, np.ndarray]:
        """Everything shown over the text: the hidden state first, then each gate."""
        return {"hidden": self.hidden, **self.gates}

    def part(self, terms: np.ndarray, gate: str) -> np.ndarray:
        """The slice of a stacked (…, gates * units) array that belongs to `gate`."""
        index = GATES[self.family].index(gate)
        return terms[..., index * self.units : (index + 1) * self.units]


def units_by_variation(values: np.ndarray) -> np.ndarray:
    """Unit indices, the one whose value varies most over the text first (ties: lower index)."""
    spread = values.std(axis=0) if values.shape[0] else np.zeros(values.shape[1])
    return np.lexsort((np.arange(spread.size), -spread)).astype(np.int64)


def _layer_weights(rnn: Any, layer: int) -> tuple[np.ndarray, ...]:
    def get(name: str) -> np.ndarray:
        tensor = getattr(rnn, f"{name}_l{layer}", None)
        if tensor is None:  # a network trained without biases
            return np.zeros(0)
        return tensor.detach().cpu().double().numpy()

    return get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")


def _run_layer(
    family: str, weights: tuple[np.ndarray, ...], inputs: np.ndarray, h: np.ndarray, c: np.ndarray
) -> np.ndarray:
    """The states of one layer after each input, from torch's own RNN / LSTM / GRU (in float64):
    the one step that cannot be done all at once is done by the code the model runs."""
    import torch
    from torch import nn

    w_ih, w_hh, b_ih, b_hh = weights
    kind = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[family]
    layer = kind(w_ih.shape[1], w_hh.shape[1], 1).double()
    with torch.no_grad():
        for name, value in zip(
            ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
            (w_ih, w_hh, b_ih, b_hh),
            strict=True,
        ):
            getattr(layer, name).copy_(torch.from_numpy(np.ascontiguousarray(value)))
        x = torch.from_numpy(np.ascontiguousarray(inputs)).view(inputs.shape[0], 1, -1)
        h0 = torch.from_numpy(h).view(1, 1, -1)
        start = (h0, torch.from_numpy(c).view(1, 1, -1)) if family == "lstm" else h0
        output, _ = layer(x, start)
    return output[:, 0].numpy()


def trace_layer(
    family: str,
    weights: tuple[np.ndarray, ...],
    inputs: np.ndarray,
    start: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[CellTrace, tuple[np.ndarray, np.ndarray]]:
    """Run one layer over `inputs` (steps, features) from `start` (h, c), or zeros.

    The states come from torch; with them known, every step's W x_t, U h_{t-1} and gates are
    worked out at once (two matrix products), not step by step (ten times slower in numpy
    for an LSTM of 512 units). Returns the trace and the final (h, c) (c is zeros but for an
    LSTM).
    """
    w_ih, w_hh, b_ih, b_hh = weights
    units = w_hh.shape[1]
    if b_ih.size == 0:
        b_ih = np.zeros(w_ih.shape[0])
    if b_hh.size == 0:
        b_hh = np.zeros(w_hh.shape[0])
    h0 = np.zeros(units) if start is None else np.asarray(start[0], dtype=np.float64)
    c = np.zeros(units) if start is None else np.asarray(start[1], dtype=np.float64)
    steps = inputs.shape[0]
    hidden = _run_layer(family, (w_ih, w_hh, b_ih, b_hh), inputs, h0, c)
    previous = np.vstack([h0[None, :], hidden[:-1]]) if steps else np.zeros((0, units))
    input_terms = inputs @ w_ih.T
    memory_terms = previous @ w_hh.T
    previous_cell = np.zeros((steps, units))
    if family == "rnn":
        gates = {"candidate": np.tanh(input_terms + memory_terms + b_ih + b_hh)}
    elif family == "lstm":
        pre = input_terms + memory_terms + b_ih + b_hh
        i, f, g, o = (pre[:, k * units : (k + 1) * units] for k in range(4))
        i, f, g, o = _sigmoid(i), _sigmoid(f), np.tanh(g), _sigmoid(o)
        cells = np.empty((steps, units))
        fresh = i * g
        for t in range(steps):  # c_t = f c_{t-1} + i g: element by element, cheap
            previous_cell[t] = c
            c = f[t] * c + fresh[t]
            cells[t] = c
        gates = {"input": i, "forget": f, "candidate": g, "output": o, "cell": cells}
    else:  # gru
        x = input_terms + b_ih
        x_r, x_z, x_n = x[:, :units], x[:, units : 2 * units], x[:, 2 * units :]
        m = memory_terms + b_hh
        r = _sigmoid(x_r + m[:, :units])
        z = _sigmoid(x_z + m[:, units : 2 * units])
        n = np.tanh(x_n + r * m[:, 2 * units :])
        gates = {"reset": r, "update": z, "candidate": n}
    bias = b_ih + b_hh
    memory_bias = np.zeros_like(bias)
    if family == "gru":  # the candidate's b_hn sits inside the reset gate: kept apart
        bias[2 * units :] = b_ih[2 * units :]
        memory_bias[2 * units :] = b_hh[2 * units :]
    trace = CellTrace(
        family,
        0,
        hidden,
        gates,
        input_terms,
        memory_terms,
        bias,
        memory_bias,
        previous,
        previous_cell,
    )
    final = hidden[-1] if steps else h0
    return trace, (final, c)


def trace_network(module: Any, ids: Sequence[int], warmup: Sequence[int] = ()) -> list[CellTrace]:
    """Every layer of a `RecurrentLM` reading `ids` (after `warmup`, whose steps are dropped:
    the start token generation reads first). Eval mode: no dropout, as generation sees it."""
    import torch

    family = module.spec.family
    all_ids = [int(i) for i in warmup] + [int(i) for i in ids]
    with torch.no_grad():
        tensor = torch.as_tensor(all_ids, dtype=torch.long)
        inputs = module.embedding.weight.detach().cpu().double().numpy()[tensor.numpy()]
    traces = []
    skip = len(warmup)
    for layer in range(module.rnn.num_layers):
        trace, _ = trace_layer(family, _layer_weights(module.rnn, layer), inputs)
        inputs = trace.hidden
        traces.append(_drop_steps(trace, skip, layer))
    return traces


def _drop_steps(trace: CellTrace, skip: int, layer: int) -> CellTrace:
    if skip == 0:
        trace.layer = layer
        return trace
    return CellTrace(
        trace.family,
        layer,
        trace.hidden[skip:],
        {name: value[skip:] for name, value in trace.gates.items()},
        trace.input_terms[skip:],
        trace.memory_terms[skip:],
        trace.bias,
        trace.memory_bias,
        trace.previous[skip:],
        trace.previous_cell[skip:],
    )
