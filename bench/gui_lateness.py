"""How late a 10 ms timer in the GUI thread fires while the window trains a model.

A person notices a window that answers 100 ms late. The targets (issue 15): while an LSTM
trains in the window and two other processes keep both cores busy, the timer's lateness
stays within p99 50 ms and max 150 ms. The tests only catch a frozen window (ten times the
target), because a shared machine makes a tight assert flaky; the figure lives here.

Phases, each `--seconds` long, in one window (offscreen), one after the other:
- `idle`: the same window with nothing running: the peer, what the timer costs by itself;
- `training`: the names sample, a character tokenizer and the tiny LSTM preset training;
- `training+load`: the same, with `--hogs` processes (default 2) spinning in pure Python.

Each phase is run `--repeats` times, interleaved, and the medians of its p99 and max are
printed with the ratio to the idle peer.

With `--large-mb N` (issue 8's case 14, target: max 100 ms), two more phases: a text of N MB
(Tiny Shakespeare repeated) opened in the window, measured until it is loaded and split; then a
BPE tokenizer built on it, measured until Cancel (pressed once its progress moved) has stopped it.

    QT_QPA_PLATFORM=offscreen python bench/gui_lateness.py [--seconds 5] [--repeats 3]
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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QSpinBox, QWidget

TARGET_P99_MS = 50.0
TARGET_MAX_MS = 150.0
TARGET_LARGE_MAX_MS = 100.0  # case 14: a large text loading, a tokenizer building
HOG = "while True: pass"


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--hogs", type=int, default=2)
    parser.add_argument("--large-mb", type=int, default=0, help="also open a text this large")
    args = parser.parse_args()

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

    results: dict[str, list[tuple[float, float]]] = {
        "idle": [], "training": [], "training+load": []
    }
    plot = window.train_page.loss_plot
    for _ in range(args.repeats):
        values = lateness_ms(app, args.seconds)
        results["idle"].append((float(np.percentile(values, 99)), float(values.max())))
        find(window, QAbstractButton, "Start training").click()
        wait_until(app, lambda: plot.point_count("train") >= 2, 120)
        values = lateness_ms(app, args.seconds)
        results["training"].append((float(np.percentile(values, 99)), float(values.max())))
        hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(args.hogs)]
        try:
            values = lateness_ms(app, args.seconds)
        finally:
            for hog in hogs:
                hog.kill()
                hog.wait()
        results["training+load"].append(
            (float(np.percentile(values, 99)), float(values.max()))
        )
        find(window, QAbstractButton, "Stop training").click()
        wait_until(app, lambda: not window.train_page.is_training(), 60)

    if args.large_mb:
        results.update(large_corpus_phases(app, window, args.large_mb, args.repeats))

    idle_p99 = statistics.median(p for p, _ in results["idle"]) or 1e-3
    idle_max = statistics.median(m for _, m in results["idle"]) or 1e-3
    print(f"load average {os.getloadavg()[0]:.1f}; {args.repeats} repeats of "
          f"{args.seconds:g} s; medians")
    print("| phase | p99 (ms) | max (ms) | p99 / idle | max / idle |")
    print("|---|---|---|---|---|")
    for phase, pairs in results.items():
        p99 = statistics.median(p for p, _ in pairs)
        worst = statistics.median(m for _, m in pairs)
        print(f"| {phase} | {p99:.1f} | {worst:.1f} | {p99 / idle_p99:.1f} | "
              f"{worst / idle_max:.1f} |")
    for phase, pairs in results.items():
        shown = ", ".join(f"{p:.0f}/{m:.0f}" for p, m in pairs)
        print(f"{phase}, each repeat (p99/max ms): {shown}")
    loaded = results["training+load"]
    p99 = statistics.median(p for p, _ in loaded)
    worst = statistics.median(m for _, m in loaded)
    verdict = "meets" if p99 <= TARGET_P99_MS and worst <= TARGET_MAX_MS else "misses"
    print(f"training with load: target p99 <= {TARGET_P99_MS:g} ms, max <= "
          f"{TARGET_MAX_MS:g} ms: {verdict} it")
    for phase in ("load", "build+cancel"):
        if phase in results:
            worst = statistics.median(m for _, m in results[phase])
            verdict = "meets" if worst <= TARGET_LARGE_MAX_MS else "misses"
            print(f"{phase}: target max <= {TARGET_LARGE_MAX_MS:g} ms: {verdict} it")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
