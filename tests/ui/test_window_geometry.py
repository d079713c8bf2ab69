"""The window's remembered size and place come back only when they suit the screen it opens
on (issue 15: maximized on 1366x768, then opened at 491x290 on a 1024x768 projector)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.main_window import open_settings
from lmstudio_app.ui.window_settings import MIN_USABLE_SIZE, usable_on

# What Qt saved (QWidget.saveGeometry) for the window maximized on a 1366x768 X11 screen, as
# the teacher's settings held it; the offscreen screen here is 800x800.
MAXIMIZED_ON_1366X768 = bytes.fromhex(
    "01d9d0cb00030000000000000000000000000555000002ff0000000000000000000004af000002ff"
    "00000000020000000556000000000000001300000555000002ff"
)


def _assert_usable(window: MainWindow) -> None:
    available = window.screen().availableGeometry()
    least = MIN_USABLE_SIZE.boundedTo(available.size())
    assert window.width() >= least.width() and window.height() >= least.height()
    assert window.width() <= available.width() and window.height() <= available.height()


def test_a_geometry_saved_maximized_on_a_larger_screen_opens_as_a_first_start(
    qtbot: QtBot,
) -> None:
    open_settings().setValue("geometry", QByteArray(MAXIMIZED_ON_1366X768))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_first()
    # as the first time on a screen smaller than 1200x800: filling it
    qtbot.waitUntil(window.isMaximized, timeout=5_000)
    _assert_usable(window)
    window.close()
    again = MainWindow()  # and what it saved brings it back the same way
    qtbot.addWidget(again)
    again.show_first()
    qtbot.waitUntil(again.isMaximized, timeout=5_000)
    _assert_usable(again)


def test_a_degenerate_size_is_neither_restored_nor_saved(qtbot: QtBot) -> None:
    tiny = QMainWindow()
    qtbot.addWidget(tiny)
    tiny.resize(491, 290)
    open_settings().setValue("geometry", tiny.saveGeometry())
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_first()
    qtbot.waitExposed(window)
    assert window.size().toTuple() != (491, 290)
    _assert_usable(window)
    window.showNormal()
    window.resize(491, 290)
    qtbot.waitUntil(lambda: window.size().toTuple() == (491, 290), timeout=5_000)
    window.close()
    assert open_settings().value("geometry") is None


def test_usable_on_a_screen() -> None:
    screen = QRect(0, 0, 1024, 768)
    assert usable_on(QRect(100, 50, 800, 600), screen)
    assert not usable_on(QRect(100, 50, 491, 290), screen)  # too small to use
    assert not usable_on(QRect(0, 0, 1200, 768), screen)  # the larger screen's size
    assert not usable_on(QRect(1300, 50, 800, 600), screen)  # off to the right
    assert not usable_on(QRect(100, -700, 800, 600), screen)  # its title bar above the top
    # a small screen: its whole size is usable, though below the usual minimum
    assert usable_on(QRect(0, 0, 600, 400), QRect(0, 0, 600, 400))
