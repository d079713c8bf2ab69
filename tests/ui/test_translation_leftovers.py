"""English that was left in the Chinese interface: Qt's own dialogs, toolbar mnemonics, the
names of whitespace characters, model and tokenizer kinds in the runs list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolBar
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import Corpus
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.mnemonics import without_mnemonic
from lmstudio_app.ui.pages.corpus_stats import CorpusStatsBox
from lmstudio_app.ui.session import RunRecord
from lmstudio_app.ui.translations import (
    install_translators,
    model_kind_label,
    remove_translators,
)


@pytest.fixture
def chinese(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A computer in English, an interface chosen in Chinese: the case of the report.
    monkeypatch.setattr("lmstudio_app.ui.translations.system_language", lambda: "en")
    translators = install_translators("zh_CN")
    assert translators
    yield
    remove_translators(translators)


def test_qt_s_own_buttons_and_dialogs_speak_chinese(chinese: None, qtbot: QtBot) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    # a native file dialog speaks the computer's language; Qt's own, translated, is used
    assert QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)


def test_native_dialogs_come_back_with_english(qapp: QApplication) -> None:
    remove_translators(install_translators("zh_CN"))
    assert not QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)


def test_toolbar_buttons_show_no_mnemonic(
    chinese: None, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert without_mnemonic("新建(&N)") == "新建"
    assert without_mnemonic("Open &corpus…") == "Open corpus"
    assert without_mnemonic("R&&D") == "R&D"
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.new_action.text() == "新建(&N)"  # the menu keeps its mnemonic
    toolbar = window.findChild(QToolBar, "main-toolbar")
    toolbar_texts = [toolbar.widgetForAction(action).text() for action in toolbar.actions()]
    assert "新建" in toolbar_texts
    assert not any("(" in text for text in toolbar_texts)


def test_whitespace_characters_are_named_in_chinese(chinese: None, qtbot: QtBot) -> None:
    box = CorpusStatsBox()
    qtbot.addWidget(box)
    box.show_stats(Corpus.from_text("a b\nc d\ne f\n", "t").stats)
    shown = {box.top_chars.item(row, 0).text() for row in range(box.top_chars.rowCount())}
    assert "␣（空格）" in shown and "↵（换行）" in shown


def test_runs_name_their_model_and_tokenizer_kinds_in_chinese(
    chinese: None, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert model_kind_label("lstm") == "LSTM"
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    window = MainWindow()
    qtbot.addWidget(window)
    record = RunRecord("run-1", None, "lstm", {"tokenizer": {"kind": "char"}}, {})
    window.session.add_run(record)
    table = window.runs_page.table
    row_texts = [table.item(0, column).text() for column in range(table.columnCount())]
    assert "LSTM" in row_texts and "字符" in row_texts
    assert "lstm" not in row_texts and "char" not in row_texts
    assert window.generate_page.run_combo.itemText(0) == "run-1 — LSTM"
