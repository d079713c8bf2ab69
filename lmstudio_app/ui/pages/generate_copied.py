"""The Generate page's memorisation meter: how much of what the model wrote it copied word for
word from its training text, highlighted, with where each copy is; for line data (names),
how many lines are in the training text, in the validation text, or new.

Core does the looking up (`core.memorisation`: a suffix array over the run's training part,
read as the run split it). Building the array takes a moment on a large text, so it is done
in a worker, once per training text; each check after that is instant.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.memorisation import CopyReport, LineCounts, meter_for_run
from lmstudio_app.ui.pages.base import Growing, info_label
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.workers import TaskRunner

COPIED_COLOUR = "#f7c873"  # a highlighter's yellow-orange: readable in light and dark themes
WHERE_COLOURS = {"train": "#f7c873", "valid": "#a9d3f5", "new": "#b8e6b8"}


class CopiedMeter(QWidget):
    """One line under the text (the page has no room to spare on a 768-line screen): the
    share copied, and a button that shows the text with its copies highlighted and where
    each comes from."""

    def __init__(self, session: Session, generated: Any) -> None:
        super().__init__()
        self.setAccessibleName("Copied from the training text")
        self.setToolTip(
            self.tr(
                "A model that memorised its text copies it. Spans of at least 8 characters "
                "or 4 words found word for word in the training text are highlighted, with "
                "the line of the training text they come from."
            )
        )
        self.session = session
        self.generated = generated  # the page's SurprisalText
        self.report: CopyReport | LineCounts | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        title = QLabel(self.tr("Copied from the training text:"))
        title.setStyleSheet("font-weight: bold")
        self.summary = info_label()
        self.summary.setAccessibleName("Copied share")
        self.where_button = QPushButton(self.tr("Show where"))
        self.where_button.setAccessibleName("Show where copied")
        self.where_button.setToolTip(
            self.tr("Show the text with its copies highlighted, and the line each comes from.")
        )
        self.where_button.setCheckable(True)
        line.addWidget(title)
        line.addWidget(self.summary, 1)
        line.addWidget(self.where_button)
        layout.addLayout(line)
        self.view = QTextBrowser()
        self.view.setAccessibleName("Copied spans")
        self.view.setOpenLinks(False)
        self.view_box = Growing(self.view, lines=4)
        layout.addWidget(self.view_box)
        self.view_box.hide()
        self.where_button.toggled.connect(self.view_box.setVisible)
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self._show)
        self.runner.failed.connect(self._failed)
        session.run_selected.connect(self.clear)
        self.clear()

    def clear(self) -> None:
        self.report = None
        self.where_button.setEnabled(False)
        self.summary.setText(
            self.tr("After the model writes, this shows how much it copied from its text.")
        )
        self.view.clear()

    def check(self) -> None:
        """Look the text just written up in the run's training text (in the background)."""
        text = self.generated.generated_text()
        record = self.session.active_run
        if not text.strip() or record is None or record.folder is None:
            self.clear()
            return
        folder, splits = Path(record.folder), self.session.splits
        if self.runner.is_running():
            self.runner.cancel_and_wait()
        self.summary.setText(self.tr("Looking for copies in the training text…"))

        def work(progress: Any, cancel: Any) -> CopyReport | LineCounts:
            meter = meter_for_run(folder, splits, cancel)
            return meter.classify_lines(text) if meter.line_data else meter.copied(text)

        self.runner.start(work)

    def _failed(self, message: str) -> None:
        self.summary.setText(translate_core(message))
        self.view.clear()

    def _show(self, report: CopyReport | LineCounts) -> None:
        self.report = report
        self.where_button.setEnabled(True)
        if isinstance(report, LineCounts):
            self._show_lines(report)
        else:
            self._show_copies(report)

    def _show_copies(self, report: CopyReport) -> None:
        if len(report.spans) == 1:
            template = self.tr(
                "{share:.0%} of this text is copied word for word from the training text (1 span)."
            )
        else:
            template = self.tr(
                "{share:.0%} of this text is copied word for word from the training text "
                "({count} spans)."
            )
        self.summary.setText(template.format(share=report.share, count=len(report.spans)))
        parts, done = [], 0
        for span in report.spans:
            parts.append(html.escape(report.text[done : span.start]))
            parts.append(
                f'<span style="background-color:{COPIED_COLOUR}; color:#000">'
                f"{html.escape(report.text[span.start : span.end])}</span>"
            )
            done = span.end
        parts.append(html.escape(report.text[done:]))
        body = "".join(parts).replace("\n", "<br>")
        where = "".join(
            "<li>"
            + self.tr("“{copy}” is line {line}: {context}").format(
                copy=html.escape(report.text[span.start : span.end].strip()),
                line=f"{span.line:,}",
                context=html.escape(span.context),
            )
            + "</li>"
            for span in report.spans
        )
        self.view.setHtml(f"<p>{body}</p>" + (f"<ul>{where}</ul>" if where else ""))

    def _show_lines(self, counts: LineCounts) -> None:
        self.summary.setText(
            self.tr(
                "Of {total} lines written: {train} are in the training text, {valid} in the "
                "validation text, {new} are new."
            ).format(
                total=len(counts.lines),
                train=counts.count("train"),
                valid=counts.count("valid"),
                new=counts.count("new"),
            )
        )
        names = {
            "train": self.tr("training"),
            "valid": self.tr("validation"),
            "new": self.tr("new"),
        }
        self.view.setHtml(
            " ".join(
                f'<span style="background-color:{WHERE_COLOURS[where]}; color:#000" '
                f'title="{names[where]}">{html.escape(line)}</span>'
                for line, where in counts.lines
            )
            + "<p>"
            + " ".join(
                f'<span style="background-color:{WHERE_COLOURS[key]}; color:#000">'
                f"&nbsp;{names[key]}&nbsp;</span>"
                for key in ("train", "valid", "new")
            )
            + "</p>"
        )


def attach_copied_meter(page: Any, layout: Any) -> CopiedMeter:
    """The meter under the Generate page's text, checking each text once it is written."""
    meter = CopiedMeter(page.session, page.text)
    layout.addWidget(meter)
    page.pump.finished.connect(meter.check)
    return meter
