"""`lmstudio-app tokenize --text`: the ids, token strings and offsets of a text, and <unk>."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lmstudio_app.cli import main
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.tokenization.ids import ids_layout, text_ids, unk_share


def test_tokenize_text_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text("the cat sat on the mat\nthe dog sat\n" * 20, encoding="utf-8")
    text = "the cat sat on a zebra\nthe dog"
    argv = ["tokenize", str(corpus), "--tokenizer", "word", "--text", text, "--json"]
    assert main(argv) == 0
    encoded = json.loads(capsys.readouterr().out)["encoded"]
    # the same as the tokenizer the window builds, from the same core function
    tokenizer = train_tokenizer(TokenizerSpec(kind="word"), corpus.read_text("utf-8"))
    assert encoded["ids"] == tokenizer.encode(text).ids
    assert encoded["tokens"] == tokenizer.encode(text).tokens
    for token, (start, end), token_id in zip(
        encoded["tokens"], encoded["offsets"], encoded["ids"], strict=True
    ):
        if token_id == tokenizer.unk_id:
            assert text[start:end] in {"a", "zebra"}  # the words it replaces
        elif token != tokenizer.spec.eos_token:
            assert text[start:end] == token
    # "a" and "zebra" are unknown: 6 of the 30 characters
    assert encoded["unk_tokens"] == 2
    assert encoded["unk_char_share"] == pytest.approx(6 / len(text))
    assert main(argv[:-1]) == 0  # and in words
    out = capsys.readouterr().out
    assert "<unk>: 2 tokens" in out


def test_ids_layout_and_unk_share() -> None:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), "abc\nab")
    result = text_ids(tokenizer, "abz\nb")
    shown, spans = ids_layout(result["text"], result["ids"], result["offsets"])
    assert [shown[a:b] for a, b in spans] == [str(i) for i in result["ids"]]
    assert shown.count("\n") == 1  # lines stay lines
    assert unk_share("abz\nb", result["ids"], result["offsets"], tokenizer.unk_id) == (1, 0.2)
