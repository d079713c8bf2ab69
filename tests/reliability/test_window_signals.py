"""SIGTERM and SIGHUP sent to the window while it trains (a logout, `kill`, a shutdown).

Python's default ended the process at once: no save, run.json "running", the lock left
behind. Now the window closes as on Quit, without asking: training stops and is saved. The
signal is real (`os.kill` of this very process), delivered through the wakeup socket that
`ui/stop_signals.py` installs.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QMessageBox
from pytestqt.qtbot import QtBot

from lmstudio_app.core.checkpoint import has_checkpoint
from lmstudio_app.core.runs import read_run_json
from lmstudio_app.core.runs.lock import lock_is_live
from lmstudio_app.ui.stop_signals import StopSignals
from tests.reliability.test_window import close_window, open_window
from tests.ui.drive import choose, click, find, set_training_length


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_closes_the_training_window_and_saves(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: signal.Signals
) -> None:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    # Nobody is there to answer after a logout: asking would block the close for ever.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    runs = tmp_path / "runs"
    window = open_window(qtbot, runs)
    before = signal.getsignal(signum)  # SIG_IGN for SIGHUP under nohup
    stops = StopSignals(window.close_for_signal)
    try:
        choose(find(window, QComboBox, "Sample corpus"), "names")
        qtbot.waitUntil(lambda: window.session.splits is not None, timeout=30_000)
        choose(find(window, QComboBox, "Tokenizer kind"), "char")
        click(qtbot, window, "Build tokenizer")
        qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
        choose(find(window, QComboBox, "Model family"), "lstm")
        choose(find(window, QComboBox, "Preset"), "tiny")
        window.go_to(window.train_page)
        set_training_length(window, steps=1_000_000)
        click(qtbot, window, "Start training")
        plot = window.train_page.loss_plot
        qtbot.waitUntil(lambda: plot.point_count("train") >= 2, timeout=60_000)
        folders = [p for p in runs.iterdir() if p.is_dir()]
        assert len(folders) == 1 and lock_is_live(folders[0])

        os.kill(os.getpid(), signum)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)

        assert not window.train_page.is_training()
        run = read_run_json(folders[0])
        assert run["status"] != "running", run["status"]
        assert not lock_is_live(folders[0]) and not (folders[0] / "run.lock").exists()
        assert has_checkpoint(folders[0])  # what it had learned is kept, resumable
    finally:
        stops.uninstall()
        close_window(window)
    # The handlers are back as they were: the next signal would not reach a closed window.
    assert signal.getsignal(signum) == before
