"""File > New: every page forgets what it showed of the work before, not only the session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from tests.ui.drive import choose, click, find, training_window
from tests.ui.test_workflow import generate_text, load_names_and_tokenize


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def test_new_clears_the_preview_the_training_display_and_the_generated_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "ngram")
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=30_000)
    assert generate_text(qtbot, window)
    corpus, train, generate = window.corpus_page, window.train_page, window.generate_page
    train.loss_plot.append_train(np.array([1, 2]), np.array([3.0, 2.5]))  # as a neural run's
    train.display.sample.setPlainText("what the model wrote")
    assert corpus.preview.toPlainText() and corpus.stat_labels["chars"].text() != "–"
    assert train.display.log.toPlainText()

    window.new_action.trigger()

    assert window.session.corpus is None
    assert corpus.preview.toPlainText() == ""
    assert corpus.encoding_label.text() == "" and corpus.split_summary.text() == ""
    assert all(label.text() == "–" for label in corpus.stat_labels.values())
    assert corpus.top_chars.rowCount() == 0
    assert train.loss_plot.point_count("train") == 0
    assert train.display.sample.toPlainText() == ""
    assert train.display.log.toPlainText() == ""
    assert all(label.text() == "" for label in train.display.figure_labels.values())
    assert generate.text.plain_text() == "" and generate.text.token_count() == 0
    assert generate.bars.items() == []
