"""Run core's long work in QThreads and bring its results back to the GUI thread, throttled.

Core functions take `progress(fraction, message)` and `cancel()`; `TaskRunner` runs one in a
worker object living in its own QThread and turns those calls into Qt signals at a bounded
rate. Training events are collected the same way and handed over as lists (see
`EventPump`), so the GUI's event queue can never flood however fast the batches are.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from lmstudio_app.core.errors import Cancelled, StudioError
from lmstudio_app.ui.translations import translate_core

# At most this many progress or event signals a second reach the GUI thread.
SIGNALS_PER_SECOND = 10
# How much lower than the window's the workers' CPU priority is (Linux nice steps).
BACKGROUND_NICENESS = 10


def lower_this_threads_priority() -> None:
    """Give the calling worker thread a lower CPU priority than the GUI thread's (Linux).

    On a busy computer every thread gets a share of the cores, and the window's share was
    also spent by training's own threads: with two other processes spinning, the window
    waited 30 to 90 ms now and then (issue 15). A worker at nice +10 still gets the cores
    that nobody else wants, so training on an idle computer runs as fast as before (and
    measured about as fast with both cores busy), while the GUI thread goes first when it
    has something to do. Threads the worker starts (torch's) inherit its priority; QThreads
    are new for each task, so the GUI thread and later tasks start from the window's again.

    Linux only: there a thread has its own nice value, set through its thread id. macOS
    would read a thread id as a process id, and Windows has no nice values.
    """
    if not sys.platform.startswith("linux"):
        return
    thread = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, current + BACKGROUND_NICENESS))
    except OSError:  # a sandbox that forbids it: run as before
        pass


def describe_failure(exc: BaseException) -> str:
    """A translated sentence for the user; an unexpected error's traceback goes to the log.

    Translated here, in the worker's thread (QCoreApplication.translate is thread-safe),
    because a queued signal carries a plain string: core's `Text` would lose its template.
    """
    if isinstance(exc, StudioError):
        return translate_core(exc.message)
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate(
            "Workers", "This computer ran out of memory. Use a smaller text or model."
        )
    from lmstudio_app.core.appdirs import log_exception

    log = log_exception(exc, "background task")
    sentence = QCoreApplication.translate(
        "Workers", "Something went wrong inside the app ({error}: {detail})."
    ).format(error=type(exc).__name__, detail=exc)
    if log:
        sentence += " " + QCoreApplication.translate(
            "Workers", "Details were written to {log}."
        ).format(log=log)
    return sentence


class _FunctionWorker(QObject):
    progress = Signal(float, str)  # fraction in [0, 1], or -1 when unknown
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, function: Callable[..., Any], cancel_event: threading.Event) -> None:
        super().__init__()
        self._function = function
        self._cancel_event = cancel_event
        self._last_emit = 0.0

    def _progress(self, fraction: float | None, message: str) -> None:
        now = time.monotonic()
        final = fraction is not None and fraction >= 1.0
        if not final and now - self._last_emit < 1.0 / SIGNALS_PER_SECOND:
            return
        self._last_emit = now
        self.progress.emit(-1.0 if fraction is None else float(fraction), translate_core(message))

    @Slot()
    def run(self) -> None:
        lower_this_threads_priority()
        try:
            result = self._function(progress=self._progress, cancel=self._cancel_event.is_set)
        except Cancelled:
            self.cancelled.emit()
        except BaseException as exc:
            self.failed.emit(describe_failure(exc))
        else:
            if self._cancel_event.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
        finally:
            self.done.emit()


class _ThreadedWorker(QObject):
    """Owns at most one worker object living in its own QThread, and cleans both up."""

    finished = Signal()  # after the worker is done and its thread has stopped

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: QObject | None = None

    def is_running(self) -> bool:
        return self._thread is not None

    def _launch(self, worker: QObject) -> None:
        if self._thread is not None:
            raise RuntimeError("already running")
        thread = QThread()
        worker.moveToThread(thread)
        # Direct: quit from the worker thread itself, so that a GUI thread blocked in wait()
        # (closing the window) does not have to process a queued quit first.
        worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)  # type: ignore[attr-defined]
        thread.started.connect(worker.run)  # type: ignore[attr-defined]
        # Through a relay that knows which thread it belongs to: a thread that wait() already
        # cleaned up still delivers its queued "finished" later, and a plain _cleanup would
        # then take the thread started since (opening two runs quickly) and delete it while
        # it runs, which aborts the process (found by a fresh-clone run under load).
        relay = _FinishedRelay(self, thread)
        thread.finished.connect(relay.fire)
        self._thread, self._worker = thread, worker
        _keeper().keep(thread, worker)
        thread.start()

    def _finished(self, thread: QThread) -> None:
        if thread is self._thread:
            self._cleanup()

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block until the work ends (used when the window closes)."""
        thread = self._thread
        if thread is None:
            return True
        finished = thread.wait(timeout_ms)
        if finished:
            self._cleanup()
        return finished

    def _cleanup(self) -> None:  # called directly: by wait(), and by _finished
        if self._thread is None:
            return
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        # "finished" is emitted from the thread before it has ended: it still deletes its own
        # objects after that (the deferred deletions Qt runs as a thread finishes). Wait for
        # that end (a moment) before the worker and the thread go, and let them go here, in
        # this thread, as Python drops them (both have no parent): a deleteLater() could race
        # the finishing thread for the same object (seen in the code, never made to happen).
        thread.wait()
        del worker, thread
        self.finished.emit()


class _ThreadKeeper(QObject):
    """Holds every started thread and its worker until the thread has finished.

    A page's runners normally outlive their threads (closing a page waits for them). But a
    page without a parent that Python frees while its task is still finishing (a test's
    page, freed when the test function returns, before pytest-qt closes it) took its
    runner, and with it the last reference to a running QThread: Qt aborts the process
    ("destroyed while thread is still running"; found with a core dump of the suite's
    abort in the tokenizer page's tests). Kept here, they go only once they are done."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self._kept: dict[QThread, QObject] = {}

    def keep(self, thread: QThread, worker: QObject) -> None:
        self._kept[thread] = worker
        thread.finished.connect(self._release)  # queued: this object lives in the GUI thread

    @Slot()
    def _release(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self._kept:
            thread.wait()  # "finished" comes just before its very end
            del self._kept[thread]


_KEEPER: _ThreadKeeper | None = None


def _keeper() -> _ThreadKeeper:
    global _KEEPER
    app = QCoreApplication.instance()
    if _KEEPER is None or not shiboken6.isValid(_KEEPER):
        _KEEPER = _ThreadKeeper(app)
    return _KEEPER


class _FinishedRelay(QObject):
    """Lives in the GUI thread; tells its owner that this one thread has finished."""

    def __init__(self, owner: _ThreadedWorker, thread: QThread) -> None:
        super().__init__(owner)
        # No reference to the owner here (it is the parent): a relay waiting for deletion
        # would otherwise keep its owner alive and, as the last one, delete it while being
        # deleted itself (a crash, seen with an owner that had no parent).
        self._thread: QThread | None = thread

    @Slot()
    def fire(self) -> None:
        owner, thread = self.parent(), self._thread
        self._thread = None
        self.deleteLater()
        if isinstance(owner, _ThreadedWorker) and thread is not None:
            owner._finished(thread)


class TaskRunner(_ThreadedWorker):
    """One background task at a time: start it, follow it, cancel it, wait for it.

    `function` is called in the worker thread as `function(progress=..., cancel=...)`.
    """

    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel_event = threading.Event()

    def start(self, function: Callable[..., Any]) -> None:
        self._cancel_event = threading.Event()
        worker = _FunctionWorker(function, self._cancel_event)
        worker.progress.connect(self.progress)
        worker.succeeded.connect(self.succeeded)
        worker.failed.connect(self.failed)
        worker.cancelled.connect(self.cancelled)
        self._launch(worker)

    def cancel(self) -> None:
        self._cancel_event.set()

    def cancel_and_wait(self, timeout_ms: int = 30_000) -> bool:
        self.cancel()
        return self.wait(timeout_ms)


class _PumpWorker(QObject):
    events = Signal(list)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, make_events: Callable[[], Iterator[Any]], stop: threading.Event) -> None:
        super().__init__()
        self._make_events = make_events
        self._stop = stop

    @Slot()
    def run(self) -> None:
        lower_this_threads_priority()
        pending: list[Any] = []
        last_emit = time.monotonic()
        interval = 1.0 / SIGNALS_PER_SECOND
        try:
            for event in self._make_events():
                pending.append(event)
                now = time.monotonic()
                # An event marked `deliver_at_once` (a pause, a checkpoint) goes out now with
                # those before it: the producer may block right after it (a paused Trainer
                # waits for Resume), and what was batched would otherwise wait as long.
                urgent = getattr(event, "deliver_at_once", False)
                if urgent or now - last_emit >= interval:
                    self.events.emit(pending)
                    pending = []
                    last_emit = now
                if self._stop.is_set():
                    break
        except Cancelled:
            # Stopped while preparing (encoding the text, reading it again): no error.
            if pending:
                self.events.emit(pending)
                pending = []
            self.cancelled.emit()
        except BaseException as exc:
            if pending:
                self.events.emit(pending)
                pending = []
            self.failed.emit(describe_failure(exc))
        finally:
            if pending:
                self.events.emit(pending)
            self.done.emit()


class EventPump(_ThreadedWorker):
    """Iterate a generator of events in a QThread; deliver them to the GUI in batched lists.

    Used for training (the Trainer yields typed events) and streaming generation. An event
    whose class sets `deliver_at_once` (the Trainer's pause and checkpoint, both rare) is sent
    at once with those batched before it, since the producer may then block for long. `stop()`
    makes the pump leave the loop after the current event; the producer's own cancel flag
    should be set too so it stops promptly.
    """

    events = Signal(list)
    failed = Signal(str)
    cancelled = Signal()  # the producer raised Cancelled (Stop during its preparation)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()

    def start(self, make_events: Callable[[], Iterator[Any]]) -> None:
        self._stop = threading.Event()
        worker = _PumpWorker(make_events, self._stop)
        worker.events.connect(self.events)
        worker.failed.connect(self.failed)
        worker.cancelled.connect(self.cancelled)
        self._launch(worker)

    def stop(self) -> None:
        self._stop.set()
