"""Presentation mode: the whole app dressed for a projector (F5, as in slide-show programs).

Larger text, a high-contrast palette, thick plot lines (each widget's `set_presentation`) and
the advanced settings hidden. The font and palette belong to the application, shared by all
its windows, so `presentation_look` keeps them for every window together.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QWidget

from lmstudio_app.ui.pages.base import Page

# One key, as in slide-show programs, and how much larger the text gets.
PRESENTATION_KEY = "F5"
PRESENTATION_FONT_SCALE = 1.5


def high_contrast_palette() -> QPalette:
    """Black on white with a deep blue selection: what survives a washed-out projector."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#ffffff",
        roles.WindowText: "#000000",
        roles.Base: "#ffffff",
        roles.AlternateBase: "#eeeeee",
        roles.Text: "#000000",
        roles.Button: "#e6e6e6",
        roles.ButtonText: "#000000",
        roles.Highlight: "#0a3fa8",
        roles.HighlightedText: "#ffffff",
        roles.ToolTipBase: "#ffffe0",
        roles.ToolTipText: "#000000",
        roles.PlaceholderText: "#4d4d4d",
        roles.Link: "#0a3fa8",
        roles.Light: "#ffffff",
        roles.Midlight: "#d9d9d9",
        roles.Mid: "#808080",
        roles.Dark: "#404040",
        roles.Shadow: "#000000",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#6b6b6b"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#6b6b6b"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#6b6b6b"))
    return palette


class _PresentationLook:
    """The application's font and palette are shared by all its windows: they are dressed for
    a projector while any open window is in presentation mode, and the normal look is saved
    once. (Each window scaling the font itself made a second window, opened in the mode the
    first had left on, scale the already enlarged font again.)"""

    def __init__(self) -> None:
        self._windows: set[int] = set()  # those presenting
        self._watched: set[int] = set()  # those whose deletion is watched
        self._normal: tuple[QFont, QPalette] | None = None

    def enter(self, window: QWidget) -> None:
        key = id(window)
        self._windows.add(key)
        if key not in self._watched:
            # A window deleted without closing (not the usual way) must not keep the look.
            self._watched.add(key)
            window.destroyed.connect(lambda *_: self._forget(key))
        if self._normal is not None:
            return
        app = QApplication.instance()
        self._normal = (QFont(app.font()), QPalette(app.palette()))
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() * PRESENTATION_FONT_SCALE)
        app.setFont(font)
        app.setPalette(high_contrast_palette())

    def leave(self, window: QWidget) -> None:
        self._leave(id(window))

    def _forget(self, key: int) -> None:
        self._watched.discard(key)
        self._leave(key)

    def _leave(self, key: int) -> None:
        self._windows.discard(key)
        if self._windows or self._normal is None:
            return
        font, palette = self._normal
        self._normal = None
        app = QApplication.instance()
        app.setFont(font)
        app.setPalette(palette)


presentation_look = _PresentationLook()


class PresentationMode:
    """The main window's part: the mode switched on and off, and each page dressed for it."""

    _presentation: bool
    _pages: dict[str, Page]
    learn_group: Any
    presentation_action: QAction
    steps: QListWidget

    def is_presentation_mode(self) -> bool:
        return self._presentation

    def set_presentation_mode(self, enabled: bool) -> None:
        """Dress the whole app for a projector, or back as it was."""
        enabled = bool(enabled)
        self.presentation_action.setChecked(enabled)
        if enabled == self._presentation:
            return
        self._presentation = enabled
        if enabled:
            presentation_look.enter(self)
        else:
            presentation_look.leave(self)
        for page in self._pages.values():
            self._present_page(page, enabled)
        if self.learn_group is not None:  # made with the first page
            self.learn_group.set_presenting(enabled)
        # A widget with its own style sheet keeps the font it was polished with: polish it again.
        for widget in self.findChildren(QWidget):
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())
        self.steps.setMaximumWidth(330 if enabled else 220)
        self.statusBar().showMessage(
            # In the main window's translation context, where these sentences were written.
            QCoreApplication.translate(
                "MainWindow", "Presentation mode: press {key} to leave it."
            ).format(key=PRESENTATION_KEY)
            if enabled
            else QCoreApplication.translate("MainWindow", "Presentation mode is off."),
            5000,
        )

    def _present_page(self, page: Page, enabled: bool) -> None:
        for widget in page.findChildren(QWidget):
            if hasattr(widget, "set_presentation"):
                widget.set_presentation(enabled)
        # Advanced settings are hidden, with the switch that shows them; leaving the mode
        # gives the switch back as it was.
        advanced = getattr(page, "advanced", None)
        if advanced is not None:
            if enabled:
                advanced.setProperty("checked_before_presentation", advanced.isChecked())
                advanced.setChecked(False)
            else:
                advanced.setChecked(bool(advanced.property("checked_before_presentation")))
            advanced.setVisible(not enabled)
