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

# How often the GUI thread looks at the collector's counts: often, so that each young pass
# finds few objects (a worker allocating fast fills the young generation between looks).
CHECK_INTERVAL_MS = 50

_collector: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Runs `gc.collect(generation)` from the GUI thread when Python would have.

    The young generations go by Python's thresholds. A full collection also waits, as
    Python's does, until the objects that reached the oldest generation since the last one
    are a quarter of those that survived it: with torch loaded the oldest generation holds
    about a million objects and a full pass takes hundreds of milliseconds, which the
    thresholds alone would repeat every few seconds and the window would feel.
    """

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.long_lived_total = len(gc.get_objects())
        self.long_lived_pending = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_INTERVAL_MS)

    def check(self) -> int:
        """Collect the generations whose counts are over their thresholds; return how many
        objects were found unreachable."""
        first, second, third = gc.get_count()
        if first <= self.thresholds[0]:
            return 0
        if second <= self.thresholds[1]:
            return gc.collect(0)
        full_due = (
            third > self.thresholds[2]
            and self.long_lived_pending > self.long_lived_total // 4
        )
        if full_due:
            found = gc.collect(2)
            self.long_lived_total = len(gc.get_objects(2))
            self.long_lived_pending = 0
            return found
        # What survives this pass moves to the oldest generation: count it as pending.
        young = len(gc.get_objects(0)) + len(gc.get_objects(1))
        found = gc.collect(1)
        self.long_lived_pending += max(young - found, 0)
        return found

    def freeze_long_lived(self) -> None:
        """Leave the objects alive now (torch's modules, the window) out of future passes.

        Called once the training engine has loaded: a full pass over its million objects
        took hundreds of milliseconds of the GUI thread, and they live as long as the app.
        """
        gc.freeze()
        self.long_lived_total = max(len(gc.get_objects(2)), 1)
        self.long_lived_pending = 0

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
