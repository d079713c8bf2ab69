"""Reference cycles holding Qt objects are freed in the GUI thread, never in a worker."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget

from lmstudio_app.ui.gc_guard import collect_garbage_in_gui_thread


def test_a_widget_in_a_cycle_dies_in_the_gui_thread(qapp: QApplication) -> None:
    collector = collect_garbage_in_gui_thread()
    assert collector is not None
    assert not gc.isenabled()  # Python no longer collects in whatever thread allocates
    died_in: list[QThread] = []

    class Holder:
        pass

    holder = Holder()
    widget = QWidget()
    widget.destroyed.connect(lambda *_: died_in.append(QThread.currentThread()))
    holder.widget = widget  # type: ignore[attr-defined]
    widget.holder = holder  # type: ignore[attr-defined]  # a cycle through the wrapper
    del holder, widget

    def allocate() -> None:  # what a worker does: enough to cross every threshold
        junk = [[object()] for _ in range(200_000)]
        del junk

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert died_in == []  # nothing was collected in the worker
    collector.thresholds = (0, 0, 0)  # as if every threshold were crossed
    collector.long_lived_pending = collector.long_lived_total  # and a full pass were due
    collector.check()
    assert died_in == [qapp.thread()]


def test_the_collector_is_installed_once_and_only_from_the_gui_thread(qapp: QApplication) -> None:
    first = collect_garbage_in_gui_thread()
    assert collect_garbage_in_gui_thread() is first
    from_worker: list[QObject | None] = []
    thread = threading.Thread(target=lambda: from_worker.append(collect_garbage_in_gui_thread()))
    thread.start()
    thread.join()
    assert from_worker == [None]


def test_full_collections_wait_like_pythons(qapp: QApplication) -> None:
    """The young generations are collected by the thresholds; the oldest one only once a
    quarter as many objects as survived the last full pass have joined it since."""
    collector = collect_garbage_in_gui_thread()
    assert collector is not None
    collector.thresholds = (0, 0, 0)
    collector.long_lived_pending = 0
    collector.long_lived_total = 10**9
    junk = []
    for _ in range(2):  # a gen-0 pass, then a gen-1 pass whose survivors become pending
        junk.append([[object()] for _ in range(1000)])
        collector.check()
    assert 0 < collector.long_lived_pending < collector.long_lived_total  # no full pass
    collector.long_lived_pending = collector.long_lived_total
    for _ in range(2):  # a young pass, then the full one (each needs new objects)
        more = [[object()] for _ in range(1000)]
        collector.check()
        del more
    assert collector.long_lived_pending == 0  # a full pass ran and reset the count
    assert collector.long_lived_total > 0  # what survived it, the next pass's yardstick
    collector.thresholds = gc.get_threshold()
    del junk
