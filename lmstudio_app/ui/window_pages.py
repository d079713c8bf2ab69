"""The main window's steps and pages: the list on the left, each page built when first wanted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import QListWidget, QStackedWidget, QStyle

from lmstudio_app.ui.pages.base import Page
from lmstudio_app.ui.session import Session

# The steps, in order: key, title, module under lmstudio_app.ui.pages, class. The window paints
# its frame, menus and steps first; the pages (and numpy, tokenizers, pyqtgraph behind them)
# are built one by one right after, the Corpus page first, or at once when something asks.
PAGES: list[tuple[str, str, str, str]] = [
    ("corpus", QT_TRANSLATE_NOOP("MainWindow", "Corpus"), "corpus_page", "CorpusPage"),
    ("tokenizer", QT_TRANSLATE_NOOP("MainWindow", "Tokenizer"), "tokenizer_page", "TokenizerPage"),
    ("model", QT_TRANSLATE_NOOP("MainWindow", "Model"), "model_page", "ModelPage"),
    ("train", QT_TRANSLATE_NOOP("MainWindow", "Train"), "train_page", "TrainPage"),
    ("generate", QT_TRANSLATE_NOOP("MainWindow", "Generate"), "generate_page", "GeneratePage"),
    ("inside", QT_TRANSLATE_NOOP("MainWindow", "Inside"), "inside_page", "InsidePage"),
    ("runs", QT_TRANSLATE_NOOP("MainWindow", "Runs"), "runs_page", "RunsPage"),
]
PAGE_KEYS = [key for key, *_ in PAGES]


def blank_icon(size: QSize) -> QIcon:
    """An empty icon of the ticks' size: a step without a tick keeps the tick's room, so its
    text does not move when the tick appears."""
    pixmap = QPixmap(size)
    pixmap.fill(QColor(0, 0, 0, 0))
    return QIcon(pixmap)


class PageSteps:
    """The main window's part that builds the pages and keeps the list of steps current."""

    _pages: dict[str, Page]
    _presentation: bool
    session: Session
    settings: QSettings
    stack: QStackedWidget
    steps: QListWidget
    save_run_action: QAction
    learn_group: Any

    def page(self, key: str) -> Page:
        """The page for a step, built now if it was not yet."""
        page = self._pages.get(key)
        if page is not None:
            return page
        import importlib

        index = PAGE_KEYS.index(key)
        _, _, module_name, class_name = PAGES[index]
        module = importlib.import_module(f"lmstudio_app.ui.pages.{module_name}")
        page = getattr(module, class_name)(self.session)
        self._pages[key] = page
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if self.steps.currentRow() == index:
            self.stack.setCurrentIndex(index)
        page.readiness_changed.connect(self.update_steps)
        page.status_message.connect(self.statusBar().showMessage)
        if key == "train":
            page.run_finished.connect(self.update_steps)
        elif key == "runs":
            page.open_in_generate.connect(lambda: self.go_to(self.generate_page))
        elif key == "inside":  # a GPT's attention view is on the Generate page
            page.open_attention.connect(lambda: self.go_to(self.generate_page))
        elif key == "corpus":
            # A lesson or a run folder dropped on the page's drop zone opens as one, as on
            # the window: the page alone would read it as text.
            page.drop_zone.dropped.connect(self.open_dropped)
        if hasattr(page, "restore_settings"):
            page.restore_settings(self.settings)
        if self.learn_group is None:
            from lmstudio_app.ui.widgets.learn_panel import LearnPanelGroup

            self.learn_group = LearnPanelGroup(self.settings, parent=self)
            self.learn_group.set_presenting(self._presentation)
        self.learn_group.add(page.learn)  # open or closed on every page together
        if self._presentation:
            self._present_page(page, True)
        return page

    def pages_built(self) -> bool:
        """Whether every page exists (a moment after the window first painted)."""
        return len(self._pages) == len(PAGES)

    @property
    def pages(self) -> list[Page]:
        return [self.page(key) for key in PAGE_KEYS]

    @property
    def corpus_page(self) -> Any:
        return self.page("corpus")

    @property
    def tokenizer_page(self) -> Any:
        return self.page("tokenizer")

    @property
    def model_page(self) -> Any:
        return self.page("model")

    @property
    def train_page(self) -> Any:
        return self.page("train")

    @property
    def generate_page(self) -> Any:
        return self.page("generate")

    @property
    def runs_page(self) -> Any:
        return self.page("runs")

    def _show_step(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.page(PAGE_KEYS[row])
            self.stack.setCurrentIndex(row)

    def go_to(self, page: Page) -> None:
        key = next(key for key, built in self._pages.items() if built is page)
        self.steps.setCurrentRow(PAGE_KEYS.index(key))

    def update_steps(self) -> None:
        ok_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        wait_icon = blank_icon(self.steps.iconSize())
        for index, key in enumerate(PAGE_KEYS):
            page = self._pages.get(key)
            if page is None:
                self.steps.item(index).setIcon(wait_icon)
                continue
            ready, reason = page.readiness()
            item = self.steps.item(index)
            item.setIcon(ok_icon if ready else wait_icon)
            ready_text = QCoreApplication.translate("MainWindow", "ready")
            item.setToolTip(page.title() + (" — " + ready_text if ready else " — " + reason))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, reason or ready_text)
        self.save_run_action.setEnabled(
            self.session.active_run is not None and self.session.active_run.folder is not None
        )

