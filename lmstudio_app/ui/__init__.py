"""The view: PySide6 and pyqtgraph. It talks to `lmstudio_app.core`, never the other way round."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lmstudio_app.ui.main_window import MainWindow

__all__ = ["MainWindow"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import lmstudio_app.ui` does not load Qt until the window is wanted.
    if name == "MainWindow":
        from lmstudio_app.ui.main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
