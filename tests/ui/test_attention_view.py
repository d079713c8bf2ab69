"""The Generate page's attention view: a transformer's weights as colour over the text."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from lmstudio_app.core.attention import last_token_attention
from lmstudio_app.core.models.gpt import GPT, GPTRunModel, GPTSpec
from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui.pages.generate_page import GeneratePage
from lmstudio_app.ui.session import RunRecord, Session

TEXT = 'He said "to be or not to be" and she said "no".\n' * 10
SPEC = GPTSpec(layers=2, heads=3, embed_dim=12, context=24, dropout=0.0)


@pytest.fixture
def page(qtbot: QtBot) -> GeneratePage:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), TEXT)
    torch.manual_seed(0)
    module = GPT(tokenizer.vocab_size, SPEC)
    with torch.no_grad():  # larger weights: attention far from uniform, heads unlike
        for param in module.parameters():
            if param.dim() >= 2:
                param.mul_(20)
    model = GPTRunModel(module.eval(), tokenizer)
    session = Session()
    ngram = train_ngram(NGramSpec(order=2), tokenizer, TEXT)
    session.add_run(RunRecord("bigram", None, "ngram", {}, {}))
    record = RunRecord("transformer", None, "gpt", {}, {})
    session.add_run(record)
    session.select_run(record, model, tokenizer)
    page = GeneratePage(session)
    page.ngram = ngram  # type: ignore[attr-defined]
    qtbot.addWidget(page)
    page.form.set_value(dataclasses.replace(page.spec(), max_tokens=30, stop="none"))
    page.resize(1000, 900)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_after_a_step_each_head_shares_out_all_of_the_attention(
    qtbot: QtBot, page: GeneratePage
) -> None:
    view = page.attention_view
    assert view.isVisible()
    assert view.attention() is None
    page.prompt.setText('He said "to')
    page.step()
    attention = view.attention()
    assert attention is not None
    writer = page.writers[0]
    window = (writer.model.start_id, *writer.context())[-SPEC.context :]
    assert attention.window == window  # the prompt and the new token, itself last
    expected = last_token_attention(writer.model, writer.context())
    assert np.allclose(attention.weights, expected.weights)
    # the choices: every layer, the average and every head
    assert view.layer_combo.accessibleName() == "Attention layer"
    assert view.head_combo.accessibleName() == "Attention head"
    assert view.layer_combo.count() == SPEC.layers
    assert view.head_combo.count() == SPEC.heads + 1
    assert view.layer() == SPEC.layers - 1 and view.head() is None  # last layer, average
    seen = []
    for layer in range(SPEC.layers):
        view.layer_combo.setCurrentIndex(layer)
        for choice in range(view.head_combo.count()):
            view.head_combo.setCurrentIndex(choice)
            shown = view.shown_weights()
            assert shown.shape == (len(window),)
            assert shown.sum() == pytest.approx(1.0, abs=1e-6)
            seen.append(shown)
        # what hovering shows: each head's share of every token, adding up to 1 per head
        per_head = np.array([view.head_weights(i) for i in range(len(window))])
        assert per_head.shape == (len(window), SPEC.heads)
        assert np.allclose(per_head.sum(axis=0), 1.0, atol=1e-6)
    # another layer or head shows other weights
    assert len({tuple(np.round(w, 6)) for w in seen}) == len(seen)
    # the model itself never recorded: only the view's copy did
    assert writer.model.record_attention is False


def test_the_shades_and_the_tooltip_tell_the_weights(qtbot: QtBot, page: GeneratePage) -> None:
    view = page.attention_view
    page.prompt.setText('said "no')
    page.step()
    view.head_combo.setCurrentIndex(2)  # head 2
    shown = view.shown_weights()
    text = view.text
    assert len(text.starts) == len(shown)

    def lightness(index: int) -> int:
        cursor = QTextCursor(text.document())
        cursor.setPosition(text.starts[index] + 1)
        return cursor.charFormat().background().color().lightness()

    strongest, weakest = int(np.argmax(shown)), int(np.argmin(shown))
    assert lightness(strongest) < lightness(weakest)  # darker: more attention
    tooltip = view.tooltip_text(strongest)
    for head in range(SPEC.heads):
        share = view.head_weights(strongest)[head]
        percent = view.locale().toString(100.0 * share, "f", 1)
        assert f"Head {head + 1}: {percent} %" in tooltip
    # the token under the mouse is the one the tooltip is about
    cursor = QTextCursor(text.document())
    cursor.setPosition(text.starts[strongest])
    rect = text.cursorRect(cursor)
    assert text.token_index_at(QPoint(rect.x() + 2, rect.center().y())) == strongest
    assert "looked most at" in view.caption.text()


def test_generating_follows_the_last_token_and_other_models_hide_the_view(
    qtbot: QtBot, page: GeneratePage
) -> None:
    view = page.attention_view
    page.prompt.setText("He")
    page.generate()
    qtbot.waitUntil(lambda: not page.pump.is_running(), timeout=20_000)
    qtbot.waitUntil(lambda: view.attention() is not None, timeout=5_000)
    writer = page.writers[0]
    assert len(writer.ids) == 30
    assert view.attention().window[-1] == writer.ids[-1]
    # a model without attention: no view
    tokenizer = writer.tokenizer
    page.session.select_run(page.session.runs[0], page.ngram, tokenizer)
    assert view.isHidden() and view.attention() is None
