"""The pages a class watches fit a projector's screen, explanation open, without scrolling."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QScrollArea, QWidget
from pytestqt.exceptions import TimeoutError as WaitTimedOut
from pytestqt.qtbot import QtBot

from lmstudio_app.ui import MainWindow
from lmstudio_app.ui.widgets.side_by_side import SideBySide
from tests.ui.drive import choose, find

# The most common projector and laptop screen; the window's frame and the taskbar are not
# counted (offscreen windows have none), which a maximised window on such a screen loses.
PROJECTOR = (1366, 768)
SMALL_PROJECTOR = (1024, 768)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("LMSTUDIO_DATA_DIR", str(tmp_path / "data"))
    main = MainWindow()
    qtbot.addWidget(main)
    main.resize(*PROJECTOR)
    main.show()
    qtbot.waitUntil(main.pages_built, timeout=10_000)
    return main


def settled(qtbot: QtBot, problems: Callable[[], list[str]]) -> None:
    """Wait for the layout's chain of events to end with no problem left, then say which."""
    with contextlib.suppress(WaitTimedOut):
        qtbot.waitUntil(lambda: not problems(), timeout=3_000)
    assert not problems(), problems()


def scroll_problems(page: QWidget, axis: Qt.Orientation) -> list[str]:
    scroll = page.findChild(QScrollArea)
    bar = (scroll.horizontalScrollBar() if axis == Qt.Orientation.Horizontal
           else scroll.verticalScrollBar())
    if bar.maximum() == 0:
        return []
    return [f"{type(page).__name__} scrolls {bar.maximum()} px "
            f"({scroll.widget().size().toTuple()} in {scroll.viewport().size().toTuple()})"]


def squeezed_panes(page: QWidget) -> list[str]:
    """Panes of the page's SideBySides given less than their minimum size."""
    problems = []
    for panes in page.findChildren(SideBySide):
        for pane in panes.panes():
            if pane.isHidden():  # the n-gram hides the training pane: it keeps a stale size
                continue
            least = pane.minimumSize().expandedTo(pane.minimumSizeHint())
            if pane.width() < least.width() or pane.height() < least.height():
                problems.append(f"{type(page).__name__}: {pane} is {pane.size().toTuple()}, "
                                f"needs {least.toTuple()}")
    return problems


@pytest.mark.parametrize("size", [PROJECTOR, SMALL_PROJECTOR])
def test_the_pages_a_class_watches_fit_a_projector_screen(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int]
) -> None:
    """Corpus (loaded), Train, Generate and Runs show whole on 1366x768 and 1024x768 with
    their "What is happening here?" text open: a plot's or a text box's preferred height no
    longer makes the page scroll (only the Tokenizer and Model pages, long forms, may)."""
    window.resize(*size)
    choose(find(window, QComboBox, "Sample corpus"), "shakespeare")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    for page in (window.corpus_page, window.train_page, window.generate_page,
                 window.runs_page):
        window.go_to(page)
        page.learn.set_expanded(True)
        qtbot.waitUntil(lambda page=page: page.learn.label.isVisible(), timeout=5_000)
        assert page.findChild(QScrollArea).viewport().height() > 500
        settled(qtbot, lambda page=page: scroll_problems(page, Qt.Orientation.Vertical))


@pytest.mark.parametrize("family", ["lstm", "ngram"])
def test_on_a_small_projector_in_presentation_mode_panes_stack_instead_of_scrolling_sideways(
    qtbot: QtBot, window: MainWindow, family: str
) -> None:
    """Larger text needs more width: on a 1024x768 projector (many classrooms have one) the
    panes that stand side by side (preview and statistics, settings and "Try it", plot and
    sample, text and next-token bars) go one above the other where they no longer fit, none
    is squeezed below its minimum, and no page, with a text and a tokenizer in it, has to be
    scrolled sideways; out of presentation mode they stand side by side again."""
    window.resize(*SMALL_PROJECTOR)
    families = find(window, QComboBox, "Model family")
    families.setCurrentIndex(families.findData(family))
    choose(find(window, QComboBox, "Sample corpus"), "shakespeare")
    qtbot.waitUntil(lambda: window.session.splits is not None, timeout=20_000)
    window.go_to(window.tokenizer_page)
    window.tokenizer_page.build()
    qtbot.waitUntil(lambda: window.session.tokenizer is not None, timeout=30_000)
    pages = (window.corpus_page, window.tokenizer_page, window.model_page, window.train_page,
             window.generate_page, window.runs_page)
    must_stack = (window.corpus_page, window.train_page)

    def stacked(page: QWidget) -> bool:
        # the panes on screen: a mode not shown (Score a text, the guessing game) lays its
        # panes out when it is shown
        return any(
            not panes.is_side_by_side()
            for panes in page.findChildren(SideBySide)
            if panes.isVisible()
        )

    try:
        window.set_presentation_mode(True)
        for page in pages:
            window.go_to(page)
            if page in must_stack:
                qtbot.waitUntil(lambda page=page: stacked(page), timeout=5_000)
            settled(qtbot, lambda page=page: scroll_problems(page, Qt.Orientation.Horizontal)
                    + squeezed_panes(page))
    finally:
        window.set_presentation_mode(False)
    for page in pages:
        window.go_to(page)
        qtbot.waitUntil(lambda page=page: not stacked(page), timeout=5_000)
        settled(qtbot, lambda page=page: scroll_problems(page, Qt.Orientation.Horizontal)
                + squeezed_panes(page))
