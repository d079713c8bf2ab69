"""A text a person typed, coloured token by token by how much it surprised a model.

The same colours as the generated text (`SurprisalText`): green expected, red a surprise. The
text is shown as it was written, each token over the characters it covers (the gaps a word
tokenizer leaves between tokens go with the token after them), and its tooltip adds the rank:
how many guesses the model would have needed to find the token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from lmstudio_app.ui.widgets.surprisal_text import SurprisalText, surprisal_bits

if TYPE_CHECKING:
    from lmstudio_app.core.scoring import TextScore


def score_pieces(score: TextScore) -> list[str]:
    """The text of each token, so that joined they are the whole text again: each token from
    where the one before it ended to its own end (a newline for a sentence's end after the
    last line, which has none; empty for the bytes of one character after its first)."""
    text = score.text
    pieces: list[str] = []
    done = 0
    for token in score.tokens:
        end = min(token.end, len(text))
        if token.end > len(text) and token.start >= len(text):
            pieces.append("\n")  # the end of the last sentence: shown as ↵
            continue
        pieces.append(text[done:end] if end > done else "")
        done = max(done, end)
    if pieces and done < len(text):
        pieces[-1] += text[done:]
    return pieces


class ScoredText(SurprisalText):
    """Read-only: a scored text, each token coloured by its surprisal, with its rank."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scored text")
        self.setToolTip(
            self.tr(
                "Green tokens were expected by the model, red ones surprised it. Point at a "
                "token to see its probability and rank."
            )
        )
        self._ranks: list[int] = []

    def set_score(self, score: TextScore | None) -> None:
        """Show `score` (None: nothing). The ranks are kept apart from the text, so that a
        redraw (a palette change) keeps them."""
        self.set_prompt("")
        self._ranks = [] if score is None else [token.rank for token in score.tokens]
        if score is None:
            return
        for piece, token in zip(score_pieces(score), score.tokens, strict=True):
            self.append_token(piece, token.probability)
        self.flush()
        self.verticalScrollBar().setValue(0)

    def rank(self, index: int) -> int:
        return self._ranks[index]

    def tooltip_text(self, index: int) -> str:
        probability = self._probabilities[index]
        percent = self.locale().toString(probability * 100.0, "f", 2 if probability < 0.01 else 1)
        bits = self.locale().toString(surprisal_bits(probability), "f", 1)
        if index >= len(self._ranks):
            return super().tooltip_text(index)
        return self.tr(
            "p = {percent} %, surprisal {bits} bits, rank {rank} among its guesses"
        ).format(percent=percent, bits=bits, rank=self._ranks[index])
