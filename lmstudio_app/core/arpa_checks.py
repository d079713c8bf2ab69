"""Checks that an ARPA file read from anyone describes a real model, and short quotes of it.

A file can be well formed and still not be a language model: back-off weights of 300 (a
weight of 10^300), or every log-probability 0, give perplexities that look plausible and are
wrong. So every context's next-word distribution must add up to 1. For a back-off model the
sum after a context h is

    sum_{w listed after h} P*(h w) + bow(h) * (1 - sum_{w listed after h} P(w | h[1:]))

(the words not listed after h take the mass their lower-order probabilities leave), which
is 1 for a proper model. P(w | h[1:]) is the full back-off probability; in the usual file,
where the suffix `h[1:] w` of every listed n-gram is listed too, it is that n-gram's own
probability, so a whole order is checked with one `searchsorted` and two `bincount`s.

Printed probabilities carry 6-10 significant digits, so the sum is allowed to miss 1 by
`SUM_TOLERANCE`, plus the error the weight multiplies (`PRINT_PRECISION * weight`); where
the weight is large, the mass left for the words not listed is summed word by word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from lmstudio_app.core.i18n import N_, Text

if TYPE_CHECKING:  # arpa.py imports this module
    from lmstudio_app.core.arpa import BackoffTables

# What an error sentence may quote of a line or word from the file.
QUOTE_CHARS = 80
SUM_TOLERANCE = 1e-3
# Relative error of a probability printed with 6-7 significant digits, made generous.
PRINT_PRECISION = 1e-5
# Above this weight the printed digits cannot tell (1 - lower mass) well enough: a weight of
# 10^300 times a remainder printed as 1e-7 could be anything. For such contexts (rare: an
# interpolated model's weights are below 1) the mass left is summed word by word instead.
_EXACT_ABOVE = 100.0
_EXACT_CONTEXTS = 1000  # at most this many per order, the largest weights first,
_EXACT_WORK = 50_000_000  # and about this many (word, order, order) lookups: a few seconds


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` in quotes for an error sentence, cut to `limit` characters with an ellipsis.

    A hostile file can hold a word of 500 MB; a sentence quoting it whole would be as large.
    """
    if len(text) > limit:
        return repr(text[:limit]) + "…"
    return repr(text)


def _entry_words(tables: BackoffTables, order: int, rows: np.ndarray) -> np.ndarray:
    """The token ids of the n-grams `rows` of `order`, one row each (len(rows), order)."""
    vocab_size = tables.vocab_size
    columns = []
    index = np.asarray(rows, dtype=np.int64)
    for n in range(order, 1, -1):
        key = tables.keys[n - 1][index]
        columns.append(key % vocab_size)
        index = key // vocab_size
    columns.append(index)
    return np.stack(columns[::-1], axis=1)


def backoff_logp(tables: BackoffTables, words: np.ndarray) -> np.ndarray:
    """Natural-log P(words[:, -1] | words[:, :-1]) by the back-off rule, row by row.

    Used for the n-grams whose suffix the file does not list (rare), so it walks the orders
    plainly: the longest listed n-gram, plus the weights of the listed contexts above it.
    """
    rows, length = words.shape
    result = np.full(rows, -np.inf)
    weights = np.zeros(rows)
    todo = np.ones(rows, dtype=bool)
    for start in range(length - 1):
        size = length - start  # the order of the n-gram words[start:]
        context = tables.find(1, np.zeros(0), words[:, start])
        for j in range(1, size - 1):
            context = tables.find(j + 1, context, words[:, start + j])
        found = tables.find(size, context, words[:, -1])
        hit = todo & (found >= 0)
        result[hit] = weights[hit] + tables.logp[size - 1][found[hit]]
        todo &= ~hit
        backs = todo & (context >= 0)
        weights[backs] += tables.bow[size - 2][context[backs]]
    result[todo] = weights[todo] + tables.logp[0][words[todo, -1]]
    return result


def _mass_left(tables: BackoffTables, order: int, index: int) -> float:
    """The sum of P(w | h[1:]) over the words w not listed after the context h (entry
    `index` of `order`), each found by the back-off rule: no cancellation in 1 - sum."""
    vocab_size = tables.vocab_size
    low, high = tables.children(order, index)
    context = _entry_words(tables, order, np.array([index]))[0]
    rows = np.empty((vocab_size, order), dtype=np.int64)
    rows[:, : order - 1] = context[1:]
    rows[:, -1] = np.arange(vocab_size)
    unseen = tables.present.copy()
    unseen[tables.keys[order][low:high] % vocab_size] = False
    return float(np.exp(backoff_logp(tables, rows)[unseen]).sum())


def _refuse_sum(
    path: Path, context: str, total: float, bad: Callable[[Path, str], Exception]
) -> Exception:
    reason: Text = N_(
        "its probabilities do not add up to 1 after the context {context}: "
        "they add up to {total}",
        context=context,
        total=f"{total:.6g}",
    )
    return bad(path, reason)


def check_distributions(
    path: Path,
    tables: BackoffTables,
    names: Callable[[Sequence[int]], str],
    bad: Callable[[Path, str], Exception],
) -> None:
    """Raise `bad(path, reason)` unless every context's distribution adds up to 1.

    `names(ids)` gives the ARPA words of a context, for the sentence. Contexts the file
    lists no continuation of have nothing to check.
    """
    vocab_size = tables.vocab_size
    unigrams = float(np.exp(tables.logp[0][tables.present]).sum())
    if not abs(unigrams - 1.0) <= SUM_TOLERANCE:
        raise bad(
            path,
            N_("its 1-gram probabilities do not add up to 1: they add up to {total}",
               total=f"{unigrams:.6g}"),
        )
    suffix = np.zeros(0, dtype=np.int64)  # each n-gram's suffix (words 2..n) one order below
    for n in range(2, tables.order + 1):
        keys = tables.keys[n - 1]
        prefix = keys // vocab_size
        word = keys % vocab_size
        if n == 2:
            lower = tables.logp[0][word]
            suffix = np.where(tables.present[word], word, -1)
        else:
            suffix = tables.find(n - 1, suffix[prefix], word)
            listed = suffix >= 0
            lower = np.empty(keys.size)
            lower[listed] = tables.logp[n - 2][suffix[listed]]
            if not listed.all():
                rows = np.flatnonzero(~listed)
                lower[rows] = backoff_logp(tables, _entry_words(tables, n, rows)[:, 1:])
        contexts = tables.keys[n - 2].size
        seen = np.bincount(prefix, weights=np.exp(tables.logp[n - 1]), minlength=contexts)
        seen_lower = np.bincount(prefix, weights=np.exp(lower), minlength=contexts)
        del lower
        has = np.bincount(prefix, minlength=contexts) > 0
        with np.errstate(over="ignore", invalid="ignore"):
            weight = np.exp(tables.bow[n - 2])
            total = seen + weight * (1.0 - seen_lower)
            fine = np.abs(total - 1.0) <= SUM_TOLERANCE + PRINT_PRECISION * weight
        suspicious = np.flatnonzero(has & (weight > _EXACT_ABOVE))
        suspicious = suspicious[np.argsort(-weight[suspicious], kind="stable")]
        budget = min(_EXACT_CONTEXTS, max(1, _EXACT_WORK // (vocab_size * n * n)))
        for context in suspicious[:budget].tolist():
            total[context] = seen[context] + weight[context] * _mass_left(tables, n - 1, context)
            fine[context] = abs(total[context] - 1.0) <= SUM_TOLERANCE
        wrong = np.flatnonzero(has & ~fine)
        if wrong.size:
            first = int(wrong[0])
            ids = _entry_words(tables, n - 1, np.array([first]))[0].tolist()
            raise _refuse_sum(path, quoted(names(ids)), float(total[first]), bad)
