"""The Generate page's three modes: Write (the model writes), Score a text (the model reads
a person's text) and Guess the next token (a person guesses as the model does, Shannon's
experiment). The model chosen at the top serves all three; below it, one mode shows at a time.

The page builds its Write mode as it always has; `GenerateModes` then moves everything below
the model row into the Write pane, so that the page itself need not know of the other modes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.ui.pages.base import Page
from lmstudio_app.ui.pages.generate_branches import BranchController
from lmstudio_app.ui.pages.guess_game import GuessGamePane
from lmstudio_app.ui.pages.score_text import ScoreTextPane

WRITE, SCORE, GUESS = range(3)


class _WritePane(QWidget):
    """The Write mode's widgets, moved here from the page's body. Its height is its layout's
    preferred height, not a height for its width: through a plain widget, Qt worked that out
    below even the pane's minimum (398 against 485 pixels at 1366x768), and the page
    squeezed the next-token bars to four rows instead of scrolling."""

    def hasHeightForWidth(self) -> bool:
        return False

    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()


class GenerateModes(QObject):
    """The mode buttons beside the page's title, and the pane of each mode below the model
    row."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        body = page.body
        row = next(
            i
            for i in range(body.count())
            if (item := body.itemAt(i)).layout() is not None
            and item.layout().indexOf(page.run_combo) >= 0  # type: ignore[attr-defined]
        )
        self.models_row: QLayout = body.itemAt(row).layout()
        self.branches = BranchController(page)  # Write: any past token, and branching
        # ---- the Write pane: all the page put below the model row
        self.write_pane = _WritePane()
        self.write_pane.setAccessibleName("Write pane")
        write = QVBoxLayout(self.write_pane)
        write.setContentsMargins(0, 0, 0, 0)
        while body.count() > row + 1:
            stretch = body.stretch(row + 1)
            item = body.takeAt(row + 1)
            if item.widget() is not None:
                write.addWidget(item.widget(), stretch)
            elif item.layout() is not None:
                write.addLayout(item.layout(), stretch)
            else:
                write.addItem(item)
        self.score_pane = ScoreTextPane(page.session)
        self.guess_pane = GuessGamePane(page.session)
        self.panes = [self.write_pane, self.score_pane, self.guess_pane]
        for pane in self.panes:
            body.addWidget(pane, 1)

        # ---- the buttons, beside the page's title: a row of their own would make the page
        # scroll on a 1024x768 projector
        header = QWidget()
        bar = QHBoxLayout(header)
        bar.setContentsMargins(0, 0, 0, 0)
        page.layout().replaceWidget(page.title_label, header)
        bar.addWidget(page.title_label)
        bar.addStretch(1)
        self.group = QButtonGroup(self)
        self.buttons: list[QPushButton] = []
        for mode, (label, name, tip) in enumerate(
            [
                (
                    self.tr("Write"),
                    "Write",
                    self.tr("The model writes, token by token, from a prompt."),
                ),
                (
                    self.tr("Score a text"),
                    "Score a text",
                    self.tr(
                        "The model reads your text and shows how much each token surprised it."
                    ),
                ),
                (
                    self.tr("Guess the next token"),
                    "Guess the next token",
                    self.tr(
                        "You guess a text one token at a time, as the model does; then compare "
                        "your bits per character with the models'."
                    ),
                ),
            ]
        ):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setAccessibleName(name)
            button.setToolTip(tip)
            self.group.addButton(button, mode)
            self.buttons.append(button)
            bar.addWidget(button)
        self.group.idClicked.connect(self.show_mode)
        self.show_mode(WRITE)

    def mode(self) -> int:
        return self.group.checkedId()

    def show_mode(self, mode: int) -> None:
        self.buttons[mode].setChecked(True)
        for index, pane in enumerate(self.panes):
            pane.setVisible(index == mode)
        # comparing two writers belongs to Write alone
        for i in range(self.models_row.count()):
            widget = self.models_row.itemAt(i).widget()
            if widget is None:
                continue
            following = self.models_row.itemAt(i + 1)
            compare = self.page.compare_combo  # type: ignore[attr-defined]
            if widget is compare or (following is not None and following.widget() is compare):
                widget.setVisible(mode == WRITE)

    def clear(self) -> None:
        self.branches.reset()
        self.score_pane.clear()
        self.guess_pane.clear()

    def shutdown(self) -> None:
        self.score_pane.shutdown()
        self.guess_pane.shutdown()
