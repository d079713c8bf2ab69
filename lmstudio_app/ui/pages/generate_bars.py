"""The Generate page's "What could come next": bars that tell the truth, and for an n-gram
where a probability comes from.

The bars show the distribution the sampler really draws from (`core.sampling`, the function
`generate` uses), redrawn as temperature, top-k and top-p move, from the log-probabilities
of the last model call (moving a setting asks the model nothing). Tokens the settings cut
stay visible, greyed under a line that says what cut them, with the model's own probability;
"Show raw probabilities" shows the model's distribution instead. For an n-gram model the
panel under the bars explains the token pointed at (or picked with the keyboard, or else the
most likely one).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.generation import GenerationSpec
from lmstudio_app.core.next_token import explains_sources, next_logprobs, token_source
from lmstudio_app.core.sampling import (
    CUT_GREEDY,
    CUT_TOP_K,
    SamplingDistribution,
    sampling_distribution,
)
from lmstudio_app.core.tokenization import StudioTokenizer
from lmstudio_app.ui.pages.generate_writer import visible
from lmstudio_app.ui.widgets.ngram_explain import NGramExplainPanel
from lmstudio_app.ui.widgets.prob_bars import ProbabilityBars
from lmstudio_app.ui.widgets.spec_form import SpecForm

ROWS = 10  # bars shown: the kept tokens first, then (greyed) the first ones cut
MIN_CUT_ROWS = 3  # at least this many cut tokens under the line, to show what was lost


class NextTokenBars(QObject):
    """Owns the bars, the raw switch and the n-gram panel; the page only says what to show."""

    def __init__(self, form: SpecForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.bars = ProbabilityBars()
        self.raw_check = QCheckBox(self.tr("Show raw probabilities"))
        self.raw_check.setAccessibleName("Show raw probabilities")
        self.raw_check.setToolTip(
            self.tr(
                "Show the model's own probabilities, before temperature, top-k and top-p "
                "change them. Off: the bars show what the next token is really drawn from."
            )
        )
        self.panel = NGramExplainPanel()
        self.panel.hide()
        self._model: Any = None
        self._tokenizer: StudioTokenizer | None = None
        self._context: list[int] = []
        self._logprobs: np.ndarray | None = None
        self.distribution: SamplingDistribution | None = None
        self.raw_check.toggled.connect(self.redraw)
        self.form.changed.connect(self.redraw)
        self.bars.highlighted.connect(self._explain)

    # ---- what to show

    def show(self, model: Any, tokenizer: StudioTokenizer, context: list[int]) -> None:
        """Ask the model once for the next token after `context`, then draw."""
        self._model, self._tokenizer, self._context = model, tokenizer, list(context)
        self._logprobs = next_logprobs(model, context)
        self.panel.setVisible(explains_sources(model))
        self.redraw()

    def clear(self) -> None:
        self._model = self._tokenizer = self._logprobs = self.distribution = None
        self.bars.clear()
        self.panel.hide()

    def _settings(self) -> GenerationSpec | None:
        try:
            return self.form.value()
        except StudioError:
            return None  # a setting being typed: keep the bars as they are

    def redraw(self, *_: object) -> None:
        """The bars again from the kept log-probabilities and the settings as they are now."""
        spec = self._settings()
        if self._logprobs is None or self._tokenizer is None or spec is None:
            return
        dist = sampling_distribution(self._logprobs, spec.temperature, spec.top_k, spec.top_p)
        self.distribution = dist
        if self.raw_check.isChecked():
            rows = [(self._label(i), p, i) for i, p in dist.raw_rows(ROWS)]
            self.bars.set_distribution(rows)
        else:
            kept = [(self._label(i), p, i) for i, p, _ in dist.kept_rows(ROWS)]
            room = max(ROWS - len(kept), MIN_CUT_ROWS)
            cut = [(self._label(i), p, i) for i, p in dist.cut_rows(room)]
            cut_at = len(kept) if dist.cut_count() else -1
            self.bars.set_distribution(kept + cut, cut_at, self._cut_label(dist, len(kept)))
        self._explain(-1)

    # ---- words

    def _label(self, token_id: int) -> str:
        assert self._tokenizer is not None
        return visible(self._tokenizer.display_token(token_id))

    def _percent(self, fraction: float) -> str:
        return self.tr("{value} %").format(
            value=self.bars.locale().toString(fraction * 100.0, "f", 1)
        )

    def _cut_label(self, dist: SamplingDistribution, shown: int) -> str:
        count, mass = dist.cut_count(), self._percent(dist.cut_mass())
        if dist.cut_by == CUT_GREEDY:
            text = self.tr("Temperature 0 always takes the top token: {count} others never drawn")
        elif dist.cut_by == CUT_TOP_K:
            text = self.tr("Top-k {k} cuts here: {count} tokens ({mass}) never drawn")
        else:
            text = self.tr("Top-p {p} cuts here: {count} tokens ({mass}) never drawn")
        text = text.format(
            count=count,
            mass=mass,
            k=dist.top_k,
            p=self.bars.locale().toString(dist.top_p, "g", 3),
        )
        hidden = dist.kept - shown
        if hidden > 0:
            more = self.tr("{count} more kept tokens not shown").format(count=hidden)
            text = f"{more} · {text}"
        return text

    def _explain(self, token_id: int) -> None:
        """The panel, for the token pointed at (or else the first bar)."""
        if self.panel.isHidden() or self._model is None or self._tokenizer is None:
            return
        if token_id < 0:
            items = self.bars.items()
            if not items:
                self.panel.show_nothing()
                return
            token_id = items[0][2]
        explained = token_source(self._model, self._context, token_id)
        if explained is None:
            self.panel.show_nothing()
            return
        tokenizer = self._tokenizer
        self.panel.show_source(explained, self._label(token_id), tokenizer.decode)
