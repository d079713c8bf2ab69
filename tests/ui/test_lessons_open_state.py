"""What shows that a lesson is open, and why a setting is fixed; closing it; what saving locks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QFrame, QSpinBox
from pytestqt.qtbot import QtBot

from lmstudio_app.core.lessons import Lesson, save_lesson
from lmstudio_app.core.specs import preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.lessons import SaveLessonDialog, lesson_controller, lesson_from_window
from lmstudio_app.ui.lessons.save_dialog import VALUE_COLUMN
from tests.ui.drive import choose, find


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    main = MainWindow()
    main.settings.setValue("runs_folder", str(tmp_path / "runs"))
    main.show()
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    yield main
    main.close()
    main.deleteLater()


def names_lesson(tmp_path: Path) -> Path:
    model, training = preset_specs("tiny", "char", "gru")
    path = tmp_path / "names.lmlesson"
    save_lesson(path, Lesson(
        model_kind="gru", model=dataclasses.replace(model, hidden_size=123), training=training,
        tokenizer=TokenizerSpec(kind="char"), sample="names", title="Inventing names",
        instructions="Train for one minute.", locked={"model": ("family", "hidden_size")},
    ))
    return path


def test_a_locked_setting_says_the_lesson_locked_it_and_closing_the_lesson_frees_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    hidden_size = find(window, QSpinBox, "Hidden size")
    own_help = hidden_size.toolTip()
    assert window.open_lesson(names_lesson(tmp_path))
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    assert not hidden_size.isEnabled()
    assert hidden_size.toolTip().startswith(own_help)  # its help stays
    assert "Locked by the lesson “Inventing names”" in hidden_size.toolTip()
    family = find(window, QComboBox, "Model family")
    assert "Locked by the lesson" in family.toolTip()
    assert "Locked" not in find(window, QSpinBox, "Layers").toolTip()

    window.close_lesson_action.trigger()
    assert hidden_size.isEnabled() and family.isEnabled()
    assert hidden_size.toolTip() == own_help
    assert "Locked" not in family.toolTip()
    assert lesson_controller(window).lesson is None


def test_after_the_banner_is_closed_the_status_bar_shows_the_lesson_and_its_instructions_return(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    controller = lesson_controller(window)
    indicator, banner = controller.indicator, find(window, QFrame, "Lesson banner")
    assert indicator.isHidden()
    assert not window.show_lesson_action.isEnabled()
    assert not window.close_lesson_action.isEnabled()
    assert window.open_lesson(names_lesson(tmp_path))
    assert indicator.isVisible() and "Inventing names" in indicator.text()
    assert window.show_lesson_action.isEnabled() and window.close_lesson_action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert window.show_lesson_action in file_menu.actions()
    assert window.close_lesson_action in file_menu.actions()

    banner.close_button.click()
    assert not banner.isVisible()
    window.show_lesson_action.trigger()
    assert banner.isVisible() and controller.banner.title_label.text() == "Inventing names"
    banner.close_button.click()
    indicator.click()
    assert banner.isVisible() and "one minute" in controller.banner.text_label.text()

    window.close_lesson_action.trigger()
    assert indicator.isHidden() and not banner.isVisible()
    assert not window.show_lesson_action.isEnabled()
    assert not window.close_lesson_action.isEnabled()


def test_the_save_as_lesson_dialog_shows_the_value_each_lock_would_fix(
    qtbot: QtBot, window: MainWindow
) -> None:
    choose(find(window, QComboBox, "Sample corpus"), "names")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    choose(find(window, QComboBox, "Model family"), "gru")
    find(window, QSpinBox, "Hidden size").setValue(123)
    dialog = SaveLessonDialog(window, lesson_from_window(window))
    qtbot.addWidget(dialog)
    assert dialog.setting_item("model", "hidden_size").text(VALUE_COLUMN) == "123"
    assert dialog.setting_item("model", "family").text(VALUE_COLUMN) == "GRU"
    assert dialog.setting_item("tokenizer", "kind").text(VALUE_COLUMN) == "char"
    assert dialog.tree.headerItem().text(VALUE_COLUMN) == "Value now"
