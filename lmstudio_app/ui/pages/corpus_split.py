"""The Corpus page's choice of how the text is split: the three parts' shares and the way."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from lmstudio_app.ui.widgets.side_by_side import SideBySide


class SplitChoice(QGroupBox):
    """Training, validation and test shares in per cent, and whether the end of the text or
    random lines are held out. The page listens to `spins` and `method` and does the split."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Training, validation and test parts"))
        spins = QWidget()
        spins_layout = QHBoxLayout(spins)
        spins_layout.setContentsMargins(0, 0, 0, 0)
        self.spins: dict[str, QSpinBox] = {}
        for key, title, tip, default in [
            ("train", self.tr("Training %"), self.tr("The part the model learns from."), 90),
            (
                "valid",
                self.tr("Validation %"),
                self.tr(
                    "Held back to check, during training, how well the model does on text "
                    "it has not seen."
                ),
                5,
            ),
            (
                "test",
                self.tr("Test %"),
                self.tr("Held back until the end, for a final, honest score."),
                5,
            ),
        ]:
            spin = QSpinBox()
            spin.setRange(0 if key != "train" else 10, 100)
            spin.setValue(default)
            spin.setSuffix(" %")
            spin.setAccessibleName(title)
            spin.setToolTip(tip)
            spins_layout.addWidget(
                QLabel(self.tr("{label}:").format(label=title.replace("%", "").strip()))
            )
            spins_layout.addWidget(spin)
            self.spins[key] = spin
        self.method = QComboBox()
        self.method.setAccessibleName("Split method")
        self.method.addItem(self.tr("End of the text held out"), "contiguous")
        self.method.addItem(self.tr("Random lines held out"), "lines")
        self.method.setToolTip(
            self.tr(
                "Holding out the end of the text is how language models are usually tested; "
                "random lines suit lists such as names or poems."
            )
        )
        # The way of splitting goes under the parts when the row is too wide for the window
        # (presentation mode on a 1024-wide projector).
        parts = SideBySide()
        parts.add(spins)
        parts.add(self.method)
        split_layout = QHBoxLayout(self)
        split_layout.addWidget(parts)
        split_layout.addStretch(1)
