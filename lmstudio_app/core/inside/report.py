"""Inside a trained model, for one text: the one function the window and `inspect` call.

For a recurrent network: the states and gates of a layer over the text and the units that
follow the text's features; for any neural model: the map of its token embeddings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from lmstudio_app.core.inside.cells import CellTrace, trace_network
from lmstudio_app.core.inside.embeddings import EmbeddingMap, embedding_matrix, pca_map
from lmstudio_app.core.inside.neurons import NeuronMatch, best_matches, text_features
from lmstudio_app.core.inside.steps import unit_step

# More tokens than this make a heatmap no one can read, and the step-by-step pass slow.
MAX_TOKENS = 2000


def is_recurrent(model: Any) -> bool:
    """Whether the model has a hidden state to show (an RNN, LSTM or GRU)."""
    return hasattr(getattr(model, "module", None), "rnn")


def token_labels(tokenizer: Any) -> list[str]:
    """Every token as a person reads it, by id."""
    return [tokenizer.display_token(i) for i in range(tokenizer.vocab_size)]


def embedding_map(model: Any, tokenizer: Any) -> EmbeddingMap | None:
    """The PCA map of the model's token embeddings, or None for a model without any."""
    vectors = embedding_matrix(model)
    if vectors is None:
        return None
    return pca_map(vectors, token_labels(tokenizer)[: vectors.shape[0]])


@dataclass
class TextInside:
    """A recurrent model's layers reading one text, and the units that follow its features."""

    text: str
    ids: list[int]
    offsets: list[tuple[int, int]]
    tokens: list[str]
    traces: list[CellTrace]
    features: dict[str, np.ndarray]
    truncated: bool

    def matches(self, layer: int = -1) -> list[NeuronMatch]:
        return best_matches(self.traces[layer].tracks(), self.features)


def read_text(model: Any, tokenizer: Any, text: str, max_tokens: int = MAX_TOKENS) -> TextInside:
    """Run a recurrent model over `text` (the first `max_tokens` tokens), from the state
    generation starts in (after its start token), keeping every step."""
    if not is_recurrent(model):
        raise TypeError(f"{type(model).__name__} has no recurrent state to show")
    encoded = tokenizer.encode(text)
    truncated = len(encoded.ids) > max_tokens
    ids = list(encoded.ids[:max_tokens])
    offsets = [(int(a), int(b)) for a, b in encoded.offsets[:max_tokens]]
    tokens = [
        text[a:b] if b > a else tokenizer.display_token(i)
        for i, (a, b) in zip(ids, offsets, strict=True)
    ]
    traces = trace_network(model.module, ids, warmup=[model.start_id])
    features = text_features(text, offsets)
    return TextInside(text, ids, offsets, tokens, traces, features, truncated)


def inside_dict(
    model: Any, tokenizer: Any, text: str, layer: int = -1, max_tokens: int = MAX_TOKENS
) -> dict[str, Any]:
    """The JSON of `inspect`: per token the hidden state and gates (and each unit's step in
    numbers), the units that best follow each feature, and the embedding map."""
    out: dict[str, Any] = {}
    if is_recurrent(model):
        inside = read_text(model, tokenizer, text, max_tokens)
        trace = inside.traces[layer]
        out["family"] = trace.family
        out["layer"] = trace.layer
        out["layers"] = len(inside.traces)
        out["truncated"] = inside.truncated
        out["units_by_variation"] = trace.order.tolist()
        out["tokens"] = [
            {
                "id": token_id,
                "token": token,
                "offsets": list(offset),
                **{
                    name: np.round(values[step], 6).tolist()
                    for name, values in trace.tracks().items()
                },
                "steps": [unit_step(trace, step, int(u)).to_dict() for u in trace.order[:4]],
            }
            for step, (token_id, token, offset) in enumerate(
                zip(inside.ids, inside.tokens, inside.offsets, strict=True)
            )
        ]
        out["features"] = {
            name: np.round(values, 6).tolist() for name, values in inside.features.items()
        }
        out["neurons"] = [match.to_dict() for match in inside.matches(layer)]
    else:
        out["tokens"] = [
            {"id": i, "token": tokenizer.display_token(i)} for i in tokenizer.encode(text).ids
        ]
    embeddings = embedding_map(model, tokenizer)
    out["embedding_map"] = embeddings.to_dict() if embeddings is not None else None
    return out
