"""LearnPanel and its texts: toggling, every page's text, the Chinese translations."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QTranslator
from PySide6.QtGui import QFont, QTextDocument
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import learn_texts
from lmstudio_app.ui.learn_texts import (
    LEARN_KEYS,
    MODEL_FAMILIES,
    all_sources,
    learn_html,
    learn_source,
    model_learn_key,
)
from lmstudio_app.ui.widgets.learn_panel import LearnPanel, LearnPanelGroup

REPO = Path(__file__).resolve().parents[3]
CATALOGUE = REPO / "resources" / "translations" / "lmstudio_zh_CN.ts"
PAGE_KEYS = ("corpus", "tokenizer", "train", "generate", "runs")
# What stays in Latin letters in Chinese text: model and method names as Chinese textbooks
# write them, the unit nat, the settings Top-k and Top-p, and the token <unk> as the screen
# shows it. Words of one or two letters (symbols, "id") are not counted.
ALLOWED_LATIN = {
    "LSTM", "GRU", "RNN", "BPE", "Kneser", "Ney", "tanh", "Top", "top", "nat", "unk", "softmax"
}


def chinese() -> dict[str, str]:
    """The Learn context of the zh_CN catalogue: English source -> Chinese."""
    root = ElementTree.parse(CATALOGUE).getroot()
    return {
        message.findtext("source") or "": message.findtext("translation") or ""
        for context in root.iter("context")
        if context.findtext("name") == "Learn"
        for message in context.iter("message")
    }


def make(qtbot: QtBot, **kwargs: object) -> LearnPanel:
    panel = LearnPanel(**kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


class _Tags(HTMLParser):
    """The sequence of tag names, opening and closing, and whether every tag was closed."""

    VOID = frozenset({"br", "img", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sequence: list[str] = []
        self.open: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.sequence.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.sequence.append("/" + tag)
        if not self.open or self.open.pop() != tag:
            self.balanced = False


def tags(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


# ---- the widget


def test_panel_starts_expanded_and_toggles(qtbot: QtBot) -> None:
    panel = make(qtbot, key="corpus")
    assert panel.is_expanded()
    assert panel.label.isVisible()
    assert panel.button.accessibleName() == "Learn"
    assert panel.button.toolTip()
    assert "What is happening here?" in panel.button.text()
    open_text = panel.button.text()

    with qtbot.waitSignal(panel.toggled, timeout=500) as blocker:
        panel.button.click()
    assert blocker.args == [False]
    assert not panel.is_expanded()
    assert not panel.label.isVisible()
    assert panel.button.text() != open_text  # the arrow turned
    assert panel.sizeHint().height() < panel.label.sizeHint().height()

    with qtbot.waitSignal(panel.toggled, timeout=500) as blocker:
        panel.button.click()
    assert blocker.args == [True]
    assert panel.label.isVisible()
    assert panel.button.text() == open_text


def test_set_expanded_signals_only_changes(qtbot: QtBot) -> None:
    panel = make(qtbot, key="train")
    with qtbot.assertNotEmitted(panel.toggled):
        panel.set_expanded(True)
    with qtbot.waitSignal(panel.toggled, timeout=500) as blocker:
        panel.set_expanded(False)
    assert blocker.args == [False]
    with qtbot.assertNotEmitted(panel.toggled):
        panel.set_expanded(False)
    assert not panel.label.isVisible()


def test_html_key_and_model_families(qtbot: QtBot) -> None:
    panel = make(qtbot, html="<p>Hello <b>class</b></p>")
    assert panel.key() is None
    assert "Hello" in panel.html()
    for family in MODEL_FAMILIES:
        panel.set_key(model_learn_key(family))
        assert panel.key() == f"model_{family}"
        assert panel.html() == learn_html(f"model_{family}")
    with pytest.raises(KeyError):
        panel.set_key("no such page")
    assert panel.key() == f"model_{MODEL_FAMILIES[-1]}"  # an unknown key changes nothing
    with pytest.raises(KeyError):
        model_learn_key("transformer")
    panel.set_html("<p>Other</p>")
    assert panel.key() is None


def test_panel_scales_with_the_font(qtbot: QtBot) -> None:
    panel = make(qtbot, key="model_lstm")
    small_margin = panel.layout().contentsMargins().left()
    big = QFont(panel.font())
    big.setPointSizeF(panel.font().pointSizeF() * 2)
    panel.setFont(big)
    # Presentation mode sets a bigger font on the window: the text and the header follow,
    # and the header keeps its bold weight.
    assert panel.label.font().pointSizeF() == pytest.approx(big.pointSizeF())
    assert panel.button.font().pointSizeF() == pytest.approx(big.pointSizeF())
    assert panel.button.font().bold()
    assert panel.layout().contentsMargins().left() > small_margin


def test_panel_paints_in_light_and_dark(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QPalette

    panel = make(qtbot, key="generate")
    light = panel.grab().toImage()
    dark = QPalette(panel.palette())
    for role, color in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#2b2b2b"),  # as dark as the window: still told apart
        (QPalette.ColorRole.Text, "#e6e6e6"),
    ):
        dark.setColor(role, QColor(color))
    panel.setPalette(dark)
    background, _, _ = panel._colors()
    assert background != dark.color(QPalette.ColorRole.Window)
    image = panel.grab().toImage()
    inside = image.pixelColor(image.width() // 2, image.height() - 4)
    assert inside.lightness() < 100  # a dark panel, not a light box in a dark window
    assert light.pixelColor(light.width() // 2, light.height() - 4).lightness() > 150
    assert panel.grab().save(str(tmp_path / "learn_dark.png"))


def test_group_keeps_panels_together_and_remembers(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    group = LearnPanelGroup(settings)
    first = make(qtbot, key="corpus")
    second = make(qtbot, key="tokenizer")
    group.add(first)
    group.add(second)
    assert first.is_expanded() and second.is_expanded()
    first.button.click()
    assert not first.is_expanded() and not second.is_expanded()
    settings.sync()
    again = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    later = make(qtbot, key="runs")
    LearnPanelGroup(again).add(later)  # a page built later, or the next session
    assert not later.is_expanded()


# ---- the texts


@pytest.mark.parametrize("key", LEARN_KEYS)
def test_every_key_has_text_that_qt_can_read(key: str) -> None:
    html = learn_html(key)
    assert html.strip()
    document = QTextDocument()
    document.setHtml(html)
    plain = document.toPlainText()
    # Every "<" left in the text must come from a written &lt; (as in &lt;unk&gt;): an
    # unknown or broken tag would show up as text.
    assert plain.count("<") == html.count("&lt;")
    words = len(re.sub(r"<[^>]+>", " ", html).split())
    assert 50 <= words <= 140, f"{key}: {words} words, a panel is read aloud in a minute"
    parsed = tags(html)
    assert parsed.balanced and not parsed.open, f"{key}: unbalanced tags"
    assert set(t.lstrip("/") for t in parsed.sequence) <= {"p", "b", "i", "sub", "sup", "br"}


def test_every_page_and_family_has_a_key() -> None:
    for key in PAGE_KEYS:
        assert key in LEARN_KEYS
    for family in MODEL_FAMILIES:
        assert model_learn_key(family) in LEARN_KEYS


def test_lupdate_extracts_the_sources_exactly(tmp_path: Path) -> None:
    """What Qt's lupdate lists is what learn_html looks up, character for character."""
    tool = Path(sys.executable).parent / "pyside6-lupdate"
    if not tool.exists():
        pytest.skip("pyside6-lupdate is not installed")
    target = tmp_path / "learn.ts"
    subprocess.run(
        [str(tool), learn_texts.__file__, "-ts", str(target), "-locations", "none", "-silent"],
        check=True,
        capture_output=True,
    )
    import xml.etree.ElementTree as ET

    extracted = [
        message.findtext("source")
        for context in ET.parse(target).getroot()
        if context.findtext("name") == "Learn"
        for message in context.findall("message")
    ]
    assert sorted(extracted) == sorted(all_sources())


# ---- the Chinese translations


def test_chinese_covers_every_source_and_nothing_else() -> None:
    translations = chinese()
    assert set(translations) == set(all_sources())
    for source, text in translations.items():
        assert text.strip() and text != source


@pytest.mark.parametrize("key", LEARN_KEYS)
def test_chinese_keeps_the_tags(key: str) -> None:
    source = learn_source(key)
    text = chinese()[source]
    assert tags(text).sequence == tags(source).sequence
    document = QTextDocument()
    document.setHtml(text)
    assert document.toPlainText().count("<") == text.count("&lt;")


@pytest.mark.parametrize("source", all_sources())
def test_chinese_has_no_untranslated_english(source: str) -> None:
    text = chinese()[source]
    document = QTextDocument()
    document.setHtml(text)
    plain = document.toPlainText()
    latin = re.findall(r"[A-Za-z]{3,}", plain)
    assert set(latin) <= ALLOWED_LATIN, sorted(set(latin) - ALLOWED_LATIN)
    assert re.search(r"[\u4e00-\u9fff]", plain)


def test_chinese_reaches_the_panel_through_qt(qtbot: QtBot, tmp_path: Path) -> None:
    """Compiled by lrelease and installed as a translator, the catalogue turns every panel Chinese.

    This is the path the merged catalogue will take, so keys that Qt would not match (a
    changed space, an entity written differently) fail here.
    """
    tool = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("pyside6-lrelease is not installed")
    messages = "".join(
        f"<message><source>{escape(source)}</source>"
        f"<translation>{escape(text)}</translation></message>"
        for source, text in chinese().items()
    )
    ts = tmp_path / "learn_zh_CN.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" '
        f'language="zh_CN"><context><name>Learn</name>{messages}</context></TS>',
        encoding="utf-8",
    )
    qm = tmp_path / "learn_zh_CN.qm"
    subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True, capture_output=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    panel = make(qtbot, key="train")
    app = QCoreApplication.instance()
    app.installTranslator(translator)  # sends LanguageChange to every widget
    try:
        for key in LEARN_KEYS:
            assert learn_html(key) == chinese()[learn_source(key)]
        qtbot.waitUntil(lambda: "困惑度" in panel.html(), timeout=1000)
        assert "这里发生了什么" in panel.button.text()
    finally:
        app.removeTranslator(translator)
    qtbot.waitUntil(lambda: "Perplexity" in panel.html(), timeout=1000)
