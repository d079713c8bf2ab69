"""Presentation mode: larger text, thicker lines, strong contrast, advanced settings hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.main_window import PRESENTATION_FONT_SCALE, PRESENTATION_KEY


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    main = MainWindow()
    main.show()
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    yield main
    main.set_presentation_mode(False)
    main.close()
    main.deleteLater()


def test_one_key_dresses_the_app_for_a_projector_and_back(
    window: MainWindow, qapp: QApplication, qtbot: QtBot
) -> None:
    action = window.presentation_action
    assert action.shortcut() == QKeySequence(PRESENTATION_KEY)
    assert action in window.menuBar().actions()[1].menu().actions()  # the View menu
    normal_points = qapp.font().pointSizeF()
    normal_base = qapp.palette().color(QPalette.ColorRole.Base)
    window.model_page.advanced.setChecked(True)
    title_points = window.model_page.title_label.font().pointSizeF()

    action.trigger()
    assert window.is_presentation_mode()
    assert qapp.font().pointSizeF() == pytest.approx(normal_points * PRESENTATION_FONT_SCALE)
    # the page titles, whose font is set explicitly, grow too (fonts propagate in events)
    title = window.model_page.title_label
    qtbot.waitUntil(lambda: title.font().pointSizeF() > title_points * 1.3, timeout=2000)
    palette = qapp.palette()
    assert palette.color(QPalette.ColorRole.Text).lightness() == 0
    assert palette.color(QPalette.ColorRole.Base).lightness() == 255
    assert window.train_page.loss_plot.is_presentation()
    # advanced settings are hidden, and so is their switch
    assert not window.model_page.advanced.isChecked()
    assert window.model_page.advanced.isHidden()
    assert not window.model_page.train_form.advanced_visible()

    action.trigger()
    assert not window.is_presentation_mode()
    assert qapp.font().pointSizeF() == pytest.approx(normal_points)
    assert qapp.palette().color(QPalette.ColorRole.Base) == normal_base
    assert not window.train_page.loss_plot.is_presentation()
    assert not window.model_page.advanced.isHidden()
    assert window.model_page.advanced.isChecked()  # as the teacher left it
    qtbot.waitUntil(lambda: title.font().pointSizeF() == pytest.approx(title_points), timeout=2000)


def test_presentation_mode_is_remembered(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    normal_points = qapp.font().pointSizeF()
    first = MainWindow()
    first.show()
    qtbot.waitUntil(first.pages_built, timeout=10_000)
    first.set_presentation_mode(True)
    first.close()  # saves the settings, and puts the normal look back
    second = MainWindow()
    second.show()
    try:
        assert second.is_presentation_mode()
        qtbot.waitUntil(second.pages_built, timeout=10_000)
        # pages built after the mode was switched on follow it
        assert second.runs_page.plot.is_presentation()
    finally:
        second.set_presentation_mode(False)
        first.set_presentation_mode(False)
        second.close()
        first.deleteLater()
        second.deleteLater()
    assert qapp.font().pointSizeF() == pytest.approx(normal_points)


def _text_points(window: MainWindow) -> dict[str, float]:
    """The sizes of the text a class reads off the plots, the bars and the plot's controls."""
    axis = window.train_page.loss_plot.plot_widget.getPlotItem().getAxis("bottom")
    return {
        "plot ticks": axis.style["tickFont"].pointSizeF(),
        "plot controls": window.train_page.loss_plot.perplexity_check.font().pointSizeF(),
        "runs plot ticks": window.runs_page.plot.plot_widget.getPlotItem()
        .getAxis("bottom").style["tickFont"].pointSizeF(),
        "next-token bars": window.generate_page.bars.font().pointSizeF(),
        "Zipf plot ticks": window.tokenizer_page.zipf._plot.getAxis("bottom")
        .style["tickFont"].pointSizeF(),
        "body text": window.generate_page.prompt.font().pointSizeF(),
    }


def test_text_grows_once_whether_the_mode_is_switched_on_or_remembered(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    """Every text grows by the presentation scale, once: the plots and the bars used to add
    their own 1.6 on top of the window's 1.5 (2.4 in all), which pushed the plot's controls
    past the edge of a 1024-wide projector; a remembered mode must give the same sizes."""
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    first = MainWindow()
    first.show()
    qtbot.waitUntil(first.pages_built, timeout=10_000)
    normal = _text_points(first)
    second = None
    try:
        first.set_presentation_mode(True)
        expected = {name: points * PRESENTATION_FONT_SCALE for name, points in normal.items()}
        # fonts reach the widgets in events: wait for them, then compare
        qtbot.waitUntil(
            lambda: _text_points(first) == pytest.approx(expected, abs=1), timeout=3_000
        )
        qtbot.wait(100)  # and nothing grows further
        switched_on = _text_points(first)
        assert switched_on == pytest.approx(expected, abs=1)
        first.close()  # remembers the mode
        second = MainWindow()
        second.show()
        qtbot.waitUntil(second.pages_built, timeout=10_000)
        assert second.is_presentation_mode()
        qtbot.wait(100)
        assert _text_points(second) == pytest.approx(switched_on, abs=1)
    finally:
        for window in (second, first):
            if window is not None:
                window.set_presentation_mode(False)
                window.close()
                window.deleteLater()
    assert qapp.font().pointSizeF() == pytest.approx(normal["body text"])


def test_presenting_closes_the_learn_panels_and_leaving_opens_them_as_they_were(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Open, the panels took about 40% of a 1024x768 projector's page and pushed the plots
    below the fold; the person can still open one while presenting, for that presentation."""
    panels = [page.learn for page in window.pages]
    assert all(panel.is_expanded() for panel in panels)  # the default outside presentations
    window.set_presentation_mode(True)
    assert not any(panel.is_expanded() for panel in panels)
    panels[3].set_expanded(True)  # asked for on the Train page: every page follows
    assert all(panel.is_expanded() for panel in panels)
    panels[3].set_expanded(False)
    window.set_presentation_mode(False)
    assert all(panel.is_expanded() for panel in panels)  # as before, not as presented
    assert window.learn_group.expanded()

    panels[0].set_expanded(False)  # closed outside a presentation: remembered
    window.set_presentation_mode(True)
    panels[0].set_expanded(True)
    window.set_presentation_mode(False)
    assert not any(panel.is_expanded() for panel in panels)
