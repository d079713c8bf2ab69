"""What every step of the workflow shares: a title, a plain explanation, a readiness state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.ui.session import Session


class Page(QWidget):
    """One step of the workflow. Subclasses fill `self.body` and implement `readiness`."""

    readiness_changed = Signal()
    status_message = Signal(str)
    # Which "What is happening here?" explanation the page opens with (see learn_texts).
    LEARN_KEY = ""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.title_label = QLabel()
        self._style_title()
        self.subtitle_label = QLabel()
        self.subtitle_label.setWordWrap(True)
        self.subtitle_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QVBoxLayout()
        from lmstudio_app.ui.widgets.learn_panel import LearnPanel  # after the first paint

        self.learn = LearnPanel(key=self.LEARN_KEY or None)
        self.body.addWidget(self.learn)  # first: above everything the page adds
        outer = QVBoxLayout(self)
        outer.addWidget(self.title_label)
        outer.addWidget(self.subtitle_label)
        content = QWidget()
        content.setLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

    def _style_title(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The title's font is set explicitly, so it does not follow the application font by
        # itself (presentation mode makes all text larger): restyle it from the page's font.
        if event.type() == QEvent.Type.FontChange:
            self._style_title()

    def set_header(self, title: str, subtitle: str) -> None:
        self.title_label.setText(title)
        self.subtitle_label.setText(subtitle)

    def title(self) -> str:
        return self.title_label.text()

    def readiness(self) -> tuple[bool, str]:
        """Whether this step can be used now, and if not, why (one plain sentence)."""
        return True, ""

    def clear(self) -> None:
        """Forget what the page shows of earlier work (File > New); its settings stay."""

    def shutdown(self) -> None:
        """Stop background work; called when the window closes."""

    def closeEvent(self, event: QCloseEvent) -> None:
        # A page shown on its own (as the tests show one) stops its work when it closes, as
        # the window does for its pages: deleted right after, it would otherwise take a
        # QThread that is still finishing with it, and Qt aborts the process. (Under load a
        # result can arrive while its thread has not yet left its event loop.)
        self.shutdown()
        super().closeEvent(event)


def error_label() -> QLabel:
    """A label for problems shown inline, in plain words."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Problem")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(
        "QLabel { color: #9b1c1c; background: #fde8e8; border: 1px solid #f8b4b4;"
        " border-radius: 4px; padding: 6px; }"
    )
    label.hide()
    return label


class Growing(QWidget):
    """Holds one widget at a small height it prefers, and grows it into the page's spare room.

    A page's scroll area lays its content out at the widgets' preferred heights (the page has
    word-wrapped text, so Qt sizes it by height for width, which takes preferred heights), and
    a plot's or a text box's own preference is large: the page then scrolls on a projector's
    768 lines though it would fit. This box prefers its minimum instead; the stretch factors
    still share out a large window's room. (A widget's own size policy cannot say it: with
    height for width, an ignored preference counts as no height at all.)
    """

    def __init__(self, widget: QWidget, pixels: int = 0, *, lines: float = 0) -> None:
        """At least `pixels` tall, or `lines` lines of the current font (which presentation
        mode enlarges: the height follows it)."""
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        self._pixels, self._lines = pixels, lines
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._apply_min_height()

    def _min_height(self) -> int:
        return max(self._pixels, round(self._lines * self.fontMetrics().lineSpacing()))

    def _apply_min_height(self) -> None:
        self.setMinimumHeight(self._min_height())  # set, so that the layout sets none
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_min_height()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._min_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._min_height())


def info_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def make_button(
    text: str, accessible_name: str, tip: str, slot: Callable[[], object]
) -> QPushButton:
    """A push button with the accessible name tests and screen readers use, and a tooltip."""
    button = QPushButton(text)
    button.setAccessibleName(accessible_name)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def show_progress(bar: QProgressBar, fraction: float, message: str) -> None:
    """Show a worker's progress; a negative fraction (amount of work unknown) makes it busy."""
    if fraction < 0:
        bar.setRange(0, 0)
    else:
        bar.setRange(0, 1000)
        bar.setValue(int(fraction * 1000))
    bar.setFormat(f"{message} %p%")
