"""The Tokenizer page's "Use the tokenizer of a run…": instead of building a tokenizer, take
the one a run was trained with (`lmstudio-app train --tokenizer-from RUN` does the same), so
that the model trained next reads the very same tokens and the two can be mixed and compared
token for token. The runs of this session are offered first, then any run folder."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QPushButton, QWidget

if TYPE_CHECKING:
    from lmstudio_app.ui.pages.tokenizer_page import TokenizerPage


class ReuseTokenizerButton(QPushButton):
    """A button with a menu of runs; choosing one loads its tokenizer on the page's worker."""

    def __init__(self, page: TokenizerPage, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Use the tokenizer of a run…"), parent)
        # Not a strong reference: the page holds this button, and a cycle of the two wrappers
        # collected after the window was gone crashed the interpreter (PySide6).
        self._page = weakref.ref(page)
        self.setAccessibleName("Use the tokenizer of a run")
        self.setToolTip(
            self.tr(
                "Take the tokenizer a run was trained with instead of building one: the next "
                "model reads the very same tokens, so the two can be mixed and compared."
            )
        )
        self.menu_of_runs = QMenu(self)
        self.menu_of_runs.aboutToShow.connect(self._fill)
        self.setMenu(self.menu_of_runs)

    @property
    def page(self) -> TokenizerPage:
        page = self._page()
        assert page is not None, "the Tokenizer page is gone"
        return page

    def _fill(self) -> None:
        self.menu_of_runs.clear()
        for record in self.page.session.runs:
            if record.folder is not None and record.model_kind != "mix":
                action = self.menu_of_runs.addAction(record.name)
                action.triggered.connect(self._use_later(record.folder))
        if self.menu_of_runs.actions():
            self.menu_of_runs.addSeparator()
        other = self.menu_of_runs.addAction(self.tr("Another run folder…"))
        other.triggered.connect(self._choose_folder)

    def _use_later(self, folder: Path) -> Callable[[], None]:
        return lambda: self.use(folder)

    def _choose_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # dialogs load when first used

        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a run folder"))
        if folder:
            self.use(Path(folder))

    def use(self, folder: Path) -> None:
        """Load `folder`'s tokenizer and measure it on this text, on the page's worker (its
        progress, cancel and result are the page's, as for a tokenizer built here)."""
        page = self.page
        splits = page.session.splits
        if splits is None:
            page._failed(self.tr("Choose a text on the Corpus page first."))
            return
        if page.builder.is_running():
            return
        parts = dict(splits.items())

        def work(progress: Callable, cancel: Callable) -> object:
            from lmstudio_app.core.tokenization.job import reuse_and_measure

            return reuse_and_measure(folder, parts, progress=progress, cancel=cancel)

        page.builder.succeeded.connect(self._show_spec, type=_single_shot())
        page.start_building(
            work,
            splits,
            self.tr("Reading the tokenizer of {name}…").format(name=folder.name),
            again=lambda: self.use(folder),
        )

    def _show_spec(self, result: object) -> None:
        """The form shows the settings of the tokenizer taken (what the page now uses)."""
        tokenizer = result[0]  # type: ignore[index]
        self.page.set_spec(tokenizer.spec)


def _single_shot():
    from PySide6.QtCore import Qt

    return Qt.ConnectionType.SingleShotConnection
