"""The Corpus page's statistics: a text's counts and its most frequent characters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.ui.pages.base import Growing

if TYPE_CHECKING:
    from lmstudio_app.core.corpus import CorpusStats


class CorpusStatsBox(QGroupBox):
    """Characters, lines, words, distinct characters and scripts, then the commonest
    characters in a table that grows into the page's spare room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Statistics"))
        stats_layout = QVBoxLayout(self)
        form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, title, tip in [
            ("chars", self.tr("Characters"), self.tr("Letters, spaces, punctuation: everything.")),
            ("lines", self.tr("Lines"), self.tr("How many lines the text has.")),
            (
                "words",
                self.tr("Words"),
                self.tr(
                    "Runs of letters between spaces; each Chinese character counts as one word."
                ),
            ),
            (
                "distinct",
                self.tr("Different characters"),
                self.tr(
                    "How many different characters occur. A character tokenizer built on the "
                    "training part has one token for each character of that part, plus its "
                    "special tokens such as <unk>."
                ),
            ),
            ("scripts", self.tr("Scripts"), self.tr("Which writing systems the text uses.")),
        ]:
            label = QLabel("–")
            label.setAccessibleName(title)
            label.setToolTip(tip)
            self.labels[key] = label
            form.addRow(self.tr("{label}:").format(label=title), label)
        stats_layout.addLayout(form)
        self.top_chars = QTableWidget(0, 2)
        self.top_chars.setAccessibleName("Most frequent characters")
        self.top_chars.setToolTip(self.tr("The characters that occur most often."))
        self.top_chars.setHorizontalHeaderLabels([self.tr("Character"), self.tr("Count")])
        self.top_chars.verticalHeader().setVisible(False)
        self.top_chars.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        stats_layout.addWidget(Growing(self.top_chars, lines=5), 1)

    def show_stats(self, stats: CorpusStats) -> None:
        scripts = {
            "latin": self.tr("Latin"),
            "cjk": self.tr("Chinese/Japanese/Korean"),
            "other": self.tr("other"),
        }
        mix = ", ".join(
            f"{scripts[name]} {share:.0%}"
            for name, share in stats.script_mix.items()
            if share >= 0.005
        )
        for key, value in {
            "chars": f"{stats.num_chars:,}",
            "lines": f"{stats.num_lines:,}",
            "words": f"{stats.num_words:,}",
            "distinct": f"{stats.num_distinct_chars:,}",
            "scripts": mix or "–",
        }.items():
            self.labels[key].setText(value)
        self.top_chars.setRowCount(len(stats.top_chars))
        for row, (char, count) in enumerate(stats.top_chars):
            shown = {
                " ": self.tr("␣ (space)"), "\n": self.tr("↵ (new line)"), "\t": self.tr("⇥ (tab)")
            }.get(char, char)
            self.top_chars.setItem(row, 0, QTableWidgetItem(shown))
            item = QTableWidgetItem(f"{count:,}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.top_chars.setItem(row, 1, item)
        self.top_chars.resizeColumnsToContents()

    def clear(self) -> None:
        for label in self.labels.values():
            label.setText("–")
        self.top_chars.setRowCount(0)
