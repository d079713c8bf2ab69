"""The lesson entries of the File menu and the file dialogs behind them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from lmstudio_app.ui.lessons.controller import lesson_controller
from lmstudio_app.ui.lessons.files import lesson_from_window, save_window_lesson
from lmstudio_app.ui.lessons.save_dialog import SaveLessonDialog
from lmstudio_app.ui.translations import error_text

LESSON_FILTER_SUFFIX = ".lmlesson"  # the same as core.lessons.LESSON_SUFFIX, without importing it


def _suggested_file_name(title: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", title, flags=re.UNICODE).strip().replace(" ", "-")
    return (stem[:60] or "lesson") + LESSON_FILTER_SUFFIX


def open_lesson_dialog(window: Any) -> None:
    from PySide6.QtWidgets import QFileDialog  # dialogs load when first used

    path, _ = QFileDialog.getOpenFileName(
        window,
        QCoreApplication.translate("Lessons", "Open lesson"),
        str(Path.home()),
        QCoreApplication.translate("Lessons", "Lessons (*.lmlesson);;All files (*)"),
    )
    if path:
        window.open_lesson(path)  # as every way of opening one: also remembered as recent


def save_lesson_dialog(window: Any) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from lmstudio_app.core.errors import StudioError

    title = QCoreApplication.translate("Lessons", "Save as lesson")
    try:
        draft = lesson_from_window(window)  # no text, or one too large: say so before asking
    except StudioError as exc:
        QMessageBox.warning(window, title, error_text(exc))
        return
    dialog = SaveLessonDialog(window, draft)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    choices = dialog.choices()
    path, _ = QFileDialog.getSaveFileName(
        window,
        title,
        str(Path.home() / _suggested_file_name(choices["title"])),
        QCoreApplication.translate("Lessons", "Lessons (*.lmlesson)"),
    )
    if not path:
        return
    if not path.lower().endswith(LESSON_FILTER_SUFFIX):
        path += LESSON_FILTER_SUFFIX
    try:
        save_window_lesson(window, path, **choices)
    except StudioError as exc:
        QMessageBox.warning(window, title, error_text(exc))
        return
    window.statusBar().showMessage(
        QCoreApplication.translate("Lessons", "Saved the lesson {path}.").format(path=path)
    )


def install_lesson_actions(window: Any, file_menu: QMenu, before: QAction | None = None) -> None:
    """Add Open lesson… and Save as lesson… to the File menu, and the banner above the pages.
    The dialog opens the file with `window.open_lesson(path)`, as drag and drop, recent files
    and the command line do."""
    window.open_lesson_action = action = QAction(
        QCoreApplication.translate("Lessons", "Open &lesson…"), window
    )
    action.setObjectName("open-lesson")
    tip = QCoreApplication.translate(
        "Lessons", "Open a lesson a teacher saved: its text, settings and instructions."
    )
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda: open_lesson_dialog(window))
    file_menu.insertAction(before, action) if before else file_menu.addAction(action)
    window.save_lesson_action = action = QAction(
        QCoreApplication.translate("Lessons", "Save as l&esson…"), window
    )
    action.setObjectName("save-lesson")
    tip = QCoreApplication.translate(
        "Lessons",
        "Save the text and settings as a lesson file for a class, with instructions and "
        "settings they cannot change.",
    )
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda: save_lesson_dialog(window))
    file_menu.insertAction(before, action) if before else file_menu.addAction(action)
    lesson_controller(window)  # the banner's place above the pages, from the start
