"""The character tokenizer's vocabulary: the text's characters and the special tokens;
unseen characters become <unk> (counted, named), or with byte fallback are spelled as bytes
that never show as "�"."""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmstudio_app.cli import main
from lmstudio_app.core.config import spec_fields
from lmstudio_app.core.corpus import Corpus, split_corpus
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import (
    BYTE_TOKENS,
    StudioTokenizer,
    TokenizerSpec,
    check_spec,
    infer_spec,
    train_tokenizer,
)
from lmstudio_app.core.tokenization.byte_text import bytes_text

V1_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "runs_v1"


def test_the_vocabulary_is_the_texts_characters_and_the_special_tokens() -> None:
    """Tiny Shakespeare: 65 characters, 4 special tokens, no byte tokens (it was 325). The
    Learn panel's promise: the Corpus page's "different characters" plus the specials."""
    corpus = load_sample("shakespeare")
    splits = split_corpus(corpus.text)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    assert Corpus(splits.train, "train").stats.num_distinct_chars == 65
    assert tokenizer.vocab_size == 65 + 4 == 69
    assert all(tokenizer.token_to_id(token) is None for token in BYTE_TOKENS)
    assert not tokenizer.lossless and tokenizer.spec.byte_fallback is False


def test_unseen_characters_become_unk_counted_and_named() -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), "the cat sat\n")
    encoded = tokenizer.encode("the café ☃")
    assert encoded.tokens == ["t", "h", "e", " ", "c", "a", "<unk>", "<unk>", " ", "<unk>"]
    assert tokenizer.decode(encoded.ids) == "the ca<unk><unk> <unk>"
    stats = tokenizer.statistics({"train": "the cat sat\n", "valid": "café ☃ ☃\n"})
    assert stats.unk_per_split == {"train": 0, "valid": 4}
    assert stats.unknown_chars == [("☃", 2), ("f", 1), ("é", 1)]
    assert stats.unknown_sentence() == (
        "4 characters of the validation text became <unk> (the training text does not have "
        "them): ☃×2 f×1 é×1"
    )
    # a space or a control character is named by its code, not shown as a blank or a box
    spaced = train_tokenizer(TokenizerSpec(kind="char"), "ab")
    stats = spaced.statistics({"train": "ab", "valid": "a\tb\x07"})
    assert stats.unknown_sentence().endswith(": U+0007×1 U+0009×1")


def test_words_count_their_unk_tokens_in_words() -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind="word"), "the cat sat\n")
    stats = tokenizer.statistics({"train": "the cat sat\n", "valid": "the dog ran\n"})
    assert stats.unk_per_split["valid"] == 2 and stats.unknown_chars == []
    assert stats.unknown_sentence() == "2 tokens of the validation text are <unk>."


def test_byte_fallback_is_a_setting_of_the_spec_and_a_flag() -> None:
    (info,) = [f for f in spec_fields(TokenizerSpec) if f.name == "byte_fallback"]
    assert info.label == "Spell unseen characters as bytes" and info.default is False
    assert "<unk>" in info.help and "hex" in info.help
    spelled = train_tokenizer(TokenizerSpec(kind="char", byte_fallback=True), "the cat sat\n")
    assert spelled.vocab_size == 4 + 8 + 256 and spelled.lossless
    assert spelled.decode(spelled.encode("café ☃").ids) == "café ☃"
    # the smallest vocabulary follows: 256 byte tokens only when they are asked for
    check_spec(TokenizerSpec(kind="char", vocab_size=8))
    with pytest.raises(Exception, match="between 261 and"):
        check_spec(TokenizerSpec(kind="char", vocab_size=100, byte_fallback=True))


def test_tokenize_cli_counts_unk_and_takes_the_byte_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "text.txt"
    text.write_text("the cat sat on the mat\n" * 40 + "ça été\n", encoding="utf-8")
    assert main(["tokenize", str(text), "--tokenizer", "char", "--split", "0.9,0.1,0",
                 "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["vocab_size"] == len(set("the cat sat on the mat\n")) + 4
    assert plain["unk_per_split"]["valid"] == 3 and not plain["lossless"]
    assert ["é", 2] in plain["unknown_characters"]
    assert main(["tokenize", str(text), "--tokenizer", "char", "--byte-fallback",
                 "--split", "0.9,0.1,0", "--json"]) == 0
    spelled = json.loads(capsys.readouterr().out)
    assert spelled["vocab_size"] == plain["vocab_size"] + 256
    assert spelled["unk_per_split"]["valid"] == 0 and spelled["lossless"]
    assert main(["tokenize", str(text), "--tokenizer", "char", "--split", "0.9,0.1,0"]) == 0
    assert "3 characters of the validation text became <unk>" in capsys.readouterr().out


# --------------------------------------------------------------------------- bytes, never "�"


@pytest.fixture(scope="module")
def spelled() -> StudioTokenizer:
    return train_tokenizer(TokenizerSpec(kind="char", byte_fallback=True), "abc\n")


def test_bytes_that_form_no_character_are_shown_as_hex(spelled: StudioTokenizer) -> None:
    byte = {value: spelled.token_to_id(token) for value, token in enumerate(BYTE_TOKENS)}
    a = spelled.token_to_id("a")
    assert spelled.decode([byte[0xE4], a, byte[0xB8]]) == "<0xE4>a<0xB8>"
    assert spelled.display_token(byte[0xE4]) == "<0xE4>"
    assert spelled.display_token(byte[0x41]) == "A"  # a byte that is a character on its own
    # a character being written: its first bytes wait for the rest, then it appears whole
    zhong = [byte[b] for b in "中".encode()]
    assert [spelled.decode([a, *zhong[:k]], partial=True) for k in range(4)] == \
        ["a", "a", "a", "a中"]
    assert spelled.decode([a, *zhong[:2]]) == "a<0xE4><0xB8>"  # at the end: hex


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 255), max_size=12), st.booleans())
def test_no_byte_sequence_ever_decodes_to_a_replacement_character(
    spelled: StudioTokenizer, values: list[int], partial: bool
) -> None:
    ids = [spelled.token_to_id(BYTE_TOKENS[value]) for value in values]
    text = spelled.decode(ids, partial=partial)
    assert "\ufffd" not in text
    # and written a token at a time, the text only grows: nothing shown is taken back
    shown = [spelled.decode(ids[:k], partial=True) for k in range(len(ids) + 1)]
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(shown))
    # what is valid UTF-8 reads as UTF-8
    data = bytes(values)
    with contextlib.suppress(UnicodeDecodeError):
        assert bytes_text(data) == data.decode("utf-8")


# --------------------------------------------------------------------------- older tokenizers


@pytest.mark.parametrize("name", ["lstm-plays", "gru-names", "rnn-window", "ngram-names"])
def test_a_version_1_char_tokenizer_is_read_as_it_is(name: str) -> None:
    """Made when every char tokenizer had the 256 byte tokens: it keeps them (its vocabulary
    size, its ids), and says so in its spec, whatever run.json's spec says."""
    path = V1_FIXTURES / name / "tokenizer.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    recorded = json.loads((V1_FIXTURES / name / "run.json").read_text(encoding="utf-8"))
    spec = TokenizerSpec(**recorded["tokenizer"])
    assert spec.byte_fallback is False  # run.json predates the setting
    tokenizer = StudioTokenizer.load(path, spec)
    assert tokenizer.vocab_size == len(data["model"]["vocab"]) + len(
        [t for t in data["added_tokens"] if t["content"] not in data["model"]["vocab"]]
    )
    assert tokenizer.token_to_id("<0xE4>") is not None
    assert tokenizer.spec == dataclasses.replace(spec, byte_fallback=True)
    assert infer_spec(tokenizer.hf).byte_fallback is True and tokenizer.lossless
    text = "Café 中文 🙂\nnew line"
    want = tokenizer.hf.encode(text, add_special_tokens=False).ids
    assert tokenizer.encode_to_array(text).tolist() == want == tokenizer.encode(text).ids
    assert tokenizer.decode(want) == text
    assert np.all(tokenizer.encode_to_array("zzz") >= 0)
