"""Report the main window's first paint and quit at once: for measure_first_paint.py.

`install()` wraps MainWindow.paintEvent so that the first paint prints `first paint` on
stdout and ends the process (os._exit, so no teardown time is counted). Loaded by
packaging/entry.py only when LMSTUDIO_FIRST_PAINT_PROBE is set.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def install() -> None:
    from lmstudio_app.ui import main_window

    original = main_window.MainWindow.paintEvent

    def paint_event(self: Any, event: Any) -> None:
        original(self, event)
        sys.stdout.write(f"first paint torch={'torch' in sys.modules}\n")
        sys.stdout.flush()
        os._exit(0)

    main_window.MainWindow.paintEvent = paint_event
