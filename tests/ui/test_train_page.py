"""The Train page as a person meets it: what Start lacks, how long a run will train, Stop, and
Resume of a stopped run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from tests.ui.drive import choose, click, find, set_training_length, training_window
from tests.ui.test_workflow import load_names_and_tokenize


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def test_start_says_what_is_missing_first_and_the_message_goes_once_it_is_there(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.train_page
    window.go_to(page)
    click(qtbot, window, "Start training")
    assert page.error.isVisible()
    assert page.error.text() == "Choose a text on the Corpus page first."
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    window.go_to(page)
    assert page.error.isVisible()
    assert page.error.text() == "Build a tokenizer on the Tokenizer page first."
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    window.go_to(page)
    assert not page.error.isVisible()


def test_the_train_page_says_how_long_the_model_page_set_training_to_last(
    qtbot: QtBot, window: MainWindow
) -> None:
    """One training length, set on the Model page ("Steps 400" there and "no limit" here
    disagreed): the Train page says it, read-only, and follows every change."""
    page = window.train_page
    window.go_to(page)
    assert not page.findChildren(QAbstractSpinBox)  # no setting of its own
    line = find(window, QLabel, "Training length")
    assert line.isVisible()
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "small")
    assert line.text() == "Trains for 4m00s (set on the Model page)."
    set_training_length(window, steps=400)
    assert line.text() == "Trains for 400 steps (set on the Model page)."
    set_training_length(window, steps=1200, epochs=2, minutes=10)
    assert line.text() == (
        "Trains for 1,200 steps or 2 epochs or 10m00s, whichever comes first (set on the "
        "Model page)."
    )
    find(window.model_page, QAbstractSpinBox, "Early stopping").setValue(6)
    assert line.text().endswith(
        " It stops sooner if the validation loss has not improved for 6 evaluations."
    )
    find(window.model_page, QAbstractSpinBox, "Early stopping").setValue(0)
    set_training_length(window, epochs=1)
    assert line.text() == "Trains for 1 epoch (set on the Model page)."
    set_training_length(window)
    assert line.text() == "Trains until you press Stop: no length is set on the Model page."
    choose(find(window, QComboBox, "Model family"), "ngram")
    assert line.text() == "An n-gram model is counted in one pass over the text."


def test_stop_keeps_the_bar_and_a_stopped_run_resumes_from_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "gru")
    choose(find(window, QComboBox, "Preset"), "tiny")
    page = window.train_page
    window.go_to(page)
    set_training_length(window, steps=100_000)
    click(qtbot, window, "Start training")
    plot, display = page.loss_plot, page.display
    qtbot.waitUntil(lambda: plot.point_count("train") >= 3, timeout=60_000)
    assert "an GRU" not in display.log.toPlainText()
    assert "Training a GRU (" in display.log.toPlainText()
    # The Model page says its settings now apply to the next run.
    window.go_to(window.model_page)
    note = window.model_page.training_note
    assert note.isVisible() and "next run" in note.text()
    window.go_to(page)
    click(qtbot, window, "Stop training")
    qtbot.waitUntil(lambda: not page.is_training(), timeout=30_000)
    # Stopped: the bar where training was, not full, and no time left on screen.
    assert display.progress.value() < display.progress.maximum()
    assert display.figure_labels["eta"].text() == ""
    folder = window.session.active_run.folder
    stopped_at = window.session.active_run.train_curve[0][-1]
    # The run it promised can be resumed later: Resume continues it.
    assert page.resume_button.isEnabled()
    window.go_to(window.model_page)
    assert not note.isVisible()
    # ... also once opened again (as after quitting and starting the window anew).
    window.session.select_run(None, None, None)
    assert not page.resume_button.isEnabled()
    window.open_run(folder)
    qtbot.waitUntil(lambda: window.session.active_run is not None, timeout=30_000)
    assert page.resume_button.isEnabled()
    window.go_to(page)
    click(qtbot, window, "Resume training")
    qtbot.waitUntil(lambda: plot.point_count("train") > stopped_at + 2, timeout=60_000)
    assert page.folder == folder
    click(qtbot, window, "Stop training")
    qtbot.waitUntil(lambda: not page.is_training(), timeout=30_000)
    assert window.session.active_run.train_curve[0][-1] > stopped_at
    assert page.resume_button.isEnabled()


def test_the_training_line_says_an_lstm_and_counts_layers(window: MainWindow) -> None:
    from lmstudio_app.core.specs import ModelSpec

    page = window.train_page
    one = page.display.training_line(ModelSpec(family="lstm", hidden_size=512, layers=1), Path("r"))
    assert one == "Training an LSTM (512 hidden units, 1 layer) into r"
    two = page.display.training_line(ModelSpec(family="gru", hidden_size=64, layers=2), Path("r"))
    assert two == "Training a GRU (64 hidden units, 2 layers) into r"


def test_an_ngram_shows_its_orders_a_sample_and_a_level_on_the_runs_page(
    qtbot: QtBot, window: MainWindow
) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "ngram")
    page = window.train_page
    window.go_to(page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not page.is_training(), timeout=30_000)
    display = page.display
    record = window.session.runs[-1]
    assert display.chart.currentWidget() is display.order_bars
    counts, perplexities = display.order_bars.bar_heights()
    assert counts == record.metrics["ngrams"] and len(counts) == 3
    assert perplexities == record.metrics["valid_perplexity_by_order"]
    assert perplexities[-1] < perplexities[0]
    assert len(display.sample.toPlainText()) > 20  # what the model writes now
    assert display.loss_plot.point_count("valid") == 0  # no lone dot on an empty axis
    # The Runs page draws it as a level at its validation loss.
    window.go_to(window.runs_page)
    window.runs_page._selection_changed()
    plot = window.runs_page.plot
    assert record.name in plot.overlay_names()
    overlay = plot._overlays[plot.overlay_names().index(record.name)]
    _, levels = overlay.raw.data()
    assert list(levels) == [record.metrics["valid_loss"]] * 2


def test_the_train_page_does_not_scroll_sideways_at_800_by_600(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QScrollArea

    window.go_to(window.train_page)
    window.resize(800, 600)
    qtbot.wait(200)
    (scroll,) = window.train_page.findChildren(QScrollArea)
    assert scroll.horizontalScrollBar().maximum() == 0


def test_a_run_whose_text_moved_asks_where_it_is_and_resumes_from_there(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    shakespeare_text: str,
) -> None:
    """A stopped run whose text is no longer at its recorded path (the folder came from
    another computer) ended in an error; the window now asks where the text is and resumes
    through core's `resume_neural_run(corpus_moved_to=...)`, as `train --resume RUN
    --corpus PATH` does. Cancel and a wrong text change nothing."""
    from PySide6.QtWidgets import QFileDialog

    from lmstudio_app.cli import main
    from lmstudio_app.core.runs import read_run_json, update_run_json

    text = tmp_path / "plays.txt"
    text.write_text(shakespeare_text[:20_000], encoding="utf-8")
    run = tmp_path / "run"
    assert main(["train", str(text), "--tokenizer", "char", "--embed-dim", "8",
                 "--hidden-size", "16", "--seq-len", "16", "--batch-size", "4", "--threads",
                 "1", "--sample-tokens", "5", "--max-steps", "3", "--out", str(run)]) == 0
    # What Stop or Quit leave: a run stopped at step 3 of the 6 it was set to.
    update_run_json(run, status="cancelled", train={**read_run_json(run)["train"], "max_steps": 6})
    moved = tmp_path / "elsewhere" / "book.txt"
    moved.parent.mkdir()
    text.rename(moved)
    wrong = tmp_path / "other.txt"
    wrong.write_text(shakespeare_text[20_000:40_000], encoding="utf-8")
    before = (run / "run.json").read_bytes()

    asked: list[str] = []

    def answer(path: str) -> None:
        def getter(parent, caption, start="", *args, **kwargs):
            asked.append(caption)
            return (path, "")

        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(getter))

    page = window.train_page
    window.open_run(run)
    qtbot.waitUntil(lambda: window.session.active_run is not None, timeout=30_000)
    window.go_to(page)
    assert page.resume_button.isEnabled()
    sentence = (f"The text this run was trained on is no longer at {text}: "
                "where is it now?")
    # Cancel: nothing changes, Resume is still there.
    answer("")
    click(qtbot, window, "Resume training")
    assert asked == [sentence] and sentence in page.display.log.toPlainText()
    assert not page.is_training() and page.resume_button.isEnabled()
    assert not page.error.isVisible() and page.folder is None
    assert (run / "run.json").read_bytes() == before
    # Another text: refused in a sentence, the run as it was, Resume still there.
    answer(str(wrong))
    click(qtbot, window, "Resume training")
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: not page.is_training(), timeout=30_000)
    assert page.error.text() == (
        f"{wrong} is not the text this run was trained on (its content differs): choose the "
        "one it was trained on, or start a new run."
    )
    assert (run / "run.json").read_bytes() == before
    assert page.resume_button.isEnabled()
    # The text where it is now, under another name: read and split as recorded, trained on.
    answer(str(moved))
    click(qtbot, window, "Resume training")
    qtbot.waitUntil(lambda: read_run_json(run)["status"] == "finished", timeout=60_000)
    qtbot.waitUntil(lambda: not page.is_training(), timeout=30_000)
    assert len(asked) == 3 and not page.error.isVisible()
    assert read_run_json(run)["metrics"]["steps"] == 6
    assert window.session.corpus_choice.paths == [str(moved)]
