"""The lesson open in a window: its banner, its sign in the status bar, and the settings it
keeps locked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from lmstudio_app.ui.lessons.banner import LessonBanner
from lmstudio_app.ui.lessons.indicator import LessonIndicator
from lmstudio_app.ui.lessons.locks import free_all, relock_model, relock_tokenizer, restrict

if TYPE_CHECKING:  # numpy and tokenizers behind these load only when a lesson is used
    from lmstudio_app.core.lessons import Lesson


class LessonController(QObject):
    """The lesson open in a window: its banner, and the rules it keeps while it is open.

    The pages adjust settings by themselves: a new text makes the tokenizer page suggest a
    kind, a new tokenizer makes the model page apply its preset again. While a lesson is open,
    the controller puts its locked settings back after each of those changes (its slots are
    connected when the first lesson is applied, after the pages', so they run last).
    """

    opened_or_closed = Signal()

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("lesson-controller")
        self.window = window
        # The open lesson, or (in a teacher's window) the one last saved, whose choices a
        # second save keeps; only an open one locks settings.
        self.lesson: Lesson | None = None
        self._open = False
        self._tokenizer_pending = False
        self.banner = LessonBanner()
        # The banner goes above everything: the central widget is wrapped, not changed, so the
        # main window needs no knowledge of lessons beyond installing the actions.
        central = window.takeCentralWidget()
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        if central is not None:
            layout.addWidget(central, 1)
        window.setCentralWidget(container)
        self.banner.closed.connect(self._banner_closed)
        self.indicator = LessonIndicator()
        self.indicator.clicked.connect(self.show_instructions)
        window.statusBar().addPermanentWidget(self.indicator)
        self._connected = False

    # ---- applying

    def apply(self, lesson: Lesson) -> None:
        window: Any = self.window
        self.lesson = lesson
        corpus_page, tokenizer_page = window.corpus_page, window.tokenizer_page
        model_page = window.model_page
        window.train_page  # noqa: B018 - built now, so that going to any page works at once
        if not self._connected:
            # Connected only now that the pages exist (and have connected theirs): Qt calls
            # slots in the order they were connected, and these must run after the pages'.
            self._connected = True
            window.session.corpus_changed.connect(self._corpus_changed)
            window.session.tokenizer_changed.connect(self._tokenizer_changed)
        # Settings first, so that what reacts to the new text works on the lesson's settings.
        model_page.set_specs(
            lesson.model_kind, lesson.model, lesson.training, _preset_to_show(lesson)
        )
        tokenizer_page.set_spec(lesson.tokenizer)
        restrict(window, lesson)
        # The tokenizer page suggests a kind for every new text: set the lesson's again once
        # the text has loaded (see _corpus_changed).
        self._tokenizer_pending = True
        if lesson.sample is not None:
            combo = corpus_page.sample_combo
            combo.setCurrentIndex(max(combo.findData(lesson.sample), 0))
            corpus_page.load_sample(lesson.sample)
        else:
            corpus_page.load_text(lesson.text or "", lesson.text_name or lesson.title or "lesson")
        if lesson.title or lesson.instructions:
            self.banner.show_lesson(lesson.title, lesson.instructions)
        else:
            self.banner.hide()
        self._open = True
        self.indicator.show_lesson(lesson.title)
        self.opened_or_closed.emit()
        window.go_to(window.page(lesson.start_page))

    def is_open(self) -> bool:
        return self._open and self.lesson is not None

    def show_instructions(self) -> None:
        """The open lesson's title and instructions in the banner again, after it was closed."""
        lesson = self.lesson
        if self._open and lesson is not None:
            self.banner.show_lesson(lesson.title, lesson.instructions)

    def clear(self) -> None:
        """Close the lesson: every setting free and shown again, no banner."""
        self.lesson = None
        self._tokenizer_pending = False
        self.banner.hide()
        self.indicator.hide()
        if self._open:
            self._open = False
            self.opened_or_closed.emit()
        window: Any = self.window
        if not window.pages_built():
            return  # nothing was restricted: a lesson builds every page
        free_all(window)

    # ---- keeping locked settings as the lesson has them

    def _corpus_changed(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        tokenizer_page: Any = self.window.tokenizer_page  # type: ignore[attr-defined]
        if self._tokenizer_pending and self.window.session.corpus is not None:  # type: ignore[attr-defined]
            self._tokenizer_pending = False
            tokenizer_page.set_spec(lesson.tokenizer)
            return
        relock_tokenizer(self.window, lesson)

    def _tokenizer_changed(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        relock_model(self.window, lesson)

    # ---- problems

    def show_problem(self, message: str) -> None:
        self.banner.show_problem(message)

    def _banner_closed(self) -> None:
        # Closing a problem about another file brings back the open lesson's instructions.
        lesson = self.lesson
        if self.banner.problem and lesson is not None and (lesson.title or lesson.instructions):
            self.banner.show_lesson(lesson.title, lesson.instructions)


def _preset_to_show(lesson: Lesson) -> str | None:
    """The lesson's preset, if its settings are that preset's for its tokenizer kind.

    The model page applies its preset again whenever a tokenizer is built; naming a preset
    whose values differ from the lesson's would silently replace them then.
    """
    if lesson.preset is None or lesson.model_kind == "ngram":
        return None
    from lmstudio_app.core.specs import preset_specs

    model, training = preset_specs(lesson.preset, lesson.tokenizer.kind, lesson.model_kind)
    if model == lesson.model and training == lesson.training:
        return lesson.preset
    return None


def lesson_controller(window: QMainWindow) -> LessonController:
    """The window's lesson controller, made (with its banner) the first time it is needed."""
    found = window.findChild(LessonController, "lesson-controller")
    if isinstance(found, LessonController):
        return found
    return LessonController(window)
