"""ZipfPlot: rank against count on log-log axes with the slope −1 reference line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.widgets.zipf_plot import MAX_DRAWN_POINTS, ZipfPlot


def test_log_log_with_reference_line(qtbot: QtBot, tmp_path: Path) -> None:
    plot = ZipfPlot()
    qtbot.addWidget(plot)
    plot.resize(500, 400)
    plot.show()
    assert plot.accessibleName() == "Zipf plot"
    counts = np.array([1000, 480, 330, 260, 190, 170, 0, 0])
    plot.set_counts(counts)
    assert plot.is_log_log()
    x, y = plot.curve_data()
    np.testing.assert_array_equal(x, np.arange(1, 7))  # zeros left out
    np.testing.assert_array_equal(y, counts[:6])
    rx, ry = plot.reference_data()
    slope = (np.log10(ry[1]) - np.log10(ry[0])) / (np.log10(rx[1]) - np.log10(rx[0]))
    assert abs(slope + 1) < 1e-12
    assert ry[0] == 1000 and rx[0] == 1
    assert plot._reference.opts["pen"].style() != plot._curve.opts["pen"].style()  # dashed
    assert plot.plot_widget.getPlotItem().getAxis("bottom").labelText == "rank"
    assert plot.plot_widget.getPlotItem().getAxis("left").labelText == "count"
    assert "Zipf" in plot.caption.text()
    assert plot.grab().save(str(tmp_path / "zipf.png"))


def test_a_large_vocabulary_draws_a_sample_of_ranks(qtbot: QtBot) -> None:
    plot = ZipfPlot()
    qtbot.addWidget(plot)
    counts = (1e7 / np.arange(1, 1_000_001)).astype(np.int64) + 1
    plot.set_counts(counts)
    x, _ = plot.curve_data()
    assert x.size <= MAX_DRAWN_POINTS
    assert x[0] == 1 and x[-1] == 1_000_000
    assert plot.counts().size == 1_000_000
    plot.set_counts(np.array([]))
    assert plot.curve_data()[0].size == 0
