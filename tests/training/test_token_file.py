"""Token-id files: written atomically, reused, refused when they are not this text's or are
cut short, and training and n-gram counting from one equal the same from memory."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import numpy as np
import pytest

import lmstudio_app.core.models.ngram.counting as counting
from lmstudio_app.core import token_file
from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import encode_splits
from lmstudio_app.core.errors import Cancelled
from lmstudio_app.core.models.ngram import sizes
from lmstudio_app.core.models.ngram.layout import Layout, layout_stream
from lmstudio_app.core.models.ngram.spec import SpecialIds
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.token_file import (
    TokenFileError,
    cached_token_data,
    open_token_file,
    text_fingerprint,
    write_token_file,
)
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.training import EvalEvent, FinishedEvent, StepEvent, Trainer, create_run

MODEL = ModelSpec(family="lstm", embed_dim=8, hidden_size=16, layers=1, dropout=0.0)
TRAIN = TrainSpec(
    seq_len=16,
    batch_size=4,
    lr=5e-3,
    max_steps=12,
    max_minutes=0,
    eval_every=6,
    warmup_steps=0,
    threads=1,
    device="cpu",
    sample_tokens=0,
    checkpoint_every=0,
    eval_tokens=600,
)


@pytest.fixture(scope="module")
def splits(shakespeare_text: str):
    return split_corpus(shakespeare_text[:30_000], (0.8, 0.1, 0.1))


@pytest.fixture(scope="module", params=["char", "bpe"])
def tokenizer(request, splits):
    spec = TokenizerSpec(kind=request.param)
    if request.param == "bpe":
        spec = dataclasses.replace(spec, vocab_size=300)
    return train_tokenizer(spec, splits.train)


def prints(splits) -> dict[str, str]:
    return {name: text_fingerprint(text) for name, text in splits.items()}


def test_written_ids_are_the_ids_in_memory(tmp_path: Path, tokenizer, splits) -> None:
    header = write_token_file(tmp_path / "a.ids", tokenizer, splits)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ids", "a.json"]  # no temporaries
    data = open_token_file(header, tokenizer, prints(splits))
    memory = encode_splits(tokenizer, splits)
    for name in ("train", "valid", "test"):
        array = getattr(data, name)
        assert isinstance(array, np.memmap) and not array.flags.writeable
        assert np.array_equal(array, getattr(memory, name))
    assert data.chars == memory.chars
    # The narrowest type: characters of one text fit a byte, 300 BPE ids need two.
    assert data.train.dtype == (np.uint8 if tokenizer.kind == "char" else np.uint16)


def test_the_cache_reuses_its_file(tmp_path: Path, tokenizer, splits) -> None:
    first = cached_token_data(tokenizer, splits, folder=tmp_path)
    (ids_file,) = tmp_path.glob("*.ids")
    stamp = ids_file.stat().st_mtime_ns
    os.utime(ids_file, ns=(stamp - 10**9, stamp - 10**9))
    second = cached_token_data(tokenizer, splits, folder=tmp_path)
    assert ids_file.stat().st_mtime_ns == stamp - 10**9  # read, not written again
    assert np.array_equal(first.train, second.train)
    # Another text, another file beside it.
    other = split_corpus("another text\n" * 200, (0.8, 0.1, 0.1))
    cached_token_data(tokenizer, other, folder=tmp_path)
    assert len(list(tmp_path.glob("*.ids"))) == 2


def test_another_tokenizer_or_text_is_refused(tmp_path: Path, splits) -> None:
    chars = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    header = write_token_file(tmp_path / "a.ids", chars, splits)
    other = train_tokenizer(TokenizerSpec(kind="char"), splits.train + "Ω")
    with pytest.raises(TokenFileError, match="made by another tokenizer"):
        open_token_file(header, other)
    changed = dict(prints(splits), test=text_fingerprint("something else"))
    with pytest.raises(TokenFileError, match="made from another text"):
        open_token_file(header, chars, changed)


def test_a_file_cut_short_is_refused_and_made_again(tmp_path: Path, splits) -> None:
    chars = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    expected = cached_token_data(chars, splits, folder=tmp_path)
    (ids_file,) = tmp_path.glob("*.ids")
    size = ids_file.stat().st_size
    del expected  # the map is closed before the file is cut
    with open(ids_file, "r+b") as stream:
        stream.truncate(size - 7)
    with pytest.raises(TokenFileError, match=r"cut short or damaged.*header says") as info:
        open_token_file(ids_file, chars)
    assert str(info.value).count(".") >= 1 and "\n" not in str(info.value)
    again = cached_token_data(chars, splits, folder=tmp_path)
    assert ids_file.stat().st_size == size
    assert np.array_equal(again.train, chars.encode_to_array(splits.train))


def test_a_cancelled_write_leaves_nothing(tmp_path: Path, splits) -> None:
    chars = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        write_token_file(tmp_path / "a.ids", chars, splits, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_large_texts_go_through_the_cache(monkeypatch, tmp_path: Path, splits) -> None:
    chars = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    monkeypatch.setattr(token_file, "MIN_FILE_CHARS", 0)
    monkeypatch.setattr(token_file, "token_cache_dir", lambda: tmp_path)
    data = encode_splits(chars, splits)
    assert isinstance(data.train, np.memmap) and len(list(tmp_path.glob("*.ids"))) == 1


def losses(data, tokenizer, batching: str, folder: Path) -> list[tuple[str, float]]:
    spec = dataclasses.replace(TRAIN, batching=batching)
    create_run(folder, MODEL, spec, tokenizer, {"name": "test"})
    events = list(Trainer(MODEL, spec, tokenizer, data, folder).run())
    assert isinstance(events[-1], FinishedEvent), events[-1]
    return [
        ("step", e.loss) if isinstance(e, StepEvent) else ("eval", e.valid_loss)
        for e in events
        if isinstance(e, StepEvent | EvalEvent)
    ]


@pytest.mark.parametrize("batching", ["contiguous", "random"])
def test_training_from_the_file_equals_training_from_memory(
    tmp_path: Path, splits, batching: str
) -> None:
    chars = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    header = write_token_file(tmp_path / "ids" / "a.ids", chars, splits)
    mapped = open_token_file(header, chars, prints(splits))
    memory = encode_splits(chars, splits)
    from_file = losses(mapped, chars, batching, tmp_path / "file")
    from_memory = losses(memory, chars, batching, tmp_path / "memory")
    assert len([k for k, _ in from_file if k == "step"]) == TRAIN.max_steps
    assert any(k == "eval" for k, _ in from_file)  # evaluations read the file too
    assert from_file == from_memory  # the same numbers, not close ones


def test_ngram_counts_from_a_file_equal_counts_in_memory(
    monkeypatch, tmp_path: Path, splits
) -> None:
    chars = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    special = SpecialIds.of(chars)
    memory = layout_stream(chars.encode_to_array(splits.train), special)
    path = tmp_path / "layout.ids"
    memory.seq.tofile(path)
    mapped = Layout(np.memmap(path, dtype=memory.seq.dtype, mode="r"), None, 1)
    # Small chunks, so that the file is read a chunk at a time, as a large text is.
    monkeypatch.setattr(sizes, "WHOLE_POSITIONS", 1000)
    monkeypatch.setattr(sizes, "COUNT_CHUNK", 4096)
    args = (3, chars.vocab_size, special.bos)
    for expected, got in zip(
        counting.count_ngrams(memory, *args), counting.count_ngrams(mapped, *args), strict=True
    ):
        assert np.array_equal(expected.keys, got.keys)
        assert np.array_equal(expected.counts, got.counts)


def test_fingerprints_hashed_in_pieces_are_those_of_the_whole(monkeypatch) -> None:
    import hashlib

    monkeypatch.setattr(token_file, "HASH_CHARS", 7)
    text = "abc𠀀def\ud800ghi漢字" * 5  # an astral character and a lone surrogate across pieces
    whole = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    assert text_fingerprint(text) == whole


def test_the_cache_lets_the_files_used_longest_ago_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, splits
) -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    texts = [split_corpus(f"text number {n}\n" * 400, (0.8, 0.1, 0.1)) for n in range(3)]

    def ids_file(text) -> Path:
        key = token_file.cache_key(token_file.tokenizer_fingerprint(tokenizer), prints(text))
        return tmp_path / f"{key}.ids"

    now = time.time()
    for age, text in zip((300, 200, 100), texts, strict=True):  # written this long ago
        cached_token_data(tokenizer, text, folder=tmp_path)
        for path in (ids_file(text), ids_file(text).with_suffix(".json")):
            os.utime(path, (now - age, now - age))
    size = ids_file(texts[0]).stat().st_size
    cached_token_data(tokenizer, texts[0], folder=tmp_path)  # the oldest, read again: used now
    monkeypatch.setattr(token_file, "CACHE_BYTES", 2 * size)
    fourth = split_corpus("a fourth text\n" * 400, (0.8, 0.1, 0.1))
    cached_token_data(tokenizer, fourth, folder=tmp_path)
    # Room for two: the two used longest ago went, the one read again and the new one stay.
    assert set(tmp_path.glob("*.ids")) == {ids_file(texts[0]), ids_file(fourth)}
    assert {p.stem for p in tmp_path.glob("*.json")} == {p.stem for p in tmp_path.glob("*.ids")}
