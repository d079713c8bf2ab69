"""The Tokenizer page's "Show ids" switch, the id column of the top tokens, and <unk>
marked where it replaces a word, with the share of text it covers."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QTableWidget
from pytestqt.qtbot import QtBot

from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui.pages.tokenizer_page import TokenizerPage
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.widgets.token_view import TokenView

TRAIN = "the cat sat on the mat\nthe dog sat\n" * 5


def shown_page(qtbot: QtBot) -> tuple[TokenizerPage, object]:
    page = TokenizerPage(Session())
    qtbot.addWidget(page)
    tokenizer = train_tokenizer(TokenizerSpec(kind="word"), TRAIN)
    page._show(tokenizer, tokenizer.statistics({"train": TRAIN, "valid": "the cat\n"}))
    return page, tokenizer


def test_show_ids_writes_each_token_as_its_id(qtbot: QtBot) -> None:
    page, tokenizer = shown_page(qtbot)
    text = "the cat sat on a zebra\nthe dog"
    page.playground.set_text(text)
    switch = next(box for box in page.findChildren(QCheckBox) if box.accessibleName() == "Show ids")
    view = next(v for v in page.findChildren(TokenView) if v.accessibleName() == "Token view")
    assert view.text() == text
    switch.setChecked(True)
    ids = tokenizer.encode(text).ids
    assert view.shows_ids()
    assert view.text().split() == [str(i) for i in ids]
    assert view.text().count("\n") == 1  # the line break stays one
    # hovering an id still names its token
    assert view.tooltip_at(0) == f'id {ids[0]} · "the"'
    switch.setChecked(False)
    assert view.text() == text


def test_top_tokens_have_an_id_column_and_unk_is_counted(qtbot: QtBot) -> None:
    page, tokenizer = shown_page(qtbot)
    table = next(t for t in page.findChildren(QTableWidget) if t.accessibleName() == "Top tokens")
    assert table.horizontalHeaderItem(1).text() == "Id"
    for row in range(table.rowCount()):
        token = tokenizer.token_to_id(table.item(row, 0).text())
        assert table.item(row, 1).text() == str(token)
    page.playground.set_text("the zebra sat")
    summary = page.playground.summary.text()
    assert "<unk> stands for 38.5% of the text (1 tokens)" in summary
    assert page.playground.view.unk_id == tokenizer.unk_id
