"""What the main window opens: texts, lessons and run folders, from menus, drops and the
command line, each routed to where it belongs (a lesson is not a text, nor a run folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

LESSON_SUFFIX = ".lmlesson"  # as core.lessons.LESSON_SUFFIX, without importing it


class FileOpening:
    """The main window's part that opens things and saves a run elsewhere."""

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

