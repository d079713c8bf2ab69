"""The main window: the workflow Corpus -> Tokenizer -> Model -> Train -> Generate, plus Runs.

A list of steps on the left shows which are ready (and, for those that are not, why); the
pages on the right do the work. Menus, toolbar, drag and drop, recent files and remembered
settings live here. torch is imported in the background after the window has painted.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QIcon,
    QKeySequence,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from lmstudio_app import __version__
from lmstudio_app.ui.gc_guard import collect_garbage_in_gui_thread
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
    ("runs", QT_TRANSLATE_NOOP("MainWindow", "Runs"), "runs_page", "RunsPage"),
]
PAGE_KEYS = [key for key, *_ in PAGES]
MAX_RECENT = 8


class _EngineLoader(QObject):
    """Imports torch in a background thread, so the window paints first."""

    ready = Signal(str)

    def start(self) -> None:
        threading.Thread(target=self._load, name="load-torch", daemon=True).start()

    def _load(self) -> None:
        try:
            import torch

            message = f"torch {torch.__version__.split('+')[0]}"
        except Exception as exc:
            message = f"unavailable ({exc})"
        with contextlib.suppress(RuntimeError):  # the window closed while torch was loading
            self.ready.emit(message)


LESSON_SUFFIX = ".lmlesson"  # as core.lessons.LESSON_SUFFIX, without importing it

# Presentation mode: one key, as in slide-show programs, and how much larger the text gets.
PRESENTATION_KEY = "F5"
PRESENTATION_FONT_SCALE = 1.5


def high_contrast_palette() -> QPalette:
    """Black on white with a deep blue selection: what survives a washed-out projector."""
    palette = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#ffffff",
        roles.WindowText: "#000000",
        roles.Base: "#ffffff",
        roles.AlternateBase: "#eeeeee",
        roles.Text: "#000000",
        roles.Button: "#e6e6e6",
        roles.ButtonText: "#000000",
        roles.Highlight: "#0a3fa8",
        roles.HighlightedText: "#ffffff",
        roles.ToolTipBase: "#ffffe0",
        roles.ToolTipText: "#000000",
        roles.PlaceholderText: "#4d4d4d",
        roles.Link: "#0a3fa8",
        roles.Light: "#ffffff",
        roles.Midlight: "#d9d9d9",
        roles.Mid: "#808080",
        roles.Dark: "#404040",
        roles.Shadow: "#000000",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#6b6b6b"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#6b6b6b"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#6b6b6b"))
    return palette


class _PresentationLook:
    """The application's font and palette are shared by all its windows: they are dressed for
    a projector while any open window is in presentation mode, and the normal look is saved
    once. (Each window scaling the font itself made a second window, opened in the mode the
    first had left on, scale the already enlarged font again.)"""

    def __init__(self) -> None:
        self._windows: set[int] = set()  # those presenting
        self._watched: set[int] = set()  # those whose deletion is watched
        self._normal: tuple[QFont, QPalette] | None = None

    def enter(self, window: QWidget) -> None:
        key = id(window)
        self._windows.add(key)
        if key not in self._watched:
            # A window deleted without closing (not the usual way) must not keep the look.
            self._watched.add(key)
            window.destroyed.connect(lambda *_: self._forget(key))
        if self._normal is not None:
            return
        app = QApplication.instance()
        self._normal = (QFont(app.font()), QPalette(app.palette()))
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() * PRESENTATION_FONT_SCALE)
        app.setFont(font)
        app.setPalette(high_contrast_palette())

    def leave(self, window: QWidget) -> None:
        self._leave(id(window))

    def _forget(self, key: int) -> None:
        self._watched.discard(key)
        self._leave(key)

    def _leave(self, key: int) -> None:
        self._windows.discard(key)
        if self._windows or self._normal is None:
            return
        font, palette = self._normal
        self._normal = None
        app = QApplication.instance()
        app.setFont(font)
        app.setPalette(palette)


_presentation_look = _PresentationLook()


def open_settings() -> QSettings:
    """The app's stored preferences (window size, recent files, language, presentation)."""
    return QSettings("LanguageModelStudio", "Language Model Studio")


class MainWindow(QMainWindow):
    """The application window. Construct it once a QApplication exists."""

    def __init__(self) -> None:
        super().__init__()
        # Qt objects in Python reference cycles must be freed here, not in a worker thread.
        collect_garbage_in_gui_thread()
        self.setWindowTitle(self.tr("Language Model Studio"))
        self.setAcceptDrops(True)
        self.settings = open_settings()
        self.session = Session(self)
        self.engine_ready = False
        self._stop_signal: int | None = None  # set when SIGTERM / SIGHUP close the window

        self._pages: dict[str, Page] = {}
        self._presentation = False
        self._geometry_restored = False  # whether the last session's size and place came back
        self.learn_group: Any = None  # made with the first page, after the first paint
        self.stack = QStackedWidget()
        self.steps = QListWidget()
        self.steps.setAccessibleName("Workflow steps")
        self.steps.setToolTip(self.tr("The steps, in order. A tick means the step is done."))
        self.steps.setIconSize(QSize(20, 20))
        self.steps.setMaximumWidth(220)
        self.steps.setSpacing(2)
        for number, (_, title, _, _) in enumerate(PAGES, start=1):
            # replaced by the page when it is built, right after the window first paints
            placeholder = QLabel(self.tr("Opening {step}…").format(step=self.tr(title)))
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(placeholder)
            self.steps.addItem(QListWidgetItem(f"{number}. {self.tr(title)}"))
        for signal in (
            self.session.corpus_changed,
            self.session.tokenizer_changed,
            self.session.model_changed,
            self.session.runs_changed,
            self.session.run_selected,
        ):
            signal.connect(self.update_steps)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.steps)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.steps.setCurrentRow(0)  # before connecting: the Corpus page is built after painting
        self.steps.currentRowChanged.connect(self._show_step)
        self._restore_settings()
        self.update_steps()
        self.statusBar().showMessage(self.tr("Loading the training engine…"))
        self._engine = _EngineLoader(self)
        self._engine.ready.connect(self._engine_ready)
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # Build the other pages and import torch only once the window is on screen: the
            # imports hold the interpreter for a second or two, which must not delay it.
            self._painted = True
            # With the window as context: a window deleted before its pages are built (closed
            # at once) cancels the rest, instead of building pages on its deleted session.
            QTimer.singleShot(0, self, self._build_next_page)

    def _build_next_page(self) -> None:
        self._install_lessons()  # first, so that the menu is whole when the pages are
        missing = [key for key in PAGE_KEYS if key not in self._pages]
        if missing:
            self.page(missing[0])
            QTimer.singleShot(0, self, self._build_next_page)
        else:
            self.update_steps()
            QTimer.singleShot(100, self._engine, self._engine.start)
            from lmstudio_app.ui.recovery import check_interrupted_runs

            check_interrupted_runs(self)  # offers, in a banner, to resume a crashed run

    # ---- pages, built on demand

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
        elif key == "corpus":
            # A lesson or a run folder dropped on the page's drop zone opens as one, as on
            # the window: the page alone would read it as text.
            page.drop_zone.dropped.connect(self.open_dropped)
        if hasattr(page, "restore_settings"):
            page.restore_settings(self.settings)
        if self.learn_group is None:
            from lmstudio_app.ui.widgets.learn_panel import LearnPanelGroup

            self.learn_group = LearnPanelGroup(self.settings, parent=self)
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

    # ---- actions, menus, toolbar

    def _action(
        self,
        text: str,
        slot,
        shortcut: QKeySequence | str | None = None,
        tip: str = "",
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_action = self._action(
            self.tr("&New"),
            self.new_session,
            QKeySequence.StandardKey.New,
            self.tr("Start again with nothing chosen."),
            sp.SP_FileIcon,
        )
        self.open_corpus_action = self._action(
            self.tr("Open &corpus…"),
            lambda: self.corpus_page.open_files_dialog(),
            QKeySequence.StandardKey.Open,
            self.tr("Open text files to learn from."),
            sp.SP_DialogOpenButton,
        )
        self.open_folder_action = self._action(
            self.tr("Open &folder…"),
            lambda: self.corpus_page.open_folder_dialog(),
            "Ctrl+Shift+F",
            self.tr("Open a folder of text files to learn from."),
            sp.SP_DirOpenIcon,
        )
        self.open_run_action = self._action(
            self.tr("Open &run…"),
            self.open_run_dialog,
            "Ctrl+Shift+O",
            self.tr("Open a run folder saved earlier, to generate text or compare."),
            sp.SP_DirHomeIcon,
        )
        self.save_run_action = self._action(
            self.tr("&Save run as…"),
            self.save_run_dialog,
            QKeySequence.StandardKey.Save,
            self.tr("Copy the current run folder somewhere, to keep it or hand it to a class."),
            sp.SP_DialogSaveButton,
        )
        self.preferences_action = self._action(
            self.tr("&Preferences…"),
            self.show_preferences,
            QKeySequence.StandardKey.Preferences,
            self.tr("Settings of the app."),
        )
        self.quit_action = self._action(
            self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, self.tr("Close the app.")
        )
        self.help_action = self._action(
            self.tr("&Help"),
            self.show_help,
            QKeySequence.StandardKey.HelpContents,
            self.tr("How to use the app, step by step."),
            sp.SP_DialogHelpButton,
        )
        self.log_action = self._action(
            self.tr("Open the &log folder"),
            self.open_log_folder,
            None,
            self.tr("Where the app writes details of problems, for reporting them."),
        )
        self.about_action = self._action(
            self.tr("&About"), self.show_about, None, self.tr("Version and licence.")
        )
        self.presentation_action = self._action(
            self.tr("&Presentation mode"),
            self.set_presentation_mode,
            PRESENTATION_KEY,
            self.tr(
                "Large text, thick plot lines and strong contrast for a projector; advanced "
                "settings are hidden. Press {key} again to go back."
            ).format(key=PRESENTATION_KEY),
        )
        self.presentation_action.setCheckable(True)
        self.step_actions = []
        for number, (_, title, _, _) in enumerate(PAGES, start=1):
            action = self._action(
                self.tr(title),
                lambda _=False, row=number - 1: self.steps.setCurrentRow(row),
                f"Ctrl+{number}",
                self.tr("Go to the {step} step.").format(step=self.tr(title)),
            )
            self.step_actions.append(action)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_corpus_action)
        file_menu.addAction(self.open_folder_action)
        file_menu.addAction(self.open_run_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.setToolTipsVisible(True)
        file_menu.addAction(self.save_run_action)
        # Open lesson… and Save as lesson… go here once the pages are built (_install_lessons)
        self._file_menu = file_menu
        self._lesson_anchor = file_menu.addSeparator()
        self._lessons_installed = False
        file_menu.addSeparator()
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.presentation_action)
        go_menu = menu.addMenu(self.tr("&Go"))
        for action in self.step_actions:
            go_menu.addAction(action)
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.about_action)
        self._refresh_recent_menu()

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (
            self.new_action,
            self.open_corpus_action,
            self.open_run_action,
            self.save_run_action,
            self.help_action,
        ):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        self.addToolBar(toolbar)

    def _install_lessons(self) -> None:
        """The lesson actions and banner: imported after the first paint (their widgets cost
        about 40 ms to import), or at once when a lesson is opened before that."""
        if self._lessons_installed:
            return
        from lmstudio_app.ui.lessons import install_lesson_actions

        install_lesson_actions(self, self._file_menu, before=self._lesson_anchor)
        self._lessons_installed = True

    # ---- steps

    def go_to(self, page: Page) -> None:
        key = next(key for key, built in self._pages.items() if built is page)
        self.steps.setCurrentRow(PAGE_KEYS.index(key))

    def update_steps(self) -> None:
        ok_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        wait_icon = QIcon()
        for index, key in enumerate(PAGE_KEYS):
            page = self._pages.get(key)
            if page is None:
                continue
            ready, reason = page.readiness()
            item = self.steps.item(index)
            item.setIcon(ok_icon if ready else wait_icon)
            item.setToolTip(page.title() + (" — " + self.tr("ready") if ready else " — " + reason))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, reason or self.tr("ready"))
        self.save_run_action.setEnabled(
            self.session.active_run is not None and self.session.active_run.folder is not None
        )

    # ---- opening things

    def open_corpus(self, path: str | Path) -> None:
        """Load a file or folder as the Open dialog would (a run folder opens as a run)."""
        path = Path(path)
        if path.suffix.lower() == LESSON_SUFFIX and path.is_file():
            self._install_lessons()  # a lesson given on the command line, before any paint
            self.open_lesson(path)
            self._remember_recent(str(path))
            return
        from lmstudio_app.core.runs import is_run_folder

        if is_run_folder(path):
            self.open_run(path)
            return
        self.corpus_page.open_paths([str(path)])
        self._remember_recent(str(path))
        self.go_to(self.corpus_page)

    def open_run(self, folder: str | Path) -> None:
        self.runs_page.open_run(Path(folder))
        self._remember_recent(str(folder))
        self.go_to(self.runs_page)

    def open_run_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # dialogs load when first used

        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open run folder"), str(Path.home())
        )
        if folder:
            self.open_run(folder)

    def save_run_dialog(self) -> None:
        record = self.session.active_run
        if record is None or record.folder is None:
            return
        from PySide6.QtWidgets import QFileDialog

        target = QFileDialog.getExistingDirectory(
            self, self.tr("Save run into folder"), str(Path.home())
        )
        if target:
            self.runs_page.export_run(record, Path(target) / record.folder.name)

    def _training(self) -> bool:
        train_page = self._pages.get("train")
        return train_page is not None and train_page.is_training()

    def new_session(self) -> None:
        if self._training() and not self._confirm_stop_training():
            return
        self.train_page.stop_and_wait()
        self.session.reset()
        if self._lessons_installed:
            from lmstudio_app.ui.lessons import close_lesson

            close_lesson(self)
        self.corpus_page.sample_combo.setCurrentIndex(0)
        self.go_to(self.corpus_page)
        self.statusBar().showMessage(self.tr("Started again."))

    # ---- drag and drop anywhere

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        self.open_dropped(paths)

    def open_dropped(self, paths: list[str]) -> None:
        """Open what was dropped on the window or on the Corpus page's drop zone: one lesson
        or run folder as such, anything else as the text."""
        if len(paths) == 1:
            self.open_corpus(paths[0])
        else:
            self.corpus_page.open_paths(paths)
            self.go_to(self.corpus_page)

    # ---- recent files and settings

    def _recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _remember_recent(self, path: str) -> None:
        recent = [p for p in self._recent() if p != path]
        recent.insert(0, path)
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        if not recent:
            empty = self.recent_menu.addAction(self.tr("Nothing opened yet"))
            empty.setEnabled(False)
            return
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name or path)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_corpus(p))

    def _restore_settings(self) -> None:
        geometry = self.settings.value("geometry")
        self._geometry_restored = geometry is not None
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 800)
        if self.settings.value("presentation", False, type=bool):
            self.set_presentation_mode(True)

    def show_first(self) -> None:
        """Show the window as the app opens: at its remembered place and size, or the first
        time at 1200x800, except on a smaller screen (a 1024x768 projector, a small laptop),
        which it fills instead of running past its edges."""
        screen = self.screen()
        available = screen.availableGeometry().size() if screen is not None else self.size()
        too_small = (available.width() < self.width() + 40
                     or available.height() < self.height() + 40)
        if not self._geometry_restored and too_small:
            self.resize(available.boundedTo(self.size()))
            self.showMaximized()
        else:
            self.show()

    def _save_settings(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("presentation", self._presentation)
        for page in self._pages.values():
            if hasattr(page, "save_settings"):
                page.save_settings(self.settings)
        self.settings.sync()

    # ---- presentation mode

    def is_presentation_mode(self) -> bool:
        return self._presentation

    def set_presentation_mode(self, enabled: bool) -> None:
        """Dress the whole app for a projector, or back as it was."""
        enabled = bool(enabled)
        self.presentation_action.setChecked(enabled)
        if enabled == self._presentation:
            return
        self._presentation = enabled
        if enabled:
            _presentation_look.enter(self)
        else:
            _presentation_look.leave(self)
        for page in self._pages.values():
            self._present_page(page, enabled)
        # A widget with its own style sheet keeps the font it was polished with: polish it again.
        for widget in self.findChildren(QWidget):
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())
        self.steps.setMaximumWidth(330 if enabled else 220)
        self.statusBar().showMessage(
            self.tr("Presentation mode: press {key} to leave it.").format(key=PRESENTATION_KEY)
            if enabled
            else self.tr("Presentation mode is off."),
            5000,
        )

    def _present_page(self, page: Page, enabled: bool) -> None:
        for widget in page.findChildren(QWidget):
            if hasattr(widget, "set_presentation"):
                widget.set_presentation(enabled)
        # Advanced settings are hidden, with the switch that shows them; leaving the mode
        # gives the switch back as it was.
        advanced = getattr(page, "advanced", None)
        if advanced is not None:
            if enabled:
                advanced.setProperty("checked_before_presentation", advanced.isChecked())
                advanced.setChecked(False)
            else:
                advanced.setChecked(bool(advanced.property("checked_before_presentation")))
            advanced.setVisible(not enabled)

    # ---- engine

    def _engine_ready(self, description: str) -> None:
        self.engine_ready = True
        collector = collect_garbage_in_gui_thread()
        if collector is not None:
            collector.freeze_long_lived()
        self.statusBar().showMessage(
            self.tr("The training engine is ready ({engine}).").format(engine=description), 8000
        )

    # ---- dialogs

    def show_preferences(self) -> None:
        from lmstudio_app.ui.dialogs import PreferencesDialog

        PreferencesDialog(self.settings, self).exec()

    def show_help(self) -> None:
        from lmstudio_app.ui.dialogs import HelpDialog

        HelpDialog(self).exec()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            self.tr("About Language Model Studio"),
            self.tr(
                "<h3>Language Model Studio {version}</h3>"
                "<p>See how a language model learns: from text to tokens, to a trained model, "
                "to generated text.</p><p>Free software under the MIT licence. The sample "
                "texts keep their own licences (see the samples' SOURCES file).</p>"
            ).format(version=__version__),
        )

    def open_log_folder(self) -> None:
        from lmstudio_app.core.appdirs import log_file

        folder = log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ---- closing

    def _confirm_stop_training(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            self.tr("Training is running"),
            self.tr(
                "A model is training. Stop it? What it has learned so far is kept in its run "
                "folder, and it can be resumed later."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def close_for_signal(self, signum: int) -> None:
        """SIGTERM or SIGHUP (a logout, `kill`, the computer shutting down): close without
        asking, since no one may be there to answer; training stops and is saved as on
        Quit (`ui/stop_signals.py`)."""
        self._stop_signal = signum
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        asked_by_signal = self._stop_signal is not None
        if self._training() and not asked_by_signal and not self._confirm_stop_training():
            event.ignore()
            return
        self._save_settings()
        for page in self._pages.values():
            page.shutdown()
        # The mode is remembered for the next start; the look goes back to normal unless
        # another window is still presenting.
        _presentation_look.leave(self)
        event.accept()
