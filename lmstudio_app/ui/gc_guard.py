"""Python's cyclic garbage collector, run only in the GUI thread.

Python collects reference cycles in whichever thread happens to allocate when a threshold is
crossed: often a worker thread, in the middle of tokenizing or counting. If a cycle holds a
Qt object (a dialog, a closure over a widget), its C++ destructor then runs in that worker
thread. That is not allowed for widgets, and with PySide6 it deadlocked: the worker waited
for the interpreter inside the destructor while the window waited for the worker (seen in
an n-gram training started from the window). So the automatic collector is switched off and
the same generational collection is run from a timer in the GUI thread, with Python's own
thresholds. Cycles are freed a fraction of a second later than before; nothing else changes.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

# How often the GUI thread looks at the collector's counts.
CHECK_INTERVAL_MS = 250

_collector: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Runs `gc.collect(generation)` from the GUI thread when Python would have."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_INTERVAL_MS)

    def check(self) -> int:
        """Collect the generations whose counts are over their thresholds; return how many
        objects were found unreachable."""
        first, second, third = gc.get_count()
        if first <= self.thresholds[0]:
            return 0
        generation = 0
        if second > self.thresholds[1]:
            generation = 2 if third > self.thresholds[2] else 1
        return gc.collect(generation)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()


def collect_garbage_in_gui_thread() -> GuiThreadCollector | None:
    """Install the collector once per application; call it from the GUI thread."""
    global _collector
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return None
    if _collector is None or not shiboken6.isValid(_collector) or _collector.parent() is not app:
        _collector = GuiThreadCollector(app)
    return _collector
