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


def never_cancel() -> bool:
    return False


def check_cancel(cancel: CancelCheck | None) -> None:
    """Raise `Cancelled` if the caller asked to stop."""
    if cancel is not None and cancel():
        raise Cancelled()
