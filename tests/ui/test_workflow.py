"""The whole workflow through the widgets, found by their accessible names, as a person would."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.core.training import PausedEvent
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.window_pages import blank_icon
from tests.ui.drive import choose, click, find, set_training_length, training_window

TRAIN_STEPS = 12


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def load_names_and_tokenize(qtbot: QtBot, window: MainWindow) -> None:
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    assert window.session.tokenizer.kind == "char"


def generate_text(qtbot: QtBot, window: MainWindow) -> str:
    window.go_to(window.generate_page)
    prompt = find(window, QLineEdit, "Prompt")
    prompt.setText("an")
    find(window, QAbstractSpinBox, "Length").setValue(30)
    click(qtbot, window, "Generate")
    qtbot.waitUntil(lambda: not window.generate_page.pump.is_running(), timeout=30_000)
    text = find(window, QTextEdit, "Generated text")
    qtbot.waitUntil(lambda: text.token_count() > 0, timeout=5_000)
    return text.plain_text()


def test_lstm_workflow(qtbot: QtBot, window: MainWindow) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")
    window.go_to(window.train_page)
    set_training_length(window, steps=TRAIN_STEPS)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=120_000)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=30_000)
    plot = window.train_page.loss_plot
    assert plot.point_count("train") == TRAIN_STEPS
    assert plot.plot_widget.accessibleName() == "Loss plot"
    record = window.session.runs[-1]
    assert record.folder is not None and (record.folder / "model.safetensors").exists()
    text = generate_text(qtbot, window)
    assert text.startswith("an") and len(text) > 2
    # Step adds one token and shows the probabilities of the next one
    before = find(window, QTextEdit, "Generated text").token_count()
    click(qtbot, window, "Step")
    assert find(window, QTextEdit, "Generated text").token_count() == before + 1
    bars = find(window, QWidget, "Next token probabilities")
    assert bars.isVisible()
    # Generate is marked ready: a tick, not the blank that keeps its room
    tick = window.steps.item(4).icon().pixmap(window.steps.iconSize()).toImage()
    assert tick != blank_icon(window.steps.iconSize()).pixmap(window.steps.iconSize()).toImage()


def test_ngram_workflow(qtbot: QtBot, window: MainWindow) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "ngram")
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=60_000)
    record = window.session.runs[-1]
    assert record.model_kind == "ngram"
    assert (record.folder / "model.arpa").exists()
    assert 1.0 < record.metrics["valid_perplexity"] < 30.0
    text = generate_text(qtbot, window)
    assert text.startswith("an") and len(text) > 2
    # choosing a bar adds exactly that token
    bars = window.generate_page.bars
    click(qtbot, window, "Step")
    before = window.generate_page.text.token_count()
    qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.bar_rect(0).center())
    assert window.generate_page.text.token_count() == before + 1


def test_the_next_token_bars_fit_beside_the_text_on_a_projector_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A class sees the text and all ten next-token bars at once, on a common 1366x768 screen
    with the page's explanation open, without scrolling; a compared model's text takes room
    only while one is chosen."""
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "ngram")
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=60_000)
    page = window.generate_page
    window.resize(1366, 768)
    page.learn.set_expanded(True)
    window.go_to(page)
    second = find(window, QTextEdit, "Generated text (comparison)")
    assert second.isHidden()
    click(qtbot, window, "Step")
    bars = find(window, QWidget, "Next token probabilities")
    assert len(bars.items()) == 10
    viewport = page.findChild(QScrollArea).viewport()
    qtbot.waitUntil(lambda: bars.height() >= bars.sizeHint().height(), timeout=5_000)
    shown = viewport.rect()
    for widget in (bars, find(window, QTextEdit, "Generated text"),
                   find(window, QAbstractButton, "Step")):
        top_left = widget.mapTo(viewport, widget.rect().topLeft())
        bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
        assert shown.contains(top_left) and shown.contains(bottom_right), (
            widget.accessibleName(), top_left, bottom_right, shown)
    first = find(window, QTextEdit, "Generated text")
    choose(find(window, QComboBox, "Compare with"), 0)  # the first run, by its index
    assert second.isVisible()
    # a new pair starts again from the prompt, both writing from the same start
    assert first.token_count() == second.token_count() == 0
    click(qtbot, window, "Step")
    assert first.token_count() == second.token_count() == 1
    choose(find(window, QComboBox, "Compare with"), None)  # no comparison: hidden, and idle
    assert second.isHidden()
    click(qtbot, window, "Step")
    assert (first.token_count(), second.token_count()) == (2, 1)


def test_pause_resume_stop_and_close_while_training(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "gru")
    choose(find(window, QComboBox, "Preset"), "tiny")
    window.go_to(window.train_page)
    set_training_length(window, steps=100_000)
    click(qtbot, window, "Start training")
    plot = window.train_page.loss_plot
    qtbot.waitUntil(lambda: plot.point_count("train") >= 3, timeout=60_000)
    paused: list[int] = []  # the curve's points when the trainer said it had paused
    window.train_page.pump.events.connect(
        lambda events: paused.extend(
            plot.point_count("train") for event in events if isinstance(event, PausedEvent)
        )
    )
    click(qtbot, window, "Pause training")
    # The step in flight still ends (on a loaded machine, seconds after the click); the
    # trainer then says it has paused, and from there the curve must stay still.
    qtbot.waitUntil(lambda: bool(paused), timeout=60_000)
    paused_at = paused[0]
    qtbot.wait(1500)
    assert plot.point_count("train") == paused_at
    click(qtbot, window, "Resume training")
    qtbot.waitUntil(lambda: plot.point_count("train") > paused_at, timeout=30_000)
    click(qtbot, window, "Stop training")
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=30_000)
    assert window.session.runs and window.session.active_model is not None
    # start again, then close the window mid-training: it asks, stops and waits
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.train_page.pump.is_running(), timeout=10_000)
    asked = []

    def answer_yes(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(args)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    assert window.close()
    assert asked, "closing during training must ask first"
    assert not window.train_page.is_training()


def test_bad_corpus_shows_an_error(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "report.txt"
    bad.write_bytes(b"%PDF-1.5\n" + bytes(range(256)) * 4)
    window.open_corpus(bad)
    error = window.corpus_page.error
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert "report.txt" in error.text() and "PDF document" in error.text()
    assert window.session.corpus is None


def test_every_page_renders(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    for index, page in enumerate(window.pages):
        window.steps.setCurrentRow(index)
        assert window.stack.currentWidget() is page
        image = window.grab()
        assert not image.isNull()
        assert image.save(str(tmp_path / f"page-{index}.png"))
    # a step that is not possible yet says why
    assert "Choose a text" in window.steps.item(1).toolTip()


def test_controls_have_accessible_names_and_tooltips(window: MainWindow) -> None:
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit)):
            continue
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (scroll arrows, tab buttons)
        if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox, QTabBar)):
            continue  # the line edit inside a spin box or combo box, a tab bar's arrows
        if not widget.accessibleName() or not widget.toolTip():
            missing.append(f"{type(widget).__name__} {widget.accessibleName()!r}")
    assert not missing, missing


@pytest.mark.slow
def test_window_stays_responsive_while_training(qtbot: QtBot, window: MainWindow) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")
    window.go_to(window.train_page)
    set_training_length(window, steps=100_000)
    click(qtbot, window, "Start training")
    plot = window.train_page.loss_plot
    qtbot.waitUntil(lambda: plot.point_count("train") >= 2, timeout=60_000)
    lateness: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        lateness.append(max(0.0, (now - last[0]) / 1e6 - 10.0))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    timer.start(10)
    started = time.monotonic()
    while time.monotonic() - started < 5.0:
        qtbot.wait(50)
    timer.stop()
    click(qtbot, window, "Stop training")
    values = np.asarray(lateness[1:])
    p99 = float(np.percentile(values, 99))
    print(f"timer lateness over {values.size} ticks: p99 {p99:.1f} ms, max {values.max():.1f} ms")
    assert plot.point_count("train") > 2  # training really ran meanwhile
    # The target (p99 50 ms, max 150 ms, also with both cores busy elsewhere) is measured in
    # bench/gui_lateness.py; a test on a shared machine only catches a frozen window.
    assert values.max() < 1_500.0


def test_the_text_is_split_in_a_worker_at_load_and_when_the_parts_change(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Splitting copies the whole text (about 60 ms at 100 MB, the window frozen meanwhile
    when it ran in the GUI thread): it runs in a worker, when the text loads and when the
    parts change, even while the text is still loading; parts that do not add up to 100 %
    leave the split as it was."""
    import threading

    import lmstudio_app.ui.pages.corpus_page as corpus_page

    threads: list[threading.Thread] = []
    real_split = corpus_page.split_corpus

    def split(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread())
        return real_split(*args, **kwargs)

    monkeypatch.setattr(corpus_page, "split_corpus", split)
    choose(find(window, QComboBox, "Sample corpus"), "shakespeare")
    # parts changed while the text is still loading are used once it has loaded
    find(window, QSpinBox, "Training %").setValue(85)
    find(window, QSpinBox, "Test %").setValue(10)
    qtbot.waitUntil(lambda: window.session.split_fractions == (0.85, 0.05, 0.1), timeout=20_000)
    first = window.session.splits
    find(window, QSpinBox, "Validation %").setValue(15)  # 110 % for now: refused
    assert window.corpus_page.error.isVisible() and window.session.splits is first
    find(window, QSpinBox, "Training %").setValue(75)
    qtbot.waitUntil(lambda: window.session.split_fractions == (0.75, 0.15, 0.1), timeout=10_000)
    splits = window.session.splits
    assert len(splits.train) < len(first.train) and "".join(splits) == "".join(first)
    assert f"{len(splits.train):,}" in window.corpus_page.split_summary.text()
    assert len(threads) == 3 and threading.main_thread() not in threads
