"""What comes next, and why: the next-token distribution raw and as sampled, and for an
n-gram where each token's probability comes from.

The `next` command prints `next_token_report`; the Generate page draws the same pieces
(`sampling.sampling_distribution` from the last log-probabilities as the settings move, and
`token_source` for the token under the pointer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from lmstudio_app.core.generation import LanguageModel
from lmstudio_app.core.sampling import SamplingDistribution, sampling_distribution


def next_logprobs(model: LanguageModel, context_ids: Sequence[int]) -> np.ndarray:
    """The model's log-probabilities of every next token after `context_ids` (one call)."""
    return np.asarray(model.next_logprobs(model.start(list(context_ids))), dtype=np.float64)


def explains_sources(model: object) -> bool:
    """Whether the model can say where a probability comes from (the n-gram models)."""
    from lmstudio_app.core.models.ngram.model import NGramModel

    return isinstance(model, NGramModel)


def token_source(model: object, context_ids: Sequence[int], token_id: int) -> dict[str, Any] | None:
    """Where P(token | context) comes from (`ngram.explain.explain_token`), or None for a
    model that cannot say (a neural network spreads it over all its weights)."""
    if not explains_sources(model):
        return None
    from lmstudio_app.core.models.ngram.explain import explain_token

    return explain_token(model, context_ids, token_id)  # type: ignore[arg-type]


def next_token_report(
    model: LanguageModel,
    context_ids: Sequence[int],
    token_text: Callable[[int], str],
    temperature: float = 1.0,
    top_k: int = 0,
    top_p: float = 1.0,
    limit: int = 10,
    context_text: Callable[[list[int]], str] = lambda ids: " ".join(map(str, ids)),
) -> dict[str, Any]:
    """The `limit` most likely next tokens raw and as drawn, the cut, and for an n-gram the
    source of each kept token's probability (`sources`, best first)."""
    dist: SamplingDistribution = sampling_distribution(
        next_logprobs(model, context_ids), temperature, top_k, top_p
    )
    report = dist.to_dict(token_text, limit)
    if explains_sources(model):
        sources = []
        for token_id, _, _ in dist.kept_rows(limit):
            source = token_source(model, context_ids, token_id)
            assert source is not None
            source["token"] = token_text(token_id)
            source["matched"]["text"] = context_text(source["matched"]["context_ids"])
            sources.append(source)
        report["sources"] = sources
    return report
