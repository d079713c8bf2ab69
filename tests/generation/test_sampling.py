"""The distribution the bars show is the one the sampler draws from.

`sampling.sampling_distribution` is checked against a plain-Python reading of the rules
(temperature, then the first k of the ranking, then the shortest prefix reaching p, ties
settled by id), with many ties at the cut; `generate` is checked to report exactly those
probabilities for what it draws; and drawing many times from one state is checked against
them with a chi-square test (seeded, with a generous critical value: it cannot flake).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmstudio_app.core.generation import GenerationSpec, filtered_distribution, generate
from lmstudio_app.core.models.ngram import NGramModel, NGramSpec, SpecialIds
from lmstudio_app.core.sampling import (
    CUT_GREEDY,
    CUT_NONE,
    CUT_TOP_K,
    CUT_TOP_P,
    sampling_distribution,
)

# Few distinct values, so that ties (also at the cut) are the rule rather than the exception.
tied_scores = st.lists(
    st.sampled_from([0.0, -0.5, -1.0, -1.0, -2.0, -7.0]), min_size=1, max_size=12
)


def reference(
    logprobs: list[float], temperature: float, top_k: int, top_p: float
) -> tuple[list[float], str]:
    """The rules in plain Python: the expected probabilities and what made the cut."""
    ranking = sorted(range(len(logprobs)), key=lambda i: (-logprobs[i], i))
    if temperature <= 0:
        probs = [0.0] * len(logprobs)
        probs[ranking[0]] = 1.0
        return probs, CUT_GREEDY if len(logprobs) > 1 else CUT_NONE
    top = max(logprobs)
    weights = {i: math.exp((logprobs[i] - top) / temperature) for i in ranking}
    kept, cut = list(ranking), CUT_NONE
    if 0 < top_k < len(ranking):
        kept, cut = kept[:top_k], CUT_TOP_K
    if top_p < 1.0:
        total = math.fsum(weights[i] for i in kept)
        running, prefix = 0.0, []
        for i in kept:
            prefix.append(i)
            running += weights[i] / total
            if running >= top_p:
                break
        if len(prefix) < len(kept):
            kept, cut = prefix, CUT_TOP_P
    total = math.fsum(weights[i] for i in kept)
    probs = [weights[i] / total if i in kept else 0.0 for i in range(len(logprobs))]
    return probs, cut


def as_logprobs(values: list[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    return array - np.logaddexp.reduce(array)


@settings(max_examples=400, deadline=None)
@given(
    tied_scores,
    st.one_of(st.just(0.0), st.floats(0.05, 4.0)),
    st.integers(0, 14),
    st.one_of(st.just(1.0), st.floats(0.01, 1.0)),
)
def test_the_bars_show_what_the_rules_say_ties_included(
    values: list[float], temperature: float, top_k: int, top_p: float
) -> None:
    logprobs = as_logprobs(values)
    dist = sampling_distribution(logprobs, temperature, top_k, top_p)
    expected, cut_by = reference(logprobs.tolist(), temperature, top_k, top_p)
    if dist.kept != sum(p > 0 for p in expected):  # pragma: no cover (rare)
        # the two running sums may round differently exactly at a top-p boundary: only there
        head = np.sort(dist.probs if dist.kept > len(expected) else expected)[::-1]
        assert top_p < 1.0 and np.min(np.abs(np.cumsum(head) - top_p)) < 1e-9
    else:
        assert dist.cut_by == cut_by
        np.testing.assert_allclose(dist.probs, expected, rtol=1e-9, atol=1e-12)
    # what the bars list is that distribution: kept rows with their drawn probability, then
    # the cut rows with the model's own probability, the two together the whole ranking
    kept = dist.kept_rows()
    assert [p for _, p, _ in kept] == [float(dist.probs[i]) for i, _, _ in kept]
    assert math.isclose(sum(p for _, p, _ in kept), 1.0, rel_tol=1e-9)
    cut = dist.cut_rows()
    assert all(dist.probs[i] == 0 and p == pytest.approx(math.exp(logprobs[i])) for i, p in cut)
    assert len(kept) + len(cut) == len(values)
    # the sampler draws from the very same numbers
    np.testing.assert_array_equal(
        filtered_distribution(logprobs, temperature, top_k, top_p), dist.probs
    )


def test_ties_at_the_cut_go_to_the_lower_id() -> None:
    logprobs = as_logprobs([-1.0, 0.0, -1.0, -1.0, -3.0])
    dist = sampling_distribution(logprobs, 1.0, top_k=2)
    assert dist.kept_ids().tolist() == [1, 0] and dist.cut_by == CUT_TOP_K
    assert [i for i, _ in dist.cut_rows()] == [2, 3, 4]
    greedy = sampling_distribution(as_logprobs([-1.0, 0.0, 0.0]), 0.0)
    assert greedy.kept_ids().tolist() == [1] and greedy.probs.tolist() == [0.0, 1.0, 0.0]
    assert greedy.cut_by == CUT_GREEDY and greedy.cut_count() == 2


def unigram_model() -> NGramModel:
    """A real order-1 n-gram: its next-token distribution is the same in every state."""
    special = SpecialIds(bos=1, eos=2, unk=0, pad=3)
    text = [[4] * 30 + [5] * 20 + [6] * 20 + [7] * 12 + [8] * 8 + [9] * 5 + [10] * 3]
    spec = NGramSpec(order=1, smoothing="mle", sentence_per_line=False)
    return NGramModel.from_sequences(text, spec, 11, special)


@pytest.mark.parametrize(
    ("temperature", "top_k", "top_p"),
    [(1.0, 0, 1.0), (0.6, 4, 1.0), (1.7, 0, 0.8), (1.2, 5, 0.9), (0.0, 0, 1.0)],
)
def test_drawing_many_times_matches_the_bars(temperature: float, top_k: int, top_p: float) -> None:
    model = unigram_model()
    state = model.start([])
    dist = sampling_distribution(model.next_logprobs(state), temperature, top_k, top_p)
    draws = 20_000
    spec = GenerationSpec(
        max_tokens=draws, temperature=temperature, top_k=top_k, top_p=top_p, seed=7, stop="none"
    )
    counts = np.zeros(model.vocab_size)
    for token in generate(model, [], spec):
        counts[token.token_id] += 1
        # each token comes with the very probability the bars show for it
        assert token.sampled_probability == dist.probs[token.token_id]
    assert counts.sum() == draws
    kept = dist.probs > 0
    assert counts[~kept].sum() == 0  # a cut token is never drawn
    expected = dist.probs[kept] * draws
    statistic = float(((counts[kept] - expected) ** 2 / expected).sum())
    freedom = int(kept.sum()) - 1
    # far above the 99.9th percentile of chi-square (about df + 3.1 sqrt(2 df) + 5)
    assert statistic <= freedom + 6 * math.sqrt(2 * max(freedom, 1)) + 10
    # and a distribution that is not the sampled one (the raw one, when it differs) fails
    if dist.cut_by != CUT_NONE or temperature != 1.0:
        raw = dist.raw / dist.raw.sum()
        wrong = raw[raw > 0] * draws
        off = float(((counts[raw > 0] - wrong) ** 2 / wrong).sum())
        assert off > freedom + 6 * math.sqrt(2 * max(freedom, 1)) + 10
