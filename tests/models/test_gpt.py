"""The transformer (GPT) family: its network, cached generation and evaluation."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from lmstudio_app.core.config import validate_spec
from lmstudio_app.core.errors import ConfigError
from lmstudio_app.core.generation import GenerationSpec, generate
from lmstudio_app.core.models import MODEL_KINDS
from lmstudio_app.core.models.gpt import (
    FAMILY,
    GPT,
    GPTRunModel,
    GPTSpec,
    gpt_parameters,
    scoring_windows,
)
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

SPEC = GPTSpec(layers=2, heads=2, embed_dim=16, context=12, dropout=0.0)
VOCAB = 23


def network(spec: GPTSpec = SPEC, seed: int = 0, vocab: int = VOCAB) -> GPT:
    torch.manual_seed(seed)
    module = GPT(vocab, spec)
    # Larger weights than the initial 0.02 make every position matter to the scores, so a
    # wrong mask or a wrong cache shows.
    with torch.no_grad():
        for param in module.parameters():
            if param.dim() >= 2:
                param.mul_(20)
    return module.eval()


@pytest.fixture(scope="module")
def tokenizer():
    return train_tokenizer(TokenizerSpec(kind="char"), "abcdefghij klmnopq\nrstuv")


def test_the_registry_names_the_family() -> None:
    kind = MODEL_KINDS["gpt"]
    assert kind.neural and kind.spec_class is GPTSpec
    assert kind.family() is FAMILY
    model, train = kind.preset_specs("tiny", "char")
    assert isinstance(model, GPTSpec) and train.seq_len == model.context


def test_shapes_and_gpt2_parameter_names() -> None:
    module = network()
    ids = torch.randint(VOCAB, (3, 7))
    out = module(ids)
    assert out.logits.shape == (3, 7, VOCAB)
    assert len(out.cache) == 2 and out.cache[0][0].shape == (3, 2, 7, 8)
    logits, state = FAMILY.forward(module, ids.t(), None)  # the Trainer's time-first view
    assert logits.shape == (7, 3, VOCAB) and state is None
    assert torch.allclose(logits.transpose(0, 1), out.logits, atol=1e-5)
    names = {name for name, _ in module.named_parameters()}
    assert {
        "wte.weight",
        "wpe.weight",
        "h.1.ln_1.weight",
        "h.1.attn.c_attn.weight",
        "h.1.attn.c_proj.bias",
        "h.1.ln_2.bias",
        "h.1.mlp.c_fc.weight",
        "h.1.mlp.c_proj.weight",
        "ln_f.weight",
    } <= names
    assert not any("lm_head" in name for name in names)  # tied: the output is wte


@pytest.mark.parametrize("bias", [True, False])
def test_the_parameter_formula_counts_the_network(bias: bool) -> None:
    spec = dataclasses.replace(SPEC, bias=bias, layers=3, embed_dim=24, heads=3)
    assert gpt_parameters(VOCAB, spec) == GPT(VOCAB, spec).num_parameters
    assert FAMILY.parameters(VOCAB, spec) == GPT(VOCAB, spec).num_parameters


def test_gpt2_initialisation() -> None:
    torch.manual_seed(0)
    spec = GPTSpec(layers=8, heads=4, embed_dim=128, context=64)
    module = GPT(200, spec)
    assert module.wte.weight.std().item() == pytest.approx(0.02, rel=0.05)
    assert module.h[0].mlp.c_fc.weight.std().item() == pytest.approx(0.02, rel=0.05)
    scaled = 0.02 / (2 * 8) ** 0.5  # residual projections: 1 / sqrt(2 * layers)
    assert module.h[3].attn.c_proj.weight.std().item() == pytest.approx(scaled, rel=0.05)
    assert module.h[3].mlp.c_proj.weight.std().item() == pytest.approx(scaled, rel=0.05)
    assert torch.count_nonzero(module.h[0].attn.c_attn.bias) == 0


@pytest.mark.parametrize("need_weights", [False, True])
def test_a_token_does_not_see_later_tokens(need_weights: bool) -> None:
    module = network()
    ids = torch.randint(VOCAB, (2, 10))
    changed = ids.clone()
    changed[:, 6:] = (changed[:, 6:] + 5) % VOCAB
    with torch.no_grad():
        before = module(ids, need_weights=need_weights).logits
        after = module(changed, need_weights=need_weights).logits
    assert torch.allclose(before[:, :6], after[:, :6], atol=1e-5)
    assert not torch.allclose(before[:, 6:], after[:, 6:], atol=1e-3)  # later ones do change


def test_explicit_attention_equals_the_fused_one_and_sums_to_one() -> None:
    module = network()
    ids = torch.randint(VOCAB, (2, 9))
    with torch.no_grad():
        fused = module(ids)
        explicit = module(ids, need_weights=True)
    assert torch.allclose(fused.logits, explicit.logits, atol=1e-4)
    assert explicit.attention is not None and len(explicit.attention) == SPEC.layers
    for weights in explicit.attention:
        assert weights.shape == (2, SPEC.heads, 9, 9)
        assert torch.allclose(weights.sum(-1), torch.ones(2, SPEC.heads, 9), atol=1e-5)
        assert torch.all(weights.triu(1) == 0)  # nothing on later positions


def test_reading_on_from_a_cache_equals_reading_at_once() -> None:
    module = network()
    ids = torch.randint(VOCAB, (2, 11))
    with torch.no_grad():
        whole = module(ids).logits
        first = module(ids[:, :4])
        second = module(ids[:, 4:9], first.cache)  # several new positions after a past
        third = module(ids[:, 9:10], second.cache)  # one
    assert torch.allclose(second.logits, whole[:, 4:9], atol=1e-4)
    assert torch.allclose(third.logits, whole[:, 9:10], atol=1e-4)
    with pytest.raises(ValueError, match="context length"):
        module(ids[:, :3], module(ids).cache)  # 14 positions > 12


def test_cached_generation_gives_the_distributions_of_reading_the_window(tokenizer) -> None:
    """Past the context length too: the window slides, and what the cache gives is what
    reading the last `context` tokens afresh gives."""
    lm = GPTRunModel(network(vocab=tokenizer.vocab_size), tokenizer)
    prompt = [3, 4, 5]
    state = lm.start(prompt)
    read = [lm.start_id, *prompt]
    rng = np.random.default_rng(0)
    for _ in range(3 * SPEC.context):
        expected = lm.window_logprobs(read[-SPEC.context :])
        assert np.allclose(state.logprobs, expected, atol=1e-4)
        assert state.window == tuple(read[-SPEC.context :])
        token = int(rng.integers(tokenizer.vocab_size))
        state = lm.advance(state, token)
        read.append(token)
    assert len(state.window) == SPEC.context
    # a state is not changed by advancing it: two branches from one state
    branch = lm.start(prompt)
    a, b = lm.advance(branch, 1), lm.advance(branch, 2)
    assert np.allclose(lm.advance(branch, 1).logprobs, a.logprobs)
    assert not np.allclose(a.logprobs, b.logprobs)


def test_the_attention_of_the_new_token_is_recorded_on_request(tokenizer) -> None:
    lm = GPTRunModel(network(vocab=tokenizer.vocab_size), tokenizer)
    assert lm.start([1, 2]).attention is None  # off unless the view asks
    lm.record_attention = True
    state = lm.start([1, 2, 3])
    for token in [4, 5, *range(15)]:  # past the context, too
        assert state.attention is not None
        assert state.attention.shape == (SPEC.layers, SPEC.heads, len(state.window))
        assert np.allclose(state.attention.sum(-1), 1.0, atol=1e-5)
        state = lm.advance(state, token)
    plain = GPTRunModel(lm.module, tokenizer)
    assert np.allclose(plain.start([1, 2, 3]).logprobs, lm.start([1, 2, 3]).logprobs, atol=1e-4)


def test_generation_is_the_same_with_the_same_seed(tokenizer) -> None:
    lm = GPTRunModel(network(vocab=tokenizer.vocab_size), tokenizer)
    spec = GenerationSpec(max_tokens=30, seed=4, stop="none")
    first = [t.token_id for t in generate(lm, [1], spec)]
    assert first == [t.token_id for t in generate(lm, [1], spec)]
    assert len(first) == 30


@pytest.mark.parametrize(
    ("tokens", "context"), [(1, 12), (12, 12), (13, 12), (100, 12), (57, 8), (40, 2)]
)
def test_scoring_windows_score_every_token_once_with_enough_context(
    tokens: int, context: int
) -> None:
    stride, windows = scoring_windows(tokens, context)
    scored = []
    for start, end, first in windows:
        assert end - start <= context
        targets = list(range(first, end + 1))
        scored += targets
        if start > 0:  # past the first window each token sees context - stride or more
            assert min(t - start for t in targets) >= context - stride
    assert scored == list(range(1, tokens + 1))


def test_evaluation_scores_each_token_from_its_window(tokenizer) -> None:
    lm = GPTRunModel(network(vocab=tokenizer.vocab_size), tokenizer)
    ids = np.random.default_rng(1).integers(tokenizer.vocab_size, size=40)
    got = lm.sequence_logprobs(ids)
    stream = [lm.start_id, *ids.tolist()]
    _, windows = scoring_windows(ids.size, SPEC.context)
    for start, end, first in windows:
        for target in range(first, end + 1):
            expected = lm.window_logprobs(stream[start:target])[stream[target]]
            assert got[target - 1] == pytest.approx(expected, abs=1e-4)
    result = lm.evaluate_ids(ids, chars=40)
    assert result["loss"] == pytest.approx(-got.mean())
    assert result["scoring"] == {
        "method": "strided_windows",
        "window": 12,
        "stride": 3,
        "least_context": 9,
    }


def test_settings_that_do_not_fit_are_refused() -> None:
    with pytest.raises(ConfigError) as bad:
        validate_spec(GPTSpec(heads=3, embed_dim=16))
    assert "Embedding size" in bad.value.message and "(3)" in bad.value.message
    with pytest.raises(ConfigError):
        validate_spec(GPTSpec(context=1))
