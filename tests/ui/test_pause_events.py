"""Pausing shows at once: the steps and the checkpoint before a pause reach the window while
training is paused, not only after Resume (the event pump used to hold them in its batch)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot

from lmstudio_app.core.training import FinishedEvent, PausedEvent, ResumedEvent
from lmstudio_app.ui import MainWindow
from tests.ui.drive import choose, click, find, set_training_length, training_window


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def first(events: list[Any], kind: type) -> Any:
    return next((event for event in events if isinstance(event, kind)), None)


def test_a_pause_and_the_steps_before_it_show_without_resuming(
    qtbot: QtBot, window: MainWindow
) -> None:
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")
    window.go_to(window.train_page)
    page = window.train_page
    # What the window is handed, batch by batch, through the real pump (after the page's
    # own handler, connected first, has shown it).
    received: list[Any] = []
    page.pump.events.connect(received.extend)
    set_training_length(window, steps=100_000)
    click(qtbot, window, "Start training")
    plot = page.loss_plot
    qtbot.waitUntil(lambda: plot.point_count("train") >= 3, timeout=60_000)

    click(qtbot, window, "Pause training")
    # The trainer saves a checkpoint, yields PausedEvent and blocks until Resume: all of it
    # must reach the window now. Nothing here presses Resume.
    qtbot.waitUntil(lambda: first(received, PausedEvent) is not None, timeout=10_000)
    paused = first(received, PausedEvent)
    assert page.trainer is not None and page.trainer.paused
    # Every step up to the pause is on the plot and in the figures; the save is in the log.
    assert plot.point_count("train") == paused.step
    assert find(window, QLabel, "Training step").text() == f"step {paused.step:,}"
    log = find(window, QPlainTextEdit, "Training log").toPlainText()
    assert f"Saved a checkpoint at step {paused.step}." in log
    assert not find(window, QAbstractButton, "Pause training").isEnabled()
    assert find(window, QAbstractButton, "Resume training").isEnabled()

    click(qtbot, window, "Resume training")
    qtbot.waitUntil(lambda: plot.point_count("train") > paused.step, timeout=30_000)
    resumed = first(received, ResumedEvent)
    assert resumed is not None and resumed.step == paused.step
    click(qtbot, window, "Stop training")
    qtbot.waitUntil(lambda: not page.is_training(), timeout=30_000)
    finished = first(received, FinishedEvent)
    assert finished is not None and finished.reason == "cancelled"
    assert page.state == "idle"
