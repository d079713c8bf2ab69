"""The status bar's sign that a lesson is open: its title, a click away from its instructions.

The banner can be closed; without this sign nothing said a lesson was still open and why some
settings could not be changed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QToolButton, QWidget

# A title longer than this is cut in the status bar (its tooltip has it whole).
TITLE_CHARS_SHOWN = 40


class LessonIndicator(QToolButton):
    """"Lesson: title" in the status bar while a lesson is open; a click shows its
    instructions again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson-indicator")
        self.setAccessibleName("Open lesson")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self._explanation())
        self.hide()

    @staticmethod
    def _explanation() -> str:
        return QCoreApplication.translate(
            "Lessons",
            "A lesson is open; the settings it locks cannot be changed. Click to read its "
            "instructions again; File > Close lesson frees the settings.",
        )

    def show_lesson(self, title: str) -> None:
        shown = title if len(title) <= TITLE_CHARS_SHOWN else title[: TITLE_CHARS_SHOWN - 1] + "…"
        if shown:
            text = QCoreApplication.translate("Lessons", "Lesson: {title}").format(title=shown)
        else:
            text = QCoreApplication.translate("Lessons", "A lesson is open")
        self.setText(text)
        tip = self._explanation()
        self.setToolTip(f"{title}\n\n{tip}" if title else tip)
        self.show()
