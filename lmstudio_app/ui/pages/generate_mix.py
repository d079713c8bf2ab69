"""The Generate page's panel for a mix of models (a run of kind `mix`): a slider for the
weight of a two-part mix, which changes the next-token distribution at once (the bars follow),
and "Colour by model": each written token coloured by which model carried it, that is each
part's share w_k p_k(token) / sum_j w_j p_j(token) of the mix's probability of the token,
blended between the parts' colours. The shares of a whole text come from one pass of each
part over it (`MixModel.stream_part_logprobs`), the same scores `eval` reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from lmstudio_app.ui.pages.generate_page import GeneratePage

# the parts' colours (the first two as far apart as a projector shows them)
PART_COLOURS = ("#4c9be8", "#f0a040", "#5cc06a", "#c070d0")


def blend(shares: np.ndarray) -> QColor:
    """The parts' colours mixed by their shares (light enough to read text on)."""
    rgb = np.zeros(3)
    for share, name in zip(shares, PART_COLOURS, strict=False):
        colour = QColor(name)
        rgb += share * np.array([colour.red(), colour.green(), colour.blue()])
    rgb = 0.55 * rgb + 0.45 * 255  # lightened: the text stays legible
    return QColor(*(int(v + 0.5) for v in rgb))


class MixPanel(QWidget):
    """Shown while the model in use is a mix; hidden otherwise."""

    def __init__(self, page: GeneratePage) -> None:
        super().__init__(page)
        self.page = page
        self.model: Any = None
        self._coloured = False  # the first text is coloured by model, not by surprisal
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.slider_label = QLabel(self.tr("Mix weight:"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 100)
        self.slider.setAccessibleName("Mix weight")
        self.slider.setToolTip(
            self.tr(
                "How much the first model counts in the mix; the rest goes to the second. "
                "The mix was saved with the weights that fit the validation text best."
            )
        )
        self.slider.valueChanged.connect(self._weight_changed)
        self.slider_label.setBuddy(self.slider)
        self.weights_label = QLabel()
        self.weights_label.setAccessibleName("Mix weights")
        self.colour_check = QCheckBox(self.tr("Colour by model"))
        self.colour_check.setAccessibleName("Colour by model")
        self.colour_check.setToolTip(
            self.tr(
                "Colour each written token by which model carried it: its share of the "
                "token's probability in the mix."
            )
        )
        self.colour_check.toggled.connect(self.recolour)
        self.legend = QLabel()
        self.legend.setAccessibleName("Mix colours")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        # two rows: the slider keeps a usable width beside the legends (a projector's 1024)
        weight_row = QHBoxLayout()
        weight_row.addWidget(self.slider_label)
        weight_row.addWidget(self.slider, 1)
        weight_row.addWidget(self.weights_label)
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour_check)
        colour_row.addWidget(self.legend)
        colour_row.addStretch(1)
        layout.addLayout(weight_row)
        layout.addLayout(colour_row)
        self.slider.setMinimumWidth(160)
        self.hide()

    def model_changed(self, model: Any) -> None:
        from lmstudio_app.core.models.mix import MixModel

        self.model = model if isinstance(model, MixModel) else None
        self.setVisible(self.model is not None)
        if self.model is None:
            return
        two = len(self.model.parts) == 2
        for widget in (self.slider_label, self.slider):
            widget.setVisible(two)
        self.slider.blockSignals(True)
        self.slider.setValue(round(float(self.model.weights[0]) * 100))
        self.slider.blockSignals(False)
        self._show_weights()

    def _show_weights(self) -> None:
        names = self.model.names
        self.weights_label.setText(
            " · ".join(
                f"{name} {w * 100:.0f} %" for name, w in zip(names, self.model.weights, strict=True)
            )
        )
        self.legend.setText(
            " ".join(
                f'<span style="background:{blend(np.eye(len(names))[i]).name()}">'
                f"&nbsp;{name}&nbsp;</span>"
                for i, name in enumerate(names)
            )
        )

    def _weight_changed(self, value: int) -> None:
        if self.model is None or len(self.model.parts) != 2:
            return
        first = value / 100
        self.model.set_weights([first, 1.0 - first])
        self._show_weights()
        self.page._show_next_distribution()  # the bars and the colours: the new mix

    def shares(self) -> np.ndarray | None:
        """Each part's share of every written token of the first text (parts x tokens)."""
        writers = self.page.writers
        if (
            self.model is None
            or not writers
            or not writers[0].ids
            or writers[0].model is not self.model
        ):
            return None
        from lmstudio_app.core.models.mix import carried_shares

        writer = writers[0]
        ids = np.array([*writer.prompt_ids, *writer.ids], dtype=np.int64)
        rows = self.model.stream_part_logprobs(ids)[:, len(writer.prompt_ids) :]
        return carried_shares(rows, self.model.weights)

    def recolour(self, *_: object) -> None:
        """Colour the first text by model (when asked), or by surprisal again."""
        text = self.page.text
        shares = self.shares() if self.colour_check.isChecked() else None
        if shares is None or shares.shape[1] != text.token_count():
            if self._coloured:  # only a text coloured by model is drawn again
                text.restore_colours()
                self._coloured = False
                self._show_surprisal_legend(True)
            return
        for index in range(shares.shape[1]):
            text.set_token_background(index, blend(shares[:, index]))
        self._coloured = True
        self._show_surprisal_legend(False)  # the parts' colours are the legend now

    def _show_surprisal_legend(self, shown: bool) -> None:
        from lmstudio_app.ui.widgets.surprisal_text import SurprisalLegend

        # the one beside this panel, under the written text (not Score a text's)
        parent = self.parentWidget()
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for legend in parent.findChildren(SurprisalLegend, "", direct) if parent else ():
            legend.setVisible(shown)
