"""The Generate page's "Guess the next token" mode: Shannon's experiment in class.

The window shows a piece of the validation text (text the models never trained on) one token
at a time; a student types a guess, again until right, or gives up. After the tokens asked
for, it compares the student's bits per character, estimated from the number of guesses as
Shannon did (`core.guessing`), with each open model's on the same characters.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.guessing import GuessGame
from lmstudio_app.ui.pages.base import error_label, info_label, make_button, show_progress
from lmstudio_app.ui.pages.score_text import loaded_runs, number
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.widgets._style import SURPRISAL_MAX_BITS, faint, is_dark, surprisal_color
from lmstudio_app.ui.widgets._style import visible_whitespace as shown
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.workers import TaskRunner

DEFAULT_TOKENS = 20


class GuessGamePane(QWidget):
    """A student against the models: guess the next token, then compare bits per character."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Guess the next token pane")
        self.session = session
        self.game: GuessGame | None = None
        self.result_rows: list[tuple[str, float, float]] = []  # the comparison shown
        self.seed: int | None = None  # which piece of text: None, a new one each time
        self.runner = TaskRunner(self)
        self.runner.progress.connect(lambda f, m: show_progress(self.progress, f, m))
        self.runner.succeeded.connect(self._on_result)
        self.runner.failed.connect(self._show_error)
        self.runner.finished.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.intro = info_label(
            self.tr(
                "Guess a text the models never saw, one token at a time, as a model does. "
                "Keep guessing until you are right, or give up; then see your bits per "
                "character beside the models'."
            )
        )
        layout.addWidget(self.intro)
        top = QHBoxLayout()
        self.new_button = make_button(
            self.tr("New text"),
            "New text",
            self.tr("Start again on another piece of the validation text."),
            self.new_game,
        )
        self.tokens = QSpinBox()
        self.tokens.setAccessibleName("Tokens to guess")
        self.tokens.setRange(5, 200)
        self.tokens.setValue(DEFAULT_TOKENS)
        self.tokens.setToolTip(self.tr("How many tokens to guess before the comparison."))
        self.where = QLabel()
        self.where.setAccessibleName("Guessing progress")
        self.progress = QProgressBar()
        top.addWidget(self.new_button)
        top.addWidget(QLabel(self.tr("Tokens to guess:")))
        top.addWidget(self.tokens)
        top.addWidget(self.where, 1)
        top.addWidget(self.progress, 1)
        layout.addLayout(top)

        self.view = QTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName("Text to guess")
        font = QFont(self.view.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.view.setFont(font)
        self.view.setMinimumHeight(self.view.fontMetrics().lineSpacing() * 3 + 12)
        # the text beside the results, once there are results
        self.outputs = SideBySide()
        self.outputs.add(self.view, 3)
        layout.addWidget(self.outputs, 1)

        row = QHBoxLayout()
        self.input = QLineEdit()
        self.input.setAccessibleName("Your guess")
        self.input.setToolTip(self.tr("Type what you think comes next, then press Enter."))
        self.input.setPlaceholderText(self.tr("the next token, then Enter"))
        self.input.returnPressed.connect(self.submit)
        self.guess_button = make_button(
            self.tr("Guess"), "Guess", self.tr("Check your guess."), self.submit
        )
        self.newline_button = make_button(
            self.tr("↵ New line"),
            "Guess a new line",
            self.tr("Guess that the line ends here."),
            lambda: self.guess("\n"),
        )
        self.give_up_button = make_button(
            self.tr("Give up"),
            "Give up",
            self.tr("Show this token and go on (it counts as not found)."),
            self.give_up,
        )
        row.addWidget(QLabel(self.tr("Your guess:")))
        row.addWidget(self.input, 1)
        for button in (self.guess_button, self.newline_button, self.give_up_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.feedback = info_label("")
        self.feedback.setAccessibleName("Guess feedback")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)  # a guess may look like a tag
        layout.addWidget(self.feedback)
        self.error = error_label()
        layout.addWidget(self.error)

        self.results = QLabel()
        self.results.setAccessibleName("Guessing results")
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setWordWrap(True)
        self.results.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.results.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 30)
        self.outputs.add(self.results, 2)
        self.method = info_label(self.method_text())
        self.method.setAccessibleName("How your bits are estimated")
        layout.addWidget(self.method)
        self._show_results(False)
        session.run_selected.connect(self._update_buttons)
        self._update_buttons()
        self._show_game()

    def method_text(self) -> str:
        return self.tr(
            "How your figure is estimated (Shannon, 1951): from the number of guesses each "
            "token took. Someone who always guesses in the same order could rebuild the text "
            "from these numbers alone, so they hold all its information: the less they vary "
            "(mostly 1), the fewer bits. Their entropy, plus the bits to name each token you "
            "gave up on, divided by the characters, is your bits per character (an upper "
            "bound: your true figure is a little lower). The models' figures come from the "
            "probabilities they gave the same characters."
        )

    # ---- a new game

    def new_game(self) -> None:
        """Read the validation text of the model chosen above (in a worker) and start."""
        model, tokenizer = self.session.active_model, self.session.active_tokenizer
        if model is None or tokenizer is None:
            self._show_error(self.tr("Train a model or open a run first."))
            return
        record = self.session.active_run
        folder = record.folder if record is not None else None
        splits = self.session.splits
        tokens = self.tokens.value()
        seed = self.seed

        def work(progress: Any, cancel: Any) -> Any:
            from lmstudio_app.core.guessing import (
                LARGE_TEXT_CHARS,
                choose_passage,
                validation_text_of_run,
            )

            text = ""
            if folder is not None:
                try:
                    text = validation_text_of_run(folder, progress, cancel)
                except Exception:
                    text = ""  # its text is not here any more: the corpus loaded, if any
            if not text.strip() and splits is not None:
                valid = splits.valid  # on disk for a large text: its start is enough
                text = valid if isinstance(valid, str) else valid[:LARGE_TEXT_CHARS]
            if not text.strip():
                return _Problem()
            return GuessGame(choose_passage(text, tokenizer, tokens, seed), model.vocab_size)

        self._start(work)

    def _start(self, work: Any) -> None:
        if self.runner.is_running():
            return
        self.error.hide()
        self.runner.start(work)
        self._update_buttons()

    def _on_result(self, result: Any) -> None:
        if isinstance(result, _Problem):
            self._show_error(
                self.tr(
                    "There is no validation text to guess: load the text this model learned "
                    "from on the Corpus page, with a validation part."
                )
            )
        elif isinstance(result, GuessGame):
            self.game = result
            self._show_results(False)
            self.feedback.setText("")
            self._show_game()
            self.input.setFocus()
        elif isinstance(result, list):
            self._fill_results(result)
        elif isinstance(result, str):
            self._show_error(result)
        self._update_buttons()

    # ---- guessing

    def submit(self) -> None:
        text = self.input.text()
        if text == "":
            self.feedback.setText(self.tr("Type a guess first (a space is a guess too)."))
            return
        self.guess(text)

    def guess(self, text: str) -> None:
        game = self.game
        if game is None or game.done:
            return
        tries = game.tries + 1
        right = game.guess(text)
        self.input.clear()
        if right:
            self.feedback.setText(
                self.tr("Right, at guess {n}.").format(n=tries)
                if tries > 1
                else self.tr("Right at the first guess.")
            )
        elif game.tries == 0:  # too many wrong guesses: given up on
            self._said_given_up()
        else:
            wrong = ", ".join(f"“{shown(w)}”" for w in game.wrong)
            self.feedback.setText(
                self.tr("Not {wrong}. Guess {n} of {most}.").format(
                    wrong=wrong, n=game.tries + 1, most=game.max_guesses
                )
            )
        self._after_move()

    def give_up(self) -> None:
        if self.game is None or self.game.done:
            return
        self.game.give_up()
        self._said_given_up()
        self._after_move()

    def _said_given_up(self) -> None:
        assert self.game is not None
        unit = self.game.passage.units[self.game.position - 1]
        self.feedback.setText(self.tr("It was “{token}”.").format(token=shown(unit.text)))

    def _after_move(self) -> None:
        self._show_game()
        game = self.game
        if game is not None and game.done:
            self._compare()
        self._update_buttons()

    def _compare(self) -> None:
        """Every open model (the one chosen above at least) on the same characters."""
        assert self.game is not None
        passage = self.game.passage
        session = self.session
        record, model, tokenizer = (
            session.active_run,
            session.active_model,
            session.active_tokenizer,
        )
        unnamed = self.tr("The model")

        def work(progress: Any, cancel: Any) -> Any:
            from lmstudio_app.core.guessing import models_on_passage

            runs = loaded_runs(session) if session.runs else []
            if isinstance(runs, str):
                return runs
            if record is None and model is not None:
                runs.append((unnamed, model, tokenizer))
            return models_on_passage(passage, runs, progress, cancel)

        self._start(work)

    # ---- showing it

    def _show_game(self) -> None:
        game = self.game
        self.view.clear()
        if game is None:
            self.where.setText(self.tr("Press New text to start."))
            return
        passage = game.passage
        cursor = QTextCursor(self.view.document())
        context = QTextCharFormat()
        context.setForeground(faint(self.palette().color(self.foregroundRole()), 150))
        cursor.insertText(passage.text[: passage.context_end], context)
        dark = is_dark(self.view.palette())
        for unit, result in zip(passage.units, game.results, strict=False):
            fmt = QTextCharFormat()
            cost = SURPRISAL_MAX_BITS if not result.found else 3 * math.log2(result.tries)
            fmt.setBackground(surprisal_color(min(cost, SURPRISAL_MAX_BITS), dark))
            cursor.insertText(passage.text[unit.start : unit.end], fmt)
        if not game.done:
            mark = QTextCharFormat()
            mark.setFontWeight(QFont.Weight.Bold)
            cursor.insertText(" ▍?", mark)
        self.view.setTextCursor(cursor)
        self.view.ensureCursorVisible()
        self.where.setText(
            self.tr("Token {n} of {total}").format(
                n=min(game.position + 1, len(passage.units)), total=len(passage.units)
            )
            if not game.done
            else self.tr("All {total} tokens guessed.").format(total=len(passage.units))
        )

    def _fill_results(self, models: list[Any]) -> None:
        game = self.game
        if game is None:
            return
        rows = [(self.tr("You"), game.bits_per_char(), game.first_guess_share())]
        rows += [(m.name, m.bits_per_char, m.first_guess_share) for m in models]
        head = (
            f"<tr><th align='left'>{self.tr('Player')}</th>"
            f"<th align='right'>&nbsp;{self.tr('Bits per character')}</th>"
            f"<th align='right'>&nbsp;{self.tr('Right at the first guess')}</th></tr>"
        )
        body = []
        for row, (name, bpc, first) in enumerate(rows):
            cells = [escape(name), number(self, bpc, 2), f"{number(self, first * 100, 0)} %"]
            if row == 0:
                cells = [f"<b>{cell}</b>" for cell in cells]
            body.append(
                f"<tr><td>{cells[0]}</td><td align='right'>{cells[1]}</td>"
                f"<td align='right'>{cells[2]}</td></tr>"
            )
        self.results.setText(f"<table cellspacing='4'>{head}{''.join(body)}</table>")
        self.result_rows = [(name, bpc, first) for name, bpc, first in rows]
        self._show_results(True)

    def _show_results(self, shown_: bool) -> None:
        self.results.setVisible(shown_)
        self.method.setVisible(shown_)
        self.intro.setVisible(not shown_)  # the explanation of the figures takes its room

    def _update_buttons(self) -> None:
        busy = self.runner.is_running()
        playing = self.game is not None and not self.game.done and not busy
        self.new_button.setEnabled(not busy and self.session.active_model is not None)
        for widget in (self.input, self.guess_button, self.newline_button, self.give_up_button):
            widget.setEnabled(playing)
        self.progress.setVisible(busy)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear(self) -> None:
        self.runner.cancel()
        self.game = None
        self.feedback.setText("")
        self._show_results(False)
        self._show_game()
        self._update_buttons()

    def shutdown(self) -> None:
        self.runner.cancel_and_wait()


class _Problem:
    """No validation text to guess."""
