"""After a crash: offer, in a strip above the pages, to resume the training that was cut off.

At start-up, once the pages are built, the window looks in its runs folder for runs whose
run.json still says "running" while no live process holds them (`find_interrupted_runs`).
That look happens in a background thread (reading a checkpoint pointer loads the training
engine). If one can be resumed, a banner asks, without blocking anything (a modal question
would stop a class at the door, and tests open windows all the time):

    Training of “my-run” stopped unexpectedly at step 1,234. Resume it from its last
    checkpoint (step 1,200)?   [Resume] [Not now]

Like the lesson banner (`lessons.py`), it wraps the window's central widget, so the main
window needs to know nothing but `check_interrupted_runs(window)`.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

BANNER_STYLE = (
    "QFrame#recovery-banner { background: #fff4e0; border: none;"
    " border-bottom: 1px solid #f0c36d; }"
    " QFrame#recovery-banner QLabel { color: #5c3b00; background: transparent; }"
)


class RecoveryBanner(QFrame):
    """Offers to resume the most recent interrupted run."""

    resume_requested = Signal(object)  # the run's folder (Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery-banner")
        self.setAccessibleName("Interrupted run banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(BANNER_STYLE)
        self.message = QLabel()
        self.message.setAccessibleName("Interrupted run message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a folder name is not HTML
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setAccessibleName("Resume interrupted run")
        self.resume_button.setToolTip(
            self.tr("Go to the Train page and continue this run from its last checkpoint.")
        )
        self.resume_button.clicked.connect(self._resume)
        self.dismiss_button = QPushButton(self.tr("Not now"))
        self.dismiss_button.setAccessibleName("Dismiss interrupted run")
        self.dismiss_button.setToolTip(
            self.tr("Hide this message. The run stays on disk; it is offered again next time.")
        )
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 6, 8)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.resume_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.folder: Path | None = None
        self.hide()

    def show_runs(self, runs: list[Any]) -> None:
        """Offer the first (most recent) of `runs` (core.runs.lock.InterruptedRun)."""
        if not runs:
            self.hide()
            return
        run = runs[0]
        self.folder = Path(run.folder)
        text = self.tr(
            "Training of “{name}” stopped unexpectedly at step {last}. Resume it from its last "
            "checkpoint (step {step})?"
        ).format(name=self.folder.name, last=f"{run.last_logged_step:,}",
                 step=f"{run.checkpoint_step:,}")
        if len(runs) > 1:
            text += " " + self.tr(
                "{count} runs were interrupted; this is the most recent."
            ).format(count=len(runs))
        self.message.setText(text)
        self.show()

    def _resume(self) -> None:
        folder = self.folder
        self.hide()
        if folder is not None:
            self.resume_requested.emit(folder)


class _Scanner(QObject):
    """Carries the scan's result from its thread to the GUI thread."""

    found = Signal(object)


_SCANNERS: set[_Scanner] = set()


def recovery_banner(window: QMainWindow) -> RecoveryBanner:
    """The window's recovery banner, placed above the pages the first time it is needed."""
    found = window.findChild(RecoveryBanner, "recovery-banner")
    if isinstance(found, RecoveryBanner):
        return found
    banner = RecoveryBanner()
    # As the lesson banner does: wrap the central widget rather than change the window.
    central = window.takeCentralWidget()
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    if central is not None:
        layout.addWidget(central, 1)
    window.setCentralWidget(container)
    banner.resume_requested.connect(lambda folder: resume_in_window(window, folder))
    return banner


def resume_in_window(window: Any, folder: Path) -> None:
    """Go to the Train page and continue the run in `folder` there."""
    page = window.train_page
    window.go_to(page)
    page.resume_run(folder)


def check_interrupted_runs(window: QMainWindow, runs_folder: Path | None = None) -> None:
    """Look for interrupted runs in the background; offer the most recent in a banner."""
    from lmstudio_app.ui.pages.train_work import runs_folder as default_runs_folder

    folder = runs_folder if runs_folder is not None else default_runs_folder()
    # Not a child of the window: a window closed before the scan ends must not take the
    # object the scan's thread emits from with it. Kept alive here until its answer arrived.
    scanner = _Scanner()
    _SCANNERS.add(scanner)

    def show(runs: list[Any]) -> None:
        _SCANNERS.discard(scanner)
        scanner.deleteLater()
        if not shiboken6.isValid(window) or not window.isVisible():
            return  # the window closed meanwhile
        resumable = [run for run in runs if run.can_resume]
        if resumable:
            recovery_banner(window).show_runs(resumable)

    scanner.found.connect(show)

    def scan() -> None:
        from lmstudio_app.core.runs.lock import find_interrupted_runs

        try:
            runs = find_interrupted_runs(folder)
        except Exception as exc:  # a scan that fails must never stop the window from opening
            from lmstudio_app.core.appdirs import log_exception

            log_exception(exc, "looking for interrupted runs")
            runs = []
        # The application may have quit meanwhile, deleting the scanner with it: then there
        # is nobody to tell (a traceback on the terminal at exit otherwise).
        with contextlib.suppress(RuntimeError):
            scanner.found.emit(runs)

    threading.Thread(target=scan, name="find-interrupted-runs", daemon=True).start()
