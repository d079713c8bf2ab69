"""The window's setup as a lesson and back: what saving and opening a lesson do."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from lmstudio_app.ui.lessons.controller import LessonController, lesson_controller
from lmstudio_app.ui.lessons.locks import same_settings
from lmstudio_app.ui.translations import error_text

if TYPE_CHECKING:  # numpy and tokenizers behind these load only when a lesson is used
    from lmstudio_app.core.lessons import Lesson


def lesson_from_window(
    window: Any,
    *,
    title: str | None = None,
    instructions: str | None = None,
    locked: dict[str, tuple[str, ...]] | None = None,
    hidden: dict[str, tuple[str, ...]] | None = None,
    start_page: str | None = None,
) -> Lesson:
    """The window's current setup as a checked Lesson.

    The text is the sample's name, or the loaded text itself when it is small enough to carry
    (files are never referred to by path: the lesson must work on a student's computer).
    What is not given (title, instructions, locks, page) is kept from the lesson open now.
    """
    from lmstudio_app.core.errors import CorpusError
    from lmstudio_app.core.lessons import Lesson, check_embeddable, check_lesson

    session = window.session
    corpus = session.corpus
    if corpus is None:
        raise CorpusError("no_corpus")
    sample = session.corpus_choice.sample
    text, text_name = None, ""
    if sample is None:
        text = corpus.text
        check_embeddable(text, corpus.name)
        # a file's name (never its path), as the students will see it
        name = "".join(char for char in str(corpus.name) if char.isprintable())
        text_name = name[:200]
    model_page = window.model_page
    family = model_page.family()
    current = lesson_controller(window).lesson
    preset = model_page.preset_combo.currentData() if family != "ngram" else None
    lesson = Lesson(
        model_kind=family,
        model=model_page.model_spec(),
        training=model_page.train_spec(),
        tokenizer=window.tokenizer_page.spec(),
        sample=sample,
        text=text,
        text_name=text_name,
        title=title if title is not None else (current.title if current else ""),
        instructions=(
            instructions if instructions is not None else (current.instructions if current else "")
        ),
        preset=preset or None,
        locked=locked if locked is not None else _kept(current, "locked", family),
        hidden=hidden if hidden is not None else _kept(current, "hidden", family),
        start_page=start_page or (current.start_page if current else "corpus"),
    )
    return check_lesson(lesson)


def _kept(current: Lesson | None, which: str, family: str) -> dict[str, tuple[str, ...]]:
    """The open lesson's locks (or hidden settings) that still apply to `family`."""
    if current is None:
        return {}
    names = dict(getattr(current, which))
    if not same_settings(family, current.model_kind):
        # the other kind's model settings do not exist here; the family choice does
        names["model"] = tuple(name for name in names.get("model", ()) if name == "family")
        if (family == "ngram") != (current.model_kind == "ngram"):
            names.pop("training", None)  # an n-gram is not trained: no training settings
    return names


def apply_lesson(window: Any, lesson: Lesson) -> None:
    """Set the window up as the lesson says: text, tokenizer, model, locks, banner, page."""
    lesson_controller(window).apply(lesson)


def close_lesson(window: Any) -> None:
    """Forget the open lesson (File > New): settings free again, banner gone."""
    found = window.findChild(LessonController, "lesson-controller")
    if isinstance(found, LessonController):
        found.clear()


def open_lesson(window: Any, path: str | Path) -> bool:
    """Open a lesson file; a problem is shown in the banner, in plain words. True if opened."""
    from lmstudio_app.core.errors import StudioError
    from lmstudio_app.core.lessons import load_lesson

    controller = lesson_controller(window)
    if window.train_page.is_training():
        controller.show_problem(
            QCoreApplication.translate(
                "Lessons", "A model is training. Stop it first, then open the lesson again."
            )
        )
        return False
    try:
        lesson = load_lesson(path)
    except StudioError as exc:
        controller.show_problem(error_text(exc))
        window.statusBar().showMessage(
            QCoreApplication.translate("Lessons", "The lesson could not be opened.")
        )
        return False
    apply_lesson(window, lesson)
    window.statusBar().showMessage(
        QCoreApplication.translate("Lessons", "Opened the lesson {name}.").format(
            name=lesson.title or Path(path).name
        )
    )
    return True


def save_window_lesson(window: Any, path: str | Path, **choices: Any) -> Lesson:
    """Save the window's setup as a lesson at `path`; `choices` as `lesson_from_window` takes
    them (what SaveLessonDialog.choices() returns). Raises StudioError with a plain sentence."""
    from lmstudio_app.core.lessons import save_lesson

    lesson = lesson_from_window(window, **choices)
    saved = save_lesson(path, lesson)
    controller = lesson_controller(window)
    controller.lesson = saved  # saving again keeps these choices
    return saved
