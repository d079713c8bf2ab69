"""LossPlot: batched appends, timer-driven redraws, perplexity, log scale, smoothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.widgets._style import is_dark, series_colors
from lmstudio_app.ui.widgets.loss_plot import LossPlot, ema


def make(qtbot: QtBot) -> LossPlot:
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(640, 400)
    plot.show()
    return plot


def curve(steps: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(0)
    return 1.5 + 3.0 * np.exp(-steps / 2000.0) + rng.normal(0.0, 0.1, steps.size)


def test_ema_matches_the_debiased_recurrence() -> None:
    """TensorBoard's smoothing: b[t] = alpha b[t-1] + (1 - alpha) x[t] from b[-1] = 0, shown
    as b[t] / (1 - alpha ** (t + 1))."""
    rng = np.random.default_rng(1)
    for alpha in (0.0, 0.05, 0.5, 0.9, 0.99):
        for n in (1, 7, 1000, 5001):
            x = rng.normal(2.0, 1.0, n)
            expected = np.empty(n)
            biased = 0.0
            for i, value in enumerate(x):
                biased = alpha * biased + (1 - alpha) * value
                expected[i] = biased / (1 - alpha ** (i + 1)) if alpha else value
            np.testing.assert_allclose(ema(x, alpha), expected, rtol=1e-9, atol=1e-9)
    # Continuing from the previous smoothed value and the count of points before it gives
    # the same as smoothing in one go.
    x = rng.normal(2.0, 1.0, 3000)
    whole = ema(x, 0.95)
    parts = np.concatenate([ema(x[:1000], 0.95), ema(x[1000:], 0.95, whole[999], 1000)])
    np.testing.assert_allclose(parts, whole, rtol=1e-9)


def test_smoothing_follows_a_fast_first_fall() -> None:
    """A loss that falls fast in its first steps: started from its first point, smoothing 0.9
    gave that point the weight 0.9 ** t, and at step 10 the line read 0.98 above the loss.
    Debiased, every point so far weighs its share: 0.57 above (what is left is the lag of any
    average over a falling line)."""
    steps = np.arange(200, dtype=np.float64)
    loss = 3.2 + 2.6 * np.exp(-steps / 8.0)
    smoothed = ema(loss, 0.9)
    assert smoothed[0] == loss[0]
    assert smoothed[10] - loss[10] < 0.7
    assert np.all(smoothed >= loss - 1e-12)  # an average of a falling line lags, never leads
    assert abs(smoothed[-1] - loss[-1]) < 0.01


def test_appends_in_batches_and_redraws_from_the_timer(qtbot: QtBot, tmp_path: Path) -> None:
    plot = make(qtbot)
    assert plot.plot_widget.accessibleName() == "Loss plot"
    qtbot.wait(150)  # the first (empty) redraw
    before = plot.redraw_count
    steps = np.arange(100_000)
    losses = curve(steps)
    for start in range(0, steps.size, 1000):
        plot.append_train(steps[start : start + 1000], losses[start : start + 1000])
    # No redraw per append: the hundred batches wait for one timer tick.
    assert plot.redraw_count == before
    assert plot.point_count("train") == 100_000
    assert plot.is_dirty()
    qtbot.waitUntil(lambda: plot.redraw_count > before, timeout=1000)
    assert plot.redraw_count == before + 1
    assert not plot.is_dirty()
    assert plot.last_redraw_ms > 0
    x, _ = plot.series_data("train")
    assert x.size == 100_000
    # Nothing changed: the timer stays idle.
    qtbot.wait(250)
    assert plot.redraw_count == before + 1
    for step in range(10_000, 100_001, 10_000):
        plot.append_valid(step, 2.0)
    assert plot.point_count("valid") == 10
    plot.redraw()
    assert plot.series_data("valid")[0].size == 10
    assert plot.grab().save(str(tmp_path / "loss_plot.png"))


def test_buffers_grow_without_new_items(qtbot: QtBot) -> None:
    plot = make(qtbot)
    items_before = list(plot.plot_widget.getPlotItem().listDataItems())
    for start in range(0, 5000, 100):
        steps = np.arange(start, start + 100)
        plot.append_train(steps, curve(steps))
        plot.redraw()
    assert plot.plot_widget.getPlotItem().listDataItems() == items_before
    x, _ = plot.series_data("train")
    np.testing.assert_array_equal(x, np.arange(5000))


def test_perplexity_log_scale_and_smoothing_change_the_drawing(qtbot: QtBot) -> None:
    plot = make(qtbot)
    steps = np.arange(1, 1001)
    losses = curve(steps)
    plot.append_train(steps, losses)
    plot.set_smoothing(0.0)
    plot.redraw()
    _x, y = plot.series_data("train")
    np.testing.assert_allclose(y, losses)
    assert not plot._raw_item.isVisible()  # no faint copy without smoothing

    plot.set_perplexity(True)
    plot.redraw()
    _, y = plot.series_data("train")
    np.testing.assert_allclose(y, np.exp(losses))
    left = plot.plot_widget.getPlotItem().getAxis("left")
    assert left.labelText == "perplexity"

    plot.set_log_scale(True)
    plot.redraw()
    assert left.logMode
    assert plot.plot_widget.getPlotItem().getAxis("bottom").logMode is False

    plot.set_perplexity(False)
    plot.set_smoothing(0.9)
    plot.redraw()
    _, y = plot.series_data("train")
    np.testing.assert_allclose(y, ema(losses, 0.9))
    _, raw = plot.series_data("raw")
    np.testing.assert_allclose(raw, losses)  # the raw curve stays, faint, behind
    assert plot._raw_item.isVisible()
    assert left.labelText == "loss (nats per token)"
    assert plot.smoothing_label.text() == "0.90"


def test_smoothing_continues_across_appends(qtbot: QtBot) -> None:
    plot = make(qtbot)
    plot.set_smoothing(0.8)
    steps = np.arange(2000)
    losses = curve(steps)
    plot.append_train(steps[:700], losses[:700])
    plot.redraw()
    plot.append_train(steps[700:], losses[700:])
    plot.redraw()
    _, y = plot.series_data("train")
    np.testing.assert_allclose(y, ema(losses, 0.8), rtol=1e-9)


def test_nan_and_inf_are_skipped(qtbot: QtBot) -> None:
    plot = make(qtbot)
    plot.set_smoothing(0.5)
    plot.append_train(np.arange(6), np.array([3.0, np.nan, 2.5, np.inf, 2.0, 1e6]))
    plot.append_valid(5, float("nan"))
    plot.set_perplexity(True)
    plot.redraw()
    assert plot.point_count("train") == 6
    assert plot.drawn_count("train") == 4
    assert plot.point_count("valid") == 1
    assert plot.drawn_count("valid") == 0
    x, y = plot.series_data("train")
    np.testing.assert_array_equal(x, [0, 2, 4, 5])
    assert np.isfinite(y).all()  # exp(1e6) would overflow: capped


def test_overlays_get_distinct_colours_and_clear(qtbot: QtBot, tmp_path: Path) -> None:
    plot = make(qtbot)
    steps = np.arange(500)
    plot.append_train(steps, curve(steps))
    plot.add_overlay("run A", steps, curve(steps) + 0.2)
    plot.add_overlay("run B", steps, curve(steps) + 0.4)
    plot.redraw()
    assert plot.overlay_names() == ["run A", "run B"]
    items = [overlay.item for overlay in plot._overlays]
    colors = {item.opts["pen"].color().name() for item in items}
    colors.add(plot._train_item.opts["pen"].color().name())
    assert len(colors) == 3
    legend_names = [label.text for _, label in plot._legend.items]
    assert "run A" in legend_names and "training" in legend_names
    assert plot.grab().save(str(tmp_path / "loss_overlays.png"))
    plot.clear_overlays()
    assert plot.overlay_names() == []
    assert all(item not in plot.plot_widget.getPlotItem().listDataItems() for item in items)


def test_clear_and_presentation(qtbot: QtBot) -> None:
    plot = make(qtbot)
    plot.append_train(np.arange(10), np.ones(10))
    plot.redraw()
    assert not plot.empty_label.isVisible()
    plot.clear()
    plot.redraw()
    assert plot.point_count("train") == 0
    assert plot.series_data("train")[0].size == 0
    assert plot.empty_label.isVisible()
    plot.append_train(np.arange(10), np.full(10, 2.0))  # as many points as before the clear
    plot.redraw()
    np.testing.assert_allclose(plot.series_data("train")[1], np.full(10, 2.0))
    width = plot._train_item.opts["pen"].widthF()
    plot.set_presentation(True)
    assert plot._train_item.opts["pen"].widthF() > width
    # The text follows the widget's font (the window's, which presentation mode enlarges),
    # the axes' too, though pyqtgraph draws them at explicit sizes; it is not enlarged twice.
    ticks = plot.plot_widget.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF()
    assert plot.perplexity_check.font().pointSizeF() == plot.font().pointSizeF()
    bigger = plot.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    plot.setFont(bigger)
    assert plot.perplexity_check.font().pointSizeF() == bigger.pointSizeF()
    grown = plot.plot_widget.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF()
    assert grown == pytest.approx(ticks * 1.5, abs=1)


def test_controls_are_named_and_explained(qtbot: QtBot) -> None:
    plot = make(qtbot)
    for control in (plot.perplexity_check, plot.log_check, plot.smoothing_slider):
        assert control.accessibleName()
        assert control.toolTip()
    assert plot.perplexity_check.accessibleName() == "Show perplexity"
    assert "hesitates between" in plot.perplexity_check.toolTip()
    assert plot.smoothing_slider.maximum() == 99


def test_mismatched_lengths_are_refused(qtbot: QtBot) -> None:
    plot = make(qtbot)
    with pytest.raises(ValueError):
        plot.append_train(np.arange(3), np.ones(2))
    with pytest.raises(ValueError):
        plot.point_count("test")


def test_a_plot_of_other_runs_names_only_them_in_its_legend(qtbot: QtBot) -> None:
    steps = np.arange(1, 101, dtype=np.float64)
    own = make(qtbot)
    assert own.legend_names() == ["training", "validation"]
    compare = make(qtbot)
    compare.leave_own_curves_out_of_the_legend()
    compare.add_overlay("run A", steps, curve(steps))
    compare.add_overlay("run B", steps, curve(steps) + 0.3)
    assert compare.legend_names() == ["run A", "run B"]
    compare.clear_overlays()
    assert compare.legend_names() == []


class _Paints(QObject):
    """Counts the paints of a widget."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_each_redraw_paints_once_and_shows_the_newest_point(qtbot: QtBot) -> None:
    """Batches arriving faster than the redraw interval are drawn together by the timer, and
    each redraw costs one paint of the plot (pyqtgraph fitted the view during the paint, and
    the axes it changed asked for a second paint of the whole plot at once: two per redraw,
    the window's longest waits while training, issue 15). The view covers the newest point."""
    plot = make(qtbot)
    qtbot.wait(200)  # the first (empty) redraw and its paint
    paints = _Paints()
    plot.plot_widget.viewport().installEventFilter(paints)
    redraws = plot.redraw_count
    last = 0
    for _ in range(6):
        for _ in range(5):  # five batches within one redraw interval
            steps = np.arange(last, last + 40)
            plot.append_train(steps, curve(steps))
            last += 40
        before = plot.redraw_count
        qtbot.waitUntil(lambda before=before: plot.redraw_count > before, timeout=2000)
        qtbot.wait(60)  # the paints that this redraw asked for
        assert plot.redraw_count == before + 1
        assert plot.series_data("train")[0][-1] == last - 1
        x_range = plot.plot_widget.getPlotItem().getViewBox().viewRange()[0]
        assert x_range[0] <= 0 and x_range[1] >= last - 1
    redraws = plot.redraw_count - redraws
    assert redraws == 6
    assert 1 <= paints.count <= redraws


def test_the_grid_is_drawn_opaque_behind_the_curve(qtbot: QtBot, tmp_path: Path) -> None:
    """The grid lines take opaque colours (see-through lines were most of the paint time) and
    lie behind the curves: a flat training curve crossed by the vertical grid lines is drawn
    in its own colour along its whole length, and the grid still shows around it."""
    plot = make(qtbot)
    plot.set_smoothing(0.0)  # the training curve alone
    plot.append_train(np.arange(1000), np.full(1000, 2.0))
    plot.redraw()
    image = plot.plot_widget.grab().toImage()
    image.save(str(tmp_path / "flat.png"))
    train = QColor(series_colors(is_dark(plot.palette()))[0]).rgb()
    background = plot.palette().color(QPalette.ColorRole.Base).rgb()
    width, height = image.width(), image.height()
    rows = [y for y in range(height) if image.pixel(width // 2, y) == train]
    assert rows, "the curve is not where it was expected"
    row = rows[0]
    columns = [x for x in range(width) if image.pixel(x, row) == train]
    start, end = columns[0], columns[-1]
    assert end - start > width // 2
    # whole along its length, where the vertical grid lines cross it
    assert [x for x in range(start, end + 1) if image.pixel(x, row) != train] == []
    # the grid is there: above the curve, pixels that are neither background nor curve
    above = row - 20
    grid = [x for x in range(start, end) if image.pixel(x, above) not in (background, train)]
    assert len(grid) >= 3
    for name in ("left", "bottom"):
        axis = plot.plot_widget.getPlotItem().getAxis(name)
        canvas = QImage(10, 10, QImage.Format.Format_ARGB32)  # kept alive while painted on
        painter = QPainter(canvas)
        try:
            _, ticks, _ = axis.generateDrawSpecs(painter)
        finally:
            painter.end()
        assert ticks and all(pen.color().alpha() == 255 for pen, _, _ in ticks)


def test_flat_levels_are_not_zoomed_into_a_span_of_nothing(qtbot: QtBot) -> None:
    """Two n-gram levels a millionth apart (an experiment's runs on the Runs page) had the
    plot zoom into that millionth and label its ticks "2.050284984044440"."""
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 300)
    plot.show()
    plot.add_overlay("a", np.array([0.0, 10.0]), np.array([2.050284984, 2.050284984]))
    plot.add_overlay("b", np.array([0.0, 10.0]), np.array([2.0502849, 2.0502849]))
    plot.redraw()
    qtbot.wait(50)
    low, high = plot._plot.viewRange()[1]
    assert high - low >= 0.05 - 1e-9
    assert low < 2.0502849 < high
