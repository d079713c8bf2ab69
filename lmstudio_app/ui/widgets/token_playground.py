"""Type a text and see it cut into tokens as you type (a `TokenView` under the input)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.tokenization.ids import unk_share
from lmstudio_app.ui.widgets._style import is_dark
from lmstudio_app.ui.widgets.token_view import TokenView

if TYPE_CHECKING:
    from lmstudio_app.core.tokenization import Encoded


class TokenPlayground(QWidget):
    """Type a text, see it cut into tokens as you type."""

    encoded = Signal(int)

    #: Texts longer than this are cut before encoding, so a pasted book stays responsive.
    MAX_CHARS = 20_000
    DEBOUNCE_MS = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._encoder: Callable[[str], Encoded] | None = None
        self._unk_id: int | None = None

        self.input = QPlainTextEdit()
        self.input.setAccessibleName("Text to tokenize")
        self.input.setPlaceholderText(self.tr("Type or paste some text here…"))
        self.input.setToolTip(self.tr("Type anything: the tokens below change as you type."))
        self.input.setTabChangesFocus(True)

        self.view = TokenView()
        # The model reads numbers, not letters: the same tokens, as their ids.
        self.show_ids = QCheckBox(self.tr("Show ids"))
        self.show_ids.setAccessibleName("Show ids")
        self.show_ids.setToolTip(
            self.tr("Write each token as its id: the numbers the model actually reads.")
        )
        self.show_ids.toggled.connect(self.view.set_show_ids)

        self.summary = QLabel()
        self.summary.setAccessibleName("Token count")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.hint = QLabel()
        self.hint.setAccessibleName("Tokenizer hint")
        self.hint.setWordWrap(True)

        input_title = QLabel(self.tr("Your text"))
        input_title.setBuddy(self.input)
        view_title = QLabel(self.tr("As the model sees it, one colour per token"))
        for title in (input_title, view_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(input_title)
        top_layout.addWidget(self.input)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(view_title, 1)
        title_row.addWidget(self.show_ids)
        bottom_layout.addLayout(title_row)
        bottom_layout.addWidget(self.view, 1)
        bottom_layout.addWidget(self.summary)
        bottom_layout.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        # Encoding on every keystroke would stutter on long texts: wait for a pause instead.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self.input.textChanged.connect(self._timer.start)
        self.refresh()

    def set_encoder(self, fn: Callable[[str], Encoded] | None, unk_id: int | None = None) -> None:
        """The function that cuts a text into tokens; None when no tokenizer is built yet.
        The tokens of `unk_id` are marked, and the share of text they cover told."""
        self._encoder = fn
        self._unk_id = unk_id
        self.refresh()

    def set_text(self, text: str) -> None:
        """Replace the text and show its tokens at once (no waiting for the typing pause)."""
        self.input.setPlainText(text)
        self.refresh()

    def text(self) -> str:
        return self.input.toPlainText()

    def refresh(self) -> None:
        """Encode the current text now and show the result."""
        self._timer.stop()
        text = self.input.toPlainText()
        cut = len(text) > self.MAX_CHARS
        if cut:
            text = text[: self.MAX_CHARS]
        if self._encoder is None:
            self.view.set_tokens(text, [], [], [])
            self.summary.hide()
            self._show_hint(
                self.tr("Build a tokenizer to see how this text is cut into tokens."), False
            )
            return
        try:
            result = self._encoder(text)
        except Exception as exc:  # an encoder failing must not take the window down
            self.view.set_tokens(text, [], [], [])
            self.summary.hide()
            message = getattr(exc, "message", None) or str(exc)
            self._show_hint(
                self.tr("This text could not be encoded: {reason}").format(reason=message), True
            )
            return
        self.view.set_tokens(text, result.tokens, result.ids, result.offsets, self._unk_id)
        summary = self._summary_text(len(text), len(result))
        if self._unk_id is not None:
            unknown, share = unk_share(text, result.ids, result.offsets, self._unk_id)
            if unknown:
                summary += "\n" + self.tr(
                    "<unk> stands for {share} of the text ({count} tokens): the model never sees "
                    "it (struck through)."
                ).format(count=unknown, share=f"{share:.1%}")
        self.summary.setText(summary)
        self.summary.show()
        if cut:
            self._show_hint(
                self.tr("Only the first {count} characters are shown.").format(
                    count=self.locale().toString(self.MAX_CHARS)
                ),
                False,
            )
        else:
            self.hint.hide()
        self.encoded.emit(len(result))

    def _summary_text(self, chars: int, tokens: int) -> str:
        locale = self.locale()
        char_text = (
            self.tr("1 character")
            if chars == 1
            else self.tr("{count} characters").format(count=locale.toString(chars))
        )
        token_text = (
            self.tr("1 token")
            if tokens == 1
            else self.tr("{count} tokens").format(count=locale.toString(tokens))
        )
        summary = f"{char_text} → {token_text}"
        if tokens:
            ratio = locale.toString(chars / tokens, "f", 1)
            summary += " · " + self.tr("{ratio} characters per token").format(ratio=ratio)
        return summary

    def _show_hint(self, text: str, problem: bool) -> None:
        self.hint.setText(text)
        if problem:  # a red readable on either background
            color = "#ff8a80" if is_dark(self.palette()) else "#b00020"
            self.hint.setStyleSheet(f"color: {color};")
        else:
            self.hint.setStyleSheet("")
        self.hint.show()
