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

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QWidget

from lmstudio_app.core.memorisation import CopyReport, LineCounts, meter_for_run
from lmstudio_app.ui.pages.base import Growing
from lmstudio_app.ui.session import Session
from lmstudio_app.ui.translations import translate_core
from lmstudio_app.ui.workers import TaskRunner

COPIED_COLOUR = "#f7c873"  # a highlighter's yellow-orange: readable in light and dark themes
WHERE_COLOURS = {"train": "#f7c873", "valid": "#a9d3f5", "new": "#b8e6b8"}


class CopiedMeter(QWidget):
    """One short line beside the text's title (the page has no line to spare on a 768-line
    screen): the share copied, and a button that shows, under the text, the text with its
    copies highlighted and where each comes from (`view_box`)."""

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
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Copied:"))  # short: the tooltip says from what
        title.setStyleSheet("font-weight: bold")
        # Labels only, one line each (no button): the row stays as tall as the title beside it.
        self.summary = QLabel()
        self.summary.setAccessibleName("Copied share")
        self.summary.setMinimumWidth(40)  # clipped rather than widening the page
        self.where_link = QLabel()
        self.where_link.setAccessibleName("Show where copied")
        self.where_link.setToolTip(
            self.tr("Show the text with its copies highlighted, and the line each comes from.")
        )
        self.where_link.linkActivated.connect(self._toggle_where)
        line.addWidget(title)
        line.addWidget(self.summary, 1)
        line.addWidget(self.where_link)
        self.view = QTextBrowser()
        self.view.setAccessibleName("Copied spans")
        self.view.setOpenLinks(False)
        self.view_box = Growing(self.view, lines=4)
        self.view_box.hide()
        self._set_link()
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self._show)
        self.runner.failed.connect(self._failed)
        session.run_selected.connect(self.clear)
        self.clear()

    def shutdown(self) -> None:
        """Stop reading the training text before the window goes (a worker still running
        when its QThread is destroyed aborts the process)."""
        self.runner.cancel_and_wait()

    def _set_link(self) -> None:
        text = self.tr("Show where") if self.view_box.isHidden() else self.tr("Hide")
        self.where_link.setText(f'<a href="where">{text}</a>' if self.report else "")

    def _toggle_where(self, *_: object) -> None:
        """Show or hide the text with its copies highlighted."""
        self.view_box.setVisible(self.view_box.isHidden())
        self._set_link()

    def clear(self) -> None:
        self.report = None
        self.view_box.hide()
        self._set_link()
        self.summary.setText("—")
        self.summary.setToolTip("")
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
        self.summary.setText(self.tr("looking…"))

        def work(progress: Any, cancel: Any) -> CopyReport | LineCounts:
            meter = meter_for_run(folder, splits, cancel)
            return meter.classify_lines(text) if meter.line_data else meter.copied(text)

        self.runner.start(work)

    def _failed(self, message: str) -> None:
        # The text is not where the run recorded it, say: the whole sentence on hover, as
        # the line has room for a few words only.
        self.summary.setText(translate_core(message))
        self.summary.setToolTip(translate_core(message))
        self.view.clear()

    def _show(self, report: CopyReport | LineCounts) -> None:
        self.report = report
        self._set_link()
        if isinstance(report, LineCounts):
            self._show_lines(report)
        else:
            self._show_copies(report)

    def _show_copies(self, report: CopyReport) -> None:
        if len(report.spans) == 1:
            template = self.tr("{share:.0%}, 1 span")
        else:
            template = self.tr("{share:.0%}, {count} spans")
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
                "{train} in training, {valid} in validation, {new} new (of {total} lines)"
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
    """The meter on the line of the Generate page's text title, its spans under the text; it
    checks each text once it is written."""
    meter = CopiedMeter(page.session, page.text)
    index = layout.indexOf(page.first_title)
    layout.removeWidget(page.first_title)
    row = QHBoxLayout()
    row.addWidget(page.first_title)
    row.addSpacing(16)
    row.addWidget(meter, 1)
    layout.insertLayout(index, row)
    layout.addWidget(meter.view_box)
    page.pump.finished.connect(meter.check)
    return meter
