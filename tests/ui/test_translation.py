"""The Simplified Chinese interface: a complete catalogue, and a window with no English left.

The window is driven through a whole workflow under zh_CN (a sample, a tokenizer, an n-gram and
a short LSTM run, generation, the runs table, the dialogs), and every text a person can read
(labels, buttons, tooltips, menus, list items, table headers, plot axes and legends) is
checked: no English words beyond the names of models and methods, and a glyph for every
character.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.core.errors import MESSAGES, CorpusError, StudioError
from lmstudio_app.core.i18n import N_
from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.main_window import open_settings
from lmstudio_app.ui.translations import (
    install_translators,
    remove_translators,
    resolve_language,
    translate_core,
    use_language_fonts,
)
from tests.ui.drive import choose, click, find, set_training_length
from tests.ui.i18n_walk import english_words, missing_glyphs, widget_texts

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = REPO / "resources" / "translations" / "lmstudio_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d|%p%")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def catalogue_messages() -> Iterator[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) for every message of the zh_CN catalogue."""
    root = ET.parse(CATALOGUE).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            yield (
                name,
                message.findtext("source") or "",
                translation.text or "",
                translation.get("type"),
            )


def test_core_sentences_are_listed_for_the_translators() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_catalogue_is_complete_and_keeps_every_placeholder() -> None:
    problems = []
    count = 0
    for context, source, translation, kind in catalogue_messages():
        count += 1
        where = f"{context}: {source[:60]!r}"
        if kind in {"unfinished", "vanished", "obsolete"} or not translation.strip():
            problems.append(f"{where} is not translated")
            continue
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
            problems.append(f"{where}: placeholders differ in {translation!r}")
        if sorted(TAG.findall(source)) != sorted(TAG.findall(translation)):
            problems.append(f"{where}: HTML tags differ in {translation!r}")
        # a menu mnemonic: the Chinese keeps it, Qt's way, as (&X)
        if re.search(r"&\w", source) and not re.search(r"&\w", translation):
            problems.append(f"{where}: the keyboard mnemonic is lost in {translation!r}")
        left = english_words(re.sub(r"<[^>]*>|&\w+;", " ", PLACEHOLDER.sub(" ", translation)))
        if left:
            problems.append(f"{where}: English left in the translation: {left}")
    assert count > 500
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} problems)"


def test_every_core_error_reads_in_chinese(qapp: QApplication) -> None:
    translators = install_translators("zh_CN")
    try:
        assert translators, "the zh_CN catalogue did not load"
        for code in MESSAGES:
            # a number where the placeholder formats one ({size_mb:.0f}), else a word
            params = {
                name: 1.5 if spec else "x"
                for name, spec in re.findall(r"\{(\w+)(?:![rs])?(:[^}]*)?\}", MESSAGES[code])
            }
            text = translate_core(StudioError(code, **params).message)
            assert re.search(r"[\u4e00-\u9fff]", text), (code, text)
        # a nested fragment is translated too: the kind of file inside the sentence
        error = CorpusError("binary_file", path="photo.txt", kind=N_("a PNG image"))
        text = translate_core(error.message)
        assert "photo.txt" in text and "PNG" in text and "image" not in text
    finally:
        remove_translators(translators)


def test_the_language_follows_the_system_unless_chosen() -> None:
    default = QLocale()
    try:
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan))
        assert resolve_language("system") in {"zh_CN", "en"}  # the system locale, not default
        assert resolve_language("zh_CN") == "zh_CN"
        assert resolve_language("en") == "en"
        assert resolve_language(None) == resolve_language("system")
        assert resolve_language("klingon") == resolve_language("system")
    finally:
        QLocale.setDefault(default)


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translators = install_translators("zh_CN")
    assert translators, "the zh_CN catalogue did not load"
    font = qapp.font()
    use_language_fonts(qapp, "zh_CN")
    yield
    remove_translators(translators)
    qapp.setFont(font)


def wait_until(qtbot: QtBot, condition: Callable[[], object], timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


class Collector:
    """Every English word and every missing glyph seen on screen, with where it was."""

    def __init__(self) -> None:
        self.english: dict[str, str] = {}
        self.glyphs: dict[str, str] = {}
        self.texts = 0

    def walk(self, root: QWidget, stage: str) -> None:
        font = root.font()
        for where, text in widget_texts(root):
            if not text:
                continue
            self.texts += 1
            if english_words(text):
                self.english.setdefault(f"[{stage}] {where}", text[:120])
            missing = missing_glyphs(text, font)
            if missing:
                self.glyphs.setdefault(f"[{stage}] {where}", "".join(missing))


def test_the_whole_window_speaks_chinese(
    chinese: None, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    # The recent-files menu lists file names other tests opened: data, not interface text.
    open_settings().remove("recent")
    window = MainWindow()
    window.settings.setValue("runs_folder", str(tmp_path / "runs"))
    window.show()
    seen = Collector()
    try:
        wait_until(qtbot, window.pages_built, 20_000)
        seen.walk(window, "start")
        choose(find(window, QComboBox, "Sample corpus"), "names")
        wait_until(qtbot, lambda: window.session.splits is not None)
        seen.walk(window, "corpus")
        choose(find(window, QComboBox, "Tokenizer kind"), "char")
        click(qtbot, window, "Build tokenizer")
        wait_until(qtbot, lambda: window.session.tokenizer is not None)
        seen.walk(window, "tokenizer")
        choose(find(window, QComboBox, "Model family"), "ngram")
        window.go_to(window.train_page)
        click(qtbot, window, "Start training")
        wait_until(qtbot, lambda: window.session.active_model is not None)
        seen.walk(window, "n-gram trained")
        window.go_to(window.generate_page)
        find(window, QLineEdit, "Prompt").setText("an")
        click(qtbot, window, "Generate")
        wait_until(qtbot, lambda: not window.generate_page.pump.is_running())
        click(qtbot, window, "Step")
        seen.walk(window, "generated")
        choose(find(window, QComboBox, "Model family"), "lstm")
        choose(find(window, QComboBox, "Preset"), "tiny")
        window.go_to(window.train_page)
        set_training_length(window, steps=4)
        click(qtbot, window, "Start training")
        wait_until(qtbot, window.train_page.is_training, 120_000)
        wait_until(qtbot, lambda: not window.train_page.is_training(), 120_000)
        seen.walk(window, "LSTM trained")
        window.go_to(window.runs_page)
        seen.walk(window, "runs")
        window.set_presentation_mode(True)
        seen.walk(window, "presentation")
        window.set_presentation_mode(False)

        from lmstudio_app.ui.dialogs import HelpDialog, PreferencesDialog
        from lmstudio_app.ui.lessons import SaveLessonDialog, lesson_from_window

        dialogs = (
            PreferencesDialog(window.settings, window),
            HelpDialog(window),
            SaveLessonDialog(window, lesson_from_window(window)),
        )
        for dialog in dialogs:
            seen.walk(dialog, type(dialog).__name__)
            dialog.deleteLater()
    finally:
        window.train_page.stop_and_wait()
        window.close()
        window.deleteLater()
    assert seen.texts > 300
    report = "\n".join(f"{where}: {text!r}" for where, text in seen.english.items())
    assert not seen.english, f"English left on screen under zh_CN:\n{report}"
    assert not seen.glyphs, f"characters without a glyph: {seen.glyphs}"


def test_chinese_renders_in_the_plots(chinese: None, qtbot: QtBot) -> None:
    """The loss plot's axis titles are Chinese and every character has a glyph."""
    from lmstudio_app.ui.widgets.loss_plot import LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    texts = [text for where, text in widget_texts(plot) if ".axis." in where and text]
    assert texts and all(re.search(r"[\u4e00-\u9fff]", text) for text in texts), texts
    for text in texts:
        assert missing_glyphs(text, plot.font()) == []


def test_walker_finds_english_and_missing_glyphs(qapp: QApplication) -> None:
    """The checks above can fail: English is found, allowed names are not, boxes are found."""
    assert english_words("Start training") == ["Start", "training"]
    assert english_words("开始训练 LSTM，温度 0.8，top-k 40，文件 runs/a b.txt") == []
    assert missing_glyphs("训练", qapp.font()) == []
    # a private-use character no font draws
    assert missing_glyphs("\ue000\ue001", qapp.font()) != []


def test_startup_time_is_not_spent_on_translations(qapp: QApplication) -> None:
    started = time.perf_counter()
    translators = install_translators("zh_CN")
    elapsed = time.perf_counter() - started
    remove_translators(translators)
    assert translators
    assert elapsed < 2.0  # the compiled catalogue loads; nothing is compiled at start-up
