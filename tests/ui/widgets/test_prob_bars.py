"""ProbabilityBars: clicking and keyboard picking, tooltips, sizes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.widgets.prob_bars import ProbabilityBars

ITEMS = [("the", 0.234, 17), (" a", 0.121, 9), ("\n", 0.08, 0), ("", 0.0004, 3)]


def make(qtbot: QtBot) -> ProbabilityBars:
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.set_distribution(ITEMS)
    bars.resize(400, bars.sizeHint().height())
    bars.show()
    qtbot.waitExposed(bars)
    return bars


def test_clicking_a_bar_emits_its_token_id(qtbot: QtBot, tmp_path: Path) -> None:
    bars = make(qtbot)
    assert bars.accessibleName() == "Next token probabilities"
    for index, (_, _, token_id) in enumerate(ITEMS):
        with qtbot.waitSignal(bars.token_clicked, timeout=500) as blocker:
            qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=bars.bar_rect(index).center())
        assert blocker.args == [token_id]
    # Below the last bar there is nothing to pick.
    below = bars.bar_rect(len(ITEMS) - 1).bottomLeft() + QPoint(10, 5)
    with qtbot.assertNotEmitted(bars.token_clicked):
        qtbot.mouseClick(bars, Qt.MouseButton.LeftButton, pos=below)
    assert bars.grab().save(str(tmp_path / "prob_bars.png"))


def test_keyboard_moves_the_highlight_and_enter_picks(qtbot: QtBot) -> None:
    bars = make(qtbot)
    assert bars.focusPolicy() & Qt.FocusPolicy.TabFocus
    bars.setFocus()
    qtbot.waitUntil(bars.hasFocus, timeout=500)
    assert bars.current_index() == 0
    qtbot.keyClick(bars, Qt.Key.Key_Down)
    qtbot.keyClick(bars, Qt.Key.Key_Down)
    assert bars.current_index() == 2
    with qtbot.waitSignal(bars.token_clicked, timeout=500) as blocker:
        qtbot.keyClick(bars, Qt.Key.Key_Return)
    assert blocker.args == [0]
    qtbot.keyClick(bars, Qt.Key.Key_Up)
    with qtbot.waitSignal(bars.token_clicked, timeout=500) as blocker:
        qtbot.keyClick(bars, Qt.Key.Key_Space)
    assert blocker.args == [9]
    qtbot.keyClick(bars, Qt.Key.Key_End)
    qtbot.keyClick(bars, Qt.Key.Key_Down)  # stays on the last bar
    assert bars.current_index() == 3


def test_tooltips_and_visible_whitespace(qtbot: QtBot) -> None:
    bars = make(qtbot)
    assert bars.tooltip_text(0) == "“the”: 23.4 % (id 17)"
    assert bars.tooltip_text(1) == "“␣a”: 12.1 % (id 9)"
    assert bars.tooltip_text(2) == "“↵”: 8.0 % (id 0)"
    assert bars.tooltip_text(3) == "“∅”: < 0.1 % (id 3)"
    point = bars.bar_rect(0).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, bars.mapToGlobal(point))
    QApplication.sendEvent(bars, event)
    assert QToolTip.text() == "“the”: 23.4 % (id 17)"
    assert "the 23.4 %" in bars.accessibleDescription()


def test_size_hint_scales_with_rows_and_font(qtbot: QtBot) -> None:
    bars = make(qtbot)
    height = bars.sizeHint().height()
    per_bar = bars.bar_rect(1).top() - bars.bar_rect(0).top()
    assert 20 <= per_bar <= 36
    assert height >= per_bar * len(ITEMS)
    bars.set_caption("after “To be or not to”")
    assert bars.sizeHint().height() > height
    assert bars.bar_rect(0).top() > 0
    bigger = bars.font()  # presentation mode enlarges the window's font, and the bars with it
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    bars.setFont(bigger)
    assert bars.bar_rect(1).top() - bars.bar_rect(0).top() > per_bar * 1.3
    bars.clear()
    assert bars.items() == []
    with qtbot.assertNotEmitted(bars.token_clicked):
        qtbot.keyClick(bars, Qt.Key.Key_Return)


def test_hover_highlights_a_bar(qtbot: QtBot) -> None:
    bars = make(qtbot)
    qtbot.mouseMove(bars, bars.bar_rect(1).center())
    qtbot.waitUntil(lambda: bars.hovered_index() == 1, timeout=500)
    assert bars.index_at(bars.bar_rect(2).center()) == 2
