"""The Tokenizer page's "Compare all kinds": the text of "Try it" cut by every kind.

The tokenizer built on the page cuts its own kind's row, so that row agrees with the tokens
shown above it; the other kinds are trained on the spot, on the start of the training text,
and a line under the table says so. Tokens are shown as the text they cover, or, where that
would mislead (byte-level pieces of one character), as their bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from lmstudio_app.core.tokenization import (
    KINDS,
    Encoded,
    StudioTokenizer,
    TokenizerSpec,
    train_tokenizer,
)
from lmstudio_app.core.tokenization.display import kind_name, readable_token
from lmstudio_app.ui.pages.base import info_label
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.comparison_table import ComparisonTable
from lmstudio_app.ui.workers import TaskRunner

# Each kind trained here learns from at most this much of the training text, so the
# comparison takes seconds whatever the corpus size.
COMPARISON_CHARS = 300_000


def display_token(token: str) -> str:
    return {" ": "␣", "\n": "↵", "\t": "⇥", "": "∅"}.get(token, token)


def readable_encoder(tokenizer: StudioTokenizer) -> Callable[[str], Encoded]:
    """`tokenizer.encode` with each token as a person reads it (byte-level BPE's bytes as
    the text they make, or in hexadecimal), for the token view's tooltips."""

    def encode(text: str) -> Encoded:
        encoded = tokenizer.encode(text)
        tokens = [readable_token(token, tokenizer.kind) for token in encoded.tokens]
        return Encoded(encoded.ids, tokens, encoded.offsets)

    return encode


def cut_pieces(tokenizer: StudioTokenizer, text: str) -> list[str]:
    """The piece of `text` each token covers. Tokens that share one span (the bytes of a
    character too rare to be a token) are shown as their bytes: the character repeated would
    look like several characters."""
    encoded = tokenizer.encode(text)
    spans = encoded.offsets
    pieces = []
    for index, (token, span) in enumerate(zip(encoded.tokens, spans, strict=True)):
        shared = (index > 0 and spans[index - 1] == span) or (
            index + 1 < len(spans) and spans[index + 1] == span
        )
        piece = text[span[0] : span[1]]
        if shared or not piece:
            piece = readable_token(token, tokenizer.kind)
        pieces.append(display_token(piece))
    return pieces


class KindComparison(QWidget):
    """The button, the table (hidden until a comparison is made) and the line under it."""

    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self._compared)
        self.runner.failed.connect(self.failed)
        self.runner.finished.connect(lambda: self.button.setEnabled(True))
        self._built: StudioTokenizer | None = None
        self.button = QPushButton(self.tr("Compare all kinds"))
        self.button.setAccessibleName("Compare all kinds")
        self.button.setToolTip(
            self.tr(
                "Cut the text above with every kind of tokenizer, side by side: the one you "
                "built, and the others trained here on the same training text."
            )
        )
        self.table = ComparisonTable()
        self.note = info_label()
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        self.clear()

    def clear(self) -> None:
        self.table.hide()
        self.note.hide()

    def compare(self, sample: str, train: str, built: StudioTokenizer | None) -> None:
        """Cut `sample` with `built` (if any) and with each other kind trained on `train`."""
        if self.runner.is_running():
            return
        train = train[:COMPARISON_CHARS]
        self._built = built

        def work(progress: Callable, cancel: Callable) -> list[tuple[str, list[str]]]:
            rows = []
            for index, kind in enumerate(KINDS):
                progress(index / len(KINDS), kind)
                if built is not None and built.kind == kind:
                    tokenizer = built
                else:
                    tokenizer = train_tokenizer(TokenizerSpec(kind=kind), train, cancel=cancel)
                rows.append((kind, cut_pieces(tokenizer, sample)))
            return rows

        self.button.setEnabled(False)
        self.runner.start(work)

    def _compared(self, rows: list[tuple[str, list[str]]]) -> None:
        built = self._built
        named = []
        for kind, pieces in rows:
            name = translate_core(kind_name(kind))
            if built is not None and kind == built.kind:
                name = self.tr("{kind} (yours)").format(kind=name)
            named.append((name, pieces))
        self.table.set_rows(named)
        self.table.show()
        if built is not None:
            note = self.tr(
                "“(yours)” is the tokenizer you built; the other kinds are trained here, on "
                "up to {count} characters of the training text, with their usual settings."
            )
        else:
            note = self.tr(
                "Each kind is trained here, on up to {count} characters of the training "
                "text, with its usual settings."
            )
        self.note.setText(note.format(count=f"{COMPARISON_CHARS:,}"))
        self.note.show()

    def shutdown(self) -> None:
        self.runner.cancel_and_wait()
