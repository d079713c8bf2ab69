"""The Tokenizer page's statistics: the figures, the most frequent tokens and the Zipf plot."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.corpus import SPLIT_LABELS
from lmstudio_app.core.tokenization.display import END_OF_WORD, readable_token
from lmstudio_app.ui.pages.base import info_label
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.widgets._style import visible_whitespace
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.widgets.zipf_plot import ZipfPlot

if TYPE_CHECKING:
    from lmstudio_app.core.tokenization import StudioTokenizer, TokenizerStats


class TokenizerStatsBox(QGroupBox):
    """What a built tokenizer does to the text, in figures, a table and a plot."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Statistics"))
        stats_layout = QHBoxLayout(self)
        figures = QWidget()
        form = QFormLayout(figures)
        form.setContentsMargins(0, 0, 0, 0)
        self.labels: dict[str, QLabel] = {}
        for key, title, tip in [
            ("vocab", self.tr("Vocabulary"), self.tr("How many different tokens there are.")),
            (
                "tokens",
                self.tr("Tokens"),
                self.tr("How many tokens each part of the text becomes."),
            ),
            (
                "cpt",
                self.tr("Characters per token"),
                self.tr("How much text one token holds on average: more means shorter sequences."),
            ),
            (
                "unk",
                self.tr("Unknown tokens"),
                self.tr(
                    "The share of validation tokens that are <unk>: text the vocabulary "
                    "cannot represent, which the model can never predict."
                ),
            ),
            (
                "roundtrip",
                self.tr("Gives the text back"),
                self.tr("Whether turning the tokens back into text gives exactly the original."),
            ),
        ]:
            label = QLabel("–")
            label.setAccessibleName(title)
            label.setToolTip(tip)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = label
            form.addRow(title + ":", label)
        self.labels["unk"].setWordWrap(True)  # its sentence must not widen the page
        self.top_tokens = QTableWidget(0, 4)
        self.top_tokens.setAccessibleName("Top tokens")
        self.top_tokens.setToolTip(self.tr("The most frequent tokens in the training text."))
        self.top_tokens.setHorizontalHeaderLabels(
            [self.tr("Token"), self.tr("Id"), self.tr("Count"), self.tr("Share")]
        )
        self.top_tokens.verticalHeader().setVisible(False)
        self.top_tokens.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.top_tokens.setMinimumHeight(220)
        top_pane = QWidget()
        top_layout = QVBoxLayout(top_pane)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.top_tokens, 1)
        self.end_of_word_note = info_label(self.tr("</w> marks the end of a word."))
        self.end_of_word_note.hide()
        top_layout.addWidget(self.end_of_word_note)
        self.zipf = ZipfPlot()
        self.zipf.setMinimumHeight(220)
        # One above the other when large text leaves no room for the three side by side.
        panes = SideBySide()
        panes.add(figures, 1)
        panes.add(top_pane, 1)
        panes.add(self.zipf, 2)
        stats_layout.addWidget(panes)

    def clear(self) -> None:
        self.end_of_word_note.hide()
        for label in self.labels.values():
            label.setText("–")
        self.top_tokens.setRowCount(0)
        self.zipf.set_counts(np.zeros(0))

    def show_stats(self, tokenizer: StudioTokenizer, stats: TokenizerStats) -> None:
        self.labels["vocab"].setText(f"{stats.vocab_size:,}")
        self.labels["tokens"].setText(
            "\n".join(  # a line per part: narrow or wide, it reads as a list
                f"{translate_core(SPLIT_LABELS.get(name, name))} {count:,}"
                for name, count in stats.tokens_per_split.items()
            )
        )
        self.labels["cpt"].setText(f"{stats.chars_per_token:.2f}")
        # The share, then in words how much became <unk> (the char kind names the characters)
        self.labels["unk"].setText(
            f"{stats.unk_rate:.2%}\n{translate_core(stats.unknown_sentence())}"
        )
        if stats.roundtrip_ok:
            self.labels["roundtrip"].setText(self.tr("yes, exactly"))
        else:
            self.labels["roundtrip"].setText(
                self.tr("{share:.0%} of lines exactly (spacing or unknown tokens change)").format(
                    share=stats.roundtrip_fidelity
                )
            )
        self._show_top_tokens(tokenizer, stats)
        self.zipf.set_counts(stats.rank_frequency)

    def _show_top_tokens(self, tokenizer: StudioTokenizer, stats: TokenizerStats) -> None:
        total = max(int(stats.rank_frequency.sum()), 1)
        self.top_tokens.setRowCount(len(stats.top_tokens))
        for row, (token, count) in enumerate(stats.top_tokens):
            # Spaces made visible: byte-level BPE's "Ġthe" reads " the".
            item = QTableWidgetItem(visible_whitespace(readable_token(token, stats.kind)))
            if END_OF_WORD in token:
                item.setToolTip(self.end_of_word_note.text())
            self.top_tokens.setItem(row, 0, item)
            token_id = tokenizer.token_to_id(token)
            cells = (
                (1, "" if token_id is None else str(token_id)),
                (2, f"{count:,}"),
                (3, f"{count / total:.2%}"),
            )
            for column, text in cells:
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.top_tokens.setItem(row, column, item)
        self.top_tokens.resizeColumnsToContents()
        self.end_of_word_note.setVisible(any(END_OF_WORD in t for t, _ in stats.top_tokens))
