"""Inside a trained model: the hidden states and gates of a recurrent network over a text,
the units that follow simple features of the text, and the map of the token embeddings.
Shared by the window's Inside step and `lmstudio-app inspect`."""

from lmstudio_app.core.inside.cells import GATES, CellTrace, trace_layer, trace_network
from lmstudio_app.core.inside.embeddings import (
    EmbeddingMap,
    embedding_matrix,
    nearest_tokens,
    pca_map,
)
from lmstudio_app.core.inside.neurons import (
    FEATURES,
    NeuronMatch,
    best_matches,
    correlations,
    rank_units,
    text_features,
)
from lmstudio_app.core.inside.report import (
    MAX_TOKENS,
    TextInside,
    embedding_map,
    inside_dict,
    is_recurrent,
    read_text,
    token_labels,
)
from lmstudio_app.core.inside.steps import GateStep, UnitStep, unit_step

__all__ = [
    "FEATURES",
    "GATES",
    "MAX_TOKENS",
    "CellTrace",
    "EmbeddingMap",
    "GateStep",
    "NeuronMatch",
    "TextInside",
    "UnitStep",
    "best_matches",
    "correlations",
    "embedding_map",
    "embedding_matrix",
    "inside_dict",
    "is_recurrent",
    "nearest_tokens",
    "pca_map",
    "rank_units",
    "read_text",
    "text_features",
    "token_labels",
    "trace_layer",
    "trace_network",
    "unit_step",
]
