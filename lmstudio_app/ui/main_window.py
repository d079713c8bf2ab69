"""The main window: the workflow Corpus -> Tokenizer -> Model -> Train -> Generate, plus Runs.

A list of steps on the left shows which are ready (and, for those that are not, why); the
pages on the right do the work. The frame, menus and toolbar are built here; the window's other
parts live beside it (see `MainWindow`). torch is imported in the background after the window
has painted.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPaintEvent,
)
from PySide6.QtWidgets import (
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
from lmstudio_app.ui.engine_loader import EngineLoader
from lmstudio_app.ui.gc_guard import collect_garbage_in_gui_thread
from lmstudio_app.ui.mnemonics import without_mnemonic
from lmstudio_app.ui.pages.base import Page
from lmstudio_app.ui.presentation import (
    PRESENTATION_FONT_SCALE,
    PRESENTATION_KEY,
    PresentationMode,
    high_contrast_palette,
    presentation_look,
)
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.window_opening import LESSON_SUFFIX, FileOpening
from lmstudio_app.ui.window_pages import PAGE_KEYS, PAGES, PageSteps
from lmstudio_app.ui.window_settings import MAX_RECENT, RememberedSettings, open_settings

# Names that were defined here before the window's parts had files of their own.
__all__ = [
    "LESSON_SUFFIX",
    "MAX_RECENT",
    "PAGES",
    "PAGE_KEYS",
    "PRESENTATION_FONT_SCALE",
    "PRESENTATION_KEY",
    "MainWindow",
    "high_contrast_palette",
    "open_settings",
]


class MainWindow(PageSteps, FileOpening, RememberedSettings, PresentationMode, QMainWindow):
    """The application window. Construct it once a QApplication exists.

    Its frame, menus, toolbar and closing are here; its other parts are mixed in: the steps
    and pages (`window_pages`), opening files, lessons and run folders (`window_opening`), what
    it remembers (`window_settings`) and presentation mode (`presentation`). Those parts
    translate their sentences in this class's context, "MainWindow", where they were written.
    """

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
        self.session.corpus_changed.connect(self._remember_opened_text)

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
        self._engine = EngineLoader(self)
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
            action.setIconText(without_mnemonic(action.text()))  # what the button shows
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            button.setAccessibleName(action.iconText())
        self.addToolBar(toolbar)

    def _install_lessons(self) -> None:
        """The lesson actions and banner: imported after the first paint (their widgets cost
        about 40 ms to import), or at once when a lesson is opened before that."""
        if self._lessons_installed:
            return
        from lmstudio_app.ui.lessons import install_lesson_actions

        install_lesson_actions(self, self._file_menu, before=self._lesson_anchor)
        self._lessons_installed = True

    def _training(self) -> bool:
        train_page = self._pages.get("train")
        return train_page is not None and train_page.is_training()

    def new_session(self) -> None:
        if self._training() and not self._confirm_stop_training():
            return
        self.train_page.stop_and_wait()
        self.session.reset()
        for page in self._pages.values():
            page.clear()  # what they show of the work before goes with it
        if self._lessons_installed:
            from lmstudio_app.ui.lessons import close_lesson

            close_lesson(self)
        self.corpus_page.sample_combo.setCurrentIndex(0)
        self.go_to(self.corpus_page)
        self.statusBar().showMessage(self.tr("Started again."))

    # ---- drag and drop anywhere (routed as File > Open would: see window_opening)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        self.open_dropped(paths)

    # ---- engine

    def _engine_ready(self, description: str) -> None:
        self.engine_ready = True
        if "torch" in sys.modules:  # not when it failed to load ("unavailable (...)")
            self.session.set_engine_ready()
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
        presentation_look.leave(self)
        event.accept()
