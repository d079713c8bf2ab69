"""Preferences and Help."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.appdirs import user_data_dir
from lmstudio_app.ui.mnemonics import without_mnemonic
from lmstudio_app.ui.translations import (
    LANGUAGES,
    SETTINGS_KEY,
    SYSTEM_LANGUAGE,
    current_language,
    resolve_language,
)


class PreferencesDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        layout = QVBoxLayout(self)
        form = QFormLayout()
        row = QHBoxLayout()
        self.runs_folder = QLineEdit(str(settings.value("runs_folder") or user_data_dir() / "runs"))
        self.runs_folder.setAccessibleName("Runs folder")
        # Wide enough for a usual path; a longer one scrolls, and the tooltip has it whole.
        self.runs_folder.setMinimumWidth(
            min(
                self.fontMetrics().horizontalAdvance(self.runs_folder.text()) + 24,
                self.fontMetrics().horizontalAdvance("x" * 70),
            )
        )
        self.runs_folder.textChanged.connect(self._show_whole_path)
        self._show_whole_path(self.runs_folder.text())
        browse = QPushButton(self.tr("Choose…"))
        browse.setAccessibleName("Choose runs folder")
        browse.setToolTip(self.tr("Pick the folder where new runs are saved."))
        browse.clicked.connect(self._browse)
        row.addWidget(self.runs_folder, 1)
        row.addWidget(browse)
        form.addRow(self.tr("Save runs in:"), row)

        self.language = QComboBox()
        self.language.setAccessibleName("Language")
        self.language.setToolTip(self.tr("The language of the window's menus, buttons and help."))
        self.language.addItem(self.tr("Same as the computer"), SYSTEM_LANGUAGE)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)  # each language named in its own words
        stored = settings.value(SETTINGS_KEY, SYSTEM_LANGUAGE)
        self.language.setCurrentIndex(max(0, self.language.findData(stored)))
        self.language.currentIndexChanged.connect(self._language_changed)
        form.addRow(self.tr("Language:"), self.language)
        self.language_note = QLabel(
            self.tr("The new language is used from the next time you start the app.")
        )
        self.language_note.setWordWrap(True)
        self.language_note.setAccessibleName("Language note")
        self.language_note.setVisible(False)
        form.addRow("", self.language_note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_whole_path(self, path: str) -> None:
        what = self.tr("Where new runs are saved.")
        self.runs_folder.setToolTip(f"{what}\n{path}")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save runs in"), self.runs_folder.text()
        )
        if folder:
            self.runs_folder.setText(folder)

    def _language_changed(self) -> None:
        chosen = resolve_language(self.language.currentData())
        self.language_note.setVisible(chosen != current_language())
        # The note was cut to a line or two: the dialog grows to its wrapped height.
        self.adjustSize()

    def accept(self) -> None:
        self.settings.setValue("runs_folder", str(Path(self.runs_folder.text()).expanduser()))
        self.settings.setValue(SETTINGS_KEY, self.language.currentData())
        super().accept()


HELP_HTML = QT_TRANSLATE_NOOP(
    "HelpDialog",
    """
<h2>Language Model Studio</h2>
<p>Work through the steps on the left, in order:</p>
<ol>
<li><b>Corpus</b>: pick a sample text, or open your own files (any encoding) or a folder.
Drop a file anywhere on the window to open it.</li>
<li><b>Tokenizer</b>: choose how the text is cut into tokens and press <i>Build tokenizer</i>.
Type in the box to see your own text cut into tokens.</li>
<li><b>Model</b>: choose an n-gram or a neural network (RNN, LSTM, GRU) and a preset.
Hover over any setting to read what it does.</li>
<li><b>Train</b>: press <i>Start</i> and watch the loss fall. You can pause, resume and stop;
nothing learned is lost.</li>
<li><b>Generate</b>: give a prompt and press <i>Generate</i>, or <i>Step</i> to add one token
at a time and see the probabilities of the next one.</li>
</ol>
<p><b>Runs</b> lists every model trained, to compare them or open them again.</p>
""",
)


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action of the window's menus that has a shortcut, in menu order:
    read from the actions themselves, so the help cannot drift from them."""
    rows: list[tuple[str, str]] = []

    def walk(actions: list[QAction], path: str) -> None:
        for action in actions:
            menu = action.menu()
            if isinstance(menu, QMenu):
                walk(menu.actions(), f"{path}{without_mnemonic(menu.title())} › ")
            elif action.shortcuts() and not action.isSeparator():
                keys = ", ".join(
                    key.toString(QKeySequence.SequenceFormat.NativeText)
                    for key in action.shortcuts()
                )
                rows.append((path + without_mnemonic(action.text()), keys))

    menu_bar = window.findChild(QMenuBar)
    if menu_bar is not None:
        walk(menu_bar.actions(), "")
    return rows


def shortcuts_html(rows: list[tuple[str, str]], title: str) -> str:
    cells = "".join(
        f"<tr><td>{html.escape(what)}</td><td><b>{html.escape(keys)}</b></td></tr>"
        for what, keys in rows
    )
    return f"<h3>{html.escape(title)}</h3><table cellspacing='0' cellpadding='3'>{cells}</table>"


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Help"))
        self.resize(560, 480)
        layout = QVBoxLayout(self)
        browser = QTextBrowser()
        browser.setAccessibleName("Help text")
        text = self.tr(HELP_HTML)
        rows = shortcut_rows(parent) if parent is not None else []
        if rows:
            text += shortcuts_html(rows, self.tr("Keyboard shortcuts"))
        browser.setHtml(text)
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
