"""SideBySide: panes side by side while they fit, stacked when not; never wider than one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from lmstudio_app.ui.widgets.side_by_side import SideBySide


def pane(min_width: int) -> QPlainTextEdit:
    widget = QPlainTextEdit()
    widget.setMinimumWidth(min_width)
    widget.setMinimumHeight(80)
    return widget


def test_panes_stack_when_narrower_than_both_and_the_page_never_scrolls_sideways(
    qtbot: QtBot,
) -> None:
    panes = SideBySide()
    left, right = pane(300), pane(200)
    panes.add(left, 3)
    panes.add(right, 2)
    content = QWidget()
    QVBoxLayout(content).addWidget(panes)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    qtbot.addWidget(scroll)
    assert panes.minimumSizeHint().width() == 300  # the widest pane's, not the two together
    scroll.resize(900, 400)
    scroll.show()
    qtbot.waitExposed(scroll)
    qtbot.waitUntil(panes.is_side_by_side)
    assert left.geometry().right() < right.geometry().left()
    assert left.width() > right.width()  # the stretch factors share the room 3:2
    assert left.y() == right.y()

    scroll.resize(450, 400)  # narrower than 300 + 200: one above the other
    qtbot.waitUntil(lambda: not panes.is_side_by_side())
    qtbot.waitUntil(lambda: left.geometry().bottom() < right.geometry().top())
    assert scroll.horizontalScrollBar().maximum() == 0
    assert left.width() >= 300 and right.width() >= 300

    scroll.resize(900, 400)  # and back
    qtbot.waitUntil(panes.is_side_by_side)
    qtbot.waitUntil(lambda: left.y() == right.y())
    assert scroll.horizontalScrollBar().maximum() == 0

    right.setMinimumWidth(700)  # a pane that needs more room (new content) at the same width
    qtbot.waitUntil(lambda: not panes.is_side_by_side())
    qtbot.waitUntil(lambda: left.geometry().bottom() < right.geometry().top())


def test_beside_a_stretch_the_panes_stand_side_by_side_again_once_there_is_room(
    qtbot: QtBot,
) -> None:
    """Given only its preferred width (a row ending in a stretch), a stacked SideBySide must
    still ask for the side-by-side width, or it would stay stacked in a wide window."""
    panes = SideBySide()
    left, right = pane(300), pane(200)
    panes.add(left)
    panes.add(right)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.addWidget(panes)
    layout.addStretch(1)
    qtbot.addWidget(row)
    row.resize(1000, 300)
    row.show()
    qtbot.waitExposed(row)
    qtbot.waitUntil(panes.is_side_by_side)
    row.resize(400, 300)
    qtbot.waitUntil(lambda: not panes.is_side_by_side())
    row.resize(1000, 300)
    qtbot.waitUntil(panes.is_side_by_side)
    qtbot.waitUntil(lambda: left.y() == right.y())
