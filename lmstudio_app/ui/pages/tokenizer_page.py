"""Step 2, Tokenizer: choose how the text is cut into tokens, build it, and see the result."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from lmstudio_app.core.config import spec_from_dict, spec_to_dict
from lmstudio_app.core.corpus import Corpus, Splits, suggest_tokenizer
from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.tokenization import (
    KIND_DESCRIPTIONS,
    KINDS,
    StudioTokenizer,
    TokenizerSpec,
    TokenizerStats,
    check_spec,
)
from lmstudio_app.core.tokenization.display import kind_name
from lmstudio_app.core.tokenization.job import build_and_measure
from lmstudio_app.ui.pages.base import Page, error_label, info_label, show_progress
from lmstudio_app.ui.pages.tokenizer_comparison import KindComparison, readable_encoder
from lmstudio_app.ui.pages.tokenizer_reuse import ReuseTokenizerButton
from lmstudio_app.ui.pages.tokenizer_stats import TokenizerStatsBox
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.widgets.spec_form import SpecForm
from lmstudio_app.ui.widgets.token_playground import TokenPlayground
from lmstudio_app.ui.workers import TaskRunner

SAMPLE_CHARS = 240


class TokenizerPage(Page):
    LEARN_KEY = "tokenizer"

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.set_header(
            self.tr("Tokenizer"),
            self.tr(
                "A model does not read letters or words directly: it reads tokens, numbered "
                "pieces of text. Choose how the text is cut into tokens and see the result."
            ),
        )
        self.builder = TaskRunner(self)
        # The parts the running build reads; its result is kept only if they are still the
        # session's (the Corpus page cuts them again in a worker of its own).
        self._building_on: Splits | None = None
        self._building_for: Corpus | None = None
        self._suggested_for: Corpus | None = None  # the text whose suggested kind is set
        # How to start the running build again, should the parts of its text change under it.
        self._again: Callable[[], None] | None = None
        self.builder.succeeded.connect(self._built)
        self.builder.failed.connect(self._failed)
        self.builder.cancelled.connect(self._cancelled)
        self.builder.progress.connect(self._progress)
        self.builder.finished.connect(self._build_finished)

        # ---- settings
        settings_box = QGroupBox(self.tr("Settings"))
        settings_layout = QVBoxLayout(settings_box)
        self.form = SpecForm(TokenizerSpec)
        self.form.changed.connect(self._spec_changed)
        # Friendly names in every language (Chinese had them, English showed "bytebpe").
        self.form.set_choice_labels("kind", {k: translate_core(kind_name(k)) for k in KINDS})
        settings_layout.addWidget(self.form)
        self.kind_description = info_label()
        settings_layout.addWidget(self.kind_description)
        self.advanced = QCheckBox(self.tr("Show advanced settings"))
        self.advanced.setAccessibleName("Show advanced tokenizer settings")
        self.advanced.setToolTip(self.tr("Show the settings most people never need to change."))
        self.advanced.toggled.connect(self.form.set_advanced_visible)
        settings_layout.addWidget(self.advanced)
        buttons = QHBoxLayout()
        self.build_button = QPushButton(self.tr("Build tokenizer"))
        self.build_button.setAccessibleName("Build tokenizer")
        self.build_button.setToolTip(
            self.tr("Learn the vocabulary from the training text and cut every part into tokens.")
        )
        self.build_button.clicked.connect(self.build)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName("Cancel building")
        self.cancel_button.setToolTip(self.tr("Stop building the tokenizer."))
        self.cancel_button.clicked.connect(self.builder.cancel)
        self.cancel_button.hide()
        buttons.addWidget(self.build_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        settings_layout.addLayout(buttons)
        # On a line of its own: beside Build it made the settings too wide to stand beside
        # "Try it" on a 1024-pixel screen.
        self.reuse_button = ReuseTokenizerButton(self)  # tokenizer_reuse.py
        reuse_row = QHBoxLayout()
        reuse_row.addWidget(self.reuse_button)
        reuse_row.addStretch(1)
        settings_layout.addLayout(reuse_row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Tokenizer progress")
        self.progress.hide()
        settings_layout.addWidget(self.progress)
        self.error = error_label()
        settings_layout.addWidget(self.error)
        # Why a build was set aside or started again (the text or its parts changed under it).
        self.notice = info_label()
        self.notice.setAccessibleName("Tokenizer notice")
        self.notice.hide()
        settings_layout.addWidget(self.notice)
        settings_layout.addStretch(1)  # beside the taller "Try it", the settings stay on top

        # ---- try it
        try_box = QGroupBox(self.tr("Try it: type and see the tokens"))
        try_layout = QVBoxLayout(try_box)
        self.playground = TokenPlayground()
        try_layout.addWidget(self.playground)
        self.kinds = KindComparison()
        self.kinds.failed.connect(self._failed)
        self.compare_button = self.kinds.button
        self.compare_button.clicked.connect(self.compare_all)
        self.comparison = self.kinds.table
        self.comparer = self.kinds.runner
        try_layout.addWidget(self.kinds)
        # The settings beside the text they cut: a class sees both, with the explanation, on
        # a projector's 768 lines; one above the other when the width is short.
        top = SideBySide()
        top.add(settings_box, 2)
        top.add(try_box, 5)
        self.body.addWidget(top, 1)

        # ---- statistics
        self.stats_box = TokenizerStatsBox()
        # by name, as tests and lessons read them
        self.stat_labels = self.stats_box.labels
        self.top_tokens = self.stats_box.top_tokens
        self.end_of_word_note = self.stats_box.end_of_word_note
        self.zipf = self.stats_box.zipf
        self.body.addWidget(self.stats_box)

        session.corpus_changed.connect(self._corpus_changed)
        self._spec_changed(self.form.value())
        if session.corpus is not None:  # built after a corpus was already chosen
            self._corpus_changed()

    # ---- readiness

    def readiness(self) -> tuple[bool, str]:
        if self.session.splits is None:
            return False, self.tr("Choose a text on the Corpus page first.")
        if self.session.tokenizer is None:
            return False, self.tr("Build a tokenizer first.")
        return True, ""

    # ---- settings

    def spec(self) -> TokenizerSpec:
        return self.form.value()

    def set_spec(self, spec: TokenizerSpec) -> None:
        self.form.set_value(spec)
        self._spec_changed(spec)

    def _spec_changed(self, spec: Any) -> None:
        self.kind_description.setText(translate_core(KIND_DESCRIPTIONS.get(spec.kind, "")))

    def _corpus_changed(self) -> None:
        corpus = self.session.corpus
        self._set_aside_a_stale_build()
        self._clear_results()
        if corpus is None:
            self._suggested_for = None  # and not hold on to a text that is gone
            return
        # A new text gets the kind that suits it; new parts of the same text keep the
        # user's choice (it used to go back to the suggestion each time the parts changed).
        if corpus is not self._suggested_for:
            self._suggested_for = corpus
            kind, vocab_size = suggest_tokenizer(corpus.stats)
            self.set_spec(dataclasses.replace(self.spec(), kind=kind, vocab_size=vocab_size))
        if self.session.splits is not None:
            sample = self.session.splits.valid or self.session.splits.train
            self.playground.set_text(sample[:SAMPLE_CHARS])

    def _clear_results(self) -> None:
        self.playground.set_encoder(None)
        self.kinds.clear()
        self.stats_box.clear()

    # ---- building

    def _set_aside_a_stale_build(self) -> None:
        """The text or its parts changed while a build ran: its tokenizer would not fit them.
        Stop it; on the same text with new parts, build again on them once it has ended
        (the user asked for a tokenizer of this text), on another text say why there is none."""
        old_splits = self._building_on
        if not self.builder.is_running() or old_splits is None:
            self.notice.hide()  # it spoke of an earlier text or earlier parts
            return
        if self.session.splits is old_splits:
            return
        self.builder.cancel()
        if self._new_parts_of_the_same_text():
            self.notice.setText(
                self.tr(
                    "The parts of the text changed during the build, so the tokenizer is built "
                    "again on the new parts."
                )
            )
        else:
            self.notice.setText(
                self.tr(
                    "The text changed while the tokenizer was being built, so that tokenizer "
                    "was set aside. Build one for this text."
                )
            )
        self.notice.show()

    def _new_parts_of_the_same_text(self) -> bool:
        """The session holds other parts of the text the running build reads."""
        splits = self.session.splits
        return (
            splits is not None
            and splits is not self._building_on
            and self.session.corpus is self._building_for
        )

    def build(self, *, again: bool = False) -> None:
        if not again:
            self.notice.hide()
        try:
            # core's own check, so the window refuses exactly what the CLI and lessons refuse
            # (special tokens that cannot work, a vocabulary too small for the kind)
            spec = check_spec(self.spec())
        except StudioError as error:
            self._failed(error.message)
            return
        splits = self.session.splits
        if splits is None:
            self._failed(self.tr("Choose a text on the Corpus page first."))
            return
        parts = dict(splits.items())

        def work(progress: Callable, cancel: Callable) -> tuple[StudioTokenizer, TokenizerStats]:
            # the same job as `lmstudio-app tokenize`
            return build_and_measure(spec, parts, progress=progress, cancel=cancel)

        self.start_building(
            work, splits, self.tr("Building the tokenizer…"), again=lambda: self.build(again=True)
        )

    def start_building(
        self, work: Callable, splits: Splits, status: str, again: Callable[[], None]
    ) -> None:
        """Run `work` (a tokenizer and its statistics on `splits`) on the page's worker,
        with its bar and Cancel; a tokenizer built here and one taken from a run both.
        `again` starts the same on the session's parts, should they change meanwhile."""
        if self.builder.is_running():
            return
        self.error.hide()
        self.build_button.setEnabled(False)
        self.cancel_button.show()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.show()
        self.status_message.emit(status)
        self._building_on, self._building_for = splits, self.session.corpus
        self._again = again
        self.builder.start(work)

    def _progress(self, fraction: float, message: str) -> None:
        show_progress(self.progress, fraction, translate_core(message))

    def _build_finished(self) -> None:
        # On new parts of the same text, the user's build is done again on them.
        again = self._again if self._new_parts_of_the_same_text() else None
        self._building_on = self._building_for = self._again = None
        self.build_button.setEnabled(True)
        self.cancel_button.hide()
        self.progress.hide()
        if again is not None:
            again()

    def _failed(self, message: str) -> None:
        self.error.setText(translate_core(message))
        self.error.show()

    def _cancelled(self) -> None:
        if self._building_on is not self.session.splits:
            return  # set aside by the page itself: the notice says why
        self.status_message.emit(self.tr("Building the tokenizer was cancelled."))

    def _built(self, result: tuple[StudioTokenizer, TokenizerStats]) -> None:
        if self._building_on is not self.session.splits:
            return  # ended before it saw the cancel; the notice says why
        tokenizer, stats = result
        self.session.set_tokenizer(tokenizer, stats)
        self._show(tokenizer, stats)
        self.readiness_changed.emit()
        self.status_message.emit(
            self.tr("Tokenizer ready: {count:,} tokens in its vocabulary.").format(
                count=stats.vocab_size
            )
        )

    def _show(self, tokenizer: StudioTokenizer, stats: TokenizerStats) -> None:
        self.playground.set_encoder(readable_encoder(tokenizer), tokenizer.unk_id)
        self.stats_box.show_stats(tokenizer, stats)

    # ---- comparison

    def compare_all(self) -> None:
        splits = self.session.splits
        if splits is None:
            self._failed(self.tr("Choose a text on the Corpus page first."))
            return
        sample = self.playground.text() or splits.train[:SAMPLE_CHARS]
        self.kinds.compare(sample, splits.train, self.session.tokenizer)

    # ---- settings kept between sessions

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("tokenizer/spec", json.dumps(spec_to_dict(self.spec())))

    def restore_settings(self, settings: QSettings) -> None:
        stored = settings.value("tokenizer/spec")
        if not stored:
            return
        # settings from another version that no longer fit: keep the defaults
        with contextlib.suppress(StudioError, ValueError, TypeError):
            self.set_spec(spec_from_dict(TokenizerSpec, json.loads(str(stored)), strict=False))

    def shutdown(self) -> None:
        self.builder.cancel_and_wait()
        self.kinds.shutdown()
