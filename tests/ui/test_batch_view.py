"""The Train page's "Batch view": the windows it draws are those the trainer reads, the
tail it says is dropped, and padding for `lines`."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.data import make_batches
from lmstudio_app.core.data_lines import line_tokens
from lmstudio_app.core.specs import ModelSpec, TrainSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui.pages.batch_view import BatchView
from lmstudio_app.ui.pages.train_page import TrainPage
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.widgets._style import visible_whitespace

TEXT = "emma\nolivia\nava\nisabella\nsophia\ncharlotte\nmia\namelia\nharper\nevelyn\n" * 12


def cell_text(tokenizer, token_id: int, pad: int | None) -> str:
    if pad is not None and token_id == pad:
        return "pad"
    if token_id == tokenizer.bos_id:
        return "bos"
    return visible_whitespace(tokenizer.display_token(token_id))


@pytest.mark.parametrize("batching", ["contiguous", "random", "lines"])
def test_batch_view_draws_what_the_trainer_reads(qtbot: QtBot, batching: str) -> None:
    session = Session()
    splits = split_corpus(TEXT, (0.8, 0.1, 0.1))
    session.splits = splits
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    session.set_tokenizer(tokenizer, None)
    spec = TrainSpec(batching=batching, batch_size=3, seq_len=7, seed=4)
    session.set_model("lstm", ModelSpec(), spec)
    page = TrainPage(session)
    qtbot.addWidget(page)
    button = next(b for b in page.findChildren(QPushButton) if b.accessibleName() == "Batch view")
    button.click()
    view = next(w for w in page.findChildren(BatchView) if w.accessibleName() == "Batch view")
    qtbot.addWidget(view)
    grid = next(t for t in view.findChildren(QTableWidget) if t.accessibleName() == "Batch grid")
    ids = tokenizer.encode_to_array(splits.train)
    tokens = line_tokens(tokenizer)
    batches = make_batches(ids, batching, 3, 7, 4, tokens)
    pad = tokens.pad if batching == "lines" else None
    view.step.setValue(2)  # the second step of the epoch
    batch = next(b for b in batches.batches() if b.index == 1)
    assert grid.rowCount() == 2 * batch.inputs.shape[1]
    for column in range(batch.inputs.shape[1]):
        for time in range(batch.inputs.shape[0]):
            expected_in = cell_text(tokenizer, int(batch.inputs[time, column]), pad)
            expected_out = cell_text(tokenizer, int(batch.targets[time, column]), pad)
            assert grid.item(2 * column, time).text() == expected_in
            assert grid.item(2 * column + 1, time).text() == expected_out
    notes = view.notes.text()
    if batching == "contiguous":
        dropped = ids.size % batches.batch_size
        assert f"the last {dropped} tokens do not fill a stream" in notes
        assert grid.item(0, grid.columnCount() - 1).text() == "→"  # memory carried on
    elif batching == "lines":
        pads = int((batch.targets == tokens.pad).sum())
        assert notes.split("\n")[1].startswith(f"{pads} padding tokens")
        assert grid.item(0, 0).text() == "bos"
