"""Help lists every shortcut the window has; Preferences shows its note and path whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.dialogs import HelpDialog, PreferencesDialog


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    return main


def test_help_lists_every_shortcut_of_the_window(window: MainWindow, qtbot: QtBot) -> None:
    """It listed a few by hand (not F5, for one); now it reads them from the actions."""
    # an action given a shortcut later is listed too: the list cannot drift
    window.open_lesson_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
    dialog = HelpDialog(window)
    qtbot.addWidget(dialog)
    text = dialog.findChild(QTextBrowser).toPlainText()
    keys = [
        action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty()
    ]
    assert "F5" in keys and "Ctrl+Shift+L" in keys and len(keys) >= 10
    for key in keys:
        assert key in text
    assert "Presentation mode" in text and "Open lesson" in text


def test_preferences_show_the_language_note_whole_and_the_runs_path_in_a_tooltip(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    deep = tmp_path / ("a-long-folder-name-" * 6) / "runs"
    window.settings.setValue("runs_folder", str(deep))
    dialog = PreferencesDialog(window.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert str(deep) in dialog.runs_folder.toolTip()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    note = dialog.language_note
    assert note.isVisible()
    qtbot.waitUntil(lambda: note.height() >= note.heightForWidth(note.width()), timeout=2_000)
