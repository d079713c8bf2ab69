"""The window opens, loads samples and files, and shows problems in plain words."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow


def test_window_loads_a_sample_and_a_file(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    index = window.sample_combo.findData("shijing")
    window.sample_combo.setCurrentIndex(index)
    assert window.corpus is not None
    assert window.stats_labels["encoding"].text() == "utf-8"
    assert "cjk 100%" in window.stats_labels["scripts"].text()
    path = tmp_path / "gbk.txt"
    path.write_bytes("关关雎鸠，在河之洲。\n".encode("gbk") * 30)
    window.open_corpus(path)
    assert window.stats_labels["encoding"].text() == "gb18030"
    assert window.preview.toPlainText().startswith("关关雎鸠")


def test_window_shows_a_bad_file_inline(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    window.open_corpus(bad)
    assert window.error_label.isVisible()
    assert "PNG image" in window.error_label.text()
