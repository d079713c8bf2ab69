""" "Vary a setting" in the window, driven by accessible names: an experiment of three n-gram
orders finds the best by validation, keeps the test score hidden until "Use this model",
then shows it once and records the experiment as decided; pause and cancel reach a network
experiment; each run is one click away on the Runs page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.pages.experiment_dialog import ExperimentDialog
from tests.ui.drive import choose, click, find, set_training_length, training_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch)


def _prepare(qtbot: QtBot, window: MainWindow, family: str) -> ExperimentDialog:
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    choose(find(window, QComboBox, "Model family"), family)
    if family != "ngram":
        choose(find(window, QComboBox, "Preset"), "tiny")
        set_training_length(window, steps=400)
    window.go_to(window.runs_page)
    click(qtbot, window, "Vary a setting")
    dialog = window.runs_page.experiment_dialog
    qtbot.waitExposed(dialog)
    return dialog


def _start(qtbot: QtBot, dialog: ExperimentDialog, setting: str, values: str) -> None:
    choose(find(dialog, QComboBox, "Setting to vary"), setting)
    find(dialog, QLineEdit, "Values").setText(values)
    click(qtbot, dialog, "Start experiment")


def test_three_orders_best_by_validation_test_shown_once_chosen(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _prepare(qtbot, window, "ngram")
    settings = find(dialog, QComboBox, "Setting to vary")
    names = [settings.itemData(i) for i in range(settings.count())]
    assert "order" in names and "lr" not in names  # an n-gram has no learning rate
    _start(qtbot, dialog, "order", "1,3,5")
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.record is not None, timeout=60_000)
    record = dialog.record
    assert record["status"] == "finished"
    losses = {run["value"]: run["valid_loss"] for run in record["runs"]}
    best = min(losses, key=losses.__getitem__)
    assert record["best"]["value"] == best
    assert find(dialog, QTableWidget, "Experiment runs").rowCount() == 3
    x, y = dialog.plot.points()
    assert list(x) == [1, 3, 5] and list(y) == [losses[1], losses[3], losses[5]]
    result = dialog.result_label.text()
    assert "Best by validation: 5" in result or f"Best by validation: {best}" in result
    assert "Test perplexity" not in result  # hidden until the choice is final
    assert dialog.folder is not None
    assert json.loads((dialog.folder / "experiment.json").read_text())["decided"] is None
    # Each run is on the Runs page, one click away.
    folders = {run.folder for run in window.session.runs}
    assert all(dialog.folder / run["folder"] in folders for run in record["runs"])
    dialog.table.cellClicked.emit(0, 0)
    selected = window.runs_page.selected_records()
    assert [r.folder for r in selected] == [dialog.folder / record["runs"][0]["folder"]]

    click(qtbot, dialog, "Use this model")
    qtbot.waitUntil(lambda: "Test perplexity" in dialog.result_label.text(), timeout=30_000)
    stored = json.loads((dialog.folder / "experiment.json").read_text())
    assert stored["decided"]["value"] == best
    assert f"{stored['decided']['test_perplexity']:.2f}" in dialog.result_label.text()
    assert not find(dialog, type(dialog.use_button), "Use this model").isEnabled()  # once
    chosen = window.runs_page.selected_records()
    assert [r.folder for r in chosen] == [dialog.folder / stored["decided"]["folder"]]
    window.resize(1366, 768)
    dialog.resize(900, 560)
    dialog.grab().save("/tmp/h12-experiment-ngram-en.png")


def test_pause_and_cancel_a_network_experiment(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _prepare(qtbot, window, "lstm")
    _start(qtbot, dialog, "lr", "0.003,0.01,0.03")
    qtbot.waitUntil(
        lambda: dialog.record is not None and dialog.record["runs"][0]["status"] == "running",
        timeout=60_000,
    )
    click(qtbot, dialog, "Pause experiment")
    assert dialog.control.paused
    assert dialog.pause_button.text() == "Resume"
    qtbot.wait(300)
    click(qtbot, dialog, "Pause experiment")  # now "Resume"
    assert not dialog.control.paused
    click(qtbot, dialog, "Cancel experiment")
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)
    qtbot.waitUntil(lambda: dialog.record["status"] == "cancelled", timeout=5_000)
    statuses = [run["status"] for run in dialog.record["runs"]]
    assert statuses[0] == "cancelled" and statuses[1:] == ["skipped", "skipped"]
    assert not find(dialog, type(dialog.use_button), "Use this model").isEnabled()
    assert find(dialog, type(dialog.use_button), "Start experiment").isEnabled()
