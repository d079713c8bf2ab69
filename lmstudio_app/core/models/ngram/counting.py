"""Counting every n-gram of a layout, orders 1..n, vectorised.

Each n-gram is an int64 key (index of its first n-1 tokens in the table below * vocabulary
size + last token), counted with `np.unique` and found with `np.searchsorted`. Counting reads
the text a chunk of positions at a time, so beyond the token ids themselves (in the
tokenizer's uint16 or int32) memory grows with the number of distinct n-grams, not with the
length of the text (see `count_ngrams`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lmstudio_app.core.i18n import N_
from lmstudio_app.core.memory import release_free_memory
from lmstudio_app.core.models.ngram import sizes
from lmstudio_app.core.models.ngram.layout import Layout
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress


@dataclass
class OrderCounts:
    """The distinct n-grams of one order and how often each occurs.

    keys: sorted int64 keys (prefix index * V + last token; for unigrams the token id, dense);
    counts: occurrences; suffix: the index of each n-gram's last n-1 tokens in the table
    below (None for unigrams); starts_with_bos: whether the n-gram begins with `<s>`.
    """

    keys: np.ndarray
    counts: np.ndarray
    suffix: np.ndarray | None
    starts_with_bos: np.ndarray


def count_ngrams(
    layout: Layout,
    order: int,
    vocab_size: int,
    bos: int,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> list[OrderCounts]:
    """Count every n-gram of orders 1..`order` that lies inside one sentence.

    A text of up to `sizes.WHOLE_POSITIONS` positions is counted in one go: each order keeps
    the index of every position's n-gram for the next (`_count_whole`, several int64 arrays
    of the text's length, fast, and at most about 150 MB). A longer one is read a chunk of
    positions at a time, and nothing of its length is allocated besides `layout` itself
    (`_count_chunked`). Both give the same tables.
    """
    seq = layout.seq
    unigram_counts = np.zeros(vocab_size, dtype=np.int64)
    for lo in range(0, seq.size, sizes.COUNT_CHUNK):  # bincount copies its input to int64
        part = np.bincount(seq[lo : lo + sizes.COUNT_CHUNK], minlength=vocab_size)
        if part.size > vocab_size:
            raise ValueError("a token id lies outside the vocabulary")
        unigram_counts += part
    unigrams = OrderCounts(
        np.arange(vocab_size, dtype=np.int64), unigram_counts, None, np.arange(vocab_size) == bos
    )
    count = _count_whole if seq.size <= sizes.WHOLE_POSITIONS else _count_chunked
    result = count(layout, order, vocab_size, bos, unigrams, progress, cancel)
    progress(1.0, N_("Counted"))
    return result


def _count_whole(
    layout: Layout,
    order: int,
    vocab_size: int,
    bos: int,
    unigrams: OrderCounts,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> list[OrderCounts]:
    """All positions at once: `np.unique` of each order's keys gives its table, and its
    inverse the index of each position's n-gram, from which the next order's keys are
    made and each n-gram's suffix read off."""
    seq = layout.seq
    positions = seq.size
    result = [unigrams]
    index_prev = seq  # the index of the (n-1)-gram starting at each position (unigram = id)
    for n in range(2, order + 1):
        check_cancel(cancel)
        progress((n - 1) / order, N_("Counting {n}-grams", n=n))
        starts = positions - n + 1
        if starts <= 0:
            result.append(OrderCounts(
                np.zeros(0, dtype=np.int64), np.zeros(0, dtype=_tally_dtype(positions)),
                np.zeros(0, dtype=_index_dtype(result[-1].keys.size)), np.zeros(0, dtype=bool),
            ))
            index_prev = np.full(positions, -1, dtype=np.int64)
            continue
        head = index_prev[:starts]
        valid = head >= 0
        same = _same_sentence(layout, 0, starts, n - 1)
        if same is not None:
            valid &= same
        where = np.flatnonzero(valid)
        del valid, same
        keys = head[where].astype(np.int64, copy=False) * vocab_size + seq[where + n - 1]
        unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        del keys
        inverse = inverse.reshape(-1)
        suffix = np.empty(unique.size, dtype=_index_dtype(result[-1].keys.size))
        suffix[inverse] = index_prev[where + 1]
        first = np.empty(unique.size, dtype=np.int64)
        first[inverse] = seq[where]
        counts = counts.astype(_tally_dtype(positions))
        result.append(OrderCounts(unique, counts, suffix, first == bos))
        del first, suffix
        if n < order:
            index = np.full(positions, -1, dtype=np.int64)
            index[where] = inverse
            index_prev = index
    return result


def _count_chunked(
    layout: Layout,
    order: int,
    vocab_size: int,
    bos: int,
    unigrams: OrderCounts,
    progress: ProgressCallback,
    cancel: CancelCheck | None,
) -> list[OrderCounts]:
    """`sizes.COUNT_CHUNK` positions at a time. For each order, each chunk's n-grams are
    counted with `np.unique` and the sorted (key, count) runs are merged into the order's
    table (`_SortedRuns`). An n-gram's key needs the index of its first n-1 tokens in the table
    of order n-1: rather than keep that index for every position (8 bytes a token, more
    than the text itself), each chunk looks it up again, order by order, in the tables
    already made (`_chunk_index`). Suffixes come from the tables too (`_order_counts`)."""
    positions = layout.seq.size
    count_dtype = _tally_dtype(positions)
    result = [unigrams]
    for n in range(2, order + 1):
        check_cancel(cancel)
        message = N_("Counting {n}-grams", n=n)
        progress((n - 1) / order, message)
        starts = max(positions - n + 1, 0)  # positions where an n-gram can start
        # Merging the runs holds about twice the table being made; a table that may grow
        # large (judged by the one below) is made a range of keys at a time, one reading
        # of the text each, written into room for every position (pages never written take
        # no memory) instead of joined at the end.
        below = result[-1].keys.size
        wanted = -(-sizes.RANGE_BYTES * below // max(starts, 1))  # rounded up
        ranges = max(1, min(sizes.MAX_KEY_RANGES, wanted))
        bounds = [round(r * below / ranges) * vocab_size for r in range(ranges + 1)]
        keys = np.empty(starts if ranges > 1 else 0, dtype=np.int64)
        counts = np.empty(keys.size, dtype=count_dtype)
        made = 0
        for r in range(ranges):
            runs = _SortedRuns()
            for lo in range(0, starts, sizes.COUNT_CHUNK):
                hi = min(lo + sizes.COUNT_CHUNK, starts)
                chunk = _chunk_keys(layout, result, vocab_size, n, lo, hi)
                if ranges > 1:
                    chunk = chunk[(chunk >= bounds[r]) & (chunk < bounds[r + 1])]
                if chunk.size:
                    unique, chunk_counts = np.unique(chunk, return_counts=True)
                    runs.add(unique, chunk_counts.astype(count_dtype))
                del chunk
                check_cancel(cancel)
                progress((n - 1 + (r + hi / starts) / ranges) / order, message)
            range_keys, range_counts = runs.merged()
            del runs
            if ranges == 1:
                keys, counts = range_keys, range_counts.astype(count_dtype, copy=False)
                made = keys.size
            else:
                keys[made : made + range_keys.size] = range_keys
                counts[made : made + range_keys.size] = range_counts
                made += range_keys.size
            del range_keys, range_counts
        if ranges > 1:  # give back the room not used (realloc: the pages are not copied)
            keys.resize(made, refcheck=False)
            counts.resize(made, refcheck=False)
        result.append(_order_counts(result[-1], keys, counts, vocab_size, bos))
        del keys, counts
        release_free_memory()  # what the runs and chunks held, before the next order
    return result


def _same_sentence(layout: Layout, lo: int, hi: int, distance: int) -> np.ndarray | None:
    """Whether positions lo..hi-1 lie in the sentence of the position `distance` further on
    (None for a stream: always)."""
    sid = layout.sentence_ids(lo, hi + distance)
    if sid is None:
        return None
    return sid[: hi - lo] == sid[distance:]


def _chunk_index(
    layout: Layout, tables: list[OrderCounts], vocab_size: int, m: int, lo: int, hi: int
) -> np.ndarray:
    """The index in the table of order m of the m-gram starting at each position lo..hi-1,
    or -1 where it crosses a sentence end. The indices of the (m-1)-grams are looked up
    first, and so on down to the unigrams (the token ids), each over one more position so
    that the m-grams end where they should. Every m-gram looked up is in the table (it was
    counted there), so a search always finds it."""
    seq = layout.seq
    if m == 1:
        return seq[lo:hi].astype(np.int64)
    head = _chunk_index(layout, tables, vocab_size, m - 1, lo, hi + 1)[:-1]
    valid = head >= 0
    same = _same_sentence(layout, lo, hi, m - 1)
    if same is not None:
        valid &= same
    keys = head * vocab_size + seq[lo + m - 1 : hi + m - 1]
    del head
    found = _find(tables[m - 1].keys, keys)
    found[~valid] = -1
    return found


def _find(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """`np.searchsorted(table, keys)`, several times faster on a large table: the keys are
    looked up in sorted order, so each search starts where the last one ended instead of
    missing the cache all over the table (an argsort costs less than those misses)."""
    order = np.argsort(keys)
    found = np.empty(keys.size, dtype=np.int64)
    found[order] = np.searchsorted(table, keys[order])
    return found


def _chunk_keys(
    layout: Layout,
    tables: list[OrderCounts],
    vocab_size: int,
    n: int,
    lo: int,
    hi: int,
) -> np.ndarray:
    """The keys (prefix index * V + last token) of the n-grams starting at lo..hi-1 that lie
    inside one sentence, in position order."""
    head = _chunk_index(layout, tables, vocab_size, n - 1, lo, hi)
    valid = head >= 0
    same = _same_sentence(layout, lo, hi, n - 1)
    if same is not None:
        valid &= same
    last = layout.seq[lo + n - 1 : hi + n - 1]
    if not valid.all():
        head, last = head[valid], last[valid]
    head *= vocab_size
    head += last
    return head


def _order_counts(
    below: OrderCounts, keys: np.ndarray, counts: np.ndarray, vocab_size: int, bos: int
) -> OrderCounts:
    """The table of one order from its sorted keys and counts. An n-gram's last n-1 tokens
    (its suffix) and whether it starts with `<s>` follow from the table below, not from the
    positions: the suffix of (prefix, w) is (suffix of prefix, w), and an n-gram starts with
    `<s>` when its prefix does."""
    suffix = np.empty(keys.size, dtype=_index_dtype(below.keys.size))
    starts_with_bos = np.empty(keys.size, dtype=bool)
    # a chunk at a time: the temporaries for the whole table were several times its keys
    for lo in range(0, keys.size, sizes.COUNT_CHUNK):
        hi = lo + sizes.COUNT_CHUNK
        prefix, last = np.divmod(keys[lo:hi], vocab_size)
        if below.suffix is None:  # bigrams: the prefix and suffix are token ids
            suffix[lo:hi], starts_with_bos[lo:hi] = last, prefix == bos
        else:
            above = below.suffix[prefix].astype(np.int64)  # times the vocabulary: 64 bits
            suffix[lo:hi] = _find(below.keys, above * vocab_size + last)
            starts_with_bos[lo:hi] = below.starts_with_bos[prefix]
    return OrderCounts(keys, counts, suffix, starts_with_bos)


class _SortedRuns:
    """Sorted runs of unique keys with counts, merged into one as they come.

    A new run is merged with the last one while that one is at most twice its size (as a
    binary counter carries), so each key takes part in about log2(runs) merges and the runs
    held together stay under about twice the final table. With a repetitive text every run
    holds much the same keys and each one is merged at once."""

    def __init__(self) -> None:
        self.runs: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, keys: np.ndarray, counts: np.ndarray) -> None:
        self.runs.append((keys, counts))
        while len(self.runs) > 1 and self.runs[-2][0].size <= 2 * self.runs[-1][0].size:
            self._merge_last_two()

    def merged(self) -> tuple[np.ndarray, np.ndarray]:
        while len(self.runs) > 1:
            self._merge_last_two()
        if not self.runs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        keys, counts = self.runs.pop()
        return keys.astype(np.int64, copy=False), counts

    def _merge_last_two(self) -> None:
        new_keys, new_counts = self.runs.pop()
        keys, counts = self.runs.pop()
        at = np.searchsorted(keys, new_keys)
        present = at < keys.size
        present[present] = keys[at[present]] == new_keys[present]
        counts[at[present]] += new_counts[present]  # each key occurs once per run
        absent = ~present
        # np.insert keeps the order of values given for one place: both runs stay sorted
        self.runs.append(
            (
                np.insert(keys, at[absent], new_keys[absent]),
                np.insert(counts, at[absent], new_counts[absent]),
            )
        )


def _tally_dtype(positions: int) -> np.dtype:
    """For how often an n-gram occurs in `positions`: 4 bytes an n-gram less than int64
    on a large table (the counts of a 100 MB text's trigrams are tens of megabytes)."""
    return np.dtype(np.uint32 if positions < 1 << 32 else np.int64)


def _index_dtype(table_size: int) -> np.dtype:
    """For indices into a table of `table_size` entries (an n-gram's suffix)."""
    return np.dtype(np.int32 if table_size < 1 << 31 else np.int64)
