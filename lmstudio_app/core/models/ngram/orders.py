"""What counting made, order by order, and what the model writes: the figures the Train page
shows of an n-gram run, which has no loss curve to watch.

`perplexity_by_order` scores a text with the model's own back-off tables cut after each order:
order k predicts from the k-1 tokens before, backing off as the whole model does, and its
lower orders are the ones the whole model backs off to (for Kneser-Ney, continuation counts,
a little worse alone than a model trained at that order). One scoring pass per order, over a
layout made once: cheap beside counting.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from lmstudio_app.core.models.ngram.scoring import backoff_scores, text_figures

if TYPE_CHECKING:
    from lmstudio_app.core.models.ngram.layout import Layout
    from lmstudio_app.core.models.ngram.model import NGramModel

# The temperature of the recurrent trainer's samples: the same kind of text for both.
SAMPLE_TEMPERATURE = 0.8
SAMPLE_TOKENS = 200


def perplexity_by_order(model: NGramModel, layout: Layout) -> list[float]:
    """The perplexity of `layout`'s text under the model limited to orders 1, 2, ... n."""
    tables = model.tables
    found = []
    for order in range(1, tables.order + 1):
        cut = dataclasses.replace(
            tables, order=order, keys=tables.keys[:order], logp=tables.logp[:order],
            bow=tables.bow[:order],
        )
        scores = backoff_scores(cut, layout)
        found.append(float(text_figures(scores, layout, model.special.unk)["perplexity"]))
    return found


def sample_text(model: NGramModel, tokens: int = SAMPLE_TOKENS, seed: int = 0) -> str:
    """A short text the model writes, as the recurrent trainer shows at each evaluation."""
    from lmstudio_app.core.generation import GenerationSpec, generate

    if model.tokenizer is None or tokens <= 0:
        return ""
    spec = GenerationSpec(
        max_tokens=tokens, temperature=SAMPLE_TEMPERATURE, seed=seed, stop="none"
    )
    return model.tokenizer.decode([token.token_id for token in generate(model, [], spec)])
