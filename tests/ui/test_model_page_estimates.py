"""The Model page shows core's own figures: the parameter count, the training memory that the
trainer refuses a model with, and the time per epoch (until this computer is measured:
test_model_page_time.py), all from `core.specs` (one source of truth). The page used to
compute its own memory at 16 bytes a parameter, about half of what the trainer's up-front check
counts, so it could show "about 3 GB" and then be refused."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QComboBox, QLabel
from pytestqt.qtbot import QtBot

from lmstudio_app.core.corpus import split_corpus
from lmstudio_app.core.errors import TrainingError
from lmstudio_app.core.progress import format_duration
from lmstudio_app.core.samples import load_sample
from lmstudio_app.core.specs import (
    PRESETS,
    ModelSpec,
    TrainSpec,
    check_training_memory,
    epoch_seconds_estimate,
    preset_specs,
    recurrent_parameters,
    training_memory_bytes,
)
from lmstudio_app.core.tokenization import (
    StudioTokenizer,
    TokenizerSpec,
    TokenizerStats,
    train_tokenizer,
)
from lmstudio_app.ui.pages.model_page import ModelPage, format_bytes, format_count
from lmstudio_app.ui.session import Session
from tests.ui.drive import choose, find

Built = dict[str, tuple[StudioTokenizer, TokenizerStats]]
UNITS = {"GB": 1e9, "MB": 1e6, "kB": 1e3}


@pytest.fixture(scope="module")
def tokenizers() -> Built:
    """A character and a word tokenizer of the names sample, with their statistics."""
    splits = dict(split_corpus(load_sample("names"), method="lines").items())
    built: Built = {}
    for kind in ("char", "word"):
        tokenizer = train_tokenizer(TokenizerSpec(kind=kind), splits["train"])
        built[kind] = (tokenizer, tokenizer.statistics(splits))
    return built


def _page(qtbot: QtBot, tokenizers: Built, kind: str) -> ModelPage:
    session = Session()
    page = ModelPage(session)
    qtbot.addWidget(page)
    session.set_tokenizer(*tokenizers[kind])
    return page


def _label(page: ModelPage, name: str) -> str:
    return str(find(page, QLabel, name).text())


def _shown_bytes(text: str) -> float:
    """The memory the label shows ("about 3.1 GB"), back in bytes."""
    match = re.search(r"([\d.]+) (GB|MB|kB)", text)
    assert match, text
    return float(match.group(1)) * UNITS[match.group(2)]


def _assert_shows_core(page: ModelPage, vocab: int, train_tokens: int) -> None:
    """The three labels (and the numbers kept beside them) are core's for the page's specs."""
    model, train = page.model_spec(), page.train_spec()
    assert train is not None
    parameters = recurrent_parameters(vocab, model)
    memory = training_memory_bytes(vocab, model, train)
    seconds = epoch_seconds_estimate(vocab, model, train_tokens)
    assert _label(page, "Parameters") == format_count(parameters)
    assert _label(page, "Memory while training") == f"about {format_bytes(memory)}"
    # not measured (the engine has not loaded): the formula, said to be a rough guess
    assert _label(page, "Time per epoch") == (
        f"roughly {format_duration(seconds)} (a rough guess until measured)"
    )
    assert page.estimates["parameters"] == parameters
    assert page.estimates["memory"] == memory
    assert page.estimates["epoch_seconds"] == seconds
    assert "step_seconds" not in page.estimates


@pytest.mark.parametrize("family", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("kind", ["char", "word"])
def test_presets_show_cores_parameters_memory_and_time(
    qtbot: QtBot, tokenizers: Built, kind: str, family: str
) -> None:
    page = _page(qtbot, tokenizers, kind)
    tokenizer, stats = tokenizers[kind]
    choose(find(page, QComboBox, "Model family"), family)
    for preset in PRESETS:
        choose(find(page, QComboBox, "Preset"), preset)
        # the page holds core's preset, fitted to the text and its vocabulary as the command
        # line's is, so the figures below are those of a known network
        fitted = preset_specs(
            preset, kind, family, stats.tokens_per_split["train"], tokenizer.vocab_size
        )
        assert page.model_spec() == fitted[0]
        assert page.train_spec() == fitted[1]
        _assert_shows_core(page, tokenizer.vocab_size, stats.tokens_per_split["train"])


@pytest.mark.parametrize("family", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_a_model_the_trainer_refuses_is_shown_needing_more_than_that(
    qtbot: QtBot, tokenizers: Built, family: str, optimizer: str
) -> None:
    """A large hidden size: the page shows core's estimate, and for memory a little under that
    estimate, which the trainer's check refuses, the page shows more than is available."""
    page = _page(qtbot, tokenizers, "char")
    tokenizer, stats = tokenizers["char"]
    model = ModelSpec(family=family, embed_dim=256, hidden_size=4096, layers=2)
    train = TrainSpec(optimizer=optimizer, lr=1.0 if optimizer == "sgd" else 3e-3)
    page.set_specs(family, model, train, None)
    assert page.model_spec() == model and page.train_spec() == train
    _assert_shows_core(page, tokenizer.vocab_size, stats.tokens_per_split["train"])

    needed = training_memory_bytes(tokenizer.vocab_size, model, train)
    available = int(needed * 0.8)
    with pytest.raises(TrainingError):
        check_training_memory(tokenizer.vocab_size, model, train, available)
    assert _shown_bytes(_label(page, "Memory while training")) > available
    # and with enough memory the same estimate passes: the page's figure is the bar
    assert check_training_memory(tokenizer.vocab_size, model, train, needed) == needed
