"""Files the system hands to the running app as events (macOS: a double-clicked lesson)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent


class FileOpenHandler(QObject):
    """Opens the files macOS delivers as QFileOpenEvent instead of on the command line.

    Finder does this for a file double-clicked while the app starts or runs, such as a
    `.lmlesson` from the teacher; the window opens it as if it had been dropped on it.
    """

    def __init__(self, open_path: Callable[[str], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_path = open_path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                self._open_path(path)
                return True
        return super().eventFilter(watched, event)
