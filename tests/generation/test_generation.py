"""Generation, once for every model: the filtered distribution a token is drawn from
(temperature, top-k, top-p), streaming with a seed and stopping, and surprisal."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lmstudio_app.core.generation import (
    GenerationSpec,
    filtered_distribution,
    generate,
    next_token_distribution,
    surprisal_bits,
    token_logprobs,
)
from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

TEXT = "the cat sat on the mat. the dog sat on the log. " * 20

logits = arrays(
    np.float64, st.integers(2, 40),
    elements=st.floats(-30, 0, allow_nan=False, allow_infinity=False),
)


def as_logprobs(values: np.ndarray) -> np.ndarray:
    """Any scores as natural-log probabilities that sum to 1."""
    return values - np.logaddexp.reduce(values)


@settings(max_examples=200, deadline=None)
@given(logits, st.floats(0.05, 3.0), st.integers(0, 45), st.floats(0.01, 1.0))
def test_the_filtered_distribution_sums_to_1_and_keeps_what_it_promises(
    values: np.ndarray, temperature: float, top_k: int, top_p: float
) -> None:
    logprobs = as_logprobs(values)
    probs = filtered_distribution(logprobs, temperature, top_k, top_p)
    assert probs.shape == logprobs.shape
    assert np.all(probs >= 0)
    assert math.isclose(probs.sum(), 1.0, rel_tol=1e-9)
    kept = probs > 0
    if top_k:
        assert kept.sum() <= top_k
    # the most likely token is always kept, and nothing kept is less likely than a token cut
    best = int(np.argmax(logprobs))
    assert kept[best]
    if (~kept).any():
        assert logprobs[kept].min() >= logprobs[~kept].max() - 1e-12
    # filtering never reorders: among kept tokens, more likely stays more likely
    order = np.argsort(-logprobs[kept], kind="stable")
    assert np.all(np.diff(probs[kept][order]) <= 1e-12)


@settings(max_examples=100, deadline=None)
@given(logits, st.floats(0.01, 0.99))
def test_top_p_keeps_the_smallest_set_that_reaches_p(values: np.ndarray, top_p: float) -> None:
    logprobs = as_logprobs(values)
    probs = np.exp(logprobs)
    kept = filtered_distribution(logprobs, 1.0, 0, top_p) > 0
    order = np.argsort(-probs, kind="stable")
    mass = np.cumsum(probs[order])
    count = int(kept.sum())
    assert mass[count - 1] >= top_p - 1e-9  # enough mass
    if count > 1:
        assert mass[count - 2] < top_p + 1e-9  # and not one token more than needed


def test_temperature_0_puts_everything_on_one_winner() -> None:
    logprobs = np.log(np.array([0.2, 0.5, 0.3]))
    assert filtered_distribution(logprobs, 0.0).tolist() == [0.0, 1.0, 0.0]


def test_temperature_sharpens_and_flattens() -> None:
    logprobs = np.log(np.array([0.6, 0.3, 0.1]))
    cold = filtered_distribution(logprobs, 0.5)
    hot = filtered_distribution(logprobs, 2.0)
    assert cold[0] > 0.6 > hot[0]
    assert np.allclose(filtered_distribution(logprobs, 1.0), [0.6, 0.3, 0.1])


@pytest.fixture(scope="module")
def bigram():  # type: ignore[no-untyped-def]
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), TEXT)
    return train_ngram(NGramSpec(order=2), tokenizer, TEXT), tokenizer


def test_a_seed_gives_the_same_text_and_another_seed_another(bigram) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = bigram
    prompt = tokenizer.encode("the ").ids
    spec = GenerationSpec(max_tokens=40, temperature=1.0, seed=7, stop="none")

    def text(seed: int) -> list[int]:
        return [t.token_id for t in generate(model, prompt, GenerationSpec(**{
            **spec.__dict__, "seed": seed}))]

    assert text(7) == text(7)
    assert len(text(7)) == 40
    assert text(7) != text(8)


def test_each_token_reports_its_probability_under_the_model_and_as_drawn(bigram) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = bigram
    prompt = tokenizer.encode("the ").ids
    spec = GenerationSpec(max_tokens=30, temperature=0.7, top_k=3, seed=1, stop="none")
    context = list(prompt)
    for token in generate(model, prompt, spec):
        logprobs = token_logprobs(model, [token.token_id], context)
        assert math.isclose(token.probability, math.exp(logprobs[0]), rel_tol=1e-9)
        state = model.start(context)
        drawn = filtered_distribution(model.next_logprobs(state), 0.7, 3)
        assert math.isclose(token.sampled_probability, drawn[token.token_id], rel_tol=1e-9)
        assert token.sampled_probability > 0  # never a token the filter cut
        context.append(token.token_id)


def test_generation_stops_at_a_new_line_when_asked() -> None:
    text = "ab\n" * 50  # after "b" always comes a new line
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text)
    model = train_ngram(NGramSpec(order=2), tokenizer, text)
    newline = frozenset(tokenizer.encode("\n").ids)
    spec = GenerationSpec(max_tokens=100, temperature=0.0, stop="line")
    tokens = list(generate(model, tokenizer.encode("a").ids, spec, newline_ids=newline))
    assert [tokenizer.decode([t.token_id]) for t in tokens] == ["b", "\n"]
    unstopped = GenerationSpec(max_tokens=100, temperature=0.0, stop="none")
    assert len(list(generate(model, tokenizer.encode("a").ids, unstopped))) == 100


def test_cancel_stops_the_stream(bigram) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = bigram
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 5

    tokens = list(generate(model, tokenizer.encode("the").ids,
                           GenerationSpec(max_tokens=100, stop="none"), cancel=cancel))
    assert len(tokens) == 5


def test_surprisal_is_minus_log2_of_the_probability(bigram) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = bigram
    ids = tokenizer.encode("the cat sat").ids
    bits = surprisal_bits(model, ids[1:], ids[:1])
    nats = token_logprobs(model, ids[1:], ids[:1])
    assert np.allclose(bits, -nats / math.log(2))
    assert np.all(bits >= 0)


def test_next_token_distribution_lists_the_most_likely_in_order(bigram) -> None:  # type: ignore[no-untyped-def]
    model, tokenizer = bigram
    context = tokenizer.encode("the ").ids
    top = next_token_distribution(model, context, k=5)
    assert len(top) == 5
    probs = [p for _, p in top]
    assert probs == sorted(probs, reverse=True)
    full = np.exp(model.next_logprobs(model.start(context)))
    assert math.isclose(probs[0], full.max(), rel_tol=1e-9)
