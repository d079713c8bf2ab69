"""The Tokenizer page refuses a spec by core's own rule, with core's own sentence."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from lmstudio_app.core.errors import TokenizerError
from lmstudio_app.core.tokenization import TokenizerSpec, check_spec
from lmstudio_app.core.tokenization.spec import MAX_SPECIAL_TOKEN_CHARS
from lmstudio_app.ui.pages.tokenizer_page import TokenizerPage
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core


@pytest.mark.parametrize(
    "tokens",
    [
        {"unk_token": "u" * (MAX_SPECIAL_TOKEN_CHARS + 1)},  # too long
        {"bos_token": "two words"},
        {"eos_token": ""},
        {"pad_token": "<unk>"},  # the same as another
        {"unk_token": "u" * MAX_SPECIAL_TOKEN_CHARS},  # the longest that works
        {"bos_token": "<s>", "eos_token": "</s>"},
        {"kind": "char", "vocab_size": 8},  # the four special tokens and four characters
        # too small for its kind (the 256 byte tokens): core refuses it too
        {"kind": "char", "vocab_size": 8, "byte_fallback": True},
    ],
)
def test_the_page_refuses_what_core_refuses_with_its_sentence(
    qtbot: QtBot, tokens: dict
) -> None:
    page = TokenizerPage(Session())  # no text chosen: a spec that passes asks for one
    qtbot.addWidget(page)
    spec = dataclasses.replace(TokenizerSpec(), **tokens)
    page.set_spec(spec)
    assert page.spec() == spec
    page.build()
    assert not page.builder.is_running()
    try:
        check_spec(spec)
    except TokenizerError as error:
        assert page.error.text() == translate_core(error.message)
    else:
        assert page.error.text() == "Choose a text on the Corpus page first."


def test_the_page_says_how_many_characters_became_unk_and_which(qtbot: QtBot) -> None:
    from lmstudio_app.core.tokenization import train_tokenizer

    page = TokenizerPage(Session())
    qtbot.addWidget(page)
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), "the cat sat\n")
    stats = tokenizer.statistics({"train": "the cat sat\n", "valid": "the café\n"})
    page._show(tokenizer, stats)
    shown = page.stat_labels["unk"].text()
    assert shown.startswith("22.22%")  # 2 of 9 validation tokens
    assert "2 characters of the validation text became <unk>" in shown and "é×1" in shown
    assert page.stat_labels["vocab"].text() == str(len(set("the cat sat\n")) + 4)
