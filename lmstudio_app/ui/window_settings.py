"""What the main window remembers between sessions: its size and place, the presentation
mode, each page's settings, and the files opened recently (File > Open recent)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QMenu

from lmstudio_app.ui.pages.base import Page

MAX_RECENT = 8
FIRST_SIZE = QSize(1200, 800)
# Below this the pages cannot be used; a remembered size smaller than it (or than the screen,
# on a smaller screen) is a leftover of another screen, not a choice: Qt once brought back a
# window maximized on 1366x768 at 491x290 on a 1024x768 projector, and saved it so.
MIN_USABLE_SIZE = QSize(640, 480)


def too_small(size: QSize, available: QRect) -> bool:
    """Whether a window of `size` is too small to use on a screen whose free area is
    `available` (smaller than a usable size, or than the whole screen when that is smaller)."""
    least = MIN_USABLE_SIZE.boundedTo(available.size())
    return size.width() < least.width() or size.height() < least.height()


def usable_on(normal: QRect, available: QRect) -> bool:
    """Whether a window at `normal` (its size and place when not maximized) can be used on a
    screen whose free area is `available`: not too small, not larger than the screen, and its
    top edge (where it is dragged from) on the screen."""
    if too_small(normal.size(), available):
        return False
    if normal.width() > available.width() or normal.height() > available.height():
        return False
    visible = normal.intersected(available)
    return (
        available.top() <= normal.top() <= available.bottom()
        and visible.width() >= normal.width() // 2
    )


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

    def _recent_lessons(self) -> set[str]:
        value = self.settings.value("recent_lessons", [])
        return {str(v) for v in ([value] if isinstance(value, str) else value or [])}

    def _remember_recent(self, path: str, lesson: bool = False) -> None:
        """Put `path` first in File > Open recent; `lesson`: it opens as a lesson again,
        whatever its name ends with."""
        recent = [p for p in self._recent() if p != path]
        recent.insert(0, path)
        recent = recent[:MAX_RECENT]
        self.settings.setValue("recent", recent)
        lessons = (self._recent_lessons() - {path}) | ({path} if lesson else set())
        self.settings.setValue("recent_lessons", [p for p in recent if p in lessons])
        self._refresh_recent_menu()

    def _open_recent(self, path: str) -> None:
        if path in self._recent_lessons():
            self.open_lesson(path)
        else:
            self.open_corpus(path)  # a text, or a run folder, or a lesson by its name

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
            action.triggered.connect(lambda _=False, p=path: self._open_recent(p))

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        # Qt refuses a geometry saved on another screen (returning False) or brings it back
        # as it can; either way, only one that is usable on this screen is kept.
        applied = geometry is not None and self.restoreGeometry(geometry)
        self._geometry_restored = applied and self._usable_here()
        if not self._geometry_restored:
            self.setWindowState(Qt.WindowState.WindowNoState)
            self.resize(FIRST_SIZE)
        if applied and not self._geometry_restored and self.screen() is not None:
            # placed where Qt put the unusable one: centre it on the screen instead
            available, frame = self.screen().availableGeometry(), self.geometry()
            frame.moveCenter(available.center())
            self.move(max(frame.left(), available.left()), max(frame.top(), available.top()))
        if self.settings.value("presentation", False, type=bool):
            self.set_presentation_mode(True)

    def show_first(self) -> None:
        """Show the window as the app opens: at its remembered place and size when they suit
        this screen (see `usable_on`), or else as the first time, at 1200x800, except on a
        smaller screen (a 1024x768 projector, a small laptop), which it fills instead of
        running past its edges."""
        screen = self.screen()
        available = screen.availableGeometry().size() if screen is not None else self.size()
        does_not_fit = (available.width() < self.width() + 40
                        or available.height() < self.height() + 40)
        if not self._geometry_restored and does_not_fit:
            self.resize(available.boundedTo(self.size()))
            self.showMaximized()
        else:
            self.show()

    def _usable_here(self) -> bool:
        screen = self.screen()
        return screen is None or usable_on(self.normalGeometry(), screen.availableGeometry())

    def _save_settings(self) -> None:
        screen = self.screen()
        if screen is not None and too_small(
            self.normalGeometry().size(), screen.availableGeometry()
        ):
            self.settings.remove("geometry")  # never a size that makes the next start unusable
        else:  # a larger one is fitted to the screen when restored
            self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("presentation", self._presentation)
        for page in self._pages.values():
            if hasattr(page, "save_settings"):
                page.save_settings(self.settings)
        self.settings.sync()

