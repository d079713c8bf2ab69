"""Find the neuron: the text's features, and a unit planted to track "inside quotes" found."""

from __future__ import annotations

import numpy as np
import torch

from lmstudio_app.core.inside import (
    best_matches,
    correlations,
    rank_units,
    text_features,
    trace_network,
)
from lmstudio_app.core.models.recurrent.module import RecurrentLM
from lmstudio_app.core.models.recurrent.spec import ModelSpec


def char_offsets(text: str) -> list[tuple[int, int]]:
    return [(i, i + 1) for i in range(len(text))]


def test_features_of_a_text() -> None:
    text = 'a "bc" (d)\nef'
    f = text_features(text, char_offsets(text))
    assert f["inside_quotes"].tolist() == [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert f["inside_brackets"].tolist() == [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert f["line_position"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2]
    assert f["word_start"].tolist() == [1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0]
    assert f["vowel_next"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert f["line_break_next"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    # tokens longer than a character: the value once the whole token is read
    words = text_features("say “hi” now", [(0, 3), (3, 4), (4, 5), (5, 7), (7, 8), (8, 12)])
    assert words["inside_quotes"].tolist() == [0, 0, 1, 1, 0, 0]


def test_correlation_is_pearson_and_zero_when_flat() -> None:
    rng = np.random.default_rng(1)
    values = rng.normal(size=(50, 3))
    feature = rng.normal(size=50)
    expected = [np.corrcoef(values[:, j], feature)[0, 1] for j in range(3)]
    np.testing.assert_allclose(correlations(values, feature), expected, atol=1e-12)
    values[:, 1] = 2.0
    assert correlations(values, feature)[1] == 0.0
    assert np.all(correlations(values, np.ones(50)) == 0.0)


def planted_gru(vocab: list[str], unit: int = 5) -> RecurrentLM:
    """A GRU whose `unit` flips at each quote and is reset at each line break: +1 inside a
    quote, -1 outside; the other units are random and do not see it."""
    torch.manual_seed(0)
    module = RecurrentLM(len(vocab), ModelSpec(family="gru", embed_dim=4, hidden_size=8, layers=1))
    quote, newline, n = vocab.index('"'), vocab.index("\n"), 8
    with torch.no_grad():
        emb = module.embedding.weight
        emb.zero_()
        emb[:, 2:] = torch.randn(len(vocab), 2) * 0.5
        emb[quote, 0] = 1.0
        emb[newline, 1] = 1.0
        w_ih, w_hh = module.rnn.weight_ih_l0, module.rnn.weight_hh_l0
        w_hh[:, unit] = 0.0  # the other units do not read it: they stay random
        b_ih, b_hh = module.rnn.bias_ih_l0, module.rnn.bias_hh_l0
        r, z, c = unit, n + unit, 2 * n + unit  # rows of the reset, update and candidate
        for row in (r, z, c):
            w_ih[row].zero_(), w_hh[row].zero_(), b_ih[row].zero_(), b_hh[row].zero_()
        b_ih[r] = 20.0  # reset gate open: the candidate sees the memory
        b_ih[z] = 20.0  # keep the memory ...
        w_ih[z, 0] = w_ih[z, 1] = -40.0  # ... except at a quote or a line break
        w_hh[c, unit] = -10.0  # the candidate is minus the memory: a flip
        w_ih[c, 1] = -20.0  # after a line break: outside (-1)
    return module.eval()


def test_a_planted_quote_unit_is_found() -> None:
    rng = np.random.default_rng(7)
    words = ["he", "said", "to", "her", "yes", "no", "well", "then", "go"]
    lines = []
    for _ in range(60):
        picked = rng.choice(words, size=8).tolist()
        a, b = sorted(rng.choice(9, size=2, replace=False).tolist())
        picked.insert(b, '"')
        picked.insert(a, '"')
        lines.append(" ".join(picked).replace('" ', '"', 1))
    text = "\n".join(lines) + "\n"
    vocab = sorted(set(text))
    module = planted_gru(vocab)
    ids = [vocab.index(ch) for ch in text]
    trace = trace_network(module, ids, warmup=[vocab.index("\n")])[0]
    features = text_features(text, char_offsets(text))
    ranking = rank_units(trace.tracks(), features, "inside_quotes")
    assert (ranking[0].track, ranking[0].unit) == ("hidden", 5)
    assert ranking[0].correlation > 0.95
    # the planted unit is the best of all features' matches, and stands far above the rest
    best = best_matches(trace.tracks(), features)
    assert (best[0].feature, best[0].track, best[0].unit) == ("inside_quotes", "hidden", 5)
    others = [m for m in ranking if m.track == "hidden" and m.unit != 5]
    assert max(m.strength for m in others) < 0.8
