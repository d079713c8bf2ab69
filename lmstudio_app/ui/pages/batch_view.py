"""The Train page's "Batch view": one training batch drawn over the text, as the trainer
reads it (`core.batch_picture`).

Each row of the batch is two rows of the grid: the tokens the model reads (input) and, under
them, the tokens it must predict (target), the same text shifted by one. The last column marks
where the window ends and backpropagation is cut; the note under the grid says what happens to
the memory there, and what of the text no batch reads (the tail, or the lines left out).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmstudio_app.core.batch_picture import BatchPicture, batch_picture
from lmstudio_app.core.data_lines import line_tokens
from lmstudio_app.ui.pages.base import make_button
from lmstudio_app.ui.widgets._style import faint, is_dark, visible_whitespace

INPUT_COLOR = "#1e88e5"
TARGET_COLOR = "#43a047"
CUT_MARK = "✂"


class BatchView(QDialog):
    """One batch of the training text: inputs, targets, the cut, padding and the tail."""

    def __init__(self, tokenizer: Any, ids: Any, spec: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Batch view"))
        self.setAccessibleName("Batch view")
        self.tokenizer, self.ids, self.spec = tokenizer, ids, spec
        self.lines = line_tokens(tokenizer) if spec.batching == "lines" else None

        intro = QLabel(
            self.tr(
                "One step of training, exactly as the trainer reads it: each row is read by "
                "the model (input) and, under it, the tokens it must predict (target), the "
                "same text shifted by one token."
            )
        )
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setAccessibleName("Batch summary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)

        self.step = QSpinBox()
        self.step.setAccessibleName("Batch step")
        self.step.setToolTip(self.tr("Which step of the epoch to show."))
        self.epoch = QSpinBox()
        self.epoch.setAccessibleName("Batch epoch")
        self.epoch.setToolTip(self.tr("Which epoch: random windows and lines change with it."))
        self.epoch.setRange(1, 100_000)
        step_label = QLabel(self.tr("Step"))
        step_label.setBuddy(self.step)
        epoch_label = QLabel(self.tr("Epoch"))
        epoch_label.setBuddy(self.epoch)
        choose = QHBoxLayout()
        for widget in (step_label, self.step, epoch_label, self.epoch):
            choose.addWidget(widget)
        choose.addStretch(1)
        # Contiguous batches are the same every epoch.
        epoch_label.setVisible(spec.batching != "contiguous")
        self.epoch.setVisible(spec.batching != "contiguous")

        self.grid = QTableWidget()
        self.grid.setAccessibleName("Batch grid")
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.notes = QLabel()
        self.notes.setAccessibleName("Batch notes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choose)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.notes)
        layout.addWidget(buttons)

        self.picture = self._picture(0, 0)
        self.step.setRange(1, max(1, self.picture.steps_per_epoch))
        self.step.valueChanged.connect(self.refresh)
        self.epoch.valueChanged.connect(self.refresh)
        self._show(self.picture)

    def _picture(self, epoch: int, index: int) -> BatchPicture:
        spec = self.spec
        return batch_picture(
            self.ids,
            spec.batching,
            spec.batch_size,
            spec.seq_len,
            spec.seed,
            self.lines,
            epoch,
            index,
        )

    def refresh(self) -> None:
        self.picture = self._picture(self.epoch.value() - 1, self.step.value() - 1)
        self._show(self.picture)

    # ---- drawing

    def _row_name(self, picture: BatchPicture, number: int, start: int) -> str:
        if picture.batching == "contiguous":
            return self.tr("Stream {n}").format(n=number)
        if picture.batching == "random":
            return self.tr("Window {n}").format(n=number)
        return self.tr("Line {n}").format(n=start + 1)

    def _show(self, picture: BatchPicture) -> None:
        self.summary.setText(self._summary(picture))
        self.notes.setText(self._notes(picture))
        width = max((len(row.inputs) for row in picture.rows), default=0)
        grid = self.grid
        grid.clear()
        grid.setRowCount(2 * len(picture.rows))
        grid.setColumnCount(width + 1)
        grid.setHorizontalHeaderLabels([str(t + 1) for t in range(width)] + [CUT_MARK])
        cut_header = grid.horizontalHeaderItem(width)
        cut_header.setToolTip(self._cut_sentence(picture))
        dark = is_dark(self.palette())
        text_color = self.palette().color(QPalette.ColorRole.Text)
        shades = {
            "input": faint(QColor(INPUT_COLOR), 70 if dark else 45),
            "target": faint(QColor(TARGET_COLOR), 70 if dark else 45),
            "pad": faint(text_color, 25),
        }
        names = []
        for number, row in enumerate(picture.rows, start=1):
            name = self._row_name(picture, number, row.start)
            names += [
                self.tr("{row} input").format(row=name),
                self.tr("{row} target").format(row=name),
            ]
            for offset, (kind, tokens) in enumerate(
                (("input", row.inputs), ("target", row.targets))
            ):
                for t, token_id in enumerate(tokens):
                    item = self._cell(token_id, picture, shades[kind], shades["pad"])
                    grid.setItem(2 * (number - 1) + offset, t, item)
            mark = QTableWidgetItem("→" if picture.carries_state else "")
            mark.setToolTip(self._cut_sentence(picture))
            mark.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.setItem(2 * (number - 1), width, mark)
        grid.setVerticalHeaderLabels(names)
        grid.resizeColumnsToContents()

    def _cell(
        self, token_id: int, picture: BatchPicture, shade: QColor, pad_shade: QColor
    ) -> QTableWidgetItem:
        tokenizer = self.tokenizer
        is_pad = picture.pad_id is not None and token_id == picture.pad_id
        if is_pad:
            text = "pad"
        elif token_id == tokenizer.bos_id:
            text = "bos"
        else:
            text = visible_whitespace(tokenizer.display_token(token_id))
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setBackground(pad_shade if is_pad else shade)
        item.setToolTip(
            self.tr('id {id} · "{token}"').format(
                id=token_id, token=visible_whitespace(tokenizer.id_to_token(token_id))
            )
        )
        if is_pad:
            item.setForeground(faint(self.palette().color(QPalette.ColorRole.Text), 140))
        return item

    def _summary(self, p: BatchPicture) -> str:
        step = self.tr("step {step} of {steps} in an epoch").format(
            step=p.index + 1, steps=p.steps_per_epoch
        )
        if p.batching == "contiguous":
            what = self.tr("{rows} streams side by side, {length} tokens each").format(
                rows=p.batch_size, length=p.seq_len
            )
        elif p.batching == "random":
            what = self.tr("{rows} windows of {length} tokens at random places").format(
                rows=p.batch_size, length=p.seq_len
            )
        else:
            what = self.tr("{rows} lines, each from <bos>, padded with <pad>").format(
                rows=p.batch_size
            )
        return f"{what} · {step}"

    def _cut_sentence(self, p: BatchPicture) -> str:
        if p.carries_state:
            return self.tr(
                "Backpropagation is cut here: the next step goes on with the same stream, "
                "carrying the memory over, but no error flows back past this point."
            )
        return self.tr(
            "The window ends here: backpropagation stops, and the next one starts with an "
            "empty memory."
        )

    def _notes(self, p: BatchPicture) -> str:
        notes = [CUT_MARK + " " + self._cut_sentence(p)]
        if p.batching == "contiguous":
            notes.append(
                self.tr(
                    "The {total} training tokens are cut into {rows} streams of {length}; "
                    "the last {dropped} tokens do not fill a stream and are never read."
                ).format(
                    total=f"{p.train_tokens:,}",
                    rows=p.batch_size,
                    length=f"{p.stream_length:,}",
                    dropped=f"{p.dropped_tokens:,}",
                )
            )
        elif p.batching == "random":
            notes.append(
                self.tr(
                    "Windows may overlap and some text is not read in an epoch; another "
                    "epoch draws other places."
                )
            )
        else:
            pads = sum(row.padding for row in p.rows)
            cut = sum(row.cut for row in p.rows)
            notes.append(
                self.tr(
                    "{pads} padding tokens fill the shorter lines; the loss ignores them. "
                    "{cut} tokens of lines longer than {length} are cut off. {left} lines do "
                    "not fill the last batch and wait for another epoch."
                ).format(pads=pads, cut=cut, length=p.seq_len, left=p.left_out_lines)
            )
        return "\n".join(notes)


def open_batch_view(session: Any, parent: QWidget) -> BatchView | None:
    """The batch view of the session's text, tokenizer and training settings (None, with
    nothing shown, until a tokenizer is built on a text)."""
    from lmstudio_app.core.corpus.spill import SpilledText
    from lmstudio_app.core.specs import TrainSpec

    if session.tokenizer is None or session.splits is None:
        return None
    spec = session.train_spec or TrainSpec()
    # Encoded as the trainer encodes it (`encode_splits`), so the windows are its windows.
    # On the window's thread, under a busy cursor: quick for characters, seconds for a
    # sub-word tokenizer on a book-sized text.
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if isinstance(session.splits.train, SpilledText):
            # A text too large to hold: its ids from the token-id file the Tokenizer page
            # wrote when it measured the tokenizer (a memory map), never encoded again here.
            from lmstudio_app.core.data import encode_splits

            ids = encode_splits(session.tokenizer, session.splits).train
        else:
            ids = session.tokenizer.encode_to_array(session.splits.train)
    finally:
        QApplication.restoreOverrideCursor()
    if ids.size < spec.seq_len + 1:
        return None
    view = BatchView(session.tokenizer, ids, spec, parent)
    view.resize(min(1100, parent.window().width()), min(640, parent.window().height()))
    view.show()
    return view


def batch_view_button(page: Any) -> QPushButton:
    """The Train page's "Batch view" button; `page` has `session` and `_show_error`."""

    def show() -> None:
        page.batch_view = open_batch_view(page.session, page)
        if page.batch_view is None:
            page._show_error(
                QCoreApplication.translate(
                    "BatchView",
                    "Build a tokenizer on a text first, longer than one window: the batch is "
                    "cut from its tokens.",
                )
            )

    return make_button(
        QCoreApplication.translate("BatchView", "Batch view"),
        "Batch view",
        QCoreApplication.translate(
            "BatchView",
            "See one training batch over the text: the windows, what the model must predict, "
            "where backpropagation is cut, padding, and the text left out.",
        ),
        show,
    )
