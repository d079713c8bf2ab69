"""Time from starting Python to the first paint of the main window, beside a bare PySide6 window.

Each side is a fresh process (`python -c ...`) timed from launch until the window's first
Paint event is handled; medians of --repeats interleaved runs. Target: ours <= 1.5x bare.
torch is not imported before the first paint (the window loads it afterwards), which the
child checks and reports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
if sys.argv[1] == "ours":
    from lmstudio_app.ui import MainWindow
    window = MainWindow()
else:
    from PySide6.QtWidgets import QLabel, QMainWindow
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.resize(1200, 800)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", "torch" in sys.modules, flush=True)
            app.exit(0)
        return False

watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
app.exec()
"""


def measure(kind: str) -> tuple[float, bool]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, kind], capture_output=True, text=True, env=env, check=True
    )
    elapsed = time.perf_counter() - started
    torch_loaded = "True" in out.stdout.split("painted", 1)[1]
    return elapsed, torch_loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    measure("bare")  # warm the file cache for both
    measure("ours")
    ours, bare, torch_flags = [], [], []
    for _ in range(args.repeats):
        seconds, flag = measure("ours")
        ours.append(seconds)
        torch_flags.append(flag)
        bare.append(measure("bare")[0])
    ours_median, bare_median = statistics.median(ours), statistics.median(bare)
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"first paint, median of {args.repeats} (platform {platform}):")
    print(f"  bare PySide6 window : {bare_median * 1000:7.0f} ms")
    print(f"  Language Model Studio: {ours_median * 1000:7.0f} ms")
    print(f"  ratio ours/bare      : {ours_median / bare_median:7.2f}  (target <= 1.5)")
    print(f"  torch imported before the first paint: {any(torch_flags)}")


if __name__ == "__main__":
    main()
