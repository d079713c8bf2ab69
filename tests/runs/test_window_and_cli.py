"""The window and the command line run the same steps (`core.runs.jobs`): the same small
training, done through each, writes the same run.json, and a resume behaves the same in both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QSpinBox
from pytestqt.qtbot import QtBot

from lmstudio_app.core.runs import read_run_json
from lmstudio_app.ui import MainWindow
from tests.reliability.conftest import assert_refused, run_cli
from tests.ui.drive import choose, click, find, training_window

STEPS = 6
# The only fields of run.json that say when or how fast, not what: they may differ.
MOMENT = ("created", "metrics")


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    yield from training_window(qtbot, tmp_path, monkeypatch, runs="window-runs")


def _train_in_window(qtbot: QtBot, window: MainWindow) -> Path:
    """The names sample, a char tokenizer, the tiny LSTM preset, `STEPS` steps."""
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    click(qtbot, window, "Build tokenizer")
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")
    window.go_to(window.train_page)
    find(window, QSpinBox, "Max training steps").setValue(STEPS)
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


def test_a_window_resume_with_a_new_step_limit_records_it_as_the_command_line_does(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_window, by_cli = tmp_path / "by-window", tmp_path / "by-cli"
    for folder in (by_window, by_cli):
        _train_on_the_command_line(capsys, folder)
    code, _out, err = run_cli(capsys, "train", "--resume", str(by_cli),
                              "--max-steps", str(STEPS + 4), "--json")
    assert code == 0, err
    window.go_to(window.train_page)
    find(window, QSpinBox, "Max training steps").setValue(STEPS + 4)
    window.train_page.resume_run(by_window)
    qtbot.waitUntil(lambda: not window.train_page.is_training(), timeout=120_000)
    assert not window.train_page.error.isVisible(), window.train_page.error.text()
    for folder in (by_window, by_cli):
        run = read_run_json(folder)
        assert run["metrics"]["steps"] == STEPS + 4
        assert run["train"]["max_steps"] == STEPS + 4, folder.name


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
