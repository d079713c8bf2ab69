"""The Generate page's attention view for a transformer: what it shows and when it reads it.

Shown only while the model writing is a transformer (`core.attention.records_attention`). After
each Step, pick and restart, it shows how the newest token attended to the text before it;
while Generate streams, the last token so far, at most a few times a second. Attention is read
only while the view can be seen (`core.attention` reads it with a copy of the model that
records; the model itself, which the writing thread uses meanwhile, never pays for it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QSizePolicy, QWidget

from lmstudio_app.core.attention import last_token_attention, records_attention
from lmstudio_app.core.tokenization import WORD_LEVEL_KINDS
from lmstudio_app.ui.widgets.attention_view import AttentionView

# While Generate streams, the view follows the last token at most this often.
STREAM_REFRESH_MS = 250


class AttentionController(QObject):
    """Keeps an AttentionView up to date with the first writer of the Generate page.

    `source()` gives (model, tokenizer, ids read so far) of that writer, or None.
    """

    def __init__(
        self,
        view: AttentionView,
        source: Callable[[], Any],
        parent: QObject,
        shares_room_with: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.source = source
        self.neighbour = shares_room_with
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(STREAM_REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        view.installEventFilter(self)  # shown again (back on the page): catch up
        self.model_changed(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Show:
            self.request()
        return False

    def model_changed(self, model: Any) -> None:
        """Shown for a transformer only; another model's view is emptied and hidden."""
        shown = model is not None and records_attention(model)
        self.view.setVisible(shown)
        if self.neighbour is not None:
            # While the view shows, the text beside it asks for no more than its minimum: a
            # page's height follows its parts' preferred heights, and with the text's usual
            # 192 pixels the attention text fell below a 768-line screen.
            self.neighbour.setMinimumHeight(90 if shown else 150)
            grow = QSizePolicy.Policy.Ignored if shown else QSizePolicy.Policy.Expanding
            self.neighbour.setSizePolicy(QSizePolicy.Policy.Expanding, grow)
        if not shown:
            self.view.clear()

    def request(self) -> None:
        """A refresh soon (tokens are streaming in)."""
        if not self._timer.isActive():
            self._timer.start()

    def refresh(self) -> None:
        """Show the attention of the last token read, now."""
        self._timer.stop()
        if not self.view.isVisible():
            return
        found = self.source()
        if found is None:
            self.view.clear()
            return
        model, tokenizer, ids = found
        if not records_attention(model):
            return
        attention = last_token_attention(model, ids)
        if attention is None:
            self.view.clear()
            return
        labels = [tokenizer.display_token(i) for i in attention.window]
        self.view.set_attention(attention, labels, spaced=tokenizer.kind in WORD_LEVEL_KINDS)
