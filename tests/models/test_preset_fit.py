"""Presets fitted to the text and its vocabulary (`preset_specs`, called by the Model page's
"Preset" and `train --preset` alike). Before: the small LSTM on 诗经 (33,560 characters, 2,925
distinct) kept 512 units and evaluated first after 200 steps, six epochs in, already
memorising; the plain RNN took the word presets' SGD at 20 and blew up on Shakespeare in BPE."""

from __future__ import annotations

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
