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
        {"kind": "char", "vocab_size": 8},  # too small for its kind: core refuses it too
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
