"""Where one next token's probability comes from, order by order (the Generate page's panel
and the `next` command).

An interpolated model (Witten-Bell, Kneser-Ney) mixes every order: at order n,
p_n(w) = own_n(w) + g_n p_{n-1}(w), where own_n is what the counts after the n-1 tokens
give once discounted, and g_n the weight left to the shorter contexts (the ARPA back-off
weight of that context). Unrolled, p(w) = sum over n of own_n(w) times the weights of every
longer order: the `parts` below, which add up to the model's probability (a telescoping sum,
exact but for rounding). A back-off model (maximum likelihood, add-k) takes a token's
probability whole from the longest context after which it was seen, scaled by the back-off
weights of the longer ones: that order's part is all of it.

What the model keeps is its ARPA tables: for each context, the tokens seen after it, their
probabilities and its weight; and for Kneser-Ney the discounts D1, D2, D3+ of each order when
the run recorded them. The raw counts are not in the tables: a model trained by this version
has them beside it (`raw_counts`), and then each order says c(h w), how often the context
h was followed by this token in the training text, and c(h), how often it was followed by
any token (their ratio is the maximum-likelihood estimate that smoothing starts from). A
model imported from an ARPA file, or trained before the counts were kept, says how many
different tokens followed each context, and whether this token was one of them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from lmstudio_app.core.models.ngram.distribution import (
    backoff_levels,
    context_indices,
    order_parts,
)

if TYPE_CHECKING:
    from lmstudio_app.core.models.ngram.model import NGramModel


def _tokens(model: NGramModel, ids: Sequence[int]) -> list[str]:
    return [model.token_text(int(t)) for t in ids]


def explain_token(model: NGramModel, context_ids: Sequence[int], token: int) -> dict[str, Any]:
    """Where P(token | context) comes from.

    Returns `probability`; `order`, the longest n-gram ending in the token that the model
    saw after this context (1: the token alone, 0: never seen); `matched`, the longest
    context the model has seen (its tokens, and its order = tokens + 1); `parts` and
    `shares`, each order's contribution as a probability and as a fraction of the whole
    (they add up to `probability` and to 1); `orders`, for each order used: its context,
    how many different tokens followed it, whether this token was one of them, the weight it
    leaves to shorter contexts (`lower_weight`, the discounted mass), and the Kneser-Ney
    discounts of that order when known; when the raw counts are known (`counts_known`),
    each order's `count` c(h w) and `context_count` c(h).
    """
    tables = model.tables
    state = model.start(context_ids)
    token = int(token)
    dist, source, levels, weights = backoff_levels(tables, state, keep_levels=True)
    contexts = context_indices(tables, state)
    probability = float(np.exp(dist[token]))
    level_probs = [float(np.exp(level[token])) for level in levels]
    gammas = [math.exp(w) for w in weights]
    order = int(source[token])
    parts = order_parts(level_probs, gammas, order, model.interpolated)
    discounts = list(getattr(model.info, "discounts", None) or [])
    raw = model.info.raw_counts
    orders = []
    for n in range(1, len(levels) + 1):
        context = state[len(state) - (n - 1) :] if n > 1 else ()
        count = context_count = 0
        if n == 1:
            followers = int(np.count_nonzero(tables.logp[0] > -np.inf))
            seen = bool(np.isfinite(tables.logp[0][token]))
            lower_weight = 0.0
            if raw is not None:
                count = raw.ngram(1, token) if model.in_vocab[token] else 0
                context_count = int(raw.per_order[0].unpacked()[model.in_vocab].sum())
        else:
            low, high = tables.children(n - 1, contexts[n - 1])
            children = tables.keys[n - 1][low:high] % tables.vocab_size
            followers = int(high - low)
            rows = np.flatnonzero(children == token)
            seen = bool(rows.size)
            lower_weight = _set_aside(model, gammas[n - 2], tables.logp[n - 1][low:high])
            if raw is not None:
                count = raw.ngram(n, low + int(rows[0])) if seen else 0
                context_count = raw.rows(n, low, high)
        entry: dict[str, Any] = {
            "order": n,
            "context": _tokens(model, context),
            "context_ids": [int(t) for t in context],
            "followers": followers,
            "seen": seen,
            "lower_weight": lower_weight,
            "part": parts[n],
        }
        if raw is not None:
            entry["count"] = count
            entry["context_count"] = context_count
        if model.spec.smoothing == "kneser-ney" and n - 1 < len(discounts):
            entry["discounts"] = [float(d) for d in discounts[n - 1]]
        orders.append(entry)
    # the longest context seen followed by something (a listed n-gram may never have been)
    top = max(entry["order"] for entry in orders if entry["followers"] > 0 or entry["order"] == 1)
    matched = list(state[len(state) - (top - 1) :]) if top > 1 else []
    return {
        "id": token,
        "token": model.token_text(token),
        "probability": probability,
        "order": order,
        "matched": {
            "order": top,
            "context": _tokens(model, matched),
            "context_ids": [int(t) for t in matched],
        },
        "interpolated": model.interpolated,
        "counts_known": raw is not None,
        "smoothing": model.spec.smoothing,
        "parts": {n: float(p) for n, p in parts.items()},
        "shares": {n: (p / probability if probability > 0 else 0.0) for n, p in parts.items()},
        "orders": orders,
    }


def _set_aside(model: NGramModel, weight: float, listed_logp: np.ndarray) -> float:
    """The share of the probability after a context that goes to shorter contexts.

    Interpolated: the weight itself (the shorter distribution sums to 1). Back-off: what the
    tokens seen after the context leave to the unseen ones.
    """
    if model.interpolated:
        return float(weight)
    seen_mass = float(np.exp(listed_logp).sum()) if listed_logp.size else 0.0
    return max(0.0, 1.0 - seen_mass)


def shorter_share(explained: dict[str, Any]) -> float:
    """The fraction of the probability that came from contexts shorter than the matched one."""
    top = explained["matched"]["order"]
    return float(sum(s for n, s in explained["shares"].items() if n < top))
