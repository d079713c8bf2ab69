"""File > Open recent lists what was opened, however it was opened (issue 15: files opened
through the Open dialogs and lessons opened with Open lesson… were missing), and a recent
lesson opens as a lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.lessons import Lesson, save_lesson
from lmstudio_app.core.models.ngram import NGramSpec, train_to_run
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.lessons.controller import lesson_controller


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    return main


def _recent(window: MainWindow) -> list[str]:
    return [action.toolTip() for action in window.recent_menu.actions()]


def _text(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("roses are red\nviolets are blue\n" * 20, encoding="utf-8")
    return path


def _answer(monkeypatch: pytest.MonkeyPatch, getter: str, value: object) -> None:
    """The dialog's static getter answers as a person choosing `value` would."""
    monkeypatch.setattr(QFileDialog, getter, staticmethod(lambda *args, **kwargs: value))


def _wait_loaded(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> None:
    qtbot.waitUntil(
        lambda: window.session.corpus is not None
        and window.session.corpus_choice.paths == [str(p) for p in paths],
        timeout=10_000,
    )


def test_texts_and_folders_opened_through_the_dialogs_are_recent(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _text(tmp_path, "first.txt")
    _answer(monkeypatch, "getOpenFileNames", ([str(first)], ""))
    window.open_corpus_action.trigger()  # File > Open corpus…
    _wait_loaded(qtbot, window, [first])
    qtbot.waitUntil(lambda: str(first) in _recent(window), timeout=5_000)

    second = _text(tmp_path, "second.txt")
    _answer(monkeypatch, "getOpenFileNames", ([str(second)], ""))
    window.corpus_page.open_button.click()  # the Corpus page's own Open corpus… button
    _wait_loaded(qtbot, window, [second])

    folder = tmp_path / "poems"
    _text(folder, "a.txt")
    _answer(monkeypatch, "getExistingDirectory", str(folder))
    window.open_folder_action.trigger()  # File > Open folder…
    _wait_loaded(qtbot, window, [folder])
    qtbot.waitUntil(lambda: _recent(window)[:3] == [str(folder), str(second), str(first)],
                    timeout=5_000)
    # choosing the split again is not opening anything
    window.session.set_splits(window.session.splits, window.session.split_fractions)
    assert _recent(window)[:3] == [str(folder), str(second), str(first)]


def test_a_run_folder_opened_through_the_dialog_is_recent(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    splits = split_corpus(load_sample("names"), method="lines")
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), splits.train)
    run = tmp_path / "trigram"
    train_to_run(run, NGramSpec(order=3), tokenizer, dict(splits.items()))
    _answer(monkeypatch, "getExistingDirectory", str(run))
    window.open_run_action.trigger()  # File > Open run…
    qtbot.waitUntil(lambda: len(window.session.runs) == 1, timeout=30_000)
    assert _recent(window)[0] == str(run)


def test_a_lesson_opened_through_the_dialog_is_recent_and_opens_again_as_a_lesson(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # named without the .lmlesson suffix ("All files" in the dialog): still a lesson when
    # chosen from the recent files, since it was opened as one
    lesson = tmp_path / "names-lesson.json"
    save_lesson(lesson, Lesson(model_kind="ngram", sample="names", title="Inventing names"))
    _answer(monkeypatch, "getOpenFileName", (str(lesson), ""))
    window.open_lesson_action.trigger()  # File > Open lesson…
    controller = lesson_controller(window)
    assert controller.lesson is not None and controller.lesson.title == "Inventing names"
    assert _recent(window)[0] == str(lesson)

    window.new_session()  # File > New closes the lesson
    assert controller.lesson is None
    window.recent_menu.actions()[0].trigger()
    assert controller.lesson is not None and controller.lesson.title == "Inventing names"
    qtbot.waitUntil(lambda: window.session.corpus is not None, timeout=10_000)
    assert window.session.corpus_choice.sample == "names"  # not the lesson read as a text


def test_a_lesson_that_cannot_be_opened_is_not_recent(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "broken.lmlesson"
    bad.write_text("{ not json", encoding="utf-8")
    _answer(monkeypatch, "getOpenFileName", (str(bad), ""))
    window.open_lesson_action.trigger()
    assert str(bad) not in _recent(window)
