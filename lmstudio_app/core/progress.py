"""The shape of long work: a progress callback and a cancel check.

Core functions that take long accept `progress(fraction, message)` and `cancel() -> bool`.
The GUI wraps them in a worker thread, the CLI in a progress bar, tests call them directly.
`fraction` is in [0, 1], or None when the amount of work left is unknown.
"""

from __future__ import annotations

from collections.abc import Callable

from lmstudio_app.core.errors import Cancelled

ProgressCallback = Callable[[float | None, str], None]
CancelCheck = Callable[[], bool]


def no_progress(fraction: float | None, message: str) -> None:
    """The default progress callback: report nothing."""


def scaled(progress: ProgressCallback, start: float, width: float) -> ProgressCallback:
    """A callback that maps a part's own 0..1 onto `start`..`start + width` of the whole:
    the one way a step reports its part of a longer piece of work (None stays None)."""

    def report(fraction: float | None, message: str) -> None:
        if fraction is not None:
            fraction = start + width * min(max(fraction, 0.0), 1.0)
        progress(fraction, message)

    return report


def check_cancel(cancel: CancelCheck | None) -> None:
    """Raise `Cancelled` if the caller asked to stop."""
    if cancel is not None and cancel():
        raise Cancelled()


def format_duration(seconds: float) -> str:
    """A duration as the window and the command line both show it: "45s", "3m05s", "1h02m"."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
