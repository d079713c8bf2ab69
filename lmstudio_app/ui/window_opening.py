"""What the main window opens: texts, lessons and run folders, from menus, drops and the
command line, each routed to where it belongs (a lesson is not a text, nor a run folder).

Whatever opened it (a dialog, a drop, the command line, File > Open recent), each is added
to the recent files here, once it has opened: a lesson and a run folder by `open_lesson` and
`open_run`, a text once the session holds it (`_remember_opened_text`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

LESSON_SUFFIX = ".lmlesson"  # as core.lessons.LESSON_SUFFIX, without importing it


class FileOpening:
    """The main window's part that opens things and saves a run elsewhere."""

    _remembered_choice: object = None  # the session's corpus choice last added to the recent

    def open_corpus(self, path: str | Path) -> None:
        """Load a file or folder as the Open dialog would (a run folder opens as a run)."""
        path = Path(path)
        if path.suffix.lower() == LESSON_SUFFIX and path.is_file():
            self.open_lesson(path)
            return
        from lmstudio_app.core.runs import is_run_folder

        if is_run_folder(path):
            self.open_run(path)
            return
        self.corpus_page.open_paths([str(path)])
        self.go_to(self.corpus_page)

    def open_lesson(self, path: str | Path) -> bool:
        """Open a lesson file (a problem is shown in the lesson banner); True if opened."""
        self._install_lessons()  # a lesson given on the command line, before any paint
        from lmstudio_app.ui.lessons import open_lesson

        opened = open_lesson(self, path)
        if opened:
            self._remember_recent(str(path), lesson=True)
        return opened

    def open_run(self, folder: str | Path) -> None:
        self.runs_page.open_run(Path(folder))
        self._remember_recent(str(folder))
        self.go_to(self.runs_page)

    def _remember_opened_text(self) -> None:
        """The files or folder of a text just loaded, however it was asked for (the Corpus
        page's own buttons and its drop zone included); not again when only its split
        changed."""
        choice = self.session.corpus_choice
        if self.session.corpus is None or choice is self._remembered_choice:
            return
        self._remembered_choice = choice
        for path in reversed(choice.paths):  # the first chosen ends up first in the menu
            self._remember_recent(path)

    def open_run_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog  # dialogs load when first used

        from lmstudio_app.ui.pages.train_work import runs_folder

        # Where the app saves runs (a hidden data folder a person would not find from home).
        start = runs_folder()
        folder = QFileDialog.getExistingDirectory(
            self,
            QCoreApplication.translate("MainWindow", "Open run folder"),
            str(start if start.is_dir() else Path.home()),
        )
        if folder:
            self.open_run(folder)

    def save_run_dialog(self) -> None:
        record = self.session.active_run
        if record is None or record.folder is None:
            return
        from PySide6.QtWidgets import QFileDialog

        target = QFileDialog.getExistingDirectory(
            self,
            QCoreApplication.translate("MainWindow", "Save run into folder"),
            str(Path.home()),
        )
        if target:
            self.runs_page.export_run(record, Path(target) / record.folder.name)

    def open_dropped(self, paths: list[str]) -> None:
        """Open what was dropped on the window or on the Corpus page's drop zone: one lesson
        or run folder as such, anything else as the text."""
        if len(paths) == 1:
            self.open_corpus(paths[0])
        else:
            self.corpus_page.open_paths(paths)
            self.go_to(self.corpus_page)

