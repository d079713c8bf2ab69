"""The window's workers run below the GUI thread's CPU priority (Linux), so that a busy
computer still leaves the window its share of the cores (issue 15)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.workers import BACKGROUND_NICENESS, EventPump, TaskRunner

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="a thread has a nice value of its own on Linux"
)


def nice_of_this_thread() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def nice_of_a_thread_started_here() -> int:
    """What a thread that this one starts gets (as torch starts its own threads)."""
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(nice_of_this_thread()))
    thread.start()
    thread.join()
    return seen[0]


def test_tasks_and_pumps_run_below_the_window_which_keeps_its_priority(qtbot: QtBot) -> None:
    gui = nice_of_this_thread()
    lower = min(19, gui + BACKGROUND_NICENESS)

    runner = TaskRunner()
    results: list[object] = []
    runner.succeeded.connect(results.append)
    runner.start(lambda progress, cancel: (nice_of_this_thread(), nice_of_a_thread_started_here()))
    qtbot.waitUntil(lambda: bool(results) and not runner.is_running(), timeout=10_000)
    assert results == [(lower, lower)]

    pump = EventPump()
    events: list[object] = []
    pump.events.connect(events.extend)

    def produce() -> Iterator[int]:
        yield nice_of_this_thread()
        yield nice_of_a_thread_started_here()

    pump.start(produce)
    qtbot.waitUntil(lambda: len(events) == 2 and not pump.is_running(), timeout=10_000)
    assert events == [lower, lower]
    # The GUI thread, and the next task's thread, start from the window's priority again.
    assert nice_of_this_thread() == gui
    results.clear()
    runner.start(lambda progress, cancel: nice_of_this_thread())
    qtbot.waitUntil(lambda: bool(results) and not runner.is_running(), timeout=10_000)
    assert results == [lower]
