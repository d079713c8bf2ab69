"""The next-token distribution after a context, built order by order by the back-off rule,
and `explain_next_tokens`: where each likely token's probability comes from."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from lmstudio_app.core.arpa import BackoffTables

if TYPE_CHECKING:
    from lmstudio_app.core.models.ngram.model import NGramModel


def context_indices(tables: BackoffTables, state: tuple[int, ...]) -> list[int]:
    """Indices of the listed contexts that end the state: [0] (the empty context, a
    placeholder), then the 1-token suffix, the 2-token suffix... while they are listed."""
    found = [0]
    for length in range(1, min(len(state), tables.order - 1) + 1):
        suffix = state[len(state) - length :]
        index = tables.lookup_ngram(suffix)
        if index < 0:
            break  # a longer context contains this one: stop, as SRILM and KenLM do
        found.append(index)
    return found


def backoff_levels(
    tables: BackoffTables, state: tuple[int, ...], keep_levels: bool = False
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[float]]:
    """(log-probabilities, the order that supplied each, per-order levels, weights)."""
    contexts = context_indices(tables, state)
    dist = tables.logp[0].copy()
    source = np.where(np.isfinite(dist), 1, 0).astype(np.int8)
    levels = [dist.copy()] if keep_levels else []
    weights: list[float] = []
    for length in range(1, len(contexts)):
        index = contexts[length]
        n = length + 1
        weight = float(tables.bow[length - 1][index])
        weights.append(weight)
        low, high = tables.children(length, index)
        dist += weight
        if high > low:
            children = tables.keys[n - 1][low:high] % tables.vocab_size
            dist[children] = tables.logp[n - 1][low:high]
            source[children] = n
        if keep_levels:
            levels.append(dist.copy())
    return dist, source, levels, weights


def order_parts(
    level_probs: Sequence[float], gammas: Sequence[float], source: int, interpolated: bool
) -> dict[int, float]:
    """The probability each order contributes, keyed by order (1 = the token alone).

    `level_probs[i]`: the token's probability from the orders up to i + 1 (the back-off
    levels); `gammas[i]`: the weight order i + 2 leaves to the shorter contexts; `source`:
    the longest order at which the token is listed after the context (0: nowhere).
    """
    used = len(level_probs)
    parts = dict.fromkeys(range(1, used + 1), 0.0)
    if source <= 0 or used == 0:
        return parts
    final = level_probs[-1]
    if not interpolated:
        parts[source] = final
        return parts
    above = math.prod(gammas[source - 1 :])  # the weights of the orders above the source
    for n in range(1, source + 1):
        own = level_probs[n - 1] - (gammas[n - 2] * level_probs[n - 2] if n > 1 else 0.0)
        parts[n] = max(own, 0.0) * math.prod(gammas[n - 1 : source - 1]) * above
    return parts


def explain_next_tokens(
    model: NGramModel, context_ids: Sequence[int], k: int = 10
) -> dict[str, Any]:
    """The k most likely next tokens and where their probability comes from.

    For each token: its probability; `order`, the longest n-gram ending in it that the
    model has seen after this context (1 = the token alone); and for interpolated models
    `shares`, the part of the probability each order contributed. Also the context the
    model used, and the weight it gives the shorter contexts at each order.
    """
    state = model.start(context_ids)
    dist, source, levels, weights = backoff_levels(model.tables, state, keep_levels=True)
    probs = np.exp(dist)
    k = max(1, min(int(k), int(np.count_nonzero(probs > 0)) or 1))
    top = np.argpartition(-probs, k - 1)[:k]
    top = top[np.argsort(-probs[top], kind="stable")]
    gammas = [math.exp(w) for w in weights]  # weight of order n-1 inside order n
    entries = []
    for token in top.tolist():
        entry: dict[str, Any] = {
            "id": int(token),
            "token": model.token_text(token),
            "probability": float(probs[token]),
            "order": int(source[token]),
        }
        if model.interpolated and probs[token] > 0:
            parts = order_parts(
                [math.exp(level[token]) for level in levels], gammas, entry["order"], True
            )
            # fractions of the probability, adding up to 1 (explain.py: the whole story)
            entry["shares"] = {n: float(p / probs[token]) for n, p in parts.items()}
        entries.append(entry)
    return {
        "context": [model.token_text(t) for t in state],
        # the highest order whose context was seen followed by something
        "context_order": int(source.max()),
        "lower_order_weights": {n + 2: gammas[n] for n in range(len(gammas))},
        "interpolated": model.interpolated,
        "tokens": entries,
    }
