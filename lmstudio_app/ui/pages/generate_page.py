"""Step 5, Generate: write with the trained model, token by token, and see why it chose each one.

Generate streams tokens from a worker thread; Step adds one token and shows the ten most
likely next tokens as bars (click one to choose it yourself). Each token is coloured by how
much it surprised the model. A second run can write under the first, from the same prompt.
For a transformer, the attention view under the text shows where the newest token looked
(generate_attention.py).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.generation import GeneratedToken, GenerationSpec, generate
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.ui.pages.base import Page, error_label, info_label
from lmstudio_app.ui.pages.generate_attention import AttentionController
from lmstudio_app.ui.pages.generate_bars import NextTokenBars
from lmstudio_app.ui.pages.generate_copied import attach_copied_meter
from lmstudio_app.ui.pages.generate_mix import MixPanel
from lmstudio_app.ui.pages.generate_modes import GenerateModes
from lmstudio_app.ui.pages.generate_writer import Writer
from lmstudio_app.ui.session import RunRecord, Session
from lmstudio_app.ui.translations import model_kind_label, translate_core
from lmstudio_app.ui.widgets.attention_view import AttentionView
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.widgets.spec_form import SpecForm
from lmstudio_app.ui.widgets.surprisal_text import SurprisalLegend, SurprisalText
from lmstudio_app.ui.workers import EventPump


class GeneratePage(Page):
    LEARN_KEY = "generate"
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.set_header(
            self.tr("Generate"),
            self.tr(
                "Give the model the start of a text and let it go on. At every step it gives "
                "each possible next token a probability, and one is drawn at random."
            ),
        )
        self.pump = EventPump(self)
        self.pump.events.connect(self._on_tokens)
        self.pump.failed.connect(self._on_failed)
        self.pump.finished.connect(self._on_finished)
        self.writers: list[Writer] = []
        # Where the keyboard was when writing began: Generate and Step are disabled while it
        # runs, and Qt would pass their focus down the tab chain into "Length".
        self._focus_before_busy: QWidget | None = None

        # ---- which models
        models_row = QHBoxLayout()
        self.run_combo = QComboBox()
        self.run_combo.setAccessibleName("Model to use")
        self.run_combo.setToolTip(self.tr("The trained model that writes."))
        self.run_combo.activated.connect(self._run_chosen)
        self.compare_combo = QComboBox()
        self.compare_combo.setAccessibleName("Compare with")
        self.compare_combo.setToolTip(
            self.tr("A second model that writes beside the first, from the same prompt.")
        )
        models_row.addWidget(QLabel(self.tr("Model:")))
        models_row.addWidget(self.run_combo, 1)
        models_row.addWidget(QLabel(self.tr("Compare with:")))
        models_row.addWidget(self.compare_combo, 1)
        self.body.addLayout(models_row)

        # ---- prompt, buttons and settings: a few lines, so that the text and the bars
        # below them fit in a projector's window together (with the explanation open).
        prompt_row = QHBoxLayout()
        self.prompt = QLineEdit()
        self.prompt.setAccessibleName("Prompt")
        self.prompt.setPlaceholderText(self.tr("The start of the text, for example: To be or"))
        self.prompt.setToolTip(self.tr("The model goes on from this text."))
        self.prompt.returnPressed.connect(self.generate)
        prompt_row.addWidget(QLabel(self.tr("Prompt:")))
        prompt_row.addWidget(self.prompt, 1)
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setAccessibleName("Generate")
        self.generate_button.setToolTip(
            self.tr(
                "Go on writing from the text so far, token after token (Start again goes "
                "back to the prompt)."
            )
        )
        self.generate_button.clicked.connect(self.generate)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setAccessibleName("Stop generating")
        self.stop_button.setToolTip(self.tr("Stop writing now."))
        self.stop_button.clicked.connect(self.stop)
        self.step_button = QPushButton(self.tr("Step"))
        self.step_button.setAccessibleName("Step")
        self.step_button.setToolTip(
            self.tr("Add one token and show the probabilities of the next one.")
        )
        self.step_button.clicked.connect(self.step)
        self.clear_button = QPushButton(self.tr("Start again"))
        self.clear_button.setAccessibleName("Start again")
        self.clear_button.setToolTip(self.tr("Go back to the prompt alone."))
        self.clear_button.clicked.connect(self.restart)
        for button in (self.generate_button, self.stop_button, self.step_button, self.clear_button):
            prompt_row.addWidget(button)
        self.body.addLayout(prompt_row)
        self.form = SpecForm(GenerationSpec, columns=3)
        self.form.set_value(GenerationSpec(max_tokens=200, stop="none"))
        self.body.addWidget(self.form)
        self.error = error_label()
        self.body.addWidget(self.error)

        # ---- output: the text (and the compared model's under it) beside the next-token bars
        texts_pane = QWidget()
        texts = QVBoxLayout(texts_pane)
        texts.setContentsMargins(0, 0, 0, 0)
        self.first_title = QLabel()
        self.text = SurprisalText()
        self.text.setMinimumHeight(150)
        texts.addWidget(self.first_title)
        texts.addWidget(self.text, 1)
        self.second_title = QLabel()
        self.second_text = SurprisalText()
        self.second_text.setAccessibleName("Generated text (comparison)")
        self.second_text.setMinimumHeight(150)
        texts.addWidget(self.second_title)
        texts.addWidget(self.second_text, 1)
        texts.addWidget(SurprisalLegend())
        self.mix_panel = MixPanel(self)  # a mix: its weight, and colour by model
        texts.addWidget(self.mix_panel)
        self.copied = attach_copied_meter(self, texts)  # what it copied from its training text
        # a transformer's attention: where the newest token looked (shown for one only)
        self.attention_view = AttentionView()
        texts.addWidget(self.attention_view, 1)
        self.attention = AttentionController(
            self.attention_view, self._attention_source, self, shares_room_with=self.text
        )
        self.compare_combo.currentIndexChanged.connect(self._show_comparison)
        self.compare_combo.activated.connect(self._comparison_chosen)
        self._show_comparison()
        bars_box = QGroupBox(self.tr("What could come next"))
        bars_layout = QVBoxLayout(bars_box)
        self.next_bars = NextTokenBars(self.form, self)  # generate_bars.py: bars, cut, panel
        self.bars = self.next_bars.bars
        self.bars.token_clicked.connect(self.choose)
        self.bars_hint = info_label("")
        self._show_bars_hint()
        bars_layout.addWidget(self.bars_hint)
        bars_layout.addWidget(self.bars)
        # under the bars: above them it pushed the tenth bar off a 1366x768 screen
        bars_layout.addWidget(self.next_bars.raw_check)
        texts.addWidget(self.next_bars.panel)  # an n-gram's "where it comes from", beside the bars
        bars_layout.addStretch(1)
        outputs = SideBySide()
        outputs.add(texts_pane, 3)
        outputs.add(bars_box, 2)
        self.body.addWidget(outputs, 1)

        session.runs_changed.connect(self._refresh_runs)
        session.run_selected.connect(self._refresh_runs)
        self._refresh_runs()
        self._set_busy(False)
        self.modes = GenerateModes(self)  # Write, Score a text, Guess the next token

    # ---- runs

    def readiness(self) -> tuple[bool, str]:
        if self.session.active_model is None:
            return False, self.tr("Train a model or open a run first.")
        return True, ""

    def _refresh_runs(self) -> None:
        self.run_combo.clear()
        self.compare_combo.clear()
        self.compare_combo.addItem(self.tr("(none)"), None)
        active = self.session.active_run
        for index, record in enumerate(self.session.runs):
            label = f"{record.name} — {model_kind_label(record.model_kind)}"
            self.run_combo.addItem(label, index)
            self.compare_combo.addItem(label, index)
            if record is active:
                self.run_combo.setCurrentIndex(self.run_combo.count() - 1)
        has_model = self.session.active_model is not None
        self.generate_button.setEnabled(has_model and not self.pump.is_running())
        self.step_button.setEnabled(has_model and not self.pump.is_running())
        self.first_title.setText(
            self.tr("Written by {name}").format(name=active.name) if active else ""
        )
        self.attention.model_changed(self.session.active_model)
        self.mix_panel.model_changed(self.session.active_model)
        self.readiness_changed.emit()

    def _run_chosen(self, index: int) -> None:
        data = self.run_combo.itemData(index)
        if data is None:
            return
        record = self.session.runs[data]
        if record is not self.session.active_run:
            from lmstudio_app.ui.pages.runs_page import load_run_for_generation

            loaded = load_run_for_generation(record)
            if isinstance(loaded, str):
                self._show_error(loaded)
                return
            model, tokenizer = loaded
            self.session.select_run(record, model, tokenizer)

    def _show_comparison(self, *_: object) -> None:
        """The second text only takes room while a model is chosen to compare with."""
        comparing = self.compare_combo.currentData() is not None
        self.second_title.setVisible(comparing)
        self.second_text.setVisible(comparing)
        if not comparing and len(self.writers) > 1 and not self.pump.is_running():
            del self.writers[1:]  # Step must not go on writing into the hidden text

    def _comparison_chosen(self, index: int) -> None:
        # Both models write from the same start: the person chose a new pair, so start again
        # (choosing none only stops the comparison: the first text goes on).
        chosen = self.compare_combo.itemData(index) is not None
        if chosen and self.writers and not self.pump.is_running():
            self.restart()

    def _compare_writer(self) -> Writer | None:
        data = self.compare_combo.currentData()
        if data is None:
            self.second_title.setText("")
            return None
        record: RunRecord = self.session.runs[data]
        from lmstudio_app.ui.pages.runs_page import load_run_for_generation

        loaded = load_run_for_generation(record)
        if isinstance(loaded, str):
            self._show_error(loaded)
            return None
        model, tokenizer = loaded
        self.second_title.setText(self.tr("Written by {name}").format(name=record.name))
        return Writer(model, tokenizer, self.second_text)

    # ---- generation

    def spec(self) -> GenerationSpec:
        return self.form.value()

    def _writers(self, restart: bool) -> list[Writer]:
        if restart or not self.writers:
            model, tokenizer = self.session.active_model, self.session.active_tokenizer
            if model is None or tokenizer is None:
                return []
            writers = [Writer(model, tokenizer, self.text)]
            second = self._compare_writer()
            if second is not None:
                writers.append(second)
            else:
                self.second_text.clear_text()
            for writer in writers:
                writer.start(self.prompt.text())
            self.writers = writers
            self.modes.branches.reset()  # a new text: the branches of the last one go
        return self.writers

    def generate(self) -> None:
        if self.pump.is_running():
            return
        # The text so far goes on (the prompt, what was written, tokens picked by hand); a
        # prompt edited since it began starts a new one.
        edited = bool(self.writers) and self.writers[0].prompt != self.prompt.text()
        writers = self._writers(restart=edited)
        if not writers:
            self._show_error(self.tr("Train a model or open a run first."))
            return
        self.error.hide()
        spec = self.spec()
        jobs = []
        for index, writer in enumerate(writers):
            eos, newlines = writer.eos_and_newlines()
            jobs.append((index, writer.model, writer.context(), eos, newlines))
        cancel_flag = {"stop": False}
        self._cancel_flag = cancel_flag

        def tokens() -> Iterator[tuple[int, GeneratedToken]]:
            # the models write one after the other, each with the same seed
            for index, model, context, eos, newlines in jobs:
                for token in generate(
                    model,
                    context,
                    spec,
                    eos_id=eos,
                    newline_ids=newlines,
                    cancel=lambda: cancel_flag["stop"],
                ):
                    yield index, token

        self._set_busy(True)
        self.pump.start(tokens)

    def stop(self) -> None:
        if getattr(self, "_cancel_flag", None) is not None:
            self._cancel_flag["stop"] = True
        self.pump.stop()

    def _on_tokens(self, items: list[tuple[int, GeneratedToken]]) -> None:
        for index, token in items:
            if index < len(self.writers):
                self.writers[index].add(token)
        self.attention.request()

    def _on_finished(self) -> None:
        self._set_busy(False)
        self._show_comparison()  # the comparison may have been dropped while it wrote
        self._show_next_distribution()

    def _on_failed(self, message: str) -> None:
        self._show_error(message)

    def restart(self) -> None:
        self.stop()
        self.pump.wait()
        self.writers = []
        self._writers(restart=True)
        self._show_next_distribution()

    def clear(self) -> None:
        """No text written, no bars, no problem (File > New)."""
        self.stop()
        self.pump.wait()
        self.writers = []
        self.text.clear_text()
        self.second_text.clear_text()
        self.error.hide()
        self._show_next_distribution()
        self.modes.clear()

    def step(self) -> None:
        """One token, drawn as Generate would, then the next distribution."""
        if self.pump.is_running():
            return
        writers = self._writers(restart=False)
        if not writers:
            self._show_error(self.tr("Train a model or open a run first."))
            return
        spec = dataclasses.replace(
            self.spec(), max_tokens=1, stop="none", seed=self.spec().seed + len(writers[0].ids)
        )
        for writer in writers:
            for token in generate(writer.model, writer.context(), spec):
                writer.add(token)
        self._show_next_distribution()

    def choose(self, token_id: int) -> None:
        """The user picked the next token from the bars."""
        writers = self._writers(restart=False)
        if not writers:
            return
        writer = writers[0]
        logprobs = writer.model.next_logprobs(writer.model.start(writer.context()))
        writer.add(GeneratedToken(token_id, math.exp(float(logprobs[token_id])), 1.0))
        self._show_next_distribution()

    def _show_bars_hint(self) -> None:
        # Once the bars show, the shorter line leaves their room to them on a small screen.
        if self.bars.items():
            hint = self.tr("Click a token to write it yourself.")  # one line, beside the bars
        else:
            hint = self.tr(
                "Press Step to see the ten most likely next tokens. Click one to choose it "
                "yourself instead of letting chance decide."
            )
        self.bars_hint.setText(hint)

    def _show_next_distribution(self) -> None:
        self._show_distribution_of_first_writer()
        self._show_bars_hint()
        self.attention.refresh()
        self.mix_panel.recolour()  # the text coloured by model follows it

    def _attention_source(self) -> tuple[Any, StudioTokenizer, list[int]] | None:
        if not self.writers:
            return None
        writer = self.writers[0]
        return writer.model, writer.tokenizer, writer.context()

    def _show_distribution_of_first_writer(self) -> None:
        if not self.writers:
            self.next_bars.clear()
            return
        writer = self.writers[0]
        tokenizer = writer.tokenizer
        self.next_bars.show(writer.model, tokenizer, writer.context())
        tail = tokenizer.decode(writer.context())[-30:]
        self.bars.set_caption(self.tr("after “{text}”").format(text=tail.replace("\n", "↵")))

    def _set_busy(self, busy: bool) -> None:
        has_model = self.session.active_model is not None
        if busy:
            focused = QApplication.focusWidget()
            self._focus_before_busy = focused
            self.stop_button.setEnabled(True)
            if focused in (self.generate_button, self.step_button, self.clear_button):
                self.stop_button.setFocus()  # the one button that works meanwhile
        self.generate_button.setEnabled(has_model and not busy)
        self.step_button.setEnabled(has_model and not busy)
        self.clear_button.setEnabled(not busy)
        before = self._focus_before_busy
        if not busy and before is not None:
            self._focus_before_busy = None
            if QApplication.focusWidget() is self.stop_button and before.isEnabled():
                before.setFocus()  # back where it was, unless the person moved it meanwhile
        self.stop_button.setEnabled(busy)

    def _show_error(self, message: str) -> None:
        self.error.setText(translate_core(message))
        self.error.show()

    def shutdown(self) -> None:
        self.stop()
        self.pump.wait()
        self.modes.shutdown()
        self.copied.shutdown()
