"""N-gram counting in bounded memory: the chunked count equals the count in one go.

`count_ngrams` counts a short text in one go and a long one a chunk of positions at a time
(looking up each chunk's lower-order n-grams again in the tables made so far). Here both
run on the same random texts, the chunked one with chunks of a few positions so that every
n-gram boundary falls across a chunk somewhere, and the tables must be identical. The
encoding steps before counting (lines in batches, narrow id types, `<unk>` cleaning a chunk
at a time) are checked against their plain one-line forms.
"""

from __future__ import annotations

from collections import Counter
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmstudio_app.core.models import ngram
from lmstudio_app.core.models.ngram import (
    Layout,
    NGramSpec,
    SpecialIds,
    clean_ids,
    count_ngrams,
    counting,
    encoding,
    layout_sentences,
    layout_stream,
    predictable_mask,
    sizes,
    train_ngram,
    training,
)
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

UNK, BOS, EOS, PAD = 0, 1, 2, 3
SPECIAL = SpecialIds(bos=BOS, eos=EOS, unk=UNK, pad=PAD)

sentences_st = st.lists(st.lists(st.integers(4, 9), max_size=8), max_size=12)


def _layout(sentences: list[list[int]], per_line: bool, dtype: type) -> Layout:
    flat = np.array([w for s in sentences for w in s], dtype=dtype)
    if per_line:
        return layout_sentences(flat, np.array([len(s) for s in sentences]), SPECIAL)
    return layout_stream(flat, SPECIAL)


def _count(layout: Layout, order: int, whole: bool, chunk: int = 1 << 19) -> list:
    with (
        mock.patch.object(sizes, "WHOLE_POSITIONS", 1 << 30 if whole else 0),
        mock.patch.object(sizes, "COUNT_CHUNK", chunk),
    ):
        return count_ngrams(layout, order, 10, BOS)


def _plain(layout: Layout, order: int) -> list[Counter]:
    """Each order's n-grams (as token tuples) counted one position at a time."""
    seq = layout.seq.tolist()
    sid = [0] * len(seq) if layout.sid is None else layout.sid.tolist()
    return [
        Counter(
            tuple(seq[i : i + n]) for i in range(len(seq) - n + 1) if sid[i] == sid[i + n - 1]
        )
        for n in range(1, order + 1)
    ]


def _as_tuples(counts: list, order: int) -> list[Counter]:
    """The tables of `count_ngrams` spelled out as token tuples, checking each suffix and
    `starts_with_bos` against the spelling on the way."""
    spelled: list[list[tuple[int, ...]]] = [[(w,) for w in range(10)]]
    result = [Counter({(w,): int(c) for w, c in enumerate(counts[0].counts) if c})]
    for n in range(2, order + 1):
        table = counts[n - 1]
        rows = [spelled[-1][int(k) // 10] + (int(k) % 10,) for k in table.keys]
        for row, suffix, bos in zip(rows, table.suffix, table.starts_with_bos, strict=True):
            assert spelled[-1][int(suffix)] == row[1:]
            assert bool(bos) == (row[0] == BOS)
        spelled.append(rows)
        result.append(Counter({row: int(c) for row, c in zip(rows, table.counts, strict=True)}))
    return result


def _same(a: list, b: list) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.keys.dtype == y.keys.dtype == np.int64
        assert x.counts.dtype == y.counts.dtype and x.counts.dtype.kind in "iu"
        np.testing.assert_array_equal(x.keys, y.keys)
        np.testing.assert_array_equal(x.counts, y.counts)
        np.testing.assert_array_equal(x.starts_with_bos, y.starts_with_bos)
        if x.suffix is None:
            assert y.suffix is None
        else:
            np.testing.assert_array_equal(x.suffix, y.suffix)


@settings(max_examples=150, deadline=None)
@given(
    sentences=sentences_st,
    per_line=st.booleans(),
    order=st.integers(1, 6),
    chunk=st.integers(1, 9),
    dtype=st.sampled_from([np.uint16, np.int32, np.int64]),
)
def test_chunked_counting_equals_counting_in_one_go(
    sentences: list[list[int]], per_line: bool, order: int, chunk: int, dtype: type
) -> None:
    layout = _layout(sentences, per_line, dtype)
    whole = _count(layout, order, whole=True)
    chunked = _count(layout, order, whole=False, chunk=chunk)
    _same(whole, chunked)
    assert _as_tuples(chunked, order) == _plain(layout, order)


def test_a_repetitive_text_in_many_chunks() -> None:
    """Runs of much the same n-grams are merged as they come; a text of distinct n-grams
    builds runs of growing size: both end in the same tables as counting in one go."""
    rng = np.random.default_rng(1)
    piece = rng.integers(4, 10, size=50)
    for ids in (np.tile(piece, 40), rng.integers(4, 10, size=2000)):
        layout = layout_stream(ids.astype(np.uint16), SPECIAL)
        _same(_count(layout, 5, whole=True), _count(layout, 5, whole=False, chunk=37))


def test_sorted_runs_merge_like_unique() -> None:
    rng = np.random.default_rng(2)
    runs = counting._SortedRuns()
    everything = []
    for size in (5, 40, 3, 0, 100, 7, 7, 1):
        keys = rng.integers(0, 60, size=size)
        everything.append(keys)
        if size:
            runs.add(*np.unique(keys, return_counts=True))
    keys, counts = runs.merged()
    want_keys, want_counts = np.unique(np.concatenate(everything), return_counts=True)
    np.testing.assert_array_equal(keys, want_keys)
    np.testing.assert_array_equal(counts, want_counts)
    assert counting._SortedRuns().merged()[0].size == 0


@settings(max_examples=100, deadline=None)
@given(sentences=sentences_st, batch=st.integers(1, 5), lo=st.integers(0, 60),
       width=st.integers(0, 60))
def test_sentences_laid_out_in_batches(
    sentences: list[list[int]], batch: int, lo: int, width: int
) -> None:
    flat = np.array([w for s in sentences for w in s], dtype=np.uint16)
    lengths = np.array([len(s) for s in sentences])
    with mock.patch.object(sizes, "SENTENCES_PER_BATCH", batch):
        layout = layout_sentences(flat, lengths, SPECIAL)
    kept = [s for s in sentences if s]
    assert layout.seq.tolist() == [t for s in kept for t in [BOS, *s, EOS]]
    assert layout.sid is not None
    assert layout.sid.tolist() == [i for i, s in enumerate(kept) for _ in range(len(s) + 2)]
    assert layout.seq.dtype == np.uint16 and layout.sid.dtype == np.uint16
    assert layout.sentences == len(kept)
    # counting asks for the sentence numbers of one range of positions at a time
    lo = min(lo, layout.seq.size)
    part = layout.sentence_ids(lo, lo + width)
    assert part is not None and part.tolist() == layout.sid.tolist()[lo : lo + width]
    assert layout.targets.tolist() == [
        i for i in range(1, layout.seq.size) if layout.seq[i] != BOS
    ]


@given(text=st.text(alphabet="ab \n", max_size=40), size=st.integers(1, 6))
def test_lines_are_cut_as_split_cuts_them(text: str, size: int) -> None:
    with mock.patch.object(sizes, "LINE_CHARS_PER_BATCH", size):
        lines = [line for batch in encoding._text_lines(text) for line in batch]
    want = text.split("\n")
    if want[-1] == "":
        want.pop()
    assert lines == want


def test_clean_ids_keeps_the_type_and_the_callers_array() -> None:
    in_vocab = predictable_mask(10, SPECIAL)
    ids = np.array([4, BOS, 9, 12, EOS, PAD, 5], dtype=np.uint16)
    with mock.patch.object(sizes, "COUNT_CHUNK", 2):
        cleaned = clean_ids(ids, in_vocab, SPECIAL, sentence_per_line=True)
        assert cleaned.dtype == np.uint16
        assert cleaned.tolist() == [4, UNK, 9, UNK, UNK, UNK, 5]
        assert ids.tolist() == [4, BOS, 9, 12, EOS, PAD, 5]  # a copy was changed
        in_place = clean_ids(ids, in_vocab, SPECIAL, sentence_per_line=False, copy=False)
        assert in_place is ids and ids.tolist() == [4, UNK, 9, UNK, EOS, UNK, 5]
    assert clean_ids(np.array([-1, 4]), in_vocab, SPECIAL, False).tolist() == [UNK, 4]


@pytest.mark.parametrize("smoothing", ngram.SMOOTHINGS)
def test_smoothing_a_few_contexts_at_a_time_gives_the_same_model(
    shakespeare_text: str, smoothing: str
) -> None:
    """The smoothing reads each table in chunks that end where a context does; chunks of
    a handful of n-grams give exactly the model of chunks larger than the tables."""
    text = shakespeare_text[:100_000]
    tokenizer = train_tokenizer(TokenizerSpec(kind="word"), text)
    spec = NGramSpec(order=4, smoothing=smoothing)
    with mock.patch.object(sizes, "ESTIMATE_CHUNK", 1 << 30):
        whole = train_ngram(spec, tokenizer, text)
    with mock.patch.object(sizes, "ESTIMATE_CHUNK", 3):
        chunked = train_ngram(spec, tokenizer, text)
    for group in ("keys", "logp", "bow"):
        for a, b in zip(getattr(whole.tables, group), getattr(chunked.tables, group), strict=True):
            np.testing.assert_array_equal(a, b)


def test_training_keeps_the_tokenizers_narrow_ids(shakespeare_text: str) -> None:
    """The ids stay in the tokenizer's uint16 from encoding to counting, and a long text
    (counted in chunks) gives the model a short one would (counted in one go)."""
    text = shakespeare_text[:200_000]
    tokenizer = train_tokenizer(TokenizerSpec(kind="word"), text)
    seen: list[Layout] = []
    original = ngram.count_ngrams

    def spy(layout: Layout, *args: object, **kwargs: object) -> list:
        seen.append(layout)
        return original(layout, *args, **kwargs)  # type: ignore[arg-type]

    for per_line in (False, True):
        spec = NGramSpec(order=4, sentence_per_line=per_line)
        with mock.patch.object(training, "count_ngrams", spy):
            whole = train_ngram(spec, tokenizer, text)
        assert seen[-1].seq.dtype == np.uint16
        with (
            mock.patch.object(sizes, "WHOLE_POSITIONS", 0),
            mock.patch.object(sizes, "COUNT_CHUNK", 4099),
        ):
            chunked = train_ngram(spec, tokenizer, text)
        for a, b in zip(whole.tables.keys, chunked.tables.keys, strict=True):
            np.testing.assert_array_equal(a, b)
        for a, b in zip(whole.tables.logp, chunked.tables.logp, strict=True):
            np.testing.assert_array_equal(a, b)
        for a, b in zip(whole.tables.bow, chunked.tables.bow, strict=True):
            np.testing.assert_array_equal(a, b)


def _spec(kind: str) -> TokenizerSpec:
    """"char-bytes": characters with byte fallback (unseen ones spelled as byte tokens)."""
    if kind == "char-bytes":
        return TokenizerSpec(kind="char", byte_fallback=True)
    return TokenizerSpec(kind=kind)


@pytest.mark.parametrize("kind", ["word", "char", "char-bytes", "bytebpe"])
def test_a_stream_is_encoded_in_pieces_as_in_one(shakespeare_text: str, kind: str) -> None:
    """In pieces (cut after a newline for a line-based tokenizer, where the tokenizer itself
    would cut for one that reads newlines as text), a stream encodes to the same ids as the
    whole text, whether or not it ends with a newline."""
    tokenizer = train_tokenizer(_spec(kind), shakespeare_text[:20_000])
    special = SpecialIds.of(tokenizer)
    in_vocab = predictable_mask(tokenizer.vocab_size, special)
    base = shakespeare_text[:3_000]
    for text in (
        base, base.rstrip("\n"), "\n\n" + base + "\n\n", "", "one line", "\n", "a \n\n  b\n c",
        base + "\n中文\n",  # characters never seen (<unk> or byte tokens), at the very end
    ):
        want = layout_stream(
            clean_ids(tokenizer.encode_to_array(text), in_vocab, special, False), special
        )
        progress = mock.Mock()
        with mock.patch.object(sizes, "STREAM_CHARS_PER_PIECE", 50):
            got = encoding.layout_of_text(tokenizer, text, False, in_vocab, special, progress)
        # one byte an id while they all fit (characters do), the tokenizer's width otherwise
        narrow = want.seq.size == 0 or want.seq.max() < 256
        assert got.seq.dtype == (np.uint8 if narrow else tokenizer.id_dtype)
        assert got.sid is None
        np.testing.assert_array_equal(got.seq, want.seq)
        fractions = [c.args[0] for c in progress.call_args_list if c.args[0] is not None]
        assert fractions == sorted(fractions) and all(0 <= f <= 1 for f in fractions)
    if kind == "char-bytes":  # both widths were seen above
        assert tokenizer.encode_to_array(base).max() < 256
        assert tokenizer.encode_to_array("中").max() >= 256
    if kind == "char":  # the characters and <unk> alone: one byte an id, always
        assert tokenizer.vocab_size < 256
        assert tokenizer.encode_to_array("中").tolist() == [tokenizer.unk_id]


@pytest.mark.parametrize("kind", ["word", "char", "char-bytes"])
def test_sentences_are_laid_out_a_batch_of_lines_at_a_time(
    shakespeare_text: str, kind: str
) -> None:
    """One sentence a line, laid out a batch of lines at a time straight into the layout,
    gives the layout of the whole text at once, in one byte an id while they fit."""
    tokenizer = train_tokenizer(_spec(kind), shakespeare_text[:20_000])
    special = SpecialIds.of(tokenizer)
    in_vocab = predictable_mask(tokenizer.vocab_size, special)
    base = shakespeare_text[:3_000]
    for text in (base, "\n\n" + base + "\n\n", "", "\n", "one line", base + "\n中文\n"):
        ids, lengths = ngram.encode_text(tokenizer, text, True)
        assert lengths is not None
        want = ngram.layout_sentences(clean_ids(ids, in_vocab, special, True), lengths, special)
        with mock.patch.object(sizes, "LINES_PER_BATCH", 7):
            got = encoding.layout_of_text(tokenizer, text, True, in_vocab, special)
        np.testing.assert_array_equal(got.seq, want.seq)
        np.testing.assert_array_equal(got.sid, want.sid)
        assert got.sentences == want.sentences
        narrow = want.seq.size == 0 or want.seq.max() < 256
        assert got.seq.dtype == (np.uint8 if narrow else want.seq.dtype)


class _Wordy:
    """A line-based tokenizer that gives three tokens a character (more than the room the
    layout starts with)."""

    kind = "word"
    id_dtype = np.dtype(np.uint16)

    def encode_to_array(self, text: str, progress: object = None, cancel: object = None):
        return np.repeat(np.array([ord(c) % 6 + 4 for c in text], dtype=np.uint16), 3)


def test_the_stream_layout_grows_when_tokens_outnumber_characters() -> None:
    in_vocab = predictable_mask(10, SPECIAL)
    text = "abc\ndefgh\n" * 30
    with mock.patch.object(sizes, "STREAM_CHARS_PER_PIECE", 8):
        got = encoding.layout_of_text(
            _Wordy(), text, False, in_vocab, SPECIAL  # type: ignore[arg-type]
        )
    want = [BOS, *_Wordy().encode_to_array(text).tolist()]
    assert got.seq.tolist() == want
