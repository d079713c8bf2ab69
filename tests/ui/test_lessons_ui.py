"""Lessons in the window: a teacher saves the setup, a student opens it and lands on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.lessons import (
    MAX_EMBEDDED_TEXT_BYTES,
    Lesson,
    LessonError,
    load_lesson,
    save_lesson,
)
from lmstudio_app.core.specs import preset_specs
from lmstudio_app.core.tokenization import TokenizerSpec
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.lessons import (
    SaveLessonDialog,
    close_lesson,
    install_lesson_actions,
    lesson_controller,
    lesson_from_window,
    save_window_lesson,
)
from tests.ui.drive import choose, find


@pytest.fixture
def make_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], MainWindow]]:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow()
        window.settings.setValue("runs_folder", str(tmp_path / "runs"))
        if not hasattr(window, "open_lesson_action"):  # until the main window installs them
            install_lesson_actions(window, window.menuBar().addMenu("Lessons"))
        window.show()
        qtbot.waitUntil(window.pages_built, timeout=10_000)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.train_page.stop_and_wait()
        window.close()
        window.deleteLater()


def wait_for_text(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)


def test_a_saved_lesson_opens_in_a_fresh_window_with_the_same_setup(
    qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    teacher = make_window()
    choose(find(teacher, QComboBox, "Sample corpus"), "names")
    wait_for_text(qtbot, teacher)
    # not what the tokenizer page suggests for names (characters): the lesson's must win
    choose(find(teacher, QComboBox, "Tokenizer kind"), "bpe")
    find(teacher, QSpinBox, "Vocabulary size").setValue(300)
    choose(find(teacher, QComboBox, "Model family"), "gru")
    find(teacher, QSpinBox, "Hidden size").setValue(123)
    find(teacher, QDoubleSpinBox, "Learning rate").setValue(0.01)
    find(teacher, QSpinBox, "Seed").setValue(42)

    dialog = SaveLessonDialog(teacher, lesson_from_window(teacher))
    qtbot.addWidget(dialog)
    assert "First names" in dialog.corpus_label.text()
    dialog.title_edit.setText("Inventing names")
    dialog.instructions_edit.setPlainText("Train for one minute.\nThen write ten names.")
    dialog.set_choice("model", "hidden_size", locked=True)
    dialog.set_choice("model", "family", locked=True)
    dialog.set_choice("tokenizer", "kind", locked=True)
    dialog.set_choice("training", "seed", hidden=True)
    dialog.set_choice("training", "device", hidden=True)
    dialog.page_combo.setCurrentIndex(dialog.page_combo.findData("model"))
    path = tmp_path / "names.lmlesson"
    saved = save_window_lesson(teacher, path, **dialog.choices())
    assert load_lesson(path) == saved
    assert saved.sample == "names" and saved.text is None

    student = make_window()
    assert student.open_lesson(str(path)) is True
    wait_for_text(qtbot, student)
    qtbot.waitUntil(lambda: student.session.corpus_choice.sample == "names", timeout=20_000)
    # the same text and settings, even after the tokenizer page's suggestion for a new text
    assert student.tokenizer_page.spec() == teacher.tokenizer_page.spec()
    assert student.tokenizer_page.spec().kind == "bpe"
    assert student.tokenizer_page.spec().vocab_size == 300
    assert student.model_page.family() == "gru"
    assert student.model_page.model_spec() == teacher.model_page.model_spec()
    assert student.model_page.train_spec() == teacher.model_page.train_spec()
    assert student.model_page.model_spec().hidden_size == 123
    assert student.session.model_spec.hidden_size == 123  # published to the session too
    # locked: shown but disabled; hidden: not shown
    assert student.stack.currentWidget() is student.model_page
    hidden_size = find(student, QSpinBox, "Hidden size")
    assert hidden_size.isVisible() and not hidden_size.isEnabled()
    assert not find(student, QComboBox, "Model family").isEnabled()
    assert not find(student, QComboBox, "Tokenizer kind").isEnabled()
    assert find(student, QSpinBox, "Layers").isEnabled()
    assert not find(student, QAbstractSpinBox, "Seed").isVisible()
    assert not student.model_page.train_form.is_row_visible("device")
    assert find(student, QSpinBox, "Batch size").isVisible()
    # the instructions, in a banner above the pages
    banner = find(student, QFrame, "Lesson banner")
    assert banner.isVisible()
    assert lesson_controller(student).banner.title_label.text() == "Inventing names"
    assert "ten names" in lesson_controller(student).banner.text_label.text()
    # saving again from the student's window keeps the teacher's choices
    again = save_window_lesson(student, tmp_path / "again.lmlesson")
    assert again == saved
    # File > New closes the lesson: everything free and shown again
    close_lesson(student)
    assert hidden_size.isEnabled() and find(student, QComboBox, "Model family").isEnabled()
    assert student.model_page.train_form.is_row_visible("seed")
    assert not banner.isVisible()


def test_a_text_from_files_is_carried_inside_the_lesson(
    qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    text = "关关雎鸠，在河之洲。窈窕淑女，君子好逑。\n" * 80
    poem = tmp_path / "poem.txt"
    poem.write_text(text, encoding="gb18030")
    teacher = make_window()
    teacher.corpus_page.open_paths([str(poem)])
    wait_for_text(qtbot, teacher)
    choose(find(teacher, QComboBox, "Model family"), "ngram")
    find(teacher, QSpinBox, "Order (n)").setValue(4)
    path = tmp_path / "poem.lmlesson"
    saved = save_window_lesson(
        teacher, path, title="Poems", locked={"model": ("order",)},
        hidden={"model": ("add_k", "family")}, start_page="tokenizer",
    )
    assert saved.text == text and saved.sample is None and saved.model.order == 4
    assert str(poem) not in path.read_text(encoding="utf-8")  # no path to the teacher's disk

    student = make_window()
    assert student.open_lesson(path)
    wait_for_text(qtbot, student)
    assert student.session.corpus.text == text
    assert student.session.corpus_choice.sample is None
    assert student.model_page.family() == "ngram"
    assert student.model_page.model_spec().order == 4
    assert not find(student, QSpinBox, "Order (n)").isEnabled()
    assert not student.model_page.ngram_form.is_row_visible("add_k")
    assert student.model_page.family_combo.isHidden()  # the family choice is hidden too
    assert student.stack.currentWidget() is student.tokenizer_page
    # instructions empty: the title alone is shown
    assert lesson_controller(student).banner.isVisible()


def test_a_lesson_with_a_four_line_poem_opens_split_and_says_what_was_held_out(
    qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    """It was refused ("the validation part would be empty"): now a line is held out for
    validation and one for testing, and the Corpus page says so under the sizes."""
    poem = ("The woods are lovely, dark and deep,\nBut I have promises to keep,\n"
            "And miles to go before I sleep,\nAnd miles to go before I sleep.\n")
    path = tmp_path / "poem.lmlesson"
    save_lesson(path, Lesson(model_kind="lstm", text=poem, text_name="Frost"))
    window = make_window()
    assert window.open_lesson(path)
    wait_for_text(qtbot, window)
    assert window.session.splits.valid == "And miles to go before I sleep,\n"
    summary = window.corpus_page.split_summary.text()
    assert "one whole line of it is held out for validation" in summary
    assert "one whole line of it is held out for testing" in summary
    assert not window.corpus_page.error.isVisible()


def test_a_text_too_large_for_a_lesson_is_refused_plainly(
    qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * (MAX_EMBEDDED_TEXT_BYTES // 5 + 10), encoding="utf-8")
    window = make_window()
    window.corpus_page.open_paths([str(big)])
    wait_for_text(qtbot, window)
    with pytest.raises(LessonError) as info:
        lesson_from_window(window)
    assert info.value.code == "lesson_text_too_large"
    assert "big.txt" in str(info.value) and "sample" in str(info.value)


def test_a_bad_lesson_shows_a_plain_message_in_the_window(
    make_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    window = make_window()
    bad = tmp_path / "bad.lmlesson"
    bad.write_text('{"format": "lmstudio-lesson", "version": 1, "corpus": {"sample": "names"},'
                   ' "model_kind": "lstm", "model": {"hidden_size": "big"}}', encoding="utf-8")
    assert window.open_lesson(str(bad)) is False  # no exception, no traceback
    banner = lesson_controller(window).banner
    assert banner.isVisible() and banner.problem
    message = banner.text_label.text()
    assert message.startswith(str(bad)) and "Hidden size must be between 1 and 16384" in message
    assert "Traceback" not in message
    assert window.session.corpus is None  # nothing was changed
    missing = tmp_path / "missing.lmlesson"
    assert window.open_lesson(str(missing)) is False
    assert "there is no file" in banner.text_label.text()
    banner.close_button.click()
    assert not banner.isVisible()


def test_locked_settings_stay_when_a_tokenizer_makes_the_preset_apply_again(
    qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path
) -> None:
    model, training = preset_specs("small", "char", "lstm")
    path = tmp_path / "small.lmlesson"
    save_lesson(path, Lesson(
        model_kind="lstm", model=model, training=training, tokenizer=TokenizerSpec(kind="char"),
        sample="names", preset="small", locked={"model": ("layers",)},
    ))
    window = make_window()
    assert window.open_lesson(path)
    wait_for_text(qtbot, window)
    # the lesson's preset is shown, but cannot be changed: it would overwrite the locked layers
    assert window.model_page.preset_combo.currentData() == "small"
    assert not window.model_page.preset_combo.isEnabled()
    # A word tokenizer makes the model page apply the word presets (2 layers, tied); the
    # lesson's locked single layer stays, the rest follows the preset.
    window.tokenizer_page.set_spec(TokenizerSpec(kind="word"))
    window.tokenizer_page.build()
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    assert window.model_page.model_spec().layers == 1
    # the word preset fitted to the text and its vocabulary, as core fits it
    tokenizer, stats = window.session.tokenizer, window.session.tokenizer_stats
    fitted = preset_specs(
        "small", "word", "lstm", stats.tokens_per_split["train"], tokenizer.vocab_size
    )[0]
    assert window.model_page.model_spec().hidden_size == fitted.hidden_size
    assert window.model_page.model_spec().tied  # the word preset's, not the character one's
    assert window.session.model_spec.layers == 1


def test_lesson_actions_are_in_the_file_menu(make_window: Callable[[], MainWindow]) -> None:
    window = make_window()
    for name in ("open_lesson_action", "save_lesson_action"):
        action = getattr(window, name)
        assert action.toolTip() and action.text().replace("&", "")
    # saving with no text chosen says so, in a sentence
    with pytest.raises(StudioError) as info:
        lesson_from_window(window)
    assert info.value.code == "no_corpus"
