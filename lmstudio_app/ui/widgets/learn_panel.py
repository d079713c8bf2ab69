"""LearnPanel: a collapsible "What is happening here?" explanation at the top of a step.

A header button (an arrow and a question) opens and closes a short rich-text explanation.
The panel remembers nothing itself: the window reads `is_expanded()` and listens to
`toggled` to keep the choice in QSettings, and `LearnPanelGroup` does exactly that for all
the panels of a window at once.

Looks: a subtle background (the palette's AlternateBase) with an accent bar on the left (the
palette's Highlight), both painted here from the live palette, so light and dark themes and
a palette change at run time all work without a style sheet. Every size (margins, the bar,
the corner radius) is derived from the font, so presentation mode's larger font scales the
whole panel; the text itself inherits the font from the page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from lmstudio_app.ui.learn_texts import learn_html, ui_text
from lmstudio_app.ui.widgets._style import blend

# Arrows drawn as text, not QToolButton's arrow type: a text arrow grows with the font, the
# style's arrow icon does not.
_OPEN_ARROW = "▼"
_CLOSED_ARROW = "►"


class LearnPanel(QFrame):
    """A collapsible explanation; expanded by default.

    Give it either the HTML to show (`LearnPanel(learn_html("corpus"))`) or a key
    (`LearnPanel(key="corpus")`); with a key, the text follows a change of interface language.
    """

    toggled = Signal(bool)  # the new state, whether the user or set_expanded changed it

    def __init__(
        self, html: str = "", parent: QWidget | None = None, *, key: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LearnPanel")
        self._key: str | None = None

        self._expanded = True
        # Not a checkable button: a checked tool button is drawn pressed in, which reads as
        # "stuck", not "open". Raised only under the mouse, like a link; the arrow says the state.
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.setAccessibleName("Learn")
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        # Only the weight is set, so the size still comes from the page (presentation mode).
        bold = QFont()
        bold.setBold(True)
        self.button.setFont(bold)
        self.button.clicked.connect(lambda: self.set_expanded(not self._expanded))

        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName("Learn text")
        # Preferred, not Minimum: a word-wrapped label's preferred height is taken at a guessed
        # width, about twice its height at a page's width, and as a minimum it made every page
        # scroll on a 768-line screen. Layouts size it by height for width all the same.
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # The painted background, not the label's, must show through.
        self.label.setAutoFillBackground(False)

        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        self._layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self._retranslate()
        self._apply_metrics()
        if key is not None:
            self.set_key(key)
        else:
            self.set_html(html)

    # ---- content

    def set_html(self, html: str) -> None:
        """Show this HTML; a key set before is forgotten."""
        self._key = None
        self.label.setText(html)

    def set_key(self, key: str) -> None:
        """Show the text of a page key ("corpus", "model_lstm"...), translated."""
        text = learn_html(key)  # raises KeyError for an unknown key, before anything changes
        self._key = key
        self.label.setText(text)

    def key(self) -> str | None:
        return self._key

    def html(self) -> str:
        return self.label.text()

    # ---- open and closed

    def is_expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        """Open or close the text; `toggled` is emitted only when the state changes."""
        expanded = bool(expanded)
        if expanded == self._expanded:
            return
        self._expanded = expanded
        self.label.setVisible(expanded)
        self._retranslate()  # the arrow turns, the description follows
        self.updateGeometry()
        self.toggled.emit(expanded)

    # ---- looks

    def _retranslate(self) -> None:
        arrow = _OPEN_ARROW if self._expanded else _CLOSED_ARROW
        self.button.setText(f"{arrow}  {ui_text('header')}")
        self.button.setToolTip(ui_text("tooltip"))
        # What a screen reader says besides the name "Learn": whether the text is open.
        self.button.setAccessibleDescription(ui_text("expanded" if self._expanded else "collapsed"))

    def _unit(self) -> int:
        """The font's line height: the measure every size of the panel is taken from."""
        return max(8, self.fontMetrics().height())

    def _bar_width(self) -> int:
        return max(3, round(self._unit() / 4))

    def _apply_metrics(self) -> None:
        unit = self._unit()
        pad = round(unit * 0.6)
        self._layout.setContentsMargins(self._bar_width() + pad, round(pad * 0.5), pad, pad)
        self._layout.setSpacing(round(unit * 0.25))
        # The label's first paragraph sits under the header text, not under its arrow.
        arrow_indent = self.button.fontMetrics().horizontalAdvance(f"{_OPEN_ARROW}  ")
        self.label.setContentsMargins(max(0, arrow_indent - pad // 2), 0, 0, 0)

    def _colors(self) -> tuple[QColor, QColor, QColor]:
        """Background, border and accent, from the palette in use now."""
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        background = palette.color(QPalette.ColorRole.AlternateBase)
        # Some styles make AlternateBase (almost) the window colour; the panel must still
        # stand apart from the page, so lean it a little towards the text colour.
        if abs(background.lightness() - window.lightness()) < 8:
            background = blend(text, window, 0.06)
        border = blend(text, background, 0.15)
        accent = palette.color(QPalette.ColorRole.Highlight)
        return background, border, accent

    def paintEvent(self, event: QPaintEvent) -> None:
        background, border, accent = self._colors()
        radius = self._unit() * 0.3
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        shape = QPainterPath()
        shape.addRoundedRect(rect, radius, radius)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillPath(shape, background)
        painter.setClipPath(shape)  # the bar follows the rounded corners
        painter.fillRect(QRectF(rect.left(), rect.top(), self._bar_width(), rect.height()), accent)
        painter.setClipping(False)
        painter.setPen(border)
        painter.drawPath(shape)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.FontChange:
            self._apply_metrics()
        elif kind == QEvent.Type.PaletteChange:
            self.update()
        elif kind == QEvent.Type.LanguageChange:
            self._retranslate()
            if self._key is not None:
                self.label.setText(learn_html(self._key))
        super().changeEvent(event)


class LearnPanelGroup(QObject):
    """Keeps a window's panels open or closed together, and the choice in QSettings.

    Closing the panel on one page closes it on every page: a teacher who knows the
    explanations closes them once. Panels can be added as their pages are built.

    While presenting (`set_presenting`), the panels start closed: open, they take about 40% of
    a projector's 768 lines and push the plots and the text below the fold. The person may
    still open them; that choice lasts until the presentation ends and is not remembered.
    """

    def __init__(
        self, settings: QSettings, key: str = "learn/expanded", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._key = key
        self._panels: list[LearnPanel] = []
        self._presenting = False
        self._expanded_while_presenting = False

    def expanded(self) -> bool:
        if self._presenting:
            return self._expanded_while_presenting
        value = self._settings.value(self._key, True)
        # QSettings gives back "true"/"false" strings from INI files on some platforms.
        if isinstance(value, str):
            return value.lower() not in ("false", "0", "no")
        return bool(value)

    def add(self, panel: LearnPanel) -> None:
        panel.set_expanded(self.expanded())
        panel.toggled.connect(self._panel_toggled)
        panel.destroyed.connect(lambda *_: self._forget(panel))
        self._panels.append(panel)

    def _forget(self, panel: LearnPanel) -> None:
        self._panels = [p for p in self._panels if p is not panel]

    def set_presenting(self, presenting: bool) -> None:
        """Close the panels for a presentation; open them as remembered once it ends."""
        if presenting == self._presenting:
            return
        self._presenting = presenting
        self._expanded_while_presenting = False
        self._set_all(self.expanded())

    def _panel_toggled(self, expanded: bool) -> None:
        if self._presenting:
            self._expanded_while_presenting = expanded
        else:
            self._settings.setValue(self._key, expanded)
        self._set_all(expanded)

    def _set_all(self, expanded: bool) -> None:
        for panel in self._panels:
            panel.set_expanded(expanded)  # no-op (and no signal) where already so
