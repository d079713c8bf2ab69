"""core.attention: what the Generate page's attention view and `generate --attention` read."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lmstudio_app.core.attention import (
    last_token_attention,
    records_attention,
    token_attention,
)
from lmstudio_app.core.models.gpt import GPT, GPTRunModel, GPTSpec
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

SPEC = GPTSpec(layers=2, heads=3, embed_dim=12, context=8, dropout=0.0)


@pytest.fixture(scope="module")
def model() -> GPTRunModel:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), "abcdefghij klmnopq\nrstuv")
    torch.manual_seed(0)
    module = GPT(tokenizer.vocab_size, SPEC)
    with torch.no_grad():  # larger weights: attention far from uniform
        for param in module.parameters():
            if param.dim() >= 2:
                param.mul_(20)
    return GPTRunModel(module.eval(), tokenizer)


def test_each_new_token_attends_to_its_window_with_weights_summing_to_one(model) -> None:
    context, ids = [3, 4], [5, 6, 7, 8, 9, 10, 11, 12, 13]  # past the context length too
    seen = list(token_attention(model, context, ids))
    assert len(seen) == len(ids)
    stream = [model.start_id, *context]
    for token_id, attention in zip(ids, seen, strict=True):
        stream.append(token_id)
        assert attention.window == tuple(stream[-SPEC.context :])
        assert attention.window[-1] == token_id  # the token itself, last
        assert attention.weights.shape == (SPEC.layers, SPEC.heads, len(attention.window))
        assert np.allclose(attention.weights.sum(-1), 1.0, atol=1e-6)
        for layer in range(SPEC.layers):
            assert attention.row(layer, None).sum() == pytest.approx(1.0)
            assert np.allclose(attention.row(layer, None), attention.weights[layer].mean(0))
    # the last token's attention read afresh is what reading on with the cache gave
    # (until the window slid: then both read the slid window whole)
    again = last_token_attention(model, [*context, *ids[:3]])
    assert again is not None and again.window == seen[2].window
    assert np.allclose(again.weights, seen[2].weights, atol=1e-5)
    # heads differ: each looks for something else
    assert not np.allclose(seen[-1].weights[0, 0], seen[-1].weights[0, 1])


def test_the_model_itself_keeps_its_fast_path(model) -> None:
    assert records_attention(model)
    list(token_attention(model, [1], [2, 3]))
    assert model.record_attention is False
    assert model.start([1, 2]).attention is None
    assert last_token_attention(model, []) is None


def test_json_form_keeps_the_sums(model) -> None:
    attention = next(token_attention(model, [1, 2], [3]))
    data = attention.to_dict(model.tokenizer.display_token)
    assert data["window_ids"] == list(attention.window)
    assert data["window"][-1] == model.tokenizer.display_token(3)
    weights = np.array(data["weights"])
    assert weights.shape == attention.weights.shape
    assert np.allclose(weights.sum(-1), 1.0, atol=1e-5)


def test_models_without_attention_say_so() -> None:
    class Counting:
        vocab_size = 3

    assert not records_attention(Counting())
    assert last_token_attention(Counting(), [1]) is None
    with pytest.raises(TypeError):
        next(token_attention(Counting(), [], [1]))
