"""The window with a text read onto disk (`corpus.spill`): a large file opens, shows its
preview and statistics, builds a tokenizer, trains, writes and opens the batch view as a small
one does (issue 20: "nothing in the window changes except that large corpora stop costing
memory"). Every file spills here, so that a small text takes a large one's path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import spill
from lmstudio_app.core.corpus.spill import SpilledText
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.pages.batch_view import BatchView
from tests.ui.drive import choose, click, find, set_training_length, training_window

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setattr(spill, "STREAM_BYTES", 0)
    monkeypatch.setattr(spill, "PIECE_CHARS", 50_000)
    yield from training_window(qtbot, tmp_path, monkeypatch)


def test_a_text_on_disk_opens_tokenizes_trains_and_shows_its_batches(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    text = (REPO / "resources/corpora/tinyshakespeare.txt").read_text("utf-8")
    path = tmp_path / "plays.txt"
    path.write_text(text, encoding="utf-8")
    window.open_corpus(path)
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=30_000)
    corpus = window.session.corpus
    assert corpus is not None and corpus.spilled is not None
    assert isinstance(window.session.splits.train, SpilledText)
    assert window.corpus_page.preview.toPlainText() == text[: len(window.corpus_page.preview
                                                                  .toPlainText())]
    assert corpus.stats.num_chars == len(text)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=60_000)
    stats = window.session.tokenizer_stats
    assert stats is not None and sum(stats.tokens_per_split.values()) == len(text)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")
    set_training_length(window, steps=6)
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=120_000)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=120_000)
    assert window.train_page.loss_plot.point_count("train") >= 1
    button = next(
        b for b in window.train_page.findChildren(QPushButton) if b.accessibleName() == "Batch view"
    )
    button.click()
    view = next(w for w in window.train_page.findChildren(BatchView))
    assert view.isVisible()
    view.close()


def test_the_bar_moves_while_a_text_on_disk_is_counted(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Counting a large text on disk takes seconds per 100 MB: the page shows it on its bar
    (before, the bar stood still at the end of reading while the worker counted)."""
    text = (REPO / "resources/corpora/tinyshakespeare.txt").read_text("utf-8")
    path = tmp_path / "plays.txt"
    path.write_text(text, encoding="utf-8")
    seen: list[tuple[float, str]] = []
    window.corpus_page.loader.progress.connect(lambda fraction, message: seen.append(
        (fraction, message)))
    window.open_corpus(path)
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=30_000)
    counting = [fraction for fraction, message in seen if message == "Counting characters"]
    assert counting[-1:] == [1.0]  # reported (throttled to 10 a second, so maybe only its end)
    assert window.session.corpus is not None and window.session.corpus.spilled is not None
