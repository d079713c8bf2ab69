"""N-gram language models: counting, smoothing, scoring, sampling and ARPA files.

An n-gram model predicts a token from the n-1 tokens before it, by counting. It works over
the ids of any tokenizer (characters, words, sub-words), at any order from 1 to 8.

Boundaries. With `sentence_per_line` each line is a sentence `<s> w1 ... wk </s>` (the way
the Penn Treebank is scored, and the way SRILM and KenLM pad: one `<s>`, so the first word
is predicted from `<s>` alone). Otherwise the whole text is one stream that starts with `<s>`.
`<s>` and `</s>` are the tokenizer's begin and end tokens.

The vocabulary that every distribution covers (and sums to 1 over) is the whole tokenizer
vocabulary, including `</s>`, `<unk>` and tokens never seen in training, except two ids that
can never be the next token: the begin token (it only ever opens a sentence or the text) and
the padding token (never part of a text). They get probability 0. Text that happens to
contain those two special strings reads them as `<unk>`. On the Penn Treebank this set is
the 10,000 words of the published benchmark (9,999 types with `<unk>`, plus `</s>`).

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

Every model is stored in back-off (ARPA) form, `arpa.BackoffTables`: for each listed n-gram
its full probability, for each context its back-off weight (for interpolated models, the
weight of the lower order). Scoring, the next-token distribution and the ARPA file all read
the same tables, so a model read back from its ARPA file is the model that was trained.

Counting and scoring are vectorised: each n-gram is an int64 key (index of its first n-1
tokens in the table below * vocabulary size + last token), counted with `np.unique` and
found with `np.searchsorted`. Counting reads the text a chunk of positions at a time, so
beyond the token ids themselves (in the tokenizer's uint16 or int32) memory grows with the
number of distinct n-grams, not with the length of the text (see `count_ngrams`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from lmstudio_app.core.arpa import (
    BOS_WORD,
    EOS_WORD,
    MAX_ORDER,
    UNK_WORD,
    BackoffTables,
    arpa_words,
    read_arpa,
    write_arpa,
)
from lmstudio_app.core.config import setting, spec_from_dict, spec_to_dict, validate_spec
from lmstudio_app.core.errors import Cancelled, CorpusError, RunFolderError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.core.memory import release_free_memory
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from lmstudio_app.core.runlock import holding_run_lock
from lmstudio_app.core.tokenization import (
    NEWLINE_AS_TEXT_KINDS,
    StudioTokenizer,
    _lossless_pieces,  # the tokenizer's own rule for cutting a text without changing its ids
)

SMOOTHINGS: tuple[str, ...] = ("mle", "add-k", "witten-bell", "kneser-ney")
INTERPOLATED_SMOOTHINGS = frozenset({"witten-bell", "kneser-ney"})
SMOOTHING_NAMES = {
    "mle": N_("maximum likelihood (no smoothing)"),
    "add-k": N_("add-k (Laplace at k = 1)"),
    "witten-bell": N_("interpolated Witten-Bell"),
    "kneser-ney": N_("interpolated modified Kneser-Ney"),
}
MODEL_FILE = "model.arpa"
# Lines encoded per call to the tokenizer (one batched call each).
_LINES_PER_BATCH = 8192
# Characters of text cut into lines at a time (sentence per line).
_LINE_CHARS_PER_BATCH = 1 << 20
# Characters of a stream encoded at a time (whole lines; see `_layout_of_text`).
_STREAM_CHARS_PER_PIECE = 1 << 22
# Sentences laid out at a time (the mask of their insides is one byte a position).
_SENTENCES_PER_BATCH = 1 << 16
# Discounts used when a tiny text has too few counts of counts to estimate them (SRILM
# refuses such texts; a classroom example of three sentences should still work).
_FALLBACK_DISCOUNTS = (0.5, 1.0, 1.5)


@dataclass(frozen=True)
class NGramSpec:
    """The settings of an n-gram model."""

    order: int = setting(
        3,
        label="Order (n)",
        help="How many tokens the model looks at: it predicts the next token from the n-1 "
        "tokens before it. 1 ignores the context; 3 (a trigram model) looks two tokens back.",
        low=1,
        high=MAX_ORDER,
    )
    smoothing: str = setting(
        "kneser-ney",
        label="Smoothing",
        help="How probability is saved for what never occurred in the text. mle trusts the "
        "counts alone (anything unseen is impossible); add-k adds k to every count; "
        "witten-bell and kneser-ney mix in shorter contexts, kneser-ney best of all.",
        choices=SMOOTHINGS,
    )
    add_k: float = setting(
        1.0,
        label="k (add-k)",
        help="For add-k smoothing: the count added to every possible next token. "
        "1 is Laplace smoothing; smaller values trust the counts more.",
        low=0.0001,
        high=100.0,
        log_scale=True,
    )
    sentence_per_line: bool = setting(
        False,
        label="One sentence per line",
        help="Treat each line as a sentence that starts with <s> and ends with </s>, as the "
        "Penn Treebank is scored. Off: the whole text is one long stream.",
    )


def check_ngram_spec(spec: NGramSpec) -> NGramSpec:
    return validate_spec(spec)


# --------------------------------------------------------------------------- special tokens


@dataclass(frozen=True)
class SpecialIds:
    """The ids of the tokenizer's special tokens, as the n-gram model uses them."""

    bos: int
    eos: int
    unk: int
    pad: int

    @classmethod
    def of(cls, tokenizer: StudioTokenizer) -> SpecialIds:
        return cls(tokenizer.bos_id, tokenizer.eos_id, tokenizer.unk_id, tokenizer.pad_id)


def predictable_mask(vocab_size: int, special: SpecialIds) -> np.ndarray:
    """The ids a distribution covers: all but the begin and padding tokens."""
    mask = np.ones(vocab_size, dtype=bool)
    mask[special.bos] = False
    mask[special.pad] = False
    mask[special.eos] = True  # should a tokenizer give two specials one id, keep the useful
    mask[special.unk] = True
    return mask


# --------------------------------------------------------------------------- layout


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


def _holding(dtype: np.dtype, *values: int) -> np.dtype:
    """`dtype` if it is an integer type that holds each of `values`, else int64."""
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        if all(info.min <= value <= info.max for value in values):
            return dtype
    return np.dtype(np.int64)


def _tally_dtype(positions: int) -> np.dtype:
    """For how often an n-gram occurs in `positions`: 4 bytes an n-gram less than int64
    on a large table (the counts of a 100 MB text's trigrams are tens of megabytes)."""
    return np.dtype(np.uint32 if positions < 1 << 32 else np.int64)


def _index_dtype(table_size: int) -> np.dtype:
    """For indices into a table of `table_size` entries (an n-gram's suffix)."""
    return np.dtype(np.int32 if table_size < 1 << 31 else np.int64)


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
    seq = np.empty(total, dtype=_holding(ids.dtype, special.bos, special.eos))
    spans = lengths + 2
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        np.cumsum(spans[:-1], out=starts[1:])
    seq[starts] = special.bos
    seq[starts + lengths + 1] = special.eos
    # The ids go between: a mask of the sentences' insides, a batch of sentences at a time
    # so that the mask stays small.
    first_id = 0
    for first in range(0, n, _SENTENCES_PER_BATCH):
        last = min(first + _SENTENCES_PER_BATCH, n)
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
    seq = np.empty(ids.size + 1, dtype=_holding(ids.dtype, special.bos))
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
    dtype = _holding(ids.dtype, special.unk)
    if dtype != ids.dtype:
        ids, copy = ids.astype(dtype), False
    out = ids
    for lo in range(0, ids.size, _COUNT_CHUNK):
        part = ids[lo : lo + _COUNT_CHUNK]
        inside = (part >= 0) & (part < in_vocab.size)
        bad = ~inside
        bad[inside] = ~in_vocab[part[inside]]
        if sentence_per_line:
            bad |= part == special.eos
        if bad.any():
            if copy and out is ids:
                out = ids.copy()  # the caller's array stays as it was
            out[lo : lo + _COUNT_CHUNK][bad] = special.unk
    return out


def _text_lines(text: str) -> Iterator[list[str]]:
    """The lines of `text` (as `text.split("\\n")`, less a final empty one), a megabyte or so
    of text at a time: split at once, every line of a large text would be held as its own
    string object, several times the text's size."""
    start, length = 0, len(text)
    while start < length:
        cut = text.find("\n", start + _LINE_CHARS_PER_BATCH)
        if cut == -1:
            lines = text[start:].split("\n")
            if lines[-1] == "":
                lines.pop()
            start = length
        else:
            lines = text[start:cut].split("\n")
            start = cut + 1
        yield lines


def _encoded_sentences(
    tokenizer: StudioTokenizer,
    text: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The lines of `text` encoded a batch at a time: the ids of the batch's lines back to
    back (in the tokenizer's own type) and each line's length (int64). Lines go to the
    tokenizer in large batches, never one by one."""
    done = 0
    lines = itertools.chain.from_iterable(_text_lines(text))
    # full batches across the pieces of `_text_lines`: the tokenizer's cost is per call
    while batch := list(itertools.islice(lines, _LINES_PER_BATCH)):
        check_cancel(cancel)
        ids, lengths = tokenizer.encode_lines_to_array(batch)
        done += sum(map(len, batch)) + len(batch)
        progress(min(done / max(len(text), 1), 1.0), N_("Encoding"))
        yield ids, lengths


def encode_text(
    tokenizer: StudioTokenizer,
    text: str,
    sentence_per_line: bool,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The ids of `text`: all lines back to back plus each line's length (sentences), or one
    array (a stream). The ids are in the tokenizer's own type (uint16 or int32), the lengths
    int64."""
    if not sentence_per_line:
        return tokenizer.encode_to_array(text, progress, cancel), None
    pieces, lengths = [], []
    for ids, batch_lengths in _encoded_sentences(tokenizer, text, progress, cancel):
        pieces.append(ids)
        lengths.append(batch_lengths)
    if not pieces:
        return np.zeros(0, dtype=tokenizer.id_dtype), np.zeros(0, dtype=np.int64)
    return np.concatenate(pieces), np.concatenate(lengths)


def _progress_part(
    progress: ProgressCallback, start: int, end: int, total: int
) -> ProgressCallback:
    """`progress` for the part start..end of a whole of `total`."""
    def part(fraction: float | None, message: str) -> None:
        if fraction is not None:
            fraction = (start + fraction * (end - start)) / max(total, 1)
        progress(fraction, message)

    return part


def _counting_part(progress: ProgressCallback) -> ProgressCallback:
    """Counting's share of building a model: the first 85% (smoothing the rest)."""
    return _progress_part(progress, 0, 85, 100)


def _stream_pieces(tokenizer: StudioTokenizer, text: str) -> Iterator[str]:
    """`text` in pieces of a few megabytes that encode one by one to the ids of the whole:
    for a line-based tokenizer (each line encoded on its own, <eos> after it) cut after a
    newline; for one that reads newlines as text, where the tokenizer itself cuts."""
    if tokenizer.kind in NEWLINE_AS_TEXT_KINDS:
        yield from _lossless_pieces(text, _STREAM_CHARS_PER_PIECE)
        return
    start = 0
    while start < len(text):
        cut = text.find("\n", start + _STREAM_CHARS_PER_PIECE)
        end = len(text) if cut == -1 else cut + 1
        yield text[start:end]
        start = end


def _layout_of_text(
    tokenizer: StudioTokenizer,
    text: str,
    sentence_per_line: bool,
    in_vocab: np.ndarray,
    special: SpecialIds,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Layout:
    """`encode_text`, `clean_ids` and `layout_sentences` or `layout_stream` in one, holding
    less on a large text. A stream is encoded a few megabytes at a time, each piece's ids
    written straight into the layout: the ids are never held twice (once as the tokenizer's
    array, once in the layout), which on a large text would be the largest cost of all."""
    if sentence_per_line:
        return _sentences_layout_of_text(tokenizer, text, in_vocab, special, progress, cancel)
    # Room for one token a character (as many as most tokenizers give): pages never written
    # take no memory, and should the room run out, a resize moves the pages (realloc), it
    # does not copy them. One byte an id while every id so far fits (a text's characters,
    # say), which on a long text is the largest saving of all; wider when one does not.
    seq = np.empty(len(text) + 2, dtype=_holding(np.uint8, special.bos))
    seq[0] = special.bos
    at, start = 1, 0
    for piece in _stream_pieces(tokenizer, text):
        end = start + len(piece)
        ids = tokenizer.encode_to_array(
            piece, _progress_part(progress, start, end, len(text)), cancel
        )
        ids = clean_ids(ids, in_vocab, special, False, copy=False)
        seq = _written(seq, at, ids, _holding(tokenizer.id_dtype, special.bos))
        at += ids.size
        start = end
    seq.resize(at, refcheck=False)  # the unused room is given back
    return Layout(seq, None, 1)


def _sentences_layout_of_text(
    tokenizer: StudioTokenizer,
    text: str,
    in_vocab: np.ndarray,
    special: SpecialIds,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> Layout:
    """`_layout_of_text` for one sentence a line: each batch of lines is laid out as
    `layout_sentences` does and written straight into the whole layout, which grows as
    needed; all the ids are never held a second time, nor as the tokenizer's type when one
    byte an id will do."""
    # Room for a line's tokens and its <s> and </s> (pages never written take no memory).
    seq = np.empty(len(text) + len(text) // 2 + 2, _holding(np.uint8, special.bos, special.eos))
    starts: list[np.ndarray] = []
    at = sentences = 0
    for ids, lengths in _encoded_sentences(tokenizer, text, progress, cancel):
        ids = clean_ids(ids, in_vocab, special, True, copy=False)
        part = layout_sentences(ids, lengths, special)
        del ids
        seq = _written(seq, at, part.seq, part.seq.dtype)
        assert part.starts is not None
        starts.append(part.starts + at)
        at += part.seq.size
        sentences += part.sentences
    seq.resize(at, refcheck=False)
    all_starts = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    return Layout(seq, all_starts, sentences)


def _written(seq: np.ndarray, at: int, ids: np.ndarray, wider: np.dtype) -> np.ndarray:
    """`seq` with `ids` written from `at` on: as `wider` first if an id does not fit its
    type, and half as large again if out of room (in place: pages never written take no
    memory, and a resize moves pages, it does not copy them)."""
    if ids.size and ids.max() > np.iinfo(seq.dtype).max:
        seq = _widened(seq, at, wider)
    if at + ids.size > seq.size:
        seq.resize(max(at + ids.size, seq.size * 3 // 2), refcheck=False)
    seq[at : at + ids.size] = ids
    return seq


def _widened(seq: np.ndarray, written: int, dtype: np.dtype) -> np.ndarray:
    """`seq` as `dtype`, with the same room; only the `written` ids are copied (the rest of
    the room stays unwritten, taking no memory)."""
    wider = np.empty(seq.size, dtype=dtype)
    wider[:written] = seq[:written]
    return wider


# --------------------------------------------------------------------------- counting


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

    A text of up to `_WHOLE_POSITIONS` positions is counted in one go: each order keeps
    the index of every position's n-gram for the next (`_count_whole`, several int64 arrays
    of the text's length, fast, and at most about 150 MB). A longer one is read a chunk of
    positions at a time, and nothing of its length is allocated besides `layout` itself
    (`_count_chunked`). Both give the same tables.
    """
    seq = layout.seq
    unigram_counts = np.zeros(vocab_size, dtype=np.int64)
    for lo in range(0, seq.size, _COUNT_CHUNK):  # bincount copies its input to int64
        part = np.bincount(seq[lo : lo + _COUNT_CHUNK], minlength=vocab_size)
        if part.size > vocab_size:
            raise ValueError("a token id lies outside the vocabulary")
        unigram_counts += part
    unigrams = OrderCounts(
        np.arange(vocab_size, dtype=np.int64), unigram_counts, None, np.arange(vocab_size) == bos
    )
    count = _count_whole if seq.size <= _WHOLE_POSITIONS else _count_chunked
    result = count(layout, order, vocab_size, bos, unigrams, progress, cancel)
    progress(1.0, N_("Counted"))
    return result


# Texts of up to this many positions are counted in one go (about 70 bytes a position
# while counting: 150 MB at most); longer ones a chunk at a time.
_WHOLE_POSITIONS = 1 << 21
# Positions read at a time while counting a long text: a chunk's temporary arrays take
# about 80 bytes a position (20 MB at a quarter of a million positions).
_COUNT_CHUNK = 1 << 18


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
    """`_COUNT_CHUNK` positions at a time. For each order, each chunk's n-grams are counted
    with `np.unique` and the sorted (key, count) runs are merged into the order's table
    (`_SortedRuns`). An n-gram's key needs the index of its first n-1 tokens in the table
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
        ranges = max(1, min(_MAX_KEY_RANGES, -(-_RANGE_BYTES * below // max(starts, 1))))
        bounds = [round(r * below / ranges) * vocab_size for r in range(ranges + 1)]
        keys = np.empty(starts if ranges > 1 else 0, dtype=np.int64)
        counts = np.empty(keys.size, dtype=count_dtype)
        made = 0
        for r in range(ranges):
            runs = _SortedRuns()
            for lo in range(0, starts, _COUNT_CHUNK):
                hi = min(lo + _COUNT_CHUNK, starts)
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


# Ranges of keys a table is made in: _RANGE_BYTES times the entries of the table below (a
# table grows with it) over the text's positions, rounded up, at most _MAX_KEY_RANGES (each
# range is one more reading of the text). Merging holds about 24 bytes an entry of a range:
# with word tokens this keeps it near the text's size.
_MAX_KEY_RANGES = 4
_RANGE_BYTES = 6


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
    for lo in range(0, keys.size, _COUNT_CHUNK):
        hi = lo + _COUNT_CHUNK
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


# --------------------------------------------------------------------------- estimation


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


# Table entries smoothed at a time (a few MB of temporaries each).
_ESTIMATE_CHUNK = 1 << 18


def _chunks_of(size: int) -> Iterator[slice]:
    """Slices of `_ESTIMATE_CHUNK` entries covering range(size)."""
    for lo in range(0, size, _ESTIMATE_CHUNK):
        yield slice(lo, lo + _ESTIMATE_CHUNK)


def _context_chunks(keys: np.ndarray, vocab_size: int) -> Iterator[slice]:
    """Slices of about `_ESTIMATE_CHUNK` of the sorted `keys` (prefix * V + last word),
    each ending where a context (prefix) does, so that no context is split between two."""
    lo = 0
    while lo < keys.size:
        hi = min(lo + _ESTIMATE_CHUNK, keys.size)
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
        counts[n - 1] = table = _keys_only(table)
        release_free_memory()

    with np.errstate(divide="ignore"):  # in place: the probabilities are not needed after
        logp = [np.log(p, out=p) for p in probs]
        log_bow = [np.log(w, out=w) for w in bows]
    present = words.copy()
    present[special.bos] = True  # listed, with probability 0, as ARPA files expect
    keys = [c.keys for c in counts]
    return BackoffTables(order, vocab_size, present, keys, logp, log_bow), info


# --------------------------------------------------------------------------- the model


class NGramModel:
    """A trained (or imported) n-gram model: generation's `LanguageModel` and more.

    A state is the tuple of the last n-1 tokens (at most), `<s>` first at the start of a
    sentence or text.
    """

    def __init__(
        self,
        tables: BackoffTables,
        special: SpecialIds,
        spec: NGramSpec,
        tokenizer: StudioTokenizer | None = None,
        info: EstimateInfo | None = None,
        interpolated: bool | None = None,
    ) -> None:
        if tables.order != spec.order:
            spec = NGramSpec(
                order=tables.order,
                smoothing=spec.smoothing,
                add_k=spec.add_k,
                sentence_per_line=spec.sentence_per_line,
            )
        self.tables = tables
        self.special = special
        self.spec = spec
        self.tokenizer = tokenizer
        self.info = info or EstimateInfo(counts=tables.num_ngrams())
        self.interpolated = (
            spec.smoothing in INTERPOLATED_SMOOTHINGS if interpolated is None else interpolated
        )
        # ids the model reads as themselves; anything else is read as <unk>
        self.in_vocab = tables.present.copy()
        self.in_vocab[special.bos] = False

    # ---- construction

    @classmethod
    def from_layout(
        cls,
        layout: Layout,
        spec: NGramSpec,
        vocab_size: int,
        special: SpecialIds,
        tokenizer: StudioTokenizer | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        discounts: Sequence[tuple[float, float, float]] | None = None,
    ) -> NGramModel:
        spec = validate_spec(spec)
        counts = count_ngrams(
            layout, spec.order, vocab_size, special.bos, _counting_part(progress), cancel
        )
        return cls._from_counts(
            counts, spec, vocab_size, special, tokenizer,
            int(layout.seq.size - layout.sentences), layout.sentences,
            progress, cancel, discounts,
        )

    @classmethod
    def _from_counts(
        cls,
        counts: list[OrderCounts],
        spec: NGramSpec,
        vocab_size: int,
        special: SpecialIds,
        tokenizer: StudioTokenizer | None,
        tokens: int,
        sentences: int,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        discounts: Sequence[tuple[float, float, float]] | None = None,
    ) -> NGramModel:
        """Smoothing, the last 15% of `from_layout`'s progress."""
        progress(0.85, N_("Smoothing"))
        tables, info = estimate(counts, spec, vocab_size, special, cancel, discounts)
        info.tokens = tokens
        info.sentences = sentences
        progress(1.0, N_("Done"))
        return cls(tables, special, spec, tokenizer, info)

    @classmethod
    def from_sequences(
        cls,
        sequences: Sequence[Sequence[int]],
        spec: NGramSpec,
        vocab_size: int,
        special: SpecialIds,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
        discounts: Sequence[tuple[float, float, float]] | None = None,
    ) -> NGramModel:
        """A model from token ids: each sequence a sentence, or all of them one stream."""
        words = predictable_mask(vocab_size, special)
        layout = _layout_lists(sequences, words, special, spec.sentence_per_line)
        return cls.from_layout(
            layout, spec, vocab_size, special, None, progress, cancel, discounts
        )

    # ---- basic facts

    @property
    def vocab_size(self) -> int:
        return self.tables.vocab_size

    @property
    def order(self) -> int:
        return self.tables.order

    @property
    def sentence_per_line(self) -> bool:
        return self.spec.sentence_per_line

    def num_ngrams(self) -> list[int]:
        return self.tables.num_ngrams()

    # ---- generation.LanguageModel

    def start(self, context: Sequence[int] = ()) -> tuple[int, ...]:
        state: tuple[int, ...] = (self.special.bos,)
        for token in context:
            state = self.advance(state, int(token))
        return self._trim(state)

    def advance(self, state: tuple[int, ...], token_id: int) -> tuple[int, ...]:
        token_id = int(token_id)
        if token_id == self.special.bos or (
            token_id == self.special.eos and self.spec.sentence_per_line
        ):
            return self._trim((self.special.bos,))  # a new sentence (or text) begins
        if not (0 <= token_id < self.vocab_size) or not self.in_vocab[token_id]:
            token_id = self.special.unk
        return self._trim((*state, token_id))

    def _trim(self, state: tuple[int, ...]) -> tuple[int, ...]:
        keep = self.order - 1
        if keep <= 0:
            return ()
        return state[-keep:] if len(state) > keep else state

    def next_logprobs(self, state: tuple[int, ...]) -> np.ndarray:
        """Natural-log probabilities of every id after `state` (-inf for `<s>` and padding)."""
        return self._distribution(state)[0]

    # ---- the distribution after a context, level by level

    def _context_indices(self, state: tuple[int, ...]) -> list[int]:
        """Indices of the listed contexts that end the state: [0] (the empty context, a
        placeholder), then the 1-token suffix, the 2-token suffix... while they are listed."""
        tables = self.tables
        found = [0]
        for length in range(1, min(len(state), self.order - 1) + 1):
            suffix = state[len(state) - length :]
            index = tables.lookup_ngram(suffix)
            if index < 0:
                break  # a longer context contains this one: stop, as SRILM and KenLM do
            found.append(index)
        return found

    def _distribution(
        self, state: tuple[int, ...], keep_levels: bool = False
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray], list[float]]:
        """(log-probabilities, the order that supplied each, per-order levels, weights)."""
        tables = self.tables
        contexts = self._context_indices(state)
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
                children = tables.keys[n - 1][low:high] % self.vocab_size
                dist[children] = tables.logp[n - 1][low:high]
                source[children] = n
            if keep_levels:
                levels.append(dist.copy())
        return dist, source, levels, weights

    def distribution(self, context: Sequence[int]) -> np.ndarray:
        """Probabilities (not logs) of every id after `context`."""
        return np.exp(self.next_logprobs(self.start(context)))

    def explain(self, context_ids: Sequence[int], k: int = 10) -> dict[str, Any]:
        """The k most likely next tokens and where their probability comes from.

        For each token: its probability; `order`, the longest n-gram ending in it that the
        model has seen after this context (1 = the token alone); and for interpolated models
        `shares`, the part of the probability each order contributed. Also the context the
        model used, and the weight it gives the shorter contexts at each order.
        """
        state = self.start(context_ids)
        dist, source, levels, weights = self._distribution(state, keep_levels=True)
        probs = np.exp(dist)
        k = max(1, min(int(k), int(np.count_nonzero(probs > 0)) or 1))
        top = np.argpartition(-probs, k - 1)[:k]
        top = top[np.argsort(-probs[top], kind="stable")]
        used_orders = len(levels)
        gammas = [math.exp(w) for w in weights]  # weight of order n-1 inside order n
        entries = []
        for token in top.tolist():
            entry: dict[str, Any] = {
                "id": int(token),
                "token": self._token_text(token),
                "probability": float(probs[token]),
                "order": int(source[token]),
            }
            if self.interpolated and probs[token] > 0:
                level_probs = [math.exp(level[token]) for level in levels]
                parts = [level_probs[0]]
                for n in range(1, used_orders):
                    parts.append(level_probs[n] - gammas[n - 1] * level_probs[n - 1])
                shares: dict[int, float] = {}
                for n, part in enumerate(parts):
                    if n + 1 > entry["order"]:
                        part = 0.0  # that n-gram is not listed: it adds nothing of its own
                    scale = math.prod(gammas[n:])
                    shares[n + 1] = float(max(part * scale, 0.0) / probs[token])
                entry["shares"] = shares
            entries.append(entry)
        return {
            "context": [self._token_text(t) for t in state],
            # the highest order whose context was seen followed by something
            "context_order": int(source.max()),
            "lower_order_weights": {n + 2: gammas[n] for n in range(len(gammas))},
            "interpolated": self.interpolated,
            "tokens": entries,
        }

    def _token_text(self, token: int) -> str:
        if token == self.special.bos:
            return BOS_WORD
        if token == self.special.eos:
            return EOS_WORD
        if token == self.special.unk:
            return UNK_WORD
        if self.tokenizer is not None:
            return self.tokenizer.id_to_token(token)
        return str(token)

    # ---- scoring

    def score_layout(self, layout: Layout) -> np.ndarray:
        """Natural-log probability of every predicted position (all but the `<s>` ones),
        by the ARPA back-off rule, for all positions at once."""
        tables = self.tables
        seq = layout.seq.astype(np.int64, copy=False)
        positions = seq.size
        order = self.order
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

    def layout_text(
        self,
        text: str,
        sentence_per_line: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> Layout:
        if self.tokenizer is None:
            raise RuntimeError("this model has no tokenizer; score ids with score_layout")
        sentences = self.sentence_per_line if sentence_per_line is None else sentence_per_line
        return _layout_of_text(
            self.tokenizer, text, sentences, self.in_vocab, self.special, progress, cancel
        )

    def layout_ids(
        self, sequences: Sequence[Sequence[int]], sentence_per_line: bool | None = None
    ) -> Layout:
        sentences = self.sentence_per_line if sentence_per_line is None else sentence_per_line
        return _layout_lists(sequences, self.in_vocab, self.special, sentences)

    def token_logprobs(
        self, text: str, sentence_per_line: bool | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(ids, natural-log probabilities) of every predicted token of `text`."""
        layout = self.layout_text(text, sentence_per_line)
        return layout.seq[layout.targets].astype(np.int64), self.score_layout(layout)

    def evaluate_layout(self, layout: Layout) -> dict[str, Any]:
        logprobs = self.score_layout(layout)
        tokens = int(logprobs.size)
        if tokens == 0:
            raise CorpusError("empty_text")
        targets = layout.seq[layout.targets]
        total = float(logprobs.sum())
        loss = -total / tokens
        with np.errstate(over="ignore"):
            perplexity = math.exp(loss) if math.isfinite(loss) and loss < 700 else math.inf
        return {
            "perplexity": perplexity,
            "loss": loss,
            "bits_per_token": loss / math.log(2),
            "tokens": tokens,
            "sentences": layout.sentences,
            "oov_rate": float(np.count_nonzero(targets == self.special.unk)) / tokens,
            "zero_probability_tokens": int(np.count_nonzero(~np.isfinite(logprobs))),
            "log10_probability": total / math.log(10),
        }

    def evaluate_text(
        self,
        text: str,
        sentence_per_line: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> dict[str, Any]:
        """Perplexity, loss (nats per token), token count and `<unk>` rate of a text.

        Tokens counted are the ones predicted: with sentences every token and every `</s>`
        (as SRILM's `ppl`), otherwise every token of the stream. `oov_rate` is the share of
        them that are `<unk>` (a word outside the tokenizer's vocabulary).
        """
        layout = self.layout_text(
            text, sentence_per_line, lambda f, m: progress(None if f is None else 0.9 * f, m),
            cancel,
        )
        check_cancel(cancel)
        result = self.evaluate_layout(layout)
        progress(1.0, N_("Done"))
        return result

    def sentence_log10(self, ids: Sequence[int]) -> float:
        """log10 P(<s> ids </s>), the score an ARPA tool gives the sentence."""
        layout = _layout_lists([ids], self.in_vocab, self.special, True)
        return float(self.score_layout(layout).sum() / math.log(10))

    # ---- files

    def arpa_names(self) -> list[str]:
        if self.tokenizer is None:
            vocabulary = [f"w{i}" for i in range(self.vocab_size)]
        else:
            vocabulary = self.tokenizer.vocabulary()
        return arpa_words(vocabulary, self.special.bos, self.special.eos, self.special.unk)

    def save_arpa(
        self,
        path: str | Path,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> None:
        write_arpa(Path(path), self.tables, self.arpa_names(), progress, cancel)

    @classmethod
    def load_arpa(
        cls,
        path: str | Path,
        tokenizer: StudioTokenizer,
        spec: NGramSpec | None = None,
        interpolated: bool | None = None,
        progress: ProgressCallback = no_progress,
        cancel: CancelCheck | None = None,
    ) -> NGramModel:
        """A model from an ARPA file whose words are `tokenizer`'s tokens."""
        special = SpecialIds.of(tokenizer)
        names = arpa_words(tokenizer.vocabulary(), special.bos, special.eos, special.unk)
        name_to_id = {name: index for index, name in enumerate(names)}
        tables = read_arpa(Path(path), name_to_id, tokenizer.vocab_size, progress, cancel)
        if spec is None:
            spec = NGramSpec(order=tables.order, sentence_per_line=True)
        return cls(tables, special, spec, tokenizer, interpolated=interpolated)


def _layout_lists(
    sequences: Sequence[Sequence[int]],
    in_vocab: np.ndarray,
    special: SpecialIds,
    sentence_per_line: bool,
) -> Layout:
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    ids = np.fromiter(
        itertools.chain.from_iterable(sequences), dtype=np.int64, count=int(lengths.sum())
    )
    ids = clean_ids(ids, in_vocab, special, sentence_per_line)
    if sentence_per_line:
        return layout_sentences(ids, lengths, special)
    return layout_stream(ids, special)


# --------------------------------------------------------------------------- training


def train_ngram(
    spec: NGramSpec,
    tokenizer: StudioTokenizer,
    text: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """Encode `text` and count and smooth its n-grams (encoding is the first 40% of progress)."""
    spec = validate_spec(spec)
    special = SpecialIds.of(tokenizer)
    layout = _layout_of_text(
        tokenizer, text, spec.sentence_per_line,
        predictable_mask(tokenizer.vocab_size, special), special,
        lambda f, m: progress(None if f is None else 0.4 * f, m), cancel,
    )
    tokens, sentences = int(layout.seq.size - layout.sentences), layout.sentences
    if tokens == 0:
        raise CorpusError("empty_text")
    model_progress = _progress_part(progress, 4, 10, 10)  # NGramModel.from_layout's share
    counts = count_ngrams(
        layout, spec.order, tokenizer.vocab_size, special.bos, _counting_part(model_progress),
        cancel,
    )
    del layout  # smoothing needs the counts only: the ids' memory goes back first
    return NGramModel._from_counts(
        counts, spec, tokenizer.vocab_size, special, tokenizer, tokens, sentences,
        model_progress, cancel,
    )


@holding_run_lock
def train_to_run(
    folder: str | Path,
    spec: NGramSpec,
    tokenizer: StudioTokenizer,
    splits: dict[str, str],
    corpus: dict[str, Any] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[NGramModel, dict[str, Any]]:
    """Train on `splits["train"]`, write the run folder, score the other splits.

    Writes run.json, tokenizer.json, model.arpa and metrics.jsonl; returns the model and the
    metrics (`valid_perplexity`, `test_perplexity` where those splits have text). The folder's
    lock is held throughout, so two windows cannot write the same folder.
    """
    import time

    from lmstudio_app.core.runs import (
        append_metrics,
        is_run_folder,
        new_run_json,
        save_run_start,
        update_run_json,
    )
    from lmstudio_app.core.unfinished import clear_unfinished_run, is_unfinished_run

    folder = Path(folder)
    spec = validate_spec(spec)
    # A run that never got its model (a full disk or a kill while it was saved) is replaced;
    # a finished one is refused. The lock is held here, so no one else is writing it.
    if is_run_folder(folder) and not is_unfinished_run(folder):
        raise StudioError("run_folder_taken", path=str(folder))
    run = new_run_json(
        model_kind="ngram",
        tokenizer_spec=tokenizer.spec,
        model_spec=spec_to_dict(spec),
        corpus=corpus,
    )
    started = time.perf_counter()
    # Nothing is written before the model is built: cancelling the counting leaves no trace.
    model = train_ngram(
        spec, tokenizer, splits["train"],
        lambda f, m: progress(None if f is None else 0.6 * f, m), cancel,
    )
    build_seconds = time.perf_counter() - started
    if is_run_folder(folder):  # past the check above, only an unfinished run of ours
        clear_unfinished_run(folder)
    save_run_start(folder, run, tokenizer)
    try:
        model.save_arpa(
            folder / MODEL_FILE, lambda f, m: progress(0.6 + 0.3 * (f or 0.0), m), cancel
        )
    except (Cancelled, KeyboardInterrupt):  # Stop, Ctrl-C, SIGTERM / SIGHUP on the CLI
        update_run_json(folder, status="cancelled")
        raise
    metrics: dict[str, Any] = {
        "train_tokens": model.info.tokens,
        "ngrams": model.num_ngrams(),
        "build_seconds": round(build_seconds, 3),
    }
    if model.info.discounts:
        metrics["discounts"] = [list(d) for d in model.info.discounts]
    append_metrics(folder, {"event": "built", **metrics})
    update_run_json(folder, metrics=metrics, status="done")  # usable from here on
    for name in ("valid", "test"):
        text = splits.get(name) or ""
        if not text.strip():
            continue
        check_cancel(cancel)
        if name == "valid":
            progress(0.9, N_("Scoring the validation text"))
        else:
            progress(0.95, N_("Scoring the test text"))
        result = model.evaluate_text(text)
        append_metrics(folder, {"event": "eval", "split": name, **result})
        metrics[f"{name}_perplexity"] = result["perplexity"]
        metrics[f"{name}_loss"] = result["loss"]
        metrics[f"{name}_tokens"] = result["tokens"]
        metrics[f"{name}_oov_rate"] = result["oov_rate"]
    update_run_json(folder, metrics=metrics, status="done")
    progress(1.0, N_("Done"))
    return model, metrics


# --------------------------------------------------------------------------- run folders


def load_from_run(
    folder: str | Path,
    run: dict[str, Any],
    tokenizer: StudioTokenizer,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """The model of an n-gram run folder, read back from its model.arpa."""
    folder = Path(folder)
    try:
        spec = spec_from_dict(NGramSpec, run["model"])
    except StudioError as exc:
        raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
    path = folder / MODEL_FILE
    if not path.is_file():
        raise RunFolderError("run_corrupt", path=str(folder), reason=f"{MODEL_FILE} is missing")
    arpa_info = run.get("arpa") or {}
    interpolated = arpa_info.get("interpolated") if isinstance(arpa_info, dict) else None
    try:
        return NGramModel.load_arpa(
            path, tokenizer, spec, interpolated=interpolated, progress=progress, cancel=cancel
        )
    except StudioError as exc:
        if exc.code in ("arpa_bad", "arpa_vocab_mismatch"):
            raise RunFolderError("run_corrupt", path=str(folder), reason=exc.message) from None
        raise


@holding_run_lock
def import_arpa_to_run(
    arpa_path: str | Path,
    tokenizer: StudioTokenizer,
    folder: str | Path,
    base_spec: NGramSpec | None = None,
    source: dict[str, Any] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """Read an ARPA file over `tokenizer`'s tokens and save it as a new n-gram run folder.

    `base_spec` (the spec of the run the tokenizer came from, if it was an n-gram run) says
    how the model was smoothed and where its sentences end; without it the model is taken
    to be a sentence-per-line model (what ARPA files usually are) of unknown smoothing.
    The folder's lock is held while it is written.
    """
    from lmstudio_app.core.runs import is_run_folder, new_run_json, save_run_start, update_run_json

    folder = Path(folder)
    if is_run_folder(folder):
        raise StudioError("run_folder_taken", path=str(folder))
    smoothing_known = base_spec is not None
    model = NGramModel.load_arpa(
        arpa_path,
        tokenizer,
        progress=lambda f, m: progress(None if f is None else 0.5 * f, m),
        cancel=cancel,
    )
    base = base_spec or NGramSpec(sentence_per_line=True)
    spec = validate_spec(
        NGramSpec(
            order=model.order,
            smoothing=base.smoothing,
            add_k=base.add_k,
            sentence_per_line=base.sentence_per_line,
        )
    )
    interpolated = smoothing_known and spec.smoothing in INTERPOLATED_SMOOTHINGS
    model = NGramModel(model.tables, model.special, spec, tokenizer, interpolated=interpolated)
    run = new_run_json(
        model_kind="ngram",
        tokenizer_spec=tokenizer.spec,
        model_spec=spec_to_dict(spec),
        corpus=source or {},
    )
    run["arpa"] = {
        "imported_from": str(Path(arpa_path).resolve()),
        "smoothing_known": smoothing_known,
        "interpolated": interpolated,
    }
    save_run_start(folder, run, tokenizer)
    model.save_arpa(folder / MODEL_FILE, lambda f, m: progress(0.5 + 0.5 * (f or 0.0), m), cancel)
    update_run_json(folder, metrics={"ngrams": model.num_ngrams()}, status="done")
    progress(1.0, N_("Done"))
    return model
