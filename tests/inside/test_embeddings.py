"""The embedding map: PCA with fixed signs (the same map every time), cosine neighbours."""

from __future__ import annotations

import numpy as np

from lmstudio_app.core.inside import nearest_tokens, pca_map


def test_map_is_pca_with_fixed_signs() -> None:
    rng = np.random.default_rng(4)
    vectors = rng.normal(size=(30, 6)) * np.array([5, 2, 1, 0.5, 0.2, 0.1])
    labels = [f"t{i}" for i in range(30)]
    one, two = pca_map(vectors, labels), pca_map(vectors.copy(), labels)
    np.testing.assert_array_equal(one.coords, two.coords)
    # the axes are the two largest principal components (up to sign) ...
    centred = vectors - vectors.mean(axis=0)
    values, axes = np.linalg.eigh(np.cov(centred.T))
    top = axes[:, ::-1][:, :2]
    np.testing.assert_allclose(np.abs(one.coords), np.abs(centred @ top), atol=1e-9)
    assert one.explained[0] > one.explained[1] > 0
    np.testing.assert_allclose(sum(one.explained), values[::-1][:2].sum() / values.sum())
    # ... and the sign: the token furthest along each axis lies on its positive side
    for axis in range(2):
        assert one.coords[np.abs(one.coords[:, axis]).argmax(), axis] > 0
    # flipping every vector flips nothing on the map
    flipped = pca_map(-vectors, labels)
    np.testing.assert_allclose(flipped.coords, one.coords, atol=1e-9)


def test_nearest_tokens_by_cosine() -> None:
    vectors = np.array([[1.0, 0.0], [2.0, 0.1], [0.0, 1.0], [-1.0, 0.0], [0.9, 0.5]])
    labels = ["a", "b", "c", "d", "e"]
    near = nearest_tokens(vectors, labels, 0, count=3)
    assert [n.token for n in near] == ["b", "e", "c"]
    assert abs(near[0].similarity - 2.0 / np.hypot(2.0, 0.1)) < 1e-12
    assert [n.token for n in nearest_tokens(vectors, labels, 0, count=2, skip=frozenset({1}))] == [
        "e",
        "c",
    ]
