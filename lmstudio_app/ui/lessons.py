"""Lessons in the window: save the current setup as a `.lmlesson`, open one to land on it.

A teacher chooses a text, a tokenizer and a model, then *File > Save as lesson…*: a dialog asks
for a title, instructions for the class, the page to open on, and which settings to lock (shown
but fixed) or hide. A student opens the file (*File > Open lesson…*, or by dropping it on the
window) and finds the same text and settings, the locked ones disabled, the hidden ones gone,
and the instructions in a banner above the pages.

The file format and all its checks live in `core.lessons`. This module imports it only when a
lesson is saved or opened, because it brings numpy and tokenizers, which must not load before
the window first paints (`install_lesson_actions` runs while the menus are built).

The main window wires it with `install_lesson_actions(window, file_menu)`; the functions that
take a path (`open_lesson`, `save_window_lesson`) are what the actions call once a file dialog
has answered, and what tests call directly (a file dialog cannot run offscreen).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.ui.translations import error_text, translate_core

if TYPE_CHECKING:  # numpy and tokenizers behind these load only when a lesson is used
    from lmstudio_app.core.lessons import Lesson
    from lmstudio_app.ui.widgets.spec_form import SpecForm

LESSON_FILTER_SUFFIX = ".lmlesson"  # the same as core.lessons.LESSON_SUFFIX, without importing it
# The window's steps a lesson may open on (core.lessons.START_PAGES), with their titles as the
# main window's translation context has them.
START_PAGE_TITLES = {
    "corpus": "Corpus",
    "tokenizer": "Tokenizer",
    "model": "Model",
    "train": "Train",
    "generate": "Generate",
}
# The groups of settings in the dialog, marked for the translation catalogue.
SECTION_TITLES = {
    "tokenizer": QT_TRANSLATE_NOOP("Lessons", "Tokenizer"),
    "model": QT_TRANSLATE_NOOP("Lessons", "Model"),
    "training": QT_TRANSLATE_NOOP("Lessons", "Training"),
}
# A strip across the top of the window, as browsers show their notices.
BANNER_STYLE = (
    "QFrame#lesson-banner { background: #eaf2ff; border: none;"
    " border-bottom: 1px solid #9dbbea; }"
    " QFrame#lesson-banner QLabel { color: #12305e; background: transparent; }"
)
PROBLEM_STYLE = (
    "QFrame#lesson-banner { background: #fde8e8; border: none;"
    " border-bottom: 1px solid #f8b4b4; }"
    " QFrame#lesson-banner QLabel { color: #9b1c1c; background: transparent; }"
)
# The instructions may be long (up to 10,000 characters): beyond this height they scroll, so
# the pages below keep most of the window.
BANNER_TEXT_MAX_HEIGHT = 140


# --------------------------------------------------------------------------- the banner


class LessonBanner(QFrame):
    """The lesson's title and instructions above the pages; or, in red, why a lesson could
    not be opened. The person can close it."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson-banner")
        self.setAccessibleName("Lesson banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title_label = QLabel()
        self.title_label.setAccessibleName("Lesson title")
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.text_label = QLabel()
        self.text_label.setAccessibleName("Lesson instructions")
        # Plain text: a lesson comes from anyone, and its text must not be read as HTML.
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget "
                                  "{ background: transparent; }")
        self.scroll.setWidget(self.text_label)
        self.scroll.setMaximumHeight(BANNER_TEXT_MAX_HEIGHT)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setAccessibleName("Close lesson banner")
        self.close_button.setToolTip(self.tr("Hide this message. The lesson stays open."))
        self.close_button.clicked.connect(self.hide)
        self.close_button.clicked.connect(lambda: self.closed.emit())
        text_column = QVBoxLayout()
        text_column.setSpacing(4)
        text_column.addWidget(self.title_label)
        text_column.addWidget(self.scroll)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 6, 8)
        layout.addLayout(text_column, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.problem = False
        self.hide()

    def show_lesson(self, title: str, instructions: str) -> None:
        self.problem = False
        self.setStyleSheet(BANNER_STYLE)
        self.title_label.setText(title or self.tr("Lesson"))
        self.text_label.setText(instructions)
        self.scroll.setVisible(bool(instructions))
        self._fit()
        self.show()

    def show_problem(self, message: str) -> None:
        self.problem = True
        self.setStyleSheet(PROBLEM_STYLE)
        self.title_label.setText(self.tr("The lesson could not be opened"))
        self.text_label.setText(message)
        self.scroll.setVisible(True)
        self._fit()
        self.show()

    def _fit(self) -> None:
        # As tall as the text needs, up to the maximum: a scroll area does not size itself to
        # a word-wrapped label. The width is the banner's less its margins and close button.
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right() - self.close_button.width() - 12
        needed = self.text_label.heightForWidth(max(width, 200))
        self.scroll.setFixedHeight(min(max(needed, 0), BANNER_TEXT_MAX_HEIGHT) + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()  # the text wraps differently at another width


# --------------------------------------------------------------------------- the controller


class LessonController(QObject):
    """The lesson open in a window: its banner, and the rules it keeps while it is open.

    The pages adjust settings by themselves: a new text makes the tokenizer page suggest a
    kind, a new tokenizer makes the model page apply its preset again. While a lesson is open,
    the controller puts its locked settings back after each of those changes (its slots are
    connected when the first lesson is applied, after the pages', so they run last).
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("lesson-controller")
        self.window = window
        self.lesson: Lesson | None = None
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
        self._apply_restrictions(lesson)
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
        window.go_to(window.page(lesson.start_page))

    def _apply_restrictions(self, lesson: Lesson) -> None:
        window: Any = self.window
        model_page = window.model_page
        for section, form in section_forms(window, lesson.model_kind).items():
            form.set_locked(set(lesson.locked.get(section, ())))
            form.set_hidden(set(lesson.hidden.get(section, ())))
        # The forms of the other model kind carry no restriction.
        others = {model_page.ngram_form, model_page.model_form, model_page.train_form}
        for form in others - set(section_forms(window, lesson.model_kind).values()):
            form.set_locked(set())
            form.set_hidden(set())
        model_page.set_family_state(
            "family" in lesson.locked.get("model", ()), "family" in lesson.hidden.get("model", ())
        )
        # A preset would overwrite settings the lesson fixes: offer none then.
        fixed = any(
            name != "family"
            for section in ("model", "training")
            for name in lesson.locked.get(section, ())
        )
        model_page.preset_combo.setEnabled(not fixed)
        model_page.preset_combo.setToolTip(
            QCoreApplication.translate(
                "Lessons", "This lesson fixes some settings, so its presets cannot be changed."
            )
            if fixed
            else QCoreApplication.translate(
                "ModelPage", "Ready-made settings; you can change any of them."
            )
        )

    def clear(self) -> None:
        """Close the lesson: every setting free and shown again, no banner."""
        self.lesson = None
        self._tokenizer_pending = False
        self.banner.hide()
        window: Any = self.window
        if not window.pages_built():
            return  # nothing was restricted: a lesson builds every page
        model_page = window.model_page
        for form in (window.tokenizer_page.form, model_page.ngram_form, model_page.model_form,
                     model_page.train_form):
            form.set_locked(set())
            form.set_hidden(set())
        model_page.set_family_state(False, False)
        model_page.preset_combo.setEnabled(True)
        model_page.preset_combo.setToolTip(
            QCoreApplication.translate(
                "ModelPage", "Ready-made settings; you can change any of them."
            )
        )

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
        locked = lesson.locked.get("tokenizer", ())
        current = tokenizer_page.spec()
        wanted = dataclasses.replace(
            current, **{name: getattr(lesson.tokenizer, name) for name in locked}
        )
        if wanted != current:
            tokenizer_page.set_spec(wanted)

    def _tokenizer_changed(self) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        model_page: Any = self.window.model_page  # type: ignore[attr-defined]
        family_locked = "family" in lesson.locked.get("model", ())
        family = lesson.model_kind if family_locked else model_page.family()
        if family != model_page.family():
            model_page.set_family(family)
        if (family == "ngram") != (lesson.model_kind == "ngram"):
            return  # another kind of model than the lesson's: its settings do not apply
        model = model_page.model_spec()
        training = model_page.train_spec()
        wanted_model = dataclasses.replace(
            model,
            **{
                name: getattr(lesson.model, name)
                for name in lesson.locked.get("model", ())
                if name != "family"
            },
        )
        wanted_training = training
        if training is not None and lesson.training is not None:
            wanted_training = dataclasses.replace(
                training,
                **{name: getattr(lesson.training, name)
                   for name in lesson.locked.get("training", ())},
            )
        if wanted_model != model or wanted_training != training:
            model_page.set_specs(family, wanted_model, wanted_training, None)

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


def section_forms(window: Any, model_kind: str) -> dict[str, SpecForm]:
    """The forms that show each section of a lesson's settings for this kind of model."""
    model_page = window.model_page
    forms = {"tokenizer": window.tokenizer_page.form}
    if model_kind == "ngram":
        forms["model"] = model_page.ngram_form
    else:
        forms["model"] = model_page.model_form
        forms["training"] = model_page.train_form
    return forms


# --------------------------------------------------------------------------- window <-> lesson


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
    if (family == "ngram") != (current.model_kind == "ngram"):
        # the other kind's model settings do not exist here; the family choice does
        names["model"] = tuple(name for name in names.get("model", ()) if name == "family")
        names.pop("training", None)
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


# --------------------------------------------------------------------------- the dialog


class SaveLessonDialog(QDialog):
    """Title, instructions, first page, and which settings the class may not change or see."""

    def __init__(self, window: Any, draft: Lesson) -> None:
        super().__init__(window)
        from lmstudio_app.core.config import spec_fields
        from lmstudio_app.core.lessons import (
            MAX_INSTRUCTIONS_CHARS,
            MAX_TITLE_CHARS,
            lockable_settings,
        )

        self.setWindowTitle(self.tr("Save as lesson"))
        self.setAccessibleName("Save as lesson")
        self.max_instructions = MAX_INSTRUCTIONS_CHARS
        self.resize(600, 720)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A lesson opens on every student's computer with this text, these settings "
                "and your instructions."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.title_edit = QLineEdit(draft.title)
        self.title_edit.setAccessibleName("Lesson title")
        self.title_edit.setMaxLength(MAX_TITLE_CHARS)
        self.title_edit.setPlaceholderText(self.tr("For example: Inventing names"))
        self.title_edit.setToolTip(self.tr("Shown in bold above the pages when a student opens "
                                           "the lesson."))
        form.addRow(self.tr("Title:"), self.title_edit)
        self.instructions_edit = QPlainTextEdit(draft.instructions)
        self.instructions_edit.setAccessibleName("Lesson instructions")
        self.instructions_edit.setPlaceholderText(
            self.tr("What should the class do? For example: Train the model for one minute, "
                    "then generate ten names and pick the most convincing one.")
        )
        self.instructions_edit.setToolTip(
            self.tr("Plain text, shown above the pages. At most {count} characters.").format(
                count=f"{MAX_INSTRUCTIONS_CHARS:,}"
            )
        )
        self.instructions_edit.setMinimumHeight(80)
        self.instructions_edit.setMaximumHeight(130)
        form.addRow(self.tr("Instructions:"), self.instructions_edit)
        self.page_combo = QComboBox()
        self.page_combo.setAccessibleName("Open on page")
        self.page_combo.setToolTip(self.tr("The step the lesson opens on."))
        for key, page_title in START_PAGE_TITLES.items():
            self.page_combo.addItem(QCoreApplication.translate("MainWindow", page_title), key)
        self.page_combo.setCurrentIndex(max(self.page_combo.findData(draft.start_page), 0))
        form.addRow(self.tr("Open on:"), self.page_combo)
        self.corpus_label = QLabel(self._describe_corpus(draft))
        self.corpus_label.setAccessibleName("Lesson text")
        self.corpus_label.setWordWrap(True)
        form.addRow(self.tr("Text:"), self.corpus_label)
        layout.addLayout(form)

        explain = QLabel(
            self.tr(
                "Tick the settings the class may not change (Lock: shown but fixed) or should "
                "not see at all (Hide)."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Settings to lock or hide")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([self.tr("Setting"), self.tr("Lock"), self.tr("Hide")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        classes = _section_classes(draft.model_kind)
        for section, names in lockable_settings(draft.model_kind).items():
            top = QTreeWidgetItem(
                [QCoreApplication.translate("Lessons", SECTION_TITLES[section])]
            )
            font = QFont(top.font(0))
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            labels = {info.name: info.label for info in spec_fields(classes[section])}
            for name in names:
                label = (
                    self.tr("Model family")
                    if name == "family"
                    else translate_core(labels.get(name, name))
                )
                item = QTreeWidgetItem([label])
                item.setData(0, Qt.ItemDataRole.UserRole, (section, name))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                for column, chosen in ((1, draft.locked), (2, draft.hidden)):
                    state = Qt.CheckState.Checked if name in chosen.get(section, ()) else (
                        Qt.CheckState.Unchecked
                    )
                    item.setCheckState(column, state)
                item.setToolTip(0, name)
                top.addChild(item)
                self._items[(section, name)] = item
            top.setExpanded(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 70)
        self.tree.setColumnWidth(2, 70)
        layout.addWidget(self.tree, 1)

        self.error = QLabel()
        self.error.setAccessibleName("Problem")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(
            "QLabel { color: #9b1c1c; background: #fde8e8; border: 1px solid #f8b4b4;"
            " border-radius: 4px; padding: 6px; }"
        )
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save lesson…"))
        save.setAccessibleName("Save lesson")
        save.setToolTip(self.tr("Choose where to save the lesson file."))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _describe_corpus(self, draft: Lesson) -> str:
        if draft.sample is not None:
            from lmstudio_app.core.samples import SAMPLES

            return self.tr("the sample {name}").format(
                name=translate_core(SAMPLES[draft.sample].title)
            )
        size = len((draft.text or "").encode("utf-8")) / 1000
        return self.tr("{name} ({size:,.0f} kB), carried inside the lesson").format(
            name=draft.text_name or self.tr("the loaded text"), size=size
        )

    def setting_item(self, section: str, name: str) -> QTreeWidgetItem:
        """The row of one setting (tests tick its Lock and Hide boxes)."""
        return self._items[(section, name)]

    def set_choice(self, section: str, name: str, *, locked: bool | None = None,
                   hidden: bool | None = None) -> None:
        item = self.setting_item(section, name)
        for column, value in ((1, locked), (2, hidden)):
            if value is not None:
                item.setCheckState(column, Qt.CheckState.Checked if value else
                                   Qt.CheckState.Unchecked)

    def _ticked(self, column: int) -> dict[str, tuple[str, ...]]:
        chosen: dict[str, list[str]] = {}
        for (section, name), item in self._items.items():
            if item.checkState(column) == Qt.CheckState.Checked:
                chosen.setdefault(section, []).append(name)
        return {section: tuple(names) for section, names in chosen.items()}

    def choices(self) -> dict[str, Any]:
        """What `save_window_lesson` takes besides the window and the path."""
        return {
            "title": self.title_edit.text().strip(),
            "instructions": self.instructions_edit.toPlainText().strip(),
            "locked": self._ticked(1),
            "hidden": self._ticked(2),
            "start_page": self.page_combo.currentData(),
        }

    def accept(self) -> None:
        length = len(self.instructions_edit.toPlainText().strip())
        if length > self.max_instructions:
            self.error.setText(
                self.tr(
                    "The instructions have {count} characters; a lesson can hold {limit}. "
                    "Shorten them."
                ).format(count=f"{length:,}", limit=f"{self.max_instructions:,}")
            )
            self.error.show()
            return
        self.error.hide()
        super().accept()


def _section_classes(model_kind: str) -> dict[str, type]:
    from lmstudio_app.core.lessons import model_spec_class
    from lmstudio_app.core.specs import TrainSpec
    from lmstudio_app.core.tokenization import TokenizerSpec

    return {"tokenizer": TokenizerSpec, "model": model_spec_class(model_kind),
            "training": TrainSpec}


# --------------------------------------------------------------------------- menu actions


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
        open_lesson(window, path)


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
    """Add Open lesson… and Save as lesson… to the File menu, the banner above the pages, and
    `window.open_lesson(path)` (for drag and drop, recent files and the command line)."""
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
    window.open_lesson = functools.partial(open_lesson, window)
    lesson_controller(window)  # the banner's place above the pages, from the start


def is_lesson_path(path: str | Path) -> bool:
    """Whether a dropped or opened path is a lesson file (by its name)."""
    return str(path).lower().endswith(LESSON_FILTER_SUFFIX)
