"""A map of the token embeddings: each token's vector, flattened to two dimensions by PCA.

Deterministic on purpose (a class compares the map of two runs, a test draws it twice): the
projection is the SVD of the centred matrix, and each axis's sign is fixed so that the token
furthest along it lies on its positive side (the convention of scikit-learn's svd_flip).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class EmbeddingMap:
    """`coords`: (tokens, 2) positions; `explained`: the share of the spread each axis keeps."""

    coords: np.ndarray
    explained: tuple[float, float]
    labels: tuple[str, ...]

    def to_dict(self, ids: list[int] | None = None) -> dict[str, Any]:
        ids = list(range(len(self.labels))) if ids is None else ids
        return {
            "explained": [round(share, 6) for share in self.explained],
            "tokens": [
                {
                    "id": i,
                    "token": self.labels[i],
                    "x": round(float(self.coords[i, 0]), 6),
                    "y": round(float(self.coords[i, 1]), 6),
                }
                for i in ids
            ],
        }


def embedding_matrix(model: Any) -> np.ndarray | None:
    """The token embeddings of a run model (vocabulary, dimensions), or None for a model
    without any (an n-gram counts, it does not embed)."""
    module = getattr(model, "module", None)
    layer = getattr(module, "embedding", None)
    if layer is None:
        layer = getattr(module, "wte", None)  # a GPT's token embeddings
    if layer is None:
        return None
    return layer.weight.detach().cpu().double().numpy()


def pca_map(vectors: np.ndarray, labels: list[str] | tuple[str, ...]) -> EmbeddingMap:
    """The two principal axes of `vectors` (rows), signs fixed, as a map labelled `labels`."""
    vectors = np.asarray(vectors, dtype=np.float64)
    centred = vectors - vectors.mean(axis=0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    u, s = u[:, :2], s[:2]
    if u.shape[1] < 2:  # a one-dimensional embedding: the second axis is flat
        u = np.pad(u, ((0, 0), (0, 2 - u.shape[1])))
        s = np.pad(s, (0, 2 - s.size))
    signs = np.sign(u[np.abs(u).argmax(axis=0), np.arange(2)])
    signs[signs == 0] = 1.0
    coords = u * s * signs
    total = float((centred**2).sum())
    explained = tuple(float(v**2 / total) if total > 0 else 0.0 for v in s)
    return EmbeddingMap(coords, (explained[0], explained[1]), tuple(labels))


@dataclass(frozen=True)
class Neighbour:
    token_id: int
    token: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.token_id, "token": self.token, "cosine": round(self.similarity, 6)}


def nearest_tokens(
    vectors: np.ndarray,
    labels: list[str] | tuple[str, ...],
    token_id: int,
    count: int = 8,
    skip: frozenset[int] = frozenset(),
) -> list[Neighbour]:
    """The `count` tokens whose embeddings point most nearly the way `token_id`'s does
    (cosine similarity, in the full space, not on the map), itself and `skip` left out."""
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    unit = vectors / norms[:, None]
    similarity = unit @ unit[token_id]
    order = np.lexsort((np.arange(similarity.size), -similarity))
    out = []
    for index in order.tolist():
        if index == token_id or index in skip:
            continue
        out.append(Neighbour(index, labels[index], float(similarity[index])))
        if len(out) == count:
            break
    return out
