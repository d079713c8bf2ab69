"""The Runs page lays the curves out by step or by training time, and remembers which."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from lmstudio_app.cli import main
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.widgets._time_axis import format_duration, nice_spacing, time_unit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "runs_v1"
COMMON = [
    "--sample", "names", "--model", "lstm", "--tokenizer", "char", "--threads", "1",
    "--sample-tokens", "5", "--eval-tokens", "300", "--patience", "0", "--max-steps", "12",
    "--eval-every", "6",
]  # fmt: skip
# The same steps, one network a few times the work per step of the other.
FAST = ["--embed-dim", "8", "--hidden-size", "16", "--seq-len", "16", "--batch-size", "4"]
SLOW = ["--embed-dim", "32", "--hidden-size", "192", "--seq-len", "32", "--batch-size", "16"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runs")
    folders = {name: root / name for name in ("fast", "slow", "trigram")}
    assert main(["train", *COMMON, *FAST, "--out", str(folders["fast"])]) == 0
    assert main(["train", *COMMON, *SLOW, "--out", str(folders["slow"])]) == 0
    ngram = ["train", "--sample", "names", "--model", "ngram", "--order", "3"]
    assert main([*ngram, "--tokenizer", "char", "--out", str(folders["trigram"])]) == 0
    return folders


def metrics(folder: Path) -> list[dict]:
    text = (folder / "metrics.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def open_window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(window.pages_built, timeout=10_000)
    return window


def open_runs(qtbot: QtBot, window: MainWindow, folders: list[Path]) -> None:
    for number, folder in enumerate(folders, start=1):
        window.open_run(folder)
        qtbot.waitUntil(lambda n=number: len(window.session.runs) == n, timeout=30_000)


def shown(window: MainWindow, name: str) -> tuple[np.ndarray, np.ndarray]:
    plot = window.runs_page.plot
    plot.redraw()
    return plot.overlay_data(name)


def test_time_moves_the_points_to_their_recorded_times(qtbot: QtBot, runs: dict[str, Path]) -> None:
    window = open_window(qtbot)
    open_runs(qtbot, window, [runs["fast"], runs["slow"], runs["trigram"]])
    page = window.runs_page
    page.table.selectAll()
    assert page.x_axis() == "steps"  # as the page first opens
    for name in ("fast", "slow"):
        assert list(shown(window, name)[0]) == list(range(1, 13))
    level_by_steps = shown(window, "trigram")[0]
    assert list(level_by_steps) == [0.0, 12.0]  # across the networks' steps

    page.x_axis_combo.setCurrentIndex(page.x_axis_combo.findData("time"))
    assert page.plot.x_axis() == "time"
    ends = []
    for name in ("fast", "slow"):
        x, y = shown(window, name)
        train = [r for r in metrics(runs[name]) if r["kind"] == "train"]
        assert list(x) == [r["time"] for r in train]
        assert len(y) == 12
        ends.append(x[-1])
    # Same steps, different seconds: the curves no longer lie on top of each other.
    assert not np.array_equal(shown(window, "fast")[0], shown(window, "slow")[0])
    built = next(r for r in metrics(runs["trigram"]) if r["kind"] == "built")
    x, y = shown(window, "trigram")
    assert x[0] == built["build_seconds"]  # reached once counting was done
    # and across the networks' time, or as long again as its counting where that is longer
    # (a loaded machine can count slower than these tiny networks train)
    assert x[-1] == max(*ends, 2 * built["build_seconds"])
    assert y[0] == y[1] == pytest.approx(window.session.runs[2].metrics["valid_loss"])
    assert page.plot.x_axis_title().startswith("training time")
    assert not page.axis_note.isVisible()

    page.x_axis_combo.setCurrentIndex(page.x_axis_combo.findData("steps"))
    assert list(shown(window, "fast")[0]) == list(range(1, 13))
    assert page.plot.x_axis_title() == "step"


def test_the_choice_is_remembered_by_the_next_window(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.runs_page.set_x_axis("time")
    window.close()  # saves the settings, as at quitting
    again = open_window(qtbot)
    assert again.runs_page.x_axis() == "time"
    assert again.runs_page.plot.x_axis() == "time"
    assert again.runs_page.x_axis_combo.currentText() == "Training time"
    again.runs_page.set_x_axis("steps")
    again.close()
    third = open_window(qtbot)
    assert third.runs_page.x_axis() == "steps"
    assert third.runs_page.plot.x_axis_title() == "step"


def test_a_run_without_times_is_named_and_left_out_of_the_time_view(
    qtbot: QtBot, runs: dict[str, Path], tmp_path: Path
) -> None:
    old = tmp_path / "old-lstm"
    shutil.copytree(FIXTURES / "lstm-plays", old)
    records = [{k: v for k, v in r.items() if k != "time"} for r in metrics(old)]
    text = "".join(json.dumps(r) + "\n" for r in records)
    (old / "metrics.jsonl").write_text(text, encoding="utf-8")
    window = open_window(qtbot)
    open_runs(qtbot, window, [old, runs["fast"]])
    page = window.runs_page
    page.table.selectAll()
    assert set(page.plot.overlay_names()) == {"old-lstm", "fast"}
    page.set_x_axis("time")
    # Kept in the legend, in its place (the colours stay), with nothing drawn on the clock.
    names = page.plot.overlay_names()
    assert set(names) == {"old-lstm (no times recorded)", "fast"}
    assert "old-lstm (no times recorded)" in page.plot.legend_names()
    assert shown(window, "old-lstm (no times recorded)")[0].size == 0
    assert shown(window, "fast")[0].size == 12
    assert page.axis_note.isVisible()
    assert "“old-lstm”" in page.axis_note.text()
    assert "shown by steps only" in page.axis_note.text()
    page.set_x_axis("steps")
    assert set(page.plot.overlay_names()) == {"old-lstm", "fast"}
    assert not page.axis_note.isVisible()


def test_time_ticks_read_as_a_stopwatch(qapp: object) -> None:
    assert format_duration(45) == "45s"
    assert format_duration(2.5) == "2.5s"
    assert format_duration(90) == "1m30s"
    assert format_duration(120) == "2m"
    assert format_duration(3900) == "1h05m"
    assert time_unit(119) == "s" and time_unit(120) == "min"
    # about one label per 90 pixels, on a round duration
    assert nice_spacing(600, 900) == (60.0, 30.0)
    assert nice_spacing(10, 900) == (1.0, 0.5)
    assert nice_spacing(3 * 3600, 600) == (1800.0, 900.0)


def test_past_two_minutes_the_axis_reads_in_minutes(qtbot: QtBot) -> None:
    from lmstudio_app.ui.widgets.loss_plot import LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(900, 300)
    plot.show()
    plot.set_x_axis("time")
    plot.add_overlay("run", np.linspace(0.0, 90.0, 50), np.linspace(4.0, 2.0, 50))
    plot.redraw()
    qtbot.waitUntil(lambda: plot.x_axis_title() == "training time (s)")
    axis = plot.plot_widget.getPlotItem().getAxis("bottom")
    assert axis.labelText == "training time (s)"  # what the axis shows, not only says
    assert axis.tickStrings([0.0, 30.0, 60.0], 1.0, 30.0) == ["0", "30", "60"]
    plot.plot_widget.getPlotItem().setXRange(0.0, 600.0, padding=0)  # a view of ten minutes
    qtbot.waitUntil(lambda: axis.labelText == "training time (min)")
    assert axis.tickStrings([0.0, 90.0, 120.0], 1.0, 30.0) == ["0s", "1m30s", "2m"]
    plot.set_x_axis("steps")
    assert axis.labelText == "step"
    assert axis.tickStrings([0.0, 100.0], 1.0, 100.0) == ["0", "100"]
