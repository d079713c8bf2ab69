"""Resuming a run whose text is no longer where run.json says (the run folder was taken to
another computer, or the text moved): the window asks where it is now, as
`train --resume RUN --corpus PATH` is told, and resumes through the same core function.

Whether the text is missing is core's (`core.runs.jobs.missing_run_text`); whether the text
found is the run's is core's too (its fingerprints, when the run is resumed): a wrong text is
refused in a sentence and leaves the run folder as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainPage", text)


def where_the_text_is(
    parent: QWidget, folder: Path, say: Callable[[str], None]
) -> list[str] | None:
    """Where the run's text is now: [] when it is where it was recorded (or is a sample),
    [the file or folder chosen] when it moved, None when the person cancelled the question.

    The question is one plain sentence, said on the page (`say`) and as the file dialog's
    title: a file dialog for a text that was one file (it may have another name now), a
    folder dialog for a text of several files or a folder (found there by their names)."""
    from PySide6.QtWidgets import QFileDialog  # dialogs load when first used

    from lmstudio_app.core.runs.jobs import missing_run_text

    missing = missing_run_text(folder)
    if missing is None:
        return []
    if missing.one_file:
        question = _tr("The text this run was trained on is no longer at {path}: where is it now?")
    else:
        question = _tr(
            "The text this run was trained on is no longer at {path}: which folder holds it now?"
        )
    question = question.format(path=missing.paths[0])
    say(question)
    start = str(folder.parent)  # a run folder is often taken along with its text
    if missing.one_file:
        chosen, _ = QFileDialog.getOpenFileName(parent, question, start)
    else:
        chosen = QFileDialog.getExistingDirectory(parent, question, start)
    return [chosen] if chosen else None
