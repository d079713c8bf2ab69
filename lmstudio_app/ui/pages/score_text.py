"""The Generate page's "Score a text" mode: how surprised the model is by any text.

A person pastes or types a text; Score colours each token by its surprisal (its probability
and rank on hover) and gives the totals `eval` gives: loss, perplexity, bits per character.
With several runs open, "Which model expects this text most?" ranks them by bits per
character: the model trained on Shakespeare expects a line of Shakespeare, the one trained on
Tang poems a Tang line. Scoring runs in a worker thread (`core.scoring`), with progress.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.ui.pages.base import error_label, info_label, make_button, show_progress
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets.scored_text import ScoredText
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.widgets.surprisal_text import SurprisalLegend
from lmstudio_app.ui.workers import TaskRunner


def loaded_runs(session: Session) -> list[tuple[str, Any, Any]] | str:
    """(name, model, tokenizer) of every open run, loaded now (in a worker thread); or the
    sentence saying why one cannot be."""
    from lmstudio_app.ui.pages.runs_page import load_run_for_generation

    runs = []
    for record in list(session.runs):
        loaded = load_run_for_generation(record)
        if isinstance(loaded, str):
            return f"{record.name}: {translate_core(loaded)}"
        runs.append((record.name, *loaded))
    return runs


def number(widget: QWidget, value: float, digits: int = 2) -> str:
    if not math.isfinite(value):
        return "∞"
    return widget.locale().toString(float(value), "f", digits)


class ScoreTextPane(QWidget):
    """Score a text with the model chosen above, or rank every open model on it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Score a text pane")
        self.session = session
        self.runner = TaskRunner(self)
        self.runner.progress.connect(lambda f, m: show_progress(self.progress, f, m))
        self.runner.succeeded.connect(self._on_result)
        self.runner.failed.connect(self._on_failed)
        self.runner.finished.connect(self._on_finished)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.input = QPlainTextEdit()
        self.input.setAccessibleName("Text to score")
        self.input.setPlaceholderText(
            self.tr("Paste or type any text here, for example a line of a poem.")
        )
        self.input.setToolTip(
            self.tr("Any text: the model reads it token by token and says how surprised it is.")
        )
        self.input.setTabChangesFocus(True)
        lines = self.input.fontMetrics().lineSpacing()
        self.input.setMinimumHeight(lines * 3 + 12)
        self.input.setMaximumHeight(lines * 4 + 12)
        top = QHBoxLayout()
        top.addWidget(self.input, 1)
        buttons = QVBoxLayout()
        top.addLayout(buttons)
        layout.addLayout(top)
        self.score_button = make_button(
            self.tr("Score"),
            "Score the text",
            self.tr("Colour each token by how much it surprises the model chosen above."),
            self.score,
        )
        self._rank_tip = self.tr(
            "Score the text with every open run and rank them by bits per character: the "
            "model whose training text is most like it comes first."
        )
        self.rank_button = make_button(
            self.tr("Which model expects this text most?"),
            "Which model expects this text most?",
            self._rank_tip,
            self.rank,
        )
        self.stop_button = make_button(
            self.tr("Stop"), "Stop scoring", self.tr("Stop scoring now."), self.runner.cancel
        )
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Scoring progress")
        for widget in (self.score_button, self.rank_button, self.stop_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addWidget(self.progress)
        self.error = error_label()
        layout.addWidget(self.error)

        # the coloured text and its totals beside the ranking of the models
        text_pane = QWidget()
        text_layout = QVBoxLayout(text_pane)
        text_layout.setContentsMargins(0, 0, 0, 0)
        self.scored = ScoredText()
        self.scored.setMinimumHeight(lines * 3)
        self.totals = info_label("")
        self.totals.setAccessibleName("Score totals")
        self.totals.setTextFormat(Qt.TextFormat.PlainText)  # "<unk>" is no tag
        text_layout.addWidget(self.scored, 1)
        text_layout.addWidget(SurprisalLegend())
        text_layout.addWidget(self.totals)
        rank_pane = QWidget()
        rank_layout = QVBoxLayout(rank_pane)
        rank_layout.setContentsMargins(0, 0, 0, 0)
        self.verdict = info_label("")
        self.verdict.setAccessibleName("Which model expects it most")
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.verdict.font())
        bold.setBold(True)
        self.verdict.setFont(bold)
        self.table = QLabel()
        self.table.setAccessibleName("Models ranked")
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setWordWrap(True)
        self.table.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.table.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 28)
        rank_layout.addWidget(self.verdict)
        rank_layout.addWidget(self.table, 1)
        self.rank_pane = rank_pane
        outputs = SideBySide()
        outputs.add(text_pane, 3)
        outputs.add(rank_pane, 2)
        layout.addWidget(outputs, 1)

        self.score_result: Any = None  # the TextScore shown
        self.ranking: list[Any] = []
        session.runs_changed.connect(self._update_buttons)
        session.run_selected.connect(self._update_buttons)
        self._set_busy(False)
        rank_pane.hide()

    # ---- actions

    def text(self) -> str:
        return self.input.toPlainText()

    def score(self) -> None:
        """Score the text with the model chosen above, in a worker thread."""
        model, tokenizer = self.session.active_model, self.session.active_tokenizer
        run = self.session.active_run
        text = self.text()
        if model is None or tokenizer is None:
            self._show_error(self.tr("Train a model or open a run first."))
            return
        if not text.strip():
            self._show_error(self.tr("Type or paste a text to score first."))
            return
        from lmstudio_app.core.scoring import score_text

        name = run.name if run is not None else ""
        self._start(
            lambda progress, cancel: score_text(model, tokenizer, text, progress, cancel, name=name)
        )

    def rank(self) -> None:
        """Score the text with every open run and rank them, in a worker thread."""
        text = self.text()
        if not text.strip():
            self._show_error(self.tr("Type or paste a text to score first."))
            return
        from lmstudio_app.core.scoring import rank_runs

        session = self.session

        def work(progress: Any, cancel: Any) -> Any:
            runs = loaded_runs(session)
            if isinstance(runs, str):
                return runs  # why one run cannot be read: shown as it is
            return rank_runs(runs, text, progress, cancel)

        self._start(work)

    def _start(self, work: Any) -> None:
        if self.runner.is_running():
            return
        self.error.hide()
        self._set_busy(True)
        self.runner.start(work)

    # ---- results

    def _on_result(self, result: Any) -> None:
        if isinstance(result, str):
            self._show_error(result)
            return
        if isinstance(result, list):
            self.ranking = result
            self._show_ranking(result)
            active = self.session.active_run
            mine = [s for s in result if active is not None and s.name == active.name]
            result = mine[0] if mine else result[0]
        self.score_result = result
        self.scored.set_score(result)
        self._show_totals(result)

    def _show_totals(self, score: Any) -> None:
        text = self.tr(
            "{name}: loss {loss} nats per token, perplexity {perplexity}, {bpc} bits per "
            "character, over {tokens} tokens."
        ).format(
            name=score.name or self.tr("The model"),
            loss=number(self, score.loss, 3),
            perplexity=number(self, score.perplexity, 2),
            bpc=number(self, score.bits_per_char, 2),
            tokens=self.locale().toString(len(score.tokens)),
        )
        if score.unknown_share > 0:
            text += " " + self.tr("{share} % of the tokens were unknown to it (<unk>).").format(
                share=number(self, score.unknown_share * 100, 0)
            )
        self.totals.setText(text)

    def _show_ranking(self, ranking: list[Any]) -> None:
        self.rank_pane.show()
        rows = [
            f"<tr><th align='left'>{self.tr('Model')}</th>"
            f"<th align='right'>&nbsp;{self.tr('Bits per character')}</th></tr>"
        ]
        for place, score in enumerate(ranking, 1):
            name = f"{place}. {escape(score.name)}"
            bpc = number(self, score.bits_per_char, 2)
            if place == 1:
                name, bpc = f"<b>{name}</b>", f"<b>{bpc}</b>"
            rows.append(f"<tr><td>{name}</td><td align='right'>{bpc}</td></tr>")
        self.table.setText(f"<table cellspacing='4'>{''.join(rows)}</table>")
        best = ranking[0]
        self.verdict.setText(
            self.tr("{name} expects this text most: {bpc} bits per character.").format(
                name=best.name, bpc=number(self, best.bits_per_char, 2)
            )
        )

    def _on_failed(self, message: str) -> None:
        self._show_error(message)

    def _on_finished(self) -> None:
        self._set_busy(False)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        self.stop_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.runner.is_running()
        self.score_button.setEnabled(not busy and self.session.active_model is not None)
        several = len(self.session.runs) >= 2
        self.rank_button.setEnabled(not busy and several)
        self.rank_button.setToolTip(
            self._rank_tip
            if several
            else self.tr("Open two runs or more (say, one trained on poems and one on plays).")
        )

    def clear(self) -> None:
        self.runner.cancel()
        self.score_result = None
        self.ranking = []
        self.scored.set_score(None)
        self.totals.setText("")
        self.table.setText("")
        self.verdict.setText("")
        self.rank_pane.hide()
        self.error.hide()

    def shutdown(self) -> None:
        self.runner.cancel_and_wait()
