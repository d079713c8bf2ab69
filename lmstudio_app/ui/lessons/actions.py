"""The lesson entries of the File menu and the file dialogs behind them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from lmstudio_app.ui.lessons.controller import lesson_controller
from lmstudio_app.ui.lessons.files import close_lesson, lesson_from_window, save_window_lesson
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


def _add_action(
    window: Any, menu: QMenu, before: QAction | None, name: str, text: str, tip: str, slot: Any
) -> QAction:
    action = QAction(text, window)
    action.setObjectName(name)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    menu.insertAction(before, action) if before else menu.addAction(action)
    return action


def install_lesson_actions(window: Any, file_menu: QMenu, before: QAction | None = None) -> None:
    """Add Open lesson…, Save as lesson…, Show lesson instructions and Close lesson to the File
    menu, the banner above the pages and the sign in the status bar. The dialog opens the file
    with `window.open_lesson(path)`, as drag and drop, recent files and the command line do."""
    window.open_lesson_action = _add_action(
        window, file_menu, before, "open-lesson",
        QCoreApplication.translate("Lessons", "Open &lesson…"),
        QCoreApplication.translate(
            "Lessons", "Open a lesson a teacher saved: its text, settings and instructions."
        ),
        lambda: open_lesson_dialog(window),
    )
    window.save_lesson_action = _add_action(
        window, file_menu, before, "save-lesson",
        QCoreApplication.translate("Lessons", "Save as l&esson…"),
        QCoreApplication.translate(
            "Lessons",
            "Save the text and settings as a lesson file for a class, with instructions and "
            "settings they cannot change.",
        ),
        lambda: save_lesson_dialog(window),
    )
    controller = lesson_controller(window)  # the banner's place above the pages, from the start
    window.show_lesson_action = _add_action(
        window, file_menu, before, "show-lesson",
        QCoreApplication.translate("Lessons", "Show lesson &instructions"),
        QCoreApplication.translate("Lessons", "Show the open lesson's instructions again."),
        controller.show_instructions,
    )
    window.close_lesson_action = _add_action(
        window, file_menu, before, "close-lesson",
        QCoreApplication.translate("Lessons", "Close lesso&n"),
        QCoreApplication.translate(
            "Lessons", "Close the lesson: every setting can be changed again; the text stays."
        ),
        lambda: close_lesson(window),
    )

    def lesson_opened_or_closed() -> None:
        for action in (window.show_lesson_action, window.close_lesson_action):
            action.setEnabled(controller.is_open())

    controller.opened_or_closed.connect(lesson_opened_or_closed)
    lesson_opened_or_closed()
