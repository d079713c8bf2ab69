"""SurprisalText and its legend: colours by surprisal, cheap appends, tooltips."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QTextEdit, QToolTip
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.widgets.surprisal_text import (
    NEWLINE_MARK,
    SurprisalLegend,
    SurprisalText,
    surprisal_bits,
)


def make(qtbot: QtBot) -> SurprisalText:
    text = SurprisalText()
    qtbot.addWidget(text)
    text.resize(420, 200)
    text.show()
    return text


def test_colours_differ_by_surprisal(qtbot: QtBot, tmp_path: Path) -> None:
    text = make(qtbot)
    assert text.accessibleName() == "Generated text"
    text.set_prompt("To be")
    text.append_token(" or", 0.9)
    text.append_token(" banana", 0.001)
    assert text.plain_text() == "To be or banana"
    assert text.token_count() == 2
    expected = text.token_format(0).background().color()
    surprised = text.token_format(1).background().color()
    assert expected != surprised
    assert expected.hue() > 90  # green
    assert surprised.hue() < 40  # orange to red
    cursor = QTextCursor(text.document())
    cursor.setPosition(1)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold  # the prompt
    assert text.tooltip_text(0) == "p = 90.0 %, surprisal 0.2 bits"
    assert text.tooltip_text(1) == "p = 0.1 %, surprisal 10.0 bits"
    assert text.grab().save(str(tmp_path / "surprisal.png"))


def test_newlines_and_plain_text(qtbot: QtBot) -> None:
    text = make(qtbot)
    text.set_prompt("A:")
    for token, p in [("\n", 0.5), ("B", 0.2), ("\n\n", 0.3)]:
        text.append_token(token, p)
    assert text.plain_text() == "A:\nB\n\n"
    assert text.generated_text() == "\nB\n\n"
    assert NEWLINE_MARK in text.toPlainText()  # the newline token shows
    text.clear_text()
    assert text.plain_text() == ""
    assert text.token_count() == 0
    assert text.toPlainText() == ""


def test_appended_tokens_arrive_by_themselves(qtbot: QtBot) -> None:
    text = make(qtbot)
    text.set_prompt("a")
    text.append_token("b", 0.5)
    text.append_token("c", 0.5)
    assert text.plain_text() == "abc"  # known at once
    qtbot.waitUntil(lambda: QTextEdit.toPlainText(text) == "abc", timeout=1000)


def test_appending_is_cheap_and_keeps_earlier_text(qtbot: QtBot) -> None:
    text = make(qtbot)
    text.set_prompt("x")
    text.append_token(" first", 0.5)
    first_format = text.token_format(0)
    started = time.perf_counter()
    for i in range(2000):
        text.append_token(f" w{i}", 0.5 ** (i % 12))
    elapsed = time.perf_counter() - started
    assert text.token_count() == 2001
    assert elapsed < 2.0, f"2,000 appends took {elapsed:.2f} s"
    assert text.token_format(0) == first_format
    assert text.plain_text().startswith("x first w0 w1")


def test_hover_tooltip(qtbot: QtBot) -> None:
    text = make(qtbot)
    qtbot.waitExposed(text)
    text.set_prompt("Hi")
    text.append_token(" there", 0.125)
    text.flush()  # appended tokens reach the document in batches
    cursor = QTextCursor(text.document())
    cursor.setPosition(4)  # inside " there"
    rect = text.cursorRect(cursor)
    point = QPoint(rect.x() + 2, rect.center().y())
    assert text.token_index_at(point) == 0
    QApplication.sendEvent(
        text.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, text.viewport().mapToGlobal(point))
    )
    assert QToolTip.text() == "p = 12.5 %, surprisal 3.0 bits"
    cursor.setPosition(1)  # the prompt has no surprisal
    assert text.token_index_at(text.cursorRect(cursor).center()) == -1


def test_palette_change_recolours_for_dark_backgrounds(qtbot: QtBot) -> None:
    text = make(qtbot)
    text.set_prompt("a")
    text.append_token("b", 0.9)
    light = text.token_format(0).background().color()
    palette = text.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    text.setPalette(palette)
    dark = text.token_format(0).background().color()
    assert dark.lightness() < light.lightness()
    assert text.plain_text() == "ab"


def test_surprisal_bits() -> None:
    assert surprisal_bits(0.5) == 1.0
    assert surprisal_bits(1.0) == 0.0
    assert surprisal_bits(0.0) > 900  # no log of zero


def test_legend_explains_the_colours(qtbot: QtBot, tmp_path: Path) -> None:
    legend = SurprisalLegend()
    qtbot.addWidget(legend)
    legend.show()
    assert "expected" in legend.explanation() and "surprised" in legend.explanation()
    colors = legend.colors()
    assert colors[0].hue() > 90 and colors[-1].hue() < 20
    assert legend.sizeHint().height() > legend.fontMetrics().height() * 2
    assert legend.grab().save(str(tmp_path / "legend.png"))
