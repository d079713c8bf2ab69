"""The Inside step: what the trained model computes as it reads a text.

Three tabs over one text (the start of the validation text, or one typed in): the hidden
states and gates of a recurrent network (inside_cells.py), the units that follow a feature of
the text (inside_neurons.py), and the map of the token embeddings (inside_embeddings.py, a
GPT's too, with the way to its attention view). The numbers come from `core.inside`, which
`lmstudio-app inspect` prints as well.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QTabWidget

from lmstudio_app.ui.pages.base import Growing, Page, error_label, info_label, make_button
from lmstudio_app.ui.pages.inside_cells import CellsTab
from lmstudio_app.ui.pages.inside_embeddings import EmbeddingTab
from lmstudio_app.ui.pages.inside_neurons import NeuronsTab
from lmstudio_app.ui.session import Session

# The window reads at most this many tokens: more would not fit a heatmap anyone can read.
WINDOW_TOKENS = 400
# How much of the validation text is offered to read at first.
VALIDATION_CHARS = 240


class InsidePage(Page):
    """Inside the model: hidden states, find the neuron, embedding map."""

    open_attention = Signal()
    LEARN_KEY = "inside"

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.set_header(
            self.tr("Inside the model"),
            self.tr(
                "What the trained model computes as it reads: its memory after each "
                "character, the units that follow something in the text, and where it "
                "places each token."
            ),
        )
        self.status = info_label()
        self.body.addWidget(self.status)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName("Text to read")
        self.text_edit.setPlaceholderText(self.tr("A text for the model to read"))
        self.text_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 12)
        row = QHBoxLayout()
        row.addWidget(self.text_edit, 1)
        self.read_button = make_button(
            self.tr("Read the text"),
            "Read the text",
            self.tr("Let the model read the text and show what it computes at each step."),
            self.read,
        )
        self.validation_button = make_button(
            self.tr("Validation text"),
            "Validation text",
            self.tr("Put back the start of the validation text, which the model never trained on."),
            self.use_validation_text,
        )
        row.addWidget(self.read_button)
        row.addWidget(self.validation_button)
        self.body.addLayout(row)
        self.error = error_label()
        self.body.addWidget(self.error)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Inside the model")
        self.cells = CellsTab()
        self.neurons = NeuronsTab()
        self.embeddings = EmbeddingTab()
        self.tabs.addTab(self.cells, self.tr("Hidden states"))
        self.tabs.addTab(self.neurons, self.tr("Find the neuron"))
        self.tabs.addTab(self.embeddings, self.tr("Embedding map"))
        self.body.addWidget(Growing(self.tabs, lines=16), 1)
        self.embeddings.open_attention.connect(self.open_attention)
        self.cells.layer_spin.valueChanged.connect(self._layer_changed)
        self._stale = True
        session.run_selected.connect(self._model_changed)
        session.corpus_changed.connect(self._corpus_changed)
        self._model_changed()

    def readiness(self) -> tuple[bool, str]:
        if not hasattr(self.session.active_model, "module"):
            return False, self.tr("Train a recurrent network or a GPT, or open its run, first.")
        return True, ""

    def _recurrent(self) -> bool:
        from lmstudio_app.core.inside import is_recurrent

        return self.session.active_model is not None and is_recurrent(self.session.active_model)

    def _corpus_changed(self) -> None:
        if not self.text_edit.toPlainText().strip():
            self._put_validation_text()

    def _put_validation_text(self) -> bool:
        splits = self.session.splits
        text = splits.valid if splits is not None and splits.valid else ""
        if text:
            self.text_edit.setPlainText(text[:VALIDATION_CHARS])
        return bool(text)

    def use_validation_text(self) -> None:
        """Read the start of the validation text again."""
        if self._put_validation_text():
            self.read()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._refresh()

    def _model_changed(self) -> None:
        model = self.session.active_model
        ready, reason = self.readiness()
        has_module = hasattr(model, "module")
        recurrent = has_module and self._recurrent()
        self.tabs.setTabEnabled(0, recurrent)
        self.tabs.setTabEnabled(1, recurrent)
        # a GPT's map does not depend on a text: the text to read leaves it the room
        for widget in (self.text_edit, self.read_button, self.validation_button):
            widget.setVisible(recurrent or model is None)
            widget.setEnabled(recurrent)
        if not ready:
            self.status.setText(reason)
        elif recurrent:
            self.status.setText(
                self.tr("Model: {name}").format(name=self.session.active_run.name)
                if self.session.active_run is not None
                else ""
            )
        else:
            self.status.setText(
                self.tr(
                    "A GPT keeps no memory from step to step: it looks back at the text "
                    "instead. Its embedding map is here; its attention, on the Generate page."
                )
            )
            self.tabs.setCurrentWidget(self.embeddings)
        self.cells.show_inside(None)
        self.neurons.show_inside(None)
        # The map and the reading cost a moment for a large model: done when the page is
        # seen, not for every run chosen elsewhere.
        self._stale = True
        if self.isVisible():
            self._refresh()
        self.readiness_changed.emit()

    def _refresh(self) -> None:
        self._stale = False
        model, tokenizer = self.session.active_model, self.session.active_tokenizer
        self.embeddings.show_model(model if hasattr(model, "module") else None, tokenizer)
        if self._recurrent():
            if not self.text_edit.toPlainText().strip():
                self._put_validation_text()
            if self.text_edit.toPlainText().strip():
                self.read()

    def read(self) -> None:
        """Run the model over the text and show what it computed."""
        from lmstudio_app.core.inside import read_text

        model, tokenizer = self.session.active_model, self.session.active_tokenizer
        text = self.text_edit.toPlainText()
        self.error.hide()
        if model is None or tokenizer is None or not self._recurrent():
            return
        if not text:
            self.error.setText(self.tr("Type a text for the model to read first."))
            self.error.show()
            return
        inside = read_text(model, tokenizer, text, max_tokens=WINDOW_TOKENS)
        if not inside.ids:
            self.error.setText(self.tr("The model's tokenizer finds no tokens in this text."))
            self.error.show()
            return
        if inside.truncated:
            self.error.setText(
                self.tr("Only the first {count} tokens are read.").format(count=WINDOW_TOKENS)
            )
            self.error.show()
        self.cells.show_inside(inside)
        self.neurons.show_inside(inside, self.cells.layer_spin.value() - 1)

    def _layer_changed(self, layer: int) -> None:
        if self.cells.inside is not None:
            self.neurons.show_inside(self.cells.inside, layer - 1)

    def clear(self) -> None:
        self.text_edit.clear()
