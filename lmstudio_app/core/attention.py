"""How a token attended to the tokens before it: what a transformer's attention weights say.

A transformer (`models.gpt`) records, on request, how much the last position it read attended
to each position of its window: per layer and head, weights that sum to 1 (a softmax). The
Generate page's attention view and `generate --attention --json` both read them through the
functions here, so the window and the command line show the same numbers.

Reading attention is done with a copy of the run model whose `record_attention` is on: the
model itself (which the window may be generating with on another thread at the same moment)
keeps its fast path, and attention costs time only when someone looks at it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

# Digits kept in the JSON: enough for weights to still sum to 1 within 1e-5.
JSON_DIGITS = 6


def records_attention(model: Any) -> bool:
    """Whether the model can say what it attended to (a transformer; not an n-gram or RNN)."""
    return hasattr(model, "record_attention")


@dataclass(frozen=True)
class TokenAttention:
    """How one token attended to its window.

    `window`: the ids the model saw when it read the token, the token itself last (the start
    token first while the text is shorter than the context length). `weights`: (layers,
    heads, len(window)); each head's row sums to 1.
    """

    window: tuple[int, ...]
    weights: np.ndarray

    @property
    def layers(self) -> int:
        return int(self.weights.shape[0])

    @property
    def heads(self) -> int:
        return int(self.weights.shape[1])

    def row(self, layer: int, head: int | None) -> np.ndarray:
        """The weights over the window in `layer` for `head`, or averaged over the heads
        (None); either way they sum to 1."""
        if head is None:
            return np.asarray(self.weights[layer].mean(axis=0), dtype=np.float64)
        return np.asarray(self.weights[layer, head], dtype=np.float64)

    def to_dict(self, display: Any = None) -> dict[str, Any]:
        """The JSON form: the window (ids, and as text when `display(id)` is given) and the
        weights as [layer][head][position]."""
        out: dict[str, Any] = {"window_ids": [int(i) for i in self.window]}
        if display is not None:
            out["window"] = [display(i) for i in self.window]
        out["weights"] = np.round(self.weights.astype(np.float64), JSON_DIGITS).tolist()
        return out


def _reader(model: Any) -> Any:
    """A copy of `model` sharing its network, with attention recorded."""
    if not records_attention(model):
        raise TypeError(f"{type(model).__name__} has no attention to show")
    reader = copy.copy(model)
    reader.record_attention = True
    return reader


def _attention(state: Any) -> TokenAttention:
    weights = np.asarray(state.attention, dtype=np.float64)
    return TokenAttention(tuple(int(i) for i in state.window), weights)


def last_token_attention(model: Any, context: Sequence[int]) -> TokenAttention | None:
    """How the last token of `context` attended to the ones before it (and to itself); None
    for an empty context or a model without attention."""
    if not context or not records_attention(model):
        return None
    return _attention(_reader(model).start(list(context)))


def token_attention(
    model: Any, context: Sequence[int], ids: Sequence[int]
) -> Iterator[TokenAttention]:
    """How each of `ids`, read one after the other after `context`, attended to the tokens
    before it: one new position each (the model's key/value cache), as generation reads."""
    reader = _reader(model)
    state = reader.start(list(context))
    for token_id in ids:
        state = reader.advance(state, int(token_id))
        yield _attention(state)
