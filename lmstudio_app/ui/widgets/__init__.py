"""Reusable view pieces: token view, spec form, loss plot, probability bars, surprisal text.

The names are loaded lazily so that importing one light widget (the token view, say) does not
pull in pyqtgraph, which only the plots need.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "TokenView": "token_view",
    "TokenPlayground": "token_view",
    "ComparisonTable": "token_view",
    "SpecForm": "spec_form",
    "LossPlot": "loss_plot",
    "ProbabilityBars": "prob_bars",
    "SurprisalText": "surprisal_text",
    "SurprisalLegend": "surprisal_text",
    "ZipfPlot": "zipf_plot",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
