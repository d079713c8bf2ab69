"""The Corpus page's two boxes say what is loaded: the sample box names the text still loaded
after a refused file, and "Read as" shows how the text on screen was read, not an earlier
file's choice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow


def _window(qtbot: QtBot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    return window


def _choose_encoding(combo: QComboBox, encoding: str) -> None:
    index = combo.findData(encoding)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_a_new_file_or_sample_is_read_automatically_after_a_manual_choice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot)
    page = window.corpus_page
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("关关雎鸠，在河之洲。\n".encode("gbk") * 30)
    window.open_corpus(gbk)
    qtbot.waitUntil(lambda: "gb18030" in page.encoding_label.text(), timeout=10_000)
    _choose_encoding(page.encoding_combo, "cp1252")
    qtbot.waitUntil(lambda: "cp1252" in page.encoding_label.text(), timeout=10_000)
    assert page.encoding_combo.currentData() == "cp1252"

    other = tmp_path / "other.txt"
    other.write_text("words of my own\n" * 50, encoding="utf-8")
    window.open_corpus(other)
    qtbot.waitUntil(lambda: window.session.corpus_choice.paths == [str(other)], timeout=10_000)
    assert window.session.corpus_choice.encoding is None
    assert "utf-8" in page.encoding_label.text()
    assert page.encoding_combo.currentIndex() == 0  # "automatic", as it was read

    _choose_encoding(page.encoding_combo, "latin-1")
    qtbot.waitUntil(lambda: "iso8859-1" in page.encoding_label.text(), timeout=10_000)
    page.load_sample("shijing")
    qtbot.waitUntil(lambda: window.session.corpus_choice.sample == "shijing", timeout=10_000)
    assert page.encoding_combo.currentIndex() == 0


def test_the_encoding_box_is_wide_enough_for_each_choice(qtbot: QtBot) -> None:
    window = _window(qtbot)
    combo = window.corpus_page.encoding_combo
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        text = combo.itemText(index)
        assert combo.fontMetrics().horizontalAdvance(text) <= field.width(), text


def test_the_sample_box_keeps_naming_the_loaded_text_after_a_refused_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot)
    page = window.corpus_page
    page.load_sample("shijing")
    qtbot.waitUntil(lambda: window.session.corpus is not None, timeout=10_000)
    assert page.sample_combo.currentData() == "shijing"
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    window.open_corpus(bad)
    qtbot.waitUntil(page.error.isVisible, timeout=10_000)
    assert window.session.corpus_choice.sample == "shijing"  # still loaded
    assert page.sample_combo.currentData() == "shijing"

    good = tmp_path / "mine.txt"
    good.write_text("words of my own\n" * 50, encoding="utf-8")
    window.open_corpus(good)
    qtbot.waitUntil(lambda: window.session.corpus_choice.paths == [str(good)], timeout=10_000)
    assert page.sample_combo.currentIndex() == 0  # a text of one's own: no sample named
