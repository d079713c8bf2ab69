"""Token ids laid out for counting or scoring: sentences `<s> ... </s>` back to back, or one
stream after `<s>`, in the narrowest integer type that holds them."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lmstudio_app.core.models.ngram import sizes
from lmstudio_app.core.models.ngram.spec import SpecialIds


@dataclass
class Layout:
    """Token ids laid out for counting or scoring.

    `seq` holds every sentence as `<s> ... </s>` back to back (or `<s>` and one stream);
    `starts` where each sentence's `<s>` is (None for a stream: one sentence). The positions
    to predict are all but the `<s>` ones. `seq` uses the narrowest integer type that holds
    its ids (one byte while they fit), since on a large text it is the largest array of all:
    compute in int64 after reading it. A sentence number for every position would be as
    large again: `sentence_ids` works them out for a range of positions when asked.
    """

    seq: np.ndarray
    starts: np.ndarray | None
    sentences: int

    def sentence_ids(self, lo: int = 0, hi: int | None = None) -> np.ndarray | None:
        """The sentence number of each position in lo..hi-1 (None for a stream)."""
        if self.starts is None:
            return None
        hi = self.seq.size if hi is None else min(hi, self.seq.size)
        # starts[first:last] are those inside (lo, hi); sentence first - 1 holds lo
        first = int(np.searchsorted(self.starts, lo, side="right"))
        last = int(np.searchsorted(self.starts, hi, side="left"))
        new_sentence = np.zeros(max(hi - lo, 0), dtype=_count_dtype(max(self.sentences, 1)))
        new_sentence[self.starts[first:last] - lo] = 1  # a sentence starts here
        ids = np.cumsum(new_sentence, dtype=new_sentence.dtype)
        if first:
            ids += first - 1  # the sentence that position lo lies in
        return ids

    @property
    def sid(self) -> np.ndarray | None:
        """The sentence number of every position (for scoring a held-out part)."""
        return self.sentence_ids()

    @property
    def targets(self) -> np.ndarray:
        if self.starts is None:
            return np.arange(1, self.seq.size)
        # every position but the sentences' <s>
        predicted = np.ones(self.seq.size, dtype=bool)
        predicted[self.starts] = False
        return np.flatnonzero(predicted)


def dtype_holding(dtype: np.dtype, *values: int) -> np.dtype:
    """`dtype` if it is an integer type that holds each of `values`, else int64."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        if all(info.min <= value <= info.max for value in values):
            return dtype
    return np.dtype(np.int64)


def _count_dtype(limit: int) -> np.dtype:
    """The narrowest type for the numbers 0..limit-1."""
    for dtype in (np.uint16, np.int32):
        if limit - 1 <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def layout_sentences(ids: np.ndarray, lengths: np.ndarray, special: SpecialIds) -> Layout:
    """`<s> sentence </s>` for each sentence (the ids of all sentences, back to back)."""
    ids = np.asarray(ids)
    lengths = np.asarray(lengths, dtype=np.int64)
    keep = lengths > 0  # an empty line is no sentence
    if not keep.all():
        lengths = lengths[keep]
    n = lengths.size
    total = int(lengths.sum()) + 2 * n
    seq = np.empty(total, dtype=dtype_holding(ids.dtype, special.bos, special.eos))
    spans = lengths + 2
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        np.cumsum(spans[:-1], out=starts[1:])
    seq[starts] = special.bos
    seq[starts + lengths + 1] = special.eos
    # The ids go between: a mask of the sentences' insides, a batch of sentences at a time
    # so that the mask stays small.
    first_id = 0
    for first in range(0, n, sizes.SENTENCES_PER_BATCH):
        last = min(first + sizes.SENTENCES_PER_BATCH, n)
        low, high = int(starts[first]), int(starts[last - 1] + spans[last - 1])
        inside = np.ones(high - low, dtype=bool)
        inside[starts[first:last] - low] = False
        inside[starts[first:last] + lengths[first:last] + 1 - low] = False
        count = high - low - 2 * (last - first)
        seq[low:high][inside] = ids[first_id : first_id + count]
        first_id += count
    return Layout(seq, starts, n)


def layout_stream(ids: np.ndarray, special: SpecialIds) -> Layout:
    ids = np.asarray(ids)
    seq = np.empty(ids.size + 1, dtype=dtype_holding(ids.dtype, special.bos))
    seq[0] = special.bos
    seq[1:] = ids
    return Layout(seq, None, 1)


def clean_ids(
    ids: np.ndarray,
    in_vocab: np.ndarray,
    special: SpecialIds,
    sentence_per_line: bool,
    copy: bool = True,
) -> np.ndarray:
    """Ids the model can read: anything outside its vocabulary (and, inside a sentence, a
    literal end token) becomes `<unk>`. The type of `ids` is kept when `<unk>` fits in it.

    Read a chunk at a time, so that the masks stay small. `copy=False` changes `ids` itself
    where it must (when the caller has no further use for the original)."""
    ids = np.asarray(ids)
    dtype = dtype_holding(ids.dtype, special.unk)
    if dtype != ids.dtype:
        ids, copy = ids.astype(dtype), False
    out = ids
    for lo in range(0, ids.size, sizes.COUNT_CHUNK):
        part = ids[lo : lo + sizes.COUNT_CHUNK]
        inside = (part >= 0) & (part < in_vocab.size)
        bad = ~inside
        bad[inside] = ~in_vocab[part[inside]]
        if sentence_per_line:
            bad |= part == special.eos
        if bad.any():
            if copy and out is ids:
                out = ids.copy()  # the caller's array stays as it was
            out[lo : lo + sizes.COUNT_CHUNK][bad] = special.unk
    return out


def layout_lists(
    sequences: Sequence[Sequence[int]],
    in_vocab: np.ndarray,
    special: SpecialIds,
    sentence_per_line: bool,
) -> Layout:
    """Lists of ids (each a sentence, or all of them one stream) cleaned and laid out."""
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    ids = np.fromiter(
        itertools.chain.from_iterable(sequences), dtype=np.int64, count=int(lengths.sum())
    )
    ids = clean_ids(ids, in_vocab, special, sentence_per_line)
    if sentence_per_line:
        return layout_sentences(ids, lengths, special)
    return layout_stream(ids, special)

