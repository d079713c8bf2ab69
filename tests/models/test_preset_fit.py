"""Presets fitted to the text and its vocabulary (`preset_specs`, called by the Model page's
"Preset" and `train --preset` alike). Before: the small LSTM on 诗经 (33,560 characters, 2,925
distinct) kept 512 units and evaluated first after 200 steps, six epochs in, already
memorising; the plain RNN took the word presets' SGD at 20 and blew up on Shakespeare in BPE.
A four-line poem of short lines (29 training characters) was shorter than one window of every
preset (64 characters and the one after): now the windows shrink to fit any text of two
tokens or more."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmstudio_app.core.models.recurrent.spec import FAMILIES, MIN_STEPS_PER_EPOCH
from lmstudio_app.core.specs import PRESETS, preset_specs

SHIJING_CHARS, SHIJING_VOCAB = 33_560, 2_925


def test_a_short_text_gets_a_narrower_network_more_dropout_and_early_evaluations() -> None:
    for preset in PRESETS:
        model, train = preset_specs(preset, "char", "lstm", SHIJING_CHARS, SHIJING_VOCAB)
        assert model.hidden_size <= 128 and model.embed_dim <= model.hidden_size
        assert model.dropout >= 0.5
        assert train.patience > 0  # stops once it only memorises; the best weights are kept
        steps_per_epoch = SHIJING_CHARS / (train.seq_len * train.batch_size)
        assert train.eval_every <= steps_per_epoch / 2


def test_a_long_text_keeps_the_measured_presets() -> None:
    for preset in PRESETS:
        plain = preset_specs(preset, "char", "lstm")
        assert preset_specs(preset, "char", "lstm", 10**7, 70) == plain


def test_the_plain_rnn_learns_more_gently_than_the_gated_networks_on_word_presets() -> None:
    for preset in PRESETS:
        gated = preset_specs(preset, "bpe", "lstm")[1]
        plain = preset_specs(preset, "bpe", "rnn")[1]
        assert plain.optimizer == gated.optimizer == "sgd"
        assert plain.lr <= gated.lr / 4 and plain.warmup_steps > 0


# --------------------------------------------------------------------------- tiny texts

# A four-line poem of very short lines: 29 characters of training text once a line is held
# out for validation and one for testing, where every preset's window is 64 characters and
# the one after. Training could not draw a single window.
POEM_TRAIN_CHARS, POEM_VOCAB = 29, 20


def _fits(train_tokens: int, spec) -> None:
    """The fitted windows fit the text, as the trainer cuts and draws them."""
    from lmstudio_app.core.data import ContiguousBatches, RandomWindows
    from lmstudio_app.core.training import check_corpus_length

    ids = np.arange(train_tokens) % 7
    check_corpus_length(spec, train_tokens)  # refuses a text shorter than one window
    contiguous = ContiguousBatches(ids, spec.batch_size, spec.seq_len)
    assert contiguous.batch_size == spec.batch_size  # every stream holds a whole window
    assert contiguous.steps_per_epoch >= min(MIN_STEPS_PER_EPOCH, train_tokens - 1)
    inputs, targets = contiguous.window(contiguous.steps_per_epoch - 1)
    assert inputs.shape == targets.shape and inputs.numel() > 0
    drawn, _ = RandomWindows(ids, spec.batch_size, spec.seq_len, 0).window(0, 0)
    assert drawn.shape == (spec.seq_len, spec.batch_size)


def test_a_poem_shorter_than_one_window_gets_windows_that_fit() -> None:
    for preset in PRESETS:
        for kind in ("char", "bpe"):
            for family in FAMILIES:
                plain = preset_specs(preset, kind, family)[1]
                _, train = preset_specs(preset, kind, family, POEM_TRAIN_CHARS, POEM_VOCAB)
                assert plain.seq_len + 1 > POEM_TRAIN_CHARS  # the preset's own did not fit
                assert train.seq_len + 1 <= POEM_TRAIN_CHARS
                _fits(POEM_TRAIN_CHARS, train)


def test_a_text_of_a_few_thousand_tokens_keeps_the_preset_windows() -> None:
    for preset in PRESETS:
        plain = preset_specs(preset, "char", "lstm")[1]
        train = preset_specs(preset, "char", "lstm", 5_000, 60)[1]
        assert (train.seq_len, train.batch_size) == (plain.seq_len, plain.batch_size)


@settings(max_examples=300, deadline=None)
@given(
    train_tokens=st.integers(min_value=2, max_value=2_000_000),
    vocab_size=st.one_of(st.none(), st.integers(min_value=2, max_value=50_000)),
    preset=st.sampled_from(PRESETS),
    kind=st.sampled_from(["char", "bpe", "word"]),
    family=st.sampled_from(FAMILIES),
)
def test_the_fitted_preset_always_fits_the_text(
    train_tokens: int, vocab_size: int | None, preset: str, kind: str, family: str
) -> None:
    _, train = preset_specs(preset, kind, family, train_tokens, vocab_size)
    _fits(train_tokens, train)


@pytest.mark.parametrize("train_tokens", [2, 3, 5, POEM_TRAIN_CHARS])
def test_the_trainer_trains_any_text_of_two_tokens_or_more(train_tokens: int) -> None:
    from lmstudio_app.core.data import TokenData
    from lmstudio_app.core.tokenization import TokenizerSpec, train_tokenizer
    from lmstudio_app.core.training import FinishedEvent, StepEvent, Trainer

    text = "Roses are red,\nViolets blue,\nSugar is sweet,\nAnd so are you.\n"
    tokenizer = train_tokenizer(TokenizerSpec(kind="char"), text)
    ids = np.asarray(tokenizer.encode_ids(text), dtype=np.int64)
    data = TokenData(ids[:train_tokens], ids[-16:-8], ids[-8:])
    model, train = preset_specs("tiny", "char", "gru", train_tokens, tokenizer.vocab_size)
    train = dataclasses.replace(
        train,
        max_steps=6,
        max_minutes=0,
        threads=1,
        device="cpu",
        sample_tokens=5,
        checkpoint_every=0,
    )
    events = list(Trainer(model, train, tokenizer, data).run())
    assert sum(isinstance(e, StepEvent) for e in events) == 6
    assert isinstance(events[-1], FinishedEvent) and events[-1].metrics["valid_loss"] > 0


@pytest.mark.parametrize("train_tokens", [0, 1])
def test_a_text_with_nothing_to_learn_from_is_refused_in_one_sentence(train_tokens: int) -> None:
    from lmstudio_app.core.errors import TrainingError
    from lmstudio_app.core.training import check_corpus_length

    _, train = preset_specs("small", "char", "lstm", max(train_tokens, 2), 20)
    with pytest.raises(TrainingError) as refused:
        check_corpus_length(train, train_tokens)
    message = str(refused.value)
    assert f"has only {train_tokens} token(s)" in message and "at least two" in message
    assert message.count(".") == 1  # one sentence
