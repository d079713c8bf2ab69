"""SIGTERM and SIGHUP on the command line are treated like Ctrl-C.

`kill PID`, a logout, a closed terminal or a job scheduler's time limit sends SIGTERM or
SIGHUP. Python's default for them ends the process at once: no save, run.json left saying
"running" and the folder's lock left behind. Here they raise `Terminated` (a
KeyboardInterrupt, so every `finally` and context manager that handles Ctrl-C runs: locks are
released, temporary files removed), and training loops install their own handler that asks
the trainer to stop and save, exactly as the first Ctrl-C does.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

# The signals that mean "please stop" besides SIGINT (Windows has neither).
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(KeyboardInterrupt):
    """Raised by a stop signal: handled wherever Ctrl-C is, and told apart by `signum`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal_name(signum))
        self.signum = signum


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def handle_signals(
    handler: Callable[[int, Any], None] = _raise_terminated,
    signals: tuple[signal.Signals, ...] = STOP_SIGNALS,
) -> Iterator[None]:
    """Install `handler` for `signals` while the block runs, then put the old ones back.

    Only the main thread may install handlers; elsewhere (the command line run from a test
    thread, say) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, handler) for signum in signals}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
