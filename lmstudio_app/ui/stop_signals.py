"""SIGTERM and SIGHUP close the window as its own Quit would: training stops and is saved.

`kill PID`, logging out, shutting the computer down or closing the terminal the app was
started from send SIGTERM or SIGHUP. Python's default for them ends the process at once:
training stopped with no save, run.json left saying "running" and the run's lock left behind.

A Python signal handler only runs when the interpreter next runs Python code, which may be
never while Qt's event loop waits in C++. So the signal's number is written to a socket
(`signal.set_wakeup_fd`) that a `QSocketNotifier` watches: Qt wakes up at once and calls
`on_signal` in the GUI thread, where the window can close without asking (there is no one
to answer a question after a logout).
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _ignore_here(signum: int, frame: Any) -> None:
    """Installed so the default (end the process) does not run; the socket carries it."""


class StopSignals(QObject):
    """While it lives, a stop signal calls `on_signal(signum)` in the GUI thread."""

    def __init__(self, on_signal: Callable[[int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {signum: signal.signal(signum, _ignore_here) for signum in STOP_SIGNALS}
        self._notifier = QSocketNotifier(
            self._reader.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._drain)
        self._installed = True

    def _drain(self) -> None:
        try:
            received = self._reader.recv(64)
        except BlockingIOError:
            return
        for signum in received:
            if signum in STOP_SIGNALS:
                self._on_signal(signum)
                return  # one stop is enough; the window is closing

    def uninstall(self) -> None:
        """Put back the handlers that were there before (tests, a second window)."""
        if not self._installed:
            return
        self._installed = False
        self._notifier.setEnabled(False)
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        signal.set_wakeup_fd(self._previous_fd)
        with contextlib.suppress(OSError):
            self._reader.close()
            self._writer.close()
