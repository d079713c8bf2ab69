"""Opening, exporting and deleting run folders in the window; dropping files onto it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.models.ngram import NGramSpec, train_to_run
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui import MainWindow


@pytest.fixture
def ngram_run(tmp_path: Path) -> Path:
    splits = split_corpus(load_sample("names"), method="lines")
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    folder = tmp_path / "trigram"
    train_to_run(folder, NGramSpec(order=3), tokenizer, dict(splits.items()))
    return folder


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    return main


def drop(window: MainWindow, path: Path) -> None:
    """Hand the window the drop event a file manager's drag would end with.

    Offscreen Qt has no drag-and-drop session to deliver it, so the handler gets it directly.
    """
    assert window.acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted()


def test_open_export_and_delete_a_run(
    qtbot: QtBot, window: MainWindow, ngram_run: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.open_run(ngram_run)
    qtbot.waitUntil(lambda: len(window.session.runs) == 1, timeout=30_000)
    runs = window.runs_page
    assert runs.table.rowCount() == 1
    assert runs.table.item(0, 1).text() == "n-gram"  # as the Model page names the kind
    assert window.session.active_model is not None  # ready to generate
    runs.table.selectRow(0)
    copy = tmp_path / "copy"
    runs.export_run(runs.selected_records()[0], copy)
    assert (copy / "model.arpa").exists() and (copy / "run.json").exists()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    runs.table.selectRow(0)
    runs.delete_selected()
    assert not ngram_run.exists()
    assert window.session.runs == []


def test_a_broken_run_folder_shows_an_error(qtbot: QtBot, window: MainWindow,
                                            tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "run.json").write_text("{not json")
    window.open_run(broken)
    qtbot.waitUntil(window.runs_page.error.isVisible, timeout=10_000)
    assert "run.json is not valid JSON" in window.runs_page.error.text()


def test_dropping_a_file_or_a_run_folder_opens_it(
    qtbot: QtBot, window: MainWindow, ngram_run: Path, tmp_path: Path
) -> None:
    text = tmp_path / "poem.txt"
    text.write_text("the rose is red\nthe sky is blue\n" * 10, encoding="utf-8")
    drop(window, text)
    qtbot.waitUntil(lambda: window.session.corpus is not None, timeout=10_000)
    assert window.session.corpus.name == "poem.txt"
    assert window.stack.currentWidget() is window.corpus_page
    drop(window, ngram_run)
    qtbot.waitUntil(lambda: len(window.session.runs) == 1, timeout=30_000)
    assert window.stack.currentWidget() is window.runs_page


def test_a_file_the_system_hands_over_opens_like_a_drop(qtbot: QtBot, tmp_path: Path) -> None:
    """macOS gives a double-clicked file to the app as a FileOpen event, not on argv."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFileOpenEvent

    from lmstudio_app.ui.file_open import FileOpenHandler

    opened: list[str] = []
    handler = FileOpenHandler(opened.append)
    path = tmp_path / "poems.txt"
    event = QFileOpenEvent(str(path))
    assert handler.eventFilter(QCoreApplication.instance(), event)
    assert opened == [str(path)]


def test_open_run_starts_in_the_folder_where_runs_are_saved(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs are saved under a hidden data folder: the dialog must start there, not at home."""
    from PySide6.QtWidgets import QFileDialog

    runs = tmp_path / "my runs"
    runs.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda parent, title, start: asked.append(start) or ""
    )
    window = MainWindow()
    qtbot.addWidget(window)
    window.settings.setValue("runs_folder", str(runs))
    window.open_run_dialog()
    assert asked == [str(runs)]
