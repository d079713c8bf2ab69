"""torch, imported in a background thread once the window has painted (it takes seconds)."""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Signal


class EngineLoader(QObject):
    """Imports torch in a background thread, so the window paints first."""

    ready = Signal(str)

    def start(self) -> None:
        threading.Thread(target=self._load, name="load-torch", daemon=True).start()

    def _load(self) -> None:
        try:
            import torch

            message = f"torch {torch.__version__.split('+')[0]}"
        except Exception as exc:
            message = f"unavailable ({exc})"
        with contextlib.suppress(RuntimeError):  # the window closed while torch was loading
            self.ready.emit(message)
