"""Generate goes on from the text so far, hand-picked tokens included, and leaves the keyboard
focus where it was (it used to start from the prompt again and land in "Length")."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui.pages.generate_page import GeneratePage
from lmstudio_app.ui.session import RunRecord, Session

TEXT = "the cat sat on the mat. the dog sat on the log. " * 20


@pytest.fixture
def page(qtbot: QtBot) -> GeneratePage:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), TEXT)
    model = train_ngram(NGramSpec(order=2), tokenizer, TEXT)
    session = Session()
    record = RunRecord("bigram", None, "ngram", {}, {})
    session.add_run(record)
    session.select_run(record, model, tokenizer)
    page = GeneratePage(session)
    qtbot.addWidget(page)
    page.form.set_value(dataclasses.replace(page.spec(), max_tokens=12))
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    return page


def test_generate_goes_on_from_a_picked_token(qtbot: QtBot, page: GeneratePage) -> None:
    page.prompt.setText("the ")
    page.step()
    tokenizer = page.writers[0].tokenizer
    picked = tokenizer.token_to_id("g")
    assert picked is not None
    page.choose(picked)
    so_far = list(page.writers[0].ids)
    assert so_far[-1] == picked
    page.generate()
    qtbot.waitUntil(lambda: not page.pump.is_running(), timeout=10_000)
    ids = page.writers[0].ids
    assert ids[: len(so_far)] == so_far
    assert len(ids) == len(so_far) + 12
    assert page.text.toPlainText().startswith("the " + tokenizer.decode(so_far))

    # A prompt edited since then starts a new text; Start again goes back to the prompt.
    page.prompt.setText("the dog")
    page.generate()
    qtbot.waitUntil(lambda: not page.pump.is_running(), timeout=10_000)
    assert len(page.writers[0].ids) == 12
    page.restart()
    assert page.writers[0].ids == []


def test_the_focus_stays_on_generate(qtbot: QtBot, page: GeneratePage) -> None:
    page.generate_button.setFocus()
    qtbot.waitUntil(page.generate_button.hasFocus, timeout=5_000)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.pump.is_running(), timeout=10_000)
    qtbot.wait(50)
    assert QApplication.focusWidget() is page.generate_button
