"""File > Save as lesson…: title, instructions, first page, settings to lock or hide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from lmstudio_app.ui.translations import translate_core

if TYPE_CHECKING:  # numpy and tokenizers behind these load only when a lesson is used
    from lmstudio_app.core.lessons import Lesson


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

# The columns of the settings tree: the value each setting has now, beside the boxes that fix it.
SETTING_COLUMN, VALUE_COLUMN, LOCK_COLUMN, HIDE_COLUMN = range(4)


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
        self.resize(640, 720)
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
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Setting"), self.tr("Value now"), self.tr("Lock"), self.tr("Hide")]
        )
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
            infos = {info.name: info for info in spec_fields(classes[section])}
            values = {"tokenizer": draft.tokenizer, "model": draft.model,
                      "training": draft.training}[section]
            for name in names:
                info = infos.get(name)
                if name == "family":
                    label, value = self.tr("Model family"), self._family_text(draft.model_kind)
                else:
                    label = translate_core(info.label) if info else name
                    value = self._value_text(info, getattr(values, name, None))
                item = QTreeWidgetItem([label, value])
                item.setToolTip(VALUE_COLUMN, value)
                item.setData(0, Qt.ItemDataRole.UserRole, (section, name))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                for column, chosen in ((LOCK_COLUMN, draft.locked), (HIDE_COLUMN, draft.hidden)):
                    state = Qt.CheckState.Checked if name in chosen.get(section, ()) else (
                        Qt.CheckState.Unchecked
                    )
                    item.setCheckState(column, state)
                item.setToolTip(0, name)
                top.addChild(item)
                self._items[(section, name)] = item
            top.setExpanded(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.setColumnWidth(SETTING_COLUMN, 250)
        self.tree.setColumnWidth(VALUE_COLUMN, 150)
        self.tree.setColumnWidth(LOCK_COLUMN, 70)
        self.tree.setColumnWidth(HIDE_COLUMN, 70)
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

    def _family_text(self, kind: str) -> str:
        from lmstudio_app.core.models import MODEL_KINDS

        known = MODEL_KINDS.get(kind)
        return translate_core(known.label) if known else kind

    def _value_text(self, info: Any, value: Any) -> str:
        """A setting's value as the class will find it."""
        if value is None:
            return "–"
        if info is not None and info.special is not None and value == info.special:
            return self.tr("automatic")
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, int):
            return f"{value:,}"
        text = str(value)
        if info is not None and info.choices is not None:
            return translate_core(text)
        return text or "–"

    def setting_item(self, section: str, name: str) -> QTreeWidgetItem:
        """The row of one setting (tests tick its Lock and Hide boxes)."""
        return self._items[(section, name)]

    def set_choice(self, section: str, name: str, *, locked: bool | None = None,
                   hidden: bool | None = None) -> None:
        item = self.setting_item(section, name)
        for column, value in ((LOCK_COLUMN, locked), (HIDE_COLUMN, hidden)):
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
            "locked": self._ticked(LOCK_COLUMN),
            "hidden": self._ticked(HIDE_COLUMN),
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
