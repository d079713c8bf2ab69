"""The strip above the pages that shows the open lesson's title and instructions."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# A strip across the top of the window, as browsers show their notices.
BANNER_STYLE = (
    "QFrame#lesson-banner { background: #eaf2ff; border: none;"
    " border-bottom: 1px solid #9dbbea; }"
    " QFrame#lesson-banner QLabel { color: #12305e; background: transparent; }"
)
PROBLEM_STYLE = (
    "QFrame#lesson-banner { background: #fde8e8; border: none;"
    " border-bottom: 1px solid #f8b4b4; }"
    " QFrame#lesson-banner QLabel { color: #9b1c1c; background: transparent; }"
)
# The instructions may be long (up to 10,000 characters): beyond this height they scroll, so
# the pages below keep most of the window.
BANNER_TEXT_MAX_HEIGHT = 140


class LessonBanner(QFrame):
    """The lesson's title and instructions above the pages; or, in red, why a lesson could
    not be opened. The person can close it."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson-banner")
        self.setAccessibleName("Lesson banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel()
        self.title_label.setAccessibleName("Lesson title")
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.text_label = QLabel()
        self.text_label.setAccessibleName("Lesson instructions")
        # Plain text: a lesson comes from anyone, and its text must not be read as HTML.
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                                  "{ background: transparent; }")
        self.scroll.setWidget(self.text_label)
        self.scroll.setMaximumHeight(BANNER_TEXT_MAX_HEIGHT)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close lesson banner")
        self.close_button.setToolTip(self.tr("Hide this message. The lesson stays open."))
        self.close_button.clicked.connect(self.hide)
        self.close_button.clicked.connect(lambda: self.closed.emit())
        text_column = QVBoxLayout()
        text_column.setSpacing(4)
        text_column.addWidget(self.title_label)
        text_column.addWidget(self.scroll)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 6, 8)
        layout.addLayout(text_column, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.problem = False
        self.hide()

    def show_lesson(self, title: str, instructions: str) -> None:
        self.problem = False
        self.setStyleSheet(BANNER_STYLE)
        self.title_label.setText(title or self.tr("Lesson"))
        self.text_label.setText(instructions)
        self.scroll.setVisible(bool(instructions))
        self._fit()
        self.show()

    def show_problem(self, message: str) -> None:
        self.problem = True
        self.setStyleSheet(PROBLEM_STYLE)
        self.title_label.setText(self.tr("The lesson could not be opened"))
        self.text_label.setText(message)
        self.scroll.setVisible(True)
        self._fit()
        self.show()

    def _fit(self) -> None:
        # As tall as the text needs, up to the maximum: a scroll area does not size itself to
        # a word-wrapped label. The width is the banner's less its margins and close button.
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right() - self.close_button.width() - 12
        needed = self.text_label.heightForWidth(max(width, 200))
        self.scroll.setFixedHeight(min(max(needed, 0), BANNER_TEXT_MAX_HEIGHT) + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # the text wraps differently at another width
