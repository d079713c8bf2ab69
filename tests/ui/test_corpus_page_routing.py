"""The Corpus page in the window: what its drop zone opens, and choosing another text while
a large one loads (the window must not wait for the load it abandons)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from lmstudio_app.cli import main as cli_main
from lmstudio_app.core.lessons import Lesson, save_lesson
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import TokenizerSpec
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.lessons import lesson_controller
from tests.reliability.texts import large_text
from tests.ui.drive import choose, find

LARGE_MB = 60
# Switching texts must return at once; 1 s is ten times the window's 100 ms target.
SWITCH_LIMIT_S = 1.0


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    main = MainWindow()
    main.settings.setValue("runs_folder", str(tmp_path / "runs"))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    yield main
    main.close()


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return large_text(tmp_path_factory.mktemp("large") / "large.txt", LARGE_MB)


def drop_on_zone(window: MainWindow, path: Path) -> None:
    """Give the drop zone the drop event a file manager's drag ends with, through the
    widget's own event dispatch (`event`, which calls `dropEvent`): offscreen Qt has no drag
    session, and QApplication drops a Drop event sent without one before the widget sees it."""
    zone = window.corpus_page.drop_zone
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert zone.acceptDrops()
    zone.event(event)
    assert event.isAccepted()


def test_a_run_folder_or_lesson_dropped_on_the_drop_zone_opens_as_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    run = tmp_path / "bigram"
    assert cli_main(["train", "--sample", "names", "--model", "ngram", "--order", "2",
                     "--tokenizer", "char", "--out", str(run)]) == 0
    assert (run / "run.json").is_file()
    window.go_to(window.corpus_page)
    drop_on_zone(window, run)
    qtbot.waitUntil(lambda: len(window.session.runs) == 1, timeout=30_000)
    assert window.stack.currentWidget() is window.runs_page
    qtbot.wait(100)  # a text load would have started at once; none may be running
    assert not window.corpus_page.busy()
    assert window.session.corpus is None  # run.json and model.arpa were not read as text

    lesson = tmp_path / "names.lmlesson"
    save_lesson(lesson, Lesson(model_kind="ngram", tokenizer=TokenizerSpec(kind="char"),
                               sample="names", title="Dropped lesson"))
    window.go_to(window.corpus_page)
    drop_on_zone(window, lesson)
    qtbot.waitUntil(
        lambda: window.session.corpus is not None and not window.corpus_page.busy(),
        timeout=30_000,
    )
    opened = lesson_controller(window).lesson
    assert opened is not None and opened.title == "Dropped lesson"
    names = load_sample("names")
    assert window.session.corpus.name == names.name
    assert window.session.corpus.head(200) == names.head(200)  # not the lesson's JSON
    assert "Dropped lesson" not in window.session.corpus.head(10_000)


def start_large_load(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    page = window.corpus_page
    window.open_corpus(path)
    assert page.loader.is_running()
    qtbot.wait(50)  # the worker is reading or decoding now


def test_choosing_a_sample_while_a_large_text_loads_does_not_wait_for_it(
    qtbot: QtBot, window: MainWindow, large_file: Path
) -> None:
    page = window.corpus_page
    seen: list[str] = []  # every text the session was given, in order
    page.readiness_changed.connect(
        lambda: seen.append(window.session.corpus.name if window.session.corpus else "")
    )
    start_large_load(qtbot, window, large_file)

    started = time.monotonic()
    choose(find(window, QComboBox, "Sample corpus"), "names")
    switch = time.monotonic() - started
    assert switch < SWITCH_LIMIT_S, f"choosing a sample blocked the window for {switch:.2f} s"

    # The test waits for the abandoned load; the window never did.
    qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)
    qtbot.wait(200)  # anything the stale load still sent has been delivered by now
    names = load_sample("names")
    assert window.session.corpus is not None
    assert window.session.corpus.name == names.name
    assert window.session.splits is not None
    assert large_file.name not in seen
    assert seen and seen[-1] == names.name


def test_closing_the_window_waits_for_an_abandoned_load(
    qtbot: QtBot, window: MainWindow, large_file: Path
) -> None:
    page = window.corpus_page
    start_large_load(qtbot, window, large_file)
    choose(find(window, QComboBox, "Sample corpus"), "names")
    assert page.busy()
    window.close()  # closing may wait: no thread outlives the window
    assert not page.busy()
