"""The window and the command line run the same steps (`core.runs.jobs`): the same small
training, done through each, writes the same run.json, and a resume behaves the same in both.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from lmstudio_app.core.runs import read_run_json
from lmstudio_app.ui import MainWindow
from tests.reliability.conftest import assert_refused, run_cli
from tests.ui.drive import choose, click, find, set_training_length, training_window

STEPS = 6
# A run stopped after its first few steps, then resumed to this end (a few seconds of the tiny
# LSTM on two cores).
STOPPED_STEPS = 150
# The only fields of run.json that say when or how fast, not what: they may differ.
MOMENT = ("created", "metrics")


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch, runs="window-runs")


def _choose_names_tiny_lstm(qtbot: QtBot, window: MainWindow) -> None:
    """The names sample, a char tokenizer, the tiny LSTM preset."""
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")


def _train_in_window(qtbot: QtBot, window: MainWindow) -> Path:
    """The names sample, a char tokenizer, the tiny LSTM preset, `STEPS` steps."""
    _choose_names_tiny_lstm(qtbot, window)
    set_training_length(window, steps=STEPS)
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    qtbot.waitUntil(lambda: window.session.active_model is not None, timeout=120_000)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=30_000)
    folder = window.session.runs[-1].folder
    assert folder is not None
    return folder


def _train_on_the_command_line(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, _out, err = run_cli(capsys, "train", "--sample", "names", "--tokenizer", "char",
                              "--model", "lstm", "--preset", "tiny",
                              "--max-steps", str(STEPS), "--out", str(folder), "--json")
    assert code == 0, err


def _keys(data: Any, prefix: str = "") -> set[str]:
    """Every key path of a JSON object ("corpus.source.files", ...)."""
    if not isinstance(data, dict):
        return set()
    found = set()
    for key, value in data.items():
        found.add(prefix + key)
        found |= _keys(value, f"{prefix}{key}.")
    return found


def test_the_window_and_the_command_line_write_the_same_run_json(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from_window = read_run_json(_train_in_window(qtbot, window))
    _train_on_the_command_line(capsys, tmp_path / "cli-run")
    from_cli = read_run_json(tmp_path / "cli-run")
    assert _keys(from_window) == _keys(from_cli)
    assert from_window["corpus"] == from_cli["corpus"]  # one record, fingerprints included
    for key in ("model_kind", "tokenizer", "model", "train"):
        assert from_window[key] == from_cli[key], key
    assert {k: v for k, v in from_window.items() if k not in MOMENT} == {
        k: v for k, v in from_cli.items() if k not in MOMENT
    }
    assert from_window["metrics"]["steps"] == from_cli["metrics"]["steps"] == STEPS


def test_a_run_stopped_in_the_window_resumes_to_its_end_as_the_command_line_resumes_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """How long a run trains is set once, on the Model page: a run stopped before its end
    goes on to that end, whether Resume is pressed in the window or `train --resume` is
    typed, and both record the same."""
    _choose_names_tiny_lstm(qtbot, window)
    set_training_length(window, steps=STOPPED_STEPS)
    window.go_to(window.train_page)
    click(qtbot, window, "Start training")
    plot = window.train_page.loss_plot
    qtbot.waitUntil(lambda: plot.point_count("train") >= 3, timeout=120_000)
    click(qtbot, window, "Stop training")
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=30_000)
    by_window = window.session.runs[-1].folder
    assert by_window is not None
    stopped = read_run_json(by_window)
    assert stopped["status"] == "cancelled" and stopped["metrics"]["steps"] < STOPPED_STEPS
    by_cli = tmp_path / "by-cli"
    shutil.copytree(by_window, by_cli)  # a run folder handed to someone else

    click(qtbot, window, "Resume training")
    qtbot.waitUntil(lambda: window.train_page.is_training(), timeout=10_000)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=120_000)
    assert not window.train_page.error.isVisible(), window.train_page.error.text()
    code, _out, err = run_cli(capsys, "train", "--resume", str(by_cli), "--json")
    assert code == 0, err
    from_window, from_cli = read_run_json(by_window), read_run_json(by_cli)
    for run in (from_window, from_cli):
        assert run["status"] == "finished"
        assert run["metrics"]["steps"] == run["train"]["max_steps"] == STOPPED_STEPS
    assert {k: v for k, v in from_window.items() if k not in MOMENT} == {
        k: v for k, v in from_cli.items() if k not in MOMENT
    }


def test_an_ngram_run_is_refused_for_resuming_in_the_same_words(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "ngram"
    code, _out, err = run_cli(capsys, "train", "--sample", "names", "--tokenizer", "char",
                              "--model", "ngram", "--order", "2", "--out", str(folder))
    assert code == 0, err
    refusal = assert_refused(capsys, "train", "--resume", str(folder),
                             says="n-gram models are counted in one go")
    window.go_to(window.train_page)
    window.train_page.resume_run(folder)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=30_000)
    error = window.train_page.error
    assert error.isVisible()
    assert error.text() == refusal.removeprefix("lmstudio-app: ")


def test_a_cli_ngram_run_records_its_text_as_a_recurrent_run_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One corpus record for every model kind: source and fingerprints included."""
    _train_on_the_command_line(capsys, tmp_path / "lstm")
    code, _out, err = run_cli(capsys, "train", "--sample", "names", "--tokenizer", "char",
                              "--model", "ngram", "--order", "2", "--out",
                              str(tmp_path / "ngram"))
    assert code == 0, err
    recurrent = json.loads((tmp_path / "lstm" / "run.json").read_text(encoding="utf-8"))
    ngram = json.loads((tmp_path / "ngram" / "run.json").read_text(encoding="utf-8"))
    assert ngram["corpus"] == recurrent["corpus"]
