"""Byte-level BPE tokens are shown as the text they stand for, or their bytes in hexadecimal,
never as GPT-2's look-alike letters ("ä½"); kinds have friendly names."""

from __future__ import annotations

import re

from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.core.tokenization.display import (
    KIND_NAMES,
    bytes_as_text,
    kind_name,
    readable_token,
)
from lmstudio_app.core.tokenization.spec import KINDS


def test_bytes_make_characters_where_they_can() -> None:
    assert bytes_as_text("你好".encode()) == "你好"
    assert bytes_as_text("你".encode()[:2]) == "<E4 BD>"
    assert bytes_as_text("a你".encode() + "好".encode()[:1]) == "a你<E5>"
    assert bytes_as_text(b"\xa0\xbd") == "<A0 BD>"  # continuation bytes alone


def test_byte_level_tokens_of_chinese_read_as_bytes_or_characters() -> None:
    text = "关关雎鸠，在河之洲。窈窕淑女，君子好逑。\n" * 40 + "the cat sat on the mat\n" * 40
    tokenizer = train_tokenizer(TokenizerSpec(kind="bytebpe", vocab_size=300), text)
    encoded = tokenizer.encode("雎鸠 the cat")
    shown = [readable_token(token, "bytebpe") for token in encoded.tokens]
    for token in shown:  # a piece of the text, or loose bytes: no look-alike letters
        assert token in "雎鸠 the cat" or re.fullmatch(r"(.*)<[0-9A-F]{2}( [0-9A-F]{2})*>", token)
        assert not any("\u00c0" <= char <= "\u00ff" for char in token), shown
    assert readable_token("Ġthe", "bytebpe") == " the"
    assert readable_token("ä½ł", "bytebpe") == "你"
    assert readable_token("ä½", "bytebpe") == "<E4 BD>"
    assert readable_token("<eos>", "bytebpe") == "<eos>"
    assert readable_token("ä½", "bpe") == "ä½"  # other kinds keep their tokens


def test_every_kind_has_a_friendly_name() -> None:
    assert set(KIND_NAMES) == set(KINDS)
    assert kind_name("bytebpe") == "Byte-level BPE"
    assert kind_name("something new") == "something new"
