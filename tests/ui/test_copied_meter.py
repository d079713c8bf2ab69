"""The memorisation meter on the Generate page, found by its accessible name: a model that
memorised a tiny text copies it (highlighted, with the line it comes from); on line data the
names written are counted as in the training text, the validation text, or new."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel, QLineEdit, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from lmstudio_app.core.memorisation import CopyReport, LineCounts, training_text_of_run
from lmstudio_app.ui import MainWindow
from tests.ui.drive import choose, click, find, training_window
from tests.ui.test_overfitting_lab import OVERFIT, open_run, train
from tests.ui.test_workflow import load_names_and_tokenize


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def write(qtbot: QtBot, window: MainWindow, length: int) -> None:
    window.go_to(window.generate_page)
    find(window, QLineEdit, "Prompt").setText("")
    find(window, QAbstractSpinBox, "Length").setValue(length)
    click(qtbot, window, "Generate")
    meter = window.generate_page.copied
    qtbot.waitUntil(lambda: meter.report is not None, timeout=60_000)


def test_a_model_that_memorised_copies_its_text(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, shakespeare_text: str
) -> None:
    folder = train(tmp_path, "overfit", shakespeare_text, 6_000, OVERFIT)
    open_run(qtbot, window, folder)
    box = find(window, QWidget, "Copied from the training text")
    write(qtbot, window, 300)
    assert box.isVisible()
    report = window.generate_page.copied.report
    assert isinstance(report, CopyReport) and report.spans
    assert report.text == window.generate_page.text.generated_text()
    train_part = training_text_of_run(folder).train
    lines = train_part.splitlines()
    for span in report.spans:
        copied = report.text[span.start : span.end]
        assert len(copied) >= 8 and copied in train_part
        assert lines[span.line - 1].startswith(span.context.rstrip("…"))
    summary = find(window, QLabel, "Copied share").text()
    spans = "1 span" if len(report.spans) == 1 else f"{len(report.spans)} spans"
    assert summary == f"{report.share:.0%}, {spans}"
    view = find(window, QTextBrowser, "Copied spans")
    assert not view.isVisible()  # one line beside the text's title until asked
    link = find(window, QLabel, "Show where copied")
    assert link.text() == '<a href="where">Show where</a>'
    link.linkActivated.emit("where")
    assert view.isVisible() and link.text() == '<a href="where">Hide</a>'
    assert f"is line {report.spans[0].line:,}" in view.toPlainText()
    # the copies are highlighted: the first one's characters have a background
    first = report.text[report.spans[0].start : report.spans[0].end].strip().splitlines()[0]
    cursor = view.document().find(first)
    assert not cursor.isNull() and cursor.charFormat().background().style() != 0


def test_names_written_are_train_valid_or_new(qtbot: QtBot, window: MainWindow) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "ngram")
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=60_000)
    write(qtbot, window, 200)
    report = window.generate_page.copied.report
    assert isinstance(report, LineCounts) and report.lines
    splits = window.session.splits
    train, valid = set(splits.train.splitlines()), set(splits.valid.splitlines())
    for line, where in report.lines:
        assert where == ("train" if line in train else "valid" if line in valid else "new")
    assert report.count("train") > 0  # a 3-gram of names writes many real names
    summary = find(window, QLabel, "Copied share").text()
    assert summary == (
        f"{report.count('train')} in training, {report.count('valid')} in validation, "
        f"{report.count('new')} new (of {len(report.lines)} lines)"
    )
