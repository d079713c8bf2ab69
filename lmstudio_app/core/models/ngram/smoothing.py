"""From counts to back-off tables, with the chosen smoothing.

Smoothing (Chen & Goodman 1998 for the definitions):
- `mle`: relative frequencies from the longest context seen in training; unseen tokens get 0.
- `add-k`: k added to every count, (c(h w) + k) / (c(h) + k V), from the longest context seen;
  the mass that leaves the seen tokens goes to the unseen ones in proportion to the next
  shorter context's estimate (the back-off form SRILM's `-addsmooth` writes as ARPA). At the
  unigram level, and whenever the shorter estimate is uniform, this is textbook add-k.
- `witten-bell`: interpolated Witten-Bell, the weight of the lower order being the number
  of distinct followers of the context over (that number + the context's count).
- `kneser-ney`: interpolated modified Kneser-Ney with three discounts per order (D1, D2,
  D3+) estimated from counts of counts, the lower orders built from continuation counts
  N1+(. w) — except for n-grams starting with `<s>`, which nothing can precede and which keep
  their counts — and the unigrams interpolated with the uniform distribution over the
  vocabulary above. These are the choices SRILM's `ngram-count -kndiscount -interpolate`
  makes (no cut-offs; counts modified before the counts of counts are taken; the same
  rule for `<s>`; a uniform floor under the unigrams), and with `<unk>` an ordinary word,
  as the Penn Treebank is always scored, they reproduce the published perplexities
  (141.19 for 5-grams against 141.2, 148.28 for trigrams against 148.3). The uniform floor
  barely matters there (every word occurs in training; without it: 141.20 and 148.29), but
  it is what gives a token never seen in training a probability above zero.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from lmstudio_app.core.arpa import BackoffTables
from lmstudio_app.core.errors import CorpusError
from lmstudio_app.core.memory import release_free_memory
from lmstudio_app.core.models.ngram import sizes
from lmstudio_app.core.models.ngram.counting import OrderCounts
from lmstudio_app.core.models.ngram.raw_counts import RawCounts, pack
from lmstudio_app.core.models.ngram.spec import NGramSpec, SpecialIds, predictable_mask
from lmstudio_app.core.progress import CancelCheck, check_cancel

# Discounts used when a tiny text has too few counts of counts to estimate them (SRILM
# refuses such texts; a classroom example of three sentences should still work).
_FALLBACK_DISCOUNTS = (0.5, 1.0, 1.5)


def kneser_ney_discounts(counts: np.ndarray) -> tuple[float, float, float]:
    """D1, D2, D3+ from the counts of counts n1..n4 (Chen & Goodman 1998, eq. 26):
    Y = n1 / (n1 + 2 n2), D1 = 1 - 2Y n2/n1, D2 = 2 - 3Y n3/n2, D3+ = 3 - 4Y n4/n3.

    A discount that cannot be estimated (a count of counts is 0, as in a tiny text) or comes
    out outside (0, r] takes a fallback value instead.
    """
    n = _counts_of_counts(counts)
    discounts = list(_FALLBACK_DISCOUNTS)
    if n[1] > 0 and n[2] > 0:
        y = n[1] / (n[1] + 2 * n[2])
        for r in (1, 2, 3):
            if n[r] > 0 and n[r + 1] > 0:
                value = r - (r + 1) * y * n[r + 1] / n[r]
                if 0 < value <= r:
                    discounts[r - 1] = value
    return discounts[0], discounts[1], discounts[2]


def _chunks_of(size: int) -> Iterator[slice]:
    """Slices of `sizes.ESTIMATE_CHUNK` entries covering range(size)."""
    for lo in range(0, size, sizes.ESTIMATE_CHUNK):
        yield slice(lo, lo + sizes.ESTIMATE_CHUNK)


def _context_chunks(keys: np.ndarray, vocab_size: int) -> Iterator[slice]:
    """Slices of about `sizes.ESTIMATE_CHUNK` of the sorted `keys` (prefix * V + last word),
    each ending where a context (prefix) does, so that no context is split between two."""
    lo = 0
    while lo < keys.size:
        hi = min(lo + sizes.ESTIMATE_CHUNK, keys.size)
        if hi < keys.size:  # on to the end of the context of entry hi - 1
            next_context = (int(keys[hi - 1]) // vocab_size + 1) * vocab_size
            hi = int(np.searchsorted(keys, next_context, side="left"))
        yield slice(lo, hi)
        lo = hi


def _counts_of_counts(counts: np.ndarray) -> list[int]:
    """n0..n5: how many counts are 0, 1, 2, 3, 4, and 5 or more (a chunk at a time)."""
    n = np.zeros(6, dtype=np.int64)
    for part in _chunks_of(counts.size):
        n += np.bincount(np.minimum(counts[part], 5).astype(np.int64), minlength=6)
    return [int(value) for value in n]


def _discount_of(counts: np.ndarray, discounts: tuple[float, float, float]) -> np.ndarray:
    """The amount taken from each count: D1, D2 or D3+, never more than the count itself."""
    taken = np.where(counts >= 3, discounts[2], np.where(counts == 2, discounts[1], discounts[0]))
    return np.minimum(np.where(counts > 0, taken, 0.0), counts)


def _used_counts(counts: list[OrderCounts], index: int, smoothing: str) -> np.ndarray:
    """The counts the table `counts[index]` estimates from: raw counts, or for Kneser-Ney
    below the highest order the continuation counts N1+(. g) (raw for n-grams that start
    with <s>). Integers: `estimate` turns them into floats a chunk at a time."""
    table = counts[index]
    if smoothing != "kneser-ney" or index + 1 >= len(counts):
        return table.counts
    higher = counts[index + 1]
    assert higher.suffix is not None
    continuation = np.bincount(higher.suffix, minlength=table.keys.size)
    return np.where(table.starts_with_bos, table.counts, continuation).astype(table.counts.dtype)


def _keys_only(table: OrderCounts) -> OrderCounts:
    """`table` with only its keys (which the model keeps): the rest is let go."""
    nothing = np.zeros(0, dtype=np.int64)
    return OrderCounts(table.keys, nothing, None if table.suffix is None else nothing, nothing)


@dataclass
class EstimateInfo:
    """What training learned besides the tables, for reports and teaching."""

    counts: list[int] = field(default_factory=list)  # distinct n-grams per order
    discounts: list[tuple[float, float, float]] = field(default_factory=list)  # KN, per order
    tokens: int = 0
    sentences: int = 0
    # how often each n-gram occurred, aligned with the tables (saved beside model.arpa)
    raw_counts: RawCounts | None = None


def estimate(
    counts: list[OrderCounts],
    spec: NGramSpec,
    vocab_size: int,
    special: SpecialIds,
    cancel: CancelCheck | None = None,
    discounts: Sequence[tuple[float, float, float]] | None = None,
) -> tuple[BackoffTables, EstimateInfo]:
    """Turn counts into back-off tables with the chosen smoothing.

    `discounts` (Kneser-Ney only) fixes D1, D2, D3+ for each order instead of estimating
    them, for experiments and for comparing with tools that use one fixed discount.

    `counts` is used up: once an order is done, its entry keeps only its keys (they become
    the model's), so that on a large text the counts and the model are not held whole at
    once. Count again for another model.
    """

    def kn_discounts(n: int, used_counts: np.ndarray) -> tuple[float, float, float]:
        if discounts is not None:
            return tuple(float(d) for d in discounts[n - 1])  # type: ignore[return-value]
        return kneser_ney_discounts(used_counts)

    order = spec.order
    method = spec.smoothing
    words = predictable_mask(vocab_size, special)
    n_words = float(words.sum())
    info = EstimateInfo(counts=[int(c.keys.size) for c in counts])
    info.counts[0] = int(np.count_nonzero(counts[0].counts[words]))

    # ---- unigrams
    c1 = np.where(words, _used_counts(counts, 0, method), 0.0)
    raw = [pack(counts[0].counts)]
    counts[0] = _keys_only(counts[0])
    total = c1.sum()
    if total <= 0:
        raise CorpusError("empty_text")
    if method == "kneser-ney":
        unigram_discounts = kn_discounts(1, c1)
        info.discounts.append(unigram_discounts)
        taken = _discount_of(c1, unigram_discounts)
        p1 = (c1 - taken) / total + taken.sum() / total / n_words
    elif method == "witten-bell":
        types = float(np.count_nonzero(c1))
        p1 = (c1 + types / n_words) / (total + types)
    elif method == "add-k":
        p1 = (c1 + spec.add_k) / (total + spec.add_k * n_words)
    else:
        p1 = c1 / total
    p1 = np.where(words, p1, 0.0)
    probs = [p1]
    bows: list[np.ndarray] = []

    # ---- higher orders, each from the one below, in one pass over the table. A table can
    # be larger than the text itself, so it goes by in chunks; its keys are sorted, so the
    # n-grams of one context lie together, and a chunk ends where a context does: each
    # context's sums are made within its chunk, and no array the size of the order below
    # is needed besides the back-off weights the model keeps.
    for n in range(2, order + 1):
        check_cancel(cancel)
        table = counts[n - 1]
        assert table.suffix is not None
        c, below = _used_counts(counts, n - 1, method), probs[-1]
        if method == "kneser-ney":
            order_discounts = kn_discounts(n, c)
            info.discounts.append(order_discounts)
        k = spec.add_k if method == "add-k" else 0.0
        weight = np.ones(below.size)  # a context with no listed n-gram backs off whole
        p = np.empty(c.size)
        for part in _context_chunks(table.keys, vocab_size):
            check_cancel(cancel)
            prefix = table.keys[part] // vocab_size
            begins = np.diff(prefix, prepend=-1) != 0  # a context begins here
            starts, run = np.flatnonzero(begins), np.cumsum(begins) - 1  # run: its number
            context = prefix[starts]
            weights = c[part].astype(np.float64)
            lower = below[table.suffix[part]]  # p(w | shorter context), a listed n-gram
            total = np.add.reduceat(weights, starts)
            is_context = total > 0
            safe_total = np.where(is_context, total, 1.0)
            followers = np.diff(starts, append=weights.size).astype(np.float64)
            if method == "kneser-ney":
                taken = _discount_of(weights, order_discounts)
                gamma = np.add.reduceat(taken, starts) / safe_total
                p[part] = (weights - taken) / safe_total[run] + gamma[run] * lower
                weight[context] = np.where(is_context, gamma, 1.0)
            elif method == "witten-bell":
                denominator = np.where(is_context, total + followers, 1.0)
                p[part] = (weights + followers[run] * lower) / denominator[run]
                weight[context] = np.where(is_context, followers / denominator, 1.0)
            else:  # add-k and mle: back-off form
                denominator = safe_total + k * n_words
                p[part] = (weights + k) / denominator[run]
                left = k * (n_words - followers) / denominator  # mass for the unseen followers
                lower_left = 1.0 - np.add.reduceat(lower, starts)
                with np.errstate(divide="ignore", invalid="ignore"):
                    backoff = np.where(left > 0, left / np.maximum(lower_left, 1e-300), 0.0)
                weight[context] = np.where(is_context, backoff, 1.0)
        bows.append(weight)
        probs.append(p)
        del c
        raw.append(pack(table.counts))
        counts[n - 1] = table = _keys_only(table)
        release_free_memory()

    with np.errstate(divide="ignore"):  # in place: the probabilities are not needed after
        logp = [np.log(p, out=p) for p in probs]
        log_bow = [np.log(w, out=w) for w in bows]
    present = words.copy()
    present[special.bos] = True  # listed, with probability 0, as ARPA files expect
    keys = [c.keys for c in counts]
    info.raw_counts = RawCounts(raw)
    return BackoffTables(order, vocab_size, present, keys, logp, log_bow), info
