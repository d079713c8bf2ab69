"""Any past token: what the model could have written there instead, and branching from it.

Clicking a token already written opens its ten likeliest alternatives at that moment (kept
with each token as it was written: no model call), the one written marked. Choosing another
one branches: the text is cut after that point, goes on from the alternative chosen (as many
tokens as the text had after it, in the worker that Generate uses), and the text it replaced
stands beside it. Each branch keeps its text; "Go back to this text" makes another one the
one the page writes on again.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.generation import GeneratedToken, generate
from lmstudio_app.ui.pages.base import make_button
from lmstudio_app.ui.pages.generate_writer import Writer, visible
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from lmstudio_app.ui.widgets.surprisal_text import SurprisalText

# The texts kept: the original and the latest branches (the oldest branch goes first).
MAX_BRANCHES = 4


@dataclass
class Branch:
    """One text: the tokens written after the prompt, each with its alternatives."""

    title: str
    tokens: list[GeneratedToken] = field(default_factory=list)

    def ids(self) -> list[int]:
        return [t.token_id for t in self.tokens]


class AlternativesPopup(QFrame):
    """The ten tokens the model could have written at one point, the one written marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("What the model could have written here")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.list = QTableWidget(0, 3)
        self.list.setAccessibleName("Alternatives")
        self.list.setToolTip(self.tr("Choose another token to write a branch from it."))
        self.list.horizontalHeader().setVisible(False)
        self.list.verticalHeader().setVisible(False)
        self.list.setShowGrid(False)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        self.hint = QLabel(self.tr("Choose another one to branch: the text goes on from it."))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

    def fill(self, written: str, rows: list[tuple[int, str, float, bool]]) -> None:
        """`rows`: (token id, label, probability, whether it is the one written)."""
        self.title.setText(
            self.tr("Instead of “{token}”, the model could have written:").format(token=written)
        )
        self.list.setRowCount(len(rows))
        for row, (token_id, label, probability, chosen) in enumerate(rows):
            percent = self.locale().toString(probability * 100.0, "f", 1) + " %"
            cells = [label, percent, "← " + self.tr("written") if chosen else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, token_id)
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if chosen:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.list.setItem(row, column, item)
        self.list.resizeColumnsToContents()
        self.list.resizeRowsToContents()
        height = sum(self.list.rowHeight(r) for r in range(len(rows)))
        width = sum(self.list.columnWidth(c) for c in range(3))
        frame = 2 * self.list.frameWidth()
        self.list.setFixedSize(width + frame + 8, height + frame)
        self.title.setMaximumWidth(max(width + frame + 8, 200))
        self.hint.setMaximumWidth(max(width + frame + 8, 200))
        self.adjustSize()


class BranchController(QObject):
    """Alternatives and branches for the Generate page's first text."""

    def __init__(self, page: Any) -> None:
        super().__init__(page)
        self.page = page
        self.branches: list[Branch] = []
        self.current = 0
        self._writer: Writer | None = None  # the page's writer the branches belong to
        self.popup = AlternativesPopup(page)
        self.popup.list.itemActivated.connect(self._alternative_chosen)
        self.popup.list.itemClicked.connect(self._alternative_chosen)  # one click is enough
        self._clicked = -1
        text: SurprisalText = page.text
        text.token_clicked.connect(self.show_alternatives)

        # the page's text, with the other branches beside it (under it where too narrow)
        self.container = SideBySide()
        parent_layout = text.parentWidget().layout()
        parent_layout.replaceWidget(text, self.container)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        self.current_title = QLabel()
        main_layout.addWidget(self.current_title)
        main_layout.addWidget(text, 1)
        self.container.add(main, 1)
        self.others = QWidget()
        self.others.setAccessibleName("Other branches")
        self.others_layout = QVBoxLayout(self.others)
        self.others_layout.setContentsMargins(0, 0, 0, 0)
        self.container.add(self.others, 1)
        self._views: list[QWidget] = []
        self._show_branches()

    # ---- alternatives

    def alternatives(self, index: int) -> list[tuple[int, float]]:
        writer = self._page_writer()
        if writer is None or not 0 <= index < len(writer.tokens):
            return []
        return list(writer.tokens[index].alternatives)

    def show_alternatives(self, index: int) -> None:
        """Open the alternatives of the token `index` of the first text, under it."""
        writer = self._page_writer()
        if writer is None or not 0 <= index < len(writer.tokens) or self._busy():
            return
        token = writer.tokens[index]
        tokenizer = writer.tokenizer
        rows = [
            (i, visible(tokenizer.display_token(i)), p, i == token.token_id)
            for i, p in token.alternatives
        ]
        if token.token_id not in {i for i, _ in token.alternatives}:
            rows.append(
                (
                    token.token_id,
                    visible(tokenizer.display_token(token.token_id)),
                    token.probability,
                    True,
                )
            )
        self._clicked = index
        self.popup.fill(visible(tokenizer.display_token(token.token_id)), rows)
        text = self.page.text
        where = text.viewport().mapToGlobal(text.token_rect(index).bottomLeft() + QPoint(0, 2))
        self.popup.move(where)
        self.popup.show()
        self.popup.list.setFocus()

    def _alternative_chosen(self, item: QTableWidgetItem) -> None:
        token_id = int(item.data(Qt.ItemDataRole.UserRole))
        self.popup.hide()
        writer = self._page_writer()
        if writer is None or self._clicked < 0:
            return
        if token_id != writer.tokens[self._clicked].token_id:
            self.branch(self._clicked, token_id)

    # ---- branches

    def branch(self, index: int, token_id: int) -> None:
        """Write `token_id` instead of the token `index` and go on from it; the text it
        replaces stays beside it."""
        writer = self._page_writer()
        if writer is None or self._busy() or not 0 <= index < len(writer.tokens):
            return
        if writer.tokens[index].token_id == token_id:
            return  # the same token: no branch
        if not self.branches:
            self.branches = [Branch(self.tr("Original"))]
            self.current = 0
            self._writer = writer
        self._sync()
        was = writer.tokens[index]
        tokenizer = writer.tokenizer
        probability = dict(was.alternatives).get(token_id)
        if probability is None:
            before = writer.context()[: len(writer.prompt_ids) + index]
            logprobs = writer.model.next_logprobs(writer.model.start(before))
            probability = math.exp(float(logprobs[token_id]))
        chosen = GeneratedToken(token_id, probability, 1.0, was.alternatives)
        title = self.tr("Branch {n}: “{new}” instead of “{old}”").format(
            n=len(self.branches),
            new=visible(tokenizer.display_token(token_id)),
            old=visible(tokenizer.display_token(was.token_id)),
        )
        after = len(writer.tokens) - index - 1
        self.branches.append(Branch(title, [*writer.tokens[:index], chosen]))
        self._drop_oldest()
        self.current = len(self.branches) - 1
        self._restore(self.branches[self.current])
        self._show_branches()
        if after > 0:
            self._write_on(writer, after, seed_offset=index + 1)

    def go_back(self, number: int) -> None:
        """Make branch `number` the text the page writes on; the current one stays beside."""
        if self._busy() or not 0 <= number < len(self.branches) or number == self.current:
            return
        self._sync()
        self.current = number
        self._restore(self.branches[number])
        self._show_branches()
        self.page._show_next_distribution()

    def reset(self) -> None:
        """A new text (Start again, a new prompt, File > New): no branches any more."""
        self.branches = []
        self.current = 0
        self._writer = None
        self.popup.hide()
        self._show_branches()

    # ---- helpers

    def _page_writer(self) -> Writer | None:
        writers = self.page.writers
        return writers[0] if writers else None

    def _busy(self) -> bool:
        return bool(self.page.pump.is_running())

    def _sync(self) -> None:
        """The current branch's tokens as the page's writer has them now (it went on)."""
        writer = self._page_writer()
        if writer is not None and self.branches:
            self.branches[self.current].tokens = list(writer.tokens)

    def _drop_oldest(self) -> None:
        while len(self.branches) > MAX_BRANCHES:
            del self.branches[1]  # the original stays

    def _restore(self, branch: Branch) -> None:
        writer = self._page_writer()
        assert writer is not None
        writer.start(writer.prompt)
        for token in branch.tokens:
            writer.add(token)
        writer.view.flush()

    def _write_on(self, writer: Writer, count: int, seed_offset: int) -> None:
        """`count` more tokens on the new branch, drawn as Generate draws them."""
        page = self.page
        spec = page.spec()
        spec = dataclasses.replace(
            spec, max_tokens=count, stop="none", seed=spec.seed + seed_offset
        )
        model, context = writer.model, writer.context()
        cancel_flag = {"stop": False}
        page._cancel_flag = cancel_flag

        def tokens() -> Iterator[tuple[int, GeneratedToken]]:
            for token in generate(model, context, spec, cancel=lambda: cancel_flag["stop"]):
                yield 0, token

        page._set_busy(True)
        page.pump.start(tokens)

    def _show_branches(self) -> None:
        for view in self._views:
            self.others_layout.removeWidget(view)
            view.hide()
            view.setParent(None)  # gone from the page now, deleted later
            view.deleteLater()
        self._views = []
        branched = len(self.branches) > 1
        self.others.setVisible(branched)
        self.current_title.setVisible(branched)
        if not branched:
            return
        self.current_title.setText(self.branches[self.current].title)
        writer = self._page_writer()
        for number, branch in enumerate(self.branches):
            if number == self.current or writer is None:
                continue
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(branch.title))
            view = SurprisalText()
            view.setAccessibleName("Branch text")
            view.setMinimumHeight(60)
            shown = Writer(writer.model, writer.tokenizer, view)
            shown.start(writer.prompt)
            for token in branch.tokens:
                shown.add(token)
            view.flush()
            layout.addWidget(view, 1)
            back = make_button(
                self.tr("Go back to this text"),
                "Go back to this text",
                self.tr("Write on from this text again; the one you leave stays here."),
                lambda *_, n=number: self.go_back(n),
            )
            layout.addWidget(back)
            self.others_layout.addWidget(box, 1)
            self._views.append(box)
