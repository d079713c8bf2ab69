"""Model fusion (`core.models.mix`): EM weights as SRILM's compute-best-mix finds them, a
mixture that is a distribution, n-gram parts read token for token as the stream is, and the
refusals of a mix whose part is gone or reads other tokens. Real models, counted here."""

from __future__ import annotations

import numpy as np
import pytest

from lmstudio_app.core.errors import StudioError
from lmstudio_app.core.models.mix import MixModel, fit_weights, mix_runs, mixture_logprobs
from lmstudio_app.core.models.ngram import NGramSpec, train_ngram
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer

TEXT = load_sample("shakespeare").head(60_000)


def test_em_recovers_the_weights_of_a_known_mixture() -> None:
    rng = np.random.default_rng(0)
    p1 = np.array([0.6, 0.2, 0.1, 0.05, 0.05])
    p2 = np.array([0.05, 0.05, 0.1, 0.3, 0.5])
    from_first = rng.random(40_000) < 0.3
    tokens = np.where(from_first, rng.choice(5, 40_000, p=p1), rng.choice(5, 40_000, p=p2))
    fit = fit_weights(np.log(np.vstack([p1[tokens], p2[tokens]])))
    assert sum(fit.weights) == pytest.approx(1.0, abs=1e-12)
    assert fit.weights == pytest.approx((0.3, 0.7), abs=0.02)


def test_em_never_lowers_the_validation_likelihood() -> None:
    rng = np.random.default_rng(1)
    # three parts, each good on a different third of the tokens
    logprobs = np.log(rng.uniform(0.001, 0.05, size=(3, 3000)))
    for part in range(3):
        logprobs[part, part * 1000 : (part + 1) * 1000] = np.log(0.4)
    fit = fit_weights(logprobs, start=np.array([0.98, 0.01, 0.01]))
    history = np.array(fit.history)
    assert len(history) > 3
    assert np.all(np.diff(history) >= -1e-12)
    assert sum(fit.weights) == pytest.approx(1.0, abs=1e-12)
    assert all(w > 0 for w in fit.weights)
    # the tuned mixture is at least as good as any part alone on the text it was tuned on
    assert -fit.loss >= logprobs.mean(axis=1).max()
    assert fit.history[-1] == pytest.approx(
        mixture_logprobs(logprobs, np.array(fit.weights)).mean()
    )


@pytest.fixture(scope="module")
def parts() -> tuple[MixModel, object]:
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), TEXT)
    stream = train_ngram(NGramSpec(order=4, smoothing="kneser-ney"), tokenizer, TEXT)
    lines = train_ngram(
        NGramSpec(order=3, smoothing="witten-bell", sentence_per_line=True), tokenizer, TEXT
    )
    return MixModel([stream, lines], [0.4, 0.6], tokenizer, ["stream", "lines"]), tokenizer


def test_the_mixture_is_a_distribution(parts: tuple[MixModel, object]) -> None:
    mix, tokenizer = parts
    state = mix.start([])
    for token in tokenizer.encode_ids("ROMEO:\nWhat light\nthrough"):
        probs = np.exp(mix.next_logprobs(state))
        assert probs.size == tokenizer.vocab_size
        assert probs.sum() == pytest.approx(1.0, abs=1e-9)
        shares = mix.shares(state, token)
        assert shares.sum() == pytest.approx(1.0, abs=1e-9)
        state = mix.advance(state, token)


def test_the_stream_scores_are_the_token_by_token_ones(parts: tuple[MixModel, object]) -> None:
    """An n-gram of sentences reads the stream's newlines as its sentence ends: the one-pass
    scores that `eval` and EM use are those generation gives, token by token."""
    mix, tokenizer = parts
    ids = tokenizer.encode_to_array("First Citizen:\nBefore we proceed\n\nany further")
    one_pass = mix.stream_part_logprobs(ids)
    state = mix.start([])
    for position, token in enumerate(ids):
        np.testing.assert_allclose(
            mix.part_logprobs(state)[:, int(token)], one_pass[:, position], atol=1e-6
        )
        state = mix.advance(state, int(token))


def _train(folder: object, *argv: str) -> None:
    from lmstudio_app.cli import main

    assert main(["train", "--sample", "names", "--out", str(folder), "--json", *argv]) == 0


def test_a_missing_part_or_another_tokenizer_is_refused_in_one_sentence(tmp_path) -> None:
    from lmstudio_app.core.models import load_run_model

    _train(tmp_path / "a", "--model", "ngram", "--order", "2", "--tokenizer", "char")
    _train(
        tmp_path / "b", "--model", "ngram", "--order", "3", "--tokenizer-from", str(tmp_path / "a")
    )
    _train(
        tmp_path / "other", "--model", "ngram", "--order", "3", "--tokenizer", "char", "--lowercase"
    )
    with pytest.raises(StudioError) as refused:
        mix_runs([tmp_path / "a", tmp_path / "other"])
    message = str(refused.value)
    assert refused.value.code == "mix_tokenizer_differs"
    assert "other" in message and "\n" not in message and message.count(". ") == 0
    mix_runs([tmp_path / "a", tmp_path / "b"], tmp_path / "mix")
    load_run_model(tmp_path / "mix")  # loads while its parts are there
    (tmp_path / "b").rename(tmp_path / "moved")
    with pytest.raises(StudioError) as refused:
        load_run_model(tmp_path / "mix")
    message = str(refused.value)
    assert refused.value.code == "mix_part_missing"
    assert "b" in message and "\n" not in message and message.count(". ") == 0
