"""What the main window remembers between sessions: its size and place, the presentation
mode, each page's settings, and the files opened recently (File > Open recent)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMenu

from lmstudio_app.ui.pages.base import Page

MAX_RECENT = 8


def open_settings() -> QSettings:
    """The app's stored preferences (window size, recent files, language, presentation)."""
    return QSettings("LanguageModelStudio", "Language Model Studio")


class RememberedSettings:
    """The main window's part that saves and restores what it remembers."""

    _pages: dict[str, Page]
    _presentation: bool
    _geometry_restored: bool
    settings: QSettings
    recent_menu: QMenu

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _remember_recent(self, path: str) -> None:
        recent = [p for p in self._recent() if p != path]
        recent.insert(0, path)
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        if not recent:
            empty = self.recent_menu.addAction(
                QCoreApplication.translate("MainWindow", "Nothing opened yet")
            )
            empty.setEnabled(False)
            return
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name or path)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_corpus(p))

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        self._geometry_restored = geometry is not None
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 800)
        if self.settings.value("presentation", False, type=bool):
            self.set_presentation_mode(True)

    def show_first(self) -> None:
        """Show the window as the app opens: at its remembered place and size, or the first
        time at 1200x800, except on a smaller screen (a 1024x768 projector, a small laptop),
        which it fills instead of running past its edges."""
        screen = self.screen()
        available = screen.availableGeometry().size() if screen is not None else self.size()
        too_small = (available.width() < self.width() + 40
                     or available.height() < self.height() + 40)
        if not self._geometry_restored and too_small:
            self.resize(available.boundedTo(self.size()))
            self.showMaximized()
        else:
            self.show()

    def _save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("presentation", self._presentation)
        for page in self._pages.values():
            if hasattr(page, "save_settings"):
                page.save_settings(self.settings)
        self.settings.sync()

