"""The overfitting lab on the Train page: a run that memorised says so in plain words with
its remedies a click away, its best point is marked, its samples replay on a slider; a healthy
run says nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QSlider,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.cli import main
from lmstudio_app.core.runs.curves import read_curves, read_samples
from lmstudio_app.ui import MainWindow
from tests.ui.drive import choose, click, find, set_training_length, training_window
from tests.ui.test_workflow import load_names_and_tokenize

COMMON = [
    "--model",
    "lstm",
    "--tokenizer",
    "char",
    "--seq-len",
    "32",
    "--batch-size",
    "16",
    "--lr",
    "0.01",
    "--eval-every",
    "25",
    "--patience",
    "0",
    "--threads",
    "1",
    "--sample-tokens",
    "20",
    "--split",
    "0.8,0.1,0.1",
    "--max-minutes",
    "0",
]
OVERFIT = [
    *COMMON,
    "--embed-dim",
    "32",
    "--hidden-size",
    "256",
    "--dropout",
    "0",
    "--max-steps",
    "300",
    "--patience",
    "6",  # stops early once memorising: the stop is marked too
]
HEALTHY = [
    *COMMON,
    "--embed-dim",
    "16",
    "--hidden-size",
    "64",
    "--dropout",
    "0.1",
    "--max-steps",
    "150",
]


def train(tmp: Path, name: str, text: str, chars: int, flags: list[str]) -> Path:
    path = tmp / f"{name}.txt"
    path.write_text(text[:chars], encoding="utf-8")
    folder = tmp / name
    assert main(["train", str(path), *flags, "--out", str(folder), "--json"]) == 0
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory, shakespeare_text: str) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("lab")
    return (
        train(tmp, "overfit", shakespeare_text, 6_000, OVERFIT),
        train(tmp, "healthy", shakespeare_text, 200_000, HEALTHY),
    )


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def open_run(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    window.runs_page.open_run(folder)
    qtbot.waitUntil(
        lambda: (
            window.session.active_run is not None
            and Path(window.session.active_run.folder) == folder
        ),
        timeout=20_000,
    )
    window.go_to(window.train_page)


def test_a_memorising_run_says_so_with_remedies_and_replays_its_samples(
    qtbot: QtBot, window: MainWindow, runs
) -> None:
    overfit, healthy = runs
    open_run(qtbot, window, overfit)
    page = window.train_page
    note = find(window, QFrame, "Memorising warning")
    assert note.isVisible()
    text = find(window, QLabel, "Memorising explanation").text()
    valid = read_curves(overfit).valid
    best = valid.steps[valid.losses.index(min(valid.losses))]
    assert f"since step {best}" in text and "numbers to learn" in text
    # the best point is marked on the curve
    assert page.display.lab.markers.best_point() == pytest.approx((best, min(valid.losses)))
    # so is the early stop, where the run stopped
    steps = json.loads((overfit / "run.json").read_text())["metrics"]["steps"]
    assert steps < 300 and page.display.lab.markers.is_shown("stop")
    assert page.display.lab.markers._stop_line.value() == steps
    # the samples kept in metrics.jsonl replay on the slider
    kept = read_samples(overfit)
    slider = find(window, QSlider, "Samples over time")
    assert slider.isEnabled() and slider.maximum() == len(kept) - 1
    sample = page.display.sample
    assert sample.toPlainText() == kept[-1].text
    slider.setValue(0)
    assert sample.toPlainText() == kept[0].text
    assert find(window, QLabel, "Sample step").text() == f"step {kept[0].step:,}"
    slider.setValue(3)
    assert sample.toPlainText() == kept[3].text
    # a remedy is a click away: the Model page, its dropout setting in focus
    click(qtbot, window, "Remedy: More dropout")
    assert window.stack.currentWidget() is window.model_page
    dropout = find(window.model_page, QAbstractSpinBox, "Dropout")
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() in (dropout, dropout.lineEdit()), timeout=2_000
    )
    # a healthy run: no warning
    open_run(qtbot, window, healthy)
    assert not note.isVisible() and not note.isVisibleTo(window.train_page)
    assert page.display.lab.markers.best_point() is not None


def test_a_run_trained_in_the_window_keeps_and_replays_its_samples(
    qtbot: QtBot, window: MainWindow
) -> None:
    load_names_and_tokenize(qtbot, window)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "small")
    set_training_length(window, steps=60)
    find(window.model_page, QAbstractSpinBox, "Evaluate every").setValue(20)
    find(window.model_page, QAbstractSpinBox, "Sample length").setValue(20)
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    page = window.train_page
    qtbot.waitUntil(
        lambda: not page.is_training() and window.session.active_model is not None,
        timeout=120_000,
    )
    folder = Path(window.session.active_run.folder)
    kept = read_samples(folder)
    assert [s.step for s in kept] == [20, 40, 60]
    slider = find(window, QSlider, "Samples over time")
    assert slider.maximum() == len(kept) - 1 and slider.value() == slider.maximum()
    assert page.display.sample.toPlainText() == kept[-1].text
    slider.setValue(0)
    assert page.display.sample.toPlainText() == kept[0].text
    valid = read_curves(folder).valid
    best = valid.losses.index(min(valid.losses))
    assert page.display.lab.markers.best_point() == pytest.approx(
        (valid.steps[best], valid.losses[best])
    )
