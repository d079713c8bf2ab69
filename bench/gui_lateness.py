"""How late a 10 ms timer in the GUI thread fires while the window trains a model.

A person notices a window that answers 100 ms late. The targets (issue 15): while an LSTM
trains in the window and two other processes keep both cores busy, the timer's lateness
stays within p99 50 ms and max 150 ms. The tests only catch a frozen window (ten times the
target), because a shared machine makes a tight assert flaky; the figure lives here.

Phases, each `--seconds` long, in one window (offscreen), one after the other:
- `idle`: the same window with nothing running: the peer, what the timer costs by itself;
- `idle+load N`: the same with `--load N` processes (default 2) spinning in pure Python, which
  the benchmark starts and ends itself: the peer of the next but one;
- `training`: the names sample, a character tokenizer and the tiny LSTM preset training;
- `training+load N`: the same, with the N busy processes again.

Each phase is run `--repeats` times, interleaved, and the medians of its p50, p99 and max are
printed with the ratio to its peer and, for `training+load N`, to the targets.

With `--large-mb N` (issue 8's case 14, target: max 100 ms), two more phases: a text of N MB
(Tiny Shakespeare repeated) opened in the window, measured until it is loaded and split; then a
BPE tokenizer built on it, measured until Cancel (pressed once its progress moved) has stopped it.

    QT_QPA_PLATFORM=offscreen python bench/gui_lateness.py [--seconds 5] [--repeats 3] [--load 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QSpinBox, QWidget

TARGET_P99_MS = 50.0
TARGET_MAX_MS = 150.0
TARGET_LARGE_MAX_MS = 100.0  # case 14: a large text loading, a tokenizer building
HOG = "while True: pass"


class Figures(NamedTuple):
    """A phase's timer lateness in milliseconds."""

    p50: float
    p99: float
    worst: float


def find(window: QWidget, kind: type, name: str) -> QWidget:
    found = [w for w in window.findChildren(kind) if w.accessibleName() == name]
    if not found:
        raise SystemExit(f"no {kind.__name__} named {name!r}")
    return found[0]


def choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def wait_until(app: QApplication, condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the window")
        app.processEvents()
        time.sleep(0.005)


def lateness_ms(
    app: QApplication, seconds: float, until: Callable[[], bool] | None = None
) -> np.ndarray:
    """Run the event loop for `seconds` (or until `until()` holds) with a 10 ms precise
    timer; how late each tick was."""
    clock = QElapsedTimer()
    late: list[float] = []
    last = [0]

    def tick() -> None:
        now = clock.nsecsElapsed()
        late.append(max(0.0, (now - last[0]) / 1e6 - 10.0))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(tick)
    # A real event loop, as the window runs in: it waits in the OS between events.
    loop = QEventLoop()
    stop = QTimer()
    stop.setSingleShot(True)
    stop.timeout.connect(loop.quit)
    watch = QTimer()  # asks `until` five times a second, like a page polling a worker
    watch.timeout.connect(lambda: loop.quit() if until is not None and until() else None)
    clock.start()
    last[0] = clock.nsecsElapsed()
    timer.start(10)
    stop.start(int(seconds * 1000))
    watch.start(200)
    loop.exec()
    timer.stop()
    watch.stop()
    stop.stop()
    return np.asarray(late[1:] or [0.0])


def large_corpus_phases(
    app: QApplication, window: QWidget, megabytes: int, repeats: int
) -> dict[str, list[tuple[float, float]]]:
    """Lateness while a large text loads, and while a BPE tokenizer builds on it until it is
    cancelled (each `repeats` times)."""
    from lmstudio_app.core.resources import resources_dir

    sample = (resources_dir() / "corpora" / "tinyshakespeare.txt").read_text(encoding="utf-8")
    path = Path(tempfile.mkdtemp(prefix="lmstudio-bench-")) / "large.txt"
    with open(path, "w", encoding="utf-8") as stream:
        for _ in range(megabytes * 1_000_000 // len(sample) + 1):
            stream.write(sample)
    phases: dict[str, list[tuple[float, float]]] = {"load": [], "build+cancel": []}
    corpus_page, tokenizer_page = window.corpus_page, window.tokenizer_page
    seen: list[float] = []  # the build's progress, to cancel once it has moved
    tokenizer_page.builder.progress.connect(lambda f, m: seen.append(f))
    for _ in range(repeats):
        before = window.session.splits
        window.open_corpus(path)

        def loaded(before: object = before) -> bool:
            return window.session.splits is not before and not corpus_page.loader.is_running()

        values = lateness_ms(app, 600, until=loaded)
        phases["load"].append((float(np.percentile(values, 99)), float(values.max())))
        choose(find(window, QComboBox, "Tokenizer kind"), "bpe")
        seen.clear()
        find(window, QAbstractButton, "Build tokenizer").click()

        def cancel_once_moving() -> bool:
            if any(0 < f < 1 for f in seen):
                button = find(window, QAbstractButton, "Cancel building")
                if button.isEnabled():
                    button.click()
            return bool(seen) and not tokenizer_page.builder.is_running()

        values = lateness_ms(app, 600, until=cancel_once_moving)
        phases["build+cancel"].append((float(np.percentile(values, 99)), float(values.max())))
    path.unlink()
    return phases


def busy_loops(count: int) -> list[subprocess.Popen[bytes]]:
    """`count` processes spinning in pure Python, each in a session of its own (like
    `setsid python3 -c "while True: pass" &`), so that they keep the cores busy."""
    return [
        subprocess.Popen([sys.executable, "-c", HOG], start_new_session=True) for _ in range(count)
    ]


def end_loops(loops: list[subprocess.Popen[bytes]]) -> None:
    for loop in loops:
        loop.kill()
        loop.wait()


def summary(values: np.ndarray) -> Figures:
    return Figures(
        float(np.percentile(values, 50)), float(np.percentile(values, 99)), float(values.max())
    )


def medians(runs: list[Figures]) -> Figures:
    return Figures(*(statistics.median(run[i] for run in runs) for i in range(3)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--load", type=int, default=2, help="busy loops started for the loaded phases"
    )
    parser.add_argument("--large-mb", type=int, default=0, help="also open a text this large")
    args = parser.parse_args()
    load_before = os.getloadavg()

    os.environ["LMSTUDIO_DATA_DIR"] = tempfile.mkdtemp(prefix="lmstudio-bench-")
    app = QApplication(sys.argv[:1])
    from lmstudio_app.ui import MainWindow

    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    wait_until(app, window.pages_built, 30)
    wait_until(app, lambda: window.engine_ready, 120)
    choose(find(window, QComboBox, "Sample corpus"), "names")
    wait_until(app, lambda: window.session.splits is not None, 60)
    choose(find(window, QComboBox, "Tokenizer kind"), "char")
    find(window, QAbstractButton, "Build tokenizer").click()
    wait_until(app, lambda: window.session.tokenizer is not None, 60)
    choose(find(window, QComboBox, "Model family"), "lstm")
    choose(find(window, QComboBox, "Preset"), "tiny")
    window.go_to(window.train_page)
    find(window, QSpinBox, "Max training steps").setValue(1_000_000)

    loaded = f"+load {args.load}"
    results: dict[str, list[Figures]] = {
        "idle": [],
        "idle" + loaded: [],
        "training": [],
        "training" + loaded: [],
    }
    plot = window.train_page.loss_plot
    # What the window's responsiveness costs training: its steps a second in each phase.
    speeds: dict[str, list[float]] = {"training": [], "training" + loaded: []}

    def training_lateness(phase: str) -> np.ndarray:
        steps, started = plot.point_count("train"), time.monotonic()
        values = lateness_ms(app, args.seconds)
        speeds[phase].append((plot.point_count("train") - steps) / (time.monotonic() - started))
        return values

    for _ in range(args.repeats):
        results["idle"].append(summary(lateness_ms(app, args.seconds)))
        loops = busy_loops(args.load)
        try:
            results["idle" + loaded].append(summary(lateness_ms(app, args.seconds)))
        finally:
            end_loops(loops)
        find(window, QAbstractButton, "Start training").click()
        wait_until(app, lambda: plot.point_count("train") >= 2, 120)
        results["training"].append(summary(training_lateness("training")))
        loops = busy_loops(args.load)
        try:
            results["training" + loaded].append(summary(training_lateness("training" + loaded)))
        finally:
            end_loops(loops)
        find(window, QAbstractButton, "Stop training").click()
        wait_until(app, lambda: not window.train_page.is_training(), 60)

    if args.large_mb:
        for phase, pairs in large_corpus_phases(app, window, args.large_mb, args.repeats).items():
            results[phase] = [Figures(float("nan"), p99, worst) for p99, worst in pairs]

    print(
        f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after "
        f"({os.cpu_count()} cores); {args.repeats} repeats of {args.seconds:g} s; medians; "
        "the peer of each phase is the same window with nothing running, under the same load"
    )
    print("| phase | p50 (ms) | p99 (ms) | max (ms) | p99 / peer | max / peer |")
    print("|---|---|---|---|---|---|")
    peers = {"training": "idle", "training" + loaded: "idle" + loaded}
    for phase, runs in results.items():
        figures = medians(runs)
        ratios = "| |"
        if phase in peers:
            peer = medians(results[peers[phase]])
            ratios = (
                f"{figures.p99 / max(peer.p99, 1e-3):.1f} | "
                f"{figures.worst / max(peer.worst, 1e-3):.1f} |"
            )
        print(f"| {phase} | {figures.p50:.1f} | {figures.p99:.1f} | {figures.worst:.1f} | {ratios}")
    for phase, runs in results.items():
        shown = ", ".join(f"{run.p99:.0f}/{run.worst:.0f}" for run in runs)
        print(f"{phase}, each repeat (p99/max ms): {shown}")
    for phase, rates in speeds.items():
        shown = ", ".join(f"{rate:.0f}" for rate in rates)
        print(f"{phase}: training steps a second, median {statistics.median(rates):.0f} ({shown})")
    figures = medians(results["training" + loaded])
    verdict = (
        "meets" if figures.p99 <= TARGET_P99_MS and figures.worst <= TARGET_MAX_MS else "misses"
    )
    print(
        f"training{loaded}: p99 {figures.p99:.1f} ms of the {TARGET_P99_MS:g} ms target "
        f"({figures.p99 / TARGET_P99_MS:.2f}), max {figures.worst:.1f} ms of "
        f"{TARGET_MAX_MS:g} ({figures.worst / TARGET_MAX_MS:.2f}): {verdict} it"
    )
    for phase in ("load", "build+cancel"):
        if phase in results:
            worst = medians(results[phase]).worst
            verdict = "meets" if worst <= TARGET_LARGE_MAX_MS else "misses"
            print(
                f"{phase}: max {worst:.1f} ms of the {TARGET_LARGE_MAX_MS:g} ms target "
                f"({worst / TARGET_LARGE_MAX_MS:.2f}): {verdict} it"
            )
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
