"""What the program does with a text read onto disk (`corpus.spill`) equals what it does with
the same text in memory: `train` (a network: the same losses; an n-gram: the same
perplexities), the tokenizer's statistics, a guessing passage; the copy check says in a
sentence that it needs a text in memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.corpus import load_corpus, spill, split_corpus
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.guessing import choose_passage
from lmstudio_app.core.memorisation import training_text_of_splits
from lmstudio_app.core.runs import read_metrics
from lmstudio_app.core.tokenization import TokenizerSpec
from lmstudio_app.core.tokenization.job import build_and_measure

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    lines = (REPO / "resources/corpora/tinyshakespeare.txt").read_text("utf-8").splitlines()
    path = tmp_path / "plays.txt"
    path.write_text("\n".join(lines[:6000]) + "\n", encoding="utf-8")
    return path


def _spill_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "STREAM_BYTES", 0)
    monkeypatch.setattr(spill, "PIECE_CHARS", 20_000)


def _train(capsys: pytest.CaptureFixture, out: Path, *argv: str) -> dict:
    assert main(["train", *argv, "--out", str(out), "--json"]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "argv",
    [  # byte-level BPE: its trainer, unlike BPE's, breaks ties the same way every time
        ("--model", "lstm", "--tokenizer", "bytebpe", "--vocab-size", "300", "--preset", "tiny",
         "--max-steps", "12", "--eval-every", "6", "--seed", "3"),
        ("--model", "ngram", "--tokenizer", "word", "--order", "3"),
    ],
    ids=["lstm", "ngram"],
)
def test_train_on_a_spilled_text_equals_train_in_memory(
    tmp_path: Path, text_file: Path, capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...],
) -> None:
    in_memory = _train(capsys, tmp_path / "memory", str(text_file), *argv)
    _spill_everything(monkeypatch)
    on_disk = _train(capsys, tmp_path / "disk", str(text_file), *argv)
    if "ngram" in argv:
        for name in ("ngrams", "train_tokens", "valid_tokens", "test_tokens"):
            assert on_disk[name] == in_memory[name]
        for name in ("valid_perplexity", "test_perplexity"):
            assert on_disk[name] == pytest.approx(in_memory[name], rel=1e-9)
        return
    losses = [
        [record["loss"] for record in read_metrics(tmp_path / folder) if "loss" in record]
        for folder in ("memory", "disk")
    ]
    assert losses[0] and losses[1] == pytest.approx(losses[0], rel=1e-6)


def test_the_tokenizer_job_measures_a_spilled_text_as_one_in_memory(
    text_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = TokenizerSpec(kind="char")
    memory = dict(split_corpus(load_corpus(text_file)).items())
    _spill_everything(monkeypatch)
    disk = dict(split_corpus(load_corpus(text_file)).items())
    assert not isinstance(disk["train"], str)
    _, expected = build_and_measure(spec, memory)
    _, measured = build_and_measure(spec, disk)
    assert measured.tokens_per_split == expected.tokens_per_split
    assert measured.chars_per_split == expected.chars_per_split
    assert measured.top_tokens == expected.top_tokens
    assert measured.unk_per_split == expected.unk_per_split
    assert measured.roundtrip_ok and measured.roundtrip_fidelity == expected.roundtrip_fidelity


def test_the_copy_check_says_it_needs_a_text_in_memory_and_a_passage_comes_from_disk(
    text_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lmstudio_app.core.tokenization import train_tokenizer

    _spill_everything(monkeypatch)
    splits = split_corpus(load_corpus(text_file))
    with pytest.raises(StudioError) as caught:
        training_text_of_splits(splits)
    assert caught.value.code == "copies_text_too_large"
    assert "too large" in str(caught.value.message)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    passage = choose_passage(splits.valid, tokenizer, 20, seed=1)
    assert passage.units and passage.text in str(splits.valid)



def test_an_ngram_counts_a_spilled_text_from_ids_on_disk(
    text_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from lmstudio_app.core.models.ngram.encoding import layout_of_text
    from lmstudio_app.core.models.ngram.spec import SpecialIds
    from lmstudio_app.core.tokenization import train_tokenizer

    memory = split_corpus(load_corpus(text_file))
    _spill_everything(monkeypatch)
    disk = split_corpus(load_corpus(text_file))
    tokenizer = train_tokenizer(TokenizerSpec(kind="word"), memory.train)
    special, in_vocab = SpecialIds.of(tokenizer), np.ones(tokenizer.vocab_size, dtype=bool)
    expected = layout_of_text(tokenizer, memory.train, False, in_vocab, special)
    mapped = layout_of_text(tokenizer, disk.train, False, in_vocab, special)
    assert isinstance(mapped.seq, np.memmap) and not isinstance(expected.seq, np.memmap)
    assert np.array_equal(mapped.seq, expected.seq)
