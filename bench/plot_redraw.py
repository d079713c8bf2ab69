"""How long the loss plot takes to redraw, beside a bare pyqtgraph plot of the same data.

Ours: `LossPlot` (one item per series over a growing buffer, display data computed for new
points only, clip-to-view and "peak" downsampling, antialiased lines). Peer: a bare
`pg.PlotWidget().plot()` curve given the whole arrays with `setData`, no clipping and no
downsampling, which is what a first version of a live plot usually does.

One redraw = 100 new training points arrive, the data is handed to the plot, and the widget
is painted (`grab()`, which renders everything, as the screen would). Before each timed
redraw both sides get the same 100 new points, so the point count grows from N to N + 2,000
over the 20 redraws. Median of 20 after 2 warm-up redraws, for N = 100,000 and 1,000,000, in
an 800 × 500 widget, offscreen. Ours is timed with smoothing off (the same single curve as the
peer) and with the default smoothing (a smoothed curve and the raw one, faint, behind it).

Also timed: appending 100,000 points to LossPlot in batches of 100 (as a training worker
delivers them), without redraws.

And a live redraw, as the window does while training (issue 15): 30 new points a redraw from
2,000 up to 3,800, a validation point every tenth, the plot shown at 860 × 480 in a running
event loop; the GUI thread's CPU time (`time.thread_time`, less sensitive to other processes
than the wall clock) for the hand-over and for the paints the redraw causes, counted. Ours
with its default smoothing (two curves) against a bare pyqtgraph plot with the same two curves
and a grid at the same 0.15 alpha, given the whole arrays (median of 60).

    QT_QPA_PLATFORM=offscreen python bench/plot_redraw.py [--repeats 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from lmstudio_app.ui.widgets.loss_plot import DEFAULT_SMOOTHING, LossPlot, ema

SIZE = (800, 500)
BATCH = 100


def losses_for(steps: np.ndarray) -> np.ndarray:
    rng = np.random.default_rng(0)
    return 1.5 + 3.0 * np.exp(-steps / (steps.size / 5 + 1)) + rng.normal(0, 0.1, steps.size)


def median_ms(run: Callable[[int], None], repeats: int) -> float:
    for i in range(2):
        run(-1 - i)
    timings = []
    for i in range(repeats):
        started = time.perf_counter()
        run(i)
        timings.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(timings)


def time_ours(app: QApplication, n: int, repeats: int, smoothing: float) -> float:
    total = n + (repeats + 2) * BATCH
    steps = np.arange(total, dtype=np.float64)
    losses = losses_for(steps)
    plot = LossPlot()
    plot.resize(*SIZE)
    plot.set_smoothing(smoothing)
    plot.show()
    plot.append_train(steps[:n], losses[:n])
    plot.redraw()
    app.processEvents()
    filled = [n]

    def redraw(_: int) -> None:
        start = filled[0]
        plot.append_train(steps[start : start + BATCH], losses[start : start + BATCH])
        filled[0] += BATCH
        plot.redraw()
        plot.plot_widget.grab()

    result = median_ms(redraw, repeats)
    assert plot.point_count("train") == filled[0]
    plot.close()
    plot.deleteLater()
    app.processEvents()
    return result


def time_peer(app: QApplication, n: int, repeats: int) -> float:
    import pyqtgraph as pg

    total = n + (repeats + 2) * BATCH
    steps = np.arange(total, dtype=np.float64)
    losses = losses_for(steps)
    widget = pg.PlotWidget()
    widget.resize(*SIZE)
    widget.show()
    curve = widget.plot(steps[:n], losses[:n])
    app.processEvents()
    filled = [n]

    def redraw(_: int) -> None:
        filled[0] += BATCH
        curve.setData(steps[: filled[0]], losses[: filled[0]])
        widget.grab()

    result = median_ms(redraw, repeats)
    widget.close()
    widget.deleteLater()
    app.processEvents()
    return result


def time_appends(points: int = 100_000) -> tuple[float, float]:
    steps = np.arange(points, dtype=np.float64)
    losses = losses_for(steps)
    plot = LossPlot()
    started = time.perf_counter()
    for start in range(0, points, BATCH):
        plot.append_train(steps[start : start + BATCH], losses[start : start + BATCH])
    elapsed = time.perf_counter() - started
    assert plot.point_count("train") == points
    plot.deleteLater()
    return elapsed * 1000.0, elapsed / (points / BATCH) * 1e6


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def time_live(app: QApplication, ours: bool, redraws: int = 60) -> tuple[float, float, float]:
    """CPU ms of a redraw's hand-over and of its paints (medians), and paints per redraw."""
    import pyqtgraph as pg

    steps = np.arange(2000 + 30 * redraws + 1, dtype=np.float64)
    losses = losses_for(steps)
    if ours:
        plot = LossPlot()
        widget = plot.plot_widget
    else:
        widget = pg.PlotWidget()
        widget.getPlotItem().showGrid(x=True, y=True, alpha=0.15)
        raw = widget.plot(pen=pg.mkPen("#9cc3e4", width=1))
        smooth = widget.plot(pen=pg.mkPen("#0072b2", width=2))
        valid = widget.plot(symbol="o", pen=pg.mkPen("#d55e00", width=2))
    shown = plot if ours else widget
    shown.resize(860, 480)
    shown.show()
    paints = _Paints()
    widget.viewport().installEventFilter(paints)
    valid_x: list[float] = []
    filled = 2000

    def hand_over() -> None:
        if ours:
            plot.redraw()
            return
        raw.setData(steps[:filled], losses[:filled])
        smooth.setData(steps[:filled], ema(losses[:filled], DEFAULT_SMOOTHING))
        valid.setData(valid_x, losses[np.asarray(valid_x, dtype=int)])

    if ours:
        plot.append_train(steps[:filled], losses[:filled])
    hand_over()
    for _ in range(5):
        app.processEvents()
    paints.count = 0
    handing: list[float] = []
    painting: list[float] = []
    for i in range(redraws):
        new = slice(filled, filled + 30)
        filled += 30
        if ours:
            plot.append_train(steps[new], losses[new])
        if i % 10 == 0:
            valid_x.append(float(filled))
            if ours:
                plot.append_valid(filled, float(losses[filled]))
        started = time.thread_time()
        hand_over()
        handing.append((time.thread_time() - started) * 1000.0)
        started = time.thread_time()
        for _ in range(3):
            app.processEvents()
        painting.append((time.thread_time() - started) * 1000.0)
    shown.close()
    shown.deleteLater()
    app.processEvents()
    return statistics.median(handing), statistics.median(painting), paints.count / redraws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    if args.sizes:
        print(f"median of {args.repeats} redraws (100 new points + hand over + paint), {SIZE}")
        header = f"{'points':>10} | {'ours, no smoothing':>18} | {'ours, smoothing':>15} | "
        header += f"{'bare pyqtgraph':>14} | {'ours / bare':>11}"
        print(header)
        print("-" * len(header))
    for n in args.sizes:
        plain = time_ours(app, n, args.repeats, 0.0)
        smoothed = time_ours(app, n, args.repeats, DEFAULT_SMOOTHING)
        peer = time_peer(app, n, args.repeats)
        print(
            f"{n:>10,} | {plain:>15.1f} ms | {smoothed:>12.1f} ms | {peer:>11.1f} ms | "
            f"{plain / peer:>11.2f}"
        )
    total_ms, per_batch_us = time_appends()
    print(
        f"append 100,000 points in batches of {BATCH}: {total_ms:.1f} ms "
        f"({per_batch_us:.1f} µs per batch)"
    )
    print("live redraw, GUI thread CPU (medians of 60): hand-over + its paints, paints a redraw")
    totals: dict[str, float] = {}
    for name, ours in (("ours", True), ("bare pyqtgraph", False)):
        handing, painting, per = time_live(app, ours)
        totals[name] = handing + painting
        print(
            f"{name:>15}: {handing:.2f} + {painting:.2f} = {handing + painting:.2f} ms, "
            f"{per:.2f} paints a redraw"
        )
    print(f"ours / bare: {totals['ours'] / totals['bare pyqtgraph']:.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
