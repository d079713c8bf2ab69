"""The window opens, loads samples and files in any encoding, and shows problems in plain words."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.main_window import open_settings


def test_window_loads_a_sample_and_a_gbk_file(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    page = window.corpus_page
    page.load_sample("shijing")
    qtbot.waitUntil(lambda: window.session.corpus is not None, timeout=10_000)
    assert "utf-8" in page.encoding_label.text()
    assert "100%" in page.stat_labels["scripts"].text()
    path = tmp_path / "gbk.txt"
    path.write_bytes("关关雎鸠，在河之洲。\n".encode("gbk") * 30)
    window.open_corpus(path)
    qtbot.waitUntil(lambda: window.session.corpus_choice.paths == [str(path)], timeout=10_000)
    qtbot.waitUntil(lambda: "gb18030" in page.encoding_label.text(), timeout=10_000)
    assert page.preview.toPlainText().startswith("关关雎鸠")
    # reading it with another encoding on request
    page.encoding_combo.setCurrentIndex(page.encoding_combo.findData("big5"))
    page.encoding_combo.activated.emit(page.encoding_combo.currentIndex())
    qtbot.waitUntil(
        lambda: page.error.isVisible() or "big5" in page.encoding_label.text(), timeout=10_000
    )


def test_window_shows_a_bad_file_inline(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    window.open_corpus(bad)
    qtbot.waitUntil(window.corpus_page.error.isVisible, timeout=10_000)
    assert "PNG image" in window.corpus_page.error.text()


def test_torch_is_not_imported_before_the_window_paints(qtbot: QtBot) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from lmstudio_app.ui import MainWindow\n"
        "w = MainWindow(); w.show()\n"
        "print('torch' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_settings_and_recent_files_are_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    corpus = tmp_path / "poems.txt"
    corpus.write_text("roses are red\nviolets are blue\n" * 20, encoding="utf-8")
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.resize(1000, 700)
    first.open_corpus(corpus)
    qtbot.waitUntil(lambda: first.session.corpus is not None, timeout=10_000)
    first.model_page.set_family("gru")
    first.model_page.apply_preset("tiny")
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.model_page.family() == "gru"
    assert second.model_page.preset_combo.currentData() == "tiny"
    # the offscreen screen is 800 pixels wide, so the restored width is clamped to it
    assert second.settings.value("geometry") is not None
    assert second.size().height() == 700
    recent = [action.toolTip() for action in second.recent_menu.actions()]
    assert str(corpus) in recent


def test_pages_are_built_after_the_first_paint(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.pages_built()  # only the frame, menus and steps before painting
    window.show()
    qtbot.waitUntil(window.pages_built, timeout=10_000)
    assert window.stack.currentWidget() is window.corpus_page


def test_the_first_window_fills_a_screen_smaller_than_it_and_a_remembered_one_does_not(
    qtbot: QtBot,
) -> None:
    """The offscreen screen is 800x800: smaller than the first window's 1200x800, as a
    1024x768 projector is. The first time, the window fills it (not running past its edges);
    once a size is remembered, that size comes back as it was left."""
    settings = open_settings()
    settings.remove("geometry")
    try:
        first = MainWindow()
        qtbot.addWidget(first)
        first.show_first()
        qtbot.waitUntil(first.isMaximized, timeout=5_000)
        available = first.screen().availableGeometry()
        assert first.width() <= available.width() and first.height() <= available.height()
        first.showNormal()
        first.resize(700, 500)
        first.close()  # remembers its size
        again = MainWindow()
        qtbot.addWidget(again)
        again.show_first()
        qtbot.waitExposed(again)
        assert not again.isMaximized()
        assert again.size().toTuple() == (700, 500)
    finally:
        settings.remove("geometry")  # the other tests' windows open at the first size


def test_every_step_keeps_the_room_of_its_tick(qtbot: QtBot) -> None:
    """A step's text moved right when its tick appeared: each keeps an icon's room from the
    start, ticked or not."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.pages_built, timeout=10_000)
    size = window.steps.iconSize()
    for row in range(window.steps.count()):
        icon = window.steps.item(row).icon()
        assert not icon.isNull(), window.steps.item(row).text()
        assert icon.actualSize(size) == size
