"""Tokenizers: seven kinds, losslessness, the Penn Treebank vocabulary, files, statistics."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tokenizers import Tokenizer

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.errors import Cancelled, TokenizerError
from lmstudio_app.core.tokenization import (
    KINDS,
    LOSSLESS_KINDS,
    StudioTokenizer,
    TokenizerSpec,
    infer_spec,
    train_tokenizer,
)

MIXED = "First Citizen:\nBefore we proceed any further, hear me speak.\n床前明月光，疑是地上霜。\n"


@pytest.fixture(scope="module")
def shakespeare_train(shakespeare_text: str) -> str:
    return shakespeare_text[:200_000] + "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。\n" * 20


@pytest.fixture(scope="module")
def tokenizers_by_kind(shakespeare_train: str) -> dict[str, StudioTokenizer]:
    return {
        kind: train_tokenizer(TokenizerSpec(kind=kind, vocab_size=0), shakespeare_train)
        for kind in KINDS
    }


@pytest.fixture(scope="module")
def lossless_by_kind(
    tokenizers_by_kind: dict[str, StudioTokenizer], shakespeare_train: str
) -> dict[str, StudioTokenizer]:
    """The lossless kinds as they give any text back: characters with byte fallback."""
    spelled = train_tokenizer(TokenizerSpec(kind="char", byte_fallback=True), shakespeare_train)
    return {"char": spelled, "bytebpe": tokenizers_by_kind["bytebpe"]}


# --------------------------------------------------------------------------- lossless kinds

PIECES = ["\r\n", "\t", "\n", " ", "😀", "👩\u200d👩\u200d👧", "中", "文", "e\u0301", "\u200b"]
TRICKY = st.lists(
    st.one_of(st.text(st.characters(codec="utf-8"), max_size=5), st.sampled_from(PIECES)),
    max_size=20,
).map("".join)


@pytest.mark.parametrize("kind", sorted(LOSSLESS_KINDS))
def test_lossless_kinds_roundtrip_any_string(
    lossless_by_kind: dict[str, StudioTokenizer], kind: str
) -> None:
    tokenizer = lossless_by_kind[kind]
    assert tokenizer.lossless

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(TRICKY)
    def roundtrip(text: str) -> None:
        ids = tokenizer.encode(text).ids
        assert tokenizer.decode(ids) == text
        # the whole-array path agrees with the interactive one
        assert tokenizer.encode_to_array(text).tolist() == ids

    roundtrip()
    for fixed in ["", "\r\n", "\t\t", "😀 中文 e\u0301", "<unk> <0x41>", "  \n\n  x"]:
        assert tokenizer.decode(tokenizer.encode(fixed).ids) == fixed


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_encodes_and_reports_fidelity(
    tokenizers_by_kind: dict[str, StudioTokenizer], shakespeare_train: str, kind: str
) -> None:
    tokenizer = tokenizers_by_kind[kind]
    encoded = tokenizer.encode(MIXED)
    assert len(encoded.ids) == len(encoded.tokens) == len(encoded.offsets)
    assert all(0 <= start <= end <= len(MIXED) for start, end in encoded.offsets)
    ok, fidelity = tokenizer.roundtrip(MIXED)
    assert 0.0 <= fidelity <= 1.0
    if kind in LOSSLESS_KINDS:
        assert ok and fidelity == 1.0


@pytest.mark.parametrize("kind", KINDS)
def test_cjk_ideographs_are_their_own_pre_tokens(
    tokenizers_by_kind: dict[str, StudioTokenizer], kind: str
) -> None:
    tokenizer = tokenizers_by_kind[kind]
    text = "床前明月光"
    encoded = tokenizer.encode(text)
    # no token spans two ideographs
    assert all(end - start <= 1 for start, end in encoded.offsets)
    assert tokenizer.unk_id not in encoded.ids


def test_whitespace_keeps_pre_tokenized_words(
    tokenizers_by_kind: dict[str, StudioTokenizer],
) -> None:
    tokenizer = tokenizers_by_kind["whitespace"]
    encoded = tokenizer.encode("Citizen: hear me")
    assert encoded.tokens == ["Citizen:", "hear", "me"]


def test_word_splits_punctuation(tokenizers_by_kind: dict[str, StudioTokenizer]) -> None:
    tokenizer = tokenizers_by_kind["word"]
    assert tokenizer.encode("Citizen: hear me!").tokens == ["Citizen", ":", "hear", "me", "!"]


def test_line_based_kinds_end_lines_with_eos(
    tokenizers_by_kind: dict[str, StudioTokenizer],
) -> None:
    tokenizer = tokenizers_by_kind["word"]
    encoded = tokenizer.encode("hear me\nspeak")
    assert encoded.tokens == ["hear", "me", "<eos>", "speak"]
    assert encoded.offsets[2] == (7, 8)
    array = tokenizer.encode_to_array("hear me\nspeak\n")
    assert array.tolist() == [*encoded.ids, tokenizer.eos_id]
    assert tokenizer.decode(array) == "hear me\nspeak\n"


# --------------------------------------------------------------------------- the Penn Treebank


def test_ptb_whitespace_vocabulary(ptb_dir: Path) -> None:
    text = (ptb_dir / "ptb.train.txt").read_text()
    types = set(text.split())
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), text)
    specials = {"<unk>", "<bos>", "<eos>", "<pad>"}
    assert "<unk>" in types
    vocab = set(tokenizer.vocabulary())
    assert vocab == types | specials
    assert tokenizer.vocab_size == len(types) + len(specials - types)
    assert tokenizer.unk_id == tokenizer.token_to_id("<unk>")
    # every training token is known; the corpus's own <unk> is the unknown token
    ids = tokenizer.encode_to_array(text)
    lines = text.count("\n")
    assert ids.size == len(text.split()) + lines
    assert ids.dtype == np.uint16
    assert tokenizer.encode("the zyzzyva").ids == [tokenizer.token_to_id("the"), tokenizer.unk_id]


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize("kind", KINDS)
def test_saved_file_loads_in_tokenizers_with_identical_ids(
    tokenizers_by_kind: dict[str, StudioTokenizer], tmp_path: Path, kind: str
) -> None:
    tokenizer = tokenizers_by_kind[kind]
    path = tmp_path / "tokenizer.json"
    tokenizer.save(path)
    plain = Tokenizer.from_file(str(path))
    line = "Before we proceed any further, hear me speak. 床前明月光"
    assert plain.encode(line, add_special_tokens=False).ids == tokenizer.encode(line).ids
    if kind in LOSSLESS_KINDS:
        assert plain.encode(MIXED, add_special_tokens=False).ids == tokenizer.encode(MIXED).ids
    again = StudioTokenizer.load(path)
    assert again.kind == kind
    assert again.encode(MIXED).ids == tokenizer.encode(MIXED).ids
    assert infer_spec(plain).kind == kind


def test_loading_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "tokenizer.json"
    bad.write_text("{not json")
    with pytest.raises(TokenizerError, match="not a tokenizer file"):
        StudioTokenizer.load(bad)
    with pytest.raises(TokenizerError, match="not a tokenizer file"):
        StudioTokenizer.load(tmp_path / "missing.json")


# --------------------------------------------------------------------------- settings


def test_vocab_size_is_respected_and_automatic(shakespeare_train: str) -> None:
    small = train_tokenizer(TokenizerSpec(kind="bpe", vocab_size=500), shakespeare_train)
    assert small.vocab_size == 500
    auto = train_tokenizer(TokenizerSpec(kind="bytebpe"), shakespeare_train)
    assert auto.vocab_size == 1000
    capped = train_tokenizer(TokenizerSpec(kind="word", vocab_size=100), shakespeare_train)
    assert capped.vocab_size == 100


def test_bad_settings_are_refused() -> None:
    with pytest.raises(TokenizerError, match="not a tokenizer kind"):
        train_tokenizer(TokenizerSpec(kind="sentencepiece"), "abc")
    with pytest.raises(TokenizerError, match="between 260 and"):
        train_tokenizer(TokenizerSpec(kind="bytebpe", vocab_size=100), "abc")
    with pytest.raises(Exception, match="Vocabulary size must be"):
        train_tokenizer(TokenizerSpec(kind="bpe", vocab_size=-5), "abc")


def test_unigram_refuses_a_vocabulary_smaller_than_its_alphabet(tang_text: str) -> None:
    with pytest.raises(TokenizerError, match="vocabulary size must be between"):
        train_tokenizer(TokenizerSpec(kind="unigram", vocab_size=300), tang_text)
    auto = train_tokenizer(TokenizerSpec(kind="unigram"), tang_text)
    assert auto.unk_id not in auto.encode(tang_text[:500]).ids


def test_lowercase_and_min_frequency(shakespeare_train: str) -> None:
    lower = train_tokenizer(TokenizerSpec(kind="word", lowercase=True), shakespeare_train)
    assert lower.encode("HEAR Me").tokens == ["hear", "me"]
    assert not lower.lossless
    frequent = train_tokenizer(TokenizerSpec(kind="word", min_frequency=5), shakespeare_train)
    every = train_tokenizer(TokenizerSpec(kind="word"), shakespeare_train)
    assert frequent.vocab_size < every.vocab_size


def test_progress_and_cancel(shakespeare_train: str) -> None:
    seen: list[float | None] = []
    train_tokenizer(
        TokenizerSpec(kind="bpe", vocab_size=300),
        shakespeare_train,
        progress=lambda fraction, message: seen.append(fraction),
    )
    assert seen[0] == 0.0 and seen[-1] == 1.0
    numbers = [f for f in seen if f is not None]
    assert numbers == sorted(numbers)
    calls = {"n": 0}

    def cancel_soon() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    for kind in ("bpe", "word", "bytebpe"):
        calls["n"] = 0
        with pytest.raises(Cancelled):
            train_tokenizer(TokenizerSpec(kind=kind), shakespeare_train * 3, cancel=cancel_soon)


# --------------------------------------------------------------------------- statistics


def test_statistics(shakespeare_text: str) -> None:
    splits = split_corpus(shakespeare_text)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    stats = tokenizer.statistics(dict(splits.items()), top=5)
    assert stats.tokens_per_split["train"] == len(splits.train)  # one token per character
    assert stats.chars_per_token == 1.0
    assert stats.unk_rate == 0.0
    assert stats.roundtrip_ok
    assert stats.top_tokens[0] == (" ", splits.train.count(" "))
    assert stats.rank_frequency.sum() == len(splits.train)
    assert np.all(np.diff(stats.rank_frequency) <= 0)
    # 65 characters in the corpus and 4 special tokens: the vocabulary is what the Corpus
    # page's "different characters" counts, plus the special tokens
    assert tokenizer.vocab_size == len(set(splits.train)) + 4 == 69
    assert stats.unk_per_split == {"train": 0, "valid": 0, "test": 0}
    assert stats.unknown_sentence() == "No character of the validation text became <unk>."


def test_unk_rate_counts_unknown_words() -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), "a b c\na b\n")
    stats = tokenizer.statistics({"train": "a b c\n", "valid": "a x y z\n"})
    # valid: a x y z <eos> -> 3 unknown of 5
    assert stats.unk_rate == pytest.approx(3 / 5)


CHAR_SPECS = [
    TokenizerSpec(kind="char"),
    TokenizerSpec(kind="char", lowercase=True),
    TokenizerSpec(kind="char", vocab_size=44),  # 40 characters: many others <unk>
    TokenizerSpec(kind="char", byte_fallback=True),
    TokenizerSpec(kind="char", lowercase=True, byte_fallback=True),
    # 40 characters: many others spelled as bytes
    TokenizerSpec(kind="char", vocab_size=300, byte_fallback=True),
]
WITH_SPECIAL_TOKENS = st.lists(
    st.one_of(TRICKY, st.sampled_from(["<unk>", "<eos>", "<s>", "<pad>", "İ", "ΣΑΣ", "<"])),
    max_size=8,
).map("".join)


@pytest.mark.parametrize(
    "spec", CHAR_SPECS,
    ids=["plain", "lowercase", "small", "bytes", "bytes-lowercase", "bytes-small"],
)
def test_characters_are_encoded_by_table_as_the_library_does(
    shakespeare_train: str, spec: TokenizerSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Characters are looked up in a table rather than handed to the library token by token
    (a large text took several times its size there). The ids are the library's: special
    tokens, characters outside the vocabulary (<unk>, or spelled as bytes), lowercasing,
    and pieces cut anywhere (7 characters here) except through a special token."""
    import lmstudio_app.core.tokenization.tokenizer as tokenizer_module

    tokenizer = train_tokenizer(spec, shakespeare_train)
    monkeypatch.setattr(tokenizer_module, "CHARS_PER_BATCH", 7)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(WITH_SPECIAL_TOKENS)
    def same_ids(text: str) -> None:
        want = tokenizer.hf.encode(text, add_special_tokens=False).ids
        got = tokenizer.encode_to_array(text)
        assert got.dtype == tokenizer.id_dtype
        assert got.tolist() == want

    same_ids()


@pytest.mark.parametrize("kind", ["char", "char-bytes", "char-no-newline", "word"])
def test_lines_as_arrays_are_the_lines_encoded_one_by_one(
    tokenizers_by_kind: dict[str, StudioTokenizer], kind: str
) -> None:
    """`encode_lines_to_array` (characters: the lines joined and encoded by table, cut at
    the newlines) gives each line's ids as the library encodes it alone; also where a newline
    is <unk> like other unseen characters (a text with no newline)."""
    if kind == "char-bytes":
        tokenizer = train_tokenizer(TokenizerSpec(kind="char", byte_fallback=True), MIXED)
    elif kind == "char-no-newline":
        tokenizer = train_tokenizer(TokenizerSpec(kind="char"), "abc <unk>")
        assert tokenizer.token_to_id("\n") is None
    else:
        tokenizer = tokenizers_by_kind[kind]

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(WITH_SPECIAL_TOKENS.map(lambda t: t.replace("\n", " ")), max_size=6))
    def same(lines: list[str]) -> None:
        want = tokenizer.encode_lines(lines)
        ids, lengths = tokenizer.encode_lines_to_array(lines)
        assert ids.dtype == tokenizer.id_dtype and lengths.tolist() == [len(w) for w in want]
        assert ids.tolist() == [i for w in want for i in w]

    same()


@pytest.mark.parametrize("byte_fallback", [False, True], ids=["unk", "bytes"])
def test_characters_skip_the_library_and_come_before_the_byte_tokens(
    shakespeare_train: str, monkeypatch: pytest.MonkeyPatch, byte_fallback: bool
) -> None:
    """Known characters never reach the library's encoder, nor unseen ones that become
    <unk> or bytes, and the text's characters have ids below 256 (so n-gram counting keeps a
    long text in one byte a token)."""
    import lmstudio_app.core.tokenization.tokenizer as tokenizer_module

    spec = TokenizerSpec(kind="char", byte_fallback=byte_fallback)
    tokenizer = train_tokenizer(spec, shakespeare_train)
    text = shakespeare_train[:50_000] + "café ☃ 🙂\n" * 3
    want = tokenizer.hf.encode(text, add_special_tokens=False).ids

    def library_used(*args: object) -> None:
        raise AssertionError("the library encoded known characters")

    monkeypatch.setattr(tokenizer_module, "lossless_pieces", library_used)
    ids = tokenizer.encode_to_array(text)
    assert ids.tolist() == want
    if byte_fallback:
        assert ids[: len(shakespeare_train[:50_000])].max() < 256 < tokenizer.vocab_size
        assert tokenizer.token_to_id("<0x00>") > ids[:50_000].max()
    else:
        assert ids.max() < 256 and tokenizer.token_to_id("<0x00>") is None
        assert np.count_nonzero(ids == tokenizer.unk_id) == 3 * 3  # é, ☃, 🙂 three times


def test_encode_to_array_uses_int32_for_large_vocabularies() -> None:
    words = " ".join(f"w{i}" for i in range(70_000))
    tokenizer = train_tokenizer(TokenizerSpec(kind="whitespace"), words)
    array = tokenizer.encode_to_array(words)
    assert array.dtype == np.int32
    assert array.size == 70_001


def test_tokenizer_json_is_plain_json(
    tokenizers_by_kind: dict[str, StudioTokenizer], lossless_by_kind: dict[str, StudioTokenizer]
) -> None:
    data = json.loads(tokenizers_by_kind["char"].to_json())
    assert data["model"]["type"] == "BPE"
    assert data["model"]["byte_fallback"] is False
    assert json.loads(lossless_by_kind["char"].to_json())["model"]["byte_fallback"] is True
