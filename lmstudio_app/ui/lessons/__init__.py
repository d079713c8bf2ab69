"""Lessons in the window: save the current setup as a `.lmlesson`, open one to land on it.

A teacher chooses a text, a tokenizer and a model, then *File > Save as lesson…*: a dialog asks
for a title, instructions for the class, the page to open on, and which settings to lock (shown
but fixed) or hide. A student opens the file (*File > Open lesson…*, or by dropping it on the
window) and finds the same text and settings, the locked ones disabled, the hidden ones gone,
and the instructions in a banner above the pages.

The file format and all its checks live in `core.lessons`. This package imports it only when a
lesson is saved or opened, because it brings numpy and tokenizers, which must not load before
the window first paints (`install_lesson_actions` runs while the menus are built).

The main window wires it with `install_lesson_actions(window, file_menu)`; the functions that
take a path (`open_lesson`, `save_window_lesson`) are what the actions call once a file dialog
has answered, and what tests call directly (a file dialog cannot run offscreen).

- `banner`: the title and instructions above the pages (or why a lesson could not open)
- `controller`: the lesson open in a window, with its banner; keeps the locks after changes
- `indicator`: the status bar's sign that a lesson is open (a click shows its instructions)
- `locks`: what locked and hidden settings do to the forms
- `files`: the window's setup as a lesson and back (save, open, close)
- `save_dialog`: the Save as lesson dialog
- `actions`: the File menu entries (open, save, show instructions, close) and their dialogs
"""

from lmstudio_app.ui.lessons.actions import (
    LESSON_FILTER_SUFFIX,
    install_lesson_actions,
    open_lesson_dialog,
    save_lesson_dialog,
)
from lmstudio_app.ui.lessons.banner import (
    BANNER_STYLE,
    BANNER_TEXT_MAX_HEIGHT,
    PROBLEM_STYLE,
    LessonBanner,
)
from lmstudio_app.ui.lessons.controller import LessonController, lesson_controller
from lmstudio_app.ui.lessons.files import (
    apply_lesson,
    close_lesson,
    lesson_from_window,
    open_lesson,
    save_window_lesson,
)
from lmstudio_app.ui.lessons.locks import section_forms
from lmstudio_app.ui.lessons.save_dialog import SECTION_TITLES, START_PAGE_TITLES, SaveLessonDialog

__all__ = [
    "BANNER_STYLE",
    "BANNER_TEXT_MAX_HEIGHT",
    "LESSON_FILTER_SUFFIX",
    "PROBLEM_STYLE",
    "SECTION_TITLES",
    "START_PAGE_TITLES",
    "LessonBanner",
    "LessonController",
    "SaveLessonDialog",
    "apply_lesson",
    "close_lesson",
    "install_lesson_actions",
    "lesson_controller",
    "lesson_from_window",
    "open_lesson",
    "open_lesson_dialog",
    "save_lesson_dialog",
    "save_window_lesson",
    "section_forms",
]
