"""The Train page's line that says how long a run will train.

How long training lasts is set once, on the Model page (its Steps, Epochs and Time limit, the
settings `train --max-steps`, `--epochs` and `--max-minutes` set on the command line). The
Train page had a "Max training steps" of its own that overrode them, and the two disagreed
("Steps 400" there, "no limit" here); now it only says what the Model page set, and follows it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from lmstudio_app.core.progress import format_duration
from lmstudio_app.ui.session import Session


class TrainingLength(QLabel):
    """ "Trains for 400 steps (set on the Model page)." and the like, kept up to date."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        # Wrapped when room is short: on an 800x600 screen the controls' row in one line made
        # the page scroll sideways.
        self.setWordWrap(True)
        self.setAccessibleName("Training length")
        self.setToolTip(
            self.tr("Change how long training lasts on the Model page (Steps, Epochs, Time limit).")
        )
        session.model_changed.connect(self._show)
        self._show()

    def _show(self) -> None:
        self.setText(self.length_text(self.session.model_family, self.session.train_spec))

    def length_text(self, family: str, train: Any) -> str:
        """How long a run of the Model page's settings trains, in one sentence: its limits
        (`TrainSpec.max_steps`, `epochs`, `max_minutes`), whichever comes first."""
        if family == "ngram" or train is None:
            return self.tr("An n-gram model is counted in one pass over the text.")
        limits = []
        if train.max_steps:
            limits.append(self.tr("{count} steps").format(count=f"{train.max_steps:,}"))
        if train.epochs:
            epochs = self.tr("1 epoch") if train.epochs == 1 else self.tr("{count} epochs")
            limits.append(epochs.format(count=train.epochs))
        if train.max_minutes:
            limits.append(format_duration(train.max_minutes * 60))
        if not limits:
            text = self.tr("Trains until you press Stop: no length is set on the Model page.")
        elif len(limits) == 1:
            text = self.tr("Trains for {limit} (set on the Model page).").format(limit=limits[0])
        else:
            text = self.tr(
                "Trains for {limits}, whichever comes first (set on the Model page)."
            ).format(limits=self.tr(" or ").join(limits))
        if train.patience:
            text += " " + self.tr(
                "It stops sooner if the validation loss has not improved for {count} evaluations."
            ).format(count=train.patience)
        return text
