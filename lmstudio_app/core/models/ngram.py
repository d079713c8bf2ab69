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
found with `np.searchsorted`; memory grows with the number of distinct n-grams.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
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
from lmstudio_app.core.progress import CancelCheck, ProgressCallback, check_cancel, no_progress
from lmstudio_app.core.tokenization import StudioTokenizer

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
    `sid` the sentence number of each position (None for a stream: one sentence). The
    positions to predict are all but the `<s>` ones.
    """

    seq: np.ndarray  # int64
    sid: np.ndarray | None
    sentences: int

    @property
    def targets(self) -> np.ndarray:
        if self.sid is None:
            return np.arange(1, self.seq.size)
        return np.flatnonzero(np.diff(self.sid, prepend=-1) == 0)


def layout_sentences(ids: np.ndarray, lengths: np.ndarray, special: SpecialIds) -> Layout:
    """`<s> sentence </s>` for each sentence (the ids of all sentences, back to back)."""
    lengths = np.asarray(lengths, dtype=np.int64)
    keep = lengths > 0  # an empty line is no sentence
    if not keep.all():
        lengths = lengths[keep]
    n = lengths.size
    total = int(lengths.sum()) + 2 * n
    seq = np.empty(total, dtype=np.int64)
    spans = lengths + 2
    starts = np.zeros(n, dtype=np.int64)
    if n > 1:
        np.cumsum(spans[:-1], out=starts[1:])
    body = np.ones(total, dtype=bool)
    body[starts] = False
    body[starts + lengths + 1] = False
    seq[starts] = special.bos
    seq[starts + lengths + 1] = special.eos
    seq[body] = ids
    sid = np.repeat(np.arange(n, dtype=np.int64), spans)
    return Layout(seq, sid, n)


def layout_stream(ids: np.ndarray, special: SpecialIds) -> Layout:
    seq = np.empty(ids.size + 1, dtype=np.int64)
    seq[0] = special.bos
    seq[1:] = ids
    return Layout(seq, None, 1)


def clean_ids(
    ids: np.ndarray, in_vocab: np.ndarray, special: SpecialIds, sentence_per_line: bool
) -> np.ndarray:
    """Ids the model can read: anything outside its vocabulary (and, inside a sentence, a
    literal end token) becomes `<unk>`."""
    ids = np.asarray(ids, dtype=np.int64)
    inside = (ids >= 0) & (ids < in_vocab.size)
    bad = ~inside
    bad[inside] = ~in_vocab[ids[inside]]
    if sentence_per_line:
        bad |= ids == special.eos
    if bad.any():
        ids = ids.copy()
        ids[bad] = special.unk
    return ids


def encode_text(
    tokenizer: StudioTokenizer,
    text: str,
    sentence_per_line: bool,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The ids of `text`: all lines back to back plus each line's length (sentences), or one
    array (a stream). Lines go to the tokenizer in large batches, never one by one."""
    if not sentence_per_line:
        return tokenizer.encode_to_array(text, progress, cancel).astype(np.int64), None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    pieces: list[np.ndarray] = []
    lengths: list[int] = []
    for start in range(0, len(lines), _LINES_PER_BATCH):
        check_cancel(cancel)
        encoded = tokenizer.encode_lines(lines[start : start + _LINES_PER_BATCH])
        batch_lengths = [len(item) for item in encoded]
        lengths.extend(batch_lengths)
        pieces.append(
            np.fromiter(
                itertools.chain.from_iterable(encoded), dtype=np.int64, count=sum(batch_lengths)
            )
        )
        progress(min((start + _LINES_PER_BATCH) / max(len(lines), 1), 1.0), N_("Encoding"))
    ids = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
    return ids, np.asarray(lengths, dtype=np.int64)


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
    """Count every n-gram of orders 1..`order` that lies inside one sentence."""
    seq = layout.seq
    positions = seq.size
    unigram_counts = np.bincount(seq, minlength=vocab_size).astype(np.int64)
    result = [
        OrderCounts(
            np.arange(vocab_size, dtype=np.int64),
            unigram_counts,
            None,
            np.arange(vocab_size) == bos,
        )
    ]
    index_prev = seq  # the index of the (n-1)-gram starting at each position (unigram = id)
    for n in range(2, order + 1):
        check_cancel(cancel)
        progress((n - 1) / order, N_("Counting {n}-grams", n=n))
        starts = positions - n + 1
        if starts <= 0:
            empty = np.zeros(0, dtype=np.int64)
            result.append(OrderCounts(empty, empty, empty, np.zeros(0, dtype=bool)))
            index_prev = np.full(positions, -1, dtype=np.int64)
            continue
        head = index_prev[:starts]
        valid = head >= 0
        if layout.sid is not None:
            valid &= layout.sid[:starts] == layout.sid[n - 1 :]
        where = np.flatnonzero(valid)
        keys = head[where] * vocab_size + seq[where + n - 1]
        unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(-1)
        suffix = np.empty(unique.size, dtype=np.int64)
        suffix[inverse] = index_prev[where + 1]
        first = np.empty(unique.size, dtype=np.int64)
        first[inverse] = seq[where]
        index = np.full(positions, -1, dtype=np.int64)
        index[where] = inverse
        result.append(OrderCounts(unique, counts.astype(np.int64), suffix, first == bos))
        index_prev = index
    progress(1.0, N_("Counted"))
    return result


# --------------------------------------------------------------------------- estimation


def kneser_ney_discounts(counts: np.ndarray) -> tuple[float, float, float]:
    """D1, D2, D3+ from the counts of counts n1..n4 (Chen & Goodman 1998, eq. 26):
    Y = n1 / (n1 + 2 n2), D1 = 1 - 2Y n2/n1, D2 = 2 - 3Y n3/n2, D3+ = 3 - 4Y n4/n3.

    A discount that cannot be estimated (a count of counts is 0, as in a tiny text) or comes
    out outside (0, r] takes a fallback value instead.
    """
    n = [0] + [int(np.count_nonzero(counts == r)) for r in range(1, 5)]
    discounts = list(_FALLBACK_DISCOUNTS)
    if n[1] > 0 and n[2] > 0:
        y = n[1] / (n[1] + 2 * n[2])
        for r in (1, 2, 3):
            if n[r] > 0 and n[r + 1] > 0:
                value = r - (r + 1) * y * n[r + 1] / n[r]
                if 0 < value <= r:
                    discounts[r - 1] = value
    return discounts[0], discounts[1], discounts[2]


def _discount_of(counts: np.ndarray, discounts: tuple[float, float, float]) -> np.ndarray:
    """The amount taken from each count: D1, D2 or D3+, never more than the count itself."""
    taken = np.where(counts >= 3, discounts[2], np.where(counts == 2, discounts[1], discounts[0]))
    return np.minimum(np.where(counts > 0, taken, 0.0), counts)


def _used_counts(counts: list[OrderCounts], smoothing: str) -> list[np.ndarray]:
    """The counts each order estimates from: raw counts, or for Kneser-Ney below the highest
    order the continuation counts N1+(. g) (raw for n-grams that start with <s>)."""
    used = [c.counts.astype(np.float64) for c in counts]
    if smoothing != "kneser-ney":
        return used
    for n in range(1, len(counts)):  # n-grams of order n, continued by order n+1
        higher = counts[n]
        assert higher.suffix is not None
        continuation = np.bincount(higher.suffix, minlength=counts[n - 1].keys.size)
        lower = counts[n - 1]
        used[n - 1] = np.where(lower.starts_with_bos, lower.counts, continuation).astype(
            np.float64
        )
    return used


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
    """

    def kn_discounts(n: int, used_counts: np.ndarray) -> tuple[float, float, float]:
        if discounts is not None:
            return tuple(float(d) for d in discounts[n - 1])  # type: ignore[return-value]
        return kneser_ney_discounts(used_counts[used_counts > 0])

    order = spec.order
    method = spec.smoothing
    words = predictable_mask(vocab_size, special)
    n_words = float(words.sum())
    used = _used_counts(counts, method)
    info = EstimateInfo(counts=[int(c.keys.size) for c in counts])
    info.counts[0] = int(np.count_nonzero(counts[0].counts[words]))

    # ---- unigrams
    c1 = np.where(words, used[0], 0.0)
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

    # ---- higher orders, each from the one below
    for n in range(2, order + 1):
        check_cancel(cancel)
        table = counts[n - 1]
        assert table.suffix is not None
        size_below = probs[-1].size
        prefix = table.keys // vocab_size
        c = used[n - 1]
        context_total = np.bincount(prefix, weights=c, minlength=size_below)
        is_context = context_total > 0
        safe_total = np.where(is_context, context_total, 1.0)
        lower = probs[-1][table.suffix]  # p(w | shorter context), a listed n-gram
        if method == "kneser-ney":
            order_discounts = kn_discounts(n, c)
            info.discounts.append(order_discounts)
            taken = _discount_of(c, order_discounts)
            gamma = np.bincount(prefix, weights=taken, minlength=size_below) / safe_total
            p = (c - taken) / safe_total[prefix] + gamma[prefix] * lower
            weight = np.where(is_context, gamma, 1.0)
        elif method == "witten-bell":
            followers = np.bincount(prefix, minlength=size_below).astype(np.float64)
            denominator = np.where(is_context, context_total + followers, 1.0)
            gamma = followers / denominator
            p = (c + followers[prefix] * lower) / denominator[prefix]
            weight = np.where(is_context, gamma, 1.0)
        else:  # add-k and mle: back-off form
            k = spec.add_k if method == "add-k" else 0.0
            followers = np.bincount(prefix, minlength=size_below).astype(np.float64)
            denominator = safe_total + k * n_words
            p = (c + k) / denominator[prefix]
            left = k * (n_words - followers) / denominator  # mass for the unseen followers
            lower_left = 1.0 - np.bincount(prefix, weights=lower, minlength=size_below)
            with np.errstate(divide="ignore", invalid="ignore"):
                weight = np.where(left > 0, left / np.maximum(lower_left, 1e-300), 0.0)
            weight = np.where(is_context, weight, 1.0)
        bows.append(weight)
        probs.append(p)

    with np.errstate(divide="ignore"):
        logp = [np.log(p) for p in probs]
        log_bow = [np.log(w) for w in bows]
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
            layout, spec.order, vocab_size, special.bos,
            lambda f, m: progress(None if f is None else 0.85 * f, m), cancel,
        )
        progress(0.85, N_("Smoothing"))
        tables, info = estimate(counts, spec, vocab_size, special, cancel, discounts)
        info.tokens = int(layout.seq.size - layout.sentences)
        info.sentences = layout.sentences
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
        seq = layout.seq
        positions = seq.size
        order = self.order
        # index[n][i]: the n-gram starting at i, or -1 (not listed / crosses a sentence end)
        index: list[np.ndarray] = [np.zeros(0, dtype=np.int64), tables.find(1, seq, seq)]
        for n in range(2, order + 1):
            starts = max(positions - n + 1, 0)
            head = index[n - 1][:starts]
            valid = head >= 0
            if layout.sid is not None and starts:
                valid &= layout.sid[:starts] == layout.sid[n - 1 :]
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
            if layout.sid is not None:
                inside &= layout.sid[np.maximum(start, 0)] == layout.sid[targets]
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
                ngram = np.where(tables.present[seq[targets]], seq[targets], -1)
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
        ids, lengths = encode_text(self.tokenizer, text, sentences, progress, cancel)
        ids = clean_ids(ids, self.in_vocab, self.special, sentences)
        if lengths is None:
            return layout_stream(ids, self.special)
        return layout_sentences(ids, lengths, self.special)

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
        return layout.seq[layout.targets], self.score_layout(layout)

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
    ids, lengths = encode_text(
        tokenizer, text, spec.sentence_per_line,
        lambda f, m: progress(None if f is None else 0.4 * f, m), cancel,
    )
    ids = clean_ids(ids, predictable_mask(tokenizer.vocab_size, special), special,
                    spec.sentence_per_line)
    layout = (
        layout_sentences(ids, lengths, special) if lengths is not None
        else layout_stream(ids, special)
    )
    if layout.seq.size - layout.sentences == 0:
        raise CorpusError("empty_text")
    return NGramModel.from_layout(
        layout, spec, tokenizer.vocab_size, special, tokenizer,
        lambda f, m: progress(None if f is None else 0.4 + 0.6 * f, m), cancel,
    )


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
    from lmstudio_app.core.runlock import acquire_run_lock

    with acquire_run_lock(Path(folder)):
        return _train_to_run(folder, spec, tokenizer, splits, corpus, progress, cancel)


def _train_to_run(
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
    metrics (`valid_perplexity`, `test_perplexity` where those splits have text).
    """
    import time

    from lmstudio_app.core.runs import (
        append_metrics,
        is_run_folder,
        new_run_json,
        save_run_start,
        update_run_json,
    )

    folder = Path(folder)
    spec = validate_spec(spec)
    if is_run_folder(folder):
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
    save_run_start(folder, run, tokenizer)
    try:
        model.save_arpa(
            folder / MODEL_FILE, lambda f, m: progress(0.6 + 0.3 * (f or 0.0), m), cancel
        )
    except Cancelled:
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


def import_arpa_to_run(
    arpa_path: str | Path,
    tokenizer: StudioTokenizer,
    folder: str | Path,
    base_spec: NGramSpec | None = None,
    source: dict[str, Any] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck | None = None,
) -> NGramModel:
    """Read an ARPA file over `tokenizer`'s tokens and save it as a new n-gram run folder
    (see `_import_arpa_to_run`), holding the folder's lock while it is written."""
    from lmstudio_app.core.runlock import acquire_run_lock
    from lmstudio_app.core.runs import is_run_folder

    folder = Path(folder)
    if is_run_folder(folder):
        raise StudioError("run_folder_taken", path=str(folder))
    with acquire_run_lock(folder):
        return _import_arpa_to_run(
            arpa_path, tokenizer, folder, base_spec, source, progress, cancel
        )


def _import_arpa_to_run(
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
