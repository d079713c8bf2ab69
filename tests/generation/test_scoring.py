"""Scoring a text (core.scoring) gives `eval`'s figures, token by token, for every kind of
model; ranks are the model's own order of guesses; several models rank by bits a character."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.generation import next_token_distribution
from lmstudio_app.core.models.gpt.module import GPT
from lmstudio_app.core.models.gpt.run_model import GPTRunModel
from lmstudio_app.core.models.gpt.spec import GPTSpec
from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
from lmstudio_app.core.models.recurrent.module import RecurrentLM
from lmstudio_app.core.models.recurrent.run_model import RecurrentRunModel
from lmstudio_app.core.models.recurrent.spec import ModelSpec
from lmstudio_app.core.scoring import _stepped_scores, rank_runs, score_text
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

TRAIN = "the cat sat on the mat.\nthe dog sat on the log.\na cat and a dog met.\n" * 30
# unseen words and characters, an empty line and no newline at the end
TEXT = "the cat met the dog.\n\nthe zebra sat on a mat!\nthe log"


@pytest.fixture(scope="module")
def char_tokenizer():
    return train_tokenizer(TokenizerSpec(kind="char"), TRAIN)


@pytest.fixture(scope="module")
def word_tokenizer():
    return train_tokenizer(TokenizerSpec(kind="word"), TRAIN)


def assert_agrees_with_eval(model, tokenizer, text: str) -> None:
    score = score_text(model, tokenizer, text)
    result = model.evaluate_text(text)
    assert len(score.tokens) == result["tokens"]
    assert score.loss == pytest.approx(result["loss"], rel=1e-9, abs=1e-12)
    assert score.perplexity == pytest.approx(result["perplexity"], rel=1e-9)
    if "bits_per_char" in result:
        assert score.bits_per_char == pytest.approx(result["bits_per_char"], rel=1e-9)
    assert score.bits_per_char == pytest.approx(
        -sum(t.logprob for t in score.tokens) / math.log(2) / len(text)
    )
    for token in score.tokens:
        assert token.rank >= 1
        assert token.surprisal_bits == pytest.approx(-math.log2(token.probability))
        assert 0 <= token.start <= token.end <= len(text) + 1


@pytest.mark.parametrize("sentences", [False, True])
def test_an_ngram_scores_as_eval(char_tokenizer, word_tokenizer, sentences: bool) -> None:
    for tokenizer in (char_tokenizer, word_tokenizer):
        spec = NGramSpec(order=3, sentence_per_line=sentences)
        model = train_ngram(spec, tokenizer, TRAIN)
        assert_agrees_with_eval(model, tokenizer, TEXT)
        score = score_text(model, tokenizer, TEXT)
        # each token lies where it is in the text; a sentence's end on its newline
        for token in score.tokens:
            if token.token_id == tokenizer.eos_id or token.token == "</s>":
                continue
            if token.token_id != tokenizer.unk_id and tokenizer.kind == "char":
                assert TEXT[token.start : token.end] == token.token
        # the rank is the place of the token among the model's probabilities there
        first = score.tokens[1]
        top = next_token_distribution(model, [score.tokens[0].token_id], k=model.vocab_size)
        assert [i for i, _ in top].index(first.token_id) + 1 == first.rank


def test_a_recurrent_network_scores_as_eval(char_tokenizer, word_tokenizer) -> None:
    torch.manual_seed(0)
    for tokenizer in (char_tokenizer, word_tokenizer):
        module = RecurrentLM(tokenizer.vocab_size, ModelSpec(embed_dim=8, hidden_size=12))
        model = RecurrentRunModel(module.eval(), tokenizer)
        assert_agrees_with_eval(model, tokenizer, TEXT)
        # the ranks are those of the distributions read token by token
        score = score_text(model, tokenizer, TEXT)
        ids = np.array([t.token_id for t in score.tokens])
        ranks = np.zeros(ids.size, dtype=np.int64)
        stepped = _stepped_scores(model, ids, ranks, lambda *_: None, None)
        assert np.allclose(stepped, [t.logprob for t in score.tokens], atol=1e-5)
        assert list(ranks) == [t.rank for t in score.tokens]


def test_a_transformer_scores_as_eval_past_its_context(char_tokenizer) -> None:
    torch.manual_seed(0)
    spec = GPTSpec(layers=1, heads=2, embed_dim=16, context=12, dropout=0.0)
    model = GPTRunModel(GPT(char_tokenizer.vocab_size, spec).eval(), char_tokenizer)
    assert len(TEXT) > 3 * spec.context  # read in strided windows, as eval reads it
    assert_agrees_with_eval(model, char_tokenizer, TEXT)
    score = score_text(model, char_tokenizer, TEXT)
    # inside the first window the rank is that of the model's next-token distribution
    token = score.tokens[5]
    context = [t.token_id for t in score.tokens[:5]]
    top = next_token_distribution(model, context, k=model.vocab_size)
    assert [i for i, _ in top].index(token.token_id) + 1 == token.rank


def test_ranking_and_parts(char_tokenizer) -> None:
    cats = train_ngram(NGramSpec(order=3), char_tokenizer, "the cat sat. " * 50)
    dogs = train_ngram(NGramSpec(order=3), char_tokenizer, "a dog met a log. " * 50)
    ranking = rank_runs(
        [("dogs", dogs, char_tokenizer), ("cats", cats, char_tokenizer)], "the cat sat."
    )
    assert [s.name for s in ranking] == ["cats", "dogs"]
    assert ranking[0].bits_per_char < ranking[1].bits_per_char
    score = ranking[0]
    part = score.part(4, 8)  # "cat "
    assert part.text == "cat " and len(part.tokens) == 4
    assert part.total_bits == pytest.approx(sum(t.surprisal_bits for t in score.tokens[4:8]))
    with pytest.raises(StudioError):
        score_text(cats, char_tokenizer, "")
