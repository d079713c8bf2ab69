"""Scoring a layout: the log-probability of every predicted token by the ARPA back-off rule,
and the figures of a whole text (perplexity, loss, bits, `<unk>` rate)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from lmstudio_app.core.arpa import BackoffTables
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.losses import figures
from lmstudio_app.core.models.ngram.layout import Layout


def backoff_scores(tables: BackoffTables, layout: Layout) -> np.ndarray:
    """Natural-log probability of every predicted position (all but the `<s>` ones),
    by the ARPA back-off rule, for all positions at once."""
    seq = layout.seq.astype(np.int64, copy=False)
    positions = seq.size
    order = tables.order
    # index[n][i]: the n-gram starting at i, or -1 (not listed / crosses a sentence end)
    index: list[np.ndarray] = [np.zeros(0, dtype=np.int64), tables.find(1, seq, seq)]
    sid = layout.sid
    for n in range(2, order + 1):
        starts = max(positions - n + 1, 0)
        head = index[n - 1][:starts]
        valid = head >= 0
        if sid is not None and starts:
            valid &= sid[:starts] == sid[n - 1 :]
        current = np.full(starts, -1, dtype=np.int64)
        where = np.flatnonzero(valid)
        current[where] = tables.find(n, head[where], seq[where + n - 1])
        index.append(current)
    targets = layout.targets
    # the context of order n for target t is the (n-1)-gram starting at t-n+1; a context
    # counts only if every shorter one is listed too (the way a trie lookup walks)
    context_ok = [np.ones(targets.size, dtype=bool)]  # order 1: the empty context
    contexts: list[np.ndarray] = [np.zeros(targets.size, dtype=np.int64)]
    for n in range(2, order + 1):
        start = targets - n + 1
        inside = start >= 0
        if sid is not None:
            inside &= sid[np.maximum(start, 0)] == sid[targets]
        ctx = np.full(targets.size, -1, dtype=np.int64)
        ctx[inside] = index[n - 1][start[inside]]
        contexts.append(ctx)
        context_ok.append(context_ok[-1] & (ctx >= 0))
    result = np.full(targets.size, -np.inf)
    matched = np.zeros(targets.size, dtype=bool)
    backoff = np.zeros(targets.size)
    for n in range(order, 0, -1):
        start = targets - n + 1
        ngram = np.full(targets.size, -1, dtype=np.int64)
        usable = context_ok[n - 1] & (start >= 0)
        if n == 1:
            ngram = tables.find(1, seq[targets], seq[targets])  # int64, -1 if absent
        else:
            ngram[usable] = index[n][start[usable]]
            ngram[~usable] = -1
        hit = ~matched & (ngram >= 0)
        result[hit] = tables.logp[n - 1][ngram[hit]] + backoff[hit]
        matched |= hit
        if n >= 2:
            add = ~matched & context_ok[n - 1]
            backoff[add] += tables.bow[n - 2][contexts[n - 1][add]]
    return result


def text_figures(logprobs: np.ndarray, layout: Layout, unk: int) -> dict[str, Any]:
    """What `NGramModel.evaluate_text` reports, from the scores of `layout`'s positions."""
    tokens = int(logprobs.size)
    if tokens == 0:
        raise CorpusError("empty_text")
    targets = layout.seq[layout.targets]
    total = float(logprobs.sum())
    loss = -total / tokens
    from_loss = figures(loss)
    return {
        "perplexity": from_loss.perplexity,
        "loss": loss,
        "bits_per_token": from_loss.bits_per_token,
        "tokens": tokens,
        "sentences": layout.sentences,
        "oov_rate": float(np.count_nonzero(targets == unk)) / tokens,
        "zero_probability_tokens": int(np.count_nonzero(~np.isfinite(logprobs))),
        "log10_probability": total / math.log(10),
    }
